using System.Text.Json;

namespace LambdaAlias.Emulator;

// Starter file owned by the Lambda part; replace freely.
public static class LambdaApi
{
    public static void Map(WebApplication app, EmulatorState state) { }
}

public sealed partial class EmulatorState
{
    public partial void LoadLambda(JsonElement section) { }
    public partial InvokeOutcome InvokeLambda(string functionRef, string principal, string sourceArn, string sourceAccount, string credentialsRoleArn, double routingSample)
        => new(false, functionRef, null, null, "Lambda emulation not loaded");
    public partial ProbeResult ProbeEventSourceMapping(string uuid, double routingSample)
        => new() { Succeeded = false, FailureReason = "Lambda emulation not loaded" };
}
