using System.Management.Automation;
using LambdaAlias.Tests.Harness;

namespace LambdaAlias.Tests.Pester;

/// <summary>One result of a Pester file: an It, or a failed AfterAll (Kind Block) or discovery (Kind File).</summary>
public sealed record PesterResult(
    string Kind, string File, int Line, string FullName, string Result, string Message, string ErrorFile, int ErrorLine,
    string ScriptStackTrace, double DurationMs)
{
    public string Location => File == null ? null : $"{RepoPaths.Relative(File)}:{Line}";
    public string ErrorLocation => ErrorFile == null ? null : $"{RepoPaths.Relative(ErrorFile)}:{ErrorLine}";
}

/// <summary>What running one file produced, beyond its results.</summary>
public sealed class PesterFileRun
{
    public string File { get; init; }
    public IReadOnlyList<PesterResult> Results { get; init; }
    /// <summary>Non-terminating errors the file wrote (they do not fail an It, as in Pester 5, but help explain one).</summary>
    public IReadOnlyList<string> Errors { get; init; }
    /// <summary>Set when the runner itself failed, so no result can be trusted.</summary>
    public string RunnerFailure { get; init; }
}

/// <summary>
/// Runs a Pester 5 file with PesterLite in a hosted engine (recording host, width 120). The hosted engine has only the
/// Microsoft.PowerShell.Core cmdlets, which real Pester 5 cannot run on; build.ps1 uses real Pester in pwsh instead
/// when <c>Import-Module Pester -MinimumVersion 5.0 -MaximumVersion 5.99</c> succeeds there.
/// </summary>
public static class PesterLiteRunner
{
    public static PesterFileRun Discover(string file) => Invoke(file, discoveryOnly: true);

    public static PesterFileRun Run(string file) => Invoke(file, discoveryOnly: false);

    private static PesterFileRun Invoke(string file, bool discoveryOnly)
    {
        // In-process emulators (Start-TestEmulator) need the emulator assembly loaded in this process.
        _ = typeof(LambdaAlias.Emulator.EmulatorHost).Assembly;
        // The file imports what it needs (LambdaAlias.TestSupport imports the module), as it must under real Pester.
        using var h = PowerShellHarness.Create(new HarnessOptions { ImportModule = false });
        var r = h.Run(@"
param($PesterLite, $File, $DiscoveryOnly)
Import-Module $PesterLite -ErrorAction Stop
try { Invoke-PesterLite -Path $File -DiscoveryOnly:$DiscoveryOnly }
finally {
    # Emulators a file forgot to stop in AfterAll must not outlive it.
    if (Get-Command Stop-TestEmulator -ErrorAction Ignore) { Stop-TestEmulator -All }
}", new() { ["PesterLite"] = RepoPaths.PesterLiteManifest, ["File"] = file, ["DiscoveryOnly"] = discoveryOnly });

        var results = r.Output.Where(o => o?.BaseObject is PSCustomObject || o?.TypeNames.Contains("PesterLite.TestResult") == true)
            .Where(o => o.Prop("FullName") != null)
            .Select(o => new PesterResult(
                (string)o.Prop("Kind"), (string)o.Prop("File"), Convert.ToInt32(o.Prop("Line")), (string)o.Prop("FullName"),
                (string)o.Prop("Result"), (string)o.Prop("Message"), (string)o.Prop("ErrorFile"), Convert.ToInt32(o.Prop("ErrorLine")),
                (string)o.Prop("ScriptStackTrace"), Convert.ToDouble(o.Prop("DurationMs"))))
            .ToList();
        return new PesterFileRun
        {
            File = file,
            Results = results,
            Errors = r.Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e.Exception?.Message}" +
                                          (e.InvocationInfo?.ScriptName is { Length: > 0 } s ? $" ({RepoPaths.Relative(s)}:{e.InvocationInfo.ScriptLineNumber})" : "")).ToList(),
            RunnerFailure = r.TerminatingException == null ? null : r.DescribeErrors(),
        };
    }
}
