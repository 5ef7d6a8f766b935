using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Aws.Clients;

public class LambdaFunctionReferenceTests
{
    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:my-func:1", "aws", "us-east-1", "123456789012", "my-func", "1")]
    [InlineData("arn:aws-cn:lambda:cn-north-1:123456789012:function:my-func", "aws-cn", "cn-north-1", "123456789012", "my-func", null)]
    [InlineData("arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:my_func:live", "aws-us-gov", "us-gov-west-1", "123456789012", "my_func", "live")]
    [InlineData("123456789012:function:my-func:$LATEST", null, null, "123456789012", "my-func", "$LATEST")]
    [InlineData("my-func:live", null, null, null, "my-func", "live")]
    [InlineData("my-func", null, null, null, "my-func", null)]
    public void Parses_every_form_lambda_accepts(string value, string partition, string region, string account, string name, string qualifier)
    {
        Assert.True(LambdaFunctionReference.TryParse(value, out var reference));

        Assert.Equal(partition, reference.Partition);
        Assert.Equal(region, reference.Region);
        Assert.Equal(account, reference.AccountId);
        Assert.Equal(name, reference.FunctionName);
        Assert.Equal(qualifier, reference.Qualifier);
        Assert.Equal(value, reference.ToString());
    }

    [Theory]
    [InlineData("my-func:1", true, false, false)]
    [InlineData("my-func:$LATEST", false, true, false)]
    [InlineData("my-func:live", false, false, true)]
    [InlineData("my-func", false, false, false)]
    public void Classifies_the_qualifier(string value, bool isVersion, bool isLatest, bool isAlias)
    {
        var reference = LambdaFunctionReference.Parse(value);

        Assert.Equal(isVersion, reference.IsVersion);
        Assert.Equal(isLatest, reference.IsLatest);
        Assert.Equal(isAlias, reference.IsAlias);
    }

    [Theory]
    [InlineData("")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}")]
    [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/x/invocations")]
    [InlineData("my func")]
    [InlineData("my-func:1:2")]
    public void Rejects_what_is_not_a_function_reference(string value)
    {
        Assert.False(LambdaFunctionReference.TryParse(value, out _));
        Assert.Throws<FormatException>(() => LambdaFunctionReference.Parse(value));
    }

    [Fact]
    public void Builds_qualified_arns_and_needs_context_for_a_plain_name()
    {
        var arn = LambdaFunctionReference.Parse("arn:aws:lambda:us-east-1:123456789012:function:my-func:1");
        var name = LambdaFunctionReference.Parse("my-func:1");

        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:my-func:live", arn.ToArn("live"));
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:my-func", arn.Unqualified);
        Assert.Equal("my-func", name.Unqualified);
        Assert.Throws<InvalidOperationException>(() => name.ToArn("live"));
        Assert.Equal("arn:aws-cn:lambda:cn-north-1:123456789012:function:my-func:live", name.ToArn("live", "aws-cn", "cn-north-1", "123456789012"));
    }
}
