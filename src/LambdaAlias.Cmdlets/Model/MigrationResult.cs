using System;
using System.Collections.Generic;
using System.Linq;

namespace LambdaAlias
{
    /// <summary>Outcome of moving one pin to an alias. Binds by property name into Invoke-AliasRollback.</summary>
    public sealed class MigrationResult
    {
        public LambdaIntegrationPin Pin { get; set; }
        public string FunctionName { get; set; }
        public string AliasName { get; set; }
        public string AliasArn { get; set; }
        /// <summary>The version the alias serves (the version the pin served before).</summary>
        public string Version { get; set; }
        public MigrationStatus Status { get; set; }
        public MigrationStep[] Steps { get; set; } = Array.Empty<MigrationStep>();
        public string[] DeploymentIds { get; set; } = Array.Empty<string>();
        public string[] Warnings { get; set; } = Array.Empty<string>();
        public string Region { get; set; }
        public string AccountId { get; set; }
        public string ProfileName { get; set; }
        public string EndpointUrl { get; set; }
        /// <summary>Produced under -WhatIf: whatever the Status (even AlreadyOnAlias), it records no change of this run,
        /// so Invoke-AliasRollback skips it. A plain property, so it survives Export-Clixml.</summary>
        public bool WhatIf { get; set; }

        public override string ToString() => $"{Status}: {Pin?.Location} -> {FunctionName}:{AliasName} (version {Version})";
    }

    /// <summary>One ordered, mutating (or verifying) step of a migration plan and what became of it.</summary>
    public sealed class MigrationStep
    {
        public int Order { get; set; }
        public MigrationStepKind Kind { get; set; }
        /// <summary>What ShouldProcess names as the target, e.g. "GET /orders on REST API dev-api (abc123)".</summary>
        public string Target { get; set; }
        /// <summary>What ShouldProcess names as the action, e.g. "Point integration at my-func:live (version 1) instead of my-func:1".</summary>
        public string Action { get; set; }
        public StepOutcome Outcome { get; set; }
        /// <summary>Orders of the steps this one depends on; a refused or failed dependency skips it.</summary>
        public int[] DependsOn { get; set; } = Array.Empty<int>();
        public string Detail { get; set; }
        public override string ToString() => $"{Order}. {Kind} {Target}: {Action} [{Outcome}]";
    }

    /// <summary>Outcome of one Invoke-AliasRollback on a (function, alias).</summary>
    public sealed class AliasRollbackResult
    {
        public string FunctionName { get; set; }
        public string AliasName { get; set; }
        public string AliasArn { get; set; }
        public string FromVersion { get; set; }
        public string ToVersion { get; set; }
        /// <summary>Canary weights removed by the rollback, version to weight.</summary>
        public Dictionary<string, double> RemovedWeights { get; set; } = new Dictionary<string, double>();
        public RollbackStatus Status { get; set; }
        public string[] Warnings { get; set; } = Array.Empty<string>();
        public string Region { get; set; }
        public string AccountId { get; set; }
        public string ProfileName { get; set; }
        public string EndpointUrl { get; set; }

        public override string ToString() => $"{Status}: {FunctionName}:{AliasName} {FromVersion} -> {ToVersion}";
    }
}
