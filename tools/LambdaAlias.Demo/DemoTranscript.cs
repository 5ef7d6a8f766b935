using System.Management.Automation;

namespace LambdaAlias.Demo;

/// <summary>One command of the transcript and the ErrorId it is meant to show (null: it must run without errors).</summary>
public sealed record DemoStep(string Pipeline, string ExpectedErrorId = null);

/// <summary>A numbered part of the transcript with what each of its commands did.</summary>
public sealed class DemoSectionResult
{
    public int Number { get; init; }
    public string Title { get; init; }
    public List<DemoCommandResult> Commands { get; } = new();
    /// <summary>For each command, the mutating AWS operations the emulator served while it ran (from its request log).</summary>
    public List<IReadOnlyList<string>> MutatingCalls { get; } = new();
    /// <summary>Commands whose errors differ from what the step expected.</summary>
    public List<string> Problems { get; } = new();
}

/// <summary>The whole transcript: its sections and the text it printed.</summary>
public sealed class DemoTranscriptResult
{
    public List<DemoSectionResult> Sections { get; } = new();
    public string EndpointUrl { get; init; }
    public string ModuleBase { get; set; }

    /// <summary>True when every command did what the demo shows it doing: no error, or exactly the one it demonstrates.</summary>
    public bool Succeeded => Sections.All(s => s.Problems.Count == 0);

    public DemoSectionResult Section(int number) => Sections.Single(s => s.Number == number);
}

/// <summary>
/// The demo: the card's pipeline against the emulator's demo account, printed as a console transcript.
/// 1. the pins; 2. the indirection chain behind the demo invoke URL; 3. the -WhatIf plan; 4. the migration;
/// 5. a re-scan that finds no version pins; 6. a release and a rollback, one alias move each.
/// </summary>
public static class DemoTranscript
{
    /// <summary>The clean URL a database holds: custom domain api.example.com, base path orders, REST API a1b2c3d4e5 stage dev.</summary>
    public const string InvokeUrl = "https://api.example.com/orders/orders";

    /// <summary>Starts the demo account, runs the transcript into <paramref name="output"/> and stops the account.</summary>
    public static async Task<bool> RunAsync(TextWriter output, string moduleManifest, int width = 120)
    {
        var result = await RecordAsync(output, moduleManifest, width);
        return result.Succeeded;
    }

    /// <summary>As <see cref="RunAsync"/>, returning every command's objects and text (the demo test reads them).</summary>
    public static async Task<DemoTranscriptResult> RecordAsync(TextWriter output, string moduleManifest, int width = 120)
    {
        await using var account = await DemoAccount.StartAsync();
        using var shell = DemoShell.Open(output, moduleManifest, interactive: false, width);
        return Run(shell, account);
    }

    /// <summary>Runs the six sections in an open shell whose AWS calls reach the demo account.</summary>
    public static DemoTranscriptResult Run(DemoShell shell, DemoAccount account)
    {
        var endpointUrl = account.EndpointUrl;
        var module = shell.Module;
        var result = new DemoTranscriptResult { EndpointUrl = endpointUrl, ModuleBase = module?.ModuleBase };
        shell.Say($"LambdaAlias {module?.Version} from {module?.ModuleBase}");
        shell.Say($"against the emulator's demo account {DemoAccount.AccountId} ({DemoAccount.Region}), running in this process at {endpointUrl}.");
        shell.Say("AWS_ENDPOINT_URL points the module there, so each command reads as you would type it against a real account.");
        shell.WriteLine();

        var pins = Section(shell, account, result, 1, "The pins: every trigger that invokes a function by version number",
            "Get-LambdaIntegrationPin scans REST and HTTP APIs (integrations, authorizers, what each stage and canary serves,\n" +
            "stage variables) and event source mappings. Behind = versions published since the pin.",
            new DemoStep("Get-LambdaIntegrationPin"));
        shell.Say($"{pins.Commands[0].Output.Count} version pins.");
        shell.WriteLine();

        Section(shell, account, result, 2, "The indirection chain behind a clean invoke URL",
            $"A database stores {InvokeUrl}. Custom domain api.example.com maps base path 'orders' to REST API\n" +
            "a1b2c3d4e5 stage dev; GET /orders there integrates with my-func:1 behind the token-auth authorizer (auth-func:1).\n" +
            "Version 1 lacks the VPC configuration version 2 has. One command follows the whole chain:",
            new DemoStep($"Get-LambdaIntegrationPin -InvokeUrl {InvokeUrl} | Format-List"));

        var plan = Section(shell, account, result, 3, "The plan: -WhatIf changes nothing",
            "For each pin: the alias at the version that serves today, its permission before anything else changes, the\n" +
            "switch, one deployment per API, a verification. Every mutating step is a ShouldProcess call.",
            new DemoStep("Get-LambdaIntegrationPin | Set-IntegrationToAlias -WhatIf"));
        shell.Say($"The emulator's request log: {Describe(plan.MutatingCalls[0])} while -WhatIf ran.");
        if (plan.MutatingCalls[0].Count != 0) plan.Problems.Add("-WhatIf made mutating calls: " + string.Join(", ", plan.MutatingCalls[0]) + ".");
        shell.WriteLine();

        var migration = Section(shell, account, result, 4, "The migration, as a runbook runs it",
            "-Confirm:$false because nobody is there to answer; the results say by code what happened to each pin.",
            new DemoStep("$migration = Get-LambdaIntegrationPin | Set-IntegrationToAlias -Confirm:$false"),
            new DemoStep("$migration"));
        shell.Say("Status by pin: " + Summarize(migration.Commands[1].Output, "Status") + ".");
        shell.Say($"The emulator's request log: {Describe(migration.MutatingCalls[0])}.");
        shell.WriteLine();

        var rescan = Section(shell, account, result, 5, "Re-scan: no version pins left",
            "The same scan as in section 1; then -Kind Alias lists the triggers that now invoke an alias.",
            new DemoStep("Get-LambdaIntegrationPin"),
            new DemoStep("Get-LambdaIntegrationPin -Kind Alias"));
        shell.Say(rescan.Commands[0].Output.Count == 0
            ? "The re-scan printed nothing: no version pin is left."
            : $"The re-scan still found {rescan.Commands[0].Output.Count} version pin(s).");
        if (rescan.Commands[0].Output.Count != 0) rescan.Problems.Add("The re-scan after the migration still found version pins.");
        shell.WriteLine();

        Section(shell, account, result, 6, "A release and a rollback: one alias move each",
            "Every trigger of my-func now invokes my-func:live. Releasing version 2 (the one with the VPC configuration) moves\n" +
            "the alias; rolling back moves it again, after checking what the older version would bring back.",
            new DemoStep("Invoke-AliasRollback -FunctionName my-func -AliasName live -ToVersion 2 -Confirm:$false"),
            new DemoStep("Invoke-AliasRollback -FunctionName my-func -AliasName live -Confirm:$false", "ConfigRegression"),
            new DemoStep("$r = Invoke-AliasRollback -FunctionName my-func -AliasName live -AllowConfigRegression -Confirm:$false"),
            new DemoStep("$r"),
            new DemoStep("Invoke-AliasRollback -FunctionName my-func -AliasName live -ToVersion $r.FromVersion -Confirm:$false"));

        shell.Say(result.Succeeded
            ? "Done. Run one pipeline of your own: dotnet run --project tools/LambdaAlias.Demo -- --command '<pipeline>'"
            : "The demo did not go as shown: " + string.Join(" ", result.Sections.SelectMany(s => s.Problems)));
        return result;
    }

    private static DemoSectionResult Section(DemoShell shell, DemoAccount account, DemoTranscriptResult result, int number, string title, string narration, params DemoStep[] steps)
    {
        var section = new DemoSectionResult { Number = number, Title = title };
        result.Sections.Add(section);
        shell.WriteLine($"==== {number}. {title} ====");
        shell.Say(narration);
        foreach (var step in steps)
        {
            var logged = account.Emulator.Requests.Count;
            var command = shell.Run(step.Pipeline);
            section.Commands.Add(command);
            section.MutatingCalls.Add(account.Emulator.Requests.All.Skip(logged).Where(r => r.Mutating).Select(r => r.Operation).ToList());
            var expected = step.ExpectedErrorId == null ? Array.Empty<string>() : new[] { step.ExpectedErrorId };
            if (!command.ErrorIds.SequenceEqual(expected))
            {
                section.Problems.Add($"'{step.Pipeline}' wrote errors [{string.Join(", ", command.ErrorIds)}], expected [{string.Join(", ", expected)}].");
            }
        }
        return section;
    }

    /// <summary>"no mutating calls", or "12 mutating calls (CreateAlias 5, AddPermission 5, ...)".</summary>
    private static string Describe(IReadOnlyList<string> operations)
    {
        if (operations.Count == 0) return "no mutating calls";
        var counts = operations.GroupBy(o => o).Select(g => $"{g.Key} {g.Count()}");
        return $"{operations.Count} mutating calls ({string.Join(", ", counts)})";
    }

    /// <summary>"Migrated 7" or "Migrated 6, Failed 1": the values of one property, counted.</summary>
    private static string Summarize(IEnumerable<PSObject> objects, string property)
    {
        var counts = objects.GroupBy(o => o.Properties[property]?.Value?.ToString() ?? "(none)")
            .Select(g => $"{g.Key} {g.Count()}");
        var text = string.Join(", ", counts);
        return text.Length == 0 ? "no results" : text;
    }
}
