using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Discovery.Scanner;

/// <summary>The scan engine over an in-memory account: what it calls, how often, how many at once, and how it
/// explains pins that only the I/O side can decide (aliases at $LATEST, unreadable or foreign functions, roles).</summary>
public sealed class PinScannerTests
{
    private static readonly AwsContext Context = new() { Region = FakeAccount.Region, AccountId = FakeAccount.Account, Partition = "aws" };

    private static async Task<CollectingObserver> Scan(FakeAccount account, PinScanRequest request = null, CancellationToken cancellationToken = default)
    {
        var observer = new CollectingObserver();
        await new PinScanner(account, account, account, Context, request ?? new PinScanRequest(), observer).RunAsync(cancellationToken);
        return observer;
    }

    private static PinScanRequest Kinds(params PinKind[] kinds) => new() { Kinds = new HashSet<PinKind>(kinds) };

    /// <summary>APIs × stages, each API with <paramref name="methods"/> methods pinned to f:1, every stage on its own deployment.</summary>
    private static FakeAccount Account(int apis, int stages, int methods)
    {
        var account = new FakeAccount();
        account.AddFunction("f", 3).Allow("1", $"arn:aws:execute-api:us-east-1:{FakeAccount.Account}:*/*/*/*");
        for (var a = 0; a < apis; a++)
        {
            var api = new FakeRestApi("api" + a);
            for (var m = 0; m < methods; m++) api.Method("/items/m" + m, "GET", FakeAccount.InvocationsUri(FakeAccount.FunctionArn("f", "1")));
            for (var s = 0; s < stages; s++) api.Deploy("d" + s).Stage("stage" + s, "d" + s);
            account.RestApis.Add(api);
        }
        return account;
    }

    [Fact]
    public async Task Calls_grow_with_apis_stages_and_functions_not_with_methods()
    {
        var small = Account(apis: 3, stages: 2, methods: 2);
        var large = Account(apis: 3, stages: 2, methods: 200);

        var smallPins = await Scan(small);
        var largePins = await Scan(large);

        Assert.Equal(3 * 2, smallPins.Pins.Count);
        Assert.Equal(3 * 200, largePins.Pins.Count);
        Assert.Empty(largePins.Errors);
        Assert.Equal(small.AllCalls.OrderBy(c => c.Key), large.AllCalls.OrderBy(c => c.Key));
        Assert.Equal(0, large.Calls("GetIntegration"));
        Assert.Equal(3, large.Calls("GetResources"));
        Assert.Equal(3 * 2, large.Calls("GetExport"));
        // One function: its reads are made once however many pins reference it.
        Assert.Equal(2, large.Calls("GetFunction")); // $LATEST and version 1
        Assert.Equal(1, large.Calls("ListVersionsByFunction"));
        Assert.Equal(1, large.Calls("ListAliases"));
        Assert.Equal(1, large.Calls("GetPolicy"));
        Assert.All(largePins.Pins, p => Assert.Equal(new[] { "stage0", "stage1" }, p.Stages));
        Assert.All(largePins.Pins, p => Assert.Equal(2, p.VersionsBehind));
    }

    [Fact]
    public async Task Resources_are_paged_and_every_page_is_read()
    {
        var account = Account(apis: 1, stages: 1, methods: 7);
        account.ResourcePageLimit = 3;
        var observer = await Scan(account);
        Assert.Equal(7, observer.Pins.Count);
        Assert.Equal(3, account.Calls("GetResources")); // 8 resources (root included) in pages of 3
    }

    [Fact]
    public async Task Stages_sharing_a_deployment_share_one_export()
    {
        var account = new FakeAccount();
        account.AddFunction("f", 1);
        var api = new FakeRestApi("shared").Method("/a", "GET", FakeAccount.InvocationsUri(FakeAccount.FunctionArn("f", "1"))).Deploy("d1");
        foreach (var stage in new[] { "dev", "test", "prod" }) api.Stage(stage, "d1");
        account.RestApis.Add(api);

        var pin = Assert.Single((await Scan(account)).Pins);
        Assert.Equal(1, account.Calls("GetExport"));
        Assert.Equal(new[] { "dev", "test", "prod" }, pin.Stages);
        Assert.Equal(LiveState.Live, pin.LiveState);
    }

    [Fact]
    public async Task Api_scans_run_concurrently_within_the_bound()
    {
        var account = Account(apis: 12, stages: 1, methods: 1);
        account.Delay = TimeSpan.FromMilliseconds(40);
        var request = new PinScanRequest { ApiParallelism = 3, PinParallelism = 2 };
        var observer = await Scan(account, request);
        Assert.Equal(12, observer.Pins.Count);
        // Per API up to 3 list calls run together; the function reads of the pins being completed come on top.
        Assert.True(account.MaxInFlight > 3, $"max in flight {account.MaxInFlight}: the APIs were scanned one by one");
        // A pin in completion reads up to five things at once: $LATEST, versions, aliases, its qualifier, its policy.
        Assert.True(account.MaxInFlight <= 3 * 3 + 2 * 5, $"max in flight {account.MaxInFlight}");
    }

    [Fact]
    public async Task An_alias_that_points_at_LATEST_is_a_Latest_pin()
    {
        var account = new FakeAccount();
        var function = account.AddFunction("g", 2);
        function.Aliases["edge"] = "$LATEST";
        function.Aliases["stable"] = "2";
        account.RestApis.Add(new FakeRestApi("aliases")
            .Method("/edge", "GET", FakeAccount.InvocationsUri(FakeAccount.FunctionArn("g", "edge")))
            .Method("/stable", "GET", FakeAccount.InvocationsUri(FakeAccount.FunctionArn("g", "stable")))
            .Deploy("d1").Stage("prod", "d1"));

        var latest = await Scan(account, Kinds(PinKind.Latest));
        var edge = Assert.Single(latest.Pins);
        Assert.Equal(PinKind.Latest, edge.PinKind);
        Assert.Equal("edge", edge.AliasName);
        Assert.Equal("$LATEST", edge.PinnedVersion);

        var aliases = await Scan(account, Kinds(PinKind.Alias));
        var stable = Assert.Single(aliases.Pins);
        Assert.Equal("stable", stable.AliasName);
        Assert.Equal("2", stable.PinnedVersion);
        Assert.Equal(new[] { "stable" }, stable.AliasesAtPinnedVersion);

        Assert.Empty((await Scan(account)).Pins); // Version only by default
    }

    [Fact]
    public async Task Event_source_mappings_report_qualified_and_unqualified_targets()
    {
        var account = new FakeAccount();
        account.AddFunction("q", 2);
        account.EventSourceMappings.Add(new EventSourceMappingConfiguration { UUID = "u-1", FunctionArn = FakeAccount.FunctionArn("q", "1"), EventSourceArn = "arn:aws:sqs:us-east-1:123456789012:a" });
        account.EventSourceMappings.Add(new EventSourceMappingConfiguration { UUID = "u-2", FunctionArn = FakeAccount.FunctionArn("q"), EventSourceArn = "arn:aws:kinesis:us-east-1:123456789012:stream/clicks" });

        var observer = await Scan(account, Kinds(PinKind.Version, PinKind.Latest));
        var version = observer.Pin(p => p.EventSourceMappingUuid == "u-1");
        Assert.Equal(PinKind.Version, version.PinKind);
        Assert.Equal("ESM u-1 (sqs a)", version.Location);
        Assert.Equal(LiveState.NotApplicable, version.LiveState);
        Assert.Equal(PermissionState.Unknown, version.Permission);
        var unqualified = observer.Pin(p => p.EventSourceMappingUuid == "u-2");
        Assert.Equal(PinKind.Latest, unqualified.PinKind);
        Assert.Null(unqualified.Qualifier);
        Assert.Equal(0, account.Calls("GetPolicy")); // a poller needs no resource policy
    }

    [Fact]
    public async Task A_function_the_credentials_cannot_read_is_reported_once_and_its_pins_keep_coming()
    {
        var account = Account(apis: 2, stages: 1, methods: 3);
        account.Failures["GetFunction"] = target => new AwsServiceException("AccessDeniedException", "not authorized: " + target, 403, "req", "GetFunction");

        var observer = await Scan(account);
        Assert.Equal(6, observer.Pins.Count);
        Assert.All(observer.Pins, p => Assert.False(p.FunctionDetailsKnown));
        Assert.All(observer.Pins, p => Assert.Null(p.LatestPublishedVersion));
        // GetPolicy is a separate permission: the policy can still be read and decides the permission.
        Assert.All(observer.Pins, p => Assert.Equal(PermissionState.Granted, p.Permission));
        var error = Assert.Single(observer.Errors);
        Assert.True(((AwsServiceException)error.Exception).IsAccessDenied);
        Assert.Contains("Could not read function", error.Context);
        Assert.Equal(2, account.Calls("GetFunction")); // $LATEST and version 1, each once, each denied
        Assert.Equal(1, account.Calls("GetPolicy"));
    }

    [Fact]
    public async Task A_function_in_another_region_is_not_read_and_says_why()
    {
        var account = new FakeAccount();
        account.RestApis.Add(new FakeRestApi("far")
            .Method("/x", "GET", FakeAccount.InvocationsUri("arn:aws:lambda:eu-west-1:123456789012:function:remote:4"))
            .Deploy("d1").Stage("prod", "d1"));

        var observer = await Scan(account);
        var pin = Assert.Single(observer.Pins);
        Assert.Equal("arn:aws:lambda:eu-west-1:123456789012:function:remote", pin.FunctionArn);
        Assert.False(pin.FunctionDetailsKnown);
        Assert.Equal(PermissionState.Unknown, pin.Permission);
        Assert.Contains("eu-west-1", pin.PermissionDetail);
        Assert.Equal(0, account.Calls("GetFunction"));
        Assert.Empty(observer.Errors);
    }

    [Fact]
    public async Task An_integration_with_a_credentials_role_is_ViaRole_and_a_missing_statement_is_Missing()
    {
        var account = new FakeAccount();
        account.AddFunction("f", 1).Allow("1", "arn:aws:execute-api:us-east-1:123456789012:roles/*/GET/allowed");
        account.RestApis.Add(new FakeRestApi("roles")
            .Method("/role", "GET", FakeAccount.InvocationsUri(FakeAccount.FunctionArn("f", "1")), credentials: "arn:aws:iam::123456789012:role/apigw-invoke")
            .Method("/allowed", "GET", FakeAccount.InvocationsUri(FakeAccount.FunctionArn("f", "1")))
            .Method("/denied", "GET", FakeAccount.InvocationsUri(FakeAccount.FunctionArn("f", "1")))
            .Deploy("d1").Stage("prod", "d1"));

        var observer = await Scan(account);
        var role = observer.Pin(p => p.ResourcePath == "/role");
        Assert.Equal(PermissionState.ViaRole, role.Permission);
        Assert.Equal("arn:aws:iam::123456789012:role/apigw-invoke", role.CredentialsRole);
        Assert.Equal(PermissionState.Granted, observer.Pin(p => p.ResourcePath == "/allowed").Permission);
        var denied = observer.Pin(p => p.ResourcePath == "/denied");
        Assert.Equal(PermissionState.Missing, denied.Permission);
        Assert.Contains("roles/prod/GET/denied", denied.PermissionDetail);
    }

    [Fact]
    public async Task Stage_variables_resolve_per_stage_to_version_latest_or_alias()
    {
        var account = new FakeAccount();
        var function = account.AddFunction("sv", 4);
        function.Aliases["blue"] = "4";
        var uri = FakeAccount.InvocationsUri(FakeAccount.FunctionArn("sv", "${stageVariables.fn}"));
        account.RestApis.Add(new FakeRestApi("vars")
            .Method("/a", "GET", uri)
            .Method("/b", "POST", uri)
            .Deploy("d1")
            .Stage("v", "d1", new() { ["fn"] = "3" })
            .Stage("l", "d1", new() { ["fn"] = "$LATEST" })
            .Stage("al", "d1", new() { ["fn"] = "blue" })
            .Stage("broken", "d1", new()));

        var observer = await Scan(account, Kinds(PinKind.Version, PinKind.Latest, PinKind.Alias));
        var version = observer.Pin(p => p.Stages.SequenceEqual(new[] { "v" }));
        Assert.Equal(PinKind.Version, version.PinKind);
        Assert.Equal("3", version.Qualifier);
        Assert.Equal("fn", version.StageVariableName);
        Assert.Equal(new[] { "GET /a", "POST /b" }, version.Routes);
        Assert.Equal(PinKind.Latest, observer.Pin(p => p.Stages.SequenceEqual(new[] { "l" })).PinKind);
        var alias = observer.Pin(p => p.Stages.SequenceEqual(new[] { "al" }));
        Assert.Equal(PinKind.Alias, alias.PinKind);
        Assert.Equal("4", alias.PinnedVersion);
        Assert.Equal(3, observer.Pins.Count);

        var missing = Assert.Single(observer.Errors);
        Assert.Equal(ErrorIds.StageVariableMissing, missing.ErrorId);
        Assert.Contains("stage broken", missing.Error.Message);
    }

    [Fact]
    public async Task A_canary_without_overrides_serves_the_same_stage_variable_pin_as_its_stage()
    {
        var account = new FakeAccount();
        account.AddFunction("sv", 2);
        var uri = FakeAccount.InvocationsUri(FakeAccount.FunctionArn("sv", "${stageVariables.fn}"));
        var api = new FakeRestApi("canary").Method("/a", "GET", uri).Deploy("d1").Deploy("d2")
            .Stage("prod", "d1", new() { ["fn"] = "1" }, canaryDeploymentId: "d2")
            .Stage("next", "d2", new() { ["fn"] = "2" });
        account.RestApis.Add(api);

        var observer = await Scan(account);
        var prod = observer.Pin(p => p.Qualifier == "1");
        Assert.Equal(new[] { "prod", "prod (canary)" }, prod.Stages);
        Assert.False(prod.IsCanaryOverride);
        Assert.Equal(LiveState.Live, prod.LiveState); // d2 is exported through stage next
        Assert.Equal(2, account.Calls("GetExport"));
        Assert.Equal(2, observer.Pins.Count);
    }

    [Fact]
    public async Task Http_apis_use_ExportApi_only_for_stages_without_AutoDeploy()
    {
        var account = new FakeAccount();
        account.AddFunction("h", 2);
        var api = new FakeV2Api("http1")
            .Route("GET /items", "i1", FakeAccount.FunctionArn("h", "1"))
            .Route("GET /items/{id}", "i1", FakeAccount.FunctionArn("h", "1"))
            .Route("POST /items", "i2", FakeAccount.InvocationsUri(FakeAccount.FunctionArn("h")))
            .Stage("$default", autoDeploy: true)
            .Stage("manual", autoDeploy: false, deploymentId: "old");
        api.Exports["manual"] = "{\"openapi\":\"3.0.1\",\"paths\":{\"/items\":{\"get\":{\"x-amazon-apigateway-integration\":{\"type\":\"aws_proxy\",\"uri\":\"" + FakeAccount.FunctionArn("h", "2") + "\"}}}}}";
        account.V2Apis.Add(api);

        var observer = await Scan(account, Kinds(PinKind.Version, PinKind.Latest));
        Assert.Equal(1, account.Calls("ExportApi"));
        var draft = observer.Pin(p => p.Qualifier == "1");
        Assert.Equal(new[] { "GET /items", "GET /items/{id}" }, draft.Routes);
        Assert.Equal(new[] { "$default" }, draft.Stages);
        Assert.Equal(LiveState.NotApplicable, draft.LiveState);
        Assert.Equal("HTTP http1-api (http1) GET /items, GET /items/{id}", draft.Location);
        var deployed = observer.Pin(p => p.Qualifier == "2");
        Assert.Equal(new[] { "manual" }, deployed.Stages);
        Assert.Equal(LiveState.LiveOnly, deployed.LiveState);
        Assert.Equal("i1", deployed.IntegrationId);
        var unqualified = observer.Pin(p => p.Qualifier == null);
        Assert.Equal(PinKind.Latest, unqualified.PinKind);
        Assert.Equal("i2", unqualified.IntegrationId);
    }

    [Fact]
    public async Task Function_filters_and_source_filters_cut_calls_before_they_are_made()
    {
        var account = Account(apis: 2, stages: 1, methods: 2);
        account.AddFunction("other", 1);
        account.EventSourceMappings.Add(new EventSourceMappingConfiguration { UUID = "u", FunctionArn = FakeAccount.FunctionArn("other", "1") });
        FunctionNameFilter.TryCreate(new[] { "oth*" }, out var filter, out _);

        var observer = await Scan(account, new PinScanRequest { FunctionFilter = filter });
        Assert.Equal("other", Assert.Single(observer.Pins).FunctionName);
        Assert.Equal(0, account.Calls("GetPolicy"));
        Assert.Equal(2, account.Calls("GetFunction")); // other: $LATEST and version 1; f is never read

        var esmOnly = new FakeAccount();
        esmOnly.RestApis.Add(new FakeRestApi("ignored"));
        await Scan(esmOnly, new PinScanRequest { Sources = new HashSet<SourceKind> { SourceKind.EventSourceMapping } });
        Assert.Equal(0, esmOnly.Calls("GetRestApis"));
        Assert.Equal(0, esmOnly.Calls("GetApis"));
        Assert.Equal(1, esmOnly.Calls("ListEventSourceMappings"));
    }

    [Fact]
    public async Task Cancellation_stops_the_scan_without_reporting_errors()
    {
        var account = Account(apis: 20, stages: 1, methods: 1);
        account.Delay = TimeSpan.FromMilliseconds(200);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var observer = new CollectingObserver();
        var scanner = new PinScanner(account, account, account, Context, new PinScanRequest(), observer);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scanner.RunAsync(cancel.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), watch.Elapsed.ToString());
        Assert.Empty(observer.Errors);
        Assert.True(observer.Pins.Count < 20);
    }

    [Fact]
    public async Task Progress_counts_sources_found_and_scanned()
    {
        var account = Account(apis: 4, stages: 1, methods: 1);
        var observer = await Scan(account);
        var last = observer.Progress.Last();
        Assert.Equal(5, last.SourcesFound); // 4 APIs and the event source mapping list
        Assert.Equal(5, last.SourcesScanned);
        Assert.Equal(4, last.PinsFound);
        Assert.InRange(last.PercentComplete, 0, 99);
        Assert.All(observer.Progress, p => Assert.True(p.SourcesScanned <= p.SourcesFound));
    }
}
