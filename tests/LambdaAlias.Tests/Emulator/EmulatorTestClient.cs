using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using LambdaAlias.Emulator;

namespace LambdaAlias.Tests.Emulator;

/// <summary>A response from the emulator, kept whole so tests and the fidelity checker can look at status, headers and body.</summary>
public sealed class EmulatorResponse
{
    public int Status { get; init; }
    public string Body { get; init; }
    public IReadOnlyDictionary<string, string> Headers { get; init; }
    public string ContentType { get; init; }

    /// <summary>x-amzn-ErrorType without any ":url" suffix, or null.</summary>
    public string ErrorType => Headers.TryGetValue("x-amzn-ErrorType", out var t) ? t.Split(':')[0] : null;
    public string Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    /// <summary>The body parsed as JSON (a clone, safe to keep).</summary>
    public JsonElement Json
    {
        get
        {
            using var doc = JsonDocument.Parse(string.IsNullOrEmpty(Body) ? "{}" : Body);
            return doc.RootElement.Clone();
        }
    }

    public override string ToString() => $"{Status} {ErrorType} {Body}";
}

/// <summary>Talks to an in-process emulator the way an AWS client does: every request is signed by AWSSDK.Core's
/// <see cref="SigV4SigningHandler"/> with the service's signing name. <see cref="AfterSigning"/> lets a test tamper with
/// a request after it was signed, to prove the emulator rejects it.</summary>
public sealed class EmulatorTestClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly HttpClient _unsigned;
    public string BaseUrl { get; }

    /// <summary>Runs after signing and before sending; change the request here to tamper with it.</summary>
    public Func<HttpRequestMessage, Task> AfterSigning { get; set; }

    public EmulatorTestClient(EmulatorHost host, string accessKey = "test", string secretKey = "test", string sessionToken = null, string region = "us-east-1")
        : this(host.BaseUrl, accessKey, secretKey, sessionToken, region) { }

    public EmulatorTestClient(string baseUrl, string accessKey = "test", string secretKey = "test", string sessionToken = null, string region = "us-east-1")
    {
        BaseUrl = baseUrl.TrimEnd('/');
        AWSCredentials credentials = sessionToken == null ? new BasicAWSCredentials(accessKey, secretKey) : new SessionAWSCredentials(accessKey, secretKey, sessionToken);
        var transport = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
        var tamper = new TamperHandler(this) { InnerHandler = transport };
        _http = new HttpClient(new SigV4SigningHandler(credentials, RegionEndpoint.GetBySystemName(region), "lambda", tamper)) { Timeout = TimeSpan.FromSeconds(60) };
        _unsigned = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(60) };
    }

    public Task<EmulatorResponse> LambdaAsync(HttpMethod method, string pathAndQuery, object body = null, CancellationToken ct = default)
        => SendAsync("lambda", method, pathAndQuery, body, ct: ct);

    public Task<EmulatorResponse> ApiGatewayAsync(HttpMethod method, string pathAndQuery, object body = null, IDictionary<string, string> headers = null, CancellationToken ct = default)
        => SendAsync("apigateway", method, pathAndQuery, body, headers, ct);

    /// <summary>Sign for <paramref name="signingService"/> and send. A string body is sent as is; any other object is
    /// serialised to JSON.</summary>
    public async Task<EmulatorResponse> SendAsync(string signingService, HttpMethod method, string pathAndQuery, object body = null,
        IDictionary<string, string> headers = null, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(method, BaseUrl + pathAndQuery);
        request.Options.Set(new HttpRequestOptionsKey<string>(SigV4SigningHandler.ServiceOptionKey), signingService);
        if (body != null)
        {
            var text = body as string ?? JsonSerializer.Serialize(body);
            request.Content = new StringContent(text, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(body is string && text.Contains('=') && !text.TrimStart().StartsWith('{') ? "application/x-www-form-urlencoded" : "application/json");
        }
        foreach (var (k, v) in headers ?? new Dictionary<string, string>())
            if (!request.Headers.TryAddWithoutValidation(k, v)) request.Content?.Headers.TryAddWithoutValidation(k, v);
        using var response = await _http.SendAsync(request, ct);
        return await ToResponse(response);
    }

    /// <summary>STS GetCallerIdentity over the Query protocol, signed as "sts".</summary>
    public Task<EmulatorResponse> GetCallerIdentityAsync(CancellationToken ct = default)
        => SendAsync("sts", HttpMethod.Post, "/", "Action=GetCallerIdentity&Version=2011-06-15", ct: ct);

    /// <summary>An unsigned request, e.g. to the /_emulator/ control API or to prove unsigned calls are refused.</summary>
    public async Task<EmulatorResponse> SendUnsignedAsync(HttpMethod method, string pathAndQuery, object body = null, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(method, BaseUrl + pathAndQuery);
        if (body != null) request.Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var response = await _unsigned.SendAsync(request, ct);
        return await ToResponse(response);
    }

    private static async Task<EmulatorResponse> ToResponse(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in response.Headers) headers[h.Key] = string.Join(",", h.Value);
        foreach (var h in response.Content.Headers) headers[h.Key] = string.Join(",", h.Value);
        return new EmulatorResponse
        {
            Status = (int)response.StatusCode,
            Body = await response.Content.ReadAsStringAsync(),
            Headers = headers,
            ContentType = response.Content.Headers.ContentType?.MediaType,
        };
    }

    public void Dispose() { _http.Dispose(); _unsigned.Dispose(); }

    private sealed class TamperHandler(EmulatorTestClient owner) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (owner.AfterSigning != null) await owner.AfterSigning(request);
            return await base.SendAsync(request, ct);
        }
    }
}
