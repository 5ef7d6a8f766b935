using System.Collections;
using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Reflection;
using System.Security.Cryptography;
using LambdaAlias.Tests.Harness;
using Xunit;

namespace LambdaAlias.Tests.Foundation;

/// <summary>The built module folder (out/LambdaAlias) loads and behaves like the one a user installs.</summary>
public sealed class ModuleTests
{
    internal static HashtableAst ManifestAst(string path)
    {
        var ast = Parser.ParseFile(path, out _, out var errors);
        Assert.Empty(errors);
        return (HashtableAst)ast.Find(a => a is HashtableAst, false);
    }

    internal static ExpressionAst ManifestEntry(HashtableAst manifest, string key) =>
        manifest.KeyValuePairs.Single(p => string.Equals(((StringConstantExpressionAst)p.Item1).Value, key, StringComparison.OrdinalIgnoreCase))
            .Item2.Find(a => a is ExpressionAst, false) as ExpressionAst;

    /// <summary>CmdletsToExport as written in the manifest: an explicit list of literal names.</summary>
    internal static string[] ManifestCmdlets()
    {
        var entry = ManifestEntry(ManifestAst(RepoPaths.ModuleManifest), "CmdletsToExport");
        var names = entry.FindAll(a => a is StringConstantExpressionAst, true).Cast<StringConstantExpressionAst>().Select(s => s.Value).ToArray();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.False(WildcardPattern.ContainsWildcardCharacters(n), $"CmdletsToExport must be explicit, not '{n}'."));
        return names;
    }

    [Fact]
    public void TestModuleManifestAcceptsTheBuiltManifest()
    {
        using var h = PowerShellHarness.Create(new HarnessOptions { ImportModule = false });
        var r = h.Run("param($Path) Test-ModuleManifest -Path $Path", new() { ["Path"] = RepoPaths.ModuleManifest }).AssertNoErrors();
        var info = (PSModuleInfo)Assert.Single(r.Objects);
        Assert.Equal("LambdaAlias", info.Name);
        Assert.Equal(new Guid("5b0f7c8e-3f4a-4d2b-9a61-2c7e8d4b1f35"), info.Guid);
        Assert.Equal(new Version(5, 1), info.PowerShellVersion);
        Assert.Equal(new Version(4, 7, 2), info.DotNetFrameworkVersion);
        Assert.Equal(new[] { "Desktop", "Core" }, info.CompatiblePSEditions);
        Assert.Equal("LambdaAlias.Cmdlets.dll", info.RootModule);
        Assert.False(string.IsNullOrWhiteSpace(info.Author));
        Assert.False(string.IsNullOrWhiteSpace(info.Description));
        Assert.Equal(Path.Combine(RepoPaths.ModuleFolder, "LambdaAlias.format.ps1xml"), Assert.Single(info.ExportedFormatFiles));
        Assert.Equal(ManifestCmdlets().OrderBy(n => n), info.ExportedCmdlets.Keys.OrderBy(n => n));
        Assert.Empty(info.ExportedFunctions);
        Assert.Empty(info.ExportedAliases);
        Assert.Empty(info.ExportedVariables);

        var psData = (Hashtable)((Hashtable)info.PrivateData)["PSData"];
        Assert.NotEmpty((object[])psData["Tags"]);
        foreach (var key in new[] { "ProjectUri", "LicenseUri" })
            Assert.True(Uri.TryCreate((string)psData[key], UriKind.Absolute, out _), $"{key} must be an absolute URI.");
        Assert.False(string.IsNullOrWhiteSpace((string)psData["ReleaseNotes"]));
    }

    [Fact]
    public void TheManifestExportsNothingButTheListedCmdlets()
    {
        var manifest = ManifestAst(RepoPaths.ModuleManifest);
        foreach (var key in new[] { "FunctionsToExport", "AliasesToExport", "VariablesToExport" })
        {
            // @() exactly: '*' or an absent key would make PowerShell export (and search for) everything.
            var entry = Assert.IsType<ArrayExpressionAst>(ManifestEntry(manifest, key));
            Assert.Empty(entry.SubExpression.Statements);
        }
        ManifestCmdlets();
    }

    [Fact]
    public void ImportInAFreshRunspaceFindsExactlyTheExportedCmdlets()
    {
        using var h = PowerShellHarness.Create();
        var r = h.Run("Get-Command -Module LambdaAlias | ForEach-Object { \"$($_.CommandType) $($_.Name)\" }").AssertNoErrors();
        Assert.Equal(ManifestCmdlets().Select(n => "Cmdlet " + n).OrderBy(n => n, StringComparer.Ordinal),
                     r.Objects.Cast<string>().OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void TheModuleIsLoadedFromOutNotFromABuildFolder()
    {
        using var h = PowerShellHarness.Create();
        var location = h.Module.ImplementingAssembly.Location;
        Assert.StartsWith(RepoPaths.ModuleFolder + Path.DirectorySeparatorChar, location);
        Assert.Equal(Path.Combine(RepoPaths.ModuleFolder, "LambdaAlias.Cmdlets.dll"), location);
        var r = h.Run("(Get-Module LambdaAlias).ModuleBase").AssertNoErrors();
        Assert.Equal(RepoPaths.ModuleFolder, Assert.Single(r.Objects));
    }

    [Fact]
    public void TheModuleFolderHoldsWhatAUserNeedsAndNoHostAssembly()
    {
        var files = Directory.GetFiles(RepoPaths.ModuleFolder, "*", SearchOption.AllDirectories).Select(RepoPaths.Relative).ToList();
        foreach (var expected in new[] { "LambdaAlias.psd1", "LambdaAlias.format.ps1xml", "LambdaAlias.Cmdlets.dll", "AWSSDK.Core.dll", "System.Text.Json.dll", "Microsoft.Bcl.AsyncInterfaces.dll", "en-US/about_LambdaAlias.help.txt" })
            Assert.Contains("out/LambdaAlias/" + expected, files);
        // The host supplies System.Management.Automation; a copy here would shadow it (and the reference one cannot run).
        Assert.DoesNotContain(files, f => f.EndsWith("System.Management.Automation.dll", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(files, f => f.Contains("/en-US/en-US/", StringComparison.Ordinal));
    }

    [Fact]
    public void AModuleBuiltTwiceInARowImportsCleanly()
    {
        var folder = Path.Combine(Path.GetTempPath(), "lambdaalias-twice-" + Guid.NewGuid().ToString("N"));
        var moduleDir = Path.Combine(folder, "LambdaAlias") + Path.DirectorySeparatorChar;
        try
        {
            Build(moduleDir);
            var first = Snapshot(moduleDir);
            Build(moduleDir);
            var second = Snapshot(moduleDir);
            Assert.Equal(first, second);
            // What two builds leave is exactly what the solution build put in out/.
            Assert.Equal(Snapshot(RepoPaths.ModuleFolder + Path.DirectorySeparatorChar), second);

            using var h = PowerShellHarness.Create(new HarnessOptions { ModuleManifestPath = Path.Combine(moduleDir, "LambdaAlias.psd1") });
            Assert.Equal(ManifestCmdlets().OrderBy(n => n), h.Module.ExportedCmdlets.Keys.OrderBy(n => n));
            h.Run("param($Path) Test-ModuleManifest -Path $Path", new() { ["Path"] = Path.Combine(moduleDir, "LambdaAlias.psd1") }).AssertNoErrors();
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private static void Build(string moduleDir)
    {
        var configuration = typeof(ModuleTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var arg in new[] { "build", "src/LambdaAlias.Cmdlets/LambdaAlias.Cmdlets.csproj", "-c", configuration, "--no-restore", "-nologo",
                                    "-v", "q", "-nodeReuse:false", "-p:ModuleOutDir=" + moduleDir })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(300_000), "dotnet build timed out");
        Assert.True(process.ExitCode == 0, $"dotnet build failed:\n{stdout.Result}\n{stderr.Result}");
    }

    private static List<string> Snapshot(string moduleDir) =>
        Directory.GetFiles(moduleDir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(moduleDir, f).Replace('\\', '/') + " " + Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))))
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();
}
