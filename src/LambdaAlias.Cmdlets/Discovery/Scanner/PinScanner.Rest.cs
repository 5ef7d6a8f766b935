using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    public sealed partial class PinScanner
    {
        /// <summary>API Gateway's largest page (limit): the default of 25 would cost 20 calls where one does.</summary>
        private const int MaxRestPageSize = 500;

        private async Task ScanRestApisAsync(CancellationToken cancellationToken)
        {
            IAsyncEnumerable<RestApi> apis;
            if (_request.IsInvokeUrlScan)
                apis = GetRestApisByIdAsync(_request.InvokeTargets.Where(t => t.ApiKind == GatewayApiKind.Rest).Select(t => t.ApiId).Distinct(StringComparer.Ordinal), cancellationToken);
            else if (_request.RestApiIds.Count > 0)
                apis = GetRestApisByIdAsync(_request.RestApiIds, cancellationToken);
            else
                apis = CountAsync(AwsPaginator.Enumerate((position, token) => _rest.GetRestApisPageAsync(position, MaxRestPageSize, token), "GetRestApis", cancellationToken), cancellationToken);
            await ScanWork.ForEachAsync(apis, _request.ApiParallelism, ScanRestApiAsync, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>GetRestApi for each id; an id that does not exist is an UnknownApi error.</summary>
        private async IAsyncEnumerable<RestApi> GetRestApisByIdAsync(IEnumerable<string> ids, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var id in ids)
            {
                RestApi api = null;
                try
                {
                    api = await _rest.GetRestApiAsync(id, cancellationToken).ConfigureAwait(false);
                }
                catch (AwsServiceException e) when (e.IsNotFound)
                {
                    _observer.OnError(ScanFailure.FromError(InvokeUrlResolver.UnknownApi(id, id, "-RestApiId")));
                }
                catch (Exception e) when (IsReportable(e, cancellationToken))
                {
                    _observer.OnError(ScanFailure.FromException(e, id, "Could not read REST API " + id));
                }
                if (api == null) continue;
                SourceFound();
                yield return api;
            }
        }

        private async IAsyncEnumerable<T> CountAsync<T>(IAsyncEnumerable<T> source, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var enumerator = source.GetAsyncEnumerator(cancellationToken);
            try
            {
                while (await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    SourceFound();
                    yield return enumerator.Current;
                }
            }
            finally
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }
        }

        private async Task ScanRestApiAsync(RestApi api, CancellationToken cancellationToken)
        {
            var info = new GatewayApiInfo { Kind = GatewayApiKind.Rest, ApiId = api.Id, Name = api.Name, Description = api.Description, Tags = api.Tags ?? new Dictionary<string, string>() };
            try
            {
                bool wantsAuthorizers = _request.WantsSource(SourceKind.RestAuthorizer) || _request.WantsSource(SourceKind.StageVariable);
                var resourcesTask = _rest.GetResourcesAsync(api.Id, true, 500, cancellationToken).CollectAsync(cancellationToken);
                var authorizersTask = wantsAuthorizers
                    ? AwsPaginator.Enumerate((position, token) => _rest.GetAuthorizersPageAsync(api.Id, position, MaxRestPageSize, token), "GetAuthorizers", cancellationToken).CollectAsync(cancellationToken)
                    : Task.FromResult(new List<RestAuthorizer>());
                var stagesTask = _rest.GetStagesAsync(api.Id, null, cancellationToken);
                await Task.WhenAll(resourcesTask, authorizersTask, stagesTask).ConfigureAwait(false);

                var draft = GatewaySnapshot.FromRestDraft(resourcesTask.Result, authorizersTask.Result);
                var stages = (stagesTask.Result ?? new List<RestStage>()).Where(s => s?.StageName != null).Select(GatewayStage.FromRest).ToList();
                var served = await ReadServedSnapshotsAsync(info, draft, stages, cancellationToken).ConfigureAwait(false);
                var analysis = ApiPinAnalyzer.Analyze(info, draft, stages, served, ScopesFor(info));
                await SubmitAnalysisAsync(Filtered(analysis), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsReportable(e, cancellationToken))
            {
                _observer.OnError(ScanFailure.FromException(e, api.Id, "Could not scan " + info));
            }
            finally
            {
                SourceScanned(info.ToString());
            }
        }

        /// <summary>The -InvokeUrl scopes that land on this API, or null when the scan is not URL-driven.</summary>
        private IReadOnlyList<RouteScope> ScopesFor(GatewayApiInfo api)
        {
            if (!_request.IsInvokeUrlScan) return null;
            return _request.InvokeTargets
                .Where(t => t.ApiId == api.ApiId && (t.ApiKind == GatewayApiKind.Rest) == (api.Kind == GatewayApiKind.Rest))
                .Select(t => new RouteScope { StageName = t.StageName, ResourcePath = t.ResourcePath })
                .ToList();
        }

        /// <summary>Candidates of a source kind that was not asked for are dropped before any call is spent on them.</summary>
        private ApiPinAnalysis Filtered(ApiPinAnalysis analysis) => new ApiPinAnalysis
        {
            Errors = analysis.Errors,
            Candidates = analysis.Candidates.Where(c => _request.WantsSource(c.SourceKind)).ToList(),
        };

        /// <summary>Stages this scan looks at: those -StageName and -InvokeUrl name, or all.</summary>
        private List<GatewayStage> ScannedStages(GatewayApiInfo api, IReadOnlyList<GatewayStage> stages)
        {
            var scopes = ScopesFor(api);
            return stages.Where(s => _request.WantsStage(s.StageName) && (scopes == null || scopes.Any(t => t.StageName == s.StageName))).ToList();
        }

        /// <summary>
        /// What each scanned REST stage and canary serves: GetExport of a stage (extensions=apigateway) once per distinct
        /// deployment. A canary deployment that no stage serves as its main deployment cannot be exported (GetExport reads
        /// a stage's main deployment only), and a failed or extension-less export cannot be read either: those sides are
        /// assumed to serve the draft, with the live state Unknown.
        /// </summary>
        private async Task<List<StageServingSource>> ReadServedSnapshotsAsync(GatewayApiInfo api, GatewaySnapshot draft, IReadOnlyList<GatewayStage> stages, CancellationToken cancellationToken)
        {
            var scanned = ScannedStages(api, stages);
            var exporters = new Dictionary<string, GatewayStage>(StringComparer.Ordinal);
            foreach (var stage in stages)
            {
                if (stage.DeploymentId != null && !exporters.ContainsKey(stage.DeploymentId)) exporters[stage.DeploymentId] = stage;
            }
            var needed = scanned.SelectMany(s => new[] { s.DeploymentId, s.CanaryDeploymentId }).Where(d => d != null && exporters.ContainsKey(d)).Distinct(StringComparer.Ordinal).ToList();
            var exports = new ConcurrentDictionary<string, GatewaySnapshot>(StringComparer.Ordinal);
            await Task.WhenAll(needed.Select(async deploymentId =>
            {
                var snapshot = await ExportRestStageAsync(api, exporters[deploymentId], draft, cancellationToken).ConfigureAwait(false);
                if (snapshot != null) exports[deploymentId] = snapshot;
            })).ConfigureAwait(false);

            var served = new List<StageServingSource>();
            foreach (var stage in scanned)
            {
                if (stage.DeploymentId != null)
                {
                    exports.TryGetValue(stage.DeploymentId, out var main);
                    served.Add(new StageServingSource { Stage = stage, DeploymentId = stage.DeploymentId, Snapshot = main ?? draft, IsKnown = main != null });
                }
                if (stage.HasCanary)
                {
                    exports.TryGetValue(stage.CanaryDeploymentId, out var canary);
                    if (canary == null && !exporters.ContainsKey(stage.CanaryDeploymentId))
                    {
                        _observer.OnVerbose(api + " stage " + stage.StageName + ": canary deployment " + stage.CanaryDeploymentId +
                                            " is no stage's main deployment, and GetExport reads only those; its live state is Unknown and the draft stands in for it.");
                    }
                    served.Add(new StageServingSource { Stage = stage, IsCanary = true, DeploymentId = stage.CanaryDeploymentId, Snapshot = canary ?? draft, IsKnown = canary != null });
                }
            }
            return served;
        }

        private async Task<GatewaySnapshot> ExportRestStageAsync(GatewayApiInfo api, GatewayStage stage, GatewaySnapshot draft, CancellationToken cancellationToken)
        {
            RestExport export;
            try
            {
                export = await _rest.GetExportAsync(new RestExportRequest { RestApiId = api.ApiId, StageName = stage.StageName, ExportType = "oas30", Extensions = "apigateway" }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsReportable(e, cancellationToken))
            {
                _observer.OnWarning(api + " stage " + stage.StageName + ": GetExport failed (" + e.Message + "); what deployment " + stage.DeploymentId +
                                    " serves is Unknown, and the draft stands in for it.");
                return null;
            }
            return ParseExport(api, stage, export?.Body, draft);
        }

        private GatewaySnapshot ParseExport(GatewayApiInfo api, GatewayStage stage, string body, GatewaySnapshot draft)
        {
            if (!ApiExportParser.TryParse(body, out var parsed, out var error))
            {
                _observer.OnWarning(api + " stage " + stage.StageName + ": " + error.Message + " What deployment " + stage.DeploymentId + " serves is Unknown, and the draft stands in for it.");
                return null;
            }
            if (parsed.LacksIntegrationExtensions)
            {
                _observer.OnWarning(api + " stage " + stage.StageName + ": the export has no x-amazon-apigateway-integration extensions, so what deployment " +
                                    stage.DeploymentId + " serves is Unknown, and the draft stands in for it.");
                return null;
            }
            return GatewaySnapshot.FromExport(parsed, draft);
        }
    }
}
