using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>
    /// <para type="synopsis">Rolls a Lambda alias back: clears a canary in flight, or moves the alias to the previous published version.</para>
    /// <para type="description">Once triggers invoke an alias, a rollback is one alias update. With canary weights on the
    /// alias, the weights are cleared so all traffic goes to the primary version. Otherwise the alias moves to -ToVersion
    /// or to the highest published version below the current one (never $LATEST). The update carries the alias's
    /// RevisionId, so a concurrent change by someone else fails cleanly (AliasChangedConcurrently) instead of being
    /// overwritten. Before the move, the target version's VpcConfig, environment variable names, runtime, role and layers
    /// are compared with the serving version's: drift is a warning, and a target that drops the VPC or changes the role or
    /// runtime is refused (ConfigRegression) unless -AllowConfigRegression. Each distinct alias is rolled back once per
    /// call, however many piped objects name it. To roll forward again: Invoke-AliasRollback -FunctionName f -AliasName a
    /// -ToVersion $result.FromVersion.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "AliasRollback", DefaultParameterSetName = ByNameParameterSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(AliasRollbackResult))]
    public sealed class InvokeAliasRollbackCommand : LambdaAliasCmdlet
    {
        private const string ByNameParameterSet = "ByName";
        private const string ByArnParameterSet = "ByArn";

        /// <summary>Requests in pipeline order, each with the session its record's Region, ProfileName and EndpointUrl give.</summary>
        private readonly List<PendingRollback> _pending = new List<PendingRollback>();

        /// <summary>The function: a name, ARN or partial ARN ("my-func:live" also names the alias). Binds from a
        /// MigrationResult's or an alias pin's FunctionName.</summary>
        [Parameter(ParameterSetName = ByNameParameterSet, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(FunctionNameCompleter))]
        public string FunctionName { get; set; }

        /// <summary>The alias to roll back. Binds from a MigrationResult's or an alias pin's AliasName.</summary>
        [Parameter(ParameterSetName = ByNameParameterSet, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(AliasNameCompleter))]
        public string AliasName { get; set; }

        /// <summary>The alias ARN, e.g. arn:aws:lambda:us-east-1:123456789012:function:my-func:live. Binds from other
        /// tools' alias objects (AWS Tools' Get-LMAlias).</summary>
        [Parameter(ParameterSetName = ByArnParameterSet, Mandatory = false, ValueFromPipelineByPropertyName = true)]
        public string AliasArn { get; set; }

        /// <summary>The account the alias belongs to. Binds from a result's or pin's AccountId; a different account than
        /// the credentials' is refused with AccountMismatch.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string AccountId { get; set; }

        /// <summary>Anything piped: a MigrationResult, an alias pin, another tool's alias object, or a string with an
        /// alias ARN or "function:alias". Its properties bind to the parameters above; the object itself tells results of
        /// changes that never happened (Status WhatIf, Declined, Failed), which are skipped.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject InputObject { get; set; }

        /// <summary>The published version to move the alias to. Never binds from the pipeline. With canary weights in
        /// flight it is an explicit move and clears the weights too.</summary>
        [Parameter]
        public string ToVersion { get; set; }

        /// <summary>Roll back even when the target version drops the VPC configuration or changes the role or runtime.</summary>
        [Parameter]
        public SwitchParameter AllowConfigRegression { get; set; }

        /// <summary>Skips the confirmation prompt, as in AWS Tools. It skips no safety check, and -WhatIf still wins.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (ToVersion != null && !AliasNames.IsVersionNumber(ToVersion.Trim()))
            {
                var error = new MigrationError(ErrorIds.InvalidRollbackTarget, ErrorCategory.InvalidArgument,
                    $"-ToVersion '{ToVersion}' is not a published version number; an alias is rolled back to a published version such as 3, never to $LATEST.", ToVersion);
                ThrowTerminatingError(new AliasRollbackException(error).ToErrorRecord());
            }
        }

        /// <summary>Validates and collects; nothing is read or changed until EndProcessing, so duplicates act once.</summary>
        protected override void ProcessRecord()
        {
            var reading = RollbackInputReader.Read(new RollbackInputValues
            {
                FunctionName = FunctionName,
                AliasName = AliasName,
                AliasArn = AliasArn,
                Region = Region,
                AccountId = AccountId,
                ProfileName = ProfileName,
                EndpointUrl = EndpointUrl,
                Piped = PipedObjectInfo.From(InputObject),
            });
            if (reading.SkipWarning != null)
            {
                WriteWarning(reading.SkipWarning);
                return;
            }
            if (reading.Error != null)
            {
                WriteError(new AliasRollbackException(reading.Error).ToErrorRecord());
                return;
            }
            var request = reading.Request;
            // A result of a migration that did not happen needs no session: it is only skipped, with a warning.
            var session = request.DescribesNoChange ? null : SessionFor(request);
            _pending.Add(new PendingRollback { Request = request, Session = session });
        }

        protected override void EndProcessing()
        {
            if (_pending.Count == 0)
            {
                base.EndProcessing();
                return;
            }
            Exception confirmationUnavailable = null;
            RunPumped(async (pump, token) =>
            {
                var contexts = new Dictionary<AwsSession, AwsContext>();
                var active = new List<PendingRollback>();
                foreach (var pending in _pending)
                {
                    if (pending.Session == null)
                    {
                        active.Add(pending);
                        continue;
                    }
                    if (!contexts.TryGetValue(pending.Session, out var context))
                    {
                        context = await pending.Session.GetContextAsync(token).ConfigureAwait(false);
                        contexts[pending.Session] = context;
                    }
                    if (!FillAccountContext(pending.Request, context, pump)) continue;
                    active.Add(pending);
                }

                var batch = RollbackRequests.Dedupe(active.Select(p => p.Request));
                foreach (var warning in batch.Warnings) pump.WriteWarning(warning);
                var sessions = active.Where(p => p.Session != null).ToDictionary(p => p.Request, p => p.Session);
                var scans = new Dictionary<AwsSession, AliasCallerScan>();
                foreach (var request in batch.Requests)
                {
                    var session = sessions[request];
                    if (scans.ContainsKey(session)) continue;
                    var scan = new AliasCallerScan(new LambdaClient(session.Lambda), new ApiGatewayClient(session.ApiGateway), new ApiGatewayV2Client(session.ApiGatewayV2),
                        contexts[session], batch.Requests.Where(r => sessions[r] == session), token);
                    scan.Start();
                    scans[session] = scan;
                }

                var options = new AliasRollbackOptions { ToVersion = ToVersion?.Trim(), AllowConfigRegression = AllowConfigRegression.IsPresent };
                try
                {
                    foreach (var request in batch.Requests)
                    {
                        token.ThrowIfCancellationRequested();
                        var session = sessions[request];
                        var runner = new AliasRollbackRunner(new LambdaClient(session.Lambda), options);
                        var scan = scans[session];
                        AliasRollbackOutcome outcome;
                        try
                        {
                            outcome = await runner.RunAsync(request, t => scan.LookupAsync(request.FunctionName, request.AliasName, t), (target, action) => ConfirmAsync(pump, target, action), token).ConfigureAwait(false);
                        }
                        catch (RollbackConfirmationUnavailableException e)
                        {
                            // Every later alias would need the same confirmation: stop here, before any of them changes.
                            confirmationUnavailable = e;
                            return;
                        }
                        foreach (var warning in outcome.Result.Warnings) pump.WriteWarning(warning);
                        pump.WriteObject(outcome.Result);
                        if (outcome.Error != null) pump.WriteError(new AliasRollbackException(outcome.Error).ToErrorRecord());
                    }
                }
                finally
                {
                    foreach (var scan in scans.Values) await scan.StopAsync().ConfigureAwait(false);
                }
            });
            if (confirmationUnavailable != null)
            {
                var target = (confirmationUnavailable as RollbackConfirmationUnavailableException)?.Target;
                var error = new MigrationError(ErrorIds.ConfirmationRequired, ErrorCategory.OperationStopped, confirmationUnavailable.Message, target, confirmationUnavailable.InnerException);
                ThrowTerminatingError(new AliasRollbackException(error).ToErrorRecord());
            }
            base.EndProcessing();
        }

        /// <summary>The account context of the credentials, checked against what the input says; false after an AccountMismatch.</summary>
        private static bool FillAccountContext(RollbackRequest request, AwsContext context, PipelinePump pump)
        {
            if (request.AccountId != null && context.AccountId != null && !string.Equals(request.AccountId, context.AccountId, StringComparison.Ordinal))
            {
                var label = request.FunctionName + ":" + request.AliasName;
                var error = new MigrationError(ErrorIds.AccountMismatch, ErrorCategory.PermissionDenied,
                    $"{label} is in account {request.AccountId}, but the credentials are for account {context.AccountId}. Nothing was changed; use -ProfileName (or other credentials) for account {request.AccountId}.", label);
                pump.WriteError(new AliasRollbackException(error).ToErrorRecord());
                return false;
            }
            request.AccountId = request.AccountId ?? context.AccountId;
            request.Region = context.Region;
            request.ProfileName = context.ProfileName ?? request.ProfileName;
            request.EndpointUrl = context.EndpointUrl ?? request.EndpointUrl;
            return true;
        }

        /// <summary>-Force skips the prompt, never -WhatIf. Otherwise ShouldProcess on the pipeline thread, with its reason,
        /// so a "No" and -WhatIf give different statuses.</summary>
        private Task<(bool Proceed, ShouldProcessReason Reason)> ConfirmAsync(PipelinePump pump, string target, string action)
        {
            return pump.InvokeAsync(() =>
            {
                if (Force.IsPresent && !IsWhatIf()) return (true, ShouldProcessReason.None);
                var description = $"Performing the operation \"{action}\" on target \"{target}\".";
                var proceed = ShouldProcess(description, "Are you sure you want to perform this action?\n" + description, "Confirm", out var reason);
                return (proceed, reason);
            });
        }

        private bool IsWhatIf()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value)) return value is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(value);
            return LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
        }

        /// <summary>The session for this record. An ARN's region decides where it goes unless -Region says otherwise.</summary>
        private AwsSession SessionFor(RollbackRequest request)
        {
            if (request.Region == null || Region != null) return GetSession();
            var previous = Region;
            try
            {
                Region = request.Region;
                return GetSession();
            }
            finally
            {
                Region = previous;
            }
        }

        private sealed class PendingRollback
        {
            public RollbackRequest Request;
            public AwsSession Session;
        }
    }
}
