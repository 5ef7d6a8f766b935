using System.Text.Json.Nodes;
using LambdaAlias.Emulator;

namespace LambdaAlias.Tests.Reliability;

/// <summary>
/// The demo account's state once a migration (and optionally a rollback) has converged, checked on the emulator's state
/// and through traffic probes. Each expectation applies only while the resource it is about still exists, so a case in
/// which someone deleted a function, API, stage or mapping mid-run is judged on what remains.
/// </summary>
public sealed class MigratedState
{
    /// <summary>Alias each function's version pins moved to, and the version it must serve.</summary>
    public Dictionary<(string Function, string Alias), string> Aliases { get; } = new()
    {
        [("my-func", "live")] = "1",
        [("auth-func", "live")] = "1",
        [("stagevar-func", "live")] = "2",
        [("stagevar-func", "live-canary")] = "3",
        [("http-func", "live")] = "1",
        [("queue-func", "live")] = "1",
    };

    /// <summary>Whether the $LATEST pin (http-func POST /items) was migrated to http-func:current.</summary>
    public bool LatestMigrated { get; init; }
    /// <summary>Whether the Version pins were migrated (false: only the $LATEST workload ran).</summary>
    public bool VersionPinsMigrated { get; init; } = true;
    /// <summary>Whether the old qualifiers' statements must be gone (-RemoveVersionPermission).</summary>
    public bool OldStatementsRemoved { get; init; }

    /// <summary>Statements of the demo account before the migration (function, qualifier, statement).</summary>
    public static readonly (string Function, string Qualifier, string Sid)[] OldStatements =
    {
        ("my-func", "1", "apigw-dev-orders"), ("auth-func", "1", "apigw-authorizer-auth01"), ("stagevar-func", "2", "apigw-prod-orders"),
        ("stagevar-func", "3", "apigw-canary-orders"), ("http-func", "1", "apigw-get-items"),
    };

    /// <summary>Every way the account differs from this state; empty when it converged.</summary>
    public List<string> Problems(EmulatorHost host, IReadOnlyDictionary<string, ProbeResult> baseline, ISet<string> toleratedRoutes, string latestCodeSha256)
    {
        var problems = new List<string>();
        var s = host.State;

        // Traffic first: each route that still exists is served, through the alias, by the version that served before.
        var monitor = new TrafficMonitor(host);
        var now = monitor.Snapshot();
        foreach (var route in DemoRoute.All)
        {
            if (toleratedRoutes.Contains(route.Name)) continue;
            var probe = now[route.Name];
            if (!probe.Succeeded) { problems.Add($"{route.Name} is not served: {probe.Status} {probe.FailureReason}"); continue; }
            var (function, alias, version) = ExpectedServing(route.Name, baseline[route.Name]);
            var served = TrafficMonitor.Served(probe);
            if (alias != null && probe.Qualifier != alias) problems.Add($"{route.Name} invokes {probe.FunctionArn}, not {function}:{alias}");
            if (version != null && served != function + " " + version) problems.Add($"{route.Name} is served by {served}, not {function} {version}");
        }

        lock (s.Sync)
        {
            if (VersionPinsMigrated)
            {
                foreach (var ((function, alias), version) in Aliases)
                {
                    var fn = s.FindFunction(function);
                    if (fn == null) continue;
                    if (!fn.Aliases.TryGetValue(alias, out var a)) problems.Add($"{function}:{alias} does not exist");
                    else if (a.FunctionVersion != version || a.AdditionalVersionWeights.Count > 0)
                        problems.Add($"{function}:{alias} serves {a.FunctionVersion} (weights {a.AdditionalVersionWeights.Count}), not {version}");
                }

                if (s.FindRestApi(DemoIds.OrdersApi) is { } orders)
                {
                    CheckRest(problems, orders.Draft, "draft of " + orders.Id);
                    var dev = orders.Stage("dev");
                    if (dev != null && orders.Deployment(dev.DeploymentId) is { } deployed) CheckRest(problems, deployed.Snapshot, $"stage dev of {orders.Id} (deployment {deployed.Id})");
                }
                if (s.FindRestApi(DemoIds.StageVariableApi) is { } stageVariables && stageVariables.Stage("prod") is { } prod)
                {
                    if (!prod.Variables.TryGetValue("lambdaAlias", out var v) || v != "live") problems.Add($"stage prod's lambdaAlias is '{v}', not 'live'");
                    var canary = prod.CanarySettings?.StageVariableOverrides;
                    if (canary == null || !canary.TryGetValue("lambdaAlias", out var c) || c != "live-canary") problems.Add("the prod canary's lambdaAlias override is not 'live-canary'");
                }
                if (s.FindHttpApi(DemoIds.HttpApi) is { } http && http.Draft.Integration("int-items-get") is { } get && !TargetsAlias(get.IntegrationUri, "http-func", "live"))
                    problems.Add($"int-items-get targets {get.IntegrationUri}");
                if (s.EventSourceMappings.TryGetValue(DemoIds.QueueMapping, out var esm) && s.FindFunction("queue-func") != null && !TargetsAlias(esm.FunctionArn, "queue-func", "live"))
                    problems.Add($"the mapping invokes {esm.FunctionArn}");
            }

            if (LatestMigrated && s.FindFunction("http-func") is { } httpFunc)
            {
                if (!httpFunc.Aliases.TryGetValue("current", out var current)) problems.Add("http-func:current does not exist");
                else if (!int.TryParse(current.FunctionVersion, out var n) || !httpFunc.Versions.TryGetValue(n, out var published) || published.CodeSha256 != latestCodeSha256)
                    problems.Add($"http-func:current serves {current.FunctionVersion}, which is not a version of the scanned $LATEST code");
                if (s.FindHttpApi(DemoIds.HttpApi)?.Draft.Integration("int-items-post") is { } post && !TargetsAlias(post.IntegrationUri, "http-func", "current"))
                    problems.Add($"int-items-post targets {post.IntegrationUri}");
            }
        }

        if (OldStatementsRemoved)
            foreach (var (function, qualifier, sid) in OldStatements)
                if (host.State.FindFunction(function) != null && host.State.PolicyStatements(function, qualifier).Any(st => (string)st["Sid"] == sid))
                    problems.Add($"{function}:{qualifier} still holds {sid} after -RemoveVersionPermission");

        problems.AddRange(PolicyProblems(host));
        return problems;
    }

    /// <summary>Duplicates, wildcard principals, and statements this module added that are broader than an original one.</summary>
    public static IEnumerable<string> PolicyProblems(EmulatorHost host)
    {
        var all = AccountAssertions.AllStatements(host).ToList();
        foreach (var group in all.GroupBy(x => (x.Function, x.Qualifier)))
        {
            var sids = group.Select(x => (string)x.Statement["Sid"]).ToList();
            if (sids.Count != sids.Distinct().Count()) yield return $"{group.Key.Function}:{group.Key.Qualifier} holds a Sid twice";
            var grants = group.Select(x => AccountAssertions.Grant(x.Statement)).ToList();
            if (grants.Count != grants.Distinct().Count()) yield return $"{group.Key.Function}:{group.Key.Qualifier} holds equivalent statements twice";
        }
        foreach (var (function, qualifier, statement) in all)
        {
            var principal = statement["Principal"];
            var text = principal?.ToJsonString() ?? "";
            if (principal == null || text == "\"*\"" || text.Contains("\"*\"")) yield return $"{function}:{qualifier} {statement["Sid"]} has a wildcard principal: {text}";
            if (((string)statement["Sid"] ?? "").StartsWith("lambdaalias-", StringComparison.Ordinal) && SourceArn(statement) == null)
                yield return $"{function}:{qualifier} {statement["Sid"]} was added without a SourceArn";
        }
    }

    public static string SourceArn(JsonObject statement) =>
        (string)(statement["Condition"]?["ArnLike"]?["AWS:SourceArn"] ?? statement["Condition"]?["ArnEquals"]?["AWS:SourceArn"]);

    public static bool TargetsAlias(string uriOrArn, string function, string alias)
    {
        if (uriOrArn == null) return false;
        var marker = $":function:{function}:{alias}";
        var i = uriOrArn.IndexOf(marker, StringComparison.Ordinal);
        if (i < 0) return false;
        var rest = uriOrArn[(i + marker.Length)..];
        return rest.Length == 0 || rest == "/invocations";
    }

    private static void CheckRest(List<string> problems, RestApiDefinition definition, string where)
    {
        foreach (var (path, method) in new[] { ("/orders", "GET"), ("/{proxy+}", "ANY") })
        {
            var m = definition.ResourceByPath(path)?.Methods.GetValueOrDefault(method);
            if (m?.Integration != null && !TargetsAlias(m.Integration.Uri, "my-func", "live")) problems.Add($"{where}: {method} {path} targets {m.Integration.Uri}");
        }
        if (definition.Authorizer("auth01") is { } auth && !TargetsAlias(auth.AuthorizerUri, "auth-func", "live")) problems.Add($"{where}: authorizer auth01 targets {auth.AuthorizerUri}");
    }

    /// <summary>The function, alias and version a route must be served by once migrated (null alias: unchanged).</summary>
    private (string Function, string Alias, string Version) ExpectedServing(string route, ProbeResult before)
    {
        var parts = TrafficMonitor.Served(before).Split(' ');
        var function = parts[0];
        var version = parts[1];
        switch (route)
        {
            case "stage-variable API staging GET /orders":
            case "aliased API prod GET /health":
                return (function, null, version);
            case "stage-variable API prod GET /orders (main)":
                return VersionPinsMigrated ? (function, "live", Aliases[("stagevar-func", "live")]) : (function, null, version);
            case "stage-variable API prod GET /orders (canary)":
                return VersionPinsMigrated ? (function, "live-canary", Aliases[("stagevar-func", "live-canary")]) : (function, null, version);
            case "HTTP API POST /items":
                // The alias serves the version published from the scanned $LATEST; which number is checked on the state.
                return LatestMigrated ? (function, "current", null) : (function, null, version);
            default:
                if (!VersionPinsMigrated) return (function, null, version);
                return (function, "live", Aliases.TryGetValue((function, "live"), out var v) ? v : version);
        }
    }
}
