using System.Globalization;
using System.Text.Json.Nodes;

namespace LambdaAlias.Emulator.Lambda;

/// <summary>Lambda's JSON shapes as the API model names them (FunctionConfiguration, AliasConfiguration,
/// EventSourceMappingConfiguration) and policy statements as AddPermission writes them.</summary>
public static class LambdaWire
{
    /// <summary>AWS writes '+', quotes and '&lt;' literally (base64 hashes, policy documents); so does the emulator.</summary>
    public static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Lambda's FunctionConfiguration.LastModified format: ISO-8601 with milliseconds and a +0000 offset.</summary>
    public static string LambdaTimestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);

    /// <summary>rest-json's default timestamp: epoch seconds (EventSourceMappingConfiguration.LastModified).</summary>
    public static double EpochSeconds(DateTimeOffset t) => Math.Round(t.ToUnixTimeMilliseconds() / 1000.0, 3);

    public static JsonObject Configuration(string functionName, string functionArn, FunctionVersionConfig c)
    {
        var o = new JsonObject
        {
            ["FunctionName"] = functionName,
            ["FunctionArn"] = functionArn,
            ["Runtime"] = c.Runtime,
            ["Role"] = c.Role,
            ["Handler"] = c.Handler,
            ["CodeSize"] = c.CodeSize,
            ["Description"] = c.Description ?? "",
            ["Timeout"] = c.Timeout,
            ["MemorySize"] = c.MemorySize,
            ["LastModified"] = LambdaTimestamp(c.LastModified),
            ["CodeSha256"] = c.CodeSha256,
            ["Version"] = c.Version,
        };
        if (c.HasVpc)
            o["VpcConfig"] = new JsonObject
            {
                ["SubnetIds"] = Strings(c.SubnetIds),
                ["SecurityGroupIds"] = Strings(c.SecurityGroupIds),
                ["VpcId"] = c.VpcId ?? "",
            };
        if (c.DeadLetterTargetArn != null) o["DeadLetterConfig"] = new JsonObject { ["TargetArn"] = c.DeadLetterTargetArn };
        if (c.Environment.Count > 0)
        {
            var vars = new JsonObject();
            foreach (var (k, v) in c.Environment) vars[k] = v ?? "";
            o["Environment"] = new JsonObject { ["Variables"] = vars };
        }
        o["TracingConfig"] = new JsonObject { ["Mode"] = c.TracingMode };
        o["RevisionId"] = c.RevisionId;
        if (c.Layers.Count > 0)
            o["Layers"] = new JsonArray(c.Layers.Select(l => (JsonNode)new JsonObject { ["Arn"] = l, ["CodeSize"] = 2048 }).ToArray());
        o["State"] = "Active";
        o["LastUpdateStatus"] = "Successful";
        o["PackageType"] = "Zip";
        o["Architectures"] = Strings(c.Architectures);
        o["EphemeralStorage"] = new JsonObject { ["Size"] = c.EphemeralStorageSize };
        o["SnapStart"] = new JsonObject { ["ApplyOn"] = "None", ["OptimizationStatus"] = "Off" };
        return o;
    }

    public static JsonObject Alias(string aliasArn, FunctionAlias a)
    {
        var o = new JsonObject
        {
            ["AliasArn"] = aliasArn,
            ["Name"] = a.Name,
            ["FunctionVersion"] = a.FunctionVersion,
            ["Description"] = a.Description ?? "",
        };
        if (a.AdditionalVersionWeights.Count > 0)
        {
            var weights = new JsonObject();
            foreach (var (v, w) in a.AdditionalVersionWeights) weights[v] = w;
            o["RoutingConfig"] = new JsonObject { ["AdditionalVersionWeights"] = weights };
        }
        o["RevisionId"] = a.RevisionId;
        return o;
    }

    public static JsonObject EventSourceMapping(EventSourceMapping e, string state) => new()
    {
        ["UUID"] = e.Uuid,
        ["BatchSize"] = e.BatchSize,
        ["MaximumBatchingWindowInSeconds"] = e.MaximumBatchingWindowInSeconds,
        ["EventSourceArn"] = e.EventSourceArn,
        ["FunctionArn"] = e.FunctionArn,
        ["LastModified"] = EpochSeconds(e.LastModified),
        ["State"] = state,
        ["StateTransitionReason"] = e.StateTransitionReason,
        ["FunctionResponseTypes"] = Strings(e.FunctionResponseTypes),
    };

    /// <summary>A statement as AddPermission writes it: Service or AWS principal, ArnLike AWS:SourceArn, StringEquals
    /// AWS:SourceAccount, aws:PrincipalOrgID and lambda:FunctionUrlAuthType conditions.</summary>
    public static JsonObject Statement(string sid, string effect, string action, string principal, string resource, string sourceArn,
        string sourceAccount, string principalOrgId, string functionUrlAuthType, string partition)
    {
        JsonNode principalNode = principal == "*"
            ? JsonValue.Create("*")
            : principal != null && (principal.All(char.IsDigit) || principal.StartsWith("arn:", StringComparison.Ordinal))
                ? new JsonObject { ["AWS"] = principal.All(char.IsDigit) ? $"arn:{partition}:iam::{principal}:root" : principal }
                : new JsonObject { ["Service"] = principal };
        var s = new JsonObject
        {
            ["Sid"] = sid,
            ["Effect"] = effect,
            ["Principal"] = principalNode,
            ["Action"] = action,
            ["Resource"] = resource,
        };
        var condition = new JsonObject();
        if (sourceAccount != null || principalOrgId != null || functionUrlAuthType != null)
        {
            var equals = new JsonObject();
            if (sourceAccount != null) equals["AWS:SourceAccount"] = sourceAccount;
            if (principalOrgId != null) equals["aws:PrincipalOrgID"] = principalOrgId;
            if (functionUrlAuthType != null) equals["lambda:FunctionUrlAuthType"] = functionUrlAuthType;
            condition["StringEquals"] = equals;
        }
        if (sourceArn != null) condition["ArnLike"] = new JsonObject { ["AWS:SourceArn"] = sourceArn };
        if (condition.Count > 0) s["Condition"] = condition;
        return s;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
}
