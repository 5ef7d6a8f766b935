using System.Diagnostics;
using System.Management.Automation;
using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Migration;

public class MigrationScaleTests
{
    [Fact]
    public void TenThousandPinsInOneApi_PlanAndSimulateQuickly_WithOneDeployment()
    {
        var pins = Enumerable.Range(0, 10_000).Select(i => Demo.RestMethod("res-" + i, "GET", "/r" + i)).ToList();
        var obs = Demo.Observation();
        obs.Sources.Clear();
        obs.Sources.AddRange(pins.Select(p =>
        {
            var s = SourceObservation.IdentityOf(p);
            s.Draft = new InvocationTarget { FunctionName = "my-func", Qualifier = "1", Raw = p.RawUri };
            s.Stages = new List<StageTarget> { new() { StageName = "dev", FunctionName = "my-func", Qualifier = "1" } };
            return s;
        }));
        obs.QualifierUses = pins.SelectMany(QualifierUse.FromPin).ToList();

        var clock = Stopwatch.StartNew();
        var plan = MigrationPlanner.Plan(pins, obs, new MigrationOptions { RemoveVersionPermission = true });
        var run = MigrationExecutor.Execute(plan, new FakeMigrationActions(), (_, _) => (false, ShouldProcessReason.WhatIf));
        clock.Stop();

        Assert.Single(plan.Steps, s => s.Kind == MigrationStepKind.CreateDeployment);
        Assert.Single(plan.Steps, s => s.Kind == MigrationStepKind.AddPermission);
        Assert.Single(plan.Steps, s => s.Kind == MigrationStepKind.RemovePermission);
        Assert.Equal(10_000, plan.Steps.Count(s => s.Kind == MigrationStepKind.UpdateIntegration));
        Assert.Equal(10_000, run.Outcomes.Count);
        Assert.All(run.Outcomes, o => Assert.Equal(MigrationStatus.WhatIf, o.Result.Status));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }
}
