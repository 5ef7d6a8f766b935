using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>One AWS listing a completer offers: where it comes from, and each item as a candidate.</summary>
    internal interface ICompletionSource
    {
        /// <summary>Names the listing in cache keys, e.g. "lambda:functions".</summary>
        string Kind { get; }
        AwsService Service { get; }
        /// <summary>Streams candidates page by page, so a listing cut short by the time limit still offers what arrived.</summary>
        IAsyncEnumerable<CompletionCandidate> ListAsync(ICompletionConnection connection, string scope, CancellationToken cancellationToken);
    }

    /// <summary>Lambda functions (ListFunctions, latest versions only).</summary>
    internal sealed class FunctionNameSource : ICompletionSource
    {
        public static FunctionNameSource Instance { get; } = new FunctionNameSource();
        public string Kind => "lambda:functions";
        public AwsService Service => AwsService.Lambda;

        public async IAsyncEnumerable<CompletionCandidate> ListAsync(ICompletionConnection connection, string scope, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            // ListFunctions returns at most 50 per page whatever MaxItems says; asking for 50 keeps the page count minimal.
            var pages = AwsPaginator.Enumerate((marker, ct) => connection.Lambda.ListFunctionsPageAsync(marker, 50, false, ct), "ListFunctions", cancellationToken);
            await foreach (var function in pages.ConfigureAwait(false))
            {
                if (!string.IsNullOrEmpty(function?.FunctionName)) yield return ToCandidate(function);
            }
        }

        public static CompletionCandidate ToCandidate(FunctionConfiguration function)
        {
            var facts = new List<string>();
            facts.Add(!string.IsNullOrEmpty(function.Runtime) ? function.Runtime : (string.IsNullOrEmpty(function.PackageType) ? null : function.PackageType + " package"));
            if (function.MemorySize != null) facts.Add(function.MemorySize.Value.ToString(CultureInfo.InvariantCulture) + " MB");
            if (function.LastModified != null) facts.Add("last modified " + CompletionFormat.Date(function.LastModified.Value));
            return new CompletionCandidate(function.FunctionName, function.FunctionName,
                CompletionFormat.Lines(function.FunctionName, CompletionFormat.Join(facts), function.Description));
        }
    }

    /// <summary>Aliases of the function typed in -FunctionName (ListAliases).</summary>
    internal sealed class AliasNameSource : ICompletionSource
    {
        public static AliasNameSource Instance { get; } = new AliasNameSource();
        public string Kind => "lambda:aliases";
        public AwsService Service => AwsService.Lambda;

        public async IAsyncEnumerable<CompletionCandidate> ListAsync(ICompletionConnection connection, string scope, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var pages = AwsPaginator.Enumerate((marker, ct) => connection.Lambda.ListAliasesPageAsync(scope, marker, 10000, null, ct), "ListAliases", cancellationToken);
            await foreach (var alias in pages.ConfigureAwait(false))
            {
                if (!string.IsNullOrEmpty(alias?.Name)) yield return ToCandidate(alias);
            }
        }

        public static CompletionCandidate ToCandidate(AliasConfiguration alias)
        {
            var target = "version " + (alias.FunctionVersion ?? "?");
            if (alias.HasWeightedRouting)
            {
                var extra = alias.RoutingConfig.AdditionalVersionWeights;
                var primary = 1 - extra.Values.Sum();
                target += " (" + CompletionFormat.Percent(primary) + ")" + string.Concat(extra.OrderBy(w => w.Key, StringComparer.Ordinal)
                    .Select(w => ", version " + w.Key + " (" + CompletionFormat.Percent(w.Value) + ")"));
            }
            return new CompletionCandidate(alias.Name, alias.Name, CompletionFormat.Lines(alias.Name + " -> " + target, alias.Description));
        }
    }

    /// <summary>REST APIs (API Gateway v1 GetRestApis). Matched by id or name, sorted by name.</summary>
    internal sealed class RestApiIdSource : ICompletionSource
    {
        public static RestApiIdSource Instance { get; } = new RestApiIdSource();
        public string Kind => "apigateway:restapis";
        public AwsService Service => AwsService.ApiGateway;

        public async IAsyncEnumerable<CompletionCandidate> ListAsync(ICompletionConnection connection, string scope, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            // The largest page AWS allows (500) instead of the default 25.
            var pages = AwsPaginator.Enumerate((position, ct) => connection.ApiGateway.GetRestApisPageAsync(position, 500, ct), "GetRestApis", cancellationToken);
            await foreach (var api in pages.ConfigureAwait(false))
            {
                if (!string.IsNullOrEmpty(api?.Id)) yield return ToCandidate(api);
            }
        }

        public static CompletionCandidate ToCandidate(RestApi api)
        {
            var types = api.EndpointConfiguration?.Types != null && api.EndpointConfiguration.Types.Count > 0 ? string.Join("/", api.EndpointConfiguration.Types) : null;
            var facts = CompletionFormat.Join(new[] { "REST API", types, api.CreatedDate == null ? null : "created " + CompletionFormat.Date(api.CreatedDate.Value) });
            return ApiCandidate(api.Id, api.Name, facts, api.Description);
        }

        internal static CompletionCandidate ApiCandidate(string id, string name, string facts, string description)
        {
            var title = string.IsNullOrEmpty(name) ? id : name + " (" + id + ")";
            return new CompletionCandidate(id, string.IsNullOrEmpty(name) ? id : id + " (" + name + ")", CompletionFormat.Lines(title, facts, description),
                alsoMatches: name, sortKey: string.IsNullOrEmpty(name) ? id : name);
        }
    }

    /// <summary>HTTP and WebSocket APIs (API Gateway v2 GetApis). Matched by id or name, sorted by name.</summary>
    internal sealed class ApiIdSource : ICompletionSource
    {
        public static ApiIdSource Instance { get; } = new ApiIdSource();
        public string Kind => "apigatewayv2:apis";
        public AwsService Service => AwsService.ApiGatewayV2;

        public async IAsyncEnumerable<CompletionCandidate> ListAsync(ICompletionConnection connection, string scope, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            // The service's default page size: the v2 model documents no maximum for maxResults, so none is guessed.
            var pages = AwsPaginator.Enumerate((token, ct) => connection.ApiGatewayV2.GetApisPageAsync(token, null, ct), "GetApis", cancellationToken);
            await foreach (var api in pages.ConfigureAwait(false))
            {
                if (!string.IsNullOrEmpty(api?.ApiId)) yield return ToCandidate(api);
            }
        }

        public static CompletionCandidate ToCandidate(V2Api api)
        {
            var protocol = string.IsNullOrEmpty(api.ProtocolType) ? "API" : api.ProtocolType + " API";
            var facts = CompletionFormat.Join(new[] { protocol, api.CreatedDate == null ? null : "created " + CompletionFormat.Date(api.CreatedDate.Value) });
            return RestApiIdSource.ApiCandidate(api.ApiId, api.Name, facts, CompletionFormat.Lines(api.ApiEndpoint, api.Description));
        }
    }

    /// <summary>Stages of the REST API typed in -RestApiId (GetStages, which AWS does not paginate).</summary>
    internal sealed class RestStageNameSource : ICompletionSource
    {
        public static RestStageNameSource Instance { get; } = new RestStageNameSource();
        public string Kind => "apigateway:stages";
        public AwsService Service => AwsService.ApiGateway;

        public async IAsyncEnumerable<CompletionCandidate> ListAsync(ICompletionConnection connection, string scope, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var stages = await connection.ApiGateway.GetStagesAsync(scope, null, cancellationToken).ConfigureAwait(false);
            foreach (var stage in stages ?? new List<RestStage>())
            {
                if (!string.IsNullOrEmpty(stage?.StageName)) yield return ToCandidate(stage);
            }
        }

        public static CompletionCandidate ToCandidate(RestStage stage)
        {
            var facts = new List<string> { "deployment " + (stage.DeploymentId ?? "?") };
            if (stage.CanarySettings != null)
            {
                facts.Add("canary " + CompletionFormat.Number(stage.CanarySettings.PercentTraffic) + "% on " + (stage.CanarySettings.DeploymentId ?? "?"));
            }
            if (stage.LastUpdatedDate != null) facts.Add("updated " + CompletionFormat.Date(stage.LastUpdatedDate.Value));
            return new CompletionCandidate(stage.StageName, stage.StageName, CompletionFormat.Lines(stage.StageName + " (" + CompletionFormat.Join(facts) + ")", stage.Description));
        }
    }

    /// <summary>Stages of the HTTP or WebSocket API typed in -ApiId (GetStages, paginated in v2).</summary>
    internal sealed class V2StageNameSource : ICompletionSource
    {
        public static V2StageNameSource Instance { get; } = new V2StageNameSource();
        public string Kind => "apigatewayv2:stages";
        public AwsService Service => AwsService.ApiGatewayV2;

        public async IAsyncEnumerable<CompletionCandidate> ListAsync(ICompletionConnection connection, string scope, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var pages = AwsPaginator.Enumerate((token, ct) => connection.ApiGatewayV2.GetStagesPageAsync(scope, token, null, ct), "GetStages", cancellationToken);
            await foreach (var stage in pages.ConfigureAwait(false))
            {
                if (!string.IsNullOrEmpty(stage?.StageName)) yield return ToCandidate(stage);
            }
        }

        public static CompletionCandidate ToCandidate(V2Stage stage)
        {
            var facts = new List<string>();
            if (stage.AutoDeploy == true) facts.Add("auto-deploy");
            facts.Add("deployment " + (string.IsNullOrEmpty(stage.DeploymentId) ? "none yet" : stage.DeploymentId));
            if (stage.LastUpdatedDate != null) facts.Add("updated " + CompletionFormat.Date(stage.LastUpdatedDate.Value));
            return new CompletionCandidate(stage.StageName, stage.StageName, CompletionFormat.Lines(stage.StageName + " (" + CompletionFormat.Join(facts) + ")", stage.Description));
        }
    }

    /// <summary>Reads what the user already typed on the command line (the completer's fakeBoundParameters).</summary>
    internal static class CompletionParameters
    {
        /// <summary>
        /// The literal text of a typed parameter, or null when it is absent, blank, or not a plain value: PowerShell passes
        /// an expression it would not evaluate for completion (a subexpression, a command) as its AST, and an array or
        /// a wildcard cannot name one parent to list under.
        /// </summary>
        public static string GetLiteral(IDictionary fakeBoundParameters, string name)
        {
            if (fakeBoundParameters == null) return null;
            foreach (DictionaryEntry entry in fakeBoundParameters)
            {
                if (!(entry.Key is string key) || !string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) continue;
                var value = entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value;
                if (value is string text)
                {
                    text = text.Trim();
                    return text.Length == 0 || WildcardPattern.ContainsWildcardCharacters(text) ? null : text;
                }
                return null;
            }
            return null;
        }

        /// <summary>
        /// The typed parameters with every value PowerShell left unevaluated (an AST) removed, so connection settings
        /// are built only from real values: "-Region (Get-MyRegion)" must not become a region named "(Get-MyRegion)".
        /// </summary>
        public static IDictionary WithoutUnevaluated(IDictionary fakeBoundParameters)
        {
            var copy = new Hashtable(StringComparer.OrdinalIgnoreCase);
            if (fakeBoundParameters == null) return copy;
            foreach (DictionaryEntry entry in fakeBoundParameters)
            {
                if (!(entry.Key is string key)) continue;
                var value = entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value;
                if (value is Ast) continue;
                copy[key] = entry.Value;
            }
            return copy;
        }
    }

    /// <summary>Tooltip text helpers: invariant culture, UTC, one fact list per line.</summary>
    internal static class CompletionFormat
    {
        public static string Date(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

        public static string Percent(double fraction) => Number(Math.Round(fraction * 100, 2)) + "%";

        public static string Number(double? value) => value == null ? "?" : value.Value.ToString("0.##", CultureInfo.InvariantCulture);

        public static string Join(IEnumerable<string> facts) => string.Join(", ", facts.Where(f => !string.IsNullOrEmpty(f)));

        public static string Lines(params string[] lines)
        {
            var text = new StringBuilder();
            foreach (var line in lines)
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                if (text.Length > 0) text.Append('\n');
                text.Append(line.Trim());
            }
            return text.ToString();
        }
    }
}
