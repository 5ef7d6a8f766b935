using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace LambdaAlias
{
    /// <summary>The outcome of substituting ${stageVariables.x} references in one piece of text for one stage (or canary).</summary>
    public sealed class StageVariableResolution
    {
        public string Original { get; internal set; }
        /// <summary>The text with every defined variable substituted; references to missing variables are left as written.</summary>
        public string Resolved { get; internal set; }
        /// <summary>Variables referenced and defined, in order of first use.</summary>
        public string[] Used { get; internal set; } = Array.Empty<string>();
        /// <summary>Variables referenced but not defined: the route is broken on this stage.</summary>
        public string[] Missing { get; internal set; } = Array.Empty<string>();
        /// <summary>Variables whose value came from the canary's stageVariableOverrides.</summary>
        public string[] FromCanaryOverride { get; internal set; } = Array.Empty<string>();
        public bool IsComplete => Missing.Length == 0;
    }

    /// <summary>A Lambda integration URI resolved for one stage: which function and qualifier it invokes there.</summary>
    public sealed class ResolvedLambdaTarget
    {
        public LambdaIntegrationUri Integration { get; internal set; }
        public StageVariableResolution Resolution { get; internal set; }
        /// <summary>The function the stage invokes, or null when a variable is missing or the substituted text is malformed.</summary>
        public LambdaFunctionReference Function { get; internal set; }
        /// <summary>Version, Latest or Alias; null when unresolved. An alias that points at $LATEST is reported as Alias
        /// here; the caller, knowing the alias, turns it into Latest.</summary>
        public PinKind? PinKind { get; internal set; }
        /// <summary>The URI with substitutions applied.</summary>
        public string ResolvedUri { get; internal set; }
        /// <summary>StageVariableMissing or MalformedIntegrationUri; null on success.</summary>
        public DiscoveryError Error { get; internal set; }
        public bool IsResolved => Error == null && Function != null;
    }

    /// <summary>API Gateway stage variables: finding ${stageVariables.x} references, substituting a stage's values
    /// (with a canary's overrides layered on top), and classifying the resulting qualifier.</summary>
    public static class StageVariables
    {
        public const string TokenPrefix = "${stageVariables.";
        private static readonly Regex Token = new Regex(@"\$\{stageVariables\.([A-Za-z0-9_]+)\}", RegexOptions.CultureInvariant);
        private static readonly Regex VersionPattern = new Regex("^[0-9]+$", RegexOptions.CultureInvariant);

        /// <summary>The distinct variable names referenced in the text, in order of first use.</summary>
        public static string[] FindNames(string text)
        {
            if (string.IsNullOrEmpty(text) || text.IndexOf(TokenPrefix, StringComparison.Ordinal) < 0) return Array.Empty<string>();
            return Token.Matches(text).Cast<Match>().Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToArray();
        }

        /// <summary>True when the text holds at least one well-formed ${stageVariables.x} reference.</summary>
        public static bool ContainsReference(string text) =>
            !string.IsNullOrEmpty(text) && text.IndexOf(TokenPrefix, StringComparison.Ordinal) >= 0 && Token.IsMatch(text);

        /// <summary>The text with every well-formed reference removed (used to validate what surrounds them).</summary>
        public static string RemoveReferences(string text) => string.IsNullOrEmpty(text) ? text : Token.Replace(text, string.Empty);

        /// <summary>The variables a canary sees: the stage's variables with the canary's stageVariableOverrides on top.</summary>
        public static IReadOnlyDictionary<string, string> Layer(IReadOnlyDictionary<string, string> stageVariables, IReadOnlyDictionary<string, string> canaryOverrides)
        {
            var merged = new Dictionary<string, string>(StringComparer.Ordinal);
            if (stageVariables != null) foreach (var pair in stageVariables) merged[pair.Key] = pair.Value;
            if (canaryOverrides != null) foreach (var pair in canaryOverrides) merged[pair.Key] = pair.Value;
            return merged;
        }

        /// <summary>Substitutes references using the stage's variables, with canary overrides (if any) taking precedence.
        /// Variable names are case-sensitive. A variable mapped to null counts as missing.</summary>
        public static StageVariableResolution Resolve(string text, IReadOnlyDictionary<string, string> stageVariables, IReadOnlyDictionary<string, string> canaryOverrides = null)
        {
            var result = new StageVariableResolution { Original = text, Resolved = text };
            if (string.IsNullOrEmpty(text) || text.IndexOf(TokenPrefix, StringComparison.Ordinal) < 0) return result;

            var used = new List<string>();
            var missing = new List<string>();
            var fromCanary = new List<string>();
            var builder = new StringBuilder();
            int last = 0;
            foreach (Match match in Token.Matches(text))
            {
                builder.Append(text, last, match.Index - last);
                last = match.Index + match.Length;
                var name = match.Groups[1].Value;
                string value = null;
                bool fromOverride = canaryOverrides != null && canaryOverrides.TryGetValue(name, out value) && value != null;
                if (!fromOverride && (stageVariables == null || !stageVariables.TryGetValue(name, out value))) value = null;
                if (value == null)
                {
                    if (!missing.Contains(name)) missing.Add(name);
                    builder.Append(match.Value);
                    continue;
                }
                if (!used.Contains(name)) used.Add(name);
                if (fromOverride && !fromCanary.Contains(name)) fromCanary.Add(name);
                builder.Append(value);
            }
            builder.Append(text, last, text.Length - last);
            result.Resolved = builder.ToString();
            result.Used = used.ToArray();
            result.Missing = missing.ToArray();
            result.FromCanaryOverride = fromCanary.ToArray();
            return result;
        }

        /// <summary>Classifies a resolved qualifier: a number is Version; $LATEST, empty or none is Latest; anything else
        /// is an alias (Latest only if that alias points at $LATEST, which the caller knows).</summary>
        public static PinKind ClassifyResolvedQualifier(string qualifier)
        {
            if (string.IsNullOrEmpty(qualifier) || qualifier == LambdaFunctionReference.LatestQualifier) return PinKind.Latest;
            return VersionPattern.IsMatch(qualifier) ? PinKind.Version : PinKind.Alias;
        }

        /// <summary>The PinKind a qualifier kind implies without resolution; null for StageVariable (decided per stage).</summary>
        public static PinKind? PinKindOf(QualifierKind kind)
        {
            switch (kind)
            {
                case QualifierKind.Version: return PinKind.Version;
                case QualifierKind.Latest:
                case QualifierKind.Unqualified: return PinKind.Latest;
                case QualifierKind.Alias: return PinKind.Alias;
                default: return null;
            }
        }

        /// <summary>Resolves a Lambda integration URI for one stage (and optionally its canary): substitutes the variables,
        /// re-parses the function reference, and classifies the qualifier. Never throws; failures are in Error.</summary>
        public static ResolvedLambdaTarget ResolveIntegration(LambdaIntegrationUri integration, IReadOnlyDictionary<string, string> stageVariables, IReadOnlyDictionary<string, string> canaryOverrides = null)
        {
            if (integration == null) throw new ArgumentNullException(nameof(integration));
            var target = new ResolvedLambdaTarget { Integration = integration };
            var resolution = Resolve(integration.Raw, stageVariables, canaryOverrides);
            target.Resolution = resolution;
            target.ResolvedUri = resolution.Resolved;
            if (!resolution.IsComplete)
            {
                var names = string.Join(", ", resolution.Missing);
                target.Error = new DiscoveryError(ErrorIds.StageVariableMissing, DiscoveryErrorCategory.ObjectNotFound,
                    "The integration URI " + DiscoveryError.Quote(integration.Raw) + " reads stage variable" + (resolution.Missing.Length > 1 ? "s " : " ") + names +
                    (canaryOverrides != null ? ", which neither the stage nor its canary defines" : ", which the stage does not define") + ": the route is broken.",
                    names);
                return target;
            }

            if (!integration.UsesStageVariables)
            {
                target.Function = integration.Function;
            }
            else
            {
                var reparsed = IntegrationUriParser.Parse(resolution.Resolved);
                if (!reparsed.IsLambda)
                {
                    target.Error = reparsed.Error ?? new DiscoveryError(ErrorIds.MalformedIntegrationUri, DiscoveryErrorCategory.InvalidData,
                        "After substituting stage variables, " + DiscoveryError.Quote(resolution.Resolved) + " is no longer a Lambda integration URI.", resolution.Resolved);
                    return target;
                }
                if (reparsed.Lambda.UsesStageVariables)
                {
                    // A variable's value itself holds a ${stageVariables.x} reference; API Gateway substitutes once only.
                    target.Error = new DiscoveryError(ErrorIds.MalformedIntegrationUri, DiscoveryErrorCategory.InvalidData,
                        "After substituting stage variables, " + DiscoveryError.Quote(resolution.Resolved) + " still contains a stage variable reference.", resolution.Resolved);
                    return target;
                }
                target.Function = reparsed.Lambda.Function;
            }
            target.PinKind = ClassifyResolvedQualifier(target.Function.Qualifier);
            return target;
        }
    }
}
