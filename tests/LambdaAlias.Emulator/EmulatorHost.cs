using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LambdaAlias.Emulator;

public sealed class EmulatorOptions
{
    /// <summary>0 picks an ephemeral port.</summary>
    public int Port { get; set; }
    /// <summary>A scenario name under Scenarios/ (e.g. "demo") or a path to a scenario folder or JSON file.</summary>
    public string Scenario { get; set; }

    public static EmulatorOptions FromArgs(string[] args)
    {
        var o = new EmulatorOptions();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port": o.Port = int.Parse(args[++i]); break;
                case "--scenario": o.Scenario = args[++i]; break;
            }
        }
        return o;
    }
}

/// <summary>A running emulator bound to 127.0.0.1. Tests start it in-process on an ephemeral port.</summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    public EmulatorState State { get; }
    public string BaseUrl { get; }

    private EmulatorHost(WebApplication app, EmulatorState state, string baseUrl) { _app = app; State = state; BaseUrl = baseUrl; }

    public static async Task<EmulatorHost> StartAsync(EmulatorOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
        var state = new EmulatorState();
        if (options.Scenario != null) ScenarioLoader.Load(state, options.Scenario);
        var app = builder.Build();
        app.UseRouting();
        app.Use(async (ctx, next) =>
        {
            try { await next(); }
            catch (AwsErrorException e) { await AwsErrorWriter.WriteAsync(ctx, e); }
        });
        LambdaApi.Map(app, state);
        ApiGatewayApi.Map(app, state);
        ApiGatewayV2Api.Map(app, state);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmulatorHost(app, state, address.TrimEnd('/'));
    }

    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();
    public async ValueTask DisposeAsync() { await _app.StopAsync(); await _app.DisposeAsync(); }
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
        if (Directory.Exists(path))
        {
            Section(state, Path.Combine(path, "lambda.json"), state.LoadLambda);
            Section(state, Path.Combine(path, "apigateway.json"), state.LoadApiGateway);
            Section(state, Path.Combine(path, "apigatewayv2.json"), state.LoadApiGatewayV2);
            return;
        }
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        if (doc.RootElement.TryGetProperty("lambda", out var l)) state.LoadLambda(l);
        if (doc.RootElement.TryGetProperty("apigateway", out var a)) state.LoadApiGateway(a);
        if (doc.RootElement.TryGetProperty("apigatewayv2", out var v2)) state.LoadApiGatewayV2(v2);
    }

    private static void Section(EmulatorState state, string file, Action<JsonElement> load)
    {
        if (!File.Exists(file)) return;
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        load(doc.RootElement.Clone());
    }
}
