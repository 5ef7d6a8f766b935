using System;
using System.Collections.Generic;
using System.Linq;

namespace LambdaAlias
{
    /// <summary>One stage (or canary) that serves a candidate, and whether that is known or assumed from the draft.</summary>
    public sealed class CandidateServing
    {
        public StageServing Serving { get; set; }
        public bool IsKnown { get; set; }
        public bool IsAutoDeploy { get; set; }
    }

    /// <summary>Something that reads a stage variable, for a stage-variable pin: a route's integration or an authorizer.</summary>
    public sealed class ScanStageVariableReader
    {
        /// <summary>The route key ("GET /orders") or, for an authorizer, "authorizer {name}".</summary>
        public string Label { get; set; }
        public string RouteKey { get; set; }
        public string AuthorizerId { get; set; }
        public string AuthorizerName { get; set; }
        public bool IsAuthorizer => AuthorizerName != null;
        public string Credentials { get; set; }
    }

    /// <summary>
    /// A pin found in an API's draft and stage snapshots (or in a mapping or policy) before the I/O-heavy parts (version
    /// context, permission) are added. Pure data; <see cref="PinCompleter"/> turns it into a
    /// <see cref="LambdaIntegrationPin"/>.
    /// </summary>
    public sealed class PinCandidate
    {
        private readonly List<string> _routes = new List<string>();
        private readonly List<CandidateServing> _servedBy = new List<CandidateServing>();
        private readonly List<ScanStageVariableReader> _readers = new List<ScanStageVariableReader>();

        public SourceKind SourceKind { get; set; }
        /// <summary>The API the pin lives in; null for event source mappings and resource policies.</summary>
        public GatewayApiInfo Api { get; set; }
        /// <summary>The function invoked, with the qualifier it is invoked by (after stage-variable substitution).</summary>
        public LambdaFunctionReference Function { get; set; }
        /// <summary>The qualifier as the source writes it: the URI's qualifier, or a stage variable's value.</summary>
        public string Qualifier { get; set; }
        /// <summary>The URI or ARN exactly as the source holds it.</summary>
        public string RawUri { get; set; }
        public string Credentials { get; set; }

        public string ResourceId { get; set; }
        public string ResourcePath { get; set; }
        public string HttpMethod { get; set; }
        public string IntegrationId { get; set; }
        public string AuthorizerId { get; set; }
        public string AuthorizerName { get; set; }
        public string StageVariableName { get; set; }
        public bool IsCanaryOverride { get; set; }
        /// <summary>Stage-variable pins: the stage whose variable it is.</summary>
        public GatewayStage VariableStage { get; set; }

        public string EventSourceMappingUuid { get; set; }
        public string EventSourceArn { get; set; }
        public string Principal { get; set; }
        public string SourceArn { get; set; }
        public string StatementId { get; set; }
        /// <summary>Resource-policy pins: the statement's own words, used as the permission detail.</summary>
        public string PermissionDetail { get; set; }

        /// <summary>Present in the draft (REST/v2 sources). A pin only a stage serves was fixed in the draft but not deployed.</summary>
        public bool InDraft { get; set; }
        /// <summary>Sources without deployments (event source mappings, resource policies).</summary>
        public bool HasNoDeployments { get; set; }
        /// <summary>The API's stages, for echoes.</summary>
        public IReadOnlyList<GatewayStage> ApiStages { get; set; } = Array.Empty<GatewayStage>();

        public IReadOnlyList<string> Routes => _routes;
        public IReadOnlyList<CandidateServing> ServedBy => _servedBy;
        public IReadOnlyList<ScanStageVariableReader> Readers => _readers;

        /// <summary>The pin kind as written, before aliases are looked up (an alias at $LATEST later becomes Latest).</summary>
        public PinKind WrittenKind => StageVariables.ClassifyResolvedQualifier(Function?.Qualifier);

        public void AddRoute(string routeKey)
        {
            if (!string.IsNullOrEmpty(routeKey) && !_routes.Contains(routeKey)) _routes.Add(routeKey);
        }

        public void AddServing(StageServingSource source, string resolvedUri)
        {
            if (_servedBy.Any(s => s.Serving.StageName == source.Stage.StageName && s.Serving.IsCanary == source.IsCanary)) return;
            _servedBy.Add(new CandidateServing
            {
                Serving = new StageServing { StageName = source.Stage.StageName, IsCanary = source.IsCanary, DeploymentId = source.DeploymentId, ResolvedUri = resolvedUri },
                IsKnown = source.IsKnown,
                IsAutoDeploy = source.Stage.AutoDeploy && !source.IsCanary,
            });
        }

        public void AddReader(ScanStageVariableReader reader)
        {
            if (!_readers.Any(r => r.Label == reader.Label)) _readers.Add(reader);
        }

        /// <summary>Live, LiveOnly, DraftOnly, Unknown or NotApplicable, from where the pin was seen.</summary>
        public LiveState ComputeLiveState()
        {
            if (HasNoDeployments) return LiveState.NotApplicable;
            if (SourceKind == SourceKind.StageVariable)
            {
                if (_servedBy.Count > 0 && _servedBy.All(s => s.IsAutoDeploy)) return LiveState.NotApplicable;
                return _servedBy.Any(s => s.IsKnown) ? LiveState.Live : LiveState.Unknown;
            }
            if (_servedBy.Count == 0) return LiveState.DraftOnly;
            if (!InDraft) return LiveState.LiveOnly;
            if (_servedBy.All(s => s.IsAutoDeploy)) return LiveState.NotApplicable;
            return _servedBy.Any(s => s.IsKnown) ? LiveState.Live : LiveState.Unknown;
        }

        public override string ToString() => SourceKind + " " + Function?.QualifiedName + " " + string.Join(", ", _routes);
    }
}
