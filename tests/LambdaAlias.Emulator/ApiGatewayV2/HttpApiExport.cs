// ExportApi for HTTP APIs: OpenAPI 3.0 of a stage's deployed snapshot (stageName given) or of the current configuration
// (no stageName), with x-amazon-apigateway-integration and x-amazon-apigateway-authorizer when includeExtensions is true.
using System.Text.Json.Nodes;

namespace LambdaAlias.Emulator;

public static class HttpApiExport
{
    public static JsonObject Build(HttpApi api, HttpApiDefinition def, HttpStage stage, bool includeExtensions, string region)
    {
        var doc = new JsonObject
        {
            ["openapi"] = "3.0.1",
            ["info"] = new JsonObject { ["title"] = api.Name }
                .Put("description", api.Description)
                .Put("version", GatewayWire.Iso(api.CreatedDate)),
            ["servers"] = new JsonArray(new JsonObject
            {
                ["url"] = HttpApiWire.Endpoint(api, region) + "/{basePath}",
                ["variables"] = new JsonObject { ["basePath"] = new JsonObject { ["default"] = stage == null || stage.StageName == "$default" ? "" : stage.StageName } },
            }),
        };
        var paths = new JsonObject();
        var usedAuthorizers = new List<HttpAuthorizer>();
        foreach (var route in def.Routes.OrderBy(r => r.RouteKey, StringComparer.Ordinal))
        {
            var (verb, path) = SplitRouteKey(route.RouteKey);
            var pathItem = paths[path] as JsonObject ?? new JsonObject();
            paths[path] = pathItem;
            var op = new JsonObject
            {
                ["responses"] = new JsonObject { ["default"] = new JsonObject { ["description"] = $"Default response for {route.RouteKey}" } },
            };
            var parameters = RestExport.PathParameterNames(path).ToList();
            if (parameters.Count > 0)
                op["parameters"] = new JsonArray(parameters.Select(n => (JsonNode)new JsonObject { ["name"] = n, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } }).ToArray());
            var authorizer = route.AuthorizationType is "CUSTOM" or "JWT" ? def.Authorizer(route.AuthorizerId) : null;
            if (authorizer != null)
            {
                op["security"] = new JsonArray(new JsonObject { [authorizer.Name] = GatewayWire.Array(route.AuthorizationScopes) });
                if (!usedAuthorizers.Contains(authorizer)) usedAuthorizers.Add(authorizer);
            }
            var integration = def.Integration(route.TargetIntegrationId);
            if (includeExtensions && integration != null)
            {
                op["x-amazon-apigateway-integration"] = new JsonObject
                {
                    ["payloadFormatVersion"] = integration.PayloadFormatVersion,
                    ["type"] = integration.IntegrationType.ToLowerInvariant(),
                    ["httpMethod"] = integration.IntegrationMethod,
                    ["uri"] = integration.IntegrationUri,
                    ["connectionType"] = integration.ConnectionType,
                }
                .Put("credentials", integration.CredentialsArn);
                ((JsonObject)op["x-amazon-apigateway-integration"])["timeoutInMillis"] = integration.TimeoutInMillis;
            }
            pathItem[verb == "ANY" ? "x-amazon-apigateway-any-method" : verb.ToLowerInvariant()] = op;
        }
        doc["paths"] = paths;
        if (usedAuthorizers.Count > 0)
        {
            var schemes = new JsonObject();
            foreach (var a in usedAuthorizers)
            {
                JsonObject scheme;
                if (a.AuthorizerType == "JWT")
                {
                    scheme = new JsonObject { ["type"] = "oauth2", ["flows"] = new JsonObject() };
                    if (includeExtensions)
                        scheme["x-amazon-apigateway-authorizer"] = new JsonObject
                        {
                            ["identitySource"] = string.Join(",", a.IdentitySource),
                            ["jwtConfiguration"] = new JsonObject { ["audience"] = GatewayWire.Array(a.JwtAudience) }.Put("issuer", a.JwtIssuer),
                            ["type"] = "jwt",
                        };
                }
                else
                {
                    scheme = new JsonObject { ["type"] = "apiKey", ["name"] = "Authorization", ["in"] = "header" };
                    if (includeExtensions)
                    {
                        var ext = new JsonObject
                        {
                            ["identitySource"] = string.Join(",", a.IdentitySource),
                            ["authorizerUri"] = a.AuthorizerUri,
                            ["authorizerPayloadFormatVersion"] = a.AuthorizerPayloadFormatVersion,
                            ["type"] = "request",
                        }
                        .Put("authorizerCredentials", a.AuthorizerCredentialsArn);
                        if (a.AuthorizerResultTtlInSeconds != null) ext["authorizerResultTtlInSeconds"] = a.AuthorizerResultTtlInSeconds.Value;
                        if (a.EnableSimpleResponses != null) ext["enableSimpleResponses"] = a.EnableSimpleResponses.Value;
                        scheme["x-amazon-apigateway-authorizer"] = ext;
                    }
                }
                schemes[a.Name] = scheme;
            }
            doc["components"] = new JsonObject { ["securitySchemes"] = schemes };
        }
        if (includeExtensions) doc["x-amazon-apigateway-importexport-version"] = "1.0";
        return doc;
    }

    /// <summary>"GET /items" → (GET, /items); "$default" → (ANY, /$default), as AWS exports the default route.</summary>
    public static (string Verb, string Path) SplitRouteKey(string routeKey)
    {
        var space = routeKey.IndexOf(' ');
        return space < 0 ? ("ANY", "/" + routeKey.TrimStart('/')) : (routeKey[..space].ToUpperInvariant(), routeKey[(space + 1)..]);
    }
}
