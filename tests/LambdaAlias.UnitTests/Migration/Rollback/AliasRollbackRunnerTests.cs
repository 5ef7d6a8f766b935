using System.Management.Automation;
using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Migration.Rollback;

/// <summary>The I/O side of one alias rollback against an in-memory Lambda: what it reads, what it sends, and what it
/// never does (mutate before a yes, overwrite a concurrent change).</summary>
public class AliasRollbackRunnerTests
{
    private static readonly RollbackRequest Live = new() { FunctionName = "my-func", AliasName = "live", Region = "us-east-1", AccountId = "123456789012", EndpointUrl = "http://127.0.0.1:1" };

    private static FakeRollbackLambda Demo() => new FakeRollbackLambda()
        .Version("1")
        .Version("2", c =>
        {
            c.VpcConfig = new VpcConfigResponse { SubnetIds = new() { "subnet-0a1" }, SecurityGroupIds = new() { "sg-0b2" }, VpcId = "vpc-0c3" };
            c.Environment.VariableNames.Add("DB_SECRET_ARN");
        })
        .Version("3", c =>
        {
            c.VpcConfig = new VpcConfigResponse { SubnetIds = new() { "subnet-0a1" }, SecurityGroupIds = new() { "sg-0b2" }, VpcId = "vpc-0c3" };
            c.Environment.VariableNames.Add("DB_SECRET_ARN");
            c.Layers = new() { new LambdaLayer { Arn = "arn:aws:lambda:us-east-1:123456789012:layer:deps:4" } };
        });

    private static RollbackConfirmation Answer(bool proceed, ShouldProcessReason reason = ShouldProcessReason.None, List<(string, string)> asked = null) =>
        (target, action) => { asked?.Add((target, action)); return Task.FromResult((proceed, reason)); };

    private static Task<AliasRollbackOutcome> Run(FakeRollbackLambda lambda, RollbackConfirmation confirm, AliasRollbackOptions options = null, Func<CancellationToken, Task<AliasCallerLookup>> callers = null) =>
        new AliasRollbackRunner(lambda, options ?? new AliasRollbackOptions()).RunAsync(Live, callers, confirm, CancellationToken.None);

    [Fact]
    public async Task Moves_to_the_previous_version_with_the_RevisionId_it_read_and_reports_drift_as_warnings()
    {
        var lambda = Demo().Alias("live", "3");
        var revision = lambda.Aliases["live"].RevisionId;
        var asked = new List<(string, string)>();

        var outcome = await Run(lambda, Answer(true, asked: asked));

        Assert.Null(outcome.Error);
        var update = Assert.Single(lambda.Updates);
        Assert.Equal(("my-func", "live", "2", revision), (update.FunctionName, update.Name, update.FunctionVersion, update.RevisionId));
        Assert.Null(update.RoutingConfig);
        Assert.Equal(("3", "2", RollbackStatus.RolledBack), (outcome.Result.FromVersion, outcome.Result.ToVersion, outcome.Result.Status));
        Assert.Equal(("us-east-1", "123456789012", "http://127.0.0.1:1"), (outcome.Result.Region, outcome.Result.AccountId, outcome.Result.EndpointUrl));
        Assert.Equal(FakeRollbackLambda.Arn + "my-func:live", outcome.Result.AliasArn);
        var (target, action) = Assert.Single(asked);
        Assert.Contains("my-func", target);
        Assert.Equal("Move alias live of my-func from version 3 to version 2", action);
        var drift = Assert.Single(outcome.Result.Warnings);
        Assert.Contains("Layers", drift);
    }

    [Fact]
    public async Task Only_VpcConfig_environment_names_runtime_role_and_layers_count_as_drift()
    {
        var lambda = Demo().Alias("live", "3");
        lambda.Versions["2"].MemorySize = 1024;
        lambda.Versions["2"].Timeout = 60;
        lambda.Versions["2"].Handler = "other.handler";
        lambda.Versions["2"].Runtime = "python3.12";

        var outcome = await Run(lambda, Answer(true), new AliasRollbackOptions { AllowConfigRegression = true });

        Assert.DoesNotContain(outcome.Result.Warnings, w => w.Contains("MemorySize") || w.Contains("Timeout") || w.Contains("Handler"));
        Assert.Contains(outcome.Result.Warnings, w => w.StartsWith("Drift", StringComparison.Ordinal) && w.Contains("Runtime"));
        Assert.Contains(outcome.Result.Warnings, w => w.StartsWith("Drift", StringComparison.Ordinal) && w.Contains("Layers"));
    }

    [Fact]
    public async Task WhatIf_and_No_read_but_never_update()
    {
        foreach (var (reason, status) in new[] { (ShouldProcessReason.WhatIf, RollbackStatus.WhatIf), (ShouldProcessReason.None, RollbackStatus.Declined) })
        {
            var lambda = Demo().Alias("live", "3");
            var outcome = await Run(lambda, Answer(false, reason));
            Assert.Equal(status, outcome.Result.Status);
            Assert.Null(outcome.Error);
            Assert.False(lambda.Mutated);
            Assert.Equal("3", lambda.Aliases["live"].FunctionVersion);
            Assert.Contains("GetAlias my-func:live", lambda.Calls);
        }
    }

    [Fact]
    public async Task A_confirmation_that_cannot_be_asked_for_throws_before_the_update()
    {
        var lambda = Demo().Alias("live", "3");
        RollbackConfirmation noHost = (t, a) => throw new System.Management.Automation.Host.HostException("The host does not support user interaction.");

        var e = await Assert.ThrowsAsync<RollbackConfirmationUnavailableException>(() => Run(lambda, noHost));

        Assert.Contains("-Confirm:$false or -Force", e.Message);
        Assert.False(lambda.Mutated);
    }

    [Fact]
    public async Task A_change_between_the_read_and_the_update_is_AliasChangedConcurrently_and_the_other_change_stands()
    {
        var lambda = Demo().Alias("live", "3");
        lambda.BeforeUpdate = () =>
        {
            lambda.Aliases["live"].FunctionVersion = "1";
            lambda.Aliases["live"].RevisionId = "someone-else";
        };

        var outcome = await Run(lambda, Answer(true));

        Assert.Equal(ErrorIds.AliasChangedConcurrently, outcome.Error.ErrorId);
        Assert.Equal(RollbackStatus.Failed, outcome.Result.Status);
        Assert.Equal(("1", "someone-else"), (lambda.Aliases["live"].FunctionVersion, lambda.Aliases["live"].RevisionId));
        Assert.IsType<AwsServiceException>(outcome.Error.Exception);
    }

    /// <summary>The transport repeated UpdateAlias after a lost answer: the first attempt was applied (here by
    /// BeforeUpdate, with a fresh RevisionId), the repeat answers 412 with Retries set.</summary>
    private static void LoseTheAnswerOfAnAppliedUpdate(FakeRollbackLambda lambda, string appliedVersion, Action afterwards = null)
    {
        lambda.BeforeUpdate = () =>
        {
            lambda.Aliases["live"].FunctionVersion = appliedVersion;
            lambda.Aliases["live"].RoutingConfig = null;
            lambda.Aliases["live"].RevisionId = "after-our-own-change";
            afterwards?.Invoke();
        };
        lambda.UpdateFailure = new AwsServiceException("PreconditionFailedException", "The Revision Id provided does not match the latest Revision Id.", 412, "req-2", "UpdateAlias") { Retries = 1 };
    }

    [Fact]
    public async Task A_412_on_a_repeated_update_that_met_its_own_change_is_success_after_reading_the_alias_again()
    {
        var lambda = Demo().Alias("live", "3", new() { ["2"] = 0.5 });
        LoseTheAnswerOfAnAppliedUpdate(lambda, "3");

        var outcome = await Run(lambda, Answer(true));

        Assert.Null(outcome.Error);
        Assert.Equal(RollbackStatus.WeightsCleared, outcome.Result.Status);
        Assert.Equal("GetAlias my-func:live", lambda.Calls.Last());
    }

    [Fact]
    public async Task A_412_on_a_repeated_update_with_the_alias_elsewhere_is_AliasChangedConcurrently_without_claiming_nothing_changed()
    {
        var lambda = Demo().Alias("live", "3");
        LoseTheAnswerOfAnAppliedUpdate(lambda, "2", afterwards: () => lambda.Aliases["live"].FunctionVersion = "1");

        var outcome = await Run(lambda, Answer(true));

        Assert.Equal(ErrorIds.AliasChangedConcurrently, outcome.Error.ErrorId);
        Assert.Equal(RollbackStatus.Failed, outcome.Result.Status);
        Assert.DoesNotContain("Nothing was changed", outcome.Error.Message);
        Assert.Contains("now serves live -> 1", outcome.Error.Message);
        Assert.Contains("may have moved the alias", outcome.Error.Message);
    }

    [Fact]
    public async Task A_412_on_the_first_attempt_stays_AliasChangedConcurrently_even_if_the_alias_now_serves_the_target()
    {
        // Refused as sent, so nothing of this call was applied: another operator made the same move.
        var lambda = Demo().Alias("live", "3");
        LoseTheAnswerOfAnAppliedUpdate(lambda, "2");
        ((AwsServiceException)lambda.UpdateFailure).Retries = 0;

        var outcome = await Run(lambda, Answer(true));

        Assert.Equal(ErrorIds.AliasChangedConcurrently, outcome.Error.ErrorId);
        Assert.Contains("Nothing was changed", outcome.Error.Message);
        Assert.Equal(1, lambda.Calls.Count(c => c == "GetAlias my-func:live"));
    }

    [Fact]
    public async Task Canary_weights_are_cleared_with_an_empty_routing_map()
    {
        var lambda = Demo().Alias("live", "2", new() { ["3"] = 0.137 });

        var outcome = await Run(lambda, Answer(true));

        var update = Assert.Single(lambda.Updates);
        Assert.Equal("2", update.FunctionVersion);
        Assert.NotNull(update.RoutingConfig);
        Assert.Empty(update.RoutingConfig.AdditionalVersionWeights);
        Assert.Equal(RollbackStatus.WeightsCleared, outcome.Result.Status);
        Assert.Equal(0.137, outcome.Result.RemovedWeights["3"]);
        Assert.Null(lambda.Aliases["live"].RoutingConfig);
    }

    [Fact]
    public async Task A_missing_alias_is_AliasNotFound_without_reading_anything_else()
    {
        var lambda = Demo();
        var outcome = await Run(lambda, Answer(true));
        Assert.Equal(ErrorIds.AliasNotFound, outcome.Error.ErrorId);
        Assert.Equal(RollbackStatus.Failed, outcome.Result.Status);
        Assert.Equal(new[] { "GetAlias my-func:live" }, lambda.Calls);
    }

    [Fact]
    public async Task No_earlier_version_is_NoEarlierVersion_and_nothing_is_confirmed_or_sent()
    {
        var lambda = Demo().Alias("live", "1");
        var asked = new List<(string, string)>();
        var outcome = await Run(lambda, Answer(true, asked: asked));
        Assert.Equal(ErrorIds.NoEarlierVersion, outcome.Error.ErrorId);
        Assert.Equal(("1", RollbackStatus.Failed), (outcome.Result.FromVersion, outcome.Result.Status));
        Assert.Empty(asked);
        Assert.False(lambda.Mutated);
    }

    [Fact]
    public async Task VPC_loss_is_ConfigRegression_unless_allowed()
    {
        var lambda = Demo().Alias("live", "2");
        var refused = await Run(lambda, Answer(true));
        Assert.Equal(ErrorIds.ConfigRegression, refused.Error.ErrorId);
        Assert.False(lambda.Mutated);

        var allowed = await Run(lambda, Answer(true), new AliasRollbackOptions { AllowConfigRegression = true });
        Assert.Null(allowed.Error);
        Assert.Equal("1", lambda.Aliases["live"].FunctionVersion);
    }

    [Fact]
    public async Task An_UpdateAlias_answer_that_is_not_the_target_is_VerificationFailed()
    {
        var lambda = Demo().Alias("live", "3");
        lambda.AnswerOverride = a => { a.FunctionVersion = "3"; return a; };
        var outcome = await Run(lambda, Answer(true));
        Assert.Equal(ErrorIds.VerificationFailed, outcome.Error.ErrorId);
        Assert.Equal(RollbackStatus.Failed, outcome.Result.Status);
    }

    [Fact]
    public async Task Other_UpdateAlias_failures_are_StepFailed_with_the_AWS_exception()
    {
        var lambda = Demo().Alias("live", "3");
        lambda.UpdateFailure = new AwsServiceException("AccessDeniedException", "not allowed lambda:UpdateAlias", 403, "req-9", "UpdateAlias");
        var outcome = await Run(lambda, Answer(true));
        Assert.Equal(ErrorIds.StepFailed, outcome.Error.ErrorId);
        Assert.Equal(ErrorCategory.PermissionDenied, outcome.Error.Category);
        Assert.Equal(RollbackStatus.Failed, outcome.Result.Status);
    }

    [Fact]
    public async Task Callers_are_checked_against_the_alias_policy_and_only_read_when_there_are_callers()
    {
        var lambda = Demo().Alias("live", "3");
        lambda.Policies["live"] = """
            {"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"a","Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"},
             "Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:123456789012:function:my-func:live",
             "Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:execute-api:us-east-1:123456789012:api1/*/GET/orders"}}}]}
            """;
        var callers = new AliasCallerLookup
        {
            Callers = new[]
            {
                new AliasCaller { Principal = "apigateway.amazonaws.com", SourceArn = "arn:aws:execute-api:us-east-1:123456789012:api1/*/GET/orders" },
                new AliasCaller { Principal = "apigateway.amazonaws.com", SourceArn = "arn:aws:execute-api:us-east-1:123456789012:api1/*/POST/orders", Description = "orders-api POST /orders" },
            },
        };

        var outcome = await Run(lambda, Answer(true), callers: _ => Task.FromResult(callers));

        var warning = Assert.Single(outcome.Result.Warnings, w => w.Contains("does not allow"));
        Assert.Contains("api1/*/POST/orders", warning);
        Assert.Contains("GetPolicy my-func:live", lambda.Calls);

        var quiet = Demo().Alias("live", "3");
        await Run(quiet, Answer(true), callers: _ => Task.FromResult(new AliasCallerLookup()));
        Assert.DoesNotContain(quiet.Calls, c => c.StartsWith("GetPolicy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_incomplete_caller_scan_is_a_warning_not_a_failure()
    {
        var lambda = Demo().Alias("live", "3");
        var outcome = await Run(lambda, Answer(true), callers: _ => Task.FromResult(new AliasCallerLookup { Problem = "Could not list the REST APIs: AccessDenied" }));
        Assert.Null(outcome.Error);
        Assert.Contains(outcome.Result.Warnings, w => w.Contains("Could not check") && w.Contains("AccessDenied"));
        Assert.Equal(RollbackStatus.RolledBack, outcome.Result.Status);
    }

    [Fact]
    public async Task ToVersion_names_the_target_and_the_same_version_without_weights_is_a_skipped_no_op()
    {
        var lambda = Demo().Alias("live", "3");
        var moved = await Run(lambda, Answer(true), new AliasRollbackOptions { ToVersion = "1", AllowConfigRegression = true });
        Assert.Equal(("3", "1"), (moved.Result.FromVersion, moved.Result.ToVersion));
        Assert.Equal("1", lambda.Aliases["live"].FunctionVersion);

        var asked = new List<(string, string)>();
        var same = await Run(lambda, Answer(true, asked: asked), new AliasRollbackOptions { ToVersion = "1" });
        Assert.Equal(RollbackStatus.Skipped, same.Result.Status);
        Assert.Null(same.Error);
        Assert.Empty(asked);
        Assert.Single(lambda.Updates);
    }
}
