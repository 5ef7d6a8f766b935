using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Migration;

public class PermissionRulesTests
{
    private const string Prefix = "arn:aws:execute-api:us-east-1:123456789012:";

    [Theory]
    [InlineData("GET", "/orders", "abc/*/GET/orders")]
    [InlineData("ANY", "/{proxy+}", "abc/*/*/*")]
    [InlineData("post", "/users/{id}/orders", "abc/*/POST/users/*/orders")]
    [InlineData("GET", "/", "abc/*/GET/")]
    [InlineData(null, "/x", "abc/*/*/x")]
    public void RestMethodSourceArn_IsTheNarrowestThatMatchesEveryRequest(string method, string path, string expected) =>
        Assert.Equal(Prefix + expected, PermissionRules.ForRestMethod("aws", "us-east-1", "123456789012", "abc", method, path));

    [Theory]
    [InlineData("GET /items", "abc/*/GET/items")]
    [InlineData("ANY /{proxy+}", "abc/*/*/*")]
    [InlineData("$default", "abc/*/$default")]
    [InlineData("$connect", "abc/*/$connect")]
    public void RouteKeySourceArn(string routeKey, string expected) =>
        Assert.Equal(Prefix + expected, PermissionRules.ForRouteKey("aws", "us-east-1", "123456789012", "abc", routeKey));

    [Fact]
    public void AuthorizerAndApiSourceArns_AndOtherPartitions()
    {
        Assert.Equal(Prefix + "abc/authorizers/auth01", PermissionRules.ForAuthorizer("aws", "us-east-1", "123456789012", "abc", "auth01"));
        Assert.Equal("arn:aws-cn:execute-api:cn-north-1:1:abc/*", PermissionRules.ForApi("aws-cn", "cn-north-1", "1", "abc"));
    }

    [Theory]
    [InlineData("abc/*/*/*", "abc/*/GET/orders", true)]
    [InlineData("abc/*/GET/*", "abc/*/GET/orders", true)]
    [InlineData("abc/*/GET/orders", "abc/*/GET/orders", true)]
    [InlineData("abc/prod/GET/orders", "abc/*/GET/orders", false)] // narrower than the source: a stage-specific grant does not cover every stage
    [InlineData("abc/*/POST/orders", "abc/*/GET/orders", false)]
    [InlineData("abc/*/GET/orders", "abc/*/*/*", false)]
    [InlineData("abc/?/GET/orders", "abc/*/GET/orders", false)]
    [InlineData("xyz/*/*/*", "abc/*/GET/orders", false)]
    [InlineData("*", "abc/*/GET/orders", true)]
    public void ArnLikeCovers_ComparesPatternsSoundly(string pattern, string narrow, bool covers) =>
        Assert.Equal(covers, PermissionRules.ArnLikeCovers(Prefix + pattern, Prefix + narrow));

    [Fact]
    public void ArnLikeWildcards_DoNotCrossColonSeparatedParts()
    {
        Assert.False(PermissionRules.ArnLikeCovers("arn:aws:execute-api:*", Prefix + "abc/*/GET/x"));
        Assert.True(PermissionRules.ArnLikeCovers("arn:aws:execute-api:*:*:abc/*", Prefix + "abc/*/GET/x"));
        Assert.False(PermissionRules.ArnLikeCovers("arn:aws:execute-api:us-east-1:999999999999:abc/*", Prefix + "abc/*/GET/x"));
    }

    [Fact]
    public void Allows_ChecksEffectPrincipalActionAccountAndSourceArn()
    {
        var st = new PolicyStatement { Sid = "s", Effect = "Allow", Principal = "apigateway.amazonaws.com", Action = "lambda:InvokeFunction", SourceArn = Prefix + "abc/*/*/*", SourceAccount = "123456789012" };
        Assert.True(PermissionRules.Allows(st, "apigateway.amazonaws.com", Prefix + "abc/*/GET/x", "123456789012"));
        Assert.False(PermissionRules.Allows(st, "apigateway.amazonaws.com", Prefix + "abc/*/GET/x", "210987654321"));
        Assert.False(PermissionRules.Allows(st, "s3.amazonaws.com", Prefix + "abc/*/GET/x", "123456789012"));
        st.Action = "lambda:GetFunction";
        Assert.False(PermissionRules.Allows(st, "apigateway.amazonaws.com", Prefix + "abc/*/GET/x", "123456789012"));
        st.Action = "lambda:*"; st.Effect = "Deny";
        Assert.False(PermissionRules.Allows(st, "apigateway.amazonaws.com", Prefix + "abc/*/GET/x", "123456789012"));
        Assert.True(PermissionRules.Denies(st, "apigateway.amazonaws.com", Prefix + "abc/*/GET/x"));
    }

    [Fact]
    public void StatementIds_AreStableValidAndDistinct()
    {
        var a = PermissionRules.StatementIdFor("f", "live", "apigateway.amazonaws.com", Prefix + "abc/*", null, null);
        Assert.Equal(a, PermissionRules.StatementIdFor("f", "live", "APIGATEWAY.amazonaws.com", Prefix + "abc/*", null, null));
        Assert.NotEqual(a, PermissionRules.StatementIdFor("f", "live2", "apigateway.amazonaws.com", Prefix + "abc/*", null, null));
        Assert.NotEqual(a, PermissionRules.StatementIdFor("f", "live", "apigateway.amazonaws.com", Prefix + "abc/*", "123456789012", null));
        Assert.Matches("^[a-zA-Z0-9_-]{1,100}$", a);
    }

    [Fact]
    public void EveryMigrationErrorId_HasAMeaning_AndItsNameAsValue()
    {
        var fields = typeof(ErrorIds).GetFields().Where(f => f.IsLiteral && f.DeclaringType == typeof(ErrorIds)).ToList();
        foreach (var id in new[] { ErrorIds.AliasPointsElsewhere, ErrorIds.UndeployedChanges, ErrorIds.IntegrationUsesRole, ErrorIds.BroaderPermissionNotAllowed,
                     ErrorIds.InvalidAliasName, ErrorIds.AccountMismatch, ErrorIds.PolicyLengthExceeded, ErrorIds.InexpressibleStatement, ErrorIds.NoEarlierVersion,
                     ErrorIds.AliasChangedConcurrently, ErrorIds.ConfigRegression, ErrorIds.VersionNotFound, ErrorIds.StepFailed, ErrorIds.ConfirmationRequired })
        {
            var field = Assert.Single(fields, f => (string)f.GetRawConstantValue() == id);
            Assert.Equal(field.Name, id);
        }
        var catalogue = ErrorIds.Catalogue();
        Assert.All(catalogue, entry => Assert.False(string.IsNullOrWhiteSpace(entry.Value), entry.Key + " has no meaning"));
        Assert.Equal(catalogue.Count, catalogue.Select(e => e.Key).Distinct().Count());
    }
}
