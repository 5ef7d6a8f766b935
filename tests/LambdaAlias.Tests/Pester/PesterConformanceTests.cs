using System.Text.RegularExpressions;
using LambdaAlias.Tests.Harness;
using Xunit;

namespace LambdaAlias.Tests.Pester;

/// <summary>
/// PesterLite must follow Pester 5: the conformance files (tests/conformance, outside the normal run) hold Its that
/// must pass and Its that must fail, each title stating its outcome. Each It is asserted here as its own test.
/// </summary>
public sealed class PesterConformanceTests : IClassFixture<PesterRunCache>
{
    private const string Folder = "tests/conformance";
    private readonly PesterRunCache _runs;

    public PesterConformanceTests(PesterRunCache runs) => _runs = runs;

    /// <summary>The outcome a title declares, and for failures the -like pattern of the message.</summary>
    internal static (string Outcome, string MessagePattern) Expectation(string fullName)
    {
        var leaf = fullName.Split(" > ").Last();
        if (leaf == "AfterAll" || leaf.EndsWith(" (discovery)", StringComparison.Ordinal)) return ("Failed", null);
        if (leaf.StartsWith("passes:", StringComparison.Ordinal)) return ("Passed", null);
        if (leaf.StartsWith("skipped:", StringComparison.Ordinal)) return ("Skipped", null);
        if (leaf.StartsWith("fails:", StringComparison.Ordinal))
        {
            var arrow = leaf.IndexOf(" => ", StringComparison.Ordinal);
            return ("Failed", arrow < 0 ? null : leaf[(arrow + 4)..]);
        }
        return (null, null);
    }

    /// <summary>A whole-string match where only * is a wildcard (titles quote type names in brackets).</summary>
    internal static bool Like(string text, string pattern) =>
        Regex.IsMatch(text ?? string.Empty, "^" + Regex.Escape(pattern).Replace(@"\*", ".*") + "$", RegexOptions.Singleline);

    [PesterIts(Folder, "*.Conformance.ps1", DisplayPrefix = "PesterLite conformance: ")]
    public void Conformance(string file, string fullName)
    {
        var (outcome, pattern) = Expectation(fullName);
        Assert.True(outcome != null, $"'{fullName}' does not declare its outcome (passes:, fails: ... => pattern, skipped:).");
        var result = _runs.Find(file, fullName, out var problem);
        Assert.True(result != null, problem);

        Assert.True(outcome == result.Result,
            $"Expected {outcome}, got {result.Result}: {result.Message}\nat {result.ErrorLocation}\nIt at {result.Location}");
        if (outcome != "Failed") return;

        Assert.False(string.IsNullOrEmpty(result.Message), "A failure must say why.");
        if (pattern != null) Assert.True(Like(result.Message, pattern), $"Message '{result.Message}' is not like '{pattern}'.");
        // A failure points at a line of the test file: the Should, throw or hook that failed.
        Assert.NotNull(result.ErrorFile);
        Assert.Equal(Path.Combine(RepoPaths.Root, file), result.ErrorFile);
        Assert.True(result.ErrorLine > 0);
        var marked = File.ReadAllLines(result.ErrorFile)[result.ErrorLine - 1];
        if (fullName.Contains("=> Expected 2, but got 1.") || fullName.Contains("a throw fails the It") || fullName.EndsWith("(discovery)"))
            Assert.Contains("# reported line", marked);
    }

    [Fact]
    public void ConformanceFilesHoldBothOutcomes()
    {
        var results = Directory.GetFiles(Path.Combine(RepoPaths.Root, Folder), "*.Conformance.ps1")
            .SelectMany(f => _runs.Get(RepoPaths.Relative(f)).Results).ToList();
        Assert.True(results.Count(r => r.Result == "Passed") >= 30, "Too few passing conformance Its ran: " + results.Count(r => r.Result == "Passed"));
        Assert.True(results.Count(r => r.Result == "Failed") >= 25, "Too few failing conformance Its ran: " + results.Count(r => r.Result == "Failed"));
        Assert.Contains(results, r => r.Kind == "Block" && r.FullName == "A failing AfterAll > AfterAll");
        Assert.Contains(results, r => r.Kind == "File" && r.FullName == "DiscoveryFailure.Conformance.ps1 (discovery)");
        Assert.Contains(results, r => r.FullName == "Discovery and scopes > passes: test case 2 is two");
        Assert.Contains(results, r => r.FullName == "Discovery and scopes > passes: titles expand nested values like this one");
        Assert.Contains(results, r => r.FullName == "A skipped Describe > skipped: every It inside a skipped Describe" && r.Result == "Skipped");
        Assert.All(results, r => Assert.NotNull(Expectation(r.FullName).Outcome));
    }

    [Theory]
    [InlineData("D > passes: x", "Passed", null)]
    [InlineData("D > C > fails: y => Expected [int]*", "Failed", "Expected [int]*")]
    [InlineData("D > skipped: z", "Skipped", null)]
    [InlineData("D > AfterAll", "Failed", null)]
    [InlineData("D > neither", null, null)]
    public void TitlesDeclareTheirOutcome(string fullName, string outcome, string pattern)
    {
        Assert.Equal((outcome, pattern), Expectation(fullName));
    }

    [Theory]
    [InlineData("Expected [System.Int32] x", "Expected [System.Int32]*", true)]
    [InlineData("Expected 1", "Expected [System.Int32]*", false)]
    [InlineData("abc", "ab", false)]
    public void LikeTreatsOnlyStarAsWildcard(string text, string pattern, bool expected) => Assert.Equal(expected, Like(text, pattern));
}
