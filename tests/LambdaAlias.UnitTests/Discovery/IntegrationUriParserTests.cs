using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Discovery
{
    public class IntegrationUriParserTests
    {
        private const string DemoRestUri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-func:1/invocations";

        [Theory]
        // uri, isInvocations, partition, region, account, name, qualifier, kind, stage variables (comma separated)
        [InlineData(DemoRestUri, true, "aws", "us-east-1", "123456789012", "my-func", "1", QualifierKind.Version, "")]
        [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:http-func/invocations", true, "aws", "us-east-1", "123456789012", "http-func", null, QualifierKind.Unqualified, "")]
        [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-func:$LATEST/invocations", true, "aws", "us-east-1", "123456789012", "my-func", "$LATEST", QualifierKind.Latest, "")]
        [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:aliased-func:live/invocations", true, "aws", "us-east-1", "123456789012", "aliased-func", "live", QualifierKind.Alias, "")]
        [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:stagevar-func:${stageVariables.lambdaAlias}/invocations", true, "aws", "us-east-1", "123456789012", "stagevar-func", "${stageVariables.lambdaAlias}", QualifierKind.StageVariable, "lambdaAlias")]
        [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}/invocations", true, "aws", "us-east-1", "123456789012", "${stageVariables.fn}", null, QualifierKind.Unqualified, "fn")]
        [InlineData("arn:aws-cn:apigateway:cn-northwest-1:lambda:path/2015-03-31/functions/arn:aws-cn:lambda:cn-northwest-1:123456789012:function:cn-func:3/invocations", true, "aws-cn", "cn-northwest-1", "123456789012", "cn-func", "3", QualifierKind.Version, "")]
        [InlineData("arn:aws-us-gov:apigateway:us-gov-west-1:lambda:path/2015-03-31/functions/arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:gov-func:live/invocations", true, "aws-us-gov", "us-gov-west-1", "123456789012", "gov-func", "live", QualifierKind.Alias, "")]
        // Cross-account and cross-region targets keep the function's own account and region.
        [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-west-2:210987654321:function:shared-func:4/invocations", true, "aws", "us-west-2", "210987654321", "shared-func", "4", QualifierKind.Version, "")]
        // HTTP APIs accept the bare function ARN.
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:http-func:1", false, "aws", "us-east-1", "123456789012", "http-func", "1", QualifierKind.Version, "")]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:http-func", false, "aws", "us-east-1", "123456789012", "http-func", null, QualifierKind.Unqualified, "")]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:http-func:${stageVariables.v}", false, "aws", "us-east-1", "123456789012", "http-func", "${stageVariables.v}", QualifierKind.StageVariable, "v")]
        public void Parses_Lambda_targets(string uri, bool invocations, string partition, string region, string account, string name, string qualifier, QualifierKind kind, string variables)
        {
            var result = IntegrationUriParser.Parse(uri);
            Assert.True(result.IsLambda);
            Assert.False(result.IsMalformed);
            Assert.Equal(IntegrationTargetKind.Lambda, result.TargetKind);
            var lambda = result.Lambda;
            Assert.Equal(uri, lambda.Raw);
            Assert.Equal(invocations, lambda.IsInvocationsUri);
            Assert.Equal(partition, lambda.Partition);
            Assert.Equal(region, lambda.Region);
            Assert.Equal(account, lambda.AccountId);
            Assert.Equal(name, lambda.FunctionName);
            Assert.Equal(qualifier, lambda.Qualifier);
            Assert.Equal(kind, lambda.QualifierKind);
            Assert.Equal(variables.Length == 0 ? new string[0] : variables.Split(','), lambda.StageVariableNames);
            Assert.Equal(variables.Length > 0, lambda.UsesStageVariables);
        }

        [Fact]
        public void Invocations_uri_keeps_the_apigateway_region_separately()
        {
            var lambda = IntegrationUriParser.Parse("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-west-2:210987654321:function:shared-func:4/invocations").Lambda;
            Assert.Equal("us-east-1", lambda.ApiGatewayRegion);
            Assert.Equal("aws", lambda.ApiGatewayPartition);
            Assert.Equal("2015-03-31", lambda.LambdaApiVersion);
        }

        [Theory]
        [InlineData(DemoRestUri, "live", "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-func:live/invocations")]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:http-func:1", "live", "arn:aws:lambda:us-east-1:123456789012:function:http-func:live")]
        [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:http-func/invocations", "live", "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:http-func:live/invocations")]
        [InlineData(DemoRestUri, null, "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-func/invocations")]
        public void WithQualifier_rewrites_the_uri_in_its_own_form(string uri, string qualifier, string expected)
        {
            var lambda = IntegrationUriParser.Parse(uri).Lambda;
            var rewritten = lambda.WithQualifier(qualifier);
            Assert.Equal(expected, rewritten);
            Assert.True(IntegrationUriParser.Parse(rewritten).IsLambda);
        }

        [Theory]
        [InlineData(null, IntegrationTargetKind.None, null)]
        [InlineData("", IntegrationTargetKind.None, null)]
        [InlineData("https://petstore-demo-endpoint.execute-api.com/petstore/pets", IntegrationTargetKind.Http, null)]
        [InlineData("http://${stageVariables.url}/orders", IntegrationTargetKind.Http, null)]
        [InlineData("HTTPS://example.com/x", IntegrationTargetKind.Http, null)]
        [InlineData("arn:aws:apigateway:us-east-1:s3:path/my-bucket/{key}", IntegrationTargetKind.AwsService, "s3")]
        [InlineData("arn:aws:apigateway:us-east-1:sqs:path/123456789012/orders-queue", IntegrationTargetKind.AwsService, "sqs")]
        [InlineData("arn:aws:apigateway:us-east-1:states:action/StartExecution", IntegrationTargetKind.AwsService, "states")]
        [InlineData("arn:aws:apigateway:us-east-1:dynamodb:action/PutItem", IntegrationTargetKind.AwsService, "dynamodb")]
        [InlineData("arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/my-alb/50dc6c495c0c9188/0467ef3c8400ae65", IntegrationTargetKind.PrivateIntegration, "elasticloadbalancing")]
        [InlineData("arn:aws:servicediscovery:us-east-1:123456789012:service/srv-id", IntegrationTargetKind.PrivateIntegration, "servicediscovery")]
        [InlineData("arn:aws:sqs:us-east-1:123456789012:orders-queue", IntegrationTargetKind.Other, "sqs")]
        [InlineData("not a uri at all", IntegrationTargetKind.Other, null)]
        [InlineData("ARN:aws:lambda:us-east-1:123456789012:function:f", IntegrationTargetKind.Other, null)]
        public void Recognises_non_Lambda_targets_without_error(string uri, IntegrationTargetKind kind, string service)
        {
            var result = IntegrationUriParser.Parse(uri);
            Assert.False(result.IsLambda);
            Assert.False(result.IsMalformed);
            Assert.Null(result.Error);
            Assert.Equal(kind, result.TargetKind);
            Assert.Equal(service, result.ServiceName);
        }

        [Theory]
        [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-func:1")] // no /invocations
        [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-func:1/invocations ")]
        [InlineData(" arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-func:1/invocations")]
        [InlineData("arn:aws:apigateway:us-east-1:lambda:path/functions/arn:aws:lambda:us-east-1:123456789012:function:my-func:1/invocations")]
        [InlineData("arn:aws:apigateway:us-east-1:lambda:path/latest/functions/arn:aws:lambda:us-east-1:123456789012:function:my-func:1/invocations")]
        [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions//invocations")]
        [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my func:1/invocations")]
        [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-func:1:2/invocations")]
        [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1234:function:my-func/invocations")]
        [InlineData("arn:aws:apigateway:useast1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-func/invocations")]
        [InlineData("arn:bogus:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-func/invocations")]
        [InlineData("arn:aws:apigateway:us-east-1:lambda:action/Invoke")]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:my-func:")]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:layer:my-layer:1")]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:fünc")]
        public void Malformed_Lambda_looking_uris_give_MalformedIntegrationUri(string uri)
        {
            var result = IntegrationUriParser.Parse(uri);
            Assert.True(result.IsMalformed);
            Assert.False(result.IsLambda);
            Assert.Equal(IntegrationTargetKind.Lambda, result.TargetKind);
            Assert.Equal(ErrorIds.MalformedIntegrationUri, result.Error.ErrorId);
            Assert.Equal(uri, result.Error.TargetValue);
        }

        [Fact]
        public void A_ten_thousand_character_uri_is_rejected_with_a_bounded_message()
        {
            var uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:" + new string('f', 10000) + "/invocations";
            var result = IntegrationUriParser.Parse(uri);
            Assert.Equal(ErrorIds.MalformedIntegrationUri, result.Error.ErrorId);
            Assert.True(result.Error.Message.Length < 2000);
        }

        [Fact]
        public void Authorizer_uris_use_the_invocations_form()
        {
            var result = IntegrationUriParser.ParseAuthorizerUri("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth-func:1/invocations");
            Assert.True(result.IsLambda);
            Assert.Equal("auth-func", result.Lambda.FunctionName);
            Assert.Equal("1", result.Lambda.Qualifier);
        }
    }
}
