using System.Net;
using System.Net.Http;
using System.Text;
using Xunit;
using static LambdaAlias.UnitTests.Aws.Transport.FakeHandler;

namespace LambdaAlias.UnitTests.Aws.Transport;

public class AwsHttpTransportTests
{
    [Fact]
    public async Task Retries429ThenSucceeds_AndLogsOneCallWithTheRetry()
    {
        var handler = new FakeHandler()
            .Then(() => AwsError(429, "TooManyRequestsException", "Rate exceeded", "message"))
            .Then(() => Json(200, "{\"FunctionName\":\"my-func\"}", ("x-amzn-RequestId", "req-ok")));
        var transport = TransportFactory.Create(handler, out var log);

        var response = await transport.SendAsync(TransportFactory.Get(), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("req-ok", response.RequestId);
        Assert.Contains("my-func", response.Body);
        Assert.Equal(2, handler.Attempts);
        var record = Assert.Single(log.Drain());
        Assert.Equal(1, record.Retries);
        Assert.Equal(200, record.StatusCode);
        Assert.Equal("GetFunction", record.Operation);
        Assert.Contains("429 TooManyRequestsException", record.RetryReasons);
    }

    [Fact]
    public async Task Throttling429_IsRetriedEvenForNonIdempotentCalls()
    {
        var handler = new FakeHandler()
            .Then(() => AwsError(429, "TooManyRequestsException", "slow down"))
            .Then(() => Json(200, "{}"));
        var transport = TransportFactory.Create(handler, out _);

        await transport.SendAsync(TransportFactory.Put(idempotent: false), CancellationToken.None);

        Assert.Equal(2, handler.Attempts);
    }

    [Fact]
    public async Task Persistent500_IdempotentCall_StopsAtMaxAttempts()
    {
        var handler = new FakeHandler((_, _) => Task.FromResult(AwsError(500, "ServiceException", "boom", "Message")));
        var policy = new AwsRetryPolicy(seed: 1) { MaxAttempts = 4 };
        var transport = TransportFactory.Create(handler, out var log, policy: policy);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => transport.SendAsync(TransportFactory.Get(), CancellationToken.None));

        Assert.Equal(4, handler.Attempts);
        Assert.Equal(3, error.Retries);
        Assert.Equal(500, error.StatusCode);
        Assert.Equal("ServiceException", error.ErrorCode);
        Assert.Equal(3, Assert.Single(log.Drain()).Retries);
    }

    [Fact]
    public async Task Http500_NonIdempotentCall_IsNotRetried()
    {
        var handler = new FakeHandler((_, _) => Task.FromResult(AwsError(500, "ServiceException", "boom", "Message")));
        var transport = TransportFactory.Create(handler, out _);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => transport.SendAsync(TransportFactory.Put(idempotent: false), CancellationToken.None));

        Assert.Equal(1, handler.Attempts);
        Assert.Equal(0, error.Retries);
    }

    [Fact]
    public async Task ConnectionReset_IdempotentCall_IsRetried()
    {
        var handler = new FakeHandler().ThenThrow(ConnectionReset()).ThenThrow(ConnectionReset()).Then(() => Json(200, "{}"));
        var transport = TransportFactory.Create(handler, out var log);

        var response = await transport.SendAsync(TransportFactory.Get(), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(3, handler.Attempts);
        Assert.Equal(new[] { "connection reset", "connection reset" }, Assert.Single(log.Drain()).RetryReasons);
    }

    [Fact]
    public async Task ConnectionReset_NonIdempotentCall_SurfacesAsConnectionFailure()
    {
        var handler = new FakeHandler().ThenThrow(ConnectionReset()).Then(() => Json(200, "{}"));
        var transport = TransportFactory.Create(handler, out _);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => transport.SendAsync(TransportFactory.Put(idempotent: false), CancellationToken.None));

        Assert.Equal(1, handler.Attempts);
        Assert.Equal(0, error.StatusCode);
        Assert.Equal("ConnectionFailure", error.ErrorCode);
        Assert.Contains("connection reset", error.Message);
    }

    [Fact]
    public async Task AttemptTimeout_IsRetriedForIdempotentCalls()
    {
        var handler = new FakeHandler()
            .Then(async (_, token) => { await Task.Delay(Timeout.Infinite, token); return Json(200, "{}"); })
            .Then(() => Json(200, "{\"ok\":true}"));
        var policy = new AwsRetryPolicy(seed: 3) { AttemptTimeout = TimeSpan.FromMilliseconds(200) };
        var transport = TransportFactory.Create(handler, out var log, policy: policy);

        var response = await transport.SendAsync(TransportFactory.Get(), CancellationToken.None);

        Assert.Contains("ok", response.Body);
        Assert.Equal(2, handler.Attempts);
        Assert.StartsWith("timed out", Assert.Single(Assert.Single(log.Drain()).RetryReasons));
    }

    [Fact]
    public async Task RetryAfterHeader_IsHonoured()
    {
        var clock = new FakeClock();
        var handler = new FakeHandler()
            .Then(() => AwsError(429, "TooManyRequestsException", "Rate exceeded", "message", ("Retry-After", "7")))
            .Then(() => Json(200, "{}"));
        var transport = TransportFactory.Create(handler, out _, clock: clock);

        await transport.SendAsync(TransportFactory.Get(), CancellationToken.None);

        Assert.Equal(2, handler.Attempts);
        Assert.True(clock.Delays.Sum(d => d.TotalSeconds) >= 7, "waited " + string.Join(",", clock.Delays));
    }

    [Fact]
    public async Task RetryAfterSecondsInLambdaBody_IsHonoured()
    {
        var clock = new FakeClock();
        var handler = new FakeHandler()
            .Then(() => Json(429, "{\"Type\":\"User\",\"message\":\"Rate exceeded\",\"retryAfterSeconds\":\"4\",\"Reason\":\"CallerRateLimitExceeded\"}", ("x-amzn-ErrorType", "TooManyRequestsException")))
            .Then(() => Json(200, "{}"));
        var transport = TransportFactory.Create(handler, out _, clock: clock);

        await transport.SendAsync(TransportFactory.Get(), CancellationToken.None);

        Assert.True(clock.Delays.Sum(d => d.TotalSeconds) >= 4);
    }

    [Fact]
    public async Task RetryAfterBeyondTheTotalBudget_GivesUpAsThrottled()
    {
        var handler = new FakeHandler((_, _) => Task.FromResult(AwsError(429, "TooManyRequestsException", "Rate exceeded", "message", ("Retry-After", "120"))));
        var policy = new AwsRetryPolicy(seed: 1) { MaxTotalTime = TimeSpan.FromSeconds(30) };
        var transport = TransportFactory.Create(handler, out _, policy: policy);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => transport.SendAsync(TransportFactory.Get(), CancellationToken.None));

        Assert.Equal(1, handler.Attempts);
        Assert.True(error.IsThrottling);
    }

    [Fact]
    public async Task TotalTimeBudget_BoundsRetriesBeforeMaxAttempts()
    {
        var clock = new FakeClock();
        var handler = new FakeHandler((_, _) => Task.FromResult(AwsError(503, "ServiceUnavailableException", "busy")));
        var policy = new AwsRetryPolicy(seed: 5) { MaxAttempts = 100, BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(8), MaxTotalTime = TimeSpan.FromSeconds(20) };
        var transport = TransportFactory.Create(handler, out _, policy: policy, clock: clock);

        await Assert.ThrowsAsync<AwsServiceException>(() => transport.SendAsync(TransportFactory.Get(), CancellationToken.None));

        Assert.InRange(handler.Attempts, 2, 99);
        Assert.True(clock.Now <= TimeSpan.FromSeconds(20), "time spent " + clock.Now);
    }

    [Fact]
    public void Backoff_IsExponentialWithFullJitterAndCapped()
    {
        var policy = new AwsRetryPolicy(seed: 11) { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(2) };
        for (var retry = 1; retry <= 8; retry++)
        {
            var ceiling = Math.Min(2000, 100 * Math.Pow(2, retry - 1));
            var samples = Enumerable.Range(0, 200).Select(_ => policy.ComputeDelay(retry, throttled: false, retryAfter: null).TotalMilliseconds).ToList();
            Assert.All(samples, s => Assert.InRange(s, 0, ceiling));
            Assert.True(samples.Max() > ceiling * 0.8, "jitter should reach near the ceiling");
            Assert.True(samples.Min() < ceiling * 0.2, "full jitter should reach near zero");
        }
        Assert.True(policy.ComputeDelay(1, false, TimeSpan.FromSeconds(3)) >= TimeSpan.FromSeconds(3));
    }

    [Theory]
    [InlineData(409, "ConflictException", "Unable to complete operation due to concurrent modification. Please try again later.", true)]
    [InlineData(409, "ResourceConflictException", "The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:123456789012:function:my-func", true)]
    [InlineData(409, "ResourceConflictException", "The statement id (apigw-1) provided already exists. Please provide a new statement id, or remove the existing statement.", false)]
    [InlineData(409, "ConflictException", "Base path already exists for this domain name", false)]
    [InlineData(400, "ThrottlingException", "Rate exceeded", true)]
    [InlineData(400, "LimitExceededException", "Code storage limit exceeded", false)]
    [InlineData(404, "ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope", false)]
    [InlineData(403, "AccessDeniedException", "User is not authorized to perform: lambda:GetFunction", false)]
    [InlineData(400, "InvalidParameterValueException", "Bad value", false)]
    public async Task WhichErrorsAreRetried_ForANonIdempotentCall(int status, string code, string message, bool retried)
    {
        var handler = new FakeHandler().Then(() => AwsError(status, code, message)).Then(() => Json(200, "{}"));
        var transport = TransportFactory.Create(handler, out _);

        if (retried)
        {
            await transport.SendAsync(TransportFactory.Put(idempotent: false), CancellationToken.None);
            Assert.Equal(2, handler.Attempts);
        }
        else
        {
            var error = await Assert.ThrowsAsync<AwsServiceException>(() => transport.SendAsync(TransportFactory.Put(idempotent: false), CancellationToken.None));
            Assert.Equal(1, handler.Attempts);
            Assert.Equal(code, error.ErrorCode);
            Assert.Equal(status, error.StatusCode);
            Assert.Equal("req-" + code, error.RequestId);
            Assert.Contains(message, error.Message);
        }
    }

    [Fact]
    public async Task LimitExceededWithRetryAfterSeconds_IsRetried()
    {
        var handler = new FakeHandler()
            .Then(() => Json(400, "{\"message\":\"Too many requests\",\"retryAfterSeconds\":1}", ("x-amzn-ErrorType", "LimitExceededException")))
            .Then(() => Json(200, "{}"));
        var transport = TransportFactory.Create(handler, out _);

        await transport.SendAsync(TransportFactory.Put(), CancellationToken.None);

        Assert.Equal(2, handler.Attempts);
    }

    [Fact]
    public async Task ErrorTypeHeaderSuffix_IsStripped_AndMessageReadFromCapitalisedMember()
    {
        var handler = new FakeHandler().Then(() => Json(404, "{\"Type\":\"User\",\"Message\":\"Function not found: my-func\"}",
            ("x-amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.lambda/"), ("x-amzn-RequestId", "abc-123")));
        var transport = TransportFactory.Create(handler, out _);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => transport.SendAsync(TransportFactory.Get(), CancellationToken.None));

        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        Assert.Contains("Function not found: my-func", error.Message);
        Assert.Equal("abc-123", error.RequestId);
        Assert.True(error.IsNotFound);
        Assert.Equal("GetFunction", error.Operation);
    }

    [Fact]
    public async Task ErrorCodeFromBodyType_WhenNoHeader()
    {
        var handler = new FakeHandler().Then(() => Json(400, "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":\"1 validation error\"}"));
        var transport = TransportFactory.Create(handler, out _);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => transport.SendAsync(TransportFactory.Get(), CancellationToken.None));

        Assert.Equal("ValidationException", error.ErrorCode);
    }

    [Fact]
    public async Task Html500Page_BecomesAClearErrorWithTheStatus()
    {
        var html = "<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1><p>nginx proxy</p></body></html>";
        var handler = new FakeHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError)
        {
            Content = new StringContent(html, Encoding.UTF8, "text/html"),
        }));
        var transport = TransportFactory.Create(handler, out _, policy: new AwsRetryPolicy(seed: 1) { MaxAttempts = 2 });

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => transport.SendAsync(TransportFactory.Get(), CancellationToken.None));

        Assert.Equal(500, error.StatusCode);
        Assert.Equal(2, handler.Attempts);
        Assert.Contains("500", error.Message);
        Assert.Contains("text/html", error.Message);
        Assert.Contains("Internal Server Error", error.Message);
        Assert.DoesNotContain("<h1>", error.Message);
    }

    [Fact]
    public async Task NonJsonBodyWithoutContentType_IsHandled()
    {
        var handler = new FakeHandler().Then(() => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes("upstream connect error")) });
        var transport = TransportFactory.Create(handler, out _);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => transport.SendAsync(TransportFactory.Put(idempotent: false), CancellationToken.None));

        Assert.Equal(502, error.StatusCode);
        Assert.Contains("upstream connect error", error.Message);
    }

    [Fact]
    public async Task SuccessWithNonJsonContentType_IsReturnedAsIs()
    {
        var handler = new FakeHandler().Then(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"swagger\":\"2.0\"}", Encoding.UTF8, "application/vnd.oai.openapi+json") });
        var transport = TransportFactory.Create(handler, out _);

        var response = await transport.SendAsync(TransportFactory.Get("GetExport"), CancellationToken.None);

        Assert.Equal("{\"swagger\":\"2.0\"}", response.Body);
        Assert.StartsWith("application/vnd.oai.openapi+json", response.ContentType);
    }

    [Fact]
    public async Task RequestIsSignedWithSigV4_ServiceScopeAndSessionToken()
    {
        var handler = new FakeHandler();
        var transport = TransportFactory.Create(handler, out _, AwsService.ApiGatewayV2, baseUrl: "https://apigateway.us-east-1.amazonaws.com/");
        var request = new AwsRequest { Service = AwsService.ApiGatewayV2, Operation = "GetApis", HttpMethod = "GET", Path = "/v2/apis" };

        await transport.SendAsync(request, CancellationToken.None);

        var seen = Assert.Single(handler.Seen);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=" + TransportFactory.AccessKey + "/", seen.Headers["Authorization"]);
        Assert.Contains("/us-east-1/apigateway/aws4_request", seen.Headers["Authorization"]);
        Assert.Equal(TransportFactory.SessionToken, seen.Headers["x-amz-security-token"]);
        Assert.True(seen.Headers.ContainsKey("X-Amz-Date"));
    }

    [Fact]
    public async Task LambdaRequests_SignAsLambda_WithJsonBodyAndHeaders()
    {
        var handler = new FakeHandler();
        var transport = TransportFactory.Create(handler, out _, sessionToken: null);
        var request = TransportFactory.Put();
        request.Headers["Accept"] = "application/json";

        await transport.SendAsync(request, CancellationToken.None);

        var seen = Assert.Single(handler.Seen);
        Assert.Contains("/us-east-1/lambda/aws4_request", seen.Headers["Authorization"]);
        Assert.False(seen.Headers.ContainsKey("x-amz-security-token"));
        Assert.Equal("PUT", seen.Method);
        Assert.Equal("{\"FunctionVersion\":\"2\"}", seen.Body);
        Assert.StartsWith("application/json", seen.Headers["Content-Type"]);
        Assert.Equal("application/json", seen.Headers["Accept"]);
    }

    [Fact]
    public async Task Uri_KeepsEndpointBasePath_AndEscapesQueryValues()
    {
        var handler = new FakeHandler();
        var transport = TransportFactory.Create(handler, out _, baseUrl: "http://127.0.0.1:4566/proxy/");
        var request = TransportFactory.Get("ListFunctions", "/2015-03-31/functions/").AddQuery("Marker", "a b/c+d=").AddQuery("MaxItems", "50").AddQuery("Skipped", null);

        await transport.SendAsync(request, CancellationToken.None);

        var uri = Assert.Single(handler.Seen).Uri;
        Assert.Equal("http", uri.Scheme);
        Assert.Equal("/proxy/2015-03-31/functions/", uri.AbsolutePath);
        Assert.Equal("?Marker=a%20b%2Fc%2Bd%3D&MaxItems=50", uri.Query);
    }

    [Fact]
    public async Task Cancellation_DuringBackoff_StopsPromptly()
    {
        using var cancel = new CancellationTokenSource();
        var handler = new FakeHandler((_, _) => { cancel.Cancel(); return Task.FromResult(AwsError(503, "ServiceUnavailableException", "busy")); });
        var transport = TransportFactory.Create(handler, out var log);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.SendAsync(TransportFactory.Get(), cancel.Token));

        Assert.Equal(1, handler.Attempts);
    }

    [Fact]
    public async Task Cancellation_DuringAnAttempt_IsNotMistakenForATimeout()
    {
        using var cancel = new CancellationTokenSource();
        var handler = new FakeHandler(async (_, token) => { cancel.Cancel(); await Task.Delay(Timeout.Infinite, token); return Json(200, "{}"); });
        var transport = TransportFactory.Create(handler, out var log);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.SendAsync(TransportFactory.Get(), cancel.Token));

        Assert.Equal(1, handler.Attempts);
        Assert.Equal("Cancelled", Assert.Single(log.Drain()).ErrorCode);
    }

    [Fact]
    public async Task CallLog_AndErrors_NeverCarryASecret()
    {
        var handler = new FakeHandler()
            .Then(() => AwsError(429, "TooManyRequestsException", "Rate exceeded"))
            .Then(() => Json(200, "{}"))
            .Then(() => AwsError(403, "AccessDeniedException", "not allowed"))
            .ThenThrow(ConnectionReset());
        var transport = TransportFactory.Create(handler, out var log);

        await transport.SendAsync(TransportFactory.Get(), CancellationToken.None);
        var denied = await Assert.ThrowsAsync<AwsServiceException>(() => transport.SendAsync(TransportFactory.Get(), CancellationToken.None));
        var reset = await Assert.ThrowsAsync<AwsServiceException>(() => transport.SendAsync(TransportFactory.Put(), CancellationToken.None));

        var records = log.Drain();
        Assert.Equal(3, records.Count);
        var rendered = string.Join("\n", records.Select(r => r.ToString())) + "\n" + denied + "\n" + reset +
                       "\n" + AwsErrorRecords.Create(denied, "t").ErrorDetails.Message + "\n" + AwsErrorRecords.Create(reset, "t").ErrorDetails.Message;
        foreach (var secret in new[] { TransportFactory.AccessKey, TransportFactory.SecretKey, TransportFactory.SessionToken, "Signature=", "Authorization", "X-Amz-", "Credential=" })
        {
            Assert.DoesNotContain(secret, rendered, StringComparison.OrdinalIgnoreCase);
        }
        // What the log must say: operation, target, status, time, retries.
        Assert.Matches(@"^AWS Lambda GetFunction my-func -> 200 in \d+ ms, 1 retry \(429 TooManyRequestsException\)", records[0].ToString());
        Assert.Contains("-> 403 AccessDeniedException", records[1].ToString());
        Assert.Contains("-> no response ConnectionFailure", records[2].ToString());
    }

    [Fact]
    public async Task Transport_WaitsForQuota_AndSlowsDownOn429()
    {
        var clock = new FakeClock();
        var gate = new AwsQuotaGate(new AwsQuotaSettings { LambdaOtherRate = 2, LambdaOtherBurst = 2 }, clock);
        var handler = new FakeHandler();
        var transport = TransportFactory.Create(handler, out _, clock: clock, gate: gate);

        for (var i = 0; i < 4; i++) await transport.SendAsync(TransportFactory.Get("ListAliases"), CancellationToken.None);

        // Burst of 2, then one token per 0.5 s.
        Assert.Equal(TimeSpan.FromSeconds(1), clock.Now);

        handler.Then(() => AwsError(429, "TooManyRequestsException", "Rate exceeded", "message", ("Retry-After", "3")));
        await transport.SendAsync(TransportFactory.Get("ListAliases"), CancellationToken.None);
        var bucket = Assert.Single(gate.BucketsFor(AwsService.Lambda, "ListAliases"));
        Assert.True(bucket.CurrentRate < 2, "rate after a 429: " + bucket.CurrentRate);
        Assert.True(clock.Now >= TimeSpan.FromSeconds(1 + 3), "Retry-After blocks the bucket; now " + clock.Now);
    }
}
