using System.Text.Json;
using Xunit;
using static LambdaAlias.Tests.Emulator.Lambda.LambdaTestContext;

namespace LambdaAlias.Tests.Emulator.Lambda;

public class LambdaAliasAndPolicyTests
{
    private static readonly HttpMethod Get = HttpMethod.Get, Post = HttpMethod.Post, Put = HttpMethod.Put, Delete = HttpMethod.Delete;
    private const string Aliases = "/2015-03-31/functions/my-func/aliases";

    [Fact]
    public async Task AliasLifecycleWithConflictsAndValidation()
    {
        await using var t = await StartAsync();
        var created = await t.CallAsync("CreateAlias", Post, Aliases, new { Name = "live", FunctionVersion = "1", Description = "live traffic" });
        Assert.Equal(201, created.Status);
        Assert.Equal(Arn("my-func", "live"), created.Json.GetProperty("AliasArn").GetString());

        var duplicate = await t.CallAsync("CreateAlias", Post, Aliases, new { Name = "live", FunctionVersion = "2" });
        Assert.Equal((409, "ResourceConflictException"), (duplicate.Status, duplicate.ErrorType));
        var digits = await t.CallAsync("CreateAlias", Post, Aliases, new { Name = "123", FunctionVersion = "1" });
        Assert.Equal((400, "ValidationException"), (digits.Status, digits.ErrorType));
        var noVersion = await t.CallAsync("CreateAlias", Post, Aliases, new { Name = "next", FunctionVersion = "7" });
        Assert.Equal((404, "ResourceNotFoundException"), (noVersion.Status, noVersion.ErrorType));

        var fetched = await t.CallAsync("GetAlias", Get, Aliases + "/live");
        Assert.Equal("1", fetched.Json.GetProperty("FunctionVersion").GetString());
        await t.CallAsync("CreateAlias", Post, Aliases, new { Name = "beta", FunctionVersion = "2" });
        var filtered = await t.CallAsync("ListAliases", Get, Aliases + "?FunctionVersion=2");
        Assert.Equal(new[] { "beta" }, filtered.Json.GetProperty("Aliases").EnumerateArray().Select(a => a.GetProperty("Name").GetString()));
        var paged = await t.CallAsync("ListAliases", Get, Aliases + "?MaxItems=1");
        Assert.Single(paged.Json.GetProperty("Aliases").EnumerateArray());
        Assert.True(paged.Json.TryGetProperty("NextMarker", out _));

        Assert.Equal(204, (await t.CallAsync("DeleteAlias", Delete, Aliases + "/live")).Status);
        Assert.Equal(404, (await t.CallAsync("GetAlias", Get, Aliases + "/live")).Status);
        Assert.Equal(204, (await t.CallAsync("DeleteAlias", Delete, Aliases + "/live")).Status); // idempotent, as AWS
    }

    [Fact]
    public async Task UpdateAliasRoutesBetweenTwoPublishedVersionsOnlyAndChecksRevision()
    {
        await using var t = await StartAsync();
        var created = await t.CallAsync("CreateAlias", Post, Aliases, new { Name = "live", FunctionVersion = "2" });
        var revision = created.Json.GetProperty("RevisionId").GetString();

        var stale = await t.CallAsync("UpdateAlias", Put, Aliases + "/live", new { FunctionVersion = "1", RevisionId = "stale" });
        Assert.Equal((412, "PreconditionFailedException"), (stale.Status, stale.ErrorType));

        var routed = await t.CallAsync("UpdateAlias", Put, Aliases + "/live",
            new { RevisionId = revision, RoutingConfig = new { AdditionalVersionWeights = new Dictionary<string, double> { ["1"] = 0.1 } } });
        Assert.Equal(200, routed.Status);
        Assert.Equal(0.1, routed.Json.GetProperty("RoutingConfig").GetProperty("AdditionalVersionWeights").GetProperty("1").GetDouble());
        Assert.NotEqual(revision, routed.Json.GetProperty("RevisionId").GetString());

        var twoExtra = await t.CallAsync("UpdateAlias", Put, Aliases + "/live",
            new { RoutingConfig = new { AdditionalVersionWeights = new Dictionary<string, double> { ["1"] = 0.1, ["2"] = 0.1 } } });
        Assert.Equal((400, "InvalidParameterValueException"), (twoExtra.Status, twoExtra.ErrorType));
        var toLatest = await t.CallAsync("UpdateAlias", Put, Aliases + "/live", new { FunctionVersion = "$LATEST" });
        Assert.Equal(400, toLatest.Status); // routing is kept, and $LATEST cannot take part in it
        var tooHeavy = await t.CallAsync("UpdateAlias", Put, Aliases + "/live",
            new { RoutingConfig = new { AdditionalVersionWeights = new Dictionary<string, double> { ["1"] = 1.5 } } });
        Assert.Equal(400, tooHeavy.Status);

        var cleared = await t.CallAsync("UpdateAlias", Put, Aliases + "/live", new { FunctionVersion = "$LATEST", RoutingConfig = new { AdditionalVersionWeights = new Dictionary<string, double>() } });
        Assert.Equal(200, cleared.Status);
        Assert.False(cleared.Json.TryGetProperty("RoutingConfig", out _));
    }

    [Fact]
    public async Task RoutingNeedsTheSameRoleOnBothVersions()
    {
        await using var t = await StartAsync();
        t.Host.State.UpdateFunctionConfiguration("queue-func", c => c.Role = "arn:aws:iam::123456789012:role/other-role");
        var v3 = await t.CallAsync("PublishVersion", Post, "/2015-03-31/functions/queue-func/versions", new { });
        Assert.Equal("3", v3.Json.GetProperty("Version").GetString());
        var r = await t.CallAsync("CreateAlias", Post, "/2015-03-31/functions/queue-func/aliases",
            new { Name = "live", FunctionVersion = "3", RoutingConfig = new { AdditionalVersionWeights = new Dictionary<string, double> { ["2"] = 0.5 } } });
        Assert.Equal((400, "InvalidParameterValueException"), (r.Status, r.ErrorType));
        Assert.Contains("different execution roles", r.Json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task PermissionsArePerQualifierWithConflictsAndNoLatest()
    {
        await using var t = await StartAsync();
        const string policy = "/2015-03-31/functions/my-func/policy";
        var add = await t.CallAsync("AddPermission", Post, policy + "?Qualifier=2", new
        {
            StatementId = "apigw-dev-orders", Action = "lambda:InvokeFunction", Principal = "apigateway.amazonaws.com",
            SourceArn = ExecuteApi("a1b2c3d4e5/*/*/*"), SourceAccount = Account,
        });
        Assert.Equal(201, add.Status);
        using (var statement = JsonDocument.Parse(add.Json.GetProperty("Statement").GetString()))
        {
            var s = statement.RootElement;
            Assert.Equal(Arn("my-func", "2"), s.GetProperty("Resource").GetString());
            Assert.Equal("apigateway.amazonaws.com", s.GetProperty("Principal").GetProperty("Service").GetString());
            Assert.Equal(ExecuteApi("a1b2c3d4e5/*/*/*"), s.GetProperty("Condition").GetProperty("ArnLike").GetProperty("AWS:SourceArn").GetString());
            Assert.Equal(Account, s.GetProperty("Condition").GetProperty("StringEquals").GetProperty("AWS:SourceAccount").GetString());
        }

        var dup = await t.CallAsync("AddPermission", Post, policy + "?Qualifier=2", new { StatementId = "apigw-dev-orders", Action = "lambda:InvokeFunction", Principal = "apigateway.amazonaws.com" });
        Assert.Equal((409, "ResourceConflictException"), (dup.Status, dup.ErrorType));
        var latest = await t.CallAsync("AddPermission", Post, policy + "?Qualifier=$LATEST", new { StatementId = "x", Action = "lambda:InvokeFunction", Principal = "apigateway.amazonaws.com" });
        Assert.Equal((400, "InvalidParameterValueException"), (latest.Status, latest.ErrorType));

        // The same statement id may live on another qualifier: each policy is separate.
        Assert.Equal(200, (await t.CallAsync("GetPolicy", Get, policy + "?Qualifier=1")).Status);
        var v2 = await t.CallAsync("GetPolicy", Get, "/2015-03-31/functions/my-func:2/policy");
        using (var doc = JsonDocument.Parse(v2.Json.GetProperty("Policy").GetString()))
            Assert.Single(doc.RootElement.GetProperty("Statement").EnumerateArray());
        var none = await t.CallAsync("GetPolicy", Get, policy);
        Assert.Equal((404, "ResourceNotFoundException"), (none.Status, none.ErrorType));
        Assert.Equal("The resource you requested does not exist.", none.Json.GetProperty("Message").GetString());

        var staleRemove = await t.CallAsync("RemovePermission", Delete, policy + "/apigw-dev-orders?Qualifier=2&RevisionId=stale");
        Assert.Equal(412, staleRemove.Status);
        Assert.Equal(204, (await t.CallAsync("RemovePermission", Delete, policy + "/apigw-dev-orders?Qualifier=2")).Status);
        Assert.Equal(404, (await t.CallAsync("GetPolicy", Get, policy + "?Qualifier=2")).Status);
        Assert.Equal(404, (await t.CallAsync("RemovePermission", Delete, policy + "/apigw-dev-orders?Qualifier=2")).Status);
        Assert.Single(t.Host.State.PolicyStatements("my-func", "1"));
    }

    [Fact]
    public async Task PolicyBeyondTwentyKilobytesIsRefused()
    {
        await using var t = await StartAsync();
        EmulatorResponse last = null;
        for (var i = 0; i < 200; i++)
        {
            last = await t.CallAsync("AddPermission", Post, "/2015-03-31/functions/auth-func/policy?Qualifier=1", new
            {
                StatementId = $"statement-{i:D3}", Action = "lambda:InvokeFunction", Principal = "apigateway.amazonaws.com",
                SourceArn = ExecuteApi($"api{i:D7}/*/GET/{new string('x', 60)}"),
            });
            if (last.Status != 201) break;
        }
        Assert.Equal((400, "PolicyLengthExceededException"), (last!.Status, last.ErrorType));
        Assert.Matches(@"^The final policy size \(\d+\) is bigger than the limit \(20480\)\.$", last.Json.GetProperty("message").GetString());
        var stored = await t.CallAsync("GetPolicy", Get, "/2015-03-31/functions/auth-func/policy?Qualifier=1");
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(stored.Json.GetProperty("Policy").GetString()) <= 20480);
    }

    [Fact]
    public async Task DropAfterCommitAppliesTheMutationButLosesTheAnswer()
    {
        await using var t = await StartAsync();
        t.Host.Faults.DropAfterCommitNth("CreateAlias", 1);
        await Assert.ThrowsAsync<HttpRequestException>(() => t.Client.LambdaAsync(Post, Aliases, new { Name = "live", FunctionVersion = "2" }));

        Assert.Equal(200, (await t.CallAsync("GetAlias", Get, Aliases + "/live")).Status);
        var retry = await t.CallAsync("CreateAlias", Post, Aliases, new { Name = "live", FunctionVersion = "2" });
        Assert.Equal((409, "ResourceConflictException"), (retry.Status, retry.ErrorType));
        var log = t.Host.Requests.Query("CreateAlias");
        Assert.Equal(("dropaftercommit", 0, true), (log[0].Fault, log[0].Status, log[0].Mutating));
    }

    [Fact]
    public async Task LambdaQuotaThrottlesWithTooManyRequestsAndRetryAfter()
    {
        await using var t = await StartAsync();
        t.Host.TimeScale = 0.001; // slow the refill down so the count is exact on a busy machine
        t.Host.Quotas.Enabled = true;
        var statuses = new List<int>();
        EmulatorResponse throttled = null;
        for (var i = 0; i < 20; i++)
        {
            var r = await t.CallAsync("ListAliases", Get, Aliases);
            statuses.Add(r.Status);
            if (r.Status == 429) { throttled = r; break; }
        }
        Assert.NotNull(throttled);
        Assert.Equal(15, statuses.Count(s => s == 200)); // a burst of 15 requests per second
        Assert.Equal("TooManyRequestsException", throttled.ErrorType);
        Assert.Equal("CallerRateLimitExceeded", throttled.Json.GetProperty("Reason").GetString());
        Assert.Equal("Rate exceeded", throttled.Json.GetProperty("message").GetString());
        Assert.True(int.Parse(throttled.Header("Retry-After")) >= 1); // whole seconds at (or below) real time
        Assert.True(t.Host.Requests.All.Last().Throttled);

        // GetFunction has its own, larger bucket.
        Assert.Equal(200, (await t.CallAsync("GetFunction", Get, "/2015-03-31/functions/my-func")).Status);
    }
}
