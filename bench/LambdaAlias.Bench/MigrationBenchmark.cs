using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using LambdaAlias.Emulator.Generator;

namespace LambdaAlias.Bench;

/// <summary>
/// Set-IntegrationToAlias of 100 pins across 10 REST APIs x 2 stages (issue 7): every integration is pinned to version 1
/// of one of 20 functions, none of which has the target alias yet, so the run creates 20 aliases, copies 100
/// permissions, switches 100 integrations, deploys each API once and moves its second stage with UpdateStage. The pins
/// come from Get-LambdaIntegrationPin (untimed); only Set-IntegrationToAlias is timed. Its floor is the CreateDeployment
/// quota: one every 5 s per account, the first from a full bucket.
/// </summary>
public static class MigrationBenchmark
{
    public const string Cmdlet = "Set-IntegrationToAlias";
    private const string TargetAlias = "live";
    private static readonly Regex DeploymentPath = new(@"^CreateDeployment POST /restapis/(?<api>[^/]+)/deployments$", RegexOptions.Compiled);

    public static string CommandText => $"$pins | {Cmdlet} -AliasName {TargetAlias} -Force -EndpointUrl $url -Region us-east-1 -AccessKey test -SecretKey test";

    /// <summary>Runs the migration benchmark, or says why it cannot run.</summary>
    public static async Task<(MigrationResultFigures Figures, string Skipped)> RunAsync(ModuleHost ps, BenchOptions o)
    {
        if (!ps.HasCommand(Cmdlet))
            return (null, $"{Cmdlet} is not in the imported module ({ps.ModuleAssemblyLocation}).");

        var apis = o.MigrationApis;
        var pinsPerApi = Math.Max(1, o.MigrationPins / apis);
        var account = new SyntheticAccountOptions
        {
            RestApis = apis, MethodsPerApi = pinsPerApi, StagesPerApi = 2, HttpApis = 0, RoutesPerHttpApi = 0,
            Functions = Math.Max(1, apis * pinsPerApi / 5), VersionsPerFunction = 1, EventSourceMappings = 0, PinnedFraction = 1.0,
            // The functions' existing alias has another name, so the migration creates the target alias itself.
            AliasName = "current",
        };
        await using var emulator = await BenchEmulator.StartAsync(account, o.LatencyMs, o.TimeScale);
        Console.WriteLine($"Migration: {emulator.Account.Describe()}; {emulator.Account.PinnedIntegrations} pins ...");

        var connection = new Hashtable { ["EndpointUrl"] = emulator.Host.BaseUrl, ["Region"] = "us-east-1", ["AccessKey"] = "test", ["SecretKey"] = "test" };
        var figures = new MigrationResultFigures { TimeScale = o.TimeScale, Apis = apis, StagesPerApi = 2, Command = CommandText };

        // The pins to migrate, read by the scan (not timed), kept in the runspace for the timed pipeline.
        emulator.Prepare(o.TimeScale);
        var scan = ps.Invoke("param($p) $global:LambdaAliasBenchPins = @(Get-LambdaIntegrationPin @p); $global:LambdaAliasBenchPins.Count",
            new Hashtable { ["p"] = connection }, new Stopwatch(), keepOutput: true);
        if (scan.TerminatingError != null || scan.ErrorCount > 0)
            throw new InvalidOperationException("The migration benchmark's scan failed: " + (scan.TerminatingError ?? string.Join(" | ", scan.Errors)));
        figures.Pins = Convert.ToInt32(scan.Output.Single().BaseObject, CultureInfo.InvariantCulture);

        // Timed: Set-IntegrationToAlias from full quota buckets.
        emulator.Prepare(o.TimeScale);
        var clock = new Stopwatch();
        InvocationOutcome outcome;
        IReadOnlyList<OperationCount> counts;
        IReadOnlyDictionary<string, long> paths;
        using (var recorder = new CallRecorder(emulator.Host.Requests, "CreateDeployment", "UpdateStage"))
        {
            outcome = ps.Invoke($"param($p, $alias) $global:LambdaAliasBenchPins | {Cmdlet} @p -AliasName $alias -Force",
                new Hashtable { ["p"] = connection, ["alias"] = TargetAlias }, clock, keepOutput: true);
            counts = recorder.Stop();
            paths = recorder.PathCounts;
        }
        figures.WallSeconds = outcome.Wall.TotalSeconds;
        figures.TerminatingError = outcome.TerminatingError;
        figures.ErrorRecords = outcome.ErrorCount;
        figures.ErrorSamples = outcome.Errors;
        figures.ResultObjects = outcome.Output.Count;
        foreach (var group in outcome.Output.GroupBy(r => r.Properties["Status"]?.Value?.ToString() ?? "?"))
            figures.StatusCounts[group.Key] = group.Count();
        foreach (var c in counts)
        {
            figures.CallsByOperation[c.Service + ":" + c.Operation] = c.Calls;
            figures.Calls += c.Calls;
            figures.Throttled += c.Throttled;
        }
        foreach (var (path, n) in paths)
        {
            var m = DeploymentPath.Match(path);
            if (m.Success) figures.CreateDeploymentsPerApi[m.Groups["api"].Value] = n;
        }
        figures.CreateDeployments = counts.Where(c => c.Operation == "CreateDeployment").Sum(c => c.Admitted);
        figures.UpdateStages = counts.Where(c => c.Operation == "UpdateStage").Sum(c => c.Admitted);
        var deploymentRule = emulator.Host.Quotas.Rules.Single(r => r.Operations != null && r.Operations.Contains("CreateDeployment"));
        var latency = TimeSpan.FromMilliseconds(o.LatencyMs).TotalSeconds;
        figures.CreateDeploymentFloorSeconds = (Math.Max(0, apis - deploymentRule.Burst) / deploymentRule.RatePerSecond + latency) / o.TimeScale;
        figures.Floor = QuotaFloor.Compute(counts, emulator.Host.Quotas.Rules, TimeSpan.FromMilliseconds(o.LatencyMs), o.TimeScale, QuotaFloor.MigrationDepth);

        // Afterwards no version pin should be left (not timed).
        emulator.Prepare(o.TimeScale);
        var after = ps.Invoke("param($p) @(Get-LambdaIntegrationPin @p).Count", new Hashtable { ["p"] = connection }, new Stopwatch(), keepOutput: true);
        figures.PinsLeftAfter = after.Output.Count == 1 ? Convert.ToInt32(after.Output[0].BaseObject, CultureInfo.InvariantCulture) : -1;
        ps.Invoke("Remove-Variable -Name LambdaAliasBenchPins -Scope Global -ErrorAction SilentlyContinue", new Hashtable(), new Stopwatch());
        return (figures, null);
    }
}
