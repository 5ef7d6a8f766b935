using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace LambdaAlias
{
    /// <summary>One AWS call for the -Verbose log. Holds no secret: no headers, no URL, no body.</summary>
    public sealed class AwsCallRecord
    {
        public AwsService Service { get; set; }
        public string Operation { get; set; }
        public string Target { get; set; }
        public string HttpMethod { get; set; }
        /// <summary>Final HTTP status, or 0 when no response arrived.</summary>
        public int StatusCode { get; set; }
        public long Milliseconds { get; set; }
        public int Retries { get; set; }
        /// <summary>AWS error code of the final response, if it failed.</summary>
        public string ErrorCode { get; set; }
        public string RequestId { get; set; }
        /// <summary>Why each retry happened, e.g. "429 TooManyRequestsException", "connection reset".</summary>
        public IReadOnlyList<string> RetryReasons { get; set; } = Array.Empty<string>();
        public DateTimeOffset StartedAt { get; set; }

        public override string ToString()
        {
            var text = new StringBuilder("AWS ").Append(Service).Append(' ').Append(Operation);
            if (!string.IsNullOrEmpty(Target)) text.Append(' ').Append(Target);
            text.Append(" -> ").Append(StatusCode == 0 ? "no response" : StatusCode.ToString(CultureInfo.InvariantCulture));
            if (!string.IsNullOrEmpty(ErrorCode)) text.Append(' ').Append(ErrorCode);
            text.Append(" in ").Append(Milliseconds.ToString(CultureInfo.InvariantCulture)).Append(" ms");
            if (Retries > 0)
            {
                text.Append(", ").Append(Retries.ToString(CultureInfo.InvariantCulture)).Append(Retries == 1 ? " retry" : " retries");
                if (RetryReasons.Count > 0) text.Append(" (").Append(string.Join(", ", RetryReasons)).Append(')');
            }
            if (!string.IsNullOrEmpty(RequestId)) text.Append(" [request ").Append(RequestId).Append(']');
            return text.ToString();
        }
    }

    /// <summary>
    /// Collects call records from any thread. Transports only enqueue; the cmdlet drains on the pipeline thread and
    /// writes them with WriteVerbose, because only that thread may write to the pipeline.
    /// </summary>
    public sealed class AwsCallLog
    {
        private readonly ConcurrentQueue<AwsCallRecord> _pending = new ConcurrentQueue<AwsCallRecord>();
        private readonly ConcurrentDictionary<string, int> _callsByOperation = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);

        /// <summary>Raised (on the calling worker thread) after a record is enqueued; lets a pump wake up to drain.</summary>
        public event Action RecordAdded;

        public void Add(AwsCallRecord record)
        {
            if (record == null) throw new ArgumentNullException(nameof(record));
            _pending.Enqueue(record);
            _callsByOperation.AddOrUpdate(record.Operation ?? string.Empty, 1, (_, count) => count + 1);
            RecordAdded?.Invoke();
        }

        public bool TryTake(out AwsCallRecord record) => _pending.TryDequeue(out record);

        /// <summary>Removes and returns every pending record, oldest first.</summary>
        public IReadOnlyList<AwsCallRecord> Drain()
        {
            var drained = new List<AwsCallRecord>();
            while (_pending.TryDequeue(out var record)) drained.Add(record);
            return drained;
        }

        /// <summary>How many calls (not attempts) each operation made so far in this invocation.</summary>
        public IReadOnlyDictionary<string, int> CallsByOperation() => new Dictionary<string, int>(_callsByOperation, StringComparer.Ordinal);
    }
}
