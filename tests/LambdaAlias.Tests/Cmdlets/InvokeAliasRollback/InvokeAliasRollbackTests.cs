using LambdaAlias.Tests.Harness;
using Xunit;

namespace LambdaAlias.Tests.Cmdlets.InvokeAliasRollback;

/// <summary>
/// Invoke-AliasRollback through the real module in a hosted engine against the emulator's demo account: every point of
/// issue 6's "Done when", proven by the emulator's alias state, request log and traffic probe.
/// </summary>
public sealed class InvokeAliasRollbackTests(DemoAccountFixture demo) : IClassFixture<DemoAccountFixture>
{
    // ------------------------------------------------------------------ after a migration, with traffic

    [Fact]
    public async Task Rollback_after_a_migration_moves_the_alias_back_and_the_probe_serves_the_old_version_immediately_with_no_failed_probe()
    {
        using var s = new RollbackSession(demo.Host);
        s.MigrateDemoAccount();
        RollbackSession.AssertServed(s.Probe(RollbackSession.MyFuncDevOrdersUrl), "1");
        await s.MoveAliasAsync("my-func", "live", "2"); // the next deploy moves only the alias
        RollbackSession.AssertServed(s.Probe(RollbackSession.MyFuncDevOrdersUrl), "2");

        var mark = s.Mark();
        using var traffic = new TrafficProbe(s, RollbackSession.MyFuncDevOrdersUrl);
        var r = s.Run("Invoke-AliasRollback @common -FunctionName my-func -AliasName live -AllowConfigRegression -Confirm:$false");
        var returnedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        var afterReturn = s.Probe(RollbackSession.MyFuncDevOrdersUrl);
        var probes = traffic.StopAfter(returnedAt);

        r.AssertNoErrors();
        var result = Assert.Single(RollbackSession.Results(r));
        Assert.Equal(("my-func", "live", "2", "1", "RolledBack"), (result.FunctionName, result.AliasName, result.FromVersion, result.ToVersion, result.Status));
        Assert.Equal((RollbackSession.Account, RollbackSession.Region, demo.Host.BaseUrl), (result.AccountId, result.Region, result.EndpointUrl));
        Assert.Equal(RollbackSession.FunctionArn("my-func", "live"), result.AliasArn);
        Assert.Equal("1", s.Alias("my-func", "live").Version);
        RollbackSession.AssertServed(afterReturn, "1");

        TrafficProbe.AssertSwitchedOnce(probes, before: "2", after: "1", returnedAt);
        Assert.Equal(new[] { "UpdateAlias" }, s.MutationsSince(mark).Select(e => e.Operation));
    
        Assert.Contains(result.Warnings, w => w.Contains("VpcConfig") && w.StartsWith("Drift", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("-AllowConfigRegression") && w.Contains("no VPC configuration"));
    }

    [Fact]
    public void Default_rollback_of_an_alias_with_no_drift_moves_to_the_highest_earlier_version_without_warnings()
    {
        using var s = new RollbackSession(demo.Host);
        RollbackSession.AssertServed(s.Probe(RollbackSession.AliasedHealthUrl), "2");
        using var traffic = new TrafficProbe(s, RollbackSession.AliasedHealthUrl);
        var r = s.Run("Invoke-AliasRollback @common aliased-func live -Confirm:$false");
        var returnedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        RollbackSession.AssertServed(s.Probe(RollbackSession.AliasedHealthUrl), "1");
        var probes = traffic.StopAfter(returnedAt);

        r.AssertNoErrors();
        var result = Assert.Single(RollbackSession.Results(r));
        Assert.Equal(("2", "1", "RolledBack"), (result.FromVersion, result.ToVersion, result.Status));
        Assert.Empty(result.Warnings);
        Assert.Empty(r.Warnings);
        TrafficProbe.AssertSwitchedOnce(probes, before: "2", after: "1", returnedAt);
    }

    // ------------------------------------------------------------------ canary in flight

    [Fact]
    public async Task A_canary_in_flight_is_cleared_by_default_and_all_traffic_goes_to_the_primary_version()
    {
        using var s = new RollbackSession(demo.Host);
        await s.MoveAliasAsync("aliased-func", "live", "1", new() { ["2"] = 0.137 });
        RollbackSession.AssertServed(s.Probe(RollbackSession.AliasedHealthUrl, sample: 0.05), "2"); // the canary's share

        var mark = s.Mark();
        using var traffic = new TrafficProbe(s, RollbackSession.AliasedHealthUrl);
        var r = s.Run("Invoke-AliasRollback @common -FunctionName aliased-func -AliasName live -Confirm:$false");
        var returnedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        var afterReturn = s.Probe(RollbackSession.AliasedHealthUrl, sample: 0.05);
        var probes = traffic.StopAfter(returnedAt);

        r.AssertNoErrors();
        var result = Assert.Single(RollbackSession.Results(r));
        Assert.Equal(("1", "1", "WeightsCleared"), (result.FromVersion, result.ToVersion, result.Status));
        Assert.Equal(0.137, result.RemovedWeights["2"]);
        var alias = s.Alias("aliased-func", "live");
        Assert.Equal("1", alias.Version);
        Assert.Empty(alias.Weights);
        RollbackSession.AssertServed(afterReturn, "1");
        Assert.All(probes, p => Assert.True(p.Succeeded, p.Result.FailureReason));
        Assert.All(probes.Where(p => p.StartedAt > returnedAt), p => Assert.Equal("1", p.ServedVersion));
        Assert.DoesNotContain(r.Warnings, w => w.Contains("CodeDeploy"));
        var update = Assert.Single(s.MutationsSince(mark));
        Assert.Equal(("UpdateAlias", 200), (update.Operation, update.Status));
    }

    [Fact]
    public async Task Whole_percent_weights_on_a_newer_version_warn_that_CodeDeploy_will_fight_the_change()
    {
        using var s = new RollbackSession(demo.Host);
        await s.MoveAliasAsync("aliased-func", "live", "1", new() { ["2"] = 0.1 });

        var r = s.Run("Invoke-AliasRollback @common -FunctionName aliased-func -AliasName live -Confirm:$false");

        r.AssertNoErrors();
        var warning = Assert.Single(r.Warnings, w => w.Contains("CodeDeploy"));
        Assert.Contains("stop-deployment", warning);
        Assert.Contains(Assert.Single(RollbackSession.Results(r)).Warnings, w => w == warning);
        Assert.Empty(s.Alias("aliased-func", "live").Weights);
    }

    [Fact]
    public async Task ToVersion_with_a_canary_in_flight_is_an_explicit_move_that_clears_the_weights_too()
    {
        using var s = new RollbackSession(demo.Host);
        await s.CreateAliasAsync("stagevar-func", "live", "2", new() { ["3"] = 0.25 });

        var r = s.Run("Invoke-AliasRollback @common -FunctionName stagevar-func -AliasName live -ToVersion 1 -Confirm:$false");

        r.AssertNoErrors();
        var result = Assert.Single(RollbackSession.Results(r));
        Assert.Equal(("2", "1", "RolledBack"), (result.FromVersion, result.ToVersion, result.Status));
        Assert.Equal(0.25, result.RemovedWeights["3"]);
        var alias = s.Alias("stagevar-func", "live");
        Assert.Equal(("1", 0), (alias.Version, alias.Weights.Count));
    }

    // ------------------------------------------------------------------ targets

    [Fact]
    public void An_explicit_ToVersion_moves_the_alias_there()
    {
        using var s = new RollbackSession(demo.Host);
        var r = s.Run("Invoke-AliasRollback @common -FunctionName stagevar-func -AliasName staging -ToVersion 1 -Confirm:$false");

        r.AssertNoErrors();
        var result = Assert.Single(RollbackSession.Results(r));
        Assert.Equal(("3", "1", "RolledBack"), (result.FromVersion, result.ToVersion, result.Status));
        Assert.Equal("1", s.Alias("stagevar-func", "staging").Version);
    }

    [Theory]
    [InlineData("7", "VersionNotFound")]
    [InlineData("$LATEST", "InvalidRollbackTarget")]
    [InlineData("latest", "InvalidRollbackTarget")]
    public void A_ToVersion_that_is_not_a_published_version_is_refused_and_nothing_changes(string toVersion, string errorId)
    {
        using var s = new RollbackSession(demo.Host);
        var mark = s.Mark();
        s.Harness.SetVariable("to", toVersion);
        var r = s.Run("Invoke-AliasRollback @common -FunctionName stagevar-func -AliasName staging -ToVersion $to -Confirm:$false");

        Assert.Contains(r.AllErrors, e => e.FullyQualifiedErrorId.StartsWith(errorId + ",", StringComparison.Ordinal));
        Assert.Empty(s.MutationsSince(mark));
        Assert.Equal("3", s.Alias("stagevar-func", "staging").Version);
    }

    [Fact]
    public async Task With_no_earlier_version_the_error_is_NoEarlierVersion_and_nothing_changes()
    {
        using var s = new RollbackSession(demo.Host);
        await s.MoveAliasAsync("aliased-func", "live", "1");
        var mark = s.Mark();

        var r = s.Run("Invoke-AliasRollback @common -FunctionName aliased-func -AliasName live -Confirm:$false");

        var error = Assert.Single(r.Errors);
        Assert.Equal("NoEarlierVersion,LambdaAlias.InvokeAliasRollbackCommand", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Contains("-ToVersion", error.Exception.Message);
        var result = Assert.Single(RollbackSession.Results(r));
        Assert.Equal(("Failed", "1"), (result.Status, result.FromVersion));
        Assert.Empty(s.MutationsSince(mark));
        Assert.Equal("1", s.Alias("aliased-func", "live").Version);
    }

    // ------------------------------------------------------------------ concurrency

    [Fact]
    public async Task An_alias_moved_by_someone_else_between_the_read_and_the_update_fails_cleanly_with_AliasChangedConcurrently()
    {
        using var s = new RollbackSession(demo.Host);
        var mark = s.Mark();
        // UpdateAlias waits 1.5 s at the emulator before it runs; as soon as the cmdlet has read the alias, another
        // operator moves it. The cmdlet's update then carries a stale RevisionId.
        demo.Host.Latency.Set("UpdateAlias", TimeSpan.FromMilliseconds(1500));
        var otherOperator = Task.Run(async () =>
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (s.CallsSince(mark, "GetAlias").Count == 0 && DateTime.UtcNow < deadline) await Task.Delay(2);
            lock (demo.Host.State.Sync)
            {
                var alias = demo.Host.State.LambdaFunctions["aliased-func"].Aliases["live"];
                alias.AdditionalVersionWeights = new() { ["1"] = 0.5 };
                alias.RevisionId = Guid.NewGuid().ToString();
            }
        });

        var r = s.Run("Invoke-AliasRollback @common -FunctionName aliased-func -AliasName live -Confirm:$false");
        await otherOperator;

        var error = Assert.Single(r.Errors);
        Assert.Equal("AliasChangedConcurrently,LambdaAlias.InvokeAliasRollbackCommand", error.FullyQualifiedErrorId);
        Assert.Contains("Nothing was changed", error.Exception.Message);
        Assert.Equal("Failed", Assert.Single(RollbackSession.Results(r)).Status);
        // The other operator's change stands: version 2 with half the traffic on 1.
        var alias = s.Alias("aliased-func", "live");
        Assert.Equal("2", alias.Version);
        Assert.Equal(0.5, alias.Weights["1"]);
        var update = Assert.Single(s.MutationsSince(mark));
        Assert.Equal(("UpdateAlias", 412, "PreconditionFailedException"), (update.Operation, update.Status, update.ErrorCode));
    }

    // ------------------------------------------------------------------ drift

    [Fact]
    public async Task Losing_the_VPC_config_stops_with_ConfigRegression_unless_AllowConfigRegression_and_drift_is_warned_either_way()
    {
        using var s = new RollbackSession(demo.Host);
        await s.CreateAliasAsync("my-func", "live", "2");
        var mark = s.Mark();

        var refused = s.Run("Invoke-AliasRollback @common -FunctionName my-func -AliasName live -Confirm:$false");

        var error = Assert.Single(refused.Errors);
        Assert.Equal("ConfigRegression,LambdaAlias.InvokeAliasRollbackCommand", error.FullyQualifiedErrorId);
        Assert.Contains("no VPC configuration", error.Exception.Message);
        Assert.Contains("vpc-0c3", error.Exception.Message);
        Assert.Contains(refused.Warnings, w => w.Contains("Drift") && w.Contains("VpcConfig"));
        Assert.Contains(refused.Warnings, w => w.Contains("Drift") && w.Contains("EnvironmentVariableNames") && w.Contains("DB_SECRET_ARN"));
        Assert.DoesNotContain(refused.Warnings, w => w.Contains("orders-db")); // names only, never values
        Assert.Equal("Failed", Assert.Single(RollbackSession.Results(refused)).Status);
        Assert.Empty(s.MutationsSince(mark));
        Assert.Equal("2", s.Alias("my-func", "live").Version);

        var allowed = s.Run("Invoke-AliasRollback @common -FunctionName my-func -AliasName live -AllowConfigRegression -Confirm:$false");

        allowed.AssertNoErrors();
        Assert.Equal("RolledBack", Assert.Single(RollbackSession.Results(allowed)).Status);
        Assert.Contains(allowed.Warnings, w => w.Contains("Drift") && w.Contains("VpcConfig"));
        Assert.Equal("1", s.Alias("my-func", "live").Version);
    }

    [Fact]
    public async Task Force_skips_the_prompt_but_not_the_ConfigRegression_check()
    {
        using var s = new RollbackSession(demo.Host);
        await s.CreateAliasAsync("my-func", "live", "2");
        var mark = s.Mark();

        var r = s.Run("Invoke-AliasRollback @common -FunctionName my-func -AliasName live -Force");

        Assert.Equal("ConfigRegression,LambdaAlias.InvokeAliasRollbackCommand", Assert.Single(r.Errors).FullyQualifiedErrorId);
        Assert.Empty(s.MutationsSince(mark));
        Assert.Empty(r.ConfirmPrompts);
    }

    // ------------------------------------------------------------------ confirmation

    [Fact]
    public void WhatIf_makes_no_mutating_call_and_names_the_function_the_alias_and_the_move()
    {
        using var s = new RollbackSession(demo.Host);
        var mark = s.Mark();

        var r = s.Run("Invoke-AliasRollback @common -FunctionName aliased-func -AliasName live -WhatIf");

        r.AssertNoErrors();
        Assert.Empty(s.MutationsSince(mark));
        Assert.NotEmpty(s.CallsSince(mark, "GetAlias"));
        var line = Assert.Single(r.WhatIfLines);
        Assert.Contains("alias live of Lambda function aliased-func", line);
        Assert.Contains("from version 2 to version 1", line);
        Assert.Equal("WhatIf", Assert.Single(RollbackSession.Results(r)).Status);
        Assert.Equal("2", s.Alias("aliased-func", "live").Version);
    }

    [Fact]
    public void WhatIf_wins_over_Force()
    {
        using var s = new RollbackSession(demo.Host);
        var mark = s.Mark();
        var r = s.Run("Invoke-AliasRollback @common -FunctionName aliased-func -AliasName live -WhatIf -Force");
        r.AssertNoErrors();
        Assert.Empty(s.MutationsSince(mark));
        Assert.Equal("WhatIf", Assert.Single(RollbackSession.Results(r)).Status);
    }

    [Fact]
    public void The_confirmation_prompt_names_the_move_and_No_changes_nothing()
    {
        using var s = new RollbackSession(demo.Host);
        var mark = s.Mark();
        s.Harness.ConfirmAnswers.Enqueue("N");

        var r = s.Run("Invoke-AliasRollback @common -FunctionName aliased-func -AliasName live");

        r.AssertNoErrors();
        var prompt = Assert.Single(r.ConfirmPrompts);
        Assert.Contains("Move alias live of aliased-func from version 2 to version 1", prompt.Message);
        Assert.Equal("Declined", Assert.Single(RollbackSession.Results(r)).Status);
        Assert.Empty(s.MutationsSince(mark));
    }

    [Fact]
    public void The_confirmation_prompt_answered_Yes_rolls_back()
    {
        using var s = new RollbackSession(demo.Host);
        s.Harness.ConfirmAnswers.Enqueue("Y");
        var r = s.Run("Invoke-AliasRollback @common -FunctionName aliased-func -AliasName live");
        r.AssertNoErrors();
        Assert.Single(r.ConfirmPrompts);
        Assert.Equal("RolledBack", Assert.Single(RollbackSession.Results(r)).Status);
        Assert.Equal("1", s.Alias("aliased-func", "live").Version);
    }

    [Fact]
    public void With_no_host_UI_an_unconfirmed_call_throws_ConfirmationRequired_before_any_mutation_and_Force_or_Confirm_false_proceed()
    {
        using var s = new RollbackSession(demo.Host, new HarnessOptions { NoUI = true });
        var mark = s.Mark();

        // A statement-terminating error: try/catch sees it, and nothing after it in the pipeline runs.
        var r = s.Run("try { Invoke-AliasRollback @common -FunctionName aliased-func -AliasName live; 'went on' } catch { $_ }");

        var thrown = Assert.IsType<System.Management.Automation.ErrorRecord>(Assert.Single(r.Objects));
        Assert.Equal("ConfirmationRequired,LambdaAlias.InvokeAliasRollbackCommand", thrown.FullyQualifiedErrorId);
        Assert.Contains("-Confirm:$false or -Force", thrown.Exception.Message);
        Assert.Contains("from version 2 to version 1", thrown.Exception.Message);
        Assert.Empty(s.MutationsSince(mark));
        Assert.Equal("2", s.Alias("aliased-func", "live").Version);

        s.Run("Invoke-AliasRollback @common -FunctionName aliased-func -AliasName live -Force").AssertNoErrors();
        Assert.Equal("1", s.Alias("aliased-func", "live").Version);
        s.Run("Invoke-AliasRollback @common -FunctionName aliased-func -AliasName live -ToVersion 2 -Confirm:$false").AssertNoErrors();
        Assert.Equal("2", s.Alias("aliased-func", "live").Version);
    }

    // ------------------------------------------------------------------ pipeline input

    private const string MigrationResult = @"
function New-Result([string] $Function, [string] $Alias, [string] $Status, [string] $Location) {
    $pin = [LambdaAlias.LambdaIntegrationPin]::new()
    $pin.FunctionName = $Function; $pin.Qualifier = '1'; $pin.PinKind = 'Version'; $pin.Location = $Location
    $result = [LambdaAlias.MigrationResult]::new()
    $result.Pin = $pin; $result.FunctionName = $Function; $result.AliasName = $Alias; $result.Version = '2'; $result.Status = $Status
    $result.AliasArn = ""arn:aws:lambda:us-east-1:123456789012:function:${Function}:$Alias""
    $result.Region = $common.Region; $result.AccountId = '123456789012'; $result.EndpointUrl = $common.EndpointUrl
    $result
}
";

    [Fact]
    public void Duplicates_in_the_pipeline_roll_the_alias_back_once()
    {
        using var s = new RollbackSession(demo.Host);
        var mark = s.Mark();
        // Three routes behind one alias, plus the same alias by ARN and as "function:alias" text: one rollback, 2 -> 1.
        var r = s.Run(MigrationResult + @"
$in = @(
    New-Result aliased-func live Migrated 'GET /health'
    New-Result aliased-func live Migrated 'GET /status'
    New-Result aliased-func live AlreadyOnAlias 'GET /ping'
    [pscustomobject]@{ AliasArn = 'arn:aws:lambda:us-east-1:123456789012:function:aliased-func:live'; Name = 'live'; FunctionVersion = '2' }
    'aliased-func:live'
)
$in | Invoke-AliasRollback -AccessKey test -SecretKey test -EndpointUrl $common.EndpointUrl -Region us-east-1 -Confirm:$false");

        r.AssertNoErrors();
        var result = Assert.Single(RollbackSession.Results(r));
        Assert.Equal(("aliased-func", "live", "2", "1"), (result.FunctionName, result.AliasName, result.FromVersion, result.ToVersion));
        Assert.Single(s.MutationsSince(mark));
        Assert.Equal("1", s.Alias("aliased-func", "live").Version);
    }

    [Fact]
    public void WhatIf_Declined_and_Failed_migration_results_are_skipped_with_a_warning_and_never_acted_on()
    {
        using var s = new RollbackSession(demo.Host);
        var mark = s.Mark();
        var r = s.Run(MigrationResult + @"
@(
    New-Result aliased-func live WhatIf 'GET /health'
    New-Result stagevar-func staging Declined 'GET /orders'
    New-Result my-func live Failed 'ANY /{proxy+}'
) | Invoke-AliasRollback -Confirm:$false");

        r.AssertNoErrors();
        Assert.Empty(RollbackSession.Results(r));
        Assert.Equal(3, r.Warnings.Count(w => w.StartsWith("Skipped", StringComparison.Ordinal)));
        Assert.Contains(r.Warnings, w => w.Contains("aliased-func:live") && w.Contains("WhatIf"));
        Assert.Contains(r.Warnings, w => w.Contains("stagevar-func:staging") && w.Contains("Declined"));
        Assert.Empty(s.CallsSince(mark));
        Assert.Equal("2", s.Alias("aliased-func", "live").Version);
    }

    [Fact]
    public void A_deserialized_WhatIf_result_is_skipped_too_and_a_Migrated_one_acts()
    {
        using var s = new RollbackSession(demo.Host);
        var mark = s.Mark();
        var r = s.Run(MigrationResult + @"
$whatIf = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize((New-Result aliased-func live WhatIf 'GET /health')))
$migrated = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize((New-Result stagevar-func staging Migrated 'GET /orders')))
$whatIf, $migrated | Invoke-AliasRollback -AccessKey test -SecretKey test -Confirm:$false");

        r.AssertNoErrors();
        Assert.Contains(r.Warnings, w => w.StartsWith("Skipped aliased-func:live", StringComparison.Ordinal));
        var result = Assert.Single(RollbackSession.Results(r));
        Assert.Equal(("stagevar-func", "staging", "3", "2"), (result.FunctionName, result.AliasName, result.FromVersion, result.ToVersion));
        Assert.Single(s.MutationsSince(mark));
        Assert.Equal("2", s.Alias("aliased-func", "live").Version);
    }

    [Fact]
    public void Rollback_results_that_did_not_happen_are_skipped_so_WhatIf_piped_into_a_real_run_never_acts()
    {
        using var s = new RollbackSession(demo.Host);
        var mark = s.Mark();
        var r = s.Run("Invoke-AliasRollback @common aliased-func live -WhatIf | Invoke-AliasRollback @common -Confirm:$false");
        r.AssertNoErrors();
        Assert.Contains(r.Warnings, w => w.StartsWith("Skipped aliased-func:live", StringComparison.Ordinal) && w.Contains("WhatIf"));
        Assert.Empty(RollbackSession.Results(r));
        Assert.Empty(s.MutationsSince(mark));
    }

    [Fact]
    public async Task Alias_pins_from_Get_LambdaIntegrationPin_bind_by_property_name()
    {
        using var s = new RollbackSession(demo.Host);
        s.MigrateDemoAccount();
        await s.MoveAliasAsync("my-func", "live", "2");
        var mark = s.Mark();

        // Two routes of a1b2c3d4e5 and nothing else invoke my-func:live: one rollback.
        var r = s.Run("Get-LambdaIntegrationPin @common -Kind Alias -FunctionName my-func | Invoke-AliasRollback -AccessKey test -SecretKey test -AllowConfigRegression -Confirm:$false");

        r.AssertNoErrors();
        var result = Assert.Single(RollbackSession.Results(r));
        Assert.Equal(("my-func", "live", "2", "1"), (result.FunctionName, result.AliasName, result.FromVersion, result.ToVersion));
        Assert.Single(s.MutationsSince(mark));
    }

    [Fact]
    public void A_version_pin_is_not_an_alias_and_gets_NotAnAlias_while_the_pipeline_goes_on()
    {
        using var s = new RollbackSession(demo.Host);
        var mark = s.Mark();
        var r = s.Run(@"
$pins = @(Get-LambdaIntegrationPin @common -FunctionName http-func)
$alias = [pscustomobject]@{ FunctionName = 'aliased-func'; AliasName = 'live' }
@($pins) + $alias | Invoke-AliasRollback @common -Confirm:$false");

        var error = Assert.Single(r.Errors);
        Assert.Equal("NotAnAlias,LambdaAlias.InvokeAliasRollbackCommand", error.FullyQualifiedErrorId);
        Assert.Contains("Set-IntegrationToAlias", error.Exception.Message);
        Assert.Equal("aliased-func", Assert.Single(RollbackSession.Results(r)).FunctionName);
        Assert.Single(s.MutationsSince(mark));
    }

    [Theory]
    [InlineData("[pscustomobject]@{ Foo = 1 }", "RollbackInputIncomplete")]
    [InlineData("[pscustomobject]@{ FunctionName = 'aliased-func' }", "RollbackInputIncomplete")]
    [InlineData("[pscustomobject]@{ FunctionName = 'aliased-func'; AliasName = '1' }", "NotAnAlias")]
    [InlineData("[pscustomobject]@{ FunctionName = 'aliased-func'; AliasName = '$LATEST' }", "NotAnAlias")]
    [InlineData("[pscustomobject]@{ FunctionName = 'aliased-func'; AliasName = 'li\"ve' }", "InvalidAliasName")]
    [InlineData("[pscustomobject]@{ FunctionName = 'aliased-func'; AliasName = 'a/b~1c' }", "InvalidAliasName")]
    [InlineData("[pscustomobject]@{ FunctionName = 'bad name!'; AliasName = 'live' }", "MalformedArn")]
    [InlineData("[pscustomobject]@{ AliasArn = 'arn:aws:lambda:us-east-1:123456789012:function:aliased-func' }", "NotAnAlias")]
    [InlineData("[pscustomobject]@{ AliasArn = 'arn:aws:lambda:us-east-1:123456789012:function:aliased-func:2' }", "NotAnAlias")]
    [InlineData("[pscustomobject]@{ AliasArn = 'arn:aws:s3:::bucket' }", "MalformedArn")]
    [InlineData("'not an arn at all'", "MalformedArn")]
    [InlineData("[pscustomobject]@{ FunctionName = 'aliased-func:live'; AliasName = 'other' }", "ConflictingRollbackInput")]
    [InlineData("[pscustomobject]@{ AliasArn = 'arn:aws:lambda:eu-west-1:123456789012:function:aliased-func:live'; Region = 'us-east-1' }", "ConflictingRollbackInput")]
    [InlineData("[pscustomobject]@{ FunctionName = 'aliased-func'; AliasName = 'live'; AccountId = '999999999999' }", "AccountMismatch")]
    [InlineData("[pscustomobject]@{ FunctionName = 'aliased-func'; AliasName = 'nope' }", "AliasNotFound")]
    [InlineData("[pscustomobject]@{ FunctionName = 'no-such-func'; AliasName = 'live' }", "AliasNotFound")]
    [InlineData("$null", "RollbackInputIncomplete")]
    public void Bad_input_gets_this_modules_ErrorId_and_the_pipeline_goes_on_with_the_next_item(string bad, string errorId)
    {
        using var s = new RollbackSession(demo.Host);
        var mark = s.Mark();
        var r = s.Run($"@(({bad}), [pscustomobject]@{{ FunctionName = 'stagevar-func'; AliasName = 'staging' }}) | Invoke-AliasRollback -AccessKey test -SecretKey test -EndpointUrl $common.EndpointUrl -Region us-east-1 -Confirm:$false");

        Assert.Null(r.TerminatingException);
        var error = Assert.Single(r.Errors);
        Assert.Equal(errorId + ",LambdaAlias.InvokeAliasRollbackCommand", error.FullyQualifiedErrorId);
        var result = Assert.Single(RollbackSession.Results(r), x => x.Status == "RolledBack");
        Assert.Equal("stagevar-func", result.FunctionName);
        Assert.Equal(new[] { "UpdateAlias" }, s.MutationsSince(mark).Select(e => e.Operation));
        Assert.Equal("2", s.Alias("aliased-func", "live").Version);
    }

    [Fact]
    public void A_failure_on_one_alias_does_not_stop_the_others()
    {
        using var s = new RollbackSession(demo.Host);
        var r = s.Run(@"
@(
    [pscustomobject]@{ FunctionName = 'aliased-func'; AliasName = 'live' }
    [pscustomobject]@{ FunctionName = 'my-func'; AliasName = 'live' }
    [pscustomobject]@{ FunctionName = 'stagevar-func'; AliasName = 'staging' }
) | Invoke-AliasRollback @common -Confirm:$false");

        Assert.Equal("AliasNotFound,LambdaAlias.InvokeAliasRollbackCommand", Assert.Single(r.Errors).FullyQualifiedErrorId);
        var results = RollbackSession.Results(r);
        Assert.Equal(new[] { "aliased-func RolledBack", "my-func Failed", "stagevar-func RolledBack" }, results.Select(x => x.FunctionName + " " + x.Status));
        Assert.Equal("1", s.Alias("aliased-func", "live").Version);
        Assert.Equal("2", s.Alias("stagevar-func", "staging").Version);
    }

    [Fact]
    public void ToVersion_never_binds_from_the_pipeline()
    {
        using var s = new RollbackSession(demo.Host);
        var r = s.Run("[pscustomobject]@{ FunctionName = 'stagevar-func'; AliasName = 'staging'; ToVersion = '1' } | Invoke-AliasRollback @common -Confirm:$false");
        r.AssertNoErrors();
        Assert.Equal("2", Assert.Single(RollbackSession.Results(r)).ToVersion);
        Assert.Equal("2", s.Alias("stagevar-func", "staging").Version);
    }

    // ------------------------------------------------------------------ permissions

    [Fact]
    public async Task An_alias_policy_that_no_longer_covers_a_caller_is_warned_about()
    {
        using var s = new RollbackSession(demo.Host);
        await s.RemovePermissionAsync("aliased-func", "live", "apigw-health");

        var r = s.Run("Invoke-AliasRollback @common -FunctionName aliased-func -AliasName live -Confirm:$false");

        r.AssertNoErrors();
        var warning = Assert.Single(r.Warnings, w => w.Contains("does not allow"));
        Assert.Contains("apigateway.amazonaws.com", warning);
        Assert.Contains("arn:aws:execute-api:us-east-1:123456789012:k2l3m4n5o6/*/GET/health", warning);
        Assert.Equal("RolledBack", Assert.Single(RollbackSession.Results(r)).Status);
    }

    // ------------------------------------------------------------------ roll forward

    [Fact]
    public void Rolling_forward_again_with_ToVersion_FromVersion_restores_the_version_that_served_before()
    {
        using var s = new RollbackSession(demo.Host);
        var r = s.Run(@"
$r = Invoke-AliasRollback @common -FunctionName aliased-func -AliasName live -Confirm:$false
$forward = $r | Invoke-AliasRollback @common -ToVersion $r.FromVersion -Confirm:$false
$r, $forward");

        r.AssertNoErrors();
        var results = RollbackSession.Results(r);
        Assert.Equal(new[] { "2 -> 1", "1 -> 2" }, results.Select(x => x.FromVersion + " -> " + x.ToVersion));
        Assert.All(results, x => Assert.Equal("RolledBack", x.Status));
        Assert.Equal("2", s.Alias("aliased-func", "live").Version);
        RollbackSession.AssertServed(s.Probe(RollbackSession.AliasedHealthUrl), "2");
    }

    [Fact]
    public void The_result_renders_in_the_table_view_within_120_columns()
    {
        using var s = new RollbackSession(demo.Host);
        var t = s.Harness.Render("Invoke-AliasRollback @common -FunctionName aliased-func -AliasName live -Confirm:$false");
        Assert.Contains(t.HostLines, l => l.Contains("RolledBack") && l.Contains("aliased-func") && l.Contains("live"));
        Assert.All(t.HostLines, l => Assert.True(l.Length <= 120, l));
    }

    // ------------------------------------------------------------------ the card: pins, migration, rollback

    [Fact]
    public async Task The_card_pipeline_pins_then_migration_then_rollback_moves_each_alias_once_with_no_failed_probe()
    {
        using var s = new RollbackSession(demo.Host);
        const string stageVariableProd = "https://s7t8u9v0w1.execute-api.us-east-1.amazonaws.com/prod/orders";
        s.MigrateDemoAccount();
        Assert.Empty(s.Run("Get-LambdaIntegrationPin @common").AssertNoErrors().Output);
        await s.MoveAliasAsync("my-func", "live", "2"); // the next release: one alias update
        RollbackSession.AssertServed(s.Probe(RollbackSession.MyFuncDevOrdersUrl), "2");
        RollbackSession.AssertServed(s.Probe(stageVariableProd), "2");

        var mark = s.Mark();
        using var orders = new TrafficProbe(s, RollbackSession.MyFuncDevOrdersUrl);
        var r = s.Run("$migration | Invoke-AliasRollback -AllowConfigRegression -Confirm:$false");
        var returnedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        var probes = orders.StopAfter(returnedAt);

        // Seven pins, six aliases: the two routes behind my-func:live roll it back once, 2 -> 1, not twice.
        var results = RollbackSession.Results(r);
        Assert.Equal(
            new[] { "auth-func:live Failed", "http-func:live Failed", "my-func:live RolledBack 2->1", "queue-func:live Failed", "stagevar-func:live RolledBack 2->1", "stagevar-func:live-canary RolledBack 3->2" },
            results.Select(x => $"{x.FunctionName}:{x.AliasName} {x.Status}" + (x.Status == "RolledBack" ? $" {x.FromVersion}->{x.ToVersion}" : "")).OrderBy(x => x, StringComparer.Ordinal));
        // The aliases still at their first version have nothing to go back to, and say so; the others went on.
        Assert.Equal(3, r.Errors.Count);
        Assert.All(r.Errors, e => Assert.Equal("NoEarlierVersion,LambdaAlias.InvokeAliasRollbackCommand", e.FullyQualifiedErrorId));
        Assert.Equal(3, s.MutationsSince(mark).Count);
        Assert.All(s.MutationsSince(mark), e => Assert.Equal(("UpdateAlias", 200), (e.Operation, e.Status)));

        TrafficProbe.AssertSwitchedOnce(probes, before: "2", after: "1", returnedAt);
        RollbackSession.AssertServed(s.Probe(stageVariableProd), "1");
        RollbackSession.AssertServed(demo.Host.Probe(new LambdaAlias.Emulator.ProbeRequest { Url = stageVariableProd, Canary = true }), "2");
    }
}
