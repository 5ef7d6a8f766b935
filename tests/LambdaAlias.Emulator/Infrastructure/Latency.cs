namespace LambdaAlias.Emulator.Infrastructure;

/// <summary>Injected per-call latency, as a real AWS round trip would add. Durations are nominal: the time-scale factor
/// divides them. Thread-safe.</summary>
public sealed class LatencyInjector
{
    private readonly object _sync = new();
    private readonly Dictionary<string, TimeSpan> _perOperation = new(StringComparer.Ordinal);
    private readonly EmulatorTiming _timing;
    private TimeSpan _default;
    private TimeSpan _jitter;

    public LatencyInjector(EmulatorTiming timing) => _timing = timing;

    /// <summary>Latency added to every AWS call without an operation-specific value.</summary>
    public TimeSpan Default { get { lock (_sync) return _default; } set { lock (_sync) _default = value < TimeSpan.Zero ? TimeSpan.Zero : value; } }
    /// <summary>Uniform random extra latency in [0, Jitter).</summary>
    public TimeSpan Jitter { get { lock (_sync) return _jitter; } set { lock (_sync) _jitter = value < TimeSpan.Zero ? TimeSpan.Zero : value; } }

    public void Set(string operation, TimeSpan latency) { lock (_sync) _perOperation[operation] = latency; }
    public void Clear() { lock (_sync) { _perOperation.Clear(); _default = TimeSpan.Zero; _jitter = TimeSpan.Zero; } }
    public IReadOnlyDictionary<string, TimeSpan> PerOperation { get { lock (_sync) return new Dictionary<string, TimeSpan>(_perOperation); } }

    /// <summary>The nominal latency for one call of <paramref name="operation"/>.</summary>
    public TimeSpan For(string operation)
    {
        lock (_sync)
        {
            var baseLatency = operation != null && _perOperation.TryGetValue(operation, out var l) ? l : _default;
            return _jitter > TimeSpan.Zero ? baseLatency + TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * _jitter.Ticks)) : baseLatency;
        }
    }

    public Task DelayAsync(string operation, CancellationToken cancellationToken) => _timing.DelayAsync(For(operation), cancellationToken);
}
