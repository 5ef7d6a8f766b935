using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using LambdaAlias.Tests.Emulator;
using LambdaAlias.Tests.Emulator.ApiGateway;
using LambdaAlias.Tests.Harness;
using Xunit;

namespace LambdaAlias.Tests.Cmdlets.GetLambdaIntegrationPin;

/// <summary>
/// Get-LambdaIntegrationPin through the real module in a hosted engine, against the emulator's demo account
/// (DEMO.md): the pins it finds and how it explains them, the filters, the invoke-URL lookups, live versus draft,
/// canaries, errors, progress, streaming and Ctrl-C, and the calls it makes (from the emulator's request log).
/// </summary>
public sealed class GetLambdaIntegrationPinTests(DemoAccountFixture demo) : IClassFixture<DemoAccountFixture>
{
    private const string MyFuncUri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-func:{0}/invocations";

    /// <summary>DEMO.md's expected default scan: only Version pins.</summary>
    private static readonly string[] DefaultPins =
    {
        "my-func:1 RestApi ANY /{proxy+}",
        "my-func:1 RestApi GET /orders",
        "auth-func:1 RestAuthorizer auth01",
        "stagevar-func:2 StageVariable prod",
        "stagevar-func:3 StageVariable prod (canary) override",
        "http-func:1 HttpApi GET /items",
        "queue-func:1 EventSourceMapping 6f1e0c4a-0000-4000-8000-0000000000e1",
    };

    private static void AssertPins(IEnumerable<string> expected, IEnumerable<LambdaPinView> pins) =>
        Assert.Equal(expected.OrderBy(k => k, StringComparer.Ordinal), pins.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal));

    private static LambdaPinView Single(IEnumerable<LambdaPinView> pins, string key) => Assert.Single(pins, p => p.Key == key);

    [Fact]
    public void Default_scan_finds_exactly_the_version_pins_of_the_demo_account()
    {
        using var s = new PinSession(demo.Host);
        var r = s.Run("Get-LambdaIntegrationPin @common").AssertNoErrors();

        var pins = PinSession.Pins(r);
        AssertPins(DefaultPins, pins);
        Assert.All(pins, p => Assert.Equal("Version", p.PinKind));
        Assert.DoesNotContain(pins, p => p.FunctionName == "aliased-func" || p.RestApiId == "k2l3m4n5o6");
        Assert.DoesNotContain(pins, p => p.Qualifier == null);
    }

    [Fact]
    public void Kind_Latest_adds_the_unqualified_http_integration_and_Kind_Alias_the_alias_backed_api()
    {
        using var s = new PinSession(demo.Host);

        var latest = PinSession.Pins(s.Run("Get-LambdaIntegrationPin @common -Kind Latest").AssertNoErrors());
        var unqualified = Assert.Single(latest);
        Assert.Equal("http-func HttpApi POST /items", unqualified.Key);
        Assert.Equal("Latest", unqualified.PinKind);
        Assert.Null(unqualified.Qualifier);
        Assert.Equal("$LATEST", unqualified.PinnedVersion);
        Assert.Equal("int-items-post", unqualified.IntegrationId);
        Assert.Equal("h1t2t3p4a5", unqualified.ApiId);
        Assert.Equal("HTTP items-http-api (h1t2t3p4a5) POST /items", unqualified.Location);
        // The unqualified function's policy governs $LATEST: it allows POST /items.
        Assert.Equal("Granted", unqualified.Permission);

        var alias = PinSession.Pins(s.Run("Get-LambdaIntegrationPin @common -Kind Alias").AssertNoErrors());
        AssertPins(new[] { "aliased-func:live RestApi GET /health", "stagevar-func:staging StageVariable staging" }, alias);
        var aliased = Single(alias, "aliased-func:live RestApi GET /health");
        Assert.Equal("live", aliased.AliasName);
        Assert.Equal("2", aliased.PinnedVersion);
        var staging = Single(alias, "stagevar-func:staging StageVariable staging");
        Assert.Equal("3", staging.PinnedVersion);
        Assert.Equal("lambdaAlias", staging.StageVariableName);

        var all = PinSession.Pins(s.Run("Get-LambdaIntegrationPin @common -Kind Version, Latest, Alias").AssertNoErrors());
        AssertPins(DefaultPins.Concat(new[] { "http-func HttpApi POST /items", "aliased-func:live RestApi GET /health", "stagevar-func:staging StageVariable staging" }), all);
    }

    [Fact]
    public void A_pin_explains_where_it_lives_its_version_context_permission_echoes_and_account()
    {
        using var s = new PinSession(demo.Host);
        var pins = PinSession.Pins(s.Run("Get-LambdaIntegrationPin @common").AssertNoErrors());
        var orders = Single(pins, "my-func:1 RestApi GET /orders");

        Assert.Equal("my-func", orders.FunctionName);
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:my-func", orders.FunctionArn);
        Assert.Equal("1", orders.Qualifier);
        Assert.Equal("REST dev-lambda-my-func:1-API (a1b2c3d4e5) GET /orders", orders.Location);
        Assert.Equal("a1b2c3d4e5", orders.RestApiId);
        Assert.Equal("/orders", orders.ResourcePath);
        Assert.Equal("GET", orders.HttpMethod);
        Assert.Equal(string.Format(MyFuncUri, 1), orders.RawUri);
        Assert.Equal(new[] { "dev" }, orders.Stages);
        Assert.Equal("Live", orders.LiveState);

        Assert.True(orders.FunctionDetailsKnown);
        Assert.Equal("1", orders.PinnedVersion);
        Assert.Equal("2", orders.LatestPublishedVersion);
        Assert.Equal(1, orders.VersionsBehind);

        // Version 1 lacks the VPC config and the DB_SECRET_ARN variable that version 2 (and $LATEST) have.
        var drift = orders.Drift;
        var vpc = Assert.Single(drift, d => d.Property == "VpcConfig" && d.ComparedWith == "2");
        Assert.Null(vpc.Pinned);
        Assert.Contains("subnet-0a1", vpc.Other);
        Assert.Contains("sg-0b2", vpc.Other);
        var env = Assert.Single(drift, d => d.Property == "EnvironmentVariableNames" && d.ComparedWith == "2");
        Assert.Equal("TABLE_NAME", env.Pinned);
        Assert.Equal("DB_SECRET_ARN, TABLE_NAME", env.Other);
        Assert.Contains(drift, d => d.Property == "VpcConfig" && d.ComparedWith == "$LATEST");
        Assert.DoesNotContain(drift, d => d.Property is "Runtime" or "Handler" or "MemorySize");
        Assert.DoesNotContain(drift, d => (d.Pinned + d.Other).Contains("secretsmanager")); // names only, never values

        Assert.Equal("Granted", orders.Permission);
        Assert.Contains("apigw-dev-orders", orders.PermissionDetail);

        Assert.Contains(orders.Echoes, e => e.Contains("name 'dev-lambda-my-func:1-API'"));
        Assert.Contains(orders.Echoes, e => e.Contains("tag deployment=dev-lambda-my-func:1"));
        Assert.Contains(orders.Echoes, e => e.Contains("stage dev description"));
        Assert.Equal("CloudFormation stack dev-orders-stack", orders.ManagedBy);

        Assert.Equal(PinSession.Region, orders.Region);
        Assert.Equal(PinSession.Account, orders.AccountId);
        Assert.Equal(demo.Host.BaseUrl, orders.EndpointUrl);
        Assert.Null(orders.ProfileName);
        foreach (var property in orders.Object.Properties)
            Assert.False(property.Name.Contains("Secret", StringComparison.OrdinalIgnoreCase) || property.Name.Contains("AccessKey", StringComparison.OrdinalIgnoreCase), property.Name);

        var authorizer = Single(pins, "auth-func:1 RestAuthorizer auth01");
        Assert.Equal("REST authorizer token-auth (auth01) on dev-lambda-my-func:1-API (a1b2c3d4e5)", authorizer.Location);
        Assert.Equal(new[] { "GET /orders" }, authorizer.Routes);
        Assert.Equal("Granted", authorizer.Permission);

        var http = Single(pins, "http-func:1 HttpApi GET /items");
        Assert.Equal("int-items-get", http.IntegrationId);
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:http-func:1", http.RawUri);
        Assert.Equal(new[] { "$default" }, http.Stages);
        Assert.Equal("NotApplicable", http.LiveState); // an AutoDeploy stage serves the draft

        Assert.Equal("my-func:1 (Version) at REST dev-lambda-my-func:1-API (a1b2c3d4e5) GET /orders [dev]", orders.Object.BaseObject.ToString());
    }

    [Fact]
    public void The_stage_variable_pin_is_reported_for_prod_only_and_the_canary_override_serves_a_different_version()
    {
        using var s = new PinSession(demo.Host);
        var pins = PinSession.Pins(s.Run("Get-LambdaIntegrationPin @common").AssertNoErrors());
        var stageVariablePins = pins.Where(p => p.SourceKind == "StageVariable").ToList();
        Assert.Equal(2, stageVariablePins.Count);
        Assert.All(stageVariablePins, p => Assert.Equal("s7t8u9v0w1", p.RestApiId));
        Assert.DoesNotContain(stageVariablePins, p => p.Stages.Contains("staging"));

        var prod = Single(pins, "stagevar-func:2 StageVariable prod");
        Assert.Equal("Version", prod.PinKind);
        Assert.Equal("lambdaAlias", prod.StageVariableName);
        Assert.Equal(new[] { "GET /orders" }, prod.Routes);
        Assert.False(prod.IsCanaryOverride);
        Assert.Equal("Stage variable lambdaAlias on stagevar-api (s7t8u9v0w1) stage prod", prod.Location);
        Assert.Contains("${stageVariables.lambdaAlias}", prod.RawUri);
        Assert.Equal("Live", prod.LiveState);
        Assert.Equal(1, prod.VersionsBehind);

        var canary = Single(pins, "stagevar-func:3 StageVariable prod (canary) override");
        Assert.True(canary.IsCanaryOverride);
        Assert.Equal("3", canary.PinnedVersion);
        Assert.Equal(new[] { "prod (canary)" }, canary.Stages);
        Assert.Equal("Stage variable lambdaAlias on stagevar-api (s7t8u9v0w1) stage prod (canary)", canary.Location);
        // No stage serves the canary's deployment as its main one, and GetExport reads only those.
        Assert.Equal("Unknown", canary.LiveState);
    }

    [Fact]
    public async Task A_canary_deployment_a_stage_exports_is_read_from_that_export()
    {
        using var s = new PinSession(demo.Host);
        using var client = new EmulatorTestClient(demo.Host);
        // Staging now serves the canary's deployment (the one with GET /health), so GetExport of staging reads it.
        var moved = await client.ApiGatewayAsync(HttpMethod.Patch, "/restapis/s7t8u9v0w1/stages/staging",
            DemoEmulator.Patch(("replace", "/deploymentId", "d-s7canary")));
        Assert.Equal(200, moved.Status);

        var pins = PinSession.Pins(s.Run("Get-LambdaIntegrationPin @common -RestApiId s7t8u9v0w1").AssertNoErrors());
        var canary = Single(pins, "stagevar-func:3 StageVariable prod (canary) override");
        Assert.Equal("Live", canary.LiveState);
        Assert.Equal(new[] { "GET /health", "GET /orders" }, canary.Routes.OrderBy(r => r, StringComparer.Ordinal));
        // Version 3's only statement allows GET /orders; the canary also routes GET /health to it.
        Assert.Equal("Missing", canary.Permission);
        Assert.Contains("/prod/GET/health", canary.PermissionDetail);
        Assert.Equal(new[] { "GET /orders" }, Single(pins, "stagevar-func:2 StageVariable prod").Routes);
    }

    [Fact]
    public async Task Live_pins_stay_reported_after_an_undeployed_fix_and_the_draft_pin_is_reported_as_draft_only()
    {
        using var s = new PinSession(demo.Host);
        using var client = new EmulatorTestClient(demo.Host);
        var fixedDraft = await client.ApiGatewayAsync(HttpMethod.Patch, "/restapis/a1b2c3d4e5/resources/a1ordr/methods/GET/integration",
            DemoEmulator.Patch(("replace", "/uri", string.Format(MyFuncUri, 2))));
        Assert.Equal(200, fixedDraft.Status);
        Assert.Empty(demo.Host.Requests.Query("CreateDeployment"));

        var pins = PinSession.Pins(s.Run("Get-LambdaIntegrationPin @common -RestApiId a1b2c3d4e5").AssertNoErrors());

        var live = Single(pins, "my-func:1 RestApi GET /orders");
        Assert.Equal("LiveOnly", live.LiveState);
        Assert.Equal(new[] { "dev" }, live.Stages);
        Assert.Equal("a1ordr", live.ResourceId);

        var draft = Single(pins, "my-func:2 RestApi GET /orders");
        Assert.Equal("DraftOnly", draft.LiveState);
        Assert.Empty(draft.Stages);
        Assert.Equal(0, draft.VersionsBehind);

        Assert.Equal("Live", Single(pins, "my-func:1 RestApi ANY /{proxy+}").LiveState);
    }

    [Fact]
    public async Task An_http_api_stage_without_AutoDeploy_is_read_with_ExportApi_and_keeps_serving_its_deployment()
    {
        using var s = new PinSession(demo.Host);
        using var client = new EmulatorTestClient(demo.Host);
        Assert.Equal(200, (await client.ApiGatewayAsync(HttpMethod.Patch, "/v2/apis/h1t2t3p4a5/stages/%24default", new { autoDeploy = false })).Status);
        // The draft points GET /items elsewhere; without a deployment the stage still serves http-func:1.
        Assert.Equal(200, (await client.ApiGatewayAsync(HttpMethod.Patch, "/v2/apis/h1t2t3p4a5/integrations/int-items-get",
            new { integrationUri = "arn:aws:lambda:us-east-1:123456789012:function:queue-func:2" })).Status);
        demo.Host.Requests.Clear();

        var pins = PinSession.Pins(s.Run("Get-LambdaIntegrationPin @common -ApiId h1t2t3p4a5").AssertNoErrors());
        AssertPins(new[] { "http-func:1 HttpApi GET /items", "queue-func:2 HttpApi GET /items" }, pins);
        var live = Single(pins, "http-func:1 HttpApi GET /items");
        Assert.Equal("LiveOnly", live.LiveState);
        Assert.Equal(new[] { "$default" }, live.Stages);
        Assert.Equal("int-items-get", live.IntegrationId);
        Assert.Equal("DraftOnly", Single(pins, "queue-func:2 HttpApi GET /items").LiveState);

        var export = Assert.Single(demo.Host.Requests.Query("ExportApi"));
        Assert.Contains("stageName=%24default", export.Path);
    }

    [Fact]
    public void The_demo_invoke_url_resolves_to_my_func_1_directly_and_through_the_custom_domain()
    {
        using var s = new PinSession(demo.Host);
        foreach (var url in new[] { "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev/orders", "https://api.example.com/orders/orders" })
        {
            demo.Host.Requests.Clear();
            s.Harness.SetVariable("url", url);
            var pins = PinSession.Pins(s.Run("Get-LambdaIntegrationPin @common -InvokeUrl $url").AssertNoErrors());

            // GET /orders goes to its own method (behind the token authorizer); other verbs fall to ANY /{proxy+}.
            AssertPins(new[] { "my-func:1 RestApi GET /orders", "my-func:1 RestApi ANY /{proxy+}", "auth-func:1 RestAuthorizer auth01" }, pins);
            Assert.All(pins.Where(p => p.SourceKind == "RestApi"), p => Assert.Equal("my-func:1", p.QualifiedName));
            Assert.All(pins, p => Assert.Equal(new[] { "dev" }, p.Stages));
            Assert.Empty(demo.Host.Requests.Query("ListEventSourceMappings"));
            Assert.Equal(1, demo.Host.Requests.CountOf("GetResources"));
        }
        Assert.Equal(1, demo.Host.Requests.CountOf("GetBasePathMappings"));
    }

    [Fact]
    public void Invoke_urls_are_taken_from_the_pipeline_and_report_every_kind_by_default()
    {
        using var s = new PinSession(demo.Host);
        var r = s.Run("'https://k2l3m4n5o6.execute-api.us-east-1.amazonaws.com/prod/health', 'https://h1t2t3p4a5.execute-api.us-east-1.amazonaws.com/items' | Get-LambdaIntegrationPin @common").AssertNoErrors();
        // The alias pin and the unqualified POST /items are reported because -InvokeUrl reports all kinds;
        // /items has no stage segment: the HTTP API's $default stage serves it.
        AssertPins(new[] { "aliased-func:live RestApi GET /health", "http-func:1 HttpApi GET /items", "http-func HttpApi POST /items" }, PinSession.Pins(r));

        var versionsOnly = s.Run("'https://h1t2t3p4a5.execute-api.us-east-1.amazonaws.com/items' | Get-LambdaIntegrationPin @common -Kind Version").AssertNoErrors();
        AssertPins(new[] { "http-func:1 HttpApi GET /items" }, PinSession.Pins(versionsOnly));
    }

    [Fact]
    public void The_request_log_shows_no_per_method_GetIntegration_and_one_export_per_distinct_deployment()
    {
        using var s = new PinSession(demo.Host);
        s.Run("Get-LambdaIntegrationPin @common -Kind Version, Latest, Alias").AssertNoErrors();
        var log = demo.Host.Requests;

        Assert.Equal(0, log.CountOf("GetIntegration"));
        Assert.Equal(0, log.CountOf("GetMethod"));
        Assert.Equal(3, log.CountOf("GetResources")); // one per REST API
        Assert.All(log.Query("GetResources"), e => Assert.Contains("embed=methods", e.Path));
        Assert.All(log.Query("GetResources"), e => Assert.Contains("limit=500", e.Path));
        // a1b2c3d4e5 dev, s7t8u9v0w1 (staging and prod share d-s7main; the canary's deployment cannot be exported), k2l3m4n5o6 prod.
        Assert.Equal(3, log.CountOf("GetExport"));
        Assert.All(log.Query("GetExport"), e => Assert.Contains("extensions=apigateway", e.Path));
        Assert.Equal(0, log.CountOf("ExportApi")); // the HTTP API's only stage deploys automatically
        Assert.Empty(log.Mutations);

        // Per function, not per pin: my-func has two pins but one ListVersionsByFunction, one policy read of version 1.
        Assert.Equal(1, log.Query("ListVersionsByFunction").Count(e => e.Path.Contains("/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy-func/") || e.Path.Contains("function:my-func/")));
        var functions = new[] { "my-func", "auth-func", "stagevar-func", "http-func", "queue-func", "aliased-func" };
        Assert.Equal(functions.Length, log.CountOf("ListVersionsByFunction"));
        Assert.Equal(functions.Length, log.CountOf("ListAliases"));
    }

    [Fact]
    public void FunctionName_filters_by_name_arn_partial_arn_and_wildcard_and_many_piped_names_cost_one_scan()
    {
        using var s = new PinSession(demo.Host);
        AssertPins(new[] { "my-func:1 RestApi ANY /{proxy+}", "my-func:1 RestApi GET /orders" },
            PinSession.Pins(s.Run("Get-LambdaIntegrationPin @common -FunctionName my-func").AssertNoErrors()));
        AssertPins(new[] { "auth-func:1 RestAuthorizer auth01" },
            PinSession.Pins(s.Run("Get-LambdaIntegrationPin @common -FunctionName 'arn:aws:lambda:us-east-1:123456789012:function:auth-*'").AssertNoErrors()));
        AssertPins(new[] { "stagevar-func:3 StageVariable prod (canary) override" },
            PinSession.Pins(s.Run("Get-LambdaIntegrationPin @common -FunctionName '123456789012:function:stagevar-func:3'").AssertNoErrors()));
        AssertPins(new[] { "http-func:1 HttpApi GET /items", "queue-func:1 EventSourceMapping 6f1e0c4a-0000-4000-8000-0000000000e1" },
            PinSession.Pins(s.Run("Get-LambdaIntegrationPin @common -FunctionName *-func -Source HttpApi, EventSourceMapping").AssertNoErrors()));

        demo.Host.Requests.Clear();
        // Objects from other tools bind by property name: FunctionName, or FunctionArn.
        var piped = s.Run(@"
            [pscustomobject]@{ FunctionName = 'my-func' },
            [pscustomobject]@{ FunctionArn = 'arn:aws:lambda:us-east-1:123456789012:function:queue-func' },
            [pscustomobject]@{ FunctionName = 'http-func' } | Get-LambdaIntegrationPin @common").AssertNoErrors();
        AssertPins(new[] { "my-func:1 RestApi ANY /{proxy+}", "my-func:1 RestApi GET /orders", "http-func:1 HttpApi GET /items", "queue-func:1 EventSourceMapping 6f1e0c4a-0000-4000-8000-0000000000e1" },
            PinSession.Pins(piped));
        Assert.Equal(1, demo.Host.Requests.CountOf("GetRestApis"));
        Assert.Equal(1, demo.Host.Requests.CountOf("GetApis"));
        Assert.Equal(1, demo.Host.Requests.CountOf("ListEventSourceMappings"));
        // Functions the filter rules out are never read.
        Assert.DoesNotContain(demo.Host.Requests.Query(service: "lambda"), e => e.Path.Contains("auth-func") || e.Path.Contains("stagevar-func"));
    }

    [Fact]
    public void Api_stage_and_source_filters_narrow_the_scan()
    {
        using var s = new PinSession(demo.Host);
        demo.Host.Requests.Clear();
        var byId = s.Run("[pscustomobject]@{ Id = 'a1b2c3d4e5' } | Get-LambdaIntegrationPin @common").AssertNoErrors();
        AssertPins(new[] { "my-func:1 RestApi ANY /{proxy+}", "my-func:1 RestApi GET /orders", "auth-func:1 RestAuthorizer auth01" }, PinSession.Pins(byId));
        Assert.Equal(0, demo.Host.Requests.CountOf("GetRestApis"));
        Assert.Equal(0, demo.Host.Requests.CountOf("GetApis"));
        Assert.Equal(0, demo.Host.Requests.CountOf("ListEventSourceMappings"));

        AssertPins(new[] { "http-func:1 HttpApi GET /items" }, PinSession.Pins(s.Run("Get-LambdaIntegrationPin @common -ApiId h1t2t3p4a5").AssertNoErrors()));
        AssertPins(new[] { "stagevar-func:2 StageVariable prod", "stagevar-func:3 StageVariable prod (canary) override" },
            PinSession.Pins(s.Run("Get-LambdaIntegrationPin @common -Stage prod").AssertNoErrors()));
        AssertPins(new[] { "auth-func:1 RestAuthorizer auth01" }, PinSession.Pins(s.Run("Get-LambdaIntegrationPin @common -Source RestAuthorizer").AssertNoErrors()));
        AssertPins(new[] { "queue-func:1 EventSourceMapping 6f1e0c4a-0000-4000-8000-0000000000e1" },
            PinSession.Pins(s.Run("Get-LambdaIntegrationPin @common -Source EventSourceMapping").AssertNoErrors()));
    }

    [Fact]
    public async Task Source_ResourcePolicy_reports_service_permissions_on_versions_as_an_allowance()
    {
        using var s = new PinSession(demo.Host);
        using var client = new EmulatorTestClient(demo.Host);
        var added = await client.LambdaAsync(HttpMethod.Post, "/2015-03-31/functions/queue-func/policy?Qualifier=2", new
        {
            StatementId = "s3-orders-upload",
            Action = "lambda:InvokeFunction",
            Principal = "s3.amazonaws.com",
            SourceArn = "arn:aws:s3:::orders-uploads",
            SourceAccount = "123456789012",
        });
        Assert.Equal(201, added.Status);

        var pins = PinSession.Pins(s.Run("Get-LambdaIntegrationPin @common -Source ResourcePolicy").AssertNoErrors());
        var allowance = Assert.Single(pins);
        Assert.Equal("ResourcePolicy", allowance.SourceKind);
        Assert.Equal("queue-func:2", allowance.QualifiedName);
        Assert.Equal("s3.amazonaws.com", (string)allowance.Object.Prop("Principal"));
        Assert.Equal("arn:aws:s3:::orders-uploads", (string)allowance.Object.Prop("SourceArn"));
        Assert.Equal("s3-orders-upload", (string)allowance.Object.Prop("StatementId"));
        Assert.Equal("Permission s3-orders-upload for s3.amazonaws.com", allowance.Location);
        Assert.Contains("allowance, not proof", allowance.PermissionDetail);
        // API Gateway statements on versions are explained by the API pins, not repeated here.
        Assert.DoesNotContain(pins, p => p.FunctionName == "my-func");

        Assert.DoesNotContain(PinSession.Pins(s.Run("Get-LambdaIntegrationPin @common").AssertNoErrors()), p => p.SourceKind == "ResourcePolicy");
    }

    [Fact]
    public async Task A_missing_stage_variable_is_a_non_terminating_StageVariableMissing_error_and_the_scan_goes_on()
    {
        using var s = new PinSession(demo.Host);
        using var client = new EmulatorTestClient(demo.Host);
        var removed = await client.ApiGatewayAsync(HttpMethod.Patch, "/restapis/s7t8u9v0w1/stages/prod",
            DemoEmulator.Patch(("remove", "/variables/lambdaAlias", null)));
        Assert.Equal(200, removed.Status);

        var r = s.Run("Get-LambdaIntegrationPin @common");
        Assert.Null(r.TerminatingException);
        var error = Assert.Single(r.Errors);
        Assert.Equal("StageVariableMissing,LambdaAlias.GetLambdaIntegrationPinCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Contains("stage prod", error.Exception.Message);
        Assert.Contains("GET /orders", error.Exception.Message);
        // The canary's override still defines the variable, so the canary keeps its pin; everything else is reported.
        AssertPins(DefaultPins.Where(k => k != "stagevar-func:2 StageVariable prod"), PinSession.Pins(r));
    }

    [Fact]
    public void Unreadable_apis_and_functions_give_non_terminating_errors_and_the_scan_goes_on()
    {
        using var s = new PinSession(demo.Host);
        demo.Host.Faults.FailNth("GetResources", 1, 403, "AccessDeniedException", "User is not authorized to perform apigateway:GET", times: 0);
        demo.Host.Faults.FailNth("GetFunction", 1, 403, "AccessDeniedException", "User is not authorized to perform lambda:GetFunction", times: 0);

        var r = s.Run("Get-LambdaIntegrationPin @common");
        Assert.Null(r.TerminatingException);
        var apiErrors = r.Errors.Where(e => e.CategoryInfo.TargetName is "a1b2c3d4e5" or "s7t8u9v0w1" or "k2l3m4n5o6").ToList();
        Assert.Equal(3, apiErrors.Count);
        Assert.All(apiErrors, e => Assert.Equal(ErrorCategory.PermissionDenied, e.CategoryInfo.Category));
        Assert.All(apiErrors, e => Assert.StartsWith("AwsAccessDenied,", e.FullyQualifiedErrorId));
        Assert.Contains(r.Errors, e => e.ErrorDetails.Message.Contains("Could not read function") && e.CategoryInfo.Category == ErrorCategory.PermissionDenied);

        // The HTTP API and the mapping are still reported, with their function details Unknown.
        var pins = PinSession.Pins(r);
        AssertPins(new[] { "http-func:1 HttpApi GET /items", "queue-func:1 EventSourceMapping 6f1e0c4a-0000-4000-8000-0000000000e1" }, pins);
        Assert.All(pins, p => Assert.False(p.FunctionDetailsKnown));
        Assert.All(pins, p => Assert.Null(p.VersionsBehind));
        // GetPolicy is a permission of its own: still readable, it still decides.
        Assert.Equal("Granted", Single(pins, "http-func:1 HttpApi GET /items").Permission);
        Assert.Equal(2, r.Errors.Count(e => e.ErrorDetails.Message.Contains("Could not read function"))); // http-func, queue-func: once each
    }

    [Fact]
    public void A_failed_export_makes_the_live_state_Unknown_and_the_scan_carries_on_from_the_draft()
    {
        using var s = new PinSession(demo.Host);
        demo.Host.Faults.FailNth("GetExport", 1, 400, "BadRequestException", "export unavailable", times: 0);

        var r = s.Run("Get-LambdaIntegrationPin @common -RestApiId a1b2c3d4e5").AssertNoErrors();
        var pins = PinSession.Pins(r);
        AssertPins(new[] { "my-func:1 RestApi ANY /{proxy+}", "my-func:1 RestApi GET /orders", "auth-func:1 RestAuthorizer auth01" }, pins);
        Assert.All(pins, p => Assert.Equal("Unknown", p.LiveState));
        Assert.All(pins, p => Assert.Equal(new[] { "dev" }, p.Stages));
        Assert.Contains(r.Warnings, w => w.Contains("GetExport failed") && w.Contains("Unknown"));
    }

    [Theory]
    [InlineData("-RestApiId nosuchapi1", "UnknownApi", "nosuchapi1")]
    [InlineData("-ApiId nosuchapi2", "UnknownApi", "nosuchapi2")]
    [InlineData("-InvokeUrl 'https://nosuchapi3.execute-api.us-east-1.amazonaws.com/dev/x'", "UnknownApi", "https://nosuchapi3.execute-api.us-east-1.amazonaws.com/dev/x")]
    [InlineData("-InvokeUrl 'https://a1b2c3d4e5.execute-api.nowhere.amazonaws.com/dev'", "MalformedInvokeUrl", "https://a1b2c3d4e5.execute-api.nowhere.amazonaws.com/dev")]
    [InlineData("-InvokeUrl 'https://shop.example.org/orders'", "UnknownCustomDomain", "https://shop.example.org/orders")]
    [InlineData("-FunctionName 'arn:aws:lambda:us-east-1:function'", "MalformedArn", "arn:aws:lambda:us-east-1:function")]
    public void Bad_input_gets_a_specific_non_terminating_ErrorId(string arguments, string errorId, string target)
    {
        using var s = new PinSession(demo.Host);
        var r = s.Run("Get-LambdaIntegrationPin @common " + arguments);
        Assert.Null(r.TerminatingException);
        var error = Assert.Single(r.Errors);
        Assert.Equal(errorId + ",LambdaAlias.GetLambdaIntegrationPinCommand", error.FullyQualifiedErrorId);
        Assert.Equal(target, error.TargetObject);
        Assert.Empty(PinSession.Pins(r));
    }

    [Fact]
    public void One_bad_url_does_not_stop_the_others()
    {
        using var s = new PinSession(demo.Host);
        var r = s.Run("'not a url', 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev/orders' | Get-LambdaIntegrationPin @common -Kind Version");
        Assert.Equal("MalformedInvokeUrl,LambdaAlias.GetLambdaIntegrationPinCommand", Assert.Single(r.Errors).FullyQualifiedErrorId);
        AssertPins(new[] { "my-func:1 RestApi GET /orders", "my-func:1 RestApi ANY /{proxy+}", "auth-func:1 RestAuthorizer auth01" }, PinSession.Pins(r));
    }

    [Fact]
    public void Progress_is_throttled_and_always_closed_with_a_Completed_record_and_quiet_under_SilentlyContinue()
    {
        using var s = new PinSession(demo.Host);
        var r = s.Run("Get-LambdaIntegrationPin @common").AssertNoErrors();
        Assert.NotEmpty(r.Progress);
        Assert.Equal(ProgressRecordType.Completed, r.Progress[^1].RecordType);
        Assert.All(r.Progress.Take(r.Progress.Count - 1), p => Assert.Equal(ProgressRecordType.Processing, p.RecordType));
        Assert.All(r.Progress, p => Assert.Equal("Get-LambdaIntegrationPin", p.Activity));
        Assert.Contains(r.Progress, p => p.StatusDescription.StartsWith("Scanned ", StringComparison.Ordinal) && p.StatusDescription.Contains(" of "));
        // Throttled to one record per 250 ms: far fewer than the ~60 calls and 7 pins that change the counts.
        Assert.True(r.Progress.Count < 12, $"{r.Progress.Count} progress records");

        demo.Host.Faults.FailNth("GetResources", 1, 403, "AccessDeniedException", "denied", times: 0);
        var failing = s.Run("Get-LambdaIntegrationPin @common -RestApiId a1b2c3d4e5");
        Assert.NotEmpty(failing.Errors);
        Assert.Equal(ProgressRecordType.Completed, failing.Progress[^1].RecordType);

        demo.Host.Faults.Clear();
        var quiet = s.Run("$ProgressPreference = 'SilentlyContinue'; Get-LambdaIntegrationPin @common").AssertNoErrors();
        Assert.Empty(quiet.Progress);
        Assert.Equal(DefaultPins.Length, PinSession.Pins(quiet).Count);
    }

    [Fact]
    public void Verbose_traces_every_aws_call_without_secrets()
    {
        using var s = new PinSession(demo.Host);
        s.Harness.SetVariable("secret", "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY");
        var r = s.Run("Get-LambdaIntegrationPin -EndpointUrl $common.EndpointUrl -Region us-east-1 -AccessKey test -SecretKey $secret -Verbose");
        // The emulator accepts only test/test, so every call fails: the trace must still never show the secret.
        Assert.NotEmpty(r.Verbose);
        Assert.DoesNotContain(r.Verbose, v => v.Contains("wJalrXUtnFEMI"));
        Assert.DoesNotContain(r.Errors, e => (e.Exception.Message + e.ErrorDetails?.Message).Contains("wJalrXUtnFEMI"));

        var ok = s.Run("Get-LambdaIntegrationPin @common -Verbose").AssertNoErrors();
        foreach (var operation in new[] { "GetRestApis", "GetResources", "GetExport", "GetApis", "ListEventSourceMappings", "GetFunction", "GetPolicy" })
            Assert.Contains(ok.Verbose, v => v.Contains(operation));
    }

    [Fact]
    public void Pins_stream_out_before_the_scan_ends()
    {
        using var s = new PinSession(demo.Host);
        // Slow exports hold the REST APIs back; the event source mapping and the HTTP API need none.
        demo.Host.Latency.Set("GetExport", TimeSpan.FromSeconds(2));
        var arrivals = new List<TimeSpan>();
        var watch = Stopwatch.StartNew();
        using var ps = PowerShell.Create();
        ps.Runspace = s.Harness.Runspace;
        ps.AddScript("Get-LambdaIntegrationPin @common");
        var output = new PSDataCollection<PSObject>();
        output.DataAdded += (_, _) => arrivals.Add(watch.Elapsed);
        ps.Invoke(null, output);
        var total = watch.Elapsed;

        Assert.Empty(ps.Streams.Error);
        Assert.Equal(DefaultPins.Length, output.Count);
        Assert.True(total >= TimeSpan.FromSeconds(2), total.ToString());
        Assert.True(arrivals[0] < total - TimeSpan.FromSeconds(1), $"first pin at {arrivals[0]}, scan ended at {total}");
        Assert.True(arrivals[0] < TimeSpan.FromSeconds(2), $"first pin at {arrivals[0]}");
    }

    [Fact]
    public void Stop_cancels_the_outstanding_calls_promptly()
    {
        demo.Host.Reset();
        demo.Host.Latency.Default = TimeSpan.FromSeconds(3);
        try
        {
            var iss = InitialSessionState.CreateDefault2();
            using var runspace = RunspaceFactory.CreateRunspace(iss);
            runspace.Open();
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddScript("param($manifest, $common) Import-Module $manifest; Get-LambdaIntegrationPin @common")
                .AddParameter("manifest", RepoPaths.ModuleManifest)
                .AddParameter("common", new System.Collections.Hashtable { ["EndpointUrl"] = demo.Host.BaseUrl, ["Region"] = "us-east-1", ["AccessKey"] = "test", ["SecretKey"] = "test" });
            var running = ps.BeginInvoke();
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (demo.Host.Requests.CountOf("GetRestApis") == 0 && DateTime.UtcNow < deadline) Thread.Sleep(20);
            Assert.True(demo.Host.Requests.CountOf("GetRestApis") > 0, "the scan never started");

            var stopping = Stopwatch.StartNew();
            ps.Stop();
            stopping.Stop();
            Assert.True(running.IsCompleted);
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(2), $"Stop took {stopping.Elapsed}");
            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);

            // Nothing new is sent once stopped.
            var sent = demo.Host.Requests.Count;
            Thread.Sleep(500);
            Assert.Equal(sent, demo.Host.Requests.Count);
        }
        finally
        {
            demo.Host.Reset();
        }
    }

    [Fact]
    public void The_table_view_shows_the_pins_in_120_columns()
    {
        using var s = new PinSession(demo.Host);
        var r = s.Render("Get-LambdaIntegrationPin @common -FunctionName my-func").AssertNoErrors();
        var lines = r.HostLines.Where(l => l.Trim().Length > 0).ToList();
        Assert.All(lines, l => Assert.True(l.Length <= 120, l));
        var header = Assert.Single(lines, l => l.StartsWith("Function", StringComparison.Ordinal));
        foreach (var column in new[] { "Pin", "Kind", "Location", "Stages", "Behind", "Permission" }) Assert.Contains(column, header);
        var rows = lines.Where(l => l.StartsWith("my-func ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row => Assert.Contains("Granted", row));
        Assert.All(rows, row => Assert.Contains(" dev ", row + " "));
    }
}
