// API Gateway v2 control-plane endpoints (paths under /v2/), wire-compatible with apigatewayv2/service-2.json (2018-11-29).
// v2 signs with the service name "apigateway", like v1.
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LambdaAlias.Emulator;

public static class ApiGatewayV2Api
{
    private const string Service = "apigateway";
    private static readonly Regex StageVariableName = new("^[A-Za-z0-9_]+$", RegexOptions.Compiled);

    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapGet("/v2/apis", (HttpRequest req) => Locked(state, () =>
            {
                foreach (var a in state.HttpApis) state.SettleAutoDeployments(a);
                var (page, next) = GatewayWire.Page(state.HttpApis, req.Query["nextToken"], GatewayWire.V2Limit(req));
                return HttpApiWire.Page(page.Select(a => HttpApiWire.Api(a, state.Region)), next);
            }))
            .Aws(Service, "GetApis");
        app.MapGet("/v2/apis/{apiId}", (string apiId) => Locked(state, () => HttpApiWire.Api(RequireApi(state, apiId), state.Region)))
            .Aws(Service, "GetApi");

        app.MapGet("/v2/apis/{apiId}/routes", (string apiId, HttpRequest req) => Locked(state, () =>
                PageOf(RequireApi(state, apiId).Draft.Routes, req, HttpApiWire.Route)))
            .Aws(Service, "GetRoutes");
        app.MapGet("/v2/apis/{apiId}/routes/{routeId}", (string apiId, string routeId) => Locked(state, () =>
                HttpApiWire.Route(RequireApi(state, apiId).Draft.Route(routeId) ?? throw GatewayWire.V2NotFound("Route", $"Invalid Route identifier specified {routeId}"))))
            .Aws(Service, "GetRoute");

        app.MapGet("/v2/apis/{apiId}/integrations", (string apiId, HttpRequest req) => Locked(state, () =>
                PageOf(RequireApi(state, apiId).Draft.Integrations, req, HttpApiWire.Integration)))
            .Aws(Service, "GetIntegrations");
        app.MapGet("/v2/apis/{apiId}/integrations/{integrationId}", (string apiId, string integrationId) => Locked(state, () =>
                HttpApiWire.Integration(RequireIntegration(RequireApi(state, apiId), integrationId))))
            .Aws(Service, "GetIntegration");
        app.MapMethods("/v2/apis/{apiId}/integrations/{integrationId}", new[] { "PATCH" }, async (string apiId, string integrationId, HttpRequest req) =>
            {
                var body = await GatewayWire.ReadBodyAsync(req);
                return Locked(state, () =>
                {
                    var api = RequireApi(state, apiId);
                    var current = RequireIntegration(api, integrationId);
                    var updated = current.Clone();
                    ApplyIntegrationUpdate(updated, body);
                    api.Draft.Integrations[api.Draft.Integrations.IndexOf(current)] = updated;
                    state.ScheduleAutoDeployments(api);
                    return HttpApiWire.Integration(updated);
                });
            })
            .Aws(Service, "UpdateIntegration", mutating: true);

        app.MapGet("/v2/apis/{apiId}/authorizers", (string apiId, HttpRequest req) => Locked(state, () =>
                PageOf(RequireApi(state, apiId).Draft.Authorizers, req, HttpApiWire.Authorizer)))
            .Aws(Service, "GetAuthorizers");
        app.MapGet("/v2/apis/{apiId}/authorizers/{authorizerId}", (string apiId, string authorizerId) => Locked(state, () =>
                HttpApiWire.Authorizer(RequireApi(state, apiId).Draft.Authorizer(authorizerId) ?? throw GatewayWire.V2NotFound("Authorizer", $"Invalid Authorizer identifier specified {authorizerId}"))))
            .Aws(Service, "GetAuthorizer");

        app.MapGet("/v2/apis/{apiId}/stages", (string apiId, HttpRequest req) => Locked(state, () =>
                PageOf(RequireApi(state, apiId).Stages, req, HttpApiWire.Stage)))
            .Aws(Service, "GetStages");
        app.MapGet("/v2/apis/{apiId}/stages/{stageName}", (string apiId, string stageName) => Locked(state, () =>
                HttpApiWire.Stage(RequireStage(RequireApi(state, apiId), stageName))))
            .Aws(Service, "GetStage");
        app.MapMethods("/v2/apis/{apiId}/stages/{stageName}", new[] { "PATCH" }, async (string apiId, string stageName, HttpRequest req) =>
            {
                var body = await GatewayWire.ReadBodyAsync(req);
                return Locked(state, () => HttpApiWire.Stage(UpdateStage(state, RequireApi(state, apiId), stageName, body)));
            })
            .Aws(Service, "UpdateStage", mutating: true);

        app.MapPost("/v2/apis/{apiId}/deployments", async (string apiId, HttpRequest req) =>
            {
                var body = await GatewayWire.ReadBodyAsync(req);
                return Locked(state, () => HttpApiWire.Deployment(CreateDeployment(state, RequireApi(state, apiId), body)), status: 201);
            })
            .Aws(Service, "CreateDeployment", mutating: true);
        app.MapGet("/v2/apis/{apiId}/deployments", (string apiId, HttpRequest req) => Locked(state, () =>
                PageOf(RequireApi(state, apiId).Deployments, req, HttpApiWire.Deployment)))
            .Aws(Service, "GetDeployments");
        app.MapGet("/v2/apis/{apiId}/deployments/{deploymentId}", (string apiId, string deploymentId) => Locked(state, () =>
                HttpApiWire.Deployment(RequireApi(state, apiId).Deployment(deploymentId) ?? throw GatewayWire.V2NotFound("Deployment", $"Invalid Deployment identifier specified {deploymentId}"))))
            .Aws(Service, "GetDeployment");

        app.MapGet("/v2/apis/{apiId}/exports/{specification}", (string apiId, string specification, HttpRequest req) => ExportApi(state, apiId, specification, req))
            .Aws(Service, "ExportApi");

        app.MapGet("/v2/domainnames", (HttpRequest req) => Locked(state, () => PageOf(state.DomainNames, req, HttpApiWire.DomainName)))
            .Aws(Service, "GetDomainNames");
        app.MapGet("/v2/domainnames/{domainName}", (string domainName) => Locked(state, () => HttpApiWire.DomainName(RequireDomain(state, domainName))))
            .Aws(Service, "GetDomainName");
        app.MapGet("/v2/domainnames/{domainName}/apimappings", (string domainName, HttpRequest req) => Locked(state, () =>
                PageOf(RequireDomain(state, domainName).Mappings, req, HttpApiWire.ApiMapping)))
            .Aws(Service, "GetApiMappings");
    }

    private static IResult Locked(EmulatorState state, Func<JsonNode> handler, int status = 200)
    {
        JsonNode result;
        lock (state.Sync) result = handler();
        return GatewayWire.Json(result, status);
    }

    private static JsonObject PageOf<T>(IReadOnlyList<T> items, HttpRequest req, Func<T, JsonObject> shape)
    {
        var (page, next) = GatewayWire.Page(items, req.Query["nextToken"], GatewayWire.V2Limit(req));
        return HttpApiWire.Page(page.Select(shape), next);
    }

    /// <summary>UpdateIntegration sets the members present in the body and leaves the rest.</summary>
    private static void ApplyIntegrationUpdate(HttpIntegration i, JsonObject body)
    {
        if (body.String("integrationUri") is { } uri) i.IntegrationUri = uri;
        if (body.ContainsKey("credentialsArn")) i.CredentialsArn = body.String("credentialsArn");
        if (body.String("integrationType") is { } type) i.IntegrationType = type;
        if (body.String("integrationMethod") is { } method) i.IntegrationMethod = method;
        if (body.String("payloadFormatVersion") is { } pfv) i.PayloadFormatVersion = pfv;
        if (body.String("connectionType") is { } ct) i.ConnectionType = ct;
        if (body.ContainsKey("connectionId")) i.ConnectionId = body.String("connectionId");
        if (body.ContainsKey("description")) i.Description = body.String("description");
        if (body.String("passthroughBehavior") is { } pb) i.PassthroughBehavior = pb;
        if (body.String("contentHandlingStrategy") is { } chs) i.ContentHandlingStrategy = chs;
        if (body.String("integrationSubtype") is { } st) i.IntegrationSubtype = st;
        if (body.String("templateSelectionExpression") is { } tse) i.TemplateSelectionExpression = tse;
        if (body["timeoutInMillis"] is JsonValue tv)
        {
            if (!tv.TryGetValue<int>(out var t) || t < 50 || t > 30000) throw GatewayWire.BadRequest("TimeoutInMillis must be between 50 and 30000");
            i.TimeoutInMillis = t;
        }
        if (body["requestParameters"] is JsonObject rp) foreach (var (k, v) in GatewayWire.StringMap(rp)) i.RequestParameters[k] = v;
        if (body["requestTemplates"] is JsonObject rt) foreach (var (k, v) in GatewayWire.StringMap(rt)) i.RequestTemplates[k] = v;
        if (i.IntegrationType == "AWS_PROXY" && (i.IntegrationUri == null || !i.IntegrationUri.StartsWith("arn:", StringComparison.Ordinal)))
            throw GatewayWire.BadRequest("Invalid integration URI specified: an AWS_PROXY integration needs a Lambda function ARN or invocations URI");
        if (i.IntegrationType == "AWS_PROXY" && i.PayloadFormatVersion is not ("1.0" or "2.0"))
            throw GatewayWire.BadRequest("PayloadFormatVersion must be 1.0 or 2.0");
    }

    /// <summary>Stage variables merge into the stage; a variable set to "" is removed (values otherwise must be non-empty).
    /// DeploymentId can't be set while AutoDeploy is on.</summary>
    private static HttpStage UpdateStage(EmulatorState state, HttpApi api, string stageName, JsonObject body)
    {
        var stage = RequireStage(api, stageName);
        var autoDeploy = body["autoDeploy"] is JsonValue av && av.TryGetValue<bool>(out var a) ? a : (bool?)null;
        var deploymentId = body.String("deploymentId");
        if (deploymentId != null)
        {
            if (autoDeploy ?? stage.AutoDeploy) throw GatewayWire.BadRequest("DeploymentId can't be updated when AutoDeploy is enabled on the stage");
            if (api.Deployment(deploymentId) is not { Status: "DEPLOYED" })
                throw GatewayWire.BadRequest($"Invalid deployment identifier specified: {deploymentId}");
        }
        var variables = body["stageVariables"] is JsonObject sv ? GatewayWire.StringMap(sv) : null;
        if (variables != null)
            foreach (var (k, v) in variables)
            {
                if (!StageVariableName.IsMatch(k)) throw GatewayWire.BadRequest($"Stage variable name '{k}' is invalid: names may contain only alphanumeric and underscore characters");
                if (v.Length > 0) PatchOperations.ValidateVariableValue(v);
            }

        if (deploymentId != null) stage.DeploymentId = deploymentId;
        if (variables != null)
            foreach (var (k, v) in variables)
                if (v.Length == 0) stage.StageVariables.Remove(k); else stage.StageVariables[k] = v;
        if (body.ContainsKey("description")) stage.Description = body.String("description");
        if (body.ContainsKey("clientCertificateId")) stage.ClientCertificateId = body.String("clientCertificateId");
        stage.LastUpdatedDate = state.Clock();
        if (autoDeploy != null && autoDeploy.Value != stage.AutoDeploy)
        {
            stage.AutoDeploy = autoDeploy.Value;
            if (stage.AutoDeploy) state.ScheduleAutoDeployments(api);
        }
        return stage;
    }

    /// <summary>An explicit deployment is DEPLOYED at once; with StageName that stage serves it. AutoDeploy stages
    /// deploy themselves and refuse manual deployments.</summary>
    private static HttpDeployment CreateDeployment(EmulatorState state, HttpApi api, JsonObject body)
    {
        var stageName = body.String("stageName");
        var stage = stageName == null ? null : RequireStage(api, stageName);
        if (stage is { AutoDeploy: true })
            throw GatewayWire.BadRequest($"Stage {stageName} has AutoDeploy enabled; it deploys automatically and can't be deployed manually");
        if (api.Draft.Routes.Count == 0) throw GatewayWire.BadRequest("Unable to deploy API because no routes exist in this API");
        var now = state.Clock();
        var deployment = new HttpDeployment
        {
            DeploymentId = GatewayWire.NewId(6, x => api.Deployment(x) != null),
            Description = body.String("description"),
            CreatedDate = now,
            AutoDeployed = false,
            Status = "DEPLOYED",
            Snapshot = api.Draft.Clone(),
        };
        api.Deployments.Add(deployment);
        if (stage != null)
        {
            stage.DeploymentId = deployment.DeploymentId;
            stage.LastDeploymentStatusMessage = $"Successfully deployed stage with deployment ID '{deployment.DeploymentId}'";
            stage.LastUpdatedDate = now;
        }
        return deployment;
    }

    private static IResult ExportApi(EmulatorState state, string apiId, string specification, HttpRequest req)
    {
        if (specification != "OAS30") throw GatewayWire.BadRequest($"Unsupported specification '{specification}': use OAS30");
        string outputType = req.Query["outputType"];
        if (outputType != "JSON" && outputType != "YAML") throw GatewayWire.BadRequest("OutputType is required and must be JSON or YAML");
        string exportVersion = req.Query["exportVersion"];
        if (!string.IsNullOrEmpty(exportVersion) && exportVersion != "1.0") throw GatewayWire.BadRequest("ExportVersion must be 1.0");
        string include = req.Query["includeExtensions"];
        var includeExtensions = string.IsNullOrEmpty(include) || !bool.TryParse(include, out var inc) || inc;
        string stageName = req.Query["stageName"];
        JsonObject doc;
        lock (state.Sync)
        {
            var api = RequireApi(state, apiId);
            if (api.IsWebSocket) throw GatewayWire.BadRequest("Export is only supported for HTTP APIs");
            HttpStage stage = null;
            var def = api.Draft;
            if (!string.IsNullOrEmpty(stageName))
            {
                stage = RequireStage(api, stageName);
                def = api.Deployment(stage.DeploymentId)?.Snapshot
                      ?? throw GatewayWire.BadRequest($"Stage {stageName} has no deployment to export");
            }
            doc = HttpApiExport.Build(api, def, stage, includeExtensions, state.Region);
        }
        var yaml = outputType == "YAML";
        var text = yaml ? YamlWriter.Write(doc) : doc.ToJsonString(GatewayWire.Indented);
        return Results.Bytes(Encoding.UTF8.GetBytes(text), yaml ? "application/yaml" : "application/json");
    }

    public static HttpApi RequireApi(EmulatorState state, string apiId)
    {
        var api = state.FindHttpApi(apiId) ?? throw GatewayWire.V2NotFound("Api", $"Invalid API identifier specified {apiId}");
        state.SettleAutoDeployments(api);
        return api;
    }

    private static HttpIntegration RequireIntegration(HttpApi api, string id)
        => api.Draft.Integration(id) ?? throw GatewayWire.V2NotFound("Integration", $"Invalid Integration identifier specified {id}");

    private static HttpStage RequireStage(HttpApi api, string name)
        => api.Stage(name) ?? throw GatewayWire.V2NotFound("Stage", $"Invalid stage identifier specified {name}");

    private static GatewayDomainName RequireDomain(EmulatorState state, string name)
        => state.FindDomainName(name) ?? throw GatewayWire.V2NotFound("DomainName", $"Invalid domain name identifier specified {name}");
}
