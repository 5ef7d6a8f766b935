using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Migration;

public class RollbackPlannerTests
{
    private static RollbackInput Input(string current, Dictionary<string, double> weights = null, string toVersion = null, params string[] published) => new()
    {
        FunctionName = "my-func", AliasName = "live", Region = Demo.Region, AccountId = Demo.Account,
        Alias = new AliasState { Name = "live", FunctionVersion = current, AdditionalVersionWeights = weights ?? new(), RevisionId = "rev-7", AliasArn = Demo.FunctionArn("my-func") + ":live" },
        PublishedVersions = published.Length == 0 ? new[] { "$LATEST", "1", "2", "3" } : published, ToVersion = toVersion,
    };

    [Fact]
    public void Default_MovesToTheHighestPublishedVersionBelowTheCurrentOne()
    {
        var decision = RollbackPlanner.Plan(Input("3", published: new[] { "1", "2", "3", "10" }));
        Assert.True(decision.ShouldUpdate);
        Assert.Null(decision.Error);
        Assert.Equal(("3", "2", "2"), (decision.Target.FromVersion, decision.Target.ToVersion, decision.FunctionVersion));
        Assert.Equal("rev-7", decision.ExpectedRevisionId);
        Assert.False(decision.ClearRouting);
        Assert.Equal(RollbackStatus.RolledBack, decision.AppliedStatus);
        Assert.Equal("alias live of Lambda function my-func (us-east-1, account 123456789012)", decision.ShouldProcessTarget);
        Assert.Equal("Move alias live of my-func from version 3 to version 2", decision.ShouldProcessAction);
        var result = decision.ToResult(decision.AppliedStatus);
        Assert.Equal(("my-func", "live", "3", "2", RollbackStatus.RolledBack), (result.FunctionName, result.AliasName, result.FromVersion, result.ToVersion, result.Status));
        Assert.Equal(Demo.FunctionArn("my-func") + ":live", result.AliasArn);
    }

    [Fact]
    public void VersionsCompareAsNumbers_NotAsText()
    {
        var decision = RollbackPlanner.Plan(Input("10", published: new[] { "2", "9", "10", "11" }));
        Assert.Equal("9", decision.FunctionVersion);
    }

    [Fact]
    public void CanaryWeights_AreClearedByDefault_KeepingThePrimaryVersion()
    {
        var decision = RollbackPlanner.Plan(Input("2", new() { ["3"] = 0.137 }));
        Assert.True(decision.ShouldUpdate);
        Assert.True(decision.ClearRouting);
        Assert.Equal(("2", "2"), (decision.Target.FromVersion, decision.FunctionVersion));
        Assert.Equal(RollbackStatus.WeightsCleared, decision.AppliedStatus);
        Assert.Equal(0.137, decision.Target.RemovedWeights["3"]);
        Assert.Equal("Clear the canary weights of alias live (version 3: 13.7%) so all traffic goes to version 2", decision.ShouldProcessAction);
        Assert.DoesNotContain(decision.Warnings, w => w.Contains("CodeDeploy"));
        Assert.Equal(0.137, decision.ToResult(RollbackStatus.WeightsCleared).RemovedWeights["3"]);
        Assert.Empty(decision.ToResult(RollbackStatus.WhatIf).RemovedWeights);
    }

    [Fact]
    public void CodeDeployLikeWeights_WarnToStopTheDeploymentFirst()
    {
        var decision = RollbackPlanner.Plan(Input("2", new() { ["3"] = 0.1 }));
        var warning = Assert.Single(decision.Warnings, w => w.Contains("CodeDeploy"));
        Assert.Contains("aws deploy stop-deployment", warning);
        Assert.Contains("version 3 at 10%", warning);
        Assert.True(RollbackPlanner.LooksLikeCodeDeployShift(new AliasState { FunctionVersion = "4", AdditionalVersionWeights = { ["5"] = 0.3 } }));
        Assert.False(RollbackPlanner.LooksLikeCodeDeployShift(new AliasState { FunctionVersion = "4", AdditionalVersionWeights = { ["3"] = 0.3 } }));
        Assert.False(RollbackPlanner.LooksLikeCodeDeployShift(new AliasState { FunctionVersion = "4", AdditionalVersionWeights = { ["5"] = 0.125 } }));
        Assert.False(RollbackPlanner.LooksLikeCodeDeployShift(new AliasState { FunctionVersion = "4" }));
    }

    [Fact]
    public void ExplicitToVersion_WithACanary_MovesAndClearsTheWeights()
    {
        var decision = RollbackPlanner.Plan(Input("2", new() { ["3"] = 0.2 }, toVersion: "1"));
        Assert.Equal(("1", true, RollbackStatus.RolledBack), (decision.FunctionVersion, decision.ClearRouting, decision.AppliedStatus));
        Assert.Equal("Move alias live of my-func from version 2 to version 1, removing canary weights (version 3: 20%)", decision.ShouldProcessAction);
    }

    [Fact]
    public void RollForward_ToTheFormerFromVersion_IsAllowed()
    {
        var back = RollbackPlanner.Plan(Input("3"));
        var result = back.ToResult(back.AppliedStatus);
        var forward = RollbackPlanner.Plan(Input(result.ToVersion, toVersion: result.FromVersion));
        Assert.True(forward.ShouldUpdate);
        Assert.Equal(("2", "3"), (forward.Target.FromVersion, forward.FunctionVersion));
    }

    [Fact]
    public void NoEarlierVersion_IsAnError()
    {
        var decision = RollbackPlanner.Plan(Input("1"));
        Assert.False(decision.ShouldUpdate);
        Assert.Equal(ErrorIds.NoEarlierVersion, decision.Error.ErrorId);
    }

    [Theory]
    [InlineData("$LATEST", "InvalidRollbackTarget")]
    [InlineData("live", "InvalidRollbackTarget")]
    [InlineData("-1", "InvalidRollbackTarget")]
    [InlineData("9", "VersionNotFound")]
    public void InvalidTargets_AreErrors(string toVersion, string errorId)
    {
        var decision = RollbackPlanner.Plan(Input("3", toVersion: toVersion));
        Assert.False(decision.ShouldUpdate);
        Assert.Equal(errorId, decision.Error.ErrorId);
    }

    [Fact]
    public void MissingAlias_IsAliasNotFound()
    {
        var input = Input("3");
        input.Alias = null;
        Assert.Equal(ErrorIds.AliasNotFound, RollbackPlanner.Plan(input).Error.ErrorId);
    }

    [Fact]
    public void AlreadyThere_IsANoOp()
    {
        var decision = RollbackPlanner.Plan(Input("2", toVersion: "2"));
        Assert.False(decision.ShouldUpdate);
        Assert.Null(decision.Error);
        Assert.Contains(decision.Warnings, w => w.Contains("nothing to do"));
    }

    [Fact]
    public void DroppingTheVpc_NeedsAllowConfigRegression_AndDriftWarnsEitherWay()
    {
        var diffs = new List<ConfigDifference>
        {
            new() { Property = "VpcConfig", PinnedValue = null, OtherValue = "subnet-0a1/sg-0b2 (vpc-0c3)" },
            new() { Property = "EnvironmentVariableNames", PinnedValue = "TABLE_NAME", OtherValue = "DB_SECRET_ARN, TABLE_NAME" },
        };
        (string, string) asked = default;
        var refused = RollbackPlanner.Plan(Input("2"), (target, current) => { asked = (target, current); return diffs; });
        Assert.Equal(("1", "2"), asked);
        Assert.False(refused.ShouldUpdate);
        Assert.Equal(ErrorIds.ConfigRegression, refused.Error.ErrorId);
        Assert.Contains("no VPC configuration", refused.Error.Message);
        Assert.Contains(refused.Warnings, w => w.Contains("EnvironmentVariableNames"));

        var input = Input("2");
        input.AllowConfigRegression = true;
        var allowed = RollbackPlanner.Plan(input, (_, _) => diffs);
        Assert.True(allowed.ShouldUpdate);
        Assert.Contains(allowed.Warnings, w => w.Contains("-AllowConfigRegression"));
    }

    [Fact]
    public void OnlyEnvironmentDrift_WarnsWithoutStopping_AndRoleOrRuntimeChangesStop()
    {
        var envOnly = RollbackPlanner.Plan(Input("2"), (_, _) => new[] { new ConfigDifference { Property = "EnvironmentVariableNames", PinnedValue = "A", OtherValue = "A, B" } });
        Assert.True(envOnly.ShouldUpdate);
        Assert.Contains(envOnly.Warnings, w => w.StartsWith("Drift"));

        var role = RollbackPlanner.Plan(Input("2"), (_, _) => new[] { new ConfigDifference { Property = "Role", PinnedValue = "arn:aws:iam::1:role/old", OtherValue = "arn:aws:iam::1:role/new" } });
        Assert.Equal(ErrorIds.ConfigRegression, role.Error.ErrorId);
        var runtime = RollbackPlanner.Plan(Input("2"), (_, _) => new[] { new ConfigDifference { Property = "Runtime", PinnedValue = "nodejs18.x", OtherValue = "nodejs20.x" } });
        Assert.Equal(ErrorIds.ConfigRegression, runtime.Error.ErrorId);
        var gainsVpc = RollbackPlanner.Plan(Input("2"), (_, _) => new[] { new ConfigDifference { Property = "VpcConfig", PinnedValue = "subnet-1", OtherValue = null } });
        Assert.True(gainsVpc.ShouldUpdate);
    }

    [Fact]
    public void UncoveredCaller_IsWarned()
    {
        var input = Input("2");
        input.AliasPolicy = new[] { Demo.Allow("s1", $"{Demo.RestApi}/*/GET/orders", "my-func:live") };
        input.Callers = new[]
        {
            new AliasCaller { Principal = "apigateway.amazonaws.com", SourceArn = Demo.ExecuteApi($"{Demo.RestApi}/*/GET/orders") },
            new AliasCaller { Principal = "apigateway.amazonaws.com", SourceArn = Demo.ExecuteApi($"{Demo.RestApi}/*/POST/orders"), Description = "POST /orders" },
        };
        var decision = RollbackPlanner.Plan(input);
        Assert.Single(decision.Warnings, w => w.Contains("does not allow"));
        Assert.Contains(decision.Warnings, w => w.Contains("POST /orders"));
    }

    [Fact]
    public void ConcurrentChange_IsAliasChangedConcurrently()
    {
        var decision = RollbackPlanner.Plan(Input("3"));
        var error = RollbackPlanner.ClassifyUpdateFailure(decision, new AwsServiceException("PreconditionFailedException", "rev", 412, "r", "UpdateAlias"));
        Assert.Equal(ErrorIds.AliasChangedConcurrently, error.ErrorId);
        Assert.Contains("rev-7", error.Message);
        Assert.Equal(ErrorIds.StepFailed, RollbackPlanner.ClassifyUpdateFailure(decision, new AwsServiceException("ServiceException", "x", 500, "r", "UpdateAlias")).ErrorId);
    }

    [Fact]
    public void Dedupe_RollsEachAliasBackOnce_AndSkipsMigrationsThatDidNotHappen()
    {
        MigrationResult Result(MigrationStatus status, string function = "my-func", string region = Demo.Region) => new()
        {
            FunctionName = function, AliasName = "live", Region = region, AccountId = Demo.Account, Status = status,
            Pin = new LambdaIntegrationPin { Location = "GET /x" },
        };
        var requests = new[]
        {
            Result(MigrationStatus.Migrated), Result(MigrationStatus.Migrated), Result(MigrationStatus.AlreadyOnAlias),
            Result(MigrationStatus.Migrated, region: "eu-west-1"), Result(MigrationStatus.Migrated, function: "auth-func"),
            Result(MigrationStatus.WhatIf, function: "q"), Result(MigrationStatus.Declined, function: "q"), Result(MigrationStatus.Failed, function: "q"),
        }.Select(RollbackRequest.FromMigrationResult).ToList();
        requests.Add(RollbackRequest.FromPin(Demo.AliasedHealth()));
        requests.Add(new RollbackRequest { FunctionName = "my-func", AliasName = "live" }); // parameters: default account and region

        var batch = RollbackRequests.Dedupe(requests, Demo.Account, "US-EAST-1");
        Assert.Equal(new[] { "my-func:live", "my-func:live", "auth-func:live", "aliased-func:live" }, batch.Requests.Select(r => r.ToString()));
        Assert.Equal(new[] { Demo.Region, "eu-west-1" }, batch.Requests.Take(2).Select(r => r.Region));
        Assert.Equal(3, batch.Warnings.Count);
        Assert.All(batch.Warnings, w => Assert.Contains("did not happen", w));
        Assert.Contains(batch.Warnings, w => w.Contains("WhatIf"));
    }
}
