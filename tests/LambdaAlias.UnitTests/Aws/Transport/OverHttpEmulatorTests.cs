using System.Net.Http;
using System.Text;
using LambdaAlias.Emulator;
using LambdaAlias.Emulator.Infrastructure;
using Xunit;

namespace LambdaAlias.UnitTests.Aws.Transport;

/// <summary>Changes a request after SigV4 signing, as a man in the middle would.</summary>
public sealed class TamperingHandler : DelegatingHandler
{
    private readonly Func<HttpRequestMessage, Task> _tamper;
    public TamperingHandler(Func<HttpRequestMessage, Task> tamper) : base(new HttpClientHandler()) { _tamper = tamper; }
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await _tamper(request);
        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>The transport against the emulator over real HTTP on loopback: SigV4 verified for real, faults injected
/// server-side and retries proven from the emulator's own request log.</summary>
public sealed class OverHttpEmulatorTests : IAsyncLifetime
{
    private EmulatorHost _host;

    public async Task InitializeAsync()
    {
        var options = new EmulatorOptions();
        options.Credentials.Add(new TestCredential("ASIAEMULATORSESSION", "session-secret", "session-token-value"));
        _host = await EmulatorHost.StartAsync(options);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static readonly AwsRetryPolicy FastRetries = new(seed: 1)
    {
        BaseDelay = TimeSpan.FromMilliseconds(5), ThrottlingBaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50), AttemptTimeout = TimeSpan.FromSeconds(10),
    };

    private AwsSession Session(string accessKey = "test", string secretKey = "test", string sessionToken = null, HttpMessageHandler handler = null, AwsCallLog log = null) =>
        AwsSessionFactory.Create(
            new AwsConnectionSettings { Region = "us-east-1", AccessKey = accessKey, SecretKey = secretKey, SessionToken = sessionToken, EndpointUrl = _host.BaseUrl, GetEnvironmentVariable = _ => null },
            new AwsSessionOptions { HttpHandler = handler, RetryPolicy = FastRetries, CallLog = log });

    private static AwsRequest CallerIdentity(bool idempotent = true)
    {
        var request = new AwsRequest
        {
            Service = AwsService.Sts, Operation = "GetCallerIdentity", HttpMethod = "POST", Path = "/", Body = "Action=GetCallerIdentity&Version=2011-06-15", IsIdempotent = idempotent,
        };
        request.Headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";
        return request;
    }

    [Fact]
    public async Task SignedRequest_IsAccepted_AndGivesTheAccountId()
    {
        using var session = Session();
        var context = await session.GetContextAsync(CancellationToken.None);
        Assert.Equal("123456789012", context.AccountId);
        Assert.Equal(200, _host.Requests.Query("GetCallerIdentity").Single().Status);
    }

    [Fact]
    public async Task SessionTokenCredentials_AreAccepted()
    {
        using var session = Session("ASIAEMULATORSESSION", "session-secret", "session-token-value");
        Assert.Equal("123456789012", await session.GetAccountIdAsync(CancellationToken.None));
        Assert.Equal("ASIAEMULATORSESSION", _host.Requests.Query("GetCallerIdentity").Single().AccessKeyId);
    }

    [Theory]
    [InlineData(AwsService.Lambda, "GET", "/2015-03-31/functions/my-func%3A1/policy", null, null)]
    [InlineData(AwsService.Lambda, "GET", "/2015-03-31/functions/my-func/aliases", "FunctionVersion", "$LATEST")]
    [InlineData(AwsService.Lambda, "PUT", "/2015-03-31/functions/my-func/aliases/live", null, null)]
    [InlineData(AwsService.ApiGateway, "GET", "/restapis/abc123/resources", "embed", "methods")]
    [InlineData(AwsService.ApiGateway, "PATCH", "/restapis/abc123/resources/r1/methods/ANY/integration", null, null)]
    [InlineData(AwsService.ApiGatewayV2, "GET", "/v2/apis", "nextToken", "a b+c/d=")]
    public async Task EveryServiceSigns_InAWayTheEmulatorVerifies(AwsService service, string method, string path, string queryName, string queryValue)
    {
        using var session = Session();
        var request = new AwsRequest { Service = service, Operation = "Probe", HttpMethod = method, Path = path, IsIdempotent = true };
        if (queryName != null) request.AddQuery(queryName, queryValue);
        if (method != "GET") request.Body = "{\"patchOperations\":[{\"op\":\"replace\",\"path\":\"/uri\",\"value\":\"arn:aws:lambda:us-east-1:123456789012:function:my-func:live\"}]}";

        // Whatever the emulator serves at that path (an operation, or UnknownOperationException), it only answers
        // after the signature checked out; a signing mistake would be a 403.
        var outcome = await Record.ExceptionAsync(() => session.GetTransport(service).SendAsync(request, CancellationToken.None));

        if (outcome is AwsServiceException error)
        {
            Assert.NotEqual(403, error.StatusCode);
            Assert.DoesNotContain("Signature", error.ErrorCode);
            Assert.NotEqual("MissingAuthenticationTokenException", error.ErrorCode);
        }
        else
        {
            Assert.Null(outcome);
        }
        var logged = _host.Requests.All.Last();
        Assert.Equal(EndpointResolver.SigningName(service), logged.Service);
    }

    [Fact]
    public async Task TamperedQuery_IsRejected_AndMapsToAuthenticationFailed()
    {
        var tampering = new TamperingHandler(request =>
        {
            request.RequestUri = new Uri(request.RequestUri + "&FunctionVersion=2");
            return Task.CompletedTask;
        });
        using var session = Session(handler: tampering);
        var request = new AwsRequest { Service = AwsService.Lambda, Operation = "ListAliases", Path = "/2015-03-31/functions/my-func/aliases" }.AddQuery("MaxItems", "10");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => session.Lambda.SendAsync(request, CancellationToken.None));

        Assert.Equal(403, error.StatusCode);
        Assert.Equal("InvalidSignatureException", error.ErrorCode);
        Assert.Equal(0, error.Retries);
        Assert.Equal(ErrorIds.AwsAuthenticationFailed, AwsErrorRecords.Create(error, null).FullyQualifiedErrorId);
    }

    [Fact]
    public async Task TamperedStsBody_IsRejectedWithTheXmlErrorCode()
    {
        var tampering = new TamperingHandler(async request =>
        {
            var body = await request.Content!.ReadAsStringAsync();
            request.Content = new StringContent(body.Replace("2011-06-15", "2011-06-16"), Encoding.UTF8, "application/x-www-form-urlencoded");
        });
        using var session = Session(handler: tampering);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => session.GetTransport(AwsService.Sts).SendAsync(CallerIdentity(), CancellationToken.None));

        Assert.Equal(403, error.StatusCode);
        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
        Assert.Contains("signature", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WrongSecretKey_IsRejected()
    {
        using var session = Session(secretKey: "not-the-secret");
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => session.Lambda.SendAsync(
            new AwsRequest { Service = AwsService.Lambda, Operation = "ListFunctions", Path = "/2015-03-31/functions/" }, CancellationToken.None));
        Assert.Equal(403, error.StatusCode);
        Assert.Equal(ErrorIds.AwsAuthenticationFailed, AwsErrorRecords.Create(error, null).FullyQualifiedErrorId);
    }

    [Fact]
    public async Task Injected429s_AreRetried_ProvenByTheRequestLog()
    {
        _host.Faults.FailNth("GetCallerIdentity", 1, 429, "Throttling", "Rate exceeded", times: 2);
        var log = new AwsCallLog();
        using var session = Session(log: log);

        var response = await session.GetTransport(AwsService.Sts).SendAsync(CallerIdentity(idempotent: false), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(new[] { 429, 429, 200 }, _host.Requests.Query("GetCallerIdentity").Select(r => r.Status));
        Assert.Equal(2, log.Drain().Single().Retries);
    }

    [Fact]
    public async Task Injected500_IsRetriedOnlyWhenIdempotent()
    {
        _host.Faults.FailNth("GetCallerIdentity", 1, 500, times: 1);
        using (var session = Session())
        {
            await session.GetTransport(AwsService.Sts).SendAsync(CallerIdentity(idempotent: true), CancellationToken.None);
        }
        Assert.Equal(new[] { 500, 200 }, _host.Requests.Query("GetCallerIdentity").Select(r => r.Status));

        _host.Requests.Clear();
        _host.Faults.Clear();
        _host.Faults.FailNth("GetCallerIdentity", 1, 500, times: 1);
        using (var session = Session())
        {
            var error = await Assert.ThrowsAsync<AwsServiceException>(() => session.GetTransport(AwsService.Sts).SendAsync(CallerIdentity(idempotent: false), CancellationToken.None));
            Assert.Equal(500, error.StatusCode);
        }
        Assert.Equal(new[] { 500 }, _host.Requests.Query("GetCallerIdentity").Select(r => r.Status));
    }

    [Fact]
    public async Task DroppedConnection_IsRetriedWhenIdempotent()
    {
        _host.Faults.DropNth("GetCallerIdentity", 1, times: 2);
        var log = new AwsCallLog();
        using var session = Session(log: log);

        var response = await session.GetTransport(AwsService.Sts).SendAsync(CallerIdentity(), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(new[] { 0, 0, 200 }, _host.Requests.Query("GetCallerIdentity").Select(r => r.Status));
        Assert.Equal(2, log.Drain().Single().Retries);
    }

    [Fact]
    public async Task UnknownOperation_SurfacesAtOnceWithCodeAndRequestId()
    {
        using var session = Session();
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => session.Lambda.SendAsync(
            new AwsRequest { Service = AwsService.Lambda, Operation = "NoSuchThing", Path = "/2015-03-31/no-such-thing" }, CancellationToken.None));
        Assert.Equal(404, error.StatusCode);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
        Assert.Equal(1, _host.Requests.Count);
    }
}
