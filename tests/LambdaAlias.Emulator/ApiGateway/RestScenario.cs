// Loads the "apigateway" scenario section (REST APIs and custom domains). Schema, member names as on the wire:
// {
//   "restApis": [{
//     "id", "name", "description", "createdDate" (ISO-8601, optional), "version", "apiKeySource", "endpointTypes": ["REGIONAL"],
//     "tags": {k: v},
//     "resources": [{ "id" (optional), "path": "/orders/{id}",          // parents are created as needed; "/" always exists
//                     "methods": { "GET": { "authorizationType": "NONE|CUSTOM|AWS_IAM|COGNITO_USER_POOLS", "authorizerId",
//                                           "apiKeyRequired", "operationName", "requestParameters": {name: bool},
//                                           "methodResponses": ["200"],
//                                           "integration": { "type", "httpMethod", "uri", "credentials", "passthroughBehavior",
//                                                            "contentHandling", "timeoutInMillis", "requestParameters",
//                                                            "requestTemplates", "cacheNamespace", "cacheKeyParameters" } } } }],
//     "authorizers": [{ "id", "name", "type": "TOKEN|REQUEST|COGNITO_USER_POOLS", "authorizerUri", "authorizerCredentials",
//                       "identitySource", "identityValidationExpression", "authorizerResultTtlInSeconds", "providerARNs" }],
//     "deployments": [{ "id", "description", "createdDate",
//                       "snapshot": "draft"                                   // freeze the draft as loaded (the default)
//                                 | { "resources": [...], "authorizers": [...] } }],   // or an explicit frozen API, same schema
//     "stages": [{ "stageName", "deploymentId", "description", "variables": {k: v}, "tracingEnabled", "tags",
//                  "canarySettings": { "deploymentId", "percentTraffic", "stageVariableOverrides": {k: v}, "useStageCache" } }]
//   }],
//   "domainNames": [{ "domainName", "endpointType": "REGIONAL|EDGE", "certificateArn", "securityPolicy", "tags",
//                     "basePathMappings": [{ "basePath" ("" or "(none)" for the root), "restApiId", "stage" }] }]
// }
using System.Text.Json;

namespace LambdaAlias.Emulator;

public sealed partial class EmulatorState
{
    public partial void LoadApiGateway(JsonElement section)
    {
        lock (Sync)
        {
            foreach (var a in ScenarioJson.Items(section, "restApis")) RestApis.Add(RestScenario.LoadApi(this, a));
            foreach (var d in ScenarioJson.Items(section, "domainNames")) RestScenario.LoadDomain(this, d, "basePathMappings");
        }
    }
}

public static class ScenarioJson
{
    public static IEnumerable<JsonElement> Items(JsonElement e, string name)
        => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray() : Enumerable.Empty<JsonElement>();

    public static string Str(JsonElement e, string name)
        => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static bool Bool(JsonElement e, string name, bool fallback = false)
        => e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : fallback;

    public static int? Int(JsonElement e, string name)
        => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

    public static double? Double(JsonElement e, string name)
        => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    public static Dictionary<string, string> Map(JsonElement e, string name)
        => e.TryGetProperty(name, out var v) ? GatewayWire.StringMap(v) : new Dictionary<string, string>(StringComparer.Ordinal);

    public static List<string> List(JsonElement e, string name)
        => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(x => x.GetString()).ToList() : new List<string>();

    public static DateTimeOffset Date(JsonElement e, string name, DateTimeOffset fallback)
        => Str(e, name) is { } s ? DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : fallback;

    public static JsonElement? Object(JsonElement e, string name)
        => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    public static string Require(JsonElement e, string name, string what)
        => Str(e, name) ?? throw new InvalidDataException($"Scenario: {what} needs \"{name}\"");
}

public static class RestScenario
{
    public static RestApi LoadApi(EmulatorState state, JsonElement e)
    {
        var id = ScenarioJson.Str(e, "id") ?? GatewayWire.NewId(10, x => state.FindRestApi(x) != null);
        var created = ScenarioJson.Date(e, "createdDate", state.Clock());
        var api = new RestApi
        {
            Id = id,
            Name = ScenarioJson.Require(e, "name", "a REST API"),
            Description = ScenarioJson.Str(e, "description"),
            CreatedDate = created,
            Version = ScenarioJson.Str(e, "version"),
            ApiKeySource = ScenarioJson.Str(e, "apiKeySource") ?? "HEADER",
            Tags = ScenarioJson.Map(e, "tags"),
            DisableExecuteApiEndpoint = ScenarioJson.Bool(e, "disableExecuteApiEndpoint"),
        };
        var types = ScenarioJson.List(e, "endpointTypes");
        if (types.Count > 0) api.EndpointTypes = types;
        api.Draft = LoadDefinition(e, created);

        foreach (var d in ScenarioJson.Items(e, "deployments"))
        {
            RestApiDefinition snapshot;
            if (d.TryGetProperty("snapshot", out var s) && s.ValueKind == JsonValueKind.Object) snapshot = LoadDefinition(s, created, api.Draft);
            else if (s.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null || s.GetString() == "draft") snapshot = api.Draft.Clone();
            else throw new InvalidDataException($"Scenario: REST API {id} deployment snapshot must be \"draft\" or an object");
            api.Deployments.Add(new RestDeployment
            {
                Id = ScenarioJson.Str(d, "id") ?? GatewayWire.NewId(6, x => api.Deployment(x) != null),
                Description = ScenarioJson.Str(d, "description"),
                CreatedDate = ScenarioJson.Date(d, "createdDate", created),
                Snapshot = snapshot,
            });
        }

        foreach (var st in ScenarioJson.Items(e, "stages"))
        {
            var stage = new RestStage
            {
                StageName = ScenarioJson.Require(st, "stageName", $"a stage of REST API {id}"),
                DeploymentId = ScenarioJson.Require(st, "deploymentId", $"a stage of REST API {id}"),
                Description = ScenarioJson.Str(st, "description"),
                Variables = ScenarioJson.Map(st, "variables"),
                TracingEnabled = ScenarioJson.Bool(st, "tracingEnabled"),
                Tags = ScenarioJson.Map(st, "tags"),
                CreatedDate = ScenarioJson.Date(st, "createdDate", created),
            };
            stage.LastUpdatedDate = stage.CreatedDate;
            if (api.Deployment(stage.DeploymentId) == null)
                throw new InvalidDataException($"Scenario: stage {stage.StageName} of REST API {id} names unknown deployment {stage.DeploymentId}");
            if (ScenarioJson.Object(st, "canarySettings") is { } c)
            {
                stage.CanarySettings = new RestCanarySettings
                {
                    DeploymentId = ScenarioJson.Str(c, "deploymentId") ?? stage.DeploymentId,
                    PercentTraffic = ScenarioJson.Double(c, "percentTraffic") ?? 0,
                    StageVariableOverrides = ScenarioJson.Map(c, "stageVariableOverrides"),
                    UseStageCache = ScenarioJson.Bool(c, "useStageCache"),
                };
                if (api.Deployment(stage.CanarySettings.DeploymentId) == null)
                    throw new InvalidDataException($"Scenario: canary of stage {stage.StageName} of REST API {id} names unknown deployment {stage.CanarySettings.DeploymentId}");
            }
            api.Stages.Add(stage);
        }
        return api;
    }

    /// <summary>Resources and authorizers. An explicit snapshot reuses the draft's resource ids for the same paths, so
    /// ids stay stable between the draft and what a stage serves, as they do in AWS.</summary>
    public static RestApiDefinition LoadDefinition(JsonElement e, DateTimeOffset created, RestApiDefinition idSource = null)
    {
        var def = new RestApiDefinition();
        var declaredRootId = ScenarioJson.Items(e, "resources").Where(r => ScenarioJson.Str(r, "path")?.Trim('/') == "").Select(r => ScenarioJson.Str(r, "id")).FirstOrDefault(id => id != null);
        var root = new RestResource { Id = declaredRootId ?? idSource?.Root?.Id ?? NewResourceId(def), Path = "/" };
        def.Resources.Add(root);
        foreach (var r in ScenarioJson.Items(e, "resources"))
        {
            var path = ScenarioJson.Require(r, "path", "a resource");
            var resource = EnsurePath(def, path, ScenarioJson.Str(r, "id"), idSource);
            if (ScenarioJson.Object(r, "methods") is { } methods)
                foreach (var m in methods.EnumerateObject())
                    resource.Methods[m.Name.ToUpperInvariant()] = LoadMethod(m.Name.ToUpperInvariant(), m.Value);
        }
        foreach (var a in ScenarioJson.Items(e, "authorizers"))
        {
            def.Authorizers.Add(new RestAuthorizer
            {
                Id = ScenarioJson.Str(a, "id") ?? GatewayWire.NewId(6, x => def.Authorizer(x) != null),
                Name = ScenarioJson.Require(a, "name", "an authorizer"),
                Type = ScenarioJson.Str(a, "type") ?? "TOKEN",
                AuthType = ScenarioJson.Str(a, "authType") ?? "custom",
                AuthorizerUri = ScenarioJson.Str(a, "authorizerUri"),
                AuthorizerCredentials = ScenarioJson.Str(a, "authorizerCredentials"),
                IdentitySource = ScenarioJson.Str(a, "identitySource") ?? "method.request.header.Authorization",
                IdentityValidationExpression = ScenarioJson.Str(a, "identityValidationExpression"),
                AuthorizerResultTtlInSeconds = ScenarioJson.Int(a, "authorizerResultTtlInSeconds") ?? 300,
                ProviderArns = ScenarioJson.List(a, "providerARNs"),
            });
        }
        return def;
    }

    private static RestMethod LoadMethod(string verb, JsonElement m)
    {
        var method = new RestMethod
        {
            HttpMethod = verb,
            AuthorizationType = ScenarioJson.Str(m, "authorizationType") ?? (ScenarioJson.Str(m, "authorizerId") != null ? "CUSTOM" : "NONE"),
            AuthorizerId = ScenarioJson.Str(m, "authorizerId"),
            ApiKeyRequired = ScenarioJson.Bool(m, "apiKeyRequired"),
            OperationName = ScenarioJson.Str(m, "operationName"),
            MethodResponseStatusCodes = ScenarioJson.List(m, "methodResponses"),
        };
        if (m.TryGetProperty("requestParameters", out var rp) && rp.ValueKind == JsonValueKind.Object)
            foreach (var p in rp.EnumerateObject()) method.RequestParameters[p.Name] = p.Value.ValueKind == JsonValueKind.True;
        if (ScenarioJson.Object(m, "integration") is { } i)
        {
            method.Integration = new RestIntegration
            {
                Type = ScenarioJson.Str(i, "type") ?? "AWS_PROXY",
                HttpMethod = ScenarioJson.Str(i, "httpMethod") ?? "POST",
                Uri = ScenarioJson.Str(i, "uri"),
                Credentials = ScenarioJson.Str(i, "credentials"),
                ConnectionType = ScenarioJson.Str(i, "connectionType") ?? "INTERNET",
                PassthroughBehavior = ScenarioJson.Str(i, "passthroughBehavior") ?? "WHEN_NO_MATCH",
                ContentHandling = ScenarioJson.Str(i, "contentHandling"),
                TimeoutInMillis = ScenarioJson.Int(i, "timeoutInMillis") ?? 29000,
                CacheNamespace = ScenarioJson.Str(i, "cacheNamespace"),
                CacheKeyParameters = ScenarioJson.List(i, "cacheKeyParameters"),
                RequestParameters = ScenarioJson.Map(i, "requestParameters"),
                RequestTemplates = ScenarioJson.Map(i, "requestTemplates"),
            };
        }
        return method;
    }

    /// <summary>Finds or creates the resource for a path, creating missing parents on the way.</summary>
    public static RestResource EnsurePath(RestApiDefinition def, string path, string id = null, RestApiDefinition idSource = null)
    {
        path = "/" + path.Trim('/');
        var existing = def.ResourceByPath(path);
        if (existing != null)
        {
            if (id != null && existing.Id != id) throw new InvalidDataException($"Scenario: resource {path} is declared twice with different ids");
            return existing;
        }
        var parentPath = path.LastIndexOf('/') == 0 ? "/" : path[..path.LastIndexOf('/')];
        var parent = parentPath == "/" ? def.Root : EnsurePath(def, parentPath, null, idSource);
        var resource = new RestResource
        {
            Id = id ?? idSource?.ResourceByPath(path)?.Id ?? NewResourceId(def),
            ParentId = parent.Id,
            PathPart = path[(path.LastIndexOf('/') + 1)..],
            Path = path,
        };
        def.Resources.Add(resource);
        return resource;
    }

    /// <summary>A certificate id derived from the domain name, so a scenario loads the same way every time.</summary>
    private static Guid StableGuid(string name)
        => new(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(name)));

    private static string NewResourceId(RestApiDefinition def) => GatewayWire.NewId(6, x => def.Resource(x) != null);

    /// <summary>Loads a domain and its mappings; <paramref name="mappingsMember"/> is "basePathMappings" (v1 schema) or "apiMappings" (v2).</summary>
    public static void LoadDomain(EmulatorState state, JsonElement d, string mappingsMember)
    {
        var name = ScenarioJson.Require(d, "domainName", "a domain name");
        var domain = state.FindDomainName(name);
        if (domain == null)
        {
            domain = new GatewayDomainName
            {
                DomainName = name,
                EndpointType = ScenarioJson.Str(d, "endpointType") ?? "REGIONAL",
                CertificateArn = ScenarioJson.Str(d, "certificateArn") ?? $"arn:{state.Partition}:acm:{state.Region}:{state.AccountId}:certificate/{StableGuid(name)}",
                SecurityPolicy = ScenarioJson.Str(d, "securityPolicy") ?? "TLS_1_2",
                Tags = ScenarioJson.Map(d, "tags"),
                CertificateUploadDate = ScenarioJson.Date(d, "certificateUploadDate", state.Clock()),
            };
            var suffix = state.Region.StartsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
            domain.RegionalDomainName = $"d-{GatewayWire.NewId(10, _ => false)}.execute-api.{state.Region}.{suffix}";
            domain.DistributionDomainName = $"d{GatewayWire.NewId(13, _ => false)}.cloudfront.net";
            state.DomainNames.Add(domain);
        }
        foreach (var m in ScenarioJson.Items(d, mappingsMember))
        {
            var key = ScenarioJson.Str(m, "basePath") ?? ScenarioJson.Str(m, "apiMappingKey") ?? "";
            if (key == "(none)") key = "";
            domain.Mappings.Add(new GatewayApiMapping
            {
                ApiMappingId = ScenarioJson.Str(m, "apiMappingId") ?? GatewayWire.NewId(6, x => domain.Mappings.Any(y => y.ApiMappingId == x)),
                Key = key.Trim('/'),
                ApiId = ScenarioJson.Str(m, "restApiId") ?? ScenarioJson.Require(m, "apiId", "an API mapping"),
                Stage = ScenarioJson.Require(m, "stage", "an API mapping"),
            });
        }
    }
}
