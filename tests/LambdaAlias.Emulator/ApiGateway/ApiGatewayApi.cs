// API Gateway REST (v1) control-plane endpoints, wire-compatible with apigateway/service-2.json (2015-07-09).
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LambdaAlias.Emulator;

public static class ApiGatewayApi
{
    private const string Service = "apigateway";
    private static readonly Regex StageNamePattern = new("^[A-Za-z0-9_-]{1,128}$", RegexOptions.Compiled);

    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapGet("/restapis", (HttpRequest req) => GetRestApis(state, req)).Aws(Service, "GetRestApis");
        app.MapGet("/restapis/{restapi_id}", (string restapi_id) => Locked(state, () => RestWire.RestApi(RequireApi(state, restapi_id))))
            .Aws(Service, "GetRestApi");
        app.MapGet("/restapis/{restapi_id}/resources", (string restapi_id, HttpRequest req) => GetResources(state, restapi_id, req))
            .Aws(Service, "GetResources");
        app.MapGet("/restapis/{restapi_id}/resources/{resource_id}", (string restapi_id, string resource_id, HttpRequest req) => Locked(state, () =>
                RestWire.Resource(RequireResource(RequireApi(state, restapi_id), resource_id), EmbedsMethods(req))))
            .Aws(Service, "GetResource");
        app.MapGet("/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}", (string restapi_id, string resource_id, string http_method) => Locked(state, () =>
                RestWire.Method(RequireMethod(RequireResource(RequireApi(state, restapi_id), resource_id), http_method))))
            .Aws(Service, "GetMethod");
        app.MapGet("/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration", (string restapi_id, string resource_id, string http_method) => Locked(state, () =>
                RestWire.Integration(RequireIntegration(RequireMethod(RequireResource(RequireApi(state, restapi_id), resource_id), http_method)))))
            .Aws(Service, "GetIntegration");
        app.MapMethods("/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration", new[] { "PATCH" },
                async (string restapi_id, string resource_id, string http_method, HttpRequest req) =>
                {
                    var ops = PatchOperations.Parse(await GatewayWire.ReadBodyAsync(req));
                    return Locked(state, () =>
                    {
                        var method = RequireMethod(RequireResource(RequireApi(state, restapi_id), resource_id), http_method);
                        var updated = RequireIntegration(method).Clone();
                        PatchOperations.ApplyToIntegration(updated, ops);
                        method.Integration = updated;
                        return RestWire.Integration(updated);
                    });
                })
            .Aws(Service, "UpdateIntegration", mutating: true);

        app.MapGet("/restapis/{restapi_id}/authorizers", (string restapi_id, HttpRequest req) => Locked(state, () =>
            {
                var api = RequireApi(state, restapi_id);
                var (page, next) = GatewayWire.Page(api.Draft.Authorizers, req.Query["position"], GatewayWire.V1Limit(req));
                return RestWire.Page(page.Select(RestWire.Authorizer), next);
            }))
            .Aws(Service, "GetAuthorizers");
        app.MapGet("/restapis/{restapi_id}/authorizers/{authorizer_id}", (string restapi_id, string authorizer_id) => Locked(state, () =>
                RestWire.Authorizer(RequireAuthorizer(RequireApi(state, restapi_id), authorizer_id))))
            .Aws(Service, "GetAuthorizer");
        app.MapMethods("/restapis/{restapi_id}/authorizers/{authorizer_id}", new[] { "PATCH" },
                async (string restapi_id, string authorizer_id, HttpRequest req) =>
                {
                    var ops = PatchOperations.Parse(await GatewayWire.ReadBodyAsync(req));
                    return Locked(state, () =>
                    {
                        var api = RequireApi(state, restapi_id);
                        var current = RequireAuthorizer(api, authorizer_id);
                        var updated = current.Clone();
                        PatchOperations.ApplyToAuthorizer(updated, ops);
                        api.Draft.Authorizers[api.Draft.Authorizers.IndexOf(current)] = updated;
                        return RestWire.Authorizer(updated);
                    });
                })
            .Aws(Service, "UpdateAuthorizer", mutating: true);

        app.MapGet("/restapis/{restapi_id}/stages", (string restapi_id, HttpRequest req) => Locked(state, () =>
            {
                var api = RequireApi(state, restapi_id);
                string deploymentId = req.Query["deploymentId"];
                var stages = api.Stages.Where(s => string.IsNullOrEmpty(deploymentId) || s.DeploymentId == deploymentId);
                return new JsonObject { ["item"] = new JsonArray(stages.Select(s => (JsonNode)RestWire.Stage(s)).ToArray()) };
            }))
            .Aws(Service, "GetStages");
        app.MapGet("/restapis/{restapi_id}/stages/{stage_name}", (string restapi_id, string stage_name) => Locked(state, () =>
                RestWire.Stage(RequireStage(RequireApi(state, restapi_id), stage_name))))
            .Aws(Service, "GetStage");
        app.MapMethods("/restapis/{restapi_id}/stages/{stage_name}", new[] { "PATCH" },
                async (string restapi_id, string stage_name, HttpRequest req) =>
                {
                    var ops = PatchOperations.Parse(await GatewayWire.ReadBodyAsync(req));
                    return Locked(state, () =>
                    {
                        var api = RequireApi(state, restapi_id);
                        var current = RequireStage(api, stage_name);
                        var updated = current.Clone();
                        PatchOperations.ApplyToStage(updated, api, ops);
                        updated.LastUpdatedDate = state.Clock();
                        api.Stages[api.Stages.IndexOf(current)] = updated;
                        return RestWire.Stage(updated);
                    });
                })
            .Aws(Service, "UpdateStage", mutating: true);

        app.MapPost("/restapis/{restapi_id}/deployments", async (string restapi_id, HttpRequest req) =>
            {
                var body = await GatewayWire.ReadBodyAsync(req);
                return Locked(state, () => RestWire.Deployment(CreateDeployment(state, RequireApi(state, restapi_id), body)), status: 201);
            })
            .Aws(Service, "CreateDeployment", mutating: true);
        app.MapGet("/restapis/{restapi_id}/deployments", (string restapi_id, HttpRequest req) => Locked(state, () =>
            {
                var api = RequireApi(state, restapi_id);
                var (page, next) = GatewayWire.Page(api.Deployments, req.Query["position"], GatewayWire.V1Limit(req));
                return RestWire.Page(page.Select(RestWire.Deployment), next);
            }))
            .Aws(Service, "GetDeployments");
        app.MapGet("/restapis/{restapi_id}/deployments/{deployment_id}", (string restapi_id, string deployment_id) => Locked(state, () =>
                RestWire.Deployment(RequireApi(state, restapi_id).Deployment(deployment_id) ?? throw GatewayWire.NotFound("Invalid Deployment identifier specified"))))
            .Aws(Service, "GetDeployment");

        app.MapGet("/restapis/{restapi_id}/stages/{stage_name}/exports/{export_type}", (string restapi_id, string stage_name, string export_type, HttpRequest req) =>
                GetExport(state, restapi_id, stage_name, export_type, req))
            .Aws(Service, "GetExport");

        app.MapGet("/domainnames", (HttpRequest req) => Locked(state, () =>
            {
                var (page, next) = GatewayWire.Page(state.DomainNames, req.Query["position"], GatewayWire.V1Limit(req));
                return RestWire.Page(page.Select(d => RestWire.DomainName(d, state.Region)), next);
            }))
            .Aws(Service, "GetDomainNames");
        app.MapGet("/domainnames/{domain_name}", (string domain_name) => Locked(state, () =>
                RestWire.DomainName(RequireDomain(state, domain_name), state.Region)))
            .Aws(Service, "GetDomainName");
        app.MapGet("/domainnames/{domain_name}/basepathmappings", (string domain_name, HttpRequest req) => Locked(state, () =>
            {
                var domain = RequireDomain(state, domain_name);
                var (page, next) = GatewayWire.Page(domain.Mappings, req.Query["position"], GatewayWire.V1Limit(req));
                return RestWire.Page(page.Select(RestWire.BasePathMapping), next);
            }))
            .Aws(Service, "GetBasePathMappings");

        app.MapGet("/tags/{**resource_arn}", (string resource_arn) => Locked(state, () =>
                new JsonObject { ["tags"] = GatewayWire.Map(TagsOf(state, Uri.UnescapeDataString(resource_arn ?? ""))) }))
            .Aws(Service, "GetTags");
    }

    /// <summary>Runs a handler under the state lock and writes its JSON result.</summary>
    private static IResult Locked(EmulatorState state, Func<JsonNode> handler, int status = 200)
    {
        JsonNode result;
        lock (state.Sync) result = handler();
        return GatewayWire.Json(result, status);
    }

    private static IResult GetRestApis(EmulatorState state, HttpRequest req) => Locked(state, () =>
    {
        var (page, next) = GatewayWire.Page(state.RestApis, req.Query["position"], GatewayWire.V1Limit(req));
        return RestWire.Page(page.Select(RestWire.RestApi), next);
    });

    private static IResult GetResources(EmulatorState state, string restApiId, HttpRequest req) => Locked(state, () =>
    {
        var api = RequireApi(state, restApiId);
        var embed = EmbedsMethods(req);
        var (page, next) = GatewayWire.Page(api.Draft.Resources, req.Query["position"], GatewayWire.V1Limit(req));
        return RestWire.Page(page.Select(r => RestWire.Resource(r, embed)), next);
    });

    /// <summary>"embed" is a list in the query string: embed=methods, possibly repeated or comma-separated.</summary>
    private static bool EmbedsMethods(HttpRequest req)
        => req.Query["embed"].SelectMany(v => (v ?? "").Split(',')).Any(v => v.Trim() == "methods");

    /// <summary>Freezes the draft. With stageName the stage then serves it (created if absent); with canarySettings
    /// the deployment becomes the existing stage's canary instead, leaving the stage's main deployment alone.</summary>
    public static RestDeployment CreateDeployment(EmulatorState state, RestApi api, JsonObject body)
    {
        var stageName = body.String("stageName");
        if (stageName != null && !StageNamePattern.IsMatch(stageName))
            throw GatewayWire.BadRequest("Stage name only allows a-zA-Z0-9_-");
        var methods = api.Draft.Resources.SelectMany(r => r.Methods.Values).ToList();
        if (methods.Count == 0) throw GatewayWire.BadRequest("The REST API doesn't contain any methods");
        if (methods.Any(m => m.Integration == null)) throw GatewayWire.BadRequest("No integration defined for method");
        var variables = GatewayWire.StringMap(body["variables"]);
        foreach (var (k, v) in variables) { PatchOperations.ValidateVariableName(k); PatchOperations.ValidateVariableValue(v); }
        var canary = body["canarySettings"] as JsonObject;
        var stage = stageName == null ? null : api.Stage(stageName);
        if (canary != null && stage == null)
            throw GatewayWire.BadRequest("A canary deployment needs an existing stage: set stageName to a stage that exists");

        var now = state.Clock();
        var deployment = new RestDeployment
        {
            Id = GatewayWire.NewId(6, id => api.Deployment(id) != null),
            Description = body.String("description"),
            CreatedDate = now,
            Snapshot = api.Draft.Clone(),
        };
        api.Deployments.Add(deployment);
        if (stageName == null) return deployment;

        if (canary != null)
        {
            var overrides = GatewayWire.StringMap(canary["stageVariableOverrides"]);
            var pct = canary["percentTraffic"] is JsonValue pv && pv.TryGetValue<double>(out var d) ? d : 0.0;
            stage.CanarySettings = new RestCanarySettings
            {
                DeploymentId = deployment.Id,
                PercentTraffic = pct,
                StageVariableOverrides = new Dictionary<string, string>(overrides, StringComparer.Ordinal),
                UseStageCache = canary["useStageCache"] is JsonValue uv && uv.TryGetValue<bool>(out var u) && u,
            };
            stage.LastUpdatedDate = now;
            return deployment;
        }
        if (stage == null)
        {
            stage = new RestStage { StageName = stageName, CreatedDate = now, Description = body.String("stageDescription") };
            api.Stages.Add(stage);
        }
        stage.DeploymentId = deployment.Id;
        foreach (var (k, v) in variables) stage.Variables[k] = v;
        if (body["tracingEnabled"] is JsonValue tv && tv.TryGetValue<bool>(out var tracing)) stage.TracingEnabled = tracing;
        if (body["cacheClusterEnabled"] is JsonValue cv && cv.TryGetValue<bool>(out var cache)) stage.CacheClusterEnabled = cache;
        stage.LastUpdatedDate = now;
        return deployment;
    }

    private static IResult GetExport(EmulatorState state, string restApiId, string stageName, string exportType, HttpRequest req)
    {
        if (exportType != "oas30" && exportType != "swagger")
            throw GatewayWire.BadRequest($"Invalid export type '{exportType}': use oas30 or swagger");
        var accept = req.Headers.Accept.ToString();
        var yaml = accept.Contains("application/yaml", StringComparison.OrdinalIgnoreCase);
        if (!yaml && !string.IsNullOrEmpty(accept) && !accept.Contains("application/json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("*/*"))
            throw GatewayWire.BadRequest($"Unsupported accepts value '{accept}': use application/json or application/yaml");
        var options = RestExport.ParseExtensions(req.Query["extensions"]);
        JsonObject doc;
        lock (state.Sync)
        {
            var api = RequireApi(state, restApiId);
            var stage = RequireStage(api, stageName);
            var deployment = api.Deployment(stage.DeploymentId) ?? throw GatewayWire.NotFound("Invalid Deployment identifier specified");
            doc = RestExport.Build(api, stage, deployment, exportType, options, state.Region);
        }
        var ext = yaml ? "yaml" : "json";
        var text = yaml ? YamlWriter.Write(doc) : doc.ToJsonString(GatewayWire.Indented);
        req.HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{exportType}_{restApiId}_{stageName}.{ext}\"";
        return Results.Bytes(Encoding.UTF8.GetBytes(text), yaml ? "application/yaml" : "application/json");
    }

    private static Dictionary<string, string> TagsOf(EmulatorState state, string arn)
    {
        var prefix = $"arn:{state.Partition}:apigateway:{state.Region}::/";
        if (!arn.StartsWith(prefix, StringComparison.Ordinal)) throw GatewayWire.BadRequest("Invalid resource ARN: " + arn);
        var parts = arn[prefix.Length..].Split('/');
        if (parts.Length == 2 && parts[0] == "restapis") return RequireApi(state, parts[1]).Tags;
        if (parts.Length == 4 && parts[0] == "restapis" && parts[2] == "stages") return RequireStage(RequireApi(state, parts[1]), parts[3]).Tags;
        if (parts.Length == 2 && parts[0] == "domainnames") return RequireDomain(state, parts[1]).Tags;
        if (parts.Length == 2 && parts[0] == "apis")
            return (state.FindHttpApi(parts[1]) ?? throw GatewayWire.NotFound("Invalid API identifier specified " + state.AccountId + ":" + parts[1])).Tags;
        throw GatewayWire.BadRequest("Invalid resource ARN: " + arn);
    }

    public static RestApi RequireApi(EmulatorState state, string id)
        => state.FindRestApi(id) ?? throw GatewayWire.NotFound($"Invalid API identifier specified {state.AccountId}:{id}");

    private static RestResource RequireResource(RestApi api, string id)
        => api.Draft.Resource(id) ?? throw GatewayWire.NotFound("Invalid Resource identifier specified");

    private static RestMethod RequireMethod(RestResource resource, string httpMethod)
        => resource.Methods.TryGetValue(httpMethod.ToUpperInvariant(), out var m) ? m : throw GatewayWire.NotFound("Invalid Method identifier specified");

    private static RestIntegration RequireIntegration(RestMethod method)
        => method.Integration ?? throw GatewayWire.NotFound("No integration defined for method");

    private static RestAuthorizer RequireAuthorizer(RestApi api, string id)
        => api.Draft.Authorizer(id) ?? throw GatewayWire.NotFound("Invalid Authorizer identifier specified");

    private static RestStage RequireStage(RestApi api, string name)
        => api.Stage(name) ?? throw GatewayWire.NotFound("Invalid stage identifier specified");

    private static GatewayDomainName RequireDomain(EmulatorState state, string name)
        => state.FindDomainName(name) ?? throw GatewayWire.NotFound("Invalid domain name identifier specified");
}
