// Loads the "apigatewayv2" scenario section. Schema, member names as on the wire:
// {
//   "apis": [{
//     "apiId", "name", "protocolType": "HTTP|WEBSOCKET", "description", "createdDate", "routeSelectionExpression", "tags",
//     "integrations": [{ "integrationId", "integrationType", "integrationUri", "integrationMethod", "payloadFormatVersion",
//                        "credentialsArn", "connectionType", "timeoutInMillis", "description" }],
//     "authorizers": [{ "authorizerId", "name", "authorizerType": "REQUEST|JWT", "authorizerUri", "authorizerCredentialsArn",
//                       "authorizerPayloadFormatVersion", "authorizerResultTtlInSeconds", "enableSimpleResponses",
//                       "identitySource": [...], "jwtConfiguration": { "issuer", "audience": [...] } }],
//     "routes": [{ "routeId", "routeKey": "GET /items", "target": "integrations/{id}" (or "integrationId": "{id}"),
//                  "authorizationType", "authorizerId", "apiKeyRequired", "operationName", "authorizationScopes" }],
//     "deployments": [{ "deploymentId", "description", "createdDate", "autoDeployed",
//                       "snapshot": "draft" (default) | { "routes": [...], "integrations": [...], "authorizers": [...] } }],
//     "stages": [{ "stageName", "autoDeploy", "deploymentId", "description", "stageVariables", "tags" }]
//   }],
//   "domainNames": [{ "domainName", "endpointType", "certificateArn", "tags",
//                     "apiMappings": [{ "apiMappingId", "apiMappingKey" ("" for the root), "apiId", "stage" }] }]
// }
// A stage with autoDeploy and no deploymentId gets an automatic deployment of the draft, already DEPLOYED.
using System.Text.Json;

namespace LambdaAlias.Emulator;

public sealed partial class EmulatorState
{
    public partial void LoadApiGatewayV2(JsonElement section)
    {
        lock (Sync)
        {
            foreach (var a in ScenarioJson.Items(section, "apis")) HttpApis.Add(HttpApiScenario.LoadApi(this, a));
            foreach (var d in ScenarioJson.Items(section, "domainNames")) RestScenario.LoadDomain(this, d, "apiMappings");
        }
    }
}

public static class HttpApiScenario
{
    public static HttpApi LoadApi(EmulatorState state, JsonElement e)
    {
        var created = ScenarioJson.Date(e, "createdDate", state.Clock());
        var protocol = ScenarioJson.Str(e, "protocolType") ?? "HTTP";
        var api = new HttpApi
        {
            ApiId = ScenarioJson.Str(e, "apiId") ?? GatewayWire.NewId(10, x => state.FindHttpApi(x) != null || state.FindRestApi(x) != null),
            Name = ScenarioJson.Require(e, "name", "an HTTP API"),
            ProtocolType = protocol,
            Description = ScenarioJson.Str(e, "description"),
            Version = ScenarioJson.Str(e, "version"),
            CreatedDate = created,
            RouteSelectionExpression = ScenarioJson.Str(e, "routeSelectionExpression") ?? (protocol == "WEBSOCKET" ? "$request.body.action" : "${request.method} ${request.path}"),
            Tags = ScenarioJson.Map(e, "tags"),
            DisableExecuteApiEndpoint = ScenarioJson.Bool(e, "disableExecuteApiEndpoint"),
        };
        api.Draft = LoadDefinition(e, api.IsWebSocket);

        foreach (var d in ScenarioJson.Items(e, "deployments"))
        {
            HttpApiDefinition snapshot;
            if (d.TryGetProperty("snapshot", out var s) && s.ValueKind == JsonValueKind.Object) snapshot = LoadDefinition(s, api.IsWebSocket);
            else if (s.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null || s.GetString() == "draft") snapshot = api.Draft.Clone();
            else throw new InvalidDataException($"Scenario: API {api.ApiId} deployment snapshot must be \"draft\" or an object");
            api.Deployments.Add(new HttpDeployment
            {
                DeploymentId = ScenarioJson.Str(d, "deploymentId") ?? GatewayWire.NewId(6, x => api.Deployment(x) != null),
                Description = ScenarioJson.Str(d, "description"),
                CreatedDate = ScenarioJson.Date(d, "createdDate", created),
                AutoDeployed = ScenarioJson.Bool(d, "autoDeployed"),
                Status = "DEPLOYED",
                Snapshot = snapshot,
            });
        }

        foreach (var st in ScenarioJson.Items(e, "stages"))
        {
            var stage = new HttpStage
            {
                StageName = ScenarioJson.Require(st, "stageName", $"a stage of API {api.ApiId}"),
                AutoDeploy = ScenarioJson.Bool(st, "autoDeploy"),
                DeploymentId = ScenarioJson.Str(st, "deploymentId"),
                Description = ScenarioJson.Str(st, "description"),
                StageVariables = ScenarioJson.Map(st, "stageVariables"),
                Tags = ScenarioJson.Map(st, "tags"),
                CreatedDate = ScenarioJson.Date(st, "createdDate", created),
            };
            stage.LastUpdatedDate = stage.CreatedDate;
            if (stage.DeploymentId == null && stage.AutoDeploy)
            {
                var auto = new HttpDeployment
                {
                    DeploymentId = GatewayWire.NewId(6, x => api.Deployment(x) != null),
                    Description = "Automatic deployment triggered by changes to the Api configuration",
                    CreatedDate = stage.CreatedDate, AutoDeployed = true, Status = "DEPLOYED", Snapshot = api.Draft.Clone(),
                };
                api.Deployments.Add(auto);
                stage.DeploymentId = auto.DeploymentId;
            }
            if (stage.DeploymentId != null && api.Deployment(stage.DeploymentId) == null)
                throw new InvalidDataException($"Scenario: stage {stage.StageName} of API {api.ApiId} names unknown deployment {stage.DeploymentId}");
            if (stage.DeploymentId != null) stage.LastDeploymentStatusMessage = $"Successfully deployed stage with deployment ID '{stage.DeploymentId}'";
            api.Stages.Add(stage);
        }
        return api;
    }

    public static HttpApiDefinition LoadDefinition(JsonElement e, bool webSocket)
    {
        var def = new HttpApiDefinition();
        foreach (var i in ScenarioJson.Items(e, "integrations"))
        {
            def.Integrations.Add(new HttpIntegration
            {
                IntegrationId = ScenarioJson.Str(i, "integrationId") ?? GatewayWire.NewId(7, x => def.Integration(x) != null),
                IntegrationType = ScenarioJson.Str(i, "integrationType") ?? "AWS_PROXY",
                IntegrationUri = ScenarioJson.Str(i, "integrationUri"),
                IntegrationMethod = ScenarioJson.Str(i, "integrationMethod") ?? "POST",
                PayloadFormatVersion = ScenarioJson.Str(i, "payloadFormatVersion") ?? (webSocket ? "1.0" : "2.0"),
                CredentialsArn = ScenarioJson.Str(i, "credentialsArn"),
                ConnectionType = ScenarioJson.Str(i, "connectionType") ?? "INTERNET",
                Description = ScenarioJson.Str(i, "description"),
                PassthroughBehavior = ScenarioJson.Str(i, "passthroughBehavior") ?? (webSocket ? "WHEN_NO_MATCH" : null),
                ContentHandlingStrategy = ScenarioJson.Str(i, "contentHandlingStrategy"),
                TimeoutInMillis = ScenarioJson.Int(i, "timeoutInMillis") ?? (webSocket ? 29000 : 30000),
                RequestParameters = ScenarioJson.Map(i, "requestParameters"),
                RequestTemplates = ScenarioJson.Map(i, "requestTemplates"),
            });
        }
        foreach (var a in ScenarioJson.Items(e, "authorizers"))
        {
            var authorizer = new HttpAuthorizer
            {
                AuthorizerId = ScenarioJson.Str(a, "authorizerId") ?? GatewayWire.NewId(6, x => def.Authorizer(x) != null),
                Name = ScenarioJson.Require(a, "name", "an authorizer"),
                AuthorizerType = ScenarioJson.Str(a, "authorizerType") ?? "REQUEST",
                AuthorizerUri = ScenarioJson.Str(a, "authorizerUri"),
                AuthorizerCredentialsArn = ScenarioJson.Str(a, "authorizerCredentialsArn"),
                AuthorizerPayloadFormatVersion = ScenarioJson.Str(a, "authorizerPayloadFormatVersion"),
                AuthorizerResultTtlInSeconds = ScenarioJson.Int(a, "authorizerResultTtlInSeconds"),
                EnableSimpleResponses = a.TryGetProperty("enableSimpleResponses", out var esr) && esr.ValueKind is JsonValueKind.True or JsonValueKind.False ? esr.GetBoolean() : null,
                IdentitySource = ScenarioJson.List(a, "identitySource"),
            };
            if (authorizer.AuthorizerType == "REQUEST" && authorizer.AuthorizerPayloadFormatVersion == null && !webSocket) authorizer.AuthorizerPayloadFormatVersion = "2.0";
            if (ScenarioJson.Object(a, "jwtConfiguration") is { } jwt)
            {
                authorizer.JwtIssuer = ScenarioJson.Str(jwt, "issuer");
                authorizer.JwtAudience = ScenarioJson.List(jwt, "audience");
            }
            def.Authorizers.Add(authorizer);
        }
        foreach (var r in ScenarioJson.Items(e, "routes"))
        {
            var target = ScenarioJson.Str(r, "target") ?? (ScenarioJson.Str(r, "integrationId") is { } iid ? "integrations/" + iid : null);
            def.Routes.Add(new HttpRoute
            {
                RouteId = ScenarioJson.Str(r, "routeId") ?? GatewayWire.NewId(7, x => def.Route(x) != null),
                RouteKey = ScenarioJson.Require(r, "routeKey", "a route"),
                Target = target,
                AuthorizationType = ScenarioJson.Str(r, "authorizationType") ?? (ScenarioJson.Str(r, "authorizerId") != null ? "CUSTOM" : "NONE"),
                AuthorizerId = ScenarioJson.Str(r, "authorizerId"),
                ApiKeyRequired = ScenarioJson.Bool(r, "apiKeyRequired"),
                OperationName = ScenarioJson.Str(r, "operationName"),
                AuthorizationScopes = ScenarioJson.List(r, "authorizationScopes"),
            });
        }
        return def;
    }
}
