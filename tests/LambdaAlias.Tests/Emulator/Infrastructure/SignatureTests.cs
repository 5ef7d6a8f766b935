using System.Text;
using LambdaAlias.Emulator;
using LambdaAlias.Emulator.Infrastructure;
using Xunit;

namespace LambdaAlias.Tests.Emulator.Infrastructure;

public class SignatureTests
{
    [Fact]
    public async Task SignedStsCallReturnsTheAccount()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        using var client = new EmulatorTestClient(host);
        var r = await client.GetCallerIdentityAsync();
        Assert.Equal(200, r.Status);
        Assert.Contains("<Account>123456789012</Account>", r.Body);
        Assert.Contains("arn:aws:iam::123456789012:user/test", r.Body);
        Assert.NotNull(r.Header("x-amzn-RequestId"));
    }

    [Fact]
    public async Task UnsignedRestJsonCallIsRefusedWithMissingAuthenticationToken()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        using var client = new EmulatorTestClient(host);
        var r = await client.SendUnsignedAsync(HttpMethod.Get, "/2015-03-31/functions/");
        Assert.Equal(403, r.Status);
        Assert.Equal("MissingAuthenticationTokenException", r.ErrorType);
        Assert.Equal("Missing Authentication Token", r.Json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task UnsignedStsCallIsRefusedInQueryFormat()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        using var client = new EmulatorTestClient(host);
        var r = await client.SendUnsignedAsync(HttpMethod.Post, "/", "Action=GetCallerIdentity&Version=2011-06-15");
        Assert.Equal(403, r.Status);
        Assert.Contains("<Code>MissingAuthenticationToken</Code>", r.Body);
    }

    [Fact]
    public async Task TamperedBodyIsRefusedWithInvalidSignature()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        using var client = new EmulatorTestClient(host);
        client.AfterSigning = async request =>
        {
            var text = await request.Content!.ReadAsStringAsync();
            request.Content = new StringContent(text.Replace("2011-06-15", "2011-06-16"), Encoding.UTF8, "application/x-www-form-urlencoded");
        };
        var r = await client.GetCallerIdentityAsync();
        Assert.Equal(403, r.Status);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", r.Body);
        Assert.Contains("The request signature we calculated does not match", r.Body);
    }

    [Fact]
    public async Task TamperedPathIsRefusedWithInvalidSignatureException()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        using var client = new EmulatorTestClient(host);
        client.AfterSigning = request =>
        {
            request.RequestUri = new Uri(request.RequestUri!.ToString().Replace("MaxItems=5", "MaxItems=6"));
            return Task.CompletedTask;
        };
        var r = await client.LambdaAsync(HttpMethod.Get, "/2015-03-31/functions/?MaxItems=5");
        Assert.Equal(403, r.Status);
        Assert.Equal("InvalidSignatureException", r.ErrorType);
        Assert.Equal(SigV4Verifier.MismatchMessage, r.Json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ForeignAuthorizationSchemeIsAnIncompleteSignature()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, host.BaseUrl + "/2015-03-31/functions/");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer abc");
        using var response = await http.SendAsync(request);
        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal("IncompleteSignatureException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("Authorization header requires 'Credential' parameter.", body.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task UnknownAccessKeyIsUnrecognized()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        using var client = new EmulatorTestClient(host, accessKey: "AKIAUNKNOWN", secretKey: "whatever");
        var r = await client.LambdaAsync(HttpMethod.Get, "/2015-03-31/functions/");
        Assert.Equal(403, r.Status);
        Assert.Equal("UnrecognizedClientException", r.ErrorType);
        Assert.Equal("The security token included in the request is invalid.", r.Json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task WrongSecretIsAMismatch()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        using var client = new EmulatorTestClient(host, accessKey: "test", secretKey: "not-the-secret");
        var r = await client.LambdaAsync(HttpMethod.Get, "/2015-03-31/functions/");
        Assert.Equal("InvalidSignatureException", r.ErrorType);
    }

    [Fact]
    public async Task SessionTokenMustMatchTheTemporaryCredentials()
    {
        var options = new EmulatorOptions();
        options.Credentials.Add(new TestCredential("ASIATEMP", "temp-secret", "token-123"));
        await using var host = await EmulatorHost.StartAsync(options);

        using (var good = new EmulatorTestClient(host, "ASIATEMP", "temp-secret", "token-123"))
        {
            var ok = await good.GetCallerIdentityAsync();
            Assert.Equal(200, ok.Status);
            Assert.Contains("assumed-role", ok.Body);
        }
        using (var wrongToken = new EmulatorTestClient(host, "ASIATEMP", "temp-secret", "token-999"))
            Assert.Equal("UnrecognizedClientException", (await wrongToken.LambdaAsync(HttpMethod.Get, "/2015-03-31/functions/")).ErrorType);
        using (var noToken = new EmulatorTestClient(host, "ASIATEMP", "temp-secret"))
            Assert.Equal("UnrecognizedClientException", (await noToken.LambdaAsync(HttpMethod.Get, "/2015-03-31/functions/")).ErrorType);
    }

    [Fact]
    public async Task CredentialScopeMustNameTheOperationsService()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        using var client = new EmulatorTestClient(host);
        var r = await client.SendAsync("apigateway", HttpMethod.Get, "/2015-03-31/functions/");
        Assert.Equal(403, r.Status);
        Assert.Equal("InvalidSignatureException", r.ErrorType);
        Assert.Equal("Credential should be scoped to correct service: 'lambda'. ", r.Json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task RegionIsRecordedAndEnforcedOnlyWhenAsked()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions());
        using var client = new EmulatorTestClient(host, region: "eu-west-1");
        Assert.Equal(200, (await client.GetCallerIdentityAsync()).Status);
        Assert.Equal("eu-west-1", host.Requests.All.Last().SigningRegion);

        host.Signing.EnforceRegion = true;
        var refused = await client.GetCallerIdentityAsync();
        Assert.Equal(403, refused.Status);
        Assert.Contains("Credential should be scoped to a valid region.", refused.Body);
    }

    [Fact]
    public void CanonicalRequestDoubleEncodesThePathAndSortsTheQuery()
    {
        var request = new SignableRequest
        {
            Method = "GET",
            RawPath = "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy-func/aliases",
            RawQuery = "MaxItems=5&FunctionVersion=%24LATEST&Marker=a%2Bb",
            Headers = new Dictionary<string, IReadOnlyList<string>> { ["host"] = new[] { "127.0.0.1:4566" }, ["x-amz-date"] = new[] { "20260101T000000Z" } },
            Body = Array.Empty<byte>(),
        };
        var canonical = SigV4Verifier.CanonicalRequest(request, new[] { "host", "x-amz-date" }).Split('\n');
        Assert.Equal("/2015-03-31/functions/arn%253Aaws%253Alambda%253Aus-east-1%253A123456789012%253Afunction%253Amy-func/aliases", canonical[1]);
        Assert.Equal("FunctionVersion=%24LATEST&Marker=a%2Bb&MaxItems=5", canonical[2]);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", canonical[^1]);
    }
}
