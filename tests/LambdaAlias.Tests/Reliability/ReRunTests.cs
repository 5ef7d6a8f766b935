using Xunit;
using Xunit.Abstractions;

namespace LambdaAlias.Tests.Reliability;

/// <summary>
/// "Running again converges": the same reviewed pins (the Export-Clixml workflow keeps them) applied a second time,
/// after a complete run and after a run whose cleanup failed.
/// </summary>
public sealed class ReRunTests(ReliabilityFixture fx, ITestOutputHelper output) : IClassFixture<ReliabilityFixture>
{
    private OperatorSession Start()
    {
        fx.Reset();
        var s = new OperatorSession(fx.Proxy.BaseUrl);
        s.Harness.SetEnvironment("LAMBDAALIAS_QUOTA_SCALE", "20");
        s.Run(OperatorSession.ScanSorted).AssertNoErrors();
        return s;
    }

    [Theory]
    [InlineData("")]
    [InlineData(" -RemoveVersionPermission")]
    public void A_second_run_of_the_same_pins_changes_nothing(string switches)
    {
        using var s = Start();
        s.Run("$pins | Set-IntegrationToAlias @common -Force" + switches).AssertNoErrors();
        var statementsAfterFirst = AccountAssertions.AllStatements(fx.Host).Select(x => $"{x.Function}:{x.Qualifier} {x.Statement.ToJsonString()}").OrderBy(x => x).ToList();
        fx.Proxy.ClearCalls();

        var second = s.Run("$pins | Set-IntegrationToAlias @common -Force" + switches);
        var mutations = fx.Proxy.MutatingCalls;
        foreach (var m in ResultView.Migrations(second)) output.WriteLine(m.ToString());
        foreach (var w in second.Warnings) output.WriteLine("WARNING: " + w);

        second.AssertNoErrors();
        Assert.True(mutations.Count == 0, "the second run changed the account:\n" + string.Join("\n", mutations));
        Assert.DoesNotContain(second.Warnings, w => w.Contains("broken today", StringComparison.Ordinal));
        Assert.Equal(statementsAfterFirst, AccountAssertions.AllStatements(fx.Host).Select(x => $"{x.Function}:{x.Qualifier} {x.Statement.ToJsonString()}").OrderBy(x => x).ToList());
    }

    /// <summary>The cleanup of one old statement is refused (403); a re-run of the same pins must finish it.</summary>
    [Theory]
    [InlineData("my-func", "1", "apigw-dev-orders")]
    [InlineData("auth-func", "1", "apigw-authorizer-auth01")]
    [InlineData("stagevar-func", "2", "apigw-prod-orders")]
    [InlineData("stagevar-func", "3", "apigw-canary-orders")]
    [InlineData("http-func", "1", "apigw-get-items")]
    public void A_re_run_finishes_a_cleanup_that_failed(string function, string qualifier, string sid)
    {
        using var s = Start();
        var refused = 0;
        fx.Proxy.Respond = call =>
            call.Operation == "RemovePermission" && call.Resource == function && call.RawTarget.Contains("/policy/" + sid + "?", StringComparison.Ordinal)
            && Interlocked.Increment(ref refused) == 1
                ? ProxyAnswer.LambdaAccessDenied("RemovePermission")
                : null;

        var first = s.Run("$pins | Set-IntegrationToAlias @common -Force -RemoveVersionPermission");
        Assert.Equal(1, refused);
        var error = Assert.Single(first.AllErrors);
        Assert.StartsWith("StepFailed,", error.FullyQualifiedErrorId);
        Assert.Contains("(RemovePermission on", error.ErrorDetails?.Message ?? error.ToString());
        Assert.Contains(fx.Host.State.PolicyStatements(function, qualifier), st => (string)st["Sid"] == sid);

        var rerun = s.Run("$pins | Set-IntegrationToAlias @common -Force -RemoveVersionPermission");
        foreach (var m in ResultView.Migrations(rerun)) output.WriteLine(m.ToString());
        rerun.AssertNoErrors();
        Assert.DoesNotContain(fx.Host.State.PolicyStatements(function, qualifier), st => (string)st["Sid"] == sid);
    }
}
