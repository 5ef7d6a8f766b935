using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace LambdaAlias.Tests.Harness;

/// <summary>A prompt the engine (or a cmdlet) raised through the host, and the scripted answer it got. Choices and the
/// answer are labels without the hotkey ampersand ("Yes to All").</summary>
public sealed record HostPrompt(string Caption, string Message, IReadOnlyList<string> Choices, string Answer);

/// <summary>Thrown by the recording host when something prompts and the test scripted no answer. Tests must decide
/// every prompt; a real operator would be stuck here.</summary>
public sealed class UnscriptedPromptException : HostException
{
    public UnscriptedPromptException(string kind, string caption, string message)
        : base($"Unscripted {kind} prompt. Caption: '{caption}'. Message: '{message}'. " +
               "Enqueue an answer (PowerShellHarness.ConfirmAnswers / ReadLineAnswers) before running.")
    {
    }
}

/// <summary>
/// A PSHost that records what an operator would see. With <c>noUI</c> it has no user interface at all, like a
/// runbook or scheduled-task host: the engine then refuses to prompt (ShouldProcess confirmation throws) and host
/// writes go nowhere.
/// </summary>
public sealed class RecordingHost : PSHost
{
    private readonly RecordingHostUserInterface _ui;
    private readonly bool _noUI;

    public RecordingHost(bool noUI, int width)
    {
        _noUI = noUI;
        _ui = new RecordingHostUserInterface(width);
    }

    /// <summary>The recorder, present in both modes so a test can assert that nothing reached it.</summary>
    public RecordingHostUserInterface Recorder => _ui;

    public override PSHostUserInterface UI => _noUI ? null : _ui;

    /// <summary><c>$Host.PrivateData</c> in scripts: the recorder, so Pester files can queue answers
    /// (<c>$Host.PrivateData.ConfirmAnswers.Enqueue('Y')</c>) and read what was written (<c>$Host.PrivateData.TakeText()</c>).</summary>
    public override PSObject PrivateData => _noUI ? null : _privateData ??= new PSObject(_ui);
    private PSObject _privateData;
    public override string Name => _noUI ? "LambdaAlias.RunbookHost" : "LambdaAlias.RecordingHost";
    public override Version Version { get; } = new(1, 0);
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override CultureInfo CurrentCulture { get; } = CultureInfo.GetCultureInfo("en-US");
    public override CultureInfo CurrentUICulture { get; } = CultureInfo.GetCultureInfo("en-US");

    /// <summary>The code passed to <c>exit</c>, if the script called it.</summary>
    public int? ExitCode { get; private set; }

    public override void SetShouldExit(int exitCode) => ExitCode = exitCode;
    public override void EnterNestedPrompt() => throw new NotSupportedException("The recording host has no nested prompt.");
    public override void ExitNestedPrompt() => throw new NotSupportedException("The recording host has no nested prompt.");
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
}

/// <summary>Records host writes (the text Out-Default renders, What if: lines, prompts) and answers prompts from scripts.</summary>
public sealed class RecordingHostUserInterface : PSHostUserInterface, IHostUISupportsMultipleChoiceSelection
{
    private readonly object _sync = new();
    private readonly System.Text.StringBuilder _text = new();
    private readonly List<HostPrompt> _prompts = new();
    private readonly List<ProgressRecord> _progress = new();

    public RecordingHostUserInterface(int width) => RawUI = new RecordingRawUserInterface(width);

    public override PSHostRawUserInterface RawUI { get; }

    /// <summary>The host prints plain text; combined with $PSStyle.OutputRendering = 'PlainText' no ANSI reaches it.</summary>
    public override bool SupportsVirtualTerminal => false;

    /// <summary>Answers for PromptForChoice (ShouldProcess -Confirm, ShouldContinue, $Host.UI.PromptForChoice), in order.
    /// Each answer is a choice's hotkey ("Y", "A", "N", "L") or its label without the ampersand ("Yes to All").</summary>
    public Queue<string> ConfirmAnswers { get; } = new();

    /// <summary>Answers for Read-Host style ReadLine calls and for Prompt fields (mandatory parameters), in order.</summary>
    public Queue<string> ReadLineAnswers { get; } = new();

    /// <summary>Returns the host text written since the last take (or since the run began) and forgets it.</summary>
    public string TakeText()
    {
        lock (_sync) { var text = _text.ToString(); _text.Clear(); return text; }
    }

    internal void Reset()
    {
        lock (_sync) { _text.Clear(); _prompts.Clear(); _progress.Clear(); }
    }

    internal (string Text, List<HostPrompt> Prompts, List<ProgressRecord> Progress) Snapshot()
    {
        lock (_sync) return (_text.ToString(), new List<HostPrompt>(_prompts), new List<ProgressRecord>(_progress));
    }

    private void Append(string value) { lock (_sync) _text.Append(value); }

    public override void Write(string value) => Append(value);
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Append(value);
    public override void WriteLine(string value) => Append(value + "\n");
    public override void WriteErrorLine(string value) => Append(value + "\n");
    // Warning, verbose and debug records also arrive in the PowerShell streams, where the harness reads them with
    // their structure; echoing them into the host text would blur what Out-Default rendered.
    public override void WriteDebugLine(string message) { }
    public override void WriteVerboseLine(string message) { }
    public override void WriteWarningLine(string message) { }
    public override void WriteProgress(long sourceId, ProgressRecord record) { lock (_sync) _progress.Add(record); }
    public override void WriteInformation(InformationRecord record) { }

    public override string ReadLine()
    {
        lock (_sync)
        {
            if (ReadLineAnswers.Count == 0) throw new UnscriptedPromptException("ReadLine", null, null);
            var answer = ReadLineAnswers.Dequeue();
            _prompts.Add(new HostPrompt("ReadLine", null, Array.Empty<string>(), answer));
            return answer;
        }
    }

    public override SecureString ReadLineAsSecureString() => throw new UnscriptedPromptException("secure ReadLine", null, null);

    public override Dictionary<string, PSObject> Prompt(string caption, string message, System.Collections.ObjectModel.Collection<FieldDescription> descriptions)
    {
        var result = new Dictionary<string, PSObject>();
        lock (_sync)
        {
            foreach (var field in descriptions)
            {
                if (ReadLineAnswers.Count == 0) throw new UnscriptedPromptException("field '" + field.Name + "'", caption, message);
                var answer = ReadLineAnswers.Dequeue();
                _prompts.Add(new HostPrompt(caption, message, new[] { field.Name }, answer));
                result[field.Name] = PSObject.AsPSObject(answer);
            }
        }
        return result;
    }

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName)
        => throw new UnscriptedPromptException("credential", caption, message);

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
        PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options)
        => throw new UnscriptedPromptException("credential", caption, message);

    public override int PromptForChoice(string caption, string message, System.Collections.ObjectModel.Collection<ChoiceDescription> choices, int defaultChoice)
    {
        var labels = choices.Select(c => c.Label.Replace("&", string.Empty)).ToList();
        lock (_sync)
        {
            if (ConfirmAnswers.Count == 0)
            {
                _prompts.Add(new HostPrompt(caption, message, labels, null));
                throw new UnscriptedPromptException("choice", caption, message);
            }
            var answer = ConfirmAnswers.Dequeue();
            var index = FindChoice(choices, answer);
            _prompts.Add(new HostPrompt(caption, message, labels, labels[index]));
            return index;
        }
    }

    public System.Collections.ObjectModel.Collection<int> PromptForChoice(string caption, string message,
        System.Collections.ObjectModel.Collection<ChoiceDescription> choices, IEnumerable<int> defaultChoices)
        => new() { PromptForChoice(caption, message, choices, defaultChoices?.FirstOrDefault() ?? -1) };

    private static int FindChoice(IList<ChoiceDescription> choices, string answer)
    {
        for (var i = 0; i < choices.Count; i++)
        {
            var label = choices[i].Label;
            var amp = label.IndexOf('&');
            var hotkey = amp >= 0 && amp + 1 < label.Length ? label[amp + 1].ToString() : null;
            if (string.Equals(label.Replace("&", string.Empty), answer, StringComparison.OrdinalIgnoreCase)
                || string.Equals(hotkey, answer, StringComparison.OrdinalIgnoreCase))
                return i;
        }
        throw new ArgumentException($"Scripted answer '{answer}' matches none of the choices: " +
                                    string.Join(", ", choices.Select(c => c.Label)));
    }
}

/// <summary>A fixed-size screen: 120 columns wide (the table width the module promises), no cursor, no keyboard.</summary>
public sealed class RecordingRawUserInterface : PSHostRawUserInterface
{
    private readonly int _width;
    public RecordingRawUserInterface(int width) { _width = width; BufferSize = new Size(width, 9999); WindowSize = new Size(width, 50); }

    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
    public override Size BufferSize { get; set; }
    public override Coordinates CursorPosition { get; set; }
    public override int CursorSize { get; set; }
    public override Coordinates WindowPosition { get; set; }
    public override Size WindowSize { get; set; }
    public override Size MaxWindowSize => new(_width, 50);
    public override Size MaxPhysicalWindowSize => new(_width, 50);
    public override string WindowTitle { get; set; } = "LambdaAlias tests";
    public override bool KeyAvailable => false;

    public override KeyInfo ReadKey(ReadKeyOptions options) => throw new UnscriptedPromptException("ReadKey", null, null);
    public override void FlushInputBuffer() { }
    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();
    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) => throw new NotSupportedException();
    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) => throw new NotSupportedException();
    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
}
