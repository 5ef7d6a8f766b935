using System;

namespace LambdaAlias
{
    /// <summary>How a discovery error maps onto PowerShell's ErrorCategory (same member names), kept free of
    /// System.Management.Automation so the parsers stay pure.</summary>
    public enum DiscoveryErrorCategory
    {
        InvalidArgument,
        InvalidData,
        ObjectNotFound,
    }

    /// <summary>A specific, reportable failure of pure discovery logic: the cmdlet turns it into a non-terminating
    /// ErrorRecord with <see cref="ErrorId"/> and <see cref="TargetValue"/> as the target object.</summary>
    public sealed class DiscoveryError
    {
        public DiscoveryError(string errorId, DiscoveryErrorCategory category, string message, string targetValue)
        {
            ErrorId = errorId;
            Category = category;
            Message = message;
            TargetValue = targetValue;
        }

        /// <summary>One of the <see cref="ErrorIds"/> constants.</summary>
        public string ErrorId { get; }
        public DiscoveryErrorCategory Category { get; }
        public string Message { get; }
        /// <summary>The text that failed (a URI, URL, ARN, variable name), for the ErrorRecord's target object.</summary>
        public string TargetValue { get; }

        public DiscoveryException ToException() => new DiscoveryException(this);

        public override string ToString() => ErrorId + ": " + Message;

        /// <summary>Quotes a value for a message without letting a 10k-character input flood the console.</summary>
        internal static string Quote(string value)
        {
            if (value == null) return "(null)";
            const int limit = 160;
            var shown = value.Length <= limit ? value : value.Substring(0, limit) + "... (" + value.Length + " characters)";
            return "'" + shown + "'";
        }
    }

    /// <summary>Thrown by the throwing variants of the discovery parsers; carries the <see cref="DiscoveryError"/>.</summary>
    public sealed class DiscoveryException : Exception
    {
        public DiscoveryException(DiscoveryError error) : base(error.Message) { Error = error; }
        public DiscoveryError Error { get; }
        public string ErrorId => Error.ErrorId;
    }
}
