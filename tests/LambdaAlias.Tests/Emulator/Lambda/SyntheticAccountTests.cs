using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LambdaAlias.Emulator;
using LambdaAlias.Emulator.Generator;
using Xunit;

namespace LambdaAlias.Tests.Emulator.Lambda;

public class SyntheticAccountTests
{
    [Fact]
    public void DefaultOptionsAreTheBenchmarksDefaultAccount()
    {
        var o = new SyntheticAccountOptions();
        Assert.Equal((200, 25, 2, 40, 400, 5, 150), (o.RestApis, o.MethodsPerApi, o.StagesPerApi, o.HttpApis, o.Functions, o.VersionsPerFunction, o.EventSourceMappings));
        var ten = o.Scaled(10);
        Assert.Equal((2000, 25, 2, 400, 4000, 5, 1500), (ten.RestApis, ten.MethodsPerApi, ten.StagesPerApi, ten.HttpApis, ten.Functions, ten.VersionsPerFunction, ten.EventSourceMappings));
    }

    [Fact]
    public void LambdaSectionHasTheRequestedShapeAndCountsItsPins()
    {
        var account = SyntheticAccount.Build(new SyntheticAccountOptions
        {
            Seed = 3, RestApis = 6, MethodsPerApi = 8, StagesPerApi = 2, HttpApis = 3, RoutesPerHttpApi = 4, Functions = 10,
            VersionsPerFunction = 4, EventSourceMappings = 40, PinnedFraction = 0.25,
        });
        var functions = account.Lambda["functions"]!.AsArray();
        Assert.Equal(10, functions.Count);
        Assert.All(functions, f => Assert.Equal(4, f!["versions"]!.AsArray().Count));
        Assert.All(functions, f => Assert.Equal("4", (string)f!["aliases"]![0]!["functionVersion"]!));
        Assert.Equal(6 * 8 + 3 * 4, account.TotalIntegrations);

        var mappings = account.Lambda["eventSourceMappings"]!.AsArray().Select(m => (string)m!["functionArn"]!).ToList();
        Assert.Equal(40, mappings.Count);
        Assert.Equal(account.PinnedEventSourceMappings, mappings.Count(a => Regex.IsMatch(a, @":\d+$")));
        Assert.InRange(account.PinnedEventSourceMappings, 2, 20);
        Assert.Equal(account.PermissionStatements, functions.Sum(f => f!["policies"]!.AsArray().Count));
    }

    [Fact]
    public void SameSeedGivesTheSameAccount()
    {
        var a = SyntheticAccount.Build(SyntheticAccountOptions.Quick());
        var b = SyntheticAccount.Build(SyntheticAccountOptions.Quick());
        Assert.Equal(a.Lambda.ToJsonString(), b.Lambda.ToJsonString());
        var other = SyntheticAccountOptions.Quick();
        other.Seed = 2;
        Assert.NotEqual(a.Lambda.ToJsonString(), SyntheticAccount.Build(other).Lambda.ToJsonString());
    }

    [Fact]
    public async Task EveryGeneratedRouteAndMappingServesTraffic()
    {
        var account = SyntheticAccount.Build(SyntheticAccountOptions.Quick());
        using var doc = account.ToDocument();
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { ScenarioDocument = doc });

        var probes = 0;
        foreach (var api in account.ApiGateway["restApis"]!.AsArray())
            foreach (var resource in api!["resources"]!.AsArray().Where(r => r!["methods"] != null))
                foreach (var (verb, _) in resource!["methods"]!.AsObject())
                    foreach (var stage in api["stages"]!.AsArray())
                    {
                        var r = host.Probe(new ProbeRequest { ApiId = (string)api["id"], Stage = (string)stage!["stageName"], Method = verb, Path = (string)resource["path"] });
                        Assert.True(r.Succeeded, $"{api["id"]} {stage["stageName"]} {verb} {resource["path"]}: {r.FailureReason}\n  {string.Join("\n  ", r.Chain)}");
                        probes++;
                    }
        foreach (var mapping in account.Lambda["eventSourceMappings"]!.AsArray())
        {
            var r = host.Probe(new ProbeRequest { EventSourceMappingUuid = (string)mapping!["uuid"] });
            Assert.True(r.Succeeded, r.FailureReason);
            probes++;
        }
        Assert.Equal(4 * 5 * 2 + 4, probes);

        using var client = new EmulatorTestClient(host);
        var list = await client.LambdaAsync(HttpMethod.Get, "/2015-03-31/functions/?FunctionVersion=ALL");
        Assert.Equal(8 * (1 + 3), list.Json.GetProperty("Functions").GetArrayLength());
    }

    [Fact]
    public void WrittenScenarioLoadsFromAFile()
    {
        var account = SyntheticAccount.Build(SyntheticAccountOptions.Quick());
        var file = Path.Combine(Path.GetTempPath(), $"synthetic-{Guid.NewGuid():N}.json");
        try
        {
            account.WriteTo(file);
            var state = new EmulatorState();
            ScenarioLoader.Load(state, file);
            Assert.Equal(8, state.LambdaFunctions.Count);
            Assert.Equal(4, state.EventSourceMappings.Count);
        }
        finally { File.Delete(file); }
    }
}
