using System.Diagnostics;

namespace LambdaAlias.Emulator.Infrastructure;

/// <summary>A token bucket over one set of operations. A call needs one token from every rule that matches it.</summary>
public sealed class QuotaRule
{
    public string Name { get; init; }
    /// <summary>Service family: "lambda" or "apigateway" (the latter covers API Gateway v1 and v2).</summary>
    public string Service { get; init; }
    /// <summary>Operations the rule covers; null or empty means every operation of the service not in <see cref="ExceptOperations"/>.</summary>
    public IReadOnlyList<string> Operations { get; init; }
    public IReadOnlyList<string> ExceptOperations { get; init; }
    /// <summary>Sustained rate in requests per (nominal) second.</summary>
    public double RatePerSecond { get; init; }
    /// <summary>Bucket capacity: how many calls may arrive at once after a quiet period.</summary>
    public double Burst { get; init; }

    public bool Matches(string service, string operation)
    {
        if (!string.Equals(QuotaManager.Family(service), Service, StringComparison.OrdinalIgnoreCase)) return false;
        if (ExceptOperations != null && ExceptOperations.Contains(operation, StringComparer.Ordinal)) return false;
        return Operations == null || Operations.Count == 0 || Operations.Contains(operation, StringComparer.Ordinal);
    }

    public override string ToString() => $"{Name}: {RatePerSecond}/s burst {Burst}";
}

public sealed record QuotaDecision(bool Allowed, string RuleName, TimeSpan RetryAfter);

public sealed record QuotaStatus(string Name, string Service, double RatePerSecond, double Burst, double Tokens, long Allowed, long Throttled);

/// <summary>AWS's published control-plane quotas as token buckets, off by default so functional tests are not throttled;
/// benchmarks and throttling tests switch them on. Buckets refill in real time multiplied by the time-scale factor.</summary>
public sealed class QuotaManager
{
    private sealed class Bucket
    {
        public QuotaRule Rule;
        public double Tokens;
        public long LastTicks;
        public long Allowed;
        public long Throttled;
    }

    private readonly object _sync = new();
    private readonly EmulatorTiming _timing;
    private List<Bucket> _buckets = new();
    private volatile bool _enabled;

    public QuotaManager(EmulatorTiming timing)
    {
        _timing = timing;
        SetRules(AwsDefaults());
    }

    public bool Enabled
    {
        get => _enabled;
        set { lock (_sync) { if (value && !_enabled) Refill(full: true); _enabled = value; } }
    }

    /// <summary>API Gateway: 10 req/s burst 40 over all operations (v1 and v2 together), GetResources 5 per 2 s,
    /// CreateDeployment 1 per 5 s. Lambda: GetFunction 100/s, GetPolicy 15/s, every other control-plane call 15/s together.</summary>
    public static IReadOnlyList<QuotaRule> AwsDefaults() => new[]
    {
        new QuotaRule { Name = "apigateway-account", Service = "apigateway", RatePerSecond = 10, Burst = 40 },
        new QuotaRule { Name = "apigateway-GetResources", Service = "apigateway", Operations = new[] { "GetResources" }, RatePerSecond = 2.5, Burst = 5 },
        new QuotaRule { Name = "apigateway-CreateDeployment", Service = "apigateway", Operations = new[] { "CreateDeployment" }, RatePerSecond = 0.2, Burst = 1 },
        new QuotaRule { Name = "lambda-GetFunction", Service = "lambda", Operations = new[] { "GetFunction" }, RatePerSecond = 100, Burst = 100 },
        new QuotaRule { Name = "lambda-GetPolicy", Service = "lambda", Operations = new[] { "GetPolicy" }, RatePerSecond = 15, Burst = 15 },
        new QuotaRule { Name = "lambda-control-plane", Service = "lambda", ExceptOperations = new[] { "GetFunction", "GetPolicy" }, RatePerSecond = 15, Burst = 15 },
    };

    /// <summary>Replace the rules (buckets start full).</summary>
    public void SetRules(IEnumerable<QuotaRule> rules)
    {
        lock (_sync)
            _buckets = rules.Select(r => new Bucket { Rule = r, Tokens = r.Burst, LastTicks = Stopwatch.GetTimestamp() }).ToList();
    }

    public IReadOnlyList<QuotaRule> Rules { get { lock (_sync) return _buckets.Select(b => b.Rule).ToList(); } }

    /// <summary>Take one token from every matching bucket, or none when any is empty (then say when to retry).</summary>
    public QuotaDecision TryAcquire(string service, string operation)
    {
        if (!_enabled) return new QuotaDecision(true, null, TimeSpan.Zero);
        lock (_sync)
        {
            Refill(full: false);
            var matching = _buckets.Where(b => b.Rule.Matches(service, operation)).ToList();
            var empty = matching.Where(b => b.Tokens < 1).ToList();
            if (empty.Count == 0)
            {
                foreach (var b in matching) { b.Tokens -= 1; b.Allowed++; }
                return new QuotaDecision(true, null, TimeSpan.Zero);
            }
            var worst = empty.OrderByDescending(b => (1 - b.Tokens) / b.Rule.RatePerSecond).First();
            foreach (var b in empty) b.Throttled++;
            var nominalWait = TimeSpan.FromSeconds((1 - worst.Tokens) / worst.Rule.RatePerSecond);
            return new QuotaDecision(false, worst.Rule.Name, _timing.Scaled(nominalWait));
        }
    }

    public IReadOnlyList<QuotaStatus> Status()
    {
        lock (_sync)
        {
            Refill(full: false);
            return _buckets.Select(b => new QuotaStatus(b.Rule.Name, b.Rule.Service, b.Rule.RatePerSecond, b.Rule.Burst, Math.Round(b.Tokens, 3), b.Allowed, b.Throttled)).ToList();
        }
    }

    public long ThrottledCount { get { lock (_sync) return _buckets.Sum(b => b.Throttled); } }

    /// <summary>Fill every bucket and zero the counters.</summary>
    public void Reset()
    {
        lock (_sync)
        {
            Refill(full: true);
            foreach (var b in _buckets) { b.Allowed = 0; b.Throttled = 0; }
        }
    }

    /// <summary>"apigatewayv2" shares API Gateway's account-wide quota and signing name.</summary>
    public static string Family(string service) => string.Equals(service, "apigatewayv2", StringComparison.OrdinalIgnoreCase) ? "apigateway" : service;

    private void Refill(bool full)
    {
        var now = Stopwatch.GetTimestamp();
        var scale = _timing.Scale;
        foreach (var b in _buckets)
        {
            if (full) b.Tokens = b.Rule.Burst;
            else
            {
                var seconds = (now - b.LastTicks) / (double)Stopwatch.Frequency;
                b.Tokens = Math.Min(b.Rule.Burst, b.Tokens + seconds * b.Rule.RatePerSecond * scale);
            }
            b.LastTicks = now;
        }
    }
}
