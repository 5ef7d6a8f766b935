using Xunit;

namespace LambdaAlias.UnitTests.Completion;

public class CompletionCacheTests
{
    private sealed class ManualClock
    {
        private long _ticks;
        public TimeSpan Now() => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));
        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }

    private static CompletionCacheKey Key(string kind = "lambda:functions", string endpoint = "https://lambda.us-east-1.amazonaws.com/",
        string region = "us-east-1", string identity = "account:123456789012", string scope = null) => new(kind, endpoint, region, identity, scope);

    private static CompletionCandidate[] Names(params string[] values) => values.Select(v => new CompletionCandidate(v)).ToArray();

    [Fact]
    public void StoredListing_IsServedUntilItsTimeToLivePasses()
    {
        var clock = new ManualClock();
        var cache = new CompletionCache(TimeSpan.FromSeconds(30), 8, clock.Now);
        cache.Set(Key(), Names("my-func", "auth-func"));

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.True(cache.TryGet(Key(), out var fresh));
        Assert.Equal(new[] { "my-func", "auth-func" }, fresh.Select(c => c.Value));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(cache.TryGet(Key(), out _));
        Assert.Equal(0, cache.Count);
    }

    [Theory]
    [InlineData("kind")]
    [InlineData("endpoint")]
    [InlineData("region")]
    [InlineData("identity")]
    [InlineData("scope")]
    public void EveryPartOfTheKey_SeparatesListings(string part)
    {
        var cache = new CompletionCache(TimeSpan.FromSeconds(30), 8, new ManualClock().Now);
        cache.Set(Key(), Names("from-the-original"));
        var other = part switch
        {
            "kind" => Key(kind: "lambda:aliases"),
            "endpoint" => Key(endpoint: "http://127.0.0.1:4566/"),
            "region" => Key(region: "eu-west-1"),
            "identity" => Key(identity: "account:210987654321"),
            _ => Key(scope: "my-func"),
        };

        Assert.False(cache.TryGet(other, out _));
        Assert.True(cache.TryGet(Key(), out _));
    }

    [Fact]
    public void Keys_AreCaseSensitive_BecauseAwsNamesAre()
    {
        var cache = new CompletionCache(TimeSpan.FromSeconds(30), 8, new ManualClock().Now);
        cache.Set(Key(kind: "lambda:aliases", scope: "my-func"), Names("live"));

        Assert.False(cache.TryGet(Key(kind: "lambda:aliases", scope: "My-Func"), out _));
        Assert.True(cache.TryGet(Key(kind: "lambda:aliases", scope: "my-func"), out _));
    }

    [Fact]
    public void Set_StoresACopy_SoTheCallersListCannotChangeTheCache()
    {
        var cache = new CompletionCache(TimeSpan.FromSeconds(30), 8, new ManualClock().Now);
        var listing = Names("a", "b").ToList();
        cache.Set(Key(), listing);
        listing.Add(new CompletionCandidate("c"));

        Assert.True(cache.TryGet(Key(), out var cached));
        Assert.Equal(new[] { "a", "b" }, cached.Select(c => c.Value));
    }

    [Fact]
    public void OverCapacity_DropsExpiredEntriesFirst_ThenTheOldest()
    {
        var clock = new ManualClock();
        var cache = new CompletionCache(TimeSpan.FromSeconds(30), 3, clock.Now);
        cache.Set(Key(scope: "expired"), Names("x"));
        clock.Advance(TimeSpan.FromSeconds(31));
        cache.Set(Key(scope: "oldest"), Names("x"));
        clock.Advance(TimeSpan.FromSeconds(1));
        cache.Set(Key(scope: "middle"), Names("x"));
        clock.Advance(TimeSpan.FromSeconds(1));
        cache.Set(Key(scope: "newest"), Names("x"));   // 4 entries: the expired one goes

        Assert.Equal(3, cache.Count);
        Assert.True(cache.TryGet(Key(scope: "oldest"), out _));

        clock.Advance(TimeSpan.FromSeconds(1));
        cache.Set(Key(scope: "newer-still"), Names("x")); // none expired: the oldest goes

        Assert.Equal(3, cache.Count);
        Assert.False(cache.TryGet(Key(scope: "oldest"), out _));
        Assert.True(cache.TryGet(Key(scope: "middle"), out _));
        Assert.True(cache.TryGet(Key(scope: "newer-still"), out _));
    }

    [Fact]
    public void ConcurrentReadersAndWriters_NeverSeeATornOrForeignListing()
    {
        var cache = new CompletionCache(TimeSpan.FromSeconds(30), 16, null);
        var mismatches = 0;

        Parallel.For(0, 20000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var scope = "f" + (i % 40);
            if (i % 3 == 0)
            {
                cache.Set(Key(scope: scope), Names(scope + ":a", scope + ":b"));
            }
            else if (cache.TryGet(Key(scope: scope), out var listing))
            {
                if (listing.Count != 2 || listing.Any(c => !c.Value.StartsWith(scope + ":", StringComparison.Ordinal))) Interlocked.Increment(ref mismatches);
            }
        });

        Assert.Equal(0, mismatches);
        Assert.InRange(cache.Count, 1, 16 + 8); // Trim runs after each insert; parallel inserts may overshoot briefly by at most one per thread.
    }

    [Fact]
    public void SharedCache_HasAShortTimeToLive()
    {
        Assert.InRange(CompletionCache.Shared.TimeToLive, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1));
    }
}
