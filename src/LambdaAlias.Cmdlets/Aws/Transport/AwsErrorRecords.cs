using System;
using System.IO;
using System.Linq;
using System.Management.Automation;

namespace LambdaAlias
{
    /// <summary>
    /// Maps AWS and configuration failures to ErrorRecords: not found → ObjectNotFound, AccessDenied →
    /// PermissionDenied, conflict → ResourceBusy, throttling past the retries → LimitsExceeded, and so on, each with a
    /// specific ErrorId from <see cref="ErrorIds"/>.
    /// </summary>
    public static class AwsErrorRecords
    {
        /// <summary>The ErrorId and category an exception maps to.</summary>
        public static void Classify(Exception exception, out string errorId, out ErrorCategory category)
        {
            switch (Unwrap(exception))
            {
                case AwsConfigurationException configuration:
                    errorId = configuration.ErrorId;
                    category = configuration.Category;
                    return;
                case AwsServiceException aws:
                    ClassifyAws(aws, out errorId, out category);
                    return;
                case OperationCanceledException _:
                    errorId = "OperationStopped";
                    category = ErrorCategory.OperationStopped;
                    return;
                case Exception other when IsSdkVersionConflict(other):
                    errorId = ErrorIds.AwsSdkVersionConflict;
                    category = ErrorCategory.ResourceUnavailable;
                    return;
                default:
                    errorId = Unwrap(exception).GetType().Name;
                    category = ErrorCategory.NotSpecified;
                    return;
            }
        }

        private static void ClassifyAws(AwsServiceException aws, out string errorId, out ErrorCategory category)
        {
            var code = aws.ErrorCode ?? string.Empty;
            if (aws.IsThrottling) { errorId = ErrorIds.AwsThrottled; category = ErrorCategory.LimitsExceeded; }
            else if (aws.StatusCode == 0) { errorId = ErrorIds.AwsConnectionFailed; category = ErrorCategory.ConnectionError; }
            else if (IsAuthentication(aws)) { errorId = ErrorIds.AwsAuthenticationFailed; category = ErrorCategory.AuthenticationError; }
            else if (aws.IsAccessDenied) { errorId = ErrorIds.AwsAccessDenied; category = ErrorCategory.PermissionDenied; }
            else if (aws.IsNotFound) { errorId = ErrorIds.AwsResourceNotFound; category = ErrorCategory.ObjectNotFound; }
            else if (aws.IsPreconditionFailed) { errorId = ErrorIds.AwsPreconditionFailed; category = ErrorCategory.InvalidOperation; }
            else if (aws.IsConflict) { errorId = ErrorIds.AwsConflict; category = ErrorCategory.ResourceBusy; }
            else if (aws.StatusCode >= 500) { errorId = ErrorIds.AwsServiceError; category = ErrorCategory.ResourceUnavailable; }
            else if (aws.StatusCode == 400 || code.IndexOf("Invalid", StringComparison.Ordinal) >= 0 || code.IndexOf("Validation", StringComparison.Ordinal) >= 0)
            { errorId = ErrorIds.AwsInvalidRequest; category = ErrorCategory.InvalidArgument; }
            else { errorId = ErrorIds.AwsServiceError; category = ErrorCategory.InvalidResult; }
        }

        private static bool IsAuthentication(AwsServiceException aws)
        {
            switch (aws.ErrorCode)
            {
                case "UnrecognizedClientException":
                case "InvalidSignatureException":
                case "SignatureDoesNotMatch":
                case "IncompleteSignatureException":
                case "MissingAuthenticationTokenException":
                case "ExpiredTokenException":
                case "ExpiredToken":
                case "InvalidClientTokenId":
                case "UnauthorizedException":
                    return true;
            }
            return aws.StatusCode == 401;
        }

        /// <summary>
        /// An ErrorRecord for <paramref name="exception"/> with a message that names the operation, the AWS code and
        /// request id, and a recommended action where one helps. <paramref name="errorId"/> overrides the mapped id.
        /// </summary>
        public static ErrorRecord Create(Exception exception, object target, string errorId = null)
        {
            var inner = Unwrap(exception);
            Classify(inner, out var mappedId, out var category);
            var record = new ErrorRecord(inner, errorId ?? mappedId, category, target);
            var message = inner.Message;
            if (inner is AwsServiceException aws && !string.IsNullOrEmpty(aws.RequestId)) message += " (request id " + aws.RequestId + ")";
            if (mappedId == ErrorIds.AwsSdkVersionConflict) message = SdkConflictMessage(inner);
            record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = RecommendedAction(mappedId) };
            return record;
        }

        private static string RecommendedAction(string errorId)
        {
            switch (errorId)
            {
                case ErrorIds.AwsAccessDenied: return "Grant the IAM action named in the message to these credentials, or use -ProfileName for an identity that has it.";
                case ErrorIds.AwsAuthenticationFailed: return "Refresh the credentials (expired session token or SSO login) and check the machine clock.";
                case ErrorIds.AwsThrottled: return "Run again later, or narrow the scan (-FunctionName, -RestApiId, -ApiId) to make fewer calls.";
                case ErrorIds.AwsConflict: return "Another change is in progress on this resource; wait for it to finish and run again.";
                case ErrorIds.AwsPreconditionFailed: return "The resource changed since it was read; read it again and retry.";
                case ErrorIds.AwsRegionNotResolved: return RegionResolver.HowToSetRegion;
                case ErrorIds.AwsConnectionFailed: return "Check -EndpointUrl, AWS_ENDPOINT_URL and network access to the endpoint.";
                case ErrorIds.AwsSdkVersionConflict: return "Start a new session and import LambdaAlias before AWS Tools 4.x, or use AWS Tools 5.x, which shares AWSSDK.Core 4.";
                default: return null;
            }
        }

        private static Exception Unwrap(Exception exception)
        {
            while ((exception is AggregateException || exception is System.Reflection.TargetInvocationException) && exception.InnerException != null)
            {
                exception = exception.InnerException;
            }
            return exception;
        }

        /// <summary>An assembly-load failure involving AWSSDK: another module loaded an incompatible AWSSDK.Core first.</summary>
        internal static bool IsSdkVersionConflict(Exception exception)
        {
            for (var current = exception; current != null; current = current.InnerException)
            {
                if ((current is TypeLoadException || current is MissingMethodException || current is MissingFieldException || current is FileLoadException || current is FileNotFoundException || current is BadImageFormatException)
                    && (current.Message ?? string.Empty).IndexOf("AWSSDK", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
                if (current is TypeLoadException typeLoad && (typeLoad.TypeName ?? string.Empty).StartsWith("Amazon.", StringComparison.Ordinal)) return true;
            }
            return false;
        }

        private static string SdkConflictMessage(Exception exception)
        {
            var loaded = "unknown";
            foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                var name = assembly.GetName();
                if (name.Name == "AWSSDK.Core") { loaded = name.Version + " from " + SafeLocation(assembly); break; }
            }
            return "LambdaAlias was built against AWSSDK.Core " + typeof(AwsErrorRecords).Assembly.GetReferencedAssemblies().FirstOrDefault(a => a.Name == "AWSSDK.Core")?.Version +
                   ", but this session had already loaded AWSSDK.Core " + loaded + ", which lacks what LambdaAlias needs " +
                   "(AWS Tools for PowerShell 4.x uses AWSSDK.Core 3.x). Details: " + exception.Message;
        }

        private static string SafeLocation(System.Reflection.Assembly assembly)
        {
            try { return string.IsNullOrEmpty(assembly.Location) ? "memory" : assembly.Location; }
            catch (NotSupportedException) { return "memory"; }
        }
    }
}
