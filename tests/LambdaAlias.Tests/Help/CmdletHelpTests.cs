using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Xml.Linq;
using LambdaAlias.Tests.Harness;
using Xunit;

namespace LambdaAlias.Tests.Help;

/// <summary>
/// The MAML help of every exported cmdlet, as Get-Help shows it from out/LambdaAlias/en-US, and as the code declares the
/// cmdlets: a parameter added, removed or changed in code without its help fails here, so help cannot drift.
/// </summary>
public sealed class CmdletHelpTests
{
    internal static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    internal static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    internal static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    internal static string SourceHelpFile => Path.Combine(RepoPaths.Root, "src", "LambdaAlias.Cmdlets", "en-US", "LambdaAlias.Cmdlets.dll-Help.xml");
    internal static string BuiltHelpFile => Path.Combine(RepoPaths.ModuleFolder, "en-US", "LambdaAlias.Cmdlets.dll-Help.xml");

    /// <summary>The module's cmdlets as the engine sees them after Import-Module.</summary>
    private static List<CmdletInfo> ExportedCmdlets(PowerShellHarness h)
    {
        var cmdlets = h.Run("Get-Command -Module LambdaAlias -CommandType Cmdlet").AssertNoErrors().Objects.Cast<CmdletInfo>().ToList();
        Assert.NotEmpty(cmdlets);
        return cmdlets;
    }

    private static XElement HelpOf(XDocument maml, string name)
    {
        var command = maml.Root!.Elements(Command + "command")
            .SingleOrDefault(c => (string)c.Element(Command + "details")?.Element(Command + "name") == name);
        Assert.True(command != null, $"{RepoPaths.Relative(SourceHelpFile)} has no <command:command> for {name}.");
        return command;
    }

    private static bool IsEngineCommonParameter(string name) => Cmdlet.CommonParameters.Contains(name);

    private static bool IsCommonParameter(string name) => Cmdlet.CommonParameters.Contains(name) || Cmdlet.OptionalCommonParameters.Contains(name);

    [Fact]
    public void TheBuiltModuleShipsTheHelpFileFromSource()
    {
        var source = XDocument.Load(SourceHelpFile);
        Assert.Equal("helpItems", source.Root!.Name.LocalName);
        Assert.True(File.Exists(BuiltHelpFile), "The build (AssembleModuleFolder) must copy en-US/ into out/LambdaAlias/en-US/.");
        Assert.Equal(File.ReadAllText(SourceHelpFile), File.ReadAllText(BuiltHelpFile));
    }

    [Fact]
    public void GetHelpShowsEachCmdletsOwnHelpWithExamplesInputsAndOutputs()
    {
        using var h = PowerShellHarness.Create();
        var maml = XDocument.Load(BuiltHelpFile);
        foreach (var cmdlet in ExportedCmdlets(h))
        {
            var synopsis = ((string)HelpOf(maml, cmdlet.Name).Element(Command + "details")!.Element(Maml + "description")).Trim();
            var r = h.Run("""
                param($Name)
                $help = Get-Help $Name -Full
                @{
                    Synopsis    = [string]$help.Synopsis
                    Description = [string](@($help.description | ForEach-Object { $_.Text }) -join ' ')
                    Examples    = @($help.examples.example).Count
                    ExampleCode = @($help.examples.example | ForEach-Object { [string]$_.code })
                    Inputs      = @($help.inputTypes.inputType | ForEach-Object { [string]$_.type.name })
                    Outputs     = @($help.returnValues.returnValue | ForEach-Object { [string]$_.type.name })
                }
                """, new() { ["Name"] = cmdlet.Name }).AssertNoErrors();
            var help = (Hashtable)Assert.Single(r.Objects);

            // Without MAML, Get-Help makes the synopsis from the syntax; the file's own synopsis proves it was found.
            Assert.Equal(synopsis, (string)help["Synopsis"]);
            Assert.False(string.IsNullOrWhiteSpace((string)help["Description"]), $"{cmdlet.Name}: no description");
            Assert.True((int)help["Examples"] >= 3, $"{cmdlet.Name} has {help["Examples"]} examples; at least 3 are required.");
            Assert.All(((object[])help["ExampleCode"]).Cast<string>(), code => Assert.False(string.IsNullOrWhiteSpace(code)));
            Assert.NotEmpty((object[])help["Inputs"]);
            var outputs = ((object[])help["Outputs"]).Cast<string>().ToList();
            foreach (var declared in cmdlet.OutputType.Select(t => t.Name))
                Assert.Contains(declared, outputs);
        }
    }

    [Fact]
    public void EveryParameterIsDocumentedAndEveryDocumentedParameterExists()
    {
        using var h = PowerShellHarness.Create();
        var problems = new List<string>();
        foreach (var cmdlet in ExportedCmdlets(h))
        {
            var documented = h.Run("param($Name) @((Get-Help $Name -Full).parameters.parameter | ForEach-Object { [string]$_.name })",
                new() { ["Name"] = cmdlet.Name }).AssertNoErrors().Objects.Cast<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var name in cmdlet.Parameters.Keys.Where(n => !IsCommonParameter(n)))
                if (!documented.Contains(name)) problems.Add($"{cmdlet.Name} -{name} is not documented in the help.");
            foreach (var name in documented)
                if (!cmdlet.Parameters.ContainsKey(name)) problems.Add($"{cmdlet.Name} -{name} is documented but the cmdlet has no such parameter.");
        }
        Assert.True(problems.Count == 0, "Help and code disagree (update src/LambdaAlias.Cmdlets/en-US/LambdaAlias.Cmdlets.dll-Help.xml):\n" + string.Join("\n", problems));
    }

    [Fact]
    public void DocumentedTypesPipelineInputAliasesAndPositionsMatchTheCode()
    {
        using var h = PowerShellHarness.Create();
        var maml = XDocument.Load(BuiltHelpFile);
        var problems = new List<string>();
        foreach (var cmdlet in ExportedCmdlets(h))
        {
            var parameters = HelpOf(maml, cmdlet.Name).Element(Command + "parameters")!.Elements(Command + "parameter");
            foreach (var doc in parameters)
            {
                var name = ((string)doc.Element(Maml + "name")).Trim();
                if (!cmdlet.Parameters.TryGetValue(name, out var metadata)) continue; // reported by the test above
                var label = $"{cmdlet.Name} -{name}";
                var sets = metadata.ParameterSets.Values.ToList();

                var documentedType = ((string)doc.Element(Dev + "type")?.Element(Maml + "name"))?.Trim();
                if (documentedType != metadata.ParameterType.Name) problems.Add($"{label}: documented type {documentedType}, code {metadata.ParameterType.Name}.");

                var required = sets.Any(s => s.IsMandatory);
                if ((string)doc.Attribute("required") != (required ? "true" : "false")) problems.Add($"{label}: documented required=\"{(string)doc.Attribute("required")}\", code Mandatory={required}.");

                var byValue = sets.Any(s => s.ValueFromPipeline);
                var byName = sets.Any(s => s.ValueFromPipelineByPropertyName);
                var pipeline = byValue || byName
                    ? "True (" + string.Join(", ", new[] { byValue ? "ByValue" : null, byName ? "ByPropertyName" : null }.Where(x => x != null)) + ")"
                    : "False";
                if ((string)doc.Attribute("pipelineInput") != pipeline) problems.Add($"{label}: documented pipelineInput=\"{(string)doc.Attribute("pipelineInput")}\", code {pipeline}.");

                var aliases = ((string)doc.Attribute("aliases") ?? "none").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Where(a => a != "none").OrderBy(a => a, StringComparer.OrdinalIgnoreCase);
                if (!aliases.SequenceEqual(metadata.Aliases.OrderBy(a => a, StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase))
                    problems.Add($"{label}: documented aliases [{string.Join(", ", aliases)}], code [{string.Join(", ", metadata.Aliases)}].");

                var positions = sets.Select(s => s.Position == int.MinValue ? "named" : s.Position.ToString(System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
                if (!positions.Contains((string)doc.Attribute("position"))) problems.Add($"{label}: documented position {(string)doc.Attribute("position")}, code {string.Join("/", positions)}.");

                var wildcards = metadata.Attributes.OfType<SupportsWildcardsAttribute>().Any();
                if ((string)doc.Attribute("globbing") != (wildcards ? "true" : "false")) problems.Add($"{label}: documented globbing=\"{(string)doc.Attribute("globbing")}\", code SupportsWildcards={wildcards}.");
            }
        }
        Assert.True(problems.Count == 0, "Help and code disagree:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void TheSyntaxHasOneItemPerParameterSetWithExactlyItsParameters()
    {
        using var h = PowerShellHarness.Create();
        var maml = XDocument.Load(BuiltHelpFile);
        var problems = new List<string>();
        foreach (var cmdlet in ExportedCmdlets(h))
        {
            var items = HelpOf(maml, cmdlet.Name).Element(Command + "syntax")!.Elements(Command + "syntaxItem")
                .Select(i => i.Elements(Command + "parameter").Select(p => ((string)p.Element(Maml + "name")).Trim()).OrderBy(n => n).ToList())
                .ToList();
            var sets = cmdlet.ParameterSets
                .Select(s => s.Parameters.Select(p => p.Name).Where(n => !IsEngineCommonParameter(n)).OrderBy(n => n).ToList())
                .ToList();
            if (items.Count != sets.Count) problems.Add($"{cmdlet.Name}: {items.Count} syntax items for {sets.Count} parameter sets.");
            foreach (var set in sets)
                if (!items.Any(i => i.SequenceEqual(set))) problems.Add($"{cmdlet.Name}: no syntax item lists exactly [{string.Join(", ", set)}].");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void ExamplesParseAndUseOnlyParametersTheCmdletsHave()
    {
        using var h = PowerShellHarness.Create();
        var cmdlets = ExportedCmdlets(h).ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        var maml = XDocument.Load(BuiltHelpFile);
        var problems = new List<string>();
        foreach (var example in maml.Descendants(Command + "example"))
        {
            var title = ((string)example.Element(Maml + "title")).Trim('-', ' ');
            var code = (string)example.Element(Dev + "code");
            var ast = Parser.ParseInput(code, out _, out var errors);
            foreach (var error in errors) problems.Add($"{title}: does not parse: {error.Message}");
            foreach (var call in ast.FindAll(a => a is CommandAst, true).Cast<CommandAst>())
            {
                if (call.GetCommandName() is not { } name || !cmdlets.TryGetValue(name, out var cmdlet)) continue;
                foreach (var parameter in call.CommandElements.OfType<CommandParameterAst>())
                {
                    var known = cmdlet.Parameters.Values.Any(p =>
                        string.Equals(p.Name, parameter.ParameterName, StringComparison.OrdinalIgnoreCase) ||
                        p.Aliases.Contains(parameter.ParameterName, StringComparer.OrdinalIgnoreCase));
                    if (!known) problems.Add($"{title}: {name} has no parameter -{parameter.ParameterName}.");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void TheExamplesShowTheCardPipelineARunbookAndTheRollForward()
    {
        var maml = XDocument.Load(BuiltHelpFile);
        string[] Codes(string name) => HelpOf(maml, name).Descendants(Dev + "code").Select(c => (string)c).ToArray();

        var set = Codes("Set-IntegrationToAlias");
        Assert.Contains(set, c => c.Contains("Get-LambdaIntegrationPin | Set-IntegrationToAlias -WhatIf", StringComparison.Ordinal));
        // The runbook: no prompts, and results judged by Status and ErrorId rather than by reading messages.
        Assert.Contains(set, c => c.Contains("-Confirm:$false", StringComparison.Ordinal) && c.Contains(".Status", StringComparison.Ordinal) && c.Contains("FullyQualifiedErrorId", StringComparison.Ordinal));

        var rollback = Codes("Invoke-AliasRollback");
        Assert.Contains(rollback, c => c.Contains("-ToVersion $r.FromVersion", StringComparison.Ordinal));
        Assert.Contains(rollback, c => c.Contains("-Confirm:$false", StringComparison.Ordinal) && c.Contains("FullyQualifiedErrorId", StringComparison.Ordinal));

        Assert.Contains(Codes("Get-LambdaIntegrationPin"), c => c.Contains("-InvokeUrl", StringComparison.Ordinal));
    }
}
