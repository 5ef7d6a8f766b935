using System;
using System.Collections.Generic;
using System.Linq;

namespace LambdaAlias
{
    /// <summary>Maps GetFunction / GetFunctionConfiguration results to the drift-comparison model.</summary>
    public static class FunctionConfigMapping
    {
        /// <summary>The fields that decide behaviour, normalised for comparison: lists sorted ordinally (except layers,
        /// whose order is the merge order and therefore meaningful), and "no VPC" as empty lists whether Lambda sent no
        /// VpcConfig, an empty one, or one with empty lists.</summary>
        public static FunctionConfigSnapshot ToSnapshot(this FunctionConfiguration configuration)
        {
            if (configuration == null) throw new ArgumentNullException(nameof(configuration));
            return new FunctionConfigSnapshot
            {
                Version = configuration.Version,
                FunctionArn = configuration.FunctionArn,
                Runtime = configuration.Runtime,
                Handler = configuration.Handler,
                Role = configuration.Role,
                MemorySize = configuration.MemorySize,
                Timeout = configuration.Timeout,
                SubnetIds = Sorted(configuration.VpcConfig?.SubnetIds),
                SecurityGroupIds = Sorted(configuration.VpcConfig?.SecurityGroupIds),
                VpcId = string.IsNullOrEmpty(configuration.VpcConfig?.VpcId) ? null : configuration.VpcConfig.VpcId,
                EnvironmentVariableNames = Sorted(configuration.Environment?.VariableNames),
                Layers = (configuration.Layers ?? new List<LambdaLayer>()).Where(l => l?.Arn != null).Select(l => l.Arn).ToArray(),
                // Lambda omits Architectures for functions created before arm64 existed; those run on x86_64.
                Architectures = configuration.Architectures != null && configuration.Architectures.Count > 0
                    ? Sorted(configuration.Architectures)
                    : new[] { "x86_64" },
                State = configuration.State,
                LastUpdateStatus = configuration.LastUpdateStatus,
                CodeSha256 = configuration.CodeSha256,
                RevisionId = configuration.RevisionId,
                DeadLetterTargetArn = configuration.DeadLetterConfig?.TargetArn,
                LastModified = configuration.LastModified,
            };
        }

        /// <summary>GetFunction's configuration as a snapshot; throws when the response carried no configuration.</summary>
        public static FunctionConfigSnapshot ToSnapshot(this GetFunctionResult result)
        {
            if (result?.Configuration == null) throw new ArgumentException("GetFunction returned no Configuration.", nameof(result));
            return result.Configuration.ToSnapshot();
        }

        private static string[] Sorted(IEnumerable<string> values)
            => values == null ? Array.Empty<string>() : values.Where(v => !string.IsNullOrEmpty(v)).OrderBy(v => v, StringComparer.Ordinal).ToArray();
    }
}
