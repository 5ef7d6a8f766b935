using System.Collections.Generic;
using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Discovery
{
    public class EchoFinderTests
    {
        [Theory]
        [InlineData("dev-lambda-my-func:1-API", "my-func:1", true)]
        [InlineData("Orders API (dev-lambda-my-func:1)", "my-func:1", true)]
        [InlineData("my-func:1", "my-func:1", true)]
        [InlineData("arn:aws:lambda:us-east-1:123456789012:function:my-func:1", "my-func:1", true)]
        [InlineData("my-func:10", "my-func:1", false)]
        [InlineData("xmy-func:1", "my-func:1", false)]
        [InlineData("my_func:1", "my-func:1", false)]
        [InlineData("MY-FUNC:1", "my-func:1", false)]           // names are case-sensitive
        [InlineData("my-func:1 and my-func:12", "my-func:1", true)]
        [InlineData("my-func:12 then my-func:1.", "my-func:1", true)]
        [InlineData("my-func:live", "my-func:live", true)]
        [InlineData("my-func:live-2", "my-func:live", false)]   // a different alias
        [InlineData("my-func:lively", "my-func:live", false)]
        [InlineData("(my-func:$LATEST)", "my-func:$LATEST", true)]
        [InlineData("my-func", "my-func", true)]
        [InlineData("my-func:1", "my-func", false)]             // a qualified mention is not the unqualified pin
        [InlineData("my-funcs", "my-func", false)]
        [InlineData("", "my-func:1", false)]
        [InlineData(null, "my-func:1", false)]
        [InlineData("Bestellung für my-func:1 ✓", "my-func:1", true)]
        public void Mentions_whole_tokens_only(string text, string pin, bool expected)
        {
            Assert.Equal(expected, EchoFinder.Mentions(text, pin));
        }

        [Fact]
        public void PinText()
        {
            Assert.Equal("my-func:1", EchoFinder.PinText("my-func", "1"));
            Assert.Equal("http-func", EchoFinder.PinText("http-func", null));
        }

        [Fact]
        public void Finds_the_demo_echoes()
        {
            var scope = new EchoScope
            {
                Kind = GatewayApiKind.Rest,
                ApiId = "a1b2c3d4e5",
                ApiName = "dev-lambda-my-func:1-API",
                ApiDescription = "Orders API (dev-lambda-my-func:1)",
                Tags = new Dictionary<string, string> { ["deployment"] = "dev-lambda-my-func:1", ["aws:cloudformation:stack-name"] = "dev-orders-stack" },
                Stages = new[]
                {
                    new EchoStage { StageName = "dev", Description = "serves my-func:1", Tags = new Dictionary<string, string> { ["my-func:1"] = "" } },
                    new EchoStage { StageName = "old", Description = "serves my-func:10" },
                },
            };
            var echoes = EchoFinder.FindEchoes("my-func:1", scope);
            Assert.Equal(new[]
            {
                "REST API a1b2c3d4e5 name 'dev-lambda-my-func:1-API'",
                "REST API a1b2c3d4e5 description 'Orders API (dev-lambda-my-func:1)'",
                "REST API a1b2c3d4e5 tag deployment=dev-lambda-my-func:1",
                "REST API a1b2c3d4e5 stage dev description 'serves my-func:1'",
                "REST API a1b2c3d4e5 stage dev tag my-func:1=",
            }, echoes);
            Assert.Empty(EchoFinder.FindEchoes("my-func:2", scope));
            Assert.Empty(EchoFinder.FindEchoes("my-func:1", null));
        }

        [Fact]
        public void Long_echo_text_is_shortened()
        {
            var scope = new EchoScope { Kind = GatewayApiKind.Http, ApiId = "h1", ApiDescription = "my-func:1 " + new string('x', 10000) };
            var echo = Assert.Single(EchoFinder.FindEchoes("my-func:1", scope));
            Assert.StartsWith("HTTP API h1 description 'my-func:1 xxx", echo);
            Assert.True(echo.Length < 200);
        }

        [Theory]
        [InlineData(new[] { "aws:cloudformation:stack-name", "dev-orders-stack" }, "CloudFormation stack dev-orders-stack")]
        [InlineData(new[] { "aws:cloudformation:stack-name", "orders", "lambda:createdBy", "SAM" }, "CloudFormation stack orders (SAM)")]
        [InlineData(new[] { "lambda:createdBy", "SAM" }, "SAM")]
        [InlineData(new[] { "aws:servicecatalog:provisionedProductArn", "arn:aws:servicecatalog:us-east-1:123456789012:stack/p/pp-1" }, "Service Catalog provisioned product arn:aws:servicecatalog:us-east-1:123456789012:stack/p/pp-1")]
        [InlineData(new[] { "copilot-application", "shop", "copilot-environment", "test" }, "AWS Copilot application shop environment test")]
        [InlineData(new[] { "ManagedBy", "Terraform" }, "Terraform (tag ManagedBy)")]
        [InlineData(new[] { "managed-by", "pulumi" }, "pulumi (tag managed-by)")]
        [InlineData(new[] { "terraform", "true" }, "Terraform (tag terraform=true)")]
        [InlineData(new[] { "terraform", "false" }, null)]
        [InlineData(new[] { "team", "orders" }, null)]
        [InlineData(new[] { "aws:cloudformation:stack-name", " " }, null)]
        public void ManagedBy_reads_documented_tag_conventions(string[] pairs, string expected)
        {
            var tags = new Dictionary<string, string>();
            for (int i = 0; i < pairs.Length; i += 2) tags[pairs[i]] = pairs[i + 1];
            Assert.Equal(expected, EchoFinder.ManagedBy(tags));
        }

        [Fact]
        public void ManagedBy_without_tags_is_null()
        {
            Assert.Null(EchoFinder.ManagedBy(null));
            Assert.Null(EchoFinder.ManagedBy(new Dictionary<string, string>()));
        }
    }
}
