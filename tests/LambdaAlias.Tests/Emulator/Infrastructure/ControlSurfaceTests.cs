using System.Diagnostics;
using LambdaAlias.Emulator;
using LambdaAlias.Emulator.Infrastructure;
using Xunit;

namespace LambdaAlias.Tests.Emulator.Infrastructure;

public class ControlSurfaceTests
{
    [Fact]
    public async Task RequestLogRecordsEachCallInProcessAndOverHttp()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        using var client = new EmulatorTestClient(host);
        await client.GetCallerIdentityAsync();
        await client.SendUnsignedAsync(HttpMethod.Post, "/", "Action=GetCallerIdentity");

        var entries = host.Requests.Query("GetCallerIdentity");
        Assert.Equal(2, entries.Count);
        Assert.Equal((200, "sts", "POST", false), (entries[0].Status, entries[0].Service, entries[0].Method, entries[0].Mutating));
        Assert.Equal(403, entries[1].Status);
        Assert.Equal("MissingAuthenticationToken", entries[1].ErrorCode);
        Assert.True(entries[1].Sequence > entries[0].Sequence);

        var overHttp = await client.SendUnsignedAsync(HttpMethod.Get, "/_emulator/requests?operation=GetCallerIdentity");
        Assert.Equal(200, overHttp.Status);
        Assert.Equal(2, overHttp.Json.GetProperty("requests").GetArrayLength());
        Assert.Equal(2, host.Requests.Count); // control calls are not AWS calls

        await client.SendUnsignedAsync(HttpMethod.Delete, "/_emulator/requests");
        Assert.Equal(0, host.Requests.Count);
    }

    [Fact]
    public async Task FaultFailsOnlyTheNthCallWithTheGivenError()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        using var client = new EmulatorTestClient(host);
        var rule = host.Faults.FailNth("GetCallerIdentity", 2, 503, "ServiceUnavailable", "try later", times: 2);

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++) statuses.Add((await client.GetCallerIdentityAsync()).Status);

        Assert.Equal(new[] { 200, 503, 503, 200 }, statuses);
        Assert.Equal(2, rule.TimesFired);
        Assert.Equal(new[] { null, "error", "error", null }, host.Requests.All.Select(e => e.Fault));
    }

    [Fact]
    public async Task FaultOverHttpDropsTheConnection()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        using var client = new EmulatorTestClient(host);
        var added = await client.SendUnsignedAsync(HttpMethod.Post, "/_emulator/faults", new { operation = "GetCallerIdentity", onCall = 1, kind = "drop" });
        Assert.Equal(201, added.Status);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetCallerIdentityAsync());
        Assert.Equal(200, (await client.GetCallerIdentityAsync()).Status);
        Assert.Equal(0, host.Requests.All[0].Status);
        Assert.Equal("drop", host.Requests.All[0].Fault);
    }

    [Fact]
    public async Task TimeoutFaultHangsUntilTheClientGivesUp()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        using var client = new EmulatorTestClient(host);
        Assert.Equal(200, (await client.GetCallerIdentityAsync()).Status); // warm up, so the timed call reaches the server
        var rule = host.Faults.TimeoutNth("GetCallerIdentity", 1, hangFor: TimeSpan.FromSeconds(20));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetCallerIdentityAsync(cts.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Equal(1, rule.TimesFired);
        Assert.Equal(200, (await client.GetCallerIdentityAsync()).Status);
    }

    [Fact]
    public async Task QuotaBucketThrottlesBeyondItsBurstAndRefillsWithTheTimeScale()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions { QuotasEnabled = true });
        host.Quotas.SetRules(new[] { new QuotaRule { Name = "sts-test", Service = "sts", RatePerSecond = 1, Burst = 2 } });
        using var client = new EmulatorTestClient(host);

        Assert.Equal(200, (await client.GetCallerIdentityAsync()).Status);
        Assert.Equal(200, (await client.GetCallerIdentityAsync()).Status);
        var throttled = await client.GetCallerIdentityAsync();
        Assert.Equal(400, throttled.Status); // STS's Query protocol reports Throttling as a 400
        Assert.Contains("<Code>Throttling</Code>", throttled.Body);
        Assert.NotNull(throttled.Header("Retry-After"));
        Assert.True(host.Requests.All.Last().Throttled);

        host.TimeScale = 50; // one nominal second of refill now takes 20 ms
        await Task.Delay(100);
        Assert.Equal(200, (await client.GetCallerIdentityAsync()).Status);

        host.Quotas.Enabled = false;
        for (var i = 0; i < 5; i++) Assert.Equal(200, (await client.GetCallerIdentityAsync()).Status);
    }

    [Fact]
    public async Task AwsDefaultQuotasMatchThePublishedControlPlaneLimits()
    {
        var rules = QuotaManager.AwsDefaults().ToDictionary(r => r.Name);
        Assert.Equal((10.0, 40.0), (rules["apigateway-account"].RatePerSecond, rules["apigateway-account"].Burst));
        Assert.Equal(5.0, rules["apigateway-GetResources"].Burst);
        Assert.Equal(2.5, rules["apigateway-GetResources"].RatePerSecond); // 5 per 2 s
        Assert.Equal(0.2, rules["apigateway-CreateDeployment"].RatePerSecond); // 1 per 5 s
        Assert.Equal(100.0, rules["lambda-GetFunction"].RatePerSecond);
        Assert.Equal(15.0, rules["lambda-GetPolicy"].RatePerSecond);
        Assert.True(rules["lambda-control-plane"].Matches("lambda", "ListAliases"));
        Assert.False(rules["lambda-control-plane"].Matches("lambda", "GetFunction"));
        Assert.True(rules["apigateway-account"].Matches("apigatewayv2", "GetApis"));

        var timing = new EmulatorTiming();
        var quotas = new QuotaManager(timing) { Enabled = true };
        var allowed = Enumerable.Range(0, 60).Count(_ => quotas.TryAcquire("apigateway", "GetRestApis").Allowed);
        Assert.Equal(40, allowed);
        Assert.True(quotas.TryAcquire("apigateway", "CreateDeployment").Allowed == false); // the account bucket is empty too
        await Task.CompletedTask;
    }

    [Fact]
    public async Task CreateDeploymentQuotaAllowsOneEveryFiveNominalSeconds()
    {
        var timing = new EmulatorTiming();
        var quotas = new QuotaManager(timing) { Enabled = true };
        Assert.True(quotas.TryAcquire("apigateway", "CreateDeployment").Allowed);
        var second = quotas.TryAcquire("apigateway", "CreateDeployment");
        Assert.False(second.Allowed);
        Assert.Equal("apigateway-CreateDeployment", second.RuleName);
        Assert.InRange(second.RetryAfter.TotalSeconds, 4.5, 5.0);

        timing.Scale = 100;
        var scaled = quotas.TryAcquire("apigateway", "CreateDeployment");
        Assert.InRange(scaled.RetryAfter.TotalSeconds, 0.0, 0.051);
        await Task.Delay(80);
        Assert.True(quotas.TryAcquire("apigateway", "CreateDeployment").Allowed);
    }

    [Fact]
    public void RetryAfterIsWholeSecondsAtRealTimeAndFractionalWhenSpedUp()
    {
        Assert.Equal("1", AwsWire.FormatRetryAfter(0.07));
        Assert.Equal("5", AwsWire.FormatRetryAfter(4.8));
        Assert.Equal("0.5", AwsWire.FormatRetryAfter(0.5, timeScale: 10));
        Assert.Equal("2", AwsWire.FormatRetryAfter(1.2, timeScale: 10));
    }

    [Fact]
    public async Task LatencyIsInjectedPerCallAndDividedByTheTimeScale()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        using var client = new EmulatorTestClient(host);
        await client.GetCallerIdentityAsync(); // warm up the connection
        var set = await client.SendUnsignedAsync(HttpMethod.Post, "/_emulator/latency", new { perOperationMs = new Dictionary<string, double> { ["GetCallerIdentity"] = 400 } });
        Assert.Equal(200, set.Status);

        var watch = Stopwatch.StartNew();
        await client.GetCallerIdentityAsync();
        Assert.True(watch.ElapsedMilliseconds >= 390, $"took {watch.ElapsedMilliseconds} ms");

        host.Latency.Set("GetCallerIdentity", TimeSpan.FromSeconds(20));
        host.TimeScale = 100; // 20 s nominal => 200 ms
        watch.Restart();
        await client.GetCallerIdentityAsync();
        Assert.InRange(watch.ElapsedMilliseconds, 190, 10_000);
    }

    [Fact]
    public async Task ResetClearsStateLogAndFaults()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        using var client = new EmulatorTestClient(host);
        host.Faults.FailNth("GetCallerIdentity", 1, 500);
        host.State.AccountId = "111122223333";
        await client.GetCallerIdentityAsync();

        var reset = await client.SendUnsignedAsync(HttpMethod.Post, "/_emulator/reset");
        Assert.Equal(204, reset.Status);
        Assert.Empty(host.Faults.Rules);
        Assert.Equal(0, host.Requests.Count);
        var r = await client.GetCallerIdentityAsync();
        Assert.Equal(200, r.Status);
        Assert.Contains("<Account>123456789012</Account>", r.Body);
    }
}
