using System.Globalization;
using System.Text.Json;
using LambdaAlias.Emulator.Control;
using LambdaAlias.Emulator.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LambdaAlias.Emulator;

public sealed class EmulatorOptions
{
    /// <summary>0 picks an ephemeral port.</summary>
    public int Port { get; set; }
    /// <summary>A scenario name under Scenarios/ (e.g. "demo") or a path to a scenario folder or JSON file.</summary>
    public string Scenario { get; set; }
    /// <summary>An in-memory scenario document (e.g. from <see cref="Generator.SyntheticAccount.Generate"/>), loaded after <see cref="Scenario"/>.</summary>
    public JsonDocument ScenarioDocument { get; set; }
    /// <summary>Start with AWS's control-plane quotas on (off by default so functional tests are not throttled).</summary>
    public bool QuotasEnabled { get; set; }
    /// <summary>Nominal latency injected into every AWS call.</summary>
    public TimeSpan Latency { get; set; }
    /// <summary>Speeds up quotas, latency and asynchronous state changes together.</summary>
    public double TimeScale { get; set; } = 1;
    /// <summary>Credentials accepted in addition to the default test/test.</summary>
    public List<TestCredential> Credentials { get; } = new();

    /// <summary>--port N, --scenario NAME|PATH, --synthetic FACTOR (the benchmark's default account × FACTOR), --quotas,
    /// --latency-ms N, --time-scale F, --credential KEY:SECRET[:TOKEN].</summary>
    public static EmulatorOptions FromArgs(string[] args)
    {
        var o = new EmulatorOptions();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port": o.Port = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--scenario": o.Scenario = args[++i]; break;
                case "--synthetic":
                    o.ScenarioDocument = Generator.SyntheticAccount.Generate(new Generator.SyntheticAccountOptions().Scaled(double.Parse(args[++i], CultureInfo.InvariantCulture)));
                    break;
                case "--quotas": o.QuotasEnabled = true; break;
                case "--latency-ms": o.Latency = TimeSpan.FromMilliseconds(double.Parse(args[++i], CultureInfo.InvariantCulture)); break;
                case "--time-scale": o.TimeScale = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--credential":
                    var parts = args[++i].Split(':', 3);
                    if (parts.Length < 2) throw new ArgumentException("--credential takes ACCESS_KEY:SECRET[:SESSION_TOKEN]");
                    o.Credentials.Add(new TestCredential(parts[0], parts[1], parts.Length == 3 ? parts[2] : null));
                    break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'. Known: --port, --scenario, --synthetic, --quotas, --latency-ms, --time-scale, --credential.");
            }
        }
        return o;
    }
}

/// <summary>A running emulator bound to 127.0.0.1. Tests start it in-process on an ephemeral port. Besides the AWS
/// endpoints it exposes the control surface in-process (<see cref="Requests"/>, <see cref="Faults"/>, <see cref="Quotas"/>,
/// <see cref="Latency"/>, <see cref="Timing"/>, <see cref="Signing"/>) and over HTTP under /_emulator/.</summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    internal const string StartScenarioMarker = "\u0000start";
    private readonly WebApplication _app;
    private readonly EmulatorOptions _options;
    /// <summary>A clone of the start document, so a reset still works after the caller disposed theirs.</summary>
    private readonly JsonElement? _startDocument;

    public EmulatorState State { get; }
    public string BaseUrl { get; }
    public EmulatorRuntime Runtime { get; }
    public RequestLog Requests => Runtime.Requests;
    public FaultInjector Faults => Runtime.Faults;
    public QuotaManager Quotas => Runtime.Quotas;
    public LatencyInjector Latency => Runtime.Latency;
    public SigningOptions Signing => Runtime.Signing;
    public EmulatorTiming Timing => Runtime.Timing;
    public double TimeScale { get => Timing.Scale; set => Timing.Scale = value; }

    private EmulatorHost(WebApplication app, EmulatorOptions options, EmulatorRuntime runtime, string baseUrl, JsonElement? startDocument)
    {
        _app = app; _options = options; Runtime = runtime; State = runtime.State; BaseUrl = baseUrl; _startDocument = startDocument;
    }

    public static async Task<EmulatorHost> StartAsync(EmulatorOptions options)
    {
        options ??= new EmulatorOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
        var state = new EmulatorState();
        var runtime = new EmulatorRuntime(state);
        ApplyOptions(runtime, options);
        var startDocument = options.ScenarioDocument?.RootElement.Clone();
        LoadStartScenario(state, options.Scenario, startDocument);

        var app = builder.Build();
        EmulatorHost host = null;
        app.UseRouting();
        app.UseAwsPipeline(runtime);
        ControlApi.Map(app, runtime, scenario => host.Reset(scenario), request => host.LoadScenario(request));
        LambdaApi.Map(app, state);
        Sts.StsApi.Map(app, state, runtime);
        ApiGatewayApi.Map(app, state);
        ApiGatewayV2Api.Map(app, state);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host = new EmulatorHost(app, options, runtime, address.TrimEnd('/'), startDocument);
        return host;
    }

    /// <summary>Clear all state, the request log, faults and latency, refill the quota buckets and restore the start
    /// options, then load the start scenario again.</summary>
    public void Reset() => Reset(StartScenarioMarker);

    /// <summary>As <see cref="Reset()"/>, but load <paramref name="scenario"/> (a name or path; null for an empty account).</summary>
    public void Reset(string scenario)
    {
        lock (State.Sync)
        {
            State.Reset();
            Requests.Clear();
            Faults.Clear();
            Latency.Clear();
            Signing.ResetToDefault();
            ApplyOptions(Runtime, _options);
            Quotas.SetRules(QuotaManager.AwsDefaults());
            if (scenario == StartScenarioMarker) LoadStartScenario(State, _options.Scenario, _startDocument);
            else if (scenario != null) ScenarioLoader.Load(State, scenario);
        }
    }

    /// <summary>Load a scenario by name or path, replacing all state (or adding to it with <paramref name="replace"/> false).</summary>
    public void LoadScenario(string scenario, bool replace = true)
    {
        lock (State.Sync)
        {
            if (replace) State.Reset();
            ScenarioLoader.Load(State, scenario);
        }
    }

    /// <summary>Load an in-memory scenario document with "lambda", "apigateway" and "apigatewayv2" sections.</summary>
    public void LoadScenario(JsonDocument document, bool replace = true)
    {
        lock (State.Sync)
        {
            if (replace) State.Reset();
            ScenarioLoader.Load(State, document.RootElement);
        }
    }

    internal void LoadScenario(ScenarioRequest request)
    {
        lock (State.Sync)
        {
            if (request.Replace) State.Reset();
            if (request.Name != null) ScenarioLoader.Load(State, request.Name);
            if (request.Document is { } doc) ScenarioLoader.Load(State, doc);
        }
    }

    /// <summary>Simulate one invocation: through an event source mapping when the request names one, otherwise through
    /// API Gateway (an invoke URL or api/stage/method/path).</summary>
    public ProbeResult Probe(ProbeRequest request) => Probe(State, request);

    internal static ProbeResult Probe(EmulatorState state, ProbeRequest request)
        => !string.IsNullOrEmpty(request.EventSourceMappingUuid)
            ? state.ProbeEventSourceMapping(request.EventSourceMappingUuid, request.RoutingSample)
            : state.ProbeApiRoute(request);

    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();
    public async ValueTask DisposeAsync() { await _app.StopAsync(); await _app.DisposeAsync(); }

    private static void ApplyOptions(EmulatorRuntime runtime, EmulatorOptions options)
    {
        runtime.Timing.Scale = options.TimeScale > 0 ? options.TimeScale : 1;
        runtime.Latency.Default = options.Latency;
        foreach (var c in options.Credentials) runtime.Signing.Add(c);
        runtime.Quotas.Enabled = options.QuotasEnabled;
        runtime.Quotas.Reset();
    }

    private static void LoadStartScenario(EmulatorState state, string scenario, JsonElement? document)
    {
        if (scenario != null) ScenarioLoader.Load(state, scenario);
        if (document is { } root) ScenarioLoader.Load(state, root);
    }
}

public static class ScenarioLoader
{
    /// <summary>A scenario is a folder with lambda.json, apigateway.json and apigatewayv2.json (any may be absent),
    /// or one JSON file with "lambda", "apigateway" and "apigatewayv2" sections.</summary>
    public static void Load(EmulatorState state, string scenario)
    {
        var path = scenario;
        if (!Directory.Exists(path) && !File.Exists(path))
            path = Path.Combine(AppContext.BaseDirectory, "Scenarios", scenario);
        if (!Directory.Exists(path) && File.Exists(path + ".json")) path += ".json";
        if (Directory.Exists(path))
        {
            Section(Path.Combine(path, "lambda.json"), state.LoadLambda);
            Section(Path.Combine(path, "apigateway.json"), state.LoadApiGateway);
            Section(Path.Combine(path, "apigatewayv2.json"), state.LoadApiGatewayV2);
            return;
        }
        if (!File.Exists(path)) throw new FileNotFoundException($"No scenario '{scenario}': not a folder or JSON file, nor a name under {Path.Combine(AppContext.BaseDirectory, "Scenarios")}.");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        Load(state, doc.RootElement);
    }

    /// <summary>Load the sections of a whole-scenario document. Lambda loads first: API Gateway sections may refer to functions.</summary>
    public static void Load(EmulatorState state, JsonElement root)
    {
        if (root.TryGetProperty("lambda", out var l)) state.LoadLambda(l.Clone());
        if (root.TryGetProperty("apigateway", out var a)) state.LoadApiGateway(a.Clone());
        if (root.TryGetProperty("apigatewayv2", out var v2)) state.LoadApiGatewayV2(v2.Clone());
    }

    private static void Section(string file, Action<JsonElement> load)
    {
        if (!File.Exists(file)) return;
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        load(doc.RootElement.Clone());
    }
}
