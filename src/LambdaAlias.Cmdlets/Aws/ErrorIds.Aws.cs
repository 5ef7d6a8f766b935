namespace LambdaAlias
{
    // ErrorIds written by the AWS access layer and the base cmdlet (credentials, region, endpoint, AWS errors).
    public static partial class ErrorIds
    {
        [ErrorIdMeaning("An AWS resource (function, version, alias, API, stage, integration, policy...) does not exist.")]
        public const string AwsResourceNotFound = "AwsResourceNotFound";

        [ErrorIdMeaning("AWS refused the call: the credentials lack an IAM permission for it (AccessDenied).")]
        public const string AwsAccessDenied = "AwsAccessDenied";

        [ErrorIdMeaning("AWS rejected the credentials or the signature (expired token, unknown access key, clock skew).")]
        public const string AwsAuthenticationFailed = "AwsAuthenticationFailed";

        [ErrorIdMeaning("AWS reported a conflicting change in progress or a duplicate (ConflictException, ResourceConflictException).")]
        public const string AwsConflict = "AwsConflict";

        [ErrorIdMeaning("A precondition failed: the resource changed since it was read (RevisionId or CodeSha256 mismatch).")]
        public const string AwsPreconditionFailed = "AwsPreconditionFailed";

        [ErrorIdMeaning("AWS kept throttling the call after every retry (TooManyRequests, Throttling, LimitExceeded).")]
        public const string AwsThrottled = "AwsThrottled";

        [ErrorIdMeaning("AWS rejected the request as invalid (BadRequest, InvalidParameterValue, Validation).")]
        public const string AwsInvalidRequest = "AwsInvalidRequest";

        [ErrorIdMeaning("AWS (or the endpoint) answered with a server error after every retry, or with a response that is not an AWS error.")]
        public const string AwsServiceError = "AwsServiceError";

        [ErrorIdMeaning("No response arrived: connection refused, reset or timed out after every retry.")]
        public const string AwsConnectionFailed = "AwsConnectionFailed";

        [ErrorIdMeaning("No AWS credentials were found by any source (parameters, profile, $StoredAWSCredentials, default chain).")]
        public const string AwsCredentialsNotFound = "AwsCredentialsNotFound";

        [ErrorIdMeaning("The profile named by -ProfileName does not exist (in -ProfilesLocation, if given) or cannot give credentials.")]
        public const string AwsProfileNotFound = "AwsProfileNotFound";

        [ErrorIdMeaning("-Credential (or $StoredAWSCredentials) holds an object that is not AWS credentials.")]
        public const string AwsCredentialInvalid = "AwsCredentialInvalid";

        [ErrorIdMeaning("The credentials need an interactive step (SSO login, MFA code) that this context may not start.")]
        public const string AwsCredentialsNeedInteraction = "AwsCredentialsNeedInteraction";

        [ErrorIdMeaning("No region could be resolved from -Region, $StoredAWSRegion, the environment or the profile.")]
        public const string AwsRegionNotResolved = "AwsRegionNotResolved";

        [ErrorIdMeaning("-EndpointUrl or an AWS_ENDPOINT_URL* variable is not an absolute http(s) URL.")]
        public const string AwsEndpointInvalid = "AwsEndpointInvalid";

        [ErrorIdMeaning("Another module loaded an incompatible AWSSDK.Core (e.g. AWS Tools 4.x with AWSSDK.Core 3.x) before this one.")]
        public const string AwsSdkVersionConflict = "AwsSdkVersionConflict";
    }
}
