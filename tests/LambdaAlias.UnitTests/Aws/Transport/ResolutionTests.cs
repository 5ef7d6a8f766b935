using System.Diagnostics;
using System.Management.Automation;
using Amazon.Runtime;
using Xunit;

namespace LambdaAlias.UnitTests.Aws.Transport;

/// <summary>Stand-in for AWS Tools' AWSPSCredentials: the credentials sit in a non-public property.</summary>
public sealed class AWSPSCredentials
{
    internal AWSPSCredentials(AWSCredentials credentials, string name, string source) { Credentials = credentials; Name = name; Source = source; }
    internal AWSCredentials Credentials { get; }
    internal string Name { get; }
    internal string Source { get; }
}

/// <summary>Credentials from a copy of AWSSDK.Core this module can't name: only the shape matches.</summary>
public sealed class LookalikeCredentials
{
    public LookalikeImmutable GetCredentials() => new() { AccessKey = "AKIDLOOKALIKE", SecretKey = "lookalike-secret", Token = "lookalike-token" };
}

public sealed class LookalikeImmutable
{
    public string AccessKey { get; set; }
    public string SecretKey { get; set; }
    public string Token { get; set; }
}

[Collection(ProcessEnvironmentCollection.Name)]
public class CredentialResolutionTests
{
    private const string TwoProfiles = "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n\n[prod]\naws_access_key_id = AKIDPROD\naws_secret_access_key = prod-secret\n";

    private static ImmutableCredentials Keys(ResolvedCredentials resolved) => resolved.Credentials.GetCredentials();

    [Fact]
    public void ExplicitKeys_WinOverEverything_AndCarryTheSessionToken()
    {
        using var env = new EnvironmentScope(TwoProfiles).Set("AWS_ACCESS_KEY_ID", "AKIDENV").Set("AWS_SECRET_ACCESS_KEY", "env-secret");
        var resolved = CredentialResolver.Resolve(new AwsConnectionSettings
        {
            AccessKey = "AKIDPARAM", SecretKey = "param-secret", SessionToken = "param-token", ProfileName = "prod",
            Credential = new BasicAWSCredentials("AKIDOBJ", "obj-secret"),
        });

        Assert.Equal(AwsCredentialSource.AccessKeyParameters, resolved.Source);
        Assert.Equal("AKIDPARAM", Keys(resolved).AccessKey);
        Assert.Equal("param-token", Keys(resolved).Token);
    }

    [Fact]
    public void AccessKeyWithoutSecretKey_IsAnError()
    {
        using var env = new EnvironmentScope(TwoProfiles);
        var error = Assert.Throws<AwsConfigurationException>(() => CredentialResolver.Resolve(new AwsConnectionSettings { AccessKey = "AKIDPARAM" }));
        Assert.Equal(ErrorIds.AwsCredentialInvalid, error.ErrorId);
    }

    [Fact]
    public void ProfileName_ComesBeforeCredentialAndStoredCredentials()
    {
        using var env = new EnvironmentScope(TwoProfiles);
        var resolved = CredentialResolver.Resolve(new AwsConnectionSettings
        {
            ProfileName = "prod",
            Credential = new BasicAWSCredentials("AKIDOBJ", "obj-secret"),
            StoredCredentials = new AWSPSCredentials(new BasicAWSCredentials("AKIDSTORED", "s"), "stored", "Profile"),
        });

        Assert.Equal(AwsCredentialSource.ProfileParameter, resolved.Source);
        Assert.Equal("prod", resolved.ProfileName);
        Assert.Equal("AKIDPROD", Keys(resolved).AccessKey);
    }

    [Fact]
    public void MissingProfile_IsAnError_EvenWhenADefaultProfileExists()
    {
        using var env = new EnvironmentScope(TwoProfiles);
        var error = Assert.Throws<AwsConfigurationException>(() => CredentialResolver.Resolve(new AwsConnectionSettings { ProfileName = "staging" }));
        Assert.Equal(ErrorIds.AwsProfileNotFound, error.ErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.Category);
        Assert.Contains("staging", error.Message);
    }

    [Fact]
    public void ProfilesLocation_IsHonoured()
    {
        using var env = new EnvironmentScope(TwoProfiles);
        var elsewhere = env.WriteFile("other-credentials", "[ci]\naws_access_key_id = AKIDCI\naws_secret_access_key = ci-secret\n");

        var resolved = CredentialResolver.Resolve(new AwsConnectionSettings { ProfileName = "ci", ProfilesLocation = elsewhere });
        Assert.Equal("AKIDCI", Keys(resolved).AccessKey);

        var error = Assert.Throws<AwsConfigurationException>(() => CredentialResolver.Resolve(new AwsConnectionSettings { ProfileName = "ci" }));
        Assert.Equal(ErrorIds.AwsProfileNotFound, error.ErrorId);
    }

    [Fact]
    public void CredentialParameter_AcceptsAWSCredentialsInAPSObject()
    {
        using var env = new EnvironmentScope(TwoProfiles);
        var resolved = CredentialResolver.Resolve(new AwsConnectionSettings
        {
            Credential = PSObject.AsPSObject(new SessionAWSCredentials("AKIDOBJ", "obj-secret", "obj-token")),
            StoredCredentials = new AWSPSCredentials(new BasicAWSCredentials("AKIDSTORED", "s"), "stored", "Profile"),
        });

        Assert.Equal(AwsCredentialSource.CredentialParameter, resolved.Source);
        Assert.Equal("AKIDOBJ", Keys(resolved).AccessKey);
        Assert.Equal("obj-token", Keys(resolved).Token);
    }

    [Fact]
    public void CredentialParameter_RejectsOtherObjects()
    {
        using var env = new EnvironmentScope(TwoProfiles);
        var error = Assert.Throws<AwsConfigurationException>(() => CredentialResolver.Resolve(new AwsConnectionSettings { Credential = "AKIDINASTRING" }));
        Assert.Equal(ErrorIds.AwsCredentialInvalid, error.ErrorId);
        Assert.Contains("System.String", error.Message);
    }

    [Fact]
    public void CredentialParameter_AcceptsALookalikeFromAnotherSdkCopy()
    {
        using var env = new EnvironmentScope(TwoProfiles);
        var resolved = CredentialResolver.Resolve(new AwsConnectionSettings { Credential = new LookalikeCredentials() });
        Assert.Equal("AKIDLOOKALIKE", Keys(resolved).AccessKey);
        Assert.Equal("lookalike-token", Keys(resolved).Token);
    }

    [Fact]
    public void StoredAWSCredentials_AreReadByDuckTyping_BeforeTheDefaultChain()
    {
        using var env = new EnvironmentScope(TwoProfiles).Set("AWS_ACCESS_KEY_ID", "AKIDENV").Set("AWS_SECRET_ACCESS_KEY", "env-secret");
        var resolved = CredentialResolver.Resolve(new AwsConnectionSettings
        {
            StoredCredentials = PSObject.AsPSObject(new AWSPSCredentials(new BasicAWSCredentials("AKIDSTORED", "stored-secret"), "team", "Profile")),
        });

        Assert.Equal(AwsCredentialSource.StoredAWSCredentials, resolved.Source);
        Assert.Equal("AKIDSTORED", Keys(resolved).AccessKey);
        Assert.Equal("team", resolved.ProfileName);
    }

    [Fact]
    public void StoredAWSCredentials_OfAnotherType_AreIgnoredLikeAwsToolsDoes()
    {
        using var env = new EnvironmentScope(TwoProfiles);
        var resolved = CredentialResolver.Resolve(new AwsConnectionSettings { StoredCredentials = "not credentials" });
        Assert.Equal(AwsCredentialSource.DefaultChain, resolved.Source);
        Assert.Equal("AKIDDEFAULT", Keys(resolved).AccessKey);
    }

    [Fact]
    public void DefaultChain_UsesEnvironmentKeys()
    {
        using var env = new EnvironmentScope(TwoProfiles).Set("AWS_ACCESS_KEY_ID", "AKIDENV").Set("AWS_SECRET_ACCESS_KEY", "env-secret");
        var resolved = CredentialResolver.Resolve(new AwsConnectionSettings());
        Assert.Equal(AwsCredentialSource.DefaultChain, resolved.Source);
        Assert.Equal("AKIDENV", Keys(resolved).AccessKey);
    }

    [Fact]
    public void DefaultChain_UsesAwsProfile()
    {
        using var env = new EnvironmentScope(TwoProfiles).Set("AWS_PROFILE", "prod");
        var resolved = CredentialResolver.Resolve(new AwsConnectionSettings());
        Assert.Equal("AKIDPROD", Keys(resolved).AccessKey);
        Assert.Equal("prod", resolved.ProfileName);
    }

    [Fact]
    public void NoCredentialsAnywhere_IsAClearError()
    {
        using var env = new EnvironmentScope();
        var error = Assert.Throws<AwsConfigurationException>(() => CredentialResolver.Resolve(new AwsConnectionSettings()));
        Assert.Equal(ErrorIds.AwsCredentialsNotFound, error.ErrorId);
        Assert.Contains("-ProfileName", error.Message);
    }

    [Fact]
    public void AssumeRoleProfile_WithMfa_FailsFastWhenNonInteractive()
    {
        using var env = new EnvironmentScope(TwoProfiles,
            "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = default\nmfa_serial = arn:aws:iam::123456789012:mfa/me\nregion = us-east-1\n");
        var settings = new AwsConnectionSettings { ProfileName = "admin", NonInteractive = true };
        var watch = Stopwatch.StartNew();

        var error = Assert.Throws<AwsConfigurationException>(() => AwsSessionFactory.Create(settings));

        Assert.Equal(ErrorIds.AwsCredentialsNeedInteraction, error.ErrorId);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void SsoProfile_WithoutACachedToken_FailsWithoutStartingALogin()
    {
        using var env = new EnvironmentScope("",
            "[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\nregion = us-east-1\n\n" +
            "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n");
        var settings = new AwsConnectionSettings { ProfileName = "sso", NonInteractive = true };
        var watch = Stopwatch.StartNew();

        var error = Assert.Throws<AwsConfigurationException>(() => AwsSessionFactory.Create(settings));

        Assert.Contains(error.ErrorId, new[] { ErrorIds.AwsCredentialsNotFound, ErrorIds.AwsCredentialsNeedInteraction });
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
    }
}

[Collection(ProcessEnvironmentCollection.Name)]
public class RegionResolutionTests
{
    private const string Profiles = "[default]\naws_access_key_id = A\naws_secret_access_key = B\n[prod]\naws_access_key_id = C\naws_secret_access_key = D\n[noregion]\naws_access_key_id = E\naws_secret_access_key = F\n";
    private const string Config = "[default]\nregion = eu-west-1\n[profile prod]\nregion = ap-southeast-2\n";

    [Fact]
    public void RegionParameter_WinsOverStoredRegionAndEnvironment()
    {
        using var env = new EnvironmentScope(Profiles, Config).Set("AWS_REGION", "us-west-2");
        var region = RegionResolver.Resolve(new AwsConnectionSettings { Region = "eu-central-1", StoredRegion = "sa-east-1" });
        Assert.Equal("eu-central-1", region.SystemName);
        Assert.Equal(AwsRegionSource.RegionParameter, region.Source);
    }

    [Fact]
    public void StoredAWSRegion_WinsOverEnvironment()
    {
        using var env = new EnvironmentScope(Profiles, Config).Set("AWS_REGION", "us-west-2");
        var region = RegionResolver.Resolve(new AwsConnectionSettings { StoredRegion = PSObject.AsPSObject("sa-east-1") });
        Assert.Equal("sa-east-1", region.SystemName);
        Assert.Equal(AwsRegionSource.StoredAWSRegion, region.Source);
    }

    [Fact]
    public void Environment_ThenTheProfile()
    {
        using var env = new EnvironmentScope(Profiles, Config).Set("AWS_DEFAULT_REGION", "us-west-1");
        Assert.Equal("us-west-1", RegionResolver.Resolve(new AwsConnectionSettings()).SystemName);
        env.Set("AWS_REGION", "us-west-2");
        Assert.Equal("us-west-2", RegionResolver.Resolve(new AwsConnectionSettings()).SystemName);

        env.Set("AWS_REGION", null).Set("AWS_DEFAULT_REGION", null);
        Assert.Equal("eu-west-1", RegionResolver.Resolve(new AwsConnectionSettings()).SystemName);
        Assert.Equal("ap-southeast-2", RegionResolver.Resolve(new AwsConnectionSettings { ProfileName = "prod" }).SystemName);
        env.Set("AWS_PROFILE", "prod");
        Assert.Equal("ap-southeast-2", RegionResolver.Resolve(new AwsConnectionSettings()).SystemName);
    }

    [Fact]
    public void NamedProfileWithoutRegion_DoesNotBorrowTheDefaultProfilesRegion()
    {
        using var env = new EnvironmentScope(Profiles, Config);
        var error = Assert.Throws<AwsConfigurationException>(() => RegionResolver.Resolve(new AwsConnectionSettings { ProfileName = "noregion" }));
        Assert.Equal(ErrorIds.AwsRegionNotResolved, error.ErrorId);
    }

    [Fact]
    public void NoRegion_IsAClearErrorSayingHowToSetOne()
    {
        using var env = new EnvironmentScope(Profiles, "");
        var error = Assert.Throws<AwsConfigurationException>(() => RegionResolver.Resolve(new AwsConnectionSettings()));
        Assert.Equal(ErrorIds.AwsRegionNotResolved, error.ErrorId);
        Assert.Contains("-Region", error.Message);
        Assert.Contains("Set-DefaultAWSRegion", error.Message);
        Assert.Contains("AWS_REGION", error.Message);
    }

    [Fact]
    public void MalformedRegion_IsRejected()
    {
        using var env = new EnvironmentScope(Profiles, Config);
        var error = Assert.Throws<AwsConfigurationException>(() => RegionResolver.Resolve(new AwsConnectionSettings { Region = "https://lambda.us-east-1.amazonaws.com" }));
        Assert.Equal(ErrorIds.AwsRegionNotResolved, error.ErrorId);
    }

    [Theory]
    [InlineData("us-east-1", "aws", "amazonaws.com")]
    [InlineData("cn-north-1", "aws-cn", "amazonaws.com.cn")]
    [InlineData("cn-northwest-1", "aws-cn", "amazonaws.com.cn")]
    [InlineData("us-gov-west-1", "aws-us-gov", "amazonaws.com")]
    public void Partition_ComesFromTheRegion(string region, string partition, string dnsSuffix)
    {
        var info = AwsRegionInfo.For(region, AwsRegionSource.RegionParameter);
        Assert.Equal(partition, info.Partition);
        Assert.Equal(dnsSuffix, info.DnsSuffix);
    }
}

[Collection(ProcessEnvironmentCollection.Name)]
public class EndpointResolutionTests
{
    private static AwsRegionInfo Region(string name = "us-east-1") => AwsRegionInfo.For(name, AwsRegionSource.RegionParameter);

    [Theory]
    [InlineData(AwsService.Lambda, "us-east-1", "https://lambda.us-east-1.amazonaws.com/", "lambda")]
    [InlineData(AwsService.ApiGateway, "us-east-1", "https://apigateway.us-east-1.amazonaws.com/", "apigateway")]
    [InlineData(AwsService.ApiGatewayV2, "eu-west-1", "https://apigateway.eu-west-1.amazonaws.com/", "apigateway")]
    [InlineData(AwsService.Lambda, "cn-north-1", "https://lambda.cn-north-1.amazonaws.com.cn/", "lambda")]
    [InlineData(AwsService.ApiGateway, "cn-northwest-1", "https://apigateway.cn-northwest-1.amazonaws.com.cn/", "apigateway")]
    [InlineData(AwsService.Lambda, "us-gov-west-1", "https://lambda.us-gov-west-1.amazonaws.com/", "lambda")]
    [InlineData(AwsService.Sts, "us-gov-east-1", "https://sts.us-gov-east-1.amazonaws.com/", "sts")]
    public void RegionalDefaults_PerPartition(AwsService service, string region, string expected, string signingName)
    {
        using var env = new EnvironmentScope();
        var endpoint = EndpointResolver.Resolve(service, new AwsConnectionSettings(), Region(region));
        Assert.Equal(expected, endpoint.BaseUri.ToString());
        Assert.Equal(signingName, endpoint.SigningName);
        Assert.Equal(AwsEndpointSource.Regional, endpoint.Source);
    }

    [Fact]
    public void EndpointUrlParameter_WinsOverEnvironment_AndMayBePlainHttp()
    {
        using var env = new EnvironmentScope().Set("AWS_ENDPOINT_URL_LAMBDA", "http://localhost:1111").Set("AWS_ENDPOINT_URL", "http://localhost:2222");
        var endpoint = EndpointResolver.Resolve(AwsService.Lambda, new AwsConnectionSettings { EndpointUrl = "http://127.0.0.1:4566" }, Region());
        Assert.Equal("http://127.0.0.1:4566/", endpoint.BaseUri.ToString());
        Assert.Equal(AwsEndpointSource.EndpointUrlParameter, endpoint.Source);
    }

    [Fact]
    public void ServiceSpecificVariables_WinOverTheGlobalOne()
    {
        using var env = new EnvironmentScope()
            .Set("AWS_ENDPOINT_URL_LAMBDA", "http://localhost:1111")
            .Set("AWS_ENDPOINT_URL_API_GATEWAY", "http://localhost:3333")
            .Set("AWS_ENDPOINT_URL_APIGATEWAYV2", "http://localhost:4444")
            .Set("AWS_ENDPOINT_URL", "http://localhost:2222");
        var settings = new AwsConnectionSettings();

        Assert.Equal("http://localhost:1111/", EndpointResolver.Resolve(AwsService.Lambda, settings, Region()).BaseUri.ToString());
        Assert.Equal("http://localhost:3333/", EndpointResolver.Resolve(AwsService.ApiGateway, settings, Region()).BaseUri.ToString());
        Assert.Equal("http://localhost:4444/", EndpointResolver.Resolve(AwsService.ApiGatewayV2, settings, Region()).BaseUri.ToString());
        Assert.Equal("http://localhost:2222/", EndpointResolver.Resolve(AwsService.Sts, settings, Region()).BaseUri.ToString());
        Assert.Equal(AwsEndpointSource.ServiceEnvironment, EndpointResolver.Resolve(AwsService.Lambda, settings, Region()).Source);
        Assert.Equal(AwsEndpointSource.GlobalEnvironment, EndpointResolver.Resolve(AwsService.Sts, settings, Region()).Source);
    }

    [Fact]
    public void IgnoreConfiguredEndpointUrls_IgnoresTheVariablesButNotTheParameter()
    {
        using var env = new EnvironmentScope()
            .Set("AWS_ENDPOINT_URL_LAMBDA", "http://localhost:1111")
            .Set("AWS_ENDPOINT_URL", "http://localhost:2222")
            .Set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");

        Assert.Equal("https://lambda.us-east-1.amazonaws.com/", EndpointResolver.Resolve(AwsService.Lambda, new AwsConnectionSettings(), Region()).BaseUri.ToString());
        Assert.Equal("https://apigateway.us-east-1.amazonaws.com/", EndpointResolver.Resolve(AwsService.ApiGateway, new AwsConnectionSettings(), Region()).BaseUri.ToString());
        Assert.Equal("http://localhost:9/", EndpointResolver.Resolve(AwsService.Lambda, new AwsConnectionSettings { EndpointUrl = "http://localhost:9" }, Region()).BaseUri.ToString());
    }

    [Fact]
    public void SingleEndpointEmulator_ServesEveryService_KeepingABasePath()
    {
        using var env = new EnvironmentScope().Set("AWS_ENDPOINT_URL", "http://localhost:5000/moto");
        foreach (var service in new[] { AwsService.Lambda, AwsService.ApiGateway, AwsService.ApiGatewayV2, AwsService.Sts })
        {
            Assert.Equal("http://localhost:5000/moto/", EndpointResolver.Resolve(service, new AwsConnectionSettings(), Region()).BaseUri.ToString());
        }
    }

    [Theory]
    [InlineData("localhost:4566")]
    [InlineData("ftp://localhost:4566")]
    [InlineData("not a url")]
    [InlineData("http://localhost:4566/?x=1")]
    public void MalformedEndpoint_IsRejected(string url)
    {
        using var env = new EnvironmentScope();
        var error = Assert.Throws<AwsConfigurationException>(() => EndpointResolver.Resolve(AwsService.Lambda, new AwsConnectionSettings { EndpointUrl = url }, Region()));
        Assert.Equal(ErrorIds.AwsEndpointInvalid, error.ErrorId);
    }

    [Fact]
    public void Session_ResolvesEverything_AndStampsContextWithoutSecrets()
    {
        using var env = new EnvironmentScope("[prod]\naws_access_key_id = AKIDPROD\naws_secret_access_key = prod-secret\n", "[profile prod]\nregion = eu-west-1\n");
        using var session = AwsSessionFactory.Create(new AwsConnectionSettings { ProfileName = "prod", EndpointUrl = "http://127.0.0.1:4566" });

        var context = session.CreateContext("123456789012");
        Assert.Equal("eu-west-1", context.Region);
        Assert.Equal("aws", context.Partition);
        Assert.Equal("prod", context.ProfileName);
        Assert.Equal("http://127.0.0.1:4566", context.EndpointUrl);
        Assert.Equal("123456789012", context.AccountId);
        Assert.Equal("http://127.0.0.1:4566/", session.GetEndpoint(AwsService.ApiGatewayV2).BaseUri.ToString());
        Assert.Same(session.Lambda, session.GetTransport(AwsService.Lambda));
    }

    [Fact]
    public void Session_ReportsAMalformedEndpointVariableBeforeAnyCall()
    {
        using var env = new EnvironmentScope("[default]\naws_access_key_id = A\naws_secret_access_key = B\n").Set("AWS_REGION", "us-east-1").Set("AWS_ENDPOINT_URL_APIGATEWAYV2", "nonsense");
        var error = Assert.Throws<AwsConfigurationException>(() => AwsSessionFactory.Create(new AwsConnectionSettings()));
        Assert.Equal(ErrorIds.AwsEndpointInvalid, error.ErrorId);
        Assert.Contains("AWS_ENDPOINT_URL_APIGATEWAYV2", error.Message);
    }
}

[Collection(ProcessEnvironmentCollection.Name)]
public class MfaPromptTests
{
    [Fact]
    public void InteractiveAssumeRoleWithMfa_AsksThePromptForTheCode()
    {
        using var env = new EnvironmentScope("[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n",
            "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = default\nmfa_serial = arn:aws:iam::123456789012:mfa/me\n");
        string askedFor = null;
        var settings = new AwsConnectionSettings
        {
            ProfileName = "admin",
            // Refusing here stops before any call to STS, so the test needs no network.
            PromptForMfaCode = serial => { askedFor = serial; throw CredentialResolver.NeedsInteraction("a test refusal"); },
        };

        var resolved = CredentialResolver.Resolve(settings);
        var error = Assert.ThrowsAny<Exception>(() => resolved.Credentials.GetCredentials());

        Assert.Equal("arn:aws:iam::123456789012:mfa/me", askedFor);
        Assert.Contains("a test refusal", error.ToString());
    }
}
