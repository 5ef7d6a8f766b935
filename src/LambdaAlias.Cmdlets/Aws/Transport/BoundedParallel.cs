using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>
    /// Runs async work over items with at most N in flight. Quotas bound the request rate; this bounds concurrency, so
    /// a slow endpoint does not pile up thousands of waiting calls.
    /// </summary>
    public static class BoundedParallel
    {
        /// <summary>Default parallelism for AWS control-plane scans.</summary>
        public const int DefaultDegree = 8;

        /// <summary>
        /// Runs <paramref name="body"/> for every item, at most <paramref name="maxDegree"/> at once. The first failure
        /// cancels the items not yet started and is rethrown once the running ones finish; bodies that want to go on
        /// after a failure should catch it themselves (e.g. report it through the pump as a non-terminating error).
        /// </summary>
        public static async Task ForEachAsync<T>(IEnumerable<T> items, int maxDegree, Func<T, CancellationToken, Task> body, CancellationToken cancellationToken)
        {
            if (items == null) throw new ArgumentNullException(nameof(items));
            if (body == null) throw new ArgumentNullException(nameof(body));
            if (maxDegree < 1) throw new ArgumentOutOfRangeException(nameof(maxDegree));
            using (var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            using (var slots = new SemaphoreSlim(maxDegree, maxDegree))
            {
                var running = new List<Task>();
                Exception firstFailure = null;
                var failureLock = new object();
                foreach (var item in items)
                {
                    try
                    {
                        await slots.WaitAsync(failed.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                    running.Add(RunOne(item));
                }
                await Task.WhenAll(running).ConfigureAwait(false);
                if (firstFailure != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(firstFailure).Throw();
                cancellationToken.ThrowIfCancellationRequested();

                async Task RunOne(T item)
                {
                    try
                    {
                        await body(item, failed.Token).ConfigureAwait(false);
                    }
                    catch (Exception e)
                    {
                        lock (failureLock)
                        {
                            if (firstFailure == null && !(e is OperationCanceledException && failed.IsCancellationRequested)) firstFailure = e;
                        }
                        failed.Cancel();
                    }
                    finally
                    {
                        slots.Release();
                    }
                }
            }
        }

        /// <summary>Like <see cref="ForEachAsync{T}"/>, returning each item's result in the items' order.</summary>
        public static async Task<IReadOnlyList<TResult>> SelectAsync<T, TResult>(IReadOnlyList<T> items, int maxDegree, Func<T, CancellationToken, Task<TResult>> body, CancellationToken cancellationToken)
        {
            if (items == null) throw new ArgumentNullException(nameof(items));
            var results = new TResult[items.Count];
            var indexes = new int[items.Count];
            for (var i = 0; i < indexes.Length; i++) indexes[i] = i;
            await ForEachAsync(indexes, maxDegree, async (index, token) => results[index] = await body(items[index], token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return results;
        }
    }
}
