// REST (v1) shapes in their wire form: member names are the locationName (or member name) from
// apigateway/service-2.json; unset members are omitted; timestamps are epoch seconds.
using System.Text.Json.Nodes;

namespace LambdaAlias.Emulator;

public static class RestWire
{
    public static JsonObject RestApi(RestApi api) => new JsonObject
    {
        ["id"] = api.Id,
        ["name"] = api.Name,
        ["createdDate"] = GatewayWire.Epoch(api.CreatedDate),
        ["apiKeySource"] = api.ApiKeySource,
        ["endpointConfiguration"] = new JsonObject { ["types"] = GatewayWire.Array(api.EndpointTypes) },
        ["disableExecuteApiEndpoint"] = api.DisableExecuteApiEndpoint,
        ["tags"] = GatewayWire.Map(api.Tags),
    }
    .Put("description", api.Description)
    .Put("version", api.Version)
    .Put("policy", api.Policy);

    /// <summary>Without embed, AWS lists each method as an empty object under resourceMethods; with embed=methods it
    /// inlines the Method, including methodIntegration.</summary>
    public static JsonObject Resource(RestResource r, bool embedMethods)
    {
        var o = new JsonObject { ["id"] = r.Id }
            .Put("parentId", r.ParentId)
            .Put("pathPart", r.PathPart);
        o["path"] = r.Path;
        if (r.Methods.Count > 0)
        {
            var methods = new JsonObject();
            foreach (var (verb, m) in r.Methods) methods[verb] = embedMethods ? Method(m) : new JsonObject();
            o["resourceMethods"] = methods;
        }
        return o;
    }

    public static JsonObject Method(RestMethod m)
    {
        var o = new JsonObject
        {
            ["httpMethod"] = m.HttpMethod,
            ["authorizationType"] = m.AuthorizationType,
            ["apiKeyRequired"] = m.ApiKeyRequired,
        }
        .Put("authorizerId", m.AuthorizerId)
        .Put("operationName", m.OperationName);
        if (m.RequestParameters.Count > 0)
        {
            var p = new JsonObject();
            foreach (var (k, v) in m.RequestParameters) p[k] = v;
            o["requestParameters"] = p;
        }
        if (m.MethodResponseStatusCodes.Count > 0)
        {
            var responses = new JsonObject();
            foreach (var code in m.MethodResponseStatusCodes) responses[code] = new JsonObject { ["statusCode"] = code };
            o["methodResponses"] = responses;
        }
        if (m.Integration != null) o["methodIntegration"] = Integration(m.Integration);
        return o;
    }

    public static JsonObject Integration(RestIntegration i)
    {
        var o = new JsonObject { ["type"] = i.Type }
            .Put("httpMethod", i.HttpMethod)
            .Put("uri", i.Uri)
            .Put("connectionType", i.ConnectionType)
            .Put("credentials", i.Credentials)
            .Put("passthroughBehavior", i.PassthroughBehavior)
            .Put("contentHandling", i.ContentHandling);
        if (i.RequestParameters.Count > 0) o["requestParameters"] = GatewayWire.Map(i.RequestParameters);
        if (i.RequestTemplates.Count > 0) o["requestTemplates"] = GatewayWire.Map(i.RequestTemplates);
        o["timeoutInMillis"] = i.TimeoutInMillis;
        o.Put("cacheNamespace", i.CacheNamespace);
        o["cacheKeyParameters"] = GatewayWire.Array(i.CacheKeyParameters);
        return o;
    }

    public static JsonObject Authorizer(RestAuthorizer a)
    {
        var o = new JsonObject { ["id"] = a.Id, ["name"] = a.Name, ["type"] = a.Type }
            .Put("authType", a.AuthType)
            .Put("authorizerUri", a.AuthorizerUri)
            .Put("authorizerCredentials", a.AuthorizerCredentials)
            .Put("identitySource", a.IdentitySource)
            .Put("identityValidationExpression", a.IdentityValidationExpression);
        if (a.ProviderArns.Count > 0) o["providerARNs"] = GatewayWire.Array(a.ProviderArns);
        if (a.AuthorizerResultTtlInSeconds != null) o["authorizerResultTtlInSeconds"] = a.AuthorizerResultTtlInSeconds.Value;
        return o;
    }

    public static JsonObject Deployment(RestDeployment d) => new JsonObject { ["id"] = d.Id }
        .Put("description", d.Description)
        .Put("createdDate", GatewayWire.Epoch(d.CreatedDate));

    public static JsonObject Stage(RestStage s)
    {
        var o = new JsonObject
        {
            ["deploymentId"] = s.DeploymentId,
            ["stageName"] = s.StageName,
        }
        .Put("description", s.Description)
        .Put("clientCertificateId", s.ClientCertificateId);
        o["cacheClusterEnabled"] = s.CacheClusterEnabled;
        o.Put("cacheClusterSize", s.CacheClusterSize);
        o["cacheClusterStatus"] = s.CacheClusterEnabled ? "AVAILABLE" : "NOT_AVAILABLE";
        o["methodSettings"] = new JsonObject();
        if (s.Variables.Count > 0) o["variables"] = GatewayWire.Map(s.Variables);
        o.Put("documentationVersion", s.DocumentationVersion);
        if (s.CanarySettings != null)
        {
            var c = new JsonObject { ["percentTraffic"] = s.CanarySettings.PercentTraffic }
                .Put("deploymentId", s.CanarySettings.DeploymentId);
            if (s.CanarySettings.StageVariableOverrides.Count > 0) c["stageVariableOverrides"] = GatewayWire.Map(s.CanarySettings.StageVariableOverrides);
            c["useStageCache"] = s.CanarySettings.UseStageCache;
            o["canarySettings"] = c;
        }
        o["tracingEnabled"] = s.TracingEnabled;
        o.Put("webAclArn", s.WebAclArn);
        if (s.Tags.Count > 0) o["tags"] = GatewayWire.Map(s.Tags);
        o["createdDate"] = GatewayWire.Epoch(s.CreatedDate);
        o["lastUpdatedDate"] = GatewayWire.Epoch(s.LastUpdatedDate);
        return o;
    }

    public static JsonObject DomainName(GatewayDomainName d, string region)
    {
        var o = new JsonObject { ["domainName"] = d.DomainName };
        o.Put("certificateArn", d.EndpointType == "EDGE" ? d.CertificateArn : null);
        o.Put("certificateUploadDate", GatewayWire.Epoch(d.CertificateUploadDate));
        if (d.EndpointType == "EDGE")
        {
            o["distributionDomainName"] = d.DistributionDomainName;
            o["distributionHostedZoneId"] = d.DistributionHostedZoneId;
        }
        else
        {
            o["regionalDomainName"] = d.RegionalDomainName;
            o["regionalHostedZoneId"] = d.RegionalHostedZoneId;
            o.Put("regionalCertificateArn", d.CertificateArn);
        }
        o["endpointConfiguration"] = new JsonObject { ["types"] = new JsonArray(d.EndpointType) };
        o["domainNameStatus"] = "AVAILABLE";
        o["securityPolicy"] = d.SecurityPolicy;
        if (d.Tags.Count > 0) o["tags"] = GatewayWire.Map(d.Tags);
        return o;
    }

    /// <summary>v1 spells the empty base path "(none)".</summary>
    public static JsonObject BasePathMapping(GatewayApiMapping m) => new()
    {
        ["basePath"] = string.IsNullOrEmpty(m.Key) ? "(none)" : m.Key,
        ["restApiId"] = m.ApiId,
        ["stage"] = m.Stage,
    };

    /// <summary>A list page: the model's "items" member has locationName "item".</summary>
    public static JsonObject Page(IEnumerable<JsonNode> items, string position)
    {
        var o = new JsonObject();
        o.Put("position", position);
        o["item"] = new JsonArray(items.ToArray());
        return o;
    }
}
