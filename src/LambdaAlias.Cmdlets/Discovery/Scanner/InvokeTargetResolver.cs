using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>
    /// Resolves -InvokeUrl values to the API, stage and path they land on: execute-api hosts by the API id in the host
    /// (and the API's stages, for the $default-stage form), custom domains through GetDomainNames, GetBasePathMappings
    /// and GetApiMappings. Lookups are cached for the invocation, so many URLs on one domain cost one listing.
    /// </summary>
    public sealed class InvokeTargetResolver
    {
        private readonly IApiGatewayApi _rest;
        private readonly IApiGatewayV2Api _v2;
        private readonly ConcurrentDictionary<string, Lazy<Task<GatewayApiSummary>>> _apis = new ConcurrentDictionary<string, Lazy<Task<GatewayApiSummary>>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<ApiMappingEntry>>>> _mappings = new ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<ApiMappingEntry>>>>(StringComparer.OrdinalIgnoreCase);
        private Lazy<Task<Dictionary<string, V2Api>>> _v2Apis;
        private Lazy<Task<DomainNames>> _domains;

        public InvokeTargetResolver(IApiGatewayApi rest, IApiGatewayV2Api v2)
        {
            _rest = rest ?? throw new ArgumentNullException(nameof(rest));
            _v2 = v2 ?? throw new ArgumentNullException(nameof(v2));
        }

        /// <summary>The target, or null with <paramref name="failure"/> set (MalformedInvokeUrl, UnknownApi,
        /// UnknownCustomDomain, NoApiMappingForPath, UnknownStage, or an AWS error).</summary>
        public async Task<(InvokeScanTarget Target, ScanFailure Failure)> ResolveAsync(string invokeUrl, CancellationToken cancellationToken)
        {
            if (!InvokeUrl.TryParse(invokeUrl, out var url, out var parseError)) return (null, ScanFailure.FromError(parseError));
            try
            {
                DiscoveryError error;
                InvokeTarget target;
                GatewayApiSummary api;
                if (url.IsExecuteApiHost)
                {
                    api = await GetApiAsync(url.ApiId, cancellationToken).ConfigureAwait(false);
                    target = InvokeUrlResolver.ResolveExecuteApi(url, api, out error);
                }
                else
                {
                    var domains = await GetDomainsAsync(cancellationToken).ConfigureAwait(false);
                    var domain = InvokeUrlResolver.FindCustomDomain(url.Host, domains.All);
                    if (domain == null) return (null, ScanFailure.FromError(InvokeUrlResolver.UnknownCustomDomain(url)));
                    var mappings = await GetMappingsAsync(domain, domains, cancellationToken).ConfigureAwait(false);
                    target = InvokeUrlResolver.ResolveCustomDomain(url, domain, mappings, out error);
                    api = null;
                    if (target != null)
                    {
                        api = await GetApiAsync(target.ApiId, cancellationToken).ConfigureAwait(false);
                        if (!InvokeUrlResolver.ValidateTarget(target, api, out error)) target = null;
                    }
                }
                if (target == null) return (null, ScanFailure.FromError(error));
                return (new InvokeScanTarget { InvokeUrl = invokeUrl, ApiKind = api.Kind, ApiId = api.ApiId, StageName = target.StageName, ResourcePath = target.ResourcePath }, null);
            }
            catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                return (null, ScanFailure.FromException(e, invokeUrl, "Could not resolve the invoke URL " + invokeUrl));
            }
        }

        /// <summary>The API with this id (REST first, then HTTP/WebSocket) and its stage names; null when none exists.</summary>
        public Task<GatewayApiSummary> GetApiAsync(string apiId, CancellationToken cancellationToken) =>
            _apis.GetOrAdd(apiId, id => new Lazy<Task<GatewayApiSummary>>(() => ReadApiAsync(id, cancellationToken))).Value;

        private async Task<GatewayApiSummary> ReadApiAsync(string apiId, CancellationToken cancellationToken)
        {
            RestApi rest = null;
            try
            {
                rest = await _rest.GetRestApiAsync(apiId, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (e.IsNotFound)
            {
            }
            if (rest != null)
            {
                var stages = await _rest.GetStagesAsync(apiId, null, cancellationToken).ConfigureAwait(false);
                return new GatewayApiSummary { ApiId = rest.Id, Name = rest.Name, Kind = GatewayApiKind.Rest, StageNames = stages.Select(s => s.StageName).ToList() };
            }
            var v2Apis = await GetV2ApisAsync(cancellationToken).ConfigureAwait(false);
            if (!v2Apis.TryGetValue(apiId, out var v2)) return null;
            var v2Stages = await _v2.GetStagesAsync(apiId, cancellationToken).CollectAsync(cancellationToken).ConfigureAwait(false);
            return new GatewayApiSummary
            {
                ApiId = v2.ApiId,
                Name = v2.Name,
                Kind = string.Equals(v2.ProtocolType, "WEBSOCKET", StringComparison.OrdinalIgnoreCase) ? GatewayApiKind.WebSocket : GatewayApiKind.Http,
                StageNames = v2Stages.Select(s => s.StageName).ToList(),
            };
        }

        private Task<Dictionary<string, V2Api>> GetV2ApisAsync(CancellationToken cancellationToken)
        {
            var lazy = LazyInitializer.EnsureInitialized(ref _v2Apis, () => new Lazy<Task<Dictionary<string, V2Api>>>(async () =>
            {
                var all = await _v2.GetApisAsync(cancellationToken).CollectAsync(cancellationToken).ConfigureAwait(false);
                return all.Where(a => a?.ApiId != null).GroupBy(a => a.ApiId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            }));
            return lazy.Value;
        }

        private sealed class DomainNames
        {
            public HashSet<string> Rest { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            public HashSet<string> V2 { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            public IEnumerable<string> All => Rest.Concat(V2).Distinct(StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>Both lists: a domain holds REST base path mappings (v1) and API mappings (v2), which may differ in what
        /// an emulator returns, though AWS shows the same domains through both.</summary>
        private Task<DomainNames> GetDomainsAsync(CancellationToken cancellationToken)
        {
            var lazy = LazyInitializer.EnsureInitialized(ref _domains, () => new Lazy<Task<DomainNames>>(async () =>
            {
                var restTask = _rest.GetDomainNamesAsync(cancellationToken).CollectAsync(cancellationToken);
                var v2Task = _v2.GetDomainNamesAsync(cancellationToken).CollectAsync(cancellationToken);
                var result = new DomainNames();
                foreach (var d in await restTask.ConfigureAwait(false)) if (d?.DomainName != null) result.Rest.Add(d.DomainName);
                foreach (var d in await v2Task.ConfigureAwait(false)) if (d?.DomainName != null) result.V2.Add(d.DomainName);
                return result;
            }));
            return lazy.Value;
        }

        private Task<IReadOnlyList<ApiMappingEntry>> GetMappingsAsync(string domain, DomainNames domains, CancellationToken cancellationToken) =>
            _mappings.GetOrAdd(domain, key => new Lazy<Task<IReadOnlyList<ApiMappingEntry>>>(async () =>
            {
                var entries = new List<ApiMappingEntry>();
                if (domains.Rest.Contains(key))
                {
                    foreach (var m in await _rest.GetBasePathMappingsAsync(key, cancellationToken).CollectAsync(cancellationToken).ConfigureAwait(false))
                        entries.Add(new ApiMappingEntry { DomainName = key, BasePath = m.BasePath, ApiId = m.RestApiId, Stage = m.Stage });
                }
                if (domains.V2.Contains(key))
                {
                    foreach (var m in await _v2.GetApiMappingsAsync(key, cancellationToken).CollectAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var duplicate = entries.Any(e => e.ApiId == m.ApiId && e.Stage == m.Stage &&
                                                         string.Join("/", e.BasePathSegments) == string.Join("/", new ApiMappingEntry { BasePath = m.ApiMappingKey }.BasePathSegments));
                        if (!duplicate) entries.Add(new ApiMappingEntry { DomainName = key, BasePath = m.ApiMappingKey, ApiId = m.ApiId, Stage = m.Stage, IsApiMapping = true });
                    }
                }
                return (IReadOnlyList<ApiMappingEntry>)entries;
            })).Value;
    }
}
