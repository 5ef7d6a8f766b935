using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace LambdaAlias.Emulator.Lambda;

/// <summary>The configuration and code of $LATEST or of one published version. Published versions are never mutated;
/// <see cref="Clone"/> makes the snapshot PublishVersion stores.</summary>
public sealed class FunctionVersionConfig
{
    /// <summary>"$LATEST" or "1", "2", ...</summary>
    public string Version { get; set; } = "$LATEST";
    public string Description { get; set; } = "";
    public string Runtime { get; set; } = "python3.9";
    public string Handler { get; set; } = "app.handler";
    public string Role { get; set; }
    public int MemorySize { get; set; } = 128;
    public int Timeout { get; set; } = 3;
    public List<string> SubnetIds { get; set; } = new();
    public List<string> SecurityGroupIds { get; set; } = new();
    public string VpcId { get; set; }
    /// <summary>Environment variables in insertion order.</summary>
    public List<KeyValuePair<string, string>> Environment { get; set; } = new();
    public List<string> Layers { get; set; } = new();
    public List<string> Architectures { get; set; } = new() { "x86_64" };
    public string CodeSha256 { get; set; }
    public long CodeSize { get; set; } = 1024;
    public string DeadLetterTargetArn { get; set; }
    public string TracingMode { get; set; } = "PassThrough";
    public int EphemeralStorageSize { get; set; } = 512;
    public string RevisionId { get; set; } = Guid.NewGuid().ToString();
    public DateTimeOffset LastModified { get; set; }

    public FunctionVersionConfig Clone() => new()
    {
        Version = Version, Description = Description, Runtime = Runtime, Handler = Handler, Role = Role, MemorySize = MemorySize,
        Timeout = Timeout, SubnetIds = SubnetIds.ToList(), SecurityGroupIds = SecurityGroupIds.ToList(), VpcId = VpcId,
        Environment = Environment.ToList(), Layers = Layers.ToList(), Architectures = Architectures.ToList(), CodeSha256 = CodeSha256,
        CodeSize = CodeSize, DeadLetterTargetArn = DeadLetterTargetArn, TracingMode = TracingMode, EphemeralStorageSize = EphemeralStorageSize,
        RevisionId = RevisionId, LastModified = LastModified,
    };

    /// <summary>Everything PublishVersion compares to decide that nothing changed since the last version: code and
    /// configuration, not the description or revision.</summary>
    public string ContentFingerprint()
    {
        var sb = new StringBuilder();
        sb.Append(CodeSha256).Append('|').Append(Runtime).Append('|').Append(Handler).Append('|').Append(Role).Append('|')
          .Append(MemorySize).Append('|').Append(Timeout).Append('|').Append(string.Join(",", SubnetIds.OrderBy(s => s, StringComparer.Ordinal)))
          .Append('|').Append(string.Join(",", SecurityGroupIds.OrderBy(s => s, StringComparer.Ordinal))).Append('|')
          .Append(string.Join(",", Environment.Select(kv => kv.Key + "=" + kv.Value))).Append('|').Append(string.Join(",", Layers))
          .Append('|').Append(string.Join(",", Architectures)).Append('|').Append(DeadLetterTargetArn).Append('|').Append(TracingMode)
          .Append('|').Append(EphemeralStorageSize);
        return sb.ToString();
    }

    public bool HasVpc => SubnetIds.Count > 0;

    /// <summary>A CodeSha256 as Lambda reports it: base64 of a SHA-256, here of a label, so scenarios can name code revisions.</summary>
    public static string Sha256Of(string label) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(label)));
}

public sealed class FunctionAlias
{
    public string Name { get; set; }
    public string FunctionVersion { get; set; }
    public string Description { get; set; } = "";
    /// <summary>RoutingConfig.AdditionalVersionWeights: at most one published version and its weight in [0, 1].</summary>
    public Dictionary<string, double> AdditionalVersionWeights { get; set; } = new();
    public string RevisionId { get; set; } = Guid.NewGuid().ToString();
}

/// <summary>The resource-based policy of the unqualified function, of one version, or of one alias. Each is separate:
/// a statement on one qualifier never covers another.</summary>
public sealed class ResourcePolicy
{
    public List<JsonObject> Statements { get; } = new();
    public string RevisionId { get; set; } = Guid.NewGuid().ToString();

    public string ToJson()
    {
        var doc = new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Id"] = "default",
            ["Statement"] = new JsonArray(Statements.Select(s => (JsonNode)s.DeepClone()).ToArray()),
        };
        return doc.ToJsonString(LambdaWire.JsonOptions);
    }
}

public sealed class LambdaFunction
{
    public string Name { get; set; }
    public FunctionVersionConfig Latest { get; set; }
    public SortedDictionary<int, FunctionVersionConfig> Versions { get; } = new();
    /// <summary>Version numbers are never reused, even after a version is deleted.</summary>
    public int LastVersionNumber { get; set; }
    public Dictionary<string, FunctionAlias> Aliases { get; } = new(StringComparer.Ordinal);
    /// <summary>Policies by qualifier; "" is the unqualified function's policy, which also governs $LATEST.</summary>
    public Dictionary<string, ResourcePolicy> Policies { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);
}

public sealed class EventSourceMapping
{
    public string Uuid { get; set; }
    public string EventSourceArn { get; set; }
    /// <summary>The function ARN as configured, qualified or not (a version or an alias).</summary>
    public string FunctionArn { get; set; }
    /// <summary>Target still served while an update is in progress.</summary>
    public string PreviousFunctionArn { get; set; }
    public bool Enabled { get; set; } = true;
    public int BatchSize { get; set; } = 10;
    public int MaximumBatchingWindowInSeconds { get; set; }
    public DateTimeOffset LastModified { get; set; }
    /// <summary>While set and in the future, the mapping is Updating.</summary>
    public DateTimeOffset? UpdatingUntil { get; set; }
    public string StateTransitionReason { get; set; } = "USER_INITIATED";
    public List<string> FunctionResponseTypes { get; set; } = new();
}

/// <summary>An IAM role an integration or authorizer may use as its credentials: it invokes through the role's identity
/// policy (the ARN patterns listed here), not through the function's resource policy.</summary>
public sealed class IamRole
{
    public string Arn { get; set; }
    /// <summary>Function ARN patterns ('*' and '?' wildcards) the role's policy allows lambda:InvokeFunction on.</summary>
    public List<string> AllowInvoke { get; set; } = new();
    /// <summary>Services the role's trust policy lets assume it.</summary>
    public List<string> TrustedServices { get; set; } = new() { "apigateway.amazonaws.com" };
}
