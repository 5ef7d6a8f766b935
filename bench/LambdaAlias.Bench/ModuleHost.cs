using System.Collections;
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace LambdaAlias.Bench;

/// <summary>Receives the scan's pins from the pipeline (<c>| ForEach-Object { $sink.Add($_) }</c>): counts them, notes
/// when the first arrived, and keeps nothing else, so the output does not grow the memory being measured.</summary>
public sealed class PinSink
{
    private readonly Stopwatch _clock;
    private readonly Dictionary<string, long> _bySource = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byKind = new(StringComparer.Ordinal);
    // Arrival times, 4 bytes a pin, to show whether pins stream out during the scan or pile up at its end.
    private readonly List<float> _arrivals = new();

    public PinSink(Stopwatch clock) => _clock = clock;

    /// <summary>Runs on the pipeline thread when the first pin arrives (the first-pin probe stops the pipeline there).</summary>
    public Action OnFirstPin { get; set; }

    /// <summary>Runs on the pipeline thread when the <see cref="NotifyAtCount"/>th pin arrives.</summary>
    public Action OnCount { get; set; }
    public long NotifyAtCount { get; set; } = -1;

    public long Count { get; private set; }
    public TimeSpan? FirstPinAt { get; private set; }
    public TimeSpan? LastPinAt { get; private set; }
    public long WithoutLocation { get; private set; }
    public IReadOnlyDictionary<string, long> BySource => _bySource;
    public IReadOnlyDictionary<string, long> ByKind => _byKind;

    /// <summary>Called from the pipeline thread only.</summary>
    public void Add(object item)
    {
        var now = _clock.Elapsed;
        if (FirstPinAt == null)
        {
            FirstPinAt = now;
            OnFirstPin?.Invoke();
        }
        LastPinAt = now;
        Count++;
        _arrivals.Add((float)now.TotalSeconds);
        if (Count == NotifyAtCount) OnCount?.Invoke();
        var pin = item as PSObject ?? PSObject.AsPSObject(item);
        Bump(_bySource, pin.Properties["SourceKind"]?.Value?.ToString() ?? "?");
        Bump(_byKind, pin.Properties["PinKind"]?.Value?.ToString() ?? "?");
        if (string.IsNullOrEmpty(pin.Properties["Location"]?.Value as string)) WithoutLocation++;
    }

    /// <summary>When 10%, 25%, 50%, 75%, 90% and 100% of the pins had arrived, in seconds.</summary>
    public SortedDictionary<string, double> ArrivalQuantiles()
    {
        var q = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (_arrivals.Count == 0) return q;
        foreach (var p in new[] { 10, 25, 50, 75, 90, 100 })
            q[$"p{p:D3}"] = Math.Round(_arrivals[Math.Min(_arrivals.Count - 1, (int)Math.Ceiling(p / 100.0 * _arrivals.Count) - 1)], 3);
        return q;
    }

    private static void Bump(Dictionary<string, long> d, string key) => d[key] = d.TryGetValue(key, out var n) ? n + 1 : 1;
}

/// <summary>What one cmdlet invocation in the hosted engine produced besides its output.</summary>
public sealed class InvocationOutcome
{
    public TimeSpan Wall { get; init; }
    public List<string> Errors { get; init; } = new();
    public int ErrorCount { get; init; }
    public int WarningCount { get; init; }
    public string TerminatingError { get; init; }
    public IReadOnlyList<PSObject> Output { get; init; } = Array.Empty<PSObject>();
}

/// <summary>The PowerShell engine (System.Management.Automation 7.6.9) hosted in this process with the built module
/// imported from out/LambdaAlias, exactly as a user imports it.</summary>
public sealed class ModuleHost : IDisposable
{
    private readonly Runspace _runspace;

    public string ManifestPath { get; }
    public string ModuleAssemblyLocation { get; }

    public ModuleHost(string manifestPath)
    {
        if (!File.Exists(manifestPath))
            throw new FileNotFoundException("The module is not built: run 'dotnet build LambdaAlias.sln -c Release' (or build this project, which builds the module first).", manifestPath);
        ManifestPath = manifestPath;
        var iss = InitialSessionState.CreateDefault2();
        if (OperatingSystem.IsWindows()) iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
        _runspace = RunspaceFactory.CreateRunspace(iss);
        _runspace.Open();
        using var ps = PowerShell.Create(_runspace);
        ps.AddScript("param($path) (Import-Module $path -PassThru -ErrorAction Stop).ImplementingAssembly.Location").AddParameter("path", manifestPath);
        var result = ps.Invoke();
        if (ps.HadErrors || result.Count == 0)
            throw new InvalidOperationException("Import-Module failed: " + string.Join("; ", ps.Streams.Error.Select(e => e.ToString())));
        ModuleAssemblyLocation = result[0]?.ToString();
    }

    public bool HasCommand(string name)
    {
        using var ps = PowerShell.Create(_runspace);
        ps.AddScript("param($n) [bool](Get-Command -Name $n -ErrorAction SilentlyContinue)").AddParameter("n", name);
        return ps.Invoke().FirstOrDefault()?.BaseObject is true;
    }

    /// <summary>Runs <paramref name="script"/> with the given parameters; <paramref name="clock"/> starts right before the
    /// pipeline does. Output is returned only when <paramref name="keepOutput"/> (the scan pipes into a sink instead).</summary>
    public InvocationOutcome Invoke(string script, IDictionary parameters, Stopwatch clock, bool keepOutput = false, Action<PowerShell> beforeInvoke = null)
    {
        using var ps = PowerShell.Create(_runspace);
        beforeInvoke?.Invoke(ps);
        ps.AddScript(script);
        foreach (DictionaryEntry p in parameters) ps.AddParameter((string)p.Key, p.Value);
        Collection<PSObject> output = null;
        string terminating = null;
        clock.Restart();
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException e)
        {
            terminating = e.ErrorRecord?.ToString() ?? e.Message;
        }
        clock.Stop();
        var wall = clock.Elapsed;
        return new InvocationOutcome
        {
            Wall = wall,
            ErrorCount = ps.Streams.Error.Count,
            Errors = ps.Streams.Error.Take(10).Select(e => e.FullyQualifiedErrorId + ": " + e).ToList(),
            WarningCount = ps.Streams.Warning.Count,
            TerminatingError = terminating,
            Output = keepOutput && output != null ? output.ToList() : Array.Empty<PSObject>(),
        };
    }

    public void Dispose() => _runspace.Dispose();
}
