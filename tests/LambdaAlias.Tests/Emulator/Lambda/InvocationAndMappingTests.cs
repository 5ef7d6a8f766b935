using System.Text.Json;
using LambdaAlias.Emulator;
using Xunit;
using static LambdaAlias.Tests.Emulator.Lambda.LambdaTestContext;

namespace LambdaAlias.Tests.Emulator.Lambda;

public class InvocationAndMappingTests
{
    private const string ApiGateway = "apigateway.amazonaws.com";
    private const string EsmUuid = "6f1e0c4a-0000-4000-8000-0000000000e1";

    [Fact]
    public async Task APermissionOnOneQualifierDoesNotCoverAnother()
    {
        await using var t = await StartAsync();
        var s = t.Host.State;
        var source = ExecuteApi("a1b2c3d4e5/dev/GET/orders");

        var v1 = s.InvokeLambda(Arn("my-func", "1"), ApiGateway, source, Account, null, 0);
        Assert.True(v1.Succeeded, v1.FailureReason);
        Assert.Equal("1", v1.ServedVersion);

        var v2 = s.InvokeLambda(Arn("my-func", "2"), ApiGateway, source, Account, null, 0);
        Assert.False(v2.Succeeded);
        Assert.Contains("my-func:2", v2.FailureReason);
        Assert.False(s.InvokeLambda(Arn("my-func"), ApiGateway, source, Account, null, 0).Succeeded);
        Assert.False(s.InvokeLambda("my-func:$LATEST", ApiGateway, source, Account, null, 0).Succeeded);
    }

    [Fact]
    public async Task SourceArnPatternAndPrincipalMustMatch()
    {
        await using var t = await StartAsync();
        var s = t.Host.State;
        Assert.True(s.InvokeLambda(Arn("auth-func", "1"), ApiGateway, ExecuteApi("a1b2c3d4e5/authorizers/auth01"), Account, null, 0).Succeeded);
        Assert.False(s.InvokeLambda(Arn("auth-func", "1"), ApiGateway, ExecuteApi("a1b2c3d4e5/authorizers/other"), Account, null, 0).Succeeded);
        Assert.False(s.InvokeLambda(Arn("my-func", "1"), "events.amazonaws.com", ExecuteApi("a1b2c3d4e5/dev/GET/orders"), Account, null, 0).Succeeded);
        Assert.False(s.InvokeLambda(Arn("my-func", "1"), ApiGateway, ExecuteApi("zzzzzzzzzz/dev/GET/orders"), Account, null, 0).Succeeded);
        Assert.False(s.InvokeLambda(Arn("my-func", "1"), ApiGateway, null, Account, null, 0).Succeeded);
    }

    [Fact]
    public async Task TheUnqualifiedPolicyGovernsLatestAndAliasPoliciesAreSeparate()
    {
        await using var t = await StartAsync();
        var s = t.Host.State;
        var post = ExecuteApi("h1t2t3p4a5/$default/POST/items");
        var latest = s.InvokeLambda(Arn("http-func"), ApiGateway, post, Account, null, 0);
        Assert.True(latest.Succeeded, latest.FailureReason);
        Assert.Equal("$LATEST", latest.ServedVersion);
        Assert.True(s.InvokeLambda(Arn("http-func", "$LATEST"), ApiGateway, post, Account, null, 0).Succeeded);
        Assert.False(s.InvokeLambda(Arn("http-func", "1"), ApiGateway, post, Account, null, 0).Succeeded); // v1's policy allows GET only

        var staging = s.InvokeLambda(Arn("stagevar-func", "staging"), ApiGateway, ExecuteApi("s7t8u9v0w1/staging/GET/orders"), Account, null, 0);
        Assert.True(staging.Succeeded, staging.FailureReason);
        Assert.Equal(("staging", "3"), (staging.Qualifier, staging.ServedVersion));
        var live = s.InvokeLambda(Arn("aliased-func", "live"), ApiGateway, ExecuteApi("k2l3m4n5o6/prod/GET/health"), Account, null, 0);
        Assert.True(live.Succeeded, live.FailureReason);
        Assert.False(s.InvokeLambda(Arn("aliased-func", "2"), ApiGateway, ExecuteApi("k2l3m4n5o6/prod/GET/health"), Account, null, 0).Succeeded);
    }

    [Fact]
    public async Task AliasRoutingServesTheAdditionalVersionToItsShare()
    {
        await using var t = await StartAsync();
        var update = await t.CallAsync("UpdateAlias", HttpMethod.Put, "/2015-03-31/functions/stagevar-func/aliases/staging",
            new { RoutingConfig = new { AdditionalVersionWeights = new Dictionary<string, double> { ["2"] = 0.25 } } });
        Assert.Equal(200, update.Status);
        var source = ExecuteApi("s7t8u9v0w1/staging/GET/orders");
        Assert.Equal("2", t.Host.State.InvokeLambda(Arn("stagevar-func", "staging"), ApiGateway, source, Account, null, 0.1).ServedVersion);
        Assert.Equal("3", t.Host.State.InvokeLambda(Arn("stagevar-func", "staging"), ApiGateway, source, Account, null, 0.6).ServedVersion);
    }

    [Fact]
    public async Task CredentialsRoleInvokesThroughItsIamPolicyNotTheResourcePolicy()
    {
        var file = Path.Combine(Path.GetTempPath(), $"emu-roles-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """
        { "lambda": {
            "functions": [ { "name": "role-func", "versions": [ { "version": "1" } ] } ],
            "roles": [ { "arn": "arn:aws:iam::123456789012:role/apigw-invoke", "allowInvoke": [ "arn:aws:lambda:us-east-1:123456789012:function:role-func:*" ] } ] } }
        """);
        try
        {
            await using var t = await StartAsync(file);
            var s = t.Host.State;
            const string role = "arn:aws:iam::123456789012:role/apigw-invoke";
            var source = ExecuteApi("abc/dev/GET/x");
            Assert.False(s.InvokeLambda(Arn("role-func", "1"), ApiGateway, source, Account, null, 0).Succeeded); // no resource policy
            var viaRole = s.InvokeLambda(Arn("role-func", "1"), ApiGateway, source, Account, role, 0);
            Assert.True(viaRole.Succeeded, viaRole.FailureReason);
            Assert.False(s.InvokeLambda(Arn("role-func"), ApiGateway, source, Account, role, 0).Succeeded); // pattern needs a qualifier
            Assert.False(s.InvokeLambda(Arn("role-func", "1"), ApiGateway, source, Account, "arn:aws:iam::123456789012:role/missing", 0).Succeeded);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public async Task EventSourceMappingProbeNeedsNoResourcePolicy()
    {
        await using var t = await StartAsync();
        var probe = t.Host.Probe(new ProbeRequest { EventSourceMappingUuid = EsmUuid });
        Assert.True(probe.Succeeded, probe.FailureReason);
        Assert.Equal((200, "1", Arn("queue-func", "1")), (probe.Status, probe.ServedVersion, probe.FunctionArn));

        var overHttp = await t.Client.SendUnsignedAsync(HttpMethod.Post, "/_emulator/probe", new { eventSourceMappingUuid = EsmUuid });
        Assert.Equal(200, overHttp.Status);
        Assert.Equal("1", overHttp.Json.GetProperty("servedVersion").GetString());
        Assert.Equal(404, t.Host.Probe(new ProbeRequest { EventSourceMappingUuid = "missing" }).Status);
    }

    [Fact]
    public async Task UpdatingAnEventSourceMappingGoesThroughUpdatingThenEnabled()
    {
        await using var t = await StartAsync();
        var clock = DateTimeOffset.UtcNow;
        t.Host.State.Clock = () => clock;
        await t.CallAsync("CreateAlias", HttpMethod.Post, "/2015-03-31/functions/queue-func/aliases", new { Name = "live", FunctionVersion = "2" });

        var list = await t.CallAsync("ListEventSourceMappings", HttpMethod.Get, "/2015-03-31/event-source-mappings/?FunctionName=queue-func");
        Assert.Single(list.Json.GetProperty("EventSourceMappings").EnumerateArray());
        Assert.Equal("Enabled", list.Json.GetProperty("EventSourceMappings")[0].GetProperty("State").GetString());

        var update = await t.CallAsync("UpdateEventSourceMapping", HttpMethod.Put, $"/2015-03-31/event-source-mappings/{EsmUuid}", new { FunctionName = Arn("queue-func", "live") });
        Assert.Equal(202, update.Status);
        Assert.Equal("Updating", update.Json.GetProperty("State").GetString());
        Assert.Equal(Arn("queue-func", "live"), update.Json.GetProperty("FunctionArn").GetString());

        var busy = await t.CallAsync("UpdateEventSourceMapping", HttpMethod.Put, $"/2015-03-31/event-source-mappings/{EsmUuid}", new { BatchSize = 5 });
        Assert.Equal((400, "ResourceInUseException"), (busy.Status, busy.ErrorType));
        var during = t.Host.Probe(new ProbeRequest { EventSourceMappingUuid = EsmUuid });
        Assert.True(during.Succeeded);
        Assert.Equal("1", during.ServedVersion); // the old target serves until the update completes

        clock += TimeSpan.FromSeconds(5);
        var done = await t.CallAsync("GetEventSourceMapping", HttpMethod.Get, $"/2015-03-31/event-source-mappings/{EsmUuid}");
        Assert.Equal("Enabled", done.Json.GetProperty("State").GetString());
        var after = t.Host.Probe(new ProbeRequest { EventSourceMappingUuid = EsmUuid });
        Assert.Equal(("live", "2"), (after.Qualifier, after.ServedVersion));

        var missingTarget = await t.CallAsync("UpdateEventSourceMapping", HttpMethod.Put, $"/2015-03-31/event-source-mappings/{EsmUuid}", new { FunctionName = Arn("queue-func", "nope") });
        Assert.Equal(404, missingTarget.Status);
        Assert.Equal(404, (await t.CallAsync("GetEventSourceMapping", HttpMethod.Get, "/2015-03-31/event-source-mappings/unknown")).Status);
        var byAlias = await t.CallAsync("ListEventSourceMappings", HttpMethod.Get, "/2015-03-31/event-source-mappings/?FunctionName=" + Uri.EscapeDataString(Arn("queue-func", "live")));
        Assert.Single(byAlias.Json.GetProperty("EventSourceMappings").EnumerateArray());
    }

    [Fact]
    public async Task DeletedFunctionMidRunBreaksTheProbe()
    {
        await using var t = await StartAsync();
        Assert.True(t.Host.RemoveAndProbe("queue-func", EsmUuid) is { Succeeded: false, Status: 404 });
    }

    [Fact]
    public async Task InvokeOverTheControlApi()
    {
        await using var t = await StartAsync();
        var r = await t.Client.SendUnsignedAsync(HttpMethod.Post, "/_emulator/invoke", new
        {
            functionRef = Arn("my-func", "1"), principal = ApiGateway, sourceArn = ExecuteApi("a1b2c3d4e5/dev/GET/orders"), sourceAccount = Account,
        });
        Assert.Equal(200, r.Status);
        Assert.True(r.Json.GetProperty("succeeded").GetBoolean());
        Assert.Equal("1", r.Json.GetProperty("servedVersion").GetString());
    }

    [Fact]
    public async Task ScenarioControlReplacesTheAccount()
    {
        await using var t = await StartAsync();
        var load = await t.Client.SendUnsignedAsync(HttpMethod.Post, "/_emulator/scenario", new
        {
            document = new { lambda = new { functions = new[] { new { name = "solo", versions = new[] { new { version = "1" } } } } } },
        });
        Assert.Equal(204, load.Status);
        var list = await t.CallAsync("ListFunctions", HttpMethod.Get, "/2015-03-31/functions/");
        Assert.Equal(new[] { "solo" }, list.Json.GetProperty("Functions").EnumerateArray().Select(f => f.GetProperty("FunctionName").GetString()));

        Assert.Equal(204, (await t.Client.SendUnsignedAsync(HttpMethod.Post, "/_emulator/reset")).Status);
        var restored = await t.CallAsync("ListFunctions", HttpMethod.Get, "/2015-03-31/functions/");
        Assert.Equal(6, restored.Json.GetProperty("Functions").GetArrayLength());
    }
}

internal static class HostTestExtensions
{
    /// <summary>"A resource deleted mid-run": remove the function behind a mapping, then probe the mapping.</summary>
    public static ProbeResult RemoveAndProbe(this EmulatorHost host, string function, string uuid)
    {
        host.State.RemoveFunction(function);
        return host.Probe(new ProbeRequest { EventSourceMappingUuid = uuid });
    }
}
