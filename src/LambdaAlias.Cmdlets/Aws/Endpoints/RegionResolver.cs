using System;
using System.Management.Automation;
using System.Reflection;
using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace LambdaAlias
{
    /// <summary>Which step of the region order gave the region.</summary>
    public enum AwsRegionSource { RegionParameter, StoredAWSRegion, Environment, Profile, SdkFallback }

    /// <summary>A region with its partition facts, which decide endpoints and ARNs.</summary>
    public sealed class AwsRegionInfo
    {
        public string SystemName { get; set; }
        /// <summary>aws, aws-cn, aws-us-gov, ...</summary>
        public string Partition { get; set; }
        /// <summary>amazonaws.com, amazonaws.com.cn, ...</summary>
        public string DnsSuffix { get; set; }
        public AwsRegionSource Source { get; set; }

        /// <summary>Partition facts from AWSSDK.Core's partition table (which knows regions newer than this module).</summary>
        public static AwsRegionInfo For(string systemName, AwsRegionSource source)
        {
            var endpoint = RegionEndpoint.GetBySystemName(systemName);
            return new AwsRegionInfo
            {
                SystemName = systemName,
                Partition = string.IsNullOrEmpty(endpoint.PartitionName) ? "aws" : endpoint.PartitionName,
                DnsSuffix = string.IsNullOrEmpty(endpoint.PartitionDnsSuffix) ? "amazonaws.com" : endpoint.PartitionDnsSuffix,
                Source = source,
            };
        }
    }

    /// <summary>
    /// Region order: -Region, $StoredAWSRegion, then AWSSDK.Core's fallback (AWS_REGION / AWS_DEFAULT_REGION, then the
    /// profile: -ProfileName's when given, otherwise AWS_PROFILE's or "default"; then instance metadata).
    /// </summary>
    internal static class RegionResolver
    {
        private static readonly Regex RegionName = new Regex("^[a-z]{2,}(-[a-z0-9]+)+$", RegexOptions.CultureInvariant);

        internal const string HowToSetRegion =
            "Pass -Region (for example -Region us-east-1), run Set-DefaultAWSRegion, set the AWS_REGION environment variable, " +
            "or add 'region = ...' to your profile with 'aws configure'.";

        public static AwsRegionInfo Resolve(AwsConnectionSettings settings)
        {
            if (!string.IsNullOrEmpty(settings.Region)) return Validated(settings.Region, AwsRegionSource.RegionParameter, "-Region");

            var stored = StoredRegionName(settings.StoredRegion);
            if (!string.IsNullOrEmpty(stored)) return Validated(stored, AwsRegionSource.StoredAWSRegion, "$StoredAWSRegion");

            var fromEnvironment = FirstNonEmpty(settings.GetEnvironmentVariable("AWS_REGION"), settings.GetEnvironmentVariable("AWS_DEFAULT_REGION"));
            if (!string.IsNullOrEmpty(fromEnvironment)) return Validated(fromEnvironment, AwsRegionSource.Environment, "AWS_REGION");

            var profileName = FirstNonEmpty(settings.ProfileName, settings.GetEnvironmentVariable("AWS_PROFILE"), SharedCredentialsFile.DefaultProfileName);
            var chain = string.IsNullOrEmpty(settings.ProfilesLocation) ? new CredentialProfileStoreChain() : new CredentialProfileStoreChain(settings.ProfilesLocation);
            if (chain.TryGetProfile(profileName, out var profile) && profile.Region != null)
            {
                return AwsRegionInfo.For(profile.Region.SystemName, AwsRegionSource.Profile);
            }

            // A named profile without a region must not borrow another profile's region through the SDK's fallback;
            // only instance metadata is left to ask then, which the fallback does last.
            if (string.IsNullOrEmpty(settings.ProfileName))
            {
                var fallback = SdkFallback(includeInstanceMetadata: !settings.NonInteractive);
                if (fallback != null) return AwsRegionInfo.For(fallback.SystemName, AwsRegionSource.SdkFallback);
            }

            throw new AwsConfigurationException(ErrorIds.AwsRegionNotResolved, ErrorCategory.InvalidArgument,
                "No AWS region is set. " + HowToSetRegion);
        }

        private static RegionEndpoint SdkFallback(bool includeInstanceMetadata)
        {
            try
            {
                // The factory caches its answer in a static; reset so this invocation sees today's environment.
                FallbackRegionFactory.Reset();
                return FallbackRegionFactory.GetRegionEndpoint(includeInstanceMetadata);
            }
            catch (AmazonClientException)
            {
                return null; // No source had a region; the caller reports how to set one.
            }
        }

        private static AwsRegionInfo Validated(string name, AwsRegionSource source, string from)
        {
            name = name.Trim();
            if (!RegionName.IsMatch(name))
            {
                throw new AwsConfigurationException(ErrorIds.AwsRegionNotResolved, ErrorCategory.InvalidArgument,
                    "'" + name + "' from " + from + " is not a region name such as us-east-1. " + HowToSetRegion);
            }
            return AwsRegionInfo.For(name, source);
        }

        /// <summary>$StoredAWSRegion is a string; an AWS Tools AWSRegion object (with a Region property) is accepted too.</summary>
        private static string StoredRegionName(object stored)
        {
            stored = AwsConnectionSettings.Unwrap(stored);
            if (stored == null) return null;
            if (stored is string text) return string.IsNullOrWhiteSpace(text) ? null : text;
            var property = stored.GetType().GetProperty("Region", BindingFlags.Instance | BindingFlags.Public);
            return property?.GetValue(stored) as string;
        }

        private static string FirstNonEmpty(params string[] values)
        {
            foreach (var value in values) if (!string.IsNullOrWhiteSpace(value)) return value.Trim();
            return null;
        }
    }
}
