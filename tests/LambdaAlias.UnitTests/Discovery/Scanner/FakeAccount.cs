using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using LambdaAlias;

namespace LambdaAlias.UnitTests.Discovery.Scanner;

/// <summary>
/// An in-memory account behind the three client interfaces, for scanner tests without I/O: REST and v2 APIs with
/// their stages and exports, functions with versions, aliases and policies, event source mappings. Every call is
/// counted by operation, and calls in flight are tracked so tests can check the scanner's concurrency bound.
/// </summary>
public sealed class FakeAccount : ILambdaApi, IApiGatewayApi, IApiGatewayV2Api
{
    public const string Account = "123456789012";
    public const string Region = "us-east-1";

    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private int _inFlight;
    private int _maxInFlight;

    public List<FakeRestApi> RestApis { get; } = new();
    public List<FakeV2Api> V2Apis { get; } = new();
    public Dictionary<string, FakeFunction> Functions { get; } = new(StringComparer.Ordinal);
    public List<EventSourceMappingConfiguration> EventSourceMappings { get; } = new();
    /// <summary>Operations that fail with this exception (by operation name).</summary>
    public Dictionary<string, Func<string, Exception>> Failures { get; } = new(StringComparer.Ordinal);
    /// <summary>Delay every call by this much (to observe concurrency).</summary>
    public TimeSpan Delay { get; set; }
    /// <summary>Page size of GetResources (AWS allows up to 500).</summary>
    public int ResourcePageLimit { get; set; } = 500;

    public int Calls(string operation) => _calls.TryGetValue(operation, out var n) ? n : 0;
    public IReadOnlyDictionary<string, int> AllCalls => new Dictionary<string, int>(_calls);
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public static string FunctionArn(string name, string qualifier = null) =>
        $"arn:aws:lambda:{Region}:{Account}:function:{name}" + (qualifier == null ? string.Empty : ":" + qualifier);

    public static string InvocationsUri(string functionArn) =>
        $"arn:aws:apigateway:{Region}:lambda:path/2015-03-31/functions/{functionArn}/invocations";

    public FakeFunction AddFunction(string name, int versions, string latestLike = null)
    {
        var function = new FakeFunction(name);
        for (var v = 1; v <= versions; v++) function.Versions.Add(function.Config(v.ToString(), memory: 128 * v));
        function.Latest = function.Config("$LATEST", memory: 128 * Math.Max(1, versions));
        Functions[name] = function;
        return function;
    }

    private async Task<T> Call<T>(string operation, string target, Func<T> answer, CancellationToken ct)
    {
        _calls.AddOrUpdate(operation, 1, (_, n) => n + 1);
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen) { }
        try
        {
            if (Delay > TimeSpan.Zero) await Task.Delay(Delay, ct);
            else await Task.Yield();
            ct.ThrowIfCancellationRequested();
            if (Failures.TryGetValue(operation, out var fail)) { var e = fail(target); if (e != null) throw e; }
            return answer();
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static AwsServiceException NotFound(string operation, string what) => new("ResourceNotFoundException", what + " not found", 404, "req", operation);

    private static async IAsyncEnumerable<T> Stream<T>(Func<CancellationToken, Task<IReadOnlyList<T>>> page, [EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var item in await page(ct)) yield return item;
    }

    private static AwsPage<T> Page<T>(IReadOnlyList<T> all, string position, int limit)
    {
        var start = position == null ? 0 : int.Parse(position);
        var items = all.Skip(start).Take(limit).ToList();
        var next = start + items.Count < all.Count ? (start + items.Count).ToString() : null;
        return new AwsPage<T>(items, next);
    }

    private FakeFunction Function(string name, string operation)
    {
        var key = name.StartsWith("arn:", StringComparison.Ordinal) ? name.Split(':')[6] : name;
        return Functions.TryGetValue(key, out var f) ? f : throw NotFound(operation, "Function " + name);
    }

    // ---- Lambda ----

    public Task<GetFunctionResult> GetFunctionAsync(string functionName, string qualifier = null, CancellationToken cancellationToken = default) =>
        Call("GetFunction", functionName + ":" + qualifier, () =>
        {
            var f = Function(functionName, "GetFunction");
            FunctionConfiguration config;
            if (qualifier == null || qualifier == "$LATEST") config = f.Latest;
            else if (f.Aliases.TryGetValue(qualifier, out var target)) config = target == "$LATEST" ? f.Latest : f.Versions.Single(v => v.Version == target);
            else config = f.Versions.SingleOrDefault(v => v.Version == qualifier) ?? throw NotFound("GetFunction", functionName + ":" + qualifier);
            return new GetFunctionResult { Configuration = config, Tags = new Dictionary<string, string>(f.Tags) };
        }, cancellationToken);

    public IAsyncEnumerable<FunctionConfiguration> ListVersionsByFunctionAsync(string functionName, CancellationToken cancellationToken = default) =>
        Stream<FunctionConfiguration>(ct => Call("ListVersionsByFunction", functionName, () =>
        {
            var f = Function(functionName, "ListVersionsByFunction");
            return (IReadOnlyList<FunctionConfiguration>)new[] { f.Latest }.Concat(f.Versions).ToList();
        }, ct), cancellationToken);

    public IAsyncEnumerable<AliasConfiguration> ListAliasesAsync(string functionName, string functionVersion = null, CancellationToken cancellationToken = default) =>
        Stream<AliasConfiguration>(ct => Call("ListAliases", functionName, () =>
        {
            var f = Function(functionName, "ListAliases");
            return (IReadOnlyList<AliasConfiguration>)f.Aliases.Select(a => new AliasConfiguration { Name = a.Key, FunctionVersion = a.Value, AliasArn = FunctionArn(f.Name, a.Key) }).ToList();
        }, ct), cancellationToken);

    public Task<FunctionPolicy> GetPolicyAsync(string functionName, string qualifier = null, CancellationToken cancellationToken = default) =>
        Call("GetPolicy", functionName + ":" + qualifier, () =>
        {
            var f = Function(functionName, "GetPolicy");
            var statements = f.Policies.Where(p => p.Qualifier == qualifier).Select(p => new JsonObject
            {
                ["Sid"] = p.Sid,
                ["Effect"] = "Allow",
                ["Principal"] = new JsonObject { ["Service"] = p.Principal },
                ["Action"] = "lambda:InvokeFunction",
                ["Resource"] = FunctionArn(f.Name, qualifier),
                ["Condition"] = new JsonObject { ["ArnLike"] = new JsonObject { ["AWS:SourceArn"] = p.SourceArn } },
            }).ToList();
            if (statements.Count == 0) return new FunctionPolicy();
            var policy = new JsonObject { ["Version"] = "2012-10-17", ["Id"] = "default", ["Statement"] = new JsonArray(statements.ToArray<JsonNode>()) };
            return new FunctionPolicy { Policy = policy.ToJsonString(), RevisionId = "r1" };
        }, cancellationToken);

    public IAsyncEnumerable<EventSourceMappingConfiguration> ListEventSourceMappingsAsync(string functionName = null, string eventSourceArn = null, CancellationToken cancellationToken = default) =>
        Stream<EventSourceMappingConfiguration>(ct => Call("ListEventSourceMappings", "mappings", () => (IReadOnlyList<EventSourceMappingConfiguration>)EventSourceMappings.ToList(), ct), cancellationToken);

    public IAsyncEnumerable<FunctionConfiguration> ListFunctionsAsync(bool allVersions = false, CancellationToken cancellationToken = default) =>
        Stream<FunctionConfiguration>(ct => Call("ListFunctions", "functions", () =>
            (IReadOnlyList<FunctionConfiguration>)Functions.Values.SelectMany(f => allVersions ? new[] { f.Latest }.Concat(f.Versions) : new[] { f.Latest }).ToList(), ct), cancellationToken);

    public Task<FunctionConfiguration> GetFunctionConfigurationAsync(string functionName, string qualifier = null, CancellationToken cancellationToken = default) => throw Unused();
    public Task<AwsPage<FunctionConfiguration>> ListFunctionsPageAsync(string marker, int? maxItems = null, bool allVersions = false, CancellationToken cancellationToken = default) => throw Unused();
    public Task<FunctionConfiguration> PublishVersionAsync(PublishVersionRequest request, CancellationToken cancellationToken = default) => throw Unused();
    public Task<AwsPage<FunctionConfiguration>> ListVersionsByFunctionPageAsync(string functionName, string marker, int? maxItems = null, CancellationToken cancellationToken = default) => throw Unused();
    public Task<AliasConfiguration> CreateAliasAsync(CreateAliasRequest request, CancellationToken cancellationToken = default) => throw Unused();
    public Task<AliasConfiguration> GetAliasAsync(string functionName, string aliasName, CancellationToken cancellationToken = default) => throw Unused();
    public Task<AwsPage<AliasConfiguration>> ListAliasesPageAsync(string functionName, string marker, int? maxItems = null, string functionVersion = null, CancellationToken cancellationToken = default) => throw Unused();
    public Task<AliasConfiguration> UpdateAliasAsync(UpdateAliasRequest request, CancellationToken cancellationToken = default) => throw Unused();
    public Task DeleteAliasAsync(string functionName, string aliasName, CancellationToken cancellationToken = default) => throw Unused();
    public Task<AddPermissionResult> AddPermissionAsync(AddPermissionRequest request, CancellationToken cancellationToken = default) => throw Unused();
    public Task RemovePermissionAsync(string functionName, string statementId, string qualifier = null, string revisionId = null, CancellationToken cancellationToken = default) => throw Unused();
    public Task<AwsPage<EventSourceMappingConfiguration>> ListEventSourceMappingsPageAsync(string marker, int? maxItems = null, string functionName = null, string eventSourceArn = null, CancellationToken cancellationToken = default) => throw Unused();
    public Task<EventSourceMappingConfiguration> GetEventSourceMappingAsync(string uuid, CancellationToken cancellationToken = default) => throw Unused();
    public Task<EventSourceMappingConfiguration> UpdateEventSourceMappingAsync(UpdateEventSourceMappingRequest request, CancellationToken cancellationToken = default) => throw Unused();
    public Task<Dictionary<string, string>> ListTagsAsync(string functionArn, CancellationToken cancellationToken = default) => throw Unused();

    // ---- API Gateway REST ----

    private FakeRestApi Rest(string id, string operation) => RestApis.SingleOrDefault(a => a.Api.Id == id) ?? throw new AwsServiceException("NotFoundException", "Invalid API identifier specified", 404, "req", operation);

    public IAsyncEnumerable<RestApi> GetRestApisAsync(CancellationToken cancellationToken = default) =>
        AwsPaginator.Enumerate((position, ct) => GetRestApisPageAsync(position, null, ct), "GetRestApis", cancellationToken);

    public Task<AwsPage<RestApi>> GetRestApisPageAsync(string position, int? limit = null, CancellationToken cancellationToken = default) =>
        Call("GetRestApis", "restapis", () => Page(RestApis.Select(a => a.Api).ToList(), position, limit ?? 25), cancellationToken);

    public Task<RestApi> GetRestApiAsync(string restApiId, CancellationToken cancellationToken = default) =>
        Call("GetRestApi", restApiId, () => Rest(restApiId, "GetRestApi").Api, cancellationToken);

    public async IAsyncEnumerable<RestResource> GetResourcesAsync(string restApiId, bool embedMethods = true, int? limit = 500, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string position = null;
        do
        {
            var page = await GetResourcesPageAsync(restApiId, position, limit, embedMethods, cancellationToken);
            foreach (var resource in page.Items) yield return resource;
            position = page.NextToken;
        } while (position != null);
    }

    public Task<AwsPage<RestResource>> GetResourcesPageAsync(string restApiId, string position, int? limit = 500, bool embedMethods = true, CancellationToken cancellationToken = default) =>
        Call("GetResources", restApiId, () =>
        {
            if (!embedMethods) throw new InvalidOperationException("The scanner must embed methods.");
            return Page(Rest(restApiId, "GetResources").Resources, position, Math.Min(limit ?? 25, ResourcePageLimit));
        }, cancellationToken);

    public Task<RestIntegration> GetIntegrationAsync(string restApiId, string resourceId, string httpMethod, CancellationToken cancellationToken = default) =>
        Call("GetIntegration", restApiId, () => Rest(restApiId, "GetIntegration").Resources.Single(r => r.Id == resourceId).ResourceMethods[httpMethod].MethodIntegration, cancellationToken);

    public IAsyncEnumerable<RestAuthorizer> GetAuthorizersAsync(string restApiId, CancellationToken cancellationToken = default) =>
        AwsPaginator.Enumerate((position, ct) => GetAuthorizersPageAsync(restApiId, position, null, ct), "GetAuthorizers", cancellationToken);

    public Task<AwsPage<RestAuthorizer>> GetAuthorizersPageAsync(string restApiId, string position, int? limit = null, CancellationToken cancellationToken = default) =>
        Call("GetAuthorizers", restApiId, () => Page(Rest(restApiId, "GetAuthorizers").Authorizers.ToList(), position, limit ?? 25), cancellationToken);

    public Task<List<RestStage>> GetStagesAsync(string restApiId, string deploymentId = null, CancellationToken cancellationToken = default) =>
        Call("GetStages", restApiId, () => Rest(restApiId, "GetStages").Stages.ToList(), cancellationToken);

    public Task<RestExport> GetExportAsync(RestExportRequest request, CancellationToken cancellationToken = default) =>
        Call("GetExport", request.RestApiId + "/" + request.StageName, () =>
        {
            var api = Rest(request.RestApiId, "GetExport");
            var stage = api.Stages.Single(s => s.StageName == request.StageName);
            return new RestExport { Body = api.Deployments[stage.DeploymentId], ContentType = "application/json" };
        }, cancellationToken);

    public IAsyncEnumerable<RestDomainName> GetDomainNamesAsync(CancellationToken cancellationToken = default) =>
        Stream<RestDomainName>(ct => Call("GetDomainNames", "domainnames", () => (IReadOnlyList<RestDomainName>)Array.Empty<RestDomainName>(), ct), cancellationToken);

    public IAsyncEnumerable<BasePathMapping> GetBasePathMappingsAsync(string domainName, CancellationToken cancellationToken = default) => throw Unused();
    public Task<RestIntegration> UpdateIntegrationAsync(string restApiId, string resourceId, string httpMethod, IEnumerable<PatchOperation> patchOperations, CancellationToken cancellationToken = default) => throw Unused();
    public Task<RestAuthorizer> UpdateAuthorizerAsync(string restApiId, string authorizerId, IEnumerable<PatchOperation> patchOperations, CancellationToken cancellationToken = default) => throw Unused();
    public Task<RestStage> GetStageAsync(string restApiId, string stageName, CancellationToken cancellationToken = default) => throw Unused();
    public Task<RestStage> UpdateStageAsync(string restApiId, string stageName, IEnumerable<PatchOperation> patchOperations, CancellationToken cancellationToken = default) => throw Unused();
    public Task<RestDeployment> CreateDeploymentAsync(CreateRestDeploymentRequest request, CancellationToken cancellationToken = default) => throw Unused();
    public IAsyncEnumerable<RestDeployment> GetDeploymentsAsync(string restApiId, CancellationToken cancellationToken = default) => throw Unused();
    public Task<AwsPage<RestDeployment>> GetDeploymentsPageAsync(string restApiId, string position, int? limit = null, CancellationToken cancellationToken = default) => throw Unused();
    public Task<AwsPage<RestDomainName>> GetDomainNamesPageAsync(string position, int? limit = null, CancellationToken cancellationToken = default) => throw Unused();
    public Task<AwsPage<BasePathMapping>> GetBasePathMappingsPageAsync(string domainName, string position, int? limit = null, CancellationToken cancellationToken = default) => throw Unused();
    public Task<Dictionary<string, string>> GetTagsAsync(string resourceArn, CancellationToken cancellationToken = default) => throw Unused();

    // ---- API Gateway v2 ----

    private FakeV2Api V2(string id, string operation) => V2Apis.SingleOrDefault(a => a.Api.ApiId == id) ?? throw new AwsServiceException("NotFoundException", "Invalid API identifier specified", 404, "req", operation);

    public IAsyncEnumerable<V2Api> GetApisAsync(CancellationToken cancellationToken = default) =>
        Stream<V2Api>(ct => Call("GetApis", "apis", () => (IReadOnlyList<V2Api>)V2Apis.Select(a => a.Api).ToList(), ct), cancellationToken);

    public IAsyncEnumerable<V2Route> GetRoutesAsync(string apiId, CancellationToken cancellationToken = default) =>
        Stream<V2Route>(ct => Call("GetRoutes", apiId, () => (IReadOnlyList<V2Route>)V2(apiId, "GetRoutes").Routes.ToList(), ct), cancellationToken);

    public IAsyncEnumerable<V2Integration> GetIntegrationsAsync(string apiId, CancellationToken cancellationToken = default) =>
        Stream<V2Integration>(ct => Call("GetIntegrations", apiId, () => (IReadOnlyList<V2Integration>)V2(apiId, "GetIntegrations").Integrations.ToList(), ct), cancellationToken);

    IAsyncEnumerable<V2Authorizer> IApiGatewayV2Api.GetAuthorizersAsync(string apiId, CancellationToken cancellationToken) =>
        Stream<V2Authorizer>(ct => Call("GetAuthorizers", apiId, () => (IReadOnlyList<V2Authorizer>)V2(apiId, "GetAuthorizers").Authorizers.ToList(), ct), cancellationToken);

    IAsyncEnumerable<V2Stage> IApiGatewayV2Api.GetStagesAsync(string apiId, CancellationToken cancellationToken) =>
        Stream<V2Stage>(ct => Call("GetStages", apiId, () => (IReadOnlyList<V2Stage>)V2(apiId, "GetStages").Stages.ToList(), ct), cancellationToken);

    public Task<string> ExportApiAsync(V2ExportRequest request, CancellationToken cancellationToken = default) =>
        Call("ExportApi", request.ApiId, () => V2(request.ApiId, "ExportApi").Exports[request.StageName], cancellationToken);

    IAsyncEnumerable<V2DomainName> IApiGatewayV2Api.GetDomainNamesAsync(CancellationToken cancellationToken) =>
        Stream<V2DomainName>(ct => Call("GetDomainNames", "domainnames", () => (IReadOnlyList<V2DomainName>)Array.Empty<V2DomainName>(), ct), cancellationToken);

    public Task<AwsPage<V2Api>> GetApisPageAsync(string nextToken, int? maxResults = null, CancellationToken cancellationToken = default) => throw Unused();
    public Task<AwsPage<V2Route>> GetRoutesPageAsync(string apiId, string nextToken, int? maxResults = null, CancellationToken cancellationToken = default) => throw Unused();
    public Task<AwsPage<V2Integration>> GetIntegrationsPageAsync(string apiId, string nextToken, int? maxResults = null, CancellationToken cancellationToken = default) => throw Unused();
    public Task<V2Integration> GetIntegrationAsync(string apiId, string integrationId, CancellationToken cancellationToken = default) =>
        Call("GetIntegration", apiId, () => V2(apiId, "GetIntegration").Integrations.Single(i => i.IntegrationId == integrationId), cancellationToken);
    public Task<V2Integration> UpdateIntegrationAsync(V2UpdateIntegrationRequest request, CancellationToken cancellationToken = default) => throw Unused();
    Task<AwsPage<V2Authorizer>> IApiGatewayV2Api.GetAuthorizersPageAsync(string apiId, string nextToken, int? maxResults, CancellationToken cancellationToken) => throw Unused();
    public Task<AwsPage<V2Stage>> GetStagesPageAsync(string apiId, string nextToken, int? maxResults = null, CancellationToken cancellationToken = default) => throw Unused();
    public Task<V2Stage> UpdateStageAsync(V2UpdateStageRequest request, CancellationToken cancellationToken = default) => throw Unused();
    public Task<V2Deployment> CreateDeploymentAsync(string apiId, string stageName = null, string description = null, CancellationToken cancellationToken = default) => throw Unused();
    IAsyncEnumerable<V2Deployment> IApiGatewayV2Api.GetDeploymentsAsync(string apiId, CancellationToken cancellationToken) => throw Unused();
    Task<AwsPage<V2Deployment>> IApiGatewayV2Api.GetDeploymentsPageAsync(string apiId, string nextToken, int? maxResults, CancellationToken cancellationToken) => throw Unused();
    Task<AwsPage<V2DomainName>> IApiGatewayV2Api.GetDomainNamesPageAsync(string nextToken, int? maxResults, CancellationToken cancellationToken) => throw Unused();
    public IAsyncEnumerable<V2ApiMapping> GetApiMappingsAsync(string domainName, CancellationToken cancellationToken = default) => throw Unused();
    public Task<AwsPage<V2ApiMapping>> GetApiMappingsPageAsync(string domainName, string nextToken, int? maxResults = null, CancellationToken cancellationToken = default) => throw Unused();

    private static NotSupportedException Unused([CallerMemberName] string operation = null) => new(operation + " is not used by the scanner.");
}

public sealed class FakeFunction
{
    public FakeFunction(string name) { Name = name; }
    public string Name { get; }
    public List<FunctionConfiguration> Versions { get; } = new();
    public FunctionConfiguration Latest { get; set; }
    public Dictionary<string, string> Aliases { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);
    public List<(string Qualifier, string Sid, string Principal, string SourceArn)> Policies { get; } = new();

    public FunctionConfiguration Config(string version, int memory) => new()
    {
        FunctionName = Name,
        FunctionArn = FakeAccount.FunctionArn(Name, version == "$LATEST" ? null : version),
        Version = version,
        Runtime = "python3.12",
        Handler = "app.handler",
        MemorySize = memory,
        Timeout = 30,
        Role = "arn:aws:iam::123456789012:role/" + Name,
        State = "Active",
    };

    public FakeFunction Allow(string qualifier, string sourceArn, string principal = "apigateway.amazonaws.com", string sid = null)
    {
        Policies.Add((qualifier, sid ?? "s" + Policies.Count, principal, sourceArn));
        return this;
    }
}

/// <summary>A REST API: draft resources (with embedded integrations), authorizers, stages and each deployment's export.</summary>
public sealed class FakeRestApi
{
    public FakeRestApi(string id, string name = null)
    {
        Api = new RestApi { Id = id, Name = name ?? id + "-api" };
        Resources.Add(new RestResource { Id = id + "-root", Path = "/" });
    }

    public RestApi Api { get; }
    public List<RestResource> Resources { get; } = new();
    public List<RestAuthorizer> Authorizers { get; } = new();
    public List<RestStage> Stages { get; } = new();
    /// <summary>deploymentId → GetExport body.</summary>
    public Dictionary<string, string> Deployments { get; } = new(StringComparer.Ordinal);

    public FakeRestApi Method(string path, string verb, string uri, string type = "AWS_PROXY", string authorizerId = null, string credentials = null)
    {
        var resource = Resources.SingleOrDefault(r => r.Path == path);
        if (resource == null)
        {
            resource = new RestResource { Id = Api.Id + "-r" + Resources.Count, Path = path };
            Resources.Add(resource);
        }
        resource.ResourceMethods[verb] = new RestMethod
        {
            HttpMethod = verb,
            AuthorizationType = authorizerId == null ? "NONE" : "CUSTOM",
            AuthorizerId = authorizerId,
            MethodIntegration = new RestIntegration { Type = type, HttpMethod = "POST", Uri = uri, Credentials = credentials },
        };
        return this;
    }

    public FakeRestApi Authorizer(string id, string name, string uri)
    {
        Authorizers.Add(new RestAuthorizer { Id = id, Name = name, Type = "TOKEN", AuthorizerUri = uri });
        return this;
    }

    /// <summary>Freezes the current draft as a deployment, as its export would show it.</summary>
    public FakeRestApi Deploy(string deploymentId)
    {
        Deployments[deploymentId] = Export(Resources, Authorizers);
        return this;
    }

    public FakeRestApi Stage(string name, string deploymentId, Dictionary<string, string> variables = null, string canaryDeploymentId = null, Dictionary<string, string> canaryOverrides = null)
    {
        Stages.Add(new RestStage
        {
            StageName = name,
            DeploymentId = deploymentId,
            Variables = variables ?? new Dictionary<string, string>(),
            CanarySettings = canaryDeploymentId == null ? null : new RestCanarySettings { DeploymentId = canaryDeploymentId, PercentTraffic = 10, StageVariableOverrides = canaryOverrides ?? new Dictionary<string, string>() },
        });
        return this;
    }

    /// <summary>OpenAPI 3 with x-amazon-apigateway-integration per operation and the authorizers as security schemes.</summary>
    public static string Export(IEnumerable<RestResource> resources, IEnumerable<RestAuthorizer> authorizers)
    {
        var byId = authorizers.ToDictionary(a => a.Id);
        var paths = new JsonObject();
        foreach (var resource in resources.Where(r => r.ResourceMethods.Count > 0))
        {
            var item = new JsonObject();
            foreach (var (verb, method) in resource.ResourceMethods)
            {
                var op = new JsonObject
                {
                    ["x-amazon-apigateway-integration"] = new JsonObject { ["type"] = method.MethodIntegration.Type.ToLowerInvariant(), ["httpMethod"] = "POST", ["uri"] = method.MethodIntegration.Uri },
                };
                if (method.MethodIntegration.Credentials != null) ((JsonObject)op["x-amazon-apigateway-integration"])["credentials"] = method.MethodIntegration.Credentials;
                if (method.AuthorizerId != null) op["security"] = new JsonArray(new JsonObject { [byId[method.AuthorizerId].Name] = new JsonArray() });
                item[verb == "ANY" ? "x-amazon-apigateway-any-method" : verb.ToLowerInvariant()] = op;
            }
            paths[resource.Path] = item;
        }
        var schemes = new JsonObject();
        foreach (var a in byId.Values)
            schemes[a.Name] = new JsonObject { ["type"] = "apiKey", ["x-amazon-apigateway-authorizer"] = new JsonObject { ["type"] = "token", ["authorizerUri"] = a.AuthorizerUri } };
        return new JsonObject { ["openapi"] = "3.0.1", ["info"] = new JsonObject { ["title"] = "api" }, ["paths"] = paths, ["components"] = new JsonObject { ["securitySchemes"] = schemes } }.ToJsonString();
    }
}

public sealed class FakeV2Api
{
    public FakeV2Api(string id, string protocol = "HTTP")
    {
        Api = new V2Api { ApiId = id, Name = id + "-api", ProtocolType = protocol };
    }

    public V2Api Api { get; }
    public List<V2Route> Routes { get; } = new();
    public List<V2Integration> Integrations { get; } = new();
    public List<V2Authorizer> Authorizers { get; } = new();
    public List<V2Stage> Stages { get; } = new();
    public Dictionary<string, string> Exports { get; } = new(StringComparer.Ordinal);

    public FakeV2Api Route(string routeKey, string integrationId, string uri, string credentials = null)
    {
        if (!Integrations.Any(i => i.IntegrationId == integrationId))
            Integrations.Add(new V2Integration { IntegrationId = integrationId, IntegrationType = "AWS_PROXY", IntegrationUri = uri, CredentialsArn = credentials });
        Routes.Add(new V2Route { RouteId = "r" + Routes.Count, RouteKey = routeKey, Target = "integrations/" + integrationId });
        return this;
    }

    public FakeV2Api Stage(string name, bool autoDeploy, Dictionary<string, string> variables = null, string deploymentId = "d1")
    {
        Stages.Add(new V2Stage { StageName = name, AutoDeploy = autoDeploy, DeploymentId = deploymentId, StageVariables = variables ?? new Dictionary<string, string>() });
        return this;
    }
}

/// <summary>Collects what a scan reports, from any thread.</summary>
public sealed class CollectingObserver : IPinScanObserver
{
    public ConcurrentQueue<LambdaIntegrationPin> Pins { get; } = new();
    public ConcurrentQueue<ScanFailure> Errors { get; } = new();
    public ConcurrentQueue<string> Warnings { get; } = new();
    public ConcurrentQueue<string> Verbose { get; } = new();
    public ConcurrentQueue<PinScanProgress> Progress { get; } = new();
    public Action<LambdaIntegrationPin> OnPinCallback { get; set; }

    public void OnPin(LambdaIntegrationPin pin) { Pins.Enqueue(pin); OnPinCallback?.Invoke(pin); }
    public void OnError(ScanFailure failure) => Errors.Enqueue(failure);
    public void OnWarning(string message) => Warnings.Enqueue(message);
    public void OnVerbose(string message) => Verbose.Enqueue(message);
    public void OnProgress(PinScanProgress progress) => Progress.Enqueue(progress);

    public LambdaIntegrationPin Pin(Func<LambdaIntegrationPin, bool> match) => Xunit.Assert.Single(Pins, p => match(p));
}
