using System;
using System.Collections.Generic;

namespace LambdaAlias
{
    /// <summary>The parameters of one step, handed to <see cref="IMigrationActions"/>. Values that an earlier step produces
    /// (a published version, a deployment id) are filled in by the executor just before the call.</summary>
    public abstract class StepOperation
    {
    }

    /// <summary>PublishVersion of $LATEST with the scan's CodeSha256 and RevisionId as preconditions. The implementation waits
    /// for LastUpdateStatus Successful first and for the new version to be Active after; it returns the version.</summary>
    public sealed class PublishVersionOperation : StepOperation
    {
        public string FunctionName { get; internal set; }
        public string FunctionArn { get; internal set; }
        public string ExpectedCodeSha256 { get; internal set; }
        public string ExpectedRevisionId { get; internal set; }
        public string Description { get; internal set; }
    }

    /// <summary>CreateAlias, or UpdateAlias (with RevisionId and cleared RoutingConfig) when moving an existing alias.</summary>
    public sealed class AliasOperation : StepOperation
    {
        public string FunctionName { get; internal set; }
        public string FunctionArn { get; internal set; }
        public string AliasName { get; internal set; }
        /// <summary>The version to point at: fixed at planning, or filled in from <see cref="VersionFromStep"/>.</summary>
        public string FunctionVersion { get; internal set; }
        public int? VersionFromStep { get; internal set; }
        /// <summary>UpdateAlias only: the alias's RevisionId when read.</summary>
        public string ExpectedRevisionId { get; internal set; }
        /// <summary>UpdateAlias only: remove canary weights so the alias serves exactly <see cref="FunctionVersion"/>.</summary>
        public bool ClearRouting { get; internal set; }
        public string Description { get; internal set; }
    }

    /// <summary>AddPermission on the alias. A duplicate StatementId for an identical statement is success (AlreadyDone).</summary>
    public sealed class AddPermissionOperation : StepOperation
    {
        public string FunctionName { get; internal set; }
        public string FunctionArn { get; internal set; }
        /// <summary>The alias name (AddPermission's Qualifier).</summary>
        public string Qualifier { get; internal set; }
        public string StatementId { get; internal set; }
        public string Action { get; internal set; } = "lambda:InvokeFunction";
        public string Principal { get; internal set; }
        public string SourceArn { get; internal set; }
        public string SourceAccount { get; internal set; }
        public string PrincipalOrgId { get; internal set; }
        public string FunctionUrlAuthType { get; internal set; }
        /// <summary>Sid and qualifier of the statement copied, or null for a new narrowest statement.</summary>
        public string CopiedFromStatementId { get; internal set; }
        public string CopiedFromQualifier { get; internal set; }
    }

    /// <summary>RemovePermission of the old qualifier's statement for a migrated source.</summary>
    public sealed class RemovePermissionOperation : StepOperation
    {
        public string FunctionName { get; internal set; }
        public string FunctionArn { get; internal set; }
        /// <summary>The old qualifier ("1"), or null for the unqualified function's policy.</summary>
        public string Qualifier { get; internal set; }
        public string StatementId { get; internal set; }
        public string ExpectedPolicyRevisionId { get; internal set; }
    }

    /// <summary>REST UpdateIntegration of <c>/uri</c>, or v2 UpdateIntegration of IntegrationUri.</summary>
    public sealed class IntegrationOperation : StepOperation
    {
        public bool IsV2 { get; internal set; }
        public string ApiId { get; internal set; }
        public string ResourceId { get; internal set; }
        public string HttpMethod { get; internal set; }
        public string IntegrationId { get; internal set; }
        public string OldUri { get; internal set; }
        public string NewUri { get; internal set; }
        /// <summary>REST patch path (<c>/uri</c>); v2 sets the IntegrationUri member instead.</summary>
        public string PatchPath => IsV2 ? null : "/uri";
    }

    /// <summary>REST UpdateAuthorizer of <c>/authorizerUri</c>, or v2 UpdateAuthorizer of AuthorizerUri.</summary>
    public sealed class AuthorizerOperation : StepOperation
    {
        public bool IsV2 { get; internal set; }
        public string ApiId { get; internal set; }
        public string AuthorizerId { get; internal set; }
        public string OldUri { get; internal set; }
        public string NewUri { get; internal set; }
        public string PatchPath => IsV2 ? null : "/authorizerUri";
    }

    /// <summary>UpdateStage of one stage variable (or the canary's override of it). Live at once; no deployment needed.</summary>
    public sealed class StageVariableOperation : StepOperation
    {
        public bool IsV2 { get; internal set; }
        public string ApiId { get; internal set; }
        public string StageName { get; internal set; }
        public string VariableName { get; internal set; }
        public bool IsCanaryOverride { get; internal set; }
        public string OldValue { get; internal set; }
        public string NewValue { get; internal set; }

        /// <summary>REST patch path with the name escaped as a JSON Pointer token, so '/' or '~' in a name cannot address
        /// anything else: <c>/variables/{name}</c> or <c>/canarySettings/stageVariableOverrides/{name}</c>. v2 sets StageVariables.</summary>
        public string PatchPath => IsV2 ? null
            : (IsCanaryOverride ? "/canarySettings/stageVariableOverrides/" : "/variables/") + JsonPointer.EscapeToken(VariableName);
    }

    /// <summary>UpdateEventSourceMapping with FunctionName set to the alias ARN. The implementation waits while the mapping is
    /// Updating and retries ResourceInUseException.</summary>
    public sealed class EventSourceMappingOperation : StepOperation
    {
        public string Uuid { get; internal set; }
        public string EventSourceArn { get; internal set; }
        public string OldFunctionArn { get; internal set; }
        public string NewFunctionArn { get; internal set; }
    }

    /// <summary>CreateDeployment of the draft to one stage (REST, or v2 without AutoDeploy). Returns the deployment id.
    /// The implementation respects the one-every-5-seconds-per-account CreateDeployment quota, and never sends canarySettings,
    /// so a stage's canary is neither promoted nor removed.</summary>
    public sealed class DeploymentOperation : StepOperation
    {
        public bool IsV2 { get; internal set; }
        public string ApiId { get; internal set; }
        public string StageName { get; internal set; }
        public string PreviousDeploymentId { get; internal set; }
        public string Description { get; internal set; }
    }

    /// <summary>UpdateStage <c>/deploymentId</c> (v2: DeploymentId) so another stage serves the deployment just created.</summary>
    public sealed class StageDeploymentOperation : StepOperation
    {
        public bool IsV2 { get; internal set; }
        public string ApiId { get; internal set; }
        public string StageName { get; internal set; }
        public string PreviousDeploymentId { get; internal set; }
        public int DeploymentFromStep { get; internal set; }
        /// <summary>Filled in by the executor from <see cref="DeploymentFromStep"/>.</summary>
        public string DeploymentId { get; internal set; }
        public string PatchPath => IsV2 ? null : "/deploymentId";
    }

    /// <summary>Wait until a v2 AutoDeploy stage's automatic deployment has status DEPLOYED (and fail if it FAILED).</summary>
    public sealed class AutoDeployWaitOperation : StepOperation
    {
        public string ApiId { get; internal set; }
        public string StageName { get; internal set; }
    }

    /// <summary>Re-read a switched resource: it must invoke the alias, and the alias must resolve to the version that served
    /// before (no RoutingConfig). For stages, what each listed stage serves is checked too.</summary>
    public sealed class VerifyOperation : StepOperation
    {
        public SourceKind SourceKind { get; internal set; }
        public bool IsV2 { get; internal set; }
        public string ApiId { get; internal set; }
        public string ResourceId { get; internal set; }
        public string HttpMethod { get; internal set; }
        public string AuthorizerId { get; internal set; }
        public string IntegrationId { get; internal set; }
        public string EventSourceMappingUuid { get; internal set; }
        public string StageVariableName { get; internal set; }
        public bool IsCanaryOverride { get; internal set; }
        /// <summary>Stages that must now serve the alias (stage-variable pins: the stage holding the variable).</summary>
        public string[] Stages { get; internal set; } = Array.Empty<string>();
        /// <summary>Each function the source invokes through the alias, with the version the alias must resolve to.</summary>
        public List<ExpectedAliasTarget> Expected { get; internal set; } = new List<ExpectedAliasTarget>();
        /// <summary>True with -NoDeploy: only the draft is checked.</summary>
        public bool DraftOnly { get; internal set; }
    }

    public sealed class ExpectedAliasTarget
    {
        public string FunctionName { get; internal set; }
        public string AliasName { get; internal set; }
        public string Version { get; internal set; }
        public int? VersionFromStep { get; internal set; }
    }

    /// <summary>RFC 6901 token escaping, as API Gateway patch paths expect.</summary>
    public static class JsonPointer
    {
        public static string EscapeToken(string token) => (token ?? string.Empty).Replace("~", "~0").Replace("/", "~1");
    }
}
