using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Migration;

public class MigrationPlannerTests
{
    private static MigrationPlan Plan(IEnumerable<LambdaIntegrationPin> pins, MigrationObservation obs = null, MigrationOptions options = null) =>
        MigrationPlanner.Plan(pins.ToList(), obs ?? Demo.Observation(), options ?? new MigrationOptions());

    private static PlannedStep Single(MigrationPlan plan, MigrationStepKind kind, Func<PlannedStep, bool> where = null) =>
        Assert.Single(plan.Steps, s => s.Kind == kind && (where == null || where(s)));

    private static bool IsSwitch(PlannedStep s) => s.Kind is MigrationStepKind.UpdateIntegration or MigrationStepKind.UpdateAuthorizer
        or MigrationStepKind.UpdateStageVariable or MigrationStepKind.UpdateEventSourceMapping;

    /// <summary>Permission and alias before switch, switch before deployment, one deployment per API: for any plan.</summary>
    private static void AssertOrderingInvariants(MigrationPlan plan)
    {
        Assert.Equal(Enumerable.Range(1, plan.Steps.Count), plan.Steps.Select(s => s.Order));
        foreach (var sw in plan.Steps.Where(IsSwitch))
        {
            foreach (var pinIndex in sw.PinIndexes)
            {
                var prerequisites = plan.Pins[pinIndex].StepOrders.Select(plan.Step)
                    .Where(s => s.Kind is MigrationStepKind.AddPermission or MigrationStepKind.CreateAlias or MigrationStepKind.UpdateAlias or MigrationStepKind.PublishVersion)
                    .ToList();
                foreach (var pre in prerequisites)
                {
                    Assert.True(pre.Order < sw.Order, $"{pre} must come before {sw}");
                    if (!pre.IsSatisfied && pre.Kind != MigrationStepKind.PublishVersion)
                        Assert.Contains(pre.Order, sw.DependsOn);
                }
            }
        }
        foreach (var group in plan.Steps.GroupBy(s => s.Group))
        {
            var deployments = group.Where(s => s.Kind == MigrationStepKind.CreateDeployment).ToList();
            Assert.True(deployments.Count <= 1, $"group {group.Key} has {deployments.Count} CreateDeployment steps");
            foreach (var d in deployments)
                Assert.All(group.Where(s => IsSwitch(s) && s.Kind != MigrationStepKind.UpdateStageVariable), sw => Assert.True(sw.Order < d.Order, $"{sw} must come before {d}"));
        }
        foreach (var rm in plan.Steps.Where(s => s.Kind == MigrationStepKind.RemovePermission))
            Assert.All(plan.Steps.Where(s => IsSwitch(s) || s.Kind is MigrationStepKind.CreateDeployment or MigrationStepKind.UpdateStageDeployment),
                s => Assert.True(s.Order < rm.Order));
    }

    // ------------------------------------------------------------------ every pin kind of the demo

    [Fact]
    public void RestPins_ShareOneAliasOnePermissionAndOneDeployment_WithExactTexts()
    {
        var plan = Plan(new[] { Demo.RestProxy(), Demo.RestOrders() });
        AssertOrderingInvariants(plan);

        var alias = Single(plan, MigrationStepKind.CreateAlias);
        Assert.Equal("Lambda function my-func", alias.Target);
        Assert.Equal("Create alias live at version 1", alias.Action);
        Assert.Equal("1", ((AliasOperation)alias.Operation).FunctionVersion);
        Assert.Equal(new[] { 0, 1 }, alias.PinIndexes.OrderBy(i => i));

        var permission = Single(plan, MigrationStepKind.AddPermission);
        var op = (AddPermissionOperation)permission.Operation;
        Assert.Equal(("my-func", "live", "apigateway.amazonaws.com", Demo.ExecuteApi($"{Demo.RestApi}/*/*/*")), (op.FunctionName, op.Qualifier, op.Principal, op.SourceArn));
        Assert.Equal("apigw-dev-orders", op.CopiedFromStatementId);
        Assert.Matches("^lambdaalias-[0-9a-f]{24}$", op.StatementId);

        var orders = Single(plan, MigrationStepKind.UpdateIntegration, s => ((IntegrationOperation)s.Operation).ResourceId == "res-orders");
        Assert.Equal("GET /orders on REST API dev-lambda-my-func:1-API (a1b2c3d4e5)", orders.Target);
        Assert.Equal("Point integration at my-func:live (version 1) instead of my-func:1", orders.Action);
        Assert.Equal(Demo.InvocationsUri("my-func:live"), ((IntegrationOperation)orders.Operation).NewUri);
        Assert.Equal("/uri", ((IntegrationOperation)orders.Operation).PatchPath);
        var proxy = Single(plan, MigrationStepKind.UpdateIntegration, s => ((IntegrationOperation)s.Operation).ResourceId == "res-proxy");
        Assert.Equal("ANY /{proxy+} on REST API dev-lambda-my-func:1-API (a1b2c3d4e5)", proxy.Target);

        var deploy = Single(plan, MigrationStepKind.CreateDeployment);
        Assert.Equal("stage dev on REST API dev-lambda-my-func:1-API (a1b2c3d4e5)", deploy.Target);
        Assert.Equal(new[] { orders.Order, proxy.Order }.OrderBy(x => x), deploy.RequiresAnyOf);
        Assert.Contains("does not cover models, gateway responses or the resource policy", deploy.Detail);
        Assert.Equal(2, plan.Steps.Count(s => s.Kind == MigrationStepKind.Verify));
        Assert.All(plan.Pins, p => Assert.Equal(PinPlanStatus.Ready, p.Status));
        Assert.All(plan.Pins, p => Assert.Equal(plan.Steps.Count, p.ReportAfterStep));
    }

    [Fact]
    public void Authorizer_GetsItsOwnAliasAndAuthorizerSourceArn_AndSharesTheApiDeployment()
    {
        var plan = Plan(new[] { Demo.RestOrders(), Demo.Authorizer() });
        AssertOrderingInvariants(plan);
        var perm = Single(plan, MigrationStepKind.AddPermission, s => ((AddPermissionOperation)s.Operation).FunctionName == "auth-func");
        Assert.Equal(Demo.ExecuteApi($"{Demo.RestApi}/authorizers/auth01"), ((AddPermissionOperation)perm.Operation).SourceArn);
        var auth = Single(plan, MigrationStepKind.UpdateAuthorizer);
        Assert.Equal("authorizer token-auth (auth01) on REST API dev-lambda-my-func:1-API (a1b2c3d4e5)", auth.Target);
        Assert.Equal("Point authorizer at auth-func:live (version 1) instead of auth-func:1", auth.Action);
        Assert.Equal("/authorizerUri", ((AuthorizerOperation)auth.Operation).PatchPath);
        Assert.Equal(Demo.InvocationsUri("auth-func:live"), ((AuthorizerOperation)auth.Operation).NewUri);
        Assert.Contains(perm.Order, auth.DependsOn);
        var deploy = Single(plan, MigrationStepKind.CreateDeployment);
        Assert.Contains(auth.Order, deploy.RequiresAnyOf);
    }

    [Fact]
    public void StageVariable_WithCanaryOverride_AliasesBothVersions_ThenUpdatesVariables_WithoutDeployment()
    {
        var plan = Plan(new[] { Demo.StageVariableProd(), Demo.StageVariableCanary() });
        AssertOrderingInvariants(plan);
        Assert.DoesNotContain(plan.Steps, s => s.Kind == MigrationStepKind.CreateDeployment || s.Kind == MigrationStepKind.UpdateStageDeployment);

        var live = Single(plan, MigrationStepKind.CreateAlias, s => ((AliasOperation)s.Operation).AliasName == "live");
        var canaryAlias = Single(plan, MigrationStepKind.CreateAlias, s => ((AliasOperation)s.Operation).AliasName == "live-canary");
        Assert.Equal("2", ((AliasOperation)live.Operation).FunctionVersion);
        Assert.Equal("3", ((AliasOperation)canaryAlias.Operation).FunctionVersion);
        var perms = plan.Steps.Where(s => s.Kind == MigrationStepKind.AddPermission).Select(s => (AddPermissionOperation)s.Operation).ToList();
        Assert.Contains(perms, p => p.Qualifier == "live" && p.SourceArn == Demo.ExecuteApi($"{Demo.StageVarApi}/*/GET/orders") && p.CopiedFromStatementId == "sv-2");
        Assert.Contains(perms, p => p.Qualifier == "live-canary" && p.SourceArn == Demo.ExecuteApi($"{Demo.StageVarApi}/*/GET/orders") && p.CopiedFromStatementId == "sv-3");

        var main = Single(plan, MigrationStepKind.UpdateStageVariable, s => !((StageVariableOperation)s.Operation).IsCanaryOverride);
        var mainOp = (StageVariableOperation)main.Operation;
        Assert.Equal(("prod", "lambdaAlias", "2", "live", "/variables/lambdaAlias"), (mainOp.StageName, mainOp.VariableName, mainOp.OldValue, mainOp.NewValue, mainOp.PatchPath));
        Assert.Equal("stage prod on REST API stagevar-api (s7t8u9v0w1)", main.Target);
        Assert.Contains(live.Order, main.DependsOn);

        var canary = Single(plan, MigrationStepKind.UpdateStageVariable, s => ((StageVariableOperation)s.Operation).IsCanaryOverride);
        var canaryOp = (StageVariableOperation)canary.Operation;
        Assert.Equal(("3", "live-canary", "/canarySettings/stageVariableOverrides/lambdaAlias"), (canaryOp.OldValue, canaryOp.NewValue, canaryOp.PatchPath));
        Assert.Equal("canary of stage prod on REST API stagevar-api (s7t8u9v0w1)", canary.Target);
        Assert.Contains(canaryAlias.Order, canary.DependsOn);
        Assert.DoesNotContain(live.Order, canary.DependsOn);
        Assert.Contains(plan.Pins[1].Warnings, w => w.Contains("live-canary"));
    }

    [Fact]
    public void StageVariable_ReadByTwoFunctions_GivesEachFunctionItsAliasAndPermission_BeforeTheVariableChanges()
    {
        var obs = Demo.Observation();
        obs.Functions.Add(new FunctionObservation
        {
            FunctionName = "report-func", FunctionArn = Demo.FunctionArn("report-func"),
            Versions = { new VersionState { Version = "2", CodeSha256 = "r2" } },
            Policies = { new QualifierPolicy { Qualifier = "2", Statements = { Demo.Allow("rep-2", $"{Demo.StageVarApi}/*/GET/reports", "report-func:2") } } },
        });
        obs.Apis.Single(a => a.ApiId == Demo.StageVarApi).StageVariableReaders.Add(new StageVariableReader
        {
            VariableName = "lambdaAlias", StageName = "prod", SourceKind = SourceKind.RestApi, ResourceId = "sv-reports", HttpMethod = "GET",
            ResourcePath = "/reports", FunctionName = "report-func", FunctionArn = Demo.FunctionArn("report-func"), Qualifier = "2",
        });
        var plan = Plan(new[] { Demo.StageVariableProd() }, obs);
        AssertOrderingInvariants(plan);
        var variable = Single(plan, MigrationStepKind.UpdateStageVariable);
        var reportAlias = Single(plan, MigrationStepKind.CreateAlias, s => ((AliasOperation)s.Operation).FunctionName == "report-func");
        var reportPerm = Single(plan, MigrationStepKind.AddPermission, s => ((AddPermissionOperation)s.Operation).FunctionName == "report-func");
        Assert.Equal("2", ((AliasOperation)reportAlias.Operation).FunctionVersion);
        Assert.Equal(Demo.ExecuteApi($"{Demo.StageVarApi}/*/GET/reports"), ((AddPermissionOperation)reportPerm.Operation).SourceArn);
        Assert.Contains(reportAlias.Order, variable.DependsOn);
        Assert.Contains(reportPerm.Order, variable.DependsOn);
    }

    [Fact]
    public void HttpApi_KeepsTheBareArnForm_AndWaitsForAutoDeploy_InsteadOfDeploying()
    {
        var plan = Plan(new[] { Demo.HttpGet() });
        AssertOrderingInvariants(plan);
        var sw = Single(plan, MigrationStepKind.UpdateIntegration);
        var op = (IntegrationOperation)sw.Operation;
        Assert.True(op.IsV2);
        Assert.Null(op.PatchPath);
        Assert.Equal(Demo.FunctionArn("http-func") + ":live", op.NewUri);
        Assert.Equal("integration int-items-get (GET /items) on HTTP API items-http-api (h1t2t3p4a5)", sw.Target);
        Assert.DoesNotContain(plan.Steps, s => s.Kind == MigrationStepKind.CreateDeployment);
        var wait = Single(plan, MigrationStepKind.WaitForAutoDeploy);
        Assert.False(wait.IsMutating);
        Assert.Equal("$default", ((AutoDeployWaitOperation)wait.Operation).StageName);
        Assert.Contains(sw.Order, wait.RequiresAnyOf);
        Assert.Equal(Demo.ExecuteApi($"{Demo.HttpApi}/*/GET/items"), ((AddPermissionOperation)Single(plan, MigrationStepKind.AddPermission).Operation).SourceArn);
    }

    [Fact]
    public void HttpApi_StageWithoutAutoDeploy_IsDeployed()
    {
        var obs = Demo.Observation();
        obs.Apis.Single(a => a.ApiId == Demo.HttpApi).Stages[0].AutoDeploy = false;
        var plan = Plan(new[] { Demo.HttpGet() }, obs);
        var deploy = Single(plan, MigrationStepKind.CreateDeployment);
        Assert.True(((DeploymentOperation)deploy.Operation).IsV2);
        Assert.DoesNotContain(plan.Steps, s => s.Kind == MigrationStepKind.WaitForAutoDeploy);
    }

    [Fact]
    public void EventSourceMapping_NeedsNoPermission_AndPointsAtTheAliasArn()
    {
        var plan = Plan(new[] { Demo.Esm() });
        AssertOrderingInvariants(plan);
        Assert.DoesNotContain(plan.Steps, s => s.Kind == MigrationStepKind.AddPermission);
        var alias = Single(plan, MigrationStepKind.CreateAlias);
        var sw = Single(plan, MigrationStepKind.UpdateEventSourceMapping);
        Assert.Equal(Demo.FunctionArn("queue-func") + ":live", ((EventSourceMappingOperation)sw.Operation).NewFunctionArn);
        Assert.Equal(Demo.EsmUuid, ((EventSourceMappingOperation)sw.Operation).Uuid);
        Assert.Equal("Invoke queue-func:live (version 1) instead of queue-func:1", sw.Action);
        Assert.Equal(new[] { alias.Order }, sw.DependsOn);
        Assert.DoesNotContain(plan.Steps, s => s.Kind == MigrationStepKind.CreateDeployment);
    }

    [Fact]
    public void Latest_PublishesFirstWithPreconditions_ThenAliasesTheReturnedVersion_AndWarns()
    {
        var plan = Plan(new[] { Demo.HttpPostLatest() });
        AssertOrderingInvariants(plan);
        var publish = plan.Steps[0];
        Assert.Equal(MigrationStepKind.PublishVersion, publish.Kind);
        var pub = (PublishVersionOperation)publish.Operation;
        Assert.Equal(("sha-newer", "rev-http-latest"), (pub.ExpectedCodeSha256, pub.ExpectedRevisionId));
        var alias = Single(plan, MigrationStepKind.CreateAlias);
        Assert.Equal(publish.Order, ((AliasOperation)alias.Operation).VersionFromStep);
        Assert.Null(((AliasOperation)alias.Operation).FunctionVersion);
        Assert.Contains(publish.Order, alias.DependsOn);
        Assert.Equal("Create alias live at the version step 1 publishes", alias.Action);
        Assert.Equal("Create alias live at version 7", alias.RenderAction(o => o == publish.Order ? "7" : null));
        var perm = (AddPermissionOperation)Single(plan, MigrationStepKind.AddPermission).Operation;
        Assert.Equal(("http-post", Demo.ExecuteApi($"{Demo.HttpApi}/*/POST/items")), (perm.CopiedFromStatementId, perm.SourceArn));
        var sw = (IntegrationOperation)Single(plan, MigrationStepKind.UpdateIntegration).Operation;
        Assert.Equal(Demo.InvocationsUri("http-func:live"), sw.NewUri);
        Assert.Equal(publish.Order, plan.Pins[0].VersionFromStep);
        Assert.Contains(plan.Pins[0].Warnings, w => w.Contains("Later code updates no longer reach this trigger"));
    }

    [Fact]
    public void Latest_AliasAlreadyAtAVersionWithLatestCode_IsReusedWithoutPublishing()
    {
        var obs = Demo.Observation();
        var fn = obs.FindFunction("http-func", null);
        fn.Versions.Add(new VersionState { Version = "2", CodeSha256 = "sha-newer" });
        fn.Aliases.Add(new AliasState { Name = "live", FunctionVersion = "2" });
        var plan = Plan(new[] { Demo.HttpPostLatest() }, obs);
        Assert.DoesNotContain(plan.Steps, s => s.Kind == MigrationStepKind.PublishVersion);
        Assert.True(Single(plan, MigrationStepKind.CreateAlias).IsSatisfied);
        Assert.Equal("2", plan.Pins[0].Version);
    }

    [Fact]
    public void Latest_AndVersionPinOfTheSameFunction_ConflictOnTheAlias()
    {
        var plan = Plan(new[] { Demo.HttpGet(), Demo.HttpPostLatest() });
        Assert.Equal(PinPlanStatus.Ready, plan.Pins[0].Status);
        Assert.Equal(PinPlanStatus.Failed, plan.Pins[1].Status);
        Assert.Equal(ErrorIds.AliasVersionConflict, plan.Pins[1].Errors.Single().ErrorId);
        Assert.DoesNotContain(plan.Steps, s => s.Kind == MigrationStepKind.PublishVersion);
        Assert.All(plan.Steps, s => Assert.DoesNotContain(1, s.PinIndexes));
    }

    [Fact]
    public void WholeDemo_OneAliasPerFunction_OneDeploymentPerRestApi_AndOrderingHolds()
    {
        var plan = Plan(Demo.DefaultScan().Append(Demo.AliasedHealth()));
        AssertOrderingInvariants(plan);
        Assert.Equal(PinPlanStatus.AlreadyOnAlias, plan.Pins[7].Status);
        Assert.All(plan.Pins.Take(7), p => Assert.Equal(PinPlanStatus.Ready, p.Status));
        Assert.Equal(1, plan.Steps.Count(s => s.Kind == MigrationStepKind.CreateDeployment));
        Assert.Equal(6, plan.Steps.Count(s => s.Kind is MigrationStepKind.CreateAlias));
        // Aliases and permissions of every pin come before the first switch anywhere.
        var firstSwitch = plan.Steps.First(IsSwitch).Order;
        Assert.All(plan.Steps.Where(s => s.Kind is MigrationStepKind.AddPermission or MigrationStepKind.CreateAlias), s => Assert.True(s.Order < firstSwitch));
        // The mapping comes after the APIs.
        Assert.True(Single(plan, MigrationStepKind.UpdateEventSourceMapping).Order > Single(plan, MigrationStepKind.CreateDeployment).Order);
        Assert.Empty(plan.Steps[0].DependsOn);
    }

    [Fact]
    public void NPinsInOneApi_GiveOneCreateDeployment_AndOneStageUpdatePerOtherStage()
    {
        var pins = new List<LambdaIntegrationPin>();
        for (var i = 0; i < 5; i++) pins.Add(Demo.RestMethod("res-" + i, "GET", "/r" + i, stage: i % 2 == 0 ? "dev" : "test"));
        var obs = Demo.Observation();
        obs.Apis[0].Stages.Add(new StageObservation { StageName = "test", DeploymentId = "d-test" });
        obs.Sources.Clear();
        var plan = Plan(pins, obs);
        AssertOrderingInvariants(plan);
        var deploy = Single(plan, MigrationStepKind.CreateDeployment);
        Assert.Equal("dev", ((DeploymentOperation)deploy.Operation).StageName);
        var stage = Single(plan, MigrationStepKind.UpdateStageDeployment);
        var op = (StageDeploymentOperation)stage.Operation;
        Assert.Equal(("test", deploy.Order, "d-test", "/deploymentId"), (op.StageName, op.DeploymentFromStep, op.PreviousDeploymentId, op.PatchPath));
        Assert.Equal(new[] { deploy.Order }, stage.DependsOn);
        Assert.Equal(5, plan.Steps.Count(s => s.Kind == MigrationStepKind.UpdateIntegration));
        Assert.Equal(5, deploy.RequiresAnyOf.Count);
        Assert.Equal(1, plan.Steps.Count(s => s.Kind == MigrationStepKind.AddPermission));
    }

    // ------------------------------------------------------------------ idempotence

    [Fact]
    public void RePlanningAnAlreadyMigratedAccount_ProducesNoMutatingStep()
    {
        var pins = Demo.DefaultScan().Append(Demo.HttpPostLatest()).Where(p => p.IntegrationId != "int-items-get").ToList();
        var first = Plan(pins);
        Assert.NotEmpty(first.ActionableSteps);
        var second = Plan(pins, Demo.MigratedObservation(first));
        Assert.Empty(second.ActionableSteps);
        Assert.All(second.Pins, p => Assert.Equal(PinPlanStatus.AlreadyOnAlias, p.Status));
        Assert.DoesNotContain(second.Steps, s => s.Kind == MigrationStepKind.Verify);
    }

    [Fact]
    public void StatementIds_AreDeterministic_AcrossRuns()
    {
        var a = Plan(Demo.DefaultScan()).Steps.Select(s => s.Operation).OfType<AddPermissionOperation>().Select(o => o.StatementId).ToList();
        var b = Plan(Demo.DefaultScan()).Steps.Select(s => s.Operation).OfType<AddPermissionOperation>().Select(o => o.StatementId).ToList();
        Assert.Equal(a, b);
        Assert.Equal(a.Count, a.Distinct().Count());
    }

    [Fact]
    public void LiveOnlyPin_FixedInTheDraft_MigratesByDeploymentAlone_AfterItsPermission()
    {
        var pin = Demo.RestOrders();
        pin.LiveState = LiveState.LiveOnly;
        var obs = Demo.Observation();
        var source = obs.Sources.Single(s => s.ResourceId == "res-orders");
        source.Draft = new InvocationTarget { FunctionName = "my-func", Qualifier = "live", Raw = Demo.InvocationsUri("my-func:live") };
        obs.Apis[0].UndeployedChanges.Add(new DraftDifference { StageName = "dev", ResourceId = "res-orders", HttpMethod = "GET", Location = "GET /orders", Property = "uri", StageValue = Demo.InvocationsUri("my-func:1"), DraftValue = Demo.InvocationsUri("my-func:live") });
        var plan = Plan(new[] { pin }, obs);
        AssertOrderingInvariants(plan);
        Assert.True(Single(plan, MigrationStepKind.UpdateIntegration).IsSatisfied);
        var deploy = Single(plan, MigrationStepKind.CreateDeployment);
        var perm = Single(plan, MigrationStepKind.AddPermission);
        var alias = Single(plan, MigrationStepKind.CreateAlias);
        Assert.Contains(perm.Order, deploy.DependsOn);
        Assert.Contains(alias.Order, deploy.DependsOn);
        Assert.Empty(deploy.RequiresAnyOf);
    }

    [Fact]
    public void SourceChangedSinceScan_IsSkipped_AndDeletedSourceFails()
    {
        var obs = Demo.Observation();
        obs.Sources.Single(s => s.ResourceId == "res-orders").Draft = new InvocationTarget { FunctionName = "my-func", Qualifier = "2" };
        obs.Sources.Single(s => s.ResourceId == "res-orders").Stages[0].Qualifier = "2";
        obs.Sources.Single(s => s.ResourceId == "res-proxy").Exists = false;
        var plan = Plan(new[] { Demo.RestOrders(), Demo.RestProxy() }, obs);
        Assert.Equal(PinPlanStatus.Skipped, plan.Pins[0].Status);
        Assert.Contains(plan.Pins[0].Warnings, w => w.Contains("changed since the scan"));
        Assert.Equal(ErrorIds.PinSourceNotFound, plan.Pins[1].Errors.Single().ErrorId);
        Assert.Empty(plan.Steps);
    }

    [Fact]
    public void DuplicatePins_AreMigratedOnce()
    {
        var plan = Plan(new[] { Demo.RestOrders(), Demo.RestOrders() });
        Assert.Equal(PinPlanStatus.Ready, plan.Pins[0].Status);
        Assert.Equal(PinPlanStatus.Skipped, plan.Pins[1].Status);
        Assert.Single(plan.Steps, s => s.Kind == MigrationStepKind.UpdateIntegration);
    }

    // ------------------------------------------------------------------ guards, each with and without its switch

    [Fact]
    public void AliasPointsElsewhere_FailsWithoutAllowAliasMove_AndMovesWithIt()
    {
        var obs = Demo.Observation();
        obs.FindFunction("my-func", null).Aliases.Add(new AliasState { Name = "live", FunctionVersion = "2", RevisionId = "rev-live" });
        var refused = Plan(new[] { Demo.RestOrders() }, obs);
        Assert.Equal(ErrorIds.AliasPointsElsewhere, refused.Pins[0].Errors.Single().ErrorId);
        Assert.Empty(refused.Steps);

        var moved = Plan(new[] { Demo.RestOrders() }, obs, new MigrationOptions { AllowAliasMove = true });
        var update = Single(moved, MigrationStepKind.UpdateAlias);
        var op = (AliasOperation)update.Operation;
        Assert.Equal(("1", "rev-live", true), (op.FunctionVersion, op.ExpectedRevisionId, op.ClearRouting));
        Assert.Equal("Lambda alias my-func:live", update.Target);
        Assert.Equal("Move alias live from version 2 to version 1", update.Action);
        Assert.Contains(moved.Pins[0].Warnings, w => w.Contains("-AllowAliasMove"));
        AssertOrderingInvariants(moved);
    }

    [Fact]
    public void AliasAtThePinnedVersionWithCanaryWeights_IsNotReusedSilently()
    {
        var obs = Demo.Observation();
        obs.FindFunction("my-func", null).Aliases.Add(new AliasState { Name = "live", FunctionVersion = "1", AdditionalVersionWeights = { ["2"] = 0.1 } });
        var plan = Plan(new[] { Demo.RestOrders() }, obs);
        Assert.Equal(ErrorIds.AliasPointsElsewhere, plan.Pins[0].Errors.Single().ErrorId);
    }

    [Fact]
    public void AliasAlreadyAtThePinnedVersion_IsSkippedAsSatisfied()
    {
        var obs = Demo.Observation();
        obs.FindFunction("my-func", null).Aliases.Add(new AliasState { Name = "live", FunctionVersion = "1" });
        var plan = Plan(new[] { Demo.RestOrders() }, obs);
        var alias = Single(plan, MigrationStepKind.CreateAlias);
        Assert.True(alias.IsSatisfied);
        Assert.DoesNotContain(alias.Order, Single(plan, MigrationStepKind.AddPermission).DependsOn);
        Assert.DoesNotContain(alias, plan.ActionableSteps);
    }

    [Fact]
    public void UndeployedChanges_FailWithoutTheSwitch_AndDeployWithIt()
    {
        var obs = Demo.Observation();
        obs.Apis[0].UndeployedChanges.Add(new DraftDifference { StageName = "dev", Location = "POST /orders", ResourceId = "res-x", HttpMethod = "POST", Property = "method added" });
        var refused = Plan(new[] { Demo.RestOrders(), Demo.Authorizer() }, obs);
        Assert.All(refused.Pins, p => Assert.Equal(ErrorIds.UndeployedChanges, p.Errors.Single().ErrorId));
        Assert.Contains("POST /orders", refused.Pins[0].Errors[0].Message);
        Assert.Contains("does not cover models, gateway responses or the resource policy", refused.Pins[0].Errors[0].Message);
        Assert.Empty(refused.Steps);

        var allowed = Plan(new[] { Demo.RestOrders(), Demo.Authorizer() }, obs, new MigrationOptions { AllowUndeployedChanges = true });
        Assert.Single(allowed.Steps, s => s.Kind == MigrationStepKind.CreateDeployment);
        Assert.Contains(allowed.Pins[0].Warnings, w => w.Contains("POST /orders"));
    }

    [Fact]
    public void UndeployedChanges_OwnSwitchIsNotUnrelated_ButAnUncomparedStageIs()
    {
        var obs = Demo.Observation();
        obs.Apis[0].UndeployedChanges.Add(new DraftDifference { StageName = "dev", ResourceId = "res-orders", HttpMethod = "GET", Location = "GET /orders", Property = "uri" });
        Assert.Equal(PinPlanStatus.Ready, Plan(new[] { Demo.RestOrders() }, obs).Pins[0].Status);

        obs.Apis[0].UndeployedChanges.Add(new DraftDifference { StageName = "dev", ResourceId = "res-orders", HttpMethod = "GET", Location = "GET /orders", Property = "timeoutInMillis" });
        Assert.Equal(ErrorIds.UndeployedChanges, Plan(new[] { Demo.RestOrders() }, obs).Pins[0].Errors.Single().ErrorId);

        var uncompared = Demo.Observation();
        uncompared.Apis[0].StagesNotCompared.Add("dev");
        Assert.Equal(ErrorIds.UndeployedChanges, Plan(new[] { Demo.RestOrders() }, uncompared).Pins[0].Errors.Single().ErrorId);
    }

    [Fact]
    public void UndeployedChanges_AFailedPinsAlreadySwitchedDraft_BlocksTheDeploymentOfOthers()
    {
        // GET /orders' draft already invokes the alias, but its permission cannot be copied: deploying the API for
        // ANY /{proxy+} would publish GET /orders pointing at an alias without permission.
        var obs = Demo.Observation();
        var orders = obs.Sources.Single(s => s.ResourceId == "res-orders");
        orders.Draft = new InvocationTarget { FunctionName = "my-func", Qualifier = "live" };
        orders.CredentialsRole = "arn:aws:iam::123456789012:role/apigw-invoke";
        obs.Apis[0].UndeployedChanges.Add(new DraftDifference { StageName = "dev", ResourceId = "res-orders", HttpMethod = "GET", Location = "GET /orders", Property = "uri" });
        var plan = Plan(new[] { Demo.RestOrders(), Demo.RestProxy() }, obs);
        Assert.Equal(ErrorIds.IntegrationUsesRole, plan.Pins[0].Errors.Single().ErrorId);
        Assert.Equal(ErrorIds.UndeployedChanges, plan.Pins[1].Errors.Single().ErrorId);
        Assert.DoesNotContain(plan.Steps, s => s.Kind == MigrationStepKind.CreateDeployment);
    }

    [Fact]
    public void IntegrationUsesRole_FailsWithoutTheSwitch_AndSkipsThePolicyWithIt()
    {
        var obs = Demo.Observation();
        obs.Sources.Single(s => s.ResourceId == "res-orders").CredentialsRole = "arn:aws:iam::123456789012:role/apigw-invoke";
        var refused = Plan(new[] { Demo.RestOrders() }, obs);
        Assert.Equal(ErrorIds.IntegrationUsesRole, refused.Pins[0].Errors.Single().ErrorId);
        Assert.Contains("arn:aws:iam::123456789012:role/apigw-invoke", refused.Pins[0].Errors[0].Message);
        Assert.Empty(refused.Steps);

        var allowed = Plan(new[] { Demo.RestOrders() }, obs, new MigrationOptions { AllowRoleInvocation = true });
        Assert.DoesNotContain(allowed.Steps, s => s.Kind == MigrationStepKind.AddPermission);
        Assert.Single(allowed.Steps, s => s.Kind == MigrationStepKind.UpdateIntegration);
        Assert.Contains(allowed.Pins[0].Warnings, w => w.Contains("credentials role"));
    }

    [Fact]
    public void PermissionScopeApi_NeedsAllowBroaderPermission_AndThenGrantsOneStatementPerApi()
    {
        var refused = Plan(new[] { Demo.RestOrders(), Demo.Authorizer() }, options: new MigrationOptions { PermissionScope = PermissionScope.Api });
        Assert.All(refused.Pins, p => Assert.Equal(ErrorIds.BroaderPermissionNotAllowed, p.Errors.Single().ErrorId));
        Assert.Empty(refused.Steps);

        var allowed = Plan(new[] { Demo.RestOrders(), Demo.RestProxy() }, options: new MigrationOptions { PermissionScope = PermissionScope.Api, AllowBroaderPermission = true });
        var perm = (AddPermissionOperation)Single(allowed, MigrationStepKind.AddPermission).Operation;
        Assert.Equal(Demo.ExecuteApi($"{Demo.RestApi}/*"), perm.SourceArn);
        Assert.Equal("apigateway.amazonaws.com", perm.Principal);
    }

    [Theory]
    [InlineData("123")]
    [InlineData("")]
    [InlineData("bad name")]
    [InlineData("it's")]
    [InlineData("a/b")]
    [InlineData("live~1")]
    [InlineData(null)]
    public void InvalidAliasName_FailsEveryPin_WithoutSteps(string alias)
    {
        var plan = Plan(new[] { Demo.RestOrders(), Demo.Esm() }, options: new MigrationOptions { AliasName = alias });
        Assert.All(plan.Pins, p => Assert.Equal(ErrorIds.InvalidAliasName, p.Errors.Single().ErrorId));
        Assert.Empty(plan.Steps);
    }

    [Fact]
    public void AliasNameRules_FollowLambdasPattern()
    {
        Assert.True(AliasNames.IsValid("live"));
        Assert.True(AliasNames.IsValid("prod_2-blue"));
        Assert.True(AliasNames.IsValid("1a"));
        Assert.True(AliasNames.IsValid(new string('a', 128)));
        Assert.False(AliasNames.IsValid(new string('a', 129)));
        Assert.False(AliasNames.IsValid("0042"));
        Assert.False(AliasNames.IsValid("$LATEST"));
        Assert.False(AliasNames.IsValid("live\n"));
    }

    [Fact]
    public void AccountMismatch_IsRefused()
    {
        var pin = Demo.RestOrders();
        pin.AccountId = "999999999999";
        var plan = Plan(new[] { pin, Demo.Esm() });
        Assert.Equal(ErrorIds.AccountMismatch, plan.Pins[0].Errors.Single().ErrorId);
        Assert.Equal(PinPlanStatus.Ready, plan.Pins[1].Status);
        Assert.All(plan.Steps, s => Assert.DoesNotContain(0, s.PinIndexes));
    }

    [Fact]
    public void MissingFunctionOrVersion_Fail()
    {
        var noVersion = Demo.RestOrders();
        noVersion.PinnedVersion = noVersion.Qualifier = "9";
        var noFunction = Demo.Esm();
        noFunction.FunctionName = "ghost"; noFunction.FunctionArn = Demo.FunctionArn("ghost");
        var plan = Plan(new[] { noVersion, noFunction });
        Assert.Equal(ErrorIds.VersionNotFound, plan.Pins[0].Errors.Single().ErrorId);
        Assert.Equal(ErrorIds.PinnedFunctionNotFound, plan.Pins[1].Errors.Single().ErrorId);
    }

    [Fact]
    public void InexpressibleStatement_IsNeverCopied_AndFailsWhenItIsTheOnlyGrant()
    {
        var obs = Demo.Observation();
        var policy = obs.FindFunction("my-func", null).FindPolicy("1");
        policy.Statements[0].HasInexpressibleParts = true;
        policy.Statements[0].InexpressibleReason = "condition aws:SourceIp";
        var plan = Plan(new[] { Demo.RestOrders() }, obs);
        var error = plan.Pins[0].Errors.Single();
        Assert.Equal(ErrorIds.InexpressibleStatement, error.ErrorId);
        Assert.Contains("aws:SourceIp", error.Message);

        policy.Statements.Add(Demo.Allow("narrow", $"{Demo.RestApi}/*/GET/orders", "my-func:1"));
        var withCopyable = Plan(new[] { Demo.RestOrders() }, obs);
        var perm = (AddPermissionOperation)Single(withCopyable, MigrationStepKind.AddPermission).Operation;
        Assert.Equal("narrow", perm.CopiedFromStatementId);
        Assert.Contains(withCopyable.Pins[0].Warnings, w => w.Contains("apigw-dev-orders") && w.Contains("not copied"));
    }

    [Fact]
    public void BrokenToday_GetsTheNarrowestSourceArn_AndAWarning()
    {
        var obs = Demo.Observation();
        obs.FindFunction("my-func", null).Policies.Clear();
        var plan = Plan(new[] { Demo.RestOrders(), Demo.RestProxy() }, obs);
        var arns = plan.Steps.Select(s => s.Operation).OfType<AddPermissionOperation>().Select(o => o.SourceArn).OrderBy(x => x).ToList();
        Assert.Equal(new[] { Demo.ExecuteApi($"{Demo.RestApi}/*/*/*"), Demo.ExecuteApi($"{Demo.RestApi}/*/GET/orders") }, arns);
        Assert.Contains(plan.Pins[0].Warnings, w => w.Contains("broken today"));
        Assert.All(plan.Steps.Select(s => s.Operation).OfType<AddPermissionOperation>(), o => Assert.Null(o.CopiedFromStatementId));
    }

    [Fact]
    public void WildcardPrincipal_IsNeverCopied()
    {
        var obs = Demo.Observation();
        var st = obs.FindFunction("my-func", null).FindPolicy("1").Statements[0];
        st.Principal = "*";
        var plan = Plan(new[] { Demo.RestOrders() }, obs);
        var perm = (AddPermissionOperation)Single(plan, MigrationStepKind.AddPermission).Operation;
        Assert.Equal("apigateway.amazonaws.com", perm.Principal);
        Assert.Equal(Demo.ExecuteApi($"{Demo.RestApi}/*/GET/orders"), perm.SourceArn);
        Assert.Contains(plan.Pins[0].Warnings, w => w.Contains("wildcard principal is never copied"));
    }

    [Fact]
    public void CopiedStatement_KeepsSourceAccount()
    {
        var obs = Demo.Observation();
        obs.FindFunction("my-func", null).FindPolicy("1").Statements[0].SourceAccount = Demo.Account;
        var perm = (AddPermissionOperation)Single(Plan(new[] { Demo.RestOrders() }, obs), MigrationStepKind.AddPermission).Operation;
        Assert.Equal(Demo.Account, perm.SourceAccount);
    }

    [Fact]
    public void ExistingEquivalentStatementOnTheAlias_SatisfiesThePermission_ButADifferentOneWithOurIdConflicts()
    {
        var obs = Demo.Observation();
        var fn = obs.FindFunction("my-func", null);
        fn.Aliases.Add(new AliasState { Name = "live", FunctionVersion = "1" });
        fn.Policies.Add(new QualifierPolicy { Qualifier = "live", Statements = { Demo.Allow("someone-elses", $"{Demo.RestApi}/*/*/*", "my-func:live") } });
        var plan = Plan(new[] { Demo.RestOrders() }, obs);
        Assert.True(Single(plan, MigrationStepKind.AddPermission).IsSatisfied);
        Assert.Contains(Single(plan, MigrationStepKind.UpdateIntegration), plan.ActionableSteps);

        var sid = PermissionRules.StatementIdFor("my-func", "live", "apigateway.amazonaws.com", Demo.ExecuteApi($"{Demo.RestApi}/*/*/*"), null, null);
        fn.Policies[^1].Statements = new List<PolicyStatement> { Demo.Allow(sid, $"{Demo.RestApi}/*/POST/other", "my-func:live") };
        Assert.Equal(ErrorIds.StatementIdConflict, Plan(new[] { Demo.RestOrders() }, obs).Pins[0].Errors.Single().ErrorId);
    }

    [Fact]
    public void CloudFormationManagedSource_WarnsWhatToChangeInTheTemplate()
    {
        var plan = Plan(new[] { Demo.RestOrders() });
        var warning = Assert.Single(plan.Pins[0].Warnings, w => w.Contains("CloudFormation stack dev-orders-stack"));
        Assert.Contains("AutoPublishAlias", warning);
        Assert.Contains("currentVersion.addAlias", warning);
        Assert.DoesNotContain(Plan(new[] { Demo.Esm() }).Pins[0].Warnings, w => w.Contains("CloudFormation"));
    }

    [Fact]
    public void NoDeploy_SwitchesTheDraftOnly_AndSaysSoLoudly()
    {
        var plan = Plan(new[] { Demo.RestOrders() }, options: new MigrationOptions { NoDeploy = true });
        Assert.DoesNotContain(plan.Steps, s => s.Kind is MigrationStepKind.CreateDeployment or MigrationStepKind.UpdateStageDeployment);
        Assert.Single(plan.Steps, s => s.Kind == MigrationStepKind.UpdateIntegration);
        Assert.Contains(plan.Warnings, w => w.StartsWith("-NoDeploy") && w.Contains("NOT deployed"));
        Assert.Contains(plan.Pins[0].Warnings, w => w.Contains("keep serving my-func:1") && w.Contains("create-deployment"));
        Assert.True(((VerifyOperation)Single(plan, MigrationStepKind.Verify).Operation).DraftOnly);
    }

    [Fact]
    public void StageNameFilter_DeploysOnlyTheNamedStages()
    {
        var pin = Demo.RestOrders();
        pin.ServedBy = new[] { new StageServing { StageName = "dev" }, new StageServing { StageName = "test" } };
        var obs = Demo.Observation();
        obs.Sources.Clear();
        obs.Apis[0].Stages.Add(new StageObservation { StageName = "test", DeploymentId = "d-test" });
        var plan = Plan(new[] { pin }, obs, new MigrationOptions { StageName = new[] { "test" } });
        Assert.Equal("test", ((DeploymentOperation)Single(plan, MigrationStepKind.CreateDeployment).Operation).StageName);
        Assert.DoesNotContain(plan.Steps, s => s.Kind == MigrationStepKind.UpdateStageDeployment);
        Assert.Contains(plan.Pins[0].Warnings, w => w.Contains("Stage dev also serves"));

        var none = Plan(new[] { Demo.RestOrders() }, Demo.Observation(), new MigrationOptions { StageName = new[] { "prod" } });
        Assert.Equal(PinPlanStatus.Skipped, none.Pins[0].Status);
        Assert.Empty(none.Steps);
    }

    [Fact]
    public void StageVariablePins_FollowStageNameAndNoDeploy()
    {
        var filtered = Plan(new[] { Demo.StageVariableProd() }, options: new MigrationOptions { StageName = new[] { "staging" } });
        Assert.Equal(PinPlanStatus.Skipped, filtered.Pins[0].Status);
        Assert.Empty(filtered.Steps);
        Assert.Equal(PinPlanStatus.Ready, Plan(new[] { Demo.StageVariableProd() }, options: new MigrationOptions { StageName = new[] { "prod" } }).Pins[0].Status);

        var noDeploy = Plan(new[] { Demo.StageVariableProd(), Demo.RestOrders() }, options: new MigrationOptions { NoDeploy = true });
        Assert.Equal(PinPlanStatus.Skipped, noDeploy.Pins[0].Status);
        Assert.Contains(noDeploy.Pins[0].Warnings, w => w.Contains("live as soon as it changes"));
        Assert.DoesNotContain(noDeploy.Steps, s => s.Kind == MigrationStepKind.UpdateStageVariable);
        Assert.Single(noDeploy.Steps, s => s.Kind == MigrationStepKind.UpdateIntegration);
    }

    [Fact]
    public void CanaryServingThePin_IsLeftAlone_WithAWarning()
    {
        var obs = Demo.Observation();
        obs.Sources.Single(s => s.ResourceId == "res-orders").Stages.Add(new StageTarget { StageName = "dev", IsCanary = true, DeploymentId = "d-canary", FunctionName = "my-func", Qualifier = "1" });
        var plan = Plan(new[] { Demo.RestOrders() }, obs);
        Assert.Single(plan.Steps, s => s.Kind == MigrationStepKind.CreateDeployment);
        Assert.Contains(plan.Pins[0].Warnings, w => w.Contains("canary of stage dev") && w.Contains("d-canary"));
    }

    // ------------------------------------------------------------------ cleanup

    private static List<QualifierUse> UsesOf(params LambdaIntegrationPin[] pins) => pins.SelectMany(QualifierUse.FromPin).ToList();

    [Fact]
    public void RemoveVersionPermission_RemovesOnlyAfterTheSwitchIsLive_WhenNothingElseUsesTheQualifier()
    {
        var obs = Demo.Observation();
        obs.QualifierUses = UsesOf(Demo.RestOrders(), Demo.RestProxy());
        var plan = Plan(new[] { Demo.RestOrders(), Demo.RestProxy() }, obs, new MigrationOptions { RemoveVersionPermission = true });
        AssertOrderingInvariants(plan);
        var remove = Single(plan, MigrationStepKind.RemovePermission);
        var op = (RemovePermissionOperation)remove.Operation;
        Assert.Equal(("my-func", "1", "apigw-dev-orders", "rev-policy-1"), (op.FunctionName, op.Qualifier, op.StatementId, op.ExpectedPolicyRevisionId));
        Assert.Equal(plan.Steps.Count, remove.Order);
        var verifies = plan.Steps.Where(s => s.Kind == MigrationStepKind.Verify).Select(s => s.Order).ToList();
        Assert.Equal(verifies, remove.DependsOn);
    }

    [Fact]
    public void RemoveVersionPermission_KeepsTheStatement_WhileAnythingElseUsesTheQualifier()
    {
        var obs = Demo.Observation();
        var other = Demo.RestMethod("res-other", "GET", "/other");
        obs.QualifierUses = UsesOf(Demo.RestOrders(), Demo.RestProxy(), other);
        var plan = Plan(new[] { Demo.RestOrders(), Demo.RestProxy() }, obs, new MigrationOptions { RemoveVersionPermission = true });
        Assert.DoesNotContain(plan.Steps, s => s.Kind == MigrationStepKind.RemovePermission);
        Assert.Contains(plan.Pins[0].Warnings, w => w.Contains("Kept statement apigw-dev-orders") && w.Contains("GET /other"));

        // A service statement on the qualifier also keeps it.
        var service = Demo.Observation();
        service.QualifierUses = UsesOf(Demo.RestOrders(), Demo.RestProxy());
        service.FindFunction("my-func", null).FindPolicy("1").Statements.Add(new PolicyStatement { Sid = "s3-invoke", Effect = "Allow", Principal = "s3.amazonaws.com", Action = "lambda:InvokeFunction" });
        var withService = Plan(new[] { Demo.RestOrders(), Demo.RestProxy() }, service, new MigrationOptions { RemoveVersionPermission = true });
        Assert.DoesNotContain(withService.Steps, s => s.Kind == MigrationStepKind.RemovePermission);

        // A pin of the same statement left out of this run keeps it.
        var partialObs = Demo.Observation();
        partialObs.QualifierUses = UsesOf(Demo.RestOrders(), Demo.RestProxy());
        var partial = Plan(new[] { Demo.RestOrders() }, partialObs, new MigrationOptions { RemoveVersionPermission = true });
        Assert.DoesNotContain(partial.Steps, s => s.Kind == MigrationStepKind.RemovePermission);
        Assert.Contains(partial.Pins[0].Warnings, w => w.Contains("ANY /{proxy+}"));
    }

    [Fact]
    public void RemoveVersionPermission_NeverRunsWithNoDeploy_OrWhenUsesAreUnknown()
    {
        var obs = Demo.Observation();
        obs.QualifierUses = UsesOf(Demo.RestOrders(), Demo.RestProxy());
        var noDeploy = Plan(new[] { Demo.RestOrders(), Demo.RestProxy() }, obs, new MigrationOptions { RemoveVersionPermission = true, NoDeploy = true });
        Assert.DoesNotContain(noDeploy.Steps, s => s.Kind == MigrationStepKind.RemovePermission);
        var unknown = Plan(new[] { Demo.RestOrders(), Demo.RestProxy() }, Demo.Observation(), new MigrationOptions { RemoveVersionPermission = true });
        Assert.DoesNotContain(unknown.Steps, s => s.Kind == MigrationStepKind.RemovePermission);
        Assert.Contains(unknown.Warnings, w => w.Contains("no permission is removed"));
    }

    [Fact]
    public void PatchPaths_EscapeInjectedNames()
    {
        var obs = Demo.Observation();
        var pin = Demo.StageVariableProd();
        pin.StageVariableName = "a/b~c";
        obs.Apis.Single(a => a.ApiId == Demo.StageVarApi).StageVariableReaders.Clear();
        obs.Sources.Clear();
        var op = (StageVariableOperation)Single(Plan(new[] { pin }, obs), MigrationStepKind.UpdateStageVariable).Operation;
        Assert.Equal("/variables/a~1b~0c", op.PatchPath);
    }
}
