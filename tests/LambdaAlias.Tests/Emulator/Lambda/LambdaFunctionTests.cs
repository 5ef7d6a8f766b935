using System.Text.Json;
using Xunit;
using static LambdaAlias.Tests.Emulator.Lambda.LambdaTestContext;

namespace LambdaAlias.Tests.Emulator.Lambda;

public class LambdaFunctionTests
{
    private static readonly HttpMethod Get = HttpMethod.Get, Post = HttpMethod.Post, Delete = HttpMethod.Delete;

    [Fact]
    public async Task GetFunctionReturnsLatestConfigurationCodeAndTags()
    {
        await using var t = await StartAsync();
        var r = await t.CallAsync("GetFunction", Get, "/2015-03-31/functions/my-func");
        Assert.Equal(200, r.Status);
        var config = r.Json.GetProperty("Configuration");
        Assert.Equal("$LATEST", config.GetProperty("Version").GetString());
        Assert.Equal(Arn("my-func"), config.GetProperty("FunctionArn").GetString());
        Assert.Equal("subnet-0a1", config.GetProperty("VpcConfig").GetProperty("SubnetIds")[0].GetString());
        Assert.True(config.GetProperty("Environment").GetProperty("Variables").TryGetProperty("DB_SECRET_ARN", out _));
        Assert.Equal("orders", r.Json.GetProperty("Tags").GetProperty("team").GetString());
        Assert.Equal("S3", r.Json.GetProperty("Code").GetProperty("RepositoryType").GetString());
    }

    [Fact]
    public async Task HashesAndPolicyDocumentsTravelWithoutUnicodeEscapes()
    {
        await using var t = await StartAsync();
        var r = await t.CallAsync("GetFunctionConfiguration", Get, "/2015-03-31/functions/stagevar-func/configuration");
        var sha = r.Json.GetProperty("CodeSha256").GetString();
        Assert.Contains("+", sha);
        Assert.Contains(sha, r.Body); // '+' written literally, as AWS writes base64
        var policy = await t.CallAsync("GetPolicy", Get, "/2015-03-31/functions/my-func/policy?Qualifier=1");
        Assert.Contains("\\\"Version\\\":\\\"2012-10-17\\\"", policy.Body);
    }

    [Theory]
    [InlineData("/2015-03-31/functions/my-func?Qualifier=1")]
    [InlineData("/2015-03-31/functions/my-func:1")]
    [InlineData("/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-func:1")]
    [InlineData("/2015-03-31/functions/123456789012:function:my-func?Qualifier=1")]
    [InlineData("/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy-func%3A1")]
    public async Task EveryFunctionNameFormSelectsVersionOne(string path)
    {
        await using var t = await StartAsync();
        var config = (await t.CallAsync("GetFunction", Get, path)).Json.GetProperty("Configuration");
        Assert.Equal("1", config.GetProperty("Version").GetString());
        Assert.Equal(Arn("my-func", "1"), config.GetProperty("FunctionArn").GetString());
        Assert.False(config.TryGetProperty("VpcConfig", out _));
        Assert.Equal(new[] { "TABLE_NAME" }, config.GetProperty("Environment").GetProperty("Variables").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task ConflictingQualifiersAndMissingFunctionsAreErrors()
    {
        await using var t = await StartAsync();
        var conflict = await t.CallAsync("GetFunction", Get, "/2015-03-31/functions/my-func:1?Qualifier=2");
        Assert.Equal((400, "InvalidParameterValueException"), (conflict.Status, conflict.ErrorType));
        Assert.Equal("User", conflict.Json.GetProperty("Type").GetString());

        var missing = await t.CallAsync("GetFunction", Get, "/2015-03-31/functions/nope");
        Assert.Equal((404, "ResourceNotFoundException"), (missing.Status, missing.ErrorType));
        Assert.Equal($"Function not found: {Arn("nope")}", missing.Json.GetProperty("Message").GetString());

        var missingVersion = await t.CallAsync("GetFunctionConfiguration", Get, "/2015-03-31/functions/my-func/configuration?Qualifier=9");
        Assert.Equal(404, missingVersion.Status);

        var otherAccount = await t.CallAsync("GetFunction", Get, "/2015-03-31/functions/arn:aws:lambda:us-east-1:999999999999:function:my-func");
        Assert.Equal(404, otherAccount.Status);
    }

    [Fact]
    public async Task GetFunctionConfigurationOfAnAliasReportsTheAliasArnAndItsVersion()
    {
        await using var t = await StartAsync();
        var r = await t.CallAsync("GetFunctionConfiguration", Get, "/2015-03-31/functions/stagevar-func/configuration?Qualifier=staging");
        Assert.Equal("3", r.Json.GetProperty("Version").GetString());
        Assert.Equal(Arn("stagevar-func", "staging"), r.Json.GetProperty("FunctionArn").GetString());
    }

    [Fact]
    public async Task ListFunctionsPagesWithMarkerAndListsAllVersionsOnRequest()
    {
        await using var t = await StartAsync();
        var names = new List<string>();
        string marker = null;
        var pages = 0;
        do
        {
            var r = await t.CallAsync("ListFunctions", Get, "/2015-03-31/functions/?MaxItems=4" + (marker != null ? "&Marker=" + Uri.EscapeDataString(marker) : ""));
            pages++;
            names.AddRange(r.Json.GetProperty("Functions").EnumerateArray().Select(f => f.GetProperty("FunctionName").GetString()));
            marker = r.Json.TryGetProperty("NextMarker", out var m) ? m.GetString() : null;
        } while (marker != null);
        Assert.Equal(2, pages);
        Assert.Equal(new[] { "aliased-func", "auth-func", "http-func", "my-func", "queue-func", "stagevar-func" }, names);

        var all = await t.CallAsync("ListFunctions", Get, "/2015-03-31/functions/?FunctionVersion=ALL&MaxItems=50");
        var versions = all.Json.GetProperty("Functions").EnumerateArray().Select(f => f.GetProperty("FunctionArn").GetString()).ToList();
        Assert.Equal(6 + 11, versions.Count);
        Assert.Contains(Arn("stagevar-func", "3"), versions);
    }

    [Fact]
    public async Task PublishVersionReturnsTheLastVersionWhenNothingChanged()
    {
        await using var t = await StartAsync();
        var r = await t.CallAsync("PublishVersion", Post, "/2015-03-31/functions/my-func/versions", new { });
        Assert.Equal(201, r.Status);
        Assert.Equal("2", r.Json.GetProperty("Version").GetString());
        var list = await t.CallAsync("ListVersionsByFunction", Get, "/2015-03-31/functions/my-func/versions");
        Assert.Equal(new[] { "$LATEST", "1", "2" }, list.Json.GetProperty("Versions").EnumerateArray().Select(v => v.GetProperty("Version").GetString()));
        Assert.Equal(Arn("my-func", "$LATEST"), list.Json.GetProperty("Versions")[0].GetProperty("FunctionArn").GetString());
    }

    [Fact]
    public async Task PublishVersionPublishesNewCodeOnceAndHonoursItsPreconditions()
    {
        await using var t = await StartAsync();
        var latest = (await t.CallAsync("GetFunction", Get, "/2015-03-31/functions/http-func")).Json.GetProperty("Configuration");
        var sha = latest.GetProperty("CodeSha256").GetString();
        var revision = latest.GetProperty("RevisionId").GetString();

        var wrongSha = await t.CallAsync("PublishVersion", Post, "/2015-03-31/functions/http-func/versions", new { CodeSha256 = "AAAA" });
        Assert.Equal((400, "InvalidParameterValueException"), (wrongSha.Status, wrongSha.ErrorType));
        Assert.StartsWith("CodeSHA256 (AAAA) is different from current CodeSHA256 in $LATEST", wrongSha.Json.GetProperty("message").GetString());
        var wrongRevision = await t.CallAsync("PublishVersion", Post, "/2015-03-31/functions/http-func/versions", new { RevisionId = "stale" });
        Assert.Equal((412, "PreconditionFailedException"), (wrongRevision.Status, wrongRevision.ErrorType));

        var published = await t.CallAsync("PublishVersion", Post, "/2015-03-31/functions/http-func/versions", new { CodeSha256 = sha, RevisionId = revision, Description = "migrated" });
        Assert.Equal("2", published.Json.GetProperty("Version").GetString());
        Assert.Equal(sha, published.Json.GetProperty("CodeSha256").GetString());
        Assert.Equal("migrated", published.Json.GetProperty("Description").GetString());
        var again = await t.CallAsync("PublishVersion", Post, "/2015-03-31/functions/http-func/versions", new { CodeSha256 = sha });
        Assert.Equal("2", again.Json.GetProperty("Version").GetString());
    }

    [Fact]
    public async Task PublishedVersionsAreImmutableWhenLatestChanges()
    {
        await using var t = await StartAsync();
        var before = (await t.CallAsync("GetFunctionConfiguration", Get, "/2015-03-31/functions/queue-func/configuration?Qualifier=2")).Json;
        t.Host.State.UpdateFunctionCode("queue-func", "bmV3LWNvZGU=");
        t.Host.State.UpdateFunctionConfiguration("queue-func", c => c.MemorySize = 1024);

        var after = (await t.CallAsync("GetFunctionConfiguration", Get, "/2015-03-31/functions/queue-func/configuration?Qualifier=2")).Json;
        Assert.Equal(before.GetProperty("CodeSha256").GetString(), after.GetProperty("CodeSha256").GetString());
        Assert.Equal(256, after.GetProperty("MemorySize").GetInt32());
        Assert.Equal(before.GetProperty("RevisionId").GetString(), after.GetProperty("RevisionId").GetString());

        var v3 = await t.CallAsync("PublishVersion", Post, "/2015-03-31/functions/queue-func/versions", new { CodeSha256 = "bmV3LWNvZGU=" });
        Assert.Equal("3", v3.Json.GetProperty("Version").GetString());
        Assert.Equal(1024, v3.Json.GetProperty("MemorySize").GetInt32());
    }

    [Fact]
    public async Task DeletingAVersionAnAliasUsesFails()
    {
        await using var t = await StartAsync();
        var inUse = await t.CallAsync("DeleteFunction", Delete, "/2015-03-31/functions/stagevar-func?Qualifier=3");
        Assert.Equal((409, "ResourceConflictException"), (inUse.Status, inUse.ErrorType));
        Assert.Contains("[staging]", inUse.Json.GetProperty("message").GetString());

        var unused = await t.CallAsync("DeleteFunction", Delete, "/2015-03-31/functions/stagevar-func?Qualifier=1");
        Assert.Equal(204, unused.Status);
        Assert.Equal(404, (await t.CallAsync("GetFunction", Get, "/2015-03-31/functions/stagevar-func:1")).Status);
        var latest = await t.CallAsync("DeleteFunction", Delete, "/2015-03-31/functions/stagevar-func?Qualifier=$LATEST");
        Assert.Equal(400, latest.Status);
    }

    [Fact]
    public async Task ListTagsNeedsAnUnqualifiedFunctionArn()
    {
        await using var t = await StartAsync();
        var tags = await t.CallAsync("ListTags", Get, "/2017-03-31/tags/" + Arn("my-func"));
        Assert.Equal("orders", tags.Json.GetProperty("Tags").GetProperty("team").GetString());
        var none = await t.CallAsync("ListTags", Get, "/2017-03-31/tags/" + Arn("auth-func"));
        Assert.Empty(none.Json.GetProperty("Tags").EnumerateObject());
        Assert.Equal(400, (await t.CallAsync("ListTags", Get, "/2017-03-31/tags/" + Arn("my-func", "1"))).Status);
        Assert.Equal(404, (await t.CallAsync("ListTags", Get, "/2017-03-31/tags/" + Arn("nope"))).Status);
    }
}
