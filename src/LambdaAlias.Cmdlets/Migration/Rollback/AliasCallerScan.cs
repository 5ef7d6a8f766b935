using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>
    /// Finds who invokes a set of aliases in one account and region: one alias-pin scan of the API Gateway sources (the
    /// same scan Get-LambdaIntegrationPin -Kind Alias runs), shared by every alias of the call. Event source mappings and
    /// resource policies are left out: their pollers and services do not go through the alias's resource policy.
    /// </summary>
    public sealed class AliasCallerScan
    {
        private static readonly SourceKind[] CallerSources =
        {
            SourceKind.RestApi, SourceKind.RestAuthorizer, SourceKind.HttpApi, SourceKind.HttpAuthorizer, SourceKind.WebSocketApi, SourceKind.StageVariable,
        };

        private readonly ILambdaApi _lambda;
        private readonly IApiGatewayApi _rest;
        private readonly IApiGatewayV2Api _v2;
        private readonly AwsContext _context;
        private readonly Lazy<Task<ScanOutcome>> _scan;
        private readonly CancellationTokenSource _stop;

        public AliasCallerScan(ILambdaApi lambda, IApiGatewayApi rest, IApiGatewayV2Api v2, AwsContext context, IEnumerable<RollbackRequest> aliases, CancellationToken cancellationToken)
        {
            _lambda = lambda ?? throw new ArgumentNullException(nameof(lambda));
            _rest = rest ?? throw new ArgumentNullException(nameof(rest));
            _v2 = v2 ?? throw new ArgumentNullException(nameof(v2));
            _context = context ?? new AwsContext();
            var patterns = (aliases ?? Enumerable.Empty<RollbackRequest>()).Select(a => a.FunctionName + ":" + a.AliasName).Distinct(StringComparer.Ordinal).ToList();
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var token = _stop.Token;
            _scan = new Lazy<Task<ScanOutcome>>(() => Task.Run(() => ScanAsync(patterns, token)), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>
        /// Cancels a scan still running (every alias may have failed before it needed the callers) and waits for it, so
        /// no AWS call outlives the command.
        /// </summary>
        public async Task StopAsync()
        {
            if (_scan.IsValueCreated)
            {
                _stop.Cancel();
                try { await _scan.Value.ConfigureAwait(false); }
                catch (OperationCanceledException) { }
            }
            _stop.Dispose();
        }

        /// <summary>Starts the scan now (it runs while the aliases are read), without waiting for it.</summary>
        public void Start() => _ = _scan.Value;

        /// <summary>The callers of one alias, once the scan has finished.</summary>
        public async Task<AliasCallerLookup> LookupAsync(string functionName, string aliasName, CancellationToken cancellationToken)
        {
            var scan = _scan.Value;
            var finished = await Task.WhenAny(scan, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
            if (finished != scan) cancellationToken.ThrowIfCancellationRequested();
            var outcome = await scan.ConfigureAwait(false);
            return new AliasCallerLookup
            {
                Callers = AliasCallers.For(outcome.Pins, functionName, aliasName, _context.Partition),
                Problem = outcome.Problems.Count == 0 ? null : string.Join("; ", outcome.Problems.Take(3)) + (outcome.Problems.Count > 3 ? $" (and {outcome.Problems.Count - 3} more)" : string.Empty),
            };
        }

        private async Task<ScanOutcome> ScanAsync(IReadOnlyList<string> patterns, CancellationToken cancellationToken)
        {
            var observer = new CollectingObserver();
            if (!FunctionNameFilter.TryCreate(patterns, out var filter, out var errors))
            {
                foreach (var error in errors) observer.Problems.Enqueue(error.Message);
                if (filter.IsEmpty) return new ScanOutcome(observer);
            }
            var request = new PinScanRequest
            {
                FunctionFilter = filter,
                Kinds = new HashSet<PinKind> { PinKind.Alias },
                Sources = new HashSet<SourceKind>(CallerSources),
            };
            try
            {
                await new PinScanner(_lambda, _rest, _v2, _context, request, observer).RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                observer.Problems.Enqueue(e.Message);
            }
            return new ScanOutcome(observer);
        }

        private sealed class ScanOutcome
        {
            public ScanOutcome(CollectingObserver observer)
            {
                Pins = observer.Pins.ToList();
                Problems = observer.Problems.ToList();
            }

            public IReadOnlyList<LambdaIntegrationPin> Pins { get; }
            public IReadOnlyList<string> Problems { get; }
        }

        /// <summary>Keeps what the scan finds; called concurrently from the scanner's workers.</summary>
        private sealed class CollectingObserver : IPinScanObserver
        {
            public readonly ConcurrentQueue<LambdaIntegrationPin> Pins = new ConcurrentQueue<LambdaIntegrationPin>();
            public readonly ConcurrentQueue<string> Problems = new ConcurrentQueue<string>();

            public void OnPin(LambdaIntegrationPin pin) { if (pin != null) Pins.Enqueue(pin); }

            public void OnError(ScanFailure failure) => Problems.Enqueue(failure.Error != null ? failure.Error.Message : (failure.Context == null ? string.Empty : failure.Context + ": ") + failure.Exception.Message);

            // The scan's own warnings and progress are about the scan, not about the rollback.
            public void OnWarning(string message) { }

            public void OnVerbose(string message) { }

            public void OnProgress(PinScanProgress progress) { }
        }
    }
}
