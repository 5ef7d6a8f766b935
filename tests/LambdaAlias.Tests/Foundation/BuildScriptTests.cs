using System.Management.Automation.Language;
using LambdaAlias.Tests.Harness;
using Xunit;

namespace LambdaAlias.Tests.Foundation;

/// <summary>build.ps1 uses only core commands and .NET, so its tasks can run in the hosted engine.</summary>
public sealed class BuildScriptTests
{
    private static readonly string Script = Path.Combine(RepoPaths.Root, "build.ps1");

    [Fact]
    public void BuildScriptParsesAndOffersTheFiveTasks()
    {
        var ast = Parser.ParseFile(Script, out _, out var errors);
        Assert.Empty(errors);
        var task = ast.ParamBlock.Parameters.Single(p => p.Name.VariablePath.UserPath == "Task");
        var validate = task.Attributes.OfType<AttributeAst>().Single(a => a.TypeName.Name == "ValidateSet");
        Assert.Equal(new[] { "Build", "Test", "Package", "Demo", "Clean" },
            validate.PositionalArguments.Cast<StringConstantExpressionAst>().Select(s => s.Value));
    }

    [Fact]
    public void PackageMakesAFolderPublishModuleAccepts()
    {
        var target = Path.Combine(Path.GetTempPath(), "lambdaalias-package-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var h = PowerShellHarness.Create(new HarnessOptions { ImportModule = false });
            var r = h.Run("param($Script, $Target) & $Script -Task Package -NoBuild -PackagePath $Target",
                new() { ["Script"] = Script, ["Target"] = target }).AssertNoErrors();
            var folder = Path.Combine(target, "LambdaAlias");
            Assert.Equal(folder, Assert.Single(r.Objects));
            Assert.Contains("==> Packaged LambdaAlias 0.1.0", r.HostText);
            var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).ToList();
            foreach (var required in new[] { "LambdaAlias.psd1", "LambdaAlias.format.ps1xml", "LambdaAlias.Cmdlets.dll", "AWSSDK.Core.dll", "en-US/about_LambdaAlias.help.txt" })
                Assert.Contains(required, files);
            Assert.DoesNotContain(files, f => f.EndsWith(".pdb", StringComparison.Ordinal));
            // Publish-Module wants the folder named after the module, holding a manifest that passes Test-ModuleManifest.
            h.Run("param($Path) Test-ModuleManifest -Path $Path", new() { ["Path"] = Path.Combine(folder, "LambdaAlias.psd1") }).AssertNoErrors();
        }
        finally
        {
            if (Directory.Exists(target)) Directory.Delete(target, true);
        }
    }
}
