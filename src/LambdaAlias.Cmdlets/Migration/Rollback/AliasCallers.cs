using System;
using System.Collections.Generic;
using System.Linq;

namespace LambdaAlias
{
    /// <summary>
    /// Who invokes an alias, from the alias pins a scan found: each API Gateway route or authorizer that names the alias
    /// becomes a caller (principal and the narrowest SourceArn the invocation carries), so the alias's resource policy can
    /// be checked against it. Pure.
    /// </summary>
    public static class AliasCallers
    {
        /// <summary>
        /// The callers behind one pin. Event source mappings invoke through the function's execution role, and an
        /// integration with a credentials role through that role, so the resource policy decides neither: no caller.
        /// </summary>
        public static IReadOnlyList<AliasCaller> FromPin(LambdaIntegrationPin pin, string partition)
        {
            if (pin == null) throw new ArgumentNullException(nameof(pin));
            if (pin.SourceKind == SourceKind.EventSourceMapping || pin.SourceKind == SourceKind.ResourcePolicy) return Array.Empty<AliasCaller>();
            if (!string.IsNullOrEmpty(pin.CredentialsRole) || pin.Permission == PermissionState.ViaRole) return Array.Empty<AliasCaller>();
            var apiId = pin.RestApiId ?? pin.ApiId;
            if (string.IsNullOrEmpty(apiId) || string.IsNullOrEmpty(pin.Region) || string.IsNullOrEmpty(pin.AccountId)) return Array.Empty<AliasCaller>();

            if (!string.IsNullOrEmpty(pin.AuthorizerId) && (pin.SourceKind == SourceKind.RestAuthorizer || pin.SourceKind == SourceKind.HttpAuthorizer))
            {
                return new[] { Caller(PermissionRules.ForAuthorizer(partition, pin.Region, pin.AccountId, apiId, pin.AuthorizerId), pin, "authorizer " + pin.AuthorizerId) };
            }

            var routes = (pin.Routes ?? Array.Empty<string>()).Where(r => !string.IsNullOrWhiteSpace(r)).ToList();
            if (routes.Count == 0 && !string.IsNullOrEmpty(pin.HttpMethod)) routes.Add(pin.HttpMethod + " " + (pin.ResourcePath ?? "/"));
            return routes
                .Select(route => Caller(PermissionRules.ForRouteKey(partition, pin.Region, pin.AccountId, apiId, route), pin, route))
                .GroupBy(c => c.SourceArn, StringComparer.Ordinal).Select(g => g.First())
                .ToList();
        }

        /// <summary>The callers of every pin that names <paramref name="functionName"/>:<paramref name="aliasName"/>, without duplicates.</summary>
        public static IReadOnlyList<AliasCaller> For(IEnumerable<LambdaIntegrationPin> pins, string functionName, string aliasName, string partition) =>
            (pins ?? Enumerable.Empty<LambdaIntegrationPin>())
                .Where(p => p != null && p.PinKind == PinKind.Alias && string.Equals(p.FunctionName, functionName, StringComparison.Ordinal)
                            && string.Equals(p.AliasName ?? p.Qualifier, aliasName, StringComparison.Ordinal))
                .SelectMany(p => FromPin(p, partition))
                .GroupBy(c => c.Principal + "\n" + c.SourceArn, StringComparer.Ordinal).Select(g => g.First())
                .ToList();

        private static AliasCaller Caller(string sourceArn, LambdaIntegrationPin pin, string what) => new AliasCaller
        {
            Principal = PermissionRules.ApiGatewayPrincipal,
            SourceArn = sourceArn,
            Description = (pin.ApiName != null ? pin.ApiName + " " : string.Empty) + what,
        };
    }

    /// <summary>The configuration drift a rollback checks: the fields that can bring back the hazard a migration fixed.</summary>
    public static class RollbackDrift
    {
        /// <summary>VpcConfig, environment variable names, runtime, role and layers.</summary>
        public static readonly IReadOnlyList<string> Properties = new[] { "VpcConfig", "EnvironmentVariableNames", "Runtime", "Role", "Layers" };

        /// <summary>What differs from the version now serving (<paramref name="current"/>) to the rollback target, as the
        /// planner expects it: the target's value in PinnedValue, the current one in OtherValue.</summary>
        public static IReadOnlyList<ConfigDifference> Compare(FunctionConfigSnapshot target, FunctionConfigSnapshot current) =>
            ConfigDrift.Compare(target, current).Where(d => Properties.Contains(d.Property, StringComparer.Ordinal)).ToList();
    }
}
