using LambdaAlias.Emulator;
using LambdaAlias.Tests.Emulator.Fidelity;

namespace LambdaAlias.Tests.Emulator.Lambda;

/// <summary>A demo-scenario emulator and a signing client; every Lambda call made through <see cref="CallAsync"/> is
/// checked against the Lambda API model.</summary>
public sealed class LambdaTestContext : IAsyncDisposable
{
    public EmulatorHost Host { get; private init; }
    public EmulatorTestClient Client { get; private init; }
    public const string Account = "123456789012";
    public static string Arn(string name, string qualifier = null) => $"arn:aws:lambda:us-east-1:{Account}:function:{name}" + (qualifier != null ? ":" + qualifier : "");
    public static string ExecuteApi(string rest) => $"arn:aws:execute-api:us-east-1:{Account}:{rest}";

    public static async Task<LambdaTestContext> StartAsync(string scenario = "demo")
    {
        var host = await EmulatorHost.StartAsync(new EmulatorOptions { Scenario = scenario });
        return new LambdaTestContext { Host = host, Client = new EmulatorTestClient(host) };
    }

    /// <summary>Call a Lambda operation and assert the response (success or error) matches the API model.</summary>
    public async Task<EmulatorResponse> CallAsync(string operation, HttpMethod method, string pathAndQuery, object body = null)
    {
        var response = await Client.LambdaAsync(method, pathAndQuery, body);
        FidelityChecker.AssertConforms("lambda", operation, response);
        return response;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
