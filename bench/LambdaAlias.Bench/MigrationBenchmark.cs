namespace LambdaAlias.Bench;

/// <summary>Set-IntegrationToAlias of 100 pins across 10 APIs x 2 stages (issue 7, migration target).</summary>
public static class MigrationBenchmark
{
    public const string Cmdlet = "Set-IntegrationToAlias";

    /// <summary>Runs the migration benchmark, or says why it cannot run.</summary>
    public static Task<(MigrationResultFigures Figures, string Skipped)> RunAsync(ModuleHost ps, BenchOptions o)
    {
        if (!ps.HasCommand(Cmdlet))
            return Task.FromResult<(MigrationResultFigures, string)>((null, $"{Cmdlet} is not in the imported module ({ps.ModuleAssemblyLocation})."));
        return Task.FromResult<(MigrationResultFigures, string)>((null, $"{Cmdlet} exists, but this build of the benchmark has no migration run yet."));
    }
}
