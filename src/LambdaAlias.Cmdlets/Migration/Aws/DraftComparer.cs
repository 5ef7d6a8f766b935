using System;
using System.Collections.Generic;
using System.Linq;

namespace LambdaAlias
{
    /// <summary>
    /// What a deployment of the draft would change on a stage: the stage's snapshot (from its export) compared with the
    /// draft, route by route and authorizer by authorizer. Pure. Exports carry routes, integrations (type, URI,
    /// credentials) and authorizers, so that is what is compared; models, gateway responses and the resource policy are not.
    /// </summary>
    public static class DraftComparer
    {
        public static List<DraftDifference> Compare(string stageName, GatewaySnapshot stage, GatewaySnapshot draft, bool isV2)
        {
            var differences = new List<DraftDifference>();
            if (stage == null || draft == null) return differences;
            var uriProperty = isV2 ? "IntegrationUri" : "uri";

            var stageRoutes = ByKey(stage.Routes);
            var draftRoutes = ByKey(draft.Routes);
            foreach (var pair in draftRoutes)
            {
                var d = pair.Value;
                if (!stageRoutes.TryGetValue(pair.Key, out var s))
                {
                    differences.Add(Route(stageName, d, "route added", null, Describe(d)));
                    continue;
                }
                if (!SameText(s.IntegrationType, d.IntegrationType, ignoreCase: true))
                    differences.Add(Route(stageName, d, "integration type", s.IntegrationType, d.IntegrationType, s));
                if (!SameText(s.IntegrationUri, d.IntegrationUri))
                    differences.Add(Route(stageName, d, uriProperty, s.IntegrationUri, d.IntegrationUri, s));
                if (!SameText(s.Credentials, d.Credentials))
                    differences.Add(Route(stageName, d, "credentials", s.Credentials, d.Credentials, s));
                if (!SameText(s.AuthorizerName, d.AuthorizerName))
                    differences.Add(Route(stageName, d, "authorizer", s.AuthorizerName, d.AuthorizerName, s));
            }
            foreach (var pair in stageRoutes.Where(p => !draftRoutes.ContainsKey(p.Key)))
                differences.Add(Route(stageName, pair.Value, "route removed", Describe(pair.Value), null));

            var stageAuthorizers = stage.Authorizers ?? new Dictionary<string, SnapshotAuthorizer>();
            var draftAuthorizers = draft.Authorizers ?? new Dictionary<string, SnapshotAuthorizer>();
            foreach (var pair in draftAuthorizers.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var d = pair.Value;
                if (!stageAuthorizers.TryGetValue(pair.Key, out var s))
                {
                    // An authorizer no route uses is not in the export; only one that a route uses is a change.
                    if (draft.Routes.Any(r => r.AuthorizerName == pair.Key))
                        differences.Add(Authorizer(stageName, d, "authorizer added", null, d.Uri));
                    continue;
                }
                if (!SameText(s.Uri, d.Uri)) differences.Add(Authorizer(stageName, d, "authorizerUri", s.Uri, d.Uri));
                if (!SameText(s.Credentials, d.Credentials)) differences.Add(Authorizer(stageName, d, "authorizerCredentials", s.Credentials, d.Credentials));
            }
            foreach (var pair in stageAuthorizers.Where(p => !draftAuthorizers.ContainsKey(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
                differences.Add(Authorizer(stageName, pair.Value, "authorizer removed", pair.Value.Uri, null));
            return differences;
        }

        private static Dictionary<string, SnapshotRoute> ByKey(IEnumerable<SnapshotRoute> routes)
        {
            var map = new Dictionary<string, SnapshotRoute>(StringComparer.Ordinal);
            foreach (var route in routes ?? Enumerable.Empty<SnapshotRoute>())
            {
                // Integrations no route targets (v2) are not served, so a deployment does not publish them.
                if (route?.RouteKey == null || map.ContainsKey(route.RouteKey)) continue;
                map[route.RouteKey] = route;
            }
            return map;
        }

        private static bool SameText(string a, string b, bool ignoreCase = false) =>
            string.Equals(a ?? string.Empty, b ?? string.Empty, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

        private static string Describe(SnapshotRoute route) =>
            string.IsNullOrEmpty(route.IntegrationUri) ? route.IntegrationType : (route.IntegrationType + " " + route.IntegrationUri).Trim();

        private static DraftDifference Route(string stageName, SnapshotRoute route, string property, string stageValue, string draftValue, SnapshotRoute other = null) => new DraftDifference
        {
            StageName = stageName,
            Location = route.RouteKey,
            ResourceId = route.ResourceId ?? other?.ResourceId,
            HttpMethod = route.HttpMethod,
            IntegrationId = route.IntegrationId ?? other?.IntegrationId,
            Property = property,
            StageValue = stageValue,
            DraftValue = draftValue,
        };

        private static DraftDifference Authorizer(string stageName, SnapshotAuthorizer authorizer, string property, string stageValue, string draftValue) => new DraftDifference
        {
            StageName = stageName,
            Location = "authorizer " + authorizer.Name,
            AuthorizerId = authorizer.Id,
            Property = property,
            StageValue = stageValue,
            DraftValue = draftValue,
        };
    }
}
