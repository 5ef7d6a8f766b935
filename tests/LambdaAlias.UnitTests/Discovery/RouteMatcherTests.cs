using System.Linq;
using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Discovery
{
    public class RouteMatcherTests
    {
        // The demo REST API a1b2c3d4e5: ANY /{proxy+} and GET /orders.
        private static readonly RouteCandidate[] DemoRest =
        {
            new RouteCandidate("ANY", "/{proxy+}", "proxy"),
            new RouteCandidate("GET", "/orders", "orders"),
        };

        [Theory]
        [InlineData("GET", "/orders", "orders")]
        [InlineData("get", "/orders/", "orders")]       // trailing slash and method case
        [InlineData("POST", "/orders", "proxy")]        // no POST on /orders: the greedy ANY serves it
        [InlineData("GET", "/orders/42", "proxy")]
        [InlineData("DELETE", "/a/b/c", "proxy")]
        [InlineData("GET", "/", null)]                  // {proxy+} needs at least one segment
        [InlineData("GET", "/Orders", "proxy")]         // paths are case-sensitive
        public void Demo_rest_api(string method, string path, string expectedTag)
        {
            var match = RouteMatcher.MatchRest(DemoRest, method, path);
            Assert.Equal(expectedTag, match?.Route.Tag);
        }

        private static readonly RouteCandidate[] PetStore =
        {
            new RouteCandidate("GET", "/"),
            new RouteCandidate("GET", "/pets"),
            new RouteCandidate("POST", "/pets"),
            new RouteCandidate("GET", "/pets/{petId}"),
            new RouteCandidate("ANY", "/pets/{petId}"),
            new RouteCandidate("GET", "/pets/dog/{proxy+}"),
            new RouteCandidate("GET", "/pets/{petId}/toys"),
            new RouteCandidate("ANY", "/{proxy+}"),
        };

        [Theory]
        [InlineData("GET", "/", "GET /")]
        [InlineData("GET", "/pets", "GET /pets")]
        [InlineData("PUT", "/pets", "ANY /{proxy+}")]
        [InlineData("GET", "/pets/7", "GET /pets/{petId}")]
        [InlineData("DELETE", "/pets/7", "ANY /pets/{petId}")]       // exact verb first, then ANY on the same path
        [InlineData("GET", "/pets/7/toys", "GET /pets/{petId}/toys")]
        [InlineData("GET", "/pets/dog/toys", "GET /pets/dog/{proxy+}")] // REST: literal "dog" beats {petId} at that level
        [InlineData("GET", "/pets/dog/a/b", "GET /pets/dog/{proxy+}")]
        [InlineData("GET", "/pets/7/toys/1", "ANY /{proxy+}")]
        [InlineData("GET", "/pets/%F0%9F%90%B6", "GET /pets/{petId}")]  // percent-encoded Unicode segment
        public void Rest_most_specific_resource_wins(string method, string path, string expectedRoute)
        {
            Assert.Equal(expectedRoute, RouteMatcher.MatchRest(PetStore, method, path)?.Route.RouteKey);
        }

        [Fact]
        public void Captures_path_parameters()
        {
            var match = RouteMatcher.MatchRest(PetStore, "GET", "/pets/dog/a/b");
            Assert.Equal("a/b", match.PathParameters["proxy"]);
            var pet = RouteMatcher.MatchRest(PetStore, "GET", "/pets/%F0%9F%90%B6?q=1");
            Assert.Equal("🐶", pet.PathParameters["petId"]);
        }

        // AWS's HTTP API routing example: exact, then path variable, then greedy, then $default.
        private static readonly RouteCandidate[] HttpExample =
        {
            RouteCandidate.FromRouteKey("GET /pets/dog/1"),
            RouteCandidate.FromRouteKey("GET /pets/dog/{id}"),
            RouteCandidate.FromRouteKey("GET /pets/{proxy+}"),
            RouteCandidate.FromRouteKey("ANY /{proxy+}"),
            RouteCandidate.FromRouteKey("$default"),
        };

        [Theory]
        [InlineData("GET", "/pets/dog/1", "GET /pets/dog/1")]
        [InlineData("GET", "/pets/dog/2", "GET /pets/dog/{id}")]
        [InlineData("GET", "/pets/cat/1", "GET /pets/{proxy+}")]
        [InlineData("POST", "/pets/dog/1", "ANY /{proxy+}")]
        [InlineData("GET", "/", "$default")]
        public void Http_api_priorities(string method, string path, string expectedRoute)
        {
            Assert.Equal(expectedRoute, RouteMatcher.MatchHttpApi(HttpExample, method, path)?.Route.RouteKey);
        }

        [Fact]
        public void Http_api_prefers_a_path_variable_over_a_greedy_variable_even_after_a_literal()
        {
            var routes = new[] { RouteCandidate.FromRouteKey("GET /pets/{id}/toys"), RouteCandidate.FromRouteKey("GET /pets/dog/{proxy+}") };
            Assert.Equal("GET /pets/{id}/toys", RouteMatcher.MatchHttpApi(routes, "GET", "/pets/dog/toys").Route.RouteKey);
            Assert.Equal("GET /pets/dog/{proxy+}", RouteMatcher.MatchRest(routes, "GET", "/pets/dog/toys").Route.RouteKey);
        }

        [Fact]
        public void Demo_http_api_routes()
        {
            var routes = new[] { RouteCandidate.FromRouteKey("GET /items", "int-items-get"), RouteCandidate.FromRouteKey("POST /items", "int-items-post") };
            Assert.Equal("int-items-get", RouteMatcher.MatchHttpApi(routes, "GET", "/items").Route.Tag);
            Assert.Equal("int-items-post", RouteMatcher.MatchHttpApi(routes, "POST", "/items").Route.Tag);
            Assert.Null(RouteMatcher.MatchHttpApi(routes, "PUT", "/items"));
        }

        [Fact]
        public void ServingRoutes_groups_request_methods_by_route()
        {
            var serving = RouteMatcher.ServingRoutes(DemoRest, GatewayApiKind.Rest, "/orders");
            Assert.Equal(2, serving.Count);
            Assert.Equal("orders", serving[0].Route.Tag);
            Assert.Equal(new[] { "GET" }, serving[0].RequestMethods);
            Assert.Equal("proxy", serving[1].Route.Tag);
            Assert.Equal(new[] { "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS" }, serving[1].RequestMethods);

            Assert.Empty(RouteMatcher.ServingRoutes(DemoRest, GatewayApiKind.Rest, "/"));
        }

        [Fact]
        public void WebSocket_connection_url_reaches_every_route()
        {
            var routes = new[] { RouteCandidate.FromRouteKey("$connect"), RouteCandidate.FromRouteKey("$disconnect"), RouteCandidate.FromRouteKey("sendMessage") };
            var serving = RouteMatcher.ServingRoutes(routes, GatewayApiKind.WebSocket, "/");
            Assert.Equal(new[] { "$connect", "$disconnect", "sendMessage" }, serving.Select(s => s.Route.RouteKey));
            Assert.Empty(RouteMatcher.ServingRoutes(routes, GatewayApiKind.WebSocket, "/extra"));
        }

        [Theory]
        [InlineData("GET /orders/{id}", "GET", "/orders/{id}", false)]
        [InlineData("ANY /{proxy+}", "ANY", "/{proxy+}", false)]
        [InlineData("post /items", "POST", "/items", false)]
        [InlineData("$default", null, null, true)]
        [InlineData("$connect", null, null, true)]
        [InlineData("sendMessage", null, null, true)]
        [InlineData("", null, null, true)]
        public void FromRouteKey_parses_v2_keys(string key, string method, string path, bool special)
        {
            var route = RouteCandidate.FromRouteKey(key);
            Assert.Equal(method, route.HttpMethod);
            Assert.Equal(path, route.Path);
            Assert.Equal(special, route.IsSpecial);
            Assert.Equal(key, route.RouteKey);
        }

        [Theory]
        [InlineData("/", "")]
        [InlineData("/orders/{id}", "orders,{id}")]
        [InlineData("/{proxy+}", "{proxy+}")]
        [InlineData("/a/{proxy+}/b", "a,{proxy+},b")] // greedy not last: literal
        [InlineData("/a/{}/b", "a,{},b")]
        public void PathTemplate_parses_segments(string template, string expected)
        {
            var parsed = PathTemplate.Parse(template);
            Assert.Equal(expected, string.Join(",", parsed.Segments.Select(s => s.ToString())));
        }

        [Fact]
        public void PathTemplate_kinds_and_sourcearn_paths()
        {
            var greedy = PathTemplate.Parse("/pets/{proxy+}");
            Assert.True(greedy.HasGreedy);
            Assert.Equal(PathSegmentKind.Greedy, greedy.Segments[1].Kind);
            Assert.Equal("proxy", greedy.Segments[1].Text);
            Assert.Equal("/pets/*", greedy.ToSourceArnPath());
            Assert.Equal("/", PathTemplate.Parse("/").ToSourceArnPath());
            Assert.Equal("/orders/*/items/*", PathTemplate.Parse("/orders/{id}/items/{itemId}").ToSourceArnPath());
        }
    }
}
