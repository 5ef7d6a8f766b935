using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Migration.Aws;

public class DraftComparerTests
{
    private static SnapshotRoute Route(string key, string uri, string resourceId = null, string integrationId = null, string credentials = null, string authorizer = null)
    {
        var space = key.IndexOf(' ');
        return new SnapshotRoute
        {
            RouteKey = key, HttpMethod = space < 0 ? null : key[..space], Path = space < 0 ? null : key[(space + 1)..], ResourceId = resourceId, IntegrationId = integrationId,
            IntegrationType = "AWS_PROXY", IntegrationUri = uri, Credentials = credentials, AuthorizerName = authorizer,
        };
    }

    private static GatewaySnapshot Snapshot(IEnumerable<SnapshotRoute> routes, params SnapshotAuthorizer[] authorizers) => new()
    {
        Routes = routes.ToList(), Authorizers = authorizers.ToDictionary(a => a.Name, a => a),
    };

    private static readonly string V1 = Demo.InvocationsUri("my-func:1");
    private static readonly string Live = Demo.InvocationsUri("my-func:live");

    [Fact]
    public void AStageThatServesTheDraft_HasNoDifferences()
    {
        var routes = new[] { Route("GET /orders", V1, "r1", authorizer: "token-auth") };
        var authorizer = new SnapshotAuthorizer { Id = "auth01", Name = "token-auth", Uri = Demo.InvocationsUri("auth-func:1") };
        Assert.Empty(DraftComparer.Compare("dev", Snapshot(routes, authorizer), Snapshot(routes, authorizer), isV2: false));
    }

    [Fact]
    public void ADifferentUri_IsATargetUriDifference_NamingTheMethod()
    {
        var d = Assert.Single(DraftComparer.Compare("dev", Snapshot(new[] { Route("GET /orders", V1, "r1") }), Snapshot(new[] { Route("GET /orders", Live, "r1") }), isV2: false));
        Assert.Equal(("dev", "GET /orders", "r1", "GET", "uri", V1, Live), (d.StageName, d.Location, d.ResourceId, d.HttpMethod, d.Property, d.StageValue, d.DraftValue));
        Assert.True(d.IsTargetUri);
    }

    [Fact]
    public void AddedAndRemovedRoutes_AndCredentials_AreUnrelatedChanges()
    {
        var stage = Snapshot(new[] { Route("GET /orders", V1, "r1"), Route("DELETE /orders", V1, "r1") });
        var draft = Snapshot(new[] { Route("GET /orders", V1, "r1", credentials: "arn:aws:iam::123456789012:role/x"), Route("POST /orders", V1, "r1") });
        var differences = DraftComparer.Compare("dev", stage, draft, isV2: false);
        Assert.Equal(new[] { "GET /orders credentials", "POST /orders route added", "DELETE /orders route removed" }, differences.Select(d => d.Location + " " + d.Property));
        Assert.DoesNotContain(differences, d => d.IsTargetUri);
    }

    [Fact]
    public void AuthorizerChanges_AreComparedByName()
    {
        var routes = new[] { Route("GET /orders", V1, "r1", authorizer: "token-auth") };
        var before = new SnapshotAuthorizer { Id = "auth01", Name = "token-auth", Uri = Demo.InvocationsUri("auth-func:1") };
        var after = new SnapshotAuthorizer { Id = "auth01", Name = "token-auth", Uri = Demo.InvocationsUri("auth-func:live"), Credentials = "arn:aws:iam::123456789012:role/a" };
        var differences = DraftComparer.Compare("dev", Snapshot(routes, before), Snapshot(routes, after), isV2: false);
        Assert.Equal(new[] { "authorizerUri", "authorizerCredentials" }, differences.Select(d => d.Property));
        Assert.All(differences, d => Assert.Equal("auth01", d.AuthorizerId));
        Assert.True(differences[0].IsTargetUri);
        Assert.False(differences[1].IsTargetUri);
    }

    [Fact]
    public void V2_NamesTheIntegration_AndItsUriProperty()
    {
        var stage = Snapshot(new[] { Route("GET /items", "arn:aws:lambda:us-east-1:123456789012:function:http-func:1", integrationId: "int-items-get") });
        var draft = Snapshot(new[] { Route("GET /items", "arn:aws:lambda:us-east-1:123456789012:function:http-func:live", integrationId: "int-items-get") });
        var d = Assert.Single(DraftComparer.Compare("prod", stage, draft, isV2: true));
        Assert.Equal(("IntegrationUri", "int-items-get"), (d.Property, d.IntegrationId));
        Assert.True(d.IsTargetUri);
    }
}
