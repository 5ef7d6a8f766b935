using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Text;

namespace LambdaAlias.UnitTests.Aws.Transport;

/// <summary>What the fake wire saw for one attempt.</summary>
public sealed record SeenRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>An HttpMessageHandler that answers from a script of responders and records every attempt.</summary>
public sealed class FakeHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _script = new();
    private readonly Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> _fallback;
    public ConcurrentQueue<SeenRequest> Seen { get; } = new();
    public int Attempts => Seen.Count;

    public FakeHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> fallback = null)
    {
        _fallback = fallback ?? ((_, _) => Task.FromResult(Json(200, "{}")));
    }

    public FakeHandler Then(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> responder) { _script.Enqueue(responder); return this; }
    public FakeHandler Then(HttpResponseMessage response) => Then((_, _) => Task.FromResult(response));
    public FakeHandler Then(Func<HttpResponseMessage> response) => Then((_, _) => Task.FromResult(response()));
    public FakeHandler ThenThrow(Exception e) => Then((_, _) => Task.FromException<HttpResponseMessage>(e));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in request.Headers) headers[h.Key] = string.Join(",", h.Value);
        string body = null;
        if (request.Content != null)
        {
            foreach (var h in request.Content.Headers) headers[h.Key] = string.Join(",", h.Value);
            body = await request.Content.ReadAsStringAsync(cancellationToken);
        }
        Seen.Enqueue(new SeenRequest(request.Method.Method, request.RequestUri, headers, body));
        var responder = _script.TryDequeue(out var next) ? next : _fallback;
        return await responder(request, cancellationToken);
    }

    public static HttpResponseMessage Json(int status, string body, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, value)) response.Content.Headers.TryAddWithoutValidation(name, value);
        }
        return response;
    }

    public static HttpResponseMessage AwsError(int status, string code, string message, string messageField = "message", params (string Name, string Value)[] headers)
    {
        var all = new List<(string, string)> { ("x-amzn-ErrorType", code), ("x-amzn-RequestId", "req-" + code) };
        all.AddRange(headers);
        return Json(status, "{\"" + messageField + "\":\"" + message + "\"}", all.ToArray());
    }

    public static HttpRequestException ConnectionReset() =>
        new("An error occurred while sending the request.", new IOException("Unable to read data from the transport connection: Connection reset by peer."));
}

/// <summary>A clock whose Delay advances time instantly, recording every wait.</summary>
public sealed class FakeClock : IAwsClock
{
    private long _ticks;
    public ConcurrentQueue<TimeSpan> Delays { get; } = new();
    public TimeSpan Now => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));
    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Delays.Enqueue(delay);
        if (delay > TimeSpan.Zero) Advance(delay);
        return Task.CompletedTask;
    }
}

internal static class TransportFactory
{
    public const string AccessKey = "AKIDEXAMPLETRANSPORT";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string SessionToken = "FQoGZXIvYXdzEXAMPLESESSIONTOKENvalue==";

    public static AwsHttpTransport Create(FakeHandler handler, out AwsCallLog log, AwsService service = AwsService.Lambda,
        AwsRetryPolicy policy = null, IAwsClock clock = null, AwsQuotaGate gate = null, string baseUrl = "https://lambda.us-east-1.amazonaws.com/", string sessionToken = SessionToken)
    {
        log = new AwsCallLog();
        var endpoint = new AwsEndpoint { Service = service, BaseUri = new Uri(baseUrl), SigningName = EndpointResolver.SigningName(service), Source = AwsEndpointSource.Regional };
        Amazon.Runtime.AWSCredentials credentials = sessionToken == null
            ? new Amazon.Runtime.BasicAWSCredentials(AccessKey, SecretKey)
            : new Amazon.Runtime.SessionAWSCredentials(AccessKey, SecretKey, sessionToken);
        return new AwsHttpTransport(endpoint, "us-east-1", credentials, new AwsTransportOptions
        {
            InnerHandler = handler,
            RetryPolicy = policy ?? new AwsRetryPolicy(seed: 7),
            Clock = clock ?? new FakeClock(),
            CallLog = log,
            QuotaGate = gate,
        });
    }

    public static AwsRequest Get(string operation = "GetFunction", string path = "/2015-03-31/functions/my-func", bool idempotent = true) =>
        new() { Service = AwsService.Lambda, Operation = operation, Target = "my-func", HttpMethod = "GET", Path = path, IsIdempotent = idempotent };

    public static AwsRequest Put(string operation = "UpdateAlias", bool idempotent = false) =>
        new() { Service = AwsService.Lambda, Operation = operation, Target = "my-func:live", HttpMethod = "PUT", Path = "/2015-03-31/functions/my-func/aliases/live", Body = "{\"FunctionVersion\":\"2\"}", IsIdempotent = idempotent };
}
