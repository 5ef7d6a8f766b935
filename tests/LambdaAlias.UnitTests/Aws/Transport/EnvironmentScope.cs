using Xunit;

namespace LambdaAlias.UnitTests.Aws.Transport;

/// <summary>Tests that change process-wide environment variables run alone, never beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "Process environment";
}

/// <summary>
/// A temporary HOME with .aws/credentials and .aws/config, and every AWS variable cleared or set for the test;
/// everything is restored on dispose.
/// </summary>
public sealed class EnvironmentScope : IDisposable
{
    private static readonly string[] AwsVariables =
    {
        "HOME", "USERPROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
        "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_EC2_METADATA_DISABLED",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
        "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_LAMBDA", "AWS_ENDPOINT_URL_API_GATEWAY", "AWS_ENDPOINT_URL_APIGATEWAYV2", "AWS_ENDPOINT_URL_STS",
        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", AwsQuotaSettings.ScaleVariable, "AWS_ACCESS_KEY", "AWS_SECRET_KEY",
    };

    private readonly Dictionary<string, string> _saved = new();

    // AWSSDK.Core reads AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE (or HOME) once per process, into statics, on
    // first use by any test. So the test assembly points them at an empty per-process home before any test runs
    // (which also keeps every test away from the developer's real ~/.aws), and each scope rewrites those files.
    internal static readonly string ProcessHome = Path.Combine(Path.GetTempPath(), "lambdaalias-home-" + Environment.ProcessId);

    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void IsolateSharedProfiles()
    {
        Directory.CreateDirectory(Path.Combine(ProcessHome, ".aws"));
        var credentials = Path.Combine(ProcessHome, ".aws", "credentials");
        var config = Path.Combine(ProcessHome, ".aws", "config");
        File.WriteAllText(credentials, "");
        File.WriteAllText(config, "");
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", credentials);
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", config);
    }

    public EnvironmentScope(string credentials = "", string config = "")
    {
        Home = ProcessHome;
        Directory.CreateDirectory(Path.Combine(Home, ".aws"));
        CredentialsFile = Path.Combine(Home, ".aws", "credentials");
        ConfigFile = Path.Combine(Home, ".aws", "config");
        File.WriteAllText(CredentialsFile, credentials);
        File.WriteAllText(ConfigFile, config);
        foreach (var name in AwsVariables)
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, null);
        }
        Set("HOME", Home);
        Set("USERPROFILE", Home);
        Set("AWS_SHARED_CREDENTIALS_FILE", CredentialsFile);
        Set("AWS_CONFIG_FILE", ConfigFile);
        Set("AWS_EC2_METADATA_DISABLED", "true");
        if (Amazon.Runtime.CredentialManagement.SharedCredentialsFile.DefaultFilePath != CredentialsFile)
        {
            Dispose();
            throw new InvalidOperationException("AWSSDK.Core fixed its shared-credentials path (" +
                Amazon.Runtime.CredentialManagement.SharedCredentialsFile.DefaultFilePath + ") before the first EnvironmentScope; profile tests cannot redirect it.");
        }
    }

    public string Home { get; }
    public string CredentialsFile { get; }
    public string ConfigFile { get; }

    public EnvironmentScope Set(string name, string value)
    {
        if (!_saved.ContainsKey(name)) _saved[name] = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
        return this;
    }

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Home, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
        // Emptied, not deleted: the SDK keeps pointing at these paths for the rest of the process.
        File.WriteAllText(CredentialsFile, "");
        File.WriteAllText(ConfigFile, "");
    }
}
