// The traffic probe: one simulated request through API Gateway, hop by hop, ending in EmulatorState.InvokeLambda with
// the principal and SourceArn a real request carries. It answers which function version served, or why the chain broke.
using System.Globalization;
using System.Text.RegularExpressions;

namespace LambdaAlias.Emulator;

public sealed partial class EmulatorState
{
    public partial ProbeResult ProbeApiRoute(ProbeRequest request)
    {
        if (!string.IsNullOrEmpty(request.EventSourceMappingUuid)) return ProbeEventSourceMapping(request.EventSourceMappingUuid, request.RoutingSample);
        lock (Sync) return new ApiRouteProbe(this, request).Run();
    }
}

public sealed class ApiRouteProbe
{
    public const string ApiGatewayPrincipal = "apigateway.amazonaws.com";

    private static readonly Regex ExecuteApiHost = new(@"^(?<api>[a-z0-9]+)\.execute-api\.(?<region>[a-z0-9-]+)\.amazonaws\.com(\.cn)?$", RegexOptions.Compiled | RegexOptions.IgnoreCase);
    private static readonly Regex StageVariableRef = new(@"\$\{stageVariables\.(?<name>[A-Za-z0-9_]+)\}", RegexOptions.Compiled);
    private static readonly Regex InvocationsUri = new(@"^arn:(?<partition>aws[a-z-]*):apigateway:(?<region>[a-z0-9-]+):lambda:path/2015-03-31/functions/(?<function>.+)/invocations$", RegexOptions.Compiled);
    private static readonly Regex BareFunctionArn = new(@"^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[^/]+$", RegexOptions.Compiled);

    private readonly EmulatorState _state;
    private readonly ProbeRequest _request;
    private readonly ProbeResult _result = new();

    public ApiRouteProbe(EmulatorState state, ProbeRequest request) { _state = state; _request = request; }

    public ProbeResult Run()
    {
        string apiId, stage, method = (_request.Method ?? "GET").ToUpperInvariant(), path;
        if (!string.IsNullOrEmpty(_request.Url))
        {
            if (!ResolveUrl(_request.Url, out apiId, out stage, out path)) return _result;
        }
        else
        {
            apiId = _request.ApiId;
            stage = _request.Stage;
            path = _request.Path;
            if (string.IsNullOrEmpty(apiId)) return Fail(400, "the probe needs a Url or an ApiId");
            Hop($"request {method} {RouteMatcher.NormalizePath(path)} to API {apiId}, stage {stage ?? "(default)"}");
        }

        var rest = _state.FindRestApi(apiId);
        if (rest != null) return ProbeRest(rest, stage, method, path);
        var v2 = _state.FindHttpApi(apiId);
        if (v2 != null) return v2.IsWebSocket ? ProbeWebSocket(v2, stage, path) : ProbeHttp(v2, stage, method, path);
        return Fail(404, $"no REST, HTTP or WebSocket API with id {apiId} exists in {_state.AccountId} {_state.Region}");
    }

    // ------------------------------------------------------------------ URL resolution

    /// <summary>execute-api hosts name the API; the first path segment names the stage, except that an HTTP API's
    /// $default stage is served at the root. Any other host must be a custom domain, resolved by its mappings.</summary>
    private bool ResolveUrl(string url, out string apiId, out string stage, out string path)
    {
        apiId = stage = path = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "https" && uri.Scheme != "wss" && uri.Scheme != "http"))
        {
            Fail(400, $"'{url}' is not an absolute https URL");
            return false;
        }
        var segments = RouteMatcher.Segments(uri.AbsolutePath);
        var m = ExecuteApiHost.Match(uri.Host);
        if (m.Success)
        {
            apiId = m.Groups["api"].Value.ToLowerInvariant();
            var region = m.Groups["region"].Value.ToLowerInvariant();
            if (region != _state.Region)
            {
                Fail(404, $"{uri.Host} is in region {region}, but this account is emulated in {_state.Region}");
                return false;
            }
            var http = _state.FindHttpApi(apiId);
            if (http != null && !http.IsWebSocket && (segments.Length == 0 || http.Stage(Uri.UnescapeDataString(segments[0])) == null) && http.Stage("$default") != null)
            {
                stage = "$default";
                path = "/" + string.Join('/', segments);
            }
            else
            {
                if (segments.Length == 0) { Fail(403, $"{url} names no stage (the first path segment is the stage)"); return false; }
                stage = Uri.UnescapeDataString(segments[0]);
                path = "/" + string.Join('/', segments.Skip(1));
            }
            Hop($"URL {url} → API {apiId}, stage {stage}, path {path}");
            return true;
        }

        var domain = _state.FindDomainName(uri.Host);
        if (domain == null)
        {
            Fail(404, $"{uri.Host} is neither an execute-api host nor a custom domain name in this account");
            return false;
        }
        GatewayApiMapping best = null;
        var bestLength = -1;
        foreach (var mapping in domain.Mappings)
        {
            var key = RouteMatcher.Segments(mapping.Key);
            if (key.Length > segments.Length || key.Length <= bestLength) continue;
            if (key.Where((k, i) => k == Uri.UnescapeDataString(segments[i])).Count() != key.Length) continue;
            best = mapping;
            bestLength = key.Length;
        }
        if (best == null)
        {
            Fail(403, $"custom domain {domain.DomainName} has no base path mapping for {uri.AbsolutePath}");
            return false;
        }
        apiId = best.ApiId;
        stage = best.Stage;
        path = "/" + string.Join('/', segments.Skip(bestLength));
        Hop($"URL {url} → custom domain {domain.DomainName}, base path '{(best.Key.Length == 0 ? "(none)" : best.Key)}' → API {apiId}, stage {stage}, path {path}");
        return true;
    }

    // ------------------------------------------------------------------ REST

    private ProbeResult ProbeRest(RestApi api, string stageName, string method, string path)
    {
        path = RouteMatcher.NormalizePath(path);
        var stage = stageName == null ? null : api.Stage(stageName);
        if (stage == null) return Fail(403, $"REST API {api.Id} ({api.Name}) has no stage '{stageName}'");

        var sample = Math.Clamp(_request.RoutingSample, 0, 0.999999999);
        var canary = stage.CanarySettings;
        bool useCanary;
        if (_request.Canary == true && canary == null) return Fail(400, $"stage {stage.StageName} has no canarySettings, so no canary to probe");
        if (canary == null) useCanary = false;
        else if (_request.Canary != null) useCanary = _request.Canary.Value;
        else
        {
            // The canary draws its share from the routing sample; rescale what is left so alias routing downstream
            // still sees a uniform sample.
            var share = canary.PercentTraffic / 100.0;
            useCanary = sample < share;
            sample = useCanary ? sample / share : (share >= 1 ? 0 : (sample - share) / (1 - share));
        }

        var deploymentId = useCanary ? canary.DeploymentId : stage.DeploymentId;
        var deployment = api.Deployment(deploymentId);
        if (deployment == null) return Fail(500, $"stage {stage.StageName} points at deployment {deploymentId}, which does not exist");
        var variables = new Dictionary<string, string>(stage.Variables, StringComparer.Ordinal);
        if (useCanary) foreach (var (k, v) in canary.StageVariableOverrides) variables[k] = v;
        var servedAs = useCanary ? $"stage {stage.StageName} canary ({canary.PercentTraffic.ToString(CultureInfo.InvariantCulture)}%)" : $"stage {stage.StageName}";
        Hop($"{servedAs} serves deployment {deployment.Id}{(useCanary && canary.StageVariableOverrides.Count > 0 ? " with stage variable overrides " + Describe(canary.StageVariableOverrides) : "")}");

        var match = RouteMatcher.MatchRest(deployment.Snapshot.Resources, method, path);
        if (match.Resource == null) return Fail(403, $"Missing Authentication Token: no resource in deployment {deployment.Id} matches {path}");
        if (match.Method == null) return Fail(403, $"Missing Authentication Token: resource {match.Resource.Path} defines neither {method} nor ANY in deployment {deployment.Id}");
        Hop($"{method} {path} → resource {match.Resource.Path} ({match.Resource.Id}) method {match.Method.HttpMethod}");

        var sourceArn = ExecuteApiArn(api.Id, $"{stage.StageName}/{method}/{path.TrimStart('/')}");
        if (match.Method.AuthorizationType == "CUSTOM")
        {
            var authorizer = deployment.Snapshot.Authorizer(match.Method.AuthorizerId);
            if (authorizer == null) return Fail(500, $"method {match.Method.HttpMethod} {match.Resource.Path} names authorizer {match.Method.AuthorizerId}, which the deployment lacks");
            if (!InvokeStep($"authorizer {authorizer.Id} ({authorizer.Name}, {authorizer.Type})", authorizer.AuthorizerUri,
                    ExecuteApiArn(api.Id, $"authorizers/{authorizer.Id}"), authorizer.AuthorizerCredentials, variables, servedAs, sample, isAuthorizer: true))
                return _result;
        }
        else if (match.Method.AuthorizationType != "NONE")
        {
            Hop($"authorization {match.Method.AuthorizationType} does not invoke a Lambda function");
        }

        var integration = match.Method.Integration;
        if (integration == null) return Fail(500, $"method {match.Method.HttpMethod} {match.Resource.Path} has no integration");
        if (integration.Type is not ("AWS" or "AWS_PROXY"))
            return Fail(502, $"integration of {match.Method.HttpMethod} {match.Resource.Path} is {integration.Type}, not a Lambda integration");
        InvokeStep($"integration {integration.Type}", integration.Uri, sourceArn, integration.Credentials, variables, servedAs, sample, isAuthorizer: false);
        return _result;
    }

    // ------------------------------------------------------------------ HTTP API

    private ProbeResult ProbeHttp(HttpApi api, string stageName, string method, string path)
    {
        _state.SettleAutoDeployments(api);
        path = RouteMatcher.NormalizePath(path);
        stageName ??= "$default";
        var stage = api.Stage(stageName);
        if (stage == null) return Fail(404, $"HTTP API {api.ApiId} ({api.Name}) has no stage '{stageName}'");
        var deployment = api.Deployment(stage.DeploymentId);
        if (deployment == null) return Fail(404, $"stage {stage.StageName} of HTTP API {api.ApiId} has not been deployed");
        var pending = api.Deployments.Count(d => d.Status == "PENDING" && d.PendingStage == stage.StageName);
        Hop($"stage {stage.StageName} serves deployment {deployment.DeploymentId}{(pending > 0 ? $" ({pending} automatic deployment(s) still PENDING)" : "")}");

        var match = RouteMatcher.MatchHttp(deployment.Snapshot.Routes, method, path);
        if (match.Route == null) return Fail(404, $"Not Found: no route in deployment {deployment.DeploymentId} matches {method} {path} and there is no $default route");
        Hop($"{method} {path} → route '{match.Route.RouteKey}' ({match.Route.RouteId})");
        var routePart = match.Route.RouteKey == "$default" ? "$default" : $"{method}/{path.TrimStart('/')}";
        return InvokeV2Route(api, stage, deployment, match.Route, ExecuteApiArn(api.ApiId, $"{stage.StageName}/{routePart}"));
    }

    private ProbeResult ProbeWebSocket(HttpApi api, string stageName, string path)
    {
        _state.SettleAutoDeployments(api);
        var stage = stageName == null ? null : api.Stage(stageName);
        if (stage == null) return Fail(404, $"WebSocket API {api.ApiId} ({api.Name}) has no stage '{stageName}'");
        var deployment = api.Deployment(stage.DeploymentId);
        if (deployment == null) return Fail(404, $"stage {stage.StageName} of WebSocket API {api.ApiId} has not been deployed");
        Hop($"stage {stage.StageName} serves deployment {deployment.DeploymentId}");
        var key = (path ?? "").Trim('/');
        if (key.Length == 0) key = (_request.Path ?? "").Trim('/');
        if (key.Length == 0) key = "$default";
        var route = RouteMatcher.MatchWebSocket(deployment.Snapshot.Routes, key);
        if (route == null) return Fail(404, $"no route '{key}' and no $default route in deployment {deployment.DeploymentId}");
        Hop($"route key {key} → route '{route.RouteKey}' ({route.RouteId})");
        return InvokeV2Route(api, stage, deployment, route, ExecuteApiArn(api.ApiId, $"{stage.StageName}/{route.RouteKey}"));
    }

    private ProbeResult InvokeV2Route(HttpApi api, HttpStage stage, HttpDeployment deployment, HttpRoute route, string sourceArn)
    {
        var servedAs = $"stage {stage.StageName}";
        var sample = Math.Clamp(_request.RoutingSample, 0, 0.999999999);
        if (route.AuthorizationType == "CUSTOM")
        {
            var authorizer = deployment.Snapshot.Authorizer(route.AuthorizerId);
            if (authorizer == null) return Fail(500, $"route '{route.RouteKey}' names authorizer {route.AuthorizerId}, which the deployment lacks");
            if (!InvokeStep($"authorizer {authorizer.AuthorizerId} ({authorizer.Name}, {authorizer.AuthorizerType})", authorizer.AuthorizerUri,
                    ExecuteApiArn(api.ApiId, $"authorizers/{authorizer.AuthorizerId}"), authorizer.AuthorizerCredentialsArn, stage.StageVariables, servedAs, sample, isAuthorizer: true))
                return _result;
        }
        else if (route.AuthorizationType != "NONE")
        {
            Hop($"authorization {route.AuthorizationType} does not invoke a Lambda function");
        }
        var integration = deployment.Snapshot.Integration(route.TargetIntegrationId);
        if (integration == null) return Fail(500, $"route '{route.RouteKey}' has no integration target in deployment {deployment.DeploymentId}");
        if (integration.IntegrationType is not ("AWS" or "AWS_PROXY"))
            return Fail(502, $"integration {integration.IntegrationId} is {integration.IntegrationType}, not a Lambda integration");
        InvokeStep($"integration {integration.IntegrationId} ({integration.IntegrationType})", integration.IntegrationUri, sourceArn,
            integration.CredentialsArn, stage.StageVariables, servedAs, sample, isAuthorizer: false);
        return _result;
    }

    // ------------------------------------------------------------------ shared hops

    /// <summary>Substitutes stage variables into the URI, extracts the function, and invokes it as API Gateway would.
    /// Returns false (with the result filled in as a failure) when the chain breaks.</summary>
    private bool InvokeStep(string what, string uri, string sourceArn, string credentials, IReadOnlyDictionary<string, string> variables, string servedAs, double sample, bool isAuthorizer)
    {
        var resolved = Substitute(uri, variables, out var missing, out var used);
        if (missing != null)
        {
            Fail(500, $"{what}: stage variable '{missing}' used by {uri} is not defined on {servedAs}");
            return false;
        }
        if (used.Count > 0) Hop($"{what}: stage variables {Describe(used)} → {resolved}");
        var roleUsed = string.IsNullOrEmpty(credentials) ? null : Substitute(credentials, variables, out _, out _);
        var functionRef = FunctionRef(resolved);
        if (functionRef == null)
        {
            Fail(500, $"{what}: URI {resolved} is not a Lambda function ARN or invocations URI");
            return false;
        }
        var outcome = _state.InvokeLambda(functionRef, ApiGatewayPrincipal, sourceArn, _state.AccountId, roleUsed, sample);
        var via = roleUsed != null ? $"through credentials role {roleUsed}" : $"as {ApiGatewayPrincipal} with SourceArn {sourceArn}";
        if (!outcome.Succeeded)
        {
            Hop($"{what} → invoke {functionRef} {via}: FAILED");
            _result.FunctionArn = outcome.FunctionArn ?? functionRef;
            _result.Qualifier = outcome.Qualifier ?? QualifierOf(functionRef);
            Fail(500, $"{(isAuthorizer ? "authorizer" : "integration")} could not invoke {functionRef} {via}: {outcome.FailureReason}");
            return false;
        }
        Hop($"{what} → invoke {functionRef} {via}: version {outcome.ServedVersion} served");
        if (isAuthorizer) return true;
        _result.Succeeded = true;
        _result.Status = 200;
        _result.FunctionArn = outcome.FunctionArn ?? functionRef;
        _result.Qualifier = outcome.Qualifier ?? QualifierOf(functionRef);
        _result.ServedVersion = outcome.ServedVersion;
        return true;
    }

    /// <summary>Replaces ${stageVariables.x}; reports the first variable that has no value.</summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, string> variables, out string missing, out Dictionary<string, string> used)
    {
        string firstMissing = null;
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var result = StageVariableRef.Replace(text ?? "", m =>
        {
            var name = m.Groups["name"].Value;
            if (variables != null && variables.TryGetValue(name, out var value)) { seen[name] = value; return value; }
            firstMissing ??= name;
            return m.Value;
        });
        missing = firstMissing;
        used = seen;
        return result;
    }

    /// <summary>The function a Lambda integration URI invokes: the ARN inside an invocations URI, or a bare function ARN
    /// (HTTP APIs accept both).</summary>
    public static string FunctionRef(string uri)
    {
        if (string.IsNullOrEmpty(uri)) return null;
        var m = InvocationsUri.Match(uri);
        if (m.Success) return m.Groups["function"].Value;
        return BareFunctionArn.IsMatch(uri) ? uri : null;
    }

    /// <summary>The qualifier in a function ARN (arn:partition:lambda:region:account:function:name[:qualifier]), or null.</summary>
    public static string QualifierOf(string functionArn)
    {
        var parts = functionArn.Split(':');
        return parts.Length == 8 ? parts[7] : null;
    }

    private string ExecuteApiArn(string apiId, string rest) => $"arn:{_state.Partition}:execute-api:{_state.Region}:{_state.AccountId}:{apiId}/{rest}";

    private static string Describe(IReadOnlyDictionary<string, string> map) => string.Join(", ", map.Select(kv => $"{kv.Key}={kv.Value}"));

    private void Hop(string text) => _result.Chain.Add(text);

    private ProbeResult Fail(int status, string reason)
    {
        _result.Succeeded = false;
        _result.Status = status;
        _result.FailureReason = reason;
        _result.Chain.Add("FAILED: " + reason);
        return _result;
    }
}
