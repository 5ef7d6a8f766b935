using LambdaAlias.Emulator;

namespace LambdaAlias.Emulator;

/// <summary>
/// The emulator's traffic probe over every demo route and the event source mapping. A baseline records which code each
/// route serves (function and CodeSha256, so $LATEST and the version published from it count as the same); every later
/// check records a failure for a probe that served at baseline and now fails or serves different code.
/// </summary>
public sealed class DemoTraffic
{
    public static readonly IReadOnlyList<(string Name, ProbeRequest Request)> Probes = new (string, ProbeRequest)[]
    {
        ("REST dev GET /orders", new ProbeRequest { ApiId = "a1b2c3d4e5", Stage = "dev", Method = "GET", Path = "/orders" }),
        ("REST dev POST /{proxy+}", new ProbeRequest { ApiId = "a1b2c3d4e5", Stage = "dev", Method = "POST", Path = "/basket/42" }),
        ("custom domain GET /orders", new ProbeRequest { Url = "https://api.example.com/orders/orders" }),
        ("stagevar prod GET /orders", new ProbeRequest { ApiId = "s7t8u9v0w1", Stage = "prod", Method = "GET", Path = "/orders", Canary = false }),
        ("stagevar prod canary GET /orders", new ProbeRequest { ApiId = "s7t8u9v0w1", Stage = "prod", Method = "GET", Path = "/orders", Canary = true }),
        ("stagevar staging GET /orders", new ProbeRequest { ApiId = "s7t8u9v0w1", Stage = "staging", Method = "GET", Path = "/orders" }),
        ("HTTP GET /items", new ProbeRequest { ApiId = "h1t2t3p4a5", Stage = "$default", Method = "GET", Path = "/items" }),
        ("HTTP POST /items", new ProbeRequest { ApiId = "h1t2t3p4a5", Stage = "$default", Method = "POST", Path = "/items" }),
        ("aliased prod GET /health", new ProbeRequest { ApiId = "k2l3m4n5o6", Stage = "prod", Method = "GET", Path = "/health" }),
        ("ESM orders-queue", new ProbeRequest { EventSourceMappingUuid = "6f1e0c4a-0000-4000-8000-0000000000e1" }),
    };

    private readonly EmulatorState _state;
    private readonly object _lock = new();
    public Dictionary<string, string> Baseline { get; } = new();
    public List<string> Failures { get; } = new();
    public int Checks { get; private set; }

    public DemoTraffic(EmulatorState state)
    {
        _state = state;
        foreach (var (name, request) in Probes)
        {
            var result = _state.ProbeApiRoute(request);
            if (!result.Succeeded) throw new InvalidOperationException($"Probe {name} fails before the migration: {result.FailureReason}");
            Baseline[name] = CodeOf(result);
        }
    }

    /// <summary>Probes every route once; returns what each served.</summary>
    public Dictionary<string, string> Check(string when)
    {
        var served = new Dictionary<string, string>();
        foreach (var (name, request) in Probes)
        {
            var result = _state.ProbeApiRoute(request);
            lock (_lock)
            {
                if (!result.Succeeded) Failures.Add($"{when}: {name} failed ({result.Status}): {result.FailureReason}");
                else if ((served[name] = CodeOf(result)) != Baseline[name]) Failures.Add($"{when}: {name} served {served[name]} instead of {Baseline[name]}");
            }
        }
        lock (_lock) Checks++;
        return served;
    }

    /// <summary>"function@CodeSha256" of what served.</summary>
    private string CodeOf(ProbeResult result)
    {
        var name = result.FunctionArn?.Split(':') is { Length: >= 7 } parts ? parts[6] : result.FunctionArn;
        lock (_state.Sync)
        {
            var function = _state.FindFunction(name);
            var config = function == null ? null : result.ServedVersion == "$LATEST" ? function.Latest
                : int.TryParse(result.ServedVersion, out var v) && function.Versions.TryGetValue(v, out var c) ? c : null;
            return name + "@" + (config?.CodeSha256 ?? "?" + result.ServedVersion);
        }
    }
}
