using System.Diagnostics;
using LambdaAlias.Emulator;
using LambdaAlias.Tests.Harness;

namespace LambdaAlias.Tests.Reliability;

/// <summary>One route (or mapping) of the demo account the traffic probes exercise.</summary>
public sealed record DemoRoute(string Name, ProbeRequest Request)
{
    /// <summary>Every route of DEMO.md that invokes a Lambda function, and the event source mapping. Both stages of the
    /// stage-variable API, the prod canary forced on and off, the custom domain, and the alias-backed API that must
    /// stay untouched.</summary>
    public static IReadOnlyList<DemoRoute> All { get; } = new[]
    {
        new DemoRoute("REST dev GET /orders (authorizer + my-func)", new ProbeRequest { Url = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev/orders" }),
        new DemoRoute("REST dev ANY /{proxy+} as GET /basket", new ProbeRequest { Url = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev/basket" }),
        new DemoRoute("REST dev ANY /{proxy+} as POST /basket/1", new ProbeRequest { ApiId = "a1b2c3d4e5", Stage = "dev", Method = "POST", Path = "/basket/1" }),
        new DemoRoute("custom domain api.example.com/orders/orders", new ProbeRequest { Url = "https://api.example.com/orders/orders" }),
        new DemoRoute("stage-variable API staging GET /orders", new ProbeRequest { ApiId = "s7t8u9v0w1", Stage = "staging", Method = "GET", Path = "/orders" }),
        new DemoRoute("stage-variable API prod GET /orders (main)", new ProbeRequest { ApiId = "s7t8u9v0w1", Stage = "prod", Method = "GET", Path = "/orders", Canary = false }),
        new DemoRoute("stage-variable API prod GET /orders (canary)", new ProbeRequest { ApiId = "s7t8u9v0w1", Stage = "prod", Method = "GET", Path = "/orders", Canary = true }),
        new DemoRoute("HTTP API GET /items", new ProbeRequest { Url = "https://h1t2t3p4a5.execute-api.us-east-1.amazonaws.com/items" }),
        new DemoRoute("HTTP API POST /items", new ProbeRequest { ApiId = "h1t2t3p4a5", Stage = "$default", Method = "POST", Path = "/items" }),
        new DemoRoute("aliased API prod GET /health", new ProbeRequest { ApiId = "k2l3m4n5o6", Stage = "prod", Method = "GET", Path = "/health" }),
        new DemoRoute("event source mapping orders-queue", new ProbeRequest { EventSourceMappingUuid = DemoIds.QueueMapping }),
    };
}

public static class DemoIds
{
    public const string Account = "123456789012";
    public const string Region = "us-east-1";
    public const string QueueMapping = "6f1e0c4a-0000-4000-8000-0000000000e1";
    public const string OrdersApi = "a1b2c3d4e5";
    public const string StageVariableApi = "s7t8u9v0w1";
    public const string HttpApi = "h1t2t3p4a5";
    public const string AliasedApi = "k2l3m4n5o6";
    public static readonly string[] PinnedFunctions = { "my-func", "auth-func", "stagevar-func", "http-func", "queue-func" };
}

/// <summary>A probe that did not succeed, with when it ran and why it failed.</summary>
public sealed record ProbeFailure(string Route, string When, int Status, string Reason, string Chain)
{
    public override string ToString() => $"[{When}] {Route}: {Status} {Reason} ({Chain})";
}

/// <summary>What the traffic saw while a change ran.</summary>
public sealed class TrafficReport
{
    public int BackgroundRounds { get; init; }
    public int BoundaryRounds { get; init; }
    public int Probes { get; init; }
    public IReadOnlyList<ProbeFailure> Failures { get; init; }
    /// <summary>Per route, every (function ARN qualifier, version) that served it.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Served { get; init; }
    public TimeSpan Duration { get; init; }
    public bool StoppedByBound { get; init; }

    public string Describe(int max = 15) =>
        $"{Probes} probes ({BackgroundRounds} background rounds, {BoundaryRounds} at step boundaries) in {Duration.TotalSeconds:0.0} s, {Failures.Count} failed" +
        (Failures.Count == 0 ? "" : ":\n  " + string.Join("\n  ", Failures.Take(max)) + (Failures.Count > max ? $"\n  ... {Failures.Count - max} more" : ""));
}

/// <summary>
/// Continuous traffic probes against the in-process emulator (no network at all: <see cref="EmulatorHost.Probe"/> walks
/// the account's state under its lock), bounded in rounds and in time, plus on-demand rounds at step boundaries.
/// </summary>
public sealed class TrafficMonitor : IDisposable
{
    private static readonly double[] RoutingSamples = { 0.0, 0.37, 0.74, 0.999 };
    private readonly EmulatorHost _host;
    private readonly IReadOnlyList<DemoRoute> _routes;
    private readonly int _maxRounds;
    private readonly TimeSpan _maxDuration;
    private readonly object _sync = new();
    private readonly List<ProbeFailure> _failures = new();
    private readonly Dictionary<string, HashSet<string>> _served = new();
    private readonly Stopwatch _clock = new();
    private Thread _thread;
    private volatile bool _stop;
    private int _backgroundRounds, _boundaryRounds, _probes;
    private bool _stoppedByBound;
    private Func<DemoRoute, ProbeResult, bool> _tolerate = (_, _) => false;

    public TrafficMonitor(EmulatorHost host, IReadOnlyList<DemoRoute> routes = null, int maxRounds = 20_000, TimeSpan? maxDuration = null)
    {
        _host = host;
        _routes = routes ?? DemoRoute.All;
        _maxRounds = maxRounds;
        _maxDuration = maxDuration ?? TimeSpan.FromSeconds(90);
    }

    /// <summary>Probes every route once, outside any recording (e.g. the baseline).</summary>
    public IReadOnlyDictionary<string, ProbeResult> Snapshot(double routingSample = 0) =>
        _routes.ToDictionary(r => r.Name, r => _host.Probe(With(r.Request, routingSample)));

    /// <summary>A failure this returns true for is not counted (e.g. a route whose function the test itself deleted).</summary>
    public void Tolerate(Func<DemoRoute, ProbeResult, bool> tolerate) { lock (_sync) _tolerate = tolerate ?? ((_, _) => false); }

    public void Start()
    {
        _clock.Start();
        _thread = new Thread(Loop) { IsBackground = true, Name = "traffic probes" };
        _thread.Start();
    }

    /// <summary>One round of probes now, labelled with the step boundary it checks.</summary>
    public IReadOnlyList<ProbeFailure> ProbeBoundary(string label)
    {
        Interlocked.Increment(ref _boundaryRounds);
        return Round(label, 0);
    }

    public TrafficReport Stop()
    {
        _stop = true;
        _thread?.Join(TimeSpan.FromSeconds(10));
        _clock.Stop();
        lock (_sync)
        {
            return new TrafficReport
            {
                BackgroundRounds = _backgroundRounds,
                BoundaryRounds = _boundaryRounds,
                Probes = _probes,
                Failures = _failures.ToList(),
                Served = _served.ToDictionary(p => p.Key, p => (IReadOnlySet<string>)new HashSet<string>(p.Value)),
                Duration = _clock.Elapsed,
                StoppedByBound = _stoppedByBound,
            };
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread?.Join(TimeSpan.FromSeconds(10));
    }

    private void Loop()
    {
        var round = 0;
        while (!_stop)
        {
            if (round >= _maxRounds || _clock.Elapsed >= _maxDuration)
            {
                lock (_sync) _stoppedByBound = true;
                return;
            }
            Round("background", RoutingSamples[round % RoutingSamples.Length]);
            round++;
            Interlocked.Increment(ref _backgroundRounds);
            Thread.Sleep(1);
        }
    }

    private List<ProbeFailure> Round(string label, double routingSample)
    {
        var failures = new List<ProbeFailure>();
        foreach (var route in _routes)
        {
            var result = _host.Probe(With(route.Request, routingSample));
            Interlocked.Increment(ref _probes);
            lock (_sync)
            {
                if (result.Succeeded)
                {
                    if (!_served.TryGetValue(route.Name, out var set)) _served[route.Name] = set = new HashSet<string>();
                    set.Add(Served(result));
                    continue;
                }
                if (_tolerate(route, result)) continue;
                var failure = new ProbeFailure(route.Name, label, result.Status, result.FailureReason, string.Join(" | ", result.Chain));
                _failures.Add(failure);
                failures.Add(failure);
            }
        }
        return failures;
    }

    /// <summary>"function version", e.g. "my-func 1": what a caller's request actually ran.</summary>
    public static string Served(ProbeResult result)
    {
        var arn = result.FunctionArn ?? "";
        var name = arn.Split(":function:").LastOrDefault()?.Split(':')[0] ?? arn;
        return name + " " + result.ServedVersion;
    }

    private static ProbeRequest With(ProbeRequest r, double sample) => new()
    {
        Url = r.Url, ApiId = r.ApiId, Stage = r.Stage, Method = r.Method, Path = r.Path, Canary = r.Canary,
        EventSourceMappingUuid = r.EventSourceMappingUuid, RoutingSample = sample,
    };
}
