using System;
using System.Collections.Generic;
using System.Linq;

namespace LambdaAlias
{
    /// <summary>The pins of one API and the broken routes found on the way.</summary>
    public sealed class ApiPinAnalysis
    {
        public IReadOnlyList<PinCandidate> Candidates { get; set; } = Array.Empty<PinCandidate>();
        /// <summary>StageVariableMissing and MalformedIntegrationUri, one per distinct problem.</summary>
        public IReadOnlyList<DiscoveryError> Errors { get; set; } = Array.Empty<DiscoveryError>();
    }

    /// <summary>
    /// Pure: turns an API's draft and what each stage (and canary) serves into pin candidates. Both sides are reported:
    /// a pin a stage serves even though the draft was fixed (LiveOnly), and a draft pin no stage serves (DraftOnly).
    /// Integration URIs that read stage variables become one stage-variable pin per stage (and canary override),
    /// naming the variable and every route that reads it.
    /// </summary>
    public static class ApiPinAnalyzer
    {
        public const string ApiGatewayPrincipal = "apigateway.amazonaws.com";

        /// <param name="api">The API.</param>
        /// <param name="draft">The draft snapshot.</param>
        /// <param name="stages">The API's stages, for echoes (all of them, not just the scanned ones).</param>
        /// <param name="served">What each scanned stage and canary serves.</param>
        /// <param name="routeScopes">-InvokeUrl scopes; when given, only the routes serving them count and draft-only pins are left out.</param>
        public static ApiPinAnalysis Analyze(GatewayApiInfo api, GatewaySnapshot draft, IReadOnlyList<GatewayStage> stages,
            IReadOnlyList<StageServingSource> served, IReadOnlyList<RouteScope> routeScopes = null)
        {
            if (api == null) throw new ArgumentNullException(nameof(api));
            var state = new AnalysisState(api, stages ?? Array.Empty<GatewayStage>());
            bool scoped = routeScopes != null && routeScopes.Count > 0;

            if (!scoped && draft != null) AddDraft(state, draft);

            foreach (var source in served ?? Array.Empty<StageServingSource>())
            {
                if (source?.Snapshot == null) continue;
                ISet<string> allowedRoutes = null;
                if (scoped)
                {
                    var scopes = routeScopes.Where(s => s.StageName == source.Stage.StageName).ToList();
                    if (scopes.Count == 0) continue;
                    allowedRoutes = MatchedRouteKeys(api.Kind, source.Snapshot, scopes);
                }
                AddServed(state, source, allowedRoutes);
            }

            if (scoped)
            {
                // Route scopes only look at served snapshots, but the draft still tells which pins are fixed there.
                if (draft != null) MarkInDraft(state, draft);
            }

            var candidates = state.Ordered.Where(c => !scoped || c.ServedBy.Count > 0).ToList();
            return new ApiPinAnalysis { Candidates = candidates, Errors = state.Errors.Concat(state.MissingVariableErrors()).ToList() };
        }

        /// <summary>The route keys of <paramref name="snapshot"/> that serve any of the scopes' paths, for any method.</summary>
        public static ISet<string> MatchedRouteKeys(GatewayApiKind kind, GatewaySnapshot snapshot, IEnumerable<RouteScope> scopes)
        {
            var candidates = snapshot.Routes.Where(r => r.RouteKey != null)
                .Select(r => kind == GatewayApiKind.Rest ? new RouteCandidate(r.HttpMethod, r.Path, r) : RouteCandidate.FromRouteKey(r.RouteKey, r))
                .ToList();
            var matched = new HashSet<string>(StringComparer.Ordinal);
            foreach (var scope in scopes)
            {
                foreach (var match in RouteMatcher.ServingRoutes(candidates, kind, scope.ResourcePath ?? "/"))
                    matched.Add(((SnapshotRoute)match.Route.Tag).RouteKey);
            }
            return matched;
        }

        private static void AddDraft(AnalysisState state, GatewaySnapshot draft)
        {
            foreach (var route in draft.Routes)
            {
                var lambda = state.ParseLambda(route.HasAwsIntegration ? route.IntegrationUri : null);
                if (lambda == null || lambda.UsesStageVariables) continue;
                var candidate = state.IntegrationCandidate(route, lambda);
                candidate.InDraft = true;
                candidate.AddRoute(route.RouteKey);
            }
            foreach (var authorizer in draft.Authorizers.Values)
            {
                var lambda = state.ParseLambda(authorizer.Uri);
                if (lambda == null || lambda.UsesStageVariables) continue;
                var candidate = state.AuthorizerCandidate(authorizer, lambda);
                candidate.InDraft = true;
                foreach (var route in draft.Routes.Where(r => r.RouteKey != null && r.AuthorizerName == authorizer.Name)) candidate.AddRoute(route.RouteKey);
            }
        }

        private static void MarkInDraft(AnalysisState state, GatewaySnapshot draft)
        {
            foreach (var route in draft.Routes)
            {
                var lambda = state.ParseLambda(route.HasAwsIntegration ? route.IntegrationUri : null);
                if (lambda == null || lambda.UsesStageVariables) continue;
                if (state.TryGet(IntegrationKey(state.Api.Kind, route, lambda), out var candidate)) candidate.InDraft = true;
            }
            foreach (var authorizer in draft.Authorizers.Values)
            {
                var lambda = state.ParseLambda(authorizer.Uri);
                if (lambda == null || lambda.UsesStageVariables) continue;
                if (state.TryGet(AuthorizerKey(authorizer, lambda), out var candidate)) candidate.InDraft = true;
            }
        }

        private static void AddServed(AnalysisState state, StageServingSource source, ISet<string> allowedRoutes)
        {
            var snapshot = source.Snapshot;
            var usedAuthorizers = new List<string>();
            foreach (var route in snapshot.Routes)
            {
                if (route.RouteKey == null) continue; // an integration no route targets is not served
                if (allowedRoutes != null && !allowedRoutes.Contains(route.RouteKey)) continue;
                if (route.AuthorizerName != null && !usedAuthorizers.Contains(route.AuthorizerName)) usedAuthorizers.Add(route.AuthorizerName);

                var lambda = state.ParseLambda(route.HasAwsIntegration ? route.IntegrationUri : null);
                if (lambda == null) continue;
                if (lambda.UsesStageVariables)
                {
                    var reader = new ScanStageVariableReader { Label = route.RouteKey, RouteKey = route.RouteKey, Credentials = route.Credentials };
                    AddStageVariableUse(state, source, lambda, reader);
                    continue;
                }
                var candidate = state.IntegrationCandidate(route, lambda);
                candidate.AddServing(source, lambda.Raw);
                candidate.AddRoute(route.RouteKey);
            }

            foreach (var name in usedAuthorizers)
            {
                if (!snapshot.Authorizers.TryGetValue(name, out var authorizer)) continue;
                var lambda = state.ParseLambda(authorizer.Uri);
                if (lambda == null) continue;
                var routes = snapshot.Routes.Where(r => r.RouteKey != null && r.AuthorizerName == name && (allowedRoutes == null || allowedRoutes.Contains(r.RouteKey))).Select(r => r.RouteKey).ToList();
                if (lambda.UsesStageVariables)
                {
                    var reader = new ScanStageVariableReader { Label = "authorizer " + name, AuthorizerId = authorizer.Id, AuthorizerName = name, Credentials = authorizer.Credentials };
                    AddStageVariableUse(state, source, lambda, reader);
                    continue;
                }
                var candidate = state.AuthorizerCandidate(authorizer, lambda);
                candidate.AddServing(source, lambda.Raw);
                foreach (var routeKey in routes) candidate.AddRoute(routeKey);
            }
        }

        private static void AddStageVariableUse(AnalysisState state, StageServingSource source, LambdaIntegrationUri lambda, ScanStageVariableReader reader)
        {
            var target = StageVariables.ResolveIntegration(lambda, source.Stage.Variables, source.CanaryOverrides);
            if (!target.IsResolved)
            {
                if (target.Error.ErrorId == ErrorIds.StageVariableMissing) state.AddMissing(source, target.Resolution.Missing, reader.Label);
                else state.AddError(target.Error, target.Error.Message);
                return;
            }
            var variable = lambda.Function.QualifierStageVariableNames.FirstOrDefault() ?? lambda.StageVariableNames.First();
            bool fromOverride = source.IsCanary && target.Resolution.FromCanaryOverride.Contains(variable);
            var function = target.Function;
            var key = "V|" + source.Stage.StageName + "|" + variable + "|" + fromOverride + "|" + function;
            if (!state.TryGet(key, out var candidate))
            {
                candidate = state.Add(key, new PinCandidate
                {
                    SourceKind = SourceKind.StageVariable,
                    Api = state.Api,
                    ApiStages = state.Stages,
                    Function = function,
                    Qualifier = function.Qualifier,
                    RawUri = lambda.Raw,
                    StageVariableName = variable,
                    IsCanaryOverride = fromOverride,
                    VariableStage = source.Stage,
                    Credentials = reader.Credentials,
                });
            }
            candidate.AddServing(source, target.ResolvedUri);
            candidate.AddReader(reader);
            candidate.AddRoute(reader.Label);
        }

        private static string IntegrationKey(GatewayApiKind kind, SnapshotRoute route, LambdaIntegrationUri lambda) =>
            kind == GatewayApiKind.Rest
                ? "M|" + route.RouteKey + "|" + lambda.Raw
                : "I|" + (route.IntegrationId ?? "route:" + route.RouteKey) + "|" + lambda.Raw;

        private static string AuthorizerKey(SnapshotAuthorizer authorizer, LambdaIntegrationUri lambda) => "A|" + authorizer.Name + "|" + lambda.Raw;

        private sealed class AnalysisState
        {
            private readonly Dictionary<string, PinCandidate> _byKey = new Dictionary<string, PinCandidate>(StringComparer.Ordinal);
            private readonly HashSet<string> _errorKeys = new HashSet<string>(StringComparer.Ordinal);
            private readonly Dictionary<string, LambdaIntegrationUri> _parsed = new Dictionary<string, LambdaIntegrationUri>(StringComparer.Ordinal);

            public AnalysisState(GatewayApiInfo api, IReadOnlyList<GatewayStage> stages)
            {
                Api = api;
                Stages = stages;
            }

            public GatewayApiInfo Api { get; }
            public IReadOnlyList<GatewayStage> Stages { get; }
            public List<PinCandidate> Ordered { get; } = new List<PinCandidate>();
            public List<DiscoveryError> Errors { get; } = new List<DiscoveryError>();

            public bool TryGet(string key, out PinCandidate candidate) => _byKey.TryGetValue(key, out candidate);

            public PinCandidate Add(string key, PinCandidate candidate)
            {
                _byKey[key] = candidate;
                Ordered.Add(candidate);
                return candidate;
            }

            public void AddError(DiscoveryError error, string key)
            {
                if (_errorKeys.Add(error.ErrorId + "|" + key)) Errors.Add(error);
            }

            private readonly List<(string Stage, string[] Variables, List<string> Readers)> _missing = new List<(string, string[], List<string>)>();

            /// <summary>Collects readers of undefined variables, so each stage and variable gives one error naming every broken route.</summary>
            public void AddMissing(StageServingSource source, string[] variables, string reader)
            {
                var stage = source.Stage.StageName + (source.IsCanary ? " (canary)" : string.Empty);
                var group = _missing.FirstOrDefault(m => m.Stage == stage && m.Variables.SequenceEqual(variables));
                if (group.Readers == null)
                {
                    group = (stage, variables, new List<string>());
                    _missing.Add(group);
                }
                if (!group.Readers.Contains(reader)) group.Readers.Add(reader);
            }

            public IEnumerable<DiscoveryError> MissingVariableErrors() => _missing.Select(m => new DiscoveryError(
                ErrorIds.StageVariableMissing, DiscoveryErrorCategory.ObjectNotFound,
                Api + " stage " + m.Stage + " does not define stage variable" + (m.Variables.Length > 1 ? "s " : " ") + string.Join(", ", m.Variables) +
                ", which " + string.Join(", ", m.Readers) + (m.Readers.Count > 1 ? " read" : " reads") + " to choose the Lambda function: " +
                (m.Readers.Count > 1 ? "those routes are" : "that route is") + " broken on this stage.",
                string.Join(", ", m.Variables)));

            /// <summary>The Lambda target of a URI, or null when it is not Lambda (malformed Lambda URIs are reported once).</summary>
            public LambdaIntegrationUri ParseLambda(string uri)
            {
                if (string.IsNullOrEmpty(uri)) return null;
                if (_parsed.TryGetValue(uri, out var known)) return known;
                var result = IntegrationUriParser.Parse(uri);
                if (result.IsMalformed)
                {
                    AddError(new DiscoveryError(result.Error.ErrorId, result.Error.Category, Api + ": " + result.Error.Message, result.Error.TargetValue), uri);
                }
                var lambda = result.Lambda;
                _parsed[uri] = lambda;
                return lambda;
            }

            public PinCandidate IntegrationCandidate(SnapshotRoute route, LambdaIntegrationUri lambda)
            {
                var key = IntegrationKey(Api.Kind, route, lambda);
                if (TryGet(key, out var existing))
                {
                    existing.ResourceId = existing.ResourceId ?? route.ResourceId;
                    existing.IntegrationId = existing.IntegrationId ?? route.IntegrationId;
                    return existing;
                }
                return Add(key, new PinCandidate
                {
                    SourceKind = Api.Kind == GatewayApiKind.Rest ? SourceKind.RestApi : Api.Kind == GatewayApiKind.Http ? SourceKind.HttpApi : SourceKind.WebSocketApi,
                    Api = Api,
                    ApiStages = Stages,
                    Function = Complete(lambda),
                    Qualifier = lambda.Qualifier,
                    RawUri = lambda.Raw,
                    Credentials = route.Credentials,
                    ResourceId = route.ResourceId,
                    ResourcePath = Api.Kind == GatewayApiKind.Rest ? route.Path : null,
                    HttpMethod = Api.Kind == GatewayApiKind.Rest ? route.HttpMethod : null,
                    IntegrationId = route.IntegrationId,
                });
            }

            public PinCandidate AuthorizerCandidate(SnapshotAuthorizer authorizer, LambdaIntegrationUri lambda)
            {
                var key = AuthorizerKey(authorizer, lambda);
                if (TryGet(key, out var existing))
                {
                    existing.AuthorizerId = existing.AuthorizerId ?? authorizer.Id;
                    return existing;
                }
                return Add(key, new PinCandidate
                {
                    SourceKind = Api.Kind == GatewayApiKind.Rest ? SourceKind.RestAuthorizer : SourceKind.HttpAuthorizer,
                    Api = Api,
                    ApiStages = Stages,
                    Function = Complete(lambda),
                    Qualifier = lambda.Qualifier,
                    RawUri = lambda.Raw,
                    Credentials = authorizer.Credentials,
                    AuthorizerId = authorizer.Id,
                    AuthorizerName = authorizer.Name,
                });
            }

            /// <summary>A function named without region or account inside an invocations URI lives in the URI's region.</summary>
            private static LambdaFunctionReference Complete(LambdaIntegrationUri lambda) =>
                lambda.Function.Form == FunctionReferenceForm.Arn ? lambda.Function : lambda.Function.WithDefaults(lambda.Partition, lambda.Region, null);
        }
    }
}
