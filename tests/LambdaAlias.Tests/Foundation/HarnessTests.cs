using System.Management.Automation;
using System.Management.Automation.Host;
using LambdaAlias.Tests.Harness;
using Xunit;

namespace LambdaAlias.Tests.Foundation;

/// <summary>The recording host captures what an operator would see, and the no-UI host behaves like a runbook host.
/// A script cmdlet stands in for the module's cmdlets: ShouldProcess, WriteProgress and the streams work the same.</summary>
public sealed class HarnessTests
{
    private const string RemoveThing = @"
function Remove-Thing {
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
    param([string[]] $Name)
    foreach ($n in $Name) {
        $PSCmdlet.WriteProgress([System.Management.Automation.ProgressRecord]::new(1, 'Removing', ""thing $n""))
        $PSCmdlet.WriteVerbose(""checking $n"")
        $PSCmdlet.WriteDebug(""debugging $n"")
        if ($n -eq 'odd') { $PSCmdlet.WriteWarning('odd thing') }
        if ($PSCmdlet.ShouldProcess(""thing $n"", 'Remove')) { ""removed $n"" }
    }
}";

    private static PowerShellHarness NewHarness(bool noUI = false)
    {
        var h = PowerShellHarness.Create(new HarnessOptions { NoUI = noUI, ImportModule = false });
        h.Run(RemoveThing).AssertNoErrors();
        return h;
    }

    [Fact]
    public void WhatIfLinesAreCapturedAndNothingIsDone()
    {
        using var h = NewHarness();
        var r = h.Run("Remove-Thing -Name a, b -WhatIf").AssertNoErrors();
        Assert.Empty(r.Output);
        Assert.Equal(new[]
        {
            "What if: Performing the operation \"Remove\" on target \"thing a\".",
            "What if: Performing the operation \"Remove\" on target \"thing b\".",
        }, r.WhatIfLines);
    }

    [Fact]
    public void ConfirmPromptsAreAnsweredFromTheScriptInOrder()
    {
        using var h = NewHarness();
        h.ConfirmAnswers.Enqueue("Y");
        h.ConfirmAnswers.Enqueue("No");
        var r = h.Run("Remove-Thing -Name a, b").AssertNoErrors();
        Assert.Equal(new object[] { "removed a" }, r.Objects);
        Assert.Equal(2, r.ConfirmPrompts.Count);
        Assert.Equal("Confirm", r.ConfirmPrompts[0].Caption);
        Assert.Contains("Performing the operation \"Remove\" on target \"thing a\".", r.ConfirmPrompts[0].Message);
        Assert.Equal("Yes", r.ConfirmPrompts[0].Answer);
        Assert.Equal("No", r.ConfirmPrompts[1].Answer);
        Assert.Equal(new[] { "Yes", "Yes to All", "No", "No to All", "Suspend" }, r.ConfirmPrompts[0].Choices);
        Assert.Empty(h.ConfirmAnswers);
    }

    [Fact]
    public void YesToAllAnswersEveryLaterPrompt()
    {
        using var h = NewHarness();
        h.ConfirmAnswers.Enqueue("A");
        var r = h.Run("Remove-Thing -Name a, b, c").AssertNoErrors();
        Assert.Equal(new object[] { "removed a", "removed b", "removed c" }, r.Objects);
        Assert.Single(r.ConfirmPrompts);
    }

    [Fact]
    public void AnUnscriptedPromptThrows()
    {
        using var h = NewHarness();
        var r = h.Run("Remove-Thing -Name a");
        Assert.Empty(r.Output);
        var error = Assert.Single(r.AllErrors);
        Assert.IsType<UnscriptedPromptException>(error.Exception.InnerException ?? error.Exception);
        Assert.Null(Assert.Single(r.ConfirmPrompts).Answer);
    }

    [Fact]
    public void AnAnswerThatIsNoChoiceIsRejected()
    {
        using var h = NewHarness();
        h.ConfirmAnswers.Enqueue("Maybe");
        var r = h.Run("Remove-Thing -Name a");
        Assert.Contains("matches none of the choices", Assert.Single(r.AllErrors).Exception.ToString());
    }

    [Fact]
    public void ProgressWarningsVerboseAndDebugAreCaptured()
    {
        using var h = NewHarness();
        // -Debug would also turn warnings into prompts (Inquire); the preference variable shows debug output alone.
        var r = h.Run("$DebugPreference = 'Continue'; Remove-Thing -Name even, odd -WhatIf -Verbose").AssertNoErrors();
        Assert.Equal(new[] { "thing even", "thing odd" }, r.Progress.Select(p => p.StatusDescription));
        Assert.All(r.Progress, p => Assert.Equal("Removing", p.Activity));
        Assert.Equal(new[] { "odd thing" }, r.Warnings);
        Assert.Equal(new[] { "checking even", "checking odd" }, r.Verbose);
        Assert.Equal(new[] { "debugging even", "debugging odd" }, r.Debug);
    }

    [Fact]
    public void NonTerminatingAndTerminatingErrorsAreKeptApart()
    {
        using var h = NewHarness();
        var r = h.Run("Get-Command -Name No-SuchCommand; 'after'; throw 'stopped here'");
        Assert.Equal(new object[] { "after" }, r.Objects);
        Assert.Equal("CommandNotFoundException,Microsoft.PowerShell.Commands.GetCommandCommand", Assert.Single(r.Errors).FullyQualifiedErrorId);
        Assert.Equal("stopped here", r.TerminatingError.Exception.Message);
        Assert.Equal(2, r.AllErrors.Count);
        var ex = Assert.ThrowsAny<Exception>(() => r.AssertNoErrors());
        Assert.Contains("stopped here", ex.Message);
    }

    [Fact]
    public void OutDefaultRendersPlainTextAt120Columns()
    {
        using var h = NewHarness();
        // Five properties render as a list. A PSStyle-decorated string would carry escape codes if rendering were not plain text.
        var r = h.Render("[pscustomobject]@{ A = 1; B = 2; C = 3; Name = 'x' * 150; Styled = $PSStyle.Foreground.Red + 'red' + $PSStyle.Reset }").AssertNoErrors();
        Assert.False(r.HostText.Contains('\u001b'), r.HostText);
        Assert.Contains("Styled : red\n", r.HostText);
        Assert.All(r.HostLines, l => Assert.True(l.Length <= 120, $"{l.Length} columns: {l}"));
        Assert.Equal(2, r.HostLines.Count(l => l.Contains("xxxxxxxxxx"))); // the 150-character value wraps at the buffer width
        Assert.Empty(r.Output);
    }

    [Fact]
    public void HostTextIsPerRun()
    {
        using var h = NewHarness();
        Assert.Contains("first", h.Render("'first'").HostText);
        var second = h.Render("'second'");
        Assert.DoesNotContain("first", second.HostText);
        Assert.Equal("second\n", second.HostText);
    }

    [Fact]
    public void ScriptsCanQueueAnswersAndReadHostTextThroughPrivateData()
    {
        using var h = NewHarness();
        var r = h.Run(@"
$Host.PrivateData.ConfirmAnswers.Enqueue('Y')
Remove-Thing -Name a
$null = Remove-Thing -Name b -WhatIf
$Host.PrivateData.TakeText()").AssertNoErrors();
        Assert.Equal("removed a", r.Objects[0]);
        Assert.Equal("What if: Performing the operation \"Remove\" on target \"thing b\".\n", r.Objects[1]);
    }

    [Fact]
    public void NoUIHostRefusesToConfirmLikeARunbookHost()
    {
        using var h = NewHarness(noUI: true);
        var r = h.Run("Remove-Thing -Name a");
        Assert.Empty(r.Output);
        var error = Assert.Single(r.AllErrors);
        var hostError = error.Exception.InnerException ?? error.Exception;
        Assert.IsType<HostException>(hostError);
        Assert.Contains("does not support user interaction", hostError.Message);
        Assert.Empty(r.ConfirmPrompts);
    }

    [Fact]
    public void NoUIHostStillHonoursConfirmFalseAndStreams()
    {
        using var h = NewHarness(noUI: true);
        var r = h.Run("Remove-Thing -Name odd -Confirm:$false -Verbose").AssertNoErrors();
        Assert.Equal(new object[] { "removed odd" }, r.Objects);
        Assert.Equal(new[] { "odd thing" }, r.Warnings);
        Assert.Single(r.Progress);
        Assert.Equal(string.Empty, r.HostText);
        Assert.Null(h.Run("$Host.PrivateData").Objects.SingleOrDefault());
    }

    [Fact]
    public void VariablesParametersAndEnvironmentReachTheScript()
    {
        const string name = "LAMBDAALIAS_HARNESS_TEST";
        Assert.Null(Environment.GetEnvironmentVariable(name));
        using (var h = NewHarness())
        {
            h.SetVariable("greeting", "hello");
            h.SetEnvironment(name, "from-env");
            var r = h.Run("param($Who) \"$greeting $Who $env:LAMBDAALIAS_HARNESS_TEST\"", new() { ["Who"] = "world" }).AssertNoErrors();
            Assert.Equal("hello world from-env", Assert.Single(r.Objects));
            h.Run("$fromScript = 42").AssertNoErrors();
            Assert.Equal(42, h.GetVariable("fromScript"));
        }
        Assert.Null(Environment.GetEnvironmentVariable(name));
    }

    [Fact]
    public async Task AnInProcessEmulatorWithItsCredentialsIsReachableFromScripts()
    {
        await using var emulator = await LambdaAlias.Emulator.EmulatorHost.StartAsync(new LambdaAlias.Emulator.EmulatorOptions { Port = 0 });
        var before = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID");
        using (var h = NewHarness())
        {
            h.UseEmulatorCredentials();
            h.SetVariable("url", emulator.BaseUrl);
            var r = h.Run(@"
$client = [System.Net.Http.HttpClient]::new()
try { [int]$client.GetAsync($url + '/2015-03-31/functions').GetAwaiter().GetResult().StatusCode } finally { $client.Dispose() }
""$env:AWS_ACCESS_KEY_ID/$env:AWS_SECRET_ACCESS_KEY/$env:AWS_REGION""").AssertNoErrors();
            Assert.InRange((int)r.Objects[0], 100, 599);
            Assert.Equal("test/test/us-east-1", r.Objects[1]);
        }
        Assert.Equal(before, Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"));
    }

    [Fact]
    public void TheHostIsEnUsAnd120Wide()
    {
        using var h = NewHarness();
        var r = h.Run("$Host.CurrentCulture.Name; $Host.CurrentUICulture.Name; $Host.UI.RawUI.BufferSize.Width; [datetime]::new(2024, 3, 1).ToString('d'); (1234.5).ToString('C')");
        Assert.Equal(new object[] { "en-US", "en-US", 120, "3/1/2024", "$1,234.50" }, r.Objects);
    }
}
