using LambdaAlias.Emulator;
using System.Management.Automation;
using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Migration.Aws;

/// <summary>
/// The whole core against the emulator's demo account: scan, read the account again, plan, and run the real step
/// operations, with the traffic probe sent to every demo route and the event source mapping before and after every step.
/// </summary>
public class MigrationEndToEndTests
{
    private static readonly ShouldProcessCallback Yes = (_, _) => (true, ShouldProcessReason.None);

    private static async Task<(MigrationPlan Plan, MigrationRun Run)> MigrateAsync(DemoAccount account, List<LambdaIntegrationPin> pins, MigrationOptions options, DemoTraffic traffic, Func<IMigrationActions, IMigrationActions> wrap = null)
    {
        var observation = await account.Reader().ReadAsync(pins, options, CancellationToken.None);
        var plan = MigrationPlanner.Plan(pins, observation, options);
        IMigrationActions inner = account.Actions();
        if (wrap != null) inner = wrap(inner);
        var actions = new ObservedMigrationActions(inner);
        if (traffic != null)
        {
            actions.BeforeStep = (op, _) => { traffic.Check("before " + op.GetType().Name); return Task.CompletedTask; };
            actions.AfterStep = (op, _, _) => { traffic.Check("after " + op.GetType().Name); return Task.CompletedTask; };
        }
        var run = MigrationExecutor.Execute(plan, actions, Yes);
        return (plan, run);
    }

    private static string Describe(MigrationRun run) => string.Join(Environment.NewLine, run.Outcomes.SelectMany(o =>
        new[] { o.Result.ToString() }.Concat(o.Errors.Select(e => "  " + e)).Concat(o.Result.Steps.Where(s => s.Outcome != StepOutcome.Done && s.Outcome != StepOutcome.AlreadyDone).Select(s => $"  {s.Order} {s.Kind} {s.Outcome} {s.Detail}"))));

    [Fact]
    public async Task EveryVersionPinOfTheDemo_Migrates_WithoutOneFailedProbe_AndTheScanFindsNoneAfterwards()
    {
        await using var account = await DemoAccount.StartAsync();
        var pins = await account.ScanAsync();
        Assert.Equal(new[] { SourceKind.EventSourceMapping, SourceKind.HttpApi, SourceKind.RestAuthorizer, SourceKind.RestApi, SourceKind.RestApi, SourceKind.StageVariable, SourceKind.StageVariable }.OrderBy(k => k),
            pins.Select(p => p.SourceKind).OrderBy(k => k));
        var traffic = new DemoTraffic(account.Host.State);

        var (plan, run) = await MigrateAsync(account, pins, new MigrationOptions(), traffic);

        Assert.True(run.Outcomes.All(o => o.Result.Status == MigrationStatus.Migrated && o.Errors.Count == 0), Describe(run));
        Assert.Empty(traffic.Failures);
        // A probe before and after every step that called AWS (verifications and waits included).
        Assert.True(traffic.Checks >= 2 * plan.Steps.Count(s => !s.IsSatisfied), $"{traffic.Checks} checks for {plan.Steps.Count} steps");
        Assert.Equal(traffic.Baseline, traffic.Check("after the run"));
        Assert.Empty(await account.ScanAsync());

        // One deployment for the REST API's three pins; its id is on each of their results.
        Assert.Single(account.Host.Requests.Query("CreateDeployment"));
        var restResults = run.Outcomes.Where(o => o.Result.Pin.RestApiId == "a1b2c3d4e5").Select(o => o.Result).ToList();
        Assert.Equal(3, restResults.Count);
        Assert.All(restResults, r => Assert.Single(r.DeploymentIds));
        Assert.Single(restResults.SelectMany(r => r.DeploymentIds).Distinct());
    }

    [Fact]
    public async Task ALatestPin_IsPublished_WithTheScannedCodeAsPrecondition_AndServesTheSameCode()
    {
        await using var account = await DemoAccount.StartAsync();
        var pins = await account.ScanAsync(PinKind.Latest);
        var pin = Assert.Single(pins);
        Assert.Equal(("http-func", "POST /items"), (pin.FunctionName, pin.Routes.Single()));
        var traffic = new DemoTraffic(account.Host.State);

        var (_, run) = await MigrateAsync(account, pins, new MigrationOptions { AliasName = "edge" }, traffic);

        var result = Assert.Single(run.Outcomes).Result;
        Assert.True(result.Status == MigrationStatus.Migrated, Describe(run));
        Assert.Equal("2", result.Version);
        Assert.Empty(traffic.Failures);
        var publish = account.Host.Requests.Query("PublishVersion").Single();
        Assert.Equal(201, publish.Status);
        lock (account.Host.State.Sync)
        {
            var function = account.Host.State.FindFunction("http-func");
            Assert.Equal(function.Latest.CodeSha256, function.Versions[2].CodeSha256);
            Assert.Equal("2", function.Aliases["edge"].FunctionVersion);
        }
        Assert.Contains(result.Warnings, w => w.Contains("Later code updates no longer reach this trigger"));
    }

    [Fact]
    public async Task ASecondRun_WithTheSamePins_ChangesNothing()
    {
        await using var account = await DemoAccount.StartAsync();
        var pins = await account.ScanAsync();
        var (_, first) = await MigrateAsync(account, pins, new MigrationOptions(), null);
        Assert.True(first.Outcomes.All(o => o.Result.Status == MigrationStatus.Migrated), Describe(first));

        var before = account.Host.Requests.LastSequence;
        var (plan, second) = await MigrateAsync(account, pins, new MigrationOptions(), null);

        Assert.Empty(plan.ActionableSteps);
        Assert.All(second.Outcomes, o => Assert.Equal(MigrationStatus.AlreadyOnAlias, o.Result.Status));
        Assert.Empty(account.MutationsSince(before));
    }

    [Fact]
    public async Task TheProbeHarness_CanFail_WhenTheSwitchRunsBeforeThePermission()
    {
        await using var account = await DemoAccount.StartAsync();
        var pins = (await account.ScanAsync()).Where(p => p.FunctionName == "my-func").ToList();
        var traffic = new DemoTraffic(account.Host.State);
        var deferred = new List<Func<Task>>();

        // Wrong order on purpose: every AddPermission is held back until after the run.
        var (_, run) = await MigrateAsync(account, pins, new MigrationOptions(), traffic, inner => new PermissionLast(inner, deferred));
        foreach (var add in deferred) await add();

        Assert.Contains(traffic.Failures, f => f.Contains("REST dev GET /orders failed"));
        Assert.Empty(new DemoTraffic(account.Host.State).Failures);
    }

    [Fact]
    public async Task AFailedDeployment_LeavesTrafficServed_AndARerunConverges()
    {
        await using var account = await DemoAccount.StartAsync();
        var pins = (await account.ScanAsync()).Where(p => p.RestApiId == "a1b2c3d4e5").ToList();
        var traffic = new DemoTraffic(account.Host.State);
        account.Host.Faults.FailNth("CreateDeployment", 1, 400, "BadRequestException", "injected", times: 1);

        var (_, failed) = await MigrateAsync(account, pins, new MigrationOptions(), traffic);

        Assert.All(failed.Outcomes, o => Assert.Equal(MigrationStatus.PartiallyApplied, o.Result.Status));
        var error = failed.Outcomes.SelectMany(o => o.Errors).Single();
        Assert.Equal(ErrorIds.StepFailed, error.ErrorId);
        Assert.Contains("CreateDeployment", error.Message);
        Assert.Empty(traffic.Failures);

        var (_, rerun) = await MigrateAsync(account, pins, new MigrationOptions(), traffic);
        Assert.True(rerun.Outcomes.All(o => o.Result.Status == MigrationStatus.Migrated), Describe(rerun));
        Assert.Empty(traffic.Failures);
        Assert.Equal(2, account.Host.Requests.Query("CreateDeployment").Count);
        Assert.Equal(3, account.Host.Requests.Query("UpdateIntegration").Count + account.Host.Requests.Query("UpdateAuthorizer").Count);
        Assert.DoesNotContain(await account.ScanAsync(), p => p.RestApiId == "a1b2c3d4e5");
    }

    /// <summary>Holds AddPermission back: it answers Done at once and the real call is made later.</summary>
    private sealed class PermissionLast : IMigrationActions
    {
        private readonly IMigrationActions _inner;
        private readonly List<Func<Task>> _deferred;
        public PermissionLast(IMigrationActions inner, List<Func<Task>> deferred) { _inner = inner; _deferred = deferred; }
        public Task<StepActionResult> AddPermissionAsync(AddPermissionOperation o, CancellationToken t)
        {
            _deferred.Add(() => _inner.AddPermissionAsync(o, t));
            return Task.FromResult(StepActionResult.Done());
        }
        public Task<StepActionResult> PublishVersionAsync(PublishVersionOperation o, CancellationToken t) => _inner.PublishVersionAsync(o, t);
        public Task<StepActionResult> CreateAliasAsync(AliasOperation o, CancellationToken t) => _inner.CreateAliasAsync(o, t);
        public Task<StepActionResult> UpdateAliasAsync(AliasOperation o, CancellationToken t) => _inner.UpdateAliasAsync(o, t);
        public Task<StepActionResult> UpdateIntegrationAsync(IntegrationOperation o, CancellationToken t) => _inner.UpdateIntegrationAsync(o, t);
        public Task<StepActionResult> UpdateAuthorizerAsync(AuthorizerOperation o, CancellationToken t) => _inner.UpdateAuthorizerAsync(o, t);
        public Task<StepActionResult> UpdateStageVariableAsync(StageVariableOperation o, CancellationToken t) => _inner.UpdateStageVariableAsync(o, t);
        public Task<StepActionResult> UpdateEventSourceMappingAsync(EventSourceMappingOperation o, CancellationToken t) => _inner.UpdateEventSourceMappingAsync(o, t);
        public Task<StepActionResult> CreateDeploymentAsync(DeploymentOperation o, CancellationToken t) => _inner.CreateDeploymentAsync(o, t);
        public Task<StepActionResult> UpdateStageDeploymentAsync(StageDeploymentOperation o, CancellationToken t) => _inner.UpdateStageDeploymentAsync(o, t);
        public Task<StepActionResult> WaitForAutoDeployAsync(AutoDeployWaitOperation o, CancellationToken t) => _inner.WaitForAutoDeployAsync(o, t);
        public Task<StepActionResult> VerifyAsync(VerifyOperation o, CancellationToken t) => _inner.VerifyAsync(o, t);
        public Task<StepActionResult> RemovePermissionAsync(RemovePermissionOperation o, CancellationToken t) => _inner.RemovePermissionAsync(o, t);
    }
}

public class RemoveVersionPermissionEndToEndTests
{
    private static readonly ShouldProcessCallback Yes = (_, _) => (true, ShouldProcessReason.None);

    private static async Task<MigrationRun> RunAsync(DemoAccount account, List<LambdaIntegrationPin> pins, DemoTraffic traffic)
    {
        var options = new MigrationOptions { RemoveVersionPermission = true };
        var observation = await account.Reader().ReadAsync(pins, options, CancellationToken.None);
        Assert.NotNull(observation.QualifierUses);
        var actions = new ObservedMigrationActions(account.Actions())
        {
            AfterStep = (op, _, _) => { traffic.Check("after " + op.GetType().Name); return Task.CompletedTask; },
        };
        return MigrationExecutor.Execute(MigrationPlanner.Plan(pins, observation, options), actions, Yes);
    }

    [Fact]
    public async Task TheOldStatement_IsKeptWhileAnotherMethodStillUsesTheVersion_AndRemovedOnceNothingDoes()
    {
        await using var account = await DemoAccount.StartAsync();
        var myFunc = (await account.ScanAsync()).Where(p => p.FunctionName == "my-func").ToList();
        var traffic = new DemoTraffic(account.Host.State);

        // Only GET /orders: ANY /{proxy+} still invokes my-func:1 through the same statement.
        var first = await RunAsync(account, myFunc.Where(p => p.HttpMethod == "GET").ToList(), traffic);
        var result = Assert.Single(first.Outcomes).Result;
        Assert.Equal(MigrationStatus.Migrated, result.Status);
        Assert.DoesNotContain(result.Steps, s => s.Kind == MigrationStepKind.RemovePermission);
        Assert.Contains(result.Warnings, w => w.Contains("Kept statement apigw-dev-orders") && w.Contains("ANY /{proxy+}"));
        Assert.Single(account.Host.State.PolicyStatements("my-func", "1"));

        // Now the last user moves too: the statement goes, after the switch is verified.
        var second = await RunAsync(account, myFunc.Where(p => p.HttpMethod == "ANY").ToList(), traffic);
        var steps = Assert.Single(second.Outcomes).Result.Steps;
        var remove = Assert.Single(steps, s => s.Kind == MigrationStepKind.RemovePermission);
        Assert.Equal(StepOutcome.Done, remove.Outcome);
        Assert.True(remove.Order > steps.Single(s => s.Kind == MigrationStepKind.Verify).Order);
        Assert.Empty(account.Host.State.PolicyStatements("my-func", "1"));
        Assert.Empty(traffic.Failures);
        Assert.Single(account.Host.Requests.Query("RemovePermission"));
    }
}

public class MigrationSafetyEndToEndTests
{
    private static readonly ShouldProcessCallback Yes = (_, _) => (true, ShouldProcessReason.None);

    private static async Task<MigrationRun> RunAsync(DemoAccount account, List<LambdaIntegrationPin> pins, MigrationOptions options = null)
    {
        options ??= new MigrationOptions();
        var observation = await account.Reader().ReadAsync(pins, options, CancellationToken.None);
        return MigrationExecutor.Execute(MigrationPlanner.Plan(pins, observation, options), account.Actions(), Yes);
    }

    [Fact]
    public async Task ADeployment_KeepsTheStagesCanary_NeitherPromotedNorRemoved()
    {
        await using var account = await DemoAccount.StartAsync();
        var pins = (await account.ScanAsync()).Where(p => p.FunctionName == "my-func").ToList();
        lock (account.Host.State.Sync)
        {
            var dev = account.Host.State.FindRestApi("a1b2c3d4e5").Stage("dev");
            dev.CanarySettings = new LambdaAlias.Emulator.RestCanarySettings { DeploymentId = "d-a1dev", PercentTraffic = 10 };
        }

        var run = await RunAsync(account, pins);

        Assert.All(run.Outcomes, o => Assert.Equal(MigrationStatus.Migrated, o.Result.Status));
        var stage = await account.Rest.GetStageAsync("a1b2c3d4e5", "dev");
        Assert.NotEqual("d-a1dev", stage.DeploymentId);
        Assert.Equal(("d-a1dev", 10.0), (stage.CanarySettings.DeploymentId, stage.CanarySettings.PercentTraffic.Value));
        // The canary still serves my-func:1 from its own deployment, and the result says so.
        Assert.All(run.Outcomes, o => Assert.Contains(o.Result.Warnings, w => w.Contains("The canary of stage dev serves my-func:1")));
    }

    [Fact]
    public async Task ADeploymentThatAnotherRunAlreadyMade_IsNotMadeAgain()
    {
        await using var account = await DemoAccount.StartAsync();
        var actions = account.Actions();
        await account.Rest.UpdateIntegrationAsync("a1b2c3d4e5", "a1ordr", "GET", new[] { PatchOperation.Replace("/uri", Demo.InvocationsUri("my-func:2")) });
        var op = new DeploymentOperation { ApiId = "a1b2c3d4e5", StageName = "dev", Description = "test" };

        var first = await actions.CreateDeploymentAsync(op, default);
        var second = await actions.CreateDeploymentAsync(op, default);

        Assert.Equal(StepOutcome.Done, first.Outcome);
        Assert.Equal(StepOutcome.AlreadyDone, second.Outcome);
        Assert.Equal(first.Value, second.Value);
        Assert.Single(account.Host.Requests.Query("CreateDeployment"));
    }

    [Fact]
    public async Task APinThatIsBrokenToday_GetsTheNarrowestSourceArn_AndAWarning()
    {
        await using var account = await DemoAccount.StartAsync();
        var pin = (await account.ScanAsync()).Single(p => p.FunctionName == "my-func" && p.HttpMethod == "GET");
        await account.Lambda.RemovePermissionAsync("my-func", "apigw-dev-orders", "1");

        var run = await RunAsync(account, new List<LambdaIntegrationPin> { pin });

        var result = Assert.Single(run.Outcomes).Result;
        Assert.Equal(MigrationStatus.Migrated, result.Status);
        Assert.Contains(result.Warnings, w => w.Contains("it is broken today"));
        var statement = Assert.Single(account.Host.State.PolicyStatements("my-func", "live"));
        Assert.Equal("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/GET/orders", statement["Condition"]!["ArnLike"]!["AWS:SourceArn"]!.GetValue<string>());
        Assert.Equal("apigateway.amazonaws.com", statement["Principal"]!["Service"]!.GetValue<string>());
        // Now the route works.
        Assert.True(account.Host.State.ProbeApiRoute(new LambdaAlias.Emulator.ProbeRequest { ApiId = "a1b2c3d4e5", Stage = "dev", Method = "GET", Path = "/orders" }).Succeeded);
    }

    [Fact]
    public async Task APinWhoseSourceWasDeletedSinceTheScan_FailsWithPinSourceNotFound_AndChangesNothing()
    {
        await using var account = await DemoAccount.StartAsync();
        var pin = (await account.ScanAsync()).Single(p => p.SourceKind == SourceKind.EventSourceMapping);
        account.Host.State.RemoveEventSourceMapping(Demo.EsmUuid);
        var before = account.Host.Requests.LastSequence;

        var run = await RunAsync(account, new List<LambdaIntegrationPin> { pin });

        var outcome = Assert.Single(run.Outcomes);
        Assert.Equal(MigrationStatus.Failed, outcome.Result.Status);
        Assert.Equal(ErrorIds.PinSourceNotFound, Assert.Single(outcome.Errors).ErrorId);
        Assert.Empty(account.MutationsSince(before));
    }
}

public class ObservationScaleTests
{
    [Fact]
    public async Task ReadingTheAccountFor10000Pins_CostsCallsPerApiAndFunction_NotPerPin()
    {
        await using var account = await DemoAccount.StartAsync();
        var scanned = await account.ScanAsync();
        var pins = Enumerable.Range(0, 10_000).Select(i => scanned[i % scanned.Count]).ToList();
        var before = account.Host.Requests.LastSequence;
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var observation = await account.Reader().ReadAsync(pins, new MigrationOptions(), CancellationToken.None);
        var plan = MigrationPlanner.Plan(pins, observation, new MigrationOptions());

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), watch.Elapsed.ToString());
        var calls = account.Host.Requests.Query(afterSequence: before);
        Assert.True(calls.Count < 60, $"{calls.Count} calls: " + string.Join(", ", calls.GroupBy(c => c.Operation).Select(g => g.Key + " x" + g.Count())));
        Assert.Equal(scanned.Count, plan.Pins.Count(p => p.Status == PinPlanStatus.Ready));
        Assert.Equal(10_000 - scanned.Count, plan.Pins.Count(p => p.Status == PinPlanStatus.Skipped));
    }
}
