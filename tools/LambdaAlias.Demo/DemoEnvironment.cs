using System.Management.Automation.Language;
using LambdaAlias.Emulator;

namespace LambdaAlias.Demo;

/// <summary>Where a pipeline runs: the in-process emulator's demo account, or the account the pipeline names itself.</summary>
public static class DemoTarget
{
    /// <summary>Parameters (and their aliases) by which a pipeline names a real account, region or endpoint of its own.</summary>
    private static readonly HashSet<string> TargetParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "Region", "RegionToCall", "ProfileName", "StoredCredentials", "AWSProfileName", "EndpointUrl",
    };

    /// <summary>True when some command of the pipeline passes -Region, -ProfileName or -EndpointUrl: then it runs against
    /// that account as given, with the caller's own credentials, and no emulator is started.</summary>
    public static bool NamesItsOwnTarget(string pipeline)
    {
        var ast = Parser.ParseInput(pipeline, out _, out var errors);
        if (errors.Length > 0) return false;
        return ast.FindAll(a => a is CommandParameterAst p && TargetParameters.Contains(p.ParameterName), true).Any();
    }
}

/// <summary>
/// The emulator's demo account for the module: AWS_ENDPOINT_URL points every service at it and the SDK gets the
/// emulator's credentials and region, so the transcript's commands read exactly as a user types them. Everything that
/// could send the module elsewhere (a profile, per-service endpoints) is cleared. Dispose restores the environment and
/// stops the emulator.
/// </summary>
public sealed class DemoAccount : IAsyncDisposable
{
    public const string AccountId = "123456789012";
    public const string Region = "us-east-1";

    private static readonly string[] Cleared =
    {
        "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
        "AWS_ENDPOINT_URL_LAMBDA", "AWS_ENDPOINT_URL_API_GATEWAY", "AWS_ENDPOINT_URL_APIGATEWAYV2", "AWS_ENDPOINT_URL_STS",
    };

    private readonly Dictionary<string, string> _saved = new(StringComparer.Ordinal);

    private DemoAccount(EmulatorHost emulator) => Emulator = emulator;

    public EmulatorHost Emulator { get; }
    public string EndpointUrl => Emulator.BaseUrl;

    /// <summary>Starts the emulator with the demo scenario on an ephemeral loopback port and points the SDK at it.</summary>
    public static async Task<DemoAccount> StartAsync()
    {
        var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, Scenario = "demo" });
        var account = new DemoAccount(emulator);
        account.Set("AWS_ENDPOINT_URL", emulator.BaseUrl);
        account.Set("AWS_ACCESS_KEY_ID", "test");
        account.Set("AWS_SECRET_ACCESS_KEY", "test");
        account.Set("AWS_REGION", Region);
        account.Set("AWS_DEFAULT_REGION", Region);
        account.Set("AWS_EC2_METADATA_DISABLED", "true");
        foreach (var name in Cleared) account.Set(name, null);
        return account;
    }

    private void Set(string name, string value)
    {
        if (!_saved.ContainsKey(name)) _saved[name] = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
        await Emulator.DisposeAsync();
    }
}

/// <summary>Finds out/LambdaAlias/LambdaAlias.psd1: the module as the build assembles it and a user imports it.</summary>
public static class ModuleLocator
{
    public static string Find(string explicitPath = null)
    {
        if (!string.IsNullOrEmpty(explicitPath)) return Path.GetFullPath(explicitPath);
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "LambdaAlias.sln")))
                    return Path.Combine(dir.FullName, "out", "LambdaAlias", "LambdaAlias.psd1");
            }
        }
        throw new FileNotFoundException("No LambdaAlias.sln above " + AppContext.BaseDirectory + " or the current directory; pass --module <path to LambdaAlias.psd1>.");
    }
}
