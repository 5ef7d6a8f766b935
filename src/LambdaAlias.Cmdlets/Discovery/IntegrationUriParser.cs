using System;
using System.Text.RegularExpressions;

namespace LambdaAlias
{
    /// <summary>What an integration (or authorizer) URI targets.</summary>
    public enum IntegrationTargetKind
    {
        /// <summary>No URI (MOCK integrations, v2 AWS service integrations with a subtype).</summary>
        None,
        /// <summary>A Lambda function: the invocations URI or (HTTP APIs) the bare function ARN.</summary>
        Lambda,
        /// <summary>An http:// or https:// endpoint (HTTP, HTTP_PROXY).</summary>
        Http,
        /// <summary>arn:{partition}:apigateway:{region}:{service}:... for a service other than Lambda.</summary>
        AwsService,
        /// <summary>A v2 private integration target: a load balancer listener or Cloud Map service ARN.</summary>
        PrivateIntegration,
        /// <summary>Anything else that does not look like Lambda.</summary>
        Other,
    }

    /// <summary>A parsed Lambda integration or authorizer URI.</summary>
    public sealed class LambdaIntegrationUri
    {
        private const string InvocationsSuffix = "/invocations";

        internal LambdaIntegrationUri() { }

        /// <summary>The URI exactly as the API holds it.</summary>
        public string Raw { get; internal set; }
        /// <summary>True for arn:...:apigateway:...:lambda:path/2015-03-31/functions/{arn}/invocations; false for a bare function ARN.</summary>
        public bool IsInvocationsUri { get; internal set; }
        /// <summary>The partition and region of the apigateway ARN (invocations form only).</summary>
        public string ApiGatewayPartition { get; internal set; }
        public string ApiGatewayRegion { get; internal set; }
        /// <summary>The Lambda API version in the path, normally 2015-03-31 (invocations form only).</summary>
        public string LambdaApiVersion { get; internal set; }
        /// <summary>The function reference as written inside the URI.</summary>
        public LambdaFunctionReference Function { get; internal set; }

        public string Partition => Function.Partition ?? ApiGatewayPartition;
        /// <summary>The function's region (from its ARN, else the apigateway ARN's region).</summary>
        public string Region => Function.Region ?? ApiGatewayRegion;
        /// <summary>The function's account, or null when the URI names the function without one.</summary>
        public string AccountId => Function.AccountId;
        public string FunctionName => Function.FunctionName;
        public string Qualifier => Function.Qualifier;
        public QualifierKind QualifierKind => Function.QualifierKind;
        /// <summary>Every ${stageVariables.x} in the URI (function name, qualifier, region or account).</summary>
        public string[] StageVariableNames => StageVariables.FindNames(Raw);
        public bool UsesStageVariables => StageVariableNames.Length > 0;

        /// <summary>The same URI form pointing at another qualifier of the same function (null for unqualified) — the
        /// text an UpdateIntegration/UpdateAuthorizer patch writes to move the pin to an alias.</summary>
        public string WithQualifier(string qualifier)
        {
            var function = Function.WithQualifier(qualifier).ToString();
            return IsInvocationsUri
                ? "arn:" + ApiGatewayPartition + ":apigateway:" + ApiGatewayRegion + ":lambda:path/" + LambdaApiVersion + "/functions/" + function + InvocationsSuffix
                : function;
        }

        public override string ToString() => Raw;
    }

    /// <summary>The result of parsing an integration URI: Lambda (with details), not Lambda (no error), or malformed.</summary>
    public sealed class IntegrationUriParseResult
    {
        internal IntegrationUriParseResult() { }

        public string Raw { get; internal set; }
        public IntegrationTargetKind TargetKind { get; internal set; }
        /// <summary>For AwsService targets, the service in the apigateway ARN ("s3", "sqs", "states", ...).</summary>
        public string ServiceName { get; internal set; }
        /// <summary>Set when the URI is a well-formed Lambda target.</summary>
        public LambdaIntegrationUri Lambda { get; internal set; }
        /// <summary>MalformedIntegrationUri when the URI looks like a Lambda target but is not well formed.</summary>
        public DiscoveryError Error { get; internal set; }

        public bool IsLambda => Lambda != null;
        public bool IsMalformed => Error != null;
    }

    /// <summary>Parses API Gateway integration URIs (REST, HTTP and WebSocket) and Lambda authorizer URIs.</summary>
    public static class IntegrationUriParser
    {
        private static readonly Regex LambdaInvocations = new Regex(
            "^arn:(?<partition>[^:]*):apigateway:(?<region>[^:]*):lambda:path/(?<version>[^/]*)/functions/(?<function>.*)/invocations$",
            RegexOptions.CultureInvariant | RegexOptions.Singleline);
        private static readonly Regex ApiVersionPattern = new Regex("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", RegexOptions.CultureInvariant);

        /// <summary>Parses an integration URI. Never throws: non-Lambda URIs come back with TargetKind set and no error;
        /// a Lambda-looking URI that is malformed comes back with Error (MalformedIntegrationUri).</summary>
        public static IntegrationUriParseResult Parse(string uri)
        {
            var result = new IntegrationUriParseResult { Raw = uri };
            if (string.IsNullOrEmpty(uri))
            {
                result.TargetKind = IntegrationTargetKind.None;
                return result;
            }
            var trimmed = uri.Trim();
            if (trimmed.Length != uri.Length && trimmed.Length > 0)
            {
                // API Gateway stores the URI verbatim; whitespace around a Lambda target breaks the integration.
                var inner = Parse(trimmed);
                if (inner.TargetKind != IntegrationTargetKind.Lambda) return new IntegrationUriParseResult { Raw = uri, TargetKind = inner.TargetKind, ServiceName = inner.ServiceName };
                result.TargetKind = IntegrationTargetKind.Lambda;
                return Malformed(result, "The Lambda integration URI " + DiscoveryError.Quote(uri) + " has leading or trailing whitespace.");
            }
            if (uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                result.TargetKind = IntegrationTargetKind.Http;
                return result;
            }

            var parts = uri.Split(new[] { ':' }, 6);
            if (parts.Length < 3 || parts[0] != "arn")
            {
                result.TargetKind = IntegrationTargetKind.Other;
                return result;
            }

            string service = parts[2];
            if (service == "lambda")
            {
                // HTTP APIs accept the bare function ARN as the integration URI.
                result.TargetKind = IntegrationTargetKind.Lambda;
                if (!LambdaFunctionReference.TryParse(uri, out var function, out var functionError))
                    return Malformed(result, "The integration URI is a malformed Lambda function ARN: " + functionError.Message);
                if (function.Form != FunctionReferenceForm.Arn)
                    return Malformed(result, "The integration URI " + DiscoveryError.Quote(uri) + " is not a full Lambda function ARN.");
                result.Lambda = new LambdaIntegrationUri { Raw = uri, Function = function, IsInvocationsUri = false };
                return result;
            }

            if (service == "apigateway")
            {
                bool lambdaService = parts.Length >= 5 && parts[4] == "lambda";
                if (!lambdaService)
                {
                    result.TargetKind = parts.Length >= 5 ? IntegrationTargetKind.AwsService : IntegrationTargetKind.Other;
                    result.ServiceName = parts.Length >= 5 ? parts[4] : null;
                    return result;
                }
                result.TargetKind = IntegrationTargetKind.Lambda;
                result.ServiceName = "lambda";
                var match = LambdaInvocations.Match(uri);
                if (!match.Success)
                    return Malformed(result, "The integration URI " + DiscoveryError.Quote(uri) +
                        " targets Lambda but is not of the form arn:{partition}:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations.");
                var partition = match.Groups["partition"].Value;
                var region = match.Groups["region"].Value;
                var version = match.Groups["version"].Value;
                var functionText = match.Groups["function"].Value;
                if (!AwsPartition.IsValidPartition(partition))
                    return Malformed(result, "The integration URI " + DiscoveryError.Quote(uri) + " has an invalid partition '" + partition + "'.");
                if (!StageVariables.ContainsReference(region) && !AwsPartition.IsValidRegion(region))
                    return Malformed(result, "The integration URI " + DiscoveryError.Quote(uri) + " has an invalid region '" + region + "'.");
                if (!ApiVersionPattern.IsMatch(version))
                    return Malformed(result, "The integration URI " + DiscoveryError.Quote(uri) + " has an invalid Lambda API version '" + version + "' (2015-03-31 expected).");
                if (!LambdaFunctionReference.TryParse(functionText, out var inner, out var innerError))
                    return Malformed(result, "The integration URI " + DiscoveryError.Quote(uri) + " names a malformed function: " + innerError.Message);
                result.Lambda = new LambdaIntegrationUri
                {
                    Raw = uri,
                    IsInvocationsUri = true,
                    ApiGatewayPartition = partition,
                    ApiGatewayRegion = region,
                    LambdaApiVersion = version,
                    Function = inner,
                };
                return result;
            }

            result.ServiceName = service;
            result.TargetKind = service == "elasticloadbalancing" || service == "servicediscovery"
                ? IntegrationTargetKind.PrivateIntegration
                : IntegrationTargetKind.Other;
            return result;
        }

        /// <summary>Parses a Lambda authorizer's authorizerUri (REST) or AuthorizerUri (v2); same forms as integrations.</summary>
        public static IntegrationUriParseResult ParseAuthorizerUri(string authorizerUri) => Parse(authorizerUri);

        private static IntegrationUriParseResult Malformed(IntegrationUriParseResult result, string message)
        {
            result.Error = new DiscoveryError(ErrorIds.MalformedIntegrationUri, DiscoveryErrorCategory.InvalidData, message, result.Raw);
            return result;
        }
    }
}
