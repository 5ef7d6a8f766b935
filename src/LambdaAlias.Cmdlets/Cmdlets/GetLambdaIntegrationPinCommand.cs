using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>
    /// <para type="synopsis">Finds and explains every Lambda version pin in an account and region.</para>
    /// <para type="description">Scans REST APIs (methods, authorizers, what each stage and canary serves, stage
    /// variables), HTTP and WebSocket APIs, event source mappings and, with -Source ResourcePolicy, service permissions on
    /// versions. Each pin says which function version it invokes, where it is written, which stages serve it, how far
    /// behind the newest version it is, what configuration differs, whether the caller may invoke it, and where else the
    /// pin is written down. By default only version pins are reported; -Kind widens that.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "LambdaIntegrationPin", DefaultParameterSetName = ScanParameterSet)]
    [OutputType(typeof(LambdaIntegrationPin))]
    public sealed class GetLambdaIntegrationPinCommand : LambdaAliasCmdlet
    {
        private const string ScanParameterSet = "Scan";
        private const string InvokeUrlParameterSet = "InvokeUrl";
        private const int ProgressActivityId = 0x4C41;
        private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

        private readonly List<ScanBatch> _batches = new List<ScanBatch>();
        private bool _showProgress = true;

        /// <summary>Invoke URLs to explain: https://{apiId}.execute-api.{region}.amazonaws.com[.cn]/{stage}/{path}, the HTTP
        /// API $default-stage form, or a custom domain URL. Reports every pin serving the URL, of any kind unless -Kind says.</summary>
        [Parameter(ParameterSetName = InvokeUrlParameterSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Url")]
        [ValidateNotNullOrEmpty]
        [InvokeUrlTextTransformation]
        public string[] InvokeUrl { get; set; }

        /// <summary>Only pins of these functions: names, ARNs or partial ARNs, with * and ? wildcards, optionally with a
        /// qualifier. Many values piped in cost one scan.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("FunctionArn")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] FunctionName { get; set; }

        /// <summary>Only these REST APIs (no other source is scanned unless -ApiId is also given).</summary>
        [Parameter(ParameterSetName = ScanParameterSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[] RestApiId { get; set; }

        /// <summary>Only these HTTP or WebSocket APIs (no other source is scanned unless -RestApiId is also given).</summary>
        [Parameter(ParameterSetName = ScanParameterSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] ApiId { get; set; }

        /// <summary>Only pins these stages serve (which leaves out event source mappings, resource policies and draft-only pins).</summary>
        [Parameter(ParameterSetName = ScanParameterSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Stage")]
        [ValidateNotNullOrEmpty]
        public string[] StageName { get; set; }

        /// <summary>Which sources to scan. All but ResourcePolicy by default; ResourcePolicy is opt-in.</summary>
        [Parameter(ParameterSetName = ScanParameterSet)]
        [ValidateNotNullOrEmpty]
        public SourceKind[] Source { get; set; }

        /// <summary>Which pin kinds to report: Version by default (with -InvokeUrl: all). Latest shows $LATEST and
        /// unqualified pins; Alias gives an inventory of triggers already on an alias.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public PinKind[] Kind { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            var preference = GetVariableValue("ProgressPreference");
            _showProgress = !(preference is ActionPreference action && (action == ActionPreference.SilentlyContinue || action == ActionPreference.Ignore)) &&
                            !string.Equals(preference as string, "SilentlyContinue", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>Collects: the scan itself runs once in EndProcessing, so piped names and URLs share it.</summary>
        protected override void ProcessRecord()
        {
            var touched = new List<ScanBatch>();
            if (ParameterSetName == InvokeUrlParameterSet)
            {
                foreach (var url in InvokeUrl ?? Array.Empty<string>())
                {
                    if (string.IsNullOrWhiteSpace(url)) continue;
                    var batch = Batch(SessionForUrl(url));
                    batch.InvokeUrls.Add(url);
                    if (!touched.Contains(batch)) touched.Add(batch);
                }
            }
            else
            {
                var batch = Batch(GetSession());
                AddAll(batch.RestApiIds, RestApiId);
                AddAll(batch.ApiIds, ApiId);
                AddAll(batch.StageNames, StageName);
                touched.Add(batch);
            }
            foreach (var batch in touched) AddAll(batch.FunctionNames, FunctionName);
        }

        protected override void EndProcessing()
        {
            foreach (var batch in _batches)
            {
                var request = BuildRequest(batch);
                if (request == null) continue;
                Scan(batch, request);
            }
            base.EndProcessing();
        }

        /// <summary>An execute-api URL names its region; unless -Region was given, the scan goes there.</summary>
        private AwsSession SessionForUrl(string url)
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Region)) ||
                !LambdaAlias.InvokeUrl.TryParse(url, out var parsed, out _) || !parsed.IsExecuteApiHost)
            {
                return GetSession();
            }
            var previous = Region;
            try
            {
                Region = parsed.Region;
                return GetSession();
            }
            finally
            {
                Region = previous;
            }
        }

        private ScanBatch Batch(AwsSession session)
        {
            var batch = _batches.FirstOrDefault(b => ReferenceEquals(b.Session, session));
            if (batch == null)
            {
                batch = new ScanBatch { Session = session };
                _batches.Add(batch);
            }
            return batch;
        }

        private PinScanRequest BuildRequest(ScanBatch batch)
        {
            bool urlScan = batch.InvokeUrls.Count > 0;
            if (!FunctionNameFilter.TryCreate(batch.FunctionNames, out var filter, out var problems))
            {
                foreach (var problem in problems) WriteError(ToErrorRecord(ScanFailure.FromError(problem)));
                // Scanning everything because every pattern was malformed would report what was not asked for.
                if (filter.IsEmpty) return null;
            }
            var request = new PinScanRequest
            {
                FunctionFilter = filter,
                Kinds = new HashSet<PinKind>(Kind != null && Kind.Length > 0 ? Kind : urlScan ? (PinKind[])Enum.GetValues(typeof(PinKind)) : new[] { PinKind.Version }),
                Sources = new HashSet<SourceKind>(Source != null && Source.Length > 0 ? Source : PinScanRequest.DefaultSources),
                RestApiIds = new HashSet<string>(batch.RestApiIds, StringComparer.Ordinal),
                ApiIds = new HashSet<string>(batch.ApiIds, StringComparer.Ordinal),
                StageNames = new HashSet<string>(batch.StageNames, StringComparer.Ordinal),
            };
            return request;
        }

        private void Scan(ScanBatch batch, PinScanRequest request)
        {
            var session = batch.Session;
            var observer = new PumpObserver(this, _showProgress);
            var watch = Stopwatch.StartNew();
            PinScanProgress final = null;
            try
            {
                RunPumped(async (pump, token) =>
                {
                    observer.Attach(pump);
                    var context = await session.GetContextAsync(token).ConfigureAwait(false);
                    var lambda = new LambdaClient(session.Lambda);
                    var rest = new ApiGatewayClient(session.ApiGateway);
                    var v2 = new ApiGatewayV2Client(session.ApiGatewayV2);
                    if (batch.InvokeUrls.Count > 0)
                    {
                        var resolver = new InvokeTargetResolver(rest, v2);
                        foreach (var url in batch.InvokeUrls)
                        {
                            var (target, failure) = await resolver.ResolveAsync(url, token).ConfigureAwait(false);
                            if (failure != null) observer.OnError(failure);
                            else
                            {
                                observer.OnVerbose("Invoke URL " + url + " lands on API " + target.ApiId + " stage " + target.StageName + " path " + target.ResourcePath + ".");
                                request.InvokeTargets.Add(target);
                            }
                        }
                        if (request.InvokeTargets.Count == 0) return;
                    }
                    var scanner = new PinScanner(lambda, rest, v2, context, request, observer);
                    try
                    {
                        await scanner.RunAsync(token).ConfigureAwait(false);
                    }
                    finally
                    {
                        final = scanner.Progress;
                    }
                });
            }
            finally
            {
                CompleteProgress();
            }
            if (final != null) WriteVerbose(final.Describe() + " in " + watch.Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " s.");
        }

        /// <summary>Always closes the progress bar, even after an error or Ctrl-C.</summary>
        private void CompleteProgress()
        {
            if (!_showProgress) return;
            try
            {
                WriteProgress(new ProgressRecord(ProgressActivityId, "Get-LambdaIntegrationPin", "Done") { RecordType = ProgressRecordType.Completed, PercentComplete = 100 });
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

        internal static ErrorRecord ToErrorRecord(ScanFailure failure)
        {
            if (failure.Error != null)
            {
                var error = failure.Error;
                return new ErrorRecord(error.ToException(), error.ErrorId, Category(error.Category), error.TargetValue);
            }
            var record = AwsErrorRecords.Create(failure.Exception, failure.Target, failure.ErrorId);
            if (!string.IsNullOrEmpty(failure.Context))
            {
                record.ErrorDetails = new ErrorDetails(failure.Context + ": " + (record.ErrorDetails?.Message ?? failure.Exception.Message))
                {
                    RecommendedAction = record.ErrorDetails?.RecommendedAction,
                };
            }
            return record;
        }

        private static ErrorCategory Category(DiscoveryErrorCategory category)
        {
            switch (category)
            {
                case DiscoveryErrorCategory.InvalidArgument: return ErrorCategory.InvalidArgument;
                case DiscoveryErrorCategory.InvalidData: return ErrorCategory.InvalidData;
                default: return ErrorCategory.ObjectNotFound;
            }
        }

        private static void AddAll(ICollection<string> target, IEnumerable<string> values)
        {
            if (values == null) return;
            foreach (var value in values)
            {
                if (!string.IsNullOrWhiteSpace(value) && !target.Contains(value.Trim())) target.Add(value.Trim());
            }
        }

        /// <summary>
        /// Accepts only text (strings, URIs) as invoke URLs. Without it, PowerShell's last binding attempt would turn any
        /// piped object into a string ("@{FunctionName=my-func}") and bind it here, instead of binding the object's
        /// FunctionName by property name in the default parameter set.
        /// </summary>
        private sealed class InvokeUrlTextTransformationAttribute : ArgumentTransformationAttribute
        {
            public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
            {
                var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
                switch (value)
                {
                    case string text: return new[] { text };
                    case Uri uri: return new[] { uri.OriginalString };
                    case System.Collections.IEnumerable items:
                        var list = new List<string>();
                        foreach (var item in items)
                        {
                            var element = item is PSObject wrappedItem ? wrappedItem.BaseObject : item;
                            if (element is string elementText) list.Add(elementText);
                            else if (element is Uri elementUri) list.Add(elementUri.OriginalString);
                            else throw NotText(element);
                        }
                        return list.ToArray();
                    default:
                        throw NotText(value);
                }
            }

            // Wrapping a PSInvalidCastException is what tells the binder "this pipeline object is not for this
            // parameter, try the others" instead of reporting a binding error.
            private static ArgumentTransformationMetadataException NotText(object value)
            {
                var message = "An invoke URL must be text, not " + (value?.GetType().FullName ?? "null") + ".";
                return new ArgumentTransformationMetadataException(message, new PSInvalidCastException(message));
            }
        }

        /// <summary>What the pipeline asked of one account session.</summary>
        private sealed class ScanBatch
        {
            public AwsSession Session;
            public readonly List<string> FunctionNames = new List<string>();
            public readonly List<string> InvokeUrls = new List<string>();
            public readonly List<string> RestApiIds = new List<string>();
            public readonly List<string> ApiIds = new List<string>();
            public readonly List<string> StageNames = new List<string>();
        }

        /// <summary>Hands the scan's findings from its workers to the pipeline thread through the pump; throttles progress.</summary>
        private sealed class PumpObserver : IPinScanObserver
        {
            private readonly GetLambdaIntegrationPinCommand _cmdlet;
            private readonly bool _showProgress;
            private readonly object _progressLock = new object();
            private readonly Stopwatch _sinceProgress = Stopwatch.StartNew();
            private bool _progressWritten;
            private PipelinePump _pump;

            public PumpObserver(GetLambdaIntegrationPinCommand cmdlet, bool showProgress)
            {
                _cmdlet = cmdlet;
                _showProgress = showProgress;
            }

            public void Attach(PipelinePump pump) => _pump = pump;

            public void OnPin(LambdaIntegrationPin pin) => _pump.WriteObject(pin);

            public void OnError(ScanFailure failure) => _pump.WriteError(ToErrorRecord(failure));

            public void OnWarning(string message) => _pump.WriteWarning(message);

            public void OnVerbose(string message) => _pump.WriteVerbose(message);

            public void OnProgress(PinScanProgress progress)
            {
                if (!_showProgress) return;
                lock (_progressLock)
                {
                    if (_progressWritten && _sinceProgress.Elapsed < ProgressInterval) return;
                    _progressWritten = true;
                    _sinceProgress.Restart();
                }
                var record = new ProgressRecord(ProgressActivityId, "Get-LambdaIntegrationPin", progress.Describe())
                {
                    PercentComplete = progress.PercentComplete,
                    CurrentOperation = progress.Current ?? string.Empty,
                };
                _pump.WriteProgress(record);
            }
        }
    }
}
