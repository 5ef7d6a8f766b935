// API Gateway v2 (HTTP and WebSocket APIs) models. The wire names are the model's locationName values
// (camelCase) from aws-api-models/apigatewayv2/service-2.json; timestamps are ISO-8601. Type names carry a "V2"
// prefix to keep them apart from the REST (v1) shapes of the same name.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace LambdaAlias
{
    public sealed class V2Api
    {
        [JsonPropertyName("apiEndpoint")] public string ApiEndpoint { get; set; }
        [JsonPropertyName("apiGatewayManaged")] public bool? ApiGatewayManaged { get; set; }
        [JsonPropertyName("apiId")] public string ApiId { get; set; }
        [JsonPropertyName("apiKeySelectionExpression")] public string ApiKeySelectionExpression { get; set; }
        [JsonPropertyName("createdDate")] public DateTimeOffset? CreatedDate { get; set; }
        [JsonPropertyName("description")] public string Description { get; set; }
        [JsonPropertyName("disableSchemaValidation")] public bool? DisableSchemaValidation { get; set; }
        [JsonPropertyName("disableExecuteApiEndpoint")] public bool? DisableExecuteApiEndpoint { get; set; }
        [JsonPropertyName("importInfo")] public List<string> ImportInfo { get; set; } = new List<string>();
        [JsonPropertyName("name")] public string Name { get; set; }
        /// <summary>HTTP or WEBSOCKET.</summary>
        [JsonPropertyName("protocolType")] public string ProtocolType { get; set; }
        [JsonPropertyName("routeSelectionExpression")] public string RouteSelectionExpression { get; set; }
        [JsonPropertyName("tags")] public Dictionary<string, string> Tags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
        [JsonPropertyName("version")] public string Version { get; set; }
        [JsonPropertyName("warnings")] public List<string> Warnings { get; set; } = new List<string>();

        public override string ToString() => $"{Name} ({ApiId}, {ProtocolType})";
    }

    public sealed class V2Route
    {
        [JsonPropertyName("apiGatewayManaged")] public bool? ApiGatewayManaged { get; set; }
        [JsonPropertyName("apiKeyRequired")] public bool? ApiKeyRequired { get; set; }
        [JsonPropertyName("authorizationScopes")] public List<string> AuthorizationScopes { get; set; } = new List<string>();
        /// <summary>NONE, AWS_IAM, CUSTOM or JWT.</summary>
        [JsonPropertyName("authorizationType")] public string AuthorizationType { get; set; }
        [JsonPropertyName("authorizerId")] public string AuthorizerId { get; set; }
        [JsonPropertyName("modelSelectionExpression")] public string ModelSelectionExpression { get; set; }
        [JsonPropertyName("operationName")] public string OperationName { get; set; }
        [JsonPropertyName("requestModels")] public Dictionary<string, string> RequestModels { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
        [JsonPropertyName("routeId")] public string RouteId { get; set; }
        /// <summary>"GET /orders", "ANY /{proxy+}", "$default", or a WebSocket route key such as "$connect".</summary>
        [JsonPropertyName("routeKey")] public string RouteKey { get; set; }
        [JsonPropertyName("routeResponseSelectionExpression")] public string RouteResponseSelectionExpression { get; set; }
        /// <summary>"integrations/{integrationId}" when the route has an integration.</summary>
        [JsonPropertyName("target")] public string Target { get; set; }

        /// <summary>The integration id from <see cref="Target"/>, or null.</summary>
        [JsonIgnore]
        public string IntegrationId
        {
            get
            {
                const string Prefix = "integrations/";
                return Target != null && Target.StartsWith(Prefix, StringComparison.Ordinal) ? Target.Substring(Prefix.Length) : null;
            }
        }

        public override string ToString() => $"{RouteKey} ({RouteId})";
    }

    public sealed class V2Integration
    {
        [JsonPropertyName("apiGatewayManaged")] public bool? ApiGatewayManaged { get; set; }
        [JsonPropertyName("connectionId")] public string ConnectionId { get; set; }
        [JsonPropertyName("connectionType")] public string ConnectionType { get; set; }
        [JsonPropertyName("contentHandlingStrategy")] public string ContentHandlingStrategy { get; set; }
        [JsonPropertyName("credentialsArn")] public string CredentialsArn { get; set; }
        [JsonPropertyName("description")] public string Description { get; set; }
        [JsonPropertyName("integrationId")] public string IntegrationId { get; set; }
        [JsonPropertyName("integrationMethod")] public string IntegrationMethod { get; set; }
        [JsonPropertyName("integrationResponseSelectionExpression")] public string IntegrationResponseSelectionExpression { get; set; }
        [JsonPropertyName("integrationSubtype")] public string IntegrationSubtype { get; set; }
        /// <summary>AWS, HTTP, MOCK, HTTP_PROXY or AWS_PROXY.</summary>
        [JsonPropertyName("integrationType")] public string IntegrationType { get; set; }
        /// <summary>For Lambda: the function ARN (HTTP APIs) or the invocations URI.</summary>
        [JsonPropertyName("integrationUri")] public string IntegrationUri { get; set; }
        [JsonPropertyName("passthroughBehavior")] public string PassthroughBehavior { get; set; }
        [JsonPropertyName("payloadFormatVersion")] public string PayloadFormatVersion { get; set; }
        [JsonPropertyName("requestParameters")] public Dictionary<string, string> RequestParameters { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
        [JsonPropertyName("requestTemplates")] public Dictionary<string, string> RequestTemplates { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
        [JsonPropertyName("responseParameters")] public Dictionary<string, Dictionary<string, string>> ResponseParameters { get; set; } = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        [JsonPropertyName("templateSelectionExpression")] public string TemplateSelectionExpression { get; set; }
        [JsonPropertyName("timeoutInMillis")] public int? TimeoutInMillis { get; set; }
        [JsonPropertyName("tlsConfig")] public V2TlsConfig TlsConfig { get; set; }

        public override string ToString() => $"{IntegrationId}: {IntegrationType} {IntegrationUri}";
    }

    public sealed class V2TlsConfig
    {
        [JsonPropertyName("serverNameToVerify")] public string ServerNameToVerify { get; set; }
    }

    public sealed class V2Authorizer
    {
        [JsonPropertyName("authorizerCredentialsArn")] public string AuthorizerCredentialsArn { get; set; }
        [JsonPropertyName("authorizerId")] public string AuthorizerId { get; set; }
        [JsonPropertyName("authorizerPayloadFormatVersion")] public string AuthorizerPayloadFormatVersion { get; set; }
        [JsonPropertyName("authorizerResultTtlInSeconds")] public int? AuthorizerResultTtlInSeconds { get; set; }
        /// <summary>REQUEST (Lambda) or JWT.</summary>
        [JsonPropertyName("authorizerType")] public string AuthorizerType { get; set; }
        [JsonPropertyName("authorizerUri")] public string AuthorizerUri { get; set; }
        [JsonPropertyName("enableSimpleResponses")] public bool? EnableSimpleResponses { get; set; }
        [JsonPropertyName("identitySource")] public List<string> IdentitySource { get; set; } = new List<string>();
        [JsonPropertyName("identityValidationExpression")] public string IdentityValidationExpression { get; set; }
        [JsonPropertyName("jwtConfiguration")] public V2JwtConfiguration JwtConfiguration { get; set; }
        [JsonPropertyName("name")] public string Name { get; set; }

        public override string ToString() => $"{Name} ({AuthorizerId})";
    }

    public sealed class V2JwtConfiguration
    {
        [JsonPropertyName("audience")] public List<string> Audience { get; set; } = new List<string>();
        [JsonPropertyName("issuer")] public string Issuer { get; set; }
    }

    public sealed class V2Stage
    {
        [JsonPropertyName("accessLogSettings")] public V2AccessLogSettings AccessLogSettings { get; set; }
        [JsonPropertyName("apiGatewayManaged")] public bool? ApiGatewayManaged { get; set; }
        [JsonPropertyName("autoDeploy")] public bool? AutoDeploy { get; set; }
        [JsonPropertyName("clientCertificateId")] public string ClientCertificateId { get; set; }
        [JsonPropertyName("createdDate")] public DateTimeOffset? CreatedDate { get; set; }
        [JsonPropertyName("defaultRouteSettings")] public V2RouteSettings DefaultRouteSettings { get; set; }
        [JsonPropertyName("deploymentId")] public string DeploymentId { get; set; }
        [JsonPropertyName("description")] public string Description { get; set; }
        [JsonPropertyName("lastDeploymentStatusMessage")] public string LastDeploymentStatusMessage { get; set; }
        [JsonPropertyName("lastUpdatedDate")] public DateTimeOffset? LastUpdatedDate { get; set; }
        [JsonPropertyName("routeSettings")] public Dictionary<string, V2RouteSettings> RouteSettings { get; set; } = new Dictionary<string, V2RouteSettings>(StringComparer.Ordinal);
        /// <summary>"$default" for an HTTP API's default stage.</summary>
        [JsonPropertyName("stageName")] public string StageName { get; set; }
        [JsonPropertyName("stageVariables")] public Dictionary<string, string> StageVariables { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
        [JsonPropertyName("tags")] public Dictionary<string, string> Tags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public override string ToString() => $"{StageName} -> {DeploymentId}" + (AutoDeploy == true ? " (auto-deploy)" : string.Empty);
    }

    public sealed class V2AccessLogSettings
    {
        [JsonPropertyName("destinationArn")] public string DestinationArn { get; set; }
        [JsonPropertyName("format")] public string Format { get; set; }
    }

    public sealed class V2RouteSettings
    {
        [JsonPropertyName("dataTraceEnabled")] public bool? DataTraceEnabled { get; set; }
        [JsonPropertyName("detailedMetricsEnabled")] public bool? DetailedMetricsEnabled { get; set; }
        [JsonPropertyName("loggingLevel")] public string LoggingLevel { get; set; }
        [JsonPropertyName("throttlingBurstLimit")] public int? ThrottlingBurstLimit { get; set; }
        [JsonPropertyName("throttlingRateLimit")] public double? ThrottlingRateLimit { get; set; }
    }

    public sealed class V2Deployment
    {
        [JsonPropertyName("autoDeployed")] public bool? AutoDeployed { get; set; }
        [JsonPropertyName("createdDate")] public DateTimeOffset? CreatedDate { get; set; }
        [JsonPropertyName("deploymentId")] public string DeploymentId { get; set; }
        /// <summary>PENDING, FAILED or DEPLOYED.</summary>
        [JsonPropertyName("deploymentStatus")] public string DeploymentStatus { get; set; }
        [JsonPropertyName("deploymentStatusMessage")] public string DeploymentStatusMessage { get; set; }
        [JsonPropertyName("description")] public string Description { get; set; }

        public override string ToString() => $"{DeploymentId} {DeploymentStatus}";
    }

    public sealed class V2DomainName
    {
        [JsonPropertyName("apiMappingSelectionExpression")] public string ApiMappingSelectionExpression { get; set; }
        [JsonPropertyName("domainName")] public string DomainName { get; set; }
        [JsonPropertyName("domainNameConfigurations")] public List<V2DomainNameConfiguration> DomainNameConfigurations { get; set; } = new List<V2DomainNameConfiguration>();
        [JsonPropertyName("tags")] public Dictionary<string, string> Tags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public override string ToString() => DomainName;
    }

    public sealed class V2DomainNameConfiguration
    {
        [JsonPropertyName("apiGatewayDomainName")] public string ApiGatewayDomainName { get; set; }
        [JsonPropertyName("certificateArn")] public string CertificateArn { get; set; }
        [JsonPropertyName("certificateName")] public string CertificateName { get; set; }
        [JsonPropertyName("certificateUploadDate")] public DateTimeOffset? CertificateUploadDate { get; set; }
        [JsonPropertyName("domainNameStatus")] public string DomainNameStatus { get; set; }
        [JsonPropertyName("domainNameStatusMessage")] public string DomainNameStatusMessage { get; set; }
        [JsonPropertyName("endpointType")] public string EndpointType { get; set; }
        [JsonPropertyName("hostedZoneId")] public string HostedZoneId { get; set; }
        [JsonPropertyName("securityPolicy")] public string SecurityPolicy { get; set; }
    }

    /// <summary>A custom domain's mapping key (path, "" for the root) → API stage.</summary>
    public sealed class V2ApiMapping
    {
        [JsonPropertyName("apiId")] public string ApiId { get; set; }
        [JsonPropertyName("apiMappingId")] public string ApiMappingId { get; set; }
        [JsonPropertyName("apiMappingKey")] public string ApiMappingKey { get; set; }
        [JsonPropertyName("stage")] public string Stage { get; set; }

        public override string ToString() => $"{ApiMappingKey} -> {ApiId}/{Stage}";
    }

    /// <summary>UpdateIntegration (v2): only the members set are changed, e.g. just <see cref="IntegrationUri"/>.</summary>
    public sealed class V2UpdateIntegrationRequest
    {
        [JsonIgnore] public string ApiId { get; set; }
        [JsonIgnore] public string IntegrationId { get; set; }
        [JsonPropertyName("connectionId")] public string ConnectionId { get; set; }
        [JsonPropertyName("connectionType")] public string ConnectionType { get; set; }
        [JsonPropertyName("contentHandlingStrategy")] public string ContentHandlingStrategy { get; set; }
        [JsonPropertyName("credentialsArn")] public string CredentialsArn { get; set; }
        [JsonPropertyName("description")] public string Description { get; set; }
        [JsonPropertyName("integrationMethod")] public string IntegrationMethod { get; set; }
        [JsonPropertyName("integrationSubtype")] public string IntegrationSubtype { get; set; }
        [JsonPropertyName("integrationType")] public string IntegrationType { get; set; }
        [JsonPropertyName("integrationUri")] public string IntegrationUri { get; set; }
        [JsonPropertyName("passthroughBehavior")] public string PassthroughBehavior { get; set; }
        [JsonPropertyName("payloadFormatVersion")] public string PayloadFormatVersion { get; set; }
        [JsonPropertyName("requestParameters")] public Dictionary<string, string> RequestParameters { get; set; }
        [JsonPropertyName("requestTemplates")] public Dictionary<string, string> RequestTemplates { get; set; }
        [JsonPropertyName("templateSelectionExpression")] public string TemplateSelectionExpression { get; set; }
        [JsonPropertyName("timeoutInMillis")] public int? TimeoutInMillis { get; set; }
    }

    /// <summary>UpdateStage (v2): only the members set are sent. AWS documents <see cref="StageVariables"/> only as
    /// "a map that defines the stage variables", so callers send the stage's complete map (read it first, change the
    /// one variable) rather than rely on merge semantics.</summary>
    public sealed class V2UpdateStageRequest
    {
        [JsonIgnore] public string ApiId { get; set; }
        [JsonIgnore] public string StageName { get; set; }
        [JsonPropertyName("autoDeploy")] public bool? AutoDeploy { get; set; }
        [JsonPropertyName("clientCertificateId")] public string ClientCertificateId { get; set; }
        [JsonPropertyName("deploymentId")] public string DeploymentId { get; set; }
        [JsonPropertyName("description")] public string Description { get; set; }
        [JsonPropertyName("stageVariables")] public Dictionary<string, string> StageVariables { get; set; }
    }

    /// <summary>ExportApi: the API definition, optionally as deployed to one stage.</summary>
    public sealed class V2ExportRequest
    {
        public string ApiId { get; set; }
        /// <summary>The specification path segment: "OAS30".</summary>
        public string Specification { get; set; } = "OAS30";
        /// <summary>"JSON" or "YAML".</summary>
        public string OutputType { get; set; } = "JSON";
        /// <summary>Export what this stage has deployed; null exports the latest API configuration.</summary>
        public string StageName { get; set; }
        /// <summary>Include x-amazon-apigateway-* extensions (integrations). AWS defaults this to true.</summary>
        public bool? IncludeExtensions { get; set; } = true;
        public string ExportVersion { get; set; }
    }

    /// <summary>API Gateway v2 list envelope: <c>{"items":[...],"nextToken":"..."}</c>.</summary>
    internal sealed class V2ListResponse<T>
    {
        [JsonPropertyName("items")] public List<T> Items { get; set; } = new List<T>();
        [JsonPropertyName("nextToken")] public string NextToken { get; set; }
    }
}
