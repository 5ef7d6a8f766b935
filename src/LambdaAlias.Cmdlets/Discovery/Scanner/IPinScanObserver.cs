using System;

namespace LambdaAlias
{
    /// <summary>
    /// Receives what a scan finds. The scanner calls it from thread-pool workers, concurrently; the cmdlet's
    /// implementation hands everything to the pipeline thread, the only one allowed to call Write*.
    /// </summary>
    public interface IPinScanObserver
    {
        /// <summary>A complete pin, ready to write.</summary>
        void OnPin(LambdaIntegrationPin pin);

        /// <summary>Something could not be read or is broken; the scan goes on.</summary>
        void OnError(ScanFailure failure);

        void OnWarning(string message);

        void OnVerbose(string message);

        /// <summary>Counts changed. Called often; the receiver throttles.</summary>
        void OnProgress(PinScanProgress progress);
    }

    /// <summary>A non-terminating failure of a scan: either a discovery error (specific ErrorId, pure parsers) or an AWS
    /// call that failed after its retries.</summary>
    public sealed class ScanFailure
    {
        private ScanFailure() { }

        public DiscoveryError Error { get; private set; }
        public Exception Exception { get; private set; }
        /// <summary>What failed (API id, function ARN, URL), for the ErrorRecord's target object.</summary>
        public object Target { get; private set; }
        /// <summary>An ErrorId that replaces the one the exception maps to (e.g. UnknownApi for a 404 on -RestApiId).</summary>
        public string ErrorId { get; private set; }
        /// <summary>A sentence saying what the scan was doing, prefixed to the AWS message.</summary>
        public string Context { get; private set; }

        public static ScanFailure FromError(DiscoveryError error) =>
            new ScanFailure { Error = error ?? throw new ArgumentNullException(nameof(error)), Target = error.TargetValue, ErrorId = error.ErrorId };

        public static ScanFailure FromException(Exception exception, object target, string context, string errorId = null) =>
            new ScanFailure { Exception = exception ?? throw new ArgumentNullException(nameof(exception)), Target = target, Context = context, ErrorId = errorId };

        public override string ToString() => Error != null ? Error.ToString() : (ErrorId ?? Exception.GetType().Name) + ": " + Context + ": " + Exception.Message;
    }

    /// <summary>A snapshot of how far a scan is: sources (APIs, the event source mapping list, functions for the
    /// resource-policy scan) scanned out of those found so far, and pins written.</summary>
    public sealed class PinScanProgress
    {
        public int SourcesFound { get; set; }
        public int SourcesScanned { get; set; }
        public int PinsFound { get; set; }
        /// <summary>The source last finished, e.g. "REST dev-api (abc123)".</summary>
        public string Current { get; set; }

        /// <summary>0-99 while running: the total grows as list pages arrive, so 100 is only said by the Completed record.</summary>
        public int PercentComplete => SourcesFound == 0 ? 0 : Math.Min(99, SourcesScanned * 100 / SourcesFound);

        public string Describe() =>
            "Scanned " + SourcesScanned + " of " + SourcesFound + " sources; " + PinsFound + (PinsFound == 1 ? " pin" : " pins") + " found";
    }
}
