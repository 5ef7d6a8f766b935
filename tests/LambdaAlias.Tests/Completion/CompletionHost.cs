using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Amazon.Runtime;
using LambdaAlias.Emulator;
using LambdaAlias.Emulator.Infrastructure;

namespace LambdaAlias.Tests.Completion;

/// <summary>
/// Shaped like AWS Tools' AWSPSCredentials (what Set-AWSCredential stores in $StoredAWSCredentials): the AWSCredentials
/// sit in a non-public Credentials property, with the profile's Name and Source beside them.
/// </summary>
public sealed class AWSPSCredentials
{
    internal AWSPSCredentials(AWSCredentials credentials, string name, string source) { Credentials = credentials; Name = name; Source = source; }
    internal AWSCredentials Credentials { get; }
    internal string Name { get; }
    internal string Source { get; }
}

/// <summary>
/// A runspace with out/LambdaAlias imported, a demo-scenario emulator and a function whose parameters carry the module's
/// completers the way the cmdlets will (with the base cmdlet's parameter names, and an alias of one): [ArgumentCompleter([LambdaAlias.FunctionNameCompleter])]. Completion goes
/// through TabExpansion2, exactly as PSReadLine and editors call it.
/// </summary>
public sealed class CompletionHost : IAsyncDisposable
{
    /// <summary>The completers' cache lives for the process, so each host signs with its own access key: no test can be
    /// served another test's listing, whatever port its emulator got.</summary>
    public string AccessKey { get; } = "AKIDCOMPLETION" + Guid.NewGuid().ToString("N").Substring(0, 10).ToUpperInvariant();
    public const string SecretKey = "completion-secret";

    public EmulatorHost Emulator { get; private set; }
    public Runspace Runspace { get; private set; }
    public string Endpoint => Emulator.BaseUrl;

    private const string TestFunction = @"
function Test-Completion {
    param(
        [ArgumentCompleter([LambdaAlias.FunctionNameCompleter])] [string] $FunctionName,
        [ArgumentCompleter([LambdaAlias.AliasNameCompleter])] [string] $AliasName,
        [ArgumentCompleter([LambdaAlias.RestApiIdCompleter])] [string] $RestApiId,
        [ArgumentCompleter([LambdaAlias.ApiIdCompleter])] [string] $ApiId,
        [ArgumentCompleter([LambdaAlias.StageNameCompleter])] [string] $StageName,
        [Alias('RegionToCall')] [string] $Region, [string] $ProfileName, [string] $ProfilesLocation,
        [string] $AccessKey, [string] $SecretKey, [string] $SessionToken, [object] $Credential, [string] $EndpointUrl
    )
}";

    public static async Task<CompletionHost> StartAsync()
    {
        var host = new CompletionHost();
        var options = new EmulatorOptions { Port = 0, Scenario = "demo" };
        options.Credentials.Add(new TestCredential(host.AccessKey, SecretKey));
        host.Emulator = await EmulatorHost.StartAsync(options);
        host.Runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        host.Runspace.Open();
        host.Run($"Import-Module '{Path.Combine(RepoRoot(), "out", "LambdaAlias", "LambdaAlias.psd1")}' -ErrorAction Stop");
        host.Run(TestFunction);
        return host;
    }

    /// <summary>The command line every test starts from: the emulator's endpoint, a region and this host's keys.</summary>
    public string Connection(string region = "us-east-1") => $"-EndpointUrl {Endpoint} -Region {region} -AccessKey {AccessKey} -SecretKey {SecretKey}";

    public Collection<PSObject> Run(string script)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = Runspace;
        shell.AddScript(script);
        var output = shell.Invoke();
        if (shell.HadErrors) throw new InvalidOperationException(string.Join("; ", shell.Streams.Error.Select(e => e.ToString())));
        return output;
    }

    public void SetVariable(string name, object value)
    {
        Runspace.SessionStateProxy.SetVariable(name, value); // The runspace is idle here, so the proxy may be used.
    }

    /// <summary>What TabExpansion2 offers with the cursor at the end of <paramref name="line"/>, plus anything the call
    /// wrote to the error stream (which must stay empty: completers are silent).</summary>
    public CompletionOutcome Complete(string line)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = Runspace;
        shell.AddCommand("TabExpansion2").AddParameter("inputScript", line).AddParameter("cursorColumn", line.Length);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = shell.Invoke().Select(o => o.BaseObject).OfType<CommandCompletion>().Single();
        watch.Stop();
        return new CompletionOutcome(result.CompletionMatches.ToList(), shell.Streams.Error.Select(e => e.ToString()).ToList(), watch.Elapsed);
    }

    /// <summary>Errors the session collected in $Error since it started (a completer that throws may land there).</summary>
    public int ErrorVariableCount() => (int)Run("$global:Error.Count").Single().BaseObject;

    public IReadOnlyList<RequestLogEntry> Calls(string operation) => Emulator.Requests.Query(operation);

    private static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory != null && !File.Exists(Path.Combine(directory.FullName, "LambdaAlias.sln"))) directory = directory.Parent;
        return directory!.FullName;
    }

    public async ValueTask DisposeAsync()
    {
        Runspace?.Dispose();
        if (Emulator != null) await Emulator.DisposeAsync();
    }
}

public sealed record CompletionOutcome(List<CompletionResult> Matches, List<string> Errors, TimeSpan Elapsed)
{
    public IEnumerable<string> Texts => Matches.Select(m => m.CompletionText);
}
