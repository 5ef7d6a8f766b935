using System.Globalization;
using LambdaAlias.Emulator.Infrastructure;

namespace LambdaAlias.Bench;

public sealed class BucketTime
{
    public string Bucket { get; init; }
    public double RatePerSecond { get; init; }
    public double Burst { get; init; }
    /// <summary>Calls of this run the bucket admitted (each took one token).</summary>
    public long Calls { get; init; }
    /// <summary>(calls - burst)+ / rate, real seconds at the time-scale.</summary>
    public double Seconds { get; init; }
}

/// <summary>
/// The lower bound that AWS's quotas and the per-call latency set for a given set of calls, whoever makes them:
/// <code>
///   floor = max( max over buckets b of (calls_b - burst_b)+ / rate_b  +  L ,   D × L )   ÷ time-scale
/// </code>
/// where calls_b are the calls of the run that bucket b admitted (the emulator's own rules decide which buckets a call
/// draws from), a full bucket lets burst_b calls through at once and then rate_b per second, the last of them still
/// needs one round trip L, and D is the depth of the run's dependency chain (no call can start before the answer it
/// depends on arrived). Rates and L are nominal; the time-scale divides both.
/// </summary>
public sealed class QuotaFloor
{
    public IReadOnlyList<BucketTime> Buckets { get; init; }
    public BucketTime Binding { get; init; }
    public double LatencySeconds { get; init; }
    public int CriticalPathDepth { get; init; }
    public double TimeScale { get; init; }
    /// <summary>Real seconds.</summary>
    public double Seconds { get; init; }
    public string Formula { get; init; }

    /// <summary>The scan's chain: GetCallerIdentity → GetRestApis → GetResources/GetStages/GetAuthorizers → GetExport →
    /// GetFunction/ListVersionsByFunction/ListAliases → GetFunction(qualifier)/GetPolicy.</summary>
    public const int ScanDepth = 6;

    /// <summary>The migration's chain: read the live state, CreateAlias, AddPermission, UpdateIntegration, CreateDeployment,
    /// UpdateStage, verify.</summary>
    public const int MigrationDepth = 7;

    public static QuotaFloor Compute(IEnumerable<OperationCount> calls, IReadOnlyList<QuotaRule> rules, TimeSpan latency, double timeScale, int depth)
    {
        var list = calls.ToList();
        var buckets = rules.Select(rule =>
        {
            var n = list.Where(c => rule.Matches(c.Service, c.Operation)).Sum(c => c.Admitted);
            var seconds = Math.Max(0, n - rule.Burst) / (rule.RatePerSecond * timeScale);
            return new BucketTime { Bucket = rule.Name, RatePerSecond = rule.RatePerSecond, Burst = rule.Burst, Calls = n, Seconds = seconds };
        }).ToList();
        var binding = buckets.OrderByDescending(b => b.Seconds).First();
        var l = latency.TotalSeconds / timeScale;
        var quotaBound = binding.Seconds + l;
        var latencyBound = depth * l;
        var floor = Math.Max(quotaBound, latencyBound);
        string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        var formula = quotaBound >= latencyBound
            ? $"floor = (calls_b - burst_b)/rate_b + L for the binding bucket {binding.Bucket}: ({binding.Calls} - {binding.Burst})/({binding.RatePerSecond}/s x {timeScale}) + {F(l)} s = {F(floor)} s  (latency chain {depth} x L = {F(latencyBound)} s)"
            : $"floor = D x L = {depth} x {F(l)} s = {F(floor)} s  (binding bucket {binding.Bucket}: {F(quotaBound)} s)";
        return new QuotaFloor
        {
            Buckets = buckets,
            Binding = binding,
            LatencySeconds = l,
            CriticalPathDepth = depth,
            TimeScale = timeScale,
            Seconds = floor,
            Formula = formula,
        };
    }
}
