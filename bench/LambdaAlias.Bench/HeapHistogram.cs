using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Runtime;

namespace LambdaAlias.Bench;

public sealed class TypeGrowth
{
    public string Type { get; init; }
    public long Count { get; init; }
    public long Bytes { get; init; }
}

/// <summary>
/// --heap-histogram: what the live heap holds, by type. The process dumps itself (after a full collection, so the dump
/// holds live objects only), and ClrMD counts the dump's objects by type after the run. Two dumps per run, one just
/// before it and one while it runs, give the growth per type: which of the scan's objects stay alive.
/// </summary>
public static class HeapHistogram
{
    /// <summary>Writes a dump of this process (heap included) after a full collection; returns its path.</summary>
    public static string Dump(string label)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
        var path = Path.Combine(Path.GetTempPath(), $"lambdaalias-bench-{Environment.ProcessId}-{label}.dmp");
        new DiagnosticsClient(Environment.ProcessId).WriteDump(DumpType.WithHeap, path, logDumpGeneration: false);
        return path;
    }

    /// <summary>Objects by type name in a dump: count and shallow size. Deletes the dump.</summary>
    public static Dictionary<string, (long Count, long Bytes)> Read(string dumpPath)
    {
        var byType = new Dictionary<string, (long Count, long Bytes)>(StringComparer.Ordinal);
        try
        {
            using var target = DataTarget.LoadDump(dumpPath);
            // The DAC ships next to the running runtime, and the dump is of this very runtime (ClrMD cannot always read the
            // version from a Linux dump, so the version check is skipped).
            var dac = Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(),
                OperatingSystem.IsWindows() ? "mscordaccore.dll" : OperatingSystem.IsMacOS() ? "libmscordaccore.dylib" : "libmscordaccore.so");
            using var runtime = File.Exists(dac) ? target.ClrVersions[0].CreateRuntime(dac, ignoreMismatch: true) : target.ClrVersions[0].CreateRuntime();
            foreach (var obj in runtime.Heap.EnumerateObjects())
            {
                // "Free" is the GC's fragmentation filler, not an object anyone holds.
                if (!obj.IsValid || obj.Type == null || obj.IsFree) continue;
                var name = obj.Type.Name ?? "?";
                // Strings dominate; their shape says whose they are (ARNs of functions, policies' SourceArns, ...).
                if (name == "System.String") name = "System.String " + Shape(obj.AsString(48));
                var (count, bytes) = byType.GetValueOrDefault(name);
                byType[name] = (count + 1, bytes + (long)obj.Size);
            }
        }
        finally
        {
            File.Delete(dumpPath);
        }
        return byType;
    }

    /// <summary>A coarse shape of a string: ARNs by service and resource kind, digits folded, otherwise its first word.</summary>
    private static string Shape(string value)
    {
        if (string.IsNullOrEmpty(value)) return "\"\"";
        if (value.StartsWith("arn:", StringComparison.Ordinal))
        {
            var parts = value.Split(':');
            return parts.Length > 5 ? $"arn:{parts[2]}:...:{parts[5].Split('/')[0]}" : "arn:" + (parts.Length > 2 ? parts[2] : "?");
        }
        var word = new string(value.TakeWhile(c => char.IsLetter(c) || c == '-' || c == '_' || c == '.').Take(20).ToArray());
        return word.Length > 0 ? $"\"{word}...\"" : $"({(char.IsDigit(value[0]) ? "digits" : "other")})";
    }

    /// <summary>The types that grew most between two dumps, by bytes.</summary>
    public static List<TypeGrowth> Growth(string beforeDump, string duringDump, int top = 25)
    {
        var before = Read(beforeDump);
        var during = Read(duringDump);
        return during.Select(kv =>
            {
                var b = before.GetValueOrDefault(kv.Key);
                return new TypeGrowth { Type = kv.Key, Count = kv.Value.Count - b.Count, Bytes = kv.Value.Bytes - b.Bytes };
            })
            .Where(g => g.Bytes > 0)
            .OrderByDescending(g => g.Bytes)
            .Take(top)
            .ToList();
    }
}
