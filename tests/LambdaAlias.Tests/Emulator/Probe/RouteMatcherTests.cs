using LambdaAlias.Emulator;
using Xunit;

namespace LambdaAlias.Tests.Emulator.Probe;

public class RouteMatcherTests
{
    private static RestResource Resource(string path, params string[] verbs)
    {
        var r = new RestResource { Id = "id" + path.GetHashCode().ToString("x"), Path = path };
        foreach (var v in verbs) r.Methods[v] = new RestMethod { HttpMethod = v };
        return r;
    }

    private static readonly List<RestResource> Rest = new()
    {
        Resource("/"),
        Resource("/{proxy+}", "ANY"),
        Resource("/orders", "GET"),
        Resource("/orders/{id}", "GET", "ANY"),
        Resource("/orders/latest", "GET"),
    };

    [Theory]
    [InlineData("GET", "/orders", "/orders", "GET")]
    [InlineData("GET", "/orders/latest", "/orders/latest", "GET")]
    [InlineData("GET", "/orders/42", "/orders/{id}", "GET")]
    [InlineData("DELETE", "/orders/42", "/orders/{id}", "ANY")]
    [InlineData("GET", "/orders/42/items/7", "/{proxy+}", "ANY")]
    [InlineData("POST", "/anything", "/{proxy+}", "ANY")]
    [InlineData("GET", "//orders/", "/orders", "GET")]
    public void RestPicksTheMostSpecificResourceThenMethodOrAny(string verb, string path, string expectedResource, string expectedMethod)
    {
        var m = RouteMatcher.MatchRest(Rest, verb, RouteMatcher.NormalizePath(path));
        Assert.Equal(expectedResource, m.Resource?.Path);
        Assert.Equal(expectedMethod, m.Method?.HttpMethod);
    }

    [Fact]
    public void RestCapturesPathParametersAndGreedyRemainder()
    {
        var id = RouteMatcher.MatchRest(Rest, "GET", "/orders/a%20b");
        Assert.Equal("a b", id.PathParameters["id"]);
        var proxy = RouteMatcher.MatchRest(Rest, "GET", "/x/y/z");
        Assert.Equal("x/y/z", proxy.PathParameters["proxy"]);
    }

    [Fact]
    public void RestResourceWithoutTheMethodDoesNotFallBackToAnotherResource()
    {
        var m = RouteMatcher.MatchRest(Rest, "POST", "/orders");
        Assert.Equal("/orders", m.Resource.Path);
        Assert.Null(m.Method);
        Assert.Null(RouteMatcher.MatchRest(new[] { Resource("/orders", "GET") }, "GET", "/other").Resource);
    }

    private static HttpRoute Route(string key) => new() { RouteId = key, RouteKey = key };

    [Theory]
    [InlineData("GET", "/items", "GET /items")]
    [InlineData("POST", "/items", "ANY /items")]
    [InlineData("GET", "/items/9", "GET /items/{id}")]
    [InlineData("PUT", "/items/9/parts", "ANY /items/{proxy+}")]
    [InlineData("GET", "/else", "$default")]
    public void HttpApiPrefersExactThenParameterThenGreedyThenDefault(string verb, string path, string expected)
    {
        var routes = new[] { Route("$default"), Route("ANY /items/{proxy+}"), Route("GET /items/{id}"), Route("ANY /items"), Route("GET /items") };
        Assert.Equal(expected, RouteMatcher.MatchHttp(routes, verb, path).Route?.RouteKey);
    }

    [Fact]
    public void HttpApiWithoutDefaultRouteMatchesNothingForUnknownPaths()
        => Assert.Null(RouteMatcher.MatchHttp(new[] { Route("GET /items") }, "GET", "/nope").Route);

    [Fact]
    public void WebSocketSelectsByRouteKeyOrDefault()
    {
        var routes = new[] { Route("$connect"), Route("sendMessage"), Route("$default") };
        Assert.Equal("sendMessage", RouteMatcher.MatchWebSocket(routes, "sendMessage").RouteKey);
        Assert.Equal("$default", RouteMatcher.MatchWebSocket(routes, "other").RouteKey);
    }

    [Theory]
    [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f:1/invocations", "arn:aws:lambda:us-east-1:123456789012:function:f:1")]
    [InlineData("arn:aws-cn:apigateway:cn-north-1:lambda:path/2015-03-31/functions/arn:aws-cn:lambda:cn-north-1:123456789012:function:f/invocations", "arn:aws-cn:lambda:cn-north-1:123456789012:function:f")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:f:live", "arn:aws:lambda:us-east-1:123456789012:function:f:live")]
    [InlineData("arn:aws:apigateway:us-east-1:s3:path/bucket/key", null)]
    [InlineData("https://example.com/", null)]
    public void LambdaIntegrationUrisYieldTheFunction(string uri, string expected)
        => Assert.Equal(expected, ApiRouteProbe.FunctionRef(uri));

    [Fact]
    public void StageVariableSubstitutionReportsTheFirstMissingVariable()
    {
        var vars = new Dictionary<string, string> { ["a"] = "1" };
        Assert.Equal("f:1/x", ApiRouteProbe.Substitute("f:${stageVariables.a}/x", vars, out var missing, out var used));
        Assert.Null(missing);
        Assert.Equal("1", used["a"]);
        ApiRouteProbe.Substitute("f:${stageVariables.a}${stageVariables.b}", vars, out missing, out _);
        Assert.Equal("b", missing);
    }
}
