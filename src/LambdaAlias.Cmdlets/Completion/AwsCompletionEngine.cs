using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>
    /// Gets a listing for a completer within a hard time limit, from the cache when it can, and never fails: every
    /// error (no credentials, no region, a bad endpoint, AccessDenied, a throttle) is an empty list, because a
    /// completer that throws or writes breaks the user's line editing.
    /// </summary>
    internal sealed class AwsCompletionEngine
    {
        /// <summary>Tab must feel instant or at least bounded; two seconds total, whatever the network does.</summary>
        public static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromSeconds(2);

        /// <summary>
        /// The listing is told to stop this long before the limit, so the pages that did arrive can still be handed
        /// back in time (a large account lists more than fits in two seconds).
        /// </summary>
        private static readonly TimeSpan StopMargin = TimeSpan.FromMilliseconds(250);

        private static readonly IReadOnlyList<CompletionCandidate> None = Array.Empty<CompletionCandidate>();

        public static AwsCompletionEngine Default { get; } = new AwsCompletionEngine(AwsCompletionConnector.Instance, CompletionCache.Shared, DefaultTimeLimit);

        private readonly ICompletionConnector _connector;
        private readonly CompletionCache _cache;

        public AwsCompletionEngine(ICompletionConnector connector, CompletionCache cache, TimeSpan timeLimit)
        {
            _connector = connector ?? throw new ArgumentNullException(nameof(connector));
            _cache = cache ?? throw new ArgumentNullException(nameof(cache));
            if (timeLimit <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeLimit));
            TimeLimit = timeLimit;
        }

        public TimeSpan TimeLimit { get; }

        /// <summary>
        /// The candidates of <paramref name="source"/> under <paramref name="scope"/>, for the connection the typed
        /// parameters and stored variables describe. Returns within <see cref="TimeLimit"/> minus
        /// <paramref name="alreadySpent"/>: what arrived by then (possibly nothing), and the work still running is
        /// cancelled. Never throws.
        /// </summary>
        public IReadOnlyList<CompletionCandidate> GetCandidates(ICompletionSource source, string scope, IDictionary fakeBoundParameters,
            Func<string, object> getVariable, TimeSpan alreadySpent = default)
        {
            var remaining = TimeLimit - alreadySpent;
            if (source == null || remaining <= TimeSpan.Zero) return None;
            var clock = Stopwatch.StartNew();
            CancellationTokenSource stop = null;
            Task<IReadOnlyList<CompletionCandidate>> work;
            try
            {
                stop = new CancellationTokenSource();
                var stopAfter = remaining - StopMargin;
                stop.CancelAfter(stopAfter > TimeSpan.FromMilliseconds(50) ? stopAfter : TimeSpan.FromMilliseconds(50));
                var parameters = CompletionParameters.WithoutUnevaluated(fakeBoundParameters);
                var token = stop.Token;
                // Off the pipeline thread: resolving credentials can block (profile files, a credential process, instance
                // metadata), and only a task can be abandoned when it overruns.
                work = Task.Run(() => FetchAsync(source, scope, parameters, getVariable, token));
            }
            catch (Exception)
            {
                stop?.Dispose();
                return None;
            }

            bool finished;
            try
            {
                var left = remaining - clock.Elapsed;
                finished = left > TimeSpan.Zero && work.Wait(left);
            }
            catch (Exception)
            {
                finished = true; // Wait rethrows the work's failure; the status check below turns it into "nothing".
            }

            if (!finished)
            {
                // Give up now. The work is cancelled; its eventual failure is observed (no UnobservedTaskException) and the
                // token source is disposed only then, since the work may still be reading the token.
                try { stop.Cancel(); }
                catch (Exception) { } // A registration callback that throws must not reach the user's prompt.
                work.ContinueWith(t => { _ = t.Exception; stop.Dispose(); }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                return None;
            }
            stop.Dispose();
            return work.Status == TaskStatus.RanToCompletion && work.Result != null ? work.Result : None;
        }

        private async Task<IReadOnlyList<CompletionCandidate>> FetchAsync(ICompletionSource source, string scope, IDictionary parameters,
            Func<string, object> getVariable, CancellationToken cancellationToken)
        {
            using (var connection = _connector.Connect(parameters, getVariable))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var key = new CompletionCacheKey(source.Kind, connection.EndpointFor(source.Service), connection.Region, connection.IdentityKey, scope);
                if (_cache.TryGet(key, out var cached)) return cached;

                var candidates = new List<CompletionCandidate>();
                try
                {
                    var enumerator = source.ListAsync(connection, scope, cancellationToken).GetAsyncEnumerator(cancellationToken);
                    try
                    {
                        while (await enumerator.MoveNextAsync().ConfigureAwait(false)) candidates.Add(enumerator.Current);
                    }
                    finally
                    {
                        await enumerator.DisposeAsync().ConfigureAwait(false);
                    }
                }
                catch (Exception) when (cancellationToken.IsCancellationRequested)
                {
                    // Cut short by the time limit: offer what arrived, but never cache a partial listing as if complete.
                    return candidates;
                }
                _cache.Set(key, candidates);
                return candidates;
            }
        }
    }
}
