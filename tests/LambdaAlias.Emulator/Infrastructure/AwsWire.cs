using System.Globalization;
using System.Security;
using System.Text.Json;

namespace LambdaAlias.Emulator.Infrastructure;

/// <summary>Writes errors in each emulated service's own wire format: rest-json with x-amzn-ErrorType for Lambda and
/// API Gateway (v1, v2), the Query protocol's XML ErrorResponse for STS.</summary>
public static class AwsWire
{
    /// <summary>Lambda error shapes whose message member is "Message" (capitalised) in the API model; the rest use "message".</summary>
    private static readonly HashSet<string> LambdaCapitalMessage = new(StringComparer.Ordinal)
    {
        "ResourceNotFoundException", "ServiceException", "ResourceInUseException", "CodeSigningConfigNotFoundException",
        "CodeVerificationFailedException", "EC2AccessDeniedException", "EC2ThrottledException", "EC2UnexpectedException",
        "EFSIOException", "EFSMountConnectivityException", "EFSMountFailureException", "EFSMountTimeoutException",
        "ENILimitReachedException", "InvalidCodeSignatureException", "InvalidRuntimeException", "InvalidSecurityGroupIDException",
        "InvalidSubnetIDException", "InvalidZipFileException", "KMSAccessDeniedException", "KMSDisabledException",
        "KMSInvalidStateException", "KMSNotFoundException", "SnapStartException", "SnapStartNotReadyException",
        "SnapStartTimeoutException", "SubnetIPAddressLimitReachedException",
    };

    /// <summary>Errors raised by AWS's front door (authentication) rather than by the service; their body has only "message".</summary>
    private static readonly HashSet<string> FrontDoorErrors = new(StringComparer.Ordinal)
    {
        "MissingAuthenticationTokenException", "InvalidSignatureException", "UnrecognizedClientException",
        "IncompleteSignatureException", "AccessDeniedException", "ExpiredTokenException",
    };

    /// <summary>The body member that carries the message for <paramref name="code"/> in <paramref name="service"/>.</summary>
    public static string MessageField(string service, string code)
        => QuotaManager.Family(service) == "lambda" && LambdaCapitalMessage.Contains(code) ? "Message" : "message";

    /// <summary>An <see cref="AwsErrorException"/> for a Lambda error, with the model's message member and "Type".</summary>
    public static AwsErrorException LambdaError(int status, string code, string message, IDictionary<string, object> extra = null)
    {
        var body = new Dictionary<string, object>(extra ?? new Dictionary<string, object>());
        if (!FrontDoorErrors.Contains(code)) body["Type"] = status >= 500 ? "Service" : "User";
        return new AwsErrorException(status, code, message, MessageField("lambda", code), body);
    }

    /// <summary>An error for any service, in its format.</summary>
    public static AwsErrorException Error(string service, int status, string code, string message)
        => QuotaManager.Family(service) == "lambda" ? LambdaError(status, code, message) : new AwsErrorException(status, code, message);

    public static Task WriteAsync(HttpContext ctx, string service, AwsErrorException error, string requestId, string retryAfter = null)
    {
        if (retryAfter != null) ctx.Response.Headers["Retry-After"] = retryAfter;
        if (string.Equals(service, "sts", StringComparison.OrdinalIgnoreCase)) return WriteQueryErrorAsync(ctx, error, requestId);
        return AwsErrorWriter.WriteAsync(ctx, error);
    }

    /// <summary>Whole seconds (at least 1), as AWS sends. Above a time-scale of 1 the real wait is usually under a
    /// second, so the emulator then sends the fraction too, letting clients that honour Retry-After keep the ratios.</summary>
    public static string FormatRetryAfter(double seconds, double timeScale = 1)
    {
        if (timeScale <= 1 || seconds >= 1)
            return Math.Max(1, Math.Ceiling(seconds - 1e-9)).ToString(CultureInfo.InvariantCulture);
        return Math.Max(0.001, Math.Round(seconds, 3)).ToString("0.###", CultureInfo.InvariantCulture);
    }

    /// <summary>STS (Query protocol) error: &lt;ErrorResponse&gt; XML with Type Sender/Receiver, Code, Message, RequestId.</summary>
    public static async Task WriteQueryErrorAsync(HttpContext ctx, AwsErrorException error, string requestId)
    {
        ctx.Response.StatusCode = error.StatusCode;
        ctx.Response.ContentType = "text/xml";
        var type = error.StatusCode >= 500 ? "Receiver" : "Sender";
        await ctx.Response.WriteAsync(
            "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n" +
            $"  <Error>\n    <Type>{type}</Type>\n    <Code>{SecurityElement.Escape(error.Code)}</Code>\n    <Message>{SecurityElement.Escape(error.Message)}</Message>\n  </Error>\n" +
            $"  <RequestId>{requestId}</RequestId>\n</ErrorResponse>\n");
    }

    /// <summary>The AWS error for a refused signature, per protocol: rest-json services answer 403 with
    /// MissingAuthenticationTokenException / IncompleteSignatureException / UnrecognizedClientException /
    /// InvalidSignatureException; STS answers with its Query error codes.</summary>
    public static AwsErrorException SignatureError(string service, SignatureCheck check)
    {
        if (string.Equals(service, "sts", StringComparison.OrdinalIgnoreCase))
        {
            var (status, code) = check.Failure switch
            {
                SignatureFailureKind.Missing => (403, "MissingAuthenticationToken"),
                SignatureFailureKind.Incomplete => (400, "IncompleteSignature"),
                SignatureFailureKind.UnknownAccessKey or SignatureFailureKind.InvalidToken => (403, "InvalidClientTokenId"),
                SignatureFailureKind.Expired => (403, "SignatureDoesNotMatch"),
                _ => (403, "SignatureDoesNotMatch"),
            };
            var message = check.Failure == SignatureFailureKind.Missing ? "Request is missing Authentication Token" : check.Message;
            return new AwsErrorException(status, code, message);
        }
        var restCode = check.Failure switch
        {
            SignatureFailureKind.Missing => "MissingAuthenticationTokenException",
            SignatureFailureKind.Incomplete => "IncompleteSignatureException",
            SignatureFailureKind.UnknownAccessKey or SignatureFailureKind.InvalidToken => "UnrecognizedClientException",
            _ => "InvalidSignatureException",
        };
        return new AwsErrorException(403, restCode, check.Message);
    }

    /// <summary>The quota error: Lambda's TooManyRequestsException carries Reason and Type (Retry-After is its
    /// retryAfterSeconds member); API Gateway's is a plain TooManyRequestsException with Retry-After.</summary>
    public static AwsErrorException ThrottleError(string service)
    {
        return QuotaManager.Family(service) switch
        {
            "lambda" => LambdaError(429, "TooManyRequestsException", "Rate exceeded", new Dictionary<string, object> { ["Reason"] = "CallerRateLimitExceeded" }),
            "sts" => new AwsErrorException(400, "Throttling", "Rate exceeded"),
            _ => new AwsErrorException(429, "TooManyRequestsException", "Too Many Requests"),
        };
    }

    public static string SigningName(string service) => QuotaManager.Family(service);

    internal static readonly JsonSerializerOptions ControlJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };
}
