using System.Management.Automation;
using LambdaAlias.Emulator;
using Xunit;
using static LambdaAlias.Tests.Cmdlets.SetIntegrationToAlias.SetAliasKit;

namespace LambdaAlias.Tests.Cmdlets.SetIntegrationToAlias;

/// <summary>Set-IntegrationToAlias in a real runspace against the emulator's demo account, as an operator runs it.</summary>
public sealed class SetIntegrationToAliasTests
{
    private const string Scan = "Get-LambdaIntegrationPin -EndpointUrl $url";

    [Fact]
    public async Task WhatIf_PrintsThePlan_CarriesItInTheResults_AndMakesNoMutatingCall()
    {
        await using var kit = await StartAsync();
        var mark = kit.Mark();

        var r = kit.Run(Scan + " | Set-IntegrationToAlias -WhatIf").AssertNoErrors();

        Assert.Empty(kit.MutationsSince(mark));
        Assert.Equal(7, r.Objects.Count);
        Assert.All(Statuses(r), s => Assert.Equal("WhatIf", s));
        Assert.All(r.Objects, o => Assert.NotEmpty(Steps(o)));
        var whatIf = string.Join("\n", r.WhatIfLines);
        foreach (var expected in new[]
                 {
                     "\"Create alias live at version 1\" on target \"Lambda function my-func\"",
                     "\"Allow apigateway.amazonaws.com to invoke my-func:live from arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/*/*",
                     "\"Point integration at my-func:live (version 1) instead of my-func:1\" on target \"GET /orders on REST API dev-lambda-my-func:1-API (a1b2c3d4e5)\"",
                     "\"Point authorizer at auth-func:live (version 1) instead of auth-func:1\"",
                     "\"Deploy the draft to stage dev",
                     "\"Set stage variable lambdaAlias to 'live' instead of '2'",
                     "\"Set the canary's override of stage variable lambdaAlias to 'live-canary' instead of '3'",
                     "\"Point integration at http-func:live (version 1) instead of http-func:1\"",
                     "\"Invoke queue-func:live (version 1) instead of queue-func:1\"",
                 })
            Assert.Contains(expected, whatIf);
        // Exactly one deployment is planned for the orders API's three pins.
        Assert.Single(r.WhatIfLines, l => l.Contains("Deploy the draft"));
    }

    [Fact]
    public async Task WhatIf_WinsOverForce()
    {
        await using var kit = await StartAsync();
        var mark = kit.Mark();
        var r = kit.Run(Scan + " | Set-IntegrationToAlias -WhatIf -Force").AssertNoErrors();
        Assert.Empty(kit.MutationsSince(mark));
        Assert.NotEmpty(r.WhatIfLines);
        Assert.All(Statuses(r), s => Assert.Equal("WhatIf", s));
    }

    [Fact]
    public async Task TheRealRun_MigratesEveryPinKind_WhileTrafficFlows_AndTheScanThenFindsNoPins()
    {
        await using var kit = await StartAsync();
        var traffic = new DemoTraffic(kit.State);
        var mark = kit.Mark();

        HarnessResultHolder holder;
        using (var during = new ContinuousTraffic(traffic))
        {
            holder = new HarnessResultHolder(kit.Run(Scan + " | Set-IntegrationToAlias -Confirm:$false"));
            Assert.True(during.Stop() > 5, "the traffic loop barely ran");
        }
        var r = holder.Result.AssertNoErrors();

        Assert.True(Statuses(r).All(s => s == "Migrated"), Describe(r));
        var pins = r.Objects.Select(o => Prop(o, "Pin")).ToList();
        Assert.Equal(new[] { "EventSourceMapping", "HttpApi", "RestApi", "RestApi", "RestAuthorizer", "StageVariable", "StageVariable" },
            pins.Select(p => Prop(p, "SourceKind").ToString()).OrderBy(k => k, StringComparer.Ordinal));
        Assert.Contains(pins, p => Prop<bool>(p, "IsCanaryOverride"));
        Assert.Empty(traffic.Failures);
        Assert.Equal(traffic.Baseline, traffic.Check("after the run"));

        Assert.Empty(kit.Run(Scan).AssertNoErrors().Objects);
        Assert.Equal(1, kit.CountSince(mark, "CreateDeployment"));
        foreach (var rest in r.Objects.Where(o => Prop<string>(Prop(o, "Pin"), "RestApiId") == "a1b2c3d4e5"))
            Assert.Single(Prop<string[]>(rest, "DeploymentIds"));
        var result = r.Objects.First();
        Assert.Equal(("us-east-1", "123456789012", kit.Emulator.BaseUrl), (Prop<string>(result, "Region"), Prop<string>(result, "AccountId"), Prop<string>(result, "EndpointUrl")));
        Assert.Contains(r.Progress, p => p.RecordType == ProgressRecordType.Completed);
        Assert.Contains(r.Progress, p => p.StatusDescription.StartsWith("Step ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheCloudFormationWarning_NamesTheStack_AndWhatToChangeInTheTemplate()
    {
        await using var kit = await StartAsync();
        var r = kit.Run(Scan + " -FunctionName my-func | Set-IntegrationToAlias -Force").AssertNoErrors();
        var warning = Assert.Single(r.Warnings, w => w.Contains("CloudFormation stack dev-orders-stack") && w.Contains("GET /orders"));
        Assert.Contains("AutoPublishAlias", warning);
        Assert.Contains("currentVersion.addAlias", warning);
        Assert.Contains(r.Objects, o => Prop<string[]>(o, "Warnings").Contains(warning));
    }

    [Fact]
    public async Task ALatestPin_IsPublishedAndAliased_ButNotOntoAnAliasThatAlreadyServesAnotherVersion()
    {
        await using var kit = await StartAsync();
        var traffic = new DemoTraffic(kit.State);
        kit.Run(Scan + " -FunctionName http-func | Set-IntegrationToAlias -Force").AssertNoErrors();

        // http-func:live now serves version 1; $LATEST has newer code, so reusing live would change what it serves.
        var mark = kit.Mark();
        var refused = kit.Run(Scan + " -Kind Latest | Set-IntegrationToAlias -Force");
        Assert.Equal("AliasPointsElsewhere,LambdaAlias.SetIntegrationToAliasCommand", Assert.Single(refused.Errors).FullyQualifiedErrorId);
        Assert.Equal(new[] { "Failed" }, Statuses(refused));
        Assert.Empty(kit.MutationsSince(mark));

        var r = kit.Run(Scan + " -Kind Latest | Set-IntegrationToAlias -AliasName edge -Force").AssertNoErrors();
        Assert.Equal(new[] { "Migrated" }, Statuses(r));
        var result = r.Objects.Single();
        Assert.Equal("PublishVersion", Prop(Steps(result).First(), "Kind").ToString());
        Assert.Equal("2", Prop<string>(result, "Version"));
        Assert.Contains(r.Warnings, w => w.Contains("Later code updates no longer reach this trigger"));
        Assert.Empty(traffic.Failures);
        Assert.Equal(traffic.Baseline, traffic.Check("after"));
        lock (kit.State.Sync) Assert.Equal(kit.State.FindFunction("http-func").Latest.CodeSha256, kit.State.FindFunction("http-func").Versions[2].CodeSha256);
        Assert.Empty(kit.Run(Scan + " -Kind Latest").AssertNoErrors().Objects);
    }

    [Fact]
    public async Task ReviewedPins_ApplyLater_AndASecondRunChangesNothing()
    {
        await using var kit = await StartAsync();
        // Review: the scan as CLIXML (what Export-Clixml writes), applied later from the deserialized objects.
        var xml = (string)kit.Run("[System.Management.Automation.PSSerializer]::Serialize(@(" + Scan + "), 5)").AssertNoErrors().Objects.Single();
        var typeName = kit.Run("@([System.Management.Automation.PSSerializer]::Deserialize($xml))[0].PSObject.TypeNames[0]", new() { ["xml"] = xml }).AssertNoErrors().Objects.Single();
        Assert.Equal("Deserialized.LambdaAlias.LambdaIntegrationPin", typeName);
        var apply = "[System.Management.Automation.PSSerializer]::Deserialize($xml) | ForEach-Object { $_ } | Set-IntegrationToAlias -Force";

        var first = kit.Run(apply, new() { ["xml"] = xml }).AssertNoErrors();
        Assert.True(Statuses(first).All(s => s == "Migrated"), Describe(first));
        Assert.Equal(7, first.Objects.Count);

        var mark = kit.Mark();
        var second = kit.Run(apply, new() { ["xml"] = xml }).AssertNoErrors();
        Assert.Equal(7, second.Objects.Count);
        Assert.All(Statuses(second), s => Assert.Equal("AlreadyOnAlias", s));
        Assert.Empty(kit.MutationsSince(mark));
        Assert.Equal(0, kit.CountSince(mark, "CreateDeployment"));
    }

    [Fact]
    public async Task NPinsInOneApi_ShareOneCreateDeployment()
    {
        await using var kit = await StartAsync();
        kit.AddPinnedOrdersMethods("/customers", "/invoices", "/refunds");
        var traffic = new DemoTraffic(kit.State);
        var mark = kit.Mark();

        var r = kit.Run(Scan + " -RestApiId a1b2c3d4e5 | Set-IntegrationToAlias -Force").AssertNoErrors();

        Assert.Equal(6, r.Objects.Count);
        Assert.All(Statuses(r), s => Assert.Equal("Migrated", s));
        Assert.Equal(1, kit.CountSince(mark, "CreateDeployment"));
        Assert.Equal(5, kit.CountSince(mark, "UpdateIntegration"));
        Assert.Single(r.Objects.SelectMany(o => Prop<string[]>(o, "DeploymentIds")).Distinct());
        Assert.Empty(traffic.Failures);
        foreach (var path in new[] { "/customers", "/invoices", "/refunds" })
        {
            var probe = kit.State.ProbeApiRoute(new ProbeRequest { ApiId = "a1b2c3d4e5", Stage = "dev", Method = "GET", Path = path });
            Assert.True(probe.Succeeded, probe.FailureReason);
            Assert.Equal(("live", "1"), (probe.Qualifier, probe.ServedVersion));
        }
    }

    [Fact]
    public async Task ADeclinedConfirmation_SkipsEveryStepThatDependsOnIt()
    {
        await using var kit = await StartAsync();
        kit.Shell.ConfirmAnswers.Enqueue("Y"); // CreateAlias auth-func:live
        kit.Shell.ConfirmAnswers.Enqueue("N"); // AddPermission on auth-func:live
        var mark = kit.Mark();

        var r = kit.Run(Scan + " -FunctionName auth-func | Set-IntegrationToAlias").AssertNoErrors();

        Assert.Equal(2, r.ConfirmPrompts.Count);
        Assert.Contains("Create alias live at version 1", r.ConfirmPrompts[0].Message);
        Assert.Contains("Allow apigateway.amazonaws.com to invoke auth-func:live", r.ConfirmPrompts[1].Message);
        Assert.Equal(new[] { "Declined" }, Statuses(r));
        var outcomes = Steps(r.Objects.Single()).ToDictionary(s => Prop(s, "Kind").ToString(), s => Prop(s, "Outcome").ToString());
        Assert.Equal("Done", outcomes["CreateAlias"]);
        Assert.Equal("Declined", outcomes["AddPermission"]);
        Assert.Equal("SkippedDependency", outcomes["UpdateAuthorizer"]);
        Assert.Equal("SkippedDependency", outcomes["CreateDeployment"]);
        Assert.Equal(new[] { "CreateAlias /2015-03-31/functions/auth-func/aliases" }, kit.MutationsSince(mark));
    }

    [Fact]
    public async Task WithoutAHostUI_AnUnconfirmedStepStopsBeforeAnyChange_AndForceRuns()
    {
        await using var kit = await StartAsync(noUI: true);
        var mark = kit.Mark();

        var refused = kit.Run(Scan + " -FunctionName queue-func | Set-IntegrationToAlias");
        // A terminating error of the command (the script around it reports it and stops the statement).
        var error = Assert.Single(refused.AllErrors);
        Assert.Equal("ConfirmationRequired,LambdaAlias.SetIntegrationToAliasCommand", error.FullyQualifiedErrorId);
        Assert.Contains("-Force", error.Exception.Message);
        Assert.Empty(refused.Objects);
        Assert.Empty(kit.MutationsSince(mark));

        var forced = kit.Run(Scan + " -FunctionName queue-func | Set-IntegrationToAlias -Force").AssertNoErrors();
        Assert.Equal(new[] { "Migrated" }, Statuses(forced));
    }

    [Fact]
    public async Task AliasPointsElsewhere_WithoutAllowAliasMove_AndMovesWithIt()
    {
        await using var kit = await StartAsync();
        lock (kit.State.Sync) kit.State.FindFunction("queue-func").Aliases["live"] = new LambdaAlias.Emulator.Lambda.FunctionAlias { Name = "live", FunctionVersion = "2" };
        var mark = kit.Mark();

        // -ErrorAction Stop: the pin's result is still written, before its error stops the pipeline.
        var refused = kit.Run(Scan + " -FunctionName queue-func | Set-IntegrationToAlias -Force -ErrorAction Stop");
        Assert.Equal("AliasPointsElsewhere,LambdaAlias.SetIntegrationToAliasCommand", refused.TerminatingError?.FullyQualifiedErrorId);
        Assert.Contains("-AllowAliasMove", refused.TerminatingError.Exception.Message);
        Assert.Equal(new[] { "Failed" }, Statuses(refused));
        Assert.Empty(kit.MutationsSince(mark));

        var moved = kit.Run(Scan + " -FunctionName queue-func | Set-IntegrationToAlias -Force -AllowAliasMove").AssertNoErrors();
        Assert.Equal(new[] { "Migrated" }, Statuses(moved));
        Assert.Equal(1, kit.CountSince(mark, "UpdateAlias"));
        Assert.Contains(moved.Warnings, w => w.Contains("-AllowAliasMove"));
        lock (kit.State.Sync) Assert.Equal("1", kit.State.FindFunction("queue-func").Aliases["live"].FunctionVersion);
    }

    [Fact]
    public async Task UndeployedChanges_StopTheDeployment_UnlessAllowed()
    {
        await using var kit = await StartAsync();
        lock (kit.State.Sync)
        {
            // An unrelated change someone left in the draft: POST /orders, never deployed.
            var orders = kit.State.FindRestApi("a1b2c3d4e5").Draft.Resource("a1ordr");
            orders.Methods["POST"] = new LambdaAlias.Emulator.RestMethod { HttpMethod = "POST", Integration = new LambdaAlias.Emulator.RestIntegration { Type = "MOCK", Uri = null } };
        }
        var mark = kit.Mark();

        var refused = kit.Run(Scan + " -RestApiId a1b2c3d4e5 | Set-IntegrationToAlias -Force");
        Assert.Equal(3, refused.Errors.Count);
        Assert.All(refused.Errors, e => Assert.Equal("UndeployedChanges,LambdaAlias.SetIntegrationToAliasCommand", e.FullyQualifiedErrorId));
        Assert.Contains("POST /orders", refused.Errors[0].Exception.Message);
        Assert.Contains("does not cover models, gateway responses or the resource policy", refused.Errors[0].Exception.Message);
        Assert.Empty(kit.MutationsSince(mark));

        var allowed = kit.Run(Scan + " -RestApiId a1b2c3d4e5 | Set-IntegrationToAlias -Force -AllowUndeployedChanges").AssertNoErrors();
        Assert.All(Statuses(allowed), s => Assert.Equal("Migrated", s));
        Assert.Contains(allowed.Warnings, w => w.StartsWith("-AllowUndeployedChanges:", StringComparison.Ordinal) && w.Contains("POST /orders"));
        Assert.Equal(1, kit.CountSince(mark, "CreateDeployment"));
    }

    [Fact]
    public async Task AnIntegrationWithACredentialsRole_NeedsAllowRoleInvocation()
    {
        await using var kit = await StartAsync();
        const string role = "arn:aws:iam::123456789012:role/orders-invoker";
        lock (kit.State.Sync)
        {
            kit.State.IamRoles[role] = new LambdaAlias.Emulator.Lambda.IamRole { Arn = role, AllowInvoke = { "arn:aws:lambda:us-east-1:123456789012:function:my-func*" } };
            var api = kit.State.FindRestApi("a1b2c3d4e5");
            api.Draft.Resource("a1ordr").Methods["GET"].Integration.Credentials = role;
            kit.DeployDraft(api, "dev");
        }
        var traffic = new DemoTraffic(kit.State);
        var mark = kit.Mark();
        const string getOrders = " -FunctionName my-func | Where-Object { $_.HttpMethod -eq 'GET' } | Set-IntegrationToAlias -Force";

        var refused = kit.Run(Scan + getOrders);
        Assert.Equal("IntegrationUsesRole,LambdaAlias.SetIntegrationToAliasCommand", Assert.Single(refused.Errors).FullyQualifiedErrorId);
        Assert.Contains(role, refused.Errors[0].Exception.Message);
        Assert.Empty(kit.MutationsSince(mark));

        var allowed = kit.Run(Scan + getOrders.Replace("-Force", "-Force -AllowRoleInvocation")).AssertNoErrors();
        Assert.Equal(new[] { "Migrated" }, Statuses(allowed));
        // The role decides, so no statement is added for this integration.
        Assert.Equal(0, kit.CountSince(mark, "AddPermission"));
        Assert.Empty(traffic.Failures);
        Assert.Equal(traffic.Baseline, traffic.Check("after"));
    }

    [Fact]
    public async Task PermissionScopeApi_NeedsAllowBroaderPermission_AndGrantsOneStatementPerApi()
    {
        await using var kit = await StartAsync();
        var mark = kit.Mark();
        var refused = kit.Run(Scan + " -FunctionName auth-func | Set-IntegrationToAlias -Force -PermissionScope Api");
        Assert.Equal("BroaderPermissionNotAllowed,LambdaAlias.SetIntegrationToAliasCommand", Assert.Single(refused.Errors).FullyQualifiedErrorId);
        Assert.Empty(refused.Objects);
        Assert.Empty(kit.MutationsSince(mark));

        var allowed = kit.Run(Scan + " -FunctionName auth-func | Set-IntegrationToAlias -Force -PermissionScope Api -AllowBroaderPermission").AssertNoErrors();
        Assert.Equal(new[] { "Migrated" }, Statuses(allowed));
        var statement = Assert.Single(kit.State.PolicyStatements("auth-func", "live"));
        Assert.Equal("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*", statement["Condition"]!["ArnLike"]!["AWS:SourceArn"]!.GetValue<string>());
        Assert.DoesNotContain("\"*\"", statement["Principal"]!.ToJsonString());
    }

    [Fact]
    public async Task NoDeploy_SwitchesTheDraftOnly_AndSaysSo()
    {
        await using var kit = await StartAsync();
        var mark = kit.Mark();
        var r = kit.Run(Scan + " -RestApiId a1b2c3d4e5 | Set-IntegrationToAlias -Force -NoDeploy").AssertNoErrors();
        Assert.Contains(r.Warnings, w => w.StartsWith("-NoDeploy:", StringComparison.Ordinal) && w.Contains("NOT deployed"));
        Assert.Equal(0, kit.CountSince(mark, "CreateDeployment"));
        Assert.Equal(2, kit.CountSince(mark, "UpdateIntegration"));
        var probe = kit.State.ProbeApiRoute(new ProbeRequest { ApiId = "a1b2c3d4e5", Stage = "dev", Method = "GET", Path = "/orders" });
        Assert.Equal(("1", "1"), (probe.Qualifier, probe.ServedVersion));
    }

    [Fact]
    public async Task BadInput_GetsThisModulesErrorIds_AndTheRestOfThePipelineGoesOn()
    {
        await using var kit = await StartAsync();
        var mark = kit.Mark();

        var invalidAlias = kit.Run(Scan + " -FunctionName queue-func | Set-IntegrationToAlias -Force -AliasName 123");
        Assert.Equal("InvalidAliasName,LambdaAlias.SetIntegrationToAliasCommand", Assert.Single(invalidAlias.Errors).FullyQualifiedErrorId);

        var notPins = kit.Run("'my-func:1', 42, $null, @{ FunctionName = 'f' } | Set-IntegrationToAlias -Force");
        Assert.Equal(4, notPins.Errors.Count);
        Assert.All(notPins.Errors, e => Assert.Equal("InvalidPinInput,LambdaAlias.SetIntegrationToAliasCommand", e.FullyQualifiedErrorId));
        Assert.Null(notPins.TerminatingError);

        var otherAccount = kit.Run("$p = @(" + Scan + " -FunctionName queue-func)[0]; $p.AccountId = '999999999999'; $p, (" + Scan + " -FunctionName auth-func) | Set-IntegrationToAlias -Force -WhatIf");
        Assert.Equal("AccountMismatch,LambdaAlias.SetIntegrationToAliasCommand", Assert.Single(otherAccount.Errors).FullyQualifiedErrorId);
        Assert.Equal(new[] { "Failed", "WhatIf" }, Statuses(otherAccount).OrderBy(s => s));
        Assert.Empty(kit.MutationsSince(mark));
    }
}

/// <summary>Keeps a result produced inside a using block.</summary>
internal sealed record HarnessResultHolder(LambdaAlias.Tests.Harness.HarnessResult Result);
