using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LambdaAlias.Emulator.Generator;

/// <summary>Parameters of a synthetic account. The defaults are the benchmark's default account (issue 7):
/// 200 REST APIs × 25 methods × 2 stages, 40 HTTP APIs, 400 functions × 5 versions, 150 event source mappings.</summary>
public sealed class SyntheticAccountOptions
{
    public int Seed { get; set; } = 1;
    public string AccountId { get; set; } = "123456789012";
    public string Region { get; set; } = "us-east-1";
    public int RestApis { get; set; } = 200;
    public int MethodsPerApi { get; set; } = 25;
    public int StagesPerApi { get; set; } = 2;
    public int HttpApis { get; set; } = 40;
    public int RoutesPerHttpApi { get; set; } = 5;
    public int Functions { get; set; } = 400;
    public int VersionsPerFunction { get; set; } = 5;
    public int EventSourceMappings { get; set; } = 150;
    /// <summary>Share (0..1) of integrations and mappings pinned to a numeric version; the rest use <see cref="AliasName"/>.</summary>
    public double PinnedFraction { get; set; } = 0.5;
    /// <summary>The alias every function has (on its newest version), used by the unpinned integrations and mappings.</summary>
    public string AliasName { get; set; } = "live";

    /// <summary>The same account multiplied in size (for the 1×, 2×, 5×, 10× series): APIs, functions and mappings scale;
    /// methods per API, stages and versions per function stay.</summary>
    public SyntheticAccountOptions Scaled(double factor)
    {
        int S(int n) => Math.Max(n == 0 ? 0 : 1, (int)Math.Round(n * factor));
        return new SyntheticAccountOptions
        {
            Seed = Seed, AccountId = AccountId, Region = Region, RestApis = S(RestApis), MethodsPerApi = MethodsPerApi,
            StagesPerApi = StagesPerApi, HttpApis = S(HttpApis), RoutesPerHttpApi = RoutesPerHttpApi, Functions = S(Functions),
            VersionsPerFunction = VersionsPerFunction, EventSourceMappings = S(EventSourceMappings), PinnedFraction = PinnedFraction, AliasName = AliasName,
        };
    }

    /// <summary>A small account for smoke runs and tests.</summary>
    public static SyntheticAccountOptions Quick() => new()
    {
        RestApis = 4, MethodsPerApi = 5, StagesPerApi = 2, HttpApis = 2, RoutesPerHttpApi = 3, Functions = 8, VersionsPerFunction = 3, EventSourceMappings = 4,
    };
}

/// <summary>A generated account: the scenario sections and what they contain, so a benchmark knows the expected pins.</summary>
public sealed class SyntheticAccount
{
    public SyntheticAccountOptions Options { get; init; }
    public JsonObject Lambda { get; init; }
    public JsonObject ApiGateway { get; init; }
    public JsonObject ApiGatewayV2 { get; init; }
    public int TotalIntegrations { get; init; }
    /// <summary>REST methods and HTTP API integrations pinned to a numeric version.</summary>
    public int PinnedIntegrations { get; init; }
    /// <summary>Mappings whose FunctionArn names a numeric version.</summary>
    public int PinnedEventSourceMappings { get; init; }
    public int PermissionStatements { get; init; }

    /// <summary>The whole scenario: {"lambda": ..., "apigateway": ..., "apigatewayv2": ...}.</summary>
    public JsonDocument ToDocument() => JsonDocument.Parse(new JsonObject
    {
        ["lambda"] = Lambda.DeepClone(),
        ["apigateway"] = ApiGateway.DeepClone(),
        ["apigatewayv2"] = ApiGatewayV2.DeepClone(),
    }.ToJsonString());

    /// <summary>Write the scenario as one JSON file that <c>--scenario PATH</c> and <see cref="ScenarioLoader"/> load.</summary>
    public void WriteTo(string path)
    {
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream);
        new JsonObject { ["lambda"] = Lambda.DeepClone(), ["apigateway"] = ApiGateway.DeepClone(), ["apigatewayv2"] = ApiGatewayV2.DeepClone() }.WriteTo(writer);
    }

    /// <summary>Generate the scenario document with all three sections. Deterministic for a given seed.</summary>
    public static JsonDocument Generate(SyntheticAccountOptions options) => Build(options).ToDocument();

    /// <summary>Generate the account: functions fn-0000.. with versions 1..N, $LATEST equal to version N and the alias on
    /// version N; the API Gateway part (<see cref="ApiGatewayScenarioGenerator"/>) spreads integrations over them; each
    /// integration's permission is granted on exactly the qualifier it invokes; mappings poll SQS queues.</summary>
    public static SyntheticAccount Build(SyntheticAccountOptions options)
    {
        options ??= new SyntheticAccountOptions();
        if (options.Functions < 1) throw new ArgumentOutOfRangeException(nameof(options), "A synthetic account needs at least one function.");
        if (options.VersionsPerFunction < 1) throw new ArgumentOutOfRangeException(nameof(options), "Functions need at least one published version.");
        if (options.PinnedFraction is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(options), "PinnedFraction must be between 0 and 1.");
        var partition = options.Region.StartsWith("cn-") ? "aws-cn" : options.Region.StartsWith("us-gov-") ? "aws-us-gov" : "aws";
        var names = Enumerable.Range(0, options.Functions).Select(i => $"fn-{i:D4}").ToList();

        var gateway = ApiGatewayScenarioGenerator.Generate(new ApiGatewayGeneratorOptions
        {
            Seed = options.Seed, AccountId = options.AccountId, Region = options.Region, RestApis = options.RestApis,
            MethodsPerRestApi = options.MethodsPerApi, StagesPerRestApi = options.StagesPerApi, HttpApis = options.HttpApis,
            RoutesPerHttpApi = options.RoutesPerHttpApi, PinnedFraction = options.PinnedFraction,
            Functions = names.Select(n => new GeneratedFunctionTarget(n, options.VersionsPerFunction, options.AliasName)).ToList(),
        });
        var permissionsByFunction = gateway.Permissions.GroupBy(p => p.FunctionName).ToDictionary(g => g.Key, g => g.ToList());

        var functions = new JsonArray();
        var statementCount = 0;
        foreach (var name in names)
        {
            var versions = new JsonArray();
            for (var v = 1; v <= options.VersionsPerFunction; v++)
                versions.Add(new JsonObject
                {
                    ["version"] = v.ToString(CultureInfo.InvariantCulture),
                    ["code"] = $"{name} v{v}",
                    ["memorySize"] = v == options.VersionsPerFunction ? 512 : 256,
                    ["environment"] = new JsonObject { ["TABLE_NAME"] = "synthetic", ["RELEASE"] = $"v{v}" },
                });
            var policies = new JsonArray();
            if (permissionsByFunction.TryGetValue(name, out var grants))
                foreach (var g in grants)
                {
                    var statement = new JsonObject
                    {
                        ["sid"] = $"apigw-{++statementCount:D6}",
                        ["principal"] = "apigateway.amazonaws.com",
                        ["sourceArn"] = g.SourceArn,
                    };
                    if (g.Qualifier != null) statement["qualifier"] = g.Qualifier;
                    policies.Add(statement);
                }
            functions.Add(new JsonObject
            {
                ["name"] = name,
                ["tags"] = new JsonObject { ["generator"] = "synthetic" },
                ["versions"] = versions,
                ["latest"] = new JsonObject { ["sameAs"] = options.VersionsPerFunction.ToString(CultureInfo.InvariantCulture) },
                ["aliases"] = new JsonArray(new JsonObject { ["name"] = options.AliasName, ["functionVersion"] = options.VersionsPerFunction.ToString(CultureInfo.InvariantCulture) }),
                ["policies"] = policies,
            });
        }

        // Mappings use their own random stream so that adding them never changes the API Gateway part of the account.
        var random = new Random(unchecked(options.Seed * 7919 + 17));
        var mappings = new JsonArray();
        var pinnedMappings = 0;
        for (var m = 0; m < options.EventSourceMappings; m++)
        {
            var name = names[(m * 7) % names.Count];
            string qualifier;
            if (random.NextDouble() < options.PinnedFraction)
            {
                pinnedMappings++;
                qualifier = random.Next(1, options.VersionsPerFunction + 1).ToString(CultureInfo.InvariantCulture);
            }
            else qualifier = options.AliasName;
            var uuidBytes = new byte[16];
            random.NextBytes(uuidBytes);
            mappings.Add(new JsonObject
            {
                ["uuid"] = new Guid(uuidBytes).ToString(),
                ["eventSourceArn"] = $"arn:{partition}:sqs:{options.Region}:{options.AccountId}:synthetic-queue-{m:D4}",
                ["functionArn"] = $"arn:{partition}:lambda:{options.Region}:{options.AccountId}:function:{name}:{qualifier}",
                ["state"] = "Enabled",
                ["batchSize"] = 10,
            });
        }

        var lambda = new JsonObject
        {
            ["accountId"] = options.AccountId,
            ["region"] = options.Region,
            ["defaults"] = new JsonObject { ["runtime"] = "python3.9", ["handler"] = "app.handler", ["timeout"] = 30 },
            ["functions"] = functions,
            ["eventSourceMappings"] = mappings,
        };
        return new SyntheticAccount
        {
            Options = options,
            Lambda = lambda,
            ApiGateway = gateway.ApiGateway,
            ApiGatewayV2 = gateway.ApiGatewayV2,
            TotalIntegrations = gateway.TotalIntegrations,
            PinnedIntegrations = gateway.PinnedIntegrations,
            PinnedEventSourceMappings = pinnedMappings,
            PermissionStatements = statementCount,
        };
    }
}
