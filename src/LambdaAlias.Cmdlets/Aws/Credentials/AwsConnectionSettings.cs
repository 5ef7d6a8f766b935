using System;
using System.Collections;
using System.Security.Cryptography;
using System.Text;

namespace LambdaAlias
{
    /// <summary>
    /// Everything a cmdlet invocation (or an argument completer) knows about where and as whom to call AWS: the common
    /// parameters, AWS Tools' session variables and the environment. Plain data, free of AWSSDK.Core types.
    /// </summary>
    public sealed class AwsConnectionSettings
    {
        public const string StoredCredentialsVariable = "StoredAWSCredentials";
        public const string StoredRegionVariable = "StoredAWSRegion";

        public string Region { get; set; }
        public string ProfileName { get; set; }
        public string ProfilesLocation { get; set; }
        public string AccessKey { get; set; }
        public string SecretKey { get; set; }
        public string SessionToken { get; set; }
        /// <summary>-Credential: an AWSCredentials object (possibly wrapped in a PSObject) or an AWS Tools credential wrapper.</summary>
        public object Credential { get; set; }
        public string EndpointUrl { get; set; }
        /// <summary>The value of $StoredAWSCredentials (AWS Tools' AWSPSCredentials), read by duck typing.</summary>
        public object StoredCredentials { get; set; }
        /// <summary>The value of $StoredAWSRegion.</summary>
        public object StoredRegion { get; set; }
        /// <summary>
        /// True for argument completion and other unattended use: never start an SSO login or prompt for an MFA code,
        /// and skip instance-metadata lookups that can stall for seconds off EC2.
        /// </summary>
        public bool NonInteractive { get; set; }
        /// <summary>
        /// Asks a person for the MFA code of an assume-role profile (given the MFA device serial). Used only when
        /// interactive; the base cmdlet prompts through the host on the pipeline thread.
        /// </summary>
        public Func<string, string> PromptForMfaCode { get; set; }
        /// <summary>Reads an environment variable; replaceable so resolution can be tested without touching the process.</summary>
        public Func<string, string> GetEnvironmentVariable { get; set; } = Environment.GetEnvironmentVariable;

        /// <summary>
        /// Builds settings from a bound-parameter dictionary (a cmdlet's, or the fakeBoundParameters an argument
        /// completer receives) and a variable reader (SessionState.PSVariable.GetValue).
        /// </summary>
        public static AwsConnectionSettings FromBoundParameters(IDictionary boundParameters, Func<string, object> getVariable, bool nonInteractive)
        {
            var settings = new AwsConnectionSettings { NonInteractive = nonInteractive };
            if (boundParameters != null)
            {
                settings.Region = AsString(Lookup(boundParameters, "Region"));
                settings.ProfileName = AsString(Lookup(boundParameters, "ProfileName"));
                settings.ProfilesLocation = AsString(Lookup(boundParameters, "ProfilesLocation"));
                settings.AccessKey = AsString(Lookup(boundParameters, "AccessKey"));
                settings.SecretKey = AsString(Lookup(boundParameters, "SecretKey"));
                settings.SessionToken = AsString(Lookup(boundParameters, "SessionToken"));
                settings.EndpointUrl = AsString(Lookup(boundParameters, "EndpointUrl"));
                settings.Credential = Lookup(boundParameters, "Credential");
            }
            if (getVariable != null)
            {
                settings.StoredCredentials = SafeGet(getVariable, StoredCredentialsVariable);
                settings.StoredRegion = SafeGet(getVariable, StoredRegionVariable);
            }
            return settings;
        }

        /// <summary>
        /// A key that identifies the resolved session for this invocation's session cache. Secrets enter it only as a
        /// hash, so the key can never disclose them.
        /// </summary>
        internal string SessionCacheKey()
        {
            var builder = new StringBuilder();
            foreach (var part in new[] { Region, ProfileName, ProfilesLocation, AccessKey, EndpointUrl, Fingerprint(SecretKey), Fingerprint(SessionToken) })
            {
                builder.Append(part ?? string.Empty).Append('\u001f');
            }
            builder.Append(Credential == null ? string.Empty : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Unwrap(Credential)).ToString());
            builder.Append('\u001f').Append(NonInteractive);
            return builder.ToString();
        }

        internal static object Unwrap(object value) =>
            value is System.Management.Automation.PSObject wrapped ? wrapped.BaseObject : value;

        private static string Fingerprint(string secret)
        {
            if (string.IsNullOrEmpty(secret)) return string.Empty;
            using (var sha = SHA256.Create())
            {
                return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(secret)));
            }
        }

        private static object Lookup(IDictionary parameters, string name)
        {
            foreach (DictionaryEntry entry in parameters)
            {
                if (entry.Key is string key && string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return entry.Value;
            }
            return null;
        }

        private static string AsString(object value)
        {
            value = Unwrap(value);
            var text = value?.ToString();
            return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        }

        private static object SafeGet(Func<string, object> getVariable, string name)
        {
            try { return Unwrap(getVariable(name)); }
            catch (Exception) { return null; } // A variable provider that throws must not break credential resolution.
        }
    }
}
