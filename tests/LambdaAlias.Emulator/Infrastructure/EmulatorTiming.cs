namespace LambdaAlias.Emulator.Infrastructure;

/// <summary>The emulator's time-scale: a factor that speeds up quotas, injected latency and asynchronous state changes
/// (ESM Updating, AutoDeploy PENDING) together, so a benchmark's ratios hold while it runs faster. 1 is real time.</summary>
public sealed class EmulatorTiming
{
    private double _scale = 1;

    public double Scale
    {
        get => Volatile.Read(ref _scale);
        set
        {
            if (!(value > 0) || double.IsInfinity(value)) throw new ArgumentOutOfRangeException(nameof(value), "The time-scale factor must be a positive number.");
            Volatile.Write(ref _scale, value);
        }
    }

    /// <summary>The real time a nominal AWS duration takes at the current scale.</summary>
    public TimeSpan Scaled(TimeSpan nominal) => TimeSpan.FromTicks((long)(nominal.Ticks / Scale));

    /// <summary>Wait a nominal duration, sped up by the scale.</summary>
    public Task DelayAsync(TimeSpan nominal, CancellationToken cancellationToken = default)
    {
        var real = Scaled(nominal);
        return real <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(real, cancellationToken);
    }
}
