using System.Collections.Generic;
using System.Linq;
using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Discovery
{
    /// <summary>Inputs at the edges: JSON-pointer-like text, quotes, Unicode, blank and very long values.</summary>
    public class EdgeCaseTests
    {
        [Fact]
        public void Tilde_one_is_a_literal_path_segment_not_an_escape()
        {
            var routes = new[] { new RouteCandidate("GET", "/~1orders"), new RouteCandidate("GET", "/{id}") };
            Assert.Equal("GET /~1orders", RouteMatcher.MatchRest(routes, "GET", "/~1orders").Route.RouteKey);
            Assert.Equal("GET /{id}", RouteMatcher.MatchRest(routes, "GET", "/orders").Route.RouteKey);
            Assert.Equal("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/GET/~1orders", ExecuteApiArn.ForRestMethod("aws", "us-east-1", "123456789012", "a1b2c3d4e5", "GET", "/~1orders"));
        }

        [Fact]
        public void Very_long_paths_match_greedy_routes()
        {
            var path = "/" + string.Join("/", Enumerable.Repeat("segment", 1500)); // ~12k characters
            var routes = new[] { new RouteCandidate("ANY", "/{proxy+}"), new RouteCandidate("GET", "/segment/{id}") };
            var match = RouteMatcher.MatchRest(routes, "GET", path);
            Assert.Equal("ANY /{proxy+}", match.Route.RouteKey);
            Assert.Equal(path.Length - 1, match.PathParameters["proxy"].Length);
        }

        [Fact]
        public void Names_with_quotes_and_unicode_are_kept_verbatim_in_locations_and_echoes()
        {
            Assert.Equal("REST O'Brien \"orders\" – ✓ (a1b2c3d4e5) GET /orders", PinLocation.RestMethod("O'Brien \"orders\" – ✓", "a1b2c3d4e5", "GET", "/orders"));
            var scope = new EchoScope { Kind = GatewayApiKind.Rest, ApiId = "a1b2c3d4e5", ApiName = "\"my-func:1\" – ✓" };
            Assert.Equal("REST API a1b2c3d4e5 name '\"my-func:1\" – ✓'", Assert.Single(EchoFinder.FindEchoes("my-func:1", scope)));
        }

        [Fact]
        public void Very_long_filter_patterns_and_names_are_handled()
        {
            var longName = new string('a', 10000);
            var filter = FunctionNameFilter.Create(new[] { "a*a*a*a*b" });
            Assert.False(filter.Matches(longName, null));
            Assert.True(FunctionNameFilter.Create(new[] { "*" }).Matches(longName, null));
        }

        [Fact]
        public void Blank_stage_variable_values_are_present_not_missing()
        {
            var integration = IntegrationUriParser.Parse("arn:aws:lambda:us-east-1:123456789012:function:http-func:${stageVariables.v}").Lambda;
            var target = StageVariables.ResolveIntegration(integration, new Dictionary<string, string> { ["v"] = "" });
            // "http-func:" is not a valid reference: reported as a broken URI rather than a missing variable.
            Assert.Equal(ErrorIds.MalformedIntegrationUri, target.Error.ErrorId);
        }

        [Fact]
        public void Whitespace_only_inputs()
        {
            Assert.Equal(IntegrationTargetKind.Other, IntegrationUriParser.Parse("   ").TargetKind);
            Assert.False(InvokeUrl.TryParse("\t", out _, out var urlError));
            Assert.Equal(ErrorIds.MalformedInvokeUrl, urlError.ErrorId);
            Assert.False(LambdaFunctionReference.TryParse("   ", out _, out var arnError));
            Assert.Equal(ErrorIds.MalformedArn, arnError.ErrorId);
            Assert.Empty(LambdaPolicyParser.Parse("  \n "));
            Assert.False(ApiExportParser.TryParse(" ", out _, out var exportError));
            Assert.Equal(ErrorIds.MalformedExport, exportError.ErrorId);
        }
    }
}
