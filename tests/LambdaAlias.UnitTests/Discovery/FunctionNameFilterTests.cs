using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Discovery
{
    public class FunctionNameFilterTests
    {
        private const string MyFuncV1 = "arn:aws:lambda:us-east-1:123456789012:function:my-func:1";

        [Theory]
        [InlineData("my-func", "my-func", MyFuncV1, null, true)]
        [InlineData("My-Func", "my-func", MyFuncV1, null, false)] // names are case-sensitive
        [InlineData("my-*", "my-func", MyFuncV1, null, true)]
        [InlineData("*-func", "http-func", "arn:aws:lambda:us-east-1:123456789012:function:http-func", null, true)]
        [InlineData("my-fun?", "my-func", MyFuncV1, null, true)]
        [InlineData("my-fun?", "my-fun", "arn:aws:lambda:us-east-1:123456789012:function:my-fun", null, false)]
        [InlineData("my-func:1", "my-func", MyFuncV1, null, true)]
        [InlineData("my-func:2", "my-func", MyFuncV1, null, false)]
        [InlineData("my-func:*", "my-func", "arn:aws:lambda:us-east-1:123456789012:function:my-func", null, false)]
        [InlineData("my-func:$LATEST", "my-func", "arn:aws:lambda:us-east-1:123456789012:function:my-func", null, true)] // unqualified invokes $LATEST
        [InlineData("stagevar-func:2", "stagevar-func", "arn:aws:lambda:us-east-1:123456789012:function:stagevar-func:${stageVariables.lambdaAlias}", "2", true)]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:my-func", "my-func", MyFuncV1, null, true)]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:my-func:1", "my-func", MyFuncV1, null, true)]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:my-func:live", "my-func", MyFuncV1, null, false)]
        [InlineData("arn:aws:lambda:us-west-2:123456789012:function:my-func", "my-func", MyFuncV1, null, false)]
        [InlineData("arn:aws:lambda:*:123456789012:function:my-*", "my-func", MyFuncV1, null, true)]
        [InlineData("arn:aws:lambda:us-east-1:210987654321:function:my-func", "my-func", MyFuncV1, null, false)]
        [InlineData("arn:aws-cn:lambda:cn-north-1:123456789012:function:my-func", "my-func", MyFuncV1, null, false)]
        [InlineData("arn:aws-cn:lambda:cn-north-1:123456789012:function:my-func", "my-func", "arn:aws-cn:lambda:cn-north-1:123456789012:function:my-func:1", null, true)]
        [InlineData("123456789012:function:my-func", "my-func", MyFuncV1, null, true)]
        [InlineData("123456789012:function:my-func:1", "my-func", MyFuncV1, null, true)]
        [InlineData("210987654321:function:my-func", "my-func", MyFuncV1, null, false)]
        [InlineData("  my-func  ", "my-func", MyFuncV1, null, true)] // surrounding whitespace from pasted input
        public void Matches_names_arns_and_partial_arns(string pattern, string name, string arn, string qualifier, bool expected)
        {
            var filter = FunctionNameFilter.Create(new[] { pattern });
            Assert.Equal(expected, filter.Matches(name, arn, qualifier));
        }

        [Fact]
        public void Many_patterns_compile_into_one_filter()
        {
            var filter = FunctionNameFilter.Create(new[] { "queue-func", "auth-*", "123456789012:function:http-func:1" });
            Assert.Equal(3, filter.Patterns.Count);
            Assert.True(filter.Matches("queue-func", "arn:aws:lambda:us-east-1:123456789012:function:queue-func:1"));
            Assert.True(filter.Matches("auth-func", "arn:aws:lambda:us-east-1:123456789012:function:auth-func:1"));
            Assert.True(filter.Matches("http-func", "arn:aws:lambda:us-east-1:123456789012:function:http-func:1"));
            Assert.False(filter.Matches("http-func", "arn:aws:lambda:us-east-1:123456789012:function:http-func"));
            Assert.False(filter.Matches("my-func", MyFuncV1));
        }

        [Fact]
        public void An_empty_filter_matches_everything_and_blank_entries_are_ignored()
        {
            var filter = FunctionNameFilter.Create(new[] { null, "", "   " });
            Assert.True(filter.IsEmpty);
            Assert.True(filter.Matches("anything", null));
            Assert.True(FunctionNameFilter.Create(null).IsEmpty);
        }

        [Fact]
        public void Arn_patterns_need_the_function_arn()
        {
            var filter = FunctionNameFilter.Create(new[] { "123456789012:function:my-func" });
            Assert.False(filter.Matches("my-func", null));
            Assert.True(FunctionNameFilter.Create(new[] { "my-func" }).Matches("my-func", null));
        }

        [Fact]
        public void Matches_a_parsed_reference()
        {
            var filter = FunctionNameFilter.Create(new[] { "my-func:1" });
            Assert.True(filter.Matches(LambdaFunctionReference.Parse(MyFuncV1)));
            Assert.False(filter.Matches((LambdaFunctionReference)null));
        }

        [Theory]
        [InlineData("arn:aws:lambda:us-east-1:12345678901?:function:my-fun?", "arn:aws:lambda:us-east-1:123456789012:function:my-func:1")]
        [InlineData("arn:aws:lambda:us-east-1:1234*:function:my-func", "arn:aws:lambda:us-east-1:123456789012:function:my-func:1")]
        [InlineData("arn:aws:lambda:us-*:*:function:my-func", "arn:aws:lambda:us-east-1:123456789012:function:my-func:1")]
        [InlineData("arn:aws*:lambda:*-1:123456789012:function:*", "arn:aws-cn:lambda:cn-north-1:123456789012:function:my-func:1")]
        [InlineData("arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:my-func", "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:my-func:1")]
        [InlineData("*:function:my-func", "arn:aws:lambda:us-east-1:123456789012:function:my-func:1")]
        [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "arn:aws:lambda:us-east-1:123456789012:function:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")] // 64 characters
        [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff*", "arn:aws:lambda:us-east-1:123456789012:function:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")] // '*' may match nothing
        public void Well_formed_arn_patterns_with_wildcards_compile_and_match(string pattern, string arn)
        {
            Assert.True(FunctionNameFilter.TryCreate(new[] { pattern }, out var filter, out var errors), errors.Count > 0 ? errors[0].Message : null);
            Assert.True(filter.Matches(LambdaFunctionReference.Parse(arn)));
        }

        [Theory]
        [InlineData("my func")]
        [InlineData("arn:aws:lambda:us-east-1")]
        [InlineData("arn:aws:s3:::bucket")]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:my-func:1:2")]
        [InlineData("abc:function:my-func")]
        [InlineData("a:b:c")]
        [InlineData("my-func:")]
        [InlineData("my-func:v1.0")]
        [InlineData("fünc")]
        [InlineData("arn:aws:lambda:us-east-1:123:function:my-func")] // 3-digit account
        [InlineData("arn:aws:lambda:us-east-1:1234567890123:function:my-func")] // 13-digit account
        [InlineData("arn:aws:lambda:us-east-1:12345?:function:my-func")] // '?' is one digit: 6 digits in all
        [InlineData("arn:aws:lambda:useast1:123456789012:function:my-func")]
        [InlineData("arn:aws:lambda:US-EAST-1:123456789012:function:my-func")]
        [InlineData("arn:amazon:lambda:us-east-1:123456789012:function:my-func")]
        [InlineData("arn:aws:lambda:us_east*:123456789012:function:my-func")]
        [InlineData("123:function:my-func")]
        [InlineData("1234567890123?:function:my-func")]
        [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff1")] // 65 characters
        [InlineData("fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff*?f")] // at least 65 characters
        [InlineData("my-func/../auth-func")]
        [InlineData("my-func'; Remove-Item x")]
        public void Malformed_patterns_give_MalformedArn_and_the_rest_still_filter(string bad)
        {
            Assert.False(FunctionNameFilter.TryCreate(new[] { "my-func", bad }, out var filter, out var errors));
            var error = Assert.Single(errors);
            Assert.Equal(ErrorIds.MalformedArn, error.ErrorId);
            Assert.Equal(bad, error.TargetValue);
            Assert.True(filter.Matches("my-func", MyFuncV1));
            Assert.Equal(ErrorIds.MalformedArn, Assert.Throws<DiscoveryException>(() => FunctionNameFilter.Create(new[] { bad })).ErrorId);
        }
    }
}
