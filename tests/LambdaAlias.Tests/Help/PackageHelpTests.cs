using LambdaAlias.Tests.Harness;
using Xunit;

namespace LambdaAlias.Tests.Help;

/// <summary>build.ps1 -Task Package ships the help a user reads after Install-Module: the MAML file and the about topic,
/// exactly as they are in src/, beside the manifest that names the module's culture-neutral files.</summary>
public sealed class PackageHelpTests
{
    [Fact]
    public void ThePackageShipsTheMamlHelpAndTheAboutTopicUnchanged()
    {
        var target = Path.Combine(Path.GetTempPath(), "lambdaalias-package-help-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var h = PowerShellHarness.Create(new HarnessOptions { ImportModule = false });
            h.Run("param($Script, $Target) & $Script -Task Package -NoBuild -PackagePath $Target",
                new() { ["Script"] = Path.Combine(RepoPaths.Root, "build.ps1"), ["Target"] = target }).AssertNoErrors();
            var help = Path.Combine(target, "LambdaAlias", "en-US");
            foreach (var file in new[] { "LambdaAlias.Cmdlets.dll-Help.xml", "about_LambdaAlias.help.txt" })
            {
                var source = Path.Combine(RepoPaths.Root, "src", "LambdaAlias.Cmdlets", "en-US", file);
                var packaged = Path.Combine(help, file);
                Assert.True(File.Exists(packaged), $"The package lacks en-US/{file}.");
                Assert.Equal(File.ReadAllText(source), File.ReadAllText(packaged));
            }
        }
        finally
        {
            if (Directory.Exists(target)) Directory.Delete(target, true);
        }
    }
}
