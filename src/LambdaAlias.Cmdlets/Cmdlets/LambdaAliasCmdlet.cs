using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>
    /// Base of every LambdaAlias cmdlet: the AWS Tools common parameters, per-invocation AWS sessions (credentials,
    /// region, endpoints, quota-gated transports, account id), Ctrl-C cancellation, the -Verbose call log, a pump that
    /// lets thread-pool workers write to the pipeline, and AWS error mapping.
    /// </summary>
    public abstract class LambdaAliasCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Dictionary<string, AwsSession> _sessions = new Dictionary<string, AwsSession>(StringComparer.Ordinal);
        private AwsQuotaRegistry _quotas;
        private AwsCallLog _callLog;

        // --- Common parameters, named as in AWS Tools for PowerShell ---

        /// <summary>The AWS region, e.g. us-east-1. Binds from a pin's Region so a pipeline stays in one region.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("RegionToCall")]
        public string Region { get; set; }

        /// <summary>A profile in the shared credentials/config files (or the .NET SDK store).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("StoredCredentials", "AWSProfileName")]
        public string ProfileName { get; set; }

        /// <summary>The credentials file to read -ProfileName from, instead of the default location.</summary>
        [Parameter]
        [Alias("AWSProfilesLocation", "ProfileLocation")]
        public string ProfilesLocation { get; set; }

        [Parameter]
        [Alias("AK")]
        public string AccessKey { get; set; }

        [Parameter]
        [Alias("SK", "SecretAccessKey")]
        public string SecretKey { get; set; }

        [Parameter]
        [Alias("ST")]
        public string SessionToken { get; set; }

        /// <summary>
        /// An Amazon.Runtime.AWSCredentials object. Typed as object so that a clash of AWSSDK.Core versions with another
        /// module is a clear error when the cmdlet runs, not a failure to import the module.
        /// </summary>
        [Parameter]
        public object Credential { get; set; }

        /// <summary>A single endpoint for every service, e.g. http://localhost:4566 for LocalStack. Binds from a pin's EndpointUrl.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string EndpointUrl { get; set; }

        // --- Invocation state ---

        /// <summary>Cancelled by Ctrl-C (StopProcessing). Pass it to every AWS call.</summary>
        protected CancellationToken CancellationToken => _stop.Token;

        /// <summary>Every AWS call of this invocation; drained into -Verbose by <see cref="FlushCallLog"/>.</summary>
        protected AwsCallLog CallLog => _callLog ?? (_callLog = new AwsCallLog());

        /// <summary>The invocation's quota gates, shared by all its sessions.</summary>
        protected AwsQuotaRegistry Quotas =>
            _quotas ?? (_quotas = new AwsQuotaRegistry(AwsQuotaSettings.FromEnvironment(Environment.GetEnvironmentVariable), new SystemAwsClock()));

        /// <summary>
        /// True for cmdlets that must never wait for a person (no SSO login, no MFA prompt, no instance-metadata
        /// probing). Interactive by default.
        /// </summary>
        protected virtual bool NonInteractive => false;

        /// <summary>The connection settings the current parameter values, $StoredAWSCredentials and $StoredAWSRegion give.</summary>
        protected AwsConnectionSettings GetConnectionSettings()
        {
            var pipelineThread = Thread.CurrentThread.ManagedThreadId;
            return new AwsConnectionSettings
            {
                Region = Blank(Region),
                ProfileName = Blank(ProfileName),
                ProfilesLocation = Blank(ProfilesLocation),
                AccessKey = Blank(AccessKey),
                SecretKey = Blank(SecretKey),
                SessionToken = Blank(SessionToken),
                Credential = Credential,
                EndpointUrl = Blank(EndpointUrl),
                StoredCredentials = ReadVariable(AwsConnectionSettings.StoredCredentialsVariable),
                StoredRegion = ReadVariable(AwsConnectionSettings.StoredRegionVariable),
                NonInteractive = NonInteractive,
                PromptForMfaCode = serial => PromptForMfaCode(serial, pipelineThread),
            };
        }

        /// <summary>
        /// Credentials are first fetched in <see cref="GetSession"/> on the pipeline thread, where the host may prompt.
        /// A refresh on a worker thread cannot prompt, so it fails with a clear error instead.
        /// </summary>
        private string PromptForMfaCode(string serial, int pipelineThread)
        {
            if (Thread.CurrentThread.ManagedThreadId != pipelineThread || Host?.UI == null)
            {
                throw CredentialResolver.NeedsInteraction("an MFA code for " + serial);
            }
            Host.UI.Write("MFA code for " + serial + ": ");
            return Host.UI.ReadLine();
        }

        /// <summary>
        /// The session for the current parameter values (which may change per pipeline object through
        /// ValueFromPipelineByPropertyName). Created once per distinct settings in this invocation. A missing profile,
        /// region or credentials is a terminating error with a specific ErrorId. Call on the pipeline thread.
        /// </summary>
        protected AwsSession GetSession()
        {
            var settings = GetConnectionSettings();
            var key = settings.SessionCacheKey();
            if (_sessions.TryGetValue(key, out var existing)) return existing;
            AwsSession session;
            try
            {
                session = CreateSession(settings);
            }
            catch (Exception e) when (e is AwsConfigurationException || AwsErrorRecords.IsSdkVersionConflict(e))
            {
                ThrowTerminatingError(AwsErrorRecords.Create(e, settings.ProfileName ?? settings.Region));
                throw; // ThrowTerminatingError does not return.
            }
            _sessions[key] = session;
            WriteVerbose("AWS session: region " + session.Region.SystemName + " (" + session.Region.Source + "), credentials from " + session.CredentialSource +
                         (session.ProfileName == null ? string.Empty : " '" + session.ProfileName + "'") + ", endpoints " +
                         session.GetEndpoint(AwsService.Lambda) + " / " + session.GetEndpoint(AwsService.ApiGateway) + ".");
            return session;
        }

        /// <summary>Creates a session; hosts and tests may override to inject a handler or clock.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)] // Keeps AWSSDK.Core out of GetSession's JIT so a version clash is catchable there.
        protected virtual AwsSession CreateSession(AwsConnectionSettings settings) =>
            AwsSessionFactory.Create(settings, new AwsSessionOptions { CallLog = CallLog, Quotas = Quotas });

        /// <summary>Writes pending AWS call records with WriteVerbose. Pipeline thread only.</summary>
        protected void FlushCallLog()
        {
            if (_callLog == null) return;
            while (_callLog.TryTake(out var record)) WriteVerbose(record.ToString());
        }

        /// <summary>
        /// Runs async work on the thread pool while this (pipeline) thread serves its Write*/ShouldProcess/progress
        /// requests and the -Verbose call log. Returns when the work completes; rethrows its exception;
        /// throws PipelineStoppedException after Ctrl-C. Call from BeginProcessing, ProcessRecord or EndProcessing.
        /// </summary>
        protected void RunPumped(Func<PipelinePump, CancellationToken, Task> work)
        {
            if (work == null) throw new ArgumentNullException(nameof(work));
            RunPumped<bool>(async (pump, token) => { await work(pump, token).ConfigureAwait(false); return true; });
        }

        /// <summary>As <see cref="RunPumped(Func{PipelinePump, CancellationToken, Task})"/>, returning the work's result.</summary>
        protected T RunPumped<T>(Func<PipelinePump, CancellationToken, Task<T>> work)
        {
            if (work == null) throw new ArgumentNullException(nameof(work));
            var pump = new PipelinePump(this, CallLog, _stop.Token);
            return pump.Run(work, FlushCallLog);
        }

        /// <summary>Writes a non-terminating error for an AWS (or configuration) failure. Pipeline thread only.</summary>
        protected void WriteAwsError(Exception exception, object target, string errorId = null) =>
            WriteError(AwsErrorRecords.Create(exception, target, errorId));

        /// <summary>Stops the cmdlet with a terminating error for an AWS (or configuration) failure. Pipeline thread only.</summary>
        protected void ThrowAwsError(Exception exception, object target, string errorId = null)
        {
            FlushCallLog();
            ThrowTerminatingError(AwsErrorRecords.Create(exception, target, errorId));
        }

        protected override void EndProcessing()
        {
            FlushCallLog();
            base.EndProcessing();
        }

        /// <summary>Ctrl-C: cancel every outstanding AWS call and wait.</summary>
        protected override void StopProcessing()
        {
            try { _stop.Cancel(); }
            catch (ObjectDisposedException) { } // Stopped after disposal: nothing left to cancel.
            base.StopProcessing();
        }

        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        protected virtual void Dispose(bool disposing)
        {
            if (!disposing) return;
            foreach (var session in _sessions.Values) session.Dispose();
            _sessions.Clear();
            _stop.Dispose();
        }

        private object ReadVariable(string name)
        {
            try { return SessionState?.PSVariable.GetValue(name); }
            catch (InvalidOperationException) { return null; } // No session state (cmdlet invoked directly from C#).
        }

        private static string Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
