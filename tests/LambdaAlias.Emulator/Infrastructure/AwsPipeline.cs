using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace LambdaAlias.Emulator.Infrastructure;

/// <summary>The emulator's cross-cutting machinery, shared by the pipeline, the control API and <see cref="EmulatorHost"/>.</summary>
public sealed class EmulatorRuntime
{
    public EmulatorRuntime(EmulatorState state)
    {
        State = state;
        Timing = state.Timing;
        Quotas = new QuotaManager(Timing);
        Latency = new LatencyInjector(Timing);
    }

    public EmulatorState State { get; }
    public EmulatorTiming Timing { get; }
    public SigningOptions Signing { get; } = new();
    public RequestLog Requests { get; } = new();
    public FaultInjector Faults { get; } = new();
    public QuotaManager Quotas { get; }
    public LatencyInjector Latency { get; }
}

/// <summary>Runs after routing, for every request outside /_emulator/: reads the endpoint's <see cref="AwsOperation"/>,
/// verifies SigV4 against the operation's signing name, applies injected latency, faults and quotas, runs the handler,
/// turns <see cref="AwsErrorException"/> into the service's error format and records the call in the request log.</summary>
public static class AwsPipeline
{
    public const string ControlPrefix = "/_emulator";
    /// <summary>HttpContext.Items key of the request id (also sent as x-amzn-RequestId); the verified
    /// <see cref="TestCredential"/> is under typeof(TestCredential).</summary>
    public const string RequestIdItem = "aws.requestId";

    public static void UseAwsPipeline(this WebApplication app, EmulatorRuntime runtime)
        => app.Use((ctx, next) => InvokeAsync(ctx, next, runtime));

    private static async Task InvokeAsync(HttpContext ctx, Func<Task> next, EmulatorRuntime runtime)
    {
        if (ctx.Request.Path.StartsWithSegments(ControlPrefix)) { await next(); return; }

        var started = Stopwatch.GetTimestamp();
        var operation = ctx.GetEndpoint()?.Metadata.GetMetadata<AwsOperation>();
        var service = operation?.Service ?? GuessService(ctx.Request);
        var requestId = Guid.NewGuid().ToString();
        ctx.Response.Headers["x-amzn-RequestId"] = requestId;
        var rawTarget = ctx.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (ctx.Request.Path + ctx.Request.QueryString).ToString();
        var scope = SigV4Verifier.ReadScope(ctx.Request.Headers.Authorization.ToString());
        string fault = null;
        var throttled = false;

        void Log(int status, string errorCode) => runtime.Requests.Add(new RequestLogEntry
        {
            Sequence = runtime.Requests.NextSequence(),
            Timestamp = DateTimeOffset.UtcNow,
            Service = service,
            Operation = operation?.Name ?? "Unknown",
            Method = ctx.Request.Method,
            Path = rawTarget,
            Mutating = operation?.Mutating ?? false,
            Status = status,
            ErrorCode = errorCode,
            Throttled = throttled,
            Fault = fault,
            AccessKeyId = scope.AccessKeyId,
            SigningRegion = scope.Region,
            DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        });

        async Task Fail(AwsErrorException error, string retryAfter = null)
        {
            await AwsWire.WriteAsync(ctx, service, error, requestId, retryAfter);
            Log(error.StatusCode, error.Code);
        }

        // 1. Signature, over the body exactly as received.
        ctx.Request.EnableBuffering();
        byte[] body;
        using (var buffer = new MemoryStream())
        {
            await ctx.Request.Body.CopyToAsync(buffer, ctx.RequestAborted);
            body = buffer.ToArray();
        }
        ctx.Request.Body.Position = 0;
        var check = SigV4Verifier.Verify(ToSignable(ctx.Request, rawTarget, body), AwsWire.SigningName(service), runtime.State.Region, runtime.Signing, DateTimeOffset.UtcNow);
        if (!check.Valid) { await Fail(AwsWire.SignatureError(service, check)); return; }
        ctx.Items[typeof(TestCredential)] = check.Credential;
        ctx.Items[RequestIdItem] = requestId;

        if (operation == null)
        {
            // Signed but no operation here: AWS answers an unknown rest-json path with 404 UnknownOperationException.
            await Fail(AwsWire.Error(service, 404, "UnknownOperationException", $"The emulator serves no operation at {ctx.Request.Method} {ctx.Request.Path}."));
            return;
        }

        // 2. Injected latency: every answered call pays one round trip.
        try { await runtime.Latency.DelayAsync(operation.Name, ctx.RequestAborted); }
        catch (OperationCanceledException) { Log(0, null); return; }

        // 3. Injected faults.
        var rule = runtime.Faults.Next(service, operation.Name);
        var dropAfterCommit = rule?.Kind == FaultKind.DropAfterCommit;
        if (rule != null && !dropAfterCommit)
        {
            fault = rule.Kind.ToString().ToLowerInvariant();
            switch (rule.Kind)
            {
                case FaultKind.Drop:
                    ctx.Abort();
                    Log(0, null);
                    return;
                case FaultKind.Timeout:
                    try { await Task.Delay(rule.HangFor, ctx.RequestAborted); } catch (OperationCanceledException) { }
                    ctx.Abort();
                    Log(0, null);
                    return;
                default:
                    var code = rule.Code ?? FaultInjector.DefaultCode(service, rule.Status);
                    var error = service == "lambda" ? AwsWire.LambdaError(rule.Status, code, rule.Message ?? $"Injected fault: {code}") : new AwsErrorException(rule.Status, code, rule.Message ?? $"Injected fault: {code}");
                    await Fail(error, rule.RetryAfterSeconds is { } seconds ? seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
                    return;
            }
        }

        // 4. Quotas.
        var decision = runtime.Quotas.TryAcquire(service, operation.Name);
        if (!decision.Allowed)
        {
            throttled = true;
            await Fail(AwsWire.ThrottleError(service), AwsWire.FormatRetryAfter(decision.RetryAfter.TotalSeconds, runtime.Timing.Scale));
            return;
        }

        // 5. The operation itself.
        if (dropAfterCommit)
        {
            fault = "dropaftercommit";
            var realBody = ctx.Response.Body;
            ctx.Response.Body = Stream.Null; // the answer is computed, then never sent
            try { await next(); }
            catch (Exception) { /* the client sees a dropped connection either way */ }
            finally { ctx.Response.Body = realBody; }
            ctx.Abort();
            Log(0, null);
            return;
        }
        try
        {
            await next();
            Log(ctx.Response.StatusCode, ctx.Response.StatusCode >= 400 ? ctx.Response.Headers["x-amzn-ErrorType"].ToString() : null);
        }
        catch (AwsErrorException e) when (!ctx.Response.HasStarted)
        {
            await Fail(e);
        }
        catch (Exception e) when (!ctx.Response.HasStarted && e is not OperationCanceledException)
        {
            var code = service == "lambda" ? "ServiceException" : service == "sts" ? "InternalFailure" : "InternalServerErrorException";
            await Fail(AwsWire.Error(service, 500, code, "Emulator failure: " + e.Message));
        }
    }

    private static SignableRequest ToSignable(HttpRequest request, string rawTarget, byte[] body)
    {
        var q = rawTarget.IndexOf('?');
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var h in request.Headers)
            headers[h.Key.ToLowerInvariant()] = h.Value.Select(v => v ?? "").ToList();
        if (!headers.ContainsKey("host") && request.Host.HasValue) headers["host"] = new[] { request.Host.Value };
        return new SignableRequest
        {
            Method = request.Method,
            RawPath = q < 0 ? rawTarget : rawTarget.Substring(0, q),
            RawQuery = q < 0 ? "" : rawTarget.Substring(q + 1),
            Headers = headers,
            Body = body,
        };
    }

    /// <summary>For paths no endpoint serves, the service whose signing name an AWS client would have used.</summary>
    private static string GuessService(HttpRequest request)
    {
        var path = request.Path.Value ?? "/";
        if (path.StartsWith("/2015-03-31/", StringComparison.Ordinal) || path.StartsWith("/2017-03-31/", StringComparison.Ordinal)
            || path.StartsWith("/2016-08-19/", StringComparison.Ordinal) || path.StartsWith("/2018-", StringComparison.Ordinal)
            || path.StartsWith("/2019-", StringComparison.Ordinal) || path.StartsWith("/2020-", StringComparison.Ordinal)
            || path.StartsWith("/2021-", StringComparison.Ordinal))
            return "lambda";
        if (path == "/" && HttpMethods.IsPost(request.Method)) return "sts";
        var scope = SigV4Verifier.ReadScope(request.Headers.Authorization.ToString());
        return scope.Service ?? "apigateway";
    }
}
