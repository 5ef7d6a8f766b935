using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Aws.Clients;

public class ApiGatewayClientTests
{
    private static (RecordingTransport transport, ApiGatewayClient client) Create()
    {
        var transport = new RecordingTransport();
        return (transport, new ApiGatewayClient(transport));
    }

    [Fact]
    public async Task GetRestApis_reads_the_item_envelope_across_pages()
    {
        var (transport, client) = Create();
        transport
            .Returns(@"{""position"":""pos-1"",""item"":[{""id"":""abc123"",""name"":""dev-lambda-my-func:1-API"",""createdDate"":1569340861,
                ""apiKeySource"":""HEADER"",""endpointConfiguration"":{""types"":[""REGIONAL""]},""tags"":{""deployment"":""dev-lambda-my-func:1""},
                ""rootResourceId"":""r00t""}]}")
            .Returns(@"{""item"":[{""id"":""def456"",""name"":""orders"",""createdDate"":""2024-05-06T07:08:09.5Z"",""tags"":null}]}");

        var apis = await client.GetRestApisAsync().CollectAsync();

        Assert.Equal(2, transport.Requests.Count);
        Assert.All(transport.Requests, r =>
        {
            Assert.Equal(AwsService.ApiGateway, r.Service);
            Assert.Equal("GetRestApis", r.Operation);
            Assert.Equal("GET", r.HttpMethod);
            Assert.Equal("/restapis", r.Path);
            Assert.True(r.IsIdempotent);
        });
        Assert.Empty(transport.Requests[0].Query);
        Assert.Equal(new[] { "position=pos-1" }, RequestAssert.QueryOf(transport.Requests[1]));
        Assert.Equal(new[] { "abc123", "def456" }, apis.Select(a => a.Id));
        Assert.Equal("dev-lambda-my-func:1", apis[0].Tags["deployment"]);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1569340861), apis[0].CreatedDate);
        Assert.Equal(new[] { "REGIONAL" }, apis[0].EndpointConfiguration.Types);
        Assert.Empty(apis[1].Tags);
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 9, 500, TimeSpan.Zero), apis[1].CreatedDate);
    }

    [Fact]
    public async Task A_page_sends_position_and_limit()
    {
        var (transport, client) = Create();
        transport.Returns("{\"position\":\"p3\",\"item\":[{\"id\":\"a\"}]}");

        var page = await client.GetRestApisPageAsync("p2", 25);

        Assert.Equal(new[] { "position=p2", "limit=25" }, RequestAssert.QueryOf(transport.Single));
        Assert.Equal("p3", page.NextToken);
        Assert.Equal("a", Assert.Single(page.Items).Id);
    }

    [Fact]
    public async Task The_member_name_items_is_accepted_where_an_emulator_sends_it()
    {
        var (transport, client) = Create();
        transport.Returns("{\"items\":[{\"id\":\"a\"},{\"id\":\"b\"}]}");

        var page = await client.GetRestApisPageAsync(null);

        Assert.Equal(new[] { "a", "b" }, page.Items.Select(a => a.Id));
        Assert.True(page.IsLastPage);
    }

    [Fact]
    public async Task GetRestApi_addresses_the_api()
    {
        var (transport, client) = Create();
        transport.Returns("{\"id\":\"abc123\",\"name\":\"n\",\"policy\":\"{\\\"Version\\\":\\\"2012-10-17\\\"}\",\"disableExecuteApiEndpoint\":false}");

        var api = await client.GetRestApiAsync("abc123");

        Assert.Equal("GetRestApi", transport.Single.Operation);
        Assert.Equal("/restapis/abc123", transport.Single.Path);
        Assert.Equal("{\"Version\":\"2012-10-17\"}", api.Policy);
        Assert.False(api.DisableExecuteApiEndpoint);
    }

    private const string ResourcesPage = @"{
      ""item"": [
        { ""id"": ""r00t"", ""path"": ""/"" },
        { ""id"": ""px1"", ""parentId"": ""r00t"", ""pathPart"": ""{proxy+}"", ""path"": ""/{proxy+}"",
          ""resourceMethods"": { ""ANY"": {
              ""httpMethod"": ""ANY"", ""authorizationType"": ""CUSTOM"", ""authorizerId"": ""au1"", ""apiKeyRequired"": false,
              ""requestParameters"": { ""method.request.path.proxy"": true },
              ""methodIntegration"": {
                ""type"": ""AWS_PROXY"", ""httpMethod"": ""POST"",
                ""uri"": ""arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-func:1/invocations"",
                ""passthroughBehavior"": ""WHEN_NO_MATCH"", ""timeoutInMillis"": 29000, ""cacheNamespace"": ""px1"", ""cacheKeyParameters"": [],
                ""integrationResponses"": { ""200"": { ""statusCode"": ""200"", ""responseTemplates"": { ""application/json"": null } } } } } } },
        { ""id"": ""or1"", ""parentId"": ""r00t"", ""pathPart"": ""orders"", ""path"": ""/orders"",
          ""resourceMethods"": { ""GET"": { ""httpMethod"": ""GET"", ""authorizationType"": ""NONE"",
              ""methodIntegration"": { ""type"": ""AWS"", ""httpMethod"": ""POST"", ""credentials"": ""arn:aws:iam::123456789012:role/apigw-invoke"",
                ""uri"": ""arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}/invocations"" } } } }
      ]
    }";

    [Fact]
    public async Task GetResources_embeds_methods_with_limit_500_and_reads_method_integrations()
    {
        var (transport, client) = Create();
        transport.Returns(ResourcesPage);

        var resources = await client.GetResourcesAsync("abc123").CollectAsync();

        var request = transport.Single;
        Assert.Equal("GetResources", request.Operation);
        Assert.Equal("/restapis/abc123/resources", request.Path);
        Assert.Equal(new[] { "embed=methods", "limit=500" }, RequestAssert.QueryOf(request));
        Assert.Equal(3, resources.Count);
        Assert.Empty(resources[0].ResourceMethods);
        var proxy = resources[1];
        Assert.Equal("/{proxy+}", proxy.Path);
        var any = proxy.ResourceMethods["ANY"];
        Assert.Equal("au1", any.AuthorizerId);
        Assert.True(any.RequestParameters["method.request.path.proxy"]);
        Assert.Equal("AWS_PROXY", any.MethodIntegration.Type);
        Assert.EndsWith("function:my-func:1/invocations", any.MethodIntegration.Uri);
        Assert.Equal(29000, any.MethodIntegration.TimeoutInMillis);
        Assert.Null(any.MethodIntegration.IntegrationResponses["200"].ResponseTemplates["application/json"]);
        var orders = resources[2].ResourceMethods["GET"].MethodIntegration;
        Assert.Equal("arn:aws:iam::123456789012:role/apigw-invoke", orders.Credentials);
        Assert.Contains("${stageVariables.fn}", orders.Uri);
    }

    [Fact]
    public async Task GetResources_pages_with_position_and_can_skip_embedding()
    {
        var (transport, client) = Create();
        transport.Returns("{\"item\":[{\"id\":\"a\"}],\"position\":\"n1\"}").Returns("{\"item\":[{\"id\":\"b\"}]}");

        var ids = (await client.GetResourcesAsync("abc123", embedMethods: false, limit: 1).CollectAsync()).Select(r => r.Id);

        Assert.Equal(new[] { "a", "b" }, ids);
        Assert.Equal(new[] { "limit=1" }, RequestAssert.QueryOf(transport.Requests[0]));
        Assert.Equal(new[] { "position=n1", "limit=1" }, RequestAssert.QueryOf(transport.Requests[1]));
    }

    [Fact]
    public async Task GetIntegration_uses_resource_id_and_method_not_the_resource_path()
    {
        var (transport, client) = Create();
        transport.Returns("{\"type\":\"AWS_PROXY\",\"uri\":\"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-func/invocations\"}");

        var integration = await client.GetIntegrationAsync("abc123", "px1", "ANY");

        Assert.Equal("GetIntegration", transport.Single.Operation);
        Assert.Equal("/restapis/abc123/resources/px1/methods/ANY/integration", transport.Single.Path);
        Assert.Equal("AWS_PROXY", integration.Type);
    }

    [Fact]
    public async Task UpdateIntegration_patches_the_uri()
    {
        var (transport, client) = Create();
        const string newUri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-func:live/invocations";
        transport.Returns("{\"type\":\"AWS_PROXY\",\"uri\":\"" + newUri + "\"}");

        var integration = await client.UpdateIntegrationAsync("abc123", "px1", "ANY", new[] { PatchOperation.Replace("/uri", newUri) });

        var request = transport.Single;
        Assert.Equal("UpdateIntegration", request.Operation);
        Assert.Equal("PATCH", request.HttpMethod);
        Assert.Equal("/restapis/abc123/resources/px1/methods/ANY/integration", request.Path);
        RequestAssert.BodyEquals("{\"patchOperations\":[{\"op\":\"replace\",\"path\":\"/uri\",\"value\":\"" + newUri + "\"}]}", request.Body);
        Assert.True(request.IsIdempotent);
        Assert.Equal(newUri, integration.Uri);
    }

    [Fact]
    public async Task GetAuthorizers_and_UpdateAuthorizer()
    {
        var (transport, client) = Create();
        transport
            .Returns(@"{""item"":[{""id"":""au1"",""name"":""tokenAuth"",""type"":""TOKEN"",""authorizerUri"":""arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth:3/invocations"",
                ""identitySource"":""method.request.header.Authorization"",""authorizerResultTtlInSeconds"":300,""providerARNs"":null}]}")
            .Returns("{\"id\":\"au1\",\"authorizerUri\":\"new\"}");

        var authorizers = await client.GetAuthorizersAsync("abc123").CollectAsync();
        var updated = await client.UpdateAuthorizerAsync("abc123", "au1", new[] { PatchOperation.Replace("/authorizerUri", "new") });

        Assert.Equal("/restapis/abc123/authorizers", transport.Requests[0].Path);
        var authorizer = Assert.Single(authorizers);
        Assert.Equal("TOKEN", authorizer.Type);
        Assert.Equal(300, authorizer.AuthorizerResultTtlInSeconds);
        Assert.Empty(authorizer.ProviderARNs);
        var update = transport.Requests[1];
        Assert.Equal("UpdateAuthorizer", update.Operation);
        Assert.Equal("PATCH", update.HttpMethod);
        Assert.Equal("/restapis/abc123/authorizers/au1", update.Path);
        RequestAssert.BodyEquals("{\"patchOperations\":[{\"op\":\"replace\",\"path\":\"/authorizerUri\",\"value\":\"new\"}]}", update.Body);
        Assert.True(update.IsIdempotent);
        Assert.Equal("new", updated.AuthorizerUri);
    }

    [Fact]
    public async Task GetStages_reads_the_item_list_with_variables_and_canary()
    {
        var (transport, client) = Create();
        transport.Returns(@"{""item"":[
            {""deploymentId"":""dep1"",""stageName"":""dev"",""variables"":{""lambdaAlias"":""1""},""createdDate"":1700000000,""lastUpdatedDate"":1700000100.25,
             ""canarySettings"":{""percentTraffic"":10.0,""deploymentId"":""dep2"",""stageVariableOverrides"":{""lambdaAlias"":""2""},""useStageCache"":false},
             ""methodSettings"":{}},
            {""deploymentId"":""dep1"",""stageName"":""prod""}]}");

        var stages = await client.GetStagesAsync("abc123", "dep1");

        Assert.Equal("GetStages", transport.Single.Operation);
        Assert.Equal("/restapis/abc123/stages", transport.Single.Path);
        Assert.Equal(new[] { "deploymentId=dep1" }, RequestAssert.QueryOf(transport.Single));
        Assert.Equal(new[] { "dev", "prod" }, stages.Select(s => s.StageName));
        Assert.Equal("1", stages[0].Variables["lambdaAlias"]);
        Assert.Equal(10.0, stages[0].CanarySettings.PercentTraffic);
        Assert.Equal("dep2", stages[0].CanarySettings.DeploymentId);
        Assert.Equal("2", stages[0].CanarySettings.StageVariableOverrides["lambdaAlias"]);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000100250), stages[0].LastUpdatedDate);
        Assert.Null(stages[1].CanarySettings);
        Assert.Empty(stages[1].Variables);
    }

    [Fact]
    public async Task GetStage_and_UpdateStage_address_the_stage_and_patch_variables_deployment_and_canary()
    {
        var (transport, client) = Create();
        transport.Returns("{\"stageName\":\"dev\",\"deploymentId\":\"dep1\"}").Returns("{\"stageName\":\"dev\",\"deploymentId\":\"dep9\",\"variables\":{\"lambdaAlias\":\"live\"}}");

        await client.GetStageAsync("abc123", "dev");
        var stage = await client.UpdateStageAsync("abc123", "dev", new[]
        {
            PatchOperation.Replace("/variables/" + PatchOperation.EscapePathSegment("lambdaAlias"), "live"),
            PatchOperation.Replace("/deploymentId", "dep9"),
            PatchOperation.Replace("/canarySettings/stageVariableOverrides/lambdaAlias", "live"),
        });

        Assert.Equal("GetStage", transport.Requests[0].Operation);
        Assert.Equal("/restapis/abc123/stages/dev", transport.Requests[0].Path);
        var update = transport.Requests[1];
        Assert.Equal("UpdateStage", update.Operation);
        Assert.Equal("PATCH", update.HttpMethod);
        Assert.Equal("/restapis/abc123/stages/dev", update.Path);
        RequestAssert.BodyEquals(@"{""patchOperations"":[
            {""op"":""replace"",""path"":""/variables/lambdaAlias"",""value"":""live""},
            {""op"":""replace"",""path"":""/deploymentId"",""value"":""dep9""},
            {""op"":""replace"",""path"":""/canarySettings/stageVariableOverrides/lambdaAlias"",""value"":""live""}]}", update.Body);
        Assert.True(update.IsIdempotent);
        Assert.Equal("dep9", stage.DeploymentId);
    }

    [Fact]
    public void Patch_path_segments_are_json_pointer_escaped()
    {
        Assert.Equal("a~1b~0c", PatchOperation.EscapePathSegment("a/b~c"));
        Assert.Equal("{\"op\":\"remove\",\"path\":\"/variables/x\"}", AwsJson.Serialize(PatchOperation.Remove("/variables/x")));
    }

    [Fact]
    public async Task CreateDeployment_posts_the_stage_and_is_never_retried_blindly()
    {
        var (transport, client) = Create();
        transport.Returns("{\"id\":\"dep9\",\"description\":\"LambdaAlias\",\"createdDate\":1700000000,\"apiSummary\":{\"/orders\":{\"GET\":{\"authorizationType\":\"NONE\",\"apiKeyRequired\":false}}}}", 201);

        var deployment = await client.CreateDeploymentAsync(new CreateRestDeploymentRequest { RestApiId = "abc123", StageName = "dev", Description = "LambdaAlias" });

        var request = transport.Single;
        Assert.Equal("CreateDeployment", request.Operation);
        Assert.Equal("POST", request.HttpMethod);
        Assert.Equal("/restapis/abc123/deployments", request.Path);
        RequestAssert.BodyEquals("{\"stageName\":\"dev\",\"description\":\"LambdaAlias\"}", request.Body);
        Assert.False(request.IsIdempotent);
        Assert.Equal("dep9", deployment.Id);
        Assert.Equal("NONE", deployment.ApiSummary["/orders"]["GET"].AuthorizationType);
    }

    [Fact]
    public async Task CreateDeployment_as_a_canary_sends_canary_settings()
    {
        var (transport, client) = Create();
        transport.Returns("{\"id\":\"dep10\"}", 201);

        await client.CreateDeploymentAsync(new CreateRestDeploymentRequest
        {
            RestApiId = "abc123",
            StageName = "prod",
            CanarySettings = new RestDeploymentCanarySettings { PercentTraffic = 10, StageVariableOverrides = new Dictionary<string, string> { ["fn"] = "live" } },
        });

        RequestAssert.BodyEquals("{\"stageName\":\"prod\",\"canarySettings\":{\"percentTraffic\":10,\"stageVariableOverrides\":{\"fn\":\"live\"}}}", transport.Single.Body);
    }

    [Fact]
    public async Task GetDeployments_pages()
    {
        var (transport, client) = Create();
        transport.Returns("{\"position\":\"x\",\"item\":[{\"id\":\"d1\"}]}").Returns("{\"item\":[{\"id\":\"d2\"}]}");

        var ids = (await client.GetDeploymentsAsync("abc123").CollectAsync()).Select(d => d.Id);

        Assert.Equal(new[] { "d1", "d2" }, ids);
        Assert.Equal("/restapis/abc123/deployments", transport.Requests[1].Path);
        Assert.Equal(new[] { "position=x" }, RequestAssert.QueryOf(transport.Requests[1]));
    }

    [Fact]
    public async Task GetExport_sends_type_extensions_and_accept_and_returns_the_document_text()
    {
        var (transport, client) = Create();
        const string document = "openapi: \"3.0.1\"\ninfo:\n  title: orders\n";
        transport.Returns(document, contentType: "application/yaml",
            headers: new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Disposition"] = "attachment; filename=\"oas30_2024.yaml\"" });

        var export = await client.GetExportAsync(new RestExportRequest
        {
            RestApiId = "abc123",
            StageName = "dev",
            ExportType = "oas30",
            Extensions = "integrations",
            Accept = "application/yaml",
        });

        var request = transport.Single;
        Assert.Equal("GetExport", request.Operation);
        Assert.Equal("GET", request.HttpMethod);
        Assert.Equal("/restapis/abc123/stages/dev/exports/oas30", request.Path);
        Assert.Equal(new[] { "extensions=integrations" }, RequestAssert.QueryOf(request));
        Assert.Equal("application/yaml", request.Headers["Accept"]);
        Assert.True(request.IsIdempotent);
        Assert.Equal(document, export.Body);
        Assert.Equal("application/yaml", export.ContentType);
        Assert.Equal("attachment; filename=\"oas30_2024.yaml\"", export.ContentDisposition);
    }

    [Fact]
    public async Task GetExport_defaults_to_oas30_with_apigateway_extensions_as_json()
    {
        var (transport, client) = Create();
        transport.Returns("{\"openapi\":\"3.0.1\"}");

        var export = await client.GetExportAsync(new RestExportRequest { RestApiId = "abc123", StageName = "$default" });

        Assert.Equal("/restapis/abc123/stages/%24default/exports/oas30", transport.Single.Path);
        Assert.Equal(new[] { "extensions=apigateway" }, RequestAssert.QueryOf(transport.Single));
        Assert.Equal("application/json", transport.Single.Headers["Accept"]);
        Assert.Equal("{\"openapi\":\"3.0.1\"}", export.Body);
    }

    [Fact]
    public async Task Custom_domains_and_base_path_mappings()
    {
        var (transport, client) = Create();
        transport
            .Returns("{\"item\":[{\"domainName\":\"api.example.com\",\"regionalDomainName\":\"d-abc.execute-api.us-east-1.amazonaws.com\",\"certificateUploadDate\":1600000000,\"endpointConfiguration\":{\"types\":[\"REGIONAL\"]}}]}")
            .Returns("{\"item\":[{\"basePath\":\"orders\",\"restApiId\":\"abc123\",\"stage\":\"dev\"},{\"basePath\":\"(none)\",\"restApiId\":\"def456\",\"stage\":\"prod\"}]}");

        var domains = await client.GetDomainNamesAsync().CollectAsync();
        var mappings = await client.GetBasePathMappingsAsync("api.example.com").CollectAsync();

        Assert.Equal("GetDomainNames", transport.Requests[0].Operation);
        Assert.Equal("/domainnames", transport.Requests[0].Path);
        Assert.Equal("api.example.com", Assert.Single(domains).DomainName);
        Assert.Equal("GetBasePathMappings", transport.Requests[1].Operation);
        Assert.Equal("/domainnames/api.example.com/basepathmappings", transport.Requests[1].Path);
        Assert.Equal(new[] { "orders", "(none)" }, mappings.Select(m => m.BasePath));
        Assert.Equal("abc123", mappings[0].RestApiId);
        Assert.Equal("dev", mappings[0].Stage);
    }

    [Fact]
    public async Task GetTags_escapes_the_resource_arn()
    {
        var (transport, client) = Create();
        transport.Returns("{\"tags\":{\"aws:cloudformation:stack-name\":\"orders-stack\"}}");

        var tags = await client.GetTagsAsync("arn:aws:apigateway:us-east-1::/restapis/abc123");

        Assert.Equal("GetTags", transport.Single.Operation);
        Assert.Equal("/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fabc123", transport.Single.Path);
        Assert.Equal("orders-stack", tags["aws:cloudformation:stack-name"]);
    }

    [Fact]
    public async Task Ids_with_reserved_characters_cannot_change_the_path_shape()
    {
        var (transport, client) = Create();
        transport.Returns("{}");

        await client.GetIntegrationAsync("abc/../x", "r 1", "GET");

        Assert.Equal("/restapis/abc%2F..%2Fx/resources/r%201/methods/GET/integration", transport.Single.Path);
    }
}
