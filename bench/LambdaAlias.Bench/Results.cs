using System.Globalization;
using System.Runtime.InteropServices;

namespace LambdaAlias.Bench;

/// <summary>One measured run. Seconds are real (wall-clock) at <see cref="TimeScale"/>; "nominal" multiplies by it.</summary>
public sealed class RunResult
{
    public string Name { get; set; }
    public double TimeScale { get; set; }
    public double AccountFactor { get; set; } = 1;
    public double WallSeconds { get; set; }
    public double NominalWallSeconds => WallSeconds * TimeScale;
    public long Calls { get; set; }
    public long Throttled { get; set; }
    public double ThrottledPercent => Calls == 0 ? 0 : 100.0 * Throttled / Calls;
    /// <summary>Calls the quotas let through: the work itself, without the retries a throttle forced.</summary>
    public long Admitted { get; set; }
    public long ServerErrors { get; set; }
    /// <summary>Per operation: when its first and last call ended (seconds into the run) — shows which work waited on which.</summary>
    public SortedDictionary<string, double[]> OperationSpanSeconds { get; set; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> CallsByOperation { get; set; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> ThrottledByOperation { get; set; } = new(StringComparer.Ordinal);
    public double? FirstPinSeconds { get; set; }
    /// <summary>When the emulator answered the run's first AWS call: the start-up cost before any AWS work.</summary>
    public double? FirstCallAnsweredSeconds { get; set; }
    /// <summary>CPU time of the whole process during the run (the in-process emulator included).</summary>
    public double CpuSeconds { get; set; }
    public double? NominalFirstPinSeconds => FirstPinSeconds * TimeScale;
    public long Pins { get; set; }
    /// <summary>When 10%, 25%, ... 100% of the pins had reached the pipeline (seconds): pins that stream out track the
    /// scan's progress; pins that pile up at the end were buffered.</summary>
    public SortedDictionary<string, double> PinArrivalSeconds { get; set; }
    /// <summary>First-pin probe: from asking the pipeline to stop (as Ctrl-C does) until the invocation returned.</summary>
    public double? StopSeconds { get; set; }
    public SortedDictionary<string, long> PinsBySource { get; set; } = new(StringComparer.Ordinal);
    public int ErrorRecords { get; set; }
    public List<string> ErrorSamples { get; set; } = new();
    public string TerminatingError { get; set; }
    public MemoryFigures Memory { get; set; }
    /// <summary>--heap-histogram: live objects by type, 3/4 into the run minus just before it (largest growth first).</summary>
    public List<TypeGrowth> HeapGrowthByType { get; set; }
    public QuotaFloor Floor { get; set; }
    public double? WallToFloor => Floor == null || Floor.Seconds <= 0 ? null : WallSeconds / Floor.Seconds;

    public void AddCounts(IEnumerable<OperationCount> counts)
    {
        foreach (var c in counts)
        {
            var key = c.Service + ":" + c.Operation;
            CallsByOperation[key] = c.Calls;
            if (c.Throttled > 0) ThrottledByOperation[key] = c.Throttled;
            Calls += c.Calls;
            Throttled += c.Throttled;
            Admitted += c.Admitted;
            OperationSpanSeconds[key] = new[] { Math.Round(c.FirstAtSeconds, 3), Math.Round(c.LastAtSeconds, 3) };
            ServerErrors += c.ServerErrors;
        }
    }
}

public sealed class TargetCheck
{
    public string Target { get; set; }
    public string Limit { get; set; }
    public string Measured { get; set; }
    /// <summary>null when it could not be measured in this run.</summary>
    public bool? Holds { get; set; }
    public string Why { get; set; }
}

public sealed class MigrationResultFigures
{
    public double TimeScale { get; set; }
    public int Apis { get; set; }
    public int StagesPerApi { get; set; }
    public int Pins { get; set; }
    public double WallSeconds { get; set; }
    public double NominalWallSeconds => WallSeconds * TimeScale;
    public long CreateDeployments { get; set; }
    public long UpdateStages { get; set; }
    public SortedDictionary<string, long> CreateDeploymentsPerApi { get; set; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> CallsByOperation { get; set; } = new(StringComparer.Ordinal);
    public long Calls { get; set; }
    public long Throttled { get; set; }
    /// <summary>(APIs - 1) × 5 s nominal + one round trip, at the time-scale: one CreateDeployment every 5 s, the first from a full bucket.</summary>
    public double CreateDeploymentFloorSeconds { get; set; }
    public double? WallToFloor => CreateDeploymentFloorSeconds <= 0 ? null : WallSeconds / CreateDeploymentFloorSeconds;
    public int ResultObjects { get; set; }
    public SortedDictionary<string, int> StatusCounts { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Version pins Get-LambdaIntegrationPin still finds afterwards (0 when everything moved).</summary>
    public int PinsLeftAfter { get; set; }
    /// <summary>The quota floor of every call the migration made (the CreateDeployment bucket binds when it works as intended).</summary>
    public QuotaFloor Floor { get; set; }
    public int ErrorRecords { get; set; }
    public List<string> ErrorSamples { get; set; } = new();
    public string TerminatingError { get; set; }
    public string Command { get; set; }
}

public sealed class MachineInfo
{
    public string Date { get; set; } = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
    public int ProcessorCount { get; set; } = Environment.ProcessorCount;
    public long MemoryBytes { get; set; } = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    public string Os { get; set; } = RuntimeInformation.OSDescription;
    public string Runtime { get; set; } = RuntimeInformation.FrameworkDescription;
    public string PowerShell { get; set; } = typeof(System.Management.Automation.PSObject).Assembly.GetName().Version?.ToString();
    /// <summary>/proc/loadavg at the start: other processes sharing the cores slow CPU-bound parts of a run.</summary>
    public string LoadAverage { get; set; } = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : null;

    public string Describe() =>
        $"{ProcessorCount} cores, {MemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB, {Os}, {Runtime}, PowerShell SDK {PowerShell}, load average {LoadAverage ?? "n/a"}, {Date}";
}

public sealed class AccountFigures
{
    public int RestApis { get; set; }
    public int MethodsPerApi { get; set; }
    public int StagesPerApi { get; set; }
    public int HttpApis { get; set; }
    public int RoutesPerHttpApi { get; set; }
    public int Functions { get; set; }
    public int VersionsPerFunction { get; set; }
    public int EventSourceMappings { get; set; }
    public double PinnedFraction { get; set; }
    public int Integrations { get; set; }
    public int PinnedIntegrations { get; set; }
    public int PinnedEventSourceMappings { get; set; }

    public string Describe() =>
        $"{RestApis} REST APIs x {MethodsPerApi} methods x {StagesPerApi} stages, {HttpApis} HTTP APIs x {RoutesPerHttpApi} routes, " +
        $"{Functions} functions x {VersionsPerFunction} versions, {EventSourceMappings} ESMs, pinned fraction {PinnedFraction}";
}

public sealed class SeriesPoint
{
    public double Factor { get; set; }
    public AccountFigures Account { get; set; }
    public RunResult Run { get; set; }
    /// <summary>A second, untimed run of the same account with forced full collections, for the live heap.</summary>
    public RunResult LiveMemoryRun { get; set; }
}

public sealed class BenchReport
{
    public string Tool { get; set; } = "LambdaAlias.Bench";
    public string Mode { get; set; }
    public string CommandLine { get; set; }
    public double TimeScale { get; set; }
    public double LatencyMsNominal { get; set; }
    public MachineInfo Machine { get; set; } = new();
    public string ModuleAssembly { get; set; }
    public AccountFigures Account { get; set; }
    public RunResult Scan { get; set; }
    public RunResult FirstPinProbe { get; set; }
    /// <summary>The same probe after the main run, with the engine and the module's code already compiled.</summary>
    public RunResult FirstPinProbeWarm { get; set; }
    public RunResult Naive { get; set; }
    public NaiveFindings NaiveFindings { get; set; }
    public Dictionary<string, double?> Ratios { get; set; } = new();
    public List<SeriesPoint> Series { get; set; }
    public Dictionary<string, double?> SeriesRatios { get; set; }
    public MigrationResultFigures Migration { get; set; }
    public string MigrationSkipped { get; set; }
    public List<TargetCheck> Targets { get; set; } = new();
    public List<string> Problems { get; set; } = new();
}
