using System.Collections;
using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Language;
using LambdaAlias.UnitTests.Aws.Transport;
using Xunit;

namespace LambdaAlias.UnitTests.Completion;

/// <summary>A completer wired to fake APIs, its own cache and a controllable clock.</summary>
internal sealed class CompleterRig
{
    private long _ticks;

    public CompleterRig(TimeSpan? timeLimit = null, IDictionary<string, object> variables = null)
    {
        Cache = new CompletionCache(TimeSpan.FromSeconds(30), 64, () => TimeSpan.FromTicks(Interlocked.Read(ref _ticks)));
        Engine = new AwsCompletionEngine(Connector, Cache, timeLimit ?? TimeSpan.FromSeconds(2));
        Variables = () => StoredAwsVariables.Snapshot(variables);
    }

    public FakeConnector Connector { get; } = new();
    public CompletionCache Cache { get; }
    internal AwsCompletionEngine Engine { get; }
    internal Func<Func<string, object>> Variables { get; }

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public FunctionNameCompleter Functions() => new(Engine, Variables);
    public AliasNameCompleter Aliases() => new(Engine, Variables);
    public RestApiIdCompleter RestApis() => new(Engine, Variables);
    public ApiIdCompleter Apis() => new(Engine, Variables);
    public StageNameCompleter Stages() => new(Engine, Variables);

    public static List<CompletionResult> Complete(IArgumentCompleter completer, string word, IDictionary typed = null) =>
        completer.CompleteArgument("Test-Command", "Name", word, null, typed ?? new Hashtable()).ToList();

    public static Hashtable Typed(params (string Name, object Value)[] parameters)
    {
        var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in parameters) table[name] = value;
        return table;
    }
}

public class FunctionNameCompleterTests
{
    private static FunctionConfiguration Function(string name, string runtime = "python3.12", string description = null) => new()
    {
        FunctionName = name,
        Runtime = runtime,
        MemorySize = 128,
        Description = description,
        LastModified = new DateTimeOffset(2024, 5, 1, 12, 30, 0, TimeSpan.Zero),
    };

    [Fact]
    public void ListsEveryPage_FiltersByTheTypedWord_AndSorts()
    {
        var rig = new CompleterRig();
        rig.Connector.Lambda.Functions = (_, marker, _) => marker == null
            ? Pages.Of("page2", Function("my-func"), Function("auth-func"))
            : Pages.Of<FunctionConfiguration>(null, Function("My-Api-Func"), Function("queue-func"));

        var results = CompleterRig.Complete(rig.Functions(), "my");

        Assert.Equal(new[] { "My-Api-Func", "my-func" }, results.Select(r => r.CompletionText));
        Assert.Equal(new[] { "ListFunctions  max=50", "ListFunctions page2 max=50" }, rig.Connector.Lambda.Calls);
    }

    [Fact]
    public void Tooltip_ShowsRuntimeMemoryLastModifiedAndDescription()
    {
        var rig = new CompleterRig();
        rig.Connector.Lambda.Functions = (_, _, _) => Pages.Of<FunctionConfiguration>(null,
            Function("my-func", description: "Orders handler"),
            new FunctionConfiguration { FunctionName = "image-func", PackageType = "Image" });

        var results = CompleterRig.Complete(rig.Functions(), "");

        Assert.Equal("image-func\nImage package", results[0].ToolTip);
        Assert.Equal("my-func\npython3.12, 128 MB, last modified 2024-05-01 12:30 UTC\nOrders handler", results[1].ToolTip);
    }

    [Fact]
    public void SecondTab_IsServedFromTheCache_UntilTheTimeToLivePasses()
    {
        var rig = new CompleterRig();
        rig.Connector.Lambda.Functions = (_, _, _) => Pages.Of<FunctionConfiguration>(null, Function("my-func"), Function("auth-func"));

        CompleterRig.Complete(rig.Functions(), "m");
        var second = CompleterRig.Complete(rig.Functions(), "a");
        Assert.Single(rig.Connector.Lambda.Calls);
        Assert.Equal(new[] { "auth-func" }, second.Select(r => r.CompletionText));

        rig.Advance(rig.Cache.TimeToLive);
        CompleterRig.Complete(rig.Functions(), "a");
        Assert.Equal(2, rig.Connector.Lambda.Calls.Count);
    }

    [Fact]
    public void AnotherRegionEndpointOrIdentity_ListsAgain()
    {
        var rig = new CompleterRig();
        rig.Connector.Lambda.Functions = (_, _, _) => Pages.Of<FunctionConfiguration>(null, Function("my-func"));

        CompleterRig.Complete(rig.Functions(), "", CompleterRig.Typed(("Region", "us-east-1")));
        CompleterRig.Complete(rig.Functions(), "", CompleterRig.Typed(("Region", "us-east-1")));
        Assert.Single(rig.Connector.Lambda.Calls);

        CompleterRig.Complete(rig.Functions(), "", CompleterRig.Typed(("Region", "eu-west-1")));
        CompleterRig.Complete(rig.Functions(), "", CompleterRig.Typed(("Region", "us-east-1"), ("EndpointUrl", "http://127.0.0.1:4566/")));
        CompleterRig.Complete(rig.Functions(), "", CompleterRig.Typed(("Region", "us-east-1"), ("AccessKey", "AKIDOTHER")));
        Assert.Equal(4, rig.Connector.Lambda.Calls.Count);
    }

    [Fact]
    public void TypedParametersAndStoredVariables_ReachTheConnection_UnevaluatedExpressionsDoNot()
    {
        var rig = new CompleterRig(variables: new Dictionary<string, object> { ["StoredAWSRegion"] = "eu-central-1", ["StoredAWSCredentials"] = "stored" });
        var unevaluated = Parser.ParseInput("(Get-MyRegion)", out _, out _).EndBlock.Statements.Single();

        CompleterRig.Complete(rig.Functions(), "", CompleterRig.Typed(("EndpointUrl", "http://127.0.0.1:4566"), ("ProfileName", "dev"), ("Region", unevaluated)));

        var passed = rig.Connector.Parameters.Single();
        Assert.Equal("http://127.0.0.1:4566", passed["EndpointUrl"]);
        Assert.Equal("dev", passed["ProfileName"]);
        Assert.False(passed.Contains("Region"));
        Assert.Equal("eu-central-1", rig.Connector.LastGetVariable("StoredAWSRegion"));
        Assert.Equal("stored", rig.Connector.LastGetVariable("StoredAWSCredentials"));
        Assert.Equal("eu-central-1", rig.Connector.Connections.Single().Region);
        Assert.True(rig.Connector.Connections.Single().Disposed);
    }
}

public class AliasNameCompleterTests
{
    [Fact]
    public void WithoutAFunctionName_OffersNothing_AndCallsNothing()
    {
        var rig = new CompleterRig();

        Assert.Empty(CompleterRig.Complete(rig.Aliases(), ""));
        Assert.Empty(CompleterRig.Complete(rig.Aliases(), "", CompleterRig.Typed(("FunctionName", "   "))));
        Assert.Empty(CompleterRig.Complete(rig.Aliases(), "", CompleterRig.Typed(("FunctionName", "my-*"))));
        Assert.Empty(rig.Connector.Connections);
    }

    [Theory]
    [InlineData("my-func", "my-func")]
    [InlineData("my-func:1", "my-func")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:my-func:live", "arn:aws:lambda:us-east-1:123456789012:function:my-func")]
    [InlineData("123456789012:function:my-func", "123456789012:function:my-func")]
    public void ListsTheAliasesOfTheTypedFunction_WithoutItsQualifier(string typed, string listed)
    {
        var rig = new CompleterRig();
        rig.Connector.Lambda.Aliases = (_, _, _) => Pages.Of<AliasConfiguration>(null, new AliasConfiguration { Name = "live", FunctionVersion = "2" });

        var results = CompleterRig.Complete(rig.Aliases(), "", CompleterRig.Typed(("FunctionName", typed)));

        Assert.Equal("live", results.Single().CompletionText);
        Assert.Equal("ListAliases " + listed + " ", rig.Connector.Lambda.Calls.Single());
    }

    [Fact]
    public void AliasesOfDifferentFunctions_AreCachedApart_AndTooltipsShowTheRouting()
    {
        var rig = new CompleterRig();
        rig.Connector.Lambda.Aliases = (function, _, _) => function == "my-func"
            ? Pages.Of<AliasConfiguration>(null, new AliasConfiguration
            {
                Name = "live", FunctionVersion = "2", Description = "production",
                RoutingConfig = new AliasRoutingConfiguration { AdditionalVersionWeights = new Dictionary<string, double> { ["3"] = 0.1 } },
            })
            : Pages.Of<AliasConfiguration>(null, new AliasConfiguration { Name = "staging", FunctionVersion = "3" });

        var mine = CompleterRig.Complete(rig.Aliases(), "", CompleterRig.Typed(("FunctionName", "my-func")));
        var other = CompleterRig.Complete(rig.Aliases(), "", CompleterRig.Typed(("FunctionName", "stagevar-func")));

        Assert.Equal("live -> version 2 (90%), version 3 (10%)\nproduction", mine.Single().ToolTip);
        Assert.Equal("staging -> version 3", other.Single().ToolTip);
        Assert.Equal(2, rig.Connector.Lambda.Calls.Count);
    }
}

public class ApiAndStageCompleterTests
{
    [Fact]
    public void RestApiIds_MatchByIdOrName_SortByName_AndShowBothInTheMenu()
    {
        var rig = new CompleterRig();
        rig.Connector.ApiGateway.RestApis = (_, _, _) => Pages.Of<RestApi>(null,
            new RestApi { Id = "s7t8u9v0w1", Name = "stagevar-api" },
            new RestApi { Id = "a1b2c3d4e5", Name = "orders-api", Description = "Orders API" },
            new RestApi { Id = "k2l3m4n5o6", Name = "aliased-api" });

        var all = CompleterRig.Complete(rig.RestApis(), "");
        var byName = CompleterRig.Complete(rig.RestApis(), "ORD");
        var byId = CompleterRig.Complete(rig.RestApis(), "s7");

        Assert.Equal(new[] { "k2l3m4n5o6", "a1b2c3d4e5", "s7t8u9v0w1" }, all.Select(r => r.CompletionText));
        Assert.Equal("a1b2c3d4e5 (orders-api)", all[1].ListItemText);
        Assert.Equal("orders-api (a1b2c3d4e5)\nREST API\nOrders API", all[1].ToolTip);
        Assert.Equal(new[] { "a1b2c3d4e5" }, byName.Select(r => r.CompletionText));
        Assert.Equal(new[] { "s7t8u9v0w1" }, byId.Select(r => r.CompletionText));
        Assert.Equal(new[] { "GetRestApis  limit=500" }, rig.Connector.ApiGateway.Calls);
    }

    [Fact]
    public void HttpApiIds_ComeFromApiGatewayV2()
    {
        var rig = new CompleterRig();
        rig.Connector.ApiGatewayV2.Apis = (_, token, _) => token == null
            ? Pages.Of("next", new V2Api { ApiId = "h1t2t3p4a5", Name = "items-http-api", ProtocolType = "HTTP", ApiEndpoint = "https://h1t2t3p4a5.execute-api.us-east-1.amazonaws.com" })
            : Pages.Of<V2Api>(null, new V2Api { ApiId = "w1s2", Name = "chat", ProtocolType = "WEBSOCKET" });

        var results = CompleterRig.Complete(rig.Apis(), "");

        Assert.Equal(new[] { "w1s2", "h1t2t3p4a5" }, results.Select(r => r.CompletionText));
        Assert.Equal("items-http-api (h1t2t3p4a5)\nHTTP API\nhttps://h1t2t3p4a5.execute-api.us-east-1.amazonaws.com", results[1].ToolTip);
        Assert.Empty(rig.Connector.ApiGateway.Calls);
    }

    [Fact]
    public void StageName_ForARestApi_ListsItsStages()
    {
        var rig = new CompleterRig();
        rig.Connector.ApiGateway.Stages = (api, _) => Task.FromResult(api == "s7t8u9v0w1"
            ? new List<RestStage>
            {
                new() { StageName = "staging", DeploymentId = "d-stg" },
                new() { StageName = "prod", DeploymentId = "d-prod", CanarySettings = new RestCanarySettings { PercentTraffic = 10, DeploymentId = "d-canary" } },
            }
            : new List<RestStage>());

        var results = CompleterRig.Complete(rig.Stages(), "", CompleterRig.Typed(("RestApiId", "s7t8u9v0w1")));

        Assert.Equal(new[] { "prod", "staging" }, results.Select(r => r.CompletionText));
        Assert.Equal("prod (deployment d-prod, canary 10% on d-canary)", results[0].ToolTip);
        Assert.Empty(rig.Connector.ApiGatewayV2.Calls);
    }

    [Fact]
    public void StageName_ForAnHttpApi_QuotesDollarDefault()
    {
        var rig = new CompleterRig();
        rig.Connector.ApiGatewayV2.Stages = (api, _, _) => Pages.Of<V2Stage>(null,
            new V2Stage { StageName = "$default", AutoDeploy = true, DeploymentId = "dep1" }, new V2Stage { StageName = "beta" });

        var results = CompleterRig.Complete(rig.Stages(), "", CompleterRig.Typed(("ApiId", "h1t2t3p4a5")));
        var typedDollar = CompleterRig.Complete(rig.Stages(), "'$", CompleterRig.Typed(("ApiId", "h1t2t3p4a5")));

        Assert.Equal(new[] { "'$default'", "beta" }, results.Select(r => r.CompletionText));
        Assert.Equal("$default (auto-deploy, deployment dep1)", results[0].ToolTip);
        Assert.Equal("beta (deployment none yet)", results[1].ToolTip);
        Assert.Equal(new[] { "'$default'" }, typedDollar.Select(r => r.CompletionText));
        Assert.Equal("GetStages h1t2t3p4a5 ", rig.Connector.ApiGatewayV2.Calls.First());
    }

    [Fact]
    public void StageName_WithoutAnApi_OffersNothing_AndCallsNothing()
    {
        var rig = new CompleterRig();

        Assert.Empty(CompleterRig.Complete(rig.Stages(), "d", CompleterRig.Typed(("FunctionName", "my-func"))));
        Assert.Empty(rig.Connector.Connections);
    }
}

public class CompletionLimitsTests
{
    [Fact]
    public async Task AnEndpointThatNeverAnswers_IsAbandonedWithinTheLimit_AndTheCallIsCancelled()
    {
        var rig = new CompleterRig(TimeSpan.FromMilliseconds(600));
        var cancelled = new TaskCompletionSource();
        rig.Connector.Lambda.Functions = async (_, _, token) =>
        {
            token.Register(() => cancelled.TrySetResult());
            return await Pages.Never<FunctionConfiguration>(token);
        };
        var watch = Stopwatch.StartNew();

        var results = CompleterRig.Complete(rig.Functions(), "");

        Assert.Empty(results);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(1200));
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5)); // Throws TimeoutException if the call was left running.
    }

    [Fact]
    public void TheDefaultLimit_IsTwoSecondsTotal()
    {
        var rig = new CompleterRig(AwsCompletionEngine.DefaultTimeLimit);
        rig.Connector.Lambda.Functions = (_, _, token) => Pages.Never<FunctionConfiguration>(token);
        var watch = Stopwatch.StartNew();

        Assert.Empty(CompleterRig.Complete(rig.Functions(), ""));

        Assert.Equal(TimeSpan.FromSeconds(2), AwsCompletionEngine.DefaultTimeLimit);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public void ALargeAccount_OffersThePagesThatArrivedInTime_ButDoesNotCacheThem()
    {
        // Long enough for the first page to arrive even on a heavily loaded machine (3 s proved too short with the CPU
        // shared by several builds); the second page never does, so the test always waits the whole limit.
        var rig = new CompleterRig(TimeSpan.FromSeconds(6));
        var secondPageAsked = false;
        rig.Connector.Lambda.Functions = (_, marker, token) =>
        {
            if (marker == null) return Pages.Of("more", new FunctionConfiguration { FunctionName = "first-page-func" });
            secondPageAsked = true;
            return Pages.Never<FunctionConfiguration>(token);
        };

        var results = CompleterRig.Complete(rig.Functions(), "");

        Assert.True(secondPageAsked);
        Assert.Equal(new[] { "first-page-func" }, results.Select(r => r.CompletionText));
        Assert.Equal(0, rig.Cache.Count);
    }

    [Fact]
    public void ASlowCredentialSource_IsAbandonedWithinTheLimit()
    {
        var rig = new CompleterRig(TimeSpan.FromMilliseconds(500));
        using var release = new ManualResetEventSlim();
        rig.Connector.BeforeConnect = () => release.Wait(TimeSpan.FromSeconds(30));
        var watch = Stopwatch.StartNew();

        var results = CompleterRig.Complete(rig.Functions(), "");

        Assert.Empty(results);
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(1200), watch.Elapsed.ToString());
        release.Set();
    }

    [Fact]
    public void AccessDenied_IsSilent_AndNotCached()
    {
        var rig = new CompleterRig();
        var fail = true;
        rig.Connector.Lambda.Functions = (_, _, _) => fail
            ? Task.FromException<AwsPage<FunctionConfiguration>>(new AwsServiceException("AccessDeniedException", "not authorized to perform lambda:ListFunctions", 403, "req-1", "ListFunctions"))
            : Pages.Of<FunctionConfiguration>(null, new FunctionConfiguration { FunctionName = "my-func" });

        Assert.Empty(CompleterRig.Complete(rig.Functions(), ""));
        fail = false;
        Assert.Equal("my-func", CompleterRig.Complete(rig.Functions(), "").Single().CompletionText);
    }

    [Fact]
    public void NoCredentialsOrRegion_IsSilent()
    {
        var rig = new CompleterRig();
        rig.Connector.BeforeConnect = () => throw new AwsConfigurationException(ErrorIds.AwsRegionNotResolved, ErrorCategory.InvalidArgument, "No region.");

        Assert.Empty(CompleterRig.Complete(rig.Functions(), ""));
        Assert.Empty(CompleterRig.Complete(rig.Stages(), "", CompleterRig.Typed(("RestApiId", "a1b2c3d4e5"))));
    }

    [Fact]
    public void AnyOtherFailure_IsSilentToo()
    {
        var rig = new CompleterRig();
        rig.Connector.ApiGateway.RestApis = (_, _, _) => throw new InvalidOperationException("a bug in a page parser");

        Assert.Empty(CompleterRig.Complete(rig.RestApis(), ""));
    }
}

/// <summary>The real connector under completion: profiles that need a person fail fast and quietly.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public class CompletionCredentialTests
{
    private const string SourceKeys = "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n";

    private static FunctionNameCompleter RealCompleter() =>
        new(new AwsCompletionEngine(AwsCompletionConnector.Instance, new CompletionCache(TimeSpan.FromSeconds(30), 8, null), AwsCompletionEngine.DefaultTimeLimit),
            () => StoredAwsVariables.Snapshot(null));

    [Fact]
    public void MfaProtectedAssumeRoleProfile_OffersNothing_WithoutAskingForACode()
    {
        using var env = new EnvironmentScope(SourceKeys,
            "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = default\nmfa_serial = arn:aws:iam::123456789012:mfa/me\nregion = us-east-1\n");
        var watch = Stopwatch.StartNew();

        var results = CompleterRig.Complete(RealCompleter(), "", CompleterRig.Typed(("ProfileName", "admin"), ("EndpointUrl", "http://127.0.0.1:9")));

        Assert.Empty(results);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2.5), watch.Elapsed.ToString());
    }

    [Fact]
    public void SsoProfileWithoutAToken_OffersNothing_WithoutStartingALogin()
    {
        using var env = new EnvironmentScope("",
            "[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\nregion = us-east-1\n\n" +
            "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n");
        var watch = Stopwatch.StartNew();

        var results = CompleterRig.Complete(RealCompleter(), "", CompleterRig.Typed(("ProfileName", "sso"), ("EndpointUrl", "http://127.0.0.1:9")));

        Assert.Empty(results);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2.5), watch.Elapsed.ToString());
    }
}
