// API Gateway v1 updates are lists of JSON-Patch-like operations ({op, path, value, from}). Paths are JSON Pointers:
// a "/" inside a name is written "~1" and a "~" is written "~0" (RFC 6901), e.g. /variables/a~1b names variable "a/b".
// Operations apply in order and all-or-nothing: handlers patch a copy and keep it only when every operation succeeded.
using System.Globalization;
using System.Text.Json.Nodes;

namespace LambdaAlias.Emulator;

public sealed record PatchOperation(string Op, string Path, string Value, string From)
{
    /// <summary>The path's segments with JSON Pointer escapes decoded.</summary>
    public IReadOnlyList<string> Segments => PatchOperations.Split(Path);
    public IReadOnlyList<string> FromSegments => PatchOperations.Split(From);
}

public static class PatchOperations
{
    private static readonly string[] Ops = { "add", "remove", "replace", "move", "copy", "test" };

    public static List<PatchOperation> Parse(JsonObject body)
    {
        var list = new List<PatchOperation>();
        if (!body.TryGetPropertyValue("patchOperations", out var node) || node == null) return list;
        if (node is not JsonArray array) throw GatewayWire.BadRequest("patchOperations must be a list");
        foreach (var item in array)
        {
            if (item is not JsonObject o) throw GatewayWire.BadRequest("Each patch operation must be an object");
            var op = o.String("op");
            if (op == null || !Ops.Contains(op))
                throw GatewayWire.BadRequest($"1 validation error detected: Value '{op}' at 'patchOperations.{list.Count + 1}.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, copy, replace]");
            var path = o.String("path");
            if (string.IsNullOrEmpty(path) || path[0] != '/') throw GatewayWire.BadRequest($"Invalid patch path '{path}'");
            list.Add(new PatchOperation(op, path, o.String("value"), o.String("from")));
        }
        return list;
    }

    /// <summary>Splits a JSON Pointer and decodes ~1 then ~0, the order RFC 6901 prescribes.</summary>
    public static IReadOnlyList<string> Split(string pointer)
    {
        if (string.IsNullOrEmpty(pointer)) return System.Array.Empty<string>();
        return pointer.TrimStart('/').Split('/').Select(s => s.Replace("~1", "/").Replace("~0", "~")).ToList();
    }

    /// <summary>Encodes a name as one JSON Pointer segment.</summary>
    public static string Escape(string name) => name.Replace("~", "~0").Replace("/", "~1");

    public static AwsErrorException InvalidPath(PatchOperation p)
        => GatewayWire.BadRequest($"Invalid patch path '{p.Path}' specified for op '{p.Op}'. Please choose supported operations");

    private static string RequireValue(PatchOperation p)
        => p.Value ?? throw GatewayWire.BadRequest($"Invalid null value for op '{p.Op}' on path '{p.Path}'");

    private static bool ParseBool(PatchOperation p)
        => bool.TryParse(RequireValue(p), out var b) ? b : throw GatewayWire.BadRequest($"Invalid boolean value '{p.Value}' for path '{p.Path}'");

    private static bool IsSet(PatchOperation p) => p.Op is "replace" or "add";

    // ---------------------------------------------------------------- Integration

    public static void ApplyToIntegration(RestIntegration target, IEnumerable<PatchOperation> ops)
    {
        foreach (var p in ops)
        {
            var s = p.Segments;
            if (s.Count == 1 && IsSet(p))
            {
                switch (s[0])
                {
                    case "uri": target.Uri = RequireValue(p); continue;
                    case "credentials": target.Credentials = p.Value; continue;
                    case "type": target.Type = RequireValue(p); continue;
                    case "httpMethod": target.HttpMethod = RequireValue(p); continue;
                    case "passthroughBehavior": target.PassthroughBehavior = RequireValue(p); continue;
                    case "contentHandling": target.ContentHandling = p.Value; continue;
                    case "connectionType": target.ConnectionType = RequireValue(p); continue;
                    case "cacheNamespace": target.CacheNamespace = p.Value; continue;
                    case "timeoutInMillis":
                        if (!int.TryParse(RequireValue(p), NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) || t < 50 || t > 29000)
                            throw GatewayWire.BadRequest("Timeout should be between 50 ms and 29000 ms");
                        target.TimeoutInMillis = t; continue;
                }
            }
            if (s.Count == 1 && p.Op == "remove" && s[0] is "credentials" or "contentHandling" or "cacheNamespace")
            {
                if (s[0] == "credentials") target.Credentials = null;
                else if (s[0] == "contentHandling") target.ContentHandling = null;
                else target.CacheNamespace = null;
                continue;
            }
            if (s.Count == 2 && s[0] is "requestParameters" or "requestTemplates")
            {
                var map = s[0] == "requestParameters" ? target.RequestParameters : target.RequestTemplates;
                if (IsSet(p)) { map[s[1]] = RequireValue(p); continue; }
                if (p.Op == "remove") { map.Remove(s[1]); continue; }
            }
            if (s.Count == 2 && s[0] == "cacheKeyParameters")
            {
                if (p.Op == "add") { if (!target.CacheKeyParameters.Contains(s[1])) target.CacheKeyParameters.Add(s[1]); continue; }
                if (p.Op == "remove") { target.CacheKeyParameters.Remove(s[1]); continue; }
            }
            throw InvalidPath(p);
        }
        ValidateIntegration(target);
    }

    /// <summary>The checks AWS applies to AWS-type integrations: the URI must be an API Gateway service ARN.</summary>
    public static void ValidateIntegration(RestIntegration i)
    {
        if (i.Type is "AWS" or "AWS_PROXY")
        {
            if (string.IsNullOrEmpty(i.Uri) || !i.Uri.StartsWith("arn:", StringComparison.Ordinal) || !i.Uri.Contains(":apigateway:", StringComparison.Ordinal))
                throw GatewayWire.BadRequest("AWS ARN for integration must contain path or action");
        }
        if (i.Type == "AWS_PROXY" && i.HttpMethod != "POST" && i.Uri != null && i.Uri.Contains(":lambda:path/", StringComparison.Ordinal))
            throw GatewayWire.BadRequest("Lambda proxy integrations must use the POST integration method");
    }

    // ---------------------------------------------------------------- Authorizer

    public static void ApplyToAuthorizer(RestAuthorizer target, IEnumerable<PatchOperation> ops)
    {
        foreach (var p in ops)
        {
            var s = p.Segments;
            if (s.Count == 1 && IsSet(p))
            {
                switch (s[0])
                {
                    case "authorizerUri": target.AuthorizerUri = RequireValue(p); continue;
                    case "authorizerCredentials": target.AuthorizerCredentials = p.Value; continue;
                    case "name": target.Name = RequireValue(p); continue;
                    case "type": target.Type = RequireValue(p); continue;
                    case "authType": target.AuthType = p.Value; continue;
                    case "identitySource": target.IdentitySource = p.Value; continue;
                    case "identityValidationExpression": target.IdentityValidationExpression = p.Value; continue;
                    case "authorizerResultTtlInSeconds":
                        if (!int.TryParse(RequireValue(p), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ttl) || ttl < 0 || ttl > 3600)
                            throw GatewayWire.BadRequest("Authorizer result TTL must be between 0 and 3600 seconds");
                        target.AuthorizerResultTtlInSeconds = ttl; continue;
                }
            }
            if (s.Count == 1 && p.Op == "remove" && s[0] is "authorizerCredentials" or "identityValidationExpression")
            {
                if (s[0] == "authorizerCredentials") target.AuthorizerCredentials = null; else target.IdentityValidationExpression = null;
                continue;
            }
            if (s.Count == 2 && s[0] == "providerARNs")
            {
                if (p.Op == "add") { if (!target.ProviderArns.Contains(s[1])) target.ProviderArns.Add(s[1]); continue; }
                if (p.Op == "remove") { target.ProviderArns.Remove(s[1]); continue; }
            }
            throw InvalidPath(p);
        }
        if (target.Type is "TOKEN" or "REQUEST" && string.IsNullOrEmpty(target.AuthorizerUri))
            throw GatewayWire.BadRequest("Authorizer URI is required for TOKEN and REQUEST authorizers");
    }

    // ---------------------------------------------------------------- Stage

    /// <summary>Stage paths per the UpdateStage patch reference, including canary management and promotion
    /// (copy /canarySettings/deploymentId to /deploymentId, copy /canarySettings/stageVariableOverrides to /variables).</summary>
    public static void ApplyToStage(RestStage target, RestApi api, IEnumerable<PatchOperation> ops)
    {
        foreach (var p in ops)
        {
            var s = p.Segments;
            if (p.Op == "copy")
            {
                var f = p.FromSegments;
                if (f.Count == 2 && f[0] == "canarySettings" && f[1] == "deploymentId" && s.Count == 1 && s[0] == "deploymentId")
                {
                    target.DeploymentId = target.CanarySettings?.DeploymentId ?? throw GatewayWire.BadRequest("Stage has no canary deployment to promote");
                    continue;
                }
                if (f.Count == 2 && f[0] == "canarySettings" && f[1] == "stageVariableOverrides" && s.Count == 1 && s[0] == "variables")
                {
                    if (target.CanarySettings == null) throw GatewayWire.BadRequest("Stage has no canary settings to promote");
                    foreach (var (k, v) in target.CanarySettings.StageVariableOverrides) target.Variables[k] = v;
                    continue;
                }
                throw InvalidPath(p);
            }
            if (s.Count == 1 && IsSet(p))
            {
                switch (s[0])
                {
                    case "deploymentId": target.DeploymentId = RequireDeployment(api, RequireValue(p)); continue;
                    case "description": target.Description = p.Value; continue;
                    case "tracingEnabled": target.TracingEnabled = ParseBool(p); continue;
                    case "cacheClusterEnabled": target.CacheClusterEnabled = ParseBool(p); continue;
                    case "cacheClusterSize": target.CacheClusterSize = p.Value; continue;
                    case "documentationVersion": target.DocumentationVersion = p.Value; continue;
                    case "clientCertificateId": target.ClientCertificateId = p.Value; continue;
                    case "webAclArn": target.WebAclArn = p.Value; continue;
                }
            }
            if (s.Count == 2 && s[0] == "variables")
            {
                if (IsSet(p)) { target.Variables[ValidateVariableName(s[1])] = ValidateVariableValue(p); continue; }
                if (p.Op == "remove") { target.Variables.Remove(s[1]); continue; }
            }
            if (s.Count == 1 && s[0] == "canarySettings" && p.Op == "remove")
            {
                target.CanarySettings = null;
                continue;
            }
            if (s.Count >= 2 && s[0] == "canarySettings")
            {
                if (s.Count == 2 && IsSet(p))
                {
                    switch (s[1])
                    {
                        case "percentTraffic":
                            if (!double.TryParse(RequireValue(p), NumberStyles.Float, CultureInfo.InvariantCulture, out var pct) || pct < 0 || pct > 100)
                                throw GatewayWire.BadRequest("Canary traffic percentage must be between 0.0 and 100.0");
                            Canary(target).PercentTraffic = pct; continue;
                        case "deploymentId": Canary(target).DeploymentId = RequireDeployment(api, RequireValue(p)); continue;
                        case "useStageCache": Canary(target).UseStageCache = ParseBool(p); continue;
                    }
                }
                if (s.Count == 3 && s[1] == "stageVariableOverrides")
                {
                    if (IsSet(p)) { Canary(target).StageVariableOverrides[ValidateVariableName(s[2])] = ValidateVariableValue(p); continue; }
                    if (p.Op == "remove")
                    {
                        if (target.CanarySettings == null) throw GatewayWire.BadRequest("Stage has no canary settings");
                        target.CanarySettings.StageVariableOverrides.Remove(s[2]);
                        continue;
                    }
                }
            }
            throw InvalidPath(p);
        }
    }

    /// <summary>A canary created by patching starts at the stage's own deployment, as the console does.</summary>
    private static RestCanarySettings Canary(RestStage stage)
        => stage.CanarySettings ??= new RestCanarySettings { DeploymentId = stage.DeploymentId };

    private static string RequireDeployment(RestApi api, string id)
        => api.Deployment(id) != null ? id : throw GatewayWire.BadRequest("Invalid deployment identifier specified");

    /// <summary>Stage variable names have alphanumeric and underscore characters only.</summary>
    public static string ValidateVariableName(string name)
    {
        if (name.Length == 0 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '_')))
            throw GatewayWire.BadRequest($"Stage variable name '{name}' is invalid: names may contain only alphanumeric and underscore characters");
        return name;
    }

    /// <summary>Stage variable values must match [A-Za-z0-9-._~:/?#&amp;=,]+ (API Gateway developer guide).</summary>
    private static string ValidateVariableValue(PatchOperation p) => ValidateVariableValue(RequireValue(p));

    public static string ValidateVariableValue(string v)
    {
        if (v.Length == 0 || v.Any(c => !(char.IsAsciiLetterOrDigit(c) || "-._~:/?#&=,".Contains(c))))
            throw GatewayWire.BadRequest($"Stage variable value '{v}' is invalid: values may contain only [A-Za-z0-9-._~:/?#&=,]");
        return v;
    }
}
