using System.Collections;
using System.Diagnostics;
using System.Globalization;
using LambdaAlias.Emulator;
using LambdaAlias.Emulator.Generator;

namespace LambdaAlias.Bench;

/// <summary>An emulator started for one account, with AWS's quotas on, the injected latency and the time-scale.</summary>
public sealed class BenchEmulator : IAsyncDisposable
{
    public EmulatorHost Host { get; private init; }
    public AccountFigures Account { get; private init; }

    public static async Task<BenchEmulator> StartAsync(SyntheticAccountOptions account, double latencyMs, double timeScale)
    {
        var generated = SyntheticAccount.Build(account);
        var figures = new AccountFigures
        {
            RestApis = account.RestApis, MethodsPerApi = account.MethodsPerApi, StagesPerApi = account.StagesPerApi,
            HttpApis = account.HttpApis, RoutesPerHttpApi = account.RoutesPerHttpApi, Functions = account.Functions,
            VersionsPerFunction = account.VersionsPerFunction, EventSourceMappings = account.EventSourceMappings,
            PinnedFraction = account.PinnedFraction, Integrations = generated.TotalIntegrations,
            PinnedIntegrations = generated.PinnedIntegrations, PinnedEventSourceMappings = generated.PinnedEventSourceMappings,
        };
        var document = generated.ToDocument();
        generated = null;
        var host = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            QuotasEnabled = true,
            Latency = TimeSpan.FromMilliseconds(latencyMs),
            TimeScale = timeScale,
            ScenarioDocument = document,
        });
        return new BenchEmulator { Host = host, Account = figures };
    }

    /// <summary>Sets the emulator's time-scale and the module's quota gate (LAMBDAALIAS_QUOTA_SCALE, read when each
    /// invocation creates its session) to the same factor, and refills every quota bucket.</summary>
    public void Prepare(double timeScale)
    {
        Host.TimeScale = timeScale;
        Environment.SetEnvironmentVariable("LAMBDAALIAS_QUOTA_SCALE", timeScale.ToString(CultureInfo.InvariantCulture));
        Host.Quotas.Reset();
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

public enum MemoryMode
{
    None,
    /// <summary>Sample without disturbing the run (the timed runs).</summary>
    Passive,
    /// <summary>Also force a full collection every 250 ms to see the live heap (never a timed run).</summary>
    Live,
}

/// <summary>Runs Get-LambdaIntegrationPin through the hosted engine, and the naive scan, and measures both.</summary>
public static class ScanBenchmark
{
    private const string ScanScript = "param($p, $sink) Get-LambdaIntegrationPin @p | ForEach-Object { $sink.Add($_) }";

    public static string CommandText(BenchOptions o) =>
        "Get-LambdaIntegrationPin -EndpointUrl $url -Region us-east-1 -AccessKey test -SecretKey test" +
        (o.Kind is { Length: > 0 } ? " -Kind " + string.Join(",", o.Kind) : "");

    /// <summary>One full scan: calls per operation (from the emulator's log), throttles, wall time, time to the first pin,
    /// memory. With <paramref name="stopAfterFirstPin"/> it stops the pipeline (as Ctrl-C does) at the first pin.</summary>
    public static RunResult RunModuleScan(ModuleHost ps, BenchEmulator emulator, BenchOptions o, double timeScale, string name,
        MemoryMode memory, bool stopAfterFirstPin = false, bool heapHistogram = false)
    {
        emulator.Prepare(timeScale);
        var parameters = new Hashtable
        {
            ["EndpointUrl"] = emulator.Host.BaseUrl,
            ["Region"] = "us-east-1",
            ["AccessKey"] = "test",
            ["SecretKey"] = "test",
        };
        if (o.Kind is { Length: > 0 }) parameters["Kind"] = o.Kind;
        var clock = new Stopwatch();
        var sink = new PinSink(clock);
        var stopRequestedAt = TimeSpan.Zero;
        using var recorder = new CallRecorder(emulator.Host.Requests);
        using var sampler = memory switch
        {
            MemoryMode.Passive => MemorySampler.Start(),
            MemoryMode.Live => MemorySampler.StartLive(TimeSpan.FromMilliseconds(250)),
            _ => null,
        };
        string dumpBefore = null, dumpDuring = null;
        if (heapHistogram)
        {
            // Dump before the run and again when 3/4 of the expected pins have arrived (the caches are nearly full then).
            dumpBefore = HeapHistogram.Dump("before");
            sink.NotifyAtCount = Math.Max(1, (emulator.Account.PinnedIntegrations + emulator.Account.PinnedEventSourceMappings) * 3 / 4);
            sink.OnCount = () => dumpDuring = HeapHistogram.Dump("during");
        }
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var outcome = ps.Invoke(ScanScript, new Hashtable { ["p"] = parameters, ["sink"] = sink }, clock, beforeInvoke: shell =>
        {
            if (!stopAfterFirstPin) return;
            sink.OnFirstPin = () =>
            {
                stopRequestedAt = clock.Elapsed;
                shell.BeginStop(null, null);
            };
        });
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var memoryFigures = sampler?.Stop();
        var counts = recorder.Stop();
        List<TypeGrowth> heapGrowth = null;
        if (dumpBefore != null && dumpDuring != null) heapGrowth = HeapHistogram.Growth(dumpBefore, dumpDuring);
        else if (dumpBefore != null) File.Delete(dumpBefore);

        var result = new RunResult
        {
            Name = name,
            TimeScale = timeScale,
            WallSeconds = outcome.Wall.TotalSeconds,
            FirstPinSeconds = sink.FirstPinAt?.TotalSeconds,
            Pins = sink.Count,
            PinArrivalSeconds = sink.ArrivalQuantiles(),
            ErrorRecords = outcome.ErrorCount,
            ErrorSamples = outcome.Errors,
            TerminatingError = stopAfterFirstPin && sink.FirstPinAt != null ? null : outcome.TerminatingError,
            Memory = memoryFigures,
            CpuSeconds = cpu.TotalSeconds,
            HeapGrowthByType = heapGrowth,
            FirstCallAnsweredSeconds = counts.Count == 0 ? null : counts.Min(c => c.FirstAtSeconds),
        };
        foreach (var (k, v) in sink.BySource) result.PinsBySource[k] = v;
        result.AddCounts(counts);
        if (stopAfterFirstPin)
        {
            result.StopSeconds = sink.FirstPinAt == null ? null : (outcome.Wall - stopRequestedAt).TotalSeconds;
        }
        else
        {
            result.Floor = QuotaFloor.Compute(counts, emulator.Host.Quotas.Rules, TimeSpan.FromMilliseconds(o.LatencyMs), timeScale, QuotaFloor.ScanDepth);
        }
        return result;
    }

    public static async Task<(RunResult Run, NaiveFindings Findings)> RunNaiveAsync(BenchEmulator emulator, BenchOptions o, double timeScale)
    {
        emulator.Prepare(timeScale);
        using var naive = new NaiveScanner(emulator.Host.BaseUrl, "us-east-1", timeScale);
        using var recorder = new CallRecorder(emulator.Host.Requests);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        NaiveFindings findings = null;
        string failure = null;
        try
        {
            findings = await naive.RunAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TaskCanceledException)
        {
            failure = e.Message;
        }
        clock.Stop();
        var counts = recorder.Stop();
        var result = new RunResult
        {
            Name = "naive (sequential per-API calls)",
            TimeScale = timeScale,
            WallSeconds = clock.Elapsed.TotalSeconds,
            FirstPinSeconds = findings?.FirstPinAt?.TotalSeconds,
            Pins = findings?.Total ?? 0,
            TerminatingError = failure,
            CpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds,
        };
        if (findings != null)
        {
            result.PinsBySource["RestApi"] = findings.RestVersionPins;
            result.PinsBySource["RestAuthorizer"] = findings.RestAuthorizerVersionPins;
            result.PinsBySource["HttpApi"] = findings.HttpVersionPins;
            result.PinsBySource["EventSourceMapping"] = findings.EventSourceMappingVersionPins;
        }
        result.AddCounts(counts);
        result.Floor = QuotaFloor.Compute(counts, emulator.Host.Quotas.Rules, TimeSpan.FromMilliseconds(o.LatencyMs), timeScale, 4);
        return (result, findings);
    }
}
