using System;
using System.Management.Automation;

namespace LambdaAlias
{
    /// <summary>
    /// Credentials, region or endpoint could not be resolved before any AWS call was made. Carries the ErrorId and
    /// category the cmdlets report, and a message that says how to fix it.
    /// </summary>
    public sealed class AwsConfigurationException : Exception
    {
        public AwsConfigurationException(string errorId, ErrorCategory category, string message, Exception inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Category = category;
        }

        public string ErrorId { get; }
        public ErrorCategory Category { get; }
    }
}
