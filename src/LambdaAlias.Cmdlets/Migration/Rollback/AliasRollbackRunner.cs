using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>The cmdlet's switches that shape a rollback.</summary>
    public sealed class AliasRollbackOptions
    {
        /// <summary>-ToVersion, or null for the default target.</summary>
        public string ToVersion { get; set; }
        public bool AllowConfigRegression { get; set; }
    }

    /// <summary>Asks whether to make the change (ShouldProcess on the pipeline thread, or -Force). Under -WhatIf it answers
    /// (false, WhatIf); after a "No" (false, None). Throws when confirmation is needed and no one can give it.</summary>
    public delegate Task<(bool Proceed, ShouldProcessReason Reason)> RollbackConfirmation(string target, string action);

    /// <summary>Who calls an alias, as far as a scan could tell; <see cref="Problem"/> says why the list may be incomplete.</summary>
    public sealed class AliasCallerLookup
    {
        public IReadOnlyList<AliasCaller> Callers { get; set; } = Array.Empty<AliasCaller>();
        public string Problem { get; set; }
    }

    /// <summary>What became of one alias: always a result, plus the error when it failed.</summary>
    public sealed class AliasRollbackOutcome
    {
        public AliasRollbackResult Result { get; internal set; }
        public MigrationError Error { get; internal set; }
    }

    /// <summary>Confirmation was required but could not be asked for (no host UI). Nothing of this alias was changed.</summary>
    public sealed class RollbackConfirmationUnavailableException : Exception
    {
        public RollbackConfirmationUnavailableException(string target, string action, Exception inner)
            : base($"Invoke-AliasRollback needs confirmation to \"{action}\" on \"{target}\", and this host cannot ask for it ({inner.Message}). Nothing was changed. In runbooks, pass -Confirm:$false or -Force.", inner)
        {
            Target = target;
        }

        public string Target { get; }
    }

    /// <summary>The exception behind an ErrorRecord of a rollback decision (NoEarlierVersion, ConfigRegression, ...).</summary>
    public sealed class AliasRollbackException : Exception
    {
        public AliasRollbackException(MigrationError error)
            : base(error?.Message, error?.Exception)
        {
            Error = error ?? throw new ArgumentNullException(nameof(error));
        }

        public MigrationError Error { get; }

        public ErrorRecord ToErrorRecord() => new ErrorRecord(this, Error.ErrorId, Error.Category, Error.Target);
    }

    /// <summary>
    /// The I/O of one alias rollback: read the alias (with its RevisionId), its versions and the alias policy, let
    /// <see cref="RollbackPlanner"/> decide, confirm, then one UpdateAlias guarded by that RevisionId. Reads happen
    /// whatever the confirmation; UpdateAlias is the only mutating call, and only after a yes.
    /// </summary>
    public sealed class AliasRollbackRunner
    {
        private readonly ILambdaApi _lambda;
        private readonly AliasRollbackOptions _options;

        public AliasRollbackRunner(ILambdaApi lambda, AliasRollbackOptions options)
        {
            _lambda = lambda ?? throw new ArgumentNullException(nameof(lambda));
            _options = options ?? new AliasRollbackOptions();
        }

        /// <param name="request">One distinct alias, with its account context filled in.</param>
        /// <param name="callers">Who invokes the alias; awaited only once the alias is known to exist.</param>
        /// <param name="confirm">ShouldProcess; its exception (no host UI) propagates as
        /// <see cref="RollbackConfirmationUnavailableException"/> before anything is changed.</param>
        public async Task<AliasRollbackOutcome> RunAsync(RollbackRequest request, Func<CancellationToken, Task<AliasCallerLookup>> callers, RollbackConfirmation confirm, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            if (confirm == null) throw new ArgumentNullException(nameof(confirm));
            var label = request.FunctionName + ":" + request.AliasName;
            var input = new RollbackInput
            {
                FunctionName = request.FunctionName, AliasName = request.AliasName, ToVersion = _options.ToVersion,
                AllowConfigRegression = _options.AllowConfigRegression,
                Region = request.Region, AccountId = request.AccountId, ProfileName = request.ProfileName, EndpointUrl = request.EndpointUrl,
            };
            var extraWarnings = new List<string>();

            // 1. The alias as it is now. Its RevisionId guards the update.
            AliasConfiguration alias;
            try
            {
                alias = await _lambda.GetAliasAsync(request.FunctionName, request.AliasName, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (e.IsNotFound)
            {
                input.AliasArn = request.AliasArn;
                var notFound = new MigrationError(ErrorIds.AliasNotFound, ErrorCategory.ObjectNotFound,
                    $"Alias {label} does not exist: {e.Message}", label, e);
                return Failed(input, null, notFound);
            }
            catch (Exception e) when (IsReadFailure(e))
            {
                input.AliasArn = request.AliasArn;
                return Failed(input, null, ReadError("GetAlias", label, e));
            }
            input.Alias = ToState(alias);

            // 2. Every published version, with the configuration the drift check compares.
            var versions = new Dictionary<string, FunctionConfiguration>(StringComparer.Ordinal);
            try
            {
                var enumerator = _lambda.ListVersionsByFunctionAsync(request.FunctionName, cancellationToken).GetAsyncEnumerator(cancellationToken);
                try
                {
                    while (await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        var version = enumerator.Current;
                        if (version?.Version != null) versions[version.Version] = version;
                    }
                }
                finally
                {
                    await enumerator.DisposeAsync().ConfigureAwait(false);
                }
            }
            catch (Exception e) when (IsReadFailure(e))
            {
                return Failed(input, null, ReadError("ListVersionsByFunction", label, e));
            }
            input.PublishedVersions = versions.Keys.ToList();

            var target = RollbackPlanner.ChooseTarget(input);
            if (target.IsError) return Failed(input, target, target.Error);

            // 3. Who calls the alias, and whether the alias's policy still lets them. Only a warning: the policy belongs to
            // the alias, so the rollback changes nothing about it, but an operator should know the failures will remain.
            if (!target.IsNoOp && callers != null)
            {
                var lookup = await callers(cancellationToken).ConfigureAwait(false) ?? new AliasCallerLookup();
                if (lookup.Problem != null) extraWarnings.Add($"Could not check whether the policy of {label} still covers its callers: {lookup.Problem}");
                input.Callers = lookup.Callers;
                if (lookup.Callers.Count > 0)
                {
                    try
                    {
                        var policy = await _lambda.GetPolicyAsync(request.FunctionName, request.AliasName, cancellationToken).ConfigureAwait(false);
                        if (policy == null || !policy.HasPolicy) input.AliasPolicy = Array.Empty<PolicyStatement>();
                        else if (LambdaPolicyParser.TryParse(policy.Policy, out var statements, out var problem)) input.AliasPolicy = statements;
                        else
                        {
                            input.Callers = Array.Empty<AliasCaller>();
                            extraWarnings.Add($"Could not check whether the policy of {label} still covers its callers: {problem.Message}");
                        }
                    }
                    catch (Exception e) when (IsReadFailure(e))
                    {
                        input.Callers = Array.Empty<AliasCaller>();
                        extraWarnings.Add($"Could not read the policy of {label} to check that it still covers its callers: {e.Message}");
                    }
                }
            }

            // 4. Decide, with the drift between the version that would serve and the one serving now.
            var decision = RollbackPlanner.Decide(input, target, Drift(versions, target));
            if (decision.Error != null) return new AliasRollbackOutcome { Result = decision.ToResult(RollbackStatus.Failed, extraWarnings), Error = decision.Error };
            if (!decision.ShouldUpdate) return new AliasRollbackOutcome { Result = decision.ToResult(RollbackStatus.Skipped, extraWarnings) };

            // 5. Confirm. Nothing has changed yet, whatever the answer.
            (bool Proceed, ShouldProcessReason Reason) answer;
            try
            {
                answer = await confirm(decision.ShouldProcessTarget, decision.ShouldProcessAction).ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is PipelineStoppedException) && !(e is OperationCanceledException) && !(e is OutOfMemoryException))
            {
                throw new RollbackConfirmationUnavailableException(decision.ShouldProcessTarget, decision.ShouldProcessAction, e);
            }
            if (!answer.Proceed)
                return new AliasRollbackOutcome { Result = decision.ToResult(answer.Reason == ShouldProcessReason.WhatIf ? RollbackStatus.WhatIf : RollbackStatus.Declined, extraWarnings) };

            // 6. The one mutating call.
            cancellationToken.ThrowIfCancellationRequested();
            var update = new UpdateAliasRequest
            {
                FunctionName = request.FunctionName,
                Name = request.AliasName,
                FunctionVersion = decision.FunctionVersion,
                // An empty map removes every additional version weight; null would leave the routing as it is.
                RoutingConfig = decision.ClearRouting ? new AliasRoutingConfiguration { AdditionalVersionWeights = new Dictionary<string, double>() } : null,
                RevisionId = decision.ExpectedRevisionId,
            };
            AliasConfiguration updated;
            try
            {
                updated = await _lambda.UpdateAliasAsync(update, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (GuardedAliasUpdate.MayBeOwnChange(e, update))
            {
                // The transport repeated the update after a lost answer; the 412 may be the repeat meeting our own change.
                var found = await GuardedAliasUpdate.ReconcileAsync(_lambda, update, cancellationToken).ConfigureAwait(false);
                if (!found.ServesRequested)
                    return new AliasRollbackOutcome { Result = decision.ToResult(RollbackStatus.Failed, extraWarnings), Error = RollbackPlanner.ClassifyUpdateFailure(decision, e, found) };
                updated = found.Alias;
            }
            catch (Exception e) when (!(e is OperationCanceledException) || !cancellationToken.IsCancellationRequested)
            {
                return new AliasRollbackOutcome { Result = decision.ToResult(RollbackStatus.Failed, extraWarnings), Error = RollbackPlanner.ClassifyUpdateFailure(decision, e) };
            }

            // 7. The answer of UpdateAlias (or the re-read after a repeated one) is the alias as it now serves.
            if (updated == null || !string.Equals(updated.FunctionVersion, decision.FunctionVersion, StringComparison.Ordinal) || updated.HasWeightedRouting)
            {
                var found = updated == null ? "no alias" : updated.ToString();
                return new AliasRollbackOutcome
                {
                    Result = decision.ToResult(RollbackStatus.Failed, extraWarnings),
                    Error = new MigrationError(ErrorIds.VerificationFailed, ErrorCategory.InvalidResult,
                        $"UpdateAlias of {label} answered with {found} instead of version {decision.FunctionVersion} without weights. Check the alias with Get-LMAlias or 'aws lambda get-alias'.", label),
                };
            }
            return new AliasRollbackOutcome { Result = decision.ToResult(decision.AppliedStatus, extraWarnings) };
        }

        /// <summary>The drift the planner judges: the target version's configuration against the one serving now.</summary>
        private static IReadOnlyList<ConfigDifference> Drift(IReadOnlyDictionary<string, FunctionConfiguration> versions, RollbackTarget target)
        {
            if (target.IsNoOp || target.CompareTargetVersion == null || target.CompareCurrentVersion == null || target.CompareTargetVersion == target.CompareCurrentVersion) return null;
            if (!versions.TryGetValue(target.CompareTargetVersion, out var to) || !versions.TryGetValue(target.CompareCurrentVersion, out var from)) return null;
            return RollbackDrift.Compare(to.ToSnapshot(), from.ToSnapshot());
        }

        private static AliasState ToState(AliasConfiguration alias) => new AliasState
        {
            Name = alias.Name,
            FunctionVersion = alias.FunctionVersion,
            AdditionalVersionWeights = alias.RoutingConfig?.AdditionalVersionWeights != null
                ? new Dictionary<string, double>(alias.RoutingConfig.AdditionalVersionWeights, StringComparer.Ordinal)
                : new Dictionary<string, double>(StringComparer.Ordinal),
            RevisionId = alias.RevisionId,
            AliasArn = alias.AliasArn,
        };

        private static AliasRollbackOutcome Failed(RollbackInput input, RollbackTarget target, MigrationError error)
        {
            var decision = RollbackPlanner.Decide(input, target ?? new RollbackTarget { Error = error }, null);
            return new AliasRollbackOutcome { Result = decision.ToResult(RollbackStatus.Failed), Error = error };
        }

        private static MigrationError ReadError(string operation, string label, Exception e)
        {
            var aws = e as AwsServiceException;
            var category = aws == null ? ErrorCategory.ConnectionError
                : aws.IsAccessDenied ? ErrorCategory.PermissionDenied
                : aws.IsNotFound ? ErrorCategory.ObjectNotFound
                : aws.IsThrottling ? ErrorCategory.LimitsExceeded
                : ErrorCategory.ReadError;
            AwsErrorRecords.Classify(e, out var errorId, out _);
            return new MigrationError(errorId, category, $"{operation} for {label} failed: {e.Message} Nothing was changed.", label, e);
        }

        private static bool IsReadFailure(Exception e) => !(e is OperationCanceledException) && !(e is OutOfMemoryException);
    }
}
