using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Discovery
{
    public class ExecuteApiArnTests
    {
        [Theory]
        [InlineData("GET", "/orders", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/GET/orders")]
        [InlineData("ANY", "/{proxy+}", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/*/*")]
        [InlineData("any", "/pets/{petId}", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/*/pets/*")]
        [InlineData("post", "/orders/{id}/items/{itemId}", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/POST/orders/*/items/*")]
        [InlineData("GET", "/", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/GET/")]
        [InlineData("GET", "/orders/", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/GET/orders")]
        public void ForRestMethod_builds_the_narrowest_sourcearn(string method, string path, string expected)
        {
            Assert.Equal(expected, ExecuteApiArn.ForRestMethod("aws", "us-east-1", "123456789012", "a1b2c3d4e5", method, path));
        }

        [Fact]
        public void ForRestMethod_can_name_a_stage_and_derives_the_partition()
        {
            Assert.Equal("arn:aws-cn:execute-api:cn-north-1:123456789012:abc/prod/GET/x", ExecuteApiArn.ForRestMethod(null, "cn-north-1", "123456789012", "abc", "GET", "/x", "prod"));
            Assert.Equal("arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc/*/GET/x", ExecuteApiArn.ForRestMethod(null, "us-gov-west-1", "123456789012", "abc", "GET", "/x"));
        }

        [Fact]
        public void ForAuthorizer_matches_the_demo_policy()
        {
            Assert.Equal("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/authorizers/auth01", ExecuteApiArn.ForAuthorizer("aws", "us-east-1", "123456789012", "a1b2c3d4e5", "auth01"));
        }

        [Theory]
        [InlineData("GET /items", "arn:aws:execute-api:us-east-1:123456789012:h1t2t3p4a5/*/GET/items")]
        [InlineData("POST /items", "arn:aws:execute-api:us-east-1:123456789012:h1t2t3p4a5/*/POST/items")]
        [InlineData("ANY /{proxy+}", "arn:aws:execute-api:us-east-1:123456789012:h1t2t3p4a5/*/*/*")]
        [InlineData("GET /orders/{id}", "arn:aws:execute-api:us-east-1:123456789012:h1t2t3p4a5/*/GET/orders/*")]
        [InlineData("$default", "arn:aws:execute-api:us-east-1:123456789012:h1t2t3p4a5/*/$default")]
        [InlineData("$connect", "arn:aws:execute-api:us-east-1:123456789012:h1t2t3p4a5/*/$connect")]
        [InlineData("sendMessage", "arn:aws:execute-api:us-east-1:123456789012:h1t2t3p4a5/*/sendMessage")]
        public void ForRouteKey(string routeKey, string expected)
        {
            Assert.Equal(expected, ExecuteApiArn.ForRouteKey("aws", "us-east-1", "123456789012", "h1t2t3p4a5", routeKey));
        }

        [Fact]
        public void ForApi_is_the_whole_api()
        {
            Assert.Equal("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*", ExecuteApiArn.ForApi("aws", "us-east-1", "123456789012", "a1b2c3d4e5"));
        }

        [Theory]
        // The demo policies against the demo routes.
        [InlineData("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/*/*", "GET", "/orders", true)]
        [InlineData("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/*/*", "ANY", "/{proxy+}", true)]
        [InlineData("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/GET/orders", "ANY", "/{proxy+}", false)]
        [InlineData("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/GET/*", "GET", "/orders/{id}", true)]
        [InlineData("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/dev/GET/orders", "GET", "/orders", false)] // one stage only
        [InlineData("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*", "POST", "/orders", true)]
        [InlineData("arn:aws:execute-api:us-east-1:123456789012:zzzzzzzzzz/*/*/*", "GET", "/orders", false)]
        public void Covers_tells_whether_a_statement_allows_a_route_on_every_stage(string statementSourceArn, string method, string path, bool expected)
        {
            var route = ExecuteApiArn.ForRestMethod("aws", "us-east-1", "123456789012", "a1b2c3d4e5", method, path);
            Assert.Equal(expected, ExecuteApiArn.Covers(statementSourceArn, route));
        }

        [Fact]
        public void Covers_for_one_stage_and_overlaps()
        {
            var devRoute = ExecuteApiArn.ForRestMethod("aws", "us-east-1", "123456789012", "a1b2c3d4e5", "GET", "/orders", "dev");
            Assert.True(ExecuteApiArn.Covers("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/dev/GET/orders", devRoute));
            var anyStage = ExecuteApiArn.ForRestMethod("aws", "us-east-1", "123456789012", "a1b2c3d4e5", "GET", "/orders");
            Assert.True(ExecuteApiArn.Overlaps("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/dev/GET/orders", anyStage));
            Assert.False(ExecuteApiArn.Overlaps("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/dev/POST/orders", anyStage));
        }

        [Theory]
        [InlineData(null, "*")]
        [InlineData("", "*")]
        [InlineData("ANY", "*")]
        [InlineData("any", "*")]
        [InlineData("*", "*")]
        [InlineData("get", "GET")]
        public void MethodPart(string method, string expected)
        {
            Assert.Equal(expected, ExecuteApiArn.MethodPart(method));
        }
    }
}
