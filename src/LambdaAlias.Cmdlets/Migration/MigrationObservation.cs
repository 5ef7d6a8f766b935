using System;
using System.Collections.Generic;
using System.Linq;

namespace LambdaAlias
{
    /// <summary>
    /// The state of one account and region read again just before planning, so the plan reflects the account as it is,
    /// not as it was at scan time. The cmdlet fills it; the planner only reads it. Anything left out falls back to what
    /// the pins themselves say.
    /// </summary>
    public sealed class MigrationObservation
    {
        /// <summary>The credentials' account (STS GetCallerIdentity). Pins of another account are refused.</summary>
        public string CallerAccountId { get; set; }
        public string Region { get; set; }
        public string Partition { get; set; } = "aws";
        public List<FunctionObservation> Functions { get; set; } = new List<FunctionObservation>();
        public List<ApiObservation> Apis { get; set; } = new List<ApiObservation>();
        /// <summary>The current state of each pin's source (integration, authorizer, stage variable, mapping).</summary>
        public List<SourceObservation> Sources { get; set; } = new List<SourceObservation>();
        /// <summary>
        /// Every place in the account that invokes a function by a version or unqualified: other stages, canaries, other APIs,
        /// mappings (a fresh scan, all kinds; <see cref="QualifierUse.FromPin"/> turns scan pins into uses). Null means unknown,
        /// and then no permission is ever removed.
        /// </summary>
        public List<QualifierUse> QualifierUses { get; set; }

        public FunctionObservation FindFunction(string functionName, string functionArn)
        {
            if (Functions == null) return null;
            if (!string.IsNullOrEmpty(functionArn))
            {
                var byArn = Functions.FirstOrDefault(f => string.Equals(f.FunctionArn, functionArn, StringComparison.Ordinal));
                if (byArn != null) return byArn;
            }
            return Functions.FirstOrDefault(f => string.Equals(f.FunctionName, functionName, StringComparison.Ordinal));
        }

        public ApiObservation FindApi(string apiId, bool isV2) =>
            Apis?.FirstOrDefault(a => a.IsV2 == isV2 && string.Equals(a.ApiId, apiId, StringComparison.Ordinal));
    }

    /// <summary>One function: its aliases, published versions, $LATEST preconditions and resource policies.</summary>
    public sealed class FunctionObservation
    {
        public string FunctionName { get; set; }
        /// <summary>Unqualified function ARN.</summary>
        public string FunctionArn { get; set; }
        public List<AliasState> Aliases { get; set; } = new List<AliasState>();
        public List<VersionState> Versions { get; set; } = new List<VersionState>();
        /// <summary>$LATEST's CodeSha256 and RevisionId as read during the scan: the preconditions of PublishVersion.</summary>
        public string LatestCodeSha256 { get; set; }
        public string LatestRevisionId { get; set; }
        /// <summary>$LATEST's LastUpdateStatus: Successful, InProgress or Failed.</summary>
        public string LatestLastUpdateStatus { get; set; }
        /// <summary>Resource policies by qualifier; "" (or null) is the unqualified function's policy, which also governs $LATEST.</summary>
        public List<QualifierPolicy> Policies { get; set; } = new List<QualifierPolicy>();

        public AliasState FindAlias(string name) => Aliases?.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));
        public VersionState FindVersion(string version) => Versions?.FirstOrDefault(v => string.Equals(v.Version, version, StringComparison.Ordinal));

        public QualifierPolicy FindPolicy(string qualifier)
        {
            var key = AliasNames.IsLatestQualifier(qualifier) ? string.Empty : qualifier;
            return Policies?.FirstOrDefault(p => string.Equals(AliasNames.IsLatestQualifier(p.Qualifier) ? string.Empty : p.Qualifier, key, StringComparison.Ordinal));
        }
    }

    public sealed class AliasState
    {
        public string Name { get; set; }
        public string FunctionVersion { get; set; }
        /// <summary>RoutingConfig.AdditionalVersionWeights: version to weight (0..1). Empty when the alias has no canary.</summary>
        public Dictionary<string, double> AdditionalVersionWeights { get; set; } = new Dictionary<string, double>();
        public string RevisionId { get; set; }
        public string AliasArn { get; set; }

        public bool HasRouting => AdditionalVersionWeights != null && AdditionalVersionWeights.Count > 0;
    }

    public sealed class VersionState
    {
        public string Version { get; set; }
        public string CodeSha256 { get; set; }
        /// <summary>Pending, Active, Inactive, Failed.</summary>
        public string State { get; set; }
    }

    public sealed class QualifierPolicy
    {
        /// <summary>"1", "live", or "" for the unqualified function.</summary>
        public string Qualifier { get; set; }
        public List<PolicyStatement> Statements { get; set; } = new List<PolicyStatement>();
        public string RevisionId { get; set; }
    }

    /// <summary>One API (REST, or API Gateway v2 when <see cref="IsV2"/>): stages and what a deployment would publish.</summary>
    public sealed class ApiObservation
    {
        public string ApiId { get; set; }
        public bool IsV2 { get; set; }
        public string Name { get; set; }
        /// <summary>HTTP or WEBSOCKET for v2; null for REST.</summary>
        public string ProtocolType { get; set; }
        /// <summary>The managing tool from tags, e.g. "CloudFormation stack dev-orders-stack".</summary>
        public string ManagedBy { get; set; }
        public List<StageObservation> Stages { get; set; } = new List<StageObservation>();
        /// <summary>
        /// What each stage's deployment differs from the draft in (export with integration extensions against GetResources
        /// with embed and GetAuthorizers). The planner ignores differences that are this migration's own switches.
        /// </summary>
        public List<DraftDifference> UndeployedChanges { get; set; } = new List<DraftDifference>();
        /// <summary>Stages whose deployment could not be compared with the draft (export failed): treated as unknown changes.</summary>
        public List<string> StagesNotCompared { get; set; } = new List<string>();
        /// <summary>Integrations and authorizers that read a stage variable, with what they resolve to on each stage and canary.</summary>
        public List<StageVariableReader> StageVariableReaders { get; set; } = new List<StageVariableReader>();

        public StageObservation FindStage(string name) => Stages?.FirstOrDefault(s => string.Equals(s.StageName, name, StringComparison.Ordinal));
    }

    public sealed class StageObservation
    {
        public string StageName { get; set; }
        public string DeploymentId { get; set; }
        /// <summary>v2 only: the stage deploys every change by itself.</summary>
        public bool AutoDeploy { get; set; }
        public Dictionary<string, string> Variables { get; set; } = new Dictionary<string, string>();
        /// <summary>REST canary: the deployment it serves, its share, and its stage-variable overrides. Null without a canary.</summary>
        public string CanaryDeploymentId { get; set; }
        public double? CanaryPercentTraffic { get; set; }
        public Dictionary<string, string> CanaryVariableOverrides { get; set; } = new Dictionary<string, string>();

        public bool HasCanary => !string.IsNullOrEmpty(CanaryDeploymentId);
    }

    /// <summary>One difference between a stage's deployed snapshot and the draft.</summary>
    public sealed class DraftDifference
    {
        public string StageName { get; set; }
        /// <summary>Readable location, e.g. "GET /orders", "authorizer token-auth", "model Order".</summary>
        public string Location { get; set; }
        public string ResourceId { get; set; }
        public string HttpMethod { get; set; }
        public string AuthorizerId { get; set; }
        /// <summary>v2 integration id.</summary>
        public string IntegrationId { get; set; }
        /// <summary>The property that differs, e.g. "uri", "authorizerUri", "IntegrationUri", "timeoutInMillis", "method added".</summary>
        public string Property { get; set; }
        public string StageValue { get; set; }
        public string DraftValue { get; set; }

        /// <summary>True when the difference is the integration target itself, which a migration's own switch changes.</summary>
        public bool IsTargetUri => Property != null && Property.IndexOf("uri", StringComparison.OrdinalIgnoreCase) >= 0;

        public override string ToString() => $"{Location}: {Property} {StageValue ?? "(none)"} -> {DraftValue ?? "(none)"}";
    }

    /// <summary>
    /// An integration or authorizer whose URI reads a stage variable, resolved for one stage (or its canary): every function
    /// behind a stage variable must have the alias and its permission before the variable changes.
    /// </summary>
    public sealed class StageVariableReader
    {
        public string VariableName { get; set; }
        public string StageName { get; set; }
        public bool IsCanary { get; set; }
        /// <summary>RestApi, RestAuthorizer, HttpApi or HttpAuthorizer.</summary>
        public SourceKind SourceKind { get; set; }
        public string ResourceId { get; set; }
        public string ResourcePath { get; set; }
        public string HttpMethod { get; set; }
        public string AuthorizerId { get; set; }
        public string IntegrationId { get; set; }
        /// <summary>v2 route keys served ("GET /items").</summary>
        public string[] RouteKeys { get; set; } = Array.Empty<string>();
        public string CredentialsRole { get; set; }
        /// <summary>The function and qualifier the URI resolves to with this stage's (or canary's) variables.</summary>
        public string FunctionName { get; set; }
        public string FunctionArn { get; set; }
        public string Qualifier { get; set; }
    }

    /// <summary>What a source invokes: a function and qualifier (null qualifier = unqualified).</summary>
    public sealed class InvocationTarget
    {
        public string FunctionName { get; set; }
        public string Qualifier { get; set; }
        /// <summary>The raw value: a URI, ARN, or (stage variables) the variable's value.</summary>
        public string Raw { get; set; }
        public override string ToString() => string.IsNullOrEmpty(Qualifier) ? FunctionName : FunctionName + ":" + Qualifier;
    }

    /// <summary>What one stage (or its canary) serves for a source, from the stage's deployment snapshot.</summary>
    public sealed class StageTarget
    {
        public string StageName { get; set; }
        public bool IsCanary { get; set; }
        public string DeploymentId { get; set; }
        public string FunctionName { get; set; }
        public string Qualifier { get; set; }
    }

    /// <summary>
    /// The current state of the source behind a pin. Identity fields match the pin's (use <see cref="IdentityOf"/>); the
    /// rest says what the draft (or mapping, or stage variable) invokes now and what each stage serves.
    /// </summary>
    public sealed class SourceObservation
    {
        public SourceKind SourceKind { get; set; }
        public string RestApiId { get; set; }
        public string ApiId { get; set; }
        public string ResourceId { get; set; }
        public string HttpMethod { get; set; }
        public string AuthorizerId { get; set; }
        public string IntegrationId { get; set; }
        public string EventSourceMappingUuid { get; set; }
        /// <summary>Stage-variable sources: the stage, the variable, and whether it is the canary's override.</summary>
        public string StageName { get; set; }
        public string StageVariableName { get; set; }
        public bool IsCanaryOverride { get; set; }

        /// <summary>False when the source was deleted since the scan.</summary>
        public bool Exists { get; set; } = true;
        /// <summary>A name for messages, e.g. the authorizer's name.</summary>
        public string DisplayName { get; set; }
        /// <summary>What the draft invokes now (for mappings: the FunctionArn; for stage variables: the value).</summary>
        public InvocationTarget Draft { get; set; }
        /// <summary>What each stage (and canary) serves for this source; null when unknown.</summary>
        public List<StageTarget> Stages { get; set; }
        public string CredentialsRole { get; set; }
        /// <summary>Event source mappings: Enabled, Updating, ...</summary>
        public string State { get; set; }

        /// <summary>A new observation carrying the pin's identity, for the cmdlet to fill with the current state.</summary>
        public static SourceObservation IdentityOf(LambdaIntegrationPin pin) => new SourceObservation
        {
            SourceKind = pin.SourceKind,
            RestApiId = pin.RestApiId,
            ApiId = pin.ApiId,
            ResourceId = pin.ResourceId,
            HttpMethod = pin.HttpMethod,
            AuthorizerId = pin.AuthorizerId,
            IntegrationId = pin.IntegrationId,
            EventSourceMappingUuid = pin.EventSourceMappingUuid,
            StageName = pin.SourceKind == SourceKind.StageVariable ? FirstStageName(pin) : null,
            StageVariableName = pin.StageVariableName,
            IsCanaryOverride = pin.SourceKind == SourceKind.StageVariable && pin.IsCanaryOverride,
        };

        internal string Key => SourceKeys.Of(SourceKind, RestApiId, ApiId, ResourceId, HttpMethod, AuthorizerId, IntegrationId, EventSourceMappingUuid, StageName, StageVariableName, IsCanaryOverride);

        internal static string FirstStageName(LambdaIntegrationPin pin)
        {
            var served = pin.ServedBy?.FirstOrDefault(s => s != null && !string.IsNullOrEmpty(s.StageName));
            if (served != null) return served.StageName;
            var stage = pin.Stages?.FirstOrDefault(s => !string.IsNullOrEmpty(s));
            return stage == null ? null : StripCanarySuffix(stage);
        }

        internal static string StripCanarySuffix(string stage)
        {
            const string suffix = " (canary)";
            return stage.EndsWith(suffix, StringComparison.Ordinal) ? stage.Substring(0, stage.Length - suffix.Length) : stage;
        }
    }

    /// <summary>
    /// One place that invokes a function's qualifier: a stage's deployment, a canary, the draft, a mapping or a stage
    /// variable. Cleanup removes a qualifier's statement only when every use of that qualifier is retired by the plan.
    /// </summary>
    public sealed class QualifierUse
    {
        public string FunctionName { get; set; }
        /// <summary>"1", or "" for unqualified/$LATEST.</summary>
        public string Qualifier { get; set; }
        public SourceKind SourceKind { get; set; }
        public string RestApiId { get; set; }
        public string ApiId { get; set; }
        public string ResourceId { get; set; }
        public string HttpMethod { get; set; }
        public string AuthorizerId { get; set; }
        public string IntegrationId { get; set; }
        public string EventSourceMappingUuid { get; set; }
        public string StageVariableName { get; set; }
        /// <summary>The stage that serves it, or null for the draft (and for mappings).</summary>
        public string StageName { get; set; }
        public bool IsCanary { get; set; }
        /// <summary>Readable, e.g. "REST orders-api (abc123) GET /orders on stage dev".</summary>
        public string Description { get; set; }

        /// <summary>The uses a scan pin stands for: each stage (and canary) serving it, plus the draft unless only stages hold it.</summary>
        public static IEnumerable<QualifierUse> FromPin(LambdaIntegrationPin pin)
        {
            if (pin == null || pin.PinKind == PinKind.Alias) yield break;
            var qualifier = pin.PinKind == PinKind.Latest ? string.Empty : pin.PinnedVersion ?? pin.Qualifier;
            QualifierUse Make(string stage, bool canary) => new QualifierUse
            {
                FunctionName = pin.FunctionName, Qualifier = qualifier, SourceKind = pin.SourceKind,
                RestApiId = pin.RestApiId, ApiId = pin.ApiId, ResourceId = pin.ResourceId, HttpMethod = pin.HttpMethod,
                AuthorizerId = pin.AuthorizerId, IntegrationId = pin.IntegrationId, EventSourceMappingUuid = pin.EventSourceMappingUuid,
                StageVariableName = pin.StageVariableName, StageName = stage, IsCanary = canary,
                Description = pin.Location + (stage == null ? string.Empty : " on stage " + stage + (canary ? " (canary)" : string.Empty)),
            };
            if (pin.SourceKind == SourceKind.StageVariable)
            {
                // A stage variable lives on the stage (or its canary), never in the draft.
                yield return Make(SourceObservation.FirstStageName(pin), pin.IsCanaryOverride);
                yield break;
            }
            if (pin.SourceKind == SourceKind.EventSourceMapping || pin.SourceKind == SourceKind.ResourcePolicy)
            {
                yield return Make(null, false);
                yield break;
            }
            var served = pin.ServedBy ?? Array.Empty<StageServing>();
            foreach (var s in served.Where(s => s != null)) yield return Make(s.StageName, s.IsCanary);
            if (served.Length == 0)
            {
                foreach (var s in (pin.Stages ?? Array.Empty<string>()).Where(s => !string.IsNullOrEmpty(s)))
                    yield return Make(SourceObservation.StripCanarySuffix(s), s.EndsWith(" (canary)", StringComparison.Ordinal));
            }
            if (pin.LiveState != LiveState.LiveOnly) yield return Make(null, false);
        }
    }

    internal static class SourceKeys
    {
        internal static string Of(SourceKind kind, string restApiId, string apiId, string resourceId, string httpMethod, string authorizerId,
            string integrationId, string esmUuid, string stageName, string variable, bool canary)
        {
            switch (kind)
            {
                case SourceKind.RestApi: return "rest|" + restApiId + "|" + resourceId + "|" + (httpMethod ?? string.Empty).ToUpperInvariant();
                case SourceKind.RestAuthorizer: return "restauth|" + restApiId + "|" + authorizerId;
                case SourceKind.HttpApi:
                case SourceKind.WebSocketApi: return "v2int|" + apiId + "|" + integrationId;
                case SourceKind.HttpAuthorizer: return "v2auth|" + apiId + "|" + authorizerId;
                case SourceKind.EventSourceMapping: return "esm|" + esmUuid;
                case SourceKind.StageVariable: return "stagevar|" + (restApiId ?? "v2:" + apiId) + "|" + stageName + "|" + variable + "|" + (canary ? "canary" : "main");
                default: return kind + "|" + restApiId + "|" + apiId + "|" + resourceId + "|" + integrationId + "|" + authorizerId + "|" + esmUuid;
            }
        }

        internal static string Of(LambdaIntegrationPin pin) =>
            Of(pin.SourceKind, pin.RestApiId, pin.ApiId, pin.ResourceId, pin.HttpMethod, pin.AuthorizerId, pin.IntegrationId, pin.EventSourceMappingUuid,
               pin.SourceKind == SourceKind.StageVariable ? SourceObservation.FirstStageName(pin) : null, pin.StageVariableName,
               pin.SourceKind == SourceKind.StageVariable && pin.IsCanaryOverride);
    }
}
