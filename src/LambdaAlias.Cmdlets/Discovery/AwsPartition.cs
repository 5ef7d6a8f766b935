using System;
using System.Text.RegularExpressions;

namespace LambdaAlias
{
    /// <summary>AWS partitions by region prefix, so ARNs built for a region name the right partition.</summary>
    public static class AwsPartition
    {
        public const string Aws = "aws";
        public const string China = "aws-cn";
        public const string GovCloud = "aws-us-gov";

        private static readonly Regex PartitionPattern = new Regex("^aws(-[a-z]+)*$", RegexOptions.CultureInvariant);
        private static readonly Regex RegionPattern = new Regex("^[a-z]{2,4}(-[a-z]+)+-[0-9]+$", RegexOptions.CultureInvariant);

        /// <summary>The partition a region belongs to: cn-* is aws-cn, us-gov-* is aws-us-gov, the isolated regions map
        /// to their aws-iso* partitions, everything else is aws.</summary>
        public static string FromRegion(string region)
        {
            if (string.IsNullOrEmpty(region)) return Aws;
            if (region.StartsWith("cn-", StringComparison.Ordinal)) return China;
            if (region.StartsWith("us-gov-", StringComparison.Ordinal)) return GovCloud;
            if (region.StartsWith("us-isob-", StringComparison.Ordinal)) return "aws-iso-b";
            if (region.StartsWith("us-isof-", StringComparison.Ordinal)) return "aws-iso-f";
            if (region.StartsWith("eu-isoe-", StringComparison.Ordinal)) return "aws-iso-e";
            if (region.StartsWith("us-iso-", StringComparison.Ordinal)) return "aws-iso";
            if (region.StartsWith("eusc-", StringComparison.Ordinal)) return "aws-eusc";
            return Aws;
        }

        /// <summary>True for "aws", "aws-cn", "aws-us-gov", "aws-iso-b" and the like.</summary>
        public static bool IsValidPartition(string partition) => partition != null && PartitionPattern.IsMatch(partition);

        /// <summary>True for region names such as "us-east-1", "cn-north-1", "us-gov-west-1".</summary>
        public static bool IsValidRegion(string region) => region != null && RegionPattern.IsMatch(region);
    }
}
