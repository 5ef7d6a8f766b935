using Xunit;

namespace LambdaAlias.UnitTests.Aws.Transport;

public class QuotaGateTests
{
    [Fact]
    public void TokenBucket_GivesTheBurstAtOnce_ThenOneTokenPerInterval()
    {
        var clock = new FakeClock();
        var bucket = new TokenBucket("t", ratePerSecond: 10, burst: 40, clock);

        var waits = Enumerable.Range(0, 43).Select(_ => bucket.Reserve()).ToList();

        Assert.All(waits.Take(40), w => Assert.Equal(TimeSpan.Zero, w));
        Assert.Equal(TimeSpan.FromMilliseconds(100), waits[40]);
        Assert.Equal(TimeSpan.FromMilliseconds(200), waits[41]);
        Assert.Equal(TimeSpan.FromMilliseconds(300), waits[42]);
    }

    [Fact]
    public void TokenBucket_RefillsWithTime_UpToTheBurstOnly()
    {
        var clock = new FakeClock();
        var bucket = new TokenBucket("t", ratePerSecond: 2, burst: 3, clock);
        for (var i = 0; i < 3; i++) bucket.Reserve();

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, bucket.Available, 3);
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(3, bucket.Available, 3);
    }

    [Fact]
    public async Task TokenBucket_CancelledWait_RefundsTheToken()
    {
        var clock = new FakeClock();
        var bucket = new TokenBucket("t", ratePerSecond: 1, burst: 1, clock);
        bucket.Reserve();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bucket.AcquireAsync(cancelled.Token));

        Assert.Equal(0, bucket.Available, 6);
    }

    [Fact]
    public void TokenBucket_Throttled_HalvesRateAndBlocksUntilRetryAfter_ThenRecovers()
    {
        var clock = new FakeClock();
        var bucket = new TokenBucket("t", ratePerSecond: 10, burst: 10, clock);

        bucket.OnThrottled(TimeSpan.FromSeconds(2));

        Assert.Equal(5, bucket.CurrentRate, 6);
        Assert.True(bucket.Reserve() >= TimeSpan.FromSeconds(2));
        for (var i = 0; i < 30; i++) bucket.OnSuccess();
        Assert.Equal(10, bucket.CurrentRate, 6);
        for (var i = 0; i < 20; i++) bucket.OnThrottled(null);
        Assert.Equal(1, bucket.CurrentRate, 6); // never below a tenth of the configured rate
    }

    [Fact]
    public void ApiGatewayV1AndV2_ShareOneBudget_GetResourcesAndCreateDeploymentHaveTheirOwnToo()
    {
        var gate = new AwsQuotaGate(new AwsQuotaSettings(), new FakeClock());

        var shared = gate.BucketsFor(AwsService.ApiGateway, "GetRestApis").Single();
        Assert.Same(shared, gate.BucketsFor(AwsService.ApiGatewayV2, "GetApis").Single());
        Assert.Equal(10, shared.ConfiguredRate);
        Assert.Equal(40, shared.Burst);

        var getResources = gate.BucketsFor(AwsService.ApiGateway, "GetResources");
        Assert.Equal(2, getResources.Count);
        Assert.Equal(2.5, getResources[0].ConfiguredRate);
        Assert.Equal(5, getResources[0].Burst);
        Assert.Same(shared, getResources[1]);

        var deployment = gate.BucketsFor(AwsService.ApiGateway, "CreateDeployment");
        Assert.Equal(0.2, deployment[0].ConfiguredRate, 6);
        Assert.Equal(1, deployment[0].Burst);
    }

    [Fact]
    public void Lambda_GetFunctionAndGetPolicyHaveTheirOwnBuckets_EverythingElseSharesOne()
    {
        var gate = new AwsQuotaGate(new AwsQuotaSettings(), new FakeClock());

        var getFunction = gate.BucketsFor(AwsService.Lambda, "GetFunction").Single();
        var getPolicy = gate.BucketsFor(AwsService.Lambda, "GetPolicy").Single();
        var listAliases = gate.BucketsFor(AwsService.Lambda, "ListAliases").Single();
        var getConfiguration = gate.BucketsFor(AwsService.Lambda, "GetFunctionConfiguration").Single();

        Assert.Equal(100, getFunction.ConfiguredRate);
        Assert.Equal(15, getPolicy.ConfiguredRate);
        Assert.Equal(15, listAliases.ConfiguredRate);
        Assert.Same(listAliases, getConfiguration);
        Assert.NotSame(getFunction, listAliases);
        Assert.NotSame(getPolicy, listAliases);
        Assert.Empty(gate.BucketsFor(AwsService.Sts, "GetCallerIdentity"));
    }

    [Fact]
    public async Task GetResources_FivePerTwoSeconds()
    {
        var clock = new FakeClock();
        var gate = new AwsQuotaGate(new AwsQuotaSettings(), clock);

        for (var i = 0; i < 5; i++) await gate.AcquireAsync(AwsService.ApiGateway, "GetResources", CancellationToken.None);
        Assert.Equal(TimeSpan.Zero, clock.Now);
        for (var i = 0; i < 5; i++) await gate.AcquireAsync(AwsService.ApiGateway, "GetResources", CancellationToken.None);

        Assert.Equal(2.0, clock.Now.TotalSeconds, 3);
    }

    [Fact]
    public void Settings_ScaleAndOff_FromTheEnvironment()
    {
        var scaled = AwsQuotaSettings.FromEnvironment(name => name == AwsQuotaSettings.ScaleVariable ? "20" : null);
        var gate = new AwsQuotaGate(scaled, new FakeClock());
        Assert.Equal(200, gate.BucketsFor(AwsService.ApiGateway, "GetStages").Single().ConfiguredRate);
        Assert.Equal(40, gate.BucketsFor(AwsService.ApiGateway, "GetStages").Single().Burst);

        var off = AwsQuotaSettings.FromEnvironment(name => name == AwsQuotaSettings.ScaleVariable ? "off" : null);
        Assert.False(off.Enabled);
        Assert.Empty(new AwsQuotaGate(off, new FakeClock()).BucketsFor(AwsService.Lambda, "GetFunction"));

        Assert.True(AwsQuotaSettings.FromEnvironment(_ => null).Enabled);
    }

    [Fact]
    public void Registry_SharesAGatePerAccountRegionAndEndpoint()
    {
        var registry = new AwsQuotaRegistry(new AwsQuotaSettings(), new FakeClock());
        var a = registry.For("account:1", "us-east-1", "https://lambda.us-east-1.amazonaws.com");
        Assert.Same(a, registry.For("account:1", "us-east-1", "https://lambda.us-east-1.amazonaws.com"));
        Assert.NotSame(a, registry.For("account:2", "us-east-1", "https://lambda.us-east-1.amazonaws.com"));
        Assert.NotSame(a, registry.For("account:1", "eu-west-1", "https://lambda.us-east-1.amazonaws.com"));
    }

    [Fact]
    public async Task ConcurrentCallers_QueueInsteadOfExceedingTheRate()
    {
        // Real clock, scaled-down burst: 20 callers on a 50/s bucket with burst 5 need about 0.3 s.
        var clock = new SystemAwsClock();
        var bucket = new TokenBucket("t", ratePerSecond: 50, burst: 5, clock);
        var started = clock.Now;

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => bucket.AcquireAsync(CancellationToken.None))));

        Assert.InRange((clock.Now - started).TotalSeconds, 0.25, 5);
    }
}
