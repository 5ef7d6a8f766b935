using System;

namespace LambdaAlias
{
    /// <summary>
    /// execute-api SourceArns for Lambda permissions, in the shapes the API Gateway and Lambda consoles and SAM create:
    /// "arn:{partition}:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}", with "*" for ANY and for each
    /// path parameter or greedy {proxy+} segment (ArnLike's '*' spans '/', so "/pets/*" covers "/pets/a/b"), and
    /// "{apiId}/authorizers/{authorizerId}" for Lambda authorizers.
    /// </summary>
    public static class ExecuteApiArn
    {
        public const string AnyStage = "*";

        /// <summary>"arn:{partition}:execute-api:{region}:{account}:{resource}".</summary>
        public static string Build(string partition, string region, string accountId, string resource) =>
            "arn:" + (partition ?? AwsPartition.FromRegion(region)) + ":execute-api:" + region + ":" + accountId + ":" + resource;

        /// <summary>The narrowest SourceArn for a REST method: "{apiId}/{stage}/{METHOD or *}/{path, * per parameter}".</summary>
        public static string ForRestMethod(string partition, string region, string accountId, string apiId, string httpMethod, string resourcePath, string stage = AnyStage) =>
            Build(partition, region, accountId, apiId + "/" + (stage ?? AnyStage) + "/" + MethodPart(httpMethod) + PathTemplate.Parse(resourcePath).ToSourceArnPath());

        /// <summary>The SourceArn a Lambda authorizer is invoked with: "{apiId}/authorizers/{authorizerId}" (REST and HTTP APIs).</summary>
        public static string ForAuthorizer(string partition, string region, string accountId, string apiId, string authorizerId) =>
            Build(partition, region, accountId, apiId + "/authorizers/" + authorizerId);

        /// <summary>
        /// The narrowest SourceArn for a v2 route key: "GET /items" gives "{apiId}/{stage}/GET/items", "ANY /{proxy+}"
        /// gives "{apiId}/{stage}/*/*", and "$default" or a WebSocket key ("$connect", "sendMessage") gives
        /// "{apiId}/{stage}/{routeKey}".
        /// </summary>
        public static string ForRouteKey(string partition, string region, string accountId, string apiId, string routeKey, string stage = AnyStage)
        {
            var route = RouteCandidate.FromRouteKey(routeKey);
            var tail = route.IsSpecial
                ? route.RouteKey
                : MethodPart(route.HttpMethod) + route.Template.ToSourceArnPath();
            return Build(partition, region, accountId, apiId + "/" + (stage ?? AnyStage) + "/" + tail);
        }

        /// <summary>A whole-API SourceArn, "{apiId}/*" (the -PermissionScope Api statement).</summary>
        public static string ForApi(string partition, string region, string accountId, string apiId) =>
            Build(partition, region, accountId, apiId + "/*");

        /// <summary>True when a statement's SourceArn (ArnLike pattern) allows every invocation the route pattern stands for.</summary>
        public static bool Covers(string statementSourceArn, string routeSourceArn) => GlobMatcher.ArnCovers(statementSourceArn, routeSourceArn);

        /// <summary>True when a statement's SourceArn allows at least some invocations the route pattern stands for.</summary>
        public static bool Overlaps(string statementSourceArn, string routeSourceArn) => GlobMatcher.ArnIntersects(statementSourceArn, routeSourceArn);

        /// <summary>"*" for ANY (or none), else the upper-case verb.</summary>
        public static string MethodPart(string httpMethod) =>
            string.IsNullOrEmpty(httpMethod) || string.Equals(httpMethod, RouteCandidate.AnyMethod, StringComparison.OrdinalIgnoreCase) || httpMethod == "*"
                ? "*"
                : httpMethod.ToUpperInvariant();
    }
}
