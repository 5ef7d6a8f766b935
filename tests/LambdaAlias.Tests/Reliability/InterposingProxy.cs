using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LambdaAlias.Tests.Reliability;

/// <summary>An answer the proxy gives itself: status, x-amzn-ErrorType and JSON body.</summary>
public sealed record ProxyAnswer(int Status, string ErrorType, string Body)
{
    /// <summary>Lambda's AccessDeniedException, as IAM answers a call the credentials may not make.</summary>
    public static ProxyAnswer LambdaAccessDenied(string operation) =>
        new(403, "AccessDeniedException", "{\"Type\":\"User\",\"Message\":\"User: arn:aws:iam::123456789012:user/operator is not authorized to perform: lambda:" + operation + "\"}");
}

/// <summary>One AWS call passing through the <see cref="InterposingProxy"/>.</summary>
public sealed class ProxiedCall
{
    public long Number { get; init; }
    public string Method { get; init; }
    /// <summary>Path and query exactly as the client sent them.</summary>
    public string RawTarget { get; init; }
    /// <summary>The AWS operation for the mutating calls a migration or rollback makes (see <see cref="InterposingProxy.Classify"/>);
    /// "Read" for GETs and "Other" for any other call (e.g. STS).</summary>
    public string Operation { get; init; }
    public bool Mutating => Operation != "Read" && Operation != "Other";
    /// <summary>The function (Lambda) or API id (API Gateway) the path names.</summary>
    public string Resource { get; init; }
    /// <summary>The status the emulator answered; 0 when the connection was dropped.</summary>
    public int Status { get; set; }

    public override string ToString() => $"#{Number} {Operation} {Method} {RawTarget} -> {Status}";
}

/// <summary>
/// A loopback HTTP proxy between a cmdlet and the in-process emulator. It forwards every request byte for byte (the
/// Host header included, so the client's SigV4 signature still verifies) and lets a test act at exact points of a
/// run: <see cref="BeforeForward"/> runs before a call reaches the emulator (to delete a resource or race a deploy
/// right before that call), <see cref="AfterResponse"/> runs after the emulator answered and before the client gets
/// the answer, so the client cannot start its next step until the hook is done: a deterministic step boundary.
/// A dropped or hung emulator connection is passed on as a dropped client connection.
/// </summary>
public sealed class InterposingProxy : IAsyncDisposable
{
    private static readonly (string Method, Regex Path, string Operation)[] Operations =
    {
        ("POST", new Regex(@"^/2015-03-31/functions/(?<r>[^/?]+)/versions(\?|$)"), "PublishVersion"),
        ("POST", new Regex(@"^/2015-03-31/functions/(?<r>[^/?]+)/aliases(\?|$)"), "CreateAlias"),
        ("PUT", new Regex(@"^/2015-03-31/functions/(?<r>[^/?]+)/aliases/[^/?]+(\?|$)"), "UpdateAlias"),
        ("DELETE", new Regex(@"^/2015-03-31/functions/(?<r>[^/?]+)/aliases/[^/?]+(\?|$)"), "DeleteAlias"),
        ("POST", new Regex(@"^/2015-03-31/functions/(?<r>[^/?]+)/policy(\?|$)"), "AddPermission"),
        ("DELETE", new Regex(@"^/2015-03-31/functions/(?<r>[^/?]+)/policy/[^/?]+(\?|$)"), "RemovePermission"),
        ("PUT", new Regex(@"^/2015-03-31/event-source-mappings/(?<r>[^/?]+)(\?|$)"), "UpdateEventSourceMapping"),
        ("PATCH", new Regex(@"^/restapis/(?<r>[^/?]+)/resources/[^/?]+/methods/[^/?]+/integration(\?|$)"), "UpdateIntegration"),
        ("PATCH", new Regex(@"^/restapis/(?<r>[^/?]+)/authorizers/[^/?]+(\?|$)"), "UpdateAuthorizer"),
        ("PATCH", new Regex(@"^/restapis/(?<r>[^/?]+)/stages/[^/?]+(\?|$)"), "UpdateStage"),
        ("POST", new Regex(@"^/restapis/(?<r>[^/?]+)/deployments(\?|$)"), "CreateDeployment"),
        ("PATCH", new Regex(@"^/v2/apis/(?<r>[^/?]+)/integrations/[^/?]+(\?|$)"), "UpdateIntegration"),
        ("PATCH", new Regex(@"^/v2/apis/(?<r>[^/?]+)/authorizers/[^/?]+(\?|$)"), "UpdateAuthorizer"),
        ("PATCH", new Regex(@"^/v2/apis/(?<r>[^/?]+)/stages/[^/?]+(\?|$)"), "UpdateStage"),
        ("POST", new Regex(@"^/v2/apis/(?<r>[^/?]+)/deployments(\?|$)"), "CreateDeployment"),
    };

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Content-Length",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly string _upstreamBase;
    private readonly object _sync = new();
    private readonly List<ProxiedCall> _calls = new();
    private long _number;

    private InterposingProxy(WebApplication app, string upstreamBase)
    {
        _app = app;
        _upstreamBase = upstreamBase.TrimEnd('/');
        _upstream = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public string BaseUrl { get; private set; }

    /// <summary>Runs before the call is forwarded. Throwing drops the client's connection without forwarding.</summary>
    public Func<ProxiedCall, Task> BeforeForward { get; set; }

    /// <summary>Answers a call itself instead of forwarding it when this returns an answer (e.g. a targeted AWS error).</summary>
    public Func<ProxiedCall, ProxyAnswer> Respond { get; set; }

    /// <summary>Runs once the emulator answered (or dropped the call: Status 0), before the client sees the outcome.</summary>
    public Func<ProxiedCall, Task> AfterResponse { get; set; }

    /// <summary>Every call so far, in arrival order.</summary>
    public IReadOnlyList<ProxiedCall> Calls { get { lock (_sync) return _calls.ToList(); } }

    public IReadOnlyList<ProxiedCall> MutatingCalls => Calls.Where(c => c.Mutating).ToList();

    public void ClearCalls() { lock (_sync) _calls.Clear(); }

    public static string Classify(string method, string rawTarget, out string resource)
    {
        resource = null;
        foreach (var (m, regex, operation) in Operations)
        {
            if (!string.Equals(m, method, StringComparison.OrdinalIgnoreCase)) continue;
            var match = regex.Match(rawTarget);
            if (!match.Success) continue;
            resource = Uri.UnescapeDataString(match.Groups["r"].Value);
            return operation;
        }
        return HttpMethods.IsGet(method) ? "Read" : "Other";
    }

    public static async Task<InterposingProxy> StartAsync(string upstreamBaseUrl)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var proxy = new InterposingProxy(app, upstreamBaseUrl);
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        proxy.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return proxy;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (context.Request.Path + context.Request.QueryString).ToString();
        var operation = Classify(context.Request.Method, rawTarget, out var resource);
        var call = new ProxiedCall { Number = Interlocked.Increment(ref _number), Method = context.Request.Method, RawTarget = rawTarget, Operation = operation, Resource = resource };
        lock (_sync) _calls.Add(call);

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);

        try
        {
            if (BeforeForward != null) await BeforeForward(call);
        }
        catch (Exception)
        {
            context.Abort();
            return;
        }

        if (Respond?.Invoke(call) is { } answer)
        {
            call.Status = answer.Status;
            await RunAfter(call);
            context.Response.StatusCode = answer.Status;
            context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
            if (answer.ErrorType != null) context.Response.Headers["x-amzn-ErrorType"] = answer.ErrorType;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.Body ?? "{}", context.RequestAborted);
            return;
        }

        var uri = new Uri(_upstreamBase + rawTarget, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var forward = new HttpRequestMessage(new HttpMethod(context.Request.Method), uri);
        if (body.Length > 0 || !HttpMethods.IsGet(context.Request.Method)) forward.Content = new ByteArrayContent(body.ToArray());
        foreach (var header in context.Request.Headers)
        {
            if (HopByHop.Contains(header.Key)) continue;
            if (string.Equals(header.Key, "Host", StringComparison.OrdinalIgnoreCase)) { forward.Headers.Host = header.Value.ToString(); continue; }
            if (!forward.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string>)header.Value)) forward.Content?.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string>)header.Value);
        }

        HttpResponseMessage response;
        byte[] responseBody;
        try
        {
            response = await _upstream.SendAsync(forward, HttpCompletionOption.ResponseContentRead, context.RequestAborted);
            responseBody = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
        }
        catch (Exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            // The emulator dropped (or hung up) the connection: so does the proxy.
            call.Status = 0;
            await RunAfter(call);
            context.Abort();
            return;
        }
        catch (OperationCanceledException)
        {
            return; // The client gave up first.
        }

        using (response)
        {
            call.Status = (int)response.StatusCode;
            await RunAfter(call);
            context.Response.StatusCode = call.Status;
            foreach (var header in response.Headers.Concat(response.Content.Headers))
            {
                if (HopByHop.Contains(header.Key)) continue;
                context.Response.Headers[header.Key] = header.Value.ToArray();
            }
            context.Response.ContentLength = responseBody.Length;
            await context.Response.Body.WriteAsync(responseBody, context.RequestAborted);
        }
    }

    private async Task RunAfter(ProxiedCall call)
    {
        // A hook's failure must not turn into a changed answer for the client: the test records it instead.
        if (AfterResponse == null) return;
        try { await AfterResponse(call); }
        catch (Exception e) { HookFailures.Add(call + ": " + e.Message); }
    }

    /// <summary>Exceptions thrown by <see cref="AfterResponse"/>; a test asserts this is empty.</summary>
    public System.Collections.Concurrent.ConcurrentBag<string> HookFailures { get; } = new();

    public async ValueTask DisposeAsync()
    {
        _upstream.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
