using Amazon.Runtime;
using Xunit;

namespace LambdaAlias.Tests.Completion;

/// <summary>The completers in a real runspace, through TabExpansion2, against the demo-scenario emulator (DEMO.md).</summary>
public class CompletionEngineTests : IAsyncLifetime
{
    private CompletionHost _host;

    public async Task InitializeAsync() => _host = await CompletionHost.StartAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void FunctionName_OffersTheAccountsFunctions_FromTheTypedEndpointRegionAndKeys()
    {
        var all = _host.Complete($"Test-Completion {_host.Connection()} -FunctionName ");
        var typed = _host.Complete($"Test-Completion {_host.Connection()} -FunctionName MY");

        Assert.Equal(new[] { "aliased-func", "auth-func", "http-func", "my-func", "queue-func", "stagevar-func" }, all.Texts);
        Assert.Equal(new[] { "my-func" }, typed.Texts);
        var myFunc = all.Matches.Single(m => m.CompletionText == "my-func");
        Assert.StartsWith("my-func\npython3.9, 256 MB, last modified ", myFunc.ToolTip);
        Assert.Empty(all.Errors);

        var call = Assert.Single(_host.Calls("ListFunctions")); // The second Tab was served from the cache.
        Assert.Equal(_host.AccessKey, call.AccessKeyId);
        Assert.Equal("us-east-1", call.SigningRegion);
        Assert.Equal(200, call.Status);
    }

    [Fact]
    public void TheTypedRegion_IsTheOneSignedFor_AndCachesApart()
    {
        _host.Complete($"Test-Completion {_host.Connection("us-east-1")} -FunctionName ");
        var other = _host.Complete($"Test-Completion {_host.Connection("eu-west-1")} -FunctionName ");

        Assert.Contains("my-func", other.Texts); // The emulator serves one account whatever the signed region.
        Assert.Equal(new[] { "us-east-1", "eu-west-1" }, _host.Calls("ListFunctions").Select(c => c.SigningRegion));
    }

    [Fact]
    public void AParameterAlias_CountsAsTheParameter()
    {
        var outcome = _host.Complete($"Test-Completion -EndpointUrl {_host.Endpoint} -RegionToCall ca-central-1 -AccessKey {_host.AccessKey} -SecretKey {CompletionHost.SecretKey} -ApiId ");

        Assert.Equal(new[] { "h1t2t3p4a5" }, outcome.Texts);
        Assert.Equal("ca-central-1", Assert.Single(_host.Calls("GetApis")).SigningRegion);
    }

    [Fact]
    public void AliasName_ListsTheAliasesOfTheTypedFunction()
    {
        var staging = _host.Complete($"Test-Completion {_host.Connection()} -FunctionName stagevar-func -AliasName ");
        var live = _host.Complete($"Test-Completion -FunctionName arn:aws:lambda:us-east-1:123456789012:function:aliased-func:2 {_host.Connection()} -AliasName l");

        Assert.Equal(new[] { "staging" }, staging.Texts);
        Assert.StartsWith("staging -> version 3", staging.Matches.Single().ToolTip);
        Assert.Equal(new[] { "live" }, live.Texts);
    }

    [Fact]
    public void AliasName_WithoutAFunction_OffersNothing_AndCallsNothing()
    {
        var outcome = _host.Complete($"Test-Completion {_host.Connection()} -AliasName ");

        Assert.Empty(outcome.Matches);
        Assert.Empty(_host.Emulator.Requests.All);
    }

    [Fact]
    public void RestApiId_OffersIdsSortedByName_AndMatchesNames()
    {
        var all = _host.Complete($"Test-Completion {_host.Connection()} -RestApiId ");
        var byName = _host.Complete($"Test-Completion {_host.Connection()} -RestApiId stagevar");

        Assert.Equal(new[] { "k2l3m4n5o6", "a1b2c3d4e5", "s7t8u9v0w1" }, all.Texts); // aliased-api, dev-lambda-my-func:1-API, stagevar-api
        Assert.Equal("a1b2c3d4e5 (dev-lambda-my-func:1-API)", all.Matches[1].ListItemText);
        Assert.Contains("Orders API (dev-lambda-my-func:1)", all.Matches[1].ToolTip);
        Assert.Equal(new[] { "s7t8u9v0w1" }, byName.Texts);
    }

    [Fact]
    public void ApiId_OffersHttpApis()
    {
        var outcome = _host.Complete($"Test-Completion {_host.Connection()} -ApiId ");

        Assert.Equal(new[] { "h1t2t3p4a5" }, outcome.Texts);
        Assert.StartsWith("items-http-api (h1t2t3p4a5)\nHTTP API", outcome.Matches.Single().ToolTip);
    }

    [Fact]
    public void StageName_FollowsTheTypedApi_AndQuotesDollarDefault()
    {
        var rest = _host.Complete($"Test-Completion {_host.Connection()} -RestApiId s7t8u9v0w1 -StageName ");
        var http = _host.Complete($"Test-Completion {_host.Connection()} -ApiId h1t2t3p4a5 -StageName ");

        Assert.Equal(new[] { "prod", "staging" }, rest.Texts);
        Assert.Contains("canary 10% on ", rest.Matches[0].ToolTip);
        Assert.Equal(new[] { "'$default'" }, http.Texts);
        Assert.Equal("$default", http.Matches.Single().ListItemText);

        // The quoted completion reads back as the literal stage name when the line runs.
        var bound = _host.Run("function Show-Stage { param([string] $StageName) $StageName }; Show-Stage -StageName " + http.Texts.Single());
        Assert.Equal("$default", bound.Single().BaseObject);
    }

    [Fact]
    public void StoredAwsRegionAndCredentials_AreUsed_WhenNothingIsTyped()
    {
        _host.SetVariable("StoredAWSRegion", "eu-central-1");
        _host.SetVariable("StoredAWSCredentials", new AWSPSCredentials(new BasicAWSCredentials(_host.AccessKey, CompletionHost.SecretKey), "team", "Profile"));

        var outcome = _host.Complete($"Test-Completion -EndpointUrl {_host.Endpoint} -FunctionName auth");

        Assert.Equal(new[] { "auth-func" }, outcome.Texts);
        var call = Assert.Single(_host.Calls("ListFunctions"));
        Assert.Equal(_host.AccessKey, call.AccessKeyId);
        Assert.Equal("eu-central-1", call.SigningRegion);
    }

    [Fact]
    public void StoredVariables_AreReadUnderStrictMode()
    {
        _host.Run("Set-StrictMode -Version Latest");
        _host.SetVariable("StoredAWSRegion", "ap-south-1");

        var outcome = _host.Complete($"Test-Completion -EndpointUrl {_host.Endpoint} -AccessKey {_host.AccessKey} -SecretKey {CompletionHost.SecretKey} -FunctionName http");

        Assert.Equal(new[] { "http-func" }, outcome.Texts);
        Assert.Equal("ap-south-1", Assert.Single(_host.Calls("ListFunctions")).SigningRegion);
    }

    [Fact]
    public void ASlowEndpoint_IsAbandonedWithinTwoSeconds()
    {
        _host.Emulator.Latency.Set("ListFunctions", TimeSpan.FromSeconds(20));

        var outcome = _host.Complete($"Test-Completion {_host.Connection()} -FunctionName ");

        Assert.Empty(outcome.Matches);
        Assert.Empty(outcome.Errors);
        Assert.True(outcome.Elapsed < TimeSpan.FromSeconds(2.5), outcome.Elapsed.ToString());
    }

    [Fact]
    public void AccessDenied_IsSilent()
    {
        var errorsBefore = _host.ErrorVariableCount();
        _host.Emulator.Faults.FailNth("GetRestApis", 1, 403, "AccessDeniedException", "not authorized to perform apigateway:GET", times: 0);

        var outcome = _host.Complete($"Test-Completion {_host.Connection()} -RestApiId ");

        Assert.Empty(outcome.Matches);
        Assert.Empty(outcome.Errors);
        Assert.Equal(errorsBefore, _host.ErrorVariableCount());
        Assert.Equal(403, _host.Calls("GetRestApis").First().Status);
    }

    [Fact]
    public void AWrongSecret_IsSilent()
    {
        var outcome = _host.Complete($"Test-Completion -EndpointUrl {_host.Endpoint} -Region us-east-1 -AccessKey {_host.AccessKey} -SecretKey not-the-secret -ApiId ");

        Assert.Empty(outcome.Matches);
        Assert.Empty(outcome.Errors);
        // It did ask, and was refused. (On a loaded machine the refusal may be logged just after completion gave up.)
        Assert.True(SpinWait.SpinUntil(() => _host.Calls("GetApis").Any(), TimeSpan.FromSeconds(10)));
        Assert.Equal("InvalidSignatureException", _host.Calls("GetApis").First().ErrorCode);
    }

    [Fact]
    public void ABadEndpoint_IsSilentAndQuick()
    {
        var errorsBefore = _host.ErrorVariableCount();

        var refused = _host.Complete($"Test-Completion -EndpointUrl http://127.0.0.1:9 -Region us-east-1 -AccessKey {_host.AccessKey} -SecretKey {CompletionHost.SecretKey} -FunctionName ");
        var malformed = _host.Complete($"Test-Completion -EndpointUrl not-a-url -Region us-east-1 -AccessKey {_host.AccessKey} -SecretKey {CompletionHost.SecretKey} -FunctionName ");

        Assert.Empty(refused.Matches);
        Assert.Empty(malformed.Matches);
        Assert.Empty(refused.Errors.Concat(malformed.Errors));
        Assert.Equal(errorsBefore, _host.ErrorVariableCount());
        Assert.True(refused.Elapsed < TimeSpan.FromSeconds(2.5), refused.Elapsed.ToString());
    }
}
