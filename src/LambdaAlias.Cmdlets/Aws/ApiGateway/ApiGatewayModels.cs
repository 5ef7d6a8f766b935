// API Gateway REST (v1) models. Member names are the wire names of aws-api-models/apigateway/service-2.json (camelCase;
// list envelopes use locationName "item"). Type names carry a "Rest" prefix where API Gateway v2 has a same-named shape.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace LambdaAlias
{
    public sealed class RestApi
    {
        [JsonPropertyName("id")] public string Id { get; set; }
        [JsonPropertyName("name")] public string Name { get; set; }
        [JsonPropertyName("description")] public string Description { get; set; }
        [JsonPropertyName("createdDate")] public DateTimeOffset? CreatedDate { get; set; }
        [JsonPropertyName("version")] public string Version { get; set; }
        [JsonPropertyName("warnings")] public List<string> Warnings { get; set; } = new List<string>();
        [JsonPropertyName("binaryMediaTypes")] public List<string> BinaryMediaTypes { get; set; } = new List<string>();
        [JsonPropertyName("minimumCompressionSize")] public int? MinimumCompressionSize { get; set; }
        [JsonPropertyName("apiKeySource")] public string ApiKeySource { get; set; }
        [JsonPropertyName("endpointConfiguration")] public EndpointConfiguration EndpointConfiguration { get; set; }
        /// <summary>The API's resource policy document (JSON, escaped as a string), if any.</summary>
        [JsonPropertyName("policy")] public string Policy { get; set; }
        [JsonPropertyName("tags")] public Dictionary<string, string> Tags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
        [JsonPropertyName("disableExecuteApiEndpoint")] public bool? DisableExecuteApiEndpoint { get; set; }

        public override string ToString() => $"{Name} ({Id})";
    }

    public sealed class EndpointConfiguration
    {
        /// <summary>EDGE, REGIONAL or PRIVATE.</summary>
        [JsonPropertyName("types")] public List<string> Types { get; set; } = new List<string>();
        [JsonPropertyName("vpcEndpointIds")] public List<string> VpcEndpointIds { get; set; } = new List<string>();
    }

    /// <summary>A REST API resource. <see cref="Path"/> is the full path such as "/orders/{id}" or "/{proxy+}".
    /// <see cref="ResourceMethods"/> is keyed by HTTP method ("GET", "ANY"); with embed=methods each carries its
    /// <see cref="RestMethod.MethodIntegration"/>, otherwise the values are empty.</summary>
    public sealed class RestResource
    {
        [JsonPropertyName("id")] public string Id { get; set; }
        [JsonPropertyName("parentId")] public string ParentId { get; set; }
        [JsonPropertyName("pathPart")] public string PathPart { get; set; }
        [JsonPropertyName("path")] public string Path { get; set; }
        [JsonPropertyName("resourceMethods")] public Dictionary<string, RestMethod> ResourceMethods { get; set; } = new Dictionary<string, RestMethod>(StringComparer.Ordinal);

        public override string ToString() => $"{Path} ({Id})";
    }

    public sealed class RestMethod
    {
        [JsonPropertyName("httpMethod")] public string HttpMethod { get; set; }
        /// <summary>NONE, AWS_IAM, CUSTOM or COGNITO_USER_POOLS.</summary>
        [JsonPropertyName("authorizationType")] public string AuthorizationType { get; set; }
        [JsonPropertyName("authorizerId")] public string AuthorizerId { get; set; }
        [JsonPropertyName("apiKeyRequired")] public bool? ApiKeyRequired { get; set; }
        [JsonPropertyName("requestValidatorId")] public string RequestValidatorId { get; set; }
        [JsonPropertyName("operationName")] public string OperationName { get; set; }
        [JsonPropertyName("requestParameters")] public Dictionary<string, bool?> RequestParameters { get; set; } = new Dictionary<string, bool?>(StringComparer.Ordinal);
        [JsonPropertyName("requestModels")] public Dictionary<string, string> RequestModels { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
        [JsonPropertyName("methodIntegration")] public RestIntegration MethodIntegration { get; set; }
        [JsonPropertyName("authorizationScopes")] public List<string> AuthorizationScopes { get; set; } = new List<string>();
    }

    /// <summary>A REST method's integration. For Lambda: type AWS or AWS_PROXY, uri
    /// "arn:{partition}:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations".</summary>
    public sealed class RestIntegration
    {
        /// <summary>HTTP, AWS, MOCK, HTTP_PROXY or AWS_PROXY.</summary>
        [JsonPropertyName("type")] public string Type { get; set; }
        /// <summary>The integration's own HTTP method (POST for Lambda), not the method's.</summary>
        [JsonPropertyName("httpMethod")] public string HttpMethod { get; set; }
        [JsonPropertyName("uri")] public string Uri { get; set; }
        [JsonPropertyName("connectionType")] public string ConnectionType { get; set; }
        [JsonPropertyName("connectionId")] public string ConnectionId { get; set; }
        /// <summary>The execution role ARN API Gateway assumes to invoke, or "arn:aws:iam::*:user/*" for caller credentials.</summary>
        [JsonPropertyName("credentials")] public string Credentials { get; set; }
        [JsonPropertyName("requestParameters")] public Dictionary<string, string> RequestParameters { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
        [JsonPropertyName("requestTemplates")] public Dictionary<string, string> RequestTemplates { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
        [JsonPropertyName("passthroughBehavior")] public string PassthroughBehavior { get; set; }
        [JsonPropertyName("contentHandling")] public string ContentHandling { get; set; }
        [JsonPropertyName("timeoutInMillis")] public int? TimeoutInMillis { get; set; }
        [JsonPropertyName("cacheNamespace")] public string CacheNamespace { get; set; }
        [JsonPropertyName("cacheKeyParameters")] public List<string> CacheKeyParameters { get; set; } = new List<string>();
        [JsonPropertyName("integrationResponses")] public Dictionary<string, RestIntegrationResponse> IntegrationResponses { get; set; } = new Dictionary<string, RestIntegrationResponse>(StringComparer.Ordinal);
    }

    public sealed class RestIntegrationResponse
    {
        [JsonPropertyName("statusCode")] public string StatusCode { get; set; }
        [JsonPropertyName("selectionPattern")] public string SelectionPattern { get; set; }
        [JsonPropertyName("responseParameters")] public Dictionary<string, string> ResponseParameters { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
        [JsonPropertyName("responseTemplates")] public Dictionary<string, string> ResponseTemplates { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
        [JsonPropertyName("contentHandling")] public string ContentHandling { get; set; }
    }

    public sealed class RestAuthorizer
    {
        [JsonPropertyName("id")] public string Id { get; set; }
        [JsonPropertyName("name")] public string Name { get; set; }
        /// <summary>TOKEN, REQUEST (Lambda authorizers) or COGNITO_USER_POOLS.</summary>
        [JsonPropertyName("type")] public string Type { get; set; }
        [JsonPropertyName("providerARNs")] public List<string> ProviderARNs { get; set; } = new List<string>();
        [JsonPropertyName("authType")] public string AuthType { get; set; }
        [JsonPropertyName("authorizerUri")] public string AuthorizerUri { get; set; }
        [JsonPropertyName("authorizerCredentials")] public string AuthorizerCredentials { get; set; }
        [JsonPropertyName("identitySource")] public string IdentitySource { get; set; }
        [JsonPropertyName("identityValidationExpression")] public string IdentityValidationExpression { get; set; }
        [JsonPropertyName("authorizerResultTtlInSeconds")] public int? AuthorizerResultTtlInSeconds { get; set; }

        public override string ToString() => $"{Name} ({Id})";
    }

    public sealed class RestStage
    {
        [JsonPropertyName("deploymentId")] public string DeploymentId { get; set; }
        [JsonPropertyName("clientCertificateId")] public string ClientCertificateId { get; set; }
        [JsonPropertyName("stageName")] public string StageName { get; set; }
        [JsonPropertyName("description")] public string Description { get; set; }
        [JsonPropertyName("cacheClusterEnabled")] public bool? CacheClusterEnabled { get; set; }
        [JsonPropertyName("cacheClusterSize")] public string CacheClusterSize { get; set; }
        [JsonPropertyName("cacheClusterStatus")] public string CacheClusterStatus { get; set; }
        [JsonPropertyName("variables")] public Dictionary<string, string> Variables { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
        [JsonPropertyName("documentationVersion")] public string DocumentationVersion { get; set; }
        [JsonPropertyName("canarySettings")] public RestCanarySettings CanarySettings { get; set; }
        [JsonPropertyName("tracingEnabled")] public bool? TracingEnabled { get; set; }
        [JsonPropertyName("webAclArn")] public string WebAclArn { get; set; }
        [JsonPropertyName("tags")] public Dictionary<string, string> Tags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
        [JsonPropertyName("createdDate")] public DateTimeOffset? CreatedDate { get; set; }
        [JsonPropertyName("lastUpdatedDate")] public DateTimeOffset? LastUpdatedDate { get; set; }

        public override string ToString() => $"{StageName} -> {DeploymentId}";
    }

    /// <summary>A stage's canary: a second deployment served to <see cref="PercentTraffic"/> percent of requests, with its
    /// own stage-variable overrides.</summary>
    public sealed class RestCanarySettings
    {
        [JsonPropertyName("percentTraffic")] public double? PercentTraffic { get; set; }
        [JsonPropertyName("deploymentId")] public string DeploymentId { get; set; }
        [JsonPropertyName("stageVariableOverrides")] public Dictionary<string, string> StageVariableOverrides { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
        [JsonPropertyName("useStageCache")] public bool? UseStageCache { get; set; }
    }

    public sealed class RestDeployment
    {
        [JsonPropertyName("id")] public string Id { get; set; }
        [JsonPropertyName("description")] public string Description { get; set; }
        [JsonPropertyName("createdDate")] public DateTimeOffset? CreatedDate { get; set; }
        /// <summary>path → HTTP method → summary.</summary>
        [JsonPropertyName("apiSummary")] public Dictionary<string, Dictionary<string, RestMethodSnapshot>> ApiSummary { get; set; } = new Dictionary<string, Dictionary<string, RestMethodSnapshot>>(StringComparer.Ordinal);

        public override string ToString() => $"{Id} {Description}";
    }

    public sealed class RestMethodSnapshot
    {
        [JsonPropertyName("authorizationType")] public string AuthorizationType { get; set; }
        [JsonPropertyName("apiKeyRequired")] public bool? ApiKeyRequired { get; set; }
    }

    public sealed class RestDomainName
    {
        [JsonPropertyName("domainName")] public string DomainName { get; set; }
        [JsonPropertyName("certificateName")] public string CertificateName { get; set; }
        [JsonPropertyName("certificateArn")] public string CertificateArn { get; set; }
        [JsonPropertyName("certificateUploadDate")] public DateTimeOffset? CertificateUploadDate { get; set; }
        [JsonPropertyName("regionalDomainName")] public string RegionalDomainName { get; set; }
        [JsonPropertyName("regionalHostedZoneId")] public string RegionalHostedZoneId { get; set; }
        [JsonPropertyName("regionalCertificateName")] public string RegionalCertificateName { get; set; }
        [JsonPropertyName("regionalCertificateArn")] public string RegionalCertificateArn { get; set; }
        [JsonPropertyName("distributionDomainName")] public string DistributionDomainName { get; set; }
        [JsonPropertyName("distributionHostedZoneId")] public string DistributionHostedZoneId { get; set; }
        [JsonPropertyName("endpointConfiguration")] public EndpointConfiguration EndpointConfiguration { get; set; }
        [JsonPropertyName("domainNameStatus")] public string DomainNameStatus { get; set; }
        [JsonPropertyName("domainNameStatusMessage")] public string DomainNameStatusMessage { get; set; }
        [JsonPropertyName("securityPolicy")] public string SecurityPolicy { get; set; }
        [JsonPropertyName("tags")] public Dictionary<string, string> Tags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public override string ToString() => DomainName;
    }

    /// <summary>A custom domain's base path → REST API stage. <see cref="BasePath"/> is "(none)" for the root mapping.</summary>
    public sealed class BasePathMapping
    {
        [JsonPropertyName("basePath")] public string BasePath { get; set; }
        [JsonPropertyName("restApiId")] public string RestApiId { get; set; }
        [JsonPropertyName("stage")] public string Stage { get; set; }

        public override string ToString() => $"{BasePath} -> {RestApiId}/{Stage}";
    }

    /// <summary>One JSON-Patch-style operation for the Update* calls, e.g. replace /uri, replace /variables/alias.</summary>
    public sealed class PatchOperation
    {
        /// <summary>add, remove, replace, move, copy or test.</summary>
        [JsonPropertyName("op")] public string Op { get; set; }
        [JsonPropertyName("path")] public string Path { get; set; }
        [JsonPropertyName("value")] public string Value { get; set; }
        [JsonPropertyName("from")] public string From { get; set; }

        public static PatchOperation Replace(string path, string value) => new PatchOperation { Op = "replace", Path = path, Value = value };
        public static PatchOperation Add(string path, string value) => new PatchOperation { Op = "add", Path = path, Value = value };
        public static PatchOperation Remove(string path) => new PatchOperation { Op = "remove", Path = path };

        /// <summary>Escapes a name used inside a patch path (JSON Pointer, RFC 6901: "~" → "~0", "/" → "~1"),
        /// e.g. a stage variable name in "/variables/{name}".</summary>
        public static string EscapePathSegment(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

        public override string ToString() => $"{Op} {Path}" + (Value != null ? " = " + Value : string.Empty);
    }

    /// <summary>CreateDeployment (REST). With <see cref="StageName"/> the new deployment is also put on that stage
    /// (creating the stage if needed); without it the deployment is created unattached.</summary>
    public sealed class CreateRestDeploymentRequest
    {
        [JsonIgnore] public string RestApiId { get; set; }
        [JsonPropertyName("stageName")] public string StageName { get; set; }
        [JsonPropertyName("stageDescription")] public string StageDescription { get; set; }
        [JsonPropertyName("description")] public string Description { get; set; }
        [JsonPropertyName("cacheClusterEnabled")] public bool? CacheClusterEnabled { get; set; }
        [JsonPropertyName("cacheClusterSize")] public string CacheClusterSize { get; set; }
        [JsonPropertyName("variables")] public Dictionary<string, string> Variables { get; set; }
        /// <summary>Deploys as a canary on <see cref="StageName"/> instead of replacing its deployment.</summary>
        [JsonPropertyName("canarySettings")] public RestDeploymentCanarySettings CanarySettings { get; set; }
        [JsonPropertyName("tracingEnabled")] public bool? TracingEnabled { get; set; }
    }

    public sealed class RestDeploymentCanarySettings
    {
        [JsonPropertyName("percentTraffic")] public double? PercentTraffic { get; set; }
        [JsonPropertyName("stageVariableOverrides")] public Dictionary<string, string> StageVariableOverrides { get; set; }
        [JsonPropertyName("useStageCache")] public bool? UseStageCache { get; set; }
    }

    /// <summary>GetExport of a stage's deployed API definition.</summary>
    public sealed class RestExportRequest
    {
        public string RestApiId { get; set; }
        public string StageName { get; set; }
        /// <summary>"oas30" (OpenAPI 3) or "swagger" (OpenAPI 2).</summary>
        public string ExportType { get; set; } = "oas30";
        /// <summary>The "extensions" parameter: "apigateway" (all x-amazon-apigateway-* extensions, including
        /// integrations), "integrations", "authorizers", "postman", or null for none.</summary>
        public string Extensions { get; set; } = "apigateway";
        /// <summary>The Accept header: "application/json" or "application/yaml".</summary>
        public string Accept { get; set; } = "application/json";
        /// <summary>Further export parameters, sent as query parameters.</summary>
        public Dictionary<string, string> Parameters { get; set; }
    }

    /// <summary>GetExport's result: the document text exactly as returned.</summary>
    public sealed class RestExport
    {
        public string Body { get; set; }
        public string ContentType { get; set; }
        public string ContentDisposition { get; set; }
    }

    /// <summary>API Gateway v1 list envelope: <c>{"item":[...],"position":"..."}</c> (the model's locationName is
    /// "item"; some emulators send the member name "items", which is accepted too).</summary>
    internal sealed class RestListResponse<T>
    {
        [JsonPropertyName("position")] public string Position { get; set; }
        [JsonPropertyName("item")] public List<T> Item { get; set; }
        [JsonPropertyName("items")] public List<T> Items { get; set; }

        public List<T> AllItems() => Item != null && Item.Count > 0 ? Item : (Items ?? Item ?? new List<T>());
    }

    internal sealed class RestTagsResponse
    {
        [JsonPropertyName("tags")] public Dictionary<string, string> Tags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
    }
}
