using System.Text.Json;
using LambdaAlias.Emulator;
using LambdaAlias.Tests.Emulator.Fidelity;

namespace LambdaAlias.Tests.Emulator.ApiGateway;

/// <summary>An in-process emulator with the demo scenario and a signing client, for one test.</summary>
public sealed class DemoEmulator : IAsyncDisposable
{
    public EmulatorHost Host { get; private init; }
    public EmulatorTestClient Client { get; private init; }
    public EmulatorState State => Host.State;

    public static async Task<DemoEmulator> StartAsync(string scenario = "demo")
    {
        var host = await EmulatorHost.StartAsync(new EmulatorOptions { Scenario = scenario });
        return new DemoEmulator { Host = host, Client = new EmulatorTestClient(host) };
    }

    /// <summary>Signed API Gateway call (v1 or v2: both sign as "apigateway").</summary>
    public Task<EmulatorResponse> Call(HttpMethod method, string pathAndQuery, object body = null, IDictionary<string, string> headers = null)
        => Client.ApiGatewayAsync(method, pathAndQuery, body, headers);

    /// <summary>Calls and checks the response against the v1 model.</summary>
    public async Task<EmulatorResponse> V1(string operation, HttpMethod method, string pathAndQuery, object body = null, IDictionary<string, string> headers = null)
    {
        var r = await Call(method, pathAndQuery, body, headers);
        FidelityChecker.AssertConforms("apigateway", operation, r);
        return r;
    }

    /// <summary>Calls and checks the response against the v2 model.</summary>
    public async Task<EmulatorResponse> V2(string operation, HttpMethod method, string pathAndQuery, object body = null)
    {
        var r = await Call(method, pathAndQuery, body);
        FidelityChecker.AssertConforms("apigatewayv2", operation, r);
        return r;
    }

    public static object Patch(params (string Op, string Path, string Value)[] ops)
        => new { patchOperations = ops.Select(o => o.Value == null ? (object)new { op = o.Op, path = o.Path } : new { op = o.Op, path = o.Path, value = o.Value }).ToArray() };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}

public static class JsonTestExtensions
{
    public static string Str(this JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    public static IEnumerable<JsonElement> Items(this JsonElement e, string name = "item") => e.GetProperty(name).EnumerateArray();
}
