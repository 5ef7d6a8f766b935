using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Discovery.Scanner;

/// <summary>The pure part of the scan: from a draft and what stages serve, to pin candidates and live states.</summary>
public sealed class ApiPinAnalyzerTests
{
    private static readonly GatewayApiInfo Rest = new() { Kind = GatewayApiKind.Rest, ApiId = "abc123", Name = "orders" };

    private static string Uri(string qualifier) => FakeAccount.InvocationsUri(FakeAccount.FunctionArn("f", qualifier));

    private static SnapshotRoute Route(string key, string uri, string authorizer = null)
    {
        var candidate = RouteCandidate.FromRouteKey(key);
        return new SnapshotRoute { RouteKey = key, HttpMethod = candidate.HttpMethod, Path = candidate.Path, IntegrationType = "AWS_PROXY", IntegrationUri = uri, AuthorizerName = authorizer };
    }

    private static GatewaySnapshot Snapshot(params SnapshotRoute[] routes) => new() { Routes = routes };

    private static StageServingSource Serving(string stage, GatewaySnapshot snapshot, bool known = true, bool canary = false, Dictionary<string, string> variables = null, Dictionary<string, string> overrides = null) => new()
    {
        Stage = new GatewayStage { StageName = stage, DeploymentId = "d-" + stage, Variables = variables ?? new(), CanaryDeploymentId = canary ? "d-canary" : null, CanaryVariableOverrides = overrides ?? new() },
        IsCanary = canary,
        DeploymentId = canary ? "d-canary" : "d-" + stage,
        Snapshot = snapshot,
        IsKnown = known,
    };

    [Fact]
    public void Live_LiveOnly_and_DraftOnly_come_from_comparing_the_draft_with_what_stages_serve()
    {
        var draft = Snapshot(Route("GET /a", Uri("2")), Route("GET /b", Uri("1")));
        var deployed = Snapshot(Route("GET /a", Uri("1")), Route("GET /b", Uri("1")));

        var analysis = ApiPinAnalyzer.Analyze(Rest, draft, null, new[] { Serving("prod", deployed) });

        var byKey = analysis.Candidates.ToDictionary(c => c.Routes.Single() + " " + c.Qualifier);
        Assert.Equal(3, byKey.Count);
        Assert.Equal(LiveState.DraftOnly, byKey["GET /a 2"].ComputeLiveState());
        Assert.Equal(LiveState.LiveOnly, byKey["GET /a 1"].ComputeLiveState());
        Assert.Equal(LiveState.Live, byKey["GET /b 1"].ComputeLiveState());
    }

    [Fact]
    public void A_stage_whose_export_could_not_be_read_is_Unknown_but_a_known_stage_still_makes_the_pin_Live()
    {
        var draft = Snapshot(Route("GET /a", Uri("1")));
        var unknownOnly = ApiPinAnalyzer.Analyze(Rest, draft, null, new[] { Serving("dev", draft, known: false) });
        Assert.Equal(LiveState.Unknown, Assert.Single(unknownOnly.Candidates).ComputeLiveState());

        var mixed = ApiPinAnalyzer.Analyze(Rest, draft, null, new[] { Serving("dev", draft, known: false), Serving("prod", draft) });
        var pin = Assert.Single(mixed.Candidates);
        Assert.Equal(LiveState.Live, pin.ComputeLiveState());
        Assert.Equal(new[] { "dev", "prod" }, pin.ServedBy.Select(s => s.Serving.StageName));
    }

    [Fact]
    public void Non_lambda_integrations_are_ignored_and_malformed_lambda_uris_are_reported_once()
    {
        var bad = "arn:aws:apigateway:us-east-1:lambda:path/functions/nope";
        var draft = Snapshot(
            new SnapshotRoute { RouteKey = "GET /http", HttpMethod = "GET", Path = "/http", IntegrationType = "HTTP_PROXY", IntegrationUri = "https://example.com" },
            new SnapshotRoute { RouteKey = "GET /mock", HttpMethod = "GET", Path = "/mock", IntegrationType = "MOCK" },
            Route("GET /bad", bad),
            Route("POST /bad", bad));
        var analysis = ApiPinAnalyzer.Analyze(Rest, draft, null, new[] { Serving("prod", draft) });
        Assert.Empty(analysis.Candidates);
        var error = Assert.Single(analysis.Errors);
        Assert.Equal(ErrorIds.MalformedIntegrationUri, error.ErrorId);
    }

    [Fact]
    public void Authorizers_are_pins_with_the_routes_that_use_them()
    {
        var authorizer = new SnapshotAuthorizer { Id = "au1", Name = "tokens", Uri = FakeAccount.InvocationsUri(FakeAccount.FunctionArn("auth", "3")) };
        var snapshot = new GatewaySnapshot
        {
            Routes = new[] { Route("GET /a", "https://example.com", "tokens"), Route("GET /b", null), Route("PUT /c", Uri("1"), "tokens") },
            Authorizers = new Dictionary<string, SnapshotAuthorizer> { ["tokens"] = authorizer },
        };
        var analysis = ApiPinAnalyzer.Analyze(Rest, snapshot, null, new[] { Serving("prod", snapshot) });
        var pin = Assert.Single(analysis.Candidates, c => c.SourceKind == SourceKind.RestAuthorizer);
        Assert.Equal("au1", pin.AuthorizerId);
        Assert.Equal(new[] { "GET /a", "PUT /c" }, pin.Routes);
        Assert.Equal("3", pin.Qualifier);
    }

    [Fact]
    public void A_route_scope_keeps_only_the_routes_that_serve_the_path_on_that_stage()
    {
        var snapshot = Snapshot(Route("GET /orders", Uri("1")), Route("ANY /{proxy+}", Uri("2")), Route("GET /orders/{id}", Uri("3")), Route("POST /orders", "https://example.com"));
        var scopes = new[] { new RouteScope { StageName = "prod", ResourcePath = "/orders" } };

        var analysis = ApiPinAnalyzer.Analyze(Rest, snapshot, null, new[] { Serving("prod", snapshot), Serving("dev", snapshot) }, scopes);

        // GET -> GET /orders, POST -> the HTTP integration, every other verb -> ANY /{proxy+}; /orders/{id} needs a second segment.
        Assert.Equal(new[] { "1", "2" }, analysis.Candidates.Select(c => c.Qualifier).OrderBy(q => q));
        Assert.All(analysis.Candidates, c => Assert.Equal(new[] { "prod" }, c.ServedBy.Select(s => s.Serving.StageName)));
        Assert.Equal(new[] { "ANY /{proxy+}", "GET /orders" }, ApiPinAnalyzer.MatchedRouteKeys(GatewayApiKind.Rest, snapshot, scopes).Where(k => k != "POST /orders").OrderBy(k => k));
    }

    [Fact]
    public void Canary_overrides_make_their_own_pin_and_missing_variables_are_errors_per_stage()
    {
        var uri = FakeAccount.InvocationsUri(FakeAccount.FunctionArn("f", "${stageVariables.v}"));
        var snapshot = Snapshot(Route("GET /a", uri), Route("GET /b", uri));
        var analysis = ApiPinAnalyzer.Analyze(Rest, snapshot, null, new[]
        {
            Serving("prod", snapshot, variables: new() { ["v"] = "5" }),
            Serving("prod", snapshot, canary: true, variables: new() { ["v"] = "5" }, overrides: new() { ["v"] = "6" }),
            Serving("dev", snapshot),
        });

        var main = Assert.Single(analysis.Candidates, c => c.Qualifier == "5");
        Assert.False(main.IsCanaryOverride);
        Assert.Equal(new[] { "GET /a", "GET /b" }, main.Routes);
        Assert.Equal(SourceKind.StageVariable, main.SourceKind);
        var canary = Assert.Single(analysis.Candidates, c => c.Qualifier == "6");
        Assert.True(canary.IsCanaryOverride);
        Assert.True(Assert.Single(canary.ServedBy).Serving.IsCanary);
        var error = Assert.Single(analysis.Errors);
        Assert.Equal(ErrorIds.StageVariableMissing, error.ErrorId);
        Assert.Contains("stage dev", error.Message);
    }
}
