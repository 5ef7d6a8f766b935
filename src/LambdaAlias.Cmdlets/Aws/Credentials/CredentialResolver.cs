using System;
using System.Management.Automation;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace LambdaAlias
{
    /// <summary>Which step of the credential order gave the credentials.</summary>
    public enum AwsCredentialSource
    {
        /// <summary>-AccessKey and -SecretKey (and -SessionToken).</summary>
        AccessKeyParameters,
        /// <summary>-ProfileName (in -ProfilesLocation, if given).</summary>
        ProfileParameter,
        /// <summary>-Credential.</summary>
        CredentialParameter,
        /// <summary>AWS Tools' $StoredAWSCredentials (Set-AWSCredential).</summary>
        StoredAWSCredentials,
        /// <summary>AWSSDK.Core's default chain: environment, AWS_PROFILE or default profile, SSO, assume-role, container, instance.</summary>
        DefaultChain,
    }

    internal sealed class ResolvedCredentials
    {
        public AWSCredentials Credentials { get; set; }
        public AwsCredentialSource Source { get; set; }
        /// <summary>The profile the credentials came from, when known; context only, never a secret.</summary>
        public string ProfileName { get; set; }
    }

    /// <summary>
    /// The credential order of AWS Tools for PowerShell: explicit keys, -ProfileName, -Credential,
    /// $StoredAWSCredentials, then AWSSDK.Core's default chain. Profile files, SSO and assume-role are left to
    /// AWSSDK.Core; nothing here parses a profile or touches key material beyond handing it to the SDK.
    /// </summary>
    internal static class CredentialResolver
    {
        private const string HowToSetCredentials =
            "Pass -ProfileName, or -AccessKey and -SecretKey, run Set-AWSCredential, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, " +
            "or create a default profile with 'aws configure'.";

        public static ResolvedCredentials Resolve(AwsConnectionSettings settings)
        {
            var resolved = ResolveUnchecked(settings);
            if (settings.NonInteractive) ForbidInteraction(resolved.Credentials);
            else if (settings.PromptForMfaCode != null) AskForMfaCodes(resolved.Credentials, settings.PromptForMfaCode);
            return resolved;
        }

        private static ResolvedCredentials ResolveUnchecked(AwsConnectionSettings settings)
        {
            bool hasAccessKey = !string.IsNullOrEmpty(settings.AccessKey), hasSecretKey = !string.IsNullOrEmpty(settings.SecretKey);
            if (hasAccessKey || hasSecretKey)
            {
                if (!(hasAccessKey && hasSecretKey))
                {
                    throw new AwsConfigurationException(ErrorIds.AwsCredentialInvalid, ErrorCategory.InvalidArgument,
                        "-AccessKey and -SecretKey must be given together.");
                }
                var keys = string.IsNullOrEmpty(settings.SessionToken)
                    ? (AWSCredentials)new BasicAWSCredentials(settings.AccessKey, settings.SecretKey)
                    : new SessionAWSCredentials(settings.AccessKey, settings.SecretKey, settings.SessionToken);
                return new ResolvedCredentials { Credentials = keys, Source = AwsCredentialSource.AccessKeyParameters };
            }

            if (!string.IsNullOrEmpty(settings.ProfileName))
            {
                return new ResolvedCredentials
                {
                    Credentials = FromProfile(settings.ProfileName, settings.ProfilesLocation),
                    Source = AwsCredentialSource.ProfileParameter,
                    ProfileName = settings.ProfileName,
                };
            }

            if (AwsConnectionSettings.Unwrap(settings.Credential) != null)
            {
                var converted = ForeignCredentials.TryConvert(settings.Credential, out var wrapperName, out var wrapperSource);
                if (converted == null)
                {
                    throw new AwsConfigurationException(ErrorIds.AwsCredentialInvalid, ErrorCategory.InvalidArgument,
                        "-Credential must be an Amazon.Runtime.AWSCredentials object (for example from Get-AWSCredential or New-AWSCredential); got " +
                        AwsConnectionSettings.Unwrap(settings.Credential).GetType().FullName + ".");
                }
                return new ResolvedCredentials
                {
                    Credentials = converted,
                    Source = AwsCredentialSource.CredentialParameter,
                    ProfileName = IsProfileSource(wrapperSource) ? wrapperName : null,
                };
            }

            // Like AWS Tools, a $StoredAWSCredentials that holds something else is ignored rather than fatal.
            var stored = ForeignCredentials.TryConvert(settings.StoredCredentials, out var storedName, out var storedSource);
            if (stored != null)
            {
                return new ResolvedCredentials
                {
                    Credentials = stored,
                    Source = AwsCredentialSource.StoredAWSCredentials,
                    ProfileName = IsProfileSource(storedSource) ? storedName : null,
                };
            }

            return FromDefaultChain(settings);
        }

        private static AWSCredentials FromProfile(string profileName, string profilesLocation)
        {
            var chain = string.IsNullOrEmpty(profilesLocation) ? new CredentialProfileStoreChain() : new CredentialProfileStoreChain(profilesLocation);
            var where = string.IsNullOrEmpty(profilesLocation) ? "the shared credentials and config files" : "'" + profilesLocation + "'";
            if (!chain.TryGetProfile(profileName, out var profile))
            {
                throw new AwsConfigurationException(ErrorIds.AwsProfileNotFound, ErrorCategory.ObjectNotFound,
                    "Profile '" + profileName + "' was not found in " + where + ". List profiles with 'aws configure list-profiles' or Get-AWSCredential -ListProfileDetail.");
            }
            try
            {
                return AWSCredentialsFactory.GetAWSCredentials(profile, chain);
            }
            catch (Exception e) when (!(e is AwsConfigurationException))
            {
                throw new AwsConfigurationException(ErrorIds.AwsProfileNotFound, ErrorCategory.InvalidData,
                    "Profile '" + profileName + "' in " + where + " cannot give credentials: " + e.Message, e);
            }
        }

        private static ResolvedCredentials FromDefaultChain(AwsConnectionSettings settings)
        {
            try
            {
                var credentials = new DefaultAWSCredentialsIdentityResolver().ResolveIdentity(null);
                var profile = settings.GetEnvironmentVariable("AWS_PROFILE");
                var fromEnvironmentKeys = credentials is EnvironmentVariablesAWSCredentials;
                return new ResolvedCredentials
                {
                    Credentials = credentials,
                    Source = AwsCredentialSource.DefaultChain,
                    ProfileName = fromEnvironmentKeys || string.IsNullOrEmpty(profile) ? null : profile,
                };
            }
            catch (AmazonClientException e)
            {
                throw new AwsConfigurationException(ErrorIds.AwsCredentialsNotFound, ErrorCategory.AuthenticationError,
                    "No AWS credentials were found. " + HowToSetCredentials, e);
            }
        }

        private static bool IsProfileSource(string source) =>
            string.Equals(source, "Profile", StringComparison.OrdinalIgnoreCase) || string.Equals(source, "Saved", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// Makes SSO and MFA-protected assume-role credentials fail fast instead of starting a device-code login or
        /// waiting for a code, so argument completion can never block on a person.
        /// </summary>
        internal static void ForbidInteraction(AWSCredentials credentials)
        {
            switch (credentials)
            {
                case SSOAWSCredentials sso when sso.Options != null:
                    sso.Options.SupportsGettingNewToken = false;
                    sso.Options.SsoVerificationCallback = null;
                    sso.Options.PkceFlowOptions = null;
                    break;
                case AssumeRoleAWSCredentials assumeRole:
                    if (assumeRole.Options != null && !string.IsNullOrEmpty(assumeRole.Options.MfaSerialNumber))
                    {
                        assumeRole.Options.MfaTokenCodeCallback = () => throw NeedsInteraction("an MFA code for " + assumeRole.Options.MfaSerialNumber);
                    }
                    ForbidInteraction(assumeRole.SourceCredentials);
                    break;
            }
        }

        /// <summary>Lets MFA-protected assume-role credentials ask for their code instead of failing.</summary>
        private static void AskForMfaCodes(AWSCredentials credentials, Func<string, string> prompt)
        {
            if (!(credentials is AssumeRoleAWSCredentials assumeRole)) return;
            var options = assumeRole.Options;
            if (options != null && !string.IsNullOrEmpty(options.MfaSerialNumber) && options.MfaTokenCodeCallback == null)
            {
                var serial = options.MfaSerialNumber;
                options.MfaTokenCodeCallback = () => prompt(serial);
            }
            AskForMfaCodes(assumeRole.SourceCredentials, prompt);
        }

        internal static AwsConfigurationException NeedsInteraction(string what) =>
            new AwsConfigurationException(ErrorIds.AwsCredentialsNeedInteraction, ErrorCategory.AuthenticationError,
                "These credentials need " + what + ", which is not requested here. Sign in first (for SSO: 'aws sso login'), then try again.");
    }
}
