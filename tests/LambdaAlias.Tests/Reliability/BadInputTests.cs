using System.Diagnostics;
using LambdaAlias.Emulator;
using LambdaAlias.Tests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace LambdaAlias.Tests.Reliability;

/// <summary>One demo emulator and one operator session for the whole catalogue (all reads), with helpers in the session.</summary>
public sealed class BadInputFixture : IAsyncLifetime
{
    public EmulatorHost Host { get; private set; }
    public OperatorSession Session { get; private set; }
    public HashSet<string> Catalogue { get; private set; }

    /// <summary>Session helpers. $good: an Alias pin (passes through as AlreadyOnAlias without any call that changes
    /// anything); Copy-Pin: a deserialized-like copy of a pin with some properties changed (a $null value drops one).</summary>
    private const string Setup = OperatorSession.ScanSorted + @"
$good = @(Get-LambdaIntegrationPin @common -Kind Alias | Where-Object { $_.FunctionName -eq 'aliased-func' })[0]
$rest = @($pins | Where-Object { $_.SourceKind -eq 'RestApi' })[0]
$stageVariable = @($pins | Where-Object { $_.SourceKind -eq 'StageVariable' })[0]
$mapping = @($pins | Where-Object { $_.SourceKind -eq 'EventSourceMapping' })[0]
$goodAlias = [pscustomobject]@{ FunctionName = 'stagevar-func'; AliasName = 'staging' }
function Copy-Pin($pin, [hashtable]$changes) {
    $h = [ordered]@{}
    foreach ($p in $pin.PSObject.Properties) { if ($p.MemberType -eq 'Property') { $h[$p.Name] = $p.Value } }
    foreach ($k in $changes.Keys) { if ($null -eq $changes[$k]) { $h.Remove($k) } else { $h[$k] = $changes[$k] } }
    [pscustomobject]$h
}";

    public async Task InitializeAsync()
    {
        Host = await EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, Scenario = "demo", TimeScale = ReliabilityFixture.TimeScale });
        Session = new OperatorSession(Host.BaseUrl);
        Catalogue = Session.Run("[LambdaAlias.ErrorIds]::Catalogue() | ForEach-Object { $_.Key }").AssertNoErrors().Objects.Select(o => (string)o).ToHashSet(StringComparer.Ordinal);
        Session.Run(Setup).AssertNoErrors();
        foreach (var name in new[] { "good", "rest", "stageVariable", "mapping" }) Assert.NotNull(Session.Harness.GetVariable(name));
    }

    public async Task DisposeAsync()
    {
        Session?.Dispose();
        if (Host != null) await Host.DisposeAsync();
    }
}

/// <summary>
/// Bad input, table-driven: malformed ARNs, URIs and invoke URLs; invalid alias names; things that do not exist;
/// empty pipelines and piped objects that are null, incomplete or of the wrong type; 10,000 pins; Unicode; injection
/// in names and paths. Each bad item gets this module's ErrorId (never an engine parameter-binding error), the
/// pipeline goes on with the good item after it, and nothing is changed (the emulator's request log).
/// </summary>
public sealed class BadInputTests(BadInputFixture fx, ITestOutputHelper output) : IClassFixture<BadInputFixture>
{
    /// <summary>What the good item after the bad one must produce.</summary>
    public enum Next
    {
        /// <summary>Set-IntegrationToAlias: the alias pin's result, AlreadyOnAlias.</summary>
        AlreadyOnAlias,
        /// <summary>Invoke-AliasRollback -ToVersion 3: stagevar-func:staging is already there, Skipped.</summary>
        RollbackSkipped,
        /// <summary>Get-LambdaIntegrationPin: the pins behind the good invoke URL or function (my-func).</summary>
        MyFuncPins,
        /// <summary>Get-LambdaIntegrationPin: http-func's Version pin on the good API.</summary>
        HttpFuncPins,
        /// <summary>The parameter applies to every item: each item gets the error, none goes further.</summary>
        EveryItemRefused,
        /// <summary>A parameter error for the whole command, before any input is read.</summary>
        CommandRefused,
        /// <summary>No input at all: no output and no error.</summary>
        Nothing,
    }

    private const string Set = " | Set-IntegrationToAlias @common -Force";
    private const string Rollback = " | Invoke-AliasRollback @common -ToVersion 3 -Force";
    private const string GoodUrl = "'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev/orders'";
    private const string Scan = " | Get-LambdaIntegrationPin @common";

    public static TheoryData<string, string, string, Next> Cases => new()
    {
        // ---- Set-IntegrationToAlias: piped objects that are not pins, or incomplete ones
        { "null piped object", "@($null, $good)" + Set, "InvalidPinInput", Next.AlreadyOnAlias },
        { "string piped instead of a pin", "@('my-func:1', $good)" + Set, "InvalidPinInput", Next.AlreadyOnAlias },
        { "number piped instead of a pin", "@(42, $good)" + Set, "InvalidPinInput", Next.AlreadyOnAlias },
        { "datetime piped instead of a pin", "@([datetime]::UtcNow, $good)" + Set, "InvalidPinInput", Next.AlreadyOnAlias },
        { "hashtable without FunctionName", "@(@{ PinKind = 'Version'; SourceKind = 'RestApi' }, $good)" + Set, "InvalidPinInput", Next.AlreadyOnAlias },
        { "pin with FunctionName removed", "@((Copy-Pin $rest @{ FunctionName = $null }), $good)" + Set, "InvalidPinInput", Next.AlreadyOnAlias },
        { "pin with an empty FunctionName", "@((Copy-Pin $rest @{ FunctionName = '' }), $good)" + Set, "InvalidPinInput", Next.AlreadyOnAlias },
        { "pin with PinKind 'Bogus'", "@((Copy-Pin $rest @{ PinKind = 'Bogus' }), $good)" + Set, "InvalidPinInput", Next.AlreadyOnAlias },
        { "pin with SourceKind 'Bogus'", "@((Copy-Pin $rest @{ SourceKind = 'Bogus' }), $good)" + Set, "InvalidPinInput", Next.AlreadyOnAlias },
        { "REST pin without RestApiId", "@((Copy-Pin $rest @{ RestApiId = $null }), $good)" + Set, "InvalidPinInput", Next.AlreadyOnAlias },
        { "Version pin without PinnedVersion or Qualifier", "@((Copy-Pin $rest @{ PinnedVersion = $null; Qualifier = $null }), $good)" + Set, "InvalidPinInput", Next.AlreadyOnAlias },
        { "mapping pin without its UUID", "@((Copy-Pin $mapping @{ EventSourceMappingUuid = $null }), $good)" + Set, "InvalidPinInput", Next.AlreadyOnAlias },
        { "empty -InputObject", "Set-IntegrationToAlias @common -Force -InputObject @()", "InvalidPinInput", Next.EveryItemRefused },
        { "empty pipeline", "@()" + Set, null, Next.Nothing },

        // ---- Set-IntegrationToAlias: things that do not exist
        { "pin of a function that does not exist", "@((Copy-Pin $rest @{ FunctionName = 'no-such-func'; FunctionArn = 'arn:aws:lambda:us-east-1:123456789012:function:no-such-func' }), $good)" + Set, "PinnedFunctionNotFound", Next.AlreadyOnAlias },
        { "pin of a version that does not exist", "@((Copy-Pin $rest @{ PinnedVersion = '99'; Qualifier = '99' }), $good)" + Set, "VersionNotFound", Next.AlreadyOnAlias },
        { "pin of a REST API that does not exist", "@((Copy-Pin $rest @{ RestApiId = 'zzzzzzzzzz' }), $good)" + Set, "PinSourceNotFound", Next.AlreadyOnAlias },
        { "pin of a resource that does not exist", "@((Copy-Pin $rest @{ ResourceId = 'zzzzzz' }), $good)" + Set, "PinSourceNotFound", Next.AlreadyOnAlias },
        { "pin of a stage that does not exist", "@((Copy-Pin $stageVariable @{ Stages = @('nope'); ServedBy = $null }), $good)" + Set, "PinSourceNotFound", Next.AlreadyOnAlias },
        { "pin of a mapping that does not exist", "@((Copy-Pin $mapping @{ EventSourceMappingUuid = '00000000-0000-4000-8000-000000000000' }), $good)" + Set, "PinSourceNotFound", Next.AlreadyOnAlias },
        { "pin of another account", "@((Copy-Pin $rest @{ AccountId = '999999999999' }), $good)" + Set, "AccountMismatch", Next.AlreadyOnAlias },
        { "pin with a malformed FunctionArn", "@((Copy-Pin $rest @{ FunctionName = 'arn:aws:lambda:us-east-1:123:function:my-func'; FunctionArn = 'arn:aws:lambda:us-east-1:123:function:my-func' }), $good)" + Set, "PinnedFunctionNotFound", Next.AlreadyOnAlias },

        // ---- Set-IntegrationToAlias: injection and Unicode in names and paths
        { "function name with a path ('my-func/../auth-func')", "@((Copy-Pin $rest @{ FunctionName = 'my-func/../auth-func'; FunctionArn = $null }), $good)" + Set, "MalformedArn", Next.AlreadyOnAlias },
        { "Unicode function name", "@((Copy-Pin $rest @{ FunctionName = 'функция'; FunctionArn = $null }), $good)" + Set, "MalformedArn", Next.AlreadyOnAlias },
        { "resource id with '../' (path injection)", "@((Copy-Pin $rest @{ ResourceId = '../authorizers/auth01' }), $good)" + Set, "PinSourceNotFound", Next.AlreadyOnAlias },
        { "HTTP method with '/' (path injection)", "@((Copy-Pin $rest @{ HttpMethod = 'GET/../../authorizers' }), $good)" + Set, "PinSourceNotFound", Next.AlreadyOnAlias },
        { "stage variable name with '~1' and '/' (patch path injection)", "@((Copy-Pin $stageVariable @{ StageVariableName = 'x~1deploymentId/../../deploymentId' }), $good)" + Set, "PinSourceNotFound", Next.AlreadyOnAlias },
        { "all-digit alias name", "@($rest, $good)" + Set + " -AliasName 123", "InvalidAliasName", Next.EveryItemRefused },
        { "alias name with a space", "@($rest, $good)" + Set + " -AliasName 'my alias'", "InvalidAliasName", Next.EveryItemRefused },
        { "alias name with quotes", "@($rest, $good)" + Set + " -AliasName \"live'`\";x\"", "InvalidAliasName", Next.EveryItemRefused },
        { "alias name with '/' and '~1'", "@($rest, $good)" + Set + " -AliasName 'live/~1x'", "InvalidAliasName", Next.EveryItemRefused },
        { "alias name of 129 characters", "@($rest, $good)" + Set + " -AliasName ('a' * 129)", "InvalidAliasName", Next.EveryItemRefused },
        { "Unicode alias name", "@($rest, $good)" + Set + " -AliasName 'lïve'", "InvalidAliasName", Next.EveryItemRefused },
        { "alias name $LATEST", "@($rest, $good)" + Set + " -AliasName '$LATEST'", "InvalidAliasName", Next.EveryItemRefused },
        { "empty alias name", "@($rest, $good)" + Set + " -AliasName ''", "InvalidAliasName", Next.EveryItemRefused },
        { "-PermissionScope Api without -AllowBroaderPermission", "@($rest, $good)" + Set + " -PermissionScope Api", "BroaderPermissionNotAllowed", Next.EveryItemRefused },

        // ---- Invoke-AliasRollback
        { "rollback: all-digit alias name", "@([pscustomobject]@{ FunctionName = 'my-func'; AliasName = '123' }, $goodAlias)" + Rollback, "NotAnAlias", Next.RollbackSkipped },
        { "rollback: alias name with quotes", "@([pscustomobject]@{ FunctionName = 'my-func'; AliasName = \"live'; `$x\" }, $goodAlias)" + Rollback, "InvalidAliasName", Next.RollbackSkipped },
        { "rollback: alias name with '/'", "@([pscustomobject]@{ FunctionName = 'my-func'; AliasName = 'live/../1' }, $goodAlias)" + Rollback, "InvalidAliasName", Next.RollbackSkipped },
        { "rollback: object without AliasName", "@([pscustomobject]@{ FunctionName = 'my-func' }, $goodAlias)" + Rollback, "RollbackInputIncomplete", Next.RollbackSkipped },
        { "rollback: object with null properties", "@([pscustomobject]@{ FunctionName = $null; AliasName = $null }, $goodAlias)" + Rollback, "RollbackInputIncomplete", Next.RollbackSkipped },
        { "rollback: object of the wrong type", "@([datetime]::UtcNow, $goodAlias)" + Rollback, "RollbackInputIncomplete", Next.RollbackSkipped },
        { "rollback: string that is not an ARN", "@('not an arn', $goodAlias)" + Rollback, "MalformedArn", Next.RollbackSkipped },
        { "rollback: ARN of another service", "@('arn:aws:s3:::my-bucket', $goodAlias)" + Rollback, "MalformedArn", Next.RollbackSkipped },
        { "rollback: version ARN instead of an alias", "@('arn:aws:lambda:us-east-1:123456789012:function:my-func:1', $goodAlias)" + Rollback, "NotAnAlias", Next.RollbackSkipped },
        { "rollback: a Version pin", "@($rest, $goodAlias)" + Rollback, "NotAnAlias", Next.RollbackSkipped },
        { "rollback: ARN of another region than -Region", "@([pscustomobject]@{ AliasArn = 'arn:aws:lambda:eu-west-1:123456789012:function:my-func:live'; Region = 'us-east-1' }, $goodAlias)" + Rollback, "ConflictingRollbackInput", Next.RollbackSkipped },
        { "rollback: function that does not exist", "@([pscustomobject]@{ FunctionName = 'no-such-func'; AliasName = 'live' }, $goodAlias)" + Rollback, "AliasNotFound", Next.RollbackSkipped },
        { "rollback: alias that does not exist", "@([pscustomobject]@{ FunctionName = 'my-func'; AliasName = 'nope' }, $goodAlias)" + Rollback, "AliasNotFound", Next.RollbackSkipped },
        { "rollback: target version that does not exist", "Invoke-AliasRollback @common -FunctionName stagevar-func -AliasName staging -ToVersion 99 -Force", "VersionNotFound", Next.EveryItemRefused },
        { "rollback: -ToVersion $LATEST", "Invoke-AliasRollback @common -FunctionName stagevar-func -AliasName staging -ToVersion '$LATEST' -Force", "InvalidRollbackTarget", Next.CommandRefused },
        { "rollback: Unicode function name", "@([pscustomobject]@{ FunctionName = 'функция'; AliasName = 'live' }, $goodAlias)" + Rollback, "MalformedArn", Next.RollbackSkipped },
        { "rollback: alias of another account", "@([pscustomobject]@{ FunctionName = 'stagevar-func'; AliasName = 'staging'; AccountId = '999999999999' }, $goodAlias)" + Rollback, "AccountMismatch", Next.RollbackSkipped },
        { "rollback: empty pipeline", "@()" + Rollback, null, Next.Nothing },

        // ---- Get-LambdaIntegrationPin: invoke URLs and function names
        { "invoke URL that is not a URL", "@('not a url', " + GoodUrl + ")" + Scan, "MalformedInvokeUrl", Next.MyFuncPins },
        { "invoke URL with an ftp scheme", "@('ftp://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev/orders', " + GoodUrl + ")" + Scan, "MalformedInvokeUrl", Next.MyFuncPins },
        { "invoke URL with a malformed execute-api host", "@('https://a1b2c3d4e5.execute-api..amazonaws.com/dev/orders', " + GoodUrl + ")" + Scan, "MalformedInvokeUrl", Next.MyFuncPins },
        { "invoke URL of an API that does not exist", "@('https://zzzzzzzzzz.execute-api.us-east-1.amazonaws.com/dev/orders', " + GoodUrl + ")" + Scan, "UnknownApi", Next.MyFuncPins },
        { "invoke URL of a stage that does not exist", "@('https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/nostage/orders', " + GoodUrl + ")" + Scan, "UnknownStage", Next.MyFuncPins },
        { "invoke URL of an unknown custom domain", "@('https://unknown.example.org/orders', " + GoodUrl + ")" + Scan, "UnknownCustomDomain", Next.MyFuncPins },
        { "invoke URL with no base path mapping", "@('https://api.example.com/nomapping/orders', " + GoodUrl + ")" + Scan, "NoApiMappingForPath", Next.MyFuncPins },
        { "invoke URL with a Unicode host", "@('https://ä.execute-api.us-east-1.amazonaws.com/dev/orders', " + GoodUrl + ")" + Scan, "MalformedInvokeUrl", Next.MyFuncPins },
        { "invoke URL with encoded '../' in the path", "@('https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev/%2e%2e/%2e%2e/restapis', " + GoodUrl + ")" + Scan, "UnknownStage", Next.MyFuncPins },
        { "function ARN with a short account", "@([pscustomobject]@{ FunctionName = 'arn:aws:lambda:us-east-1:123:function:my-func' }, [pscustomobject]@{ FunctionName = 'my-func' }) | Get-LambdaIntegrationPin @common", "MalformedArn", Next.MyFuncPins },
        { "function ARN of another service", "@([pscustomobject]@{ FunctionName = 'arn:aws:s3:::my-func' }, [pscustomobject]@{ FunctionName = 'my-func' }) | Get-LambdaIntegrationPin @common", "MalformedArn", Next.MyFuncPins },
        { "function name with quotes", "@([pscustomobject]@{ FunctionName = \"my-func'; Remove-Item x\" }, [pscustomobject]@{ FunctionName = 'my-func' }) | Get-LambdaIntegrationPin @common", "MalformedArn", Next.MyFuncPins },
        { "function name of 200 characters", "@([pscustomobject]@{ FunctionName = ('f' * 200) }, [pscustomobject]@{ FunctionName = 'my-func' }) | Get-LambdaIntegrationPin @common", "MalformedArn", Next.MyFuncPins },
        { "function ARN with an extra part", "@([pscustomobject]@{ FunctionName = 'arn:aws:lambda:us-east-1:123456789012:function:my-func:1:extra' }, [pscustomobject]@{ FunctionName = 'my-func' }) | Get-LambdaIntegrationPin @common", "MalformedArn", Next.MyFuncPins },
        { "REST API id that does not exist", "Get-LambdaIntegrationPin @common -RestApiId zzzzzzzzzz, a1b2c3d4e5", "UnknownApi", Next.MyFuncPins },
        { "HTTP API id that does not exist", "Get-LambdaIntegrationPin @common -ApiId zzzzzzzzzz, h1t2t3p4a5 -FunctionName http-func", "UnknownApi", Next.HttpFuncPins },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_gets_a_module_ErrorId_and_the_pipeline_goes_on_without_changes(string name, string script, string expectedErrorId, Next next)
    {
        var before = fx.Host.Requests.LastSequence;
        var r = fx.Session.Run(script);
        var mutations = fx.Host.Requests.Query(mutating: true, afterSequence: before);
        var errors = r.AllErrors;
        output.WriteLine($"{name}: {string.Join(" | ", errors.Select(e => e.FullyQualifiedErrorId + ": " + (e.ErrorDetails?.Message ?? e.Exception?.Message)))}");
        foreach (var o in r.Output) output.WriteLine("  output: " + o.BaseObject?.GetType().Name + " " + (o.Prop("Status") ?? o.Prop("Location")));

        Assert.True(mutations.Count == 0, "bad input changed the account: " + string.Join(", ", mutations.Select(m => m.Operation + " " + m.Path)));
        var ids = errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).ToList();
        Assert.All(errors, e => Assert.True(fx.Catalogue.Contains(e.FullyQualifiedErrorId.Split(',')[0]),
            $"{e.FullyQualifiedErrorId} is not one of this module's ErrorIds ([LambdaAlias.ErrorIds]::Catalogue()): {e.Exception?.Message}"));
        if (expectedErrorId == null) Assert.Empty(errors);
        else Assert.Contains(expectedErrorId, ids);

        switch (next)
        {
            case Next.AlreadyOnAlias:
                Assert.Null(r.TerminatingError);
                Assert.Single(errors);
                Assert.Contains(ResultView.Migrations(r), m => m.FunctionName == "aliased-func" && m.Status == "AlreadyOnAlias");
                break;
            case Next.RollbackSkipped:
                Assert.Null(r.TerminatingError);
                Assert.Single(errors);
                Assert.Contains(ResultView.Rollbacks(r), m => m.FunctionName == "stagevar-func" && m.AliasName == "staging" && m.Status == "Skipped");
                break;
            case Next.MyFuncPins:
                Assert.Null(r.TerminatingError);
                Assert.Single(errors);
                Assert.Contains(r.Output, o => (string)o.Prop("FunctionName") == "my-func" && o.Prop("PinKind")?.ToString() == "Version");
                break;
            case Next.HttpFuncPins:
                Assert.Null(r.TerminatingError);
                Assert.Single(errors);
                Assert.Contains(r.Output, o => (string)o.Prop("FunctionName") == "http-func" && o.Prop("PinKind")?.ToString() == "Version");
                break;
            case Next.EveryItemRefused:
                Assert.Null(r.TerminatingError);
                Assert.Empty(ResultView.Migrations(r).Where(m => m.Status != "Failed"));
                Assert.Empty(ResultView.Rollbacks(r).Where(m => m.Status != "Failed"));
                break;
            case Next.CommandRefused:
                Assert.Single(errors);
                Assert.Empty(r.Output);
                break;
            case Next.Nothing:
                Assert.Null(r.TerminatingError);
                Assert.Empty(r.Output);
                break;
        }
    }

    /// <summary>A malformed integration URI in the account: the scan names it with MalformedIntegrationUri and still reports
    /// the other pins; the malformed route is never migrated.</summary>
    [Fact]
    public void A_malformed_integration_uri_in_the_account_is_reported_and_the_scan_goes_on()
    {
        const string malformed = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123:function:my-func:1/invocations";
        try
        {
            lock (fx.Host.State.Sync)
            {
                var api = fx.Host.State.FindRestApi(DemoIds.OrdersApi);
                api.Draft.ResourceByPath("/{proxy+}").Methods["ANY"].Integration.Uri = malformed;
                foreach (var d in api.Deployments) d.Snapshot.ResourceByPath("/{proxy+}").Methods["ANY"].Integration.Uri = malformed;
            }
            var before = fx.Host.Requests.LastSequence;
            var r = fx.Session.Run("Get-LambdaIntegrationPin @common | Set-IntegrationToAlias @common -WhatIf");
            foreach (var e in r.AllErrors) output.WriteLine(e.FullyQualifiedErrorId + ": " + e);
            Assert.Empty(fx.Host.Requests.Query(mutating: true, afterSequence: before));
            Assert.Contains(r.AllErrors, e => e.FullyQualifiedErrorId.StartsWith("MalformedIntegrationUri,", StringComparison.Ordinal));
            Assert.All(r.AllErrors, e => Assert.Contains(e.FullyQualifiedErrorId.Split(',')[0], fx.Catalogue));
            var results = ResultView.Migrations(r);
            Assert.Contains(results, m => m.FunctionName == "queue-func" && m.Status == "WhatIf");
            Assert.Contains(results, m => m.PinLocation != null && m.PinLocation.Contains("GET /orders", StringComparison.Ordinal));
            Assert.DoesNotContain(results, m => m.PinLocation != null && m.PinLocation.Contains("{proxy+}", StringComparison.Ordinal));
        }
        finally
        {
            fx.Host.Reset();
        }
    }

    [Fact]
    public void Ten_thousand_pins_of_sources_that_do_not_exist_each_get_an_error_and_the_good_pin_goes_through()
    {
        const int count = 10_000;
        fx.Session.Run($@"
$many = [System.Collections.Generic.List[object]]::new()
$template = @{{}}
foreach ($p in $rest.PSObject.Properties) {{ if ($p.MemberType -eq 'Property') {{ $template[$p.Name] = $p.Value }} }}
# Distinct pins, each of its own resource that does not exist, so none is a duplicate of another.
for ($i = 0; $i -lt {count}; $i++) {{ $c = $template.Clone(); $c.ResourceId = ""r$i""; $c.Location = ""pin $i""; $many.Add([pscustomobject]$c) }}
$many.Add($good)").AssertNoErrors();
        var before = fx.Host.Requests.LastSequence;
        var clock = Stopwatch.StartNew();
        var r = fx.Session.Run("$many | Set-IntegrationToAlias @common -Force");
        clock.Stop();
        var calls = fx.Host.Requests.Query(afterSequence: before);
        Report.Line(output, $"10,000 pins: {clock.Elapsed.TotalSeconds:0.0} s, {r.AllErrors.Count} errors, {calls.Count} AWS calls");

        Assert.Empty(calls.Where(c => c.Mutating));
        Assert.Null(r.TerminatingError);
        Assert.Equal(count, r.AllErrors.Count);
        Assert.All(r.AllErrors, e => Assert.StartsWith("PinSourceNotFound,", e.FullyQualifiedErrorId));
        Assert.Contains(ResultView.Migrations(r), m => m.FunctionName == "aliased-func" && m.Status == "AlreadyOnAlias");
        // The API is read once for all of them, not once per pin.
        Assert.True(calls.Count < 100, $"{calls.Count} AWS calls for 10,000 pins of one API");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }
}
