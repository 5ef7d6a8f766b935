using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>
    /// <para type="synopsis">Moves Lambda version pins to an alias without dropping a request.</para>
    /// <para type="description">Takes the pins Get-LambdaIntegrationPin finds (live, or reviewed with Export-Clixml and
    /// applied later), reads the account again, and plans per pin: PublishVersion for $LATEST pins, the alias at the
    /// version that serves today, the alias's permission before anything else changes, the switch (integration,
    /// authorizer, stage variable, event source mapping), one deployment per API, a verification, and with
    /// -RemoveVersionPermission the old qualifier's statement. Every mutating step asks ShouldProcess; -WhatIf prints the
    /// plan and changes nothing. Afterwards every migrated trigger invokes function:alias, so a later deploy moves only the
    /// alias and a rollback is one alias update.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "IntegrationToAlias", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(MigrationResult))]
    public sealed class SetIntegrationToAliasCommand : LambdaAliasCmdlet
    {
        private const int ProgressActivityId = 0x4C42;
        private const string Activity = "Set-IntegrationToAlias";
        private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

        private readonly List<Batch> _batches = new List<Batch>();
        private readonly HashSet<string> _warned = new HashSet<string>(StringComparer.Ordinal);
        private bool _showProgress = true;

        /// <summary>The pins to move: LambdaAlias.LambdaIntegrationPin objects from Get-LambdaIntegrationPin, or deserialized
        /// ones (Import-Clixml). Alias pins pass through as AlreadyOnAlias.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [Alias("Pin")]
        [AllowNull]
        [AllowEmptyCollection]
        public object[] InputObject { get; set; }

        /// <summary>The alias the pins move to (default live). Lambda's pattern: (?!^[0-9]+$)[a-zA-Z0-9_-]{1,128}.</summary>
        [Parameter]
        public string AliasName { get; set; } = MigrationOptions.DefaultAliasName;

        /// <summary>Deploy only these stages. By default, every stage that served the pin.</summary>
        [Parameter]
        [Alias("Stage")]
        [ValidateNotNullOrEmpty]
        public string[] StageName { get; set; }

        /// <summary>Switch the drafts only; REST stages (and HTTP API stages without AutoDeploy) keep serving the pinned
        /// version until you deploy them.</summary>
        [Parameter]
        public SwitchParameter NoDeploy { get; set; }

        /// <summary>After the switch is live and verified, remove the old qualifier's statement for this source, unless
        /// any stage, canary, other API, mapping or service statement still uses that qualifier.</summary>
        [Parameter]
        public SwitchParameter RemoveVersionPermission { get; set; }

        /// <summary>Method (default) copies each existing SourceArn. Api grants one statement per API ({apiId}/*) to stay
        /// under the 20 KB policy limit; that is broader, so it also needs -AllowBroaderPermission.</summary>
        [Parameter]
        public PermissionScope PermissionScope { get; set; } = PermissionScope.Method;

        /// <summary>Reuse an existing alias that points at a different version (this changes what its traffic gets).</summary>
        [Parameter]
        public SwitchParameter AllowAliasMove { get; set; }

        /// <summary>Deploy even though the deployment also publishes unrelated undeployed changes of the API.</summary>
        [Parameter]
        public SwitchParameter AllowUndeployedChanges { get; set; }

        /// <summary>Switch integrations that invoke through a credentials role, once you confirmed that the role's policy
        /// allows the alias ARN.</summary>
        [Parameter]
        public SwitchParameter AllowRoleInvocation { get; set; }

        /// <summary>Accept -PermissionScope Api's broader statements.</summary>
        [Parameter]
        public SwitchParameter AllowBroaderPermission { get; set; }

        /// <summary>Skip the confirmation prompts (never a safety check). -WhatIf still wins.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>The account the pin belongs to (binds from the pin). A pin of another account than the credentials'
        /// is refused with AccountMismatch.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string AccountId { get; set; }

        /// <summary>How long and how often to wait for AWS's asynchronous changes; tests may shorten it.</summary>
        internal MigrationWaitOptions WaitOptions { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            var preference = GetVariableValue("ProgressPreference");
            _showProgress = !(preference is ActionPreference action && (action == ActionPreference.SilentlyContinue || action == ActionPreference.Ignore)) &&
                            !string.Equals(preference as string, "SilentlyContinue", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>Collects. The pins of one account run together in EndProcessing, so one API's pins share one deployment.</summary>
        protected override void ProcessRecord()
        {
            var items = InputObject == null || InputObject.Length == 0 ? new object[] { null } : InputObject;
            foreach (var item in items)
            {
                if (!AliasNames.IsValid(AliasName))
                {
                    WriteError(InputError(ErrorIds.InvalidAliasName, ErrorCategory.InvalidArgument,
                        $"The alias name '{AliasName}' is not valid: Lambda requires 1 to 128 letters, digits, '-' or '_', not all digits ((?!^[0-9]+$)[a-zA-Z0-9_-]{{1,128}}).", item));
                    continue;
                }
                if (PermissionScope == PermissionScope.Api && !AllowBroaderPermission)
                {
                    WriteError(InputError(ErrorIds.BroaderPermissionNotAllowed, ErrorCategory.InvalidArgument,
                        "-PermissionScope Api grants one statement per API ({apiId}/*), which is broader than the statements it replaces. Add -AllowBroaderPermission to accept that, or use -PermissionScope Method.", item));
                    continue;
                }
                if (!PinInput.TryConvert(item, out var pin, out var problem))
                {
                    WriteError(InputError(ErrorIds.InvalidPinInput, ErrorCategory.InvalidArgument, problem + " It was skipped.", item));
                    continue;
                }
                if (string.IsNullOrEmpty(pin.AccountId) && !string.IsNullOrWhiteSpace(AccountId)) pin.AccountId = AccountId.Trim();
                var session = GetSession();
                var batch = _batches.FirstOrDefault(b => ReferenceEquals(b.Session, session));
                if (batch == null) _batches.Add(batch = new Batch { Session = session });
                batch.Pins.Add(pin);
            }
        }

        protected override void EndProcessing()
        {
            try
            {
                foreach (var batch in _batches) Migrate(batch);
            }
            finally
            {
                CompleteProgress();
            }
            base.EndProcessing();
        }

        private MigrationOptions Options() => new MigrationOptions
        {
            AliasName = AliasName,
            StageName = StageName,
            NoDeploy = NoDeploy,
            RemoveVersionPermission = RemoveVersionPermission,
            PermissionScope = PermissionScope,
            AllowAliasMove = AllowAliasMove,
            AllowUndeployedChanges = AllowUndeployedChanges,
            AllowRoleInvocation = AllowRoleInvocation,
            AllowBroaderPermission = AllowBroaderPermission,
        };

        private void Migrate(Batch batch)
        {
            var options = Options();
            var progress = new Progress(this);
            MigrationRun run;
            try
            {
                run = RunPumped(async (pump, token) =>
                {
                    progress.Attach(pump);
                    var session = batch.Session;
                    var context = await session.GetContextAsync(token).ConfigureAwait(false);
                    var lambda = new LambdaClient(session.Lambda);
                    var rest = new ApiGatewayClient(session.ApiGateway);
                    var v2 = new ApiGatewayV2Client(session.ApiGatewayV2);

                    progress.Report($"Reading the current state behind {batch.Pins.Count} pin(s)", 0, force: true);
                    var reader = new MigrationObservationReader(lambda, rest, v2, context, pump.WriteWarning, pump.WriteVerbose);
                    MigrationObservation observation;
                    try
                    {
                        observation = await reader.ReadAsync(batch.Pins, options, token).ConfigureAwait(false);
                    }
                    catch (Exception e) when (!(e is OperationCanceledException) && !(e is OutOfMemoryException))
                    {
                        ReportObservationFailure(pump, batch, options, e);
                        return null;
                    }

                    var plan = MigrationPlanner.Plan(batch.Pins, observation, options);
                    foreach (var warning in plan.Warnings) Warn(pump, warning);
                    foreach (var step in plan.Steps) pump.WriteVerbose("Plan: " + step);
                    progress.Plan = plan;

                    var actions = new ObservedMigrationActions(new AwsMigrationActions(lambda, rest, v2, session.ApiGatewayV2, WaitOptions))
                    {
                        BeforeStep = (operation, _) =>
                        {
                            progress.Step(operation);
                            return Task.CompletedTask;
                        },
                    };
                    return MigrationExecutor.Execute(plan, actions, (target, action) => Confirm(pump, target, action), token, outcome => Report(pump, outcome));
                });
            }
            catch (ConfirmationUnavailableException e)
            {
                // No mutation happened: the executor lets a failed prompt escape only before the first change.
                ThrowTerminatingError(new ErrorRecord(new MigrationException(
                        "A mutating step needs confirmation, but the host cannot ask for it (" + e.InnerException?.Message + "). Nothing was changed. In runbooks pass -Confirm:$false or -Force.", e),
                    ErrorIds.ConfirmationRequired, ErrorCategory.PermissionDenied, null));
                return;
            }
            if (CancellationToken.IsCancellationRequested || run?.Cancelled == true) throw new PipelineStoppedException();
        }

        // ------------------------------------------------------------------ confirmation

        /// <summary>
        /// ShouldProcess for one step, on the pipeline thread, with the reason (WhatIf or a "No"). -Force skips the prompt
        /// but never -WhatIf: under -WhatIf ShouldProcess still runs, so the step is printed and not performed.
        /// </summary>
        private (bool Proceed, ShouldProcessReason Reason) Confirm(PipelinePump pump, string target, string action) =>
            pump.InvokeAsync(() =>
            {
                var description = string.Format(CultureInfo.CurrentCulture, "Performing the operation \"{0}\" on target \"{1}\".", action, target);
                if (Force && !WhatIfInEffect())
                {
                    WriteVerbose(description);
                    return (true, ShouldProcessReason.None);
                }
                try
                {
                    var proceed = ShouldProcess(description, "Are you sure you want to perform this action?" + Environment.NewLine + description, "Confirm", out var reason);
                    return (proceed, reason);
                }
                catch (Exception e) when (e is PSInvalidOperationException || e is System.Management.Automation.Host.HostException || e is NotImplementedException || e is InvalidOperationException && !(e is ObjectDisposedException))
                {
                    throw new ConfirmationUnavailableException(e);
                }
            }).GetAwaiter().GetResult();

        private bool WhatIfInEffect()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound)) return LanguagePrimitives.IsTrue(bound);
            return LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
        }

        // ------------------------------------------------------------------ reporting

        private void Report(PipelinePump pump, PinOutcome outcome)
        {
            foreach (var warning in outcome.Result.Warnings) Warn(pump, warning);
            // The result first, then its errors: with -ErrorAction Stop the operator still gets what happened.
            pump.WriteObject(outcome.Result);
            foreach (var error in outcome.Errors) pump.WriteError(ToErrorRecord(error, outcome.Result.Pin));
        }

        private void Warn(PipelinePump pump, string warning)
        {
            lock (_warned)
            {
                if (!_warned.Add(warning)) return;
            }
            pump.WriteWarning(warning);
        }

        private static ErrorRecord ToErrorRecord(MigrationError error, LambdaIntegrationPin pin)
        {
            var record = new ErrorRecord(new MigrationException(error.Message, error.Exception), error.ErrorId, error.Category, (object)pin ?? error.Target);
            record.ErrorDetails = new ErrorDetails(error.Message);
            return record;
        }

        private void ReportObservationFailure(PipelinePump pump, Batch batch, MigrationOptions options, Exception exception)
        {
            foreach (var pin in batch.Pins)
            {
                pump.WriteObject(new MigrationResult
                {
                    Pin = pin, FunctionName = pin.FunctionName, AliasName = options.AliasName, Status = MigrationStatus.Failed,
                    Warnings = new[] { "Nothing was changed: the account could not be read again before planning." },
                    Region = pin.Region, AccountId = pin.AccountId, ProfileName = pin.ProfileName, EndpointUrl = pin.EndpointUrl,
                });
                var record = AwsErrorRecords.Create(exception, pin, ErrorIds.ObservationFailed);
                record.ErrorDetails = new ErrorDetails("Could not read the current state behind " + pin.QualifiedName + " at " + pin.Location + " before planning; nothing was changed: " +
                                                       (record.ErrorDetails?.Message ?? exception.Message));
                pump.WriteError(record);
            }
        }

        private static ErrorRecord InputError(string errorId, ErrorCategory category, string message, object target) =>
            new ErrorRecord(new ArgumentException(message), errorId, category, target is PSObject pso ? pso.BaseObject : target) { ErrorDetails = new ErrorDetails(message) };

        private void CompleteProgress()
        {
            if (!_showProgress) return;
            try
            {
                WriteProgress(new ProgressRecord(ProgressActivityId, Activity, "Done") { RecordType = ProgressRecordType.Completed, PercentComplete = 100 });
            }
            catch (PipelineStoppedException)
            {
                // Stopping: the host tears the progress display down itself.
            }
            catch (InvalidOperationException)
            {
                // No pipeline to write to any more.
            }
        }

        /// <summary>The pins of one account, region and endpoint.</summary>
        private sealed class Batch
        {
            public AwsSession Session;
            public readonly List<LambdaIntegrationPin> Pins = new List<LambdaIntegrationPin>();
        }

        /// <summary>Throttled Write-Progress: the step being run out of the plan's steps.</summary>
        private sealed class Progress
        {
            private readonly SetIntegrationToAliasCommand _cmdlet;
            private readonly Stopwatch _since = Stopwatch.StartNew();
            private readonly object _lock = new object();
            private bool _written;
            private PipelinePump _pump;

            public Progress(SetIntegrationToAliasCommand cmdlet) { _cmdlet = cmdlet; }

            public MigrationPlan Plan { get; set; }

            public void Attach(PipelinePump pump) => _pump = pump;

            public void Step(StepOperation operation)
            {
                var step = Plan?.Steps.FirstOrDefault(s => ReferenceEquals(s.Operation, operation));
                if (step == null) return;
                var percent = Plan.Steps.Count == 0 ? 0 : Math.Min(99, (step.Order - 1) * 100 / Plan.Steps.Count);
                Report($"Step {step.Order} of {Plan.Steps.Count}: {step.Kind} {step.Target}", percent);
            }

            public void Report(string status, int percent, bool force = false)
            {
                if (!_cmdlet._showProgress || _pump == null) return;
                lock (_lock)
                {
                    if (!force && _written && _since.Elapsed < ProgressInterval) return;
                    _written = true;
                    _since.Restart();
                }
                _pump.WriteProgress(new ProgressRecord(ProgressActivityId, Activity, status) { PercentComplete = percent });
            }
        }
    }

    /// <summary>A migration failure written as an ErrorRecord; the AWS error that caused it, if any, is the inner exception.</summary>
    public sealed class MigrationException : Exception
    {
        public MigrationException(string message, Exception inner = null) : base(message, inner) { }
    }

    /// <summary>The host could not ask for a confirmation (no UI); wraps what it threw.</summary>
    internal sealed class ConfirmationUnavailableException : Exception
    {
        public ConfirmationUnavailableException(Exception inner) : base(inner?.Message, inner) { }
    }
}
