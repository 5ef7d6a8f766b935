using System;
using System.Collections.Generic;
using System.Linq;

namespace LambdaAlias
{
    /// <summary>What one scan looks at and what it reports. Built once per invocation (and per account session) by
    /// Get-LambdaIntegrationPin after all pipeline input has been collected, so many piped names cost one scan.</summary>
    public sealed class PinScanRequest
    {
        /// <summary>The sources scanned by default: everything except the opt-in resource-policy scan.</summary>
        public static readonly IReadOnlyList<SourceKind> DefaultSources = Enum.GetValues(typeof(SourceKind)).Cast<SourceKind>()
            .Where(k => k != SourceKind.ResourcePolicy).ToArray();

        /// <summary>Source kinds to report; empty means <see cref="DefaultSources"/>.</summary>
        public ISet<SourceKind> Sources { get; set; } = new HashSet<SourceKind>(DefaultSources);

        /// <summary>Pin kinds to report. Version only by default: those are frozen and what a migration moves.</summary>
        public ISet<PinKind> Kinds { get; set; } = new HashSet<PinKind> { PinKind.Version };

        /// <summary>-FunctionName patterns, compiled; <see cref="FunctionNameFilter.IsEmpty"/> matches everything.</summary>
        public FunctionNameFilter FunctionFilter { get; set; }

        /// <summary>-RestApiId: only these REST APIs (and, unless <see cref="ApiIds"/> is also set, no other source).</summary>
        public ISet<string> RestApiIds { get; set; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>-ApiId: only these HTTP/WebSocket APIs (and, unless <see cref="RestApiIds"/> is also set, no other source).</summary>
        public ISet<string> ApiIds { get; set; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>-StageName: only pins served by these stages. Sources without stages (event source mappings,
        /// resource policies) and draft-only pins are then left out.</summary>
        public ISet<string> StageNames { get; set; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>-InvokeUrl targets, already resolved to API, stage and path: only the pins serving them are reported.</summary>
        public IList<InvokeScanTarget> InvokeTargets { get; set; } = new List<InvokeScanTarget>();

        /// <summary>How many APIs are scanned at once. The quota gate bounds the rate; this bounds calls in flight.</summary>
        public int ApiParallelism { get; set; } = BoundedParallel.DefaultDegree;

        /// <summary>How many pins are completed (version context, permission) at once. Their reads wait mostly on the
        /// Lambda quotas (GetPolicy 15/s), so enough must be in flight to keep those buckets busy while APIs are scanned.</summary>
        public int PinParallelism { get; set; } = 1024;

        public bool IsInvokeUrlScan => InvokeTargets != null && InvokeTargets.Count > 0;

        internal bool WantsSource(SourceKind kind) => Sources == null || Sources.Count == 0 ? DefaultSources.Contains(kind) : Sources.Contains(kind);

        internal bool WantsKind(PinKind kind) => Kinds == null || Kinds.Count == 0 || Kinds.Contains(kind);

        internal bool WantsStage(string stageName) => StageNames == null || StageNames.Count == 0 || StageNames.Contains(stageName);

        internal bool HasStageFilter => StageNames != null && StageNames.Count > 0;

        internal bool HasApiFilter => (RestApiIds != null && RestApiIds.Count > 0) || (ApiIds != null && ApiIds.Count > 0);

        /// <summary>REST APIs are scanned unless only v2 ids were asked for, or no REST source kind is wanted.</summary>
        internal bool ScansRestApis =>
            (WantsSource(SourceKind.RestApi) || WantsSource(SourceKind.RestAuthorizer) || WantsSource(SourceKind.StageVariable)) &&
            (IsInvokeUrlScan ? InvokeTargets.Any(t => t.ApiKind == GatewayApiKind.Rest) : !HasApiFilter || RestApiIds.Count > 0);

        internal bool ScansV2Apis =>
            (WantsSource(SourceKind.HttpApi) || WantsSource(SourceKind.HttpAuthorizer) || WantsSource(SourceKind.WebSocketApi) || WantsSource(SourceKind.StageVariable)) &&
            (IsInvokeUrlScan ? InvokeTargets.Any(t => t.ApiKind != GatewayApiKind.Rest) : !HasApiFilter || ApiIds.Count > 0);

        /// <summary>Event source mappings belong to no API and no stage, so an API, stage or URL filter leaves them out.</summary>
        internal bool ScansEventSourceMappings => WantsSource(SourceKind.EventSourceMapping) && !HasApiFilter && !HasStageFilter && !IsInvokeUrlScan;

        internal bool ScansResourcePolicies => WantsSource(SourceKind.ResourcePolicy) && !HasApiFilter && !HasStageFilter && !IsInvokeUrlScan;

        internal bool MatchesFunction(string functionName, string functionArn, string qualifier) =>
            FunctionFilter == null || FunctionFilter.IsEmpty || FunctionFilter.Matches(functionName, functionArn, qualifier);
    }

    /// <summary>An -InvokeUrl resolved to the API and stage it lands on and the path within the stage.</summary>
    public sealed class InvokeScanTarget
    {
        public string InvokeUrl { get; set; }
        public GatewayApiKind ApiKind { get; set; }
        public string ApiId { get; set; }
        public string StageName { get; set; }
        /// <summary>The path within the stage, starting with '/'.</summary>
        public string ResourcePath { get; set; }

        public override string ToString() => InvokeUrl + " -> " + ApiId + " stage " + StageName + " " + ResourcePath;
    }
}
