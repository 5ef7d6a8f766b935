using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text.RegularExpressions;

namespace LambdaAlias.Tests.Harness;

public sealed class HarnessOptions
{
    /// <summary>Behave like a runbook or scheduled-task host: no user interface, so ShouldProcess confirmation and
    /// any other prompt throw, and host writes (What if: lines, Out-Default text) go nowhere.</summary>
    public bool NoUI { get; set; }

    /// <summary>Import out/LambdaAlias/LambdaAlias.psd1 when the runspace opens (default true).</summary>
    public bool ImportModule { get; set; } = true;

    /// <summary>The manifest to import; defaults to the built module in out/.</summary>
    public string ModuleManifestPath { get; set; }

    /// <summary>Host buffer width; the module's tables promise to fit in 120 columns.</summary>
    public int Width { get; set; } = 120;

    /// <summary>Format files loaded with the runspace itself, before any module (Update-FormatData is not in the hosted engine).</summary>
    public List<string> FormatFiles { get; } = new();
}

/// <summary>
/// A runspace around a <see cref="RecordingHost"/> with the built module imported from out/, as a user would import it.
/// <code>
/// using var h = PowerShellHarness.Create();
/// h.ConfirmAnswers.Enqueue("Y");
/// var r = h.Run("Get-LambdaIntegrationPin -EndpointUrl $url | Set-IntegrationToAlias -AliasName live -Confirm", new() { ["url"] = emu.BaseUrl });
/// r.AssertNoErrors(); r.Output, r.WhatIfLines, r.ConfirmPrompts, r.Progress, r.Warnings, r.Verbose, r.HostText
/// </code>
/// The hosted engine has only the Microsoft.PowerShell.Core cmdlets (no Select-Object, Write-Host, Format-Table, Test-Path).
/// </summary>
public sealed class PowerShellHarness : IDisposable
{
    private static readonly Regex Ansi = new(@"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07", RegexOptions.Compiled);
    private readonly Dictionary<string, string> _savedEnvironment = new(StringComparer.Ordinal);
    private bool _disposed;

    private PowerShellHarness(HarnessOptions options)
    {
        Options = options;
        Host = new RecordingHost(options.NoUI, options.Width);
        var iss = InitialSessionState.CreateDefault2();
        if (OperatingSystem.IsWindows()) iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
        foreach (var file in options.FormatFiles) iss.Formats.Add(new SessionStateFormatEntry(file));
        Runspace = RunspaceFactory.CreateRunspace(Host, iss);
        Runspace.ThreadOptions = PSThreadOptions.UseCurrentThread;
        Runspace.Open();
        var setup = Run("$PSStyle.OutputRendering = 'PlainText'");
        setup.AssertNoErrors();
        if (options.ImportModule)
        {
            var manifest = options.ModuleManifestPath ?? RepoPaths.ModuleManifest;
            if (!File.Exists(manifest))
                throw new FileNotFoundException("The module is not built. Run 'dotnet build LambdaAlias.sln' first.", manifest);
            var import = Run("param($path) Import-Module $path -PassThru -ErrorAction Stop", new() { ["path"] = manifest });
            import.AssertNoErrors();
            Module = (PSModuleInfo)import.Output.Single().BaseObject;
        }
    }

    public static PowerShellHarness Create(HarnessOptions options = null) => new(options ?? new HarnessOptions());

    /// <summary>A harness whose host has no UI, like a runbook host.</summary>
    public static PowerShellHarness CreateNoUI(bool importModule = true) => new(new HarnessOptions { NoUI = true, ImportModule = importModule });

    public HarnessOptions Options { get; }
    public RecordingHost Host { get; }
    public Runspace Runspace { get; }

    /// <summary>The imported LambdaAlias module, or null when <see cref="HarnessOptions.ImportModule"/> was false.</summary>
    public PSModuleInfo Module { get; }

    /// <summary>Answers for confirmation prompts, in order: a hotkey ("Y", "A", "N", "L") or a label ("Yes to All").
    /// A prompt with no queued answer throws <see cref="UnscriptedPromptException"/>.</summary>
    public Queue<string> ConfirmAnswers => Host.Recorder.ConfirmAnswers;

    /// <summary>Answers for Read-Host style lines and mandatory-parameter prompts.</summary>
    public Queue<string> ReadLineAnswers => Host.Recorder.ReadLineAnswers;

    public void SetVariable(string name, object value) => Runspace.SessionStateProxy.SetVariable(name, value);

    public object GetVariable(string name)
    {
        var value = Runspace.SessionStateProxy.GetVariable(name);
        return value is PSObject pso ? pso.BaseObject : value;
    }

    /// <summary>Sets a process environment variable (the env: drive and the module's SDK read the process
    /// environment) and restores the previous value when the harness is disposed. Engine tests run one at a time
    /// (see AssemblyInfo.cs), so this cannot leak into a concurrent test.</summary>
    public void SetEnvironment(string name, string value)
    {
        if (!_savedEnvironment.ContainsKey(name)) _savedEnvironment[name] = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    /// <summary>The emulator's credentials and region for the SDK (access key test, secret test, us-east-1), with
    /// instance metadata off; restored on Dispose. Pass the emulator's BaseUrl to the cmdlets as -EndpointUrl.</summary>
    public void UseEmulatorCredentials(string region = "us-east-1")
    {
        SetEnvironment("AWS_ACCESS_KEY_ID", "test");
        SetEnvironment("AWS_SECRET_ACCESS_KEY", "test");
        SetEnvironment("AWS_SESSION_TOKEN", null);
        SetEnvironment("AWS_PROFILE", null);
        SetEnvironment("AWS_REGION", region);
        SetEnvironment("AWS_DEFAULT_REGION", region);
        SetEnvironment("AWS_EC2_METADATA_DISABLED", "true");
    }

    /// <summary>Runs a script in the runspace. <paramref name="parameters"/> bind to the script's param() block.</summary>
    public HarnessResult Run(string script, Dictionary<string, object> parameters = null) => Invoke(script, parameters, render: false);

    /// <summary>Runs a script and pipes its output to Out-Default, so <see cref="HarnessResult.HostText"/> holds what
    /// the console would show (module table views, 120 columns, no ANSI).</summary>
    public HarnessResult Render(string script, Dictionary<string, object> parameters = null) => Invoke(script, parameters, render: true);

    private HarnessResult Invoke(string script, Dictionary<string, object> parameters, bool render)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Host.Recorder.Reset();
        using var ps = PowerShell.Create();
        ps.Runspace = Runspace;
        ps.AddScript(script);
        if (parameters != null) ps.AddParameters(parameters);
        if (render) ps.AddCommand("Out-Default");

        // Output written before a terminating error is kept: the collection fills as the pipeline runs.
        var output = new PSDataCollection<PSObject>();
        Exception terminating = null;
        var culture = CultureInfo.CurrentCulture;
        var uiCulture = CultureInfo.CurrentUICulture;
        try
        {
            // The runspace runs pipelines on this thread (UseCurrentThread), so this is the culture they format with.
            CultureInfo.CurrentCulture = Host.CurrentCulture;
            CultureInfo.CurrentUICulture = Host.CurrentUICulture;
            ps.Invoke(null, output);
        }
        catch (Exception e)
        {
            terminating = e;
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
        }

        var (text, prompts, _) = Host.Recorder.Snapshot();
        var plain = Ansi.Replace(text, string.Empty).Replace("\r\n", "\n");
        return new HarnessResult
        {
            Script = script,
            Output = output.ToList(),
            Errors = ps.Streams.Error.ToList(),
            TerminatingException = terminating,
            TerminatingError = (terminating as IContainsErrorRecord)?.ErrorRecord,
            Warnings = ps.Streams.Warning.Select(w => w.Message).ToList(),
            Verbose = ps.Streams.Verbose.Select(v => v.Message).ToList(),
            Debug = ps.Streams.Debug.Select(d => d.Message).ToList(),
            Information = ps.Streams.Information.ToList(),
            Progress = ps.Streams.Progress.ToList(),
            ConfirmPrompts = prompts,
            HostText = plain,
            WhatIfLines = plain.Split('\n').Where(l => l.StartsWith("What if:", StringComparison.Ordinal)).ToList(),
        };
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Runspace.Dispose();
        foreach (var (name, value) in _savedEnvironment) Environment.SetEnvironmentVariable(name, value);
    }
}

/// <summary>Everything one <see cref="PowerShellHarness.Run"/> produced.</summary>
public sealed class HarnessResult
{
    public string Script { get; init; }
    public IReadOnlyList<PSObject> Output { get; init; }
    /// <summary>Non-terminating errors written to the error stream.</summary>
    public IReadOnlyList<ErrorRecord> Errors { get; init; }
    /// <summary>The exception that stopped the pipeline, if any (a throw, -ErrorAction Stop, an unscripted prompt).</summary>
    public Exception TerminatingException { get; init; }
    public ErrorRecord TerminatingError { get; init; }
    public IReadOnlyList<string> Warnings { get; init; }
    public IReadOnlyList<string> Verbose { get; init; }
    public IReadOnlyList<string> Debug { get; init; }
    public IReadOnlyList<InformationRecord> Information { get; init; }
    public IReadOnlyList<ProgressRecord> Progress { get; init; }
    /// <summary>Prompts the host was asked, with the scripted answer (null when it was unscripted and threw).</summary>
    public IReadOnlyList<HostPrompt> ConfirmPrompts { get; init; }
    /// <summary>Everything written to the host UI (Out-Default's rendering, What if: lines), ANSI stripped, "\n" line ends.</summary>
    public string HostText { get; init; }
    public IReadOnlyList<string> WhatIfLines { get; init; }

    public IReadOnlyList<string> HostLines => HostText.Split('\n');

    /// <summary>Every error, non-terminating first, then the terminating one.</summary>
    public IReadOnlyList<ErrorRecord> AllErrors =>
        TerminatingError == null ? Errors : Errors.Append(TerminatingError).ToList();

    /// <summary>The base objects of the output (PSObject wrappers removed).</summary>
    public IReadOnlyList<object> Objects => Output.Select(o => o?.BaseObject).ToList();

    public HarnessResult AssertNoErrors()
    {
        if (TerminatingException == null && Errors.Count == 0) return this;
        throw new Xunit.Sdk.XunitException("Expected no errors from:\n" + Script + "\n\n" + DescribeErrors());
    }

    public string DescribeErrors()
    {
        var lines = Errors.Select(e => "error: " + Describe(e)).ToList();
        if (TerminatingException != null)
            lines.Add("terminating: " + (TerminatingError != null ? Describe(TerminatingError) : TerminatingException.ToString()));
        return string.Join("\n", lines);
    }

    private static string Describe(ErrorRecord e) =>
        $"{e.FullyQualifiedErrorId}: {e.Exception?.Message}" +
        (e.InvocationInfo?.PositionMessage is { Length: > 0 } p ? "\n" + p : string.Empty);
}

public static class PSObjectExtensions
{
    /// <summary>A property value by name, unwrapped; null when the property is absent.</summary>
    public static object Prop(this PSObject o, string name)
    {
        var value = o?.Properties[name]?.Value;
        return value is PSObject pso ? pso.BaseObject : value;
    }
}
