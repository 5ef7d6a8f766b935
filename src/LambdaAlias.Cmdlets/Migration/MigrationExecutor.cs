using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>The cmdlet's ShouldProcess (the overload with <c>out ShouldProcessReason</c>), handed to the core as a delegate.
    /// Under -WhatIf it returns (false, WhatIf); after a "No" it returns (false, None).</summary>
    public delegate (bool Proceed, ShouldProcessReason Reason) ShouldProcessCallback(string target, string action);

    /// <summary>
    /// The I/O of a migration, one method per step kind. The cmdlet backs it with the real service clients; tests with a fake.
    /// Each method returns Done (with a produced value where there is one) or AlreadyDone when AWS answers that the effect
    /// already holds (ResourceConflictException for an alias that exists at that version, a duplicate StatementId whose
    /// statement is identical, an integration already at the URI); anything else is thrown, typically AwsServiceException.
    /// </summary>
    public interface IMigrationActions
    {
        /// <summary>Returns the published version in <see cref="StepActionResult.Value"/>.</summary>
        Task<StepActionResult> PublishVersionAsync(PublishVersionOperation operation, CancellationToken cancellationToken);
        Task<StepActionResult> CreateAliasAsync(AliasOperation operation, CancellationToken cancellationToken);
        Task<StepActionResult> UpdateAliasAsync(AliasOperation operation, CancellationToken cancellationToken);
        Task<StepActionResult> AddPermissionAsync(AddPermissionOperation operation, CancellationToken cancellationToken);
        Task<StepActionResult> UpdateIntegrationAsync(IntegrationOperation operation, CancellationToken cancellationToken);
        Task<StepActionResult> UpdateAuthorizerAsync(AuthorizerOperation operation, CancellationToken cancellationToken);
        Task<StepActionResult> UpdateStageVariableAsync(StageVariableOperation operation, CancellationToken cancellationToken);
        Task<StepActionResult> UpdateEventSourceMappingAsync(EventSourceMappingOperation operation, CancellationToken cancellationToken);
        /// <summary>Returns the deployment id in <see cref="StepActionResult.Value"/>.</summary>
        Task<StepActionResult> CreateDeploymentAsync(DeploymentOperation operation, CancellationToken cancellationToken);
        Task<StepActionResult> UpdateStageDeploymentAsync(StageDeploymentOperation operation, CancellationToken cancellationToken);
        Task<StepActionResult> WaitForAutoDeployAsync(AutoDeployWaitOperation operation, CancellationToken cancellationToken);
        /// <summary>Returns Done when the resource invokes the alias at the expected version, <see cref="StepActionResult.Mismatch"/> otherwise.</summary>
        Task<StepActionResult> VerifyAsync(VerifyOperation operation, CancellationToken cancellationToken);
        Task<StepActionResult> RemovePermissionAsync(RemovePermissionOperation operation, CancellationToken cancellationToken);
    }

    public sealed class StepActionResult
    {
        private StepActionResult(StepOutcome outcome, string value, string detail, bool mismatch)
        {
            Outcome = outcome; Value = value; Detail = detail; IsMismatch = mismatch;
        }

        /// <summary>Done or AlreadyDone (Failed for a verification mismatch).</summary>
        public StepOutcome Outcome { get; }
        /// <summary>A produced value: the published version, the deployment id.</summary>
        public string Value { get; }
        public string Detail { get; }
        public bool IsMismatch { get; }

        public static StepActionResult Done(string value = null, string detail = null) => new StepActionResult(StepOutcome.Done, value, detail, false);
        public static StepActionResult AlreadyDone(string detail = null, string value = null) => new StepActionResult(StepOutcome.AlreadyDone, value, detail, false);
        /// <summary>For Verify: what was found instead of the alias.</summary>
        public static StepActionResult Mismatch(string detail) => new StepActionResult(StepOutcome.Failed, null, detail, true);
    }

    /// <summary>One pin's result and the errors to write after it.</summary>
    public sealed class PinOutcome
    {
        internal PinOutcome(MigrationResult result, IReadOnlyList<MigrationError> errors) { Result = result; Errors = errors; }
        public MigrationResult Result { get; }
        public IReadOnlyList<MigrationError> Errors { get; }
    }

    public sealed class MigrationRun
    {
        internal MigrationRun(IReadOnlyList<PinOutcome> outcomes, IReadOnlyList<MigrationStep> steps, bool cancelled)
        {
            Outcomes = outcomes; Steps = steps; Cancelled = cancelled;
        }

        /// <summary>One per pin, in the order they were reported (an API's pins after its deployment).</summary>
        public IReadOnlyList<PinOutcome> Outcomes { get; }
        /// <summary>Every step of the plan with its outcome.</summary>
        public IReadOnlyList<MigrationStep> Steps { get; }
        public bool Cancelled { get; }
    }

    /// <summary>
    /// Runs a plan's steps strictly in order on the calling thread: it asks ShouldProcess for every mutating step, keeps
    /// simulating under WhatIf, skips whatever depends on a refused or failed step, and reports each pin once everything it
    /// depends on (its API's deployment included) has settled. Cancellation stops between steps, except that a deployment
    /// of an API whose integrations were already switched still runs.
    /// </summary>
    public static class MigrationExecutor
    {
        public static MigrationRun Execute(MigrationPlan plan, IMigrationActions actions, ShouldProcessCallback shouldProcess,
            CancellationToken cancellationToken = default(CancellationToken), Action<PinOutcome> onPinReported = null)
        {
            if (plan == null) throw new ArgumentNullException(nameof(plan));
            if (actions == null) throw new ArgumentNullException(nameof(actions));
            if (shouldProcess == null) throw new ArgumentNullException(nameof(shouldProcess));
            return new Run(plan, actions, shouldProcess, cancellationToken, onPinReported).Execute();
        }

        private sealed class Run
        {
            private readonly MigrationPlan plan;
            private readonly IMigrationActions actions;
            private readonly ShouldProcessCallback shouldProcess;
            private readonly CancellationToken token;
            private readonly Action<PinOutcome> onPinReported;
            private readonly StepOutcome[] outcome;
            private readonly string[] value;
            private readonly string[] detail;
            private readonly Dictionary<int, MigrationError> stepErrors = new Dictionary<int, MigrationError>();
            private readonly HashSet<int> reportedStepErrors = new HashSet<int>();
            private readonly List<PinPlan> reportQueue;
            private int nextReport;
            private readonly int[][] modelDependsOn;
            private readonly List<PinOutcome> reported = new List<PinOutcome>();
            private bool anyMutation;
            private bool stopped;

            internal Run(MigrationPlan plan, IMigrationActions actions, ShouldProcessCallback shouldProcess, CancellationToken token, Action<PinOutcome> onPinReported)
            {
                this.plan = plan; this.actions = actions; this.shouldProcess = shouldProcess; this.token = token; this.onPinReported = onPinReported;
                outcome = new StepOutcome[plan.Steps.Count + 1];
                value = new string[plan.Steps.Count + 1];
                detail = new string[plan.Steps.Count + 1];
                // Pins in the order they become reportable; ties keep input order.
                reportQueue = plan.Pins.OrderBy(p => p.ReportAfterStep).ThenBy(p => p.Index).ToList();
                modelDependsOn = plan.Steps.Select(st => st.DependsOn.Concat(st.RequiresAnyOf).Distinct().OrderBy(x => x).ToArray()).ToArray();
            }

            private string Produced(int order) => order >= 1 && order < value.Length ? value[order] : null;
            private bool Succeeded(int order) => outcome[order] == StepOutcome.Done || outcome[order] == StepOutcome.AlreadyDone;
            private bool Simulated(int order) => outcome[order] == StepOutcome.WhatIf;

            internal MigrationRun Execute()
            {
                ReportUpTo(0);
                foreach (var step in plan.Steps)
                {
                    RunStep(step);
                    ReportUpTo(step.Order);
                }
                ReportUpTo(int.MaxValue);
                return new MigrationRun(reported, plan.Steps.Select(ToModel).ToList(), stopped || token.IsCancellationRequested);
            }

            private void RunStep(PlannedStep step)
            {
                var order = step.Order;
                if (step.IsSatisfied)
                {
                    outcome[order] = StepOutcome.AlreadyDone;
                    detail[order] = step.Detail;
                    return;
                }

                var blocker = step.DependsOn.FirstOrDefault(d => !Succeeded(d) && !Simulated(d));
                var simulate = step.DependsOn.Any(Simulated);
                if (blocker == 0 && step.RequiresAnyOf.Count > 0 && !step.RequiresAnyOf.Any(Succeeded))
                {
                    if (step.RequiresAnyOf.Any(Simulated)) simulate = true;
                    else blocker = step.RequiresAnyOf[0];
                }
                if (blocker != 0)
                {
                    outcome[order] = StepOutcome.SkippedDependency;
                    detail[order] = $"Not run: step {blocker} ({plan.Step(blocker).Kind}) was {Describe(outcome[blocker])}.";
                    return;
                }

                var completesSwitch = CompletesSwitch(step);
                if ((stopped || token.IsCancellationRequested) && !completesSwitch)
                {
                    outcome[order] = StepOutcome.NotRun;
                    detail[order] = "Not run: the command was stopped.";
                    return;
                }

                if (step.IsMutating)
                {
                    (bool Proceed, ShouldProcessReason Reason) answer;
                    try
                    {
                        answer = shouldProcess(step.Target, step.RenderAction(Produced));
                    }
                    catch (Exception ex) when (anyMutation && !(ex is OutOfMemoryException))
                    {
                        // Something already changed: keep the record of it rather than losing it with the exception.
                        outcome[order] = StepOutcome.Failed;
                        stepErrors[order] = new MigrationError(ErrorIds.ConfirmationRequired, ErrorCategory.OperationStopped,
                            $"Step {order} ({step.Kind} on {step.Target}) could not be confirmed: {ex.Message} Steps already done are listed in the result; run again to finish.", step.Target, ex, order);
                        stopped = true;
                        return;
                    }
                    if (!answer.Proceed)
                    {
                        outcome[order] = answer.Reason == ShouldProcessReason.WhatIf || simulate ? StepOutcome.WhatIf : StepOutcome.Declined;
                        return;
                    }
                    if (simulate)
                    {
                        // Confirmed, but what it builds on was only simulated: it cannot run for real.
                        outcome[order] = StepOutcome.WhatIf;
                        return;
                    }
                }
                else if (simulate)
                {
                    outcome[order] = StepOutcome.WhatIf;
                    return;
                }

                Invoke(step, completesSwitch ? CancellationToken.None : token);
            }

            /// <summary>A deployment (or stage update, or auto-deploy wait) of an API one of whose switches already ran.</summary>
            private bool CompletesSwitch(PlannedStep step)
            {
                if (step.Kind != MigrationStepKind.CreateDeployment && step.Kind != MigrationStepKind.UpdateStageDeployment && step.Kind != MigrationStepKind.WaitForAutoDeploy) return false;
                return plan.Steps.Any(s => s.Order < step.Order && s.Group == step.Group && outcome[s.Order] == StepOutcome.Done
                                           && (s.Kind == MigrationStepKind.UpdateIntegration || s.Kind == MigrationStepKind.UpdateAuthorizer));
            }

            private void Invoke(PlannedStep step, CancellationToken callToken)
            {
                var order = step.Order;
                try
                {
                    Resolve(step.Operation);
                    // The action runs on the thread pool and is awaited here, so this (the pipeline) thread never hosts its
                    // continuations, and ShouldProcess is only ever called from this thread.
                    var result = Task.Run(() => Dispatch(step, callToken)).GetAwaiter().GetResult()
                                 ?? StepActionResult.Done();
                    if (result.IsMismatch)
                    {
                        outcome[order] = StepOutcome.Failed;
                        detail[order] = result.Detail;
                        stepErrors[order] = new MigrationError(step.Kind == MigrationStepKind.Verify ? ErrorIds.VerificationFailed : ErrorIds.StepFailed,
                            ErrorCategory.InvalidResult, $"Step {order} ({step.Kind} on {step.Target}): {result.Detail}", step.Target, null, order);
                        return;
                    }
                    outcome[order] = result.Outcome == StepOutcome.AlreadyDone ? StepOutcome.AlreadyDone : StepOutcome.Done;
                    value[order] = result.Value;
                    detail[order] = result.Detail;
                    if (outcome[order] == StepOutcome.Done && step.IsMutating) anyMutation = true;
                }
                catch (Exception ex) when (!(ex is OutOfMemoryException))
                {
                    outcome[order] = StepOutcome.Failed;
                    detail[order] = ex.Message;
                    stepErrors[order] = MigrationFailures.Classify(step, ex, token.IsCancellationRequested);
                    // The call may have reached AWS before failing: count it as a possible change.
                    if (step.IsMutating) anyMutation = true;
                }
            }

            private void Resolve(StepOperation operation)
            {
                switch (operation)
                {
                    case AliasOperation alias when alias.VersionFromStep.HasValue:
                        alias.FunctionVersion = Produced(alias.VersionFromStep.Value) ?? throw new InvalidOperationException($"Step {alias.VersionFromStep} produced no version.");
                        break;
                    case StageDeploymentOperation stage:
                        stage.DeploymentId = Produced(stage.DeploymentFromStep) ?? throw new InvalidOperationException($"Step {stage.DeploymentFromStep} produced no deployment id.");
                        break;
                    case VerifyOperation verify:
                        foreach (var e in verify.Expected.Where(e => e.VersionFromStep.HasValue)) e.Version = Produced(e.VersionFromStep.Value) ?? e.Version;
                        break;
                }
            }

            private Task<StepActionResult> Dispatch(PlannedStep step, CancellationToken t)
            {
                switch (step.Operation)
                {
                    case PublishVersionOperation op: return actions.PublishVersionAsync(op, t);
                    case AliasOperation op: return step.Kind == MigrationStepKind.UpdateAlias ? actions.UpdateAliasAsync(op, t) : actions.CreateAliasAsync(op, t);
                    case AddPermissionOperation op: return actions.AddPermissionAsync(op, t);
                    case IntegrationOperation op: return actions.UpdateIntegrationAsync(op, t);
                    case AuthorizerOperation op: return actions.UpdateAuthorizerAsync(op, t);
                    case StageVariableOperation op: return actions.UpdateStageVariableAsync(op, t);
                    case EventSourceMappingOperation op: return actions.UpdateEventSourceMappingAsync(op, t);
                    case DeploymentOperation op: return actions.CreateDeploymentAsync(op, t);
                    case StageDeploymentOperation op: return actions.UpdateStageDeploymentAsync(op, t);
                    case AutoDeployWaitOperation op: return actions.WaitForAutoDeployAsync(op, t);
                    case VerifyOperation op: return actions.VerifyAsync(op, t);
                    case RemovePermissionOperation op: return actions.RemovePermissionAsync(op, t);
                    default: throw new InvalidOperationException($"Step {step.Order} ({step.Kind}) has no operation.");
                }
            }

            private static string Describe(StepOutcome o)
            {
                switch (o)
                {
                    case StepOutcome.Declined: return "declined";
                    case StepOutcome.Failed: return "failed";
                    case StepOutcome.SkippedDependency: return "skipped";
                    case StepOutcome.NotRun: return "not run";
                    default: return o.ToString();
                }
            }

            private MigrationStep ToModel(PlannedStep s) => new MigrationStep
            {
                Order = s.Order, Kind = s.Kind, Target = s.Target, Action = s.RenderAction(Produced), Outcome = outcome[s.Order],
                DependsOn = modelDependsOn[s.Order - 1],
                Detail = detail[s.Order] ?? s.Detail,
            };

            // ---------------------------------------------------------------- reporting

            private void ReportUpTo(int order)
            {
                while (nextReport < reportQueue.Count && reportQueue[nextReport].ReportAfterStep <= order)
                {
                    var pin = reportQueue[nextReport++];
                    var result = BuildOutcome(pin);
                    reported.Add(result);
                    onPinReported?.Invoke(result);
                }
            }

            private PinOutcome BuildOutcome(PinPlan pin)
            {
                var p = pin.Pin;
                var modelSteps = pin.StepOrders.Select(o => ToModel(plan.Step(o))).ToArray();
                var warnings = new List<string>(pin.Warnings);
                var errors = new List<MigrationError>(pin.Errors);
                foreach (var s in modelSteps.Where(s => s.Outcome == StepOutcome.Failed && stepErrors.ContainsKey(s.Order)))
                {
                    if (reportedStepErrors.Add(s.Order)) errors.Add(stepErrors[s.Order]);
                    else warnings.Add($"Step {s.Order} ({s.Kind} on {s.Target}) failed; the error is reported with another result that shares it.");
                }
                foreach (var s in modelSteps.Where(s => s.Outcome == StepOutcome.SkippedDependency)) warnings.Add($"Step {s.Order} ({s.Kind} on {s.Target}): {s.Detail}");

                var version = pin.Version ?? (pin.VersionFromStep.HasValue ? Produced(pin.VersionFromStep.Value) : null);
                var result = new MigrationResult
                {
                    Pin = p, FunctionName = pin.FunctionName ?? p?.FunctionName, AliasName = pin.AliasName, AliasArn = pin.AliasArn, Version = version,
                    Status = StatusOf(pin, modelSteps), Steps = modelSteps,
                    DeploymentIds = pin.StepOrders.Where(o => plan.Step(o).Kind == MigrationStepKind.CreateDeployment && outcome[o] == StepOutcome.Done && value[o] != null).Select(o => value[o]).ToArray(),
                    Warnings = warnings.Distinct().ToArray(),
                    Region = p?.Region, AccountId = p?.AccountId, ProfileName = p?.ProfileName, EndpointUrl = p?.EndpointUrl,
                };
                return new PinOutcome(result, errors);
            }

            private MigrationStatus StatusOf(PinPlan pin, MigrationStep[] modelSteps)
            {
                switch (pin.Status)
                {
                    case PinPlanStatus.Failed: return MigrationStatus.Failed;
                    case PinPlanStatus.Skipped: return MigrationStatus.Skipped;
                    case PinPlanStatus.AlreadyOnAlias: return MigrationStatus.AlreadyOnAlias;
                }
                var changed = modelSteps.Any(s => s.Outcome == StepOutcome.Done && plan.Step(s.Order).IsMutating);
                if (modelSteps.Any(s => s.Outcome == StepOutcome.Failed)) return changed ? MigrationStatus.PartiallyApplied : MigrationStatus.Failed;
                if (modelSteps.Any(s => s.Outcome == StepOutcome.Declined)) return MigrationStatus.Declined;
                if (modelSteps.Any(s => s.Outcome == StepOutcome.SkippedDependency))
                {
                    if (changed) return MigrationStatus.PartiallyApplied;
                    return modelSteps.Where(s => s.Outcome == StepOutcome.SkippedDependency).Any(s => RootCause(s.Order) == StepOutcome.Declined) ? MigrationStatus.Declined : MigrationStatus.Failed;
                }
                if (modelSteps.Any(s => s.Outcome == StepOutcome.WhatIf)) return MigrationStatus.WhatIf;
                if (modelSteps.Any(s => s.Outcome == StepOutcome.NotRun)) return changed ? MigrationStatus.PartiallyApplied : MigrationStatus.Skipped;
                return MigrationStatus.Migrated;
            }

            private StepOutcome RootCause(int order)
            {
                var seen = new HashSet<int>();
                while (outcome[order] == StepOutcome.SkippedDependency && seen.Add(order))
                {
                    var step = plan.Step(order);
                    var next = step.DependsOn.Concat(step.RequiresAnyOf).FirstOrDefault(d => !Succeeded(d) && !Simulated(d));
                    if (next == 0) break;
                    order = next;
                }
                return outcome[order];
            }
        }
    }

    /// <summary>Turns a failed step's exception into the ErrorId and category an operator can act on.</summary>
    public static class MigrationFailures
    {
        public static MigrationError Classify(PlannedStep step, Exception exception, bool cancelled = false)
        {
            var where = $"Step {step.Order} ({step.Kind} on {step.Target})";
            const string converge = " The result lists exactly which steps were done; traffic is still served as before this step. Run again to converge.";
            if (exception is OperationCanceledException)
                return new MigrationError(ErrorIds.StepFailed, ErrorCategory.OperationStopped, $"{where} was interrupted by a stop request.{converge}", step.Target, exception, step.Order);
            if (exception is AwsServiceException aws)
            {
                if (string.Equals(aws.ErrorCode, "PolicyLengthExceededException", StringComparison.Ordinal))
                    return new MigrationError(ErrorIds.PolicyLengthExceeded, ErrorCategory.LimitsExceeded,
                        $"{where}: the function's resource policy would exceed Lambda's 20 KB limit. Run again with -PermissionScope Api -AllowBroaderPermission to use one statement per API.{converge}", step.Target, exception, step.Order);
                if (aws.IsPreconditionFailed && step.Kind == MigrationStepKind.UpdateAlias)
                    return new MigrationError(ErrorIds.AliasChangedConcurrently, ErrorCategory.ResourceUnavailable,
                        $"{where}: another operator changed the alias after it was read (RevisionId no longer matches); it was left as they set it.{converge}", step.Target, exception, step.Order);
                if (aws.IsPreconditionFailed && step.Kind == MigrationStepKind.PublishVersion)
                    return new MigrationError(ErrorIds.CodeChangedSinceScan, ErrorCategory.ResourceUnavailable,
                        $"{where}: $LATEST changed since the scan (CodeSha256 or RevisionId no longer matches), so nothing was published or aliased. Scan again.", step.Target, exception, step.Order);
                return new MigrationError(ErrorIds.StepFailed, CategoryOf(aws), $"{where} failed: {aws.ErrorCode}: {aws.Message}{converge}", step.Target, exception, step.Order);
            }
            return new MigrationError(ErrorIds.StepFailed, ErrorCategory.NotSpecified, $"{where} failed: {exception.Message}{converge}", step.Target, exception, step.Order);
        }

        private static ErrorCategory CategoryOf(AwsServiceException aws)
        {
            if (aws.IsAccessDenied) return ErrorCategory.PermissionDenied;
            if (aws.IsNotFound) return ErrorCategory.ObjectNotFound;
            if (aws.IsThrottling) return ErrorCategory.LimitsExceeded;
            if (aws.IsConflict) return ErrorCategory.ResourceBusy;
            if (aws.StatusCode == 0) return ErrorCategory.ConnectionError;
            if (aws.StatusCode >= 500) return ErrorCategory.ResourceUnavailable;
            return ErrorCategory.InvalidOperation;
        }
    }
}
