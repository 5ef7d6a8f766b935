using System.Management.Automation;
using LambdaAlias.Tests.Harness;
using Xunit;

namespace LambdaAlias.Tests.Cmdlets.InvokeAliasRollback;

/// <summary>
/// Issue 6: "Set-IntegrationToAlias -WhatIf | Invoke-AliasRollback must never act for real." Pins already on an alias
/// come out of a -WhatIf migration as AlreadyOnAlias, a status that looks like a real outcome; the rollback must still
/// see that the whole run was a -WhatIf and leave every alias alone, even with -Force and after Export-Clixml.
/// </summary>
public sealed class WhatIfMigrationPipelineTests(DemoAccountFixture demo) : IClassFixture<DemoAccountFixture>
{
    private const string Planned = "LambdaAlias.MigrationResult";

    [Fact]
    public void A_WhatIf_migration_piped_into_a_forced_rollback_makes_no_mutating_call_and_warns_for_every_result()
    {
        using var s = new RollbackSession(demo.Host);
        var aliasesBefore = AliasVersions(s);
        var mark = s.Mark();

        // ForEach-Object only keeps a copy of what flows between the two cmdlets, to assert on it.
        var r = s.Run(@"
$planned = [System.Collections.Generic.List[object]]::new()
Get-LambdaIntegrationPin @common -Kind Version,Alias | Set-IntegrationToAlias -AliasName live -WhatIf | ForEach-Object { $planned.Add($_); $_ } | Invoke-AliasRollback -Force
$planned");

        r.AssertNoErrors();
        var planned = r.Output.Where(o => o?.BaseObject?.GetType().FullName == Planned).ToList();
        // The case that used to act: alias pins come back AlreadyOnAlias even under -WhatIf.
        Assert.Contains(planned, p => p.Prop("Status")?.ToString() == "AlreadyOnAlias");
        Assert.Contains(planned, p => p.Prop("Status")?.ToString() == "WhatIf");
        Assert.All(planned, p => Assert.True(LanguagePrimitives.IsTrue(p.Prop("WhatIf")), $"{p} is not marked as a -WhatIf result"));

        Assert.Empty(s.MutationsSince(mark));
        Assert.Empty(s.CallsSince(mark, "UpdateAlias"));
        Assert.Empty(RollbackSession.Results(r));
        Assert.Equal(planned.Count, r.Warnings.Count(w => w.StartsWith("Skipped", StringComparison.Ordinal) && w.Contains("produced under -WhatIf")));
        Assert.Equal(aliasesBefore, AliasVersions(s));
    }

    [Fact]
    public void WhatIf_results_serialized_as_by_Export_Clixml_are_still_never_acted_on()
    {
        using var s = new RollbackSession(demo.Host);
        var aliasesBefore = AliasVersions(s);
        var mark = s.Mark();

        // What Export-Clixml and Import-Clixml do to an object: Deserialized.LambdaAlias.MigrationResult property bags.
        var r = s.Run(@"
$saved = [System.Management.Automation.PSSerializer]::Serialize(@(Get-LambdaIntegrationPin @common -Kind Alias | Set-IntegrationToAlias -AliasName live -WhatIf), 3)
$imported = @([System.Management.Automation.PSSerializer]::Deserialize($saved))
$imported | Invoke-AliasRollback -Force
$imported.Count
$imported[0].PSObject.TypeNames[0]");
        r.AssertNoErrors();
        Assert.Equal("Deserialized.LambdaAlias.MigrationResult", r.Output.Last().BaseObject.ToString());
        var imported = Convert.ToInt32(r.Output[r.Output.Count - 2].BaseObject);
        Assert.True(imported > 0, "the demo account has alias pins, so the -WhatIf run must have produced results");
        Assert.Empty(s.MutationsSince(mark));
        Assert.Empty(RollbackSession.Results(r));
        Assert.Equal(imported, r.Warnings.Count(w => w.StartsWith("Skipped", StringComparison.Ordinal) && w.Contains("produced under -WhatIf")));
        Assert.Equal(aliasesBefore, AliasVersions(s));
    }

    /// <summary>Every alias of the demo account and the version it serves, straight from the emulator.</summary>
    private static string AliasVersions(RollbackSession s)
    {
        lock (s.Host.State.Sync)
        {
            return string.Join(";", s.Host.State.LambdaFunctions.Values
                .SelectMany(f => f.Aliases.Values.Select(a => $"{f.Name}:{a.Name}={a.FunctionVersion}"))
                .OrderBy(x => x, StringComparer.Ordinal));
        }
    }
}
