using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Discovery
{
    public class GlobMatcherTests
    {
        [Theory]
        [InlineData("my-*", "my-func", true)]
        [InlineData("my-*", "your-func", false)]
        [InlineData("*", "", true)]
        [InlineData("", "", true)]
        [InlineData("", "x", false)]
        [InlineData("my-fun?", "my-func", true)]
        [InlineData("my-fun?", "my-fun", false)]
        [InlineData("*-func", "my-func", true)]
        [InlineData("a*b*c", "aXXbYYc", true)]
        [InlineData("a*b*c", "aXXbYY", false)]
        [InlineData("My-Func", "my-func", false)] // case-sensitive by default
        [InlineData("*/GET/orders", "a1b2c3d4e5/dev/GET/orders", true)]
        [InlineData("??", "é€", true)] // '?' is one UTF-16 character
        public void IsMatch_follows_star_and_question_mark(string pattern, string text, bool expected)
        {
            Assert.Equal(expected, GlobMatcher.IsMatch(pattern, text));
        }

        [Fact]
        public void IsMatch_can_ignore_case()
        {
            Assert.True(GlobMatcher.IsMatch("LAMBDA:Invoke*", "lambda:InvokeFunction", ignoreCase: true));
            Assert.False(GlobMatcher.IsMatch("LAMBDA:Invoke*", "lambda:InvokeFunction"));
        }

        [Fact]
        public void IsMatch_handles_long_inputs_without_backtracking_blowup()
        {
            var text = new string('a', 10000) + "b";
            var pattern = "*a*a*a*a*a*a*a*a*a*a*c";
            var started = System.Diagnostics.Stopwatch.StartNew();
            Assert.False(GlobMatcher.IsMatch(pattern, text));
            Assert.True(GlobMatcher.IsMatch("*" + "b", text));
            Assert.True(started.ElapsedMilliseconds < 5000, "matching took " + started.ElapsedMilliseconds + " ms");
        }

        [Theory]
        [InlineData("a1b2c3d4e5/*/*/*", "a1b2c3d4e5/*/GET/orders", true)]
        [InlineData("a1b2c3d4e5/*/GET/orders", "a1b2c3d4e5/*/GET/orders", true)]
        [InlineData("a1b2c3d4e5/*/GET/orders", "a1b2c3d4e5/*/*/orders", false)]   // ANY is wider than GET
        [InlineData("a1b2c3d4e5/prod/GET/orders", "a1b2c3d4e5/*/GET/orders", false)] // one stage does not cover all
        [InlineData("a1b2c3d4e5/*/GET/pets/*", "a1b2c3d4e5/*/GET/pets/*", true)]
        [InlineData("a1b2c3d4e5/*/GET/pets/?*", "a1b2c3d4e5/*/GET/pets/*", false)] // '?' needs one character, '*' may be empty
        [InlineData("*", "anything*at?all", true)]
        [InlineData("?", "?", true)]
        [InlineData("?", "*", false)]
        [InlineData("x?z", "x?z", true)]
        [InlineData("xyz", "x?z", false)]
        [InlineData("", "", true)]
        [InlineData("", "*", false)]
        public void Covers_requires_every_string_of_the_narrower_pattern(string pattern, string narrower, bool expected)
        {
            Assert.Equal(expected, GlobMatcher.Covers(pattern, narrower));
        }

        [Theory]
        [InlineData("a1b2c3d4e5/prod/GET/orders", "a1b2c3d4e5/*/GET/orders", true)]
        [InlineData("a1b2c3d4e5/prod/POST/orders", "a1b2c3d4e5/*/GET/orders", false)]
        [InlineData("a*", "*b", true)]
        [InlineData("a?", "?b", true)]
        [InlineData("ab", "ba", false)]
        [InlineData("*", "", true)]
        [InlineData("", "**", true)]
        [InlineData("a", "", false)]
        [InlineData("x*y", "*z*", true)]   // "xzy"
        [InlineData("x*y", "q*", false)]
        public void Intersects_finds_a_common_string(string first, string second, bool expected)
        {
            Assert.Equal(expected, GlobMatcher.Intersects(first, second));
            Assert.Equal(expected, GlobMatcher.Intersects(second, first));
        }

        [Theory]
        [InlineData("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/*/*", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/dev/GET/orders", true)]
        [InlineData("arn:aws:execute-api:*:123456789012:a1b2c3d4e5/*", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/dev/GET/orders", true)]
        [InlineData("arn:aws:execute-api:us-east-1:123456789012:*", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/dev/GET/x:y", true)] // resource keeps its colons
        [InlineData("arn:aws:*", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/dev/GET/orders", false)] // wildcards never span components
        [InlineData("arn:aws:execute-api:us-east-?:123456789012:*", "arn:aws:execute-api:us-east-1:123456789012:x", true)]
        [InlineData("arn:aws:execute-api:US-EAST-1:123456789012:*", "arn:aws:execute-api:us-east-1:123456789012:x", false)] // case-sensitive
        [InlineData("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/*/*", "arn:aws-cn:execute-api:us-east-1:123456789012:a1b2c3d4e5/dev/GET/orders", false)]
        [InlineData("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/*/*", "not-an-arn", false)]
        public void ArnLike_matches_component_by_component(string pattern, string arn, bool expected)
        {
            Assert.Equal(expected, GlobMatcher.ArnLike(pattern, arn));
        }

        [Fact]
        public void ArnCovers_and_ArnIntersects_work_per_component()
        {
            var route = "arn:aws:execute-api:us-east-1:123456789012:s7t8u9v0w1/*/GET/orders";
            Assert.True(GlobMatcher.ArnCovers("arn:aws:execute-api:us-east-1:123456789012:s7t8u9v0w1/*/GET/orders", route));
            Assert.False(GlobMatcher.ArnCovers("arn:aws:execute-api:us-east-1:123456789012:s7t8u9v0w1/*/GET/health", route));
            Assert.True(GlobMatcher.ArnIntersects("arn:aws:execute-api:us-east-1:123456789012:s7t8u9v0w1/prod/*/*", route));
            Assert.False(GlobMatcher.ArnIntersects("arn:aws:execute-api:us-west-2:123456789012:s7t8u9v0w1/prod/*/*", route));
            Assert.Null(GlobMatcher.SplitArn("arn:aws:lambda"));
            Assert.Equal(6, GlobMatcher.SplitArn("arn:aws:lambda:us-east-1:123456789012:function:f:1").Length);
        }

        [Fact]
        public void Null_inputs_never_match()
        {
            Assert.False(GlobMatcher.IsMatch(null, "x"));
            Assert.False(GlobMatcher.Covers("x", null));
            Assert.False(GlobMatcher.Intersects(null, null));
            Assert.False(GlobMatcher.ArnLike(null, "arn:aws:a:b:c:d"));
        }
    }
}
