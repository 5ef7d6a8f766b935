using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace LambdaAlias
{
    /// <summary>How a function reference names its qualifier, before any stage variable is resolved.</summary>
    public enum QualifierKind
    {
        /// <summary>No qualifier: Lambda invokes $LATEST.</summary>
        Unqualified,
        /// <summary>A numbered version such as "1".</summary>
        Version,
        /// <summary>"$LATEST" written out.</summary>
        Latest,
        /// <summary>An alias name such as "live".</summary>
        Alias,
        /// <summary>The qualifier contains a ${stageVariables.x} reference, decided per stage.</summary>
        StageVariable,
    }

    /// <summary>Which of Lambda's accepted forms a function reference was written in.</summary>
    public enum FunctionReferenceForm
    {
        /// <summary>"my-func" or "my-func:live".</summary>
        Name,
        /// <summary>"123456789012:function:my-func[:qualifier]".</summary>
        PartialArn,
        /// <summary>"arn:aws:lambda:us-east-1:123456789012:function:my-func[:qualifier]".</summary>
        Arn,
    }

    /// <summary>
    /// A Lambda function reference as Lambda's FunctionName parameter accepts it (name, name:qualifier, partial ARN,
    /// full ARN in any partition, with or without a qualifier). ${stageVariables.x} references are accepted in place of
    /// (or inside) the region, account, name and qualifier, because integration URIs use them there.
    /// </summary>
    public sealed class LambdaFunctionReference
    {
        private const int MaxNameLength = 64;
        private const int MaxQualifierLength = 128;
        private static readonly Regex NamePattern = new Regex("^[a-zA-Z0-9_-]+$", RegexOptions.CultureInvariant);
        private static readonly Regex AccountPattern = new Regex("^[0-9]{12}$", RegexOptions.CultureInvariant);
        private static readonly Regex VersionPattern = new Regex("^[0-9]+$", RegexOptions.CultureInvariant);
        private static readonly Regex AliasPattern = new Regex("^[a-zA-Z0-9_-]+$", RegexOptions.CultureInvariant);

        public const string LatestQualifier = "$LATEST";

        private LambdaFunctionReference() { }

        /// <summary>The text exactly as given.</summary>
        public string Raw { get; private set; }
        public FunctionReferenceForm Form { get; private set; }
        /// <summary>Null unless the reference is a full ARN.</summary>
        public string Partition { get; private set; }
        /// <summary>Null unless the reference is a full ARN.</summary>
        public string Region { get; private set; }
        /// <summary>Null for the name form.</summary>
        public string AccountId { get; private set; }
        public string FunctionName { get; private set; }
        /// <summary>The qualifier as written, or null when unqualified.</summary>
        public string Qualifier { get; private set; }
        public QualifierKind QualifierKind { get; private set; }
        /// <summary>Names of the stage variables referenced anywhere in the reference, in order of first use.</summary>
        public IReadOnlyList<string> StageVariableNames { get; private set; } = Array.Empty<string>();
        /// <summary>Stage variables referenced in the function name (or region/account), i.e. outside the qualifier.</summary>
        public IReadOnlyList<string> NameStageVariableNames { get; private set; } = Array.Empty<string>();
        /// <summary>Stage variables referenced in the qualifier.</summary>
        public IReadOnlyList<string> QualifierStageVariableNames { get; private set; } = Array.Empty<string>();

        public bool UsesStageVariables => StageVariableNames.Count > 0;

        /// <summary>"arn:{partition}:lambda:{region}:{account}:function:{name}", or null when the region or account is unknown.</summary>
        public string UnqualifiedArn => Partition != null && Region != null && AccountId != null
            ? BuildArn(Partition, Region, AccountId, FunctionName, null)
            : null;

        /// <summary>The unqualified ARN plus ":qualifier" when there is one; null when the region or account is unknown.</summary>
        public string QualifiedArn => Partition != null && Region != null && AccountId != null
            ? BuildArn(Partition, Region, AccountId, FunctionName, Qualifier)
            : null;

        /// <summary>"my-func:1", or "my-func" when unqualified.</summary>
        public string QualifiedName => string.IsNullOrEmpty(Qualifier) ? FunctionName : FunctionName + ":" + Qualifier;

        /// <summary>The reference in its original form with its parts as currently set (equal to Raw after parsing).</summary>
        public override string ToString()
        {
            string tail = FunctionName + (Qualifier != null ? ":" + Qualifier : string.Empty);
            switch (Form)
            {
                case FunctionReferenceForm.Arn: return "arn:" + Partition + ":lambda:" + Region + ":" + AccountId + ":function:" + tail;
                case FunctionReferenceForm.PartialArn: return AccountId + ":function:" + tail;
                default: return tail;
            }
        }

        /// <summary>Builds "arn:{partition}:lambda:{region}:{account}:function:{name}[:{qualifier}]".</summary>
        public static string BuildArn(string partition, string region, string accountId, string functionName, string qualifier)
        {
            var arn = "arn:" + partition + ":lambda:" + region + ":" + accountId + ":function:" + functionName;
            return string.IsNullOrEmpty(qualifier) ? arn : arn + ":" + qualifier;
        }

        /// <summary>The same reference with a different qualifier (null for unqualified), in the same form.</summary>
        public LambdaFunctionReference WithQualifier(string qualifier)
        {
            var copy = (LambdaFunctionReference)MemberwiseClone();
            copy.Qualifier = string.IsNullOrEmpty(qualifier) ? null : qualifier;
            copy.QualifierKind = ClassifyQualifier(copy.Qualifier);
            copy.QualifierStageVariableNames = StageVariables.FindNames(copy.Qualifier);
            copy.StageVariableNames = copy.NameStageVariableNames.Concat(copy.QualifierStageVariableNames).Distinct(StringComparer.Ordinal).ToArray();
            copy.Raw = copy.ToString();
            return copy;
        }

        /// <summary>Fills the partition, region and account a name or partial ARN leaves open (for example from the API
        /// that integrates it); values already present are kept. The form becomes Arn when all three are known.</summary>
        public LambdaFunctionReference WithDefaults(string partition, string region, string accountId)
        {
            var copy = (LambdaFunctionReference)MemberwiseClone();
            copy.Partition = copy.Partition ?? partition ?? (region != null ? AwsPartition.FromRegion(region) : null);
            copy.Region = copy.Region ?? region;
            copy.AccountId = copy.AccountId ?? accountId;
            if (copy.Partition != null && copy.Region != null && copy.AccountId != null) copy.Form = FunctionReferenceForm.Arn;
            return copy;
        }

        /// <summary>Classifies a qualifier as written: none, a version number, $LATEST, a stage-variable reference, or an alias.</summary>
        public static QualifierKind ClassifyQualifier(string qualifier)
        {
            if (string.IsNullOrEmpty(qualifier)) return QualifierKind.Unqualified;
            if (qualifier.IndexOf(StageVariables.TokenPrefix, StringComparison.Ordinal) >= 0) return QualifierKind.StageVariable;
            if (qualifier == LatestQualifier) return QualifierKind.Latest;
            if (VersionPattern.IsMatch(qualifier)) return QualifierKind.Version;
            return QualifierKind.Alias;
        }

        /// <summary>Parses a reference, throwing <see cref="DiscoveryException"/> (ErrorId MalformedArn) when malformed.</summary>
        public static LambdaFunctionReference Parse(string text)
        {
            if (!TryParse(text, out var reference, out var error)) throw error.ToException();
            return reference;
        }

        /// <summary>Parses "name", "name:qualifier", "account:function:name[:qualifier]" or
        /// "arn:partition:lambda:region:account:function:name[:qualifier]". Whitespace is never trimmed.</summary>
        public static bool TryParse(string text, out LambdaFunctionReference reference, out DiscoveryError error)
        {
            reference = null;
            error = null;
            if (string.IsNullOrEmpty(text))
                return Fail(text, "The function reference is empty.", out error);
            if (text.Any(char.IsWhiteSpace))
                return Fail(text, "The function reference " + DiscoveryError.Quote(text) + " contains whitespace.", out error);

            var parts = text.Split(':');
            var result = new LambdaFunctionReference { Raw = text };
            string name, qualifier;
            if (parts[0] == "arn")
            {
                if (parts.Length < 7 || parts.Length > 8)
                    return Fail(text, "The ARN " + DiscoveryError.Quote(text) + " does not have the form arn:{partition}:lambda:{region}:{account}:function:{name}[:{qualifier}].", out error);
                if (parts[2] != "lambda" || parts[5] != "function")
                    return Fail(text, "The ARN " + DiscoveryError.Quote(text) + " is not a Lambda function ARN (service '" + parts[2] + "', resource type '" + parts[5] + "').", out error);
                if (!AwsPartition.IsValidPartition(parts[1]))
                    return Fail(text, "The ARN " + DiscoveryError.Quote(text) + " has an invalid partition '" + parts[1] + "'.", out error);
                if (!StageVariables.ContainsReference(parts[3]) && !AwsPartition.IsValidRegion(parts[3]))
                    return Fail(text, "The ARN " + DiscoveryError.Quote(text) + " has an invalid region '" + parts[3] + "'.", out error);
                if (!StageVariables.ContainsReference(parts[4]) && !AccountPattern.IsMatch(parts[4]))
                    return Fail(text, "The ARN " + DiscoveryError.Quote(text) + " has an invalid account id '" + parts[4] + "' (12 digits expected).", out error);
                result.Form = FunctionReferenceForm.Arn;
                result.Partition = parts[1];
                result.Region = parts[3];
                result.AccountId = parts[4];
                name = parts[6];
                qualifier = parts.Length == 8 ? parts[7] : null;
            }
            else if (parts.Length >= 3 && parts[1] == "function")
            {
                if (parts.Length > 4)
                    return Fail(text, "The partial ARN " + DiscoveryError.Quote(text) + " does not have the form {account}:function:{name}[:{qualifier}].", out error);
                if (!StageVariables.ContainsReference(parts[0]) && !AccountPattern.IsMatch(parts[0]))
                    return Fail(text, "The partial ARN " + DiscoveryError.Quote(text) + " has an invalid account id '" + parts[0] + "' (12 digits expected).", out error);
                result.Form = FunctionReferenceForm.PartialArn;
                result.AccountId = parts[0];
                name = parts[2];
                qualifier = parts.Length == 4 ? parts[3] : null;
            }
            else
            {
                if (parts.Length > 2)
                    return Fail(text, DiscoveryError.Quote(text) + " is not a function name, name:qualifier, partial ARN or ARN.", out error);
                result.Form = FunctionReferenceForm.Name;
                name = parts[0];
                qualifier = parts.Length == 2 ? parts[1] : null;
            }

            if (!IsValidName(name))
                return Fail(text, "The function name '" + Shorten(name) + "' in " + DiscoveryError.Quote(text) + " is not valid: 1-64 letters, digits, hyphens or underscores.", out error);
            if (qualifier != null && !IsValidQualifier(qualifier))
                return Fail(text, "The qualifier '" + Shorten(qualifier) + "' in " + DiscoveryError.Quote(text) + " is not a version number, $LATEST or an alias name.", out error);

            result.FunctionName = name;
            result.Qualifier = qualifier;
            result.QualifierKind = ClassifyQualifier(qualifier);
            var outside = new List<string>();
            if (result.Form == FunctionReferenceForm.Arn) outside.AddRange(StageVariables.FindNames(result.Region));
            if (result.Form != FunctionReferenceForm.Name) outside.AddRange(StageVariables.FindNames(result.AccountId));
            outside.AddRange(StageVariables.FindNames(name));
            result.NameStageVariableNames = outside.Distinct(StringComparer.Ordinal).ToArray();
            result.QualifierStageVariableNames = StageVariables.FindNames(qualifier);
            result.StageVariableNames = result.NameStageVariableNames.Concat(result.QualifierStageVariableNames).Distinct(StringComparer.Ordinal).ToArray();
            reference = result;
            return true;
        }

        /// <summary>True for a Lambda function name (1-64 of [a-zA-Z0-9_-]); ${stageVariables.x} counts as valid text.</summary>
        public static bool IsValidName(string name)
        {
            if (string.IsNullOrEmpty(name)) return false;
            if (StageVariables.ContainsReference(name))
            {
                var rest = StageVariables.RemoveReferences(name);
                return rest.Length == 0 || NamePattern.IsMatch(rest);
            }
            return name.Length <= MaxNameLength && NamePattern.IsMatch(name);
        }

        /// <summary>True for a version number, $LATEST, an alias name, or text made of ${stageVariables.x} references.</summary>
        public static bool IsValidQualifier(string qualifier)
        {
            if (string.IsNullOrEmpty(qualifier)) return false;
            if (StageVariables.ContainsReference(qualifier))
            {
                var rest = StageVariables.RemoveReferences(qualifier);
                return rest.Length == 0 || AliasPattern.IsMatch(rest);
            }
            if (qualifier.Length > MaxQualifierLength) return false;
            return qualifier == LatestQualifier || AliasPattern.IsMatch(qualifier);
        }

        private static string Shorten(string value) => value.Length <= 80 ? value : value.Substring(0, 80) + "...";

        private static bool Fail(string text, string message, out DiscoveryError error)
        {
            error = new DiscoveryError(ErrorIds.MalformedArn, DiscoveryErrorCategory.InvalidArgument, message, text);
            return false;
        }
    }
}
