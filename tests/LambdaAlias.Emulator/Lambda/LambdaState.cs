using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LambdaAlias.Emulator.Infrastructure;
using LambdaAlias.Emulator.Lambda;

namespace LambdaAlias.Emulator;

/// <summary>A function reference split into its parts: any of name, name:qualifier, full ARN or partial ARN.</summary>
public sealed record FunctionRef(string Name, string Qualifier);

public sealed partial class EmulatorState
{
    /// <summary>Functions by name (Lambda part). Read and change only under <see cref="Sync"/>.</summary>
    public Dictionary<string, LambdaFunction> LambdaFunctions { get; } = new(StringComparer.Ordinal);
    /// <summary>Event source mappings by UUID, in creation order.</summary>
    public Dictionary<string, EventSourceMapping> EventSourceMappings { get; } = new(StringComparer.Ordinal);
    /// <summary>Scenario-defined IAM roles for credentials-role invocation, by ARN.</summary>
    public Dictionary<string, IamRole> IamRoles { get; } = new(StringComparer.Ordinal);
    /// <summary>How long (nominal, divided by the time-scale) an event source mapping stays Updating after an update.</summary>
    public TimeSpan EventSourceMappingUpdateDuration { get; set; } = TimeSpan.FromSeconds(1);

    private static readonly Regex FunctionNamePattern = new(@"^[a-zA-Z0-9-_]{1,64}$", RegexOptions.Compiled);
    private static readonly Regex QualifierPattern = new(@"^(\$LATEST|[a-zA-Z0-9-_]{1,128})$", RegexOptions.Compiled);
    private static readonly Regex AliasNamePattern = new(@"^(?!^[0-9]+$)[a-zA-Z0-9-_]{1,128}$", RegexOptions.Compiled);

    public static bool IsValidAliasName(string name) => name != null && AliasNamePattern.IsMatch(name);

    partial void ResetLambdaState()
    {
        LambdaFunctions.Clear();
        EventSourceMappings.Clear();
        IamRoles.Clear();
    }

    public string FunctionArn(string name, string qualifier = null)
        => $"arn:{Partition}:lambda:{Region}:{AccountId}:function:{name}" + (qualifier != null ? ":" + qualifier : "");

    /// <summary>Parse a FunctionName as Lambda accepts it; null when it is malformed or names another account.</summary>
    public FunctionRef ParseFunctionRef(string value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        string rest;
        if (value.StartsWith("arn:", StringComparison.Ordinal))
        {
            var parts = value.Split(':');
            if (parts.Length < 7 || parts.Length > 8 || parts[2] != "lambda" || parts[5] != "function") return null;
            if (parts[4] != AccountId || parts[3] != Region) return new FunctionRef(null, null);
            rest = parts[6] + (parts.Length == 8 ? ":" + parts[7] : "");
        }
        else if (Regex.IsMatch(value, @"^\d{12}:function:"))
        {
            var parts = value.Split(':');
            if (parts[0] != AccountId) return new FunctionRef(null, null);
            rest = string.Join(":", parts.Skip(2));
        }
        else rest = value;
        var pieces = rest.Split(':');
        if (pieces.Length > 2 || !FunctionNamePattern.IsMatch(pieces[0])) return null;
        if (pieces.Length == 2 && !QualifierPattern.IsMatch(pieces[1])) return null;
        return new FunctionRef(pieces[0], pieces.Length == 2 ? pieces[1] : null);
    }

    public LambdaFunction FindFunction(string name) => name != null && LambdaFunctions.TryGetValue(name, out var f) ? f : null;

    /// <summary>The configuration a qualifier names: null/$LATEST, a version number, or an alias (its primary version).</summary>
    public FunctionVersionConfig ResolveQualifier(LambdaFunction fn, string qualifier)
    {
        if (qualifier == null || qualifier == "$LATEST") return fn.Latest;
        if (int.TryParse(qualifier, out var n)) return fn.Versions.TryGetValue(n, out var v) ? v : null;
        return fn.Aliases.TryGetValue(qualifier, out var a) ? ResolveQualifier(fn, a.FunctionVersion) : null;
    }

    /// <summary>The version that serves one invocation of <paramref name="qualifier"/>: alias routing sends
    /// <paramref name="routingSample"/> in [0, weight) to the additional version.</summary>
    private string ServedVersion(LambdaFunction fn, string qualifier, double routingSample, List<string> chain)
    {
        if (qualifier == null) { chain.Add("unqualified: $LATEST"); return "$LATEST"; }
        if (qualifier == "$LATEST") return "$LATEST";
        if (int.TryParse(qualifier, out var n)) return fn.Versions.ContainsKey(n) ? qualifier : null;
        if (!fn.Aliases.TryGetValue(qualifier, out var alias)) return null;
        var version = alias.FunctionVersion;
        foreach (var (extra, weight) in alias.AdditionalVersionWeights)
        {
            if (routingSample < weight) { version = extra; chain.Add($"alias {qualifier}: routing sample {routingSample:0.###} < {weight} -> version {extra}"); return version; }
        }
        chain.Add($"alias {qualifier} -> version {version}");
        if (version == "$LATEST") return version;
        return int.TryParse(version, out var v) && fn.Versions.ContainsKey(v) ? version : null;
    }

    public partial InvokeOutcome InvokeLambda(string functionRef, string principal, string sourceArn, string sourceAccount, string credentialsRoleArn, double routingSample)
    {
        lock (Sync)
        {
            var chain = new List<string>();
            return Invoke(functionRef, principal, sourceArn, sourceAccount, credentialsRoleArn, routingSample, chain);
        }
    }

    private InvokeOutcome Invoke(string functionRef, string principal, string sourceArn, string sourceAccount, string credentialsRoleArn, double routingSample, List<string> chain)
    {
        var parsed = ParseFunctionRef(functionRef);
        if (parsed == null) return new InvokeOutcome(false, functionRef, null, null, $"Malformed function reference '{functionRef}'.");
        var fn = FindFunction(parsed.Name);
        if (fn == null) return new InvokeOutcome(false, functionRef, parsed.Qualifier, null, $"Function not found: {functionRef}");
        var unqualifiedArn = FunctionArn(fn.Name);
        var invokedArn = FunctionArn(fn.Name, parsed.Qualifier);
        var served = ServedVersion(fn, parsed.Qualifier, routingSample, chain);
        if (served == null)
            return new InvokeOutcome(false, unqualifiedArn, parsed.Qualifier, null, $"Function not found: {invokedArn} (no such version or alias)");

        if (!string.IsNullOrEmpty(credentialsRoleArn))
        {
            if (!IamRoles.TryGetValue(credentialsRoleArn, out var role))
                return new InvokeOutcome(false, unqualifiedArn, parsed.Qualifier, served, $"Credentials role {credentialsRoleArn} does not exist or cannot be assumed.");
            if (principal != null && !role.TrustedServices.Contains(principal, StringComparer.Ordinal))
                return new InvokeOutcome(false, unqualifiedArn, parsed.Qualifier, served, $"Role {credentialsRoleArn} does not trust {principal}.");
            var allowing = role.AllowInvoke.FirstOrDefault(p => Glob(p, invokedArn));
            if (allowing == null)
                return new InvokeOutcome(false, unqualifiedArn, parsed.Qualifier, served, $"Role {credentialsRoleArn} is not allowed lambda:InvokeFunction on {invokedArn}.");
            chain.Add($"credentials role {credentialsRoleArn} allows {allowing}");
            return new InvokeOutcome(true, unqualifiedArn, parsed.Qualifier, served, null);
        }

        var policyKey = PolicyKey(parsed.Qualifier);
        fn.Policies.TryGetValue(policyKey, out var policy);
        var statements = policy?.Statements ?? new List<JsonObject>();
        var denied = statements.FirstOrDefault(s => Effect(s) == "Deny" && StatementMatches(s, principal, sourceArn, sourceAccount, invokedArn, unqualifiedArn));
        if (denied != null)
            return new InvokeOutcome(false, unqualifiedArn, parsed.Qualifier, served, $"Statement {denied["Sid"]} on {Describe(fn.Name, policyKey)} explicitly denies {principal}.");
        var allowed = statements.FirstOrDefault(s => Effect(s) == "Allow" && StatementMatches(s, principal, sourceArn, sourceAccount, invokedArn, unqualifiedArn));
        if (allowed == null)
            return new InvokeOutcome(false, unqualifiedArn, parsed.Qualifier, served,
                $"No statement in the resource policy of {Describe(fn.Name, policyKey)} allows {principal} to invoke it from {sourceArn ?? "(no source ARN)"}.");
        chain.Add($"policy of {Describe(fn.Name, policyKey)}: statement {allowed["Sid"]} allows {principal}");
        return new InvokeOutcome(true, unqualifiedArn, parsed.Qualifier, served, null);
    }

    /// <summary>$LATEST and unqualified calls fall under the unqualified function's policy; each version and alias has its own.</summary>
    public static string PolicyKey(string qualifier) => qualifier == null || qualifier == "$LATEST" ? "" : qualifier;

    private static string Describe(string name, string policyKey) => policyKey == "" ? $"{name} (unqualified)" : $"{name}:{policyKey}";

    private static string Effect(JsonObject s) => s["Effect"]?.GetValue<string>() ?? "Allow";

    private bool StatementMatches(JsonObject s, string principal, string sourceArn, string sourceAccount, string invokedArn, string unqualifiedArn)
    {
        if (!ActionMatches(s["Action"])) return false;
        if (!PrincipalMatches(s["Principal"], principal)) return false;
        if (!ResourceMatches(s["Resource"], invokedArn, unqualifiedArn)) return false;
        if (s["Condition"] is JsonObject conditions)
        {
            foreach (var (op, body) in conditions)
            {
                if (body is not JsonObject keys) return false;
                foreach (var (key, expectedNode) in keys)
                {
                    var actual = key.Equals("AWS:SourceArn", StringComparison.OrdinalIgnoreCase) ? sourceArn
                        : key.Equals("AWS:SourceAccount", StringComparison.OrdinalIgnoreCase) ? sourceAccount
                        : null;
                    if (actual == null) return false;
                    var expected = Values(expectedNode);
                    var ok = op switch
                    {
                        "ArnLike" or "StringLike" => expected.Any(e => Glob(e, actual)),
                        "ArnEquals" or "StringEquals" => expected.Any(e => e == actual),
                        _ => false,
                    };
                    if (!ok) return false;
                }
            }
        }
        return true;
    }

    private static bool ActionMatches(JsonNode action)
        => Values(action).Any(a => a is "lambda:InvokeFunction" or "lambda:*" or "*" || Glob(a, "lambda:InvokeFunction"));

    private bool PrincipalMatches(JsonNode node, string principal)
    {
        if (node is JsonValue v) return v.GetValue<string>() == "*";
        if (node is not JsonObject o || principal == null) return false;
        if (o["Service"] is { } service && Values(service).Contains(principal)) return true;
        if (o["AWS"] is { } aws)
            return Values(aws).Any(p => p == "*" || p == principal || p == $"arn:{Partition}:iam::{principal}:root");
        return false;
    }

    private static bool ResourceMatches(JsonNode resource, string invokedArn, string unqualifiedArn)
    {
        var values = Values(resource);
        return values.Count == 0 || values.Any(r => r == invokedArn || r == unqualifiedArn || r.StartsWith(unqualifiedArn + ":", StringComparison.Ordinal) || Glob(r, invokedArn));
    }

    private static List<string> Values(JsonNode node) => node switch
    {
        null => new List<string>(),
        JsonArray a => a.Select(x => x?.GetValue<string>()).Where(x => x != null).ToList(),
        JsonValue v => new List<string> { v.GetValue<string>() },
        _ => new List<string>(),
    };

    /// <summary>IAM wildcard match: '*' any run of characters, '?' one character, case-sensitive.</summary>
    public static bool Glob(string pattern, string value)
    {
        if (pattern == null || value == null) return false;
        var regex = "^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$";
        return Regex.IsMatch(value, regex, RegexOptions.Singleline);
    }

    public partial ProbeResult ProbeEventSourceMapping(string uuid, double routingSample)
    {
        lock (Sync)
        {
            var result = new ProbeResult();
            if (uuid == null || !EventSourceMappings.TryGetValue(uuid, out var esm))
            {
                result.Status = 404;
                result.FailureReason = $"Event source mapping {uuid} does not exist.";
                return result;
            }
            var state = EsmState(esm);
            var target = state == "Updating" && esm.PreviousFunctionArn != null ? esm.PreviousFunctionArn : esm.FunctionArn;
            result.Chain.Add($"event source mapping {uuid} ({state}) on {esm.EventSourceArn} -> {target}");
            if (state == "Disabled")
            {
                result.Status = 503;
                result.FailureReason = $"Event source mapping {uuid} is disabled; nothing is polled.";
                return result;
            }
            var parsed = ParseFunctionRef(target);
            var fn = parsed == null ? null : FindFunction(parsed.Name);
            result.FunctionArn = target;
            result.Qualifier = parsed?.Qualifier;
            if (fn == null)
            {
                result.Status = 404;
                result.FailureReason = $"Function not found: {target}";
                return result;
            }
            var served = ServedVersion(fn, parsed.Qualifier, routingSample, result.Chain);
            if (served == null)
            {
                result.Status = 404;
                result.FailureReason = $"Function not found: {target} (no such version or alias)";
                return result;
            }
            result.Chain.Add("the poller invokes with the function's execution role; no resource policy applies");
            result.Succeeded = true;
            result.Status = 200;
            result.ServedVersion = served;
            return result;
        }
    }

    /// <summary>Creating/Enabled/Disabled/Updating, with the Updating window ending by the clock.</summary>
    public string EsmState(EventSourceMapping esm)
    {
        if (esm.UpdatingUntil is { } until)
        {
            if (Clock() < until) return "Updating";
            esm.UpdatingUntil = null;
            esm.PreviousFunctionArn = null;
        }
        return esm.Enabled ? "Enabled" : "Disabled";
    }

    // ---- In-process helpers for tests (all take the lock) ----

    /// <summary>Deploy new code to $LATEST (what UpdateFunctionCode does): a new CodeSha256 and RevisionId.</summary>
    public void UpdateFunctionCode(string functionName, string codeSha256)
    {
        lock (Sync)
        {
            var fn = FindFunction(functionName) ?? throw new ArgumentException($"No function {functionName}.");
            fn.Latest.CodeSha256 = codeSha256;
            fn.Latest.RevisionId = Guid.NewGuid().ToString();
            fn.Latest.LastModified = Clock();
        }
    }

    /// <summary>Change $LATEST's configuration (what UpdateFunctionConfiguration does); the RevisionId changes.</summary>
    public void UpdateFunctionConfiguration(string functionName, Action<FunctionVersionConfig> change)
    {
        lock (Sync)
        {
            var fn = FindFunction(functionName) ?? throw new ArgumentException($"No function {functionName}.");
            change(fn.Latest);
            fn.Latest.Version = "$LATEST";
            fn.Latest.RevisionId = Guid.NewGuid().ToString();
            fn.Latest.LastModified = Clock();
        }
    }

    /// <summary>The statements of one qualifier's policy ("" or null for the unqualified policy), as copies.</summary>
    public IReadOnlyList<JsonObject> PolicyStatements(string functionName, string qualifier)
    {
        lock (Sync)
        {
            var fn = FindFunction(functionName);
            if (fn == null || !fn.Policies.TryGetValue(PolicyKey(string.IsNullOrEmpty(qualifier) ? null : qualifier), out var p)) return System.Array.Empty<JsonObject>();
            return p.Statements.Select(s => (JsonObject)s.DeepClone()).ToList();
        }
    }

    public bool RemoveFunction(string functionName)
    {
        lock (Sync) return LambdaFunctions.Remove(functionName);
    }

    public bool RemoveEventSourceMapping(string uuid)
    {
        lock (Sync) return EventSourceMappings.Remove(uuid);
    }
}
