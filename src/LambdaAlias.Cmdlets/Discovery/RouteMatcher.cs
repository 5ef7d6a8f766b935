using System;
using System.Collections.Generic;
using System.Linq;

namespace LambdaAlias
{
    public enum PathSegmentKind
    {
        /// <summary>Matches exactly this text (case-sensitive).</summary>
        Literal,
        /// <summary>{name}: matches one non-empty segment.</summary>
        Parameter,
        /// <summary>{name+}: matches one or more segments; only last.</summary>
        Greedy,
    }

    public sealed class PathTemplateSegment
    {
        public PathTemplateSegment(PathSegmentKind kind, string text) { Kind = kind; Text = text; }
        public PathSegmentKind Kind { get; }
        /// <summary>The literal text, or the parameter name without braces and '+'.</summary>
        public string Text { get; }
        public override string ToString() => Kind == PathSegmentKind.Literal ? Text : Kind == PathSegmentKind.Greedy ? "{" + Text + "+}" : "{" + Text + "}";
    }

    /// <summary>An API Gateway resource path or route path such as "/orders/{id}" or "/{proxy+}".</summary>
    public sealed class PathTemplate
    {
        private PathTemplate(string template, IReadOnlyList<PathTemplateSegment> segments)
        {
            Template = template;
            Segments = segments;
        }

        public string Template { get; }
        public IReadOnlyList<PathTemplateSegment> Segments { get; }
        public bool HasGreedy => Segments.Any(s => s.Kind == PathSegmentKind.Greedy);
        public bool HasParameters => Segments.Any(s => s.Kind == PathSegmentKind.Parameter);

        /// <summary>Parses a template. A "{x+}" that is not the last segment is treated literally, as API Gateway would
        /// not have accepted it. Empty segments (a trailing slash) are ignored.</summary>
        public static PathTemplate Parse(string template)
        {
            var text = string.IsNullOrEmpty(template) ? "/" : template;
            var raw = text.Split('/').Where(s => s.Length > 0).ToArray();
            var segments = new List<PathTemplateSegment>(raw.Length);
            for (int i = 0; i < raw.Length; i++)
            {
                var s = raw[i];
                if (s.Length > 2 && s[0] == '{' && s[s.Length - 1] == '}')
                {
                    var inner = s.Substring(1, s.Length - 2);
                    if (inner.EndsWith("+", StringComparison.Ordinal) && inner.Length > 1 && i == raw.Length - 1)
                    {
                        segments.Add(new PathTemplateSegment(PathSegmentKind.Greedy, inner.Substring(0, inner.Length - 1)));
                        continue;
                    }
                    if (!inner.EndsWith("+", StringComparison.Ordinal))
                    {
                        segments.Add(new PathTemplateSegment(PathSegmentKind.Parameter, inner));
                        continue;
                    }
                }
                segments.Add(new PathTemplateSegment(PathSegmentKind.Literal, s));
            }
            return new PathTemplate(text, segments);
        }

        /// <summary>Matches request segments (already split and percent-decoded). Returns the path parameters on success.</summary>
        public bool TryMatch(IReadOnlyList<string> requestSegments, out IReadOnlyDictionary<string, string> parameters)
        {
            parameters = null;
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            int k = 0;
            foreach (var segment in Segments)
            {
                if (segment.Kind == PathSegmentKind.Greedy)
                {
                    if (k >= requestSegments.Count) return false; // greedy needs at least one segment
                    values[segment.Text] = string.Join("/", requestSegments.Skip(k));
                    k = requestSegments.Count;
                    break;
                }
                if (k >= requestSegments.Count) return false;
                var value = requestSegments[k];
                if (segment.Kind == PathSegmentKind.Literal)
                {
                    if (!string.Equals(segment.Text, value, StringComparison.Ordinal)) return false;
                }
                else
                {
                    if (value.Length == 0) return false;
                    values[segment.Text] = value;
                }
                k++;
            }
            if (k != requestSegments.Count) return false;
            parameters = values;
            return true;
        }

        /// <summary>The path as a SourceArn pattern: each {param} and {proxy+} becomes '*'; the root is "/".</summary>
        public string ToSourceArnPath() =>
            "/" + string.Join("/", Segments.Select(s => s.Kind == PathSegmentKind.Literal ? s.Text : "*"));

        /// <summary>Orders two templates that both match a path: negative when <paramref name="a"/> is more specific.
        /// At the first segment where they differ, a literal beats a parameter, which beats a greedy variable.</summary>
        internal static int CompareSpecificity(PathTemplate a, PathTemplate b)
        {
            int n = Math.Min(a.Segments.Count, b.Segments.Count);
            for (int i = 0; i < n; i++)
            {
                int diff = Rank(a.Segments[i].Kind) - Rank(b.Segments[i].Kind);
                if (diff != 0) return diff;
            }
            return b.Segments.Count - a.Segments.Count; // longer fixed prefix first
        }

        private static int Rank(PathSegmentKind kind) => kind == PathSegmentKind.Literal ? 0 : kind == PathSegmentKind.Parameter ? 1 : 2;

        public override string ToString() => Template;
    }

    /// <summary>A REST resource method or a v2 route that a request could reach.</summary>
    public sealed class RouteCandidate
    {
        public const string AnyMethod = "ANY";

        /// <summary>A method on a path: "GET", "ANY", ... on "/orders/{id}".</summary>
        public RouteCandidate(string httpMethod, string path, object tag = null)
        {
            HttpMethod = string.IsNullOrEmpty(httpMethod) ? AnyMethod : httpMethod.ToUpperInvariant();
            Path = string.IsNullOrEmpty(path) ? "/" : path;
            Template = PathTemplate.Parse(Path);
            RouteKey = HttpMethod + " " + Path;
            Tag = tag;
        }

        private RouteCandidate(string specialKey, object tag)
        {
            RouteKey = specialKey;
            Tag = tag;
        }

        /// <summary>Parses a v2 route key: "GET /orders/{id}", "ANY /{proxy+}", "$default", or a WebSocket key
        /// ("$connect", "$disconnect", "sendMessage").</summary>
        public static RouteCandidate FromRouteKey(string routeKey, object tag = null)
        {
            var key = routeKey?.Trim() ?? string.Empty;
            int space = key.IndexOf(' ');
            if (space > 0)
            {
                var path = key.Substring(space + 1).Trim();
                if (path.StartsWith("/", StringComparison.Ordinal))
                    return new RouteCandidate(key.Substring(0, space), path, tag) { RouteKey = key };
            }
            return new RouteCandidate(key, tag);
        }

        /// <summary>Upper-case method, "ANY" for any; null for special route keys ($default, WebSocket keys).</summary>
        public string HttpMethod { get; }
        /// <summary>Null for special route keys.</summary>
        public string Path { get; }
        public PathTemplate Template { get; }
        /// <summary>"GET /orders" or the special key as written.</summary>
        public string RouteKey { get; private set; }
        /// <summary>The caller's object (resource/method, route, integration...).</summary>
        public object Tag { get; }
        public bool IsSpecial => Template == null;
        public bool IsDefaultRoute => RouteKey == "$default";

        public override string ToString() => RouteKey;
    }

    /// <summary>A route chosen for a request, with the path parameters it captured.</summary>
    public sealed class RouteMatch
    {
        public RouteMatch(RouteCandidate route, IReadOnlyDictionary<string, string> pathParameters, IReadOnlyList<string> requestMethods)
        {
            Route = route;
            PathParameters = pathParameters ?? new Dictionary<string, string>();
            RequestMethods = requestMethods ?? Array.Empty<string>();
        }

        public RouteCandidate Route { get; }
        public IReadOnlyDictionary<string, string> PathParameters { get; }
        /// <summary>The request methods that land on this route.</summary>
        public IReadOnlyList<string> RequestMethods { get; }
        public override string ToString() => Route + " for " + string.Join(", ", RequestMethods);
    }

    /// <summary>
    /// Chooses the resource method or route API Gateway invokes for a request.
    /// REST APIs: among the methods whose path matches and whose verb is the request's or ANY, the most specific path
    /// wins — resolved segment by segment, a literal before a {param} before a greedy {proxy+} — then the exact verb
    /// before ANY. HTTP APIs (AWS "Routing API requests"): a full match first, then a route with path variables, then
    /// one with a greedy variable, then the $default route; the exact method before ANY at each step.
    /// A greedy variable needs at least one segment, so "/{proxy+}" does not match "/".
    /// </summary>
    public static class RouteMatcher
    {
        /// <summary>The request methods probed when a URL is given without one.</summary>
        public static readonly IReadOnlyList<string> RequestMethods = new[] { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS" };

        public static RouteMatch MatchRest(IEnumerable<RouteCandidate> methods, string httpMethod, string path) =>
            Match(methods, httpMethod, SplitPath(path), GatewayApiKind.Rest);

        public static RouteMatch MatchHttpApi(IEnumerable<RouteCandidate> routes, string httpMethod, string path) =>
            Match(routes, httpMethod, SplitPath(path), GatewayApiKind.Http);

        /// <summary>Every route that serves the path for some request method, each with the methods that reach it, in
        /// the order of <see cref="RequestMethods"/>. For WebSocket APIs the connection URL reaches every route.</summary>
        public static IReadOnlyList<RouteMatch> ServingRoutes(IEnumerable<RouteCandidate> routes, GatewayApiKind kind, string path) =>
            ServingRoutes(routes, kind, SplitPath(path));

        public static IReadOnlyList<RouteMatch> ServingRoutes(IEnumerable<RouteCandidate> routes, GatewayApiKind kind, IReadOnlyList<string> pathSegments)
        {
            var list = (routes ?? Enumerable.Empty<RouteCandidate>()).ToList();
            if (kind == GatewayApiKind.WebSocket)
            {
                // Messages are routed by the route selection expression over the body, not by the URL.
                return pathSegments.Count == 0
                    ? list.Select(r => new RouteMatch(r, null, Array.Empty<string>())).ToList()
                    : (IReadOnlyList<RouteMatch>)Array.Empty<RouteMatch>();
            }
            var byRoute = new List<(RouteCandidate Route, IReadOnlyDictionary<string, string> Parameters, List<string> Methods)>();
            foreach (var method in RequestMethods)
            {
                var match = Match(list, method, pathSegments, kind);
                if (match == null) continue;
                var existing = byRoute.FindIndex(e => ReferenceEquals(e.Route, match.Route));
                if (existing >= 0) byRoute[existing].Methods.Add(method);
                else byRoute.Add((match.Route, match.PathParameters, new List<string> { method }));
            }
            return byRoute.Select(e => new RouteMatch(e.Route, e.Parameters, e.Methods)).ToList();
        }

        /// <summary>Splits a request path into percent-decoded segments, dropping empty ones and any query string.</summary>
        public static IReadOnlyList<string> SplitPath(string path)
        {
            if (string.IsNullOrEmpty(path)) return Array.Empty<string>();
            int query = path.IndexOfAny(new[] { '?', '#' });
            if (query >= 0) path = path.Substring(0, query);
            return path.Split('/').Where(s => s.Length > 0).Select(s =>
            {
                try { return Uri.UnescapeDataString(s); }
                catch (UriFormatException) { return s; }
            }).ToArray();
        }

        private static RouteMatch Match(IEnumerable<RouteCandidate> candidates, string httpMethod, IReadOnlyList<string> segments, GatewayApiKind kind)
        {
            var method = (httpMethod ?? string.Empty).ToUpperInvariant();
            RouteCandidate best = null;
            IReadOnlyDictionary<string, string> bestParameters = null;
            RouteCandidate defaultRoute = null;
            foreach (var candidate in candidates ?? Enumerable.Empty<RouteCandidate>())
            {
                if (candidate.IsSpecial)
                {
                    if (kind == GatewayApiKind.Http && candidate.IsDefaultRoute) defaultRoute = candidate;
                    continue;
                }
                if (candidate.HttpMethod != method && candidate.HttpMethod != RouteCandidate.AnyMethod) continue;
                if (!candidate.Template.TryMatch(segments, out var parameters)) continue;
                if (best == null || Compare(candidate, best, kind) < 0)
                {
                    best = candidate;
                    bestParameters = parameters;
                }
            }
            if (best != null) return new RouteMatch(best, bestParameters, new[] { method });
            return defaultRoute != null ? new RouteMatch(defaultRoute, null, new[] { method }) : null;
        }

        private static int Compare(RouteCandidate a, RouteCandidate b, GatewayApiKind kind)
        {
            if (kind == GatewayApiKind.Http)
            {
                int tier = Tier(a.Template) - Tier(b.Template);
                if (tier != 0) return tier;
            }
            int path = PathTemplate.CompareSpecificity(a.Template, b.Template);
            if (path != 0) return path;
            bool aAny = a.HttpMethod == RouteCandidate.AnyMethod, bAny = b.HttpMethod == RouteCandidate.AnyMethod;
            return aAny == bAny ? 0 : aAny ? 1 : -1;
        }

        private static int Tier(PathTemplate template) => template.HasGreedy ? 2 : template.HasParameters ? 1 : 0;
    }
}
