using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;

namespace LambdaAlias.Demo;

/// <summary>What one command of the transcript produced: its output objects, its errors and the text it showed.</summary>
public sealed class DemoCommandResult
{
    public string Pipeline { get; init; }
    public IReadOnlyList<PSObject> Output { get; init; }
    /// <summary>Non-terminating errors, then the terminating one, if any.</summary>
    public IReadOnlyList<ErrorRecord> Errors { get; init; }
    public IReadOnlyList<string> Warnings { get; init; }
    /// <summary>Everything the transcript showed for this command, from the "PS>" line on.</summary>
    public string Text { get; init; }

    /// <summary>The output's base objects (PSObject wrappers removed).</summary>
    public IReadOnlyList<object> Objects => Output.Select(o => o?.BaseObject).ToList();

    /// <summary>The ErrorIds of the errors (the part of FullyQualifiedErrorId before the command name).</summary>
    public IReadOnlyList<string> ErrorIds => Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).ToList();
}

/// <summary>
/// A PowerShell runspace with the built module imported from out/LambdaAlias, around a <see cref="DemoHost"/>. Each
/// command is echoed as "PS> pipeline", run, and its output rendered through Out-Default with the module's views, like a
/// console session.
/// </summary>
public sealed class DemoShell : IDisposable
{
    private readonly TeeWriter _writer;
    private readonly Runspace _runspace;
    private PowerShell _current;

    private DemoShell(TextWriter output, string moduleManifest, bool interactive, int width)
    {
        _writer = new TeeWriter(output);
        Host = new DemoHost(_writer, width, interactive);
        var state = InitialSessionState.CreateDefault2();
        if (OperatingSystem.IsWindows()) state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
        state.Commands.Add(new SessionStateCmdletEntry("Format-List", typeof(DemoFormatListCommand), null));
        state.Commands.Add(new SessionStateCmdletEntry("Format-Table", typeof(DemoFormatTableCommand), null));
        _runspace = RunspaceFactory.CreateRunspace(Host, state);
        // Pipelines run on the caller's thread, so the culture below is the one they format with.
        _runspace.ThreadOptions = PSThreadOptions.UseCurrentThread;
        _runspace.Open();
        Invoke("$PSStyle.OutputRendering = 'PlainText'", null, out _, out var setupErrors);
        ThrowOnErrors("prepare the engine", setupErrors);
        Invoke("param($Path) Import-Module $Path -ErrorAction Stop", new Dictionary<string, object> { ["Path"] = moduleManifest }, out _, out var importErrors);
        ThrowOnErrors("import " + moduleManifest, importErrors);
        ModuleManifest = moduleManifest;
    }

    /// <summary>Opens the engine and imports the module. <paramref name="interactive"/> lets prompts ask on the console.</summary>
    public static DemoShell Open(TextWriter output, string moduleManifest, bool interactive = false, int width = 120)
    {
        if (!File.Exists(moduleManifest))
            throw new FileNotFoundException($"The module is not built: {moduleManifest} is missing. Run 'dotnet build LambdaAlias.sln' first.", moduleManifest);
        return new DemoShell(output, moduleManifest, interactive, width);
    }

    public DemoHost Host { get; }
    public string ModuleManifest { get; }

    /// <summary>The imported module's folder and assembly, as the engine reports them.</summary>
    public PSModuleInfo Module
    {
        get
        {
            Invoke("Get-Module LambdaAlias", null, out var output, out _);
            return output.Select(o => o.BaseObject).OfType<PSModuleInfo>().FirstOrDefault();
        }
    }

    /// <summary>Writes a line of narration ("# ...") to the transcript.</summary>
    public void Say(string text)
    {
        foreach (var line in text.Split('\n')) _writer.WriteLine(line.Length == 0 ? "#" : "# " + line.TrimEnd('\r'));
    }

    public void WriteLine(string text = "") => _writer.WriteLine(text);

    /// <summary>Echoes the pipeline, runs it, renders its output with Out-Default and its errors concisely.</summary>
    public DemoCommandResult Run(string pipeline)
    {
        _writer.StartCapture();
        _writer.WriteLine("PS> " + pipeline);
        Invoke(pipeline, null, out var output, out var errors, out var warnings);
        if (output.Count > 0)
        {
            Invoke(null, null, out _, out var renderErrors, out _, render: output);
            errors.AddRange(renderErrors);
        }
        foreach (var error in errors) _writer.WriteLine(Describe(error));
        _writer.WriteLine();
        return new DemoCommandResult { Pipeline = pipeline, Output = output, Errors = errors, Warnings = warnings, Text = _writer.StopCapture() };
    }

    /// <summary>Stops the running pipeline (Ctrl-C).</summary>
    public void Stop() => _current?.BeginStop(null, null);

    /// <summary>"Command: message" and the ErrorId, which is what scripts match on.</summary>
    public static string Describe(ErrorRecord error)
    {
        var command = error.InvocationInfo?.MyCommand?.Name;
        var message = error.ErrorDetails?.Message ?? error.Exception?.Message;
        var id = error.FullyQualifiedErrorId.Split(',')[0];
        return (string.IsNullOrEmpty(command) ? "Error" : command) + ": " + message + Environment.NewLine + "    ErrorId: " + id;
    }

    private void Invoke(string script, Dictionary<string, object> parameters, out List<PSObject> output, out List<ErrorRecord> errors) =>
        Invoke(script, parameters, out output, out errors, out _);

    private void Invoke(string script, Dictionary<string, object> parameters, out List<PSObject> output, out List<ErrorRecord> errors,
        out List<string> warnings, IList<PSObject> render = null)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        if (render != null) ps.AddCommand("Out-Default");
        else ps.AddScript(script);
        if (parameters != null) ps.AddParameters(parameters);
        var collected = new PSDataCollection<PSObject>();
        ErrorRecord terminating = null;
        var culture = CultureInfo.CurrentCulture;
        var uiCulture = CultureInfo.CurrentUICulture;
        _current = ps;
        try
        {
            CultureInfo.CurrentCulture = Host.CurrentCulture;
            CultureInfo.CurrentUICulture = Host.CurrentUICulture;
            if (render != null) ps.Invoke(render, collected);
            else ps.Invoke(null, collected);
        }
        catch (Exception e) when (e is RuntimeException || e is System.Management.Automation.Host.HostException)
        {
            terminating = (e as IContainsErrorRecord)?.ErrorRecord ?? new ErrorRecord(e, e.GetType().Name, ErrorCategory.NotSpecified, null);
        }
        finally
        {
            _current = null;
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
        }
        output = collected.ToList();
        errors = ps.Streams.Error.ToList();
        if (terminating != null) errors.Add(terminating);
        warnings = ps.Streams.Warning.Select(w => w.Message).ToList();
    }

    private static void ThrowOnErrors(string what, List<ErrorRecord> errors)
    {
        if (errors.Count > 0)
            throw new InvalidOperationException("Could not " + what + ": " + string.Join(Environment.NewLine, errors.Select(Describe)));
    }

    public void Dispose() => _runspace.Dispose();

    /// <summary>Writes through to the console (or the caller's writer) and keeps a copy of one command's text.</summary>
    private sealed class TeeWriter : TextWriter
    {
        private readonly TextWriter _inner;
        private StringBuilder _capture;

        public TeeWriter(TextWriter inner) => _inner = inner;

        public override Encoding Encoding => _inner.Encoding;

        public void StartCapture() => _capture = new StringBuilder();

        public string StopCapture()
        {
            var text = _capture?.ToString() ?? string.Empty;
            _capture = null;
            return text;
        }

        public override void Write(char value)
        {
            _inner.Write(value);
            _capture?.Append(value);
        }

        public override void Write(string value)
        {
            _inner.Write(value);
            _capture?.Append(value);
        }

        public override void Flush() => _inner.Flush();
    }
}
