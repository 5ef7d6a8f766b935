using System.Text.Json;
using System.Text.Json.Nodes;
using LambdaAlias.Emulator;
using Xunit;

namespace LambdaAlias.Tests.Emulator.ApiGateway;

public class ApiGatewayScenarioGeneratorTests
{
    private static readonly ApiGatewayGeneratorOptions Options = new()
    {
        Seed = 7, RestApis = 12, MethodsPerRestApi = 9, StagesPerRestApi = 3, HttpApis = 4, RoutesPerHttpApi = 6, PinnedFraction = 0.3,
        Functions = new[] { new GeneratedFunctionTarget("alpha", 4, "live"), new GeneratedFunctionTarget("beta", 2, null) },
    };

    [Fact]
    public void GeneratesTheRequestedShapeAndPinnedShare()
    {
        var g = ApiGatewayScenarioGenerator.Generate(Options);
        var rest = g.ApiGateway["restApis"]!.AsArray();
        Assert.Equal(12, rest.Count);
        Assert.All(rest, a => Assert.Equal(3, a!["stages"]!.AsArray().Count));
        Assert.Equal(4, g.ApiGatewayV2["apis"]!.AsArray().Count);
        Assert.Equal(12 * 9 + 4 * 6, g.TotalIntegrations);

        var uris = rest.SelectMany(a => a!["resources"]!.AsArray())
            .Where(r => r!["methods"] != null)
            .SelectMany(r => r!["methods"]!.AsObject().Select(m => (string)m.Value!["integration"]!["uri"]!))
            .Concat(g.ApiGatewayV2["apis"]!.AsArray().SelectMany(a => a!["integrations"]!.AsArray().Select(i => (string)i!["integrationUri"]!)))
            .ToList();
        Assert.Equal(g.TotalIntegrations, uris.Count);
        var pinnedByUri = uris.Count(u => System.Text.RegularExpressions.Regex.IsMatch(u, @":function:[a-z]+:\d+(/invocations)?$"));
        Assert.Equal(g.PinnedIntegrations, pinnedByUri);
        Assert.InRange(g.PinnedIntegrations, (int)(0.15 * g.TotalIntegrations), (int)(0.45 * g.TotalIntegrations));
        // beta has no alias, so its unpinned integrations are unqualified.
        Assert.Contains(uris, u => u.EndsWith(":function:beta/invocations") || u.EndsWith(":function:beta"));
        Assert.DoesNotContain(uris, u => u.Contains(":function:alpha:5"));
        Assert.All(g.Permissions, p => Assert.StartsWith("arn:aws:execute-api:us-east-1:123456789012:", p.SourceArn));
    }

    [Fact]
    public void SameSeedSameAccount()
    {
        var a = ApiGatewayScenarioGenerator.Generate(Options);
        var b = ApiGatewayScenarioGenerator.Generate(Options);
        Assert.Equal(a.ApiGateway.ToJsonString(), b.ApiGateway.ToJsonString());
        Assert.Equal(a.ApiGatewayV2.ToJsonString(), b.ApiGatewayV2.ToJsonString());
        var other = ApiGatewayScenarioGenerator.Generate(new ApiGatewayGeneratorOptions { Seed = 8, Functions = Options.Functions });
        Assert.NotEqual(a.ApiGateway.ToJsonString(), other.ApiGateway.ToJsonString());
    }

    [Fact]
    public async Task GeneratedSectionsLoadAndAnswerOverHttp()
    {
        var g = ApiGatewayScenarioGenerator.Generate(Options);
        var doc = JsonDocument.Parse(new JsonObject { ["apigateway"] = g.ApiGateway, ["apigatewayv2"] = g.ApiGatewayV2 }.ToJsonString());
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { ScenarioDocument = doc });
        using var client = new EmulatorTestClient(host);

        var apis = await client.ApiGatewayAsync(HttpMethod.Get, "/restapis?limit=500");
        Assert.Equal(12, apis.Json.GetProperty("item").GetArrayLength());
        var firstId = apis.Json.GetProperty("item")[0].GetProperty("id").GetString();
        var resources = await client.ApiGatewayAsync(HttpMethod.Get, $"/restapis/{firstId}/resources?embed=methods&limit=500");
        var methods = resources.Json.GetProperty("item").EnumerateArray()
            .Where(r => r.TryGetProperty("resourceMethods", out _))
            .Sum(r => r.GetProperty("resourceMethods").EnumerateObject().Count());
        Assert.Equal(9, methods);
        var stages = await client.ApiGatewayAsync(HttpMethod.Get, $"/restapis/{firstId}/stages");
        Assert.Equal(3, stages.Json.GetProperty("item").GetArrayLength());
        var http = await client.ApiGatewayAsync(HttpMethod.Get, "/v2/apis");
        Assert.Equal(4, http.Json.GetProperty("items").GetArrayLength());
    }
}
