using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace LambdaAlias
{
    /// <summary>One (function, alias) named by a piped object or by parameters, with the account it lives in.</summary>
    public sealed class RollbackRequest
    {
        public string FunctionName { get; set; }
        public string AliasName { get; set; }
        public string AliasArn { get; set; }
        public string Region { get; set; }
        public string AccountId { get; set; }
        public string ProfileName { get; set; }
        public string EndpointUrl { get; set; }
        /// <summary>The Status of the MigrationResult this came from, if it came from one.</summary>
        public MigrationStatus? SourceStatus { get; set; }
        /// <summary>What the request came from, for warnings, e.g. "MigrationResult for GET /orders".</summary>
        public string Source { get; set; }

        public static RollbackRequest FromMigrationResult(MigrationResult result) => new RollbackRequest
        {
            FunctionName = result.FunctionName, AliasName = result.AliasName, AliasArn = result.AliasArn, Region = result.Region,
            AccountId = result.AccountId, ProfileName = result.ProfileName, EndpointUrl = result.EndpointUrl, SourceStatus = result.Status,
            Source = "migration result for " + (result.Pin?.Location ?? result.FunctionName + ":" + result.AliasName),
        };

        public static RollbackRequest FromPin(LambdaIntegrationPin pin) => new RollbackRequest
        {
            FunctionName = pin.FunctionName, AliasName = pin.AliasName ?? pin.Qualifier, Region = pin.Region, AccountId = pin.AccountId,
            ProfileName = pin.ProfileName, EndpointUrl = pin.EndpointUrl, Source = "pin at " + pin.Location,
        };

        public override string ToString() => $"{FunctionName}:{AliasName}";
    }

    public sealed class RollbackBatch
    {
        internal RollbackBatch(IReadOnlyList<RollbackRequest> requests, IReadOnlyList<string> warnings) { Requests = requests; Warnings = warnings; }
        /// <summary>Each distinct (account, region, function, alias) once, in first-seen order.</summary>
        public IReadOnlyList<RollbackRequest> Requests { get; }
        public IReadOnlyList<string> Warnings { get; }
    }

    public static class RollbackRequests
    {
        /// <summary>
        /// One rollback per distinct (account, region, function, alias): N routes behind one alias must roll it back once,
        /// not N versions. Results of a migration that did not happen (WhatIf, Declined, Failed) are skipped with a warning,
        /// so "Set-IntegrationToAlias -WhatIf | Invoke-AliasRollback" never acts. Missing account or region fall back to the
        /// credentials' defaults for the comparison.
        /// </summary>
        public static RollbackBatch Dedupe(IEnumerable<RollbackRequest> requests, string defaultAccountId = null, string defaultRegion = null)
        {
            var unique = new List<RollbackRequest>();
            var warnings = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var r in requests ?? Enumerable.Empty<RollbackRequest>())
            {
                if (r == null) continue;
                if (r.SourceStatus == MigrationStatus.WhatIf || r.SourceStatus == MigrationStatus.Declined || r.SourceStatus == MigrationStatus.Failed)
                {
                    warnings.Add($"Skipped {r}: the {r.Source ?? "migration result"} has Status {r.SourceStatus}, so that migration did not happen and there is nothing to roll back.");
                    continue;
                }
                var key = string.Join("|", r.AccountId ?? defaultAccountId ?? string.Empty, (r.Region ?? defaultRegion ?? string.Empty).ToLowerInvariant(), r.FunctionName, r.AliasName);
                if (seen.Add(key)) unique.Add(r);
            }
            return new RollbackBatch(unique, warnings);
        }
    }

    /// <summary>Someone who invokes the alias and so must stay covered by its policy: principal and SourceArn.</summary>
    public sealed class AliasCaller
    {
        public string Principal { get; set; }
        public string SourceArn { get; set; }
        public string SourceAccount { get; set; }
        public string Description { get; set; }
    }

    /// <summary>What Invoke-AliasRollback knows about one alias before deciding.</summary>
    public sealed class RollbackInput
    {
        public string FunctionName { get; set; }
        public string AliasName { get; set; }
        public string AliasArn { get; set; }
        /// <summary>The alias as read (null when it does not exist): FunctionVersion, weights, RevisionId.</summary>
        public AliasState Alias { get; set; }
        /// <summary>Published version numbers of the function ("$LATEST" may be included; it is never a target).</summary>
        public IReadOnlyList<string> PublishedVersions { get; set; } = Array.Empty<string>();
        /// <summary>-ToVersion, or null.</summary>
        public string ToVersion { get; set; }
        public bool AllowConfigRegression { get; set; }
        /// <summary>The alias's resource policy and who calls through it, to warn when the policy no longer covers a caller.</summary>
        public IReadOnlyList<PolicyStatement> AliasPolicy { get; set; }
        public IReadOnlyList<AliasCaller> Callers { get; set; }
        public string Region { get; set; }
        public string AccountId { get; set; }
        public string ProfileName { get; set; }
        public string EndpointUrl { get; set; }
    }

    /// <summary>Where the alias goes: weights cleared, a move to a version, nothing, or an error.</summary>
    public sealed class RollbackTarget
    {
        public bool IsError => Error != null;
        public MigrationError Error { get; internal set; }
        /// <summary>The alias already is where it would go; nothing to do.</summary>
        public bool IsNoOp { get; internal set; }
        public bool ClearsWeights { get; internal set; }
        /// <summary>The alias's primary version now.</summary>
        public string FromVersion { get; internal set; }
        /// <summary>The primary version afterwards (equal to FromVersion when only weights are cleared).</summary>
        public string ToVersion { get; internal set; }
        public Dictionary<string, double> RemovedWeights { get; internal set; } = new Dictionary<string, double>();
        /// <summary>Compare this version's configuration (current traffic) with <see cref="CompareTargetVersion"/> for drift.</summary>
        public string CompareCurrentVersion { get; internal set; }
        public string CompareTargetVersion { get; internal set; }
        internal readonly List<string> Warnings = new List<string>();
    }

    public sealed class RollbackDecision
    {
        internal RollbackDecision() { }

        public RollbackTarget Target { get; internal set; }
        /// <summary>True when UpdateAlias should be called (after ShouldProcess).</summary>
        public bool ShouldUpdate { get; internal set; }
        public MigrationError Error { get; internal set; }
        /// <summary>UpdateAlias parameters: FunctionVersion, an empty RoutingConfig when clearing, and the RevisionId read before.</summary>
        public string FunctionVersion { get; internal set; }
        public bool ClearRouting { get; internal set; }
        public string ExpectedRevisionId { get; internal set; }
        public string ShouldProcessTarget { get; internal set; }
        public string ShouldProcessAction { get; internal set; }
        public IReadOnlyList<string> Warnings { get; internal set; } = Array.Empty<string>();
        /// <summary>The status to report when the update succeeds: WeightsCleared or RolledBack.</summary>
        public RollbackStatus AppliedStatus { get; internal set; }

        internal RollbackInput Input { get; set; }

        /// <summary>The result object for the given outcome (AppliedStatus, WhatIf, Declined, Skipped or Failed).</summary>
        public AliasRollbackResult ToResult(RollbackStatus status, IEnumerable<string> extraWarnings = null) => new AliasRollbackResult
        {
            FunctionName = Input.FunctionName, AliasName = Input.AliasName,
            AliasArn = Input.AliasArn ?? Input.Alias?.AliasArn,
            FromVersion = Target?.FromVersion ?? Input.Alias?.FunctionVersion, ToVersion = Target?.ToVersion,
            RemovedWeights = status == RollbackStatus.RolledBack || status == RollbackStatus.WeightsCleared ? new Dictionary<string, double>(Target?.RemovedWeights ?? new Dictionary<string, double>()) : new Dictionary<string, double>(),
            Status = status, Warnings = Warnings.Concat(extraWarnings ?? Enumerable.Empty<string>()).Distinct().ToArray(),
            Region = Input.Region, AccountId = Input.AccountId, ProfileName = Input.ProfileName, EndpointUrl = Input.EndpointUrl,
        };
    }

    /// <summary>
    /// Decides an alias rollback. Pure. With canary weights in flight, the default is to clear them (all traffic to the
    /// primary version); otherwise the target is -ToVersion or the highest published version below the current one.
    /// </summary>
    public static class RollbackPlanner
    {
        /// <summary>Properties whose change on rollback can bring back the hazard that started it all.</summary>
        private static readonly string[] RegressionProperties = { "VpcConfig", "Role", "Runtime" };

        public static RollbackTarget ChooseTarget(RollbackInput input)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            var target = new RollbackTarget();
            var label = input.FunctionName + ":" + input.AliasName;
            var alias = input.Alias;
            if (alias == null)
            {
                target.Error = new MigrationError(ErrorIds.AliasNotFound, ErrorCategory.ObjectNotFound, $"Alias {label} does not exist.", label);
                return target;
            }
            var current = alias.FunctionVersion;
            target.FromVersion = current;
            var weights = alias.HasRouting ? new Dictionary<string, double>(alias.AdditionalVersionWeights) : new Dictionary<string, double>();
            var published = (input.PublishedVersions ?? Array.Empty<string>()).Where(AliasNames.IsVersionNumber).ToList();

            if (!string.IsNullOrEmpty(input.ToVersion))
            {
                if (!AliasNames.IsVersionNumber(input.ToVersion))
                {
                    target.Error = new MigrationError(ErrorIds.InvalidRollbackTarget, ErrorCategory.InvalidArgument,
                        $"-ToVersion '{input.ToVersion}' is not a published version number; an alias is rolled back to a published version, never to $LATEST.", label);
                    return target;
                }
                if (!published.Contains(input.ToVersion))
                {
                    target.Error = new MigrationError(ErrorIds.VersionNotFound, ErrorCategory.ObjectNotFound,
                        $"Version {input.ToVersion} of {input.FunctionName} does not exist (published: {(published.Count == 0 ? "none" : string.Join(", ", published.OrderBy(Number)))}).", label);
                    return target;
                }
                target.ToVersion = input.ToVersion;
                target.RemovedWeights = weights;
                target.ClearsWeights = weights.Count > 0;
                if (input.ToVersion == current && weights.Count == 0) { target.IsNoOp = true; return target; }
                target.CompareCurrentVersion = current;
                target.CompareTargetVersion = input.ToVersion;
                if (weights.Count > 0) AddCodeDeployWarning(target, input, weights);
                return target;
            }

            if (weights.Count > 0)
            {
                target.ClearsWeights = true;
                target.ToVersion = current;
                target.RemovedWeights = weights;
                target.CompareCurrentVersion = weights.OrderByDescending(w => w.Value).First().Key;
                target.CompareTargetVersion = current;
                AddCodeDeployWarning(target, input, weights);
                return target;
            }

            string earlier;
            if (AliasNames.IsVersionNumber(current))
                earlier = published.Where(v => Number(v) < Number(current)).OrderByDescending(Number).FirstOrDefault();
            else
            {
                earlier = published.OrderByDescending(Number).FirstOrDefault();
                if (earlier != null) target.Warnings.Add($"{label} points at {current}; the rollback moves it to the highest published version, {earlier}.");
            }
            if (earlier == null)
            {
                target.Error = new MigrationError(ErrorIds.NoEarlierVersion, ErrorCategory.ObjectNotFound,
                    $"{label} serves version {current} and there is no published version below it to roll back to. Use -ToVersion to choose one.", label);
                return target;
            }
            target.ToVersion = earlier;
            target.CompareCurrentVersion = current;
            target.CompareTargetVersion = earlier;
            return target;
        }

        /// <summary>
        /// The decision. <paramref name="differences"/> compare the target version (PinnedValue) with the version serving now
        /// (OtherValue), computed by the caller for <see cref="RollbackTarget.CompareTargetVersion"/> and
        /// <see cref="RollbackTarget.CompareCurrentVersion"/>.
        /// </summary>
        public static RollbackDecision Decide(RollbackInput input, RollbackTarget target, IReadOnlyList<ConfigDifference> differences)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            if (target == null) throw new ArgumentNullException(nameof(target));
            var label = input.FunctionName + ":" + input.AliasName;
            var warnings = new List<string>(target.Warnings);
            var decision = new RollbackDecision { Input = input, Target = target, ExpectedRevisionId = input.Alias?.RevisionId };
            decision.ShouldProcessTarget = $"alias {input.AliasName} of Lambda function {input.FunctionName}" + (string.IsNullOrEmpty(input.Region) ? string.Empty : $" ({input.Region}{(string.IsNullOrEmpty(input.AccountId) ? string.Empty : ", account " + input.AccountId)})");
            if (target.IsError)
            {
                decision.Error = target.Error;
                decision.Warnings = warnings;
                return decision;
            }
            if (target.IsNoOp)
            {
                warnings.Add($"{label} already serves version {target.ToVersion} with no canary weights; nothing to do.");
                decision.Warnings = warnings;
                return decision;
            }

            var diffs = (differences ?? Array.Empty<ConfigDifference>()).Where(d => d != null).ToList();
            foreach (var d in diffs)
                warnings.Add($"Drift: version {target.CompareTargetVersion} differs from version {target.CompareCurrentVersion} in {d.Property}: {Show(d.PinnedValue)} instead of {Show(d.OtherValue)}.");
            var regressions = diffs.Where(IsRegression).ToList();
            var isMove = target.ToVersion != target.FromVersion;
            if (regressions.Count > 0 && isMove)
            {
                var what = string.Join("; ", regressions.Select(DescribeRegression));
                if (!input.AllowConfigRegression)
                {
                    decision.Error = new MigrationError(ErrorIds.ConfigRegression, ErrorCategory.InvalidOperation,
                        $"Rolling {label} back from version {target.FromVersion} to {target.ToVersion} would bring back: {what}. Nothing was changed. Use -AllowConfigRegression to roll back anyway.", label);
                    decision.Warnings = warnings;
                    return decision;
                }
                warnings.Add($"-AllowConfigRegression: version {target.ToVersion} brings back: {what}.");
            }

            foreach (var caller in input.Callers ?? Array.Empty<AliasCaller>())
            {
                var covered = (input.AliasPolicy ?? Array.Empty<PolicyStatement>()).Any(s => !s.HasInexpressibleParts && PermissionRules.Allows(s, caller.Principal, caller.SourceArn, caller.SourceAccount));
                if (!covered) warnings.Add($"The policy of {label} does not allow {caller.Principal} from {caller.SourceArn ?? "its source"}{(caller.Description == null ? string.Empty : " (" + caller.Description + ")")}: that caller fails whichever version the alias serves.");
            }

            decision.ShouldUpdate = true;
            decision.FunctionVersion = target.ToVersion;
            decision.ClearRouting = target.ClearsWeights;
            decision.AppliedStatus = isMove ? RollbackStatus.RolledBack : RollbackStatus.WeightsCleared;
            var removed = string.Join(", ", target.RemovedWeights.Select(w => $"version {w.Key}: {Percent(w.Value)}"));
            decision.ShouldProcessAction = isMove
                ? $"Move alias {input.AliasName} of {input.FunctionName} from version {target.FromVersion} to version {target.ToVersion}" + (target.ClearsWeights ? $", removing canary weights ({removed})" : string.Empty)
                : $"Clear the canary weights of alias {input.AliasName} ({removed}) so all traffic goes to version {target.FromVersion}";
            decision.Warnings = warnings;
            return decision;
        }

        /// <summary>ChooseTarget, then Decide with the differences the caller computes for the chosen pair of versions.</summary>
        public static RollbackDecision Plan(RollbackInput input, Func<string, string, IReadOnlyList<ConfigDifference>> compareTargetWithCurrent = null)
        {
            var target = ChooseTarget(input);
            IReadOnlyList<ConfigDifference> diffs = null;
            if (!target.IsError && !target.IsNoOp && compareTargetWithCurrent != null && target.CompareTargetVersion != target.CompareCurrentVersion)
                diffs = compareTargetWithCurrent(target.CompareTargetVersion, target.CompareCurrentVersion);
            return Decide(input, target, diffs);
        }

        /// <summary>UpdateAlias failed: a RevisionId mismatch means another operator moved the alias, and nothing was changed.</summary>
        public static MigrationError ClassifyUpdateFailure(RollbackDecision decision, Exception exception)
        {
            var label = decision.Input.FunctionName + ":" + decision.Input.AliasName;
            if (exception is AwsServiceException aws && aws.IsPreconditionFailed)
                return new MigrationError(ErrorIds.AliasChangedConcurrently, ErrorCategory.ResourceUnavailable,
                    $"{label} was changed by someone else after it was read (RevisionId {decision.ExpectedRevisionId} no longer matches). Nothing was changed; read the alias again and decide.", label, exception);
            var category = exception is AwsServiceException a
                ? (a.IsAccessDenied ? ErrorCategory.PermissionDenied : a.IsNotFound ? ErrorCategory.ObjectNotFound : a.IsThrottling ? ErrorCategory.LimitsExceeded : ErrorCategory.InvalidOperation)
                : ErrorCategory.NotSpecified;
            return new MigrationError(ErrorIds.StepFailed, category, $"UpdateAlias of {label} failed: {exception.Message}", label, exception);
        }

        /// <summary>
        /// CodeDeploy shifts a Lambda alias by setting AdditionalVersionWeights on it: the new version gets a whole-percent
        /// share (canary: one step, e.g. 10%; linear: equal steps, e.g. 10% every minute) until it takes all traffic. A manual
        /// change is overwritten at its next step, so the operator must stop the deployment first.
        /// </summary>
        private static void AddCodeDeployWarning(RollbackTarget target, RollbackInput input, Dictionary<string, double> weights)
        {
            if (!LooksLikeCodeDeployShift(input.Alias)) return;
            var w = weights.Single();
            target.Warnings.Add(
                $"The weights on {input.FunctionName}:{input.AliasName} (version {w.Key} at {Percent(w.Value)}) look like a CodeDeploy traffic shift. CodeDeploy will fight a manual change and shift traffic again at its next step. Stop its deployment first: " +
                $"'aws deploy list-deployments --application-name <app> --deployment-group-name <group> --include-only-statuses InProgress', then 'aws deploy stop-deployment --deployment-id <id> --auto-rollback-enabled' (which itself routes the alias back to version {input.Alias.FunctionVersion}).");
        }

        public static bool LooksLikeCodeDeployShift(AliasState alias)
        {
            if (alias == null || !alias.HasRouting || alias.AdditionalVersionWeights.Count != 1) return false;
            var w = alias.AdditionalVersionWeights.Single();
            if (!AliasNames.IsVersionNumber(w.Key) || !AliasNames.IsVersionNumber(alias.FunctionVersion) || Number(w.Key) <= Number(alias.FunctionVersion)) return false;
            var percent = w.Value * 100;
            return w.Value > 0 && w.Value < 1 && Math.Abs(percent - Math.Round(percent)) < 1e-6;
        }

        private static bool IsRegression(ConfigDifference d)
        {
            if (!RegressionProperties.Contains(d.Property, StringComparer.OrdinalIgnoreCase)) return false;
            if (string.Equals(d.Property, "VpcConfig", StringComparison.OrdinalIgnoreCase)) return IsAbsent(d.PinnedValue) && !IsAbsent(d.OtherValue);
            return true;
        }

        private static string DescribeRegression(ConfigDifference d) =>
            string.Equals(d.Property, "VpcConfig", StringComparison.OrdinalIgnoreCase)
                ? $"no VPC configuration (now {d.OtherValue})"
                : $"{d.Property} {Show(d.PinnedValue)} (now {Show(d.OtherValue)})";

        private static bool IsAbsent(string value) =>
            string.IsNullOrWhiteSpace(value) || string.Equals(value, "(none)", StringComparison.OrdinalIgnoreCase) || string.Equals(value, "none", StringComparison.OrdinalIgnoreCase);

        private static string Show(string value) => IsAbsent(value) ? "(none)" : value;

        private static string Percent(double weight) => (weight * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

        private static ulong Number(string version) => ulong.Parse(version, NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
