using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LambdaAlias.Emulator.Infrastructure;
using LambdaAlias.Emulator.Lambda;

namespace LambdaAlias.Emulator;

/// <summary>The Lambda control-plane operations, on the API model's paths, with its JSON shapes and errors.</summary>
public static class LambdaApi
{
    private const string Functions = "/2015-03-31/functions";
    private const string Mappings = "/2015-03-31/event-source-mappings";
    private const int PolicyLimitBytes = 20480;

    public static void Map(WebApplication app, EmulatorState state)
    {
        // Route templates ignore a trailing slash: one registration serves "/functions/" (the model's path) and "/functions".
        app.MapGet(Functions + "/", (HttpRequest r) => ListFunctions(state, r)).Aws("lambda", "ListFunctions");
        app.MapGet(Functions + "/{FunctionName}", (string FunctionName, HttpRequest r) => GetFunction(state, FunctionName, r)).Aws("lambda", "GetFunction");
        app.MapDelete(Functions + "/{FunctionName}", (string FunctionName, HttpRequest r) => DeleteFunction(state, FunctionName, r)).Aws("lambda", "DeleteFunction", mutating: true);
        app.MapGet(Functions + "/{FunctionName}/configuration", (string FunctionName, HttpRequest r) => GetFunctionConfiguration(state, FunctionName, r)).Aws("lambda", "GetFunctionConfiguration");
        app.MapPost(Functions + "/{FunctionName}/versions", (string FunctionName, HttpRequest r) => PublishVersion(state, FunctionName, r)).Aws("lambda", "PublishVersion", mutating: true);
        app.MapGet(Functions + "/{FunctionName}/versions", (string FunctionName, HttpRequest r) => ListVersions(state, FunctionName, r)).Aws("lambda", "ListVersionsByFunction");
        app.MapPost(Functions + "/{FunctionName}/aliases", (string FunctionName, HttpRequest r) => CreateAlias(state, FunctionName, r)).Aws("lambda", "CreateAlias", mutating: true);
        app.MapGet(Functions + "/{FunctionName}/aliases", (string FunctionName, HttpRequest r) => ListAliases(state, FunctionName, r)).Aws("lambda", "ListAliases");
        app.MapGet(Functions + "/{FunctionName}/aliases/{Name}", (string FunctionName, string Name) => GetAlias(state, FunctionName, Name)).Aws("lambda", "GetAlias");
        app.MapPut(Functions + "/{FunctionName}/aliases/{Name}", (string FunctionName, string Name, HttpRequest r) => UpdateAlias(state, FunctionName, Name, r)).Aws("lambda", "UpdateAlias", mutating: true);
        app.MapDelete(Functions + "/{FunctionName}/aliases/{Name}", (string FunctionName, string Name) => DeleteAlias(state, FunctionName, Name)).Aws("lambda", "DeleteAlias", mutating: true);
        app.MapPost(Functions + "/{FunctionName}/policy", (string FunctionName, HttpRequest r) => AddPermission(state, FunctionName, r)).Aws("lambda", "AddPermission", mutating: true);
        app.MapGet(Functions + "/{FunctionName}/policy", (string FunctionName, HttpRequest r) => GetPolicy(state, FunctionName, r)).Aws("lambda", "GetPolicy");
        app.MapDelete(Functions + "/{FunctionName}/policy/{StatementId}", (string FunctionName, string StatementId, HttpRequest r) => RemovePermission(state, FunctionName, StatementId, r)).Aws("lambda", "RemovePermission", mutating: true);
        app.MapGet(Mappings + "/", (HttpRequest r) => ListEventSourceMappings(state, r)).Aws("lambda", "ListEventSourceMappings");
        app.MapGet(Mappings + "/{UUID}", (string UUID) => GetEventSourceMapping(state, UUID)).Aws("lambda", "GetEventSourceMapping");
        app.MapPut(Mappings + "/{UUID}", (string UUID, HttpRequest r) => UpdateEventSourceMapping(state, UUID, r)).Aws("lambda", "UpdateEventSourceMapping", mutating: true);
        app.MapGet("/2017-03-31/tags/{ARN}", (string ARN) => ListTags(state, ARN)).Aws("lambda", "ListTags");
    }

    // ---------------- Functions and versions ----------------

    private static IResult ListFunctions(EmulatorState state, HttpRequest r)
    {
        var all = r.Query["FunctionVersion"].ToString();
        if (all.Length > 0 && all != "ALL")
            throw Error(400, "InvalidParameterValueException", "Invalid FunctionVersion: only ALL is supported.");
        lock (state.Sync)
        {
            var items = new List<JsonNode>();
            foreach (var fn in state.LambdaFunctions.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                items.Add(LambdaWire.Configuration(fn.Name, state.FunctionArn(fn.Name), fn.Latest));
                if (all == "ALL")
                    foreach (var v in fn.Versions.Values)
                        items.Add(LambdaWire.Configuration(fn.Name, state.FunctionArn(fn.Name, v.Version), v));
            }
            var (page, next) = Page(items, r, 50);
            return Json(WithMarker(new JsonObject { ["Functions"] = new JsonArray(page) }, next));
        }
    }

    private static IResult GetFunction(EmulatorState state, string functionName, HttpRequest r)
    {
        lock (state.Sync)
        {
            var (fn, qualifier) = Resolve(state, functionName, r.Query["Qualifier"]);
            var body = new JsonObject
            {
                ["Configuration"] = ConfigurationFor(state, fn, qualifier),
                ["Code"] = new JsonObject
                {
                    ["RepositoryType"] = "S3",
                    ["Location"] = $"https://awslambda-{state.Region}-tasks.s3.{state.Region}.amazonaws.com/snapshots/{state.AccountId}/{fn.Name}-{Guid.NewGuid():N}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=600",
                },
            };
            if (fn.Tags.Count > 0) body["Tags"] = Tags(fn);
            return Json(body);
        }
    }

    private static IResult GetFunctionConfiguration(EmulatorState state, string functionName, HttpRequest r)
    {
        lock (state.Sync)
        {
            var (fn, qualifier) = Resolve(state, functionName, r.Query["Qualifier"]);
            return Json(ConfigurationFor(state, fn, qualifier));
        }
    }

    private static IResult DeleteFunction(EmulatorState state, string functionName, HttpRequest r)
    {
        lock (state.Sync)
        {
            var (fn, qualifier) = Resolve(state, functionName, r.Query["Qualifier"]);
            if (qualifier == null)
            {
                state.LambdaFunctions.Remove(fn.Name);
                return Results.StatusCode(204);
            }
            if (qualifier == "$LATEST")
                throw Error(400, "InvalidParameterValueException", "$LATEST version cannot be deleted without deleting the function.");
            if (!int.TryParse(qualifier, out var number))
                throw Error(400, "InvalidParameterValueException", "Deletion of aliases is not supported by DeleteFunction; use DeleteAlias.");
            var users = fn.Aliases.Values.Where(a => a.FunctionVersion == qualifier || a.AdditionalVersionWeights.ContainsKey(qualifier)).Select(a => a.Name).OrderBy(n => n).ToList();
            if (users.Count > 0)
                throw Error(409, "ResourceConflictException", $"Unable to delete version because the following aliases reference it: [{string.Join(", ", users)}]");
            fn.Versions.Remove(number);
            fn.Policies.Remove(qualifier);
            return Results.StatusCode(204);
        }
    }

    private static async Task<IResult> PublishVersion(EmulatorState state, string functionName, HttpRequest r)
    {
        var body = await ReadBody(r);
        lock (state.Sync)
        {
            var (fn, qualifier) = Resolve(state, functionName, default);
            if (qualifier != null)
                throw Error(400, "InvalidParameterValueException", "PublishVersion takes an unqualified function name.");
            var latest = fn.Latest;
            var revisionId = Str(body, "RevisionId");
            if (revisionId != null && revisionId != latest.RevisionId)
                throw Error(412, "PreconditionFailedException", "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
            var codeSha = Str(body, "CodeSha256");
            if (codeSha != null && codeSha != latest.CodeSha256)
                throw Error(400, "InvalidParameterValueException", $"CodeSHA256 ({codeSha}) is different from current CodeSHA256 in $LATEST ({latest.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.");

            // Lambda publishes nothing when code and configuration are unchanged since the last version: it returns that version.
            var last = fn.Versions.Count > 0 ? fn.Versions.Values.Last() : null;
            if (last != null && last.ContentFingerprint() == latest.ContentFingerprint())
                return Json(LambdaWire.Configuration(fn.Name, state.FunctionArn(fn.Name, last.Version), last), 201);

            var number = ++fn.LastVersionNumber;
            var version = latest.Clone();
            version.Version = number.ToString(CultureInfo.InvariantCulture);
            version.Description = Str(body, "Description") ?? latest.Description;
            version.RevisionId = Guid.NewGuid().ToString();
            version.LastModified = state.Clock();
            fn.Versions[number] = version;
            return Json(LambdaWire.Configuration(fn.Name, state.FunctionArn(fn.Name, version.Version), version), 201);
        }
    }

    private static IResult ListVersions(EmulatorState state, string functionName, HttpRequest r)
    {
        lock (state.Sync)
        {
            var (fn, _) = Resolve(state, functionName, default, allowQualifier: false);
            var items = new List<JsonNode> { LambdaWire.Configuration(fn.Name, state.FunctionArn(fn.Name, "$LATEST"), fn.Latest) };
            items.AddRange(fn.Versions.Values.Select(v => (JsonNode)LambdaWire.Configuration(fn.Name, state.FunctionArn(fn.Name, v.Version), v)));
            var (page, next) = Page(items, r, 50);
            return Json(WithMarker(new JsonObject { ["Versions"] = new JsonArray(page) }, next));
        }
    }

    private static JsonObject ConfigurationFor(EmulatorState state, LambdaFunction fn, string qualifier)
    {
        var config = state.ResolveQualifier(fn, qualifier)!;
        return LambdaWire.Configuration(fn.Name, state.FunctionArn(fn.Name, qualifier), config);
    }

    // ---------------- Aliases ----------------

    private static async Task<IResult> CreateAlias(EmulatorState state, string functionName, HttpRequest r)
    {
        var body = await ReadBody(r);
        lock (state.Sync)
        {
            var (fn, _) = Resolve(state, functionName, default, allowQualifier: false);
            var name = Str(body, "Name");
            var version = Str(body, "FunctionVersion");
            if (name == null || version == null)
                throw Error(400, "InvalidParameterValueException", "Name and FunctionVersion are required.");
            if (!EmulatorState.IsValidAliasName(name))
                throw Validation(name, "name", "(?!^[0-9]+$)([a-zA-Z0-9-_]+)");
            RequireVersion(state, fn, version);
            if (fn.Aliases.ContainsKey(name))
                throw Error(409, "ResourceConflictException", $"Alias already exists: {state.FunctionArn(fn.Name, name)}");
            var alias = new FunctionAlias { Name = name, FunctionVersion = version, Description = Str(body, "Description") ?? "" };
            alias.AdditionalVersionWeights = ReadWeights(body);
            ValidateRouting(state, fn, alias);
            fn.Aliases[name] = alias;
            return Json(LambdaWire.Alias(state.FunctionArn(fn.Name, name), alias), 201);
        }
    }

    private static IResult GetAlias(EmulatorState state, string functionName, string name)
    {
        lock (state.Sync)
        {
            var (fn, _) = Resolve(state, functionName, default, allowQualifier: false);
            return Json(LambdaWire.Alias(state.FunctionArn(fn.Name, name), FindAlias(state, fn, name)));
        }
    }

    private static IResult ListAliases(EmulatorState state, string functionName, HttpRequest r)
    {
        lock (state.Sync)
        {
            var (fn, _) = Resolve(state, functionName, default, allowQualifier: false);
            var versionFilter = r.Query["FunctionVersion"].ToString();
            var items = fn.Aliases.Values.OrderBy(a => a.Name, StringComparer.Ordinal)
                .Where(a => versionFilter.Length == 0 || a.FunctionVersion == versionFilter)
                .Select(a => (JsonNode)LambdaWire.Alias(state.FunctionArn(fn.Name, a.Name), a)).ToList();
            var (page, next) = Page(items, r, 50);
            return Json(WithMarker(new JsonObject { ["Aliases"] = new JsonArray(page) }, next));
        }
    }

    private static async Task<IResult> UpdateAlias(EmulatorState state, string functionName, string name, HttpRequest r)
    {
        var body = await ReadBody(r);
        lock (state.Sync)
        {
            var (fn, _) = Resolve(state, functionName, default, allowQualifier: false);
            var alias = FindAlias(state, fn, name);
            var revisionId = Str(body, "RevisionId");
            if (revisionId != null && revisionId != alias.RevisionId)
                throw Error(412, "PreconditionFailedException", "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
            var updated = new FunctionAlias
            {
                Name = alias.Name,
                FunctionVersion = Str(body, "FunctionVersion") ?? alias.FunctionVersion,
                Description = Str(body, "Description") ?? alias.Description,
                AdditionalVersionWeights = body.ContainsKey("RoutingConfig") ? ReadWeights(body) : new Dictionary<string, double>(alias.AdditionalVersionWeights),
            };
            RequireVersion(state, fn, updated.FunctionVersion);
            ValidateRouting(state, fn, updated);
            updated.RevisionId = Guid.NewGuid().ToString();
            fn.Aliases[name] = updated;
            return Json(LambdaWire.Alias(state.FunctionArn(fn.Name, name), updated));
        }
    }

    private static IResult DeleteAlias(EmulatorState state, string functionName, string name)
    {
        lock (state.Sync)
        {
            // DeleteAlias declares no ResourceNotFoundException: deleting what is not there succeeds.
            var parsed = state.ParseFunctionRef(functionName);
            if (parsed == null) throw Validation(functionName, "functionName", FunctionNamePatternText);
            var fn = state.FindFunction(parsed.Name);
            if (fn != null && fn.Aliases.Remove(name)) fn.Policies.Remove(name);
            return Results.StatusCode(204);
        }
    }

    private static FunctionAlias FindAlias(EmulatorState state, LambdaFunction fn, string name)
        => fn.Aliases.TryGetValue(name, out var a) ? a : throw Error(404, "ResourceNotFoundException", $"Alias not found: {state.FunctionArn(fn.Name, name)}");

    private static void RequireVersion(EmulatorState state, LambdaFunction fn, string version)
    {
        if (version == "$LATEST") return;
        if (!int.TryParse(version, out var n) || !fn.Versions.ContainsKey(n))
            throw Error(404, "ResourceNotFoundException", $"Function not found: {state.FunctionArn(fn.Name, version)}");
    }

    private static Dictionary<string, double> ReadWeights(JsonObject body)
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        if (body["RoutingConfig"] is JsonObject routing && routing["AdditionalVersionWeights"] is JsonObject w)
            foreach (var (version, weight) in w)
            {
                if (weight is not JsonValue value || !value.TryGetValue<double>(out var d))
                    throw Error(400, "InvalidParameterValueException", $"Invalid weight for version {version}.");
                weights[version] = d;
            }
        return weights;
    }

    /// <summary>Alias routing works only between two published versions that share the execution role and the
    /// dead-letter configuration; weights lie in [0, 1].</summary>
    private static void ValidateRouting(EmulatorState state, LambdaFunction fn, FunctionAlias alias)
    {
        if (alias.AdditionalVersionWeights.Count == 0) return;
        if (alias.AdditionalVersionWeights.Count > 1)
            throw Error(400, "InvalidParameterValueException", "Number of items in AdditionalVersionWeights cannot be greater than 1");
        var (extra, weight) = alias.AdditionalVersionWeights.First();
        if (weight < 0 || weight > 1 || double.IsNaN(weight))
            throw Error(400, "InvalidParameterValueException", $"Invalid weight {weight.ToString(CultureInfo.InvariantCulture)} for version {extra}: weights must be between 0.0 and 1.0.");
        if (alias.FunctionVersion == "$LATEST" || extra == "$LATEST")
            throw Error(400, "InvalidParameterValueException", "$LATEST is not supported for an alias pointing to more than 1 version");
        if (!int.TryParse(extra, out var n) || !fn.Versions.TryGetValue(n, out var extraConfig))
            throw Error(400, "InvalidParameterValueException", $"Version {extra} of function {state.FunctionArn(fn.Name)} does not exist and cannot be used in AdditionalVersionWeights.");
        if (extra == alias.FunctionVersion)
            throw Error(400, "InvalidParameterValueException", "The alias's primary version cannot also be an additional version in its routing configuration.");
        var primary = state.ResolveQualifier(fn, alias.FunctionVersion);
        if (primary.Role != extraConfig.Role)
            throw Error(400, "InvalidParameterValueException", $"Versions {alias.FunctionVersion} and {extra} use different execution roles; an alias can route only between versions with the same role.");
        if (primary.DeadLetterTargetArn != extraConfig.DeadLetterTargetArn)
            throw Error(400, "InvalidParameterValueException", $"Versions {alias.FunctionVersion} and {extra} have different dead-letter queue configurations; an alias can route only between versions with the same DLQ configuration.");
    }

    // ---------------- Resource policies ----------------

    private static async Task<IResult> AddPermission(EmulatorState state, string functionName, HttpRequest r)
    {
        var body = await ReadBody(r);
        lock (state.Sync)
        {
            var (fn, qualifier) = Resolve(state, functionName, r.Query["Qualifier"], notFoundForMissingQualifier: true, latestAllowed: false);
            var sid = Str(body, "StatementId");
            var action = Str(body, "Action");
            var principal = Str(body, "Principal");
            if (sid == null || action == null || principal == null)
                throw Error(400, "InvalidParameterValueException", "StatementId, Action and Principal are required.");
            if (!System.Text.RegularExpressions.Regex.IsMatch(sid, "^([a-zA-Z0-9-_]+)$") || sid.Length > 100)
                throw Validation(sid, "statementId", "([a-zA-Z0-9-_]+)");
            var key = EmulatorState.PolicyKey(qualifier);
            fn.Policies.TryGetValue(key, out var policy);
            var revisionId = Str(body, "RevisionId");
            if (revisionId != null && revisionId != policy?.RevisionId)
                throw Error(412, "PreconditionFailedException", "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id");
            if (policy != null && policy.Statements.Any(s => s["Sid"]?.GetValue<string>() == sid))
                throw Error(409, "ResourceConflictException", $"The statement id ({sid}) provided already exists. Please choose a new statement id, or remove the existing statement.");

            var statement = LambdaWire.Statement(sid, "Allow", action, principal, state.FunctionArn(fn.Name, qualifier), Str(body, "SourceArn"),
                Str(body, "SourceAccount"), Str(body, "PrincipalOrgID"), Str(body, "FunctionUrlAuthType"), state.Partition);
            var candidate = new ResourcePolicy();
            candidate.Statements.AddRange(policy?.Statements ?? new List<JsonObject>());
            candidate.Statements.Add(statement);
            var size = Encoding.UTF8.GetByteCount(candidate.ToJson());
            if (size > PolicyLimitBytes)
                throw Error(400, "PolicyLengthExceededException", $"The final policy size ({size}) is bigger than the limit ({PolicyLimitBytes}).");

            if (policy == null) fn.Policies[key] = policy = new ResourcePolicy();
            policy.Statements.Add(statement);
            policy.RevisionId = Guid.NewGuid().ToString();
            return Json(new JsonObject { ["Statement"] = statement.ToJsonString(LambdaWire.JsonOptions) }, 201);
        }
    }

    private static IResult GetPolicy(EmulatorState state, string functionName, HttpRequest r)
    {
        lock (state.Sync)
        {
            var (fn, qualifier) = Resolve(state, functionName, r.Query["Qualifier"], notFoundForMissingQualifier: true);
            if (!fn.Policies.TryGetValue(EmulatorState.PolicyKey(qualifier), out var policy) || policy.Statements.Count == 0)
                throw Error(404, "ResourceNotFoundException", "The resource you requested does not exist.");
            return Json(new JsonObject { ["Policy"] = policy.ToJson(), ["RevisionId"] = policy.RevisionId });
        }
    }

    private static IResult RemovePermission(EmulatorState state, string functionName, string statementId, HttpRequest r)
    {
        lock (state.Sync)
        {
            var (fn, qualifier) = Resolve(state, functionName, r.Query["Qualifier"], notFoundForMissingQualifier: true);
            var key = EmulatorState.PolicyKey(qualifier);
            fn.Policies.TryGetValue(key, out var policy);
            var revisionId = r.Query["RevisionId"].ToString();
            if (revisionId.Length > 0 && revisionId != policy?.RevisionId)
                throw Error(412, "PreconditionFailedException", "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id");
            var statement = policy?.Statements.FirstOrDefault(s => s["Sid"]?.GetValue<string>() == statementId);
            if (statement == null)
                throw Error(404, "ResourceNotFoundException", $"Statement {statementId} is not found in resource policy.");
            policy.Statements.Remove(statement);
            policy.RevisionId = Guid.NewGuid().ToString();
            if (policy.Statements.Count == 0) fn.Policies.Remove(key);
            return Results.StatusCode(204);
        }
    }

    // ---------------- Event source mappings ----------------

    private static IResult ListEventSourceMappings(EmulatorState state, HttpRequest r)
    {
        lock (state.Sync)
        {
            var sourceFilter = r.Query["EventSourceArn"].ToString();
            var functionFilter = r.Query["FunctionName"].ToString();
            FunctionRef wanted = null;
            if (functionFilter.Length > 0)
            {
                wanted = state.ParseFunctionRef(functionFilter) ?? throw Validation(functionFilter, "functionName", FunctionNamePatternText);
                if (wanted.Name == null || state.FindFunction(wanted.Name) == null)
                    throw Error(404, "ResourceNotFoundException", $"Function not found: {functionFilter}");
            }
            var items = state.EventSourceMappings.Values
                .Where(e => sourceFilter.Length == 0 || e.EventSourceArn == sourceFilter)
                .Where(e =>
                {
                    if (wanted == null) return true;
                    var target = state.ParseFunctionRef(e.FunctionArn);
                    return target?.Name == wanted.Name && (wanted.Qualifier == null || wanted.Qualifier == target.Qualifier);
                })
                .Select(e => (JsonNode)LambdaWire.EventSourceMapping(e, state.EsmState(e))).ToList();
            var (page, next) = Page(items, r, 100);
            return Json(WithMarker(new JsonObject { ["EventSourceMappings"] = new JsonArray(page) }, next));
        }
    }

    private static IResult GetEventSourceMapping(EmulatorState state, string uuid)
    {
        lock (state.Sync)
        {
            var esm = FindMapping(state, uuid);
            return Json(LambdaWire.EventSourceMapping(esm, state.EsmState(esm)));
        }
    }

    private static async Task<IResult> UpdateEventSourceMapping(EmulatorState state, string uuid, HttpRequest r)
    {
        var body = await ReadBody(r);
        lock (state.Sync)
        {
            var esm = FindMapping(state, uuid);
            if (state.EsmState(esm) == "Updating")
                throw Error(400, "ResourceInUseException", $"Cannot update the event source mapping {uuid} because it is in the Updating state. Try again later.");
            string newArn = null;
            if (Str(body, "FunctionName") is { } target)
            {
                var parsed = state.ParseFunctionRef(target) ?? throw Validation(target, "functionName", FunctionNamePatternText);
                var fn = parsed.Name == null ? null : state.FindFunction(parsed.Name);
                if (fn == null || state.ResolveQualifier(fn, parsed.Qualifier) == null)
                    throw Error(404, "ResourceNotFoundException", $"Function not found: {(parsed.Name == null ? target : state.FunctionArn(parsed.Name, parsed.Qualifier))}");
                newArn = state.FunctionArn(fn.Name, parsed.Qualifier);
            }
            if (body["BatchSize"] is JsonValue batch) esm.BatchSize = batch.GetValue<int>();
            if (body["MaximumBatchingWindowInSeconds"] is JsonValue window) esm.MaximumBatchingWindowInSeconds = window.GetValue<int>();
            if (body["FunctionResponseTypes"] is JsonArray types) esm.FunctionResponseTypes = types.Select(t => t!.GetValue<string>()).ToList();
            if (body["Enabled"] is JsonValue enabled) esm.Enabled = enabled.GetValue<bool>();
            if (newArn != null && newArn != esm.FunctionArn) { esm.PreviousFunctionArn = esm.FunctionArn; esm.FunctionArn = newArn; }
            esm.LastModified = state.Clock();
            esm.StateTransitionReason = "USER_INITIATED";
            esm.UpdatingUntil = state.Clock() + state.Timing.Scaled(state.EventSourceMappingUpdateDuration);
            return Json(LambdaWire.EventSourceMapping(esm, "Updating"), 202);
        }
    }

    private static EventSourceMapping FindMapping(EmulatorState state, string uuid)
        => state.EventSourceMappings.TryGetValue(uuid, out var e) ? e : throw Error(404, "ResourceNotFoundException", "The resource you requested does not exist.");

    // ---------------- Tags ----------------

    private static IResult ListTags(EmulatorState state, string arn)
    {
        lock (state.Sync)
        {
            if (!arn.StartsWith("arn:", StringComparison.Ordinal))
                throw Validation(arn, "resource", "arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}(-gov)?-[a-z]+-\\d{1}:\\d{12}:function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?");
            var parsed = state.ParseFunctionRef(arn) ?? throw Validation(arn, "resource", "arn:...:function:NAME");
            if (parsed.Qualifier != null)
                throw Error(400, "InvalidParameterValueException", $"Tags are not supported on versions or aliases: {arn}");
            var fn = parsed.Name == null ? null : state.FindFunction(parsed.Name);
            if (fn == null) throw Error(404, "ResourceNotFoundException", $"Function not found: {arn}");
            return Json(new JsonObject { ["Tags"] = Tags(fn) });
        }
    }

    private static JsonObject Tags(LambdaFunction fn)
    {
        var tags = new JsonObject();
        foreach (var (k, v) in fn.Tags.OrderBy(t => t.Key, StringComparer.Ordinal)) tags[k] = v;
        return tags;
    }

    // ---------------- Shared helpers ----------------

    private const string FunctionNamePatternText = "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?";

    /// <summary>Find the function and the effective qualifier (from the name or the Qualifier parameter, which must agree).</summary>
    private static (LambdaFunction Fn, string Qualifier) Resolve(EmulatorState state, string functionName, Microsoft.Extensions.Primitives.StringValues qualifierParam,
        bool allowQualifier = true, bool notFoundForMissingQualifier = true, bool latestAllowed = true)
    {
        var parsed = state.ParseFunctionRef(functionName) ?? throw Validation(functionName, "functionName", FunctionNamePatternText);
        var qualifier = parsed.Qualifier;
        var param = qualifierParam.ToString();
        if (param.Length > 0)
        {
            if (qualifier != null && qualifier != param)
                throw Error(400, "InvalidParameterValueException", "The derived qualifier from the function name does not match the specified qualifier.");
            qualifier = param;
        }
        var fn = parsed.Name == null ? null : state.FindFunction(parsed.Name);
        if (fn == null)
            throw Error(404, "ResourceNotFoundException", $"Function not found: {(parsed.Name == null ? functionName : state.FunctionArn(parsed.Name, qualifier))}");
        if (qualifier != null && !allowQualifier)
            throw Error(400, "InvalidParameterValueException", "This operation takes an unqualified function name.");
        if (qualifier == "$LATEST" && !latestAllowed)
            throw Error(400, "InvalidParameterValueException", "We currently do not support adding policies for $LATEST.");
        if (qualifier != null && notFoundForMissingQualifier && state.ResolveQualifier(fn, qualifier) == null)
            throw Error(404, "ResourceNotFoundException", $"Function not found: {state.FunctionArn(fn.Name, qualifier)}");
        return (fn, qualifier);
    }

    private static (JsonNode[] Page, string NextMarker) Page(List<JsonNode> items, HttpRequest r, int maxPage)
    {
        var start = 0;
        var marker = r.Query["Marker"].ToString();
        if (marker.Length > 0)
        {
            try { start = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(marker)).Split(':')[1], CultureInfo.InvariantCulture); }
            catch (Exception e) when (e is FormatException or IndexOutOfRangeException)
            { throw Error(400, "InvalidParameterValueException", "Invalid Marker: " + marker); }
        }
        var size = maxPage;
        var maxItems = r.Query["MaxItems"].ToString();
        if (maxItems.Length > 0)
        {
            if (!int.TryParse(maxItems, out var requested) || requested < 1 || requested > 10000)
                throw Validation(maxItems, "maxItems", "Member must have value between 1 and 10000");
            size = Math.Min(requested, maxPage);
        }
        var page = items.Skip(start).Take(size).ToArray();
        var next = start + page.Length < items.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes("offset:" + (start + page.Length))) : null;
        return (page, next);
    }

    private static JsonObject WithMarker(JsonObject body, string next)
    {
        if (next != null) body["NextMarker"] = next;
        return body;
    }

    private static async Task<JsonObject> ReadBody(HttpRequest r)
    {
        using var reader = new StreamReader(r.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        if (string.IsNullOrWhiteSpace(text)) return new JsonObject();
        try { return JsonNode.Parse(text) as JsonObject ?? throw new JsonException("not an object"); }
        catch (JsonException) { throw Error(400, "InvalidParameterValueException", "Could not parse request body into json: the body is not a JSON object."); }
    }

    private static string Str(JsonObject body, string name)
        => body[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static IResult Json(JsonNode body, int status = 200) => Results.Text(body.ToJsonString(LambdaWire.JsonOptions), "application/json", Encoding.UTF8, status);

    private static AwsErrorException Error(int status, string code, string message) => AwsWire.LambdaError(status, code, message);

    /// <summary>AWS's request validation layer answers malformed parameters with ValidationException before the service runs.</summary>
    private static AwsErrorException Validation(string value, string member, string pattern)
        => new(400, "ValidationException", $"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}");
}
