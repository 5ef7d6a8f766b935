using System;
using System.Collections.Generic;
using System.Linq;

namespace LambdaAlias
{
    /// <summary>The API a snapshot belongs to: what pins need to name it and to find its echoes.</summary>
    public sealed class GatewayApiInfo
    {
        public GatewayApiKind Kind { get; set; }
        public string ApiId { get; set; }
        public string Name { get; set; }
        public string Description { get; set; }
        public IReadOnlyDictionary<string, string> Tags { get; set; } = new Dictionary<string, string>();

        public override string ToString() => (Kind == GatewayApiKind.Rest ? "REST " : Kind == GatewayApiKind.Http ? "HTTP " : "WebSocket ") + Name + " (" + ApiId + ")";
    }

    /// <summary>One REST method or v2 route of a snapshot (the draft, or what a deployment serves), with its integration.</summary>
    public sealed class SnapshotRoute
    {
        /// <summary>"GET /orders", "ANY /{proxy+}", "$default", "$connect"; null for a v2 integration no route targets.</summary>
        public string RouteKey { get; set; }
        /// <summary>Upper case ("ANY" for any method); null for special v2 route keys.</summary>
        public string HttpMethod { get; set; }
        /// <summary>The path template; null for special v2 route keys.</summary>
        public string Path { get; set; }
        /// <summary>REST resource id (from the draft).</summary>
        public string ResourceId { get; set; }
        /// <summary>v2 integration id (from the draft; for an export, the draft route's integration).</summary>
        public string IntegrationId { get; set; }
        /// <summary>AWS, AWS_PROXY, HTTP, ... in any case (exports write it in lower case).</summary>
        public string IntegrationType { get; set; }
        public string IntegrationUri { get; set; }
        /// <summary>The integration's credentials role, if it invokes through one.</summary>
        public string Credentials { get; set; }
        /// <summary>Name of the authorizer in effect for the route, if any.</summary>
        public string AuthorizerName { get; set; }

        /// <summary>True for AWS and AWS_PROXY integrations, the only types that invoke Lambda.</summary>
        public bool HasAwsIntegration =>
            string.Equals(IntegrationType, "AWS_PROXY", StringComparison.OrdinalIgnoreCase) || string.Equals(IntegrationType, "AWS", StringComparison.OrdinalIgnoreCase);

        public override string ToString() => (RouteKey ?? "(no route)") + " -> " + IntegrationUri;
    }

    /// <summary>A Lambda (or other) authorizer as a snapshot holds it.</summary>
    public sealed class SnapshotAuthorizer
    {
        public string Id { get; set; }
        public string Name { get; set; }
        public string Uri { get; set; }
        public string Credentials { get; set; }

        public override string ToString() => Name + " (" + Id + ") -> " + Uri;
    }

    /// <summary>
    /// Routes and authorizers of one version of an API: the draft (GetResources with embed=methods and GetAuthorizers,
    /// or GetRoutes/GetIntegrations/GetAuthorizers) or what a deployment serves (GetExport / ExportApi). Exports name
    /// neither resources, integrations nor authorizers by id, so those are taken from the draft where the route key or
    /// authorizer name still exists there.
    /// </summary>
    public sealed class GatewaySnapshot
    {
        public IReadOnlyList<SnapshotRoute> Routes { get; set; } = Array.Empty<SnapshotRoute>();
        /// <summary>Authorizers by name (the name is what exports use).</summary>
        public IReadOnlyDictionary<string, SnapshotAuthorizer> Authorizers { get; set; } = new Dictionary<string, SnapshotAuthorizer>(StringComparer.Ordinal);

        /// <summary>The REST draft: every method of every resource, with its embedded integration.</summary>
        public static GatewaySnapshot FromRestDraft(IEnumerable<RestResource> resources, IEnumerable<RestAuthorizer> authorizers)
        {
            var byId = new Dictionary<string, RestAuthorizer>(StringComparer.Ordinal);
            foreach (var authorizer in authorizers ?? Enumerable.Empty<RestAuthorizer>())
            {
                if (authorizer?.Id != null) byId[authorizer.Id] = authorizer;
            }
            var routes = new List<SnapshotRoute>();
            foreach (var resource in resources ?? Enumerable.Empty<RestResource>())
            {
                if (resource?.ResourceMethods == null) continue;
                foreach (var pair in resource.ResourceMethods.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    var verb = (pair.Value?.HttpMethod ?? pair.Key).ToUpperInvariant();
                    var method = pair.Value;
                    string authorizerName = null;
                    if (method?.AuthorizerId != null && string.Equals(method.AuthorizationType, "CUSTOM", StringComparison.OrdinalIgnoreCase) && byId.TryGetValue(method.AuthorizerId, out var used))
                        authorizerName = used.Name;
                    routes.Add(new SnapshotRoute
                    {
                        RouteKey = verb + " " + (resource.Path ?? "/"),
                        HttpMethod = verb,
                        Path = resource.Path ?? "/",
                        ResourceId = resource.Id,
                        IntegrationType = method?.MethodIntegration?.Type,
                        IntegrationUri = method?.MethodIntegration?.Uri,
                        Credentials = method?.MethodIntegration?.Credentials,
                        AuthorizerName = authorizerName,
                    });
                }
            }
            return new GatewaySnapshot
            {
                Routes = routes,
                Authorizers = byId.Values.Where(a => a.Name != null).GroupBy(a => a.Name, StringComparer.Ordinal).ToDictionary(
                    g => g.Key,
                    g => new SnapshotAuthorizer { Id = g.First().Id, Name = g.Key, Uri = g.First().AuthorizerUri, Credentials = g.First().AuthorizerCredentials },
                    StringComparer.Ordinal),
            };
        }

        /// <summary>The v2 draft: every route with its integration, plus integrations no route targets.</summary>
        public static GatewaySnapshot FromV2Draft(IEnumerable<V2Route> routes, IEnumerable<V2Integration> integrations, IEnumerable<V2Authorizer> authorizers)
        {
            var integrationById = new Dictionary<string, V2Integration>(StringComparer.Ordinal);
            foreach (var integration in integrations ?? Enumerable.Empty<V2Integration>())
            {
                if (integration?.IntegrationId != null) integrationById[integration.IntegrationId] = integration;
            }
            var authorizerById = new Dictionary<string, V2Authorizer>(StringComparer.Ordinal);
            foreach (var authorizer in authorizers ?? Enumerable.Empty<V2Authorizer>())
            {
                if (authorizer?.AuthorizerId != null) authorizerById[authorizer.AuthorizerId] = authorizer;
            }

            var result = new List<SnapshotRoute>();
            var routed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var route in routes ?? Enumerable.Empty<V2Route>())
            {
                if (route == null) continue;
                var candidate = RouteCandidate.FromRouteKey(route.RouteKey);
                var integrationId = route.IntegrationId;
                V2Integration integration = null;
                if (integrationId != null && integrationById.TryGetValue(integrationId, out integration)) routed.Add(integrationId);
                string authorizerName = null;
                if (route.AuthorizerId != null && string.Equals(route.AuthorizationType, "CUSTOM", StringComparison.OrdinalIgnoreCase) && authorizerById.TryGetValue(route.AuthorizerId, out var used))
                    authorizerName = used.Name;
                result.Add(new SnapshotRoute
                {
                    RouteKey = route.RouteKey,
                    HttpMethod = candidate.HttpMethod,
                    Path = candidate.Path,
                    IntegrationId = integrationId,
                    IntegrationType = integration?.IntegrationType,
                    IntegrationUri = integration?.IntegrationUri,
                    Credentials = integration?.CredentialsArn,
                    AuthorizerName = authorizerName,
                });
            }
            foreach (var integration in integrationById.Values.Where(i => !routed.Contains(i.IntegrationId)).OrderBy(i => i.IntegrationId, StringComparer.Ordinal))
            {
                result.Add(new SnapshotRoute
                {
                    IntegrationId = integration.IntegrationId,
                    IntegrationType = integration.IntegrationType,
                    IntegrationUri = integration.IntegrationUri,
                    Credentials = integration.CredentialsArn,
                });
            }
            return new GatewaySnapshot
            {
                Routes = result,
                Authorizers = authorizerById.Values.Where(a => a.Name != null).GroupBy(a => a.Name, StringComparer.Ordinal).ToDictionary(
                    g => g.Key,
                    g => new SnapshotAuthorizer { Id = g.First().AuthorizerId, Name = g.Key, Uri = g.First().AuthorizerUri, Credentials = g.First().AuthorizerCredentialsArn },
                    StringComparer.Ordinal),
            };
        }

        /// <summary>What a deployment serves, from its export; ids come from <paramref name="draft"/> by route key and name.</summary>
        public static GatewaySnapshot FromExport(ApiExport export, GatewaySnapshot draft)
        {
            if (export == null) throw new ArgumentNullException(nameof(export));
            var draftRoutes = new Dictionary<string, SnapshotRoute>(StringComparer.Ordinal);
            foreach (var route in draft?.Routes ?? Array.Empty<SnapshotRoute>())
            {
                if (route.RouteKey != null && !draftRoutes.ContainsKey(route.RouteKey)) draftRoutes[route.RouteKey] = route;
            }
            var routes = new List<SnapshotRoute>();
            foreach (var operation in export.Operations)
            {
                draftRoutes.TryGetValue(operation.RouteKey, out var draftRoute);
                var candidate = RouteCandidate.FromRouteKey(operation.RouteKey);
                routes.Add(new SnapshotRoute
                {
                    RouteKey = operation.RouteKey,
                    HttpMethod = candidate.HttpMethod,
                    Path = candidate.Path,
                    ResourceId = draftRoute?.ResourceId,
                    IntegrationId = draftRoute?.IntegrationId,
                    IntegrationType = operation.Integration?.Type,
                    IntegrationUri = operation.Integration?.Uri,
                    Credentials = operation.Integration?.Credentials,
                    AuthorizerName = operation.Authorizers.FirstOrDefault()?.Name,
                });
            }
            var authorizers = new Dictionary<string, SnapshotAuthorizer>(StringComparer.Ordinal);
            foreach (var exported in export.Authorizers)
            {
                if (exported?.Name == null) continue;
                SnapshotAuthorizer draftAuthorizer = null;
                draft?.Authorizers.TryGetValue(exported.Name, out draftAuthorizer);
                authorizers[exported.Name] = new SnapshotAuthorizer
                {
                    Id = draftAuthorizer?.Id,
                    Name = exported.Name,
                    Uri = exported.AuthorizerUri,
                    Credentials = exported.AuthorizerCredentials,
                };
            }
            return new GatewaySnapshot { Routes = routes, Authorizers = authorizers };
        }
    }

    /// <summary>A stage as the analysis needs it: its deployment, variables and canary.</summary>
    public sealed class GatewayStage
    {
        public string StageName { get; set; }
        public string DeploymentId { get; set; }
        public string Description { get; set; }
        public IReadOnlyDictionary<string, string> Variables { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
        public IReadOnlyDictionary<string, string> Tags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
        /// <summary>v2 stages that deploy every change of the API by themselves: they serve the draft.</summary>
        public bool AutoDeploy { get; set; }
        /// <summary>REST canary: the second deployment, or null without canarySettings.</summary>
        public string CanaryDeploymentId { get; set; }
        public IReadOnlyDictionary<string, string> CanaryVariableOverrides { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
        public bool HasCanary => CanaryDeploymentId != null;

        public static GatewayStage FromRest(RestStage stage) => new GatewayStage
        {
            StageName = stage.StageName,
            DeploymentId = stage.DeploymentId,
            Description = stage.Description,
            Variables = stage.Variables ?? new Dictionary<string, string>(StringComparer.Ordinal),
            Tags = stage.Tags ?? new Dictionary<string, string>(StringComparer.Ordinal),
            CanaryDeploymentId = string.IsNullOrEmpty(stage.CanarySettings?.DeploymentId) ? null : stage.CanarySettings.DeploymentId,
            CanaryVariableOverrides = stage.CanarySettings?.StageVariableOverrides ?? new Dictionary<string, string>(StringComparer.Ordinal),
        };

        public static GatewayStage FromV2(V2Stage stage) => new GatewayStage
        {
            StageName = stage.StageName,
            DeploymentId = stage.DeploymentId,
            Description = stage.Description,
            Variables = stage.StageVariables ?? new Dictionary<string, string>(StringComparer.Ordinal),
            Tags = stage.Tags ?? new Dictionary<string, string>(StringComparer.Ordinal),
            AutoDeploy = stage.AutoDeploy == true,
        };

        public override string ToString() => StageName + " -> " + DeploymentId + (HasCanary ? " (canary " + CanaryDeploymentId + ")" : string.Empty);
    }

    /// <summary>What one stage (or its canary) serves: the snapshot, and whether it is known (read from the
    /// deployment's export, or the draft of an auto-deploy stage) or assumed (the export failed; the draft stands in).</summary>
    public sealed class StageServingSource
    {
        public GatewayStage Stage { get; set; }
        public bool IsCanary { get; set; }
        public string DeploymentId { get; set; }
        public GatewaySnapshot Snapshot { get; set; }
        public bool IsKnown { get; set; }

        /// <summary>The variables this side of the stage sees (the canary's overrides layered on the stage's).</summary>
        public IReadOnlyDictionary<string, string> CanaryOverrides => IsCanary ? Stage.CanaryVariableOverrides : null;

        public override string ToString() => Stage.StageName + (IsCanary ? " (canary)" : string.Empty) + " -> " + DeploymentId + (IsKnown ? string.Empty : " (assumed draft)");
    }

    /// <summary>An -InvokeUrl's reach inside one API: the stage and the path within it.</summary>
    public sealed class RouteScope
    {
        public string StageName { get; set; }
        public string ResourcePath { get; set; }
    }
}
