using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Discovery
{
    public class LambdaPolicyParserTests
    {
        // my-func's policy on qualifier "1" in the demo, as GetPolicy returns it.
        internal const string DemoMyFuncPolicy =
            "{\"Version\":\"2012-10-17\",\"Id\":\"default\",\"Statement\":[{\"Sid\":\"apigw-dev-orders\",\"Effect\":\"Allow\"," +
            "\"Principal\":{\"Service\":\"apigateway.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\"," +
            "\"Resource\":\"arn:aws:lambda:us-east-1:123456789012:function:my-func:1\"," +
            "\"Condition\":{\"ArnLike\":{\"AWS:SourceArn\":\"arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/*/*\"}}}]}";

        [Fact]
        public void Parses_the_demo_policy()
        {
            var statement = Assert.Single(LambdaPolicyParser.Parse(DemoMyFuncPolicy));
            Assert.Equal("apigw-dev-orders", statement.Sid);
            Assert.Equal("Allow", statement.Effect);
            Assert.Equal("apigateway.amazonaws.com", statement.Principal);
            Assert.True(statement.IsServicePrincipal);
            Assert.Equal("lambda:InvokeFunction", statement.Action);
            Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:my-func:1", statement.Resource);
            Assert.Equal("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/*/*", statement.SourceArn);
            Assert.Null(statement.SourceAccount);
            Assert.False(statement.HasInexpressibleParts);
            Assert.Null(statement.InexpressibleReason);
            Assert.StartsWith("{\"Sid\":\"apigw-dev-orders\"", statement.RawJson);
        }

        [Fact]
        public void Unwraps_a_whole_GetPolicy_response()
        {
            var response = "{\"Policy\":" + System.Text.Json.JsonSerializer.Serialize(DemoMyFuncPolicy) + ",\"RevisionId\":\"4843f2f6-7c59-4fda-b484-afd0bc0e22b8\"}";
            Assert.Equal("apigw-dev-orders", Assert.Single(LambdaPolicyParser.Parse(response)).Sid);
        }

        [Theory]
        // principal JSON, expected Principal, service?, inexpressible reason (null = none)
        [InlineData("{\"Service\":\"s3.amazonaws.com\"}", "s3.amazonaws.com", true, null)]
        [InlineData("{\"Service\":[\"sns.amazonaws.com\"]}", "sns.amazonaws.com", true, null)]
        [InlineData("{\"AWS\":\"arn:aws:iam::210987654321:root\"}", "arn:aws:iam::210987654321:root", false, null)]
        [InlineData("{\"AWS\":\"210987654321\"}", "210987654321", false, null)]
        [InlineData("\"210987654321\"", "210987654321", false, null)]
        [InlineData("\"*\"", "*", false, "wildcard principal")]
        [InlineData("{\"AWS\":\"*\"}", "*", false, "wildcard principal")]
        [InlineData("{\"Service\":[\"events.amazonaws.com\",\"sns.amazonaws.com\"]}", "events.amazonaws.com, sns.amazonaws.com", true, "several principals")]
        [InlineData("{\"Federated\":\"cognito-identity.amazonaws.com\"}", "cognito-identity.amazonaws.com", false, "principal type Federated")]
        public void Reads_every_principal_shape(string principalJson, string expected, bool isService, string reason)
        {
            var json = "{\"Statement\":[{\"Sid\":\"s\",\"Effect\":\"Allow\",\"Principal\":" + principalJson + ",\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"arn:aws:lambda:us-east-1:123456789012:function:f:1\"}]}";
            var statement = Assert.Single(LambdaPolicyParser.Parse(json));
            Assert.Equal(expected, statement.Principal);
            Assert.Equal(isService, statement.IsServicePrincipal);
            if (reason == null) Assert.False(statement.HasInexpressibleParts, statement.InexpressibleReason);
            else Assert.Contains(reason, statement.InexpressibleReason);
        }

        [Fact]
        public void Reads_every_condition_AddPermission_writes()
        {
            var json = "{\"Statement\":{\"Sid\":\"all\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"s3.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\"," +
                       "\"Resource\":\"arn:aws:lambda:us-east-1:123456789012:function:f:1\",\"Condition\":{" +
                       "\"StringEquals\":{\"AWS:SourceAccount\":\"123456789012\"},\"ArnLike\":{\"AWS:SourceArn\":\"arn:aws:s3:::uploads-bucket\"}}}}";
            var statement = Assert.Single(LambdaPolicyParser.Parse(json));
            Assert.Equal("123456789012", statement.SourceAccount);
            Assert.Equal("arn:aws:s3:::uploads-bucket", statement.SourceArn);
            Assert.False(statement.HasInexpressibleParts);

            var org = "{\"Statement\":[{\"Sid\":\"org\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"arn:aws:lambda:us-east-1:123456789012:function:f\"," +
                      "\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"}}}]}";
            var orgStatement = Assert.Single(LambdaPolicyParser.Parse(org));
            Assert.Equal("o-a1b2c3d4e5", orgStatement.PrincipalOrgId);
            Assert.False(orgStatement.HasInexpressibleParts, orgStatement.InexpressibleReason); // "*" narrowed by the org is what AddPermission writes

            var url = "{\"Statement\":[{\"Sid\":\"url\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"lambda:InvokeFunctionUrl\",\"Resource\":\"arn:aws:lambda:us-east-1:123456789012:function:f\"," +
                      "\"Condition\":{\"StringEquals\":{\"lambda:FunctionUrlAuthType\":\"NONE\"}}}]}";
            var urlStatement = Assert.Single(LambdaPolicyParser.Parse(url));
            Assert.Equal("NONE", urlStatement.FunctionUrlAuthType);
            Assert.False(urlStatement.HasInexpressibleParts, urlStatement.InexpressibleReason);
        }

        [Theory]
        [InlineData("\"Effect\":\"Deny\",\"Principal\":{\"Service\":\"apigateway.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"r\"", "Deny statement")]
        [InlineData("\"Effect\":\"Allow\",\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::210987654321:root\"},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"r\"", "NotPrincipal")]
        [InlineData("\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"s3.amazonaws.com\"},\"NotAction\":\"lambda:DeleteFunction\",\"Resource\":\"r\"", "NotAction")]
        [InlineData("\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"s3.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\",\"NotResource\":\"r\"", "NotResource")]
        [InlineData("\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"s3.amazonaws.com\"},\"Action\":[\"lambda:InvokeFunction\",\"lambda:GetFunction\"],\"Resource\":\"r\"", "several actions")]
        [InlineData("\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"s3.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\",\"Resource\":[\"r1\",\"r2\"]", "several resources")]
        [InlineData("\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"s3.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"r\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}", "condition IpAddress aws:SourceIp")]
        [InlineData("\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"s3.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"r\",\"Condition\":{\"StringLike\":{\"AWS:SourceArn\":\"arn:aws:s3:::b*\"}}", "condition StringLike AWS:SourceArn")]
        [InlineData("\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"s3.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"r\",\"Condition\":{\"ArnLike\":{\"AWS:SourceArn\":[\"arn:aws:s3:::a\",\"arn:aws:s3:::b\"]}}", "several values for AWS:SourceArn")]
        [InlineData("\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"r\"", "wildcard principal")]
        [InlineData("\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"alexa-appkit.amazon.com\"},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"r\",\"Condition\":{\"StringEquals\":{\"lambda:EventSourceToken\":\"amzn1.ask.skill.x\"}}", "condition StringEquals lambda:EventSourceToken")]
        public void Flags_what_AddPermission_cannot_express(string body, string reason)
        {
            var statement = Assert.Single(LambdaPolicyParser.Parse("{\"Statement\":[{\"Sid\":\"x\"," + body + "}]}"));
            Assert.True(statement.HasInexpressibleParts);
            Assert.Contains(reason, statement.InexpressibleReason);
        }

        [Fact]
        public void Unusual_operators_still_surface_the_source_arn_for_reports()
        {
            var statement = Assert.Single(LambdaPolicyParser.Parse("{\"Statement\":[{\"Sid\":\"x\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"s3.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"r\",\"Condition\":{\"StringLike\":{\"aws:sourcearn\":\"arn:aws:s3:::b*\"}}}]}"));
            Assert.Equal("arn:aws:s3:::b*", statement.SourceArn);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("  ")]
        [InlineData("{\"Version\":\"2012-10-17\"}")]
        [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[]}")]
        public void Empty_policies_have_no_statements(string json)
        {
            Assert.Empty(LambdaPolicyParser.Parse(json));
        }

        [Theory]
        [InlineData("{")]
        [InlineData("[]")]
        [InlineData("\"text\"")]
        [InlineData("{\"Statement\":\"nope\"}")]
        [InlineData("{\"Statement\":[1]}")]
        [InlineData("{\"Policy\":\"{broken\"}")]
        public void Malformed_policies_give_MalformedPolicy(string json)
        {
            Assert.False(LambdaPolicyParser.TryParse(json, out var statements, out var error));
            Assert.Empty(statements);
            Assert.Equal(ErrorIds.MalformedPolicy, error.ErrorId);
            Assert.Equal(ErrorIds.MalformedPolicy, Assert.Throws<DiscoveryException>(() => LambdaPolicyParser.Parse(json)).ErrorId);
        }

        [Fact]
        public void Keeps_unicode_and_escaped_text()
        {
            var json = "{\"Statement\":[{\"Sid\":\"caf\\u00e9 \\\"quoted\\\"\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"s3.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"r\"}]}";
            Assert.Equal("café \"quoted\"", Assert.Single(LambdaPolicyParser.Parse(json)).Sid);
        }

        [Fact]
        public void Parses_many_statements_in_order()
        {
            var statements = new System.Text.StringBuilder("{\"Statement\":[");
            for (int i = 0; i < 200; i++)
            {
                if (i > 0) statements.Append(',');
                statements.Append("{\"Sid\":\"s" + i + "\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"apigateway.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"r\"}");
            }
            statements.Append("]}");
            var parsed = LambdaPolicyParser.Parse(statements.ToString());
            Assert.Equal(200, parsed.Length);
            Assert.Equal("s199", parsed[199].Sid);
        }
    }
}
