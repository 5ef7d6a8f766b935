using System.Text.Json;

namespace LambdaAlias.Emulator;

// Starter file owned by the API Gateway part; replace freely.
public static class ApiGatewayApi
{
    public static void Map(WebApplication app, EmulatorState state) { }
}

public sealed partial class EmulatorState
{
    public partial void LoadApiGateway(JsonElement section) { }
    public partial ProbeResult ProbeApiRoute(ProbeRequest request)
        => new() { Succeeded = false, FailureReason = "API Gateway emulation not loaded" };
}
