using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>
    /// The scan engine behind Get-LambdaIntegrationPin: reads REST APIs, HTTP/WebSocket APIs, event source mappings and
    /// (opt-in) resource policies concurrently, turns what it reads into pins, completes each pin (version context,
    /// permission) and hands it to the observer as soon as it is complete. Calls grow with APIs, stages and referenced
    /// functions, never with methods: one GetResources (embed=methods) per API page, one export per distinct deployment,
    /// and per-function reads cached for the invocation. Failures of one API or function are reported and the scan goes on.
    /// </summary>
    public sealed partial class PinScanner
    {
        private readonly ILambdaApi _lambda;
        private readonly IApiGatewayApi _rest;
        private readonly IApiGatewayV2Api _v2;
        private readonly AwsContext _context;
        private readonly PinScanRequest _request;
        private readonly IPinScanObserver _observer;
        private readonly FunctionInspector _functions;
        private readonly PinCompleter _completer;
        private readonly Outstanding _completions = new Outstanding();
        private readonly object _progressLock = new object();
        private readonly PinScanProgress _progress = new PinScanProgress();
        private SemaphoreSlim _completionSlots;

        public PinScanner(ILambdaApi lambda, IApiGatewayApi rest, IApiGatewayV2Api v2, AwsContext context, PinScanRequest request, IPinScanObserver observer)
        {
            _lambda = lambda ?? throw new ArgumentNullException(nameof(lambda));
            _rest = rest ?? throw new ArgumentNullException(nameof(rest));
            _v2 = v2 ?? throw new ArgumentNullException(nameof(v2));
            _context = context ?? new AwsContext();
            _request = request ?? new PinScanRequest();
            _observer = observer ?? throw new ArgumentNullException(nameof(observer));
            _functions = new FunctionInspector(_lambda, _observer);
            _completer = new PinCompleter(_functions, _context, _request);
        }

        /// <summary>The per-invocation Lambda cache, shared with an -InvokeUrl resolver or a later scan of the same session.</summary>
        public FunctionInspector Functions => _functions;

        /// <summary>Scans every wanted source; returns when every pin has been handed to the observer. Throws only
        /// OperationCanceledException (Ctrl-C); everything else is reported through the observer.</summary>
        public async Task RunAsync(CancellationToken cancellationToken)
        {
            _completionSlots = new SemaphoreSlim(Math.Max(1, _request.PinParallelism));
            try
            {
                var sources = new List<Task>();
                if (_request.ScansEventSourceMappings) sources.Add(Guard(ScanEventSourceMappingsAsync, "event source mappings", cancellationToken));
                if (_request.ScansRestApis) sources.Add(Guard(ScanRestApisAsync, "REST APIs", cancellationToken));
                if (_request.ScansV2Apis) sources.Add(Guard(ScanV2ApisAsync, "HTTP and WebSocket APIs", cancellationToken));
                if (_request.ScansResourcePolicies) sources.Add(Guard(ScanResourcePoliciesAsync, "resource policies", cancellationToken));
                try
                {
                    await Task.WhenAll(sources).ConfigureAwait(false);
                }
                finally
                {
                    _completions.Close();
                    await _completions.WhenAllAsync().ConfigureAwait(false);
                }
                cancellationToken.ThrowIfCancellationRequested();
            }
            finally
            {
                _completionSlots.Dispose();
            }
        }

        /// <summary>Counts as they stand.</summary>
        public PinScanProgress Progress
        {
            get
            {
                lock (_progressLock) return new PinScanProgress { SourcesFound = _progress.SourcesFound, SourcesScanned = _progress.SourcesScanned, PinsFound = _progress.PinsFound, Current = _progress.Current };
            }
        }

        private async Task Guard(Func<CancellationToken, Task> scan, string what, CancellationToken cancellationToken)
        {
            try
            {
                await scan(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                _observer.OnError(ScanFailure.FromException(e, what, "Could not list the " + what));
            }
        }

        /// <summary>Filters a candidate, then completes it in the background (at most PinParallelism at once, which is
        /// also the back-pressure on the API scans) and hands the pin to the observer.</summary>
        internal async Task SubmitAsync(PinCandidate candidate, CancellationToken cancellationToken)
        {
            var function = candidate.Function;
            if (!_request.MatchesFunction(function.FunctionName, function.QualifiedArn ?? function.ToString(), candidate.Qualifier)) return;
            if (!_completer.MayReport(candidate)) return;
            if (_request.HasStageFilter && candidate.Api != null && candidate.ServedBy.Count == 0) return;

            await _completionSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
            _completions.Add(Task.Run(async () =>
            {
                try
                {
                    var pin = await _completer.CompleteAsync(candidate, cancellationToken).ConfigureAwait(false);
                    if (pin == null) return;
                    lock (_progressLock) _progress.PinsFound++;
                    _observer.OnPin(pin);
                    ReportProgress(null);
                }
                catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    _observer.OnError(ScanFailure.FromException(e, candidate.RawUri, "Could not complete the pin " + candidate));
                }
                finally
                {
                    _completionSlots.Release();
                }
            }, CancellationToken.None));
        }

        internal void SourceFound(int count = 1)
        {
            lock (_progressLock) _progress.SourcesFound += count;
            ReportProgress(null);
        }

        internal void SourceScanned(string what)
        {
            lock (_progressLock) _progress.SourcesScanned++;
            ReportProgress(what);
        }

        private void ReportProgress(string current)
        {
            PinScanProgress snapshot;
            lock (_progressLock)
            {
                if (current != null) _progress.Current = current;
                snapshot = new PinScanProgress { SourcesFound = _progress.SourcesFound, SourcesScanned = _progress.SourcesScanned, PinsFound = _progress.PinsFound, Current = _progress.Current };
            }
            _observer.OnProgress(snapshot);
        }

        private async Task ScanEventSourceMappingsAsync(CancellationToken cancellationToken)
        {
            SourceFound();
            try
            {
                var mappings = _lambda.ListEventSourceMappingsAsync(null, null, cancellationToken).GetAsyncEnumerator(cancellationToken);
                try
                {
                    while (await mappings.MoveNextAsync().ConfigureAwait(false))
                    {
                        var mapping = mappings.Current;
                        if (string.IsNullOrEmpty(mapping?.FunctionArn)) continue;
                        if (!LambdaFunctionReference.TryParse(mapping.FunctionArn, out var function, out var error))
                        {
                            _observer.OnError(ScanFailure.FromError(error));
                            continue;
                        }
                        await SubmitAsync(new PinCandidate
                        {
                            SourceKind = SourceKind.EventSourceMapping,
                            Function = function,
                            Qualifier = function.Qualifier,
                            RawUri = mapping.FunctionArn,
                            EventSourceMappingUuid = mapping.UUID,
                            EventSourceArn = mapping.EventSourceArn,
                            HasNoDeployments = true,
                        }, cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    await mappings.DisposeAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                SourceScanned("event source mappings");
            }
        }

        /// <summary>-Source ResourcePolicy: every published version's policy, for statements that let a service principal
        /// (other than API Gateway, whose pins the API scans already explain) invoke that version.</summary>
        private async Task ScanResourcePoliciesAsync(CancellationToken cancellationToken)
        {
            var versions = FilterVersions(_lambda.ListFunctionsAsync(true, cancellationToken), cancellationToken);
            await ScanWork.ForEachAsync(versions, _request.ApiParallelism, async (version, token) =>
            {
                var name = version.FunctionName;
                var unqualified = version.FunctionArn != null && LambdaFunctionReference.TryParse(version.FunctionArn, out var parsed, out _) ? parsed.UnqualifiedArn : null;
                try
                {
                    var policy = await _functions.GetPolicyAsync(unqualified ?? name, version.Version, token).ConfigureAwait(false);
                    if (!policy.Readable) return;
                    foreach (var statement in policy.Statements)
                    {
                        if (!string.Equals(statement.Effect, "Allow", StringComparison.Ordinal) || !statement.IsServicePrincipal) continue;
                        if (string.Equals(statement.Principal, ApiPinAnalyzer.ApiGatewayPrincipal, StringComparison.OrdinalIgnoreCase)) continue;
                        var function = LambdaFunctionReference.Parse((unqualified ?? name) + ":" + version.Version);
                        await SubmitAsync(new PinCandidate
                        {
                            SourceKind = SourceKind.ResourcePolicy,
                            Function = function,
                            Qualifier = version.Version,
                            RawUri = statement.Resource ?? function.ToString(),
                            Principal = statement.Principal,
                            SourceArn = statement.SourceArn,
                            StatementId = statement.Sid,
                            HasNoDeployments = true,
                            PermissionDetail = "Statement " + (statement.Sid ?? "(no Sid)") + " allows " + statement.Principal +
                                               (statement.SourceArn != null ? " from " + statement.SourceArn : " from any source") +
                                               (statement.SourceAccount != null ? " in account " + statement.SourceAccount : string.Empty) +
                                               " to invoke version " + version.Version + ". This is an allowance, not proof that anything invokes it.",
                        }, token).ConfigureAwait(false);
                    }
                }
                finally
                {
                    SourceScanned("policy of " + name + ":" + version.Version);
                }
            }, cancellationToken).ConfigureAwait(false);
        }

        private async IAsyncEnumerable<FunctionConfiguration> FilterVersions(IAsyncEnumerable<FunctionConfiguration> all, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var enumerator = all.GetAsyncEnumerator(cancellationToken);
            try
            {
                while (await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    var version = enumerator.Current;
                    if (version == null || StageVariables.ClassifyResolvedQualifier(version.Version) != PinKind.Version) continue;
                    if (!_request.MatchesFunction(version.FunctionName, version.FunctionArn, version.Version)) continue;
                    SourceFound();
                    yield return version;
                }
            }
            finally
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }
        }

        /// <summary>Reports every failure of an analysis, then submits its candidates.</summary>
        private async Task SubmitAnalysisAsync(ApiPinAnalysis analysis, CancellationToken cancellationToken)
        {
            foreach (var error in analysis.Errors) _observer.OnError(ScanFailure.FromError(error));
            foreach (var candidate in analysis.Candidates) await SubmitAsync(candidate, cancellationToken).ConfigureAwait(false);
        }

        private static bool IsReportable(Exception e, CancellationToken cancellationToken) =>
            !(e is OperationCanceledException && cancellationToken.IsCancellationRequested);
    }
}
