using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace LambdaAlias
{
    public enum ApiExportFormat
    {
        /// <summary>OpenAPI 3 ("openapi": "3.0.1"): REST GetExport oas30 and v2 ExportApi.</summary>
        OpenApi3,
        /// <summary>Swagger 2.0 ("swagger": "2.0"): REST GetExport swagger.</summary>
        Swagger2,
    }

    /// <summary>An operation's x-amazon-apigateway-integration.</summary>
    public sealed class ExportedIntegration
    {
        /// <summary>As written, lower case in exports: "aws_proxy", "aws", "http_proxy", "http", "mock".</summary>
        public string Type { get; set; }
        public string Uri { get; set; }
        /// <summary>The integration's own method (POST for Lambda), not the operation's.</summary>
        public string HttpMethod { get; set; }
        /// <summary>The credentials role ARN, if the integration invokes through one.</summary>
        public string Credentials { get; set; }
        public string ConnectionType { get; set; }
        public string PayloadFormatVersion { get; set; }
        /// <summary>True for AWS and AWS_PROXY integrations, the two that can invoke Lambda.</summary>
        public bool IsAwsType => string.Equals(Type, "aws", StringComparison.OrdinalIgnoreCase) || string.Equals(Type, "aws_proxy", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A security scheme carrying x-amazon-apigateway-authorizer.</summary>
    public sealed class ExportedAuthorizer
    {
        /// <summary>The security scheme name; API Gateway names it after the authorizer.</summary>
        public string Name { get; set; }
        /// <summary>"token", "request", "cognito_user_pools", "jwt".</summary>
        public string Type { get; set; }
        public string AuthorizerUri { get; set; }
        public string AuthorizerCredentials { get; set; }
        public string IdentitySource { get; set; }
        /// <summary>x-amazon-apigateway-authtype of the scheme ("custom", "cognito_user_pools", ...).</summary>
        public string AuthType { get; set; }
    }

    /// <summary>One path + method of an export.</summary>
    public sealed class ExportedOperation
    {
        public string Path { get; set; }
        /// <summary>Upper case; "ANY" for x-amazon-apigateway-any-method.</summary>
        public string HttpMethod { get; set; }
        /// <summary>"GET /orders", or "$default" for the HTTP API default route.</summary>
        public string RouteKey { get; set; }
        /// <summary>Null when the operation has no integration extension.</summary>
        public ExportedIntegration Integration { get; set; }
        /// <summary>The security scheme names in effect (operation-level security, else the document's).</summary>
        public string[] SecuritySchemes { get; set; } = Array.Empty<string>();
        /// <summary>The schemes in effect that are API Gateway authorizers.</summary>
        public ExportedAuthorizer[] Authorizers { get; set; } = Array.Empty<ExportedAuthorizer>();
        public override string ToString() => RouteKey;
    }

    /// <summary>What a stage serves, read from its export.</summary>
    public sealed class ApiExport
    {
        public ApiExportFormat Format { get; set; }
        public string Title { get; set; }
        public string Version { get; set; }
        public ExportedOperation[] Operations { get; set; } = Array.Empty<ExportedOperation>();
        public ExportedAuthorizer[] Authorizers { get; set; } = Array.Empty<ExportedAuthorizer>();
        /// <summary>True when at least one operation carries x-amazon-apigateway-integration.</summary>
        public bool HasIntegrationExtensions { get; set; }
        /// <summary>True when there are operations but none has the integration extension (exported without
        /// extensions=apigateway): what the stage serves is Unknown, so the caller falls back to the draft.</summary>
        public bool LacksIntegrationExtensions => Operations.Length > 0 && !HasIntegrationExtensions;
        /// <summary>Things skipped while reading (an unresolvable $ref, an operation that is not an object).</summary>
        public string[] Warnings { get; set; } = Array.Empty<string>();

        /// <summary>The operation for a method and path (method case-insensitive, path exact), or null.</summary>
        public ExportedOperation Find(string httpMethod, string path) =>
            Operations.FirstOrDefault(o => string.Equals(o.HttpMethod, httpMethod, StringComparison.OrdinalIgnoreCase) && string.Equals(o.Path, path, StringComparison.Ordinal));
    }

    /// <summary>Reads GetExport (oas30/swagger, extensions=apigateway) and ExportApi JSON into operations, integrations
    /// and authorizers.</summary>
    public static class ApiExportParser
    {
        public const string IntegrationExtension = "x-amazon-apigateway-integration";
        public const string AuthorizerExtension = "x-amazon-apigateway-authorizer";
        public const string AuthTypeExtension = "x-amazon-apigateway-authtype";
        public const string AnyMethodKey = "x-amazon-apigateway-any-method";

        private static readonly string[] MethodKeys = { "get", "put", "post", "delete", "options", "head", "patch", "trace" };

        public static ApiExport Parse(string json)
        {
            if (!TryParse(json, out var export, out var error)) throw error.ToException();
            return export;
        }

        public static bool TryParse(string json, out ApiExport export, out DiscoveryError error)
        {
            export = null;
            error = null;
            if (string.IsNullOrWhiteSpace(json)) return Fail(json, "The export is empty.", out error);
            try
            {
                using (var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false }))
                {
                    var root = document.RootElement;
                    if (root.ValueKind != JsonValueKind.Object) return Fail(json, "The export is not a JSON object.", out error);
                    var result = new ApiExport();
                    if (root.TryGetProperty("openapi", out _)) result.Format = ApiExportFormat.OpenApi3;
                    else if (root.TryGetProperty("swagger", out _)) result.Format = ApiExportFormat.Swagger2;
                    else return Fail(json, "The export has neither an 'openapi' nor a 'swagger' field.", out error);

                    if (root.TryGetProperty("info", out var info) && info.ValueKind == JsonValueKind.Object)
                    {
                        result.Title = String(info, "title");
                        result.Version = String(info, "version");
                    }
                    var warnings = new List<string>();
                    var authorizers = ReadAuthorizers(root, result.Format);
                    result.Authorizers = authorizers.Values.ToArray();
                    var defaultSecurity = root.TryGetProperty("security", out var rootSecurity) ? SecurityNames(rootSecurity) : Array.Empty<string>();

                    var operations = new List<ExportedOperation>();
                    if (root.TryGetProperty("paths", out var paths) && paths.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var pathProperty in paths.EnumerateObject())
                        {
                            if (pathProperty.Value.ValueKind != JsonValueKind.Object)
                            {
                                warnings.Add("Path '" + pathProperty.Name + "' is not an object.");
                                continue;
                            }
                            foreach (var methodProperty in pathProperty.Value.EnumerateObject())
                            {
                                var method = MethodName(methodProperty.Name);
                                if (method == null) continue;
                                if (methodProperty.Value.ValueKind != JsonValueKind.Object)
                                {
                                    warnings.Add("Operation " + method + " " + pathProperty.Name + " is not an object.");
                                    continue;
                                }
                                operations.Add(ReadOperation(root, pathProperty.Name, method, methodProperty.Value, authorizers, defaultSecurity, warnings));
                            }
                        }
                    }
                    result.Operations = operations.ToArray();
                    result.HasIntegrationExtensions = operations.Any(o => o.Integration != null);
                    result.Warnings = warnings.ToArray();
                    export = result;
                    return true;
                }
            }
            catch (JsonException ex)
            {
                return Fail(json, "The export is not valid JSON: " + ex.Message, out error);
            }
        }

        private static ExportedOperation ReadOperation(JsonElement root, string path, string method, JsonElement operation,
            Dictionary<string, ExportedAuthorizer> authorizers, string[] defaultSecurity, List<string> warnings)
        {
            bool isDefaultRoute = path == "$default" || path == "/$default";
            var result = new ExportedOperation
            {
                Path = path,
                HttpMethod = method,
                RouteKey = isDefaultRoute ? "$default" : method + " " + path,
            };
            if (operation.TryGetProperty(IntegrationExtension, out var integration) && integration.ValueKind == JsonValueKind.Object)
            {
                var resolved = ResolveReference(root, integration, warnings, method + " " + path);
                if (resolved.HasValue) result.Integration = ReadIntegration(resolved.Value);
            }
            // An operation-level "security" (even an empty one, meaning no authorization) replaces the document's.
            result.SecuritySchemes = operation.TryGetProperty("security", out var security) ? SecurityNames(security) : defaultSecurity;
            result.Authorizers = result.SecuritySchemes.Where(authorizers.ContainsKey).Select(n => authorizers[n]).ToArray();
            return result;
        }

        private static JsonElement? ResolveReference(JsonElement root, JsonElement element, List<string> warnings, string where)
        {
            if (!element.TryGetProperty("$ref", out var reference)) return element;
            var target = reference.ValueKind == JsonValueKind.String ? reference.GetString() : null;
            if (target == null || !target.StartsWith("#/", StringComparison.Ordinal))
            {
                warnings.Add("The integration of " + where + " refers to '" + target + "', which is not a local reference.");
                return null;
            }
            var current = root;
            foreach (var rawPart in target.Substring(2).Split('/'))
            {
                var part = rawPart.Replace("~1", "/").Replace("~0", "~");
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
                {
                    warnings.Add("The integration of " + where + " refers to '" + target + "', which does not exist.");
                    return null;
                }
            }
            return current.ValueKind == JsonValueKind.Object ? current : (JsonElement?)null;
        }

        private static ExportedIntegration ReadIntegration(JsonElement integration) => new ExportedIntegration
        {
            Type = String(integration, "type"),
            Uri = String(integration, "uri"),
            HttpMethod = String(integration, "httpMethod"),
            Credentials = String(integration, "credentials"),
            ConnectionType = String(integration, "connectionType"),
            PayloadFormatVersion = String(integration, "payloadFormatVersion"),
        };

        private static Dictionary<string, ExportedAuthorizer> ReadAuthorizers(JsonElement root, ApiExportFormat format)
        {
            var result = new Dictionary<string, ExportedAuthorizer>(StringComparer.Ordinal);
            JsonElement schemes = default;
            bool found = format == ApiExportFormat.Swagger2
                ? root.TryGetProperty("securityDefinitions", out schemes)
                : root.TryGetProperty("components", out var components) && components.ValueKind == JsonValueKind.Object && components.TryGetProperty("securitySchemes", out schemes);
            if (!found || schemes.ValueKind != JsonValueKind.Object) return result;
            foreach (var scheme in schemes.EnumerateObject())
            {
                if (scheme.Value.ValueKind != JsonValueKind.Object) continue;
                if (!scheme.Value.TryGetProperty(AuthorizerExtension, out var authorizer) || authorizer.ValueKind != JsonValueKind.Object) continue;
                result[scheme.Name] = new ExportedAuthorizer
                {
                    Name = scheme.Name,
                    Type = String(authorizer, "type"),
                    AuthorizerUri = String(authorizer, "authorizerUri"),
                    AuthorizerCredentials = String(authorizer, "authorizerCredentials"),
                    IdentitySource = String(authorizer, "identitySource"),
                    AuthType = String(scheme.Value, AuthTypeExtension),
                };
            }
            return result;
        }

        private static string[] SecurityNames(JsonElement security)
        {
            if (security.ValueKind != JsonValueKind.Array) return Array.Empty<string>();
            return security.EnumerateArray()
                .Where(requirement => requirement.ValueKind == JsonValueKind.Object)
                .SelectMany(requirement => requirement.EnumerateObject().Select(p => p.Name))
                .Distinct(StringComparer.Ordinal)
                .ToArray();
        }

        private static string MethodName(string key)
        {
            if (key == AnyMethodKey) return RouteCandidate.AnyMethod;
            var lower = key.ToLowerInvariant();
            return MethodKeys.Contains(lower) ? lower.ToUpperInvariant() : null;
        }

        private static string String(JsonElement element, string name)
        {
            if (!element.TryGetProperty(name, out var value)) return null;
            switch (value.ValueKind)
            {
                case JsonValueKind.String: return value.GetString();
                case JsonValueKind.Null: return null;
                default: return value.GetRawText();
            }
        }

        private static bool Fail(string json, string message, out DiscoveryError error)
        {
            error = new DiscoveryError(ErrorIds.MalformedExport, DiscoveryErrorCategory.InvalidData, message, json);
            return false;
        }
    }
}
