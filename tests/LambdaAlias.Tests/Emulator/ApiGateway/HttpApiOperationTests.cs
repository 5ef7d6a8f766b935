using System.Text.Json;
using Xunit;

namespace LambdaAlias.Tests.Emulator.ApiGateway;

/// <summary>API Gateway v2 operations over signed HTTP against the demo scenario (plus a manually deployed HTTP API and
/// a WebSocket API added per test), each response checked against the official v2 API model.</summary>
public class HttpApiOperationTests
{
    private const string GetUri = "arn:aws:lambda:us-east-1:123456789012:function:http-func:1";
    private const string LiveUri = "arn:aws:lambda:us-east-1:123456789012:function:http-func:live";

    /// <summary>An HTTP API whose stage is deployed by hand, with a Lambda authorizer, and a WebSocket API.</summary>
    private const string ExtraApis = """
    {
      "apigatewayv2": {
        "apis": [
          {
            "apiId": "m1a2n3u4a5", "name": "manual-api", "protocolType": "HTTP",
            "integrations": [ { "integrationId": "int-m1", "integrationType": "AWS_PROXY",
                                "integrationUri": "arn:aws:lambda:us-east-1:123456789012:function:http-func:1" } ],
            "authorizers": [ { "authorizerId": "azm1", "name": "req-auth", "authorizerType": "REQUEST",
                               "authorizerUri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth-func:1/invocations",
                               "identitySource": ["$request.header.Authorization"], "authorizerResultTtlInSeconds": 0 } ],
            "routes": [ { "routeId": "rt-m1", "routeKey": "GET /things/{id}", "target": "integrations/int-m1", "authorizerId": "azm1" } ],
            "deployments": [ { "deploymentId": "d-m1", "snapshot": "draft" } ],
            "stages": [ { "stageName": "prod", "autoDeploy": false, "deploymentId": "d-m1", "stageVariables": { "fn": "http-func" } } ]
          },
          {
            "apiId": "w1s2k3t4a5", "name": "chat-ws", "protocolType": "WEBSOCKET",
            "integrations": [ { "integrationId": "int-w1", "integrationType": "AWS_PROXY",
                                "integrationUri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:http-func:1/invocations" } ],
            "routes": [ { "routeId": "rt-w1", "routeKey": "$connect", "target": "integrations/int-w1" } ],
            "stages": [ { "stageName": "prod", "autoDeploy": true } ]
          }
        ]
      }
    }
    """;

    private static async Task<DemoEmulator> StartWithExtrasAsync()
    {
        var emu = await DemoEmulator.StartAsync();
        emu.Host.LoadScenario(JsonDocument.Parse(ExtraApis), replace: false);
        return emu;
    }

    [Fact]
    public async Task GetApisListsHttpAndWebSocketApisAndPagesWithNextToken()
    {
        await using var emu = await StartWithExtrasAsync();
        var all = await emu.V2("GetApis", HttpMethod.Get, "/v2/apis");
        var apis = all.Json.Items("items").ToList();
        Assert.Equal(new[] { "h1t2t3p4a5", "m1a2n3u4a5", "w1s2k3t4a5" }, apis.Select(a => a.Str("apiId")));
        Assert.Equal(("items-http-api", "HTTP", "https://h1t2t3p4a5.execute-api.us-east-1.amazonaws.com"),
            (apis[0].Str("name"), apis[0].Str("protocolType"), apis[0].Str("apiEndpoint")));
        Assert.Equal(("WEBSOCKET", "$request.body.action"), (apis[2].Str("protocolType"), apis[2].Str("routeSelectionExpression")));

        var ids = new List<string>();
        string token = null;
        var pages = 0;
        do
        {
            var page = await emu.V2("GetApis", HttpMethod.Get, "/v2/apis?maxResults=2" + (token == null ? "" : "&nextToken=" + Uri.EscapeDataString(token)));
            ids.AddRange(page.Json.Items("items").Select(a => a.Str("apiId")));
            token = page.Json.Str("nextToken");
            pages++;
        } while (token != null && pages < 10);
        Assert.Equal(2, pages);
        Assert.Equal(apis.Select(a => a.Str("apiId")), ids);
    }

    [Fact]
    public async Task RoutesIntegrationsAndAuthorizersOfTheDemoHttpApi()
    {
        await using var emu = await StartWithExtrasAsync();
        var routes = (await emu.V2("GetRoutes", HttpMethod.Get, "/v2/apis/h1t2t3p4a5/routes")).Json.Items("items").ToList();
        Assert.Equal(new[] { ("GET /items", "integrations/int-items-get"), ("POST /items", "integrations/int-items-post") },
            routes.Select(r => (r.Str("routeKey"), r.Str("target"))));

        var integrations = (await emu.V2("GetIntegrations", HttpMethod.Get, "/v2/apis/h1t2t3p4a5/integrations")).Json.Items("items").ToList();
        Assert.Equal(GetUri, integrations[0].Str("integrationUri"));
        Assert.EndsWith("function:http-func/invocations", integrations[1].Str("integrationUri"));
        var one = await emu.V2("GetIntegration", HttpMethod.Get, "/v2/apis/h1t2t3p4a5/integrations/int-items-get");
        Assert.Equal(("AWS_PROXY", "2.0"), (one.Json.Str("integrationType"), one.Json.Str("payloadFormatVersion")));

        Assert.Empty((await emu.V2("GetAuthorizers", HttpMethod.Get, "/v2/apis/h1t2t3p4a5/authorizers")).Json.Items("items"));
        var auth = (await emu.V2("GetAuthorizers", HttpMethod.Get, "/v2/apis/m1a2n3u4a5/authorizers")).Json.Items("items").Single();
        Assert.Equal(("req-auth", "REQUEST"), (auth.Str("name"), auth.Str("authorizerType")));

        var paged = await emu.V2("GetRoutes", HttpMethod.Get, "/v2/apis/h1t2t3p4a5/routes?maxResults=1");
        Assert.Single(paged.Json.Items("items"));
        Assert.NotNull(paged.Json.Str("nextToken"));

        var missing = await emu.V2("GetIntegration", HttpMethod.Get, "/v2/apis/h1t2t3p4a5/integrations/nope");
        Assert.Equal((404, "NotFoundException"), (missing.Status, missing.ErrorType));
        var noApi = await emu.V2("GetRoutes", HttpMethod.Get, "/v2/apis/nope/routes");
        Assert.Equal(("NotFoundException", "Api"), (noApi.ErrorType, noApi.Json.Str("resourceType")));
    }

    [Fact]
    public async Task AutoDeployStageDeploysAnUpdatedIntegrationAsynchronously()
    {
        await using var emu = await DemoEmulator.StartAsync();
        var now = DateTimeOffset.Parse("2025-01-01T00:00:00Z");
        emu.State.Clock = () => now;
        emu.State.HttpApiAutoDeployDelay = TimeSpan.FromSeconds(5);

        var stage = await emu.V2("GetStages", HttpMethod.Get, "/v2/apis/h1t2t3p4a5/stages");
        var dflt = stage.Json.Items("items").Single();
        Assert.Equal(("$default", true, "d-h1auto"), (dflt.Str("stageName"), dflt.GetProperty("autoDeploy").GetBoolean(), dflt.Str("deploymentId")));

        var updated = await emu.V2("UpdateIntegration", HttpMethod.Patch, "/v2/apis/h1t2t3p4a5/integrations/int-items-get", new { integrationUri = LiveUri });
        Assert.Equal(LiveUri, updated.Json.Str("integrationUri"));

        var deployments = (await emu.V2("GetDeployments", HttpMethod.Get, "/v2/apis/h1t2t3p4a5/deployments")).Json.Items("items").ToList();
        Assert.Equal(2, deployments.Count);
        var auto = deployments[1];
        Assert.Equal(("PENDING", true), (auto.Str("deploymentStatus"), auto.GetProperty("autoDeployed").GetBoolean()));
        Assert.Equal("d-h1auto", (await emu.V2("GetStage", HttpMethod.Get, "/v2/apis/h1t2t3p4a5/stages/$default")).Json.Str("deploymentId"));
        var pendingExport = await Export(emu, "h1t2t3p4a5", "$default");
        Assert.Equal(GetUri, pendingExport.GetProperty("paths").GetProperty("/items").GetProperty("get").GetProperty("x-amazon-apigateway-integration").Str("uri"));

        now = now.AddSeconds(6);
        var done = (await emu.V2("GetDeployment", HttpMethod.Get, "/v2/apis/h1t2t3p4a5/deployments/" + auto.Str("deploymentId"))).Json;
        Assert.Equal("DEPLOYED", done.Str("deploymentStatus"));
        var live = await emu.V2("GetStage", HttpMethod.Get, "/v2/apis/h1t2t3p4a5/stages/$default");
        Assert.Equal(auto.Str("deploymentId"), live.Json.Str("deploymentId"));
        Assert.Contains(auto.Str("deploymentId"), live.Json.Str("lastDeploymentStatusMessage"));
        var liveExport = await Export(emu, "h1t2t3p4a5", "$default");
        Assert.Equal(LiveUri, liveExport.GetProperty("paths").GetProperty("/items").GetProperty("get").GetProperty("x-amazon-apigateway-integration").Str("uri"));
    }

    [Fact]
    public async Task UpdateIntegrationValidatesLambdaUris()
    {
        await using var emu = await DemoEmulator.StartAsync();
        var bad = await emu.V2("UpdateIntegration", HttpMethod.Patch, "/v2/apis/h1t2t3p4a5/integrations/int-items-get", new { integrationUri = "http-func:1" });
        Assert.Equal((400, "BadRequestException"), (bad.Status, bad.ErrorType));
        Assert.Single((await emu.V2("GetDeployments", HttpMethod.Get, "/v2/apis/h1t2t3p4a5/deployments")).Json.Items("items"));
    }

    [Fact]
    public async Task UpdateStageMergesAndRemovesStageVariablesAndGuardsAutoDeployStages()
    {
        await using var emu = await StartWithExtrasAsync();
        var r = await emu.V2("UpdateStage", HttpMethod.Patch, "/v2/apis/m1a2n3u4a5/stages/prod", new { stageVariables = new { alias = "live" } });
        Assert.Equal(("http-func", "live"), (r.Json.GetProperty("stageVariables").Str("fn"), r.Json.GetProperty("stageVariables").Str("alias")));
        var removed = await emu.V2("UpdateStage", HttpMethod.Patch, "/v2/apis/m1a2n3u4a5/stages/prod", new { stageVariables = new { fn = "" } });
        Assert.False(removed.Json.GetProperty("stageVariables").TryGetProperty("fn", out _));
        Assert.Equal("live", removed.Json.GetProperty("stageVariables").Str("alias"));

        var onAuto = await emu.V2("UpdateStage", HttpMethod.Patch, "/v2/apis/h1t2t3p4a5/stages/$default", new { deploymentId = "d-h1auto" });
        Assert.Equal((400, "BadRequestException"), (onAuto.Status, onAuto.ErrorType));
        var badDeployment = await emu.V2("UpdateStage", HttpMethod.Patch, "/v2/apis/m1a2n3u4a5/stages/prod", new { deploymentId = "nope" });
        Assert.Equal((400, "BadRequestException"), (badDeployment.Status, badDeployment.ErrorType));
        var missing = await emu.V2("UpdateStage", HttpMethod.Patch, "/v2/apis/m1a2n3u4a5/stages/nope", new { description = "x" });
        Assert.Equal((404, "NotFoundException"), (missing.Status, missing.ErrorType));
    }

    [Fact]
    public async Task ManualDeploymentIsDeployedAtOnceAndOnlyThenServed()
    {
        await using var emu = await StartWithExtrasAsync();
        await emu.V2("UpdateIntegration", HttpMethod.Patch, "/v2/apis/m1a2n3u4a5/integrations/int-m1", new { integrationUri = LiveUri });
        // No AutoDeploy: nothing is deployed by itself, and the stage still serves the old snapshot.
        Assert.Single((await emu.V2("GetDeployments", HttpMethod.Get, "/v2/apis/m1a2n3u4a5/deployments")).Json.Items("items"));
        Assert.Equal(GetUri, IntegrationUri(await Export(emu, "m1a2n3u4a5", "prod"), "/things/{id}"));
        Assert.Equal(LiveUri, IntegrationUri(await Export(emu, "m1a2n3u4a5", null), "/things/{id}"));

        var created = await emu.V2("CreateDeployment", HttpMethod.Post, "/v2/apis/m1a2n3u4a5/deployments", new { stageName = "prod", description = "alias" });
        Assert.Equal(201, created.Status);
        Assert.Equal(("DEPLOYED", false), (created.Json.Str("deploymentStatus"), created.Json.GetProperty("autoDeployed").GetBoolean()));
        Assert.Equal(created.Json.Str("deploymentId"), (await emu.V2("GetStage", HttpMethod.Get, "/v2/apis/m1a2n3u4a5/stages/prod")).Json.Str("deploymentId"));
        Assert.Equal(LiveUri, IntegrationUri(await Export(emu, "m1a2n3u4a5", "prod"), "/things/{id}"));

        var onAuto = await emu.V2("CreateDeployment", HttpMethod.Post, "/v2/apis/h1t2t3p4a5/deployments", new { stageName = "$default" });
        Assert.Equal((400, "BadRequestException"), (onAuto.Status, onAuto.ErrorType));
    }

    [Fact]
    public async Task ExportApiProducesOpenApiWithExtensionsInJsonOrYaml()
    {
        await using var emu = await StartWithExtrasAsync();
        var doc = await Export(emu, "m1a2n3u4a5", "prod");
        Assert.Equal("3.0.1", doc.Str("openapi"));
        var get = doc.GetProperty("paths").GetProperty("/things/{id}").GetProperty("get");
        Assert.Equal(("aws_proxy", "2.0"), (get.GetProperty("x-amazon-apigateway-integration").Str("type"), get.GetProperty("x-amazon-apigateway-integration").Str("payloadFormatVersion")));
        Assert.Equal("id", get.GetProperty("parameters")[0].Str("name"));
        var authorizer = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("req-auth").GetProperty("x-amazon-apigateway-authorizer");
        Assert.EndsWith("function:auth-func:1/invocations", authorizer.Str("authorizerUri"));

        var plain = await emu.V2("ExportApi", HttpMethod.Get, "/v2/apis/m1a2n3u4a5/exports/OAS30?outputType=JSON&stageName=prod&includeExtensions=false");
        Assert.DoesNotContain("x-amazon-apigateway-integration", plain.Body);

        var yaml = await emu.V2("ExportApi", HttpMethod.Get, "/v2/apis/h1t2t3p4a5/exports/OAS30?outputType=YAML&stageName=$default&includeExtensions=true");
        Assert.Equal(200, yaml.Status);
        Assert.Contains("x-amazon-apigateway-integration:", yaml.Body);
        Assert.Contains("uri: \"" + GetUri + "\"", yaml.Body);

        var noType = await emu.V2("ExportApi", HttpMethod.Get, "/v2/apis/h1t2t3p4a5/exports/OAS30");
        Assert.Equal((400, "BadRequestException"), (noType.Status, noType.ErrorType));
        var webSocket = await emu.V2("ExportApi", HttpMethod.Get, "/v2/apis/w1s2k3t4a5/exports/OAS30?outputType=JSON");
        Assert.Equal((400, "BadRequestException"), (webSocket.Status, webSocket.ErrorType));
    }

    [Fact]
    public async Task DomainNamesAndApiMappingsIncludeTheRestBasePathMapping()
    {
        await using var emu = await DemoEmulator.StartAsync();
        var domain = (await emu.V2("GetDomainNames", HttpMethod.Get, "/v2/domainnames")).Json.Items("items").Single();
        Assert.Equal("api.example.com", domain.Str("domainName"));
        var config = domain.GetProperty("domainNameConfigurations")[0];
        Assert.Equal(("REGIONAL", "AVAILABLE"), (config.Str("endpointType"), config.Str("domainNameStatus")));

        var mapping = (await emu.V2("GetApiMappings", HttpMethod.Get, "/v2/domainnames/api.example.com/apimappings")).Json.Items("items").Single();
        Assert.Equal(("a1b2c3d4e5", "dev", "orders"), (mapping.Str("apiId"), mapping.Str("stage"), mapping.Str("apiMappingKey")));
        var missing = await emu.V2("GetApiMappings", HttpMethod.Get, "/v2/domainnames/nope.example.com/apimappings");
        Assert.Equal((404, "NotFoundException"), (missing.Status, missing.ErrorType));
    }

    [Fact]
    public async Task WebSocketStageWithAutoDeployStartsDeployed()
    {
        await using var emu = await StartWithExtrasAsync();
        var stage = await emu.V2("GetStage", HttpMethod.Get, "/v2/apis/w1s2k3t4a5/stages/prod");
        var deploymentId = stage.Json.Str("deploymentId");
        Assert.NotNull(deploymentId);
        var deployment = (await emu.V2("GetDeployments", HttpMethod.Get, "/v2/apis/w1s2k3t4a5/deployments")).Json.Items("items").Single();
        Assert.Equal((deploymentId, "DEPLOYED", true), (deployment.Str("deploymentId"), deployment.Str("deploymentStatus"), deployment.GetProperty("autoDeployed").GetBoolean()));
    }

    private static async Task<JsonElement> Export(DemoEmulator emu, string apiId, string stage)
    {
        var r = await emu.V2("ExportApi", HttpMethod.Get, $"/v2/apis/{apiId}/exports/OAS30?outputType=JSON&includeExtensions=true" + (stage == null ? "" : "&stageName=" + Uri.EscapeDataString(stage)));
        Assert.Equal(200, r.Status);
        return r.Json;
    }

    private static string IntegrationUri(JsonElement doc, string path)
        => doc.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("x-amazon-apigateway-integration").Str("uri");
}
