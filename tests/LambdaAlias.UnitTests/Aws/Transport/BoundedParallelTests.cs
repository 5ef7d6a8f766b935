using Xunit;

namespace LambdaAlias.UnitTests.Aws.Transport;

public class BoundedParallelTests
{
    [Fact]
    public async Task NeverRunsMoreThanTheBound_AndRunsEveryItem()
    {
        var running = 0;
        var peak = 0;
        var done = new System.Collections.Concurrent.ConcurrentBag<int>();

        await BoundedParallel.ForEachAsync(Enumerable.Range(0, 40), 3, async (i, token) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await Task.Delay(5, token);
            Interlocked.Decrement(ref running);
            done.Add(i);
        }, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 40), done.OrderBy(i => i));
        Assert.InRange(peak, 2, 3);
    }

    [Fact]
    public async Task FirstFailure_StopsNewItems_AndIsRethrown()
    {
        var started = 0;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => BoundedParallel.ForEachAsync(Enumerable.Range(0, 1000), 2, async (i, token) =>
        {
            Interlocked.Increment(ref started);
            await Task.Yield();
            if (i == 3) throw new InvalidOperationException("item 3");
            await Task.Delay(5, token);
        }, CancellationToken.None));

        Assert.Equal("item 3", error.Message);
        Assert.True(started < 1000, "started " + started);
    }

    [Fact]
    public async Task SelectAsync_KeepsTheItemsOrder()
    {
        var items = Enumerable.Range(0, 25).ToList();
        var results = await BoundedParallel.SelectAsync(items, 4, async (i, token) => { await Task.Delay((25 - i) % 7, token); return i * i; }, CancellationToken.None);
        Assert.Equal(items.Select(i => i * i), results);
    }

    [Fact]
    public async Task Cancellation_IsObserved()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => BoundedParallel.ForEachAsync(new[] { 1, 2 }, 1, (i, token) => Task.CompletedTask, cancel.Token));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}
