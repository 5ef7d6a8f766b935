using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace LambdaAlias.Bench;

/// <summary>What the naive scan found.</summary>
public sealed class NaiveFindings
{
    public long RestVersionPins { get; set; }
    public long RestAuthorizerVersionPins { get; set; }
    public long HttpVersionPins { get; set; }
    public long EventSourceMappingVersionPins { get; set; }
    public long Total => RestVersionPins + RestAuthorizerVersionPins + HttpVersionPins + EventSourceMappingVersionPins;
    public long FunctionsLookedUp { get; set; }
    public long Retries { get; set; }
    public TimeSpan? FirstPinAt { get; set; }
}

/// <summary>
/// What operators script today with the per-API cmdlets (Get-AGRestApiList, Get-AGResourceList, Get-AGIntegration, ...):
/// one call after another, no parallelism, no embed=methods, no caching beyond "look each pinned function up once".
/// GetRestApis, then GetResources and GetIntegration for every method, GetAuthorizers and GetStages of each REST API;
/// GetApis, GetRoutes and GetIntegration per route of each HTTP API; ListEventSourceMappings; GetFunction per pinned
/// function. It uses its own signed HTTP client (AWSSDK.Core's SigV4SigningHandler) against the same emulator, with the
/// same latency and quotas, and retries a 429 after its Retry-After, as the AWS SDKs do.
/// </summary>
public sealed class NaiveScanner : IDisposable
{
    private static readonly Regex InvocationsUri = new(@"functions/(?<arn>arn:[^/]+)/invocations", RegexOptions.Compiled);
    private static readonly Regex FunctionArn = new(@"^arn:[^:]+:lambda:[^:]+:[^:]+:function:(?<name>[^:]+)(:(?<qualifier>[^:]+))?$", RegexOptions.Compiled);
    private readonly HttpClient _http;
    private readonly string _baseUrl;
    private readonly double _timeScale;
    private readonly HashSet<string> _functionsLookedUp = new(StringComparer.Ordinal);
    private readonly System.Diagnostics.Stopwatch _clock = new();
    private NaiveFindings _findings;

    public NaiveScanner(string baseUrl, string region, double timeScale)
    {
        _baseUrl = baseUrl.TrimEnd('/');
        _timeScale = timeScale;
        var credentials = new BasicAWSCredentials("test", "test");
        var wire = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, MaxConnectionsPerServer = 4 };
        _http = new HttpClient(new SigV4SigningHandler(credentials, RegionEndpoint.GetBySystemName(region), "apigateway", wire)) { Timeout = TimeSpan.FromSeconds(120) };
    }

    public async Task<NaiveFindings> RunAsync(CancellationToken cancellationToken)
    {
        _findings = new NaiveFindings();
        _functionsLookedUp.Clear();
        _clock.Restart();

        // REST APIs.
        await foreach (var api in PagesAsync("apigateway", "/restapis?limit=500", "item", "position", "position", cancellationToken))
        {
            var apiId = api.GetProperty("id").GetString();
            await foreach (var resource in PagesAsync("apigateway", $"/restapis/{apiId}/resources?limit=500", "item", "position", "position", cancellationToken))
            {
                if (!resource.TryGetProperty("resourceMethods", out var methods) || methods.ValueKind != JsonValueKind.Object) continue;
                var resourceId = resource.GetProperty("id").GetString();
                foreach (var method in methods.EnumerateObject())
                {
                    using var integration = await GetAsync("apigateway", $"/restapis/{apiId}/resources/{resourceId}/methods/{method.Name}/integration", cancellationToken, allowNotFound: true);
                    if (integration == null) continue;
                    if (integration.RootElement.TryGetProperty("uri", out var uri) && await IsVersionPinAsync(uri.GetString(), cancellationToken))
                        _findings.RestVersionPins++;
                }
            }
            await foreach (var authorizer in PagesAsync("apigateway", $"/restapis/{apiId}/authorizers?limit=500", "item", "position", "position", cancellationToken))
            {
                if (authorizer.TryGetProperty("authorizerUri", out var uri) && await IsVersionPinAsync(uri.GetString(), cancellationToken))
                    _findings.RestAuthorizerVersionPins++;
            }
            // Stage variables may pin too; an operator reads them with Get-AGStageList.
            using var stages = await GetAsync("apigateway", $"/restapis/{apiId}/stages", cancellationToken);
        }

        // HTTP APIs.
        await foreach (var api in PagesAsync("apigateway", "/v2/apis?maxResults=500", "items", "nextToken", "nextToken", cancellationToken))
        {
            var apiId = api.GetProperty("apiId").GetString();
            await foreach (var route in PagesAsync("apigateway", $"/v2/apis/{apiId}/routes?maxResults=500", "items", "nextToken", "nextToken", cancellationToken))
            {
                if (!route.TryGetProperty("target", out var target) || target.GetString() is not { } t || !t.StartsWith("integrations/", StringComparison.Ordinal)) continue;
                using var integration = await GetAsync("apigateway", $"/v2/apis/{apiId}/integrations/{t.Substring("integrations/".Length)}", cancellationToken, allowNotFound: true);
                if (integration == null) continue;
                if (integration.RootElement.TryGetProperty("integrationUri", out var uri) && await IsVersionPinAsync(uri.GetString(), cancellationToken))
                    _findings.HttpVersionPins++;
            }
        }

        // Event source mappings.
        await foreach (var mapping in PagesAsync("lambda", "/2015-03-31/event-source-mappings/?MaxItems=100", "EventSourceMappings", "NextMarker", "Marker", cancellationToken))
        {
            if (mapping.TryGetProperty("FunctionArn", out var arn) && await IsVersionPinAsync(arn.GetString(), cancellationToken))
                _findings.EventSourceMappingVersionPins++;
        }

        _findings.FunctionsLookedUp = _functionsLookedUp.Count;
        return _findings;
    }

    /// <summary>Parses the integration URI or function ARN; for a version pin, looks the function up once (GetFunction).</summary>
    private async Task<bool> IsVersionPinAsync(string uriOrArn, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(uriOrArn)) return false;
        var invocations = InvocationsUri.Match(uriOrArn);
        var arn = invocations.Success ? invocations.Groups["arn"].Value : uriOrArn;
        var m = FunctionArn.Match(arn);
        if (!m.Success || !m.Groups["qualifier"].Success) return false;
        var qualifier = m.Groups["qualifier"].Value;
        if (qualifier.Length == 0 || !qualifier.All(char.IsAsciiDigit)) return false;
        _findings.FirstPinAt ??= _clock.Elapsed;
        var name = m.Groups["name"].Value;
        if (_functionsLookedUp.Add(name))
        {
            using var function = await GetAsync("lambda", "/2015-03-31/functions/" + Uri.EscapeDataString(name), cancellationToken, allowNotFound: true);
        }
        return true;
    }

    private async IAsyncEnumerable<JsonElement> PagesAsync(string service, string firstPath, string itemsMember, string tokenMember, string tokenParameter,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string token = null;
        do
        {
            var path = token == null ? firstPath : firstPath + (firstPath.Contains('?') ? "&" : "?") + tokenParameter + "=" + Uri.EscapeDataString(token);
            using var page = await GetAsync(service, path, cancellationToken);
            token = page.RootElement.TryGetProperty(tokenMember, out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            if (page.RootElement.TryGetProperty(itemsMember, out var items) && items.ValueKind == JsonValueKind.Array)
                foreach (var item in items.EnumerateArray()) yield return item.Clone();
        } while (!string.IsNullOrEmpty(token));
    }

    /// <summary>One signed GET, retried on 429/5xx after Retry-After (the emulator scales it with the time-scale) or, without
    /// one, a short exponential backoff; up to 30 attempts.</summary>
    private async Task<JsonDocument> GetAsync(string service, string pathAndQuery, CancellationToken cancellationToken, bool allowNotFound = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, _baseUrl + pathAndQuery);
            request.Options.Set(new HttpRequestOptionsKey<string>(SigV4SigningHandler.ServiceOptionKey), service);
            using var response = await _http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return JsonDocument.Parse(string.IsNullOrEmpty(body) ? "{}" : body);
            if (allowNotFound && response.StatusCode == HttpStatusCode.NotFound) return null;
            var retryable = status == 429 || status >= 500;
            if (!retryable || attempt >= 30)
                throw new InvalidOperationException($"Naive scan: GET {pathAndQuery} failed with {status} {body}");
            _findings.Retries++;
            await Task.Delay(RetryDelay(response, attempt), cancellationToken);
        }
    }

    private TimeSpan RetryDelay(HttpResponseMessage response, int attempt)
    {
        if (response.Headers.TryGetValues("Retry-After", out var values) &&
            double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            return TimeSpan.FromSeconds(seconds);
        // The SDKs' default: exponential backoff from 100 ms, nominal, sped up like everything else.
        return TimeSpan.FromMilliseconds(Math.Min(20_000, 100 * Math.Pow(2, attempt - 1)) / _timeScale);
    }

    public void Dispose() => _http.Dispose();
}
