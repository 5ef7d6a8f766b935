using LambdaAlias.Emulator.Infrastructure;

namespace LambdaAlias.Bench;

/// <summary>What the emulator saw of one kind of call during one measured run.</summary>
public sealed class OperationCount
{
    public string Service { get; init; }
    public string Operation { get; init; }
    /// <summary>Every call that reached the emulator, retries and throttled ones included.</summary>
    public long Calls { get; set; }
    /// <summary>Calls a quota bucket refused (429 / TooManyRequestsException).</summary>
    public long Throttled { get; set; }
    /// <summary>Calls the quota let through (they took a token from every matching bucket).</summary>
    public long Admitted { get; set; }
    public long ServerErrors { get; set; }
    public long ClientErrors { get; set; }
    public long Dropped { get; set; }
    /// <summary>When the first and the last call of this operation ended, seconds after the recorder started.</summary>
    public double FirstAtSeconds { get; set; }
    public double LastAtSeconds { get; set; }
}

/// <summary>
/// Counts the emulator's request log per operation while a run goes on, and keeps the log itself short: the benchmark
/// shares the process with the emulator, and a log of every call would grow with the account and spoil the peak-memory
/// figure. It drains the log every 50 ms (the log keeps at most <see cref="LogCapacity"/> entries) and proves at the end
/// that it saw every call, since the log's sequence numbers are contiguous.
/// </summary>
public sealed class CallRecorder : IDisposable
{
    public const int LogCapacity = 8192;
    private readonly RequestLog _log;
    private readonly long _startSequence;
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private readonly object _sync = new();
    private readonly Dictionary<(string, string), OperationCount> _counts = new();
    private readonly SortedSet<long> _seenAboveWatermark = new();
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new();
    private long _watermark;
    private bool _stopped;

    private readonly HashSet<string> _trackPathsOf;
    private readonly Dictionary<string, long> _pathCounts = new(StringComparer.Ordinal);

    /// <param name="trackPathsOf">Operations whose calls are also counted per request path (e.g. CreateDeployment per API).</param>
    public CallRecorder(RequestLog log, params string[] trackPathsOf)
    {
        _trackPathsOf = new HashSet<string>(trackPathsOf ?? Array.Empty<string>(), StringComparer.Ordinal);
        _log = log;
        _log.Capacity = LogCapacity;
        _startSequence = log.LastSequence;
        _watermark = _startSequence;
        _thread = new Thread(Loop) { IsBackground = true, Name = "bench-call-recorder" };
        _thread.Start();
    }

    private void Loop()
    {
        while (!_stop.Wait(50)) Drain();
    }

    private void Drain()
    {
        lock (_sync)
        {
            foreach (var e in _log.Query(afterSequence: _watermark))
            {
                if (e.Sequence <= _watermark || !_seenAboveWatermark.Add(e.Sequence)) continue;
                var key = (QuotaManager.Family(e.Service), e.Operation);
                var at = (e.Timestamp - _startedAt).TotalSeconds;
                if (!_counts.TryGetValue(key, out var c)) _counts[key] = c = new OperationCount { Service = key.Item1, Operation = e.Operation, FirstAtSeconds = at };
                c.FirstAtSeconds = Math.Min(c.FirstAtSeconds, at);
                c.LastAtSeconds = Math.Max(c.LastAtSeconds, at);
                c.Calls++;
                if (_trackPathsOf.Contains(e.Operation) && !e.Throttled && e.Status is >= 200 and < 300)
                {
                    var pathKey = e.Operation + " " + e.Method + " " + e.Path.Split('?')[0];
                    _pathCounts[pathKey] = _pathCounts.GetValueOrDefault(pathKey) + 1;
                }
                if (e.Throttled) c.Throttled++;
                else if (e.Fault == null && e.Status != 0 && e.ErrorCode != "InvalidSignatureException") c.Admitted++;
                if (e.Status == 0) c.Dropped++;
                else if (e.Status >= 500) c.ServerErrors++;
                else if (e.Status >= 400 && !e.Throttled) c.ClientErrors++;
            }
            while (_seenAboveWatermark.Count > 0 && _seenAboveWatermark.Min == _watermark + 1)
            {
                _watermark++;
                _seenAboveWatermark.Remove(_watermark);
            }
        }
    }

    /// <summary>Stops draining after a last pass; throws when a call went unseen (the log outran the drain).</summary>
    public IReadOnlyList<OperationCount> Stop()
    {
        if (!_stopped)
        {
            _stopped = true;
            _stop.Set();
            _thread.Join();
            Drain();
            var last = _log.LastSequence;
            lock (_sync)
            {
                if (_watermark != last)
                    throw new InvalidOperationException($"The call recorder missed calls: saw up to sequence {_watermark} of {last} ({_seenAboveWatermark.Count} seen beyond a gap).");
            }
        }
        lock (_sync) return _counts.Values.OrderBy(c => c.Service, StringComparer.Ordinal).ThenBy(c => c.Operation, StringComparer.Ordinal).ToList();
    }

    /// <summary>Successful calls of the tracked operations, per "Operation METHOD /path". Call after <see cref="Stop"/>.</summary>
    public IReadOnlyDictionary<string, long> PathCounts { get { lock (_sync) return new Dictionary<string, long>(_pathCounts); } }

    public void Dispose()
    {
        if (!_stopped) { _stopped = true; _stop.Set(); _thread.Join(); }
        _stop.Dispose();
    }
}
