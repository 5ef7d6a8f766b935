using System.Globalization;
using LambdaAlias.Emulator.Generator;

namespace LambdaAlias.Bench;

/// <summary>Command line of the benchmark. Every duration it prints is real (wall-clock) time at the chosen time-scale;
/// multiply by the factor for the nominal AWS time.</summary>
public sealed class BenchOptions
{
    public const string Usage = """
        LambdaAlias.Bench: Get-LambdaIntegrationPin (and Set-IntegrationToAlias) against the emulator with AWS quotas on.

        Usage: dotnet run -c Release --project bench/LambdaAlias.Bench -- [options]

          --quick                 Smoke mode for CI: a small account at time-scale 10, every part (probes, scan, naive,
                                  a 1x/2x series, migration when the cmdlet exists); exits non-zero only when the
                                  benchmark itself breaks (no pins, emulator 5xx, error records), never on timings.
          --series                Also run the scan at 1x, 2x, 5x and 10x the account (calls, wall time, peak memory).
          --series-factors LIST   Comma-separated size factors for --series (default 1,2,5,10).
          --no-naive              Skip the naive comparison.
          --no-migration          Skip the migration benchmark.
          --migration-only        Run only the migration benchmark.
          --series-only           Run only the scaling series.
          --heap-histogram        In the series' live-heap runs, dump the process before and 3/4 into the run and list
                                  the types whose live objects grew most (slow; diagnosis only).
          --migration-apis N      REST APIs (2 stages each) the migration spans (default 10)
          --migration-pins N      Pins the migration moves, spread evenly over the APIs (default 100)
          --time-scale N          Speed up the emulator's quotas and latency and the module's quota gate by N (default 1).
          --latency-ms N          Injected latency per AWS call, nominal (default 30).
          --rest-apis N           REST APIs (default 200)
          --methods N             Methods per REST API (default 25)
          --stages N              Stages per REST API (default 2)
          --http-apis N           HTTP APIs (default 40)
          --routes N              Routes per HTTP API (default 5)
          --functions N           Functions (default 400)
          --versions N            Versions per function (default 5)
          --esms N                Event source mappings (default 150)
          --pinned F              Fraction of integrations and mappings pinned to a version (default 0.5)
          --scale F               Multiply the account's APIs, functions and mappings by F (default 1)
          --kind K[,K]            -Kind for Get-LambdaIntegrationPin (default: the cmdlet's default, Version)
          --results DIR           Where the JSON goes (default bench/results under the repository root)
          --label TEXT            Added to the JSON file name.
        """;

    public bool Quick { get; set; }
    public bool Series { get; set; }
    public List<double> SeriesFactors { get; set; } = new() { 1, 2, 5, 10 };
    public bool Naive { get; set; } = true;
    public bool Migration { get; set; } = true;
    public bool MigrationOnly { get; set; }
    public bool SeriesOnly { get; set; }
    public bool HeapHistogram { get; set; }
    public int MigrationApis { get; set; } = 10;
    public int MigrationPins { get; set; } = 100;
    public double TimeScale { get; set; } = 1;
    public double LatencyMs { get; set; } = 30;
    public SyntheticAccountOptions Account { get; set; } = new();
    public double AccountScale { get; set; } = 1;
    public string[] Kind { get; set; }
    public string ResultsDirectory { get; set; }
    public string Label { get; set; }
    public List<string> CommandLine { get; } = new();

    public SyntheticAccountOptions EffectiveAccount => AccountScale == 1 ? Account : Account.Scaled(AccountScale);

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        o.CommandLine.AddRange(args);
        bool accountGiven = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int NextInt() => int.Parse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            double NextDouble() => double.Parse(Next(), NumberStyles.Float, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--quick": o.Quick = true; break;
                case "--series": o.Series = true; break;
                case "--series-factors": o.SeriesFactors = Next().Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToList(); break;
                case "--no-naive": o.Naive = false; break;
                case "--no-migration": o.Migration = false; break;
                case "--migration-only": o.MigrationOnly = true; break;
                case "--heap-histogram": o.HeapHistogram = true; break;
                case "--series-only": o.SeriesOnly = true; o.Series = true; o.Migration = false; break;
                case "--migration-apis": o.MigrationApis = NextInt(); break;
                case "--migration-pins": o.MigrationPins = NextInt(); break;
                case "--time-scale": o.TimeScale = NextDouble(); break;
                case "--latency-ms": o.LatencyMs = NextDouble(); break;
                case "--rest-apis": o.Account.RestApis = NextInt(); accountGiven = true; break;
                case "--methods": o.Account.MethodsPerApi = NextInt(); accountGiven = true; break;
                case "--stages": o.Account.StagesPerApi = NextInt(); accountGiven = true; break;
                case "--http-apis": o.Account.HttpApis = NextInt(); accountGiven = true; break;
                case "--routes": o.Account.RoutesPerHttpApi = NextInt(); accountGiven = true; break;
                case "--functions": o.Account.Functions = NextInt(); accountGiven = true; break;
                case "--versions": o.Account.VersionsPerFunction = NextInt(); accountGiven = true; break;
                case "--esms": o.Account.EventSourceMappings = NextInt(); accountGiven = true; break;
                case "--pinned": o.Account.PinnedFraction = NextDouble(); accountGiven = true; break;
                case "--scale": o.AccountScale = NextDouble(); break;
                case "--kind": o.Kind = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--results": o.ResultsDirectory = Next(); break;
                case "--label": o.Label = Next(); break;
                case "-h": case "--help": case "-?": throw new HelpRequested();
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }
        if (!(o.TimeScale > 0)) throw new ArgumentException("--time-scale must be a positive number.");
        if (o.Quick)
        {
            // A small account that CI runs in seconds; explicit account options still win.
            if (!accountGiven) o.Account = SyntheticAccountOptions.Quick();
            if (!args.Contains("--time-scale")) o.TimeScale = 10;
            if (!args.Contains("--series-factors")) o.SeriesFactors = new() { 1, 2 };
            o.Series = true;
            if (!args.Contains("--migration-apis")) o.MigrationApis = 3;
            if (!args.Contains("--migration-pins")) o.MigrationPins = 12;
        }
        return o;
    }

    public sealed class HelpRequested : Exception { }
}
