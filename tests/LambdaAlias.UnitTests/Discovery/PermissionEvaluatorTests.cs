using System.Linq;
using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Discovery
{
    public class PermissionEvaluatorTests
    {
        private const string ApiGateway = "apigateway.amazonaws.com";

        private static string Statement(string sid, string effect, string principal, string sourceArn, string extraCondition = null, string action = "\"lambda:InvokeFunction\"", string resource = "arn:aws:lambda:us-east-1:123456789012:function:f:1")
        {
            var conditions = new System.Collections.Generic.List<string>();
            if (sourceArn != null) conditions.Add("\"ArnLike\":{\"AWS:SourceArn\":\"" + sourceArn + "\"}");
            if (extraCondition != null) conditions.Add(extraCondition);
            var condition = conditions.Count > 0 ? ",\"Condition\":{" + string.Join(",", conditions) + "}" : string.Empty;
            return "{\"Sid\":\"" + sid + "\",\"Effect\":\"" + effect + "\",\"Principal\":" + principal + ",\"Action\":" + action + ",\"Resource\":\"" + resource + "\"" + condition + "}";
        }

        private static PolicyStatement[] Policy(params string[] statements) =>
            LambdaPolicyParser.Parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + string.Join(",", statements) + "]}");

        private static PermissionRequest RestRoute(string apiId, string method, string path, string stage = "*") => new PermissionRequest
        {
            Principal = ApiGateway,
            SourceArn = ExecuteApiArn.ForRestMethod("aws", "us-east-1", "123456789012", apiId, method, path, stage),
            SourceAccount = "123456789012",
        };

        [Theory]
        [InlineData("GET", "/orders")]
        [InlineData("ANY", "/{proxy+}")]
        public void Demo_my_func_1_is_granted_for_both_routes(string method, string path)
        {
            var evaluation = PermissionEvaluator.Evaluate(LambdaPolicyParser.Parse(LambdaPolicyParserTests.DemoMyFuncPolicy), RestRoute("a1b2c3d4e5", method, path));
            Assert.Equal(PermissionState.Granted, evaluation.State);
            Assert.Equal("apigw-dev-orders", evaluation.MatchingStatement.Sid);
            Assert.Contains("apigw-dev-orders", evaluation.Detail);
        }

        [Fact]
        public void Demo_authorizer_policy_grants_the_authorizer_sourcearn()
        {
            var policy = Policy(Statement("auth", "Allow", "{\"Service\":\"apigateway.amazonaws.com\"}", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/authorizers/auth01"));
            var request = new PermissionRequest { Principal = ApiGateway, SourceArn = ExecuteApiArn.ForAuthorizer("aws", "us-east-1", "123456789012", "a1b2c3d4e5", "auth01") };
            Assert.Equal(PermissionState.Granted, PermissionEvaluator.Evaluate(policy, request).State);
            request.SourceArn = ExecuteApiArn.ForAuthorizer("aws", "us-east-1", "123456789012", "a1b2c3d4e5", "auth02");
            Assert.Equal(PermissionState.Missing, PermissionEvaluator.Evaluate(policy, request).State);
        }

        [Fact]
        public void Demo_stagevar_canary_route_is_missing_because_the_statement_names_GET_orders_only()
        {
            var policy = Policy(Statement("sv", "Allow", "{\"Service\":\"apigateway.amazonaws.com\"}", "arn:aws:execute-api:us-east-1:123456789012:s7t8u9v0w1/*/GET/orders"));
            Assert.Equal(PermissionState.Granted, PermissionEvaluator.Evaluate(policy, RestRoute("s7t8u9v0w1", "GET", "/orders")).State);
            var health = PermissionEvaluator.Evaluate(policy, RestRoute("s7t8u9v0w1", "GET", "/health"));
            Assert.Equal(PermissionState.Missing, health.State);
            Assert.Null(health.MatchingStatement);
        }

        [Fact]
        public void A_statement_for_one_stage_is_partial_for_all_stages_but_grants_that_stage()
        {
            var policy = Policy(Statement("dev-only", "Allow", "{\"Service\":\"apigateway.amazonaws.com\"}", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/dev/GET/orders"));
            var allStages = PermissionEvaluator.Evaluate(policy, RestRoute("a1b2c3d4e5", "GET", "/orders"));
            Assert.Equal(PermissionState.Missing, allStages.State);
            Assert.Equal("dev-only", Assert.Single(allStages.PartialStatements).Sid);
            Assert.Contains("only part", allStages.Detail);
            Assert.Equal(PermissionState.Granted, PermissionEvaluator.Evaluate(policy, RestRoute("a1b2c3d4e5", "GET", "/orders", "dev")).State);
        }

        [Fact]
        public void Deny_wins_over_allow()
        {
            var policy = Policy(
                Statement("allow-all", "Allow", "{\"Service\":\"apigateway.amazonaws.com\"}", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*"),
                Statement("deny-prod", "Deny", "{\"Service\":\"apigateway.amazonaws.com\"}", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/*"));
            var all = PermissionEvaluator.Evaluate(policy, RestRoute("a1b2c3d4e5", "GET", "/orders"));
            Assert.Equal(PermissionState.Missing, all.State);
            Assert.Equal("deny-prod", all.DenyingStatement.Sid);
            Assert.Contains("part of", all.Detail);
            Assert.Equal(PermissionState.Granted, PermissionEvaluator.Evaluate(policy, RestRoute("a1b2c3d4e5", "GET", "/orders", "dev")).State);
        }

        [Theory]
        [InlineData("{\"Service\":\"s3.amazonaws.com\"}", PermissionState.Missing)]
        [InlineData("{\"Service\":\"APIGATEWAY.amazonaws.com\"}", PermissionState.Granted)]
        [InlineData("\"*\"", PermissionState.Granted)]
        [InlineData("{\"AWS\":\"*\"}", PermissionState.Granted)]
        [InlineData("{\"AWS\":\"arn:aws:iam::123456789012:root\"}", PermissionState.Missing)]
        public void Principal_matching(string principal, PermissionState expected)
        {
            var policy = Policy(Statement("p", "Allow", principal, "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/*/*"));
            Assert.Equal(expected, PermissionEvaluator.Evaluate(policy, RestRoute("a1b2c3d4e5", "GET", "/orders")).State);
        }

        [Theory]
        [InlineData("210987654321", "{\"AWS\":\"arn:aws:iam::210987654321:root\"}", PermissionState.Granted)]
        [InlineData("arn:aws:iam::210987654321:root", "{\"AWS\":\"210987654321\"}", PermissionState.Granted)]
        [InlineData("210987654321", "{\"AWS\":\"arn:aws:iam::111111111111:root\"}", PermissionState.Missing)]
        [InlineData("arn:aws:iam::210987654321:role/invoker", "{\"AWS\":\"arn:aws:iam::210987654321:role/invoker\"}", PermissionState.Granted)]
        public void Account_principals_compare_by_account(string requester, string principal, PermissionState expected)
        {
            var policy = Policy(Statement("acct", "Allow", principal, null));
            Assert.Equal(expected, PermissionEvaluator.Evaluate(policy, new PermissionRequest { Principal = requester }).State);
        }

        [Fact]
        public void NotPrincipal_applies_to_everyone_else()
        {
            var policy = Policy("{\"Sid\":\"np\",\"Effect\":\"Deny\",\"NotPrincipal\":{\"Service\":\"apigateway.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"r\"}",
                                Statement("allow", "Allow", "\"*\"", null));
            Assert.Equal(PermissionState.Granted, PermissionEvaluator.Evaluate(policy, new PermissionRequest { Principal = ApiGateway }).State);
            var s3 = PermissionEvaluator.Evaluate(policy, new PermissionRequest { Principal = "s3.amazonaws.com" });
            Assert.Equal(PermissionState.Missing, s3.State);
            Assert.Equal("np", s3.DenyingStatement.Sid);
        }

        [Theory]
        [InlineData("\"lambda:InvokeFunction\"", PermissionState.Granted)]
        [InlineData("\"lambda:*\"", PermissionState.Granted)]
        [InlineData("\"*\"", PermissionState.Granted)]
        [InlineData("\"Lambda:invokefunction\"", PermissionState.Granted)] // actions are case-insensitive
        [InlineData("\"lambda:InvokeFunctionUrl\"", PermissionState.Missing)]
        [InlineData("[\"lambda:GetFunction\",\"lambda:Invoke*\"]", PermissionState.Granted)]
        public void Action_matching(string action, PermissionState expected)
        {
            var policy = Policy(Statement("a", "Allow", "{\"Service\":\"apigateway.amazonaws.com\"}", null, action: action));
            Assert.Equal(expected, PermissionEvaluator.Evaluate(policy, new PermissionRequest { Principal = ApiGateway }).State);
        }

        [Fact]
        public void NotAction_excludes_the_listed_actions()
        {
            var policy = Policy("{\"Sid\":\"na\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"apigateway.amazonaws.com\"},\"NotAction\":\"lambda:InvokeFunction\",\"Resource\":\"r\"}");
            Assert.Equal(PermissionState.Missing, PermissionEvaluator.Evaluate(policy, new PermissionRequest { Principal = ApiGateway }).State);
            Assert.Equal(PermissionState.Granted, PermissionEvaluator.Evaluate(policy, new PermissionRequest { Principal = ApiGateway, Action = "lambda:GetFunction" }).State);
        }

        [Theory]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:f:1", PermissionState.Granted)]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:f:2", PermissionState.Missing)]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:f", PermissionState.Missing)]
        public void Resource_is_checked_when_given(string resourceArn, PermissionState expected)
        {
            var policy = Policy(Statement("r", "Allow", "{\"Service\":\"apigateway.amazonaws.com\"}", null));
            Assert.Equal(expected, PermissionEvaluator.Evaluate(policy, new PermissionRequest { Principal = ApiGateway, ResourceArn = resourceArn }).State);
        }

        [Theory]
        [InlineData("\"StringEquals\":{\"AWS:SourceAccount\":\"123456789012\"}", "123456789012", PermissionState.Granted)]
        [InlineData("\"StringEquals\":{\"aws:sourceaccount\":\"123456789012\"}", "123456789012", PermissionState.Granted)] // keys are case-insensitive
        [InlineData("\"StringEquals\":{\"AWS:SourceAccount\":\"210987654321\"}", "123456789012", PermissionState.Missing)]
        [InlineData("\"StringEquals\":{\"AWS:SourceAccount\":\"123456789012\"}", null, PermissionState.Missing)]          // absent key fails
        [InlineData("\"StringEqualsIfExists\":{\"AWS:SourceAccount\":\"123456789012\"}", null, PermissionState.Granted)]  // ...unless IfExists
        [InlineData("\"StringNotEquals\":{\"AWS:SourceAccount\":\"210987654321\"}", "123456789012", PermissionState.Granted)]
        [InlineData("\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-abc\"}", "123456789012", PermissionState.Missing)]     // service calls carry no org id
        [InlineData("\"StringEquals\":{\"lambda:FunctionUrlAuthType\":\"NONE\"}", "123456789012", PermissionState.Missing)]
        [InlineData("\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}", "123456789012", PermissionState.Unknown)]
        [InlineData("\"Bool\":{\"aws:SecureTransport\":\"true\"}", "123456789012", PermissionState.Unknown)]
        public void Condition_keys_and_operators(string condition, string sourceAccount, PermissionState expected)
        {
            var policy = Policy(Statement("c", "Allow", "{\"Service\":\"apigateway.amazonaws.com\"}", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*", condition));
            var request = RestRoute("a1b2c3d4e5", "GET", "/orders");
            request.SourceAccount = sourceAccount;
            Assert.Equal(expected, PermissionEvaluator.Evaluate(policy, request).State);
        }

        [Theory]
        [InlineData("ArnNotLike", "arn:aws:execute-api:us-east-1:123456789012:zzzzzzzzzz/*", PermissionState.Granted)]
        [InlineData("ArnNotLike", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*", PermissionState.Missing)]
        [InlineData("ArnEquals", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/GET/orders", PermissionState.Granted)] // ArnEquals behaves like ArnLike
        [InlineData("ArnLike", "arn:aws:execute-api:us-east-1:123456789012:A1B2C3D4E5/*/GET/orders", PermissionState.Missing)]   // case-sensitive
        [InlineData("StringLike", "arn:aws:execute-api:*:a1b2c3d4e5/*", PermissionState.Granted)]                                 // StringLike's '*' spans colons
        [InlineData("ArnLike", "arn:aws:execute-api:*:a1b2c3d4e5/*", PermissionState.Missing)]                                    // ArnLike's does not
        public void SourceArn_operators(string op, string value, PermissionState expected)
        {
            var statement = "{\"Sid\":\"o\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"apigateway.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"r\",\"Condition\":{\"" + op + "\":{\"AWS:SourceArn\":\"" + value + "\"}}}";
            Assert.Equal(expected, PermissionEvaluator.Evaluate(Policy(statement), RestRoute("a1b2c3d4e5", "GET", "/orders")).State);
        }

        [Fact]
        public void Several_condition_values_are_ored()
        {
            var statement = "{\"Sid\":\"m\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"apigateway.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"r\",\"Condition\":{\"ArnLike\":{\"AWS:SourceArn\":[\"arn:aws:execute-api:us-east-1:123456789012:other/*\",\"arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*\"]}}}";
            Assert.Equal(PermissionState.Granted, PermissionEvaluator.Evaluate(Policy(statement), RestRoute("a1b2c3d4e5", "GET", "/orders")).State);
        }

        [Fact]
        public void An_undecidable_deny_makes_a_grant_unknown()
        {
            var policy = Policy(
                Statement("allow", "Allow", "{\"Service\":\"apigateway.amazonaws.com\"}", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*"),
                Statement("deny-ip", "Deny", "\"*\"", null, "\"NotIpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}"));
            var evaluation = PermissionEvaluator.Evaluate(policy, RestRoute("a1b2c3d4e5", "GET", "/orders"));
            Assert.Equal(PermissionState.Unknown, evaluation.State);
            Assert.Equal("allow", evaluation.MatchingStatement.Sid);
            Assert.Contains("deny-ip", evaluation.Detail);
        }

        [Theory]
        [InlineData("arn:aws:iam::123456789012:role/apigw-invoke", PermissionState.ViaRole, "role arn:aws:iam::123456789012:role/apigw-invoke")]
        [InlineData("arn:aws:iam::*:user/*", PermissionState.ViaRole, "caller's own credentials")]
        [InlineData(null, PermissionState.Missing, "No statement")]
        [InlineData("", PermissionState.Missing, "No statement")]
        public void EvaluateSource_reports_credentials_roles_as_ViaRole(string credentials, PermissionState expected, string detail)
        {
            var evaluation = PermissionEvaluator.EvaluateSource(new PolicyStatement[0], RestRoute("a1b2c3d4e5", "ANY", "/{proxy+}"), credentials);
            Assert.Equal(expected, evaluation.State);
            Assert.Contains(detail, evaluation.Detail);
        }

        [Fact]
        public void An_empty_policy_is_missing()
        {
            var evaluation = PermissionEvaluator.Evaluate(new PolicyStatement[0], RestRoute("a1b2c3d4e5", "GET", "/orders"));
            Assert.Equal(PermissionState.Missing, evaluation.State);
            Assert.Contains("No statement", evaluation.Detail);
            Assert.Equal(PermissionState.Missing, PermissionEvaluator.Evaluate(null, new PermissionRequest { Principal = ApiGateway }).State);
        }

        [Fact]
        public void Hand_built_statements_without_raw_json_are_evaluated_from_their_fields()
        {
            var statement = new PolicyStatement
            {
                Sid = "built",
                Effect = "Allow",
                Principal = ApiGateway,
                IsServicePrincipal = true,
                Action = "lambda:InvokeFunction",
                Resource = "arn:aws:lambda:us-east-1:123456789012:function:f:1",
                SourceArn = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/GET/orders",
            };
            Assert.Equal(PermissionState.Granted, PermissionEvaluator.Evaluate(new[] { statement }, RestRoute("a1b2c3d4e5", "GET", "/orders")).State);
            Assert.Equal(PermissionState.Missing, PermissionEvaluator.Evaluate(new[] { statement }, RestRoute("a1b2c3d4e5", "POST", "/orders")).State);
        }

        [Fact]
        public void StatementsForSource_lists_what_a_migration_must_carry_over()
        {
            // http-func in the demo: qualifier "1" allows GET /items; another API's statement and an S3 one are unrelated.
            var policy = Policy(
                Statement("get-items", "Allow", "{\"Service\":\"apigateway.amazonaws.com\"}", "arn:aws:execute-api:us-east-1:123456789012:h1t2t3p4a5/*/GET/items"),
                Statement("whole-api", "Allow", "{\"Service\":\"apigateway.amazonaws.com\"}", "arn:aws:execute-api:us-east-1:123456789012:h1t2t3p4a5/*"),
                Statement("prod-only", "Allow", "{\"Service\":\"apigateway.amazonaws.com\"}", "arn:aws:execute-api:us-east-1:123456789012:h1t2t3p4a5/prod/GET/items"),
                Statement("other-api", "Allow", "{\"Service\":\"apigateway.amazonaws.com\"}", "arn:aws:execute-api:us-east-1:123456789012:k2l3m4n5o6/*/GET/health"),
                Statement("s3", "Allow", "{\"Service\":\"s3.amazonaws.com\"}", "arn:aws:s3:::uploads"),
                Statement("deny-post", "Deny", "{\"Service\":\"apigateway.amazonaws.com\"}", "arn:aws:execute-api:us-east-1:123456789012:h1t2t3p4a5/*/GET/*"),
                Statement("no-source", "Allow", "{\"Service\":\"apigateway.amazonaws.com\"}", null));
            var request = new PermissionRequest
            {
                Principal = ApiGateway,
                SourceArn = ExecuteApiArn.ForRouteKey("aws", "us-east-1", "123456789012", "h1t2t3p4a5", "GET /items"),
                ResourceArn = "arn:aws:lambda:us-east-1:123456789012:function:http-func:live", // ignored: the statements name the old qualifier
            };
            var relevant = PermissionEvaluator.StatementsForSource(policy, request).Select(s => s.Sid).ToArray();
            Assert.Equal(new[] { "get-items", "whole-api", "prod-only", "deny-post", "no-source" }, relevant);
        }

        [Theory]
        [InlineData("apigateway.amazonaws.com", true)]
        [InlineData("apigateway.amazonaws.com.cn", true)]
        [InlineData("123456789012", false)]
        [InlineData("arn:aws:iam::123456789012:root", false)]
        [InlineData(null, false)]
        public void IsServicePrincipal(string principal, bool expected)
        {
            Assert.Equal(expected, PermissionEvaluator.IsServicePrincipal(principal));
        }

        [Theory]
        [InlineData("arn:aws:iam::123456789012:root", "123456789012")]
        [InlineData("arn:aws-cn:iam::123456789012:root", "123456789012")]
        [InlineData("123456789012", "123456789012")]
        [InlineData("arn:aws:iam::123456789012:role/x", "arn:aws:iam::123456789012:role/x")]
        public void NormalizeAccountPrincipal(string principal, string expected)
        {
            Assert.Equal(expected, PermissionEvaluator.NormalizeAccountPrincipal(principal));
        }
    }
}
