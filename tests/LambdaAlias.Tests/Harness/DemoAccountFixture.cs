using LambdaAlias.Emulator;
using Xunit;

namespace LambdaAlias.Tests.Harness;

/// <summary>One in-process emulator with the demo scenario (DEMO.md) per test class. Each test's session resets it
/// (state, request log, faults), so tests stay independent while sharing one host.</summary>
public sealed class DemoAccountFixture : IAsyncLifetime
{
    public EmulatorHost Host { get; private set; }

    public async Task InitializeAsync() => Host = await EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, Scenario = "demo" });

    public async Task DisposeAsync()
    {
        if (Host != null) await Host.DisposeAsync();
    }
}
