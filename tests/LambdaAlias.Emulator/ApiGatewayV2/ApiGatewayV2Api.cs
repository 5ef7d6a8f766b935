using System.Text.Json;

namespace LambdaAlias.Emulator;

// Starter file owned by the API Gateway part; replace freely.
public static class ApiGatewayV2Api
{
    public static void Map(WebApplication app, EmulatorState state) { }
}

public sealed partial class EmulatorState
{
    public partial void LoadApiGatewayV2(JsonElement section) { }
}
