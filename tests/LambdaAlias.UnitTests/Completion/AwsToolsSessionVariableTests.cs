using System.Management.Automation;
using Amazon.Runtime;
using LambdaAlias.Emulator;
using LambdaAlias.Emulator.Infrastructure;
using LambdaAlias.UnitTests.Aws.Transport;
using Xunit;

namespace LambdaAlias.UnitTests.Completion;

/// <summary>Credentials from a copy of AWSSDK.Core this module cannot name (AWS Tools loaded another): only the shape
/// (GetCredentials() with AccessKey, SecretKey, Token) matches.</summary>
public sealed class ForeignSdkCredentials
{
    private readonly string _accessKey;
    private readonly string _secretKey;
    public ForeignSdkCredentials(string accessKey, string secretKey) { _accessKey = accessKey; _secretKey = secretKey; }
    public ForeignImmutableCredentials GetCredentials() => new() { AccessKey = _accessKey, SecretKey = _secretKey };
}

public sealed class ForeignImmutableCredentials
{
    public string AccessKey { get; set; }
    public string SecretKey { get; set; }
    public string Token { get; set; }
}

/// <summary>
/// AWS Tools interop: what Set-DefaultAWSRegion and Set-AWSCredential leave in $StoredAWSRegion and
/// $StoredAWSCredentials drives a real cmdlet call (a cmdlet on the module's base class, Test-LambdaAliasBase) signed
/// and sent to the emulator, and explicit parameters still win over them.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public class AwsToolsSessionVariableTests : IAsyncLifetime
{
    private const string StoredKey = "AKIDSTOREDINTEROP";
    private const string StoredSecret = "stored-interop-secret";
    private const string TypedKey = "AKIDTYPEDINTEROP";
    private const string TypedSecret = "typed-interop-secret";
    private EmulatorHost _emulator;

    public async Task InitializeAsync()
    {
        var options = new EmulatorOptions { Port = 0, Scenario = "demo" };
        options.Credentials.Add(new TestCredential(StoredKey, StoredSecret));
        options.Credentials.Add(new TestCredential(TypedKey, TypedSecret));
        _emulator = await EmulatorHost.StartAsync(options);
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private static PowerShell ShellWithStoredSession(object storedCredentials, string storedRegion)
    {
        var shell = PowerShellHost.Create();
        PowerShellHost.SetVariable(shell, "StoredAWSRegion", storedRegion);
        PowerShellHost.SetVariable(shell, "StoredAWSCredentials", storedCredentials);
        return shell;
    }

    [Fact]
    public void StoredRegionAndAwsToolsCredentialWrapper_SignARealCall()
    {
        using var env = new EnvironmentScope();
        using var shell = ShellWithStoredSession(new AWSPSCredentials(new BasicAWSCredentials(StoredKey, StoredSecret), "team", "Profile"), "eu-north-1");
        shell.AddCommand("Test-LambdaAliasBase").AddParameter("Mode", "call").AddParameter("EndpointUrl", _emulator.BaseUrl);

        var status = shell.Invoke().Single().BaseObject;

        Assert.Empty(shell.Streams.Error);
        Assert.Equal(200, status);
        var call = Assert.Single(_emulator.Requests.Query("GetFunction"));
        Assert.Equal(StoredKey, call.AccessKeyId);
        Assert.Equal("eu-north-1", call.SigningRegion);
        Assert.Equal(200, call.Status);
    }

    [Fact]
    public void StoredCredentialsFromAnotherSdkCopy_AreReadByShape()
    {
        using var env = new EnvironmentScope();
        using var shell = ShellWithStoredSession(new ForeignSdkCredentials(StoredKey, StoredSecret), "us-east-1");
        shell.AddCommand("Test-LambdaAliasBase").AddParameter("Mode", "account").AddParameter("EndpointUrl", _emulator.BaseUrl);

        var context = (AwsContext)shell.Invoke().Single().BaseObject;

        Assert.Empty(shell.Streams.Error);
        Assert.Equal("123456789012", context.AccountId); // From the emulator's STS, signed with the stored keys.
        Assert.Equal("us-east-1", context.Region);
        Assert.Equal(StoredKey, Assert.Single(_emulator.Requests.Query("GetCallerIdentity")).AccessKeyId);
    }

    [Fact]
    public void TypedRegionAndKeys_WinOverTheStoredSession()
    {
        using var env = new EnvironmentScope();
        using var shell = ShellWithStoredSession(new AWSPSCredentials(new BasicAWSCredentials(StoredKey, StoredSecret), "team", "Profile"), "eu-north-1");
        shell.AddCommand("Test-LambdaAliasBase").AddParameter("Mode", "call").AddParameter("EndpointUrl", _emulator.BaseUrl)
            .AddParameter("Region", "ap-southeast-2").AddParameter("AccessKey", TypedKey).AddParameter("SecretKey", TypedSecret);

        Assert.Equal(200, shell.Invoke().Single().BaseObject);

        var call = Assert.Single(_emulator.Requests.Query("GetFunction"));
        Assert.Equal(TypedKey, call.AccessKeyId);
        Assert.Equal("ap-southeast-2", call.SigningRegion);
    }
}
