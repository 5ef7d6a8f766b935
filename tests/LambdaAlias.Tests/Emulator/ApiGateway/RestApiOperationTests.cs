using System.Text.Json;
using LambdaAlias.Tests.Emulator.Fidelity;
using Xunit;

namespace LambdaAlias.Tests.Emulator.ApiGateway;

/// <summary>API Gateway REST (v1) operations over signed HTTP against the demo scenario, each response checked
/// against the official API model.</summary>
public class RestApiOperationTests
{
    private const string MyFunc1Uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-func:1/invocations";
    private const string MyFuncLiveUri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-func:live/invocations";

    [Fact]
    public async Task GetRestApisListsTheDemoApisWithTheirTags()
    {
        await using var emu = await DemoEmulator.StartAsync();
        var r = await emu.V1("GetRestApis", HttpMethod.Get, "/restapis");

        Assert.Equal(200, r.Status);
        var apis = r.Json.Items().ToList();
        Assert.Equal(new[] { "a1b2c3d4e5", "s7t8u9v0w1", "k2l3m4n5o6" }, apis.Select(a => a.Str("id")));
        var first = apis[0];
        Assert.Equal("dev-lambda-my-func:1-API", first.Str("name"));
        Assert.Equal("Orders API (dev-lambda-my-func:1)", first.Str("description"));
        Assert.Equal("dev-lambda-my-func:1", first.GetProperty("tags").Str("deployment"));
        Assert.Equal("dev-orders-stack", first.GetProperty("tags").Str("aws:cloudformation:stack-name"));
        Assert.Equal(JsonValueKind.Number, first.GetProperty("createdDate").ValueKind);
        Assert.False(r.Json.TryGetProperty("position", out _));
    }

    [Fact]
    public async Task GetRestApisPagesWithPositionAndLimit()
    {
        await using var emu = await DemoEmulator.StartAsync();
        var seen = new List<string>();
        string position = null;
        var pages = 0;
        do
        {
            var r = await emu.V1("GetRestApis", HttpMethod.Get, "/restapis?limit=2" + (position == null ? "" : "&position=" + Uri.EscapeDataString(position)));
            seen.AddRange(r.Json.Items().Select(a => a.Str("id")));
            position = r.Json.Str("position");
            pages++;
        } while (position != null && pages < 10);

        Assert.Equal(2, pages);
        Assert.Equal(new[] { "a1b2c3d4e5", "s7t8u9v0w1", "k2l3m4n5o6" }, seen);
    }

    [Fact]
    public async Task ListLimitsOutsideOneTo500AreBadRequests()
    {
        await using var emu = await DemoEmulator.StartAsync();
        var tooBig = await emu.V1("GetResources", HttpMethod.Get, "/restapis/a1b2c3d4e5/resources?limit=501");
        Assert.Equal((400, "BadRequestException"), (tooBig.Status, tooBig.ErrorType));
        var ok = await emu.V1("GetResources", HttpMethod.Get, "/restapis/a1b2c3d4e5/resources?limit=500");
        Assert.Equal(200, ok.Status);
        var badPosition = await emu.V1("GetRestApis", HttpMethod.Get, "/restapis?position=not-a-token");
        Assert.Equal((400, "BadRequestException"), (badPosition.Status, badPosition.ErrorType));
    }

    [Fact]
    public async Task UnknownApiIsNotFoundInAwsErrorFormat()
    {
        await using var emu = await DemoEmulator.StartAsync();
        var r = await emu.V1("GetRestApi", HttpMethod.Get, "/restapis/zzzzzzzzzz");
        Assert.Equal((404, "NotFoundException"), (r.Status, r.ErrorType));
        Assert.Contains("Invalid API identifier specified 123456789012:zzzzzzzzzz", r.Json.Str("message"));

        var ok = await emu.V1("GetRestApi", HttpMethod.Get, "/restapis/s7t8u9v0w1");
        Assert.Equal("stagevar-api", ok.Json.Str("name"));
    }

    [Fact]
    public async Task GetResourcesEmbedsMethodsAndIntegrationsOnlyWhenAsked()
    {
        await using var emu = await DemoEmulator.StartAsync();
        var embedded = await emu.V1("GetResources", HttpMethod.Get, "/restapis/a1b2c3d4e5/resources?embed=methods&limit=500");
        var byPath = embedded.Json.Items().ToDictionary(r => r.Str("path"));
        Assert.Equal(new[] { "/", "/orders", "/{proxy+}" }, byPath.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.False(byPath["/"].TryGetProperty("parentId", out _));
        Assert.Equal("a1root", byPath["/orders"].Str("parentId"));
        Assert.Equal("{proxy+}", byPath["/{proxy+}"].Str("pathPart"));
        var get = byPath["/orders"].GetProperty("resourceMethods").GetProperty("GET");
        Assert.Equal("CUSTOM", get.Str("authorizationType"));
        Assert.Equal("auth01", get.Str("authorizerId"));
        Assert.Equal(MyFunc1Uri, get.GetProperty("methodIntegration").Str("uri"));
        Assert.Equal("AWS_PROXY", get.GetProperty("methodIntegration").Str("type"));
        Assert.Equal(MyFunc1Uri, byPath["/{proxy+}"].GetProperty("resourceMethods").GetProperty("ANY").GetProperty("methodIntegration").Str("uri"));

        var plain = await emu.V1("GetResources", HttpMethod.Get, "/restapis/a1b2c3d4e5/resources");
        var orders = plain.Json.Items().Single(r => r.Str("path") == "/orders");
        Assert.Equal("{}", orders.GetProperty("resourceMethods").GetProperty("GET").GetRawText());
    }

    [Fact]
    public async Task GetResourcesPagesWithPosition()
    {
        await using var emu = await DemoEmulator.StartAsync();
        var first = await emu.V1("GetResources", HttpMethod.Get, "/restapis/a1b2c3d4e5/resources?embed=methods&limit=2");
        Assert.Equal(2, first.Json.Items().Count());
        var position = first.Json.Str("position");
        Assert.NotNull(position);
        var second = await emu.V1("GetResources", HttpMethod.Get, "/restapis/a1b2c3d4e5/resources?embed=methods&limit=2&position=" + Uri.EscapeDataString(position));
        Assert.Single(second.Json.Items());
        Assert.Null(second.Json.Str("position"));
        var ids = first.Json.Items().Concat(second.Json.Items()).Select(r => r.Str("id")).ToList();
        Assert.Equal(3, ids.Distinct().Count());
    }

    [Fact]
    public async Task UpdateIntegrationChangesTheDraftButNotWhatTheStageServesUntilADeployment()
    {
        await using var emu = await DemoEmulator.StartAsync();
        const string integrationPath = "/restapis/a1b2c3d4e5/resources/a1ordr/methods/GET/integration";
        var before = await emu.V1("GetIntegration", HttpMethod.Get, integrationPath);
        Assert.Equal(MyFunc1Uri, before.Json.Str("uri"));

        var updated = await emu.V1("UpdateIntegration", HttpMethod.Patch, integrationPath,
            DemoEmulator.Patch(("replace", "/uri", MyFuncLiveUri), ("replace", "/credentials", "arn:aws:iam::123456789012:role/apigw-invoke")));
        Assert.Equal(200, updated.Status);
        Assert.Equal(MyFuncLiveUri, updated.Json.Str("uri"));
        Assert.Equal("arn:aws:iam::123456789012:role/apigw-invoke", updated.Json.Str("credentials"));
        Assert.Equal(MyFuncLiveUri, (await emu.V1("GetIntegration", HttpMethod.Get, integrationPath)).Json.Str("uri"));

        var liveExport = await ExportDev(emu);
        Assert.Equal(MyFunc1Uri, Operation(liveExport, "/orders", "get").GetProperty("x-amazon-apigateway-integration").Str("uri"));

        var deployment = await emu.V1("CreateDeployment", HttpMethod.Post, "/restapis/a1b2c3d4e5/deployments", new { stageName = "dev", description = "move to alias" });
        Assert.Equal(201, deployment.Status);
        var newId = deployment.Json.Str("id");
        Assert.Equal(newId, (await emu.V1("GetStage", HttpMethod.Get, "/restapis/a1b2c3d4e5/stages/dev")).Json.Str("deploymentId"));
        var afterExport = await ExportDev(emu);
        var integration = Operation(afterExport, "/orders", "get").GetProperty("x-amazon-apigateway-integration");
        Assert.Equal(MyFuncLiveUri, integration.Str("uri"));
        Assert.Equal("arn:aws:iam::123456789012:role/apigw-invoke", integration.Str("credentials"));
        // The proxy method was not touched and still serves the pinned version.
        Assert.Equal(MyFunc1Uri, Operation(afterExport, "/{proxy+}", "x-amazon-apigateway-any-method").GetProperty("x-amazon-apigateway-integration").Str("uri"));
    }

    [Fact]
    public async Task UpdateIntegrationDecodesJsonPointerEscapesAndRejectsUnknownPaths()
    {
        await using var emu = await DemoEmulator.StartAsync();
        const string path = "/restapis/a1b2c3d4e5/resources/a1ordr/methods/GET/integration";
        var r = await emu.V1("UpdateIntegration", HttpMethod.Patch, path, DemoEmulator.Patch(
            ("add", "/requestTemplates/application~1json", "{\"a\":1}"),
            ("add", "/requestParameters/integration.request.header.x~0y", "'v'")));
        Assert.Equal(200, r.Status);
        Assert.Equal("{\"a\":1}", r.Json.GetProperty("requestTemplates").Str("application/json"));
        Assert.Equal("'v'", r.Json.GetProperty("requestParameters").Str("integration.request.header.x~y"));

        var removed = await emu.V1("UpdateIntegration", HttpMethod.Patch, path, DemoEmulator.Patch(("remove", "/requestTemplates/application~1json", null)));
        Assert.False(removed.Json.TryGetProperty("requestTemplates", out _));

        var bad = await emu.V1("UpdateIntegration", HttpMethod.Patch, path, DemoEmulator.Patch(("replace", "/nonsense", "x")));
        Assert.Equal((400, "BadRequestException"), (bad.Status, bad.ErrorType));
        var badUri = await emu.V1("UpdateIntegration", HttpMethod.Patch, path, DemoEmulator.Patch(("replace", "/uri", "not-an-arn")));
        Assert.Equal((400, "BadRequestException"), (badUri.Status, badUri.ErrorType));
        // A failed patch list changes nothing, even the operations before the bad one.
        var partial = await emu.V1("UpdateIntegration", HttpMethod.Patch, path, DemoEmulator.Patch(("replace", "/uri", MyFuncLiveUri), ("replace", "/nonsense", "x")));
        Assert.Equal(400, partial.Status);
        Assert.Equal(MyFunc1Uri, (await emu.V1("GetIntegration", HttpMethod.Get, path)).Json.Str("uri"));

        var missing = await emu.V1("GetIntegration", HttpMethod.Get, "/restapis/a1b2c3d4e5/resources/a1ordr/methods/POST/integration");
        Assert.Equal((404, "NotFoundException"), (missing.Status, missing.ErrorType));
    }

    [Fact]
    public async Task AuthorizersListAndUpdateTheirUri()
    {
        await using var emu = await DemoEmulator.StartAsync();
        var list = await emu.V1("GetAuthorizers", HttpMethod.Get, "/restapis/a1b2c3d4e5/authorizers");
        var auth = list.Json.Items().Single();
        Assert.Equal(("auth01", "token-auth", "TOKEN"), (auth.Str("id"), auth.Str("name"), auth.Str("type")));
        Assert.EndsWith("function:auth-func:1/invocations", auth.Str("authorizerUri"));

        var newUri = auth.Str("authorizerUri").Replace("auth-func:1/", "auth-func:live/");
        var updated = await emu.V1("UpdateAuthorizer", HttpMethod.Patch, "/restapis/a1b2c3d4e5/authorizers/auth01", DemoEmulator.Patch(("replace", "/authorizerUri", newUri)));
        Assert.Equal(newUri, updated.Json.Str("authorizerUri"));
        Assert.Equal(newUri, (await emu.V1("GetAuthorizers", HttpMethod.Get, "/restapis/a1b2c3d4e5/authorizers")).Json.Items().Single().Str("authorizerUri"));

        // The deployed authorizer is part of the snapshot: the export still shows the old URI.
        var export = await ExportDev(emu);
        Assert.EndsWith("auth-func:1/invocations", export.GetProperty("components").GetProperty("securitySchemes").GetProperty("token-auth").GetProperty("x-amazon-apigateway-authorizer").Str("authorizerUri"));

        var missing = await emu.V1("UpdateAuthorizer", HttpMethod.Patch, "/restapis/a1b2c3d4e5/authorizers/nope", DemoEmulator.Patch(("replace", "/authorizerUri", newUri)));
        Assert.Equal((404, "NotFoundException"), (missing.Status, missing.ErrorType));
    }

    [Fact]
    public async Task StagesShowVariablesDeploymentsAndCanarySettings()
    {
        await using var emu = await DemoEmulator.StartAsync();
        var stages = await emu.V1("GetStages", HttpMethod.Get, "/restapis/s7t8u9v0w1/stages");
        var byName = stages.Json.Items().ToDictionary(s => s.Str("stageName"));
        Assert.Equal("staging", byName["staging"].GetProperty("variables").Str("lambdaAlias"));
        var prod = byName["prod"];
        Assert.Equal(("d-s7main", "2"), (prod.Str("deploymentId"), prod.GetProperty("variables").Str("lambdaAlias")));
        var canary = prod.GetProperty("canarySettings");
        Assert.Equal(10.0, canary.GetProperty("percentTraffic").GetDouble());
        Assert.Equal("d-s7canary", canary.Str("deploymentId"));
        Assert.Equal("3", canary.GetProperty("stageVariableOverrides").Str("lambdaAlias"));

        var filtered = await emu.V1("GetStages", HttpMethod.Get, "/restapis/s7t8u9v0w1/stages?deploymentId=d-s7canary");
        Assert.Empty(filtered.Json.Items());
        var missing = await emu.V1("GetStage", HttpMethod.Get, "/restapis/s7t8u9v0w1/stages/nope");
        Assert.Equal((404, "NotFoundException"), (missing.Status, missing.ErrorType));
    }

    [Fact]
    public async Task UpdateStageSetsAndRemovesVariablesAndCanaryOverrides()
    {
        await using var emu = await DemoEmulator.StartAsync();
        const string prod = "/restapis/s7t8u9v0w1/stages/prod";
        var r = await emu.V1("UpdateStage", HttpMethod.Patch, prod, DemoEmulator.Patch(
            ("replace", "/variables/lambdaAlias", "live"),
            ("replace", "/variables/extra_var", "x"),
            ("replace", "/canarySettings/stageVariableOverrides/lambdaAlias", "live"),
            ("replace", "/canarySettings/percentTraffic", "25.5")));
        Assert.Equal(200, r.Status);
        Assert.Equal("live", r.Json.GetProperty("variables").Str("lambdaAlias"));
        Assert.Equal("x", r.Json.GetProperty("variables").Str("extra_var"));
        Assert.Equal("live", r.Json.GetProperty("canarySettings").GetProperty("stageVariableOverrides").Str("lambdaAlias"));
        Assert.Equal(25.5, r.Json.GetProperty("canarySettings").GetProperty("percentTraffic").GetDouble());

        var removed = await emu.V1("UpdateStage", HttpMethod.Patch, prod, DemoEmulator.Patch(
            ("remove", "/variables/extra_var", null),
            ("remove", "/canarySettings/stageVariableOverrides/lambdaAlias", null)));
        Assert.False(removed.Json.GetProperty("variables").TryGetProperty("extra_var", out _));
        Assert.False(removed.Json.GetProperty("canarySettings").TryGetProperty("stageVariableOverrides", out _));

        var badValue = await emu.V1("UpdateStage", HttpMethod.Patch, prod, DemoEmulator.Patch(("replace", "/variables/lambdaAlias", "$LATEST")));
        Assert.Equal((400, "BadRequestException"), (badValue.Status, badValue.ErrorType));
        var badName = await emu.V1("UpdateStage", HttpMethod.Patch, prod, DemoEmulator.Patch(("replace", "/variables/a~1b", "x")));
        Assert.Equal((400, "BadRequestException"), (badName.Status, badName.ErrorType));
        var badDeployment = await emu.V1("UpdateStage", HttpMethod.Patch, prod, DemoEmulator.Patch(("replace", "/deploymentId", "nope")));
        Assert.Equal((400, "BadRequestException"), (badDeployment.Status, badDeployment.ErrorType));
        Assert.Equal("live", (await emu.V1("GetStage", HttpMethod.Get, prod)).Json.GetProperty("variables").Str("lambdaAlias"));
    }

    [Fact]
    public async Task UpdateStageMovesDeploymentsPromotesAndRemovesTheCanary()
    {
        await using var emu = await DemoEmulator.StartAsync();
        const string prod = "/restapis/s7t8u9v0w1/stages/prod";
        var promoted = await emu.V1("UpdateStage", HttpMethod.Patch, prod, new
        {
            patchOperations = new object[]
            {
                new { op = "copy", from = "/canarySettings/deploymentId", path = "/deploymentId" },
                new { op = "copy", from = "/canarySettings/stageVariableOverrides", path = "/variables" },
                new { op = "replace", path = "/canarySettings/percentTraffic", value = "0.0" },
            },
        });
        Assert.Equal("d-s7canary", promoted.Json.Str("deploymentId"));
        Assert.Equal("3", promoted.Json.GetProperty("variables").Str("lambdaAlias"));
        Assert.Equal(0.0, promoted.Json.GetProperty("canarySettings").GetProperty("percentTraffic").GetDouble());

        var retargeted = await emu.V1("UpdateStage", HttpMethod.Patch, prod, DemoEmulator.Patch(("replace", "/canarySettings/deploymentId", "d-s7main")));
        Assert.Equal("d-s7main", retargeted.Json.GetProperty("canarySettings").Str("deploymentId"));
        var unknownCanary = await emu.V1("UpdateStage", HttpMethod.Patch, prod, DemoEmulator.Patch(("replace", "/canarySettings/deploymentId", "nope")));
        Assert.Equal((400, "BadRequestException"), (unknownCanary.Status, unknownCanary.ErrorType));

        var noCanary = await emu.V1("UpdateStage", HttpMethod.Patch, prod, DemoEmulator.Patch(("remove", "/canarySettings", null), ("replace", "/deploymentId", "d-s7main")));
        Assert.False(noCanary.Json.TryGetProperty("canarySettings", out _));
        Assert.Equal("d-s7main", noCanary.Json.Str("deploymentId"));
    }

    [Fact]
    public async Task CreateDeploymentCreatesStagesAndCanaries()
    {
        await using var emu = await DemoEmulator.StartAsync();
        var created = await emu.V1("CreateDeployment", HttpMethod.Post, "/restapis/a1b2c3d4e5/deployments", new { stageName = "qa", stageDescription = "QA", variables = new { color = "blue" } });
        Assert.Equal(201, created.Status);
        var qa = await emu.V1("GetStage", HttpMethod.Get, "/restapis/a1b2c3d4e5/stages/qa");
        Assert.Equal((created.Json.Str("id"), "QA", "blue"), (qa.Json.Str("deploymentId"), qa.Json.Str("description"), qa.Json.GetProperty("variables").Str("color")));

        var canary = await emu.V1("CreateDeployment", HttpMethod.Post, "/restapis/a1b2c3d4e5/deployments",
            new { stageName = "dev", canarySettings = new { percentTraffic = 5.0, stageVariableOverrides = new { color = "green" } } });
        var dev = await emu.V1("GetStage", HttpMethod.Get, "/restapis/a1b2c3d4e5/stages/dev");
        Assert.Equal("d-a1dev", dev.Json.Str("deploymentId"));
        Assert.Equal(canary.Json.Str("id"), dev.Json.GetProperty("canarySettings").Str("deploymentId"));
        Assert.Equal(5.0, dev.Json.GetProperty("canarySettings").GetProperty("percentTraffic").GetDouble());

        var noStage = await emu.V1("CreateDeployment", HttpMethod.Post, "/restapis/a1b2c3d4e5/deployments", new { stageName = "ghost", canarySettings = new { percentTraffic = 5.0 } });
        Assert.Equal((400, "BadRequestException"), (noStage.Status, noStage.ErrorType));
        var badName = await emu.V1("CreateDeployment", HttpMethod.Post, "/restapis/a1b2c3d4e5/deployments", new { stageName = "bad name" });
        Assert.Equal((400, "BadRequestException"), (badName.Status, badName.ErrorType));

        var deployments = await emu.V1("GetDeployments", HttpMethod.Get, "/restapis/a1b2c3d4e5/deployments");
        Assert.Equal(new[] { "d-a1dev", created.Json.Str("id"), canary.Json.Str("id") }, deployments.Json.Items().Select(d => d.Str("id")));
        var paged = await emu.V1("GetDeployments", HttpMethod.Get, "/restapis/a1b2c3d4e5/deployments?limit=1");
        Assert.Single(paged.Json.Items());
        Assert.NotNull(paged.Json.Str("position"));
    }

    [Fact]
    public async Task ExportIsBuiltFromTheDeployedSnapshotWithTheRequestedExtensions()
    {
        await using var emu = await DemoEmulator.StartAsync();
        var full = await ExportDev(emu);
        Assert.Equal("3.0.1", full.Str("openapi"));
        Assert.Equal("dev-lambda-my-func:1-API", full.GetProperty("info").Str("title"));
        var get = Operation(full, "/orders", "get");
        var integration = get.GetProperty("x-amazon-apigateway-integration");
        Assert.Equal(("aws_proxy", "POST", MyFunc1Uri), (integration.Str("type"), integration.Str("httpMethod"), integration.Str("uri")));
        Assert.Equal("token-auth", get.GetProperty("security")[0].EnumerateObject().Single().Name);
        var authorizer = full.GetProperty("components").GetProperty("securitySchemes").GetProperty("token-auth").GetProperty("x-amazon-apigateway-authorizer");
        Assert.Equal("token", authorizer.Str("type"));
        Assert.Equal("proxy", Operation(full, "/{proxy+}", "x-amazon-apigateway-any-method").GetProperty("parameters")[0].Str("name"));

        var integrationsOnly = await Export(emu, "a1b2c3d4e5", "dev", "oas30", "integrations");
        Assert.True(Operation(integrationsOnly, "/orders", "get").TryGetProperty("x-amazon-apigateway-integration", out _));
        Assert.False(integrationsOnly.GetProperty("components").GetProperty("securitySchemes").GetProperty("token-auth").TryGetProperty("x-amazon-apigateway-authorizer", out _));

        var bare = await Export(emu, "a1b2c3d4e5", "dev", "oas30", null);
        Assert.False(Operation(bare, "/orders", "get").TryGetProperty("x-amazon-apigateway-integration", out _));

        var swagger = await Export(emu, "a1b2c3d4e5", "dev", "swagger", "apigateway");
        Assert.Equal(("2.0", "/dev"), (swagger.Str("swagger"), swagger.Str("basePath")));
        Assert.True(swagger.GetProperty("securityDefinitions").TryGetProperty("token-auth", out _));
    }

    [Fact]
    public async Task ExportKeepsStageVariablesAndServesEachStagesOwnDeployment()
    {
        await using var emu = await DemoEmulator.StartAsync();
        var prod = await Export(emu, "s7t8u9v0w1", "prod", "oas30", "apigateway");
        Assert.EndsWith("function:stagevar-func:${stageVariables.lambdaAlias}/invocations",
            Operation(prod, "/orders", "get").GetProperty("x-amazon-apigateway-integration").Str("uri"));
        // GET /health exists only in the canary deployment, which GetExport of the stage does not describe.
        Assert.False(prod.GetProperty("paths").TryGetProperty("/health", out _));

        // Point staging at the canary's deployment: its export now has /health while prod's does not.
        await emu.V1("UpdateStage", HttpMethod.Patch, "/restapis/s7t8u9v0w1/stages/staging", DemoEmulator.Patch(("replace", "/deploymentId", "d-s7canary")));
        var staging = await Export(emu, "s7t8u9v0w1", "staging", "oas30", "apigateway");
        Assert.True(staging.GetProperty("paths").TryGetProperty("/health", out _));
        Assert.False((await Export(emu, "s7t8u9v0w1", "prod", "oas30", "apigateway")).GetProperty("paths").TryGetProperty("/health", out _));
    }

    [Fact]
    public async Task ExportHonoursTheAcceptHeader()
    {
        await using var emu = await DemoEmulator.StartAsync();
        var yaml = await emu.V1("GetExport", HttpMethod.Get, "/restapis/a1b2c3d4e5/stages/dev/exports/oas30?extensions=apigateway",
            headers: new Dictionary<string, string> { ["Accept"] = "application/yaml" });
        Assert.Equal(200, yaml.Status);
        Assert.Equal("application/yaml", yaml.ContentType);
        Assert.StartsWith("openapi: \"3.0.1\"", yaml.Body);
        Assert.Contains("x-amazon-apigateway-integration:", yaml.Body);
        Assert.Contains("uri: \"" + MyFunc1Uri + "\"", yaml.Body);
        Assert.Contains("attachment", yaml.Header("Content-Disposition"));

        var json = await emu.V1("GetExport", HttpMethod.Get, "/restapis/a1b2c3d4e5/stages/dev/exports/oas30", headers: new Dictionary<string, string> { ["Accept"] = "application/json" });
        Assert.Equal("application/json", json.ContentType);
        Assert.Contains("\"/{proxy+}\"", json.Body); // written literally, as AWS does, not as \u002B
        var badType = await emu.V1("GetExport", HttpMethod.Get, "/restapis/a1b2c3d4e5/stages/dev/exports/raml");
        Assert.Equal((400, "BadRequestException"), (badType.Status, badType.ErrorType));
        var badStage = await emu.V1("GetExport", HttpMethod.Get, "/restapis/a1b2c3d4e5/stages/nope/exports/oas30");
        Assert.Equal((404, "NotFoundException"), (badStage.Status, badStage.ErrorType));
    }

    [Fact]
    public async Task DomainNamesBasePathMappingsAndTags()
    {
        await using var emu = await DemoEmulator.StartAsync();
        var domains = await emu.V1("GetDomainNames", HttpMethod.Get, "/domainnames");
        var domain = domains.Json.Items().Single();
        Assert.Equal("api.example.com", domain.Str("domainName"));
        Assert.EndsWith(".execute-api.us-east-1.amazonaws.com", domain.Str("regionalDomainName"));

        var mappings = await emu.V1("GetBasePathMappings", HttpMethod.Get, "/domainnames/api.example.com/basepathmappings");
        var mapping = mappings.Json.Items().Single();
        Assert.Equal(("orders", "a1b2c3d4e5", "dev"), (mapping.Str("basePath"), mapping.Str("restApiId"), mapping.Str("stage")));
        var unknown = await emu.V1("GetBasePathMappings", HttpMethod.Get, "/domainnames/nope.example.com/basepathmappings");
        Assert.Equal((404, "NotFoundException"), (unknown.Status, unknown.ErrorType));

        var arn = Uri.EscapeDataString("arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5");
        var tags = await emu.V1("GetTags", HttpMethod.Get, "/tags/" + arn);
        Assert.Equal("dev-lambda-my-func:1", tags.Json.GetProperty("tags").Str("deployment"));
        var none = await emu.V1("GetTags", HttpMethod.Get, "/tags/" + Uri.EscapeDataString("arn:aws:apigateway:us-east-1::/restapis/k2l3m4n5o6"));
        Assert.Equal("{}", none.Json.GetProperty("tags").GetRawText());
    }

    [Fact]
    public async Task EveryCallIsLoggedUnderItsOperationAndOnlyUpdatesCountAsMutations()
    {
        await using var emu = await DemoEmulator.StartAsync();
        await emu.Call(HttpMethod.Get, "/restapis");
        await emu.Call(HttpMethod.Get, "/restapis/a1b2c3d4e5/resources?embed=methods");
        await emu.Call(HttpMethod.Get, "/restapis/a1b2c3d4e5/stages/dev/exports/oas30?extensions=apigateway");
        await emu.Call(HttpMethod.Patch, "/restapis/a1b2c3d4e5/stages/dev", DemoEmulator.Patch(("replace", "/description", "d")));

        var log = emu.Host.Requests;
        Assert.Equal(1, log.CountOf("GetRestApis"));
        Assert.Equal(1, log.CountOf("GetResources"));
        Assert.Equal(1, log.CountOf("GetExport"));
        Assert.Equal(new[] { "UpdateStage" }, log.Mutations.Select(m => m.Operation));
        Assert.All(log.All, e => Assert.Equal("apigateway", e.Service));
    }

    private static Task<JsonElement> ExportDev(DemoEmulator emu) => Export(emu, "a1b2c3d4e5", "dev", "oas30", "apigateway");

    private static async Task<JsonElement> Export(DemoEmulator emu, string api, string stage, string type, string extensions)
    {
        var r = await emu.V1("GetExport", HttpMethod.Get, $"/restapis/{api}/stages/{stage}/exports/{type}" + (extensions == null ? "" : "?extensions=" + extensions),
            headers: new Dictionary<string, string> { ["Accept"] = "application/json" });
        Assert.Equal(200, r.Status);
        return r.Json;
    }

    private static JsonElement Operation(JsonElement doc, string path, string verb) => doc.GetProperty("paths").GetProperty(path).GetProperty(verb);
}
