// API Gateway REST (v1) state. A REST API has a mutable draft (resources, methods, integrations, authorizers);
// CreateDeployment freezes a deep copy of it, and each stage serves the copy its deploymentId names.
namespace LambdaAlias.Emulator;

public sealed class RestApi
{
    public string Id { get; set; }
    public string Name { get; set; }
    public string Description { get; set; }
    public DateTimeOffset CreatedDate { get; set; }
    public string Version { get; set; }
    public string ApiKeySource { get; set; } = "HEADER";
    public List<string> EndpointTypes { get; set; } = new() { "EDGE" };
    public bool DisableExecuteApiEndpoint { get; set; }
    public string Policy { get; set; }
    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);
    /// <summary>What the next deployment will freeze.</summary>
    public RestApiDefinition Draft { get; set; } = new();
    /// <summary>In creation order (GetDeployments lists them so).</summary>
    public List<RestDeployment> Deployments { get; } = new();
    /// <summary>In creation order.</summary>
    public List<RestStage> Stages { get; } = new();

    public RestDeployment Deployment(string id) => Deployments.FirstOrDefault(d => d.Id == id);
    public RestStage Stage(string name) => Stages.FirstOrDefault(s => s.StageName == name);
}

/// <summary>The parts of a REST API that a deployment freezes.</summary>
public sealed class RestApiDefinition
{
    public List<RestResource> Resources { get; set; } = new();
    public List<RestAuthorizer> Authorizers { get; set; } = new();

    public RestResource Root => Resources.FirstOrDefault(r => r.Path == "/");
    public RestResource Resource(string id) => Resources.FirstOrDefault(r => r.Id == id);
    public RestResource ResourceByPath(string path) => Resources.FirstOrDefault(r => r.Path == path);
    public RestAuthorizer Authorizer(string id) => Authorizers.FirstOrDefault(a => a.Id == id);

    public RestApiDefinition Clone() => new()
    {
        Resources = Resources.Select(r => r.Clone()).ToList(),
        Authorizers = Authorizers.Select(a => a.Clone()).ToList(),
    };
}

public sealed class RestResource
{
    public string Id { get; set; }
    public string ParentId { get; set; }
    public string PathPart { get; set; }
    public string Path { get; set; }
    /// <summary>Keyed by HTTP method (GET, POST, ..., ANY), ordinal.</summary>
    public SortedDictionary<string, RestMethod> Methods { get; set; } = new(StringComparer.Ordinal);

    public RestResource Clone() => new()
    {
        Id = Id, ParentId = ParentId, PathPart = PathPart, Path = Path,
        Methods = new SortedDictionary<string, RestMethod>(Methods.ToDictionary(kv => kv.Key, kv => kv.Value.Clone()), StringComparer.Ordinal),
    };
}

public sealed class RestMethod
{
    public string HttpMethod { get; set; }
    /// <summary>NONE, AWS_IAM, CUSTOM or COGNITO_USER_POOLS.</summary>
    public string AuthorizationType { get; set; } = "NONE";
    public string AuthorizerId { get; set; }
    public bool ApiKeyRequired { get; set; }
    public string OperationName { get; set; }
    public Dictionary<string, bool> RequestParameters { get; set; } = new(StringComparer.Ordinal);
    public List<string> MethodResponseStatusCodes { get; set; } = new();
    public RestIntegration Integration { get; set; }

    public RestMethod Clone() => new()
    {
        HttpMethod = HttpMethod, AuthorizationType = AuthorizationType, AuthorizerId = AuthorizerId, ApiKeyRequired = ApiKeyRequired,
        OperationName = OperationName, RequestParameters = new(RequestParameters, StringComparer.Ordinal),
        MethodResponseStatusCodes = new(MethodResponseStatusCodes), Integration = Integration?.Clone(),
    };
}

public sealed class RestIntegration
{
    /// <summary>HTTP, AWS, MOCK, HTTP_PROXY or AWS_PROXY.</summary>
    public string Type { get; set; } = "AWS_PROXY";
    /// <summary>The integration's own method; Lambda integrations always POST.</summary>
    public string HttpMethod { get; set; } = "POST";
    public string Uri { get; set; }
    public string Credentials { get; set; }
    public string ConnectionType { get; set; } = "INTERNET";
    public string PassthroughBehavior { get; set; } = "WHEN_NO_MATCH";
    public string ContentHandling { get; set; }
    public int TimeoutInMillis { get; set; } = 29000;
    public string CacheNamespace { get; set; }
    public List<string> CacheKeyParameters { get; set; } = new();
    public Dictionary<string, string> RequestParameters { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> RequestTemplates { get; set; } = new(StringComparer.Ordinal);

    public RestIntegration Clone() => new()
    {
        Type = Type, HttpMethod = HttpMethod, Uri = Uri, Credentials = Credentials, ConnectionType = ConnectionType,
        PassthroughBehavior = PassthroughBehavior, ContentHandling = ContentHandling, TimeoutInMillis = TimeoutInMillis,
        CacheNamespace = CacheNamespace, CacheKeyParameters = new(CacheKeyParameters),
        RequestParameters = new(RequestParameters, StringComparer.Ordinal), RequestTemplates = new(RequestTemplates, StringComparer.Ordinal),
    };
}

public sealed class RestAuthorizer
{
    public string Id { get; set; }
    public string Name { get; set; }
    /// <summary>TOKEN, REQUEST or COGNITO_USER_POOLS.</summary>
    public string Type { get; set; } = "TOKEN";
    public string AuthType { get; set; } = "custom";
    public string AuthorizerUri { get; set; }
    public string AuthorizerCredentials { get; set; }
    public string IdentitySource { get; set; } = "method.request.header.Authorization";
    public string IdentityValidationExpression { get; set; }
    public int? AuthorizerResultTtlInSeconds { get; set; } = 300;
    public List<string> ProviderArns { get; set; } = new();

    public RestAuthorizer Clone() => new()
    {
        Id = Id, Name = Name, Type = Type, AuthType = AuthType, AuthorizerUri = AuthorizerUri, AuthorizerCredentials = AuthorizerCredentials,
        IdentitySource = IdentitySource, IdentityValidationExpression = IdentityValidationExpression,
        AuthorizerResultTtlInSeconds = AuthorizerResultTtlInSeconds, ProviderArns = new(ProviderArns),
    };
}

public sealed class RestDeployment
{
    public string Id { get; set; }
    public string Description { get; set; }
    public DateTimeOffset CreatedDate { get; set; }
    /// <summary>The frozen API this deployment serves; never changed after creation.</summary>
    public RestApiDefinition Snapshot { get; set; }
}

public sealed class RestStage
{
    public string StageName { get; set; }
    public string DeploymentId { get; set; }
    public string Description { get; set; }
    public Dictionary<string, string> Variables { get; set; } = new(StringComparer.Ordinal);
    public RestCanarySettings CanarySettings { get; set; }
    public bool TracingEnabled { get; set; }
    public bool CacheClusterEnabled { get; set; }
    public string CacheClusterSize { get; set; }
    public string DocumentationVersion { get; set; }
    public string ClientCertificateId { get; set; }
    public string WebAclArn { get; set; }
    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);
    public DateTimeOffset CreatedDate { get; set; }
    public DateTimeOffset LastUpdatedDate { get; set; }

    public RestStage Clone()
    {
        var copy = (RestStage)MemberwiseClone();
        copy.Variables = new(Variables, StringComparer.Ordinal);
        copy.Tags = new(Tags, StringComparer.Ordinal);
        copy.CanarySettings = CanarySettings?.Clone();
        return copy;
    }
}

public sealed class RestCanarySettings
{
    public double PercentTraffic { get; set; }
    public string DeploymentId { get; set; }
    public Dictionary<string, string> StageVariableOverrides { get; set; } = new(StringComparer.Ordinal);
    public bool UseStageCache { get; set; }

    public RestCanarySettings Clone()
    {
        var copy = (RestCanarySettings)MemberwiseClone();
        copy.StageVariableOverrides = new(StageVariableOverrides, StringComparer.Ordinal);
        return copy;
    }
}

/// <summary>A custom domain name. API Gateway keeps one set of domains for both APIs: a domain created through v1
/// is listed by v2's GetDomainNames, and base path mappings are the same objects as v2 API mappings.</summary>
public sealed class GatewayDomainName
{
    public string DomainName { get; set; }
    public string EndpointType { get; set; } = "REGIONAL";
    public string CertificateArn { get; set; }
    public string SecurityPolicy { get; set; } = "TLS_1_2";
    public string RegionalDomainName { get; set; }
    public string RegionalHostedZoneId { get; set; } = "Z1UJRXOUMOOFQ8";
    public string DistributionDomainName { get; set; }
    public string DistributionHostedZoneId { get; set; } = "Z2FDTNDATAQYW2";
    public DateTimeOffset CertificateUploadDate { get; set; }
    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);
    public List<GatewayApiMapping> Mappings { get; } = new();
}

public sealed class GatewayApiMapping
{
    public string ApiMappingId { get; set; }
    /// <summary>The base path; empty for the domain root ("(none)" in v1's wire format).</summary>
    public string Key { get; set; } = "";
    public string ApiId { get; set; }
    public string Stage { get; set; }
}

public sealed partial class EmulatorState
{
    /// <summary>REST APIs in creation order.</summary>
    public List<RestApi> RestApis { get; } = new();
    /// <summary>Custom domains shared by v1 and v2.</summary>
    public List<GatewayDomainName> DomainNames { get; } = new();

    public RestApi FindRestApi(string id) => RestApis.FirstOrDefault(a => a.Id == id);
    public GatewayDomainName FindDomainName(string name)
        => DomainNames.FirstOrDefault(d => string.Equals(d.DomainName, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>arn:{partition}:apigateway:{region}::/restapis/{id}, the ARN GetTags and TagResource take.</summary>
    public string RestApiArn(string id) => $"arn:{Partition}:apigateway:{Region}::/restapis/{id}";
}
