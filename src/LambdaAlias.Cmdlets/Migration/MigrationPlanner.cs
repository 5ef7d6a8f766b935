using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace LambdaAlias
{
    /// <summary>
    /// Turns pins and a fresh observation of the account into an ordered plan. Pure: no I/O, no clock, no randomness.
    /// The order is always: PublishVersion, alias, permission (for every pin, before anything else changes), then per API
    /// its switches, one deployment and the stages that follow it, the waits and the verifications, then mappings, and
    /// last the optional permission cleanup.
    /// </summary>
    public static class MigrationPlanner
    {
        public static MigrationPlan Plan(IReadOnlyList<LambdaIntegrationPin> pins, MigrationObservation observation, MigrationOptions options)
        {
            if (pins == null) throw new ArgumentNullException(nameof(pins));
            return new PlanBuilder(pins, observation ?? new MigrationObservation(), options ?? new MigrationOptions()).Build();
        }
    }

    internal sealed class PlanBuilder
    {
        private readonly IReadOnlyList<LambdaIntegrationPin> input;
        private readonly MigrationObservation obs;
        private readonly MigrationOptions options;
        private readonly List<PinWork> work = new List<PinWork>();
        private readonly List<PlannedStep> steps = new List<PlannedStep>();
        private readonly Dictionary<string, PlannedStep> stepsByKey = new Dictionary<string, PlannedStep>(StringComparer.Ordinal);
        private readonly List<string> planWarnings = new List<string>();
        private readonly Dictionary<string, AliasClaim> claims = new Dictionary<string, AliasClaim>(StringComparer.Ordinal);
        private readonly List<AliasClaim> claimOrder = new List<AliasClaim>();
        private Dictionary<string, SourceObservation> sourcesByKey;

        internal PlanBuilder(IReadOnlyList<LambdaIntegrationPin> pins, MigrationObservation observation, MigrationOptions options)
        {
            input = pins; obs = observation; this.options = options;
        }

        private string Partition => string.IsNullOrEmpty(obs.Partition) ? "aws" : obs.Partition;

        internal MigrationPlan Build()
        {
            for (var i = 0; i < input.Count; i++)
            {
                var pin = input[i];
                work.Add(new PinWork
                {
                    Pin = pin,
                    Plan = new PinPlan
                    {
                        Index = i, Pin = pin, Status = PinPlanStatus.Ready, FunctionName = pin?.FunctionName,
                        AliasName = options.AliasName,
                    },
                });
            }

            if (!ValidateOptions()) return Finish();

            sourcesByKey = new Dictionary<string, SourceObservation>(StringComparer.Ordinal);
            foreach (var source in obs.Sources ?? new List<SourceObservation>())
                if (source != null && !sourcesByKey.ContainsKey(source.Key)) sourcesByKey[source.Key] = source;

            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var w in work) AnalysePin(w, seen);
            ClaimAliases();
            DecideAliases();
            foreach (var w in Alive()) AnalysePermissions(w);
            ApplyDeploymentGuards();

            BuildAliasAndPermissionSteps();
            BuildGroupSteps();
            BuildCleanupSteps();
            return Finish();
        }

        private IEnumerable<PinWork> Alive() => work.Where(w => w.Plan.Status == PinPlanStatus.Ready);

        // ------------------------------------------------------------------ validation

        private bool ValidateOptions()
        {
            if (!AliasNames.IsValid(options.AliasName))
            {
                foreach (var w in work)
                    w.Plan.Fail(Error(ErrorIds.InvalidAliasName, ErrorCategory.InvalidArgument,
                        $"The alias name '{options.AliasName}' is not valid: Lambda requires 1 to 128 letters, digits, '-' or '_', not all digits.", w));
                return false;
            }
            if (options.PermissionScope == PermissionScope.Api && !options.AllowBroaderPermission)
            {
                foreach (var w in work)
                    w.Plan.Fail(Error(ErrorIds.BroaderPermissionNotAllowed, ErrorCategory.InvalidArgument,
                        "-PermissionScope Api grants one statement per API ({apiId}/*), which is broader than the statements it replaces. Add -AllowBroaderPermission to accept that, or use -PermissionScope Method.", w));
                return false;
            }
            if (options.NoDeploy)
                planWarnings.Add("-NoDeploy: REST and non-AutoDeploy stages are NOT deployed. Their drafts will invoke the alias, but every stage keeps serving the pinned version until you deploy it. HTTP API stages with AutoDeploy still publish changes immediately.");
            return true;
        }

        private void AnalysePin(PinWork w, Dictionary<string, int> seen)
        {
            var pin = w.Pin;
            if (pin == null)
            {
                w.Plan.Status = PinPlanStatus.Skipped;
                w.Plan.AddWarning("An empty input object was skipped.");
                return;
            }

            var key = SourceKeys.Of(pin) + "|" + pin.PinKind + "|" + (pin.PinnedVersion ?? pin.Qualifier);
            if (seen.TryGetValue(key, out var first))
            {
                w.Plan.Status = PinPlanStatus.Skipped;
                w.Plan.AddWarning($"Skipped: the same pin as input #{first + 1} ({pin.QualifiedName} at {pin.Location}); it is migrated once.");
                return;
            }
            seen[key] = w.Plan.Index;

            if (pin.PinKind == PinKind.Alias)
            {
                w.Plan.Status = PinPlanStatus.AlreadyOnAlias;
                w.Plan.AliasName = pin.AliasName ?? pin.Qualifier;
                w.Plan.Version = pin.PinnedVersion;
                return;
            }
            if (!string.IsNullOrEmpty(pin.AccountId) && !string.IsNullOrEmpty(obs.CallerAccountId)
                && !string.Equals(pin.AccountId, obs.CallerAccountId, StringComparison.Ordinal))
            {
                w.Plan.Fail(Error(ErrorIds.AccountMismatch, ErrorCategory.PermissionDenied,
                    $"The pin belongs to account {pin.AccountId}, but the credentials are for account {obs.CallerAccountId}. Use a profile for account {pin.AccountId}.", w));
                return;
            }
            if (pin.SourceKind == SourceKind.ResourcePolicy)
            {
                w.Plan.Status = PinPlanStatus.Skipped;
                w.Plan.AddWarning($"Skipped {pin.QualifiedName}: a resource-policy allowance for {pin.Principal} is configured in that service, which this module does not change. Point the service at {pin.FunctionName}:{options.AliasName} there.");
                return;
            }

            w.IsLatest = pin.PinKind == PinKind.Latest;
            w.IsStageVariable = pin.SourceKind == SourceKind.StageVariable;
            w.IsV2 = pin.SourceKind == SourceKind.HttpApi || pin.SourceKind == SourceKind.HttpAuthorizer || pin.SourceKind == SourceKind.WebSocketApi
                     || (w.IsStageVariable && string.IsNullOrEmpty(pin.RestApiId) && !string.IsNullOrEmpty(pin.ApiId));
            w.ApiId = w.IsV2 ? pin.ApiId : pin.RestApiId;
            w.Api = string.IsNullOrEmpty(w.ApiId) ? null : obs.FindApi(w.ApiId, w.IsV2);
            w.Group = pin.SourceKind == SourceKind.EventSourceMapping ? "esm|" + pin.EventSourceMappingUuid : (w.IsV2 ? "v2|" : "rest|") + w.ApiId;
            w.AliasName = w.IsStageVariable && pin.IsCanaryOverride ? AliasNames.ForCanary(options.AliasName) : options.AliasName;
            w.Plan.AliasName = w.AliasName;
            if (!AliasNames.IsValid(w.AliasName))
            {
                w.Plan.Fail(Error(ErrorIds.InvalidAliasName, ErrorCategory.InvalidArgument,
                    $"The canary alias name '{w.AliasName}' would exceed Lambda's 128-character limit; use a shorter -AliasName.", w));
                return;
            }
            if (w.IsStageVariable && pin.IsCanaryOverride)
                w.Plan.AddWarning($"The canary of stage {SourceObservation.FirstStageName(pin)} pins its own version, so its stage-variable override moves to the separate alias '{w.AliasName}' and the canary keeps serving exactly what it serves today.");

            sourcesByKey.TryGetValue(SourceKeys.Of(pin), out w.Source);
            if (w.Source != null && !w.Source.Exists)
            {
                w.Plan.Fail(Error(ErrorIds.PinSourceNotFound, ErrorCategory.ObjectNotFound,
                    $"{pin.Location} no longer exists; nothing to migrate. Scan again.", w));
                return;
            }
            w.SourceName = w.Source?.DisplayName;

            if (w.IsStageVariable) AnalyseStageVariable(w);
            else AnalyseDirectSource(w);
            if (w.Plan.Status != PinPlanStatus.Ready) return;

            var managedBy = pin.ManagedBy ?? w.Api?.ManagedBy;
            if (!string.IsNullOrEmpty(managedBy))
                w.Plan.AddWarning($"{pin.Location} is managed by {managedBy}: the next stack update will put {pin.QualifiedName} back. Change the template too: in SAM set AutoPublishAlias: {w.AliasName} on the function and reference the alias; in the CDK use fn.currentVersion.addAlias('{w.AliasName}') and integrate with the alias.");
            if (w.IsLatest)
                w.Plan.AddWarning($"{pin.QualifiedName} invoked unpublished code; it now invokes {pin.FunctionName}:{w.AliasName}, a version published from $LATEST. Later code updates no longer reach this trigger until you publish a version and move the alias (aws lambda update-alias --function-name {pin.FunctionName} --name {w.AliasName} --function-version N).");
        }

        private void AnalyseDirectSource(PinWork w)
        {
            var pin = w.Pin;
            var function = obs.FindFunction(pin.FunctionName, pin.FunctionArn);
            if (function == null)
            {
                w.Plan.Fail(Error(ErrorIds.PinnedFunctionNotFound, ErrorCategory.ObjectNotFound,
                    $"Function {pin.FunctionName} was not found (or cannot be read) in account {obs.CallerAccountId ?? pin.AccountId}, region {obs.Region ?? pin.Region}.", w));
                return;
            }
            var oldQualifier = w.IsLatest ? (string.IsNullOrEmpty(pin.AliasName) ? string.Empty : pin.AliasName) : (pin.PinnedVersion ?? pin.Qualifier);
            var need = NewNeed(w, function, w.IsLatest ? null : oldQualifier, oldQualifier);
            if (need == null) return;
            w.Plan.FunctionName = function.FunctionName;

            var draft = w.Source?.Draft;
            w.Draft = draft == null
                ? (pin.LiveState == LiveState.LiveOnly ? DraftState.Unknown : DraftState.Old)
                : Classify(draft.FunctionName ?? pin.FunctionName, draft.Qualifier, need);
            w.RawUri = draft?.Raw ?? pin.RawUri;
            w.CredentialsRole = w.Source != null ? w.Source.CredentialsRole : pin.CredentialsRole;

            var account = pin.AccountId ?? obs.CallerAccountId;
            var region = pin.Region ?? obs.Region;
            switch (pin.SourceKind)
            {
                case SourceKind.RestApi:
                    need.Invokers.Add(NewInvoker(PermissionRules.ForRestMethod(Partition, region, account, w.ApiId, pin.HttpMethod, pin.ResourcePath), account, w.CredentialsRole, w.ApiId));
                    break;
                case SourceKind.RestAuthorizer:
                case SourceKind.HttpAuthorizer:
                    need.Invokers.Add(NewInvoker(PermissionRules.ForAuthorizer(Partition, region, account, w.ApiId, pin.AuthorizerId), account, w.CredentialsRole, w.ApiId));
                    break;
                case SourceKind.HttpApi:
                case SourceKind.WebSocketApi:
                    var routes = (pin.Routes ?? Array.Empty<string>()).Where(r => !string.IsNullOrWhiteSpace(r)).ToList();
                    if (routes.Count == 0)
                    {
                        need.Invokers.Add(NewInvoker(PermissionRules.ForApi(Partition, region, account, w.ApiId), account, w.CredentialsRole, w.ApiId));
                        w.Plan.AddWarning($"No route of {pin.Location} is known, so a missing permission would be granted for the whole API.");
                    }
                    foreach (var route in routes)
                        need.Invokers.Add(NewInvoker(PermissionRules.ForRouteKey(Partition, region, account, w.ApiId, route), account, w.CredentialsRole, w.ApiId));
                    break;
                case SourceKind.EventSourceMapping:
                    break; // The poller invokes with the function's execution role: no resource policy is involved.
            }

            if (!CheckRole(w)) return;
            if (w.Draft == DraftState.Other)
            {
                w.Plan.Status = PinPlanStatus.Skipped;
                w.Plan.AddWarning($"Skipped: {pin.Location} now invokes {draft} instead of {pin.QualifiedName}; it changed since the scan. Scan again.");
                return;
            }
            if (pin.SourceKind != SourceKind.EventSourceMapping) AnalyseStages(w, need);
        }

        private void AnalyseStageVariable(PinWork w)
        {
            var pin = w.Pin;
            var stage = SourceObservation.FirstStageName(pin);
            var stageObs = w.Api?.FindStage(stage);
            w.StageName = stage;
            if (options.StageName != null && options.StageName.Length > 0 && !options.StageName.Contains(stage, StringComparer.Ordinal))
            {
                w.Plan.Status = PinPlanStatus.Skipped;
                w.Plan.AddWarning($"Skipped: stage variable {pin.StageVariableName} lives on stage {stage}, which is not in -StageName.");
                return;
            }
            if (options.NoDeploy)
            {
                // A stage variable is live the moment it changes: there is no draft to update.
                w.Plan.Status = PinPlanStatus.Skipped;
                w.Plan.AddWarning($"Skipped with -NoDeploy: stage variable {pin.StageVariableName} on stage {stage} is live as soon as it changes, and -NoDeploy changes drafts only.");
                return;
            }
            string current = null;
            if (w.Source?.Draft?.Raw != null) current = w.Source.Draft.Raw;
            else if (stageObs != null)
            {
                var vars = pin.IsCanaryOverride ? stageObs.CanaryVariableOverrides : stageObs.Variables;
                if (vars != null && pin.StageVariableName != null && vars.TryGetValue(pin.StageVariableName, out var v)) current = v;
            }

            var readers = (w.Api?.StageVariableReaders ?? new List<StageVariableReader>())
                .Where(r => string.Equals(r.VariableName, pin.StageVariableName, StringComparison.Ordinal)
                            && string.Equals(r.StageName, stage, StringComparison.Ordinal) && r.IsCanary == pin.IsCanaryOverride)
                .ToList();
            if (readers.Count == 0)
                readers.Add(new StageVariableReader
                {
                    VariableName = pin.StageVariableName, StageName = stage, IsCanary = pin.IsCanaryOverride,
                    SourceKind = w.IsV2 ? SourceKind.HttpApi : SourceKind.RestApi, ResourceId = pin.ResourceId, ResourcePath = pin.ResourcePath,
                    HttpMethod = pin.HttpMethod, IntegrationId = pin.IntegrationId, RouteKeys = pin.Routes ?? Array.Empty<string>(),
                    CredentialsRole = pin.CredentialsRole, FunctionName = pin.FunctionName, FunctionArn = pin.FunctionArn,
                    Qualifier = pin.PinnedVersion ?? (w.IsLatest ? "$LATEST" : null),
                });

            var account = pin.AccountId ?? obs.CallerAccountId;
            var region = pin.Region ?? obs.Region;
            foreach (var reader in readers)
            {
                var function = obs.FindFunction(reader.FunctionName, reader.FunctionArn);
                if (function == null)
                {
                    w.Plan.Fail(Error(ErrorIds.PinnedFunctionNotFound, ErrorCategory.ObjectNotFound,
                        $"Function {reader.FunctionName}, which stage variable {pin.StageVariableName} selects on stage {stage}, was not found in account {account}, region {region}.", w));
                    return;
                }
                var latest = AliasNames.IsLatestQualifier(reader.Qualifier);
                if (!latest && !AliasNames.IsVersionNumber(reader.Qualifier))
                {
                    w.Plan.Status = PinPlanStatus.AlreadyOnAlias;
                    return; // The variable already names an alias for this reader: nothing frozen to move.
                }
                var need = w.Needs.FirstOrDefault(n => n.Function == function)
                           ?? NewNeed(w, function, latest ? null : reader.Qualifier, latest ? string.Empty : reader.Qualifier, latest);
                if (need == null) return;
                if (reader.SourceKind == SourceKind.RestAuthorizer || reader.SourceKind == SourceKind.HttpAuthorizer)
                    need.Invokers.Add(NewInvoker(PermissionRules.ForAuthorizer(Partition, region, account, w.ApiId, reader.AuthorizerId), account, reader.CredentialsRole, w.ApiId));
                else if (reader.SourceKind == SourceKind.HttpApi || reader.SourceKind == SourceKind.WebSocketApi)
                    foreach (var route in reader.RouteKeys ?? Array.Empty<string>())
                        need.Invokers.Add(NewInvoker(PermissionRules.ForRouteKey(Partition, region, account, w.ApiId, route), account, reader.CredentialsRole, w.ApiId));
                else
                    need.Invokers.Add(NewInvoker(ReaderRestArn(reader, region, account, w.ApiId, pin), account, reader.CredentialsRole, w.ApiId));
                if (!string.IsNullOrEmpty(reader.CredentialsRole)) w.CredentialsRole = reader.CredentialsRole;
            }
            w.Plan.FunctionName = w.Needs.FirstOrDefault(n => string.Equals(n.Function.FunctionName, pin.FunctionName, StringComparison.Ordinal))?.Function.FunctionName
                                  ?? w.Needs[0].Function.FunctionName;
            if (!CheckRole(w)) return;

            var primary = w.Needs.FirstOrDefault(n => n.Function.FunctionName == w.Plan.FunctionName) ?? w.Needs[0];
            var pinnedValue = w.IsLatest ? "$LATEST" : primary.Version;
            string rewritten;
            if (current == null)
            {
                // Not observed: the scan's value stands.
                w.OldValue = pinnedValue;
                w.NewValue = RewriteStageVariable(pinnedValue, primary, w.AliasName);
                w.Draft = DraftState.Old;
            }
            else if ((rewritten = RewriteStageVariable(current, primary, w.AliasName)) != null)
            {
                w.OldValue = current;
                w.NewValue = rewritten;
                w.Draft = DraftState.Old;
            }
            else if (string.Equals(current, w.AliasName, StringComparison.Ordinal) || current.EndsWith(":" + w.AliasName, StringComparison.Ordinal))
            {
                w.OldValue = current;
                w.NewValue = current;
                w.Draft = DraftState.Target;
            }
            else if (w.Source?.Draft?.Qualifier != null && string.Equals(w.Source.Draft.Qualifier, pinnedValue, StringComparison.Ordinal))
            {
                w.Plan.Fail(Error(ErrorIds.StageVariableNotRewritable, ErrorCategory.InvalidData,
                    $"Stage variable {pin.StageVariableName} on {StageLabel(w)} holds '{current}', which selects version {pinnedValue} but is neither the version nor 'function:version'; it cannot be pointed at an alias safely.", w));
            }
            else
            {
                w.Plan.Status = PinPlanStatus.Skipped;
                w.Plan.AddWarning($"Skipped: stage variable {pin.StageVariableName} on {StageLabel(w)} now holds '{current}' instead of the pinned version; it changed since the scan. Scan again.");
            }
        }

        /// <summary>The variable's new value: the alias in place of the version, keeping a "function:" prefix if there is one.</summary>
        internal static string RewriteStageVariable(string value, FunctionNeed need, string aliasName)
        {
            if (value == null) return null;
            var version = need.IsLatest ? "$LATEST" : need.Version;
            if (string.Equals(value, version, StringComparison.Ordinal)) return aliasName;
            if (value.EndsWith(":" + version, StringComparison.Ordinal)) return value.Substring(0, value.Length - version.Length) + aliasName;
            if (need.IsLatest && string.Equals(value, need.Function.FunctionName, StringComparison.Ordinal)) return value + ":" + aliasName;
            return null;
        }

        private string ReaderRestArn(StageVariableReader reader, string region, string account, string apiId, LambdaIntegrationPin pin)
        {
            var method = reader.HttpMethod;
            var path = reader.ResourcePath;
            if (string.IsNullOrEmpty(path))
            {
                var route = (reader.RouteKeys ?? Array.Empty<string>()).Concat(pin.Routes ?? Array.Empty<string>()).FirstOrDefault(r => r.Contains(" "));
                if (route != null) { method = route.Substring(0, route.IndexOf(' ')); path = route.Substring(route.IndexOf(' ') + 1); }
            }
            return PermissionRules.ForRestMethod(Partition, region, account, apiId, method, path);
        }

        private FunctionNeed NewNeed(PinWork w, FunctionObservation function, string version, string oldQualifier, bool? latest = null)
        {
            var isLatest = latest ?? w.IsLatest;
            if (!isLatest)
            {
                if (!AliasNames.IsVersionNumber(version) || function.FindVersion(version) == null)
                {
                    w.Plan.Fail(Error(ErrorIds.VersionNotFound, ErrorCategory.ObjectNotFound,
                        $"Version {version ?? "(none)"} of {function.FunctionName} does not exist; {w.Pin.Location} cannot be served by it today. Scan again.", w));
                    return null;
                }
            }
            else if (string.Equals(function.LatestLastUpdateStatus, "Failed", StringComparison.OrdinalIgnoreCase))
            {
                w.Plan.Fail(Error(ErrorIds.LatestNotPublishable, ErrorCategory.InvalidOperation,
                    $"$LATEST of {function.FunctionName} cannot be published: its last update failed. Fix the function first.", w));
                return null;
            }
            var need = new FunctionNeed
            {
                Function = function, Version = isLatest ? null : version, IsLatest = isLatest, OldQualifier = oldQualifier ?? string.Empty,
                AliasName = w.AliasName,
            };
            w.Needs.Add(need);
            if (!isLatest && w.Plan.Version == null) w.Plan.Version = version;
            w.Plan.AliasArn = w.Plan.AliasArn ?? AliasArn(function, w.AliasName);
            return need;
        }

        private static string AliasArn(FunctionObservation function, string alias) =>
            string.IsNullOrEmpty(function.FunctionArn) ? null : function.FunctionArn + ":" + alias;

        private static DraftState Classify(string functionName, string qualifier, FunctionNeed need)
        {
            if (!string.Equals(functionName, need.Function.FunctionName, StringComparison.Ordinal)) return DraftState.Other;
            if (string.Equals(qualifier, need.AliasName, StringComparison.Ordinal)) return DraftState.Target;
            if (need.IsLatest ? (AliasNames.IsLatestQualifier(qualifier) || string.Equals(qualifier, need.OldQualifier, StringComparison.Ordinal))
                              : string.Equals(qualifier, need.Version, StringComparison.Ordinal)) return DraftState.Old;
            return DraftState.Other;
        }

        private Invoker NewInvoker(string sourceArn, string account, string role, string apiId) => new Invoker
        {
            Principal = PermissionRules.ApiGatewayPrincipal, SourceArn = sourceArn, SourceAccount = account, CredentialsRole = role,
            ApiWideArn = PermissionRules.ForApi(Partition, ArnRegion(sourceArn), account, apiId),
        };

        private static string ArnRegion(string arn)
        {
            var parts = arn.Split(':');
            return parts.Length > 3 ? parts[3] : null;
        }

        private bool CheckRole(PinWork w)
        {
            if (string.IsNullOrEmpty(w.CredentialsRole)) return true;
            if (!options.AllowRoleInvocation)
            {
                w.Plan.Fail(Error(ErrorIds.IntegrationUsesRole, ErrorCategory.SecurityError,
                    $"{w.Pin.Location} invokes Lambda through the credentials role {w.CredentialsRole}, so the function's resource policy does not decide. Make sure that role's policy allows lambda:InvokeFunction on {w.Plan.AliasArn ?? w.Pin.FunctionName + ":" + w.AliasName}, then run again with -AllowRoleInvocation.", w));
                return false;
            }
            foreach (var need in w.Needs) foreach (var invoker in need.Invokers) invoker.ViaRole = true;
            w.Plan.AddWarning($"{w.Pin.Location} invokes through the credentials role {w.CredentialsRole}: no resource-policy statement is added; you confirmed (-AllowRoleInvocation) that the role allows the alias ARN.");
            return true;
        }

        private void AnalyseStages(PinWork w, FunctionNeed need)
        {
            var pin = w.Pin;
            var served = new List<StageTarget>();
            if (w.Source?.Stages != null)
            {
                foreach (var s in w.Source.Stages)
                {
                    var state = Classify(s.FunctionName ?? pin.FunctionName, s.Qualifier, need);
                    if (state == DraftState.Old) served.Add(s);
                }
            }
            else if (pin.ServedBy != null && pin.ServedBy.Length > 0)
                served.AddRange(pin.ServedBy.Where(s => s != null).Select(s => new StageTarget { StageName = s.StageName, IsCanary = s.IsCanary, DeploymentId = s.DeploymentId }));
            else if (pin.Stages != null && pin.Stages.Length > 0)
                served.AddRange(pin.Stages.Where(s => !string.IsNullOrEmpty(s)).Select(s => new StageTarget { StageName = SourceObservation.StripCanarySuffix(s), IsCanary = s.EndsWith(" (canary)", StringComparison.Ordinal) }));
            else if (w.IsV2 && w.Api != null && w.Draft == DraftState.Old)
                served.AddRange(w.Api.Stages.Select(s => new StageTarget { StageName = s.StageName, DeploymentId = s.DeploymentId }));

            foreach (var canary in served.Where(s => s.IsCanary))
            {
                w.CanaryStages.Add(canary.StageName);
                w.Plan.AddWarning($"The canary of stage {canary.StageName} serves {pin.QualifiedName} from its own deployment {canary.DeploymentId}; canaries are neither promoted nor redeployed, so it keeps doing so (and keeps its permission) until the canary is promoted or removed.");
            }
            var main = served.Where(s => !s.IsCanary).Select(s => s.StageName).Distinct(StringComparer.Ordinal).ToList();
            var filter = options.StageName != null && options.StageName.Length > 0 ? new HashSet<string>(options.StageName, StringComparer.Ordinal) : null;
            if (filter != null)
            {
                foreach (var excluded in main.Where(s => !filter.Contains(s)))
                    w.Plan.AddWarning($"Stage {excluded} also serves {pin.QualifiedName} but is not in -StageName, so it keeps serving it.");
                var kept = main.Where(filter.Contains).ToList();
                if (main.Count > 0 && kept.Count == 0)
                {
                    w.Plan.Status = PinPlanStatus.Skipped;
                    w.Plan.AddWarning($"Skipped: {pin.Location} is served only by stage(s) {string.Join(", ", main)}, none of them in -StageName.");
                    return;
                }
                main = kept;
            }

            foreach (var stage in main)
            {
                var auto = w.IsV2 && (w.Api?.FindStage(stage)?.AutoDeploy ?? pin.LiveState == LiveState.NotApplicable);
                if (auto) w.AutoDeployStages.Add(stage);
                else if (options.NoDeploy) w.UndeployedStages.Add(stage);
                else w.DeployStages.Add(stage);
            }
            if (w.UndeployedStages.Count > 0)
                w.Plan.AddWarning($"-NoDeploy: the draft of {ApiLabel(w)} will invoke {pin.FunctionName}:{w.AliasName}, but stage(s) {string.Join(", ", w.UndeployedStages)} keep serving {pin.QualifiedName} until you deploy (aws apigateway create-deployment --rest-api-id {w.ApiId} --stage-name {w.UndeployedStages[0]}).");
            if (options.NoDeploy && w.AutoDeployStages.Count > 0)
                w.Plan.AddWarning($"-NoDeploy cannot hold back AutoDeploy stage(s) {string.Join(", ", w.AutoDeployStages)} of {ApiLabel(w)}: they publish the switch immediately.");
            if (w.Draft == DraftState.Unknown)
            {
                if (w.DeployStages.Count == 0 && w.AutoDeployStages.Count == 0)
                {
                    w.Plan.Status = PinPlanStatus.Skipped;
                    w.Plan.AddWarning($"Skipped: the draft of {pin.Location} no longer holds {pin.QualifiedName} and no selected stage serves it.");
                }
                // A live-only pin whose draft was not observed: deploying would publish something unknown. The deployment
                // guard below treats it as an undeployed change.
            }
        }

        // ------------------------------------------------------------------ aliases

        private void ClaimAliases()
        {
            // Main-stage pins claim first, so a conflict always lands on the later or canary pin, whatever the input order.
            foreach (var w in Alive().OrderBy(x => x.Pin.IsCanaryOverride ? 1 : 0).ThenBy(x => x.Plan.Index).ToList())
            {
                var created = new List<AliasClaim>();
                foreach (var need in w.Needs)
                {
                    var key = need.Function.FunctionName + "|" + need.AliasName;
                    var value = need.IsLatest ? "$LATEST" : need.Version;
                    if (!claims.TryGetValue(key, out var claim))
                    {
                        claim = new AliasClaim { Function = need.Function, AliasName = need.AliasName, Version = need.Version, IsLatest = need.IsLatest, FirstPin = w };
                        claims[key] = claim;
                        claimOrder.Add(claim);
                        created.Add(claim);
                    }
                    else if (!string.Equals(claim.IsLatest ? "$LATEST" : claim.Version, value, StringComparison.Ordinal))
                    {
                        var other = claim.IsLatest ? "the version published from $LATEST" : "version " + claim.Version;
                        var mine = need.IsLatest ? "the version published from $LATEST" : "version " + need.Version;
                        w.Plan.Fail(Error(ErrorIds.AliasVersionConflict, ErrorCategory.ResourceExists,
                            $"{need.Function.FunctionName}:{need.AliasName} is already planned at {other} for {claim.FirstPin.Pin.Location}, but {w.Pin.Location} needs {mine}. Migrate this pin in a separate run with another -AliasName.", w));
                        // Claims this pin made alone must not block later pins.
                        foreach (var mineOnly in created)
                        {
                            claims.Remove(mineOnly.Function.FunctionName + "|" + mineOnly.AliasName);
                            claimOrder.Remove(mineOnly);
                        }
                        break;
                    }
                    need.Claim = claim;
                    claim.Pins.Add(w);
                }
            }
            foreach (var claim in claimOrder) claim.Pins.RemoveAll(p => p.Plan.Status != PinPlanStatus.Ready);
        }

        private void DecideAliases()
        {
            foreach (var claim in claimOrder.Where(c => c.Pins.Count > 0))
            {
                var fn = claim.Function;
                var alias = fn.FindAlias(claim.AliasName);
                var label = fn.FunctionName + ":" + claim.AliasName;
                string failure = null;
                if (claim.IsLatest)
                {
                    var aliasVersion = alias == null ? null : fn.FindVersion(alias.FunctionVersion);
                    if (alias != null && !alias.HasRouting && aliasVersion != null && !string.IsNullOrEmpty(fn.LatestCodeSha256)
                        && string.Equals(aliasVersion.CodeSha256, fn.LatestCodeSha256, StringComparison.Ordinal))
                    {
                        claim.Satisfied = true;
                        claim.Version = alias.FunctionVersion;
                        claim.Detail = $"{label} already serves version {alias.FunctionVersion}, which has $LATEST's code (CodeSha256 {fn.LatestCodeSha256}).";
                    }
                    else
                    {
                        claim.NeedsPublish = true;
                        if (alias == null) claim.Create = true;
                        else if (!alias.HasRouting && string.Equals(alias.FunctionVersion, "$LATEST", StringComparison.Ordinal)) claim.Update = true;
                        else if (options.AllowAliasMove) { claim.Update = true; claim.Moves = true; }
                        else failure = Describe(alias);
                    }
                }
                else if (alias == null) claim.Create = true;
                else if (!alias.HasRouting && string.Equals(alias.FunctionVersion, claim.Version, StringComparison.Ordinal))
                {
                    claim.Satisfied = true;
                    claim.Detail = $"{label} already serves version {claim.Version} with no canary weights.";
                }
                else if (options.AllowAliasMove) { claim.Update = true; claim.Moves = true; }
                else failure = Describe(alias);

                claim.Existing = alias;
                if (failure != null)
                {
                    var wanted = claim.IsLatest ? "a version published from $LATEST" : "version " + claim.Version;
                    foreach (var w in claim.Pins.ToList())
                        w.Plan.Fail(Error(ErrorIds.AliasPointsElsewhere, ErrorCategory.ResourceExists,
                            $"{label} already exists and {failure}; {w.Pin.Location} needs {wanted}. Reusing the alias would change what its current callers get. Use -AllowAliasMove to move it, or choose another -AliasName.", w));
                    claim.Pins.Clear();
                }
                else if (claim.Moves)
                {
                    foreach (var w in claim.Pins)
                        w.Plan.AddWarning($"-AllowAliasMove: {label} {Describe(alias)}; moving it changes what every existing caller of {label} gets.");
                }
            }
        }

        private static string Describe(AliasState alias)
        {
            var weights = alias.HasRouting
                ? " with canary weights " + string.Join(", ", alias.AdditionalVersionWeights.Select(kv => "version " + kv.Key + ": " + (kv.Value * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%"))
                : string.Empty;
            return "points at version " + alias.FunctionVersion + weights;
        }

        // ------------------------------------------------------------------ permissions

        private void AnalysePermissions(PinWork w)
        {
            foreach (var need in w.Needs)
            {
                var policy = need.Function.FindPolicy(need.OldQualifier);
                var oldStatements = policy?.Statements ?? new List<PolicyStatement>();
                var aliasPolicy = need.Function.FindPolicy(need.AliasName);
                var aliasStatements = need.Claim != null && need.Claim.Create ? new List<PolicyStatement>() : aliasPolicy?.Statements ?? new List<PolicyStatement>();
                var oldLabel = string.IsNullOrEmpty(need.OldQualifier) ? need.Function.FunctionName : need.Function.FunctionName + ":" + need.OldQualifier;

                foreach (var invoker in need.Invokers.Where(i => !i.ViaRole))
                {
                    foreach (var deny in oldStatements.Where(s => PermissionRules.Denies(s, invoker.Principal, invoker.SourceArn)))
                        w.Plan.AddWarning($"Statement {deny.Sid} on {oldLabel} denies {invoker.Principal} from {deny.SourceArn ?? "any source"}; a Deny is never copied. Review the alias's policy yourself.");

                    var allowing = oldStatements.Where(s => PermissionRules.Allows(s, invoker.Principal, invoker.SourceArn, invoker.SourceAccount)).ToList();
                    var copyable = allowing.Where(s => !s.HasInexpressibleParts && !PermissionRules.IsWildcardPrincipal(s.Principal)).ToList();
                    var inexpressible = allowing.Where(s => s.HasInexpressibleParts).ToList();
                    foreach (var s in inexpressible)
                        w.Plan.AddWarning($"Statement {s.Sid} on {oldLabel} has parts AddPermission cannot express ({s.InexpressibleReason ?? "conditions"}); it was not copied.");
                    foreach (var s in allowing.Where(s => !s.HasInexpressibleParts && PermissionRules.IsWildcardPrincipal(s.Principal)))
                        w.Plan.AddWarning($"Statement {s.Sid} on {oldLabel} allows any principal ('*'); a wildcard principal is never copied. The alias gets a statement for {invoker.Principal} only.");

                    invoker.CoveringStatements.AddRange(allowing.Where(s => !s.HasInexpressibleParts && !string.IsNullOrEmpty(s.Sid)));
                    invoker.OldPolicy = policy;

                    var desired = new List<DesiredStatement>();
                    if (options.PermissionScope == PermissionScope.Api)
                    {
                        desired.Add(new DesiredStatement { Principal = invoker.Principal, SourceArn = invoker.ApiWideArn, SourceAccount = copyable.FirstOrDefault()?.SourceAccount ?? invoker.SourceAccount, CopiedFrom = copyable.FirstOrDefault() });
                    }
                    else if (copyable.Count > 0)
                    {
                        desired.AddRange(copyable.Select(s => new DesiredStatement { Principal = s.Principal, SourceArn = s.SourceArn, SourceAccount = s.SourceAccount, PrincipalOrgId = s.PrincipalOrgId, CopiedFrom = s }));
                    }
                    else if (inexpressible.Count > 0)
                    {
                        w.Plan.Fail(Error(ErrorIds.InexpressibleStatement, ErrorCategory.InvalidData,
                            $"{w.Pin.Location} may invoke {oldLabel} only through statement(s) {string.Join(", ", inexpressible.Select(s => s.Sid))}, which AddPermission cannot express ({string.Join("; ", inexpressible.Select(s => s.InexpressibleReason ?? "conditions"))}). Add an equivalent statement on {need.Function.FunctionName}:{need.AliasName} yourself, then run again.", w));
                        return;
                    }
                    else
                    {
                        var wildcard = allowing.Any(s => PermissionRules.IsWildcardPrincipal(s.Principal));
                        desired.Add(new DesiredStatement { Principal = invoker.Principal, SourceArn = invoker.SourceArn, SourceAccount = invoker.SourceAccount });
                        if (!wildcard)
                            w.Plan.AddWarning($"{w.Pin.Location} had no permission to invoke {oldLabel}: it is broken today. The alias gets the narrowest statement ({invoker.Principal} from {invoker.SourceArn}), so after the migration it works.");
                    }

                    foreach (var d in desired)
                    {
                        d.StatementId = StatementId(need.Function.FunctionName, need.AliasName, d);
                        var equivalent = aliasStatements.FirstOrDefault(s => PermissionRules.Equivalent(s, d.Principal, d.SourceArn, d.SourceAccount, d.PrincipalOrgId));
                        if (equivalent != null) { d.SatisfiedBy = equivalent; }
                        else if (aliasStatements.Any(s => string.Equals(s.Sid, d.StatementId, StringComparison.Ordinal)))
                        {
                            w.Plan.Fail(Error(ErrorIds.StatementIdConflict, ErrorCategory.ResourceExists,
                                $"The policy of {need.Function.FunctionName}:{need.AliasName} already holds a different statement with id {d.StatementId}. Remove or rename it, then run again.", w));
                            return;
                        }
                        if (!need.Statements.Any(x => x.StatementId == d.StatementId)) need.Statements.Add(d);
                    }
                }
            }
        }

        // ------------------------------------------------------------------ deployment guard

        private void ApplyDeploymentGuards()
        {
            bool changed;
            do
            {
                changed = false;
                foreach (var group in Alive().Where(w => w.DeployStages.Count > 0 && w.Api != null).GroupBy(w => w.Group).ToList())
                {
                    var api = group.First().Api;
                    var members = Alive().Where(w => w.Group == group.Key).ToList();
                    foreach (var stage in members.SelectMany(w => w.DeployStages).Distinct(StringComparer.Ordinal).ToList())
                    {
                        var unrelated = api.UndeployedChanges.Where(d => string.Equals(d.StageName, stage, StringComparison.Ordinal) && !IsOwnSwitch(d, members)).ToList();
                        var notCompared = api.StagesNotCompared.Contains(stage);
                        var unknownDrafts = members.Where(w => w.Draft == DraftState.Unknown && w.DeployStages.Contains(stage)).ToList();
                        if (unrelated.Count == 0 && !notCompared && unknownDrafts.Count == 0) continue;

                        var parts = new List<string>();
                        if (unrelated.Count > 0) parts.Add("it would also publish: " + string.Join("; ", unrelated.Select(d => d.ToString())));
                        if (notCompared) parts.Add("stage " + stage + "'s deployment could not be compared with the draft");
                        foreach (var u in unknownDrafts) parts.Add($"the draft of {u.Pin.Location} no longer holds {u.Pin.QualifiedName} and what it holds instead was not read");
                        var what = $"Deploying {ApiLabel(members[0])} to stage {stage}: " + string.Join("; ", parts) + ". " + ComparisonScope;
                        var affected = members.Where(w => w.DeployStages.Contains(stage)).ToList();
                        if (options.AllowUndeployedChanges && unknownDrafts.Count == 0)
                        {
                            foreach (var w in affected) w.Plan.AddWarning("-AllowUndeployedChanges: " + what);
                            continue;
                        }
                        foreach (var w in affected)
                        {
                            w.Plan.Fail(Error(ErrorIds.UndeployedChanges, ErrorCategory.InvalidOperation,
                                what + (unknownDrafts.Count == 0 ? " Review them, then run again with -AllowUndeployedChanges." : " Scan again."), w));
                            changed = true;
                        }
                    }
                }
            } while (changed);
        }

        private const string ComparisonScope = "The comparison covers resources, methods, integrations and authorizers; it does not cover models, gateway responses or the resource policy.";

        private readonly Dictionary<string, string> statementIds = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Thousands of pins usually share a handful of statements: hash each distinct one once.</summary>
        private string StatementId(string function, string alias, DesiredStatement d)
        {
            var key = string.Join("\n", function, alias, d.Principal, d.SourceArn, d.SourceAccount, d.PrincipalOrgId);
            if (!statementIds.TryGetValue(key, out var id))
                statementIds[key] = id = PermissionRules.StatementIdFor(function, alias, d.Principal, d.SourceArn, d.SourceAccount, d.PrincipalOrgId);
            return id;
        }

        private static bool IsOwnSwitch(DraftDifference d, List<PinWork> members)
        {
            if (!d.IsTargetUri) return false;
            return members.Any(w =>
                w.Draft != DraftState.Unknown &&
                (w.Pin.SourceKind == SourceKind.RestApi
                    ? string.Equals(d.ResourceId, w.Pin.ResourceId, StringComparison.Ordinal) && string.Equals(d.HttpMethod, w.Pin.HttpMethod, StringComparison.OrdinalIgnoreCase)
                    : w.Pin.SourceKind == SourceKind.RestAuthorizer || w.Pin.SourceKind == SourceKind.HttpAuthorizer
                        ? string.Equals(d.AuthorizerId, w.Pin.AuthorizerId, StringComparison.Ordinal)
                        : !string.IsNullOrEmpty(d.IntegrationId) && string.Equals(d.IntegrationId, w.Pin.IntegrationId, StringComparison.Ordinal)));
        }

        // ------------------------------------------------------------------ steps

        private void BuildAliasAndPermissionSteps()
        {
            // Guards after the alias decision may have failed pins; their claims must not create steps.
            foreach (var claim in claimOrder) claim.Pins.RemoveAll(p => p.Plan.Status != PinPlanStatus.Ready);
            foreach (var claim in claimOrder.Where(c => c.Pins.Count > 0 && c.NeedsPublish))
            {
                var fn = claim.Function;
                var step = AddStep("publish|" + fn.FunctionName, MigrationStepKind.PublishVersion, "Lambda function " + fn.FunctionName,
                    _ => $"Publish $LATEST as a new version (only if its code is still CodeSha256 {fn.LatestCodeSha256 ?? "(unknown)"} and RevisionId {fn.LatestRevisionId ?? "(unknown)"})",
                    new PublishVersionOperation
                    {
                        FunctionName = fn.FunctionName, FunctionArn = fn.FunctionArn, ExpectedCodeSha256 = fn.LatestCodeSha256, ExpectedRevisionId = fn.LatestRevisionId,
                        Description = "Published by LambdaAlias for alias " + claim.AliasName,
                    }, "publish");
                claim.PublishStep = step.Order;
            }

            foreach (var claim in claimOrder.Where(c => c.Pins.Count > 0))
            {
                var fn = claim.Function;
                var label = fn.FunctionName + ":" + claim.AliasName;
                int? from = claim.NeedsPublish ? claim.PublishStep : (int?)null;
                string VersionText(Func<int, string> produced) => from.HasValue ? (produced(from.Value) is string v ? "version " + v : $"the version step {from.Value} publishes") : "version " + claim.Version;
                PlannedStep step;
                if (claim.Satisfied)
                {
                    step = AddStep("alias|" + label, MigrationStepKind.CreateAlias, "Lambda function " + fn.FunctionName,
                        _ => $"Create alias {claim.AliasName} at version {claim.Version}", null, "alias");
                    step.IsSatisfied = true;
                    step.Detail = claim.Detail;
                }
                else if (claim.Create)
                {
                    step = AddStep("alias|" + label, MigrationStepKind.CreateAlias, "Lambda function " + fn.FunctionName,
                        p => $"Create alias {claim.AliasName} at {VersionText(p)}",
                        new AliasOperation { FunctionName = fn.FunctionName, FunctionArn = fn.FunctionArn, AliasName = claim.AliasName, FunctionVersion = claim.Version, VersionFromStep = from, Description = "Created by LambdaAlias" }, "alias");
                }
                else
                {
                    var existing = claim.Existing;
                    step = AddStep("alias|" + label, MigrationStepKind.UpdateAlias, "Lambda alias " + label,
                        p => $"Move alias {claim.AliasName} from version {existing.FunctionVersion}{(existing.HasRouting ? " (clearing its canary weights)" : string.Empty)} to {VersionText(p)}",
                        new AliasOperation { FunctionName = fn.FunctionName, FunctionArn = fn.FunctionArn, AliasName = claim.AliasName, FunctionVersion = claim.Version, VersionFromStep = from, ExpectedRevisionId = existing.RevisionId, ClearRouting = true }, "alias");
                }
                if (from.HasValue) step.DependOn(from.Value);
                claim.AliasStep = step.Order;
                foreach (var w in claim.Pins)
                {
                    if (from.HasValue) { Serve(stepsByKey["publish|" + fn.FunctionName], w); if (w.Needs[0].Claim == claim) w.Plan.VersionFromStep = from; }
                    if (claim.Satisfied && w.Needs[0].Claim == claim && w.Plan.Version == null) w.Plan.Version = claim.Version;
                    Serve(step, w);
                }
            }

            foreach (var w in Alive())
            {
                foreach (var need in w.Needs)
                {
                    foreach (var d in need.Statements)
                    {
                        var aliasLabel = need.Function.FunctionName + ":" + need.AliasName;
                        var copied = d.CopiedFrom == null ? "a new narrowest statement" : $"copied from {d.CopiedFrom.Sid} on {QualifiedLabel(need.Function.FunctionName, need.OldQualifier)}";
                        var step = AddStep("perm|" + aliasLabel + "|" + d.StatementId, MigrationStepKind.AddPermission, $"Lambda function {aliasLabel} (resource policy)",
                            _ => $"Allow {d.Principal} to invoke {aliasLabel} from {d.SourceArn ?? "any source"}{(d.SourceAccount != null ? " in account " + d.SourceAccount : string.Empty)} (statement {d.StatementId}, {copied})",
                            new AddPermissionOperation
                            {
                                FunctionName = need.Function.FunctionName, FunctionArn = need.Function.FunctionArn, Qualifier = need.AliasName, StatementId = d.StatementId,
                                Principal = d.Principal, SourceArn = d.SourceArn, SourceAccount = d.SourceAccount, PrincipalOrgId = d.PrincipalOrgId,
                                CopiedFromStatementId = d.CopiedFrom?.Sid, CopiedFromQualifier = d.CopiedFrom == null ? null : need.OldQualifier,
                            }, "permission");
                        if (d.SatisfiedBy != null && !step.IsSatisfied)
                        {
                            step.IsSatisfied = true;
                            step.Detail = $"{aliasLabel} already allows this (statement {d.SatisfiedBy.Sid}).";
                        }
                        if (need.Claim?.AliasStep > 0 && !stepsByKey["alias|" + aliasLabel].IsSatisfied) step.DependOn(need.Claim.AliasStep);
                        Serve(step, w);
                        d.Step = step.Order;
                    }
                }
            }
        }

        private void BuildGroupSteps()
        {
            var byGroup = Alive().GroupBy(w => w.Group, StringComparer.Ordinal).ToList();
            // APIs first (their switch and deployment belong together), mappings after.
            foreach (var grouping in byGroup.Where(g => !g.Key.StartsWith("esm|", StringComparison.Ordinal)).Concat(byGroup.Where(g => g.Key.StartsWith("esm|", StringComparison.Ordinal))))
            {
                var group = grouping.Key;
                var members = grouping.ToList();
                foreach (var w in members.Where(m => !m.IsStageVariable)) BuildSwitch(w);
                foreach (var w in members.Where(m => m.IsStageVariable)) BuildSwitch(w);
                BuildDeployments(group, members);
                foreach (var w in members) BuildVerify(w);
                var last = steps.Count;
                foreach (var w in members) w.GroupLastStep = last;
            }
        }

        private IEnumerable<int> PrerequisitesOf(PinWork w)
        {
            foreach (var need in w.Needs)
            {
                var aliasStep = need.Claim == null ? null : stepsByKey["alias|" + need.Function.FunctionName + ":" + need.AliasName];
                if (aliasStep != null && !aliasStep.IsSatisfied) yield return aliasStep.Order;
                foreach (var d in need.Statements)
                {
                    var s = Step(d.Step);
                    if (s != null && !s.IsSatisfied) yield return s.Order;
                }
            }
        }

        private void BuildSwitch(PinWork w)
        {
            var pin = w.Pin;
            var need = w.Needs[0];
            var aliasLabel = need.Function.FunctionName + ":" + need.AliasName;
            var versionFrom = need.Claim?.NeedsPublish == true ? need.Claim.PublishStep : (int?)null;
            string Target(Func<int, string> p) => $"{aliasLabel} ({(versionFrom.HasValue ? (p(versionFrom.Value) is string v ? "version " + v : $"the version step {versionFrom.Value} publishes") : "version " + (need.Claim?.Version ?? need.Version))})";
            var oldLabel = pin.QualifiedName;
            PlannedStep step;
            switch (pin.SourceKind)
            {
                case SourceKind.RestApi:
                case SourceKind.HttpApi:
                case SourceKind.WebSocketApi:
                    step = AddStep("switch|" + SourceKeys.Of(pin), MigrationStepKind.UpdateIntegration, SourceTarget(w),
                        p => $"Point integration at {Target(p)} instead of {oldLabel}",
                        new IntegrationOperation
                        {
                            IsV2 = w.IsV2, ApiId = w.ApiId, ResourceId = pin.ResourceId, HttpMethod = pin.HttpMethod, IntegrationId = pin.IntegrationId,
                            OldUri = w.RawUri, NewUri = RewriteUri(w.RawUri, need, w),
                        }, w.Group);
                    break;
                case SourceKind.RestAuthorizer:
                case SourceKind.HttpAuthorizer:
                    step = AddStep("switch|" + SourceKeys.Of(pin), MigrationStepKind.UpdateAuthorizer, SourceTarget(w),
                        p => $"Point authorizer at {Target(p)} instead of {oldLabel}",
                        new AuthorizerOperation { IsV2 = w.IsV2, ApiId = w.ApiId, AuthorizerId = pin.AuthorizerId, OldUri = w.RawUri, NewUri = RewriteUri(w.RawUri, need, w) }, w.Group);
                    break;
                case SourceKind.EventSourceMapping:
                    var aliasArn = AliasArn(need.Function, need.AliasName);
                    step = AddStep("switch|" + SourceKeys.Of(pin), MigrationStepKind.UpdateEventSourceMapping, SourceTarget(w),
                        p => $"Invoke {Target(p)} instead of {oldLabel}",
                        new EventSourceMappingOperation { Uuid = pin.EventSourceMappingUuid, EventSourceArn = pin.EventSourceArn, OldFunctionArn = w.RawUri ?? pin.FunctionArn, NewFunctionArn = aliasArn }, w.Group);
                    break;
                case SourceKind.StageVariable:
                    var functions = string.Join(", ", w.Needs.Select(n => n.Function.FunctionName + ":" + n.AliasName));
                    step = AddStep("switch|" + SourceKeys.Of(pin), MigrationStepKind.UpdateStageVariable, StageLabel(w),
                        p => $"Set {(pin.IsCanaryOverride ? "the canary's override of stage variable" : "stage variable")} {pin.StageVariableName} to '{w.NewValue}' instead of '{w.OldValue}' (invokes {(w.Needs.Count == 1 ? Target(p) : functions)})",
                        new StageVariableOperation
                        {
                            IsV2 = w.IsV2, ApiId = w.ApiId, StageName = w.StageName, VariableName = pin.StageVariableName, IsCanaryOverride = pin.IsCanaryOverride,
                            OldValue = w.OldValue, NewValue = w.NewValue,
                        }, w.Group);
                    break;
                default:
                    return;
            }
            if (w.Draft == DraftState.Target || w.Draft == DraftState.Unknown)
            {
                step.IsSatisfied = true;
                step.Detail = w.Draft == DraftState.Target ? "Already invokes the alias." : "The draft no longer holds the pin.";
            }
            foreach (var order in PrerequisitesOf(w)) step.DependOn(order);
            Serve(step, w);
            w.SwitchStep = step.Order;
        }

        private void BuildDeployments(string group, List<PinWork> members)
        {
            var deployers = members.Where(w => w.DeployStages.Count > 0).ToList();
            if (deployers.Count > 0)
            {
                var api = deployers[0].Api;
                var stages = deployers.SelectMany(w => w.DeployStages).Distinct(StringComparer.Ordinal).ToList();
                var deployOnly = deployers.Where(w => Step(w.SwitchStep)?.IsSatisfied != false).ToList();
                var switched = deployers.Where(w => Step(w.SwitchStep)?.IsSatisfied == false).Select(w => w.SwitchStep).ToList();
                var first = stages[0];
                var firstStage = api?.FindStage(first);
                var servesLabel = Abbreviate(deployers.Where(w => w.DeployStages.Contains(first)).Select(w => RouteLabel(w)).Distinct());
                var deploy = AddStep("deploy|" + group, MigrationStepKind.CreateDeployment, $"stage {first} on {ApiLabel(deployers[0])}",
                    _ => $"Deploy the draft to stage {first} (now invoking the alias for {servesLabel})",
                    new DeploymentOperation
                    {
                        IsV2 = deployers[0].IsV2, ApiId = deployers[0].ApiId, StageName = first, PreviousDeploymentId = firstStage?.DeploymentId,
                        Description = "LambdaAlias: integrations now invoke aliases",
                    }, group);
                deploy.Detail = ComparisonScope + (firstStage?.HasCanary == true ? $" Stage {first} has a canary ({firstStage.CanaryPercentTraffic?.ToString("0.##", CultureInfo.InvariantCulture) ?? "?"}% to deployment {firstStage.CanaryDeploymentId}); only its main deployment changes." : string.Empty);
                // Any switched integration is worth deploying, but a pin whose draft was already switched is deployed only
                // once its alias and permission exist: the deployment is what makes its traffic use them.
                if (deployOnly.Count == 0) foreach (var order in switched) deploy.RequireAnyOf(order);
                foreach (var w in deployOnly) foreach (var order in PrerequisitesOf(w)) deploy.DependOn(order);
                foreach (var w in deployers) { Serve(deploy, w); w.DeploymentSteps[first] = deploy.Order; }

                foreach (var stage in stages.Skip(1))
                {
                    var stageObs = api?.FindStage(stage);
                    var serves = Abbreviate(deployers.Where(w => w.DeployStages.Contains(stage)).Select(w => RouteLabel(w)).Distinct());
                    var update = AddStep("stagedeploy|" + group + "|" + stage, MigrationStepKind.UpdateStageDeployment, $"stage {stage} on {ApiLabel(deployers[0])}",
                        p => $"Serve deployment {(p(deploy.Order) ?? $"created by step {deploy.Order}")} instead of {stageObs?.DeploymentId ?? "its current deployment"} (now invoking the alias for {serves})",
                        new StageDeploymentOperation { IsV2 = deployers[0].IsV2, ApiId = deployers[0].ApiId, StageName = stage, PreviousDeploymentId = stageObs?.DeploymentId, DeploymentFromStep = deploy.Order }, group);
                    update.DependOn(deploy.Order);
                    if (stageObs?.HasCanary == true) update.Detail = $"Stage {stage} has a canary; only its main deployment changes.";
                    foreach (var w in deployers.Where(x => x.DeployStages.Contains(stage))) { Serve(update, w); w.DeploymentSteps[stage] = update.Order; }
                }
            }

            foreach (var stage in members.SelectMany(w => w.AutoDeployStages).Distinct(StringComparer.Ordinal).ToList())
            {
                var waiters = members.Where(w => w.AutoDeployStages.Contains(stage)).ToList();
                var switched = waiters.Where(w => Step(w.SwitchStep)?.IsSatisfied == false).Select(w => w.SwitchStep).ToList();
                if (switched.Count == 0) continue; // Nothing changed, so there is no automatic deployment to wait for.
                var wait = AddStep("autodeploy|" + group + "|" + stage, MigrationStepKind.WaitForAutoDeploy, $"stage {stage} on {ApiLabel(waiters[0])}",
                    _ => "Wait for the automatic deployment to succeed", new AutoDeployWaitOperation { ApiId = waiters[0].ApiId, StageName = stage }, group, mutating: false);
                foreach (var order in switched) wait.RequireAnyOf(order);
                foreach (var w in waiters) { Serve(wait, w); w.DeploymentSteps[stage] = wait.Order; }
            }
        }

        private void BuildVerify(PinWork w)
        {
            var actionable = w.Plan.stepOrders.Select(Step).Any(s => s.IsMutating && !s.IsSatisfied);
            if (!actionable) return;
            var pin = w.Pin;
            var stages = w.IsStageVariable ? new[] { w.StageName } : w.DeployStages.Concat(w.AutoDeployStages).ToArray();
            var op = new VerifyOperation
            {
                SourceKind = pin.SourceKind, IsV2 = w.IsV2, ApiId = w.ApiId, ResourceId = pin.ResourceId, HttpMethod = pin.HttpMethod, AuthorizerId = pin.AuthorizerId,
                IntegrationId = pin.IntegrationId, EventSourceMappingUuid = pin.EventSourceMappingUuid, StageVariableName = pin.StageVariableName,
                IsCanaryOverride = pin.IsCanaryOverride, Stages = stages, DraftOnly = w.UndeployedStages.Count > 0 && stages.Length == 0,
            };
            foreach (var need in w.Needs)
                op.Expected.Add(new ExpectedAliasTarget { FunctionName = need.Function.FunctionName, AliasName = need.AliasName, Version = need.Claim?.Version ?? need.Version, VersionFromStep = need.Claim?.NeedsPublish == true ? need.Claim.PublishStep : (int?)null });
            var expected = string.Join(", ", op.Expected.Select(e => e.FunctionName + ":" + e.AliasName));
            var step = AddStep("verify|" + SourceKeys.Of(pin), MigrationStepKind.Verify, w.IsStageVariable ? StageLabel(w) : SourceTarget(w),
                p => $"Confirm it invokes {expected}{(stages.Length > 0 && !w.IsStageVariable ? " on stage(s) " + string.Join(", ", stages) : string.Empty)} and that the alias resolves to the version that served before",
                op, w.Group, mutating: false);
            if (w.SwitchStep > 0 && !Step(w.SwitchStep).IsSatisfied) step.DependOn(w.SwitchStep);
            foreach (var order in w.DeploymentSteps.Values) step.DependOn(order);
            foreach (var order in PrerequisitesOf(w)) step.DependOn(order);
            Serve(step, w);
            w.VerifyStep = step.Order;
        }

        private void BuildCleanupSteps()
        {
            if (!options.RemoveVersionPermission) return;
            var alive = Alive().ToList();
            if (options.NoDeploy)
            {
                foreach (var w in alive) w.Plan.AddWarning("-RemoveVersionPermission is ignored with -NoDeploy: the stages still serve the old qualifier, so its permission stays.");
                return;
            }
            if (obs.QualifierUses == null)
            {
                planWarnings.Add("-RemoveVersionPermission: who else invokes the old qualifiers is unknown, so no permission is removed.");
                return;
            }

            // Candidate statements: those that let a migrated source invoke its old qualifier.
            var candidates = new Dictionary<string, Candidate>(StringComparer.Ordinal);
            foreach (var w in alive)
                foreach (var need in w.Needs)
                    foreach (var invoker in need.Invokers.Where(i => !i.ViaRole))
                        foreach (var s in invoker.CoveringStatements)
                        {
                            var key = need.Function.FunctionName + "|" + need.OldQualifier + "|" + s.Sid;
                            if (!candidates.TryGetValue(key, out var c))
                                candidates[key] = c = new Candidate { Function = need.Function, Qualifier = need.OldQualifier, Statement = s, Policy = invoker.OldPolicy };
                            if (c.PinSet.Add(w)) c.Pins.Add(w);
                        }

            var aliveByKey = alive.ToLookup(w => SourceKeys.Of(w.Pin), StringComparer.Ordinal);
            foreach (var c in candidates.Values)
            {
                var label = QualifiedLabel(c.Function.FunctionName, c.Qualifier);
                var blockers = new List<string>();
                foreach (var use in obs.QualifierUses.Where(u => string.Equals(u.FunctionName, c.Function.FunctionName, StringComparison.Ordinal)
                                                                 && string.Equals(AliasNames.IsLatestQualifier(u.Qualifier) ? string.Empty : u.Qualifier, c.Qualifier, StringComparison.Ordinal)))
                {
                    if (!IsRetired(use, aliveByKey, c.Function)) blockers.Add(use.Description ?? use.SourceKind.ToString());
                }
                foreach (var other in (c.Policy?.Statements ?? new List<PolicyStatement>()).Where(s => s.Sid != c.Statement.Sid && !string.Equals(s.Principal, c.Statement.Principal, StringComparison.OrdinalIgnoreCase)))
                    blockers.Add($"statement {other.Sid} ({other.Principal})");
                if (c.Pins.Any(p => p.CanaryStages.Count > 0 || p.UndeployedStages.Count > 0)) blockers.Add("a stage or canary that this run does not redeploy");

                if (blockers.Count > 0)
                {
                    foreach (var w in c.Pins)
                        w.Plan.AddWarning($"Kept statement {c.Statement.Sid} on {label}: {label} is still used by {string.Join("; ", blockers.Distinct())}.");
                    continue;
                }
                var step = AddStep("unperm|" + c.Function.FunctionName + "|" + c.Qualifier + "|" + c.Statement.Sid, MigrationStepKind.RemovePermission, $"Lambda function {label} (resource policy)",
                    _ => $"Remove statement {c.Statement.Sid} ({c.Statement.Principal} from {c.Statement.SourceArn ?? "any source"}) now that nothing invokes {label} through it",
                    new RemovePermissionOperation
                    {
                        FunctionName = c.Function.FunctionName, FunctionArn = c.Function.FunctionArn, Qualifier = string.IsNullOrEmpty(c.Qualifier) ? null : c.Qualifier,
                        StatementId = c.Statement.Sid, ExpectedPolicyRevisionId = c.Policy?.RevisionId,
                    }, "cleanup");
                foreach (var w in c.Pins)
                {
                    // Only after the switch is live: every pin using the statement must be verified first.
                    if (w.VerifyStep > 0) step.DependOn(w.VerifyStep);
                    else foreach (var order in w.DeploymentSteps.Values) step.DependOn(order);
                    Serve(step, w);
                }
            }
        }

        private static bool IsRetired(QualifierUse use, ILookup<string, PinWork> aliveByKey, FunctionObservation function)
        {
            var useKey = SourceKeys.Of(use.SourceKind, use.RestApiId, use.ApiId, use.ResourceId, use.HttpMethod, use.AuthorizerId, use.IntegrationId,
                use.EventSourceMappingUuid, use.SourceKind == SourceKind.StageVariable ? use.StageName : null, use.StageVariableName,
                use.SourceKind == SourceKind.StageVariable && use.IsCanary);
            foreach (var w in aliveByKey[useKey])
            {
                if (!w.Needs.Any(n => n.Function == function)) continue;
                if (w.Pin.SourceKind == SourceKind.StageVariable || w.Pin.SourceKind == SourceKind.EventSourceMapping) return true;
                if (use.StageName == null) return w.SwitchStep > 0;
                if (use.IsCanary) return false;
                return w.DeployStages.Contains(use.StageName) || w.AutoDeployStages.Contains(use.StageName);
            }
            return false;
        }

        // ------------------------------------------------------------------ helpers

        private PlannedStep AddStep(string key, MigrationStepKind kind, string target, Func<Func<int, string>, string> action, StepOperation op, string group, bool mutating = true)
        {
            if (stepsByKey.TryGetValue(key, out var existing)) return existing;
            var step = new PlannedStep { Order = steps.Count + 1, Kind = kind, Target = target, ActionTemplate = action, Operation = op, Group = group, IsMutating = mutating, Key = key };
            steps.Add(step);
            stepsByKey[key] = step;
            return step;
        }

        private PlannedStep Step(int order) => order >= 1 && order <= steps.Count ? steps[order - 1] : null;

        private static void Serve(PlannedStep step, PinWork w)
        {
            step.Serve(w.Plan.Index);
            w.Plan.AddStep(step.Order);
        }

        private MigrationPlan Finish()
        {
            foreach (var w in work)
            {
                if (w.Plan.Status == PinPlanStatus.Failed)
                {
                    // A failed pin changes nothing: it is served by no step. Steps it shared keep serving the others.
                    foreach (var order in w.Plan.stepOrders) steps[order - 1].pinIndexes.Remove(w.Plan.Index);
                    w.Plan.stepOrders.Clear();
                    w.Plan.ReportAfterStep = 0;
                    continue;
                }
                if (w.Plan.Status == PinPlanStatus.Ready && !w.Plan.stepOrders.Select(Step).Any(s => s.IsMutating && !s.IsSatisfied))
                    w.Plan.Status = PinPlanStatus.AlreadyOnAlias;
                w.Plan.ReportAfterStep = Math.Max(w.GroupLastStep, w.Plan.stepOrders.DefaultIfEmpty(0).Max());
            }
            return new MigrationPlan(steps, work.Select(w => w.Plan).ToList(), planWarnings);
        }

        private MigrationError Error(string errorId, ErrorCategory category, string message, PinWork w) =>
            new MigrationError(errorId, category, message, w.Pin == null ? null : $"{w.Pin.QualifiedName} at {w.Pin.Location}");

        private string ApiLabel(PinWork w)
        {
            var kind = !w.IsV2 ? "REST API" : string.Equals(w.Api?.ProtocolType, "WEBSOCKET", StringComparison.OrdinalIgnoreCase) || w.Pin.SourceKind == SourceKind.WebSocketApi ? "WebSocket API" : "HTTP API";
            var name = w.Api?.Name ?? w.Pin.ApiName;
            return string.IsNullOrEmpty(name) ? $"{kind} {w.ApiId}" : $"{kind} {name} ({w.ApiId})";
        }

        private string StageLabel(PinWork w) => (w.Pin.IsCanaryOverride ? "canary of stage " : "stage ") + w.StageName + " on " + ApiLabel(w);

        private static string RouteLabel(PinWork w)
        {
            var pin = w.Pin;
            switch (pin.SourceKind)
            {
                case SourceKind.RestApi: return (pin.HttpMethod ?? "ANY").ToUpperInvariant() + " " + (pin.ResourcePath ?? "/");
                case SourceKind.RestAuthorizer:
                case SourceKind.HttpAuthorizer: return "authorizer " + (w.SourceName ?? pin.AuthorizerId);
                default: return pin.Routes != null && pin.Routes.Length > 0 ? string.Join(", ", pin.Routes) : "integration " + pin.IntegrationId;
            }
        }

        private string SourceTarget(PinWork w)
        {
            var pin = w.Pin;
            switch (pin.SourceKind)
            {
                case SourceKind.RestApi: return $"{RouteLabel(w)} on {ApiLabel(w)}";
                case SourceKind.RestAuthorizer:
                case SourceKind.HttpAuthorizer:
                    return string.IsNullOrEmpty(w.SourceName) ? $"authorizer {pin.AuthorizerId} on {ApiLabel(w)}" : $"authorizer {w.SourceName} ({pin.AuthorizerId}) on {ApiLabel(w)}";
                case SourceKind.HttpApi:
                case SourceKind.WebSocketApi:
                    return pin.Routes != null && pin.Routes.Length > 0 ? $"integration {pin.IntegrationId} ({string.Join(", ", pin.Routes)}) on {ApiLabel(w)}" : $"integration {pin.IntegrationId} on {ApiLabel(w)}";
                case SourceKind.EventSourceMapping:
                    return string.IsNullOrEmpty(pin.EventSourceArn) ? $"event source mapping {pin.EventSourceMappingUuid}" : $"event source mapping {pin.EventSourceMappingUuid} ({pin.EventSourceArn})";
                default: return pin.Location;
            }
        }

        /// <summary>"a, b, c and 9997 more": a deployment of a large API must not print every route in its prompt.</summary>
        private static string Abbreviate(IEnumerable<string> labels, int shown = 5)
        {
            var list = labels.ToList();
            return list.Count <= shown ? string.Join(", ", list) : string.Join(", ", list.Take(shown)) + " and " + (list.Count - shown).ToString(CultureInfo.InvariantCulture) + " more";
        }

        private static string QualifiedLabel(string function, string qualifier) => string.IsNullOrEmpty(qualifier) ? function : function + ":" + qualifier;

        /// <summary>
        /// The source's URI with the function's qualifier replaced by the alias, keeping its form (invocations URI or bare
        /// ARN, partition, region): only the ":function:{name}[:{qualifier}]" part changes.
        /// </summary>
        private string RewriteUri(string raw, FunctionNeed need, PinWork w)
        {
            var name = need.Function.FunctionName;
            if (!string.IsNullOrEmpty(raw))
            {
                var marker = ":function:" + name;
                var index = 0;
                while ((index = raw.IndexOf(marker, index, StringComparison.Ordinal)) >= 0)
                {
                    var end = index + marker.Length;
                    if (end == raw.Length || raw[end] == ':' || raw[end] == '/')
                    {
                        var stop = end;
                        if (stop < raw.Length && raw[stop] == ':')
                        {
                            var slash = raw.IndexOf('/', stop);
                            stop = slash < 0 ? raw.Length : slash;
                        }
                        return raw.Substring(0, index) + marker + ":" + need.AliasName + raw.Substring(stop);
                    }
                    index = end;
                }
            }
            var aliasArn = AliasArn(need.Function, need.AliasName) ?? $"arn:{Partition}:lambda:{w.Pin.Region ?? obs.Region}:{w.Pin.AccountId ?? obs.CallerAccountId}:function:{name}:{need.AliasName}";
            if (w.IsV2 && w.Pin.SourceKind == SourceKind.HttpApi) return aliasArn;
            var region = aliasArn.Split(':')[3];
            return $"arn:{Partition}:apigateway:{region}:lambda:path/2015-03-31/functions/{aliasArn}/invocations";
        }

        // ------------------------------------------------------------------ working types

        internal enum DraftState { Old, Target, Other, Unknown }

        internal sealed class PinWork
        {
            public LambdaIntegrationPin Pin;
            public PinPlan Plan;
            public SourceObservation Source;
            public string SourceName;
            public bool IsLatest, IsStageVariable, IsV2;
            public string ApiId, Group, AliasName, StageName, RawUri, CredentialsRole, OldValue, NewValue;
            public ApiObservation Api;
            public DraftState Draft = DraftState.Old;
            public readonly List<FunctionNeed> Needs = new List<FunctionNeed>();
            public readonly List<string> DeployStages = new List<string>();
            public readonly List<string> AutoDeployStages = new List<string>();
            public readonly List<string> UndeployedStages = new List<string>();
            public readonly List<string> CanaryStages = new List<string>();
            public readonly Dictionary<string, int> DeploymentSteps = new Dictionary<string, int>(StringComparer.Ordinal);
            public int SwitchStep, VerifyStep, GroupLastStep;
        }

        internal sealed class FunctionNeed
        {
            public FunctionObservation Function;
            public string Version;
            public bool IsLatest;
            /// <summary>"1", or "" for unqualified/$LATEST (or the alias name of an alias at $LATEST).</summary>
            public string OldQualifier;
            public string AliasName;
            public AliasClaim Claim;
            public readonly List<Invoker> Invokers = new List<Invoker>();
            public readonly List<DesiredStatement> Statements = new List<DesiredStatement>();
        }

        internal sealed class Invoker
        {
            public string Principal, SourceArn, SourceAccount, CredentialsRole, ApiWideArn;
            public bool ViaRole;
            public QualifierPolicy OldPolicy;
            public readonly List<PolicyStatement> CoveringStatements = new List<PolicyStatement>();
        }

        internal sealed class DesiredStatement
        {
            public string Principal, SourceArn, SourceAccount, PrincipalOrgId, StatementId;
            public PolicyStatement CopiedFrom, SatisfiedBy;
            public int Step;
        }

        internal sealed class AliasClaim
        {
            public FunctionObservation Function;
            public string AliasName, Version, Detail;
            public bool IsLatest, Satisfied, Create, Update, Moves, NeedsPublish;
            public AliasState Existing;
            public PinWork FirstPin;
            public int PublishStep, AliasStep;
            public readonly List<PinWork> Pins = new List<PinWork>();
        }

        private sealed class Candidate
        {
            public FunctionObservation Function;
            public string Qualifier;
            public PolicyStatement Statement;
            public QualifierPolicy Policy;
            public readonly List<PinWork> Pins = new List<PinWork>();
            public readonly HashSet<PinWork> PinSet = new HashSet<PinWork>();
        }
    }
}
