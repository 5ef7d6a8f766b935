using System.Linq;
using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Discovery
{
    public class PinLocationTests
    {
        [Fact]
        public void Rest_locations()
        {
            Assert.Equal("REST dev-lambda-my-func:1-API (a1b2c3d4e5) GET /orders", PinLocation.RestMethod("dev-lambda-my-func:1-API", "a1b2c3d4e5", "GET", "/orders"));
            Assert.Equal("REST dev-lambda-my-func:1-API (a1b2c3d4e5) ANY /{proxy+}", PinLocation.RestMethod("dev-lambda-my-func:1-API", "a1b2c3d4e5", "any", "/{proxy+}"));
            Assert.Equal("REST a1b2c3d4e5 GET /", PinLocation.RestMethod(null, "a1b2c3d4e5", "GET", null));
            Assert.Equal("REST authorizer token-auth (auth01) on dev-lambda-my-func:1-API (a1b2c3d4e5)", PinLocation.RestAuthorizer("token-auth", "auth01", "dev-lambda-my-func:1-API", "a1b2c3d4e5"));
        }

        [Fact]
        public void V2_locations()
        {
            Assert.Equal("HTTP items-http-api (h1t2t3p4a5) GET /items", PinLocation.Route(GatewayApiKind.Http, "items-http-api", "h1t2t3p4a5", "GET /items"));
            Assert.Equal("WebSocket chat (w1e2b3s4o5) $connect", PinLocation.Route(GatewayApiKind.WebSocket, "chat", "w1e2b3s4o5", "$connect"));
            Assert.Equal("HTTP items-http-api (h1t2t3p4a5) (no route)", PinLocation.Route(GatewayApiKind.Http, "items-http-api", "h1t2t3p4a5", null));
            Assert.Equal("HTTP authorizer lambda-auth (au12345) on items-http-api (h1t2t3p4a5)", PinLocation.V2Authorizer(GatewayApiKind.Http, "lambda-auth", "au12345", "items-http-api", "h1t2t3p4a5"));
        }

        [Fact]
        public void Stage_variable_locations()
        {
            Assert.Equal("Stage variable lambdaAlias on stagevar-api (s7t8u9v0w1) stage prod", PinLocation.StageVariable("lambdaAlias", "stagevar-api", "s7t8u9v0w1", "prod", false));
            Assert.Equal("Stage variable lambdaAlias on stagevar-api (s7t8u9v0w1) stage prod (canary)", PinLocation.StageVariable("lambdaAlias", "stagevar-api", "s7t8u9v0w1", "prod", true));
        }

        [Theory]
        [InlineData("arn:aws:sqs:us-east-1:123456789012:orders-queue", "ESM 6f1e0c4a-0000-4000-8000-0000000000e1 (sqs orders-queue)")]
        [InlineData("arn:aws:kinesis:us-east-1:123456789012:stream/clicks", "ESM 6f1e0c4a-0000-4000-8000-0000000000e1 (kinesis stream/clicks)")]
        [InlineData("arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-05-01T10:00:00.000", "ESM 6f1e0c4a-0000-4000-8000-0000000000e1 (dynamodb table/Orders)")]
        [InlineData("arn:aws:kafka:us-east-1:123456789012:cluster/demo-cluster/abcd1234-0123-4567-89ab-cdef01234567-2", "ESM 6f1e0c4a-0000-4000-8000-0000000000e1 (kafka cluster/demo-cluster)")]
        [InlineData(null, "ESM 6f1e0c4a-0000-4000-8000-0000000000e1 (self-managed source)")]
        [InlineData("not-an-arn", "ESM 6f1e0c4a-0000-4000-8000-0000000000e1 (not-an-arn)")]
        public void Event_source_mapping_locations(string sourceArn, string expected)
        {
            Assert.Equal(expected, PinLocation.EventSourceMapping("6f1e0c4a-0000-4000-8000-0000000000e1", sourceArn));
        }

        [Fact]
        public void Permission_locations()
        {
            Assert.Equal("Permission s3-uploads for s3.amazonaws.com", PinLocation.Permission("s3-uploads", "s3.amazonaws.com"));
            Assert.Equal("Permission (no Sid) for (no principal)", PinLocation.Permission(null, ""));
        }
    }

    public class DiscoveryErrorIdTests
    {
        [Theory]
        [InlineData("MalformedArn")]
        [InlineData("MalformedIntegrationUri")]
        [InlineData("MalformedInvokeUrl")]
        [InlineData("StageVariableMissing")]
        [InlineData("UnknownCustomDomain")]
        [InlineData("NoApiMappingForPath")]
        [InlineData("UnknownApi")]
        [InlineData("UnknownStage")]
        [InlineData("NoRouteForInvokeUrl")]
        [InlineData("MalformedPolicy")]
        [InlineData("MalformedExport")]
        public void Each_discovery_error_id_is_in_the_catalogue_with_a_meaning(string id)
        {
            var entry = ErrorIds.Catalogue().Single(p => p.Key == id);
            Assert.False(string.IsNullOrWhiteSpace(entry.Value));
        }

        [Fact]
        public void Errors_quote_long_values_briefly()
        {
            var error = new DiscoveryError(ErrorIds.MalformedArn, DiscoveryErrorCategory.InvalidArgument, "m", "t");
            Assert.Equal("MalformedArn: m", error.ToString());
            var exception = error.ToException();
            Assert.Same(error, exception.Error);
            Assert.Equal("m", exception.Message);
        }
    }
}
