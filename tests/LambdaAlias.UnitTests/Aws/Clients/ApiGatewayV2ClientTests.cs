using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Aws.Clients;

public class ApiGatewayV2ClientTests
{
    private static (RecordingTransport transport, ApiGatewayV2Client client) Create()
    {
        var transport = new RecordingTransport();
        return (transport, new ApiGatewayV2Client(transport));
    }

    [Fact]
    public async Task GetApis_follows_nextToken_and_reads_camelCase_members()
    {
        var (transport, client) = Create();
        transport
            .Returns(@"{""items"":[{""apiEndpoint"":""https://h1.execute-api.us-east-1.amazonaws.com"",""apiId"":""h1"",""name"":""orders-http"",
                ""protocolType"":""HTTP"",""routeSelectionExpression"":""$request.method $request.path"",""createdDate"":""2024-02-03T04:05:06Z"",
                ""tags"":{""team"":""payments""},""ipAddressType"":""ipv4""}],""nextToken"":""t1""}")
            .Returns(@"{""items"":[{""apiId"":""w1"",""name"":""chat"",""protocolType"":""WEBSOCKET"",""createdDate"":""2024-02-03T04:05:06.123456Z""}],""nextToken"":null}");

        var apis = await client.GetApisAsync().CollectAsync();

        Assert.Equal(2, transport.Requests.Count);
        Assert.All(transport.Requests, r =>
        {
            Assert.Equal(AwsService.ApiGatewayV2, r.Service);
            Assert.Equal("GetApis", r.Operation);
            Assert.Equal("/v2/apis", r.Path);
            Assert.True(r.IsIdempotent);
        });
        Assert.Empty(transport.Requests[0].Query);
        Assert.Equal(new[] { "nextToken=t1" }, RequestAssert.QueryOf(transport.Requests[1]));
        Assert.Equal(new[] { "h1", "w1" }, apis.Select(a => a.ApiId));
        Assert.Equal("HTTP", apis[0].ProtocolType);
        Assert.Equal("payments", apis[0].Tags["team"]);
        Assert.Equal(new DateTimeOffset(2024, 2, 3, 4, 5, 6, TimeSpan.Zero), apis[0].CreatedDate);
        Assert.Equal(new DateTimeOffset(2024, 2, 3, 4, 5, 6, TimeSpan.Zero).AddTicks(1234560), apis[1].CreatedDate);
    }

    [Fact]
    public async Task A_page_sends_maxResults_and_nextToken()
    {
        var (transport, client) = Create();
        transport.Returns("{\"items\":[],\"nextToken\":\"t9\"}");

        var page = await client.GetRoutesPageAsync("h1", "t8", 50);

        Assert.Equal("/v2/apis/h1/routes", transport.Single.Path);
        Assert.Equal(new[] { "maxResults=50", "nextToken=t8" }, RequestAssert.QueryOf(transport.Single));
        Assert.Empty(page.Items);
        Assert.Equal("t9", page.NextToken);
    }

    [Fact]
    public async Task GetRoutes_exposes_the_integration_id_of_the_target()
    {
        var (transport, client) = Create();
        transport.Returns(@"{""items"":[
            {""routeId"":""rt1"",""routeKey"":""GET /orders"",""target"":""integrations/in1"",""authorizationType"":""CUSTOM"",""authorizerId"":""az1"",""apiKeyRequired"":false},
            {""routeId"":""rt2"",""routeKey"":""ANY /{proxy+}"",""target"":""integrations/in2""},
            {""routeId"":""rt3"",""routeKey"":""$default""}]}");

        var routes = await client.GetRoutesAsync("h1").CollectAsync();

        Assert.Equal("GetRoutes", transport.Single.Operation);
        Assert.Equal(new[] { "in1", "in2", null }, routes.Select(r => r.IntegrationId));
        Assert.Equal("ANY /{proxy+}", routes[1].RouteKey);
        Assert.Equal("az1", routes[0].AuthorizerId);
    }

    [Fact]
    public async Task GetIntegrations_and_GetIntegration()
    {
        var (transport, client) = Create();
        transport
            .Returns(@"{""items"":[{""integrationId"":""in1"",""integrationType"":""AWS_PROXY"",""integrationMethod"":""POST"",
                ""integrationUri"":""arn:aws:lambda:us-east-1:123456789012:function:my-func:1"",""payloadFormatVersion"":""2.0"",""timeoutInMillis"":30000,
                ""connectionType"":""INTERNET"",""requestParameters"":null}]}")
            .Returns(@"{""integrationId"":""in2"",""integrationType"":""AWS_PROXY"",""integrationUri"":""arn:aws:lambda:us-east-1:123456789012:function:my-func"",""credentialsArn"":""arn:aws:iam::123456789012:role/invoke""}");

        var integrations = await client.GetIntegrationsAsync("h1").CollectAsync();
        var single = await client.GetIntegrationAsync("h1", "in2");

        Assert.Equal("GetIntegrations", transport.Requests[0].Operation);
        Assert.Equal("/v2/apis/h1/integrations", transport.Requests[0].Path);
        var integration = Assert.Single(integrations);
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:my-func:1", integration.IntegrationUri);
        Assert.Equal("2.0", integration.PayloadFormatVersion);
        Assert.Empty(integration.RequestParameters);
        Assert.Equal("GetIntegration", transport.Requests[1].Operation);
        Assert.Equal("/v2/apis/h1/integrations/in2", transport.Requests[1].Path);
        Assert.Equal("arn:aws:iam::123456789012:role/invoke", single.CredentialsArn);
    }

    [Fact]
    public async Task UpdateIntegration_patches_only_the_members_set()
    {
        var (transport, client) = Create();
        transport.Returns("{\"integrationId\":\"in1\",\"integrationUri\":\"arn:aws:lambda:us-east-1:123456789012:function:my-func:live\"}");

        var updated = await client.UpdateIntegrationAsync(new V2UpdateIntegrationRequest
        {
            ApiId = "h1",
            IntegrationId = "in1",
            IntegrationUri = "arn:aws:lambda:us-east-1:123456789012:function:my-func:live",
        });

        var request = transport.Single;
        Assert.Equal("UpdateIntegration", request.Operation);
        Assert.Equal("PATCH", request.HttpMethod);
        Assert.Equal("/v2/apis/h1/integrations/in1", request.Path);
        RequestAssert.BodyEquals("{\"integrationUri\":\"arn:aws:lambda:us-east-1:123456789012:function:my-func:live\"}", request.Body);
        Assert.True(request.IsIdempotent);
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:my-func:live", updated.IntegrationUri);
    }

    [Fact]
    public async Task GetAuthorizers_reads_identity_source_list()
    {
        var (transport, client) = Create();
        transport.Returns(@"{""items"":[{""authorizerId"":""az1"",""authorizerType"":""REQUEST"",""name"":""lambdaAuth"",
            ""authorizerUri"":""arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth:2/invocations"",
            ""identitySource"":[""$request.header.Authorization""],""authorizerPayloadFormatVersion"":""2.0"",""enableSimpleResponses"":true}]}");

        var authorizer = Assert.Single(await client.GetAuthorizersAsync("h1").CollectAsync());

        Assert.Equal("/v2/apis/h1/authorizers", transport.Single.Path);
        Assert.Equal("REQUEST", authorizer.AuthorizerType);
        Assert.Equal(new[] { "$request.header.Authorization" }, authorizer.IdentitySource);
        Assert.True(authorizer.EnableSimpleResponses);
    }

    [Fact]
    public async Task GetStages_reads_autoDeploy_and_stage_variables()
    {
        var (transport, client) = Create();
        transport.Returns(@"{""items"":[
            {""stageName"":""$default"",""autoDeploy"":true,""deploymentId"":""dp1"",""lastDeploymentStatusMessage"":""Successfully deployed stage with deployment ID 'dp1'"",
             ""stageVariables"":{""fn"":""my-func:1""},""createdDate"":""2024-01-01T00:00:00Z"",""lastUpdatedDate"":""2024-01-02T00:00:00.000Z"",""routeSettings"":{}},
            {""stageName"":""prod"",""autoDeploy"":false,""deploymentId"":""dp0""}]}");

        var stages = await client.GetStagesAsync("h1").CollectAsync();

        Assert.Equal("GetStages", transport.Single.Operation);
        Assert.Equal("/v2/apis/h1/stages", transport.Single.Path);
        Assert.True(stages[0].AutoDeploy);
        Assert.Equal("my-func:1", stages[0].StageVariables["fn"]);
        Assert.False(stages[1].AutoDeploy);
        Assert.Empty(stages[1].StageVariables);
    }

    [Fact]
    public async Task UpdateStage_escapes_the_default_stage_and_sends_variables()
    {
        var (transport, client) = Create();
        transport.Returns("{\"stageName\":\"$default\",\"stageVariables\":{\"fn\":\"my-func:live\"}}");

        var stage = await client.UpdateStageAsync(new V2UpdateStageRequest
        {
            ApiId = "h1",
            StageName = "$default",
            StageVariables = new Dictionary<string, string> { ["fn"] = "my-func:live" },
        });

        var request = transport.Single;
        Assert.Equal("UpdateStage", request.Operation);
        Assert.Equal("PATCH", request.HttpMethod);
        Assert.Equal("/v2/apis/h1/stages/%24default", request.Path);
        RequestAssert.BodyEquals("{\"stageVariables\":{\"fn\":\"my-func:live\"}}", request.Body);
        Assert.True(request.IsIdempotent);
        Assert.Equal("my-func:live", stage.StageVariables["fn"]);
    }

    [Fact]
    public async Task CreateDeployment_posts_the_stage_and_is_not_idempotent()
    {
        var (transport, client) = Create();
        transport.Returns("{\"deploymentId\":\"dp2\",\"deploymentStatus\":\"PENDING\",\"autoDeployed\":false,\"createdDate\":\"2024-01-03T00:00:00Z\"}", 201);

        var deployment = await client.CreateDeploymentAsync("h1", "prod", "LambdaAlias");

        var request = transport.Single;
        Assert.Equal("CreateDeployment", request.Operation);
        Assert.Equal("POST", request.HttpMethod);
        Assert.Equal("/v2/apis/h1/deployments", request.Path);
        RequestAssert.BodyEquals("{\"description\":\"LambdaAlias\",\"stageName\":\"prod\"}", request.Body);
        Assert.False(request.IsIdempotent);
        Assert.Equal("PENDING", deployment.DeploymentStatus);
    }

    [Fact]
    public async Task GetDeployments_reads_status_across_pages()
    {
        var (transport, client) = Create();
        transport
            .Returns("{\"items\":[{\"deploymentId\":\"dp2\",\"deploymentStatus\":\"PENDING\",\"autoDeployed\":true}],\"nextToken\":\"n\"}")
            .Returns("{\"items\":[{\"deploymentId\":\"dp1\",\"deploymentStatus\":\"DEPLOYED\"}]}");

        var deployments = await client.GetDeploymentsAsync("h1").CollectAsync();

        Assert.Equal(new[] { "PENDING", "DEPLOYED" }, deployments.Select(d => d.DeploymentStatus));
        Assert.True(deployments[0].AutoDeployed);
        Assert.Equal("/v2/apis/h1/deployments", transport.Requests[1].Path);
        Assert.Equal(new[] { "nextToken=n" }, RequestAssert.QueryOf(transport.Requests[1]));
    }

    [Fact]
    public async Task ExportApi_sends_specification_output_type_stage_and_extensions()
    {
        var (transport, client) = Create();
        const string document = "{\"openapi\":\"3.0.1\",\"paths\":{\"/orders\":{\"get\":{\"x-amazon-apigateway-integration\":{\"uri\":\"arn\"}}}}}";
        transport.Returns(document, contentType: "application/octet-stream");

        var text = await client.ExportApiAsync(new V2ExportRequest { ApiId = "h1", StageName = "prod" });

        var request = transport.Single;
        Assert.Equal("ExportApi", request.Operation);
        Assert.Equal("GET", request.HttpMethod);
        Assert.Equal("/v2/apis/h1/exports/OAS30", request.Path);
        Assert.Equal(new[] { "includeExtensions=true", "outputType=JSON", "stageName=prod" }, RequestAssert.QueryOf(request));
        Assert.Equal(document, text);
    }

    [Fact]
    public async Task Custom_domains_and_api_mappings()
    {
        var (transport, client) = Create();
        transport
            .Returns(@"{""items"":[{""domainName"":""api.example.com"",""apiMappingSelectionExpression"":""$request.basepath"",
                ""domainNameConfigurations"":[{""apiGatewayDomainName"":""d-xyz.execute-api.us-east-1.amazonaws.com"",""endpointType"":""REGIONAL"",
                ""certificateUploadDate"":""2023-06-01T00:00:00Z"",""domainNameStatus"":""AVAILABLE""}]}]}")
            .Returns(@"{""items"":[{""apiId"":""h1"",""apiMappingId"":""am1"",""apiMappingKey"":""orders/v2"",""stage"":""$default""}]}");

        var domain = Assert.Single(await client.GetDomainNamesAsync().CollectAsync());
        var mapping = Assert.Single(await client.GetApiMappingsAsync("api.example.com").CollectAsync());

        Assert.Equal("GetDomainNames", transport.Requests[0].Operation);
        Assert.Equal("/v2/domainnames", transport.Requests[0].Path);
        Assert.Equal("d-xyz.execute-api.us-east-1.amazonaws.com", Assert.Single(domain.DomainNameConfigurations).ApiGatewayDomainName);
        Assert.Equal("GetApiMappings", transport.Requests[1].Operation);
        Assert.Equal("/v2/domainnames/api.example.com/apimappings", transport.Requests[1].Path);
        Assert.Equal("orders/v2", mapping.ApiMappingKey);
        Assert.Equal("$default", mapping.Stage);
    }

    [Fact]
    public async Task Cancellation_stops_the_stream_before_the_next_page()
    {
        var (transport, client) = Create();
        transport.Returns("{\"items\":[{\"apiId\":\"a\"}],\"nextToken\":\"n\"}").Returns("{\"items\":[{\"apiId\":\"b\"}]}");
        using var cts = new CancellationTokenSource();

        var seen = new List<string>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var api in client.GetApisAsync(cts.Token))
            {
                seen.Add(api.ApiId);
                cts.Cancel();
            }
        });

        Assert.Equal(new[] { "a" }, seen);
        Assert.Single(transport.Requests);
    }
}
