using System.Diagnostics;
using System.Reflection;
using LambdaAlias.Emulator;
using LambdaAlias.Tests.Harness;
using Xunit;

namespace LambdaAlias.Tests.Interop;

/// <summary>
/// Side by side with AWS Tools: a session that loaded another AWSSDK.Core before importing LambdaAlias. This test
/// process already holds the module's own AWSSDK.Core 4.1.0, so each case runs a child host
/// (tests/LambdaAlias.InteropHost*) that loads its AWSSDK.Core first, imports out/LambdaAlias and scans the emulator,
/// printing key=value facts about what happened.
/// </summary>
public sealed class AwsSdkCoreSharingTests
{
    private static readonly TimeSpan HostTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Core_4_0_loaded_first_serves_the_module_and_the_scan_matches_the_module_on_its_own_Core()
    {
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, Scenario = "demo" });

        var run = await RunHostAsync("LambdaAlias.InteropHost", emulator.BaseUrl);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Empty(run.All("unhandled"));
        Assert.Empty(run.All("error"));
        // The host really loaded a 4.0.x Core (AWS Tools 5.x ships those), not the module's 4.1.0 from out/.
        Assert.StartsWith("4.0.", run.Single("host.awssdk.core.fileversion"));
        Assert.StartsWith("AWSSDK.Core, Version=4.0.0.0,", run.Single("host.awssdk.core.name"));
        // The module bound that same copy: its AWSSDK types come from the host's file, and the process holds one Core.
        Assert.Equal(Path.Combine(RepoPaths.ModuleFolder, "LambdaAlias.Cmdlets.dll"), run.Single("module.location"));
        Assert.Equal(run.Single("host.awssdk.core.location"), run.Single("module.awssdk.core.location"));
        Assert.StartsWith("4.0.", run.Single("module.awssdk.core.fileversion"));
        Assert.Equal(run.Single("host.awssdk.core.location"), run.Single("runspace.awssdk.core.location"));
        Assert.Equal("1", run.Single("process.awssdk.core.count"));

        // Served by 4.0.x, the scan finds exactly what the module finds on its own 4.1.0 (this process) in the same account.
        var pinsOn41 = ScanInProcess(emulator.BaseUrl);
        Assert.Contains("my-func:1", pinsOn41);
        Assert.Equal(pinsOn41.Order(StringComparer.Ordinal), run.All("pin").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Core_3_loaded_first_imports_and_fails_at_first_use_with_AwsSdkVersionConflict()
    {
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, Scenario = "demo" });

        var run = await RunHostAsync("LambdaAlias.InteropHost.Sdk3", emulator.BaseUrl);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Empty(run.All("unhandled"));
        // AWS Tools 4.x's Core: 3.7.x, assembly version 3.3.0.0.
        Assert.StartsWith("3.7.", run.Single("host.awssdk.core.fileversion"));
        // Import still works (the clash is deferred to first use), then the cmdlet reports the clash by name.
        Assert.Equal("ok", run.Single("import"));
        var error = run.Single("error");
        Assert.StartsWith("AwsSdkVersionConflict,", error);
        var message = run.Single("error.message");
        Assert.Contains("3.3.0.0", message);
        Assert.Contains("AWS Tools for PowerShell 4.x", message);
        Assert.Empty(run.All("pin"));
        Assert.Equal("1", run.Single("process.awssdk.core.count"));
    }

    private static List<string> ScanInProcess(string endpointUrl)
    {
        using var harness = PowerShellHarness.Create();
        var result = harness.Run(
            "param($url) Get-LambdaIntegrationPin -EndpointUrl $url -Region us-east-1 -AccessKey test -SecretKey test",
            new() { ["url"] = endpointUrl });
        result.AssertNoErrors();
        return result.Output.Select(p => p.Properties["FunctionName"].Value + ":" + p.Properties["Qualifier"].Value).ToList();
    }

    private static async Task<HostRun> RunHostAsync(string hostProject, string endpointUrl)
    {
        var configuration = typeof(AwsSdkCoreSharingTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "BuildConfiguration").Value;
        var hostDll = Path.Combine(RepoPaths.TestsFolder, hostProject, "bin", configuration, "net10.0", hostProject + ".dll");
        if (!File.Exists(hostDll)) throw new FileNotFoundException("The interop host is not built; build tests/LambdaAlias.Tests.", hostDll);

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(hostDll);
        start.ArgumentList.Add(RepoPaths.ModuleManifest);
        start.ArgumentList.Add(endpointUrl);
        // The child must not find real credentials or reach instance metadata; it is given explicit test keys.
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(HostTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(hostProject + " did not finish in " + HostTimeout + ". Output so far: " + await stdout);
        }
        return new HostRun(process.ExitCode, await stdout, await stderr);
    }

    private sealed record HostRun(int ExitCode, string Stdout, string Stderr)
    {
        private IEnumerable<(string Key, string Value)> Lines =>
            Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(l => l.Split('=', 2))
                .Where(p => p.Length == 2)
                .Select(p => (p[0], p[1]));

        public List<string> All(string key) => Lines.Where(l => l.Key == key).Select(l => l.Value).ToList();

        public string Single(string key)
        {
            var values = All(key);
            Assert.True(values.Count == 1, "expected one '" + key + "=' line, found " + values.Count + ".\n" + Describe());
            return values[0];
        }

        public string Describe() => "exit " + ExitCode + "\nstdout:\n" + Stdout + "\nstderr:\n" + Stderr;
    }
}
