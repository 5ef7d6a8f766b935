using System.Runtime;

namespace LambdaAlias.Bench;

/// <summary>Memory figures of one run. "Above baseline" is measured from a full, compacting collection just before the
/// run, when the runspace, the imported module and the emulator with its whole account are already in memory; so it is
/// what the run itself added. Bytes throughout.</summary>
public sealed class MemoryFigures
{
    /// <summary>Live managed heap at the start (after a full collection).</summary>
    public long BaselineHeap { get; set; }
    public long BaselineWorkingSet { get; set; }
    /// <summary>Peak managed heap right after a collection (live objects plus not-yet-collected older generations),
    /// above the baseline: the figure the 10x/1x target is judged on.</summary>
    public long PeakHeapAfterGcAboveBaseline { get; set; }
    /// <summary>Peak of GC.GetTotalMemory(false) (including garbage not yet collected), above the baseline.</summary>
    public long PeakManagedAboveBaseline { get; set; }
    public long PeakWorkingSetAboveBaseline { get; set; }
    /// <summary>Bytes allocated during the run (GC.GetTotalAllocatedBytes), emulator included.</summary>
    public long AllocatedBytes { get; set; }
    /// <summary>Live heap after the run and a full collection, above the baseline: what the run left behind.</summary>
    public long RetainedAfterRun { get; set; }
    public int Gen0Collections { get; set; }
    public int Gen1Collections { get; set; }
    public int Gen2Collections { get; set; }
    public int Samples { get; set; }
    /// <summary>Live mode only: the largest live heap seen right after a forced full collection, above the baseline.
    /// The passive figures include garbage the GC has not collected yet (more of it when the heap is larger); this one
    /// does not, at the price of pauses, so live-mode runs are never the timed ones.</summary>
    public long? PeakLiveHeapAboveBaseline { get; set; }
    public int ForcedCollections { get; set; }
}

/// <summary>Samples the managed heap and the working set on its own thread every few milliseconds while a run goes on.</summary>
public sealed class MemorySampler : IDisposable
{
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new();
    private readonly MemoryFigures _figures = new();
    private readonly long _allocatedAtStart;
    private readonly int _gen0, _gen1, _gen2;
    private long _peakHeapAfterGc, _peakManaged, _peakWorkingSet;
    private long _lastGcIndex = -1;
    private readonly TimeSpan? _forceFullCollectionEvery;
    private long _peakLive;

    private MemorySampler(TimeSpan? forceFullCollectionEvery)
    {
        _forceFullCollectionEvery = forceFullCollectionEvery;
        FullCollection();
        _figures.BaselineHeap = GC.GetTotalMemory(false);
        _figures.BaselineWorkingSet = Environment.WorkingSet;
        _peakHeapAfterGc = _figures.BaselineHeap;
        _peakManaged = _figures.BaselineHeap;
        _peakWorkingSet = _figures.BaselineWorkingSet;
        _peakLive = _figures.BaselineHeap;
        _allocatedAtStart = GC.GetTotalAllocatedBytes(precise: true);
        _gen0 = GC.CollectionCount(0); _gen1 = GC.CollectionCount(1); _gen2 = GC.CollectionCount(2);
        _lastGcIndex = GC.GetGCMemoryInfo(GCKind.Any).Index;
        _thread = new Thread(Loop) { IsBackground = true, Name = "bench-memory-sampler", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Collects fully (so the baseline is live objects only), then starts sampling passively.</summary>
    public static MemorySampler Start() => new(null);

    /// <summary>As <see cref="Start"/>, and also forces a full collection every <paramref name="every"/> to see the live heap.</summary>
    public static MemorySampler StartLive(TimeSpan every) => new(every);

    private void Loop()
    {
        var sinceForced = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            Sample();
            if (_forceFullCollectionEvery is { } every && sinceForced.Elapsed >= every)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
                var live = GC.GetTotalMemory(false);
                if (live > _peakLive) _peakLive = live;
                _figures.ForcedCollections++;
                sinceForced.Restart();
            }
        }
        while (!_stop.Wait(5));
    }

    private void Sample()
    {
        _figures.Samples++;
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        if (info.Index != _lastGcIndex)
        {
            _lastGcIndex = info.Index;
            var afterGc = info.HeapSizeBytes - info.FragmentedBytes;
            if (afterGc > _peakHeapAfterGc) _peakHeapAfterGc = afterGc;
        }
        var managed = GC.GetTotalMemory(false);
        if (managed > _peakManaged) _peakManaged = managed;
        var ws = Environment.WorkingSet;
        if (ws > _peakWorkingSet) _peakWorkingSet = ws;
    }

    /// <summary>Stops sampling and measures what the run left behind (after a full collection).</summary>
    public MemoryFigures Stop()
    {
        _stop.Set();
        _thread.Join();
        Sample();
        _figures.AllocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - _allocatedAtStart;
        _figures.Gen0Collections = GC.CollectionCount(0) - _gen0;
        _figures.Gen1Collections = GC.CollectionCount(1) - _gen1;
        _figures.Gen2Collections = GC.CollectionCount(2) - _gen2;
        _figures.PeakHeapAfterGcAboveBaseline = Math.Max(0, _peakHeapAfterGc - _figures.BaselineHeap);
        _figures.PeakManagedAboveBaseline = Math.Max(0, _peakManaged - _figures.BaselineHeap);
        _figures.PeakWorkingSetAboveBaseline = Math.Max(0, _peakWorkingSet - _figures.BaselineWorkingSet);
        if (_forceFullCollectionEvery != null) _figures.PeakLiveHeapAboveBaseline = Math.Max(0, _peakLive - _figures.BaselineHeap);
        FullCollection();
        _figures.RetainedAfterRun = GC.GetTotalMemory(false) - _figures.BaselineHeap;
        return _figures;
    }

    public static void FullCollection()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    public void Dispose()
    {
        _stop.Set();
        if (_thread.IsAlive) _thread.Join();
        _stop.Dispose();
    }
}
