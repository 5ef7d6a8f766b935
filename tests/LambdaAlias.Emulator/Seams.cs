// The seams between the emulator's parts. Infrastructure + Lambda (one owner) and API Gateway v1/v2 (another owner)
// meet only here: endpoint metadata, the error writer, the shared state object, scenario sections and the probe.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LambdaAlias.Emulator;

/// <summary>Endpoint metadata naming the AWS operation an endpoint implements. Middleware uses it for the request log,
/// quotas, fault injection and the SigV4 service-name check.</summary>
public sealed record AwsOperation(string Service, string Name, bool Mutating);

public static class AwsOperationExtensions
{
    /// <summary>Tag an endpoint with its AWS service ("lambda" or "apigateway"; v2 signs as "apigateway" too) and operation name.</summary>
    public static TBuilder Aws<TBuilder>(this TBuilder builder, string service, string operation, bool mutating = false)
        where TBuilder : IEndpointConventionBuilder
        => builder.WithMetadata(new AwsOperation(service, operation, mutating));
}

/// <summary>Thrown by handlers; the error middleware turns it into AWS's wire error format.</summary>
public sealed class AwsErrorException : Exception
{
    public int StatusCode { get; }
    public string Code { get; }
    /// <summary>Extra body members, e.g. Lambda's "Type":"User" or "retryAfterSeconds".</summary>
    public IDictionary<string, object> Extra { get; }
    /// <summary>"message" for API Gateway, "Message" for Lambda.</summary>
    public string MessageField { get; }

    public AwsErrorException(int statusCode, string code, string message, string messageField = "message", IDictionary<string, object> extra = null)
        : base(message)
    {
        StatusCode = statusCode; Code = code; MessageField = messageField; Extra = extra ?? new Dictionary<string, object>();
    }
}

public static class AwsErrorWriter
{
    /// <summary>Writes an AWS rest-json error: x-amzn-ErrorType header, x-amzn-RequestId, JSON body with the message.</summary>
    public static async Task WriteAsync(HttpContext ctx, AwsErrorException e)
    {
        ctx.Response.StatusCode = e.StatusCode;
        ctx.Response.Headers["x-amzn-ErrorType"] = e.Code;
        ctx.Response.ContentType = "application/json";
        var body = new Dictionary<string, object>(e.Extra) { [e.MessageField] = e.Message };
        await ctx.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}

/// <summary>All emulated AWS state. One lock guards it; handlers take <see cref="Sync"/> for every read and write.
/// Each service's collections live in its own partial file.</summary>
public sealed partial class EmulatorState
{
    public object Sync { get; } = new();
    public string AccountId { get; set; } = "123456789012";
    public string Region { get; set; } = "us-east-1";
    public string Partition => Region.StartsWith("cn-") ? "aws-cn" : Region.StartsWith("us-gov-") ? "aws-us-gov" : "aws";
    /// <summary>Monotonic clock the emulator uses for timestamps; tests may advance it.</summary>
    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    // --- Implemented by the Lambda part (Lambda/*.cs) ---
    /// <summary>Load the "lambda" section of a scenario (functions, versions, aliases, policies, ESMs, roles).</summary>
    public partial void LoadLambda(JsonElement section);
    /// <summary>Invoke a function the way a service does: resolve the qualifier (alias routing by <paramref name="routingSample"/> in [0,1)),
    /// then check the resource policy for <paramref name="principal"/> and <paramref name="sourceArn"/>, unless
    /// <paramref name="credentialsRoleArn"/> is set, in which case the role's (scenario-defined) IAM policy decides.</summary>
    public partial InvokeOutcome InvokeLambda(string functionRef, string principal, string sourceArn, string sourceAccount, string credentialsRoleArn, double routingSample);
    /// <summary>Probe an event source mapping: its poller needs no resource policy; returns the target that would be invoked.</summary>
    public partial ProbeResult ProbeEventSourceMapping(string uuid, double routingSample);

    // --- Implemented by the API Gateway part (ApiGateway/*.cs, ApiGatewayV2/*.cs) ---
    /// <summary>Load the "apigateway" (REST) section of a scenario.</summary>
    public partial void LoadApiGateway(JsonElement section);
    /// <summary>Load the "apigatewayv2" (HTTP/WebSocket) section of a scenario.</summary>
    public partial void LoadApiGatewayV2(JsonElement section);
    /// <summary>Simulate one request through API Gateway: stage, its deployed snapshot (or canary), integration URI with
    /// stage variables substituted, then <see cref="InvokeLambda"/>. Accepts an invoke URL (execute-api or custom domain)
    /// or explicit api/stage/method/path.</summary>
    public partial ProbeResult ProbeApiRoute(ProbeRequest request);
}

public sealed record InvokeOutcome(bool Succeeded, string FunctionArn, string Qualifier, string ServedVersion, string FailureReason);

public sealed class ProbeRequest
{
    /// <summary>Full invoke URL, e.g. https://abc123.execute-api.us-east-1.amazonaws.com/dev/orders or https://api.example.com/orders/x.</summary>
    public string Url { get; set; }
    public string ApiId { get; set; }
    public string Stage { get; set; }
    public string Method { get; set; } = "GET";
    public string Path { get; set; } = "/";
    /// <summary>REST canary: force the canary (true), the main deployment (false), or pick by percentTraffic (null).</summary>
    public bool? Canary { get; set; }
    public double RoutingSample { get; set; }
    public string EventSourceMappingUuid { get; set; }
}

public sealed class ProbeResult
{
    public bool Succeeded { get; set; }
    /// <summary>HTTP status a caller would see: 200, or 500/502/403/404 when the chain breaks.</summary>
    public int Status { get; set; }
    public string FunctionArn { get; set; }
    public string Qualifier { get; set; }
    public string ServedVersion { get; set; }
    public string FailureReason { get; set; }
    /// <summary>The hops taken, for explanations and test failure messages.</summary>
    public List<string> Chain { get; set; } = new();
}
