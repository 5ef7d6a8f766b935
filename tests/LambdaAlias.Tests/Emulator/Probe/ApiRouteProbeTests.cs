using LambdaAlias.Emulator;
using LambdaAlias.Tests.Emulator.ApiGateway;
using Xunit;

namespace LambdaAlias.Tests.Emulator.Probe;

/// <summary>The traffic probe against the demo scenario (Lambda and API Gateway parts together): which version serves
/// a URL, and why a chain breaks. Changes are made over signed HTTP, as a client would make them.</summary>
public class ApiRouteProbeTests
{
    private const string DemoUrl = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev/orders";

    private static ProbeResult Probe(DemoEmulator emu, string url, string method = "GET", bool? canary = null, double sample = 0.5)
        => emu.Host.Probe(new ProbeRequest { Url = url, Method = method, Canary = canary, RoutingSample = sample });

    private static void AssertServed(ProbeResult r, string function, string version)
    {
        Assert.True(r.Succeeded, $"probe failed: {r.FailureReason}\n  {string.Join("\n  ", r.Chain)}");
        Assert.Equal(200, r.Status);
        Assert.Contains($":function:{function}", r.FunctionArn);
        Assert.Equal(version, r.ServedVersion);
    }

    [Fact]
    public async Task DemoInvokeUrlServesMyFuncVersion1AfterTheAuthorizer()
    {
        await using var emu = await DemoEmulator.StartAsync();
        var r = Probe(emu, DemoUrl);
        AssertServed(r, "my-func", "1");
        Assert.Equal("1", r.Qualifier);
        Assert.Contains(r.Chain, h => h.Contains("authorizer auth01") && h.Contains("auth-func:1") && h.Contains("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/authorizers/auth01"));
        Assert.Contains(r.Chain, h => h.Contains("arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/dev/GET/orders"));
    }

    [Fact]
    public async Task CustomDomainUrlServesTheSameVersion()
    {
        await using var emu = await DemoEmulator.StartAsync();
        var r = Probe(emu, "https://api.example.com/orders/orders");
        AssertServed(r, "my-func", "1");
        Assert.Contains(r.Chain, h => h.Contains("custom domain api.example.com") && h.Contains("a1b2c3d4e5") && h.Contains("stage dev"));

        var unmapped = Probe(emu, "https://api.example.com/billing/x");
        Assert.False(unmapped.Succeeded);
        Assert.Contains("no base path mapping", unmapped.FailureReason);
    }

    [Fact]
    public async Task ProxyResourceServesAnyMethodAndDeepPath()
    {
        await using var emu = await DemoEmulator.StartAsync();
        var r = Probe(emu, "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev/carts/7/items", "POST");
        AssertServed(r, "my-func", "1");
        Assert.Contains(r.Chain, h => h.Contains("resource /{proxy+}") && h.Contains("method ANY"));
        Assert.Contains(r.Chain, h => h.Contains("a1b2c3d4e5/dev/POST/carts/7/items"));
    }

    [Fact]
    public async Task StageVariableStagesServeTheirOwnVersionAndTheCanaryItsOverride()
    {
        await using var emu = await DemoEmulator.StartAsync();
        const string prod = "https://s7t8u9v0w1.execute-api.us-east-1.amazonaws.com/prod/orders";
        AssertServed(Probe(emu, prod, canary: false), "stagevar-func", "2");
        var canary = Probe(emu, prod, canary: true);
        AssertServed(canary, "stagevar-func", "3");
        Assert.Contains(canary.Chain, h => h.Contains("canary") && h.Contains("d-s7canary"));

        // Unforced, the canary takes the first 10% of the routing sample.
        AssertServed(Probe(emu, prod, sample: 0.05), "stagevar-func", "3");
        AssertServed(Probe(emu, prod, sample: 0.5), "stagevar-func", "2");

        var staging = Probe(emu, "https://s7t8u9v0w1.execute-api.us-east-1.amazonaws.com/staging/orders");
        AssertServed(staging, "stagevar-func", "3");
        Assert.Equal("staging", staging.Qualifier);

        var explicitForm = emu.Host.Probe(new ProbeRequest { ApiId = "s7t8u9v0w1", Stage = "prod", Method = "GET", Path = "/orders", Canary = true });
        AssertServed(explicitForm, "stagevar-func", "3");
    }

    [Fact]
    public async Task HttpApiDefaultStageServesPinnedAndLatestRoutes()
    {
        await using var emu = await DemoEmulator.StartAsync();
        var post = Probe(emu, "https://h1t2t3p4a5.execute-api.us-east-1.amazonaws.com/items", "POST");
        AssertServed(post, "http-func", "$LATEST");
        Assert.Contains(post.Chain, h => h.Contains("h1t2t3p4a5/$default/POST/items"));
        AssertServed(Probe(emu, "https://h1t2t3p4a5.execute-api.us-east-1.amazonaws.com/items"), "http-func", "1");

        var unknown = Probe(emu, "https://h1t2t3p4a5.execute-api.us-east-1.amazonaws.com/nothing");
        Assert.Equal((false, 404), (unknown.Succeeded, unknown.Status));
    }

    [Fact]
    public async Task RouteWhoseFunctionLacksThePermissionFailsWithTheReason()
    {
        await using var emu = await DemoEmulator.StartAsync();
        // GET /health exists only in the canary deployment; stagevar-func's statements allow only */GET/orders.
        var r = Probe(emu, "https://s7t8u9v0w1.execute-api.us-east-1.amazonaws.com/prod/health", canary: true);
        Assert.False(r.Succeeded);
        Assert.Equal(500, r.Status);
        Assert.Contains("stagevar-func:3", r.FailureReason);
        Assert.Contains("s7t8u9v0w1/prod/GET/health", r.FailureReason);
        Assert.Equal("3", r.Qualifier);

        // The main deployment has no /health at all.
        var main = Probe(emu, "https://s7t8u9v0w1.execute-api.us-east-1.amazonaws.com/prod/health", canary: false);
        Assert.Equal((false, 403), (main.Succeeded, main.Status));
        Assert.Contains("Missing Authentication Token", main.FailureReason);
    }

    [Fact]
    public async Task IntegrationChangesGoLiveOnlyWithADeployment()
    {
        await using var emu = await DemoEmulator.StartAsync();
        var v2Uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-func:2/invocations";
        var patch = await emu.Call(HttpMethod.Patch, "/restapis/a1b2c3d4e5/resources/a1ordr/methods/GET/integration", DemoEmulator.Patch(("replace", "/uri", v2Uri)));
        Assert.Equal(200, patch.Status);
        AssertServed(Probe(emu, DemoUrl), "my-func", "1");

        var deploy = await emu.Call(HttpMethod.Post, "/restapis/a1b2c3d4e5/deployments", new { stageName = "dev" });
        Assert.Equal(201, deploy.Status);
        // Only version 1 carries API Gateway's permission, so the deployed switch to :2 breaks the route.
        var broken = Probe(emu, DemoUrl);
        Assert.False(broken.Succeeded);
        Assert.Contains("my-func:2", broken.FailureReason);
    }

    [Fact]
    public async Task StageVariableChangesAreLiveAtOnceAndAMissingVariableBreaksTheRoute()
    {
        await using var emu = await DemoEmulator.StartAsync();
        const string staging = "https://s7t8u9v0w1.execute-api.us-east-1.amazonaws.com/staging/orders";
        var set = await emu.Call(HttpMethod.Patch, "/restapis/s7t8u9v0w1/stages/staging", DemoEmulator.Patch(("replace", "/variables/lambdaAlias", "2")));
        Assert.Equal(200, set.Status);
        AssertServed(Probe(emu, staging), "stagevar-func", "2");

        var removed = await emu.Call(HttpMethod.Patch, "/restapis/s7t8u9v0w1/stages/staging", DemoEmulator.Patch(("remove", "/variables/lambdaAlias", null)));
        Assert.Equal(200, removed.Status);
        var r = Probe(emu, staging);
        Assert.False(r.Succeeded);
        Assert.Equal(500, r.Status);
        Assert.Contains("stage variable 'lambdaAlias'", r.FailureReason);
        Assert.Contains("stage staging", r.FailureReason);
    }

    [Fact]
    public async Task AutoDeployedHttpApiChangeIsServedOnlyOnceTheDeploymentIsDeployed()
    {
        await using var emu = await DemoEmulator.StartAsync();
        var now = DateTimeOffset.Parse("2025-01-01T00:00:00Z");
        emu.State.Clock = () => now;
        emu.State.HttpApiAutoDeployDelay = TimeSpan.FromSeconds(3);
        var latestUri = "arn:aws:lambda:us-east-1:123456789012:function:http-func";
        var r = await emu.Call(HttpMethod.Patch, "/v2/apis/h1t2t3p4a5/integrations/int-items-get", new { integrationUri = latestUri });
        Assert.Equal(200, r.Status);

        var pending = Probe(emu, "https://h1t2t3p4a5.execute-api.us-east-1.amazonaws.com/items");
        AssertServed(pending, "http-func", "1");
        Assert.Contains(pending.Chain, h => h.Contains("PENDING"));

        now = now.AddSeconds(4);
        var deployed = Probe(emu, "https://h1t2t3p4a5.execute-api.us-east-1.amazonaws.com/items");
        Assert.False(deployed.Succeeded); // the unqualified function's statement allows only POST /items
        Assert.Contains("http-func", deployed.FailureReason);
        Assert.Contains("h1t2t3p4a5/$default/GET/items", deployed.FailureReason);
    }

    [Fact]
    public async Task CredentialsRoleDecidesInsteadOfTheResourcePolicy()
    {
        await using var emu = await DemoEmulator.StartAsync();
        emu.Host.LoadScenario(System.Text.Json.JsonDocument.Parse("""
            { "lambda": { "roles": [
                { "arn": "arn:aws:iam::123456789012:role/apigw-invoke-role", "allowInvoke": [ "arn:aws:lambda:us-east-1:123456789012:function:my-func:*" ],
                  "trustedServices": [ "apigateway.amazonaws.com" ] },
                { "arn": "arn:aws:iam::123456789012:role/narrow-role", "allowInvoke": [ "arn:aws:lambda:us-east-1:123456789012:function:other:*" ],
                  "trustedServices": [ "apigateway.amazonaws.com" ] } ] } }
            """), replace: false);
        const string url = "https://k2l3m4n5o6.execute-api.us-east-1.amazonaws.com/prod/health";
        const string integration = "/restapis/k2l3m4n5o6/resources/k2hlth/methods/GET/integration";
        var myFunc2 = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-func:2/invocations";

        // my-func:2 has no resource-policy statement, so without a role the route fails...
        await emu.Call(HttpMethod.Patch, integration, DemoEmulator.Patch(("replace", "/uri", myFunc2)));
        await emu.Call(HttpMethod.Post, "/restapis/k2l3m4n5o6/deployments", new { stageName = "prod" });
        Assert.False(Probe(emu, url).Succeeded);

        // ...but through a role whose policy allows it, it serves.
        const string role = "arn:aws:iam::123456789012:role/apigw-invoke-role";
        await emu.Call(HttpMethod.Patch, integration, DemoEmulator.Patch(("replace", "/credentials", role)));
        await emu.Call(HttpMethod.Post, "/restapis/k2l3m4n5o6/deployments", new { stageName = "prod" });
        var viaRole = Probe(emu, url);
        AssertServed(viaRole, "my-func", "2");
        Assert.Contains(viaRole.Chain, h => h.Contains("through credentials role " + role));

        // A role that does not allow the function fails, whatever the resource policy says.
        await emu.Call(HttpMethod.Patch, integration, DemoEmulator.Patch(("replace", "/credentials", "arn:aws:iam::123456789012:role/narrow-role")));
        await emu.Call(HttpMethod.Post, "/restapis/k2l3m4n5o6/deployments", new { stageName = "prod" });
        var denied = Probe(emu, url);
        Assert.False(denied.Succeeded);
        Assert.Contains("narrow-role", denied.FailureReason);
    }

    [Fact]
    public async Task BrokenAddressesFailWithAReason()
    {
        await using var emu = await DemoEmulator.StartAsync();
        var noStage = Probe(emu, "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/orders");
        Assert.Equal((false, 403), (noStage.Succeeded, noStage.Status));
        Assert.Contains("no stage 'prod'", noStage.FailureReason);

        var otherRegion = Probe(emu, "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/dev/orders");
        Assert.Contains("eu-west-1", otherRegion.FailureReason);

        var unknownHost = Probe(emu, "https://shop.example.org/orders");
        Assert.Equal(404, unknownHost.Status);
        Assert.Contains("custom domain", unknownHost.FailureReason);

        var unknownApi = emu.Host.Probe(new ProbeRequest { ApiId = "zzzzzzzzzz", Stage = "dev", Path = "/" });
        Assert.Contains("zzzzzzzzzz", unknownApi.FailureReason);

        var noCanary = emu.Host.Probe(new ProbeRequest { Url = DemoUrl, Canary = true });
        Assert.Contains("no canarySettings", noCanary.FailureReason);
    }
}
