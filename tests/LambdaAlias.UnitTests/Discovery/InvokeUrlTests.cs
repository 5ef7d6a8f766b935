using System.Linq;
using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Discovery
{
    public class InvokeUrlTests
    {
        [Theory]
        // url, apiId, region, partition, first segment, vpce
        [InlineData("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev/orders", "a1b2c3d4e5", "us-east-1", "aws", "dev", null)]
        [InlineData("https://A1B2C3D4E5.Execute-Api.US-EAST-1.amazonaws.com/dev/orders", "a1b2c3d4e5", "us-east-1", "aws", "dev", null)]
        [InlineData("a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev/orders", "a1b2c3d4e5", "us-east-1", "aws", "dev", null)]
        [InlineData("  https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev/orders?x=1#frag  ", "a1b2c3d4e5", "us-east-1", "aws", "dev", null)]
        [InlineData("https://abcdef1234.execute-api.cn-north-1.amazonaws.com.cn/prod/items", "abcdef1234", "cn-north-1", "aws-cn", "prod", null)]
        [InlineData("https://abcdef1234.execute-api.us-gov-west-1.amazonaws.com/prod/items", "abcdef1234", "us-gov-west-1", "aws-us-gov", "prod", null)]
        [InlineData("https://abcdef1234-vpce-0123456789abcdef0.execute-api.us-east-1.amazonaws.com/prod/items", "abcdef1234", "us-east-1", "aws", "prod", "vpce-0123456789abcdef0")]
        [InlineData("wss://w1e2b3s4o5.execute-api.eu-west-1.amazonaws.com/production", "w1e2b3s4o5", "eu-west-1", "aws", "production", null)]
        [InlineData("http://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com:443/dev/", "a1b2c3d4e5", "us-east-1", "aws", "dev", null)]
        public void Parses_execute_api_hosts(string url, string apiId, string region, string partition, string firstSegment, string vpce)
        {
            var parsed = InvokeUrl.Parse(url);
            Assert.True(parsed.IsExecuteApiHost);
            Assert.False(parsed.IsCustomDomain);
            Assert.Equal(apiId, parsed.ApiId);
            Assert.Equal(region, parsed.Region);
            Assert.Equal(partition, parsed.Partition);
            Assert.Equal(firstSegment, parsed.Segments[0]);
            Assert.Equal(vpce, parsed.VpcEndpointId);
            Assert.Equal(url, parsed.Raw);
        }

        [Fact]
        public void Decodes_segments_but_keeps_json_pointer_like_text()
        {
            var parsed = InvokeUrl.Parse("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev/caf%C3%A9/~1orders//x%20y/");
            Assert.Equal(new[] { "dev", "café", "~1orders", "x y" }, parsed.Segments);
            Assert.StartsWith("/dev/caf%C3%A9/", parsed.Path);
        }

        [Fact]
        public void Custom_domains_are_recognised_by_elimination()
        {
            var parsed = InvokeUrl.Parse("https://API.Example.com/orders/orders");
            Assert.True(parsed.IsCustomDomain);
            Assert.Equal("api.example.com", parsed.Host);
            Assert.Null(parsed.ApiId);
            Assert.Equal(new[] { "orders", "orders" }, parsed.Segments);

            Assert.True(InvokeUrl.Parse("api.example.com").IsCustomDomain);
            Assert.Empty(InvokeUrl.Parse("https://api.example.com/").Segments);
            Assert.True(InvokeUrl.Parse("https://xn--bcher-kva.example/orders").IsCustomDomain); // IDN host
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("/dev/orders")]
        [InlineData("ftp://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev")]
        [InlineData("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev/my orders")]
        [InlineData("https://")]
        [InlineData("https://:443/dev")]
        [InlineData("https://execute-api.us-east-1.amazonaws.com/dev/orders")]           // no api id
        [InlineData("https://a1b2_c3.execute-api.us-east-1.amazonaws.com/dev/orders")]   // invalid api id
        [InlineData("https://a1b2c3d4e5.execute-api.useast1.amazonaws.com/dev/orders")]   // invalid region
        [InlineData("https://a1b2c3d4e5.execute-api.cn-north-1.amazonaws.com/dev/orders")] // China region needs .cn
        [InlineData("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com.cn/dev/orders")]
        public void Malformed_urls_give_MalformedInvokeUrl(string url)
        {
            Assert.False(InvokeUrl.TryParse(url, out var parsed, out var error));
            Assert.Null(parsed);
            Assert.Equal(ErrorIds.MalformedInvokeUrl, error.ErrorId);
            Assert.Equal(url, error.TargetValue);
            Assert.Equal(ErrorIds.MalformedInvokeUrl, Assert.Throws<DiscoveryException>(() => InvokeUrl.Parse(url)).ErrorId);
        }

        [Fact]
        public void A_ten_thousand_character_path_still_parses()
        {
            var url = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev/" + string.Join("/", Enumerable.Repeat("seg", 2500));
            var parsed = InvokeUrl.Parse(url);
            Assert.Equal(2501, parsed.Segments.Count);
        }

        [Fact]
        public void Stage_interpretations_cover_the_default_stage_form()
        {
            var parsed = InvokeUrl.Parse("https://h1t2t3p4a5.execute-api.us-east-1.amazonaws.com/items/42");
            var readings = parsed.StageInterpretations();
            Assert.Equal(2, readings.Count);
            Assert.Equal("items", readings[0].StageName);
            Assert.Equal("/42", readings[0].ResourcePath);
            Assert.False(readings[0].IsDefaultStage);
            Assert.Equal("$default", readings[1].StageName);
            Assert.Equal("/items/42", readings[1].ResourcePath);
            Assert.True(readings[1].IsDefaultStage);

            var root = InvokeUrl.Parse("https://h1t2t3p4a5.execute-api.us-east-1.amazonaws.com").StageInterpretations();
            var only = Assert.Single(root);
            Assert.Equal("$default", only.StageName);
            Assert.Equal("/", only.ResourcePath);
        }

        [Theory]
        [InlineData("https://h1t2t3p4a5.execute-api.us-east-1.amazonaws.com/items", new[] { "$default" }, "$default", "/items")]
        [InlineData("https://h1t2t3p4a5.execute-api.us-east-1.amazonaws.com/items", new[] { "$default", "items" }, "items", "/")]
        [InlineData("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev/orders", new[] { "dev" }, "dev", "/orders")]
        [InlineData("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/Dev/orders", new[] { "dev" }, null, null)] // stage names are case-sensitive
        [InlineData("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/orders", new[] { "dev" }, null, null)]
        public void ChooseInterpretation_prefers_a_named_stage_then_default(string url, string[] stages, string expectedStage, string expectedPath)
        {
            var chosen = InvokeUrl.Parse(url).ChooseInterpretation(stages);
            Assert.Equal(expectedStage, chosen?.StageName);
            Assert.Equal(expectedPath, chosen?.ResourcePath);
        }
    }

    public class InvokeUrlResolverTests
    {
        private static readonly GatewayApiSummary DemoRest = new GatewayApiSummary { ApiId = "a1b2c3d4e5", Name = "dev-lambda-my-func:1-API", Kind = GatewayApiKind.Rest, StageNames = new[] { "dev" } };
        private static readonly GatewayApiSummary DemoHttp = new GatewayApiSummary { ApiId = "h1t2t3p4a5", Name = "items-http-api", Kind = GatewayApiKind.Http, StageNames = new[] { "$default" } };

        [Fact]
        public void Resolves_the_demo_invoke_url()
        {
            var url = InvokeUrl.Parse("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev/orders");
            var target = InvokeUrlResolver.ResolveExecuteApi(url, DemoRest, out var error);
            Assert.Null(error);
            Assert.Equal("a1b2c3d4e5", target.ApiId);
            Assert.Equal("dev", target.StageName);
            Assert.Equal("/orders", target.ResourcePath);
            Assert.True(target.StageFromPath);
        }

        [Fact]
        public void Resolves_the_http_api_default_stage()
        {
            var url = InvokeUrl.Parse("https://h1t2t3p4a5.execute-api.us-east-1.amazonaws.com/items");
            var target = InvokeUrlResolver.ResolveExecuteApi(url, DemoHttp, out var error);
            Assert.Null(error);
            Assert.Equal("$default", target.StageName);
            Assert.True(target.IsDefaultStage);
            Assert.Equal("/items", target.ResourcePath);
        }

        [Fact]
        public void Unknown_api_and_stage_have_their_own_error_ids()
        {
            var url = InvokeUrl.Parse("https://zzzzzzzzzz.execute-api.us-east-1.amazonaws.com/dev/orders");
            Assert.Null(InvokeUrlResolver.ResolveExecuteApi(url, null, out var unknownApi));
            Assert.Equal(ErrorIds.UnknownApi, unknownApi.ErrorId);
            Assert.Contains("zzzzzzzzzz", unknownApi.Message);

            var wrongStage = InvokeUrl.Parse("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/orders");
            Assert.Null(InvokeUrlResolver.ResolveExecuteApi(wrongStage, DemoRest, out var unknownStage));
            Assert.Equal(ErrorIds.UnknownStage, unknownStage.ErrorId);
            Assert.Contains("dev", unknownStage.Message);
        }

        [Theory]
        [InlineData("api.example.com", new[] { "api.example.com", "other.example.com" }, "api.example.com")]
        [InlineData("API.EXAMPLE.COM", new[] { "api.example.com" }, "api.example.com")]
        [InlineData("orders.example.com", new[] { "*.example.com", "api.example.com" }, "*.example.com")]
        [InlineData("api.example.com", new[] { "*.example.com", "api.example.com" }, "api.example.com")] // exact wins
        [InlineData("a.b.example.com", new[] { "*.example.com" }, null)]                               // one label only
        [InlineData("example.com", new[] { "*.example.com" }, null)]
        [InlineData("api.example.org", new[] { "api.example.com" }, null)]
        public void FindCustomDomain(string host, string[] domains, string expected)
        {
            Assert.Equal(expected, InvokeUrlResolver.FindCustomDomain(host, domains));
        }

        [Fact]
        public void Unknown_custom_domain_error()
        {
            var url = InvokeUrl.Parse("https://nope.example.com/orders");
            var error = InvokeUrlResolver.UnknownCustomDomain(url);
            Assert.Equal(ErrorIds.UnknownCustomDomain, error.ErrorId);
            Assert.Contains("nope.example.com", error.Message);
        }

        [Fact]
        public void Resolves_the_demo_custom_domain()
        {
            var url = InvokeUrl.Parse("https://api.example.com/orders/orders");
            var mappings = new[] { new ApiMappingEntry { DomainName = "api.example.com", BasePath = "orders", ApiId = "a1b2c3d4e5", Stage = "dev" } };
            var target = InvokeUrlResolver.ResolveCustomDomain(url, "api.example.com", mappings, out var error);
            Assert.Null(error);
            Assert.Equal("a1b2c3d4e5", target.ApiId);
            Assert.Equal("dev", target.StageName);
            Assert.Equal("/orders", target.ResourcePath);
            Assert.Same(mappings[0], target.Mapping);
            Assert.False(target.StageFromPath);
            Assert.True(InvokeUrlResolver.ValidateTarget(target, DemoRest, out var validation));
            Assert.Null(validation);
        }

        [Theory]
        // path, expected api, expected stage, expected resource path
        [InlineData("/v1/orders/list", "multi", "prod", "/list")]
        [InlineData("/v1/other", "v1only", "prod", "/other")]
        [InlineData("/v1", "v1only", "prod", "/")]
        [InlineData("/v2/orders", "root", "live", "/v2/orders")]
        [InlineData("/", "root", "live", "/")]
        [InlineData("/V1/orders", "root", "live", "/V1/orders")] // base paths are case-sensitive
        [InlineData("/v1orders", "root", "live", "/v1orders")]  // whole segments only
        public void Longest_base_path_wins(string path, string api, string stage, string resourcePath)
        {
            var mappings = new[]
            {
                new ApiMappingEntry { BasePath = "(none)", ApiId = "root", Stage = "live" },
                new ApiMappingEntry { BasePath = "v1", ApiId = "v1only", Stage = "prod" },
                new ApiMappingEntry { BasePath = "v1/orders", ApiId = "multi", Stage = "prod", IsApiMapping = true },
            };
            var url = InvokeUrl.Parse("https://api.example.com" + path);
            var target = InvokeUrlResolver.ResolveCustomDomain(url, "api.example.com", mappings, out var error);
            Assert.Null(error);
            Assert.Equal(api, target.ApiId);
            Assert.Equal(stage, target.StageName);
            Assert.Equal(resourcePath, target.ResourcePath);
        }

        [Fact]
        public void V2_root_mapping_to_default_stage()
        {
            var mappings = new[] { new ApiMappingEntry { BasePath = "", ApiId = "h1t2t3p4a5", Stage = "$default", IsApiMapping = true } };
            var target = InvokeUrlResolver.ResolveCustomDomain(InvokeUrl.Parse("https://items.example.com/items"), "items.example.com", mappings, out _);
            Assert.True(target.IsDefaultStage);
            Assert.Equal("/items", target.ResourcePath);
        }

        [Fact]
        public void Rest_mapping_without_stage_reads_the_stage_from_the_path()
        {
            var mappings = new[] { new ApiMappingEntry { BasePath = "orders", ApiId = "a1b2c3d4e5", Stage = null } };
            var target = InvokeUrlResolver.ResolveCustomDomain(InvokeUrl.Parse("https://api.example.com/orders/dev/orders"), "api.example.com", mappings, out var error);
            Assert.Null(error);
            Assert.Equal("dev", target.StageName);
            Assert.True(target.StageFromPath);
            Assert.Equal("/orders", target.ResourcePath);

            Assert.Null(InvokeUrlResolver.ResolveCustomDomain(InvokeUrl.Parse("https://api.example.com/orders"), "api.example.com", mappings, out var missing));
            Assert.Equal(ErrorIds.UnknownStage, missing.ErrorId);
        }

        [Fact]
        public void No_matching_mapping_gives_NoApiMappingForPath()
        {
            var mappings = new[] { new ApiMappingEntry { BasePath = "orders", ApiId = "a1b2c3d4e5", Stage = "dev" } };
            Assert.Null(InvokeUrlResolver.ResolveCustomDomain(InvokeUrl.Parse("https://api.example.com/billing/x"), "api.example.com", mappings, out var error));
            Assert.Equal(ErrorIds.NoApiMappingForPath, error.ErrorId);
            Assert.Contains("orders", error.Message);
        }

        [Fact]
        public void NoRoute_names_the_api_stage_and_path()
        {
            var target = new InvokeTarget { ApiId = "a1b2c3d4e5", StageName = "dev", ResourcePath = "/" };
            var error = InvokeUrlResolver.NoRoute(target, "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev", "dev-lambda-my-func:1-API (a1b2c3d4e5)");
            Assert.Equal(ErrorIds.NoRouteForInvokeUrl, error.ErrorId);
            Assert.Contains("dev-lambda-my-func:1-API (a1b2c3d4e5)", error.Message);
            Assert.Contains("stage dev", error.Message);
            Assert.Equal("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev", error.TargetValue);
        }

        [Fact]
        public void ValidateTarget_reports_unknown_api_and_stage()
        {
            var target = new InvokeTarget { ApiId = "gone", StageName = "dev", Mapping = new ApiMappingEntry { BasePath = "x", ApiId = "gone", Stage = "dev" } };
            Assert.False(InvokeUrlResolver.ValidateTarget(target, null, out var unknownApi));
            Assert.Equal(ErrorIds.UnknownApi, unknownApi.ErrorId);

            var wrongStage = new InvokeTarget { ApiId = "a1b2c3d4e5", StageName = "prod" };
            Assert.False(InvokeUrlResolver.ValidateTarget(wrongStage, DemoRest, out var unknownStage));
            Assert.Equal(ErrorIds.UnknownStage, unknownStage.ErrorId);
        }
    }
}
