using System;
using System.Collections.Generic;
using System.Linq;

namespace LambdaAlias
{
    /// <summary>The three kinds of API Gateway API.</summary>
    public enum GatewayApiKind
    {
        Rest,
        Http,
        WebSocket,
    }

    /// <summary>What the invoke-URL resolver needs to know about one API.</summary>
    public sealed class GatewayApiSummary
    {
        public string ApiId { get; set; }
        public string Name { get; set; }
        public GatewayApiKind Kind { get; set; }
        public IReadOnlyList<string> StageNames { get; set; } = Array.Empty<string>();
    }

    /// <summary>One REST base path mapping (GetBasePathMappings) or v2 API mapping (GetApiMappings) of a custom domain.</summary>
    public sealed class ApiMappingEntry
    {
        public string DomainName { get; set; }
        /// <summary>REST basePath ("(none)" for the root) or v2 ApiMappingKey ("" for the root; may have several segments).</summary>
        public string BasePath { get; set; }
        public string ApiId { get; set; }
        /// <summary>The mapped stage; null for a REST mapping without a stage (the stage then follows the base path).</summary>
        public string Stage { get; set; }
        /// <summary>True for a v2 API mapping.</summary>
        public bool IsApiMapping { get; set; }

        /// <summary>The base path's segments; none for "(none)", "" or "/".</summary>
        public IReadOnlyList<string> BasePathSegments =>
            string.IsNullOrEmpty(BasePath) || BasePath == "(none)"
                ? Array.Empty<string>()
                : BasePath.Split('/').Where(s => s.Length > 0).ToArray();

        public override string ToString() => (DomainName ?? "?") + "/" + string.Join("/", BasePathSegments) + " -> " + ApiId + (Stage != null ? " stage " + Stage : string.Empty);
    }

    /// <summary>Where an invoke URL lands: an API, a stage of it, and the resource path within that stage.</summary>
    public sealed class InvokeTarget
    {
        public string ApiId { get; set; }
        /// <summary>The stage, "$default" for the HTTP API default stage; null until known.</summary>
        public string StageName { get; set; }
        /// <summary>The path within the stage, starting with '/'.</summary>
        public string ResourcePath { get; set; }
        public bool IsDefaultStage { get; set; }
        /// <summary>Custom domain only: the domain name and the mapping that matched.</summary>
        public string DomainName { get; set; }
        public ApiMappingEntry Mapping { get; set; }
        /// <summary>True when the stage is read from the URL path (execute-api URLs and REST mappings without a stage).</summary>
        public bool StageFromPath { get; set; }

        public override string ToString() => ApiId + " stage " + (StageName ?? "?") + " " + ResourcePath;
    }

    /// <summary>
    /// Resolves an invoke URL to (API, stage, resource path) from data the caller fetched: the API's stages for
    /// execute-api hosts; the domain names and their mappings for custom domains. Pure: no lookups of its own.
    /// </summary>
    public static class InvokeUrlResolver
    {
        /// <summary>
        /// For an execute-api URL: UnknownApi when <paramref name="api"/> is null (not found), UnknownStage when no
        /// stage reading fits; otherwise the target. A stage segment that names a stage wins over the $default stage.
        /// </summary>
        public static InvokeTarget ResolveExecuteApi(InvokeUrl url, GatewayApiSummary api, out DiscoveryError error)
        {
            if (url == null) throw new ArgumentNullException(nameof(url));
            if (!url.IsExecuteApiHost) throw new ArgumentException("The URL is not an execute-api URL.", nameof(url));
            error = null;
            if (api == null)
            {
                error = UnknownApi(url.ApiId, url.Raw, "the invoke URL's host " + url.Host);
                return null;
            }
            var chosen = url.ChooseInterpretation(api.StageNames);
            if (chosen == null)
            {
                error = new DiscoveryError(ErrorIds.UnknownStage, DiscoveryErrorCategory.ObjectNotFound,
                    "The invoke URL " + DiscoveryError.Quote(url.Raw) + " addresses " + (url.Segments.Count > 0 ? "stage '" + url.Segments[0] + "'" : "no stage") +
                    ", which API " + Describe(api) + " does not have" + (api.Kind == GatewayApiKind.Http ? ", and the API has no $default stage." : ".") +
                    " Stages: " + (api.StageNames.Count == 0 ? "(none)" : string.Join(", ", api.StageNames)) + ".",
                    url.Raw);
                return null;
            }
            return new InvokeTarget
            {
                ApiId = api.ApiId,
                StageName = chosen.StageName,
                ResourcePath = chosen.ResourcePath,
                IsDefaultStage = chosen.IsDefaultStage,
                StageFromPath = !chosen.IsDefaultStage,
            };
        }

        /// <summary>
        /// The custom domain name serving a host: an exact (case-insensitive) match, else a wildcard domain
        /// "*.example.com" that covers exactly one more label, as its certificate does. Null when none does.
        /// </summary>
        public static string FindCustomDomain(string host, IEnumerable<string> domainNames)
        {
            if (string.IsNullOrEmpty(host)) return null;
            var names = (domainNames ?? Enumerable.Empty<string>()).Where(n => !string.IsNullOrEmpty(n)).ToList();
            var exact = names.FirstOrDefault(n => string.Equals(n.TrimEnd('.'), host, StringComparison.OrdinalIgnoreCase));
            if (exact != null) return exact;
            var dot = host.IndexOf('.');
            if (dot <= 0) return null;
            var parentWildcard = "*" + host.Substring(dot);
            return names.FirstOrDefault(n => string.Equals(n.TrimEnd('.'), parentWildcard, StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>The UnknownCustomDomain error for a host no domain name serves.</summary>
        public static DiscoveryError UnknownCustomDomain(InvokeUrl url) =>
            new DiscoveryError(ErrorIds.UnknownCustomDomain, DiscoveryErrorCategory.ObjectNotFound,
                "The invoke URL's host '" + url.Host + "' is neither an execute-api host nor a custom domain name of API Gateway in this account and region.",
                url.Raw);

        /// <summary>The UnknownApi error for an API id that does not exist.</summary>
        public static DiscoveryError UnknownApi(string apiId, string target, string source) =>
            new DiscoveryError(ErrorIds.UnknownApi, DiscoveryErrorCategory.ObjectNotFound,
                "API '" + apiId + "' (from " + source + ") does not exist in this account and region, or the credentials cannot read it.",
                target ?? apiId);

        /// <summary>The NoRouteForInvokeUrl error for a target whose API has no method or route for the path.</summary>
        public static DiscoveryError NoRoute(InvokeTarget target, string invokeUrl, string apiDescription) =>
            new DiscoveryError(ErrorIds.NoRouteForInvokeUrl, DiscoveryErrorCategory.ObjectNotFound,
                "No resource method or route of API " + (apiDescription ?? target.ApiId) + " on stage " + (target.StageName ?? "?") +
                " serves path " + (target.ResourcePath ?? "/") + " (from " + DiscoveryError.Quote(invokeUrl) + ").",
                invokeUrl);

        /// <summary>The mapping with the longest base path that is a whole-segment prefix of the path; base paths are
        /// case-sensitive. The root mapping ("(none)" / "") matches any path. Null when none matches.</summary>
        public static ApiMappingEntry LongestMatch(IEnumerable<ApiMappingEntry> mappings, IReadOnlyList<string> pathSegments, out int consumedSegments)
        {
            consumedSegments = 0;
            ApiMappingEntry best = null;
            int bestLength = -1;
            foreach (var mapping in mappings ?? Enumerable.Empty<ApiMappingEntry>())
            {
                var baseSegments = mapping.BasePathSegments;
                if (baseSegments.Count > pathSegments.Count || baseSegments.Count <= bestLength) continue;
                bool prefix = true;
                for (int i = 0; i < baseSegments.Count && prefix; i++)
                    prefix = string.Equals(baseSegments[i], pathSegments[i], StringComparison.Ordinal);
                if (!prefix) continue;
                best = mapping;
                bestLength = baseSegments.Count;
            }
            consumedSegments = Math.Max(bestLength, 0);
            return best;
        }

        /// <summary>
        /// For a custom-domain URL whose domain is <paramref name="domainName"/>: picks the longest matching mapping and
        /// strips its base path. A REST mapping without a stage takes the next segment as the stage. NoApiMappingForPath
        /// when nothing matches; UnknownStage when a stage segment is needed but absent.
        /// </summary>
        public static InvokeTarget ResolveCustomDomain(InvokeUrl url, string domainName, IEnumerable<ApiMappingEntry> mappings, out DiscoveryError error)
        {
            if (url == null) throw new ArgumentNullException(nameof(url));
            error = null;
            var list = (mappings ?? Enumerable.Empty<ApiMappingEntry>()).ToList();
            var mapping = LongestMatch(list, url.Segments, out int consumed);
            if (mapping == null)
            {
                var known = list.Count == 0 ? "(none)" : string.Join(", ", list.Select(m => m.BasePathSegments.Count == 0 ? "(none)" : string.Join("/", m.BasePathSegments)));
                error = new DiscoveryError(ErrorIds.NoApiMappingForPath, DiscoveryErrorCategory.ObjectNotFound,
                    "No base path mapping of custom domain '" + domainName + "' matches the path of " + DiscoveryError.Quote(url.Raw) + ". Base paths: " + known + ".",
                    url.Raw);
                return null;
            }
            var rest = url.Segments.Skip(consumed).ToList();
            var target = new InvokeTarget { ApiId = mapping.ApiId, DomainName = domainName, Mapping = mapping };
            if (string.IsNullOrEmpty(mapping.Stage))
            {
                if (rest.Count == 0)
                {
                    error = new DiscoveryError(ErrorIds.UnknownStage, DiscoveryErrorCategory.ObjectNotFound,
                        "The mapping " + mapping + " has no stage, so the URL must name one after the base path, but " + DiscoveryError.Quote(url.Raw) + " does not.",
                        url.Raw);
                    return null;
                }
                target.StageName = rest[0];
                target.StageFromPath = true;
                target.ResourcePath = InvokeUrl.JoinPath(rest.Skip(1));
            }
            else
            {
                target.StageName = mapping.Stage;
                target.IsDefaultStage = mapping.Stage == InvokeUrl.DefaultStageName;
                target.ResourcePath = InvokeUrl.JoinPath(rest);
            }
            return target;
        }

        /// <summary>Checks a custom-domain target against the API the mapping names: UnknownApi when it is missing,
        /// UnknownStage when the stage does not exist on it. Returns true when the target is usable.</summary>
        public static bool ValidateTarget(InvokeTarget target, GatewayApiSummary api, out DiscoveryError error)
        {
            error = null;
            if (api == null)
            {
                error = UnknownApi(target.ApiId, target.Mapping?.ToString() ?? target.ApiId, "the mapping " + (target.Mapping?.ToString() ?? "?"));
                return false;
            }
            if (target.StageName != null && !api.StageNames.Contains(target.StageName, StringComparer.Ordinal))
            {
                error = new DiscoveryError(ErrorIds.UnknownStage, DiscoveryErrorCategory.ObjectNotFound,
                    "Stage '" + target.StageName + "' does not exist on API " + Describe(api) + ".", target.StageName);
                return false;
            }
            return true;
        }

        private static string Describe(GatewayApiSummary api) => string.IsNullOrEmpty(api.Name) ? api.ApiId : api.Name + " (" + api.ApiId + ")";
    }
}
