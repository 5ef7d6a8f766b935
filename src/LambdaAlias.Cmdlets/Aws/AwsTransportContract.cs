// The seam between the typed service clients (LambdaClient, ApiGatewayClient, ApiGatewayV2Client) and the transport
// (credentials, endpoint, SigV4 through AWSSDK.Core, retries, error mapping, call log). The service clients build an
// AwsRequest; the transport sends it and returns the body or throws AwsServiceException.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>Which endpoint and signing name a request uses.</summary>
    public enum AwsService
    {
        /// <summary>Lambda: signing name "lambda", endpoint lambda.{region}.{dnsSuffix}.</summary>
        Lambda,
        /// <summary>API Gateway REST (v1): signing name "apigateway", endpoint apigateway.{region}.{dnsSuffix}.</summary>
        ApiGateway,
        /// <summary>API Gateway v2: signing name "apigateway", same host as v1, paths under /v2/.</summary>
        ApiGatewayV2,
        /// <summary>STS (GetCallerIdentity for the account id): signing name "sts", endpoint sts.{region}.{dnsSuffix}.</summary>
        Sts,
    }

    /// <summary>One rest-json request, ready to sign.</summary>
    public sealed class AwsRequest
    {
        public AwsService Service { get; set; }
        /// <summary>AWS operation name, for the call log, quotas and errors, e.g. "GetResources".</summary>
        public string Operation { get; set; }
        /// <summary>What the call acts on, for the -Verbose log, e.g. "restapis/abc123". Never a secret.</summary>
        public string Target { get; set; }
        public string HttpMethod { get; set; } = "GET";
        /// <summary>Path with each segment already URI-escaped, e.g. "/2015-03-31/functions/my-func/aliases".</summary>
        public string Path { get; set; }
        /// <summary>Query parameters, unescaped; the transport escapes them.</summary>
        public List<KeyValuePair<string, string>> Query { get; } = new List<KeyValuePair<string, string>>();
        /// <summary>Extra headers, e.g. Accept for GetExport.</summary>
        public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        /// <summary>JSON body, or null.</summary>
        public string Body { get; set; }
        /// <summary>True when repeating the call cannot double-apply it (reads, and writes guarded by ids or preconditions).
        /// The transport retries only such requests after a response-less failure or a 5xx.</summary>
        public bool IsIdempotent { get; set; } = true;

        public AwsRequest AddQuery(string name, string value)
        {
            if (value != null) Query.Add(new KeyValuePair<string, string>(name, value));
            return this;
        }
    }

    public sealed class AwsResponse
    {
        public int StatusCode { get; set; }
        public string Body { get; set; }
        public string ContentType { get; set; }
        public string RequestId { get; set; }
        public IDictionary<string, string> Headers { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Sends signed requests with retries. One instance per cmdlet invocation and (account, region, endpoint).</summary>
    public interface IAwsTransport
    {
        /// <summary>Sends the request; returns a 2xx response or throws <see cref="AwsServiceException"/> (or OperationCanceledException).</summary>
        Task<AwsResponse> SendAsync(AwsRequest request, CancellationToken cancellationToken);
    }

    /// <summary>An AWS error response (or a transport failure that outlasted retries).</summary>
    public class AwsServiceException : Exception
    {
        public AwsServiceException(string errorCode, string message, int statusCode, string requestId, string operation, Exception inner = null)
            : base(message, inner)
        {
            ErrorCode = errorCode; StatusCode = statusCode; RequestId = requestId; Operation = operation;
        }

        /// <summary>AWS error code, e.g. "ResourceNotFoundException", "NotFoundException", "TooManyRequestsException".</summary>
        public string ErrorCode { get; }
        /// <summary>HTTP status, or 0 when no response arrived.</summary>
        public int StatusCode { get; }
        public string RequestId { get; }
        public string Operation { get; }
        /// <summary>Retries the transport made before giving up.</summary>
        public int Retries { get; set; }

        public bool IsNotFound => StatusCode == 404 || ErrorCode == "ResourceNotFoundException" || ErrorCode == "NotFoundException";
        public bool IsAccessDenied => StatusCode == 403 || (ErrorCode != null && ErrorCode.IndexOf("AccessDenied", StringComparison.OrdinalIgnoreCase) >= 0);
        public bool IsConflict => StatusCode == 409 || ErrorCode == "ConflictException" || ErrorCode == "ResourceConflictException";
        public bool IsThrottling => StatusCode == 429 || ErrorCode == "TooManyRequestsException" || ErrorCode == "ThrottlingException" || ErrorCode == "LimitExceededException";
        public bool IsPreconditionFailed => StatusCode == 412 || ErrorCode == "PreconditionFailedException";
    }

    /// <summary>Where a pin or result came from, so the next cmdlet acts on the same account. Never secrets.</summary>
    public sealed class AwsContext
    {
        public string Region { get; set; }
        public string AccountId { get; set; }
        public string ProfileName { get; set; }
        public string EndpointUrl { get; set; }
        public string Partition { get; set; } = "aws";
    }
}
