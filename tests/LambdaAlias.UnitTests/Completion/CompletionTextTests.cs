using System.Management.Automation;
using System.Management.Automation.Language;
using Xunit;

namespace LambdaAlias.UnitTests.Completion;

public class CompletionTextTests
{
    private static CompletionCandidate[] Names(params string[] values) => values.Select(v => new CompletionCandidate(v)).ToArray();

    [Theory]
    [InlineData("", "", '\0')]
    [InlineData("my", "my", '\0')]
    [InlineData("'my", "my", '\'')]
    [InlineData("'my-func'", "my-func", '\'')]
    [InlineData("\"$def", "$def", '"')]
    [InlineData("\u2018smart", "smart", '\'')]
    public void Unquote_StripsTheUsersQuotes_AndRemembersTheirStyle(string typed, string expected, char expectedQuote)
    {
        Assert.Equal(expected, CompletionText.Unquote(typed, out var quote));
        Assert.Equal(expectedQuote, quote);
    }

    [Fact]
    public void Filter_IsACaseInsensitivePrefixMatch_SortedCaseInsensitively()
    {
        var result = CompletionText.Filter(Names("my-func", "auth-func", "My-Other", "mystery", "xmy"), "MY");

        Assert.Equal(new[] { "my-func", "My-Other", "mystery" }, result.Select(c => c.Value));
    }

    [Fact]
    public void Filter_WithNothingTyped_OffersEverythingSorted_WithoutDuplicates()
    {
        var result = CompletionText.Filter(Names("b", "A", "c", "b"), "");

        Assert.Equal(new[] { "A", "b", "c" }, result.Select(c => c.Value));
    }

    [Fact]
    public void Filter_HonoursAnOpeningQuote()
    {
        var result = CompletionText.Filter(Names("$default", "dev", "prod"), "'$d");

        Assert.Equal(new[] { "$default" }, result.Select(c => c.Value));
    }

    [Fact]
    public void Filter_TreatsStarAndQuestionMarkAsWildcards()
    {
        var candidates = Names("orders-func", "orders-api-func", "auth-func", "func-orders");

        Assert.Equal(new[] { "auth-func", "orders-api-func", "orders-func" }, CompletionText.Filter(candidates, "*-func").Select(c => c.Value));
        Assert.Equal(new[] { "orders-api-func" }, CompletionText.Filter(candidates, "orders-???-").Select(c => c.Value));
    }

    [Fact]
    public void Filter_MatchesAnApisNameToo_AndSortsBySortKey()
    {
        var candidates = new[]
        {
            new CompletionCandidate("zz99", alsoMatches: "orders-api", sortKey: "orders-api"),
            new CompletionCandidate("aa11", alsoMatches: "payments-api", sortKey: "payments-api"),
            new CompletionCandidate("ord777", alsoMatches: "legacy", sortKey: "legacy"),
        };

        Assert.Equal(new[] { "ord777", "zz99" }, CompletionText.Filter(candidates, "ORD").Select(c => c.Value));
        Assert.Equal(new[] { "ord777", "zz99", "aa11" }, CompletionText.Filter(candidates, "").Select(c => c.Value));
    }

    [Theory]
    [InlineData("my-func", false)]
    [InlineData("stagevar_func2", false)]
    [InlineData("a#b", false)]
    [InlineData("$default", true)]   // would expand a variable
    [InlineData("a$b", true)]
    [InlineData("007", true)]        // would become the number 7
    [InlineData("1e3", true)]
    [InlineData("0x10", true)]
    [InlineData("12kb", true)]
    [InlineData("-live", true)]      // would be read as a parameter name
    [InlineData("#tag", true)]       // would start a comment
    [InlineData("@api", true)]       // would splat
    [InlineData("a b", true)]
    [InlineData("a,b", true)]
    [InlineData("a;b", true)]
    [InlineData("a|b", true)]
    [InlineData("it's", true)]
    [InlineData("a`b", true)]
    [InlineData("(x)", true)]
    [InlineData("{x}", true)]
    [InlineData("", true)]
    public void NeedsQuotes_FollowsPowerShellsArgumentParsing(string value, bool expected)
    {
        Assert.Equal(expected, CompletionText.NeedsQuotes(value));
    }

    [Theory]
    [InlineData("my-func", '\0', "my-func")]
    [InlineData("$default", '\0', "'$default'")]
    [InlineData("it's", '\0', "'it''s'")]
    [InlineData("my-func", '\'', "'my-func'")]
    [InlineData("$default", '"', "\"`$default\"")]
    [InlineData("a\"b`c", '"', "\"a`\"b``c\"")]
    public void Quote_WritesAValueSoPowerShellReadsItBackUnchanged(string value, char openingQuote, string expected)
    {
        Assert.Equal(expected, CompletionText.Quote(value, openingQuote));
    }

    [Theory]
    [InlineData("$default")]
    [InlineData("it's")]
    [InlineData("007")]
    [InlineData("a b,c;d|e")]
    [InlineData("-x")]
    [InlineData("my-func")]
    public void Quote_RoundTripsThroughTheParser(string value)
    {
        foreach (var style in new[] { '\0', '\'', '"' })
        {
            var ast = Parser.ParseInput("Write-Output " + CompletionText.Quote(value, style), out _, out var errors);
            Assert.Empty(errors);
            var command = (CommandAst)ast.EndBlock.Statements.OfType<PipelineAst>().Single().PipelineElements.Single();
            var argument = command.CommandElements[1];
            var text = argument switch
            {
                StringConstantExpressionAst constant => constant.Value,
                ExpandableStringExpressionAst expandable => expandable.NestedExpressions.Count == 0 ? expandable.Value : null,
                _ => null,
            };
            Assert.Equal(value, text);
        }
    }

    [Fact]
    public void ToResults_QuotesWhereNeeded_AndCarriesListTextAndTooltip()
    {
        var candidates = new[]
        {
            new CompletionCandidate("$default", "$default", "$default (auto-deploy)"),
            new CompletionCandidate("dev", "dev", "dev (deployment d-1)"),
        };

        var results = CompletionText.ToResults(candidates, "");

        Assert.Equal(new[] { "'$default'", "dev" }, results.Select(r => r.CompletionText));
        Assert.Equal(new[] { "$default", "dev" }, results.Select(r => r.ListItemText));
        Assert.Equal(new[] { "$default (auto-deploy)", "dev (deployment d-1)" }, results.Select(r => r.ToolTip));
        Assert.All(results, r => Assert.Equal(CompletionResultType.ParameterValue, r.ResultType));
    }

    [Fact]
    public void ToResults_KeepsTheUsersQuoteStyle()
    {
        var results = CompletionText.ToResults(new[] { new CompletionCandidate("dev") }, "\"d");

        Assert.Equal("\"dev\"", results.Single().CompletionText);
    }
}
