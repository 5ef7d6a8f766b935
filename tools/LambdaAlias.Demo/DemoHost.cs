using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace LambdaAlias.Demo;

/// <summary>
/// A console-like PSHost that writes everything an operator would see (Out-Default's tables and lists, What if: lines,
/// warnings) to a <see cref="TextWriter"/> at a fixed width. Prompts are answered on the console when a person is
/// there; otherwise they fail with a message that names -Confirm:$false, as a runbook host would.
/// </summary>
public sealed class DemoHost : PSHost
{
    private readonly DemoHostUserInterface _ui;

    public DemoHost(TextWriter output, int width, bool interactive)
    {
        _ui = new DemoHostUserInterface(output, width, interactive);
    }

    public override PSHostUserInterface UI => _ui;
    public override string Name => "LambdaAlias.Demo";
    public override Version Version { get; } = new(1, 0);
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override CultureInfo CurrentCulture { get; } = CultureInfo.GetCultureInfo("en-US");
    public override CultureInfo CurrentUICulture { get; } = CultureInfo.GetCultureInfo("en-US");

    public override void SetShouldExit(int exitCode) { }
    public override void EnterNestedPrompt() => throw new NotSupportedException("The demo host has no nested prompt.");
    public override void ExitNestedPrompt() => throw new NotSupportedException("The demo host has no nested prompt.");
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
}

internal sealed class DemoHostUserInterface : PSHostUserInterface
{
    private readonly TextWriter _output;
    private readonly bool _interactive;
    private readonly object _sync = new();

    public DemoHostUserInterface(TextWriter output, int width, bool interactive)
    {
        _output = output;
        _interactive = interactive;
        RawUI = new DemoRawUserInterface(width);
    }

    public override PSHostRawUserInterface RawUI { get; }

    // Plain text: the transcript is read in terminals, CI logs and tests alike.
    public override bool SupportsVirtualTerminal => false;

    private void Emit(string text)
    {
        lock (_sync) _output.Write(text);
    }

    // The engine's formatter adds $PSStyle escape sequences (table headers, list labels); a host without virtual
    // terminal support removes them, as the console host does when output is redirected.
    private void EmitLine(string value) => Emit(GetOutputString(value, SupportsVirtualTerminal) + Environment.NewLine);

    public override void Write(string value) => Emit(GetOutputString(value, SupportsVirtualTerminal));
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Write(value);
    public override void WriteLine(string value) => EmitLine(value);
    public override void WriteErrorLine(string value) => EmitLine(value);
    public override void WriteWarningLine(string message) => EmitLine("WARNING: " + message);
    public override void WriteVerboseLine(string message) => EmitLine("VERBOSE: " + message);
    public override void WriteDebugLine(string message) => EmitLine("DEBUG: " + message);
    // A transcript has no progress bar; the records still reach the pipeline's progress stream.
    public override void WriteProgress(long sourceId, ProgressRecord record) { }
    public override void WriteInformation(InformationRecord record) { }

    public override string ReadLine()
    {
        RequireConsole("a line of input");
        return Console.ReadLine();
    }

    public override SecureString ReadLineAsSecureString() =>
        throw new HostException("The demo does not read secrets; use a profile (-ProfileName) or environment credentials.");

    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
    {
        RequireConsole("parameter values");
        var result = new Dictionary<string, PSObject>();
        foreach (var field in descriptions)
        {
            Emit(field.Name + ": ");
            result[field.Name] = PSObject.AsPSObject(Console.ReadLine());
        }
        return result;
    }

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        throw new HostException("The demo does not prompt for credentials; use a profile (-ProfileName) or environment credentials.");

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
        PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => PromptForCredential(caption, message, userName, targetName);

    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        RequireConsole("a confirmation (" + caption + ": " + message + ")");
        Emit(caption + Environment.NewLine + message + Environment.NewLine);
        var labels = string.Join("  ", choices.Select(c => "[" + Hotkey(c.Label) + "] " + c.Label.Replace("&", string.Empty)));
        while (true)
        {
            Emit(labels + " (default is \"" + Hotkey(choices[Math.Max(0, defaultChoice)].Label) + "\"): ");
            var answer = Console.ReadLine();
            if (answer == null) throw new HostException("No answer to the confirmation: standard input ended.");
            if (answer.Length == 0 && defaultChoice >= 0) return defaultChoice;
            for (var i = 0; i < choices.Count; i++)
            {
                if (string.Equals(Hotkey(choices[i].Label), answer.Trim(), StringComparison.OrdinalIgnoreCase) ||
                    string.Equals(choices[i].Label.Replace("&", string.Empty), answer.Trim(), StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }
        }
    }

    private static string Hotkey(string label)
    {
        var amp = label.IndexOf('&');
        return amp >= 0 && amp + 1 < label.Length ? label[amp + 1].ToString() : label;
    }

    private void RequireConsole(string what)
    {
        if (!_interactive)
            throw new HostException($"The demo was asked for {what} but nobody is at the console. Add -Confirm:$false (or -Force) to run unattended, or -WhatIf to see the plan.");
    }
}

/// <summary>A fixed-width screen with no cursor or keyboard: the width the module's tables promise to fit (120).</summary>
internal sealed class DemoRawUserInterface : PSHostRawUserInterface
{
    private readonly int _width;

    public DemoRawUserInterface(int width)
    {
        _width = width;
        BufferSize = new Size(width, 9999);
        WindowSize = new Size(width, 50);
    }

    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
    public override Size BufferSize { get; set; }
    public override Coordinates CursorPosition { get; set; }
    public override int CursorSize { get; set; }
    public override Coordinates WindowPosition { get; set; }
    public override Size WindowSize { get; set; }
    public override Size MaxWindowSize => new(_width, 50);
    public override Size MaxPhysicalWindowSize => new(_width, 50);
    public override string WindowTitle { get; set; } = "LambdaAlias demo";
    public override bool KeyAvailable => false;

    public override KeyInfo ReadKey(ReadKeyOptions options) => throw new HostException("The demo host reads no keys.");
    public override void FlushInputBuffer() { }
    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();
    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) => throw new NotSupportedException();
    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) => throw new NotSupportedException();
    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
}
