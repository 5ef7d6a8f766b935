using System.Text.Json;
using System.Text.Json.Nodes;
using LambdaAlias.Emulator.Lambda;

namespace LambdaAlias.Emulator;

/// <summary>Loads the "lambda" section of a scenario. Member names are camelCase (case-insensitive). Schema:
/// <code>
/// { "accountId": "123456789012", "region": "us-east-1",          // optional, set the account
///   "defaults": { &lt;config&gt; },                                  // optional, applied to every version
///   "functions": [ {
///       "name": "my-func", "tags": { "team": "orders" },
///       "config": { &lt;config&gt; },                                 // optional, shared by this function's versions
///       "versions": [ { "version": "1", &lt;config&gt; }, ... ],       // published versions, immutable
///       "latest": { "sameAs": "2" } | { &lt;config&gt; },              // $LATEST; default: same as the highest version
///       "aliases": [ { "name": "live", "functionVersion": "2", "description": "", "routing": { "1": 0.1 } } ],
///       "policies": [ { "qualifier": "1" | null, "sid": "...", "principal": "apigateway.amazonaws.com",
///                       "sourceArn": "arn:aws:execute-api:...", "sourceAccount": "...", "action": "lambda:InvokeFunction",
///                       "effect": "Allow" } | { "qualifier": ..., "statement": { raw IAM statement } } ] } ],
///   "eventSourceMappings": [ { "uuid": "...", "eventSourceArn": "...", "functionArn": "...", "state": "Enabled",
///                              "batchSize": 10, "maximumBatchingWindowInSeconds": 0 } ],
///   "roles": [ { "arn": "arn:aws:iam::...:role/x", "allowInvoke": [ "arn:aws:lambda:...:function:f:*" ],
///                "trustedServices": [ "apigateway.amazonaws.com" ] } ] }
/// </code>
/// &lt;config&gt; members: runtime, handler, role, memorySize, timeout, description, codeSha256 (or code: a label hashed
/// to a CodeSha256), codeSize, vpcConfig { subnetIds, securityGroupIds, vpcId }, environment { NAME: value },
/// layers [arn], architectures [x86_64|arm64], deadLetterTargetArn, tracingMode. A function's role defaults to
/// arn:aws:iam::{account}:role/{name}-role.</summary>
public sealed partial class EmulatorState
{
    public partial void LoadLambda(JsonElement section)
    {
        lock (Sync)
        {
            if (Get(section, "accountId") is { ValueKind: JsonValueKind.String } account) AccountId = account.GetString();
            if (Get(section, "region") is { ValueKind: JsonValueKind.String } region) Region = region.GetString();
            var defaults = Get(section, "defaults");
            var now = Clock();

            foreach (var f in Array(section, "functions"))
            {
                var name = Str(f, "name") ?? throw new InvalidOperationException("A scenario function needs a name.");
                var fn = new LambdaFunction { Name = name };
                var shared = Get(f, "config");
                foreach (var (k, v) in Obj(f, "tags")) fn.Tags[k] = v.GetString();

                foreach (var v in Array(f, "versions"))
                {
                    var number = int.Parse(Str(v, "version") ?? throw new InvalidOperationException($"A version of {name} needs a \"version\" number."));
                    var config = NewConfig(name, defaults, shared, v, now);
                    config.Version = number.ToString();
                    config.RevisionId = ScenarioRevisionId(name, config.Version, config.CodeSha256);
                    fn.Versions[number] = config;
                    fn.LastVersionNumber = Math.Max(fn.LastVersionNumber, number);
                }

                var latest = Get(f, "latest");
                if (latest is { } l && Str(l, "sameAs") is { } sameAs)
                {
                    if (!fn.Versions.TryGetValue(int.Parse(sameAs), out var source)) throw new InvalidOperationException($"{name}: latest.sameAs names a missing version {sameAs}.");
                    fn.Latest = source.Clone();
                }
                else if (latest is { } custom)
                {
                    var baseline = fn.Versions.Count > 0 ? fn.Versions.Values.Last() : null;
                    fn.Latest = NewConfig(name, defaults, shared, custom, now, baseline);
                }
                else fn.Latest = fn.Versions.Count > 0 ? fn.Versions.Values.Last().Clone() : NewConfig(name, defaults, shared, null, now);
                fn.Latest.Version = "$LATEST";
                fn.Latest.RevisionId = ScenarioRevisionId(name, "$LATEST", fn.Latest.CodeSha256);

                foreach (var a in Array(f, "aliases"))
                {
                    var alias = new FunctionAlias
                    {
                        Name = Str(a, "name"),
                        FunctionVersion = Str(a, "functionVersion") ?? "$LATEST",
                        Description = Str(a, "description") ?? "",
                    };
                    foreach (var (k, w) in Obj(a, "routing")) alias.AdditionalVersionWeights[k] = w.GetDouble();
                    alias.RevisionId = ScenarioRevisionId(name, "alias", alias.Name, alias.FunctionVersion);
                    fn.Aliases[alias.Name] = alias;
                }

                foreach (var p in Array(f, "policies"))
                {
                    var qualifier = Str(p, "qualifier");
                    var key = PolicyKey(string.IsNullOrEmpty(qualifier) ? null : qualifier);
                    if (!fn.Policies.TryGetValue(key, out var policy)) fn.Policies[key] = policy = new ResourcePolicy();
                    var resource = FunctionArn(name, key == "" ? null : key);
                    if (Get(p, "statement") is { } raw)
                        policy.Statements.Add((JsonObject)JsonNode.Parse(raw.GetRawText()));
                    else
                        policy.Statements.Add(LambdaWire.Statement(Str(p, "sid") ?? $"stmt-{policy.Statements.Count + 1}", Str(p, "effect") ?? "Allow",
                            Str(p, "action") ?? "lambda:InvokeFunction", Str(p, "principal"), resource, Str(p, "sourceArn"), Str(p, "sourceAccount"),
                            Str(p, "principalOrgId"), Str(p, "functionUrlAuthType"), Partition));
                }
                foreach (var (key, policy) in fn.Policies) policy.RevisionId = ScenarioRevisionId(name, "policy", key, policy.ToJson());
                LambdaFunctions[name] = fn;
            }

            foreach (var e in Array(section, "eventSourceMappings"))
            {
                var esm = new EventSourceMapping
                {
                    Uuid = Str(e, "uuid") ?? Guid.NewGuid().ToString(),
                    EventSourceArn = Str(e, "eventSourceArn"),
                    FunctionArn = Str(e, "functionArn"),
                    Enabled = !string.Equals(Str(e, "state"), "Disabled", StringComparison.OrdinalIgnoreCase),
                    BatchSize = Get(e, "batchSize")?.GetInt32() ?? 10,
                    MaximumBatchingWindowInSeconds = Get(e, "maximumBatchingWindowInSeconds")?.GetInt32() ?? 0,
                    LastModified = now,
                };
                var parsed = ParseFunctionRef(esm.FunctionArn);
                if (parsed?.Name != null) esm.FunctionArn = FunctionArn(parsed.Name, parsed.Qualifier);
                EventSourceMappings[esm.Uuid] = esm;
            }

            foreach (var r in Array(section, "roles"))
            {
                var role = new IamRole { Arn = Str(r, "arn") };
                role.AllowInvoke.AddRange(Array(r, "allowInvoke").Select(x => x.GetString()));
                if (Get(r, "trustedServices") is { ValueKind: JsonValueKind.Array } trusted)
                    role.TrustedServices = trusted.EnumerateArray().Select(x => x.GetString()).ToList();
                IamRoles[role.Arn] = role;
            }
        }
    }

    private FunctionVersionConfig NewConfig(string name, JsonElement? defaults, JsonElement? shared, JsonElement? own, DateTimeOffset now, FunctionVersionConfig baseline = null)
    {
        var c = baseline?.Clone() ?? new FunctionVersionConfig { Role = $"arn:{Partition}:iam::{AccountId}:role/{name}-role", CodeSha256 = FunctionVersionConfig.Sha256Of(name) };
        c.LastModified = now;
        c.RevisionId = Guid.NewGuid().ToString();
        foreach (var layer in new[] { defaults, shared, own })
        {
            if (layer is not { ValueKind: JsonValueKind.Object } e) continue;
            if (Str(e, "runtime") is { } runtime) c.Runtime = runtime;
            if (Str(e, "handler") is { } handler) c.Handler = handler;
            if (Str(e, "role") is { } role) c.Role = role;
            if (Str(e, "description") is { } description) c.Description = description;
            if (Get(e, "memorySize") is { } memory) c.MemorySize = memory.GetInt32();
            if (Get(e, "timeout") is { } timeout) c.Timeout = timeout.GetInt32();
            if (Str(e, "codeSha256") is { } sha) c.CodeSha256 = sha;
            if (Str(e, "code") is { } label) c.CodeSha256 = FunctionVersionConfig.Sha256Of(label);
            if (Get(e, "codeSize") is { } size) c.CodeSize = size.GetInt64();
            if (Str(e, "deadLetterTargetArn") is { } dlq) c.DeadLetterTargetArn = dlq;
            if (Str(e, "tracingMode") is { } tracing) c.TracingMode = tracing;
            if (Get(e, "vpcConfig") is { ValueKind: JsonValueKind.Object } vpc)
            {
                c.SubnetIds = Array(vpc, "subnetIds").Select(x => x.GetString()).ToList();
                c.SecurityGroupIds = Array(vpc, "securityGroupIds").Select(x => x.GetString()).ToList();
                c.VpcId = Str(vpc, "vpcId");
            }
            if (Get(e, "vpcConfig") is { ValueKind: JsonValueKind.Null }) { c.SubnetIds = new(); c.SecurityGroupIds = new(); c.VpcId = null; }
            if (Get(e, "environment") is { ValueKind: JsonValueKind.Object } env)
                c.Environment = env.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString())).ToList();
            if (Get(e, "layers") is { ValueKind: JsonValueKind.Array } layers) c.Layers = layers.EnumerateArray().Select(x => x.GetString()).ToList();
            if (Get(e, "architectures") is { ValueKind: JsonValueKind.Array } arch) c.Architectures = arch.EnumerateArray().Select(x => x.GetString()).ToList();
        }
        return c;
    }

    /// <summary>A RevisionId for state loaded from a scenario, derived from what it identifies. Reloading the same scenario
    /// (host.Reset) restores the same account, so pins scanned before a reset still match it, as they would in an
    /// unchanged AWS account. Changes made through the API get fresh random RevisionIds, as in AWS.</summary>
    private static string ScenarioRevisionId(params string[] parts)
    {
        using var sha = System.Security.Cryptography.SHA256.Create();
        var hash = sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(string.Join("\u0001", parts.Select(p => p ?? ""))));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    private static JsonElement? Get(JsonElement? e, string name)
    {
        if (e is not { ValueKind: JsonValueKind.Object } o) return null;
        foreach (var p in o.EnumerateObject())
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) return p.Value;
        return null;
    }

    private static string Str(JsonElement? e, string name) => Get(e, name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : Get(e, name) is { ValueKind: JsonValueKind.Number } n ? n.GetRawText() : null;

    private static IEnumerable<JsonElement> Array(JsonElement? e, string name)
        => Get(e, name) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : Enumerable.Empty<JsonElement>();

    private static IEnumerable<(string, JsonElement)> Obj(JsonElement? e, string name)
        => Get(e, name) is { ValueKind: JsonValueKind.Object } o ? o.EnumerateObject().Select(p => (p.Name, p.Value)) : Enumerable.Empty<(string, JsonElement)>();
}
