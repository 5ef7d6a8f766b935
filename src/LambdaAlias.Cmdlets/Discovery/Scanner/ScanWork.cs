using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>
    /// Bounded concurrency over a stream that is still arriving (list pages), and a count of work started but not yet
    /// finished. Finished tasks are forgotten at once, so memory follows what is in flight, not what was scanned.
    /// </summary>
    public static class ScanWork
    {
        /// <summary>Runs <paramref name="body"/> for each item as it arrives, at most <paramref name="maxDegree"/> at once.
        /// The body handles its own failures; one that escapes stops the loop and is rethrown after the running bodies end.</summary>
        public static async Task ForEachAsync<T>(IAsyncEnumerable<T> source, int maxDegree, Func<T, CancellationToken, Task> body, CancellationToken cancellationToken)
        {
            if (source == null) throw new ArgumentNullException(nameof(source));
            if (body == null) throw new ArgumentNullException(nameof(body));
            using (var slots = new SemaphoreSlim(Math.Max(1, maxDegree)))
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var running = new Outstanding();
                Exception failure = null;
                try
                {
                    var enumerator = source.GetAsyncEnumerator(stop.Token);
                    try
                    {
                        while (await enumerator.MoveNextAsync().ConfigureAwait(false))
                        {
                            var item = enumerator.Current;
                            await slots.WaitAsync(stop.Token).ConfigureAwait(false);
                            running.Add(RunOne(item));
                        }
                    }
                    finally
                    {
                        await enumerator.DisposeAsync().ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    // A body failed and stopped the loop; its failure is rethrown below.
                }
                finally
                {
                    running.Close();
                    await running.WhenAllAsync().ConfigureAwait(false);
                }
                if (failure != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
                cancellationToken.ThrowIfCancellationRequested();

                async Task RunOne(T item)
                {
                    try
                    {
                        await body(item, stop.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                    }
                    catch (Exception e)
                    {
                        Interlocked.CompareExchange(ref failure, e, null);
                        stop.Cancel();
                    }
                    finally
                    {
                        slots.Release();
                    }
                }
            }
        }

        /// <summary>A stream of the given items, for sources that are not paged.</summary>
        public static async IAsyncEnumerable<T> AsAsync<T>(IEnumerable<T> items)
        {
            foreach (var item in items) yield return item;
            await Task.CompletedTask.ConfigureAwait(false);
        }
    }

    /// <summary>Counts tasks in flight and completes <see cref="WhenAllAsync"/> once it is closed and all have finished.
    /// Exceptions are the tasks' own business: they must handle them.</summary>
    public sealed class Outstanding
    {
        private readonly TaskCompletionSource<bool> _done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count = 1; // the "open" token, released by Close

        public void Add(Task task)
        {
            Interlocked.Increment(ref _count);
            task.ContinueWith(_ => Release(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        public void Close() => Release();

        public Task WhenAllAsync() => _done.Task;

        private void Release()
        {
            if (Interlocked.Decrement(ref _count) == 0) _done.TrySetResult(true);
        }
    }
}
