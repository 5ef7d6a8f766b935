using System.Text;
using System.Text.RegularExpressions;
using LambdaAlias.Tests.Harness;
using Xunit;

namespace LambdaAlias.Tests.Help;

/// <summary>
/// about_LambdaAlias: the concepts, the migration order, and the ErrorIds, which must be exactly
/// [LambdaAlias.ErrorIds]::Catalogue(). The ErrorId list is generated from the catalogue: run
/// <c>LAMBDAALIAS_UPDATE_HELP=1 dotnet test tests/LambdaAlias.Tests --filter FullyQualifiedName~AboutTopicTests</c>
/// after adding an ErrorId, and commit the rewritten src/LambdaAlias.Cmdlets/en-US/about_LambdaAlias.help.txt.
/// </summary>
public sealed class AboutTopicTests
{
    private const string UpdateVariable = "LAMBDAALIAS_UPDATE_HELP";
    private const string ListIntroduction = "    Every ErrorId the module writes:";
    private const int Width = 80;

    private static string SourceTopic => Path.Combine(RepoPaths.Root, "src", "LambdaAlias.Cmdlets", "en-US", "about_LambdaAlias.help.txt");
    private static string BuiltTopic => Path.Combine(RepoPaths.ModuleFolder, "en-US", "about_LambdaAlias.help.txt");

    private static string ReadNormalized(string path) => File.ReadAllText(path).Replace("\r\n", "\n");

    /// <summary>The module's catalogue, read from the imported module (this project never references the assembly).</summary>
    private static List<(string Id, string Meaning)> Catalogue()
    {
        using var h = PowerShellHarness.Create();
        var r = h.Run("[LambdaAlias.ErrorIds]::Catalogue() | ForEach-Object { ,@($_.Key, $_.Value) }").AssertNoErrors();
        var entries = r.Objects.Cast<object[]>().Select(e => ((string)e[0], (string)e[1])).ToList();
        Assert.NotEmpty(entries);
        return entries;
    }

    /// <summary>The ErrorId list as the topic shows it: a blank line, then each id with its meaning wrapped at 80 columns
    /// below it, a blank line after each.</summary>
    internal static string RenderErrorIdList(IEnumerable<(string Id, string Meaning)> catalogue)
    {
        var text = new StringBuilder();
        foreach (var (id, meaning) in catalogue)
        {
            text.Append("\n    ").Append(id).Append('\n');
            foreach (var line in Wrap(meaning, Width - 8)) text.Append("        ").Append(line).Append('\n');
        }
        return text.Append('\n').ToString();
    }

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) yield return line.ToString();
    }

    /// <summary>Splits the topic around the generated list: everything up to the introduction line, the list, and the
    /// rest from the next heading on.</summary>
    private static (string Before, string List, string After) SplitAtErrorIdList(string topic)
    {
        var start = topic.IndexOf(ListIntroduction + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"about_LambdaAlias must introduce the ErrorId list with the line '{ListIntroduction.Trim()}'.");
        start += ListIntroduction.Length + 1;
        var next = Regex.Match(topic[start..], @"^\S", RegexOptions.Multiline);
        var end = next.Success ? start + next.Index : topic.Length;
        return (topic[..start], topic[start..end], topic[end..]);
    }

    [Fact]
    public void TheErrorIdListIsExactlyTheCatalogue()
    {
        var catalogue = Catalogue();
        Assert.All(catalogue, e => Assert.False(string.IsNullOrWhiteSpace(e.Meaning), $"ErrorId {e.Id} has no [ErrorIdMeaning] in the code."));
        var topic = ReadNormalized(SourceTopic);
        var (before, list, after) = SplitAtErrorIdList(topic);
        var expected = RenderErrorIdList(catalogue);
        if (list == expected) return;

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(SourceTopic, before + expected + after);
            return;
        }
        var listed = Regex.Matches(list, @"^    (\S+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var ids = catalogue.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var missing = ids.Except(listed).OrderBy(x => x).ToList();
        var extra = listed.Except(ids).OrderBy(x => x).ToList();
        Assert.Fail("about_LambdaAlias's ErrorId list differs from [LambdaAlias.ErrorIds]::Catalogue()." +
                    $"\nIn the code, not the topic: {string.Join(", ", missing)}" +
                    $"\nIn the topic, not the code: {string.Join(", ", extra)}" +
                    (missing.Count + extra.Count == 0 ? "\nThe ids agree; a meaning or the layout differs." : string.Empty) +
                    $"\nRegenerate it: {UpdateVariable}=1 dotnet test tests/LambdaAlias.Tests --filter FullyQualifiedName~AboutTopicTests");
    }

    [Fact]
    public void TheTopicExplainsTheConceptsAndTheMigrationOrder()
    {
        var topic = ReadNormalized(SourceTopic);
        var headings = Regex.Matches(topic, @"^([A-Z][A-Z ,]+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        foreach (var required in new[] { "TOPIC", "SHORT DESCRIPTION", "LONG DESCRIPTION", "PINS", "ALIASES", "STAGE VARIABLES", "DEPLOYMENTS", "MIGRATION ORDER", "ERROR IDS", "SEE ALSO" })
            Assert.Contains(required, headings);

        // alias -> permission -> switch -> deploy -> verify -> cleanup, numbered in that order.
        var order = topic[topic.IndexOf("\nMIGRATION ORDER\n", StringComparison.Ordinal)..];
        var positions = new[] { "1. Alias", "2. Permission", "3. Switch", "4. Deploy", "5. Verify", "6. Cleanup" }
            .Select(step => order.IndexOf(step, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.OrderBy(p => p), positions);
    }

    [Fact]
    public void TheTopicFitsIn80ColumnsAndShipsUnchanged()
    {
        var lines = ReadNormalized(SourceTopic).Split('\n');
        var wide = lines.Select((l, i) => (Line: i + 1, l.Length)).Where(l => l.Length > Width).ToList();
        Assert.True(wide.Count == 0, "Lines wider than 80 columns: " + string.Join(", ", wide.Select(w => $"{w.Line} ({w.Length})")));
        Assert.Equal(ReadNormalized(SourceTopic), ReadNormalized(BuiltTopic));
    }

    [Fact]
    public void GetHelpFindsTheTopic()
    {
        using var h = PowerShellHarness.Create();
        var r = h.Run("@(Get-Help about_LambdaAlias) | ForEach-Object { [string]$_ }").AssertNoErrors();
        var text = string.Join("\n", r.Objects.Cast<string>());
        Assert.Contains("MIGRATION ORDER", text);
        Assert.Contains("AwsSdkVersionConflict", text);
    }
}
