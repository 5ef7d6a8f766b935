using System.Text.Json;
using LambdaAlias.Emulator.Infrastructure;

namespace LambdaAlias.Emulator.Control;

/// <summary>Fault rule as JSON on POST /_emulator/faults.</summary>
public sealed class FaultRuleRequest
{
    public string Operation { get; set; }
    public string Service { get; set; }
    public int OnCall { get; set; } = 1;
    public int Times { get; set; } = 1;
    /// <summary>"error" (default), "drop" or "timeout".</summary>
    public FaultKind Kind { get; set; } = FaultKind.Error;
    public int Status { get; set; } = 500;
    public string Code { get; set; }
    public string Message { get; set; }
    public double? RetryAfterSeconds { get; set; }
    public double? HangForSeconds { get; set; }

    public FaultRule ToRule() => new()
    {
        Operation = Operation, Service = Service, OnCall = OnCall, Times = Times, Kind = Kind, Status = Status, Code = Code,
        Message = Message, RetryAfterSeconds = RetryAfterSeconds, HangFor = TimeSpan.FromSeconds(HangForSeconds ?? 30),
    };
}

public sealed class QuotaRequest
{
    public bool? Enabled { get; set; }
    /// <summary>Refill every bucket and zero its counters.</summary>
    public bool Reset { get; set; }
    /// <summary>Replace the rules; "aws" restores AWS's published quotas.</summary>
    public List<QuotaRule> Rules { get; set; }
    public bool RestoreAwsDefaults { get; set; }
}

public sealed class LatencyRequest
{
    public double? DefaultMs { get; set; }
    public double? JitterMs { get; set; }
    public Dictionary<string, double> PerOperationMs { get; set; }
    public bool Clear { get; set; }
}

public sealed class ScenarioRequest
{
    /// <summary>A scenario name under Scenarios/ (e.g. "demo"), a folder or a JSON file path.</summary>
    public string Name { get; set; }
    /// <summary>An inline scenario document with "lambda", "apigateway" and "apigatewayv2" sections.</summary>
    public JsonElement? Document { get; set; }
    /// <summary>Clear all state first (default true).</summary>
    public bool Replace { get; set; } = true;
}

public sealed class CredentialRequest
{
    public string AccessKeyId { get; set; }
    public string SecretAccessKey { get; set; }
    public string SessionToken { get; set; }
    public string PrincipalArn { get; set; }
}

public sealed class InvokeRequest
{
    public string FunctionRef { get; set; }
    public string Principal { get; set; }
    public string SourceArn { get; set; }
    public string SourceAccount { get; set; }
    public string CredentialsRoleArn { get; set; }
    public double RoutingSample { get; set; }
}

/// <summary>The control surface under /_emulator/ (unsigned, never logged as AWS calls). Everything here is also
/// reachable in-process through <see cref="EmulatorHost"/>.</summary>
public static class ControlApi
{
    public static void Map(WebApplication app, EmulatorRuntime runtime, Action<string> reset, Action<ScenarioRequest> loadScenario)
    {
        var g = app.MapGroup(AwsPipeline.ControlPrefix);
        IResult Json(object value, int status = 200) => Results.Json(value, AwsWire.ControlJson, statusCode: status);

        g.MapGet("/health", () => Json(new { status = "ok", accountId = runtime.State.AccountId, region = runtime.State.Region, timeScale = runtime.Timing.Scale }));

        g.MapGet("/requests", (string operation, string service, bool? mutating, long? after) =>
            Json(new { requests = runtime.Requests.Query(operation, service, mutating, after ?? 0) }));
        g.MapDelete("/requests", () => { runtime.Requests.Clear(); return Results.NoContent(); });

        g.MapGet("/faults", () => Json(new { faults = runtime.Faults.Rules.Select(Describe) }));
        g.MapPost("/faults", async (HttpRequest request) =>
        {
            var body = await Read<FaultRuleRequest>(request);
            try { return Json(Describe(runtime.Faults.Add(body.ToRule())), 201); }
            catch (ArgumentException e) { return Json(new { message = e.Message }, 400); }
        });
        g.MapDelete("/faults", () => { runtime.Faults.Clear(); return Results.NoContent(); });
        g.MapDelete("/faults/{id}", (string id) => runtime.Faults.Remove(id) ? Results.NoContent() : Results.NotFound());

        g.MapGet("/quotas", () => Json(QuotaView(runtime)));
        g.MapPost("/quotas", async (HttpRequest request) =>
        {
            var body = await Read<QuotaRequest>(request);
            if (body.RestoreAwsDefaults) runtime.Quotas.SetRules(QuotaManager.AwsDefaults());
            if (body.Rules != null) runtime.Quotas.SetRules(body.Rules);
            if (body.Reset) runtime.Quotas.Reset();
            if (body.Enabled != null) runtime.Quotas.Enabled = body.Enabled.Value;
            return Json(QuotaView(runtime));
        });

        g.MapGet("/latency", () => Json(LatencyView(runtime)));
        g.MapPost("/latency", async (HttpRequest request) =>
        {
            var body = await Read<LatencyRequest>(request);
            if (body.Clear) runtime.Latency.Clear();
            if (body.DefaultMs != null) runtime.Latency.Default = TimeSpan.FromMilliseconds(body.DefaultMs.Value);
            if (body.JitterMs != null) runtime.Latency.Jitter = TimeSpan.FromMilliseconds(body.JitterMs.Value);
            foreach (var (op, ms) in body.PerOperationMs ?? new()) runtime.Latency.Set(op, TimeSpan.FromMilliseconds(ms));
            return Json(LatencyView(runtime));
        });

        g.MapGet("/time-scale", () => Json(new { factor = runtime.Timing.Scale }));
        g.MapPost("/time-scale", async (HttpRequest request) =>
        {
            using var doc = await JsonDocument.ParseAsync(request.Body);
            if (!doc.RootElement.TryGetProperty("factor", out var f) || !f.TryGetDouble(out var factor) || !(factor > 0))
                return Json(new { message = "Body must be {\"factor\": <positive number>}." }, 400);
            runtime.Timing.Scale = factor;
            return Json(new { factor = runtime.Timing.Scale });
        });

        g.MapPost("/credentials", async (HttpRequest request) =>
        {
            var body = await Read<CredentialRequest>(request);
            if (string.IsNullOrEmpty(body.AccessKeyId) || string.IsNullOrEmpty(body.SecretAccessKey))
                return Json(new { message = "accessKeyId and secretAccessKey are required." }, 400);
            runtime.Signing.Add(new TestCredential(body.AccessKeyId, body.SecretAccessKey, body.SessionToken, body.PrincipalArn));
            return Json(new { accessKeyIds = runtime.Signing.AccessKeyIds }, 201);
        });

        g.MapPost("/reset", async (HttpRequest request) =>
        {
            string scenario = null;
            var useStart = true;
            if (request.ContentLength is > 0)
            {
                using var doc = await JsonDocument.ParseAsync(request.Body);
                if (doc.RootElement.TryGetProperty("scenario", out var s))
                {
                    useStart = false;
                    scenario = s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                }
            }
            reset(useStart ? EmulatorHost.StartScenarioMarker : scenario);
            return Results.NoContent();
        });

        g.MapPost("/scenario", async (HttpRequest request) =>
        {
            var body = await Read<ScenarioRequest>(request);
            if (body.Name == null && body.Document == null) return Json(new { message = "Give a scenario \"name\" or an inline \"document\"." }, 400);
            try { loadScenario(body); }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException or InvalidOperationException or ArgumentException)
            { return Json(new { message = e.Message }, 400); }
            return Results.NoContent();
        });

        g.MapPost("/probe", async (HttpRequest request) =>
        {
            var body = await Read<ProbeRequest>(request);
            return Json(EmulatorHost.Probe(runtime.State, body));
        });

        g.MapPost("/invoke", async (HttpRequest request) =>
        {
            var b = await Read<InvokeRequest>(request);
            return Json(runtime.State.InvokeLambda(b.FunctionRef, b.Principal, b.SourceArn, b.SourceAccount, b.CredentialsRoleArn, b.RoutingSample));
        });
    }

    private static async Task<T> Read<T>(HttpRequest request) where T : new()
    {
        if (request.ContentLength == 0) return new T();
        return await JsonSerializer.DeserializeAsync<T>(request.Body, AwsWire.ControlJson) ?? new T();
    }

    private static object Describe(FaultRule r) => new
    {
        id = r.Id, operation = r.Operation, service = r.Service, onCall = r.OnCall, times = r.Times, kind = r.Kind.ToString().ToLowerInvariant(),
        status = r.Status, code = r.Code, message = r.Message, retryAfterSeconds = r.RetryAfterSeconds, hangForSeconds = r.HangFor.TotalSeconds,
        callsCounted = r.CallsCounted, timesFired = r.TimesFired,
    };

    private static object QuotaView(EmulatorRuntime runtime) => new
    {
        enabled = runtime.Quotas.Enabled, timeScale = runtime.Timing.Scale, throttled = runtime.Quotas.ThrottledCount, buckets = runtime.Quotas.Status(),
    };

    private static object LatencyView(EmulatorRuntime runtime) => new
    {
        defaultMs = runtime.Latency.Default.TotalMilliseconds, jitterMs = runtime.Latency.Jitter.TotalMilliseconds,
        perOperationMs = runtime.Latency.PerOperation.ToDictionary(kv => kv.Key, kv => kv.Value.TotalMilliseconds), timeScale = runtime.Timing.Scale,
    };
}
