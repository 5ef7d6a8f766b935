using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using LambdaAlias.Emulator.Generator;

namespace LambdaAlias.Bench;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        BenchOptions o;
        try
        {
            o = BenchOptions.Parse(args);
        }
        catch (BenchOptions.HelpRequested)
        {
            Console.WriteLine(BenchOptions.Usage);
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }

        try
        {
            return await RunAsync(o);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine("The benchmark broke: " + e);
            return 1;
        }
    }

    private static async Task<int> RunAsync(BenchOptions o)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        var root = RepoRoot();
        var report = new BenchReport
        {
            Mode = o.Quick ? "quick" : o.MigrationOnly ? "migration" : o.SeriesOnly ? "series" : o.Series ? "default+series" : "default",
            CommandLine = "dotnet run -c Release --project bench/LambdaAlias.Bench -- " + string.Join(" ", o.CommandLine),
            TimeScale = o.TimeScale,
            LatencyMsNominal = o.LatencyMs,
        };
        Console.WriteLine($"LambdaAlias.Bench  time-scale {o.TimeScale}x  latency {o.LatencyMs} ms nominal  ({report.Machine.Describe()})");

        using var ps = new ModuleHost(Path.Combine(root, "out", "LambdaAlias", "LambdaAlias.psd1"));
        report.ModuleAssembly = ps.ModuleAssemblyLocation;

        if (!o.MigrationOnly && !o.SeriesOnly)
        await using (var emulator = await BenchEmulator.StartAsync(o.EffectiveAccount, o.LatencyMs, o.TimeScale))
        {
            report.Account = emulator.Account;
            Console.WriteLine("Account: " + emulator.Account.Describe() + $"; {emulator.Account.PinnedIntegrations} pinned integrations, {emulator.Account.PinnedEventSourceMappings} pinned ESMs");

            // Time to the first pin at real AWS speed (time-scale 1), from a cold cmdlet as a user meets it; the
            // pipeline is stopped there, as Ctrl-C would, which also shows how promptly a scan stops.
            Console.WriteLine("First-pin probe (time-scale 1, stopped at the first pin) ...");
            report.FirstPinProbe = ScanBenchmark.RunModuleScan(ps, emulator, o, 1, "first-pin probe (1x, stopped at first pin)", MemoryMode.None, stopAfterFirstPin: true);

            Console.WriteLine($"Scan: {ScanBenchmark.CommandText(o)} ...");
            report.Scan = ScanBenchmark.RunModuleScan(ps, emulator, o, o.TimeScale, "Get-LambdaIntegrationPin", MemoryMode.Passive);
            Console.WriteLine($"  {report.Scan.Pins} pins, {report.Scan.Calls} calls, {report.Scan.WallSeconds:0.00} s");
            report.FirstPinProbeWarm = ScanBenchmark.RunModuleScan(ps, emulator, o, 1, "first-pin probe (1x, warm, stopped at first pin)", MemoryMode.None, stopAfterFirstPin: true);

            if (o.Naive)
            {
                Console.WriteLine("Naive scan (sequential per-API calls) ...");
                var (naive, findings) = await ScanBenchmark.RunNaiveAsync(emulator, o, o.TimeScale);
                report.Naive = naive;
                report.NaiveFindings = findings;
                Console.WriteLine($"  {naive.Pins} pins, {naive.Calls} calls, {naive.WallSeconds:0.00} s");
            }
        }
        MemorySampler.FullCollection();

        if (o.Migration)
        {
            var (migration, skipped) = await MigrationBenchmark.RunAsync(ps, o);
            report.Migration = migration;
            report.MigrationSkipped = skipped;
        }

        if (o.Series && !o.MigrationOnly)
        {
            report.Series = new List<SeriesPoint>();
            // Warm the engine and the module's code paths first, so the 1x point is not the only one paying JIT.
            await using (var warm = await BenchEmulator.StartAsync(SyntheticAccountOptions.Quick(), o.LatencyMs, o.TimeScale))
                ScanBenchmark.RunModuleScan(ps, warm, o, o.TimeScale, "warm-up", MemoryMode.None);
            foreach (var factor in o.SeriesFactors)
            {
                var account = o.EffectiveAccount.Scaled(factor);
                MemorySampler.FullCollection();
                await using var emulator = await BenchEmulator.StartAsync(account, o.LatencyMs, o.TimeScale);
                Console.WriteLine($"Series {factor}x: {emulator.Account.Describe()} ...");
                var run = ScanBenchmark.RunModuleScan(ps, emulator, o, o.TimeScale, $"Get-LambdaIntegrationPin {factor}x", MemoryMode.Passive);
                run.AccountFactor = factor;
                Console.WriteLine($"  {run.Pins} pins, {run.Calls} calls, {run.WallSeconds:0.00} s, peak heap +{Mb(run.Memory.PeakHeapAfterGcAboveBaseline)}; live-heap run ...");
                var live = ScanBenchmark.RunModuleScan(ps, emulator, o, o.TimeScale, $"Get-LambdaIntegrationPin {factor}x (live heap)", MemoryMode.Live, heapHistogram: o.HeapHistogram);
                live.AccountFactor = factor;
                report.Series.Add(new SeriesPoint { Factor = factor, Account = emulator.Account, Run = run, LiveMemoryRun = live });
                Console.WriteLine($"  peak live heap +{Mb(live.Memory.PeakLiveHeapAboveBaseline ?? 0)} ({live.Memory.ForcedCollections} forced collections)");
            }
            MemorySampler.FullCollection();
        }

        Evaluate(report, o);
        Console.WriteLine();
        Console.Write(Render.Text(report));

        var directory = o.ResultsDirectory ?? Path.Combine(root, "bench", "results");
        Directory.CreateDirectory(directory);
        var stamp = DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var file = Path.Combine(directory, o.Quick ? "quick-latest.json" : $"scan-{stamp}-{report.Mode.Replace('+', '-')}{(o.Label != null ? "-" + o.Label : "")}.json");
        File.WriteAllText(file, JsonSerializer.Serialize(report, new JsonSerializerOptions
        {
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        }));
        Console.WriteLine("JSON: " + Path.GetRelativePath(Environment.CurrentDirectory, file));

        if (report.Problems.Count > 0)
        {
            Console.Error.WriteLine("The benchmark itself broke:");
            foreach (var p in report.Problems) Console.Error.WriteLine("  " + p);
            return 1;
        }
        return 0;
    }

    /// <summary>Checks the issue's targets (which never change the exit code) and what would make the figures
    /// meaningless (which does: no pins, emulator failures, scan errors, a broken naive scan).</summary>
    private static void Evaluate(BenchReport r, BenchOptions o)
    {
        var scan = r.Scan;
        void Broken(RunResult run)
        {
            if (run == null) return;
            if (run.TerminatingError != null) r.Problems.Add($"{run.Name}: terminating error: {run.TerminatingError}");
            if (run.Pins == 0) r.Problems.Add($"{run.Name}: found no pins.");
            if (run.ServerErrors > 0) r.Problems.Add($"{run.Name}: the emulator answered {run.ServerErrors} calls with 5xx.");
            if (run.ErrorRecords > 0) r.Problems.Add($"{run.Name}: {run.ErrorRecords} error records, e.g. {string.Join(" | ", run.ErrorSamples.Take(3))}");
        }
        Broken(scan);
        Broken(r.FirstPinProbe);
        Broken(r.FirstPinProbeWarm);
        Broken(r.Naive);
        foreach (var p in r.Series ?? new List<SeriesPoint>()) Broken(p.Run);
        if (r.Migration != null && (r.Migration.TerminatingError != null || r.Migration.ErrorRecords > 0))
            r.Problems.Add($"migration: {r.Migration.TerminatingError ?? string.Join(" | ", r.Migration.ErrorSamples.Take(3))}");
        if (r.Migration != null && r.Migration.PinsLeftAfter != 0)
            Console.WriteLine($"NOTE: after the migration Get-LambdaIntegrationPin still finds {r.Migration.PinsLeftAfter} version pins.");
        if (r.Naive != null && scan != null && r.Naive.Pins != scan.Pins)
            Console.WriteLine($"NOTE: the module reported {scan.Pins} pins and the naive scan {r.Naive.Pins} version-pinned integrations/mappings.");

        if (scan != null)
        {
            string Top(RunResult run, int n) => string.Join(", ", run.CallsByOperation.OrderByDescending(kv => kv.Value).Take(n).Select(kv => $"{kv.Key} {kv.Value}"));
            double? Ratio(double? a, double? b) => a == null || b == null || b == 0 ? null : a / b;

            if (r.Naive != null)
            {
                r.Ratios["callsOursToNaive"] = Ratio(scan.Admitted, r.Naive.Admitted);
                r.Ratios["callsSentOursToNaive"] = Ratio(scan.Calls, r.Naive.Calls);
                r.Ratios["wallOursToNaive"] = Ratio(scan.WallSeconds, r.Naive.WallSeconds);
                var apiGatewayOurs = scan.CallsByOperation.Where(kv => kv.Key.StartsWith("apigateway:", StringComparison.Ordinal)).Sum(kv => kv.Value);
                var apiGatewayNaive = r.Naive.CallsByOperation.Where(kv => kv.Key.StartsWith("apigateway:", StringComparison.Ordinal)).Sum(kv => kv.Value);
                r.Ratios["apiGatewayCallsOursToNaive"] = Ratio(apiGatewayOurs, apiGatewayNaive);
            }
            r.Ratios["wallOursToFloor"] = scan.WallToFloor;

            var callsRatio = r.Ratios.GetValueOrDefault("callsOursToNaive");
            r.Targets.Add(new TargetCheck
            {
                Target = "AWS calls <= 1/10 of naive",
                Limit = "<= 0.10",
                Measured = callsRatio == null ? "n/a" : $"{callsRatio:0.000} ({scan.Admitted} / {r.Naive.Admitted} admitted; sent incl. throttled {scan.Calls} / {r.Naive.Calls} = {r.Ratios["callsSentOursToNaive"]:0.000})",
                Holds = callsRatio == null ? null : callsRatio <= 0.10,
                Why = callsRatio == null ? "naive not run" : $"ours: {Top(scan, 5)}; naive: {Top(r.Naive, 3)}",
            });
            var binding = scan.Floor?.Binding;
            r.Targets.Add(new TargetCheck
            {
                Target = "wall <= 1.3 x floor",
                Limit = "<= 1.30",
                Measured = scan.WallToFloor == null ? "n/a" : $"{scan.WallToFloor:0.00} ({scan.WallSeconds:0.00} s / {scan.Floor.Seconds:0.00} s)",
                Holds = scan.WallToFloor == null ? null : scan.WallToFloor <= 1.3,
                Why = binding == null ? null : BindingWhy(scan, o),
            });
            r.Targets.Add(new TargetCheck
            {
                Target = "throttled <= 1% of calls",
                Limit = "<= 1%",
                Measured = $"{scan.ThrottledPercent:0.00}% ({scan.Throttled} of {scan.Calls})",
                Holds = scan.ThrottledPercent <= 1.0,
                Why = scan.Throttled == 0 ? null : "throttled: " + string.Join(", ", scan.ThrottledByOperation.Select(kv => $"{kv.Key} {kv.Value}")),
            });
            var first = r.FirstPinProbe?.FirstPinSeconds;
            r.Targets.Add(new TargetCheck
            {
                Target = "first pin <= 2 s",
                Limit = "<= 2 s at time-scale 1",
                Measured = first == null ? "n/a" : $"{first:0.00} s cold / {r.FirstPinProbeWarm?.FirstPinSeconds:0.00} s warm (probes at 1x); main run {scan.FirstPinSeconds:0.00} s at {scan.TimeScale}x",
                Holds = first == null ? null : first <= 2.0,
                Why = first == null ? "no pin arrived" : $"cold: the first AWS call was answered {r.FirstPinProbe.FirstCallAnsweredSeconds:0.00} s after the invocation started (engine and module start-up, JIT, session); warm: {r.FirstPinProbeWarm?.FirstCallAnsweredSeconds:0.00} s. Before it stopped the probe made {r.FirstPinProbe.Calls} calls: {Top(r.FirstPinProbe, 4)}",
            });
            if (r.Series is { Count: > 0 })
            {
                var onePoint = r.Series.FirstOrDefault(p => p.Factor == 1);
                var tenPoint = r.Series.FirstOrDefault(p => p.Factor == 10) ?? r.Series.OrderBy(p => p.Factor).Last();
                r.SeriesRatios = new Dictionary<string, double?>();
                if (onePoint != null)
                {
                    var one = onePoint.Run;
                    long Live(SeriesPoint p) => p.LiveMemoryRun?.Memory?.PeakLiveHeapAboveBaseline ?? 0;
                    foreach (var p in r.Series)
                    {
                        r.SeriesRatios[$"calls{p.Factor}x/1x"] = Ratio(p.Run.Calls, one.Calls);
                        r.SeriesRatios[$"wall{p.Factor}x/1x"] = Ratio(p.Run.WallSeconds, one.WallSeconds);
                        r.SeriesRatios[$"peakLiveHeap{p.Factor}x/1x"] = Ratio(Live(p), Live(onePoint));
                        r.SeriesRatios[$"peakHeapAfterGc{p.Factor}x/1x"] = Ratio(p.Run.Memory.PeakHeapAfterGcAboveBaseline, one.Memory.PeakHeapAfterGcAboveBaseline);
                        r.SeriesRatios[$"peakWorkingSet{p.Factor}x/1x"] = Ratio(p.Run.Memory.PeakWorkingSetAboveBaseline, one.Memory.PeakWorkingSetAboveBaseline);
                    }
                    var ten = tenPoint.Run;
                    var memRatio = Ratio(Live(tenPoint), Live(onePoint));
                    r.Targets.Add(new TargetCheck
                    {
                        Target = $"peak memory {tenPoint.Factor}x / 1x <= 2",
                        Limit = "<= 2.0 (live heap)",
                        Measured = $"{memRatio:0.00} (peak live heap above baseline {Mb(Live(tenPoint))} / {Mb(Live(onePoint))}; passive heap-after-GC {Mb(ten.Memory.PeakHeapAfterGcAboveBaseline)} / {Mb(one.Memory.PeakHeapAfterGcAboveBaseline)}; working set {Mb(ten.Memory.PeakWorkingSetAboveBaseline)} / {Mb(one.Memory.PeakWorkingSetAboveBaseline)})",
                        Holds = tenPoint.Factor == 10 ? memRatio <= 2.0 : null,
                        Why = tenPoint.Factor == 10
                            ? $"what stays live grows with the account: retained after the run {Mb(tenPoint.LiveMemoryRun?.Memory?.RetainedAfterRun ?? 0)} / {Mb(onePoint.LiveMemoryRun?.Memory?.RetainedAfterRun ?? 0)}; allocated {Mb(ten.Memory.AllocatedBytes)} / {Mb(one.Memory.AllocatedBytes)}; pins {ten.Pins} / {one.Pins}, GetFunction {ten.CallsByOperation.GetValueOrDefault("lambda:GetFunction")} / {one.CallsByOperation.GetValueOrDefault("lambda:GetFunction")}, GetPolicy {ten.CallsByOperation.GetValueOrDefault("lambda:GetPolicy")} / {one.CallsByOperation.GetValueOrDefault("lambda:GetPolicy")} (the per-invocation caches hold one entry per function, qualifier and policy)"
                            : "the series did not include 10x",
                    });
                }
            }
            else
            {
                r.Targets.Add(new TargetCheck { Target = "peak memory 10x / 1x <= 2", Limit = "<= 2.0", Measured = "n/a", Why = "run with --series" });
            }
        }
        if (r.Migration != null)
        {
            var m = r.Migration;
            var perApi = m.CreateDeploymentsPerApi.Values.ToList();
            r.Targets.Add(new TargetCheck
            {
                Target = "migration: exactly one CreateDeployment per API",
                Limit = $"{m.Apis} (one per API)",
                Measured = $"{m.CreateDeployments} CreateDeployment, {m.UpdateStages} UpdateStage",
                Holds = perApi.Count == m.Apis && perApi.All(n => n == 1),
                Why = string.Join(", ", m.CreateDeploymentsPerApi.Select(kv => $"{kv.Key} {kv.Value}")),
            });
            r.Targets.Add(new TargetCheck
            {
                Target = "migration wall <= 1.3 x CreateDeployment floor",
                Limit = "<= 1.30",
                Measured = m.WallToFloor == null ? "n/a" : $"{m.WallToFloor:0.00} ({m.WallSeconds:0.00} s / {m.CreateDeploymentFloorSeconds:0.00} s)",
                Holds = m.WallToFloor == null ? null : m.WallToFloor <= 1.3,
                Why = (m.Floor != null && m.Floor.Binding.Bucket != "apigateway-CreateDeployment"
                        ? $"the migration's other calls alone need {m.Floor.Binding.Seconds:0.00} s in bucket {m.Floor.Binding.Bucket} ({m.Floor.Binding.Calls} calls at {m.Floor.Binding.RatePerSecond}/s x {m.TimeScale}, burst {m.Floor.Binding.Burst}), more than the CreateDeployment floor, so they cannot hide under it; "
                        : "") +
                      "calls: " + string.Join(", ", m.CallsByOperation.OrderByDescending(kv => kv.Value).Take(6).Select(kv => $"{kv.Key} {kv.Value}")),
            });
        }
        else
        {
            r.Targets.Add(new TargetCheck { Target = "migration (Set-IntegrationToAlias)", Limit = "one CreateDeployment per API; <= 1.3 x floor", Measured = "not run", Why = r.MigrationSkipped ?? "--no-migration" });
        }
    }

    /// <summary>How busy the binding bucket was: its calls against what its rate allowed over the wall time, and when its
    /// calls ran, next to the other operations' spans (a bucket that starts late or idles waits on discovery).</summary>
    private static string BindingWhy(RunResult scan, BenchOptions o)
    {
        var b = scan.Floor.Binding;
        var rules = scan.Floor.Buckets;
        var capacity = b.RatePerSecond * scan.TimeScale * scan.WallSeconds + b.Burst;
        var spans = string.Join(", ", scan.OperationSpanSeconds.Where(kv => scan.CallsByOperation[kv.Key] > 5)
            .OrderBy(kv => kv.Value[0]).Select(kv => $"{kv.Key.Split(':')[1]} {kv.Value[0]:0.0}-{kv.Value[1]:0.0}s"));
        return $"binding bucket {b.Bucket}: {b.Calls} calls at {b.RatePerSecond}/s x {scan.TimeScale} (burst {b.Burst}) used {100.0 * b.Calls / capacity:0}% of what its rate allowed over the wall time; " +
               $"operation spans (real s): {spans}";
    }

    internal static string Mb(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LambdaAlias.sln"))) return dir.FullName;
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LambdaAlias.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Cannot find the repository root (LambdaAlias.sln) above " + AppContext.BaseDirectory);
    }
}
