using System.Net.Http;
using LambdaAlias.Tests.Emulator;
using Xunit;
using Xunit.Abstractions;

namespace LambdaAlias.Tests.Reliability;

/// <summary>
/// Traffic under change: continuous probes of every demo route and the event source mapping while
/// Set-IntegrationToAlias and then Invoke-AliasRollback run, plus a probe round at every step boundary (the proxy holds
/// each mutating call's answer until a round has run). The same harness driving the wrong order (switch, deploy,
/// then permission) must see failed probes, so the zero is earned.
/// </summary>
public sealed class TrafficUnderChangeTests(ReliabilityFixture fx, ITestOutputHelper output) : IClassFixture<ReliabilityFixture>
{
    private const string MyFuncUri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-func:{0}/invocations";

    /// <summary>Probe every route after every mutating call, before the cmdlet sees the answer.</summary>
    private static void ProbeAtBoundaries(InterposingProxy proxy, TrafficMonitor monitor) =>
        proxy.AfterResponse = call =>
        {
            if (call.Mutating) monitor.ProbeBoundary("after " + call);
            return Task.CompletedTask;
        };

    [Fact]
    public void Migration_and_rollback_of_the_demo_account_fail_no_probe()
    {
        fx.Reset();
        Assert.StartsWith("http://127.0.0.1:", fx.Host.BaseUrl);
        Assert.StartsWith("http://127.0.0.1:", fx.Proxy.BaseUrl);
        using var monitor = new TrafficMonitor(fx.Host, maxRounds: 20_000, maxDuration: TimeSpan.FromSeconds(60));
        var baseline = monitor.Snapshot();
        Assert.All(baseline, p => Assert.True(p.Value.Succeeded, $"baseline {p.Key}: {p.Value.FailureReason}"));

        using var s = new OperatorSession(fx.Proxy.BaseUrl);
        s.Harness.SetEnvironment("LAMBDAALIAS_QUOTA_SCALE", "20");
        s.Run("$pins = @(Get-LambdaIntegrationPin @common); $latest = @(Get-LambdaIntegrationPin @common -Kind Latest)").AssertNoErrors();
        Assert.Equal(7, (int)s.Run("$pins.Count").Objects[0]);
        Assert.Equal(1, (int)s.Run("$latest.Count").Objects[0]);

        ProbeAtBoundaries(fx.Proxy, monitor);
        monitor.Start();

        // 1. Every Version pin to 'live', the $LATEST pin to 'current' (one function cannot hold 'live' at two versions),
        //    each removing the old qualifier's statement once the switch is verified.
        var migration = s.Run("$migrated = @($pins | Set-IntegrationToAlias @common -Force -RemoveVersionPermission); $migrated").AssertNoErrors();
        var latest = s.Run("$migratedLatest = @($latest | Set-IntegrationToAlias @common -Force -RemoveVersionPermission -AliasName current); $migratedLatest").AssertNoErrors();
        var migrationCalls = fx.Proxy.MutatingCalls;
        var duringMigration = monitor.Snapshot();

        // 2. Roll every alias back. Aliases at version 1 have nowhere to go (NoEarlierVersion); the others move down one.
        var rollback = s.Run("$migrated + $migratedLatest | Invoke-AliasRollback @common -Force");
        var afterRollback = monitor.Snapshot();
        var report = monitor.Stop();
        Report.Line(output, "traffic under change: " + report.Describe());

        Assert.Empty(fx.Proxy.HookFailures);
        Assert.All(ResultView.Migrations(migration).Concat(ResultView.Migrations(latest)), m => Assert.Equal("Migrated", m.Status));
        Assert.Empty(report.Failures);
        Assert.True(report.BackgroundRounds > 10, report.Describe());
        Assert.False(report.StoppedByBound, "the probe loop hit its bound before the change ended: " + report.Describe());
        // A round at every step boundary: one per mutating call that went through the proxy.
        Assert.Equal(fx.Proxy.MutatingCalls.Count, report.BoundaryRounds);
        Assert.True(migrationCalls.Count >= 20, string.Join("\n", migrationCalls));

        // Zero change in behaviour during the migration: each route served exactly what it served before (the $LATEST
        // route now serves the version published from the same code).
        foreach (var (route, result) in duringMigration)
        {
            var before = TrafficMonitor.Served(baseline[route]);
            var now = TrafficMonitor.Served(result);
            if (route == "HTTP API POST /items") Assert.Equal("http-func 2", now);
            else Assert.Equal(before, now);
        }

        // The rollback: the first read after the call returns already serves the earlier versions.
        var rolledBack = ResultView.Rollbacks(rollback);
        Assert.Contains(rolledBack, r => r.FunctionName == "stagevar-func" && r.AliasName == "live" && r.Status == "RolledBack" && r.ToVersion == "1");
        Assert.Contains(rolledBack, r => r.FunctionName == "stagevar-func" && r.AliasName == "live-canary" && r.Status == "RolledBack" && r.ToVersion == "2");
        Assert.Contains(rolledBack, r => r.FunctionName == "http-func" && r.AliasName == "current" && r.Status == "RolledBack" && r.ToVersion == "1");
        Assert.All(rollback.AllErrors, e => Assert.StartsWith("NoEarlierVersion,", e.FullyQualifiedErrorId));
        Assert.Equal("stagevar-func 1", TrafficMonitor.Served(afterRollback["stage-variable API prod GET /orders (main)"]));
        Assert.Equal("stagevar-func 2", TrafficMonitor.Served(afterRollback["stage-variable API prod GET /orders (canary)"]));
        Assert.Equal("http-func 1", TrafficMonitor.Served(afterRollback["HTTP API POST /items"]));
        Assert.Equal("my-func 1", TrafficMonitor.Served(afterRollback["REST dev GET /orders (authorizer + my-func)"]));
    }

    [Fact]
    public async Task Switching_before_granting_the_permission_is_seen_as_failed_probes()
    {
        fx.Reset();
        using var monitor = new TrafficMonitor(fx.Host, maxRounds: 5_000, maxDuration: TimeSpan.FromSeconds(30));
        Assert.All(monitor.Snapshot(), p => Assert.True(p.Value.Succeeded, $"baseline {p.Key}: {p.Value.FailureReason}"));
        ProbeAtBoundaries(fx.Proxy, monitor);
        monitor.Start();

        // The wrong order, through the same proxy and probes: alias, switch, deploy, and only then the permission.
        using var client = new EmulatorTestClient(fx.Proxy.BaseUrl);
        Expect(201, await client.LambdaAsync(HttpMethod.Post, "/2015-03-31/functions/my-func/aliases", new { Name = "live", FunctionVersion = "1" }));
        Expect(200, await client.ApiGatewayAsync(HttpMethod.Patch, "/restapis/a1b2c3d4e5/resources/a1ordr/methods/GET/integration",
            new { patchOperations = new[] { new { op = "replace", path = "/uri", value = string.Format(MyFuncUri, "live") } } }));
        Expect(201, await client.ApiGatewayAsync(HttpMethod.Post, "/restapis/a1b2c3d4e5/deployments", new { stageName = "dev" }));
        var brokenWindow = monitor.ProbeBoundary("between deployment and permission");
        Expect(201, await client.LambdaAsync(HttpMethod.Post, "/2015-03-31/functions/my-func/policy?Qualifier=live", new
        {
            StatementId = "late-grant", Action = "lambda:InvokeFunction", Principal = "apigateway.amazonaws.com",
            SourceArn = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/*/*",
        }));
        var healed = monitor.ProbeBoundary("after the permission");
        var report = monitor.Stop();
        Report.Line(output, "wrong order: " + report.Describe(5));

        Assert.NotEmpty(report.Failures);
        Assert.Contains(brokenWindow, f => f.Route == "REST dev GET /orders (authorizer + my-func)");
        Assert.Contains(brokenWindow, f => f.Route == "custom domain api.example.com/orders/orders");
        // Only the switched route breaks, and for the reason the order explains: the alias has no permission yet.
        Assert.All(report.Failures, f => Assert.Contains("GET /orders", f.Route.Replace("orders/orders", "GET /orders")));
        Assert.All(report.Failures, f => Assert.Contains("my-func:live", f.Chain + f.Reason));
        Assert.Empty(healed);
        // The boundary rounds saw the break right after the deployment, before anything else happened.
        Assert.Contains(report.Failures, f => f.When.Contains("CreateDeployment", StringComparison.Ordinal));
    }

    private static void Expect(int status, EmulatorResponse response) => Assert.True(response.Status == status, response.ToString());
}
