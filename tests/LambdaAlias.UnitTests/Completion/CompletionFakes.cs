using System.Collections;
using System.Collections.Concurrent;

namespace LambdaAlias.UnitTests.Completion;

/// <summary>A page answer for the fakes: items and the next token, or a delay/error first.</summary>
public delegate Task<AwsPage<T>> PageHandler<T>(string scope, string token, CancellationToken cancellationToken);

/// <summary>Lambda with scripted ListFunctions/ListAliases pages; every other operation is off limits for completers.</summary>
public sealed class FakeLambdaApi : ILambdaApi
{
    public PageHandler<FunctionConfiguration> Functions { get; set; } = (_, _, _) => Task.FromResult(new AwsPage<FunctionConfiguration>(null, null));
    public PageHandler<AliasConfiguration> Aliases { get; set; } = (_, _, _) => Task.FromResult(new AwsPage<AliasConfiguration>(null, null));
    public ConcurrentQueue<string> Calls { get; } = new();

    public Task<AwsPage<FunctionConfiguration>> ListFunctionsPageAsync(string marker, int? maxItems = null, bool allVersions = false, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue("ListFunctions " + marker + " max=" + maxItems + (allVersions ? " ALL" : ""));
        return Functions(null, marker, cancellationToken);
    }

    public Task<AwsPage<AliasConfiguration>> ListAliasesPageAsync(string functionName, string marker, int? maxItems = null, string functionVersion = null, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue("ListAliases " + functionName + " " + marker);
        return Aliases(functionName, marker, cancellationToken);
    }

    public IAsyncEnumerable<FunctionConfiguration> ListFunctionsAsync(bool allVersions = false, CancellationToken cancellationToken = default) =>
        AwsPaginator.Enumerate((m, ct) => ListFunctionsPageAsync(m, null, allVersions, ct), "ListFunctions", cancellationToken);
    public IAsyncEnumerable<AliasConfiguration> ListAliasesAsync(string functionName, string functionVersion = null, CancellationToken cancellationToken = default) =>
        AwsPaginator.Enumerate((m, ct) => ListAliasesPageAsync(functionName, m, null, functionVersion, ct), "ListAliases", cancellationToken);

    private static Exception OffLimits() => new NotSupportedException("Completers only list.");
    public Task<GetFunctionResult> GetFunctionAsync(string functionName, string qualifier = null, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<FunctionConfiguration> GetFunctionConfigurationAsync(string functionName, string qualifier = null, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<FunctionConfiguration> PublishVersionAsync(PublishVersionRequest request, CancellationToken cancellationToken = default) => throw OffLimits();
    public IAsyncEnumerable<FunctionConfiguration> ListVersionsByFunctionAsync(string functionName, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<AwsPage<FunctionConfiguration>> ListVersionsByFunctionPageAsync(string functionName, string marker, int? maxItems = null, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<AliasConfiguration> CreateAliasAsync(CreateAliasRequest request, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<AliasConfiguration> GetAliasAsync(string functionName, string aliasName, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<AliasConfiguration> UpdateAliasAsync(UpdateAliasRequest request, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task DeleteAliasAsync(string functionName, string aliasName, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<AddPermissionResult> AddPermissionAsync(AddPermissionRequest request, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<FunctionPolicy> GetPolicyAsync(string functionName, string qualifier = null, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task RemovePermissionAsync(string functionName, string statementId, string qualifier = null, string revisionId = null, CancellationToken cancellationToken = default) => throw OffLimits();
    public IAsyncEnumerable<EventSourceMappingConfiguration> ListEventSourceMappingsAsync(string functionName = null, string eventSourceArn = null, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<AwsPage<EventSourceMappingConfiguration>> ListEventSourceMappingsPageAsync(string marker, int? maxItems = null, string functionName = null, string eventSourceArn = null, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<EventSourceMappingConfiguration> GetEventSourceMappingAsync(string uuid, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<EventSourceMappingConfiguration> UpdateEventSourceMappingAsync(UpdateEventSourceMappingRequest request, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<Dictionary<string, string>> ListTagsAsync(string functionArn, CancellationToken cancellationToken = default) => throw OffLimits();
}

public sealed class FakeApiGatewayApi : IApiGatewayApi
{
    public PageHandler<RestApi> RestApis { get; set; } = (_, _, _) => Task.FromResult(new AwsPage<RestApi>(null, null));
    public Func<string, CancellationToken, Task<List<RestStage>>> Stages { get; set; } = (_, _) => Task.FromResult(new List<RestStage>());
    public ConcurrentQueue<string> Calls { get; } = new();

    public Task<AwsPage<RestApi>> GetRestApisPageAsync(string position, int? limit = null, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue("GetRestApis " + position + " limit=" + limit);
        return RestApis(null, position, cancellationToken);
    }

    public Task<List<RestStage>> GetStagesAsync(string restApiId, string deploymentId = null, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue("GetStages " + restApiId);
        return Stages(restApiId, cancellationToken);
    }

    public IAsyncEnumerable<RestApi> GetRestApisAsync(CancellationToken cancellationToken = default) =>
        AwsPaginator.Enumerate((p, ct) => GetRestApisPageAsync(p, null, ct), "GetRestApis", cancellationToken);

    private static Exception OffLimits() => new NotSupportedException("Completers only list.");
    public Task<RestApi> GetRestApiAsync(string restApiId, CancellationToken cancellationToken = default) => throw OffLimits();
    public IAsyncEnumerable<RestResource> GetResourcesAsync(string restApiId, bool embedMethods = true, int? limit = 500, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<AwsPage<RestResource>> GetResourcesPageAsync(string restApiId, string position, int? limit = 500, bool embedMethods = true, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<RestIntegration> GetIntegrationAsync(string restApiId, string resourceId, string httpMethod, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<RestIntegration> UpdateIntegrationAsync(string restApiId, string resourceId, string httpMethod, IEnumerable<PatchOperation> patchOperations, CancellationToken cancellationToken = default) => throw OffLimits();
    public IAsyncEnumerable<RestAuthorizer> GetAuthorizersAsync(string restApiId, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<AwsPage<RestAuthorizer>> GetAuthorizersPageAsync(string restApiId, string position, int? limit = null, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<RestAuthorizer> UpdateAuthorizerAsync(string restApiId, string authorizerId, IEnumerable<PatchOperation> patchOperations, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<RestStage> GetStageAsync(string restApiId, string stageName, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<RestStage> UpdateStageAsync(string restApiId, string stageName, IEnumerable<PatchOperation> patchOperations, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<RestDeployment> CreateDeploymentAsync(CreateRestDeploymentRequest request, CancellationToken cancellationToken = default) => throw OffLimits();
    public IAsyncEnumerable<RestDeployment> GetDeploymentsAsync(string restApiId, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<AwsPage<RestDeployment>> GetDeploymentsPageAsync(string restApiId, string position, int? limit = null, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<RestExport> GetExportAsync(RestExportRequest request, CancellationToken cancellationToken = default) => throw OffLimits();
    public IAsyncEnumerable<RestDomainName> GetDomainNamesAsync(CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<AwsPage<RestDomainName>> GetDomainNamesPageAsync(string position, int? limit = null, CancellationToken cancellationToken = default) => throw OffLimits();
    public IAsyncEnumerable<BasePathMapping> GetBasePathMappingsAsync(string domainName, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<AwsPage<BasePathMapping>> GetBasePathMappingsPageAsync(string domainName, string position, int? limit = null, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<Dictionary<string, string>> GetTagsAsync(string resourceArn, CancellationToken cancellationToken = default) => throw OffLimits();
}

public sealed class FakeApiGatewayV2Api : IApiGatewayV2Api
{
    public PageHandler<V2Api> Apis { get; set; } = (_, _, _) => Task.FromResult(new AwsPage<V2Api>(null, null));
    public PageHandler<V2Stage> Stages { get; set; } = (_, _, _) => Task.FromResult(new AwsPage<V2Stage>(null, null));
    public ConcurrentQueue<string> Calls { get; } = new();

    public Task<AwsPage<V2Api>> GetApisPageAsync(string nextToken, int? maxResults = null, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue("GetApis " + nextToken);
        return Apis(null, nextToken, cancellationToken);
    }

    public Task<AwsPage<V2Stage>> GetStagesPageAsync(string apiId, string nextToken, int? maxResults = null, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue("GetStages " + apiId + " " + nextToken);
        return Stages(apiId, nextToken, cancellationToken);
    }

    public IAsyncEnumerable<V2Api> GetApisAsync(CancellationToken cancellationToken = default) =>
        AwsPaginator.Enumerate((t, ct) => GetApisPageAsync(t, null, ct), "GetApis", cancellationToken);
    public IAsyncEnumerable<V2Stage> GetStagesAsync(string apiId, CancellationToken cancellationToken = default) =>
        AwsPaginator.Enumerate((t, ct) => GetStagesPageAsync(apiId, t, null, ct), "GetStages", cancellationToken);

    private static Exception OffLimits() => new NotSupportedException("Completers only list.");
    public IAsyncEnumerable<V2Route> GetRoutesAsync(string apiId, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<AwsPage<V2Route>> GetRoutesPageAsync(string apiId, string nextToken, int? maxResults = null, CancellationToken cancellationToken = default) => throw OffLimits();
    public IAsyncEnumerable<V2Integration> GetIntegrationsAsync(string apiId, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<AwsPage<V2Integration>> GetIntegrationsPageAsync(string apiId, string nextToken, int? maxResults = null, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<V2Integration> GetIntegrationAsync(string apiId, string integrationId, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<V2Integration> UpdateIntegrationAsync(V2UpdateIntegrationRequest request, CancellationToken cancellationToken = default) => throw OffLimits();
    public IAsyncEnumerable<V2Authorizer> GetAuthorizersAsync(string apiId, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<AwsPage<V2Authorizer>> GetAuthorizersPageAsync(string apiId, string nextToken, int? maxResults = null, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<V2Stage> UpdateStageAsync(V2UpdateStageRequest request, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<V2Deployment> CreateDeploymentAsync(string apiId, string stageName = null, string description = null, CancellationToken cancellationToken = default) => throw OffLimits();
    public IAsyncEnumerable<V2Deployment> GetDeploymentsAsync(string apiId, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<AwsPage<V2Deployment>> GetDeploymentsPageAsync(string apiId, string nextToken, int? maxResults = null, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<string> ExportApiAsync(V2ExportRequest request, CancellationToken cancellationToken = default) => throw OffLimits();
    public IAsyncEnumerable<V2DomainName> GetDomainNamesAsync(CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<AwsPage<V2DomainName>> GetDomainNamesPageAsync(string nextToken, int? maxResults = null, CancellationToken cancellationToken = default) => throw OffLimits();
    public IAsyncEnumerable<V2ApiMapping> GetApiMappingsAsync(string domainName, CancellationToken cancellationToken = default) => throw OffLimits();
    public Task<AwsPage<V2ApiMapping>> GetApiMappingsPageAsync(string domainName, string nextToken, int? maxResults = null, CancellationToken cancellationToken = default) => throw OffLimits();
}

/// <summary>A connection over the fake APIs. Region, endpoint and identity come from the typed parameters (as the real
/// session's would), so tests can show which of them reach the cache key.</summary>
internal sealed class FakeConnection : ICompletionConnection
{
    public string Region { get; init; } = "us-east-1";
    public string IdentityKey { get; init; } = "account:123456789012";
    public string Endpoint { get; init; } = "https://lambda.us-east-1.amazonaws.com/";
    public FakeLambdaApi FakeLambda { get; init; } = new();
    public FakeApiGatewayApi FakeApiGateway { get; init; } = new();
    public FakeApiGatewayV2Api FakeApiGatewayV2 { get; init; } = new();
    public bool Disposed { get; private set; }

    public string EndpointFor(AwsService service) => Endpoint + "#" + service;
    public ILambdaApi Lambda => FakeLambda;
    public IApiGatewayApi ApiGateway => FakeApiGateway;
    public IApiGatewayV2Api ApiGatewayV2 => FakeApiGatewayV2;
    public void Dispose() => Disposed = true;
}

/// <summary>Hands out one set of fake APIs (shared across connections, so call counts add up) and records what each
/// Connect was given.</summary>
internal sealed class FakeConnector : ICompletionConnector
{
    public FakeLambdaApi Lambda { get; } = new();
    public FakeApiGatewayApi ApiGateway { get; } = new();
    public FakeApiGatewayV2Api ApiGatewayV2 { get; } = new();
    public ConcurrentQueue<IDictionary> Parameters { get; } = new();
    public ConcurrentQueue<FakeConnection> Connections { get; } = new();
    public Func<string, object> LastGetVariable { get; private set; }
    /// <summary>Runs inside Connect, e.g. to block like a slow credential source or throw like a missing profile.</summary>
    public Action BeforeConnect { get; set; }

    public ICompletionConnection Connect(IDictionary fakeBoundParameters, Func<string, object> getVariable)
    {
        Parameters.Enqueue(fakeBoundParameters);
        LastGetVariable = getVariable;
        BeforeConnect?.Invoke();
        var connection = new FakeConnection
        {
            Region = fakeBoundParameters["Region"] as string ?? getVariable?.Invoke("StoredAWSRegion") as string ?? "us-east-1",
            Endpoint = fakeBoundParameters["EndpointUrl"] as string ?? "https://aws.example/",
            IdentityKey = "key:" + (fakeBoundParameters["AccessKey"] as string ?? "default"),
            FakeLambda = Lambda,
            FakeApiGateway = ApiGateway,
            FakeApiGatewayV2 = ApiGatewayV2,
        };
        Connections.Enqueue(connection);
        return connection;
    }
}

public static class Pages
{
    public static Task<AwsPage<T>> Of<T>(string next, params T[] items) => Task.FromResult(new AwsPage<T>(items, next));

    /// <summary>Waits until cancelled, like a call to an endpoint that never answers.</summary>
    public static async Task<AwsPage<T>> Never<T>(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }
}
