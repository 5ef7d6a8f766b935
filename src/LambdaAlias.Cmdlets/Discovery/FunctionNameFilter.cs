using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace LambdaAlias
{
    /// <summary>
    /// The -FunctionName filter: any number of names, ARNs or partial ARNs, each with optional '*' and '?' wildcards,
    /// compiled once so that many piped values cost one scan. Matching is case-sensitive, as Lambda function names are.
    /// A pattern without a qualifier matches every qualifier of the function; one with a qualifier
    /// ("my-func:1", "...:function:my-func:live") also requires the qualifier to match.
    /// </summary>
    public sealed class FunctionNameFilter
    {
        private static readonly Regex NamePatternChars = new Regex(@"^[a-zA-Z0-9_\-*?]+$", RegexOptions.CultureInvariant);
        private static readonly Regex QualifierPatternChars = new Regex(@"^[a-zA-Z0-9_\-$*?]+$", RegexOptions.CultureInvariant);
        private static readonly Regex AccountPatternChars = new Regex(@"^[0-9*?]+$", RegexOptions.CultureInvariant);
        private static readonly Regex PartitionOrRegionPatternChars = new Regex(@"^[a-z0-9\-*?]+$", RegexOptions.CultureInvariant);
        private const int AccountIdLength = 12;
        private const int MaxNameLength = 64;
        private const int MaxQualifierLength = 128;

        private readonly List<CompiledPattern> _patterns;

        private FunctionNameFilter(List<CompiledPattern> patterns) { _patterns = patterns; }

        /// <summary>The patterns as given (trimmed), in order.</summary>
        public IReadOnlyList<string> Patterns => _patterns.Select(p => p.Text).ToArray();

        /// <summary>True when no pattern was given: everything matches.</summary>
        public bool IsEmpty => _patterns.Count == 0;

        /// <summary>Compiles the patterns, throwing <see cref="DiscoveryException"/> (MalformedArn) for the first bad one.</summary>
        public static FunctionNameFilter Create(IEnumerable<string> patterns)
        {
            if (!TryCreate(patterns, out var filter, out var errors)) throw errors[0].ToException();
            return filter;
        }

        /// <summary>Compiles the patterns. Null, empty and whitespace-only entries are ignored; each malformed entry gives a
        /// MalformedArn error, and the filter is still built from the valid ones.</summary>
        public static bool TryCreate(IEnumerable<string> patterns, out FunctionNameFilter filter, out IReadOnlyList<DiscoveryError> errors)
        {
            var compiled = new List<CompiledPattern>();
            var problems = new List<DiscoveryError>();
            foreach (var raw in patterns ?? Enumerable.Empty<string>())
            {
                if (string.IsNullOrWhiteSpace(raw)) continue;
                var text = raw.Trim();
                if (Compile(text, out var pattern, out var message)) compiled.Add(pattern);
                else problems.Add(new DiscoveryError(ErrorIds.MalformedArn, DiscoveryErrorCategory.InvalidArgument, message, raw));
            }
            filter = new FunctionNameFilter(compiled);
            errors = problems;
            return problems.Count == 0;
        }

        /// <summary>True when any pattern matches the function. <paramref name="functionArn"/> may be qualified or not;
        /// <paramref name="qualifier"/> (when given) overrides the ARN's qualifier — pass the resolved qualifier for
        /// stage-variable pins. ARN and partial-ARN patterns need the ARN to compare account, region and partition.</summary>
        public bool Matches(string functionName, string functionArn, string qualifier = null)
        {
            if (IsEmpty) return true;
            LambdaFunctionReference arn = null;
            if (!string.IsNullOrEmpty(functionArn)) LambdaFunctionReference.TryParse(functionArn, out arn, out _);
            var name = functionName ?? arn?.FunctionName;
            var effectiveQualifier = qualifier ?? arn?.Qualifier;
            foreach (var pattern in _patterns)
            {
                if (pattern.IsMatch(name, arn, effectiveQualifier)) return true;
            }
            return false;
        }

        /// <summary>Convenience overload for a parsed reference.</summary>
        public bool Matches(LambdaFunctionReference function) =>
            function != null && Matches(function.FunctionName, function.QualifiedArn ?? function.Raw, function.Qualifier);

        private static bool Compile(string text, out CompiledPattern pattern, out string message)
        {
            pattern = null;
            message = null;
            var parts = text.Split(':');
            var result = new CompiledPattern { Text = text };
            string qualifier;
            if (parts[0] == "arn")
            {
                if (parts.Length < 7 || parts.Length > 8)
                {
                    message = "The -FunctionName ARN " + DiscoveryError.Quote(text) + " does not have the form arn:{partition}:lambda:{region}:{account}:function:{name}[:{qualifier}].";
                    return false;
                }
                if (!GlobMatcher.IsMatch(parts[2], "lambda") || !GlobMatcher.IsMatch(parts[5], "function"))
                {
                    message = "The -FunctionName ARN " + DiscoveryError.Quote(text) + " is not a Lambda function ARN.";
                    return false;
                }
                message = PartitionProblem(text, parts[1]) ?? RegionProblem(text, parts[3]) ?? AccountProblem(text, parts[4]);
                if (message != null) return false;
                result.Partition = parts[1];
                result.Region = parts[3];
                result.Account = parts[4];
                result.Name = parts[6];
                qualifier = parts.Length == 8 ? parts[7] : null;
                result.NeedsArn = true;
            }
            else if (parts.Length >= 3 && parts[1] == "function")
            {
                if (parts.Length > 4 || !AccountPatternChars.IsMatch(parts[0]))
                {
                    message = "The -FunctionName partial ARN " + DiscoveryError.Quote(text) + " does not have the form {account}:function:{name}[:{qualifier}].";
                    return false;
                }
                message = AccountProblem(text, parts[0]);
                if (message != null) return false;
                result.Account = parts[0];
                result.Name = parts[2];
                qualifier = parts.Length == 4 ? parts[3] : null;
                result.NeedsArn = true;
            }
            else
            {
                if (parts.Length > 2)
                {
                    message = "The -FunctionName value " + DiscoveryError.Quote(text) + " is not a function name, name:qualifier, partial ARN or ARN.";
                    return false;
                }
                result.Name = parts[0];
                qualifier = parts.Length == 2 ? parts[1] : null;
            }
            if (string.IsNullOrEmpty(result.Name) || !NamePatternChars.IsMatch(result.Name))
            {
                message = "The function name in -FunctionName " + DiscoveryError.Quote(text) + " may contain only letters, digits, hyphens, underscores and the wildcards * and ?.";
                return false;
            }
            if (MinimumMatchLength(result.Name) > MaxNameLength)
            {
                message = "The function name in -FunctionName " + DiscoveryError.Quote(text) + " is longer than Lambda's " + MaxNameLength + " characters, so it matches no function.";
                return false;
            }
            if (qualifier != null && (qualifier.Length == 0 || !QualifierPatternChars.IsMatch(qualifier) || MinimumMatchLength(qualifier) > MaxQualifierLength))
            {
                message = "The qualifier in -FunctionName " + DiscoveryError.Quote(text) + " is not a version, $LATEST or alias pattern.";
                return false;
            }
            result.Qualifier = qualifier;
            pattern = result;
            return true;
        }

        /// <summary>How many characters a value matching the glob has at least: '*' may match none, '?' exactly one.</summary>
        private static int MinimumMatchLength(string glob) => glob.Count(c => c != '*');

        private static bool HasWildcard(string glob) => glob.IndexOf('*') >= 0 || glob.IndexOf('?') >= 0;

        // Account, region and partition parts are checked like the Lambda ARNs they are compared with (12 digits, a region
        // name, aws or aws-*), so a typo is reported instead of silently matching nothing. With wildcards only the
        // characters (and, for the account, the length) can be checked.
        private static string AccountProblem(string text, string account)
        {
            var ok = AccountPatternChars.IsMatch(account) &&
                     (HasWildcard(account) ? MinimumMatchLength(account) <= AccountIdLength && (account.IndexOf('*') >= 0 || account.Length == AccountIdLength)
                                           : account.Length == AccountIdLength);
            return ok ? null : "The account id '" + account + "' in -FunctionName " + DiscoveryError.Quote(text) + " is not 12 digits (or a wildcard pattern of them).";
        }

        private static string RegionProblem(string text, string region)
        {
            var ok = HasWildcard(region) ? PartitionOrRegionPatternChars.IsMatch(region) : AwsPartition.IsValidRegion(region);
            return ok ? null : "The region '" + region + "' in -FunctionName " + DiscoveryError.Quote(text) + " is not an AWS region name (or a wildcard pattern of one).";
        }

        private static string PartitionProblem(string text, string partition)
        {
            var ok = HasWildcard(partition) ? PartitionOrRegionPatternChars.IsMatch(partition) : AwsPartition.IsValidPartition(partition);
            return ok ? null : "The partition '" + partition + "' in -FunctionName " + DiscoveryError.Quote(text) + " is not an AWS partition (aws, aws-cn, aws-us-gov, ... or a wildcard pattern of one).";
        }

        private sealed class CompiledPattern
        {
            public string Text;
            public string Partition;
            public string Region;
            public string Account;
            public string Name;
            public string Qualifier;
            public bool NeedsArn;

            public bool IsMatch(string name, LambdaFunctionReference arn, string qualifier)
            {
                if (name == null || !GlobMatcher.IsMatch(Name, name)) return false;
                if (NeedsArn)
                {
                    if (arn == null) return false;
                    if (Account != null && (arn.AccountId == null || !GlobMatcher.IsMatch(Account, arn.AccountId))) return false;
                    if (Region != null && (arn.Region == null || !GlobMatcher.IsMatch(Region, arn.Region))) return false;
                    if (Partition != null && (arn.Partition == null || !GlobMatcher.IsMatch(Partition, arn.Partition))) return false;
                }
                if (Qualifier != null)
                {
                    // An unqualified reference invokes $LATEST, so "my-func:$LATEST" matches it; "my-func:*" does not.
                    if (string.IsNullOrEmpty(qualifier)) return Qualifier == LambdaFunctionReference.LatestQualifier;
                    if (!GlobMatcher.IsMatch(Qualifier, qualifier)) return false;
                }
                return true;
            }
        }
    }
}
