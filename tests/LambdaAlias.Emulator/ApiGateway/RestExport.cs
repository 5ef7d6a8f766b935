// GetExport of a REST stage: OpenAPI 3.0 (oas30) or Swagger 2.0 (swagger) built from the stage's DEPLOYED snapshot,
// never from the draft. With extensions=integrations or apigateway each operation carries x-amazon-apigateway-integration;
// with extensions=authorizers or apigateway the security schemes carry x-amazon-apigateway-authorizer. Stage variables
// are left as ${stageVariables.x}, as AWS leaves them.
using System.Text.Json.Nodes;

namespace LambdaAlias.Emulator;

public static class RestExport
{
    public sealed record Options(bool Integrations, bool Authorizers);

    public static Options ParseExtensions(string extensions)
    {
        var parts = (extensions ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var apigateway = parts.Contains("apigateway");
        return new Options(apigateway || parts.Contains("integrations"), apigateway || parts.Contains("authorizers"));
    }

    public static JsonObject Build(RestApi api, RestStage stage, RestDeployment deployment, string exportType, Options options, string region)
    {
        var oas3 = exportType == "oas30";
        var snapshot = deployment.Snapshot;
        var doc = new JsonObject();
        if (oas3) doc["openapi"] = "3.0.1"; else doc["swagger"] = "2.0";
        doc["info"] = new JsonObject { ["title"] = api.Name }
            .Put("description", api.Description)
            .Put("version", GatewayWire.Iso(deployment.CreatedDate));
        var host = $"{api.Id}.execute-api.{region}.{(region.StartsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com")}";
        if (oas3)
        {
            doc["servers"] = new JsonArray(new JsonObject
            {
                ["url"] = $"https://{host}/{{basePath}}",
                ["variables"] = new JsonObject { ["basePath"] = new JsonObject { ["default"] = stage.StageName } },
            });
        }
        else
        {
            doc["host"] = host;
            doc["basePath"] = "/" + stage.StageName;
            doc["schemes"] = new JsonArray("https");
        }

        var usedAuthorizers = new List<RestAuthorizer>();
        var paths = new JsonObject();
        foreach (var resource in snapshot.Resources.Where(r => r.Methods.Count > 0).OrderBy(r => r.Path, StringComparer.Ordinal))
        {
            var pathItem = new JsonObject();
            foreach (var (verb, method) in resource.Methods)
            {
                var op = new JsonObject();
                var pathParameters = PathParameterNames(resource.Path).ToList();
                if (pathParameters.Count > 0)
                {
                    var ps = new JsonArray();
                    foreach (var name in pathParameters)
                    {
                        var p = new JsonObject { ["name"] = name, ["in"] = "path", ["required"] = true };
                        if (oas3) p["schema"] = new JsonObject { ["type"] = "string" }; else p["type"] = "string";
                        ps.Add(p);
                    }
                    op["parameters"] = ps;
                }
                var responses = new JsonObject();
                foreach (var code in method.MethodResponseStatusCodes) responses[code] = new JsonObject { ["description"] = code + " response" };
                op["responses"] = responses;
                var authorizer = method.AuthorizationType == "CUSTOM" || method.AuthorizationType == "COGNITO_USER_POOLS" ? snapshot.Authorizer(method.AuthorizerId) : null;
                if (authorizer != null)
                {
                    op["security"] = new JsonArray(new JsonObject { [authorizer.Name] = new JsonArray() });
                    if (!usedAuthorizers.Contains(authorizer)) usedAuthorizers.Add(authorizer);
                }
                else if (method.AuthorizationType == "AWS_IAM")
                {
                    op["security"] = new JsonArray(new JsonObject { ["sigv4"] = new JsonArray() });
                }
                if (options.Integrations && method.Integration != null) op["x-amazon-apigateway-integration"] = Integration(method.Integration);
                pathItem[verb == "ANY" ? "x-amazon-apigateway-any-method" : verb.ToLowerInvariant()] = op;
            }
            paths[resource.Path] = pathItem;
        }
        doc["paths"] = paths;

        var schemes = new JsonObject();
        foreach (var a in usedAuthorizers)
        {
            var scheme = new JsonObject
            {
                ["type"] = "apiKey",
                ["name"] = a.Type == "TOKEN" ? HeaderName(a.IdentitySource) : "Unused",
                ["in"] = "header",
                ["x-amazon-apigateway-authtype"] = a.Type == "COGNITO_USER_POOLS" ? "cognito_user_pools" : (a.AuthType ?? "custom"),
            };
            if (options.Authorizers) scheme["x-amazon-apigateway-authorizer"] = Authorizer(a);
            schemes[a.Name] = scheme;
        }
        if (snapshot.Resources.Any(r => r.Methods.Values.Any(m => m.AuthorizationType == "AWS_IAM")))
            schemes["sigv4"] = new JsonObject { ["type"] = "apiKey", ["name"] = "Authorization", ["in"] = "header", ["x-amazon-apigateway-authtype"] = "awsSigv4" };
        if (schemes.Count > 0)
        {
            if (oas3) doc["components"] = new JsonObject { ["securitySchemes"] = schemes };
            else doc["securityDefinitions"] = schemes;
        }
        return doc;
    }

    /// <summary>x-amazon-apigateway-integration writes enum values in lower case, as AWS's exports do.</summary>
    public static JsonObject Integration(RestIntegration i)
    {
        var o = new JsonObject { ["type"] = i.Type.ToLowerInvariant() }
            .Put("httpMethod", i.HttpMethod)
            .Put("uri", i.Uri)
            .Put("credentials", i.Credentials);
        if (i.RequestParameters.Count > 0) o["requestParameters"] = GatewayWire.Map(i.RequestParameters);
        if (i.RequestTemplates.Count > 0) o["requestTemplates"] = GatewayWire.Map(i.RequestTemplates);
        o.Put("passthroughBehavior", i.PassthroughBehavior?.ToLowerInvariant());
        o.Put("contentHandling", i.ContentHandling);
        o["timeoutInMillis"] = i.TimeoutInMillis;
        o.Put("cacheNamespace", i.CacheNamespace);
        if (i.CacheKeyParameters.Count > 0) o["cacheKeyParameters"] = GatewayWire.Array(i.CacheKeyParameters);
        return o;
    }

    public static JsonObject Authorizer(RestAuthorizer a)
    {
        var o = new JsonObject { ["type"] = a.Type.ToLowerInvariant() };
        if (a.Type == "COGNITO_USER_POOLS") o["providerARNs"] = GatewayWire.Array(a.ProviderArns);
        o.Put("authorizerUri", a.AuthorizerUri)
         .Put("authorizerCredentials", a.AuthorizerCredentials);
        if (a.AuthorizerResultTtlInSeconds != null) o["authorizerResultTtlInSeconds"] = a.AuthorizerResultTtlInSeconds.Value;
        if (a.Type == "REQUEST") o.Put("identitySource", a.IdentitySource);
        o.Put("identityValidationExpression", a.IdentityValidationExpression);
        return o;
    }

    public static IEnumerable<string> PathParameterNames(string path)
        => path.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s.StartsWith('{') && s.EndsWith('}'))
            .Select(s => s.Trim('{', '}').TrimEnd('+'));

    private static string HeaderName(string identitySource)
        => identitySource != null && identitySource.StartsWith("method.request.header.", StringComparison.Ordinal)
            ? identitySource["method.request.header.".Length..]
            : "Authorization";
}
