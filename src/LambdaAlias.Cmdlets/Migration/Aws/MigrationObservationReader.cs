using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>
    /// Reads the live state behind a batch of pins just before planning: each pin's source (integration, authorizer,
    /// stage variable, mapping) and what every stage serves, the functions' aliases, versions, $LATEST preconditions and
    /// resource policies, what a deployment of each API would publish besides the migration's own switches, and (for
    /// -RemoveVersionPermission) every other place that still invokes the old qualifiers. Reads only; never mutates.
    /// </summary>
    public sealed class MigrationObservationReader
    {
        private readonly ILambdaApi _lambda;
        private readonly IApiGatewayApi _rest;
        private readonly IApiGatewayV2Api _v2;
        private readonly AwsContext _context;
        private readonly Action<string> _warning;
        private readonly Action<string> _verbose;

        public MigrationObservationReader(ILambdaApi lambda, IApiGatewayApi rest, IApiGatewayV2Api v2, AwsContext context, Action<string> warning = null, Action<string> verbose = null)
        {
            _lambda = lambda ?? throw new ArgumentNullException(nameof(lambda));
            _rest = rest ?? throw new ArgumentNullException(nameof(rest));
            _v2 = v2 ?? throw new ArgumentNullException(nameof(v2));
            _context = context ?? throw new ArgumentNullException(nameof(context));
            _warning = warning ?? (_ => { });
            _verbose = verbose ?? (_ => { });
        }

        /// <summary>Pins the observation is about: version and $LATEST pins of the credentials' account. Alias pins,
        /// resource-policy allowances and other accounts' pins are decided by the planner from the pin alone.</summary>
        public static bool NeedsObservation(LambdaIntegrationPin pin, string callerAccountId) =>
            pin != null && pin.PinKind != PinKind.Alias && pin.SourceKind != SourceKind.ResourcePolicy &&
            (string.IsNullOrEmpty(pin.AccountId) || string.IsNullOrEmpty(callerAccountId) || string.Equals(pin.AccountId, callerAccountId, StringComparison.Ordinal));

        public async Task<MigrationObservation> ReadAsync(IReadOnlyList<LambdaIntegrationPin> pins, MigrationOptions options, CancellationToken cancellationToken)
        {
            if (pins == null) throw new ArgumentNullException(nameof(pins));
            options = options ?? new MigrationOptions();
            var observation = new MigrationObservation
            {
                CallerAccountId = _context.AccountId,
                Region = _context.Region,
                Partition = string.IsNullOrEmpty(_context.Partition) ? "aws" : _context.Partition,
            };
            var active = pins.Where(p => NeedsObservation(p, _context.AccountId)).ToList();
            if (active.Count == 0) return observation;

            var restIds = active.Where(IsRestSource).Select(p => p.RestApiId).Where(id => !string.IsNullOrEmpty(id)).Distinct(StringComparer.Ordinal).ToList();
            var v2Ids = active.Where(p => !IsRestSource(p) && IsV2Source(p)).Select(p => p.ApiId).Where(id => !string.IsNullOrEmpty(id)).Distinct(StringComparer.Ordinal).ToList();

            var restApis = await Task.WhenAll(restIds.Select(id => ReadRestApiAsync(id, cancellationToken))).ConfigureAwait(false);
            var v2Apis = v2Ids.Count == 0 ? Array.Empty<ApiState>() : await ReadV2ApisAsync(v2Ids, cancellationToken).ConfigureAwait(false);
            var apis = restApis.Concat(v2Apis).Where(a => a != null).ToList();
            foreach (var api in apis.Where(a => a.Observation != null)) observation.Apis.Add(api.Observation);

            foreach (var pin in active)
            {
                var source = await ReadSourceAsync(pin, apis, cancellationToken).ConfigureAwait(false);
                if (source != null && !observation.Sources.Any(s => s.Key == source.Key)) observation.Sources.Add(source);
            }

            var wanted = FunctionsToRead(active, apis, observation, options);
            var functions = await Task.WhenAll(wanted.Select(w => ReadFunctionAsync(w.Key, w.Value, options, cancellationToken))).ConfigureAwait(false);
            observation.Functions.AddRange(functions.Where(f => f != null));

            if (options.RemoveVersionPermission && !options.NoDeploy)
                observation.QualifierUses = await ReadQualifierUsesAsync(wanted.Keys.ToList(), cancellationToken).ConfigureAwait(false);
            return observation;
        }

        private static bool IsRestSource(LambdaIntegrationPin pin) =>
            pin.SourceKind == SourceKind.RestApi || pin.SourceKind == SourceKind.RestAuthorizer ||
            (pin.SourceKind == SourceKind.StageVariable && !string.IsNullOrEmpty(pin.RestApiId));

        private static bool IsV2Source(LambdaIntegrationPin pin) =>
            pin.SourceKind == SourceKind.HttpApi || pin.SourceKind == SourceKind.HttpAuthorizer || pin.SourceKind == SourceKind.WebSocketApi ||
            (pin.SourceKind == SourceKind.StageVariable && string.IsNullOrEmpty(pin.RestApiId) && !string.IsNullOrEmpty(pin.ApiId));

        // ------------------------------------------------------------------ APIs

        /// <summary>One API as read: its observation plus the draft and stage snapshots the sources are read from.</summary>
        private sealed class ApiState
        {
            public string ApiId;
            public bool IsV2;
            public bool Missing;
            public ApiObservation Observation;
            public GatewaySnapshot Draft;
            public List<RestResource> Resources = new List<RestResource>();
            public List<RestAuthorizer> RestAuthorizers = new List<RestAuthorizer>();
            public List<V2Integration> Integrations = new List<V2Integration>();
            public List<V2Authorizer> V2Authorizers = new List<V2Authorizer>();
            public List<GatewayStage> Stages = new List<GatewayStage>();
            /// <summary>What each stage serves, by stage name (v2) or deployment id (REST), when its export could be read.</summary>
            public Dictionary<string, GatewaySnapshot> Served = new Dictionary<string, GatewaySnapshot>(StringComparer.Ordinal);

            public GatewaySnapshot ServedBy(GatewayStage stage, bool canary)
            {
                var key = IsV2 ? stage.StageName : canary ? stage.CanaryDeploymentId : stage.DeploymentId;
                return key != null && Served.TryGetValue(key, out var snapshot) ? snapshot : null;
            }
        }

        private async Task<ApiState> ReadRestApiAsync(string apiId, CancellationToken cancellationToken)
        {
            var state = new ApiState { ApiId = apiId };
            RestApi api;
            try
            {
                api = await _rest.GetRestApiAsync(apiId, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (e.IsNotFound)
            {
                state.Missing = true;
                return state;
            }
            var resourcesTask = _rest.GetResourcesAsync(apiId, true, 500, cancellationToken).CollectAsync(cancellationToken);
            var authorizersTask = _rest.GetAuthorizersAsync(apiId, cancellationToken).CollectAsync(cancellationToken);
            var stagesTask = _rest.GetStagesAsync(apiId, null, cancellationToken);
            await Task.WhenAll(resourcesTask, authorizersTask, stagesTask).ConfigureAwait(false);
            state.Resources = resourcesTask.Result ?? new List<RestResource>();
            state.RestAuthorizers = authorizersTask.Result ?? new List<RestAuthorizer>();
            state.Draft = GatewaySnapshot.FromRestDraft(state.Resources, state.RestAuthorizers);
            var rawStages = (stagesTask.Result ?? new List<RestStage>()).Where(s => s?.StageName != null).ToList();
            state.Stages = rawStages.Select(GatewayStage.FromRest).ToList();

            var observation = new ApiObservation { ApiId = apiId, Name = api?.Name, ManagedBy = ManagedByFromTags(api?.Tags) };
            foreach (var stage in rawStages)
            {
                observation.Stages.Add(new StageObservation
                {
                    StageName = stage.StageName,
                    DeploymentId = stage.DeploymentId,
                    Variables = new Dictionary<string, string>(stage.Variables ?? new Dictionary<string, string>(), StringComparer.Ordinal),
                    CanaryDeploymentId = string.IsNullOrEmpty(stage.CanarySettings?.DeploymentId) ? null : stage.CanarySettings.DeploymentId,
                    CanaryPercentTraffic = stage.CanarySettings?.PercentTraffic,
                    CanaryVariableOverrides = new Dictionary<string, string>(stage.CanarySettings?.StageVariableOverrides ?? new Dictionary<string, string>(), StringComparer.Ordinal),
                });
            }
            state.Observation = observation;

            // GetExport reads a stage's main deployment, once per distinct deployment. A canary deployment that is no
            // stage's main deployment cannot be exported: the draft stands in for it, as in the scan.
            var exporters = new Dictionary<string, GatewayStage>(StringComparer.Ordinal);
            foreach (var stage in state.Stages)
                if (stage.DeploymentId != null && !exporters.ContainsKey(stage.DeploymentId)) exporters[stage.DeploymentId] = stage;
            var exports = await Task.WhenAll(exporters.Select(async pair =>
            {
                var snapshot = await ExportRestAsync(api, pair.Value, state.Draft, cancellationToken).ConfigureAwait(false);
                return (DeploymentId: pair.Key, Snapshot: snapshot);
            })).ConfigureAwait(false);
            foreach (var export in exports.Where(e => e.Snapshot != null)) state.Served[export.DeploymentId] = export.Snapshot;

            foreach (var stage in state.Stages)
            {
                var served = state.ServedBy(stage, canary: false);
                if (served == null) observation.StagesNotCompared.Add(stage.StageName);
                else observation.UndeployedChanges.AddRange(DraftComparer.Compare(stage.StageName, served, state.Draft, isV2: false));
            }
            observation.StageVariableReaders.AddRange(ReadersOf(state, isV2: false));
            return state;
        }

        private async Task<GatewaySnapshot> ExportRestAsync(RestApi api, GatewayStage stage, GatewaySnapshot draft, CancellationToken cancellationToken)
        {
            string body;
            try
            {
                var export = await _rest.GetExportAsync(new RestExportRequest { RestApiId = api.Id, StageName = stage.StageName, ExportType = "oas30", Extensions = "apigateway" }, cancellationToken).ConfigureAwait(false);
                body = export?.Body;
            }
            catch (AwsServiceException e)
            {
                _warning($"REST API {api.Name} ({api.Id}) stage {stage.StageName}: GetExport failed ({e.ErrorCode}: {e.Message}); what it serves could not be compared with the draft.");
                return null;
            }
            return ParseExport(api.Name + " (" + api.Id + ")", stage.StageName, body, draft);
        }

        private GatewaySnapshot ParseExport(string apiLabel, string stageName, string body, GatewaySnapshot draft)
        {
            if (!ApiExportParser.TryParse(body, out var parsed, out var error))
            {
                _warning($"{apiLabel} stage {stageName}: {error.Message} What it serves could not be compared with the draft.");
                return null;
            }
            if (parsed.LacksIntegrationExtensions)
            {
                _warning($"{apiLabel} stage {stageName}: the export has no integration extensions; what it serves could not be compared with the draft.");
                return null;
            }
            return GatewaySnapshot.FromExport(parsed, draft);
        }

        private async Task<ApiState[]> ReadV2ApisAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
        {
            var all = await _v2.GetApisAsync(cancellationToken).CollectAsync(cancellationToken).ConfigureAwait(false);
            return await Task.WhenAll(ids.Select(id => ReadV2ApiAsync(id, all.FirstOrDefault(a => a.ApiId == id), cancellationToken))).ConfigureAwait(false);
        }

        private async Task<ApiState> ReadV2ApiAsync(string apiId, V2Api api, CancellationToken cancellationToken)
        {
            var state = new ApiState { ApiId = apiId, IsV2 = true };
            if (api == null)
            {
                state.Missing = true;
                return state;
            }
            var routesTask = _v2.GetRoutesAsync(apiId, cancellationToken).CollectAsync(cancellationToken);
            var integrationsTask = _v2.GetIntegrationsAsync(apiId, cancellationToken).CollectAsync(cancellationToken);
            var authorizersTask = _v2.GetAuthorizersAsync(apiId, cancellationToken).CollectAsync(cancellationToken);
            var stagesTask = _v2.GetStagesAsync(apiId, cancellationToken).CollectAsync(cancellationToken);
            await Task.WhenAll(routesTask, integrationsTask, authorizersTask, stagesTask).ConfigureAwait(false);
            state.Integrations = integrationsTask.Result ?? new List<V2Integration>();
            state.V2Authorizers = authorizersTask.Result ?? new List<V2Authorizer>();
            state.Draft = GatewaySnapshot.FromV2Draft(routesTask.Result, state.Integrations, state.V2Authorizers);
            var rawStages = (stagesTask.Result ?? new List<V2Stage>()).Where(s => s?.StageName != null).ToList();
            state.Stages = rawStages.Select(GatewayStage.FromV2).ToList();
            var websocket = string.Equals(api.ProtocolType, "WEBSOCKET", StringComparison.OrdinalIgnoreCase);

            var observation = new ApiObservation { ApiId = apiId, IsV2 = true, Name = api.Name, ProtocolType = api.ProtocolType, ManagedBy = ManagedByFromTags(api.Tags) };
            foreach (var stage in rawStages)
            {
                observation.Stages.Add(new StageObservation
                {
                    StageName = stage.StageName,
                    DeploymentId = stage.DeploymentId,
                    AutoDeploy = stage.AutoDeploy == true,
                    Variables = new Dictionary<string, string>(stage.StageVariables ?? new Dictionary<string, string>(), StringComparer.Ordinal),
                });
            }
            state.Observation = observation;

            if (!websocket)
            {
                // ExportApi with a stage name reads what that stage's deployment serves (HTTP APIs only).
                var exports = await Task.WhenAll(state.Stages.Where(s => s.DeploymentId != null).Select(async stage =>
                {
                    string body = null;
                    try
                    {
                        body = await _v2.ExportApiAsync(new V2ExportRequest { ApiId = apiId, StageName = stage.StageName }, cancellationToken).ConfigureAwait(false);
                    }
                    catch (AwsServiceException e)
                    {
                        _warning($"HTTP API {api.Name} ({apiId}) stage {stage.StageName}: ExportApi failed ({e.ErrorCode}: {e.Message}); what it serves could not be compared with the draft.");
                    }
                    return (Stage: stage, Snapshot: body == null ? null : ParseExport(api.Name + " (" + apiId + ")", stage.StageName, body, state.Draft));
                })).ConfigureAwait(false);
                foreach (var export in exports.Where(e => e.Snapshot != null)) state.Served[export.Stage.StageName] = export.Snapshot;
            }
            foreach (var stage in state.Stages.Where(s => !s.AutoDeploy))
            {
                var served = state.ServedBy(stage, canary: false);
                if (served == null) observation.StagesNotCompared.Add(stage.StageName);
                else observation.UndeployedChanges.AddRange(DraftComparer.Compare(stage.StageName, served, state.Draft, isV2: true));
            }
            observation.StageVariableReaders.AddRange(ReadersOf(state, isV2: true));
            return state;
        }

        private static string ManagedByFromTags(IReadOnlyDictionary<string, string> tags)
        {
            if (tags == null) return null;
            if (tags.TryGetValue("aws:cloudformation:stack-name", out var stack) && !string.IsNullOrEmpty(stack)) return "CloudFormation stack " + stack;
            return null;
        }

        /// <summary>Every route and authorizer that reads a stage variable, resolved with each stage's (and canary's) values.</summary>
        private static IEnumerable<StageVariableReader> ReadersOf(ApiState state, bool isV2)
        {
            foreach (var stage in state.Stages)
            {
                foreach (var canary in stage.HasCanary ? new[] { false, true } : new[] { false })
                {
                    var snapshot = state.ServedBy(stage, canary) ?? state.Draft;
                    var overrides = canary ? stage.CanaryVariableOverrides : null;
                    var byIntegration = new Dictionary<string, StageVariableReader>(StringComparer.Ordinal);
                    foreach (var route in snapshot.Routes.Where(r => r.HasAwsIntegration && StageVariables.ContainsReference(r.IntegrationUri)))
                    {
                        var target = Resolve(route.IntegrationUri, stage.Variables, overrides);
                        if (target == null) continue;
                        foreach (var variable in StageVariables.FindNames(route.IntegrationUri))
                        {
                            if (isV2 && route.IntegrationId != null && byIntegration.TryGetValue(route.IntegrationId + "|" + variable, out var existing))
                            {
                                existing.RouteKeys = existing.RouteKeys.Concat(new[] { route.RouteKey }).Where(k => k != null).Distinct().ToArray();
                                continue;
                            }
                            var reader = new StageVariableReader
                            {
                                VariableName = variable, StageName = stage.StageName, IsCanary = canary,
                                SourceKind = isV2 ? SourceKind.HttpApi : SourceKind.RestApi,
                                ResourceId = route.ResourceId, ResourcePath = route.Path, HttpMethod = route.HttpMethod, IntegrationId = route.IntegrationId,
                                RouteKeys = route.RouteKey == null ? Array.Empty<string>() : new[] { route.RouteKey },
                                CredentialsRole = route.Credentials,
                                FunctionName = target.FunctionName, FunctionArn = target.UnqualifiedArn, Qualifier = target.Qualifier,
                            };
                            if (isV2 && route.IntegrationId != null) byIntegration[route.IntegrationId + "|" + variable] = reader;
                            yield return reader;
                        }
                    }
                    foreach (var authorizer in snapshot.Authorizers.Values.Where(a => StageVariables.ContainsReference(a.Uri)))
                    {
                        var target = Resolve(authorizer.Uri, stage.Variables, overrides);
                        if (target == null) continue;
                        foreach (var variable in StageVariables.FindNames(authorizer.Uri))
                        {
                            yield return new StageVariableReader
                            {
                                VariableName = variable, StageName = stage.StageName, IsCanary = canary,
                                SourceKind = isV2 ? SourceKind.HttpAuthorizer : SourceKind.RestAuthorizer,
                                AuthorizerId = authorizer.Id, CredentialsRole = authorizer.Credentials,
                                RouteKeys = snapshot.Routes.Where(r => r.AuthorizerName == authorizer.Name && r.RouteKey != null).Select(r => r.RouteKey).ToArray(),
                                FunctionName = target.FunctionName, FunctionArn = target.UnqualifiedArn, Qualifier = target.Qualifier,
                            };
                        }
                    }
                }
            }
        }

        private static LambdaFunctionReference Resolve(string uri, IReadOnlyDictionary<string, string> variables, IReadOnlyDictionary<string, string> overrides)
        {
            var parsed = IntegrationUriParser.Parse(uri);
            if (!parsed.IsLambda) return null;
            var resolved = StageVariables.ResolveIntegration(parsed.Lambda, variables, overrides);
            return resolved.IsResolved ? resolved.Function : null;
        }

        // ------------------------------------------------------------------ sources

        private async Task<SourceObservation> ReadSourceAsync(LambdaIntegrationPin pin, List<ApiState> apis, CancellationToken cancellationToken)
        {
            var source = SourceObservation.IdentityOf(pin);
            if (pin.SourceKind == SourceKind.EventSourceMapping)
            {
                try
                {
                    var mapping = await _lambda.GetEventSourceMappingAsync(pin.EventSourceMappingUuid, cancellationToken).ConfigureAwait(false);
                    source.Draft = Target(mapping.FunctionArn);
                    source.State = mapping.State;
                    source.DisplayName = mapping.EventSourceArn;
                }
                catch (AwsServiceException e) when (e.IsNotFound)
                {
                    source.Exists = false;
                }
                return source;
            }

            var isV2 = !IsRestSource(pin);
            var apiId = isV2 ? pin.ApiId : pin.RestApiId;
            var api = apis.FirstOrDefault(a => a.IsV2 == isV2 && a.ApiId == apiId);
            if (api == null) return null;
            if (api.Missing)
            {
                source.Exists = false;
                return source;
            }

            switch (pin.SourceKind)
            {
                case SourceKind.RestApi:
                    FillRestMethod(source, pin, api);
                    break;
                case SourceKind.RestAuthorizer:
                case SourceKind.HttpAuthorizer:
                    FillAuthorizer(source, pin, api);
                    break;
                case SourceKind.HttpApi:
                case SourceKind.WebSocketApi:
                    FillV2Integration(source, pin, api);
                    break;
                case SourceKind.StageVariable:
                    FillStageVariable(source, pin, api);
                    break;
            }
            return source;
        }

        private void FillRestMethod(SourceObservation source, LambdaIntegrationPin pin, ApiState api)
        {
            var resource = api.Resources.FirstOrDefault(r => r.Id == pin.ResourceId);
            RestMethod method = null;
            if (resource?.ResourceMethods != null)
                method = resource.ResourceMethods.FirstOrDefault(m => string.Equals(m.Key, pin.HttpMethod, StringComparison.OrdinalIgnoreCase)).Value;
            if (method?.MethodIntegration == null)
            {
                source.Exists = false;
                return;
            }
            var routeKey = (method.HttpMethod ?? pin.HttpMethod).ToUpperInvariant() + " " + (resource.Path ?? pin.ResourcePath ?? "/");
            source.Draft = Target(method.MethodIntegration.Uri);
            source.CredentialsRole = method.MethodIntegration.Credentials;
            source.DisplayName = routeKey;
            source.Stages = StageTargets(pin, api, snapshot => snapshot.Routes.FirstOrDefault(r => r.RouteKey == routeKey)?.IntegrationUri);
        }

        private void FillAuthorizer(SourceObservation source, LambdaIntegrationPin pin, ApiState api)
        {
            string name, uri, credentials;
            if (api.IsV2)
            {
                var authorizer = api.V2Authorizers.FirstOrDefault(a => a.AuthorizerId == pin.AuthorizerId);
                name = authorizer?.Name; uri = authorizer?.AuthorizerUri; credentials = authorizer?.AuthorizerCredentialsArn;
                if (authorizer == null) { source.Exists = false; return; }
            }
            else
            {
                var authorizer = api.RestAuthorizers.FirstOrDefault(a => a.Id == pin.AuthorizerId);
                name = authorizer?.Name; uri = authorizer?.AuthorizerUri; credentials = authorizer?.AuthorizerCredentials;
                if (authorizer == null) { source.Exists = false; return; }
            }
            source.Draft = Target(uri);
            source.CredentialsRole = credentials;
            source.DisplayName = name;
            source.Stages = StageTargets(pin, api, snapshot => snapshot.Authorizers.TryGetValue(name ?? string.Empty, out var a) ? a.Uri : null);
        }

        private void FillV2Integration(SourceObservation source, LambdaIntegrationPin pin, ApiState api)
        {
            var integration = api.Integrations.FirstOrDefault(i => i.IntegrationId == pin.IntegrationId);
            if (integration == null)
            {
                source.Exists = false;
                return;
            }
            source.Draft = Target(integration.IntegrationUri);
            source.CredentialsRole = integration.CredentialsArn;
            source.DisplayName = "integration " + integration.IntegrationId;
            source.Stages = StageTargets(pin, api, snapshot => snapshot.Routes.FirstOrDefault(r => r.IntegrationId == pin.IntegrationId)?.IntegrationUri);
        }

        private void FillStageVariable(SourceObservation source, LambdaIntegrationPin pin, ApiState api)
        {
            var stage = api.Stages.FirstOrDefault(s => s.StageName == source.StageName);
            var variables = stage == null ? null : pin.IsCanaryOverride ? (stage.HasCanary ? stage.CanaryVariableOverrides : null) : stage.Variables;
            if (variables == null || pin.StageVariableName == null || !variables.TryGetValue(pin.StageVariableName, out var value) || value == null)
            {
                source.Exists = false;
                return;
            }
            var reader = api.Observation.StageVariableReaders.FirstOrDefault(r => r.VariableName == pin.StageVariableName && r.StageName == source.StageName && r.IsCanary == pin.IsCanaryOverride
                                                                                   && string.Equals(r.FunctionName, pin.FunctionName, StringComparison.Ordinal))
                         ?? api.Observation.StageVariableReaders.FirstOrDefault(r => r.VariableName == pin.StageVariableName && r.StageName == source.StageName && r.IsCanary == pin.IsCanaryOverride);
            source.Draft = new InvocationTarget { FunctionName = reader?.FunctionName ?? pin.FunctionName, Qualifier = reader?.Qualifier ?? value, Raw = value };
            source.DisplayName = "stage variable " + pin.StageVariableName;
        }

        /// <summary>What each stage and canary serves for a source. A side whose snapshot could not be read is taken from
        /// the scan (the pin's ServedBy) rather than guessed from the draft.</summary>
        private List<StageTarget> StageTargets(LambdaIntegrationPin pin, ApiState api, Func<GatewaySnapshot, string> uriIn)
        {
            var targets = new List<StageTarget>();
            foreach (var stage in api.Stages)
            {
                foreach (var canary in stage.HasCanary ? new[] { false, true } : new[] { false })
                {
                    var deploymentId = canary ? stage.CanaryDeploymentId : stage.DeploymentId;
                    var snapshot = api.ServedBy(stage, canary);
                    if (snapshot != null)
                    {
                        var uri = uriIn(snapshot);
                        if (uri == null) continue;
                        var resolved = Resolve(uri, stage.Variables, canary ? stage.CanaryVariableOverrides : null);
                        targets.Add(new StageTarget
                        {
                            StageName = stage.StageName, IsCanary = canary, DeploymentId = deploymentId,
                            FunctionName = resolved?.FunctionName ?? uri, Qualifier = resolved?.Qualifier,
                        });
                        continue;
                    }
                    var fromScan = (pin.ServedBy ?? Array.Empty<StageServing>()).FirstOrDefault(s => s != null && s.StageName == stage.StageName && s.IsCanary == canary);
                    if (fromScan != null)
                        targets.Add(new StageTarget
                        {
                            StageName = stage.StageName, IsCanary = canary, DeploymentId = deploymentId, FunctionName = pin.FunctionName,
                            Qualifier = pin.PinKind == PinKind.Latest ? pin.Qualifier : pin.PinnedVersion ?? pin.Qualifier,
                        });
                }
            }
            return targets;
        }

        /// <summary>A function reference (invocations URI or ARN) as the planner compares it: name and qualifier.</summary>
        private static InvocationTarget Target(string uriOrArn)
        {
            if (string.IsNullOrEmpty(uriOrArn)) return new InvocationTarget { FunctionName = "(none)", Raw = uriOrArn };
            var parsed = IntegrationUriParser.Parse(uriOrArn);
            if (parsed.IsLambda) return new InvocationTarget { FunctionName = parsed.Lambda.FunctionName, Qualifier = parsed.Lambda.Qualifier, Raw = uriOrArn };
            if (LambdaFunctionReference.TryParse(uriOrArn, out var function, out _))
                return new InvocationTarget { FunctionName = function.FunctionName, Qualifier = function.Qualifier, Raw = uriOrArn };
            return new InvocationTarget { FunctionName = uriOrArn, Raw = uriOrArn };
        }

        // ------------------------------------------------------------------ functions

        /// <summary>Every function of this account and region the plan touches, with the qualifiers whose policies matter.</summary>
        private Dictionary<string, HashSet<string>> FunctionsToRead(List<LambdaIntegrationPin> pins, List<ApiState> apis, MigrationObservation observation, MigrationOptions options)
        {
            var wanted = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            void Want(string functionName, string functionArn, string qualifier)
            {
                if (string.IsNullOrEmpty(functionName) || !IsLocal(functionArn)) return;
                if (!wanted.TryGetValue(functionName, out var qualifiers)) wanted[functionName] = qualifiers = new HashSet<string>(StringComparer.Ordinal) { string.Empty };
                if (!string.IsNullOrEmpty(qualifier) && !AliasNames.IsLatestQualifier(qualifier) && LambdaFunctionReference.IsValidQualifier(qualifier)) qualifiers.Add(qualifier);
            }

            foreach (var pin in pins)
            {
                if (pin.SourceKind == SourceKind.StageVariable)
                {
                    var api = apis.FirstOrDefault(a => a.ApiId == (IsRestSource(pin) ? pin.RestApiId : pin.ApiId) && a.IsV2 == !IsRestSource(pin));
                    var stage = SourceObservation.FirstStageName(pin);
                    var readers = (api?.Observation?.StageVariableReaders ?? new List<StageVariableReader>())
                        .Where(r => r.VariableName == pin.StageVariableName && r.StageName == stage && r.IsCanary == pin.IsCanaryOverride).ToList();
                    foreach (var reader in readers) Want(reader.FunctionName, reader.FunctionArn, reader.Qualifier);
                    if (readers.Count == 0) Want(pin.FunctionName, pin.FunctionArn, pin.PinnedVersion);
                    continue;
                }
                Want(pin.FunctionName, pin.FunctionArn, pin.PinKind == PinKind.Latest ? pin.AliasName : pin.PinnedVersion ?? pin.Qualifier);
            }
            return wanted;
        }

        private bool IsLocal(string functionArn)
        {
            if (string.IsNullOrEmpty(functionArn) || !LambdaFunctionReference.TryParse(functionArn, out var reference, out _)) return true;
            return (reference.AccountId == null || string.IsNullOrEmpty(_context.AccountId) || reference.AccountId == _context.AccountId)
                   && (reference.Region == null || string.IsNullOrEmpty(_context.Region) || reference.Region == _context.Region);
        }

        private async Task<FunctionObservation> ReadFunctionAsync(string functionName, HashSet<string> qualifiers, MigrationOptions options, CancellationToken cancellationToken)
        {
            FunctionConfiguration latest;
            try
            {
                latest = await _lambda.GetFunctionConfigurationAsync(functionName, null, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (e.IsNotFound)
            {
                return null;
            }
            var versionsTask = _lambda.ListVersionsByFunctionAsync(functionName, cancellationToken).CollectAsync(cancellationToken);
            var aliasesTask = _lambda.ListAliasesAsync(functionName, null, cancellationToken).CollectAsync(cancellationToken);
            await Task.WhenAll(versionsTask, aliasesTask).ConfigureAwait(false);

            var function = new FunctionObservation
            {
                FunctionName = latest.FunctionName ?? functionName,
                FunctionArn = UnqualifiedArn(latest.FunctionArn),
                LatestCodeSha256 = latest.CodeSha256,
                LatestRevisionId = latest.RevisionId,
                LatestLastUpdateStatus = latest.LastUpdateStatus,
            };
            foreach (var version in versionsTask.Result.Where(v => v.Version != LambdaFunctionReference.LatestQualifier))
                function.Versions.Add(new VersionState { Version = version.Version, CodeSha256 = version.CodeSha256, State = version.State });
            foreach (var alias in aliasesTask.Result)
            {
                function.Aliases.Add(new AliasState
                {
                    Name = alias.Name, FunctionVersion = alias.FunctionVersion, RevisionId = alias.RevisionId, AliasArn = alias.AliasArn,
                    AdditionalVersionWeights = alias.RoutingConfig?.AdditionalVersionWeights != null
                        ? new Dictionary<string, double>(alias.RoutingConfig.AdditionalVersionWeights, StringComparer.Ordinal)
                        : new Dictionary<string, double>(StringComparer.Ordinal),
                });
            }

            var policyQualifiers = new HashSet<string>(qualifiers, StringComparer.Ordinal);
            foreach (var alias in new[] { options.AliasName, AliasNames.ForCanary(options.AliasName) })
                if (function.FindAlias(alias) != null) policyQualifiers.Add(alias);
            var policies = await Task.WhenAll(policyQualifiers
                .Where(q => q.Length == 0 || function.FindVersion(q) != null || function.FindAlias(q) != null)
                .Select(q => ReadPolicyAsync(functionName, q, cancellationToken))).ConfigureAwait(false);
            function.Policies.AddRange(policies.Where(p => p != null));
            return function;
        }

        private async Task<QualifierPolicy> ReadPolicyAsync(string functionName, string qualifier, CancellationToken cancellationToken)
        {
            FunctionPolicy policy;
            try
            {
                policy = await _lambda.GetPolicyAsync(functionName, qualifier.Length == 0 ? null : qualifier, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (e.IsNotFound)
            {
                return null;
            }
            var result = new QualifierPolicy { Qualifier = qualifier, RevisionId = policy?.RevisionId };
            if (policy == null || !policy.HasPolicy) return result;
            if (LambdaPolicyParser.TryParse(policy.Policy, out var statements, out var error)) result.Statements.AddRange(statements);
            else _warning($"The resource policy of {(qualifier.Length == 0 ? functionName : functionName + ":" + qualifier)} could not be read: {error.Message}");
            return result;
        }

        private static string UnqualifiedArn(string arn)
        {
            if (string.IsNullOrEmpty(arn)) return arn;
            var parts = arn.Split(':');
            return parts.Length > 7 ? string.Join(":", parts.Take(7)) : arn;
        }

        // ------------------------------------------------------------------ other uses of the old qualifiers

        /// <summary>
        /// A fresh scan of every version and $LATEST use of the affected functions (all sources, service allowances
        /// included): a statement is removed only when none of these outlives the migration. Unknown (null) when the
        /// scan could not read everything, and then nothing is removed.
        /// </summary>
        private async Task<List<QualifierUse>> ReadQualifierUsesAsync(IReadOnlyList<string> functionNames, CancellationToken cancellationToken)
        {
            if (functionNames.Count == 0) return new List<QualifierUse>();
            var request = new PinScanRequest
            {
                FunctionFilter = FunctionNameFilter.Create(functionNames),
                Kinds = new HashSet<PinKind> { PinKind.Version, PinKind.Latest },
                Sources = new HashSet<SourceKind>(Enum.GetValues(typeof(SourceKind)).Cast<SourceKind>()),
            };
            var collector = new UseCollector(_verbose);
            var scanner = new PinScanner(_lambda, _rest, _v2, _context, request, collector);
            await scanner.RunAsync(cancellationToken).ConfigureAwait(false);
            if (collector.Failures.Count > 0)
            {
                _warning("-RemoveVersionPermission: the scan for other uses of the old qualifiers was incomplete (" + string.Join("; ", collector.Failures.Take(3)) +
                         "), so no permission is removed.");
                return null;
            }
            return collector.Pins.SelectMany(QualifierUse.FromPin).ToList();
        }

        private sealed class UseCollector : IPinScanObserver
        {
            private readonly Action<string> _verbose;
            public readonly ConcurrentQueue<LambdaIntegrationPin> PinQueue = new ConcurrentQueue<LambdaIntegrationPin>();
            public readonly ConcurrentQueue<string> FailureQueue = new ConcurrentQueue<string>();

            public UseCollector(Action<string> verbose) { _verbose = verbose; }

            public IReadOnlyList<LambdaIntegrationPin> Pins => PinQueue.ToList();
            public IReadOnlyList<string> Failures => FailureQueue.ToList();

            public void OnPin(LambdaIntegrationPin pin) => PinQueue.Enqueue(pin);
            public void OnError(ScanFailure failure)
            {
                // A broken route (a missing stage variable) is not a use of any qualifier; anything else leaves uses unknown.
                if (failure.ErrorId == ErrorIds.StageVariableMissing) return;
                FailureQueue.Enqueue(failure.ToString());
            }
            public void OnWarning(string message) => _verbose(message);
            public void OnVerbose(string message) => _verbose(message);
            public void OnProgress(PinScanProgress progress) { }
        }
    }
}
