using System;
using System.Collections.Generic;
using System.Linq;

namespace LambdaAlias
{
    /// <summary>A stage's own text, where a pin may be echoed.</summary>
    public sealed class EchoStage
    {
        public string StageName { get; set; }
        public string Description { get; set; }
        public IReadOnlyDictionary<string, string> Tags { get; set; }
    }

    /// <summary>An API's own text (name, description, tags) and its stages, where a pin may be echoed.</summary>
    public sealed class EchoScope
    {
        public GatewayApiKind Kind { get; set; }
        public string ApiId { get; set; }
        public string ApiName { get; set; }
        public string ApiDescription { get; set; }
        public IReadOnlyDictionary<string, string> Tags { get; set; }
        public IReadOnlyList<EchoStage> Stages { get; set; } = Array.Empty<EchoStage>();
    }

    /// <summary>
    /// Finds the other places a pin is written down — API names and descriptions, tag keys and values, stage
    /// descriptions and tags — which a migration leaves stale, and names the tool that manages a resource from its tags.
    /// </summary>
    public static class EchoFinder
    {
        private const int ShownLength = 120;

        /// <summary>The text a pin is recognised by: "my-func:1", or "my-func" when unqualified.</summary>
        public static string PinText(string functionName, string qualifier) =>
            string.IsNullOrEmpty(qualifier) ? functionName : functionName + ":" + qualifier;

        /// <summary>
        /// True when <paramref name="text"/> mentions the pin as a whole token: "dev-lambda-my-func:1-API" mentions
        /// "my-func:1", but "my-func:10", "xmy-func:1" and "my-func:live2" (for "my-func:live") do not. A numbered
        /// version may be followed by '-' (it cannot continue a number); an alias or name may not (it could continue one).
        /// Case-sensitive, as function names and qualifiers are.
        /// </summary>
        public static bool Mentions(string text, string pinText)
        {
            if (string.IsNullOrEmpty(text) || string.IsNullOrEmpty(pinText)) return false;
            bool endsWithDigit = char.IsDigit(pinText[pinText.Length - 1]) && pinText.IndexOf(':') >= 0 &&
                                 pinText.Substring(pinText.LastIndexOf(':') + 1).All(char.IsDigit);
            // An unqualified pin ("my-func") is not echoed by a qualified mention ("my-func:1").
            bool qualified = pinText.IndexOf(':') >= 0;
            int start = 0;
            while (true)
            {
                int index = text.IndexOf(pinText, start, StringComparison.Ordinal);
                if (index < 0) return false;
                int after = index + pinText.Length;
                bool leftOk = index == 0 || !IsWordChar(text[index - 1]);
                bool rightOk = after == text.Length || (endsWithDigit ? !char.IsDigit(text[after])
                    : !IsNameChar(text[after]) && (qualified || text[after] != ':'));
                if (leftOk && rightOk) return true;
                start = index + 1;
            }
        }

        /// <summary>Readable echo strings for every place in the scope that mentions the pin, in a fixed order: API name,
        /// API description, API tags (by key), then each stage's description and tags.</summary>
        public static string[] FindEchoes(string pinText, EchoScope scope)
        {
            if (scope == null || string.IsNullOrEmpty(pinText)) return Array.Empty<string>();
            var echoes = new List<string>();
            var apiLabel = (scope.Kind == GatewayApiKind.Rest ? "REST" : scope.Kind == GatewayApiKind.Http ? "HTTP" : "WebSocket") + " API " + (scope.ApiId ?? "?");
            if (Mentions(scope.ApiName, pinText)) echoes.Add(apiLabel + " name " + Quote(scope.ApiName));
            if (Mentions(scope.ApiDescription, pinText)) echoes.Add(apiLabel + " description " + Quote(scope.ApiDescription));
            echoes.AddRange(TagEchoes(apiLabel, scope.Tags, pinText));
            foreach (var stage in scope.Stages ?? Array.Empty<EchoStage>())
            {
                var stageLabel = apiLabel + " stage " + stage.StageName;
                if (Mentions(stage.Description, pinText)) echoes.Add(stageLabel + " description " + Quote(stage.Description));
                echoes.AddRange(TagEchoes(stageLabel, stage.Tags, pinText));
            }
            return echoes.ToArray();
        }

        /// <summary>
        /// The tool that manages a resource, from its tags: CloudFormation's aws:cloudformation:stack-name ("CloudFormation
        /// stack X", with "(SAM)" when SAM's lambda:createdBy tag is there too), SAM alone, Service Catalog's
        /// aws:servicecatalog:provisionedProductArn, AWS Copilot's copilot-application, and the common
        /// ManagedBy / managed-by / managed_by and terraform=true conventions. Null when no tag says.
        /// </summary>
        public static string ManagedBy(IReadOnlyDictionary<string, string> tags)
        {
            if (tags == null || tags.Count == 0) return null;
            string Get(string key)
            {
                foreach (var pair in tags)
                {
                    if (string.Equals(pair.Key, key, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(pair.Value)) return pair.Value;
                }
                return null;
            }

            bool sam = string.Equals(Get("lambda:createdBy"), "SAM", StringComparison.OrdinalIgnoreCase);
            var stack = Get("aws:cloudformation:stack-name");
            if (stack != null) return "CloudFormation stack " + stack + (sam ? " (SAM)" : string.Empty);
            if (sam) return "SAM";
            var product = Get("aws:servicecatalog:provisionedProductArn");
            if (product != null) return "Service Catalog provisioned product " + product;
            var copilot = Get("copilot-application");
            if (copilot != null)
            {
                var environment = Get("copilot-environment");
                return "AWS Copilot application " + copilot + (environment != null ? " environment " + environment : string.Empty);
            }
            foreach (var key in new[] { "ManagedBy", "managed-by", "managed_by", "managed-by-tool" })
            {
                var value = Get(key);
                if (value != null) return value + " (tag " + tags.First(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)).Key + ")";
            }
            var terraform = Get("terraform");
            if (terraform != null && (terraform.Equals("true", StringComparison.OrdinalIgnoreCase) || terraform.Equals("yes", StringComparison.OrdinalIgnoreCase)))
                return "Terraform (tag terraform=" + terraform + ")";
            return null;
        }

        private static IEnumerable<string> TagEchoes(string label, IReadOnlyDictionary<string, string> tags, string pinText)
        {
            if (tags == null) yield break;
            foreach (var pair in tags.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (Mentions(pair.Key, pinText) || Mentions(pair.Value, pinText))
                    yield return label + " tag " + Shorten(pair.Key) + "=" + Shorten(pair.Value ?? string.Empty);
            }
        }

        private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

        private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '-';

        private static string Quote(string value) => "'" + Shorten(value) + "'";

        private static string Shorten(string value) => value.Length <= ShownLength ? value : value.Substring(0, ShownLength) + "...";
    }
}
