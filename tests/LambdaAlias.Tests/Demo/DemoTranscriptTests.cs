using System.Management.Automation;
using LambdaAlias.Demo;
using LambdaAlias.Tests.Harness;
using Xunit;

namespace LambdaAlias.Tests.Demo;

/// <summary>
/// The README's first command, run in-process: tools/LambdaAlias.Demo's transcript against the emulator's demo account,
/// with the module imported from out/LambdaAlias. Each section must show real values, not just its heading.
/// </summary>
public sealed class DemoTranscriptTests
{
    private static object Prop(object item, string name) => PSObject.AsPSObject(item).Properties[name]?.Value switch
    {
        PSObject wrapped => wrapped.BaseObject,
        var value => value,
    };

    private static string Text(object item, string name) => Prop(item, name)?.ToString();

    [Fact]
    public async Task TheTranscriptShowsEachSectionWithRealValues()
    {
        var output = new StringWriter();
        var result = await DemoTranscript.RecordAsync(output, RepoPaths.ModuleManifest);
        var text = output.ToString();

        Assert.True(result.Succeeded, "The demo did not go as shown:\n" + string.Join("\n", result.Sections.SelectMany(s => s.Problems)) + "\n\n" + text);
        Assert.Equal(RepoPaths.ModuleFolder, result.ModuleBase);
        Assert.Equal(Enumerable.Range(1, 6), result.Sections.Select(s => s.Number));
        foreach (var section in result.Sections)
        {
            Assert.Contains($"==== {section.Number}. {section.Title} ====", text);
            Assert.All(section.Commands, c => Assert.Contains("PS> " + c.Pipeline, text));
        }

        // 1. The pins table: the demo account's seven version pins, rendered by the module's table view.
        var pins = result.Section(1).Commands[0];
        Assert.Equal(7, pins.Output.Count);
        Assert.Contains(pins.Objects, p => Text(p, "FunctionName") == "my-func" && Text(p, "Qualifier") == "1" && Text(p, "PinKind") == "Version");
        Assert.Contains(pins.Objects, p => Text(p, "FunctionName") == "queue-func" && Text(p, "SourceKind") == "EventSourceMapping");
        Assert.Matches(@"Function\s+Pin\s+Kind\s+Location\s+Stages\s+Behind\s+Permission", pins.Text);
        Assert.Matches(@"(?m)^my-func\s+1\s+Version\s+REST dev-lambda-my-func:1-API", pins.Text);

        // 2. The chain behind the demo URL, rendered by the module's list view (Format-List's output is formatting
        // records, so the rendered text is what shows the values): my-func:1 on GET /orders, its authorizer
        // auth-func:1, the stage that serves them, and the VPC drift against version 2.
        var chain = result.Section(2).Commands[0].Text;
        Assert.Matches(@"(?m)^Pin\s+: my-func:1$", chain);
        Assert.Matches(@"(?m)^Location\s+: REST dev-lambda-my-func:1-API \(a1b2c3d4e5\) GET /orders$", chain);
        Assert.Matches(@"(?m)^Pin\s+: auth-func:1$", chain);
        Assert.Matches(@"(?m)^Source\s+: RestAuthorizer$", chain);
        Assert.Matches(@"(?m)^Stages\s+: dev$", chain);
        Assert.Matches(@"(?m)^Drift\s+: VpcConfig: \(none\) -> vpc-0c3", chain);

        // 3. The plan: What if: lines, WhatIf results, and not one mutating call in the emulator's log.
        var plan = result.Section(3);
        Assert.Contains("What if: Performing the operation \"Point integration at my-func:live (version 1) instead of my-func:1\"", plan.Commands[0].Text);
        Assert.All(plan.Commands[0].Objects, r => Assert.Equal("WhatIf", Text(r, "Status")));
        Assert.Empty(plan.MutatingCalls[0]);
        Assert.Contains("no mutating calls while -WhatIf ran", text);

        // 4. The migration: every pin Migrated, and the emulator saw the aliases, permissions, switches and one deployment.
        var migration = result.Section(4);
        var migrated = migration.Commands[1];
        Assert.Equal(7, migrated.Output.Count);
        Assert.All(migrated.Objects, r => Assert.Equal("Migrated", Text(r, "Status")));
        Assert.Matches(@"(?m)^Migrated\s+my-func\s+live\s+1\s", migrated.Text);
        Assert.Contains("CreateAlias", migration.MutatingCalls[0]);
        Assert.Contains("AddPermission", migration.MutatingCalls[0]);
        Assert.Single(migration.MutatingCalls[0], "CreateDeployment");

        // 5. The re-scan finds no version pin; the alias inventory has my-func:live serving version 1.
        var rescan = result.Section(5);
        Assert.Empty(rescan.Commands[0].Output);
        Assert.Contains("The re-scan printed nothing: no version pin is left.", text);
        Assert.Contains(rescan.Commands[1].Objects, p => Text(p, "QualifiedName") == "my-func:live" && Text(p, "PinnedVersion") == "1");

        // 6. Release 1 -> 2, the guarded rollback, the rollback 2 -> 1, the roll-forward 1 -> 2.
        var rollback = result.Section(6);
        var release = Assert.Single(rollback.Commands[0].Objects);
        Assert.Equal(("RolledBack", "1", "2"), (Text(release, "Status"), Text(release, "FromVersion"), Text(release, "ToVersion")));
        Assert.Equal(new[] { "ConfigRegression" }, rollback.Commands[1].ErrorIds);
        Assert.Contains("ErrorId: ConfigRegression", rollback.Commands[1].Text);
        var back = Assert.Single(rollback.Commands[3].Objects);
        Assert.Equal(("RolledBack", "2", "1"), (Text(back, "Status"), Text(back, "FromVersion"), Text(back, "ToVersion")));
        var forward = Assert.Single(rollback.Commands[4].Objects);
        Assert.Equal(("RolledBack", "1", "2"), (Text(forward, "Status"), Text(forward, "FromVersion"), Text(forward, "ToVersion")));
        Assert.Matches(@"(?m)^RolledBack\s+my-func\s+live\s+1\s+2\s", rollback.Commands[4].Text);
    }

    [Fact]
    public async Task CommandRunsOnePipelineAgainstTheDemoAccount()
    {
        var output = new StringWriter();
        var ok = await DemoCommandLine.RunAsync(output, RepoPaths.ModuleManifest, "Get-LambdaIntegrationPin -FunctionName http-func -Kind Latest", interactive: false);
        var text = output.ToString();
        Assert.True(ok, text);
        Assert.Contains("PS> Get-LambdaIntegrationPin -FunctionName http-func -Kind Latest", text);
        Assert.Matches(@"(?m)^http-func\s+\(none\)\s+Latest\s+HTTP items-http-api", text);
    }

    [Fact]
    public async Task CommandReportsErrorsWithTheirErrorIdAndFails()
    {
        var output = new StringWriter();
        var ok = await DemoCommandLine.RunAsync(output, RepoPaths.ModuleManifest, "Invoke-AliasRollback -FunctionName my-func -AliasName live -Confirm:$false", interactive: false);
        Assert.False(ok);
        Assert.Contains("ErrorId: AliasNotFound", output.ToString());
    }

    [Fact]
    public async Task WithoutAPersonAConfirmationFailsBeforeAnyChange()
    {
        var output = new StringWriter();
        var ok = await DemoCommandLine.RunAsync(output, RepoPaths.ModuleManifest, "Get-LambdaIntegrationPin -FunctionName my-func | Set-IntegrationToAlias", interactive: false);
        Assert.False(ok);
        Assert.Contains("-Confirm:$false", output.ToString());
    }

    [Theory]
    [InlineData("Get-LambdaIntegrationPin", false)]
    [InlineData("Get-LambdaIntegrationPin -FunctionName my-func | Set-IntegrationToAlias -WhatIf", false)]
    [InlineData("Get-LambdaIntegrationPin -Region eu-west-1", true)]
    [InlineData("Get-LambdaIntegrationPin -ProfileName prod | Set-IntegrationToAlias -WhatIf", true)]
    [InlineData("Get-LambdaIntegrationPin | Set-IntegrationToAlias -AWSProfileName prod -WhatIf", true)]
    [InlineData("Get-LambdaIntegrationPin -EndpointUrl http://localhost:4566", true)]
    [InlineData("'-Region is text here' | Write-Output", false)]
    public void APipelineNamingItsOwnAccountRunsWithoutTheEmulator(string pipeline, bool ownTarget)
    {
        Assert.Equal(ownTarget, DemoTarget.NamesItsOwnTarget(pipeline));
    }
}
