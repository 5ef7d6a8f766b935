using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Discovery
{
    public class LambdaFunctionReferenceTests
    {
        [Theory]
        // text, form, partition, region, account, name, qualifier, kind
        [InlineData("my-func", FunctionReferenceForm.Name, null, null, null, "my-func", null, QualifierKind.Unqualified)]
        [InlineData("my-func:1", FunctionReferenceForm.Name, null, null, null, "my-func", "1", QualifierKind.Version)]
        [InlineData("my-func:live", FunctionReferenceForm.Name, null, null, null, "my-func", "live", QualifierKind.Alias)]
        [InlineData("my-func:$LATEST", FunctionReferenceForm.Name, null, null, null, "my-func", "$LATEST", QualifierKind.Latest)]
        [InlineData("123456789012:function:my-func", FunctionReferenceForm.PartialArn, null, null, "123456789012", "my-func", null, QualifierKind.Unqualified)]
        [InlineData("123456789012:function:my-func:2", FunctionReferenceForm.PartialArn, null, null, "123456789012", "my-func", "2", QualifierKind.Version)]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:my-func", FunctionReferenceForm.Arn, "aws", "us-east-1", "123456789012", "my-func", null, QualifierKind.Unqualified)]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:my-func:1", FunctionReferenceForm.Arn, "aws", "us-east-1", "123456789012", "my-func", "1", QualifierKind.Version)]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:aliased-func:live", FunctionReferenceForm.Arn, "aws", "us-east-1", "123456789012", "aliased-func", "live", QualifierKind.Alias)]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:my-func:$LATEST", FunctionReferenceForm.Arn, "aws", "us-east-1", "123456789012", "my-func", "$LATEST", QualifierKind.Latest)]
        [InlineData("arn:aws-cn:lambda:cn-north-1:123456789012:function:cn_func:7", FunctionReferenceForm.Arn, "aws-cn", "cn-north-1", "123456789012", "cn_func", "7", QualifierKind.Version)]
        [InlineData("arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:gov-func:prod_2", FunctionReferenceForm.Arn, "aws-us-gov", "us-gov-west-1", "123456789012", "gov-func", "prod_2", QualifierKind.Alias)]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:stagevar-func:${stageVariables.lambdaAlias}", FunctionReferenceForm.Arn, "aws", "us-east-1", "123456789012", "stagevar-func", "${stageVariables.lambdaAlias}", QualifierKind.StageVariable)]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}", FunctionReferenceForm.Arn, "aws", "us-east-1", "123456789012", "${stageVariables.fn}", null, QualifierKind.Unqualified)]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:orders-${stageVariables.env}:v${stageVariables.n}", FunctionReferenceForm.Arn, "aws", "us-east-1", "123456789012", "orders-${stageVariables.env}", "v${stageVariables.n}", QualifierKind.StageVariable)]
        public void Parses_every_form_Lambda_accepts(string text, FunctionReferenceForm form, string partition, string region, string account, string name, string qualifier, QualifierKind kind)
        {
            var reference = LambdaFunctionReference.Parse(text);
            Assert.Equal(form, reference.Form);
            Assert.Equal(partition, reference.Partition);
            Assert.Equal(region, reference.Region);
            Assert.Equal(account, reference.AccountId);
            Assert.Equal(name, reference.FunctionName);
            Assert.Equal(qualifier, reference.Qualifier);
            Assert.Equal(kind, reference.QualifierKind);
            Assert.Equal(text, reference.Raw);
            Assert.Equal(text, reference.ToString());
        }

        [Fact]
        public void Exposes_unqualified_and_qualified_arns_only_when_fully_known()
        {
            var full = LambdaFunctionReference.Parse("arn:aws:lambda:us-east-1:123456789012:function:my-func:1");
            Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:my-func", full.UnqualifiedArn);
            Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:my-func:1", full.QualifiedArn);
            Assert.Equal("my-func:1", full.QualifiedName);

            var name = LambdaFunctionReference.Parse("my-func:1");
            Assert.Null(name.UnqualifiedArn);
            var filled = name.WithDefaults(null, "cn-north-1", "123456789012");
            Assert.Equal("arn:aws-cn:lambda:cn-north-1:123456789012:function:my-func:1", filled.QualifiedArn);
            Assert.Equal(FunctionReferenceForm.Arn, filled.Form);
        }

        [Fact]
        public void WithQualifier_rewrites_in_the_same_form()
        {
            var pinned = LambdaFunctionReference.Parse("arn:aws:lambda:us-east-1:123456789012:function:my-func:1");
            var alias = pinned.WithQualifier("live");
            Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:my-func:live", alias.ToString());
            Assert.Equal(QualifierKind.Alias, alias.QualifierKind);
            Assert.Equal("1", pinned.Qualifier); // the original is untouched

            var unqualified = LambdaFunctionReference.Parse("123456789012:function:http-func").WithQualifier("live");
            Assert.Equal("123456789012:function:http-func:live", unqualified.ToString());

            var stageVar = LambdaFunctionReference.Parse("arn:aws:lambda:us-east-1:123456789012:function:f:${stageVariables.a}").WithQualifier(null);
            Assert.Equal(QualifierKind.Unqualified, stageVar.QualifierKind);
            Assert.Empty(stageVar.StageVariableNames);
        }

        [Fact]
        public void Records_stage_variables_by_position()
        {
            var reference = LambdaFunctionReference.Parse("arn:aws:lambda:${stageVariables.region}:123456789012:function:f-${stageVariables.env}:${stageVariables.alias}");
            Assert.Equal(new[] { "region", "env" }, reference.NameStageVariableNames);
            Assert.Equal(new[] { "alias" }, reference.QualifierStageVariableNames);
            Assert.Equal(new[] { "region", "env", "alias" }, reference.StageVariableNames);
            Assert.True(reference.UsesStageVariables);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData(" my-func")]
        [InlineData("my-func ")]
        [InlineData("my func")]
        [InlineData("my-func\t:1")]
        [InlineData("my.func")]
        [InlineData("my-func:")]
        [InlineData("my-func:1:2")]
        [InlineData(":1")]
        [InlineData("my-func:$latest")]                        // only $LATEST itself carries a '$'
        [InlineData("my-func:$LATEST2")]
        [InlineData("my-func:v1.2")]
        [InlineData("fünktion")]                               // Unicode letters are not allowed in names
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function")]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:")]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:layer:my-layer:3")]
        [InlineData("arn:aws:s3:us-east-1:123456789012:function:my-func")]
        [InlineData("arn:aws:lambda:us-east-1:12345:function:my-func")]
        [InlineData("arn:aws:lambda:useast1:123456789012:function:my-func")]
        [InlineData("arn:amazon:lambda:us-east-1:123456789012:function:my-func")]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:my-func:1:extra")]
        [InlineData("12345:function:my-func")]
        [InlineData("123456789012:function:my-func:1:2")]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:my-func:${StageVariables.x}")] // wrong case: not a reference
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:my-func:${stageVariables.}")]
        public void Rejects_malformed_references_with_MalformedArn(string text)
        {
            Assert.False(LambdaFunctionReference.TryParse(text, out var reference, out var error));
            Assert.Null(reference);
            Assert.Equal(ErrorIds.MalformedArn, error.ErrorId);
            Assert.Equal(DiscoveryErrorCategory.InvalidArgument, error.Category);
            Assert.Equal(text, error.TargetValue);
            var thrown = Assert.Throws<DiscoveryException>(() => LambdaFunctionReference.Parse(text));
            Assert.Equal(ErrorIds.MalformedArn, thrown.ErrorId);
        }

        [Fact]
        public void Enforces_name_and_qualifier_lengths_and_keeps_messages_short()
        {
            Assert.True(LambdaFunctionReference.TryParse(new string('a', 64), out _, out _));
            Assert.False(LambdaFunctionReference.TryParse(new string('a', 65), out _, out _));
            Assert.True(LambdaFunctionReference.TryParse("f:" + new string('q', 128), out _, out _));
            Assert.False(LambdaFunctionReference.TryParse("f:" + new string('q', 129), out _, out _));

            var huge = "arn:aws:lambda:us-east-1:123456789012:function:" + new string('x', 10000);
            Assert.False(LambdaFunctionReference.TryParse(huge, out _, out var error));
            Assert.True(error.Message.Length < 1000, "message length " + error.Message.Length);
            Assert.Contains("characters", error.Message);
        }

        [Theory]
        [InlineData(null, QualifierKind.Unqualified)]
        [InlineData("", QualifierKind.Unqualified)]
        [InlineData("1", QualifierKind.Version)]
        [InlineData("0042", QualifierKind.Version)]
        [InlineData("$LATEST", QualifierKind.Latest)]
        [InlineData("live", QualifierKind.Alias)]
        [InlineData("1a", QualifierKind.Alias)]
        [InlineData("${stageVariables.lambdaAlias}", QualifierKind.StageVariable)]
        public void ClassifyQualifier(string qualifier, QualifierKind expected)
        {
            Assert.Equal(expected, LambdaFunctionReference.ClassifyQualifier(qualifier));
        }
    }
}
