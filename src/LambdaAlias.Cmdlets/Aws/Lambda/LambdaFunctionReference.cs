using System;
using System.Text.RegularExpressions;

namespace LambdaAlias
{
    /// <summary>A function reference in any form Lambda's FunctionName parameter accepts: a name ("my-func"), a name with
    /// qualifier ("my-func:1", "my-func:live", "my-func:$LATEST"), a partial ARN ("123456789012:function:my-func[:q]") or
    /// a full ARN ("arn:aws:lambda:us-east-1:123456789012:function:my-func[:q]"). Reading the account and region from a
    /// function ARN that Lambda returned (GetFunction, ListFunctions) gives the caller's account without an STS call.</summary>
    public sealed class LambdaFunctionReference
    {
        private static readonly Regex FullArn = new Regex(
            @"^arn:(?<partition>aws[a-zA-Z-]*):lambda:(?<region>[a-z]{2}(?:-[a-z]+)+-\d+):(?<account>\d{12}):function:(?<name>[a-zA-Z0-9_-]+)(?::(?<qualifier>\$LATEST|[a-zA-Z0-9_-]+))?$",
            RegexOptions.CultureInvariant);

        private static readonly Regex PartialArn = new Regex(
            @"^(?<account>\d{12}):function:(?<name>[a-zA-Z0-9_-]+)(?::(?<qualifier>\$LATEST|[a-zA-Z0-9_-]+))?$",
            RegexOptions.CultureInvariant);

        private static readonly Regex NameOnly = new Regex(
            @"^(?<name>[a-zA-Z0-9_-]+)(?::(?<qualifier>\$LATEST|[a-zA-Z0-9_-]+))?$",
            RegexOptions.CultureInvariant);

        private static readonly Regex VersionNumber = new Regex(@"^[0-9]+$", RegexOptions.CultureInvariant);

        /// <summary>"aws", "aws-cn", "aws-us-gov", ...; null unless parsed from a full ARN.</summary>
        public string Partition { get; private set; }
        /// <summary>Null unless parsed from a full ARN.</summary>
        public string Region { get; private set; }
        /// <summary>Null when parsed from a plain name.</summary>
        public string AccountId { get; private set; }
        public string FunctionName { get; private set; }
        /// <summary>"1", "$LATEST", an alias name, or null when unqualified.</summary>
        public string Qualifier { get; private set; }

        public bool IsFullArn => Partition != null;
        public bool IsQualified => Qualifier != null;
        public bool IsLatest => Qualifier == "$LATEST";
        /// <summary>True for a published version number ("1", "42").</summary>
        public bool IsVersion => Qualifier != null && VersionNumber.IsMatch(Qualifier);
        /// <summary>True for an alias qualifier (neither a number nor $LATEST).</summary>
        public bool IsAlias => Qualifier != null && !IsLatest && !IsVersion;

        public static bool TryParse(string value, out LambdaFunctionReference reference)
        {
            reference = null;
            if (string.IsNullOrWhiteSpace(value)) return false;
            var text = value.Trim();

            var match = FullArn.Match(text);
            if (!match.Success) match = PartialArn.Match(text);
            if (!match.Success) match = NameOnly.Match(text);
            if (!match.Success) return false;

            reference = new LambdaFunctionReference
            {
                Partition = Group(match, "partition"),
                Region = Group(match, "region"),
                AccountId = Group(match, "account"),
                FunctionName = match.Groups["name"].Value,
                Qualifier = Group(match, "qualifier"),
            };
            return true;
        }

        public static LambdaFunctionReference Parse(string value)
        {
            if (!TryParse(value, out var reference))
                throw new FormatException($"'{value}' is not a Lambda function name, partial ARN or ARN.");
            return reference;
        }

        /// <summary>The full ARN with the given qualifier (null for unqualified). Needs a full ARN, or the partition,
        /// region and account supplied for a name or partial ARN.</summary>
        public string ToArn(string qualifier, string partition = null, string region = null, string accountId = null)
        {
            var p = Partition ?? partition;
            var r = Region ?? region;
            var a = AccountId ?? accountId;
            if (p == null || r == null || a == null)
                throw new InvalidOperationException($"'{FunctionName}' is not a full ARN; partition, region and account are needed to build one.");
            return $"arn:{p}:lambda:{r}:{a}:function:{FunctionName}" + (string.IsNullOrEmpty(qualifier) ? string.Empty : ":" + qualifier);
        }

        /// <summary>The unqualified ARN when this is a full ARN, else the unqualified name in the form it was given.</summary>
        public string Unqualified => IsFullArn ? ToArn(null) : (AccountId != null ? $"{AccountId}:function:{FunctionName}" : FunctionName);

        public override string ToString() => IsFullArn ? ToArn(Qualifier) : (AccountId != null ? $"{AccountId}:function:{FunctionName}" : FunctionName) + (Qualifier != null ? ":" + Qualifier : string.Empty);

        private static string Group(Match match, string name) => match.Groups[name].Success ? match.Groups[name].Value : null;
    }
}
