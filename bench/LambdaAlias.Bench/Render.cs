using System.Globalization;
using System.Text;

namespace LambdaAlias.Bench;

/// <summary>The readable tables.</summary>
public static class Render
{
    public static string Text(BenchReport r)
    {
        var sb = new StringBuilder();
        var s = r.Scan;
        var n = r.Naive;
        if (s != null) ScanTables(sb, r, s, n);
        Rest(sb, r);
        return sb.ToString();
    }

    private static void ScanTables(StringBuilder sb, BenchReport r, RunResult s, RunResult n)
    {
        sb.AppendLine($"=== Scan: {s.Name}   time-scale {r.TimeScale}x (real seconds; nominal = real x {r.TimeScale}), latency {r.LatencyMsNominal} ms nominal");
        sb.AppendLine($"    account: {r.Account.Describe()}");
        sb.AppendLine($"    machine: {r.Machine.Describe()}");
        var rows = new List<string[]>
        {
            new[] { "", "module", n != null ? "naive" : "", n != null ? "module/naive" : "" },
            Row("wall time (s)", s.WallSeconds, n?.WallSeconds, "0.00"),
            Row("wall time, nominal (s)", s.NominalWallSeconds, n?.NominalWallSeconds, "0.0"),
            Row("floor (s)", s.Floor?.Seconds, n?.Floor?.Seconds, "0.00", ratio: false),
            new[] { "wall / floor", F(s.WallToFloor, "0.00"), F(n?.WallToFloor, "0.00"), "" },
            Row("AWS calls admitted", s.Admitted, n?.Admitted, "0"),
            Row("AWS calls sent (incl. throttled)", s.Calls, n?.Calls, "0"),
            new[] { "throttled (429)", $"{s.Throttled} ({s.ThrottledPercent:0.00}%)", n != null ? $"{n.Throttled} ({n.ThrottledPercent:0.00}%)" : "", "" },
            Row("pins found", s.Pins, n?.Pins, "0", ratio: false),
            Row("CPU s (whole process, emulator incl.)", s.CpuSeconds, n?.CpuSeconds, "0.0", ratio: false),
            new[] { "first pin (s)", F(s.FirstPinSeconds, "0.00"), F(n?.FirstPinSeconds, "0.00"), "" },
        };
        if (s.PinArrivalSeconds is { Count: > 0 })
            rows.Add(new[] { "pins arrived by (s)", string.Join(" ", s.PinArrivalSeconds.Select(kv => $"{kv.Key.TrimStart('p').TrimStart('0')}%:{kv.Value:0.0}")), "", "" });
        if (r.FirstPinProbe != null)
            rows.Add(new[] { "first pin at 1x, cold (s)", F(r.FirstPinProbe.FirstPinSeconds, "0.00") + $" (1st call {F(r.FirstPinProbe.FirstCallAnsweredSeconds, "0.00")}, stop {F(r.FirstPinProbe.StopSeconds, "0.00")})", "", "" });
        if (r.FirstPinProbeWarm != null)
            rows.Add(new[] { "first pin at 1x, warm (s)", F(r.FirstPinProbeWarm.FirstPinSeconds, "0.00") + $" (1st call {F(r.FirstPinProbeWarm.FirstCallAnsweredSeconds, "0.00")}, stop {F(r.FirstPinProbeWarm.StopSeconds, "0.00")})", "", "" });
        if (s.Memory != null)
        {
            rows.Add(new[] { "peak heap above baseline", Program.Mb(s.Memory.PeakHeapAfterGcAboveBaseline), "", "" });
            rows.Add(new[] { "peak managed (incl. garbage)", Program.Mb(s.Memory.PeakManagedAboveBaseline), "", "" });
            rows.Add(new[] { "peak working set above baseline", Program.Mb(s.Memory.PeakWorkingSetAboveBaseline), "", "" });
            rows.Add(new[] { "allocated during run", Program.Mb(s.Memory.AllocatedBytes), "", "" });
            rows.Add(new[] { "retained after run", Program.Mb(s.Memory.RetainedAfterRun), "", "" });
        }
        Table(sb, rows);

        sb.AppendLine();
        sb.AppendLine("Calls per operation:");
        var ops = s.CallsByOperation.Keys.Union(n?.CallsByOperation.Keys ?? Enumerable.Empty<string>()).OrderBy(k => k, StringComparer.Ordinal);
        var opRows = new List<string[]> { new[] { "operation", "module", "throttled", "span (s)", n != null ? "naive" : "", n != null ? "throttled" : "" } };
        foreach (var op in ops)
            opRows.Add(new[]
            {
                op, s.CallsByOperation.GetValueOrDefault(op).ToString(CultureInfo.InvariantCulture), s.ThrottledByOperation.GetValueOrDefault(op).ToString(CultureInfo.InvariantCulture),
                s.OperationSpanSeconds.TryGetValue(op, out var span) ? $"{span[0]:0.00}-{span[1]:0.00}" : "",
                n?.CallsByOperation.GetValueOrDefault(op).ToString(CultureInfo.InvariantCulture) ?? "", n?.ThrottledByOperation.GetValueOrDefault(op).ToString(CultureInfo.InvariantCulture) ?? "",
            });
        Table(sb, opRows);

        if (s.Floor != null)
        {
            sb.AppendLine();
            sb.AppendLine("Floor of the module's calls: max( max_b (calls_b - burst_b)+/rate_b + L , D x L ) / time-scale, D = " + s.Floor.CriticalPathDepth);
            var fRows = new List<string[]> { new[] { "bucket", "rate/s", "burst", "calls", "seconds" } };
            foreach (var b in s.Floor.Buckets)
                fRows.Add(new[] { b.Bucket, b.RatePerSecond.ToString(CultureInfo.InvariantCulture), b.Burst.ToString(CultureInfo.InvariantCulture), b.Calls.ToString(CultureInfo.InvariantCulture), b.Seconds.ToString("0.00", CultureInfo.InvariantCulture) });
            Table(sb, fRows);
            sb.AppendLine("  " + s.Floor.Formula);
        }

        if (r.Ratios.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("Ratios (time-scale " + r.TimeScale + "x): " + string.Join(", ", r.Ratios.Select(kv => $"{kv.Key} = {F(kv.Value, "0.000")}")));
        }

    }

    private static void Rest(StringBuilder sb, BenchReport r)
    {
        if (r.Series is { Count: > 0 })
        {
            sb.AppendLine();
            sb.AppendLine($"Scaling series (time-scale {r.TimeScale}x):");
            var one = r.Series.FirstOrDefault(p => p.Factor == 1)?.Run;
            var sRows = new List<string[]> { new[] { "size", "REST APIs", "functions", "pins", "calls", "calls/1x", "wall s", "wall/1x", "floor s", "wall/floor", "throttled", "live heap", "live/1x", "heap after GC", "/1x", "peak WS", "WS/1x", "cpu s" } };
            foreach (var p in r.Series)
            {
                var run = p.Run;
                sRows.Add(new[]
                {
                    p.Factor + "x", p.Account.RestApis.ToString(CultureInfo.InvariantCulture), p.Account.Functions.ToString(CultureInfo.InvariantCulture),
                    run.Pins.ToString(CultureInfo.InvariantCulture), run.Calls.ToString(CultureInfo.InvariantCulture), F(one == null ? null : (double)run.Calls / one.Calls, "0.00"),
                    run.WallSeconds.ToString("0.00", CultureInfo.InvariantCulture), F(one == null ? null : run.WallSeconds / one.WallSeconds, "0.00"),
                    F(run.Floor?.Seconds, "0.00"), F(run.WallToFloor, "0.00"), $"{run.ThrottledPercent:0.00}%",
                    Program.Mb(p.LiveMemoryRun?.Memory?.PeakLiveHeapAboveBaseline ?? 0),
                    F(r.SeriesRatios?.GetValueOrDefault($"peakLiveHeap{p.Factor}x/1x"), "0.00"),
                    Program.Mb(run.Memory.PeakHeapAfterGcAboveBaseline), F(r.SeriesRatios?.GetValueOrDefault($"peakHeapAfterGc{p.Factor}x/1x"), "0.00"),
                    Program.Mb(run.Memory.PeakWorkingSetAboveBaseline), F(r.SeriesRatios?.GetValueOrDefault($"peakWorkingSet{p.Factor}x/1x"), "0.00"),
                    run.CpuSeconds.ToString("0.0", CultureInfo.InvariantCulture),
                });
            }
            Table(sb, sRows);
            foreach (var p in r.Series.Where(p => p.LiveMemoryRun?.HeapGrowthByType is { Count: > 0 }))
            {
                sb.AppendLine($"  live heap growth by type, {p.Factor}x (3/4 into the run minus before it):");
                foreach (var g in p.LiveMemoryRun.HeapGrowthByType.Take(15))
                    sb.AppendLine($"    {Program.Mb(g.Bytes),10}  {g.Count,9}  {g.Type}");
            }
        }

        if (r.Migration != null)
        {
            var m = r.Migration;
            sb.AppendLine();
            sb.AppendLine($"Migration (time-scale {m.TimeScale}x): {m.Command}");
            sb.AppendLine($"  {m.Pins} pins across {m.Apis} APIs x {m.StagesPerApi} stages: wall {m.WallSeconds:0.00} s (nominal {m.NominalWallSeconds:0.0} s), " +
                          $"CreateDeployment floor {m.CreateDeploymentFloorSeconds:0.00} s, wall/floor {F(m.WallToFloor, "0.00")}; " +
                          $"{m.CreateDeployments} CreateDeployment, {m.UpdateStages} UpdateStage, {m.Calls} calls, {m.Throttled} throttled");
            sb.AppendLine($"  results: {string.Join(", ", m.StatusCounts.Select(kv => $"{kv.Value} {kv.Key}"))}; version pins left afterwards: {m.PinsLeftAfter}");
            sb.AppendLine("  calls: " + string.Join(", ", m.CallsByOperation.Select(kv => $"{kv.Key.Split(':')[1]} {kv.Value}")));
            if (m.Floor != null) sb.AppendLine("  all-bucket " + m.Floor.Formula);
        }
        else if (r.MigrationSkipped != null)
        {
            sb.AppendLine();
            sb.AppendLine("Migration: not run: " + r.MigrationSkipped);
        }

        sb.AppendLine();
        sb.AppendLine("Targets (issue 7):");
        var tRows = new List<string[]> { new[] { "target", "limit", "measured", "holds" } };
        foreach (var t in r.Targets) tRows.Add(new[] { t.Target, t.Limit, t.Measured, t.Holds == null ? "n/a" : t.Holds.Value ? "yes" : "NO" });
        Table(sb, tRows);
        foreach (var t in r.Targets.Where(t => t.Holds == false && t.Why != null)) sb.AppendLine($"  {t.Target}: {t.Why}");
    }

    private static string[] Row(string label, double? ours, double? naive, string format, bool ratio = true) => new[]
    {
        label, F(ours, format), F(naive, format), ratio && ours != null && naive is > 0 ? (ours.Value / naive.Value).ToString("0.000", CultureInfo.InvariantCulture) : "",
    };

    private static string F(double? v, string format) => v == null ? "" : v.Value.ToString(format, CultureInfo.InvariantCulture);

    private static void Table(StringBuilder sb, List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows.Max(r => r.Length)).Select(i => rows.Max(r => i < r.Length ? (r[i] ?? "").Length : 0)).ToArray();
        foreach (var row in rows)
        {
            sb.Append("  ");
            for (var i = 0; i < row.Length; i++)
            {
                var cell = row[i] ?? "";
                sb.Append(i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]));
                if (i < row.Length - 1) sb.Append("  ");
            }
            sb.AppendLine();
        }
    }
}
