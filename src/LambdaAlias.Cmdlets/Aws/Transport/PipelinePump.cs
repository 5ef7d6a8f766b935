using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>
    /// Lets thread-pool workers talk to the pipeline. PowerShell allows Write*, ShouldProcess and WriteProgress only on
    /// the pipeline thread, so workers enqueue here and the pipeline thread runs the queue (and drains the AWS call log
    /// into WriteVerbose) until the work finishes. Every member is safe to call from any thread.
    /// </summary>
    public sealed class PipelinePump
    {
        private readonly Cmdlet _cmdlet;
        private readonly AwsCallLog _callLog;
        private readonly BlockingCollection<Action> _queue = new BlockingCollection<Action>();
        private readonly CancellationTokenSource _work;
        private int _wakePending;
        private ExceptionDispatchInfo _pipelineFailure;

        internal PipelinePump(Cmdlet cmdlet, AwsCallLog callLog, CancellationToken stopToken)
        {
            _cmdlet = cmdlet ?? throw new ArgumentNullException(nameof(cmdlet));
            _callLog = callLog;
            _work = CancellationTokenSource.CreateLinkedTokenSource(stopToken);
        }

        /// <summary>Cancelled by Ctrl-C (StopProcessing) or when writing to the pipeline failed.</summary>
        public CancellationToken CancellationToken => _work.Token;

        public void WriteObject(object value) => Post(() => _cmdlet.WriteObject(value));
        public void WriteObject(object value, bool enumerateCollection) => Post(() => _cmdlet.WriteObject(value, enumerateCollection));
        public void WriteError(ErrorRecord record) => Post(() => _cmdlet.WriteError(record));
        public void WriteWarning(string message) => Post(() => _cmdlet.WriteWarning(message));
        public void WriteVerbose(string message) => Post(() => _cmdlet.WriteVerbose(message));
        public void WriteDebug(string message) => Post(() => _cmdlet.WriteDebug(message));
        public void WriteProgress(ProgressRecord record) => Post(() => _cmdlet.WriteProgress(record));

        /// <summary>A non-terminating error for an AWS failure, mapped as <see cref="AwsErrorRecords.Create"/> does.</summary>
        public void WriteAwsError(Exception exception, object target, string errorId = null) =>
            WriteError(AwsErrorRecords.Create(exception, target, errorId));

        /// <summary>Asks ShouldProcess on the pipeline thread (so -WhatIf and -Confirm work) and returns its answer.</summary>
        public Task<bool> ShouldProcessAsync(string target, string action) => InvokeAsync(() => _cmdlet.ShouldProcess(target, action));

        /// <summary>Runs <paramref name="onPipelineThread"/> on the pipeline thread and returns its result.</summary>
        public Task<T> InvokeAsync<T>(Func<T> onPipelineThread)
        {
            var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!TryPost(() =>
                {
                    try { completion.TrySetResult(onPipelineThread()); }
                    catch (Exception e) { completion.TrySetException(e); }
                }))
            {
                completion.TrySetException(new InvalidOperationException("The pipeline pump has finished; nothing runs on the pipeline thread any more."));
            }
            return completion.Task;
        }

        public Task InvokeAsync(Action onPipelineThread) => InvokeAsync(() => { onPipelineThread(); return true; });

        /// <summary>Wakes the pump so it drains the call log soon; cheap and coalesced.</summary>
        internal void Wake()
        {
            if (Interlocked.Exchange(ref _wakePending, 1) == 0 && !TryPost(() => Interlocked.Exchange(ref _wakePending, 0)))
            {
                Interlocked.Exchange(ref _wakePending, 0);
            }
        }

        private void Post(Action action)
        {
            if (!TryPost(action)) throw new InvalidOperationException("The pipeline pump has finished; write before the work completes.");
        }

        private bool TryPost(Action action)
        {
            try
            {
                _queue.Add(action);
                return true;
            }
            catch (InvalidOperationException)
            {
                return false; // CompleteAdding was called: the work is over.
            }
        }

        /// <summary>
        /// Runs <paramref name="work"/> on the thread pool and serves its requests on the calling (pipeline) thread
        /// until it completes. Rethrows the work's exception; throws PipelineStoppedException after Ctrl-C.
        /// </summary>
        internal T Run<T>(Func<PipelinePump, CancellationToken, Task<T>> work, Action drainCallLog)
        {
            Action onRecord = Wake;
            if (_callLog != null) _callLog.RecordAdded += onRecord;
            Task<T> task;
            try
            {
                task = Task.Run(() => work(this, _work.Token));
                task.ContinueWith(_ => _queue.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

                foreach (var action in _queue.GetConsumingEnumerable())
                {
                    if (_pipelineFailure == null)
                    {
                        try
                        {
                            action();
                            drainCallLog?.Invoke();
                        }
                        catch (Exception e)
                        {
                            // Writing failed (e.g. the pipeline is stopping): stop the work, keep serving until it ends so
                            // no worker is left blocked on a ShouldProcess answer, then rethrow.
                            _pipelineFailure = ExceptionDispatchInfo.Capture(e);
                            _work.Cancel();
                        }
                    }
                    else
                    {
                        FailPending(action);
                    }
                }
            }
            finally
            {
                if (_callLog != null) _callLog.RecordAdded -= onRecord;
            }

            if (_pipelineFailure == null) drainCallLog?.Invoke();
            _pipelineFailure?.Throw();
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_work.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            finally
            {
                _work.Dispose();
            }
        }

        private static void FailPending(Action action)
        {
            // After a pipeline failure, requests still run so their awaiting workers resume, but Write* calls then
            // throw again; that is expected and ignored here since the first failure is what the caller sees.
            try { action(); }
            catch (Exception) { }
        }
    }
}
