using System;

namespace LambdaAlias
{
    /// <summary>The configuration fields of one function version that decide how it behaves, for drift comparison.
    /// Environment variable values are deliberately absent: only names are ever read or shown.</summary>
    public sealed class FunctionConfigSnapshot
    {
        /// <summary>"1", "2", ... or "$LATEST".</summary>
        public string Version { get; set; }
        public string FunctionArn { get; set; }
        public string Runtime { get; set; }
        public string Handler { get; set; }
        public string Role { get; set; }
        public int? MemorySize { get; set; }
        public int? Timeout { get; set; }
        /// <summary>Sorted subnet ids; empty when the function is not in a VPC.</summary>
        public string[] SubnetIds { get; set; } = Array.Empty<string>();
        public string[] SecurityGroupIds { get; set; } = Array.Empty<string>();
        public string VpcId { get; set; }
        public string[] EnvironmentVariableNames { get; set; } = Array.Empty<string>();
        /// <summary>Layer ARNs (with version).</summary>
        public string[] Layers { get; set; } = Array.Empty<string>();
        public string[] Architectures { get; set; } = Array.Empty<string>();
        /// <summary>Pending, Active, Inactive, Failed.</summary>
        public string State { get; set; }
        public string LastUpdateStatus { get; set; }
        public string CodeSha256 { get; set; }
        public string RevisionId { get; set; }
        public string DeadLetterTargetArn { get; set; }
        public DateTimeOffset? LastModified { get; set; }

        public bool HasVpc => SubnetIds != null && SubnetIds.Length > 0;
    }
}
