namespace LambdaAlias.Emulator.Infrastructure;

/// <summary>One AWS call as the emulator saw it. <see cref="Status"/> is 0 when the connection was dropped.</summary>
public sealed record RequestLogEntry
{
    public long Sequence { get; init; }
    public DateTimeOffset Timestamp { get; init; }
    public string Service { get; init; }
    /// <summary>The AWS operation name from the endpoint metadata, or "Unknown" for a path no operation serves.</summary>
    public string Operation { get; init; }
    public string Method { get; init; }
    /// <summary>Path and query as sent.</summary>
    public string Path { get; init; }
    public bool Mutating { get; init; }
    public int Status { get; init; }
    /// <summary>x-amzn-ErrorType of an error response, or null on success.</summary>
    public string ErrorCode { get; init; }
    /// <summary>True when a quota token bucket refused the call.</summary>
    public bool Throttled { get; init; }
    /// <summary>"error", "drop" or "timeout" when an injected fault answered the call.</summary>
    public string Fault { get; init; }
    public string AccessKeyId { get; init; }
    public string SigningRegion { get; init; }
    public double DurationMs { get; init; }
}

/// <summary>Every AWS call the emulator answered, in arrival order. Thread-safe; tests read it in-process
/// (<c>host.Requests</c>) or through GET /_emulator/requests.</summary>
public sealed class RequestLog
{
    private readonly object _sync = new();
    private readonly List<RequestLogEntry> _entries = new();
    private long _sequence;

    /// <summary>Entries beyond this many drop the oldest, so a long benchmark cannot grow memory without bound.</summary>
    public int Capacity { get; set; } = 1_000_000;

    internal long NextSequence() => Interlocked.Increment(ref _sequence);

    public void Add(RequestLogEntry entry)
    {
        lock (_sync)
        {
            _entries.Add(entry);
            if (_entries.Count > Capacity) _entries.RemoveRange(0, _entries.Count - Capacity);
        }
    }

    public IReadOnlyList<RequestLogEntry> All { get { lock (_sync) return _entries.ToList(); } }
    public int Count { get { lock (_sync) return _entries.Count; } }

    public IReadOnlyList<RequestLogEntry> Query(string operation = null, string service = null, bool? mutating = null, long afterSequence = 0)
    {
        lock (_sync)
            return _entries.Where(e => e.Sequence > afterSequence
                                       && (operation == null || string.Equals(e.Operation, operation, StringComparison.OrdinalIgnoreCase))
                                       && (service == null || string.Equals(e.Service, service, StringComparison.OrdinalIgnoreCase))
                                       && (mutating == null || e.Mutating == mutating.Value)).ToList();
    }

    public IReadOnlyList<RequestLogEntry> Mutations => Query(mutating: true);
    public int CountOf(string operation) => Query(operation).Count;
    /// <summary>Calls per operation, for benchmarks and assertions.</summary>
    public IReadOnlyDictionary<string, int> CountsByOperation()
    {
        lock (_sync) return _entries.GroupBy(e => e.Operation).ToDictionary(g => g.Key, g => g.Count());
    }
    /// <summary>The sequence number of the newest entry; pass it to <see cref="Query"/> as afterSequence to see only later calls.</summary>
    public long LastSequence { get { lock (_sync) return _entries.Count == 0 ? Interlocked.Read(ref _sequence) : _entries[^1].Sequence; } }

    public void Clear() { lock (_sync) _entries.Clear(); }
}
