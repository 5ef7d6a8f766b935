using LambdaAlias.Emulator.Infrastructure;

namespace LambdaAlias.Emulator;

public sealed partial class EmulatorState
{
    /// <summary>The time-scale factor shared by quotas, latency and asynchronous state changes (e.g. an ESM's Updating
    /// state, an HTTP API AutoDeploy's PENDING deployment). Use <c>Timing.Scaled(nominal)</c> for such delays.</summary>
    public EmulatorTiming Timing { get; } = new();

    /// <summary>Clear every service's state back to an empty account (123456789012, us-east-1).</summary>
    public void Reset()
    {
        lock (Sync)
        {
            AccountId = "123456789012";
            Region = "us-east-1";
            ResetLambdaState();
            ResetApiGatewayState();
        }
    }

    /// <summary>Implemented by the Lambda part (Lambda/LambdaState.cs).</summary>
    partial void ResetLambdaState();
    /// <summary>Optional hook for the API Gateway part: clear its v1 and v2 collections (called under <see cref="Sync"/>).</summary>
    partial void ResetApiGatewayState();
}
