using System;
using System.Collections.Generic;
using System.Linq;

namespace LambdaAlias
{
    /// <summary>
    /// One place that invokes a Lambda function by a version, by $LATEST, or by an alias, with what is needed to
    /// explain it (drift, permission, echoes) and to act on it later (account context, ids). Output of
    /// Get-LambdaIntegrationPin; input of Set-IntegrationToAlias and Invoke-AliasRollback.
    /// </summary>
    public sealed class LambdaIntegrationPin
    {
        // --- The function and qualifier ---
        public string FunctionName { get; set; }
        /// <summary>Unqualified function ARN.</summary>
        public string FunctionArn { get; set; }
        /// <summary>The qualifier as written at the source: "1", "$LATEST", "live", "${stageVariables.v}", or null (unqualified).</summary>
        public string Qualifier { get; set; }
        /// <summary>Alias name for alias pins (and Latest pins through an alias at $LATEST).</summary>
        public string AliasName { get; set; }
        public PinKind PinKind { get; set; }
        /// <summary>The version that serves: "1", or "$LATEST". For alias pins, the alias's primary version.</summary>
        public string PinnedVersion { get; set; }
        public string LatestPublishedVersion { get; set; }
        /// <summary>Published versions newer than the pinned one; null when unknown.</summary>
        public int? VersionsBehind { get; set; }
        /// <summary>Aliases that already point at the pinned version.</summary>
        public string[] AliasesAtPinnedVersion { get; set; } = Array.Empty<string>();
        /// <summary>What differs between the pinned version and the newest published version and $LATEST.</summary>
        public ConfigDifference[] ConfigDrift { get; set; } = Array.Empty<ConfigDifference>();
        /// <summary>False when the credentials could not read the function (other account, AccessDenied).</summary>
        public bool FunctionDetailsKnown { get; set; }
        /// <summary>Latest pins: the CodeSha256 of $LATEST when the pin was scanned. Set-IntegrationToAlias publishes
        /// $LATEST only while it still has this code, so a deploy between the scan and the run never gets aliased.
        /// Null for other kinds, and when $LATEST could not be read.</summary>
        public string LatestCodeSha256 { get; set; }
        /// <summary>Latest pins: the RevisionId of $LATEST when the pin was scanned (a configuration change moves it
        /// too); the second PublishVersion precondition next to <see cref="LatestCodeSha256"/>.</summary>
        public string LatestRevisionId { get; set; }

        // --- Where it lives ---
        public SourceKind SourceKind { get; set; }
        /// <summary>A readable location such as "REST dev-api (abc123) GET /orders".</summary>
        public string Location { get; set; }
        /// <summary>REST API id for RestApi/RestAuthorizer and REST stage-variable pins.</summary>
        public string RestApiId { get; set; }
        /// <summary>API Gateway v2 API id for HttpApi/HttpAuthorizer/WebSocketApi and v2 stage-variable pins.</summary>
        public string ApiId { get; set; }
        public string ApiName { get; set; }
        public string ResourceId { get; set; }
        public string ResourcePath { get; set; }
        public string HttpMethod { get; set; }
        /// <summary>v2 integration id.</summary>
        public string IntegrationId { get; set; }
        /// <summary>REST or v2 authorizer id for authorizer pins.</summary>
        public string AuthorizerId { get; set; }
        /// <summary>The routes (v2 route keys, or "GET /orders" for REST) served by this integration or variable.</summary>
        public string[] Routes { get; set; } = Array.Empty<string>();
        /// <summary>Stage-variable pins: the variable name.</summary>
        public string StageVariableName { get; set; }
        /// <summary>Stage-variable pins: true when the value comes from a canary's stageVariableOverrides.</summary>
        public bool IsCanaryOverride { get; set; }
        /// <summary>Event source mapping UUID.</summary>
        public string EventSourceMappingUuid { get; set; }
        public string EventSourceArn { get; set; }
        /// <summary>Resource-policy pins: the service principal allowed, and its SourceArn condition.</summary>
        public string Principal { get; set; }
        public string SourceArn { get; set; }
        public string StatementId { get; set; }
        /// <summary>The integration's or authorizer's credentials role, if any.</summary>
        public string CredentialsRole { get; set; }
        /// <summary>The integration URI (or function ARN) exactly as the source holds it.</summary>
        public string RawUri { get; set; }

        // --- Live versus draft ---
        /// <summary>Stages that serve this pin (canary stages appear as "prod (canary)").</summary>
        public string[] Stages { get; set; } = Array.Empty<string>();
        public StageServing[] ServedBy { get; set; } = Array.Empty<StageServing>();
        public LiveState LiveState { get; set; }

        // --- Permission ---
        public PermissionState Permission { get; set; }
        public string PermissionDetail { get; set; }

        // --- Echoes ---
        /// <summary>Other places the pin is written: API names and descriptions, tags, stage descriptions.</summary>
        public string[] Echoes { get; set; } = Array.Empty<string>();
        /// <summary>The managing tool, e.g. "CloudFormation stack my-stack", from tags.</summary>
        public string ManagedBy { get; set; }

        // --- Account context: binds by property name into the next cmdlet. Never secrets. ---
        public string Region { get; set; }
        public string AccountId { get; set; }
        public string ProfileName { get; set; }
        public string EndpointUrl { get; set; }

        /// <summary>Short qualified name as it appears to an operator, e.g. "my-func:1" or "my-func" when unqualified.</summary>
        public string QualifiedName => string.IsNullOrEmpty(Qualifier) ? FunctionName : FunctionName + ":" + Qualifier;

        public override string ToString()
        {
            var stages = Stages != null && Stages.Length > 0 ? " [" + string.Join(", ", Stages) + "]" : string.Empty;
            return $"{QualifiedName} ({PinKind}) at {Location}{stages}";
        }
    }

    /// <summary>One stage (or a stage's canary) that serves a pin, and the deployment it serves from.</summary>
    public sealed class StageServing
    {
        public string StageName { get; set; }
        public bool IsCanary { get; set; }
        public string DeploymentId { get; set; }
        /// <summary>The URI this stage serves after stage-variable substitution.</summary>
        public string ResolvedUri { get; set; }
        public override string ToString() => IsCanary ? StageName + " (canary)" : StageName;
    }

    /// <summary>One configuration field that differs between the pinned version and a newer one.</summary>
    public sealed class ConfigDifference
    {
        /// <summary>VpcConfig, EnvironmentVariableNames, Runtime, Handler, Layers, MemorySize, Timeout, Role, Architectures, State.</summary>
        public string Property { get; set; }
        /// <summary>The version compared against: the latest published version number, or "$LATEST".</summary>
        public string ComparedWith { get; set; }
        public string PinnedValue { get; set; }
        public string OtherValue { get; set; }
        public override string ToString() => $"{Property}: {PinnedValue ?? "(none)"} -> {OtherValue ?? "(none)"} ({ComparedWith})";
    }
}
