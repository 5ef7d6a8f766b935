using System.Text.Json.Nodes;
using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Migration.Aws;

/// <summary>The step operations against the emulator: repeats are recognised, races are refused, waits wait.</summary>
public class AwsMigrationActionsTests
{
    private static readonly string OrdersSourceArn = Demo.ExecuteApi("a1b2c3d4e5/*/*/*");

    private static AddPermissionOperation Permission(string sourceArn, string statementId = null) => new()
    {
        FunctionName = "my-func", Qualifier = "live", Principal = PermissionRules.ApiGatewayPrincipal, SourceArn = sourceArn, SourceAccount = Demo.Account,
        StatementId = statementId ?? PermissionRules.StatementIdFor("my-func", "live", PermissionRules.ApiGatewayPrincipal, sourceArn, Demo.Account, null),
    };

    private static PlannedStep StepOf(MigrationStepKind kind) => new() { Order = 1, Kind = kind, Target = "target" };

    [Fact]
    public async Task AddPermission_TwiceWithTheSameStatement_IsAlreadyDone_ButAClashingStatementIsRefused()
    {
        await using var account = await DemoAccount.StartAsync();
        var actions = account.Actions();
        await actions.CreateAliasAsync(new AliasOperation { FunctionName = "my-func", AliasName = "live", FunctionVersion = "1" }, default);

        Assert.Equal(StepOutcome.Done, (await actions.AddPermissionAsync(Permission(OrdersSourceArn), default)).Outcome);
        Assert.Equal(StepOutcome.AlreadyDone, (await actions.AddPermissionAsync(Permission(OrdersSourceArn), default)).Outcome);
        var clash = Permission(Demo.ExecuteApi("a1b2c3d4e5/*"), Permission(OrdersSourceArn).StatementId);
        var e = await Assert.ThrowsAsync<AwsServiceException>(() => actions.AddPermissionAsync(clash, default));
        Assert.True(e.IsConflict);
        var statement = Assert.Single(account.Host.State.PolicyStatements("my-func", "live"));
        Assert.Contains("a1b2c3d4e5/*/*/*", statement.ToJsonString());
        Assert.DoesNotContain("\"*\"", statement["Principal"]!.ToJsonString());
    }

    [Fact]
    public async Task PolicyLengthExceeded_BecomesAnErrorPointingToPermissionScopeApi()
    {
        await using var account = await DemoAccount.StartAsync();
        var actions = account.Actions();
        await actions.CreateAliasAsync(new AliasOperation { FunctionName = "my-func", AliasName = "live", FunctionVersion = "1" }, default);
        AwsServiceException failure = null;
        for (var i = 0; i < 200 && failure == null; i++)
        {
            try { await actions.AddPermissionAsync(Permission(Demo.ExecuteApi($"a1b2c3d4e5/*/GET/resource-number-{i:D4}/with/a/rather/long/path/so/the/policy/fills/up")), default); }
            catch (AwsServiceException e) { failure = e; }
        }
        Assert.NotNull(failure);
        var error = MigrationFailures.Classify(StepOf(MigrationStepKind.AddPermission), failure);
        Assert.Equal(ErrorIds.PolicyLengthExceeded, error.ErrorId);
        Assert.Contains("-PermissionScope Api", error.Message);
    }

    [Fact]
    public async Task CreateAlias_ThatExistsAtTheSameVersion_IsAlreadyDone_AtAnotherVersionIsRefused()
    {
        await using var account = await DemoAccount.StartAsync();
        var actions = account.Actions();
        Assert.Equal(StepOutcome.AlreadyDone, (await actions.CreateAliasAsync(new AliasOperation { FunctionName = "stagevar-func", AliasName = "staging", FunctionVersion = "3" }, default)).Outcome);
        var e = await Assert.ThrowsAsync<AwsServiceException>(() => actions.CreateAliasAsync(new AliasOperation { FunctionName = "stagevar-func", AliasName = "staging", FunctionVersion = "2" }, default));
        Assert.True(e.IsConflict);
        lock (account.Host.State.Sync) Assert.Equal("3", account.Host.State.FindFunction("stagevar-func").Aliases["staging"].FunctionVersion);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PublishVersion_AfterACodeOrConfigurationChangeSinceTheScan_FailsCleanly_AndPublishesNothing(bool codeChanged)
    {
        await using var account = await DemoAccount.StartAsync();
        var latest = await account.Lambda.GetFunctionConfigurationAsync("http-func");
        if (codeChanged) account.Host.State.UpdateFunctionCode("http-func", "racing-deploy-sha");
        else account.Host.State.UpdateFunctionConfiguration("http-func", c => c.MemorySize = 1024);

        var operation = new PublishVersionOperation { FunctionName = "http-func", ExpectedCodeSha256 = latest.CodeSha256, ExpectedRevisionId = latest.RevisionId };
        var e = await Assert.ThrowsAsync<AwsServiceException>(() => account.Actions().PublishVersionAsync(operation, default));

        Assert.True(e.IsPreconditionFailed);
        Assert.Equal(ErrorIds.CodeChangedSinceScan, MigrationFailures.Classify(StepOf(MigrationStepKind.PublishVersion), e).ErrorId);
        lock (account.Host.State.Sync) Assert.Single(account.Host.State.FindFunction("http-func").Versions);
    }

    [Fact]
    public async Task UpdateIntegration_RefusesAnIntegrationSomeoneElseChanged_AndRecognisesItsOwnSwitch()
    {
        await using var account = await DemoAccount.StartAsync();
        var actions = account.Actions();
        var op = new IntegrationOperation { ApiId = "a1b2c3d4e5", ResourceId = "a1ordr", HttpMethod = "GET", OldUri = Demo.InvocationsUri("my-func:1"), NewUri = Demo.InvocationsUri("my-func:live") };
        await account.Rest.UpdateIntegrationAsync("a1b2c3d4e5", "a1ordr", "GET", new[] { PatchOperation.Replace("/uri", Demo.InvocationsUri("my-func:2")) });
        var before = account.Host.Requests.LastSequence;

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => actions.UpdateIntegrationAsync(op, default));
        Assert.Contains("changed since it was read", e.Message);
        Assert.Empty(account.MutationsSince(before));

        await account.Rest.UpdateIntegrationAsync("a1b2c3d4e5", "a1ordr", "GET", new[] { PatchOperation.Replace("/uri", op.NewUri) });
        Assert.Equal(StepOutcome.AlreadyDone, (await actions.UpdateIntegrationAsync(op, default)).Outcome);
    }

    [Fact]
    public async Task UpdateEventSourceMapping_WaitsWhileUpdating_AndRetriesResourceInUse()
    {
        await using var account = await DemoAccount.StartAsync();
        account.Host.State.EventSourceMappingUpdateDuration = TimeSpan.FromMilliseconds(400);
        // Someone else's change is still settling: the mapping is Updating.
        await account.Lambda.UpdateEventSourceMappingAsync(new UpdateEventSourceMappingRequest { UUID = Demo.EsmUuid, BatchSize = 5 });
        account.Host.Faults.FailNth("UpdateEventSourceMapping", 1, 400, "ResourceInUseException", "busy", times: 1);
        var op = new EventSourceMappingOperation { Uuid = Demo.EsmUuid, OldFunctionArn = Demo.FunctionArn("queue-func") + ":1", NewFunctionArn = Demo.FunctionArn("queue-func") + ":2" };

        var result = await account.Actions().UpdateEventSourceMappingAsync(op, default);

        Assert.Equal(StepOutcome.Done, result.Outcome);
        var updates = account.Host.Requests.Query("UpdateEventSourceMapping");
        Assert.Equal(new[] { 202, 400, 202 }, updates.Select(u => u.Status));
        var mapping = await account.Lambda.GetEventSourceMappingAsync(Demo.EsmUuid);
        Assert.Equal(("Enabled", op.NewFunctionArn), (mapping.State, mapping.FunctionArn));
        Assert.Equal(StepOutcome.AlreadyDone, (await account.Actions().UpdateEventSourceMappingAsync(op, default)).Outcome);
    }

    [Fact]
    public async Task Verify_ReportsAMismatch_WhenTheAliasNoLongerResolvesToTheVersionThatServedBefore()
    {
        await using var account = await DemoAccount.StartAsync();
        var actions = account.Actions();
        await actions.CreateAliasAsync(new AliasOperation { FunctionName = "queue-func", AliasName = "live", FunctionVersion = "1" }, default);
        await account.Lambda.UpdateEventSourceMappingAsync(new UpdateEventSourceMappingRequest { UUID = Demo.EsmUuid, FunctionName = Demo.FunctionArn("queue-func") + ":live" });
        var verify = new VerifyOperation
        {
            SourceKind = SourceKind.EventSourceMapping, EventSourceMappingUuid = Demo.EsmUuid,
            Expected = { new ExpectedAliasTarget { FunctionName = "queue-func", AliasName = "live", Version = "1" } },
        };
        Assert.Equal(StepOutcome.Done, (await actions.VerifyAsync(verify, default)).Outcome);

        await account.Lambda.UpdateAliasAsync(new UpdateAliasRequest { FunctionName = "queue-func", Name = "live", FunctionVersion = "2" });
        var mismatch = await actions.VerifyAsync(verify, default);
        Assert.True(mismatch.IsMismatch);
        Assert.Contains("resolves to version 2, not 1", mismatch.Detail);
    }

    [Fact]
    public async Task RemovePermission_OfAStatementAlreadyGone_IsAlreadyDone()
    {
        await using var account = await DemoAccount.StartAsync();
        var op = new RemovePermissionOperation { FunctionName = "my-func", Qualifier = "1", StatementId = "apigw-dev-orders" };
        Assert.Equal(StepOutcome.Done, (await account.Actions().RemovePermissionAsync(op, default)).Outcome);
        Assert.Equal(StepOutcome.AlreadyDone, (await account.Actions().RemovePermissionAsync(op, default)).Outcome);
        Assert.Empty(account.Host.State.PolicyStatements("my-func", "1"));
    }

    [Fact]
    public async Task WaitForAutoDeploy_ReturnsOnceTheStageServesTheDraft()
    {
        await using var account = await DemoAccount.StartAsync();
        account.Host.State.HttpApiAutoDeployDelay = TimeSpan.FromMilliseconds(300);
        var newUri = Demo.FunctionArn("http-func") + ":1";
        await account.V2.UpdateIntegrationAsync(new V2UpdateIntegrationRequest { ApiId = Demo.HttpApi, IntegrationId = "int-items-post", IntegrationUri = newUri });
        var started = DateTime.UtcNow;

        var result = await account.Actions().WaitForAutoDeployAsync(new AutoDeployWaitOperation { ApiId = Demo.HttpApi, StageName = "$default" }, default);

        Assert.Equal(StepOutcome.Done, result.Outcome);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(250), "returned before the automatic deployment was due");
        lock (account.Host.State.Sync)
        {
            var api = account.Host.State.FindHttpApi(Demo.HttpApi);
            var served = api.Deployment(api.Stage("$default").DeploymentId);
            Assert.Equal(result.Value, served.DeploymentId);
            Assert.Equal(newUri, served.Snapshot.Integration("int-items-post").IntegrationUri);
        }
    }
}
