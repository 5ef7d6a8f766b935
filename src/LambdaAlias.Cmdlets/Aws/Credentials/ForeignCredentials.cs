using System;
using System.Reflection;
using Amazon.Runtime;

namespace LambdaAlias
{
    /// <summary>
    /// Credentials held by an object this module cannot name: AWS Tools' AWSPSCredentials wrapper, or an
    /// AWSCredentials from another copy of AWSSDK.Core. Each call asks the source object again, so credentials that
    /// refresh themselves (assume-role, SSO) stay fresh.
    /// </summary>
    internal sealed class ForeignCredentials : AWSCredentials
    {
        private readonly object _source;
        private readonly MethodInfo _getCredentials;

        private ForeignCredentials(object source, MethodInfo getCredentials)
        {
            _source = source;
            _getCredentials = getCredentials;
        }

        /// <summary>
        /// Turns <paramref name="value"/> into AWSCredentials when it is one, wraps one (AWS Tools' AWSPSCredentials
        /// keeps it in a non-public "Credentials" property), or looks like one (a GetCredentials() whose result has
        /// AccessKey and SecretKey). Returns null for anything else.
        /// </summary>
        internal static AWSCredentials TryConvert(object value, out string wrapperName, out string wrapperSource)
        {
            wrapperName = null;
            wrapperSource = null;
            value = AwsConnectionSettings.Unwrap(value);
            if (value == null) return null;
            if (value is AWSCredentials native) return native;

            var type = value.GetType();
            var inner = type.GetProperty("Credentials", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
            if (inner != null && inner.GetIndexParameters().Length == 0)
            {
                wrapperName = ReadString(value, "Name");
                wrapperSource = ReadString(value, "Source");
                return TryConvert(inner.GetValue(value), out _, out _);
            }

            var getCredentials = type.GetMethod("GetCredentials", BindingFlags.Instance | BindingFlags.Public, null, Type.EmptyTypes, null);
            if (getCredentials == null) return null;
            var returned = getCredentials.ReturnType;
            if (returned.GetProperty("AccessKey") == null || returned.GetProperty("SecretKey") == null) return null;
            return new ForeignCredentials(value, getCredentials);
        }

        public override ImmutableCredentials GetCredentials()
        {
            var result = _getCredentials.Invoke(_source, null);
            if (result == null) throw new InvalidOperationException("The credentials object returned no credentials.");
            var accessKey = ReadString(result, "AccessKey");
            var secretKey = ReadString(result, "SecretKey");
            var token = ReadString(result, "Token");
            return new ImmutableCredentials(accessKey, secretKey, string.IsNullOrEmpty(token) ? null : token);
        }

        private static string ReadString(object target, string property)
        {
            var info = target.GetType().GetProperty(property, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
            return info == null || info.GetIndexParameters().Length != 0 ? null : info.GetValue(target)?.ToString();
        }
    }
}
