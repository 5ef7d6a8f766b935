using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using LambdaAlias.Tests.Harness;
using Xunit;

namespace LambdaAlias.Tests.Foundation;

/// <summary>
/// Windows PowerShell 5.1 (.NET Framework 4.7.2 or later) gives a module no binding redirects. Every assembly reference in
/// out/LambdaAlias must therefore resolve either to the framework, or to a file in the folder that the module's
/// AssemblyResolve handler serves whatever version was asked for.
/// </summary>
public sealed class AssemblyLoadingTests
{
    /// <summary>
    /// The framework side is the .NET Framework 4.7.2 reference set (the manifest's DotNetFrameworkVersion) with its
    /// Facades folder. 4.7.2 is the oldest framework the module supports, and from 4.7.1 on the framework itself carries
    /// netstandard.dll and the System.* facades a netstandard2.0 library references, so a reference it satisfies (name
    /// present, version not higher) loads on every supported Windows PowerShell without help. A reference above the
    /// framework's version would need a binding redirect the module cannot have, so it must be in the folder.
    /// </summary>
    private static readonly string NetFx472 = typeof(AssemblyLoadingTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "NetFx472ReferenceAssemblies").Value;

    /// <summary>Supplied by the host (Windows PowerShell's GAC or PowerShell 7), never shipped in the module folder.
    /// PowerShellStandard.Library compiles against 3.0.0.0, the version Windows PowerShell 5.1 carries.</summary>
    private static readonly Dictionary<string, Version> HostAssemblies = new() { ["System.Management.Automation"] = new Version(3, 0, 0, 0) };

    private sealed record Reference(string From, string Name, Version Version, string PublicKeyToken);

    private static (AssemblyName Name, List<Reference> References) Read(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var md = pe.GetMetadataReader();
        var definition = md.GetAssemblyDefinition().GetAssemblyName();
        var references = md.AssemblyReferences.Select(h => md.GetAssemblyReference(h)).Select(r =>
        {
            var name = r.GetAssemblyName();
            var token = name.GetPublicKeyToken();
            return new Reference(Path.GetFileName(path), name.Name, name.Version, token == null ? "" : Convert.ToHexString(token).ToLowerInvariant());
        }).ToList();
        return (definition, references);
    }

    private static Dictionary<string, AssemblyName> Definitions(IEnumerable<string> files) =>
        files.Where(IsAssembly).ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => Read(f).Name, StringComparer.OrdinalIgnoreCase);

    // The framework reference set holds a few netmodule-style images that no assembly can reference.
    private static bool IsAssembly(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        return pe.HasMetadata && pe.GetMetadataReader().IsAssembly;
    }

    private static string Token(AssemblyName name) => Convert.ToHexString(name.GetPublicKeyToken() ?? Array.Empty<byte>()).ToLowerInvariant();

    [Fact]
    public void TheFrameworkReferenceSetIsPresent()
    {
        Assert.True(File.Exists(Path.Combine(NetFx472, "mscorlib.dll")), NetFx472);
        Assert.True(File.Exists(Path.Combine(NetFx472, "Facades", "netstandard.dll")), "4.7.2 carries the netstandard 2.0 facade");
    }

    [Fact]
    public void EveryReferenceResolvesToTheFolderOrTheFramework()
    {
        var moduleFiles = Directory.GetFiles(RepoPaths.ModuleFolder, "*.dll");
        var folder = Definitions(moduleFiles);
        var framework = Definitions(Directory.GetFiles(NetFx472, "*.dll").Concat(Directory.GetFiles(Path.Combine(NetFx472, "Facades"), "*.dll")));
        var unresolved = new List<string>();
        var servedByHandler = new List<string>();

        foreach (var reference in moduleFiles.SelectMany(f => Read(f).References))
        {
            var what = $"{reference.From} -> {reference.Name} {reference.Version}";
            if (HostAssemblies.TryGetValue(reference.Name, out var hostVersion))
            {
                if (reference.Version > hostVersion) unresolved.Add($"{what}: newer than the host's {hostVersion}");
                continue;
            }
            if (folder.TryGetValue(reference.Name, out var shipped))
            {
                if (shipped.Version < reference.Version) unresolved.Add($"{what}: the folder has only {shipped.Version}");
                else if (Token(shipped) != reference.PublicKeyToken) unresolved.Add($"{what}: the folder's copy is signed with another key");
                else if (shipped.Version != reference.Version) servedByHandler.Add(what + " (folder has " + shipped.Version + ")");
                continue;
            }
            if (framework.TryGetValue(reference.Name, out var inBox))
            {
                if (inBox.Version < reference.Version) unresolved.Add($"{what}: .NET Framework 4.7.2 has only {inBox.Version} and the folder has none");
                continue;
            }
            unresolved.Add($"{what}: neither in the folder nor in .NET Framework 4.7.2");
        }

        Assert.True(unresolved.Count == 0, string.Join("\n", unresolved));
        // The reason for the resolver: some references ask for older versions than the ones that ship.
        Assert.NotEmpty(servedByHandler);
    }

    [Fact]
    public void TheModuleFolderCarriesItsRuntimeDependencies()
    {
        // The libraries a netstandard2.0 build of System.Text.Json needs on .NET Framework, which the SDK does not provide there.
        foreach (var name in new[] { "System.Memory", "System.Buffers", "System.Runtime.CompilerServices.Unsafe", "System.Text.Encodings.Web", "System.Threading.Tasks.Extensions", "Microsoft.Bcl.AsyncInterfaces" })
            Assert.True(File.Exists(Path.Combine(RepoPaths.ModuleFolder, name + ".dll")), name);
        Assert.Equal(".NETStandard,Version=v2.0", TargetFramework(Path.Combine(RepoPaths.ModuleFolder, "LambdaAlias.Cmdlets.dll")));
    }

    private static string TargetFramework(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var md = pe.GetMetadataReader();
        foreach (var handle in md.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = md.GetCustomAttribute(handle);
            var ctor = md.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            var type = md.GetTypeReference((TypeReferenceHandle)ctor.Parent);
            if (md.GetString(type.Name) != "TargetFrameworkAttribute") continue;
            var blob = md.GetBlobReader(attribute.Value);
            blob.ReadUInt16(); // prolog
            return blob.ReadSerializedString();
        }
        return null;
    }

    [Fact]
    public void TheImportedModuleResolvesAnyVersionOfAFolderAssembly()
    {
        using var h = PowerShellHarness.Create();
        // System.IO.Hashing ships in the folder and is not part of .NET, so only the module's handler can find it; asking
        // for a version that does not exist shows the handler serves the folder's copy whatever version was requested.
        var r = h.Run("[System.Reflection.Assembly]::Load('System.IO.Hashing, Version=99.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51').Location").AssertNoErrors();
        Assert.Equal(Path.Combine(RepoPaths.ModuleFolder, "System.IO.Hashing.dll"), Assert.Single(r.Objects));
    }

    [Fact]
    public void RemovingTheModuleInOneRunspaceLeavesTheResolverForTheOthers()
    {
        using var first = PowerShellHarness.Create();
        using var second = PowerShellHarness.Create();
        first.Run("param($Manifest) Import-Module -Force -Name $Manifest; Remove-Module LambdaAlias", new() { ["Manifest"] = RepoPaths.ModuleManifest }).AssertNoErrors();
        var handlers = typeof(AppDomain).GetField("AssemblyResolve", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(AppDomain.CurrentDomain) as Delegate
                       ?? typeof(System.Runtime.Loader.AssemblyLoadContext).GetField("AssemblyResolve", BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null) as Delegate;
        Assert.NotNull(handlers);
        // Registered once however often the module was imported, and still there after Remove-Module.
        Assert.Single(handlers.GetInvocationList(), d => d.Method.Name == "ResolveFromModuleFolder");
        var r = second.Run("[System.Reflection.Assembly]::Load('System.IO.Hashing, Version=98.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51').GetName().Name").AssertNoErrors();
        Assert.Equal("System.IO.Hashing", Assert.Single(r.Objects));
    }

    [Fact]
    public void TheHandlerServesOnlyAssembliesThatLiveInTheFolder()
    {
        using var h = PowerShellHarness.Create();
        var resolve = h.Module.ImplementingAssembly.GetType("LambdaAlias.ModuleInitializer")!
            .GetMethod("ResolveFromModuleFolder", BindingFlags.NonPublic | BindingFlags.Static)!;
        var served = (Assembly)resolve.Invoke(null, new object[] { null, new ResolveEventArgs("AWSSDK.Extensions.Numerics, Version=0.0.0.1, Culture=neutral, PublicKeyToken=885c28607f98e604") });
        Assert.Equal("AWSSDK.Extensions.Numerics", served.GetName().Name);
        Assert.Null(resolve.Invoke(null, new object[] { null, new ResolveEventArgs("Not.In.The.Folder, Version=1.0.0.0") }));
    }
}
