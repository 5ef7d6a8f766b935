// The API Gateway half of the synthetic large account used by the benchmarks: REST APIs × methods × stages and HTTP
// APIs × routes, a given fraction of whose Lambda integrations are pinned to a numeric version. It emits the
// "apigateway" and "apigatewayv2" scenario sections (the schema RestScenario and HttpApiScenario load), plus the Lambda
// permissions each integration needs, so the Lambda generator can grant them. Deterministic for a given seed.
using System.Globalization;
using System.Text.Json.Nodes;

namespace LambdaAlias.Emulator;

/// <summary>A function the generated integrations may target.</summary>
/// <param name="Name">Function name.</param>
/// <param name="PublishedVersions">Published versions 1..N (at least 1); pins pick one of them.</param>
/// <param name="AliasName">An alias that unpinned integrations use, or null to leave them unqualified ($LATEST).</param>
public sealed record GeneratedFunctionTarget(string Name, int PublishedVersions, string AliasName);

/// <summary>A resource-policy statement an integration needs: principal apigateway.amazonaws.com on this qualifier
/// (null for the unqualified function) with this SourceArn.</summary>
public sealed record GeneratedPermission(string FunctionName, string Qualifier, string SourceArn);

public sealed class ApiGatewayGeneratorOptions
{
    public int Seed { get; set; } = 1;
    public string AccountId { get; set; } = "123456789012";
    public string Region { get; set; } = "us-east-1";
    public int RestApis { get; set; } = 20;
    public int MethodsPerRestApi { get; set; } = 10;
    public int StagesPerRestApi { get; set; } = 2;
    public int HttpApis { get; set; } = 5;
    public int RoutesPerHttpApi { get; set; } = 5;
    /// <summary>Share (0..1) of integrations pinned to a numeric version; the rest use the function's alias, or no qualifier.</summary>
    public double PinnedFraction { get; set; } = 0.5;
    /// <summary>The functions integrations target, round-robin. Defaults to fn-0000..fn-0049 with 3 versions and alias "live".</summary>
    public IReadOnlyList<GeneratedFunctionTarget> Functions { get; set; }
}

public sealed class ApiGatewayGeneratedSections
{
    /// <summary>The "apigateway" section.</summary>
    public JsonObject ApiGateway { get; init; }
    /// <summary>The "apigatewayv2" section.</summary>
    public JsonObject ApiGatewayV2 { get; init; }
    /// <summary>One statement per distinct (function, qualifier, SourceArn) the integrations need.</summary>
    public IReadOnlyList<GeneratedPermission> Permissions { get; init; }
    /// <summary>Integrations pinned to a numeric version (REST methods + HTTP API integrations).</summary>
    public int PinnedIntegrations { get; init; }
    public int TotalIntegrations { get; init; }
}

public static class ApiGatewayScenarioGenerator
{
    private static readonly string[] Verbs = { "GET", "POST", "PUT", "DELETE" };

    public static ApiGatewayGeneratedSections Generate(ApiGatewayGeneratorOptions options)
    {
        options ??= new ApiGatewayGeneratorOptions();
        if (options.PinnedFraction is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(options), "PinnedFraction must be between 0 and 1.");
        var functions = options.Functions is { Count: > 0 } f ? f
            : Enumerable.Range(0, 50).Select(i => new GeneratedFunctionTarget($"fn-{i:D4}", 3, "live")).ToList();
        var random = new Random(options.Seed);
        var partition = options.Region.StartsWith("cn-") ? "aws-cn" : options.Region.StartsWith("us-gov-") ? "aws-us-gov" : "aws";
        var permissions = new HashSet<GeneratedPermission>();
        var ids = new HashSet<string>();
        int pinned = 0, total = 0, functionCursor = 0;

        string NewId(int length)
        {
            const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
            while (true)
            {
                var id = new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
                if (ids.Add(id)) return id;
            }
        }

        (string FunctionArn, string Name, string Qualifier) NextTarget()
        {
            var fn = functions[functionCursor++ % functions.Count];
            total++;
            string qualifier;
            if (random.NextDouble() < options.PinnedFraction)
            {
                pinned++;
                qualifier = random.Next(1, Math.Max(1, fn.PublishedVersions) + 1).ToString(CultureInfo.InvariantCulture);
            }
            else qualifier = fn.AliasName;
            var arn = $"arn:{partition}:lambda:{options.Region}:{options.AccountId}:function:{fn.Name}" + (qualifier != null ? ":" + qualifier : "");
            return (arn, fn.Name, qualifier);
        }

        string InvocationsUri(string functionArn) => $"arn:{partition}:apigateway:{options.Region}:lambda:path/2015-03-31/functions/{functionArn}/invocations";
        string ExecuteApiArn(string apiId, string rest) => $"arn:{partition}:execute-api:{options.Region}:{options.AccountId}:{apiId}/{rest}";

        var restApis = new JsonArray();
        for (var a = 0; a < options.RestApis; a++)
        {
            var apiId = NewId(10);
            var resources = new JsonArray { new JsonObject { ["path"] = "/" } };
            for (var m = 0; m < options.MethodsPerRestApi; m++)
            {
                var verb = Verbs[m % Verbs.Length];
                var path = $"/res{m / Verbs.Length:D3}";
                var target = NextTarget();
                permissions.Add(new GeneratedPermission(target.Name, target.Qualifier, ExecuteApiArn(apiId, $"*/{verb}{path}")));
                resources.Add(new JsonObject
                {
                    ["path"] = path,
                    ["methods"] = new JsonObject
                    {
                        [verb] = new JsonObject
                        {
                            ["authorizationType"] = "NONE",
                            ["integration"] = new JsonObject { ["type"] = "AWS_PROXY", ["httpMethod"] = "POST", ["uri"] = InvocationsUri(target.FunctionArn) },
                        },
                    },
                });
            }
            var deploymentId = "d" + NewId(5);
            var stages = new JsonArray();
            for (var s = 0; s < options.StagesPerRestApi; s++)
                stages.Add(new JsonObject { ["stageName"] = s == 0 ? "prod" : $"stage{s}", ["deploymentId"] = deploymentId });
            restApis.Add(new JsonObject
            {
                ["id"] = apiId,
                ["name"] = $"synthetic-rest-{a:D4}",
                ["tags"] = new JsonObject { ["generator"] = "synthetic" },
                ["resources"] = resources,
                ["deployments"] = new JsonArray(new JsonObject { ["id"] = deploymentId, ["snapshot"] = "draft" }),
                ["stages"] = stages,
            });
        }

        var httpApis = new JsonArray();
        for (var a = 0; a < options.HttpApis; a++)
        {
            var apiId = NewId(10);
            var integrations = new JsonArray();
            var routes = new JsonArray();
            for (var r = 0; r < options.RoutesPerHttpApi; r++)
            {
                var verb = Verbs[r % Verbs.Length];
                var path = $"/items{r / Verbs.Length:D3}";
                var target = NextTarget();
                permissions.Add(new GeneratedPermission(target.Name, target.Qualifier, ExecuteApiArn(apiId, $"*/{verb}{path}")));
                var integrationId = NewId(7);
                integrations.Add(new JsonObject
                {
                    ["integrationId"] = integrationId,
                    ["integrationType"] = "AWS_PROXY",
                    // HTTP APIs accept both forms; alternate so scanners see both.
                    ["integrationUri"] = r % 2 == 0 ? target.FunctionArn : InvocationsUri(target.FunctionArn),
                    ["payloadFormatVersion"] = "2.0",
                });
                routes.Add(new JsonObject { ["routeKey"] = $"{verb} {path}", ["target"] = "integrations/" + integrationId });
            }
            httpApis.Add(new JsonObject
            {
                ["apiId"] = apiId,
                ["name"] = $"synthetic-http-{a:D4}",
                ["protocolType"] = "HTTP",
                ["integrations"] = integrations,
                ["routes"] = routes,
                ["stages"] = new JsonArray(new JsonObject { ["stageName"] = "$default", ["autoDeploy"] = true }),
            });
        }

        return new ApiGatewayGeneratedSections
        {
            ApiGateway = new JsonObject { ["restApis"] = restApis },
            ApiGatewayV2 = new JsonObject { ["apis"] = httpApis },
            Permissions = permissions.OrderBy(p => p.FunctionName, StringComparer.Ordinal).ThenBy(p => p.Qualifier, StringComparer.Ordinal).ThenBy(p => p.SourceArn, StringComparer.Ordinal).ToList(),
            PinnedIntegrations = pinned,
            TotalIntegrations = total,
        };
    }
}
