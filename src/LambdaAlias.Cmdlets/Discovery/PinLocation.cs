using System;
using System.Linq;

namespace LambdaAlias
{
    /// <summary>The readable Location strings of pins, one format per source kind.</summary>
    public static class PinLocation
    {
        /// <summary>"REST dev-api (abc123) GET /orders"; ANY stays "ANY".</summary>
        public static string RestMethod(string apiName, string apiId, string httpMethod, string resourcePath) =>
            "REST " + Api(apiName, apiId) + " " + Method(httpMethod) + " " + Path(resourcePath);

        /// <summary>"REST authorizer token-auth (auth01) on dev-api (abc123)".</summary>
        public static string RestAuthorizer(string authorizerName, string authorizerId, string apiName, string apiId) =>
            "REST authorizer " + Api(authorizerName, authorizerId) + " on " + Api(apiName, apiId);

        /// <summary>"HTTP items-api (h1t2) GET /items", "WebSocket chat (w1) $connect".</summary>
        public static string Route(GatewayApiKind kind, string apiName, string apiId, string routeKey) =>
            Kind(kind) + " " + Api(apiName, apiId) + " " + (string.IsNullOrEmpty(routeKey) ? "(no route)" : routeKey);

        /// <summary>"HTTP authorizer lambda-auth (au1) on items-api (h1t2)".</summary>
        public static string V2Authorizer(GatewayApiKind kind, string authorizerName, string authorizerId, string apiName, string apiId) =>
            Kind(kind) + " authorizer " + Api(authorizerName, authorizerId) + " on " + Api(apiName, apiId);

        /// <summary>"Stage variable lambdaAlias on stagevar-api (s7t8) stage prod", "... stage prod (canary)".</summary>
        public static string StageVariable(string variableName, string apiName, string apiId, string stageName, bool isCanary) =>
            "Stage variable " + variableName + " on " + Api(apiName, apiId) + " stage " + stageName + (isCanary ? " (canary)" : string.Empty);

        /// <summary>"ESM 6f1e... (sqs orders-queue)"; the source ARN is shortened to service and resource.</summary>
        public static string EventSourceMapping(string uuid, string eventSourceArn) =>
            "ESM " + (string.IsNullOrEmpty(uuid) ? "(no uuid)" : uuid) + " (" + ShortSourceArn(eventSourceArn) + ")";

        /// <summary>"Permission apigw-dev-orders for apigateway.amazonaws.com".</summary>
        public static string Permission(string statementId, string principal) =>
            "Permission " + (string.IsNullOrEmpty(statementId) ? "(no Sid)" : statementId) + " for " + (string.IsNullOrEmpty(principal) ? "(no principal)" : principal);

        /// <summary>
        /// "sqs orders-queue", "kinesis stream/clicks", "dynamodb table/Orders" (the stream label dropped),
        /// "kafka cluster/demo"; "self-managed source" when there is no ARN (self-managed Kafka).
        /// </summary>
        public static string ShortSourceArn(string arn)
        {
            if (string.IsNullOrEmpty(arn)) return "self-managed source";
            var parts = GlobMatcher.SplitArn(arn);
            if (parts == null || parts[0] != "arn") return arn;
            var resource = parts[5];
            if (parts[2] == "dynamodb")
            {
                int stream = resource.IndexOf("/stream/", StringComparison.Ordinal);
                if (stream > 0) resource = resource.Substring(0, stream);
            }
            else if (parts[2] == "kafka")
            {
                // cluster/{name}/{uuid}: the name is what people recognise.
                var segments = resource.Split('/');
                if (segments.Length >= 2) resource = segments[0] + "/" + segments[1];
            }
            return parts[2] + " " + resource;
        }

        private static string Kind(GatewayApiKind kind) =>
            kind == GatewayApiKind.Rest ? "REST" : kind == GatewayApiKind.Http ? "HTTP" : "WebSocket";

        private static string Api(string name, string id)
        {
            if (string.IsNullOrEmpty(name)) return string.IsNullOrEmpty(id) ? "(unknown)" : id;
            return string.IsNullOrEmpty(id) ? name : name + " (" + id + ")";
        }

        private static string Method(string httpMethod) => string.IsNullOrEmpty(httpMethod) ? "ANY" : httpMethod.ToUpperInvariant();

        private static string Path(string path) => string.IsNullOrEmpty(path) ? "/" : path;
    }
}
