// API Gateway v2 shapes in their wire form: camelCase locationNames from apigatewayv2/service-2.json, ISO-8601 dates.
using System.Text.Json.Nodes;

namespace LambdaAlias.Emulator;

public static class HttpApiWire
{
    public static string Endpoint(HttpApi api, string region)
        => $"{(api.IsWebSocket ? "wss" : "https")}://{api.ApiId}.execute-api.{region}.{(region.StartsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com")}";

    public static JsonObject Api(HttpApi a, string region)
    {
        var o = new JsonObject
        {
            ["apiEndpoint"] = Endpoint(a, region),
            ["apiId"] = a.ApiId,
            ["apiKeySelectionExpression"] = a.ApiKeySelectionExpression,
            ["createdDate"] = GatewayWire.Iso(a.CreatedDate),
        }
        .Put("description", a.Description);
        o["disableExecuteApiEndpoint"] = a.DisableExecuteApiEndpoint;
        o["name"] = a.Name;
        o["protocolType"] = a.ProtocolType;
        o["routeSelectionExpression"] = a.RouteSelectionExpression;
        o["tags"] = GatewayWire.Map(a.Tags);
        o.Put("version", a.Version);
        return o;
    }

    public static JsonObject Route(HttpRoute r)
    {
        var o = new JsonObject
        {
            ["apiKeyRequired"] = r.ApiKeyRequired,
            ["authorizationType"] = r.AuthorizationType,
        };
        if (r.AuthorizationScopes.Count > 0) o["authorizationScopes"] = GatewayWire.Array(r.AuthorizationScopes);
        o.Put("authorizerId", r.AuthorizerId)
         .Put("operationName", r.OperationName);
        o["routeId"] = r.RouteId;
        o["routeKey"] = r.RouteKey;
        o.Put("target", r.Target);
        return o;
    }

    public static JsonObject Integration(HttpIntegration i)
    {
        var o = new JsonObject { ["connectionType"] = i.ConnectionType }
            .Put("connectionId", i.ConnectionId)
            .Put("contentHandlingStrategy", i.ContentHandlingStrategy)
            .Put("credentialsArn", i.CredentialsArn)
            .Put("description", i.Description);
        o["integrationId"] = i.IntegrationId;
        o.Put("integrationMethod", i.IntegrationMethod)
         .Put("integrationSubtype", i.IntegrationSubtype);
        o["integrationType"] = i.IntegrationType;
        o.Put("integrationUri", i.IntegrationUri)
         .Put("passthroughBehavior", i.PassthroughBehavior)
         .Put("payloadFormatVersion", i.PayloadFormatVersion);
        if (i.RequestParameters.Count > 0) o["requestParameters"] = GatewayWire.Map(i.RequestParameters);
        if (i.RequestTemplates.Count > 0) o["requestTemplates"] = GatewayWire.Map(i.RequestTemplates);
        o.Put("templateSelectionExpression", i.TemplateSelectionExpression);
        o["timeoutInMillis"] = i.TimeoutInMillis;
        return o;
    }

    public static JsonObject Authorizer(HttpAuthorizer a)
    {
        var o = new JsonObject()
            .Put("authorizerCredentialsArn", a.AuthorizerCredentialsArn);
        o["authorizerId"] = a.AuthorizerId;
        o.Put("authorizerPayloadFormatVersion", a.AuthorizerPayloadFormatVersion);
        if (a.AuthorizerResultTtlInSeconds != null) o["authorizerResultTtlInSeconds"] = a.AuthorizerResultTtlInSeconds.Value;
        o["authorizerType"] = a.AuthorizerType;
        o.Put("authorizerUri", a.AuthorizerUri);
        if (a.EnableSimpleResponses != null) o["enableSimpleResponses"] = a.EnableSimpleResponses.Value;
        o["identitySource"] = GatewayWire.Array(a.IdentitySource);
        if (a.AuthorizerType == "JWT")
            o["jwtConfiguration"] = new JsonObject { ["audience"] = GatewayWire.Array(a.JwtAudience) }.Put("issuer", a.JwtIssuer);
        o["name"] = a.Name;
        return o;
    }

    public static JsonObject Stage(HttpStage s)
    {
        var o = new JsonObject
        {
            ["autoDeploy"] = s.AutoDeploy,
        }
        .Put("clientCertificateId", s.ClientCertificateId);
        o["createdDate"] = GatewayWire.Iso(s.CreatedDate);
        o["defaultRouteSettings"] = new JsonObject { ["detailedMetricsEnabled"] = false };
        o.Put("deploymentId", s.DeploymentId)
         .Put("description", s.Description)
         .Put("lastDeploymentStatusMessage", s.LastDeploymentStatusMessage);
        o["lastUpdatedDate"] = GatewayWire.Iso(s.LastUpdatedDate);
        o["routeSettings"] = new JsonObject();
        o["stageName"] = s.StageName;
        if (s.StageVariables.Count > 0) o["stageVariables"] = GatewayWire.Map(s.StageVariables);
        o["tags"] = GatewayWire.Map(s.Tags);
        return o;
    }

    public static JsonObject Deployment(HttpDeployment d)
    {
        var o = new JsonObject
        {
            ["autoDeployed"] = d.AutoDeployed,
            ["createdDate"] = GatewayWire.Iso(d.CreatedDate),
            ["deploymentId"] = d.DeploymentId,
            ["deploymentStatus"] = d.Status,
        }
        .Put("deploymentStatusMessage", d.StatusMessage)
        .Put("description", d.Description);
        return o;
    }

    public static JsonObject DomainName(GatewayDomainName d)
    {
        var config = new JsonObject
        {
            ["apiGatewayDomainName"] = d.EndpointType == "EDGE" ? d.DistributionDomainName : d.RegionalDomainName,
            ["certificateArn"] = d.CertificateArn,
            ["certificateUploadDate"] = GatewayWire.Iso(d.CertificateUploadDate),
            ["domainNameStatus"] = "AVAILABLE",
            ["endpointType"] = d.EndpointType,
            ["hostedZoneId"] = d.EndpointType == "EDGE" ? d.DistributionHostedZoneId : d.RegionalHostedZoneId,
            ["securityPolicy"] = d.SecurityPolicy,
        };
        return new JsonObject
        {
            ["apiMappingSelectionExpression"] = "$request.basepath",
            ["domainName"] = d.DomainName,
            ["domainNameConfigurations"] = new JsonArray(config),
            ["tags"] = GatewayWire.Map(d.Tags),
        };
    }

    public static JsonObject ApiMapping(GatewayApiMapping m) => new()
    {
        ["apiId"] = m.ApiId,
        ["apiMappingId"] = m.ApiMappingId,
        ["apiMappingKey"] = m.Key,
        ["stage"] = m.Stage,
    };

    public static JsonObject Page(IEnumerable<JsonNode> items, string nextToken)
    {
        var o = new JsonObject { ["items"] = new JsonArray(items.ToArray()) };
        o.Put("nextToken", nextToken);
        return o;
    }
}
