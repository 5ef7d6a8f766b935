namespace LambdaAlias.Tests.Harness;

/// <summary>Where things are in the repository, found from the test assembly's location, so tests run the same
/// from an IDE, from <c>dotnet test</c> and from a fresh clone.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>The folder that holds LambdaAlias.sln.</summary>
    public static string Root => RootLazy.Value;

    /// <summary>out/LambdaAlias: the module folder as a user installs it.</summary>
    public static string ModuleFolder => Path.Combine(Root, "out", "LambdaAlias");

    public static string ModuleManifest => Path.Combine(ModuleFolder, "LambdaAlias.psd1");

    public static string TestsFolder => Path.Combine(Root, "tests");

    public static string PesterLiteManifest => Path.Combine(TestsFolder, "PesterLite", "PesterLite.psd1");

    public static string TestSupportManifest => Path.Combine(TestsFolder, "TestSupport", "LambdaAlias.TestSupport.psd1");

    /// <summary>A path relative to the repository root with forward slashes, for readable test names and messages.</summary>
    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "LambdaAlias.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("LambdaAlias.sln not found above " + AppContext.BaseDirectory);
    }
}
