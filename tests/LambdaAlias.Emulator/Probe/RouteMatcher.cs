// Request routing as API Gateway does it. REST: the most specific resource wins (literal segment over {param} over
// {proxy+}), then the method, falling back to ANY on that resource. HTTP APIs: the most specific route key wins in the
// same way, a method-specific route over ANY, and "$default" catches whatever matched nothing.
namespace LambdaAlias.Emulator;

public static class RouteMatcher
{
    public static string NormalizePath(string path)
    {
        var segments = (path ?? "/").Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
        return "/" + string.Join('/', segments);
    }

    public static string[] Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Matches a request path against a path template. Returns a specificity score (lower is more specific)
    /// per template segment, or null when it doesn't match.</summary>
    public static int[] Match(string template, string path, IDictionary<string, string> parameters)
    {
        var t = Segments(template);
        var p = Segments(path);
        var score = new int[t.Length];
        for (var i = 0; i < t.Length; i++)
        {
            var seg = t[i];
            var isParam = seg.Length > 2 && seg[0] == '{' && seg[^1] == '}';
            if (isParam && seg.EndsWith("+}", StringComparison.Ordinal))
            {
                if (i != t.Length - 1 || p.Length <= i) return null;
                parameters?.TryAdd(seg[1..^2], string.Join('/', p[i..]));
                score[i] = 2;
                return score;
            }
            if (i >= p.Length) return null;
            if (isParam) { parameters?.TryAdd(seg[1..^1], Uri.UnescapeDataString(p[i])); score[i] = 1; continue; }
            if (!string.Equals(seg, p[i], StringComparison.Ordinal)) return null;
            score[i] = 0;
        }
        return t.Length == p.Length ? score : null;
    }

    public static int Compare(int[] a, int[] b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            if (a[i] != b[i]) return a[i].CompareTo(b[i]);
        // Same prefix: the longer template is the more specific one (e.g. /a/{b} over /{proxy+} handled above).
        return b.Length.CompareTo(a.Length);
    }

    public sealed record RestMatch(RestResource Resource, RestMethod Method, Dictionary<string, string> PathParameters);

    /// <summary>Finds the most specific resource for the path, then its method (or ANY). Null resource: nothing matched;
    /// null method: the resource matched but defines neither the method nor ANY.</summary>
    public static RestMatch MatchRest(IEnumerable<RestResource> resources, string httpMethod, string path)
    {
        RestResource best = null;
        int[] bestScore = null;
        Dictionary<string, string> bestParams = null;
        foreach (var r in resources.Where(r => r.Methods.Count > 0))
        {
            var ps = new Dictionary<string, string>(StringComparer.Ordinal);
            var score = Match(r.Path, path, ps);
            if (score == null) continue;
            if (best == null || Compare(score, bestScore) < 0) { best = r; bestScore = score; bestParams = ps; }
        }
        if (best == null) return new RestMatch(null, null, null);
        var method = best.Methods.TryGetValue(httpMethod.ToUpperInvariant(), out var m) ? m : best.Methods.GetValueOrDefault("ANY");
        return new RestMatch(best, method, bestParams);
    }

    public sealed record HttpMatch(HttpRoute Route, Dictionary<string, string> PathParameters);

    public static HttpMatch MatchHttp(IEnumerable<HttpRoute> routes, string httpMethod, string path)
    {
        HttpRoute best = null;
        int[] bestScore = null;
        var bestAny = false;
        Dictionary<string, string> bestParams = null;
        HttpRoute fallback = null;
        foreach (var r in routes)
        {
            if (r.RouteKey == "$default") { fallback = r; continue; }
            var (verb, template) = HttpApiExport.SplitRouteKey(r.RouteKey);
            var isAny = verb == "ANY";
            if (!isAny && !string.Equals(verb, httpMethod, StringComparison.OrdinalIgnoreCase)) continue;
            var ps = new Dictionary<string, string>(StringComparer.Ordinal);
            var score = Match(template, path, ps);
            if (score == null) continue;
            var cmp = best == null ? -1 : Compare(score, bestScore);
            if (cmp < 0 || (cmp == 0 && bestAny && !isAny)) { best = r; bestScore = score; bestAny = isAny; bestParams = ps; }
        }
        return best != null ? new HttpMatch(best, bestParams) : new HttpMatch(fallback, new Dictionary<string, string>());
    }

    /// <summary>WebSocket APIs select a route by key (from the route selection expression); unmatched keys go to $default.</summary>
    public static HttpRoute MatchWebSocket(IEnumerable<HttpRoute> routes, string routeKey)
    {
        var list = routes.ToList();
        return list.FirstOrDefault(r => r.RouteKey == routeKey) ?? list.FirstOrDefault(r => r.RouteKey == "$default");
    }
}
