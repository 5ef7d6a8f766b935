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
        private async Task ScanV2ApisAsync(CancellationToken cancellationToken)
        {
            ISet<string> wanted = null;
            if (_request.IsInvokeUrlScan)
                wanted = new HashSet<string>(_request.InvokeTargets.Where(t => t.ApiKind != GatewayApiKind.Rest).Select(t => t.ApiId), StringComparer.Ordinal);
            else if (_request.ApiIds.Count > 0)
                wanted = new HashSet<string>(_request.ApiIds, StringComparer.Ordinal);
            var seen = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
            var apis = SelectV2ApisAsync(_v2.GetApisAsync(cancellationToken), wanted, seen, cancellationToken);
            await ScanWork.ForEachAsync(apis, _request.ApiParallelism, ScanV2ApiAsync, cancellationToken).ConfigureAwait(false);
            if (wanted != null && !_request.IsInvokeUrlScan)
            {
                foreach (var id in wanted.Where(id => !seen.ContainsKey(id)).OrderBy(id => id, StringComparer.Ordinal))
                    _observer.OnError(ScanFailure.FromError(InvokeUrlResolver.UnknownApi(id, id, "-ApiId")));
            }
        }

        /// <summary>GetApis has no single-API read in this client, so -ApiId filters the list (one page for most accounts).</summary>
        private async IAsyncEnumerable<V2Api> SelectV2ApisAsync(IAsyncEnumerable<V2Api> source, ISet<string> wanted, ConcurrentDictionary<string, bool> seen,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var enumerator = source.GetAsyncEnumerator(cancellationToken);
            try
            {
                while (await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    var api = enumerator.Current;
                    if (api?.ApiId == null || (wanted != null && !wanted.Contains(api.ApiId))) continue;
                    seen[api.ApiId] = true;
                    SourceFound();
                    yield return api;
                }
            }
            finally
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }
        }

        private async Task ScanV2ApiAsync(V2Api api, CancellationToken cancellationToken)
        {
            var kind = string.Equals(api.ProtocolType, "WEBSOCKET", StringComparison.OrdinalIgnoreCase) ? GatewayApiKind.WebSocket : GatewayApiKind.Http;
            var info = new GatewayApiInfo { Kind = kind, ApiId = api.ApiId, Name = api.Name, Description = api.Description, Tags = api.Tags ?? new Dictionary<string, string>() };
            try
            {
                var integrationsTask = _v2.GetIntegrationsAsync(api.ApiId, cancellationToken).CollectAsync(cancellationToken);
                var routesTask = _v2.GetRoutesAsync(api.ApiId, cancellationToken).CollectAsync(cancellationToken);
                var authorizersTask = _request.WantsSource(SourceKind.HttpAuthorizer) || _request.WantsSource(SourceKind.StageVariable)
                    ? _v2.GetAuthorizersAsync(api.ApiId, cancellationToken).CollectAsync(cancellationToken)
                    : Task.FromResult(new List<V2Authorizer>());
                var stagesTask = _v2.GetStagesAsync(api.ApiId, cancellationToken).CollectAsync(cancellationToken);
                await Task.WhenAll(integrationsTask, routesTask, authorizersTask, stagesTask).ConfigureAwait(false);

                var draft = GatewaySnapshot.FromV2Draft(routesTask.Result, integrationsTask.Result, authorizersTask.Result);
                var stages = stagesTask.Result.Where(s => s?.StageName != null).Select(GatewayStage.FromV2).ToList();
                var served = await ReadV2ServedSnapshotsAsync(info, draft, stages, cancellationToken).ConfigureAwait(false);
                var analysis = ApiPinAnalyzer.Analyze(info, draft, stages, served, ScopesFor(info));
                await SubmitAnalysisAsync(Filtered(analysis), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsReportable(e, cancellationToken))
            {
                _observer.OnError(ScanFailure.FromException(e, api.ApiId, "Could not scan " + info));
            }
            finally
            {
                SourceScanned(info.ToString());
            }
        }

        /// <summary>
        /// What each scanned v2 stage serves. An AutoDeploy stage serves the draft. Any other stage serves its deployment,
        /// read with ExportApi(stageName) once per distinct deployment; WebSocket APIs cannot be exported, so their
        /// manually deployed stages are assumed to serve the draft, with the live state Unknown.
        /// </summary>
        private async Task<List<StageServingSource>> ReadV2ServedSnapshotsAsync(GatewayApiInfo api, GatewaySnapshot draft, IReadOnlyList<GatewayStage> stages, CancellationToken cancellationToken)
        {
            var scanned = ScannedStages(api, stages);
            var exporters = new Dictionary<string, GatewayStage>(StringComparer.Ordinal);
            foreach (var stage in scanned.Where(s => !s.AutoDeploy && s.DeploymentId != null))
            {
                if (!exporters.ContainsKey(stage.DeploymentId)) exporters[stage.DeploymentId] = stage;
            }
            var exports = new ConcurrentDictionary<string, GatewaySnapshot>(StringComparer.Ordinal);
            if (api.Kind == GatewayApiKind.Http)
            {
                await Task.WhenAll(exporters.Select(async pair =>
                {
                    var snapshot = await ExportV2StageAsync(api, pair.Value, draft, cancellationToken).ConfigureAwait(false);
                    if (snapshot != null) exports[pair.Key] = snapshot;
                })).ConfigureAwait(false);
            }
            else if (exporters.Count > 0)
            {
                _observer.OnVerbose(api + ": ExportApi does not export WebSocket APIs, so what stages " + string.Join(", ", exporters.Values.Select(s => s.StageName)) +
                                    " serve is Unknown, and the draft stands in for it.");
            }

            var served = new List<StageServingSource>();
            foreach (var stage in scanned)
            {
                if (stage.AutoDeploy)
                {
                    served.Add(new StageServingSource { Stage = stage, DeploymentId = stage.DeploymentId, Snapshot = draft, IsKnown = true });
                }
                else if (stage.DeploymentId != null)
                {
                    exports.TryGetValue(stage.DeploymentId, out var snapshot);
                    served.Add(new StageServingSource { Stage = stage, DeploymentId = stage.DeploymentId, Snapshot = snapshot ?? draft, IsKnown = snapshot != null });
                }
            }
            return served;
        }

        private async Task<GatewaySnapshot> ExportV2StageAsync(GatewayApiInfo api, GatewayStage stage, GatewaySnapshot draft, CancellationToken cancellationToken)
        {
            string body;
            try
            {
                body = await _v2.ExportApiAsync(new V2ExportRequest { ApiId = api.ApiId, StageName = stage.StageName, IncludeExtensions = true, OutputType = "JSON" }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsReportable(e, cancellationToken))
            {
                _observer.OnWarning(api + " stage " + stage.StageName + ": ExportApi failed (" + e.Message + "); what deployment " + stage.DeploymentId +
                                    " serves is Unknown, and the draft stands in for it.");
                return null;
            }
            return ParseExport(api, stage, body, draft);
        }
    }
}
