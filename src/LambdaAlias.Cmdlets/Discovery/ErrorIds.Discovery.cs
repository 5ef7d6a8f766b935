namespace LambdaAlias
{
    public static partial class ErrorIds
    {
        [ErrorIdMeaning("A Lambda function name, ARN or partial ARN (given as a parameter, in a piped pin or object, or read from AWS) is not well formed.")]
        public const string MalformedArn = "MalformedArn";

        [ErrorIdMeaning("An integration or authorizer URI looks like a Lambda target but is not a well-formed invocations URI or function ARN.")]
        public const string MalformedIntegrationUri = "MalformedIntegrationUri";

        [ErrorIdMeaning("The -InvokeUrl value is not an http(s) or ws(s) URL with a host, or its execute-api host name is not well formed.")]
        public const string MalformedInvokeUrl = "MalformedInvokeUrl";

        [ErrorIdMeaning("A route reads ${stageVariables.x} but the stage (or its canary) does not define x: the route is broken today.")]
        public const string StageVariableMissing = "StageVariableMissing";

        [ErrorIdMeaning("The invoke URL's host is neither an execute-api host nor a custom domain name known to API Gateway in this account and region.")]
        public const string UnknownCustomDomain = "UnknownCustomDomain";

        [ErrorIdMeaning("The custom domain name exists but none of its base path or API mappings matches the invoke URL's path.")]
        public const string NoApiMappingForPath = "NoApiMappingForPath";

        [ErrorIdMeaning("The API id (from an invoke URL, a mapping or a parameter) does not exist in this account and region.")]
        public const string UnknownApi = "UnknownApi";

        [ErrorIdMeaning("The stage named by an invoke URL or mapping does not exist on the API (and, for HTTP APIs, there is no $default stage).")]
        public const string UnknownStage = "UnknownStage";

        [ErrorIdMeaning("No resource method or route of the API serves the invoke URL's path.")]
        public const string NoRouteForInvokeUrl = "NoRouteForInvokeUrl";

        [ErrorIdMeaning("A Lambda resource policy (GetPolicy) is not valid policy JSON; its permissions are reported as Unknown.")]
        public const string MalformedPolicy = "MalformedPolicy";

        [ErrorIdMeaning("A stage export (GetExport/ExportApi) is not valid OpenAPI JSON; the stage's live state is reported as Unknown.")]
        public const string MalformedExport = "MalformedExport";
    }
}
