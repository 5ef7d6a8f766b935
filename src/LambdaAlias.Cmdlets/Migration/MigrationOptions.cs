using System;
using System.Text.RegularExpressions;

namespace LambdaAlias
{
    /// <summary>How a migration grants the alias permission to API Gateway sources.</summary>
    public enum PermissionScope
    {
        /// <summary>Copy each existing statement's SourceArn (the narrowest that works today).</summary>
        Method,
        /// <summary>One statement per API (<c>{apiId}/*</c>) to stay under the 20 KB policy limit. Broader: needs AllowBroaderPermission.</summary>
        Api,
    }

    /// <summary>The parameters of Set-IntegrationToAlias that shape the plan.</summary>
    public sealed class MigrationOptions
    {
        public const string DefaultAliasName = "live";

        public string AliasName { get; set; } = DefaultAliasName;
        /// <summary>Only these stages are deployed; null or empty means every stage that served the pin.</summary>
        public string[] StageName { get; set; }
        public bool NoDeploy { get; set; }
        public bool RemoveVersionPermission { get; set; }
        public PermissionScope PermissionScope { get; set; } = PermissionScope.Method;
        public bool AllowAliasMove { get; set; }
        public bool AllowUndeployedChanges { get; set; }
        public bool AllowRoleInvocation { get; set; }
        public bool AllowBroaderPermission { get; set; }
    }

    /// <summary>Lambda's alias-name rule, shared by the planner and by parameter validation.</summary>
    public static class AliasNames
    {
        // Lambda's own pattern, anchored with \z (not $, which would accept a trailing newline).
        private static readonly Regex Pattern = new Regex(@"^(?![0-9]+\z)[a-zA-Z0-9_-]{1,128}\z", RegexOptions.CultureInvariant);

        /// <summary>Suffix of the alias a canary's stage-variable override moves to, so the canary keeps its own version.</summary>
        public const string CanarySuffix = "-canary";

        public static bool IsValid(string aliasName) => aliasName != null && Pattern.IsMatch(aliasName);

        /// <summary>The alias a canary override of a stage variable is moved to: "{alias}-canary".</summary>
        public static string ForCanary(string aliasName) => aliasName + CanarySuffix;

        /// <summary>An alias name is never a version number and never $LATEST.</summary>
        public static bool IsVersionNumber(string qualifier) =>
            !string.IsNullOrEmpty(qualifier) && qualifier.Length <= 10 && ulong.TryParse(qualifier, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _);

        /// <summary>True for $LATEST and for no qualifier at all: both invoke the unpublished code.</summary>
        public static bool IsLatestQualifier(string qualifier) => string.IsNullOrEmpty(qualifier) || string.Equals(qualifier, "$LATEST", StringComparison.Ordinal);
    }
}
