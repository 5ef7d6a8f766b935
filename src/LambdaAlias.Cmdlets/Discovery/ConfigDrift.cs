using System;
using System.Collections.Generic;
using System.Linq;

namespace LambdaAlias
{
    /// <summary>
    /// What differs between a pinned function version and another version (the latest published one, or $LATEST):
    /// the fields that change how the code behaves. Environment variables are compared by NAME only; values never
    /// enter this class. Output order is fixed (by property, as listed in <see cref="Properties"/>).
    /// </summary>
    public static class ConfigDrift
    {
        /// <summary>The compared properties, in output order.</summary>
        public static readonly IReadOnlyList<string> Properties = new[]
        {
            "VpcConfig", "EnvironmentVariableNames", "Runtime", "Handler", "Layers", "MemorySize", "Timeout", "Role", "Architectures", "State",
        };

        /// <summary>The differences from <paramref name="pinned"/> to <paramref name="other"/>, labelled with other's
        /// version. Empty when either is null.</summary>
        public static ConfigDifference[] Compare(FunctionConfigSnapshot pinned, FunctionConfigSnapshot other)
        {
            if (pinned == null || other == null) return Array.Empty<ConfigDifference>();
            var comparedWith = other.Version ?? "(unknown)";
            var result = new List<ConfigDifference>();

            void Add(string property, string pinnedValue, string otherValue)
            {
                if (!string.Equals(pinnedValue, otherValue, StringComparison.Ordinal))
                    result.Add(new ConfigDifference { Property = property, ComparedWith = comparedWith, PinnedValue = pinnedValue, OtherValue = otherValue });
            }

            Add("VpcConfig", DescribeVpc(pinned), DescribeVpc(other));
            Add("EnvironmentVariableNames", SetText(pinned.EnvironmentVariableNames), SetText(other.EnvironmentVariableNames));
            Add("Runtime", Text(pinned.Runtime), Text(other.Runtime));
            Add("Handler", Text(pinned.Handler), Text(other.Handler));
            // Layer order decides which layer's files win, so it is compared as a sequence.
            Add("Layers", SequenceText(pinned.Layers), SequenceText(other.Layers));
            Add("MemorySize", pinned.MemorySize.HasValue ? pinned.MemorySize.Value + " MB" : null, other.MemorySize.HasValue ? other.MemorySize.Value + " MB" : null);
            Add("Timeout", pinned.Timeout.HasValue ? pinned.Timeout.Value + " s" : null, other.Timeout.HasValue ? other.Timeout.Value + " s" : null);
            Add("Role", Text(pinned.Role), Text(other.Role));
            Add("Architectures", SetText(pinned.Architectures), SetText(other.Architectures));
            Add("State", Text(pinned.State), Text(other.State));
            return result.ToArray();
        }

        /// <summary>
        /// Drift against the latest published version, then against $LATEST. A comparison is skipped when that
        /// version is missing or is the pinned version itself; a difference $LATEST shares with the latest published
        /// version is still listed for both, so each line stands on its own.
        /// </summary>
        public static ConfigDifference[] CompareAll(FunctionConfigSnapshot pinned, FunctionConfigSnapshot latestPublished, FunctionConfigSnapshot latest)
        {
            if (pinned == null) return Array.Empty<ConfigDifference>();
            var result = new List<ConfigDifference>();
            if (latestPublished != null && !SameVersion(pinned, latestPublished)) result.AddRange(Compare(pinned, latestPublished));
            if (latest != null && !SameVersion(pinned, latest)) result.AddRange(Compare(pinned, latest));
            return result.ToArray();
        }

        /// <summary>"vpc-0c3: subnets subnet-0a1; security groups sg-0b2", or null when not in a VPC.</summary>
        public static string DescribeVpc(FunctionConfigSnapshot snapshot)
        {
            if (snapshot == null || !snapshot.HasVpc) return null;
            var subnets = SetText(snapshot.SubnetIds) ?? "(none)";
            var groups = SetText(snapshot.SecurityGroupIds) ?? "(none)";
            return (string.IsNullOrEmpty(snapshot.VpcId) ? "VPC" : snapshot.VpcId) + ": subnets " + subnets + "; security groups " + groups;
        }

        private static bool SameVersion(FunctionConfigSnapshot a, FunctionConfigSnapshot b) =>
            a.Version != null && string.Equals(a.Version, b.Version, StringComparison.Ordinal);

        private static string Text(string value) => string.IsNullOrEmpty(value) ? null : value;

        private static string SetText(IEnumerable<string> values)
        {
            var list = (values ?? Enumerable.Empty<string>()).Where(v => !string.IsNullOrEmpty(v)).Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.Ordinal).ToList();
            return list.Count == 0 ? null : string.Join(", ", list);
        }

        private static string SequenceText(IEnumerable<string> values)
        {
            var list = (values ?? Enumerable.Empty<string>()).Where(v => !string.IsNullOrEmpty(v)).ToList();
            return list.Count == 0 ? null : string.Join(", ", list);
        }
    }
}
