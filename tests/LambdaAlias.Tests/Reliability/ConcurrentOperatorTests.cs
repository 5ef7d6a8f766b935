using System.Net.Http;
using LambdaAlias.Tests.Emulator;
using LambdaAlias.Tests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace LambdaAlias.Tests.Reliability;

/// <summary>
/// Concurrent operators: two migrations of the same pins at once, a deploy racing a $LATEST migration, and a rollback
/// racing someone else's alias update. Races are placed exactly with the proxy's BeforeForward hook.
/// </summary>
public sealed class ConcurrentOperatorTests(ReliabilityFixture fx, ITestOutputHelper output) : IClassFixture<ReliabilityFixture>
{
    [Fact]
    public void Two_operators_migrating_the_same_pins_at_once_converge_without_duplicates()
    {
        fx.Reset();
        // AWS's quotas on (CreateDeployment: one every 5 s per account, at the time-scale), and a round trip that lets
        // the two runs interleave call by call.
        fx.Host.Quotas.Enabled = true;
        fx.Host.Latency.Default = TimeSpan.FromMilliseconds(5 * ReliabilityFixture.TimeScale);
        using var monitor = new TrafficMonitor(fx.Host, maxRounds: 20_000, maxDuration: TimeSpan.FromSeconds(60));
        var baseline = monitor.Snapshot();
        var deploymentsBefore = AccountAssertions.RestDeploymentCounts(fx.Host);

        var operators = new OperatorSession[2];
        var results = new HarnessResult[2];
        var previousScale = Environment.GetEnvironmentVariable("LAMBDAALIAS_QUOTA_SCALE");
        Environment.SetEnvironmentVariable("LAMBDAALIAS_QUOTA_SCALE", "20");
        try
        {
            var ready = new Barrier(2);
            var threads = Enumerable.Range(0, 2).Select(i => new Thread(() =>
            {
                // Each operator has its own runspace, built on the thread that runs it.
                operators[i] = new OperatorSession(fx.Proxy.BaseUrl);
                operators[i].Run(OperatorSession.ScanSorted).AssertNoErrors();
                ready.SignalAndWait();
                results[i] = operators[i].Run("$pins | Set-IntegrationToAlias @common -Force");
            }) { IsBackground = true }).ToList();
            monitor.Start();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => Assert.True(t.Join(TimeSpan.FromSeconds(120)), "an operator's run did not finish"));
            var report = monitor.Stop();
            Report.Line(output, "two operators: " + report.Describe());

            for (var i = 0; i < 2; i++)
            {
                output.WriteLine($"operator {i}:");
                foreach (var m in ResultView.Migrations(results[i])) output.WriteLine("  " + m);
                foreach (var e in results[i].AllErrors) output.WriteLine("  " + e.FullyQualifiedErrorId + ": " + e);
            }
            var calls = fx.Proxy.MutatingCalls;
            output.WriteLine(string.Join("\n", calls));

            Assert.Empty(report.Failures);
            // Both end well: whatever one did, the other recognised as done (AlreadyDone, AlreadyOnAlias), or failed
            // cleanly with this module's ErrorId; a third run then has nothing left to change.
            var catalogue = operators[0].Run("[LambdaAlias.ErrorIds]::Catalogue() | ForEach-Object { $_.Key }").Objects.Select(o => (string)o).ToHashSet();
            Assert.All(results.SelectMany(r => r.AllErrors), e => Assert.Contains(e.FullyQualifiedErrorId.Split(',')[0], catalogue));
            fx.Proxy.ClearCalls();
            operators[0].Run("$pins | Set-IntegrationToAlias @common -Force").AssertNoErrors();
            Assert.Empty(fx.Proxy.MutatingCalls);

            var problems = new MigratedState().Problems(fx.Host, baseline, new HashSet<string>(), null);
            Assert.True(problems.Count == 0, string.Join("\n", problems));
            AccountAssertions.NoDuplicateStatements(fx.Host);
            // Each alias was created once; a second CreateAlias of the same alias is answered as already done.
            Assert.Equal(6, calls.Count(c => c.Operation == "CreateAlias" && c.Status == 201));
            // One deployment per operator at most (both may check the stage before either deploys; the deterministic
            // worst case below requires exactly one), and only the API whose integrations changed.
            var deployments = AccountAssertions.RestDeploymentCounts(fx.Host);
            Assert.InRange(deployments[DemoIds.OrdersApi] - deploymentsBefore[DemoIds.OrdersApi], 1, 2);
            Assert.Equal(deploymentsBefore[DemoIds.StageVariableApi], deployments[DemoIds.StageVariableApi]);
            Assert.Equal(deploymentsBefore[DemoIds.AliasedApi], deployments[DemoIds.AliasedApi]);
        }
        finally
        {
            foreach (var o in operators) o?.Dispose();
            Environment.SetEnvironmentVariable("LAMBDAALIAS_QUOTA_SCALE", previousScale);
        }
    }

    /// <summary>
    /// The worst interleaving, made deterministic with a proxy per operator: both read the account and plan at the same
    /// time, then A finishes everything before B's first change arrives. B finds every change already made; the one
    /// deployment A made already serves the switch, so B has nothing to deploy either.
    /// </summary>
    [Fact]
    public async Task An_operator_who_planned_alongside_a_finished_one_adds_no_deployment()
    {
        fx.Reset();
        await using var proxyB = await InterposingProxy.StartAsync(fx.Host.BaseUrl);
        var aDone = new ManualResetEventSlim();
        var bPlanned = 0;
        proxyB.BeforeForward = call =>
        {
            // B's first change waits until A's run has returned.
            if (call.Mutating && Interlocked.Exchange(ref bPlanned, 1) == 0 && !aDone.Wait(TimeSpan.FromSeconds(60))) throw new TimeoutException("A did not finish");
            return Task.CompletedTask;
        };
        var deploymentsBefore = AccountAssertions.RestDeploymentCounts(fx.Host)[DemoIds.OrdersApi];
        var previousScale = Environment.GetEnvironmentVariable("LAMBDAALIAS_QUOTA_SCALE");
        Environment.SetEnvironmentVariable("LAMBDAALIAS_QUOTA_SCALE", "20");
        HarnessResult a = null, b = null;
        try
        {
            var ready = new Barrier(2);
            var threadA = new Thread(() =>
            {
                using var s = new OperatorSession(fx.Proxy.BaseUrl);
                s.Run(OperatorSession.ScanSorted).AssertNoErrors();
                ready.SignalAndWait();
                try { a = s.Run("$pins | Set-IntegrationToAlias @common -Force"); }
                finally { aDone.Set(); }
            });
            var threadB = new Thread(() =>
            {
                using var s = new OperatorSession(proxyB.BaseUrl);
                s.Run(OperatorSession.ScanSorted).AssertNoErrors();
                ready.SignalAndWait();
                b = s.Run("$pins | Set-IntegrationToAlias @common -Force");
            });
            threadA.Start(); threadB.Start();
            Assert.True(threadA.Join(TimeSpan.FromSeconds(120)) && threadB.Join(TimeSpan.FromSeconds(120)));
        }
        finally
        {
            Environment.SetEnvironmentVariable("LAMBDAALIAS_QUOTA_SCALE", previousScale);
        }
        foreach (var m in ResultView.Migrations(b)) output.WriteLine("B: " + m);
        output.WriteLine(string.Join("\n", proxyB.MutatingCalls));

        a.AssertNoErrors();
        b.AssertNoErrors();
        Assert.Equal(1, bPlanned);
        AccountAssertions.NoDuplicateStatements(fx.Host);
        Assert.DoesNotContain(proxyB.MutatingCalls, c => c.Status is >= 200 and < 300 && c.Operation != "UpdateEventSourceMapping");
        Assert.Equal(1, AccountAssertions.RestDeploymentCounts(fx.Host)[DemoIds.OrdersApi] - deploymentsBefore);
    }

    [Theory]
    [InlineData("code", "after the scan, before the run")]
    [InlineData("code", "between the run's read and PublishVersion")]
    [InlineData("configuration", "between the run's read and PublishVersion")]
    public void A_deploy_racing_a_LATEST_migration_fails_cleanly_and_aliases_nothing(string change, string when)
    {
        fx.Reset();
        using var s = new OperatorSession(fx.Proxy.BaseUrl);
        s.Run(OperatorSession.ScanSorted).AssertNoErrors();
        int versionsBefore;
        lock (fx.Host.State.Sync) versionsBefore = fx.Host.State.FindFunction("http-func").Versions.Count;
        void Deploy()
        {
            if (change == "code") fx.Host.State.UpdateFunctionCode("http-func", "bmV3IGNvZGUgZGVwbG95ZWQgbWlkLXJ1bg==");
            else fx.Host.State.UpdateFunctionConfiguration("http-func", c => c.Timeout = 45);
        }
        var raced = 0;
        if (when.StartsWith("after the scan", StringComparison.Ordinal)) { Deploy(); raced = 1; }
        else fx.Proxy.BeforeForward = call =>
        {
            if (call.Operation == "PublishVersion" && Interlocked.Increment(ref raced) == 1) Deploy();
            return Task.CompletedTask;
        };

        var r = s.Run("$latest | Set-IntegrationToAlias @common -Force -AliasName current");
        foreach (var m in ResultView.Migrations(r)) output.WriteLine(m.ToString());

        Assert.Equal(1, raced);
        var error = Assert.Single(r.AllErrors);
        Assert.StartsWith("CodeChangedSinceScan,", error.FullyQualifiedErrorId);
        Assert.Contains("(PublishVersion on", error.ErrorDetails?.Message ?? error.ToString());
        var result = Assert.Single(ResultView.Migrations(r));
        Assert.Contains(result.Status, new[] { "Failed", "PartiallyApplied" });
        Assert.Contains(result.Steps, st => st.Kind == "PublishVersion" && st.Outcome == "Failed");
        Assert.DoesNotContain(result.Steps, st => st.Outcome == "Done");
        // Nothing published, nothing aliased, the trigger untouched and still served.
        lock (fx.Host.State.Sync)
        {
            var fn = fx.Host.State.FindFunction("http-func");
            Assert.Equal(versionsBefore, fn.Versions.Count);
            Assert.False(fn.Aliases.ContainsKey("current"));
            Assert.EndsWith(":function:http-func/invocations", fx.Host.State.FindHttpApi(DemoIds.HttpApi).Draft.Integration("int-items-post").IntegrationUri);
        }
        Assert.DoesNotContain(fx.Proxy.MutatingCalls, c => c.Operation is "CreateAlias" or "AddPermission" or "UpdateIntegration");
        var probe = new TrafficMonitor(fx.Host).Snapshot()["HTTP API POST /items"];
        Assert.True(probe.Succeeded, probe.FailureReason);
        Assert.Equal("$LATEST", probe.ServedVersion);
    }

    [Fact]
    public async Task A_rollback_racing_another_operators_alias_update_fails_cleanly_and_keeps_their_change()
    {
        fx.Reset();
        using var s = new OperatorSession(fx.Proxy.BaseUrl);
        s.Run(OperatorSession.ScanSorted).AssertNoErrors();
        s.Run("$migrated = @($pins | Set-IntegrationToAlias @common -Force)").AssertNoErrors();
        Assert.Equal("2", AccountAssertions.AliasVersion(fx.Host, "stagevar-func", "live"));

        // The other operator moves stagevar-func:live to 3 through the API, after the rollback read the alias and
        // right before its UpdateAlias arrives.
        using var other = new EmulatorTestClient(fx.Host);
        var raced = 0;
        fx.Proxy.BeforeForward = async call =>
        {
            if (call.Operation != "UpdateAlias" || Interlocked.Increment(ref raced) != 1) return;
            var moved = await other.LambdaAsync(HttpMethod.Put, "/2015-03-31/functions/stagevar-func/aliases/live", new { FunctionVersion = "3" });
            Assert.Equal(200, moved.Status);
        };

        var r = s.Run("Invoke-AliasRollback @common -FunctionName stagevar-func -AliasName live -Force");
        Assert.Equal(1, raced);
        var error = Assert.Single(r.AllErrors);
        Assert.StartsWith("AliasChangedConcurrently,", error.FullyQualifiedErrorId);
        var result = Assert.Single(ResultView.Rollbacks(r));
        Assert.Equal("Failed", result.Status);
        // Their change stands: the alias serves 3, and traffic gets 3.
        Assert.Equal("3", AccountAssertions.AliasVersion(fx.Host, "stagevar-func", "live"));
        var probe = new TrafficMonitor(fx.Host).Snapshot()["stage-variable API prod GET /orders (main)"];
        Assert.True(probe.Succeeded, probe.FailureReason);
        Assert.Equal("3", probe.ServedVersion);
        Assert.Single(fx.Proxy.Calls, c => c.Operation == "UpdateAlias" && c.Status == 412);
    }

    /// <summary>The rollback's own UpdateAlias is applied but its answer is lost; the retry then meets its own new
    /// RevisionId. The operator must not be told that someone else changed the alias and that nothing was changed.</summary>
    [Fact]
    public void A_rollback_whose_answer_was_lost_is_not_reported_as_someone_elses_change()
    {
        fx.Reset();
        using var s = new OperatorSession(fx.Proxy.BaseUrl);
        s.Run(OperatorSession.ScanSorted).AssertNoErrors();
        s.Run("$migrated = @($pins | Set-IntegrationToAlias @common -Force)").AssertNoErrors();
        fx.Host.Faults.DropAfterCommitNth("UpdateAlias", 1);

        var r = s.Run("Invoke-AliasRollback @common -FunctionName stagevar-func -AliasName live -Force");
        foreach (var e in r.AllErrors) output.WriteLine(e.FullyQualifiedErrorId + ": " + e);

        Assert.Equal("1", AccountAssertions.AliasVersion(fx.Host, "stagevar-func", "live"));
        Assert.DoesNotContain(r.AllErrors, e => e.FullyQualifiedErrorId.StartsWith("AliasChangedConcurrently,", StringComparison.Ordinal));
        var result = Assert.Single(ResultView.Rollbacks(r));
        Assert.Equal("RolledBack", result.Status);
    }
}
