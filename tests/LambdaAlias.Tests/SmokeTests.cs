using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Xunit;

public class SmokeTests
{
    [Fact]
    public void ModuleImportsFromOutFolder()
    {
        var root = FindRepoRoot();
        var iss = InitialSessionState.CreateDefault2();
        using var rs = RunspaceFactory.CreateRunspace(iss);
        rs.Open();
        using var ps = PowerShell.Create();
        ps.Runspace = rs;
        ps.AddScript($"Import-Module '{root}/out/LambdaAlias/LambdaAlias.psd1' -PassThru | ForEach-Object {{ $_.ImplementingAssembly.Location }}");
        var r = ps.Invoke();
        Assert.Empty(ps.Streams.Error);
        Assert.StartsWith(Path.Combine(root, "out"), r[0].ToString());
    }

    static string FindRepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d != null && !File.Exists(Path.Combine(d.FullName, "LambdaAlias.sln"))) d = d.Parent;
        return d!.FullName;
    }
}
