using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Aws.Clients;

/// <summary>When a 412 on UpdateAlias may be the transport's repeat meeting its own committed change, and how the
/// alias read again is matched against what was asked.</summary>
public class GuardedAliasUpdateTests
{
    private static UpdateAliasRequest Request(string version, Dictionary<string, double> weights = null, string revision = "rev-1") => new()
    {
        FunctionName = "my-func", Name = "live", FunctionVersion = version, RevisionId = revision,
        RoutingConfig = weights == null ? null : new AliasRoutingConfiguration { AdditionalVersionWeights = weights },
    };

    private static AliasConfiguration Alias(string version, Dictionary<string, double> weights = null) => new()
    {
        Name = "live", FunctionVersion = version, RoutingConfig = weights == null ? null : new AliasRoutingConfiguration { AdditionalVersionWeights = weights },
    };

    private static AwsServiceException PreconditionFailed(int retries) =>
        new("PreconditionFailedException", "The Revision Id provided does not match the latest Revision Id.", 412, "req", "UpdateAlias") { Retries = retries };

    [Fact]
    public void Only_a_412_after_a_retry_of_a_guarded_update_may_be_its_own_change()
    {
        Assert.True(GuardedAliasUpdate.MayBeOwnChange(PreconditionFailed(1), Request("2")));
        Assert.False(GuardedAliasUpdate.MayBeOwnChange(PreconditionFailed(0), Request("2")));
        Assert.False(GuardedAliasUpdate.MayBeOwnChange(PreconditionFailed(2), Request("2", revision: null)));
        Assert.False(GuardedAliasUpdate.MayBeOwnChange(new AwsServiceException("ServiceException", "boom", 500, "req", "UpdateAlias") { Retries = 3 }, Request("2")));
    }

    [Fact]
    public void The_alias_must_serve_the_requested_version_and_exactly_the_requested_weights()
    {
        var clear = new Dictionary<string, double>();
        Assert.True(GuardedAliasUpdate.ServesRequested(Alias("2"), Request("2", clear)));
        Assert.False(GuardedAliasUpdate.ServesRequested(Alias("2", new() { ["3"] = 0.1 }), Request("2", clear)));
        Assert.False(GuardedAliasUpdate.ServesRequested(Alias("3"), Request("2", clear)));
        Assert.True(GuardedAliasUpdate.ServesRequested(Alias("2", new() { ["3"] = 0.1 }), Request("2", new() { ["3"] = 0.1 })));
        Assert.False(GuardedAliasUpdate.ServesRequested(Alias("2", new() { ["3"] = 0.2 }), Request("2", new() { ["3"] = 0.1 })));
        // No routing in the request leaves the weights alone, so only the version is compared.
        Assert.True(GuardedAliasUpdate.ServesRequested(Alias("2", new() { ["3"] = 0.1 }), Request("2")));
        Assert.False(GuardedAliasUpdate.ServesRequested(null, Request("2")));
    }
}
