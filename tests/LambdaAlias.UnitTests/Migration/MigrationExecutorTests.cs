using System.Management.Automation;
using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Migration;

public class MigrationExecutorTests
{
    private static MigrationPlan Plan(IEnumerable<LambdaIntegrationPin> pins, MigrationObservation obs = null, MigrationOptions options = null) =>
        MigrationPlanner.Plan(pins.ToList(), obs ?? Demo.Observation(), options ?? new MigrationOptions());

    /// <summary>A ShouldProcess that records what it was asked and answers per step kind.</summary>
    private sealed class Confirmer
    {
        public readonly List<(string Target, string Action, int Thread)> Asked = new();
        public Func<string, string, (bool, ShouldProcessReason)> Answer = (_, _) => (true, ShouldProcessReason.None);

        public (bool Proceed, ShouldProcessReason Reason) Ask(string target, string action)
        {
            Asked.Add((target, action, Environment.CurrentManagedThreadId));
            return Answer(target, action);
        }
    }

    private static (MigrationRun Run, FakeMigrationActions Actions, Confirmer Confirm) Execute(MigrationPlan plan, Action<FakeMigrationActions, Confirmer> setup = null, CancellationToken token = default)
    {
        var actions = new FakeMigrationActions();
        var confirm = new Confirmer();
        setup?.Invoke(actions, confirm);
        var run = MigrationExecutor.Execute(plan, actions, confirm.Ask, token, outcome => actions.Events.Add("report:" + outcome.Result.Pin?.Location));
        return (run, actions, confirm);
    }

    private static MigrationResult ResultFor(MigrationRun run, LambdaIntegrationPin pin) => run.Outcomes.Single(o => o.Result.Pin == pin).Result;

    [Fact]
    public void RealRun_RunsEveryStepInOrder_AndReportsMigrated()
    {
        var pins = Demo.DefaultScan();
        var plan = Plan(pins);
        var (run, actions, confirm) = Execute(plan);

        var expected = plan.Steps.Select(s => s.Kind).ToList();
        Assert.Equal(expected, actions.Calls.Select(c => c.Kind));
        Assert.Equal(plan.ActionableSteps.Count(), confirm.Asked.Count);
        Assert.Equal(plan.ActionableSteps.Select(s => s.Target), confirm.Asked.Select(a => a.Target));
        Assert.All(run.Outcomes, o => Assert.Equal(MigrationStatus.Migrated, o.Result.Status));
        Assert.All(run.Outcomes, o => Assert.Empty(o.Errors));
        Assert.Equal(pins.Count, run.Outcomes.Count);
        var orders = ResultFor(run, pins[1]);
        Assert.Equal(new[] { "dep-1" }, orders.DeploymentIds);
        Assert.Equal(("my-func", "live", Demo.FunctionArn("my-func") + ":live", "1"), (orders.FunctionName, orders.AliasName, orders.AliasArn, orders.Version));
        Assert.Equal((Demo.Region, Demo.Account), (orders.Region, orders.AccountId));
        Assert.All(orders.Steps, s => Assert.Equal(StepOutcome.Done, s.Outcome));
        Assert.Contains(orders.Steps, s => s.Kind == MigrationStepKind.CreateDeployment);
        Assert.Equal("live-canary", ResultFor(run, pins[4]).AliasName);
        Assert.Equal("3", ResultFor(run, pins[4]).Version);
    }

    [Fact]
    public void WhatIf_MakesNoCall_ButAsksForAndSimulatesEveryMutatingStep()
    {
        var pins = Demo.DefaultScan().Append(Demo.AliasedHealth()).ToList();
        var plan = Plan(pins);
        var (run, actions, confirm) = Execute(plan, (_, c) => c.Answer = (_, _) => (false, ShouldProcessReason.WhatIf));
        Assert.Empty(actions.Calls);
        Assert.Equal(plan.ActionableSteps.Select(s => s.Target), confirm.Asked.Select(a => a.Target));
        Assert.All(run.Outcomes.Where(o => o.Result.Pin != pins[^1]), o => Assert.Equal(MigrationStatus.WhatIf, o.Result.Status));
        Assert.Equal(MigrationStatus.AlreadyOnAlias, ResultFor(run, pins[^1]).Status);
        Assert.All(run.Steps, s => Assert.Equal(StepOutcome.WhatIf, s.Outcome));
        Assert.All(run.Outcomes, o => Assert.Empty(o.Errors));
        // The result objects carry the plan.
        Assert.Contains(ResultFor(run, pins[1]).Steps, s => s.Action == "Point integration at my-func:live (version 1) instead of my-func:1");
    }

    [Fact]
    public void WhatIf_ForLatest_NamesThePublishStepInsteadOfAVersion()
    {
        var plan = Plan(new[] { Demo.HttpPostLatest() });
        var (run, actions, confirm) = Execute(plan, (_, c) => c.Answer = (_, _) => (false, ShouldProcessReason.WhatIf));
        Assert.Empty(actions.Calls);
        Assert.Contains(confirm.Asked, a => a.Action == "Create alias live at the version step 1 publishes");
        Assert.Null(run.Outcomes[0].Result.Version);
    }

    [Fact]
    public void DecliningAPermission_SkipsTheSwitchesThatNeedIt_ButNotOtherPins()
    {
        var pins = new List<LambdaIntegrationPin> { Demo.RestOrders(), Demo.RestProxy(), Demo.Authorizer() };
        var plan = Plan(pins);
        var (run, actions, _) = Execute(plan, (_, c) => c.Answer = (target, _) =>
            target == "Lambda function my-func:live (resource policy)" ? (false, ShouldProcessReason.None) : (true, ShouldProcessReason.None));

        Assert.Equal(0, actions.Count(MigrationStepKind.UpdateIntegration));
        Assert.Equal(1, actions.Count(MigrationStepKind.UpdateAuthorizer));
        Assert.Equal(1, actions.Count(MigrationStepKind.CreateDeployment));
        Assert.Equal(MigrationStatus.Declined, ResultFor(run, pins[0]).Status);
        Assert.Equal(MigrationStatus.Declined, ResultFor(run, pins[1]).Status);
        Assert.Equal(MigrationStatus.Migrated, ResultFor(run, pins[2]).Status);
        var orders = ResultFor(run, pins[0]);
        Assert.Equal(StepOutcome.Declined, orders.Steps.Single(s => s.Kind == MigrationStepKind.AddPermission).Outcome);
        Assert.Equal(StepOutcome.SkippedDependency, orders.Steps.Single(s => s.Kind == MigrationStepKind.UpdateIntegration).Outcome);
        Assert.Equal(StepOutcome.SkippedDependency, orders.Steps.Single(s => s.Kind == MigrationStepKind.Verify).Outcome);
    }

    [Fact]
    public void DecliningEverySwitch_SkipsTheDeployment()
    {
        var plan = Plan(new[] { Demo.RestOrders(), Demo.RestProxy() });
        var (run, actions, confirm) = Execute(plan, (_, c) => c.Answer = (_, action) =>
            action.StartsWith("Point integration") ? (false, ShouldProcessReason.None) : (true, ShouldProcessReason.None));
        Assert.Equal(0, actions.Count(MigrationStepKind.CreateDeployment));
        Assert.DoesNotContain(confirm.Asked, a => a.Action.StartsWith("Deploy"));
        Assert.All(run.Outcomes, o => Assert.Equal(MigrationStatus.Declined, o.Result.Status));
    }

    [Fact]
    public void FailureOfAPermission_NeverSwitches_ReportsExactlyWhatWasDone_AndOtherPinsGoOn()
    {
        var pins = new List<LambdaIntegrationPin> { Demo.RestOrders(), Demo.Esm() };
        var plan = Plan(pins);
        var (run, actions, _) = Execute(plan, (a, _) => a.Respond = (kind, op) =>
            kind == MigrationStepKind.AddPermission ? throw new AwsServiceException("ServiceException", "boom", 500, "req-1", "AddPermission") : null);

        Assert.Equal(0, actions.Count(MigrationStepKind.UpdateIntegration));
        Assert.Equal(0, actions.Count(MigrationStepKind.CreateDeployment));
        Assert.Equal(1, actions.Count(MigrationStepKind.UpdateEventSourceMapping));
        var orders = run.Outcomes.Single(o => o.Result.Pin == pins[0]);
        Assert.Equal(MigrationStatus.PartiallyApplied, orders.Result.Status);
        Assert.Equal(StepOutcome.Done, orders.Result.Steps.Single(s => s.Kind == MigrationStepKind.CreateAlias).Outcome);
        Assert.Equal(StepOutcome.Failed, orders.Result.Steps.Single(s => s.Kind == MigrationStepKind.AddPermission).Outcome);
        var error = Assert.Single(orders.Errors);
        Assert.Equal(ErrorIds.StepFailed, error.ErrorId);
        Assert.Equal(ErrorCategory.ResourceUnavailable, error.Category);
        Assert.Contains("AddPermission", error.Message);
        Assert.Equal(MigrationStatus.Migrated, ResultFor(run, pins[1]).Status);
    }

    [Fact]
    public void FailureBeforeAnyChange_IsFailed_NotPartiallyApplied()
    {
        var plan = Plan(new[] { Demo.Esm() });
        var (run, _, _) = Execute(plan, (a, _) => a.Respond = (kind, _) =>
            kind == MigrationStepKind.CreateAlias ? throw new AwsServiceException("AccessDeniedException", "no", 403, "r", "CreateAlias") : null);
        Assert.Equal(MigrationStatus.Failed, run.Outcomes[0].Result.Status);
        Assert.Equal(ErrorCategory.PermissionDenied, run.Outcomes[0].Errors.Single().Category);
    }

    [Fact]
    public void ASharedStepsFailure_IsReportedOnce()
    {
        var pins = new List<LambdaIntegrationPin> { Demo.RestOrders(), Demo.RestProxy() };
        var (run, _, _) = Execute(Plan(pins), (a, _) => a.Respond = (kind, _) =>
            kind == MigrationStepKind.CreateDeployment ? throw new AwsServiceException("TooManyRequestsException", "slow down", 429, "r", "CreateDeployment") : null);
        Assert.Equal(1, run.Outcomes.Sum(o => o.Errors.Count));
        Assert.Equal(ErrorCategory.LimitsExceeded, run.Outcomes.SelectMany(o => o.Errors).Single().Category);
        Assert.All(run.Outcomes, o => Assert.Equal(MigrationStatus.PartiallyApplied, o.Result.Status));
        Assert.Contains(run.Outcomes[1].Result.Warnings, w => w.Contains("reported with another result"));
    }

    [Fact]
    public void PolicyLengthExceeded_PointsToPermissionScopeApi()
    {
        var (run, _, _) = Execute(Plan(new[] { Demo.RestOrders() }), (a, _) => a.Respond = (kind, _) =>
            kind == MigrationStepKind.AddPermission ? throw new AwsServiceException("PolicyLengthExceededException", "too big", 400, "r", "AddPermission") : null);
        var error = run.Outcomes[0].Errors.Single();
        Assert.Equal(ErrorIds.PolicyLengthExceeded, error.ErrorId);
        Assert.Contains("-PermissionScope Api", error.Message);
    }

    [Fact]
    public void Preconditions_MapToConcurrencyErrorIds()
    {
        var obs = Demo.Observation();
        obs.FindFunction("queue-func", null).Aliases.Add(new AliasState { Name = "live", FunctionVersion = "2", RevisionId = "r1" });
        var moved = Execute(Plan(new[] { Demo.Esm() }, obs, new MigrationOptions { AllowAliasMove = true }), (a, _) => a.Respond = (kind, _) =>
            kind == MigrationStepKind.UpdateAlias ? throw new AwsServiceException("PreconditionFailedException", "rev", 412, "r", "UpdateAlias") : null);
        Assert.Equal(ErrorIds.AliasChangedConcurrently, moved.Run.Outcomes[0].Errors.Single().ErrorId);
        Assert.Equal(0, moved.Actions.Count(MigrationStepKind.UpdateEventSourceMapping));

        var published = Execute(Plan(new[] { Demo.HttpPostLatest() }), (a, _) => a.Respond = (kind, _) =>
            kind == MigrationStepKind.PublishVersion ? throw new AwsServiceException("PreconditionFailedException", "sha", 412, "r", "PublishVersion") : null);
        Assert.Equal(ErrorIds.CodeChangedSinceScan, published.Run.Outcomes[0].Errors.Single().ErrorId);
        Assert.Single(published.Actions.Calls);
        Assert.Equal(MigrationStatus.Failed, published.Run.Outcomes[0].Result.Status);
    }

    [Fact]
    public void AlreadyDoneAnswers_CountAsSuccess()
    {
        var (run, actions, _) = Execute(Plan(new[] { Demo.RestOrders() }), (a, _) => a.Respond = (kind, _) =>
            kind is MigrationStepKind.CreateAlias or MigrationStepKind.AddPermission ? StepActionResult.AlreadyDone("exists") : null);
        Assert.Equal(MigrationStatus.Migrated, run.Outcomes[0].Result.Status);
        Assert.Equal(1, actions.Count(MigrationStepKind.UpdateIntegration));
        Assert.Equal(StepOutcome.AlreadyDone, run.Outcomes[0].Result.Steps.Single(s => s.Kind == MigrationStepKind.AddPermission).Outcome);
    }

    [Fact]
    public void PublishedVersion_FlowsIntoTheAlias_TheVerification_AndTheResult()
    {
        var (run, actions, confirm) = Execute(Plan(new[] { Demo.HttpPostLatest() }), (a, _) => a.Respond = (kind, _) =>
            kind == MigrationStepKind.PublishVersion ? StepActionResult.Done("5") : null);
        Assert.Equal("5", actions.Ops<AliasOperation>().Single().FunctionVersion);
        Assert.Equal("5", actions.Ops<VerifyOperation>().Single().Expected.Single().Version);
        Assert.Contains(confirm.Asked, a => a.Action == "Create alias live at version 5");
        Assert.Equal("5", run.Outcomes[0].Result.Version);
        Assert.Equal(MigrationStatus.Migrated, run.Outcomes[0].Result.Status);
    }

    [Fact]
    public void DeploymentId_FlowsIntoOtherStages()
    {
        var pins = new[] { Demo.RestMethod("r1", "GET", "/a", "dev"), Demo.RestMethod("r2", "GET", "/b", "test") };
        var obs = Demo.Observation();
        obs.Sources.Clear();
        var (run, actions, confirm) = Execute(Plan(pins, obs));
        Assert.Equal("dep-1", actions.Ops<StageDeploymentOperation>().Single().DeploymentId);
        Assert.Contains(confirm.Asked, a => a.Target.StartsWith("stage test") && a.Action.StartsWith("Serve deployment dep-1"));
        Assert.Equal(new[] { "dep-1" }, ResultFor(run, pins[1]).DeploymentIds);
    }

    [Fact]
    public void ShouldProcess_IsOnlyEverCalledOnTheCallingThread()
    {
        var thread = Environment.CurrentManagedThreadId;
        var (_, actions, confirm) = Execute(Plan(Demo.DefaultScan()));
        Assert.NotEmpty(confirm.Asked);
        Assert.All(confirm.Asked, a => Assert.Equal(thread, a.Thread));
        Assert.Contains(actions.ActionThreads, t => t != thread); // the fake really completes elsewhere
    }

    [Fact]
    public void AnApisResults_AreReportedOnlyAfterItsDeployment()
    {
        var pins = new List<LambdaIntegrationPin> { Demo.RestOrders(), Demo.Esm(), Demo.RestProxy() };
        var (run, actions, _) = Execute(Plan(pins));
        var deployAt = actions.Events.IndexOf("call:CreateDeployment");
        Assert.True(deployAt > 0);
        Assert.True(actions.Events.IndexOf("report:" + pins[0].Location) > deployAt);
        Assert.True(actions.Events.IndexOf("report:" + pins[2].Location) > deployAt);
        Assert.Equal(3, run.Outcomes.Count);
    }

    [Fact]
    public void PlanTimeFailures_AreReportedBeforeAnythingRuns()
    {
        var bad = Demo.RestOrders();
        bad.AccountId = "999999999999";
        var (run, actions, _) = Execute(Plan(new[] { Demo.Esm(), bad }));
        Assert.Equal("report:" + bad.Location, actions.Events[0]);
        Assert.Equal(ErrorIds.AccountMismatch, run.Outcomes[0].Errors.Single().ErrorId);
        Assert.Equal(MigrationStatus.Failed, run.Outcomes[0].Result.Status);
        Assert.Empty(run.Outcomes[0].Result.Steps);
    }

    [Fact]
    public void Cancellation_StopsBetweenSteps_ButNeverBetweenASwitchAndItsDeployment()
    {
        using var cts = new CancellationTokenSource();
        var pins = new List<LambdaIntegrationPin> { Demo.RestOrders(), Demo.RestProxy(), Demo.Esm() };
        var plan = Plan(pins);
        var (run, actions, _) = Execute(plan, (a, _) => a.BeforeReturn = (kind, _) => { if (kind == MigrationStepKind.UpdateIntegration) cts.Cancel(); }, cts.Token);

        Assert.Equal(1, actions.Count(MigrationStepKind.UpdateIntegration)); // the second switch is not started
        Assert.Equal(1, actions.Count(MigrationStepKind.CreateDeployment));  // but the first one is deployed
        Assert.Equal(0, actions.Count(MigrationStepKind.UpdateEventSourceMapping));
        Assert.True(run.Cancelled);
        Assert.Equal(StepOutcome.NotRun, run.Steps.Single(s => s.Kind == MigrationStepKind.UpdateEventSourceMapping).Outcome);
        Assert.Equal(MigrationStatus.PartiallyApplied, ResultFor(run, pins[2]).Status); // its alias was created
        var switched = run.Outcomes.Single(o => o.Result.Steps.Any(s => s.Kind == MigrationStepKind.UpdateIntegration && s.Outcome == StepOutcome.Done));
        Assert.Equal(StepOutcome.Done, switched.Result.Steps.Single(s => s.Kind == MigrationStepKind.CreateDeployment).Outcome);
    }

    [Fact]
    public void CancellationBeforeAnySwitch_DeploysNothing()
    {
        using var cts = new CancellationTokenSource();
        var (run, actions, _) = Execute(Plan(new[] { Demo.RestOrders() }), (a, _) => a.BeforeReturn = (kind, _) => { if (kind == MigrationStepKind.AddPermission) cts.Cancel(); }, cts.Token);
        Assert.Equal(0, actions.Count(MigrationStepKind.UpdateIntegration));
        Assert.Equal(0, actions.Count(MigrationStepKind.CreateDeployment));
        Assert.Equal(MigrationStatus.PartiallyApplied, run.Outcomes[0].Result.Status);
    }

    [Fact]
    public void ConfirmationThatThrowsBeforeAnyChange_Propagates_AndNothingRuns()
    {
        var actions = new FakeMigrationActions();
        Assert.Throws<InvalidOperationException>(() => MigrationExecutor.Execute(Plan(new[] { Demo.RestOrders() }), actions,
            (_, _) => throw new InvalidOperationException("no host UI")));
        Assert.Empty(actions.Calls);
    }

    [Fact]
    public void ConfirmationThatThrowsAfterAChange_KeepsTheRecord()
    {
        var (run, actions, _) = Execute(Plan(new[] { Demo.RestOrders() }), (_, c) => c.Answer = (target, _) =>
            target.StartsWith("Lambda function my-func:live") ? throw new InvalidOperationException("no host UI") : (true, ShouldProcessReason.None));
        Assert.Single(actions.Calls);
        var outcome = run.Outcomes.Single();
        Assert.Equal(ErrorIds.ConfirmationRequired, outcome.Errors.Single().ErrorId);
        Assert.Equal(MigrationStatus.PartiallyApplied, outcome.Result.Status);
        Assert.Equal(0, actions.Count(MigrationStepKind.UpdateIntegration));
    }

    [Fact]
    public void VerificationMismatch_IsVerificationFailed()
    {
        var (run, _, _) = Execute(Plan(new[] { Demo.Esm() }), (a, _) => a.Respond = (kind, _) =>
            kind == MigrationStepKind.Verify ? StepActionResult.Mismatch("mapping still invokes queue-func:1") : null);
        var outcome = run.Outcomes.Single();
        Assert.Equal(ErrorIds.VerificationFailed, outcome.Errors.Single().ErrorId);
        Assert.Contains("queue-func:1", outcome.Errors[0].Message);
        Assert.Equal(MigrationStatus.PartiallyApplied, outcome.Result.Status);
    }

    [Fact]
    public void RemovePermission_IsSkippedWhenTheSwitchFailed()
    {
        var obs = Demo.Observation();
        obs.QualifierUses = new[] { Demo.RestOrders(), Demo.RestProxy() }.SelectMany(QualifierUse.FromPin).ToList();
        var plan = Plan(new[] { Demo.RestOrders(), Demo.RestProxy() }, obs, new MigrationOptions { RemoveVersionPermission = true });
        Assert.Contains(plan.Steps, s => s.Kind == MigrationStepKind.RemovePermission);
        var calls = 0;
        var (run, actions, _) = Execute(plan, (a, _) => a.Respond = (kind, _) =>
            kind == MigrationStepKind.UpdateIntegration && ++calls == 2 ? throw new AwsServiceException("ConflictException", "busy", 409, "r", "UpdateIntegration") : null);
        Assert.Equal(1, actions.Count(MigrationStepKind.CreateDeployment));
        Assert.Equal(0, actions.Count(MigrationStepKind.RemovePermission));
        Assert.Equal(StepOutcome.SkippedDependency, run.Steps.Single(s => s.Kind == MigrationStepKind.RemovePermission).Outcome);

        var (ok, okActions, _) = Execute(plan = Plan(new[] { Demo.RestOrders(), Demo.RestProxy() }, obs, new MigrationOptions { RemoveVersionPermission = true }));
        Assert.Equal(MigrationStepKind.RemovePermission, okActions.Calls[^1].Kind);
        Assert.All(ok.Outcomes, o => Assert.Equal(MigrationStatus.Migrated, o.Result.Status));
    }
}
