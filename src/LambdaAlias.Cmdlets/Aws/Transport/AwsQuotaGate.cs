using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>
    /// AWS's published control-plane quotas, per account and region. Rates can be scaled (a benchmark runs against an
    /// emulator whose quotas are time-scaled by the same factor) or switched off.
    /// </summary>
    public sealed class AwsQuotaSettings
    {
        /// <summary>Environment variable: a rate multiplier (e.g. "10"), or "off" to disable client-side quotas.</summary>
        public const string ScaleVariable = "LAMBDAALIAS_QUOTA_SCALE";

        public bool Enabled { get; set; } = true;
        /// <summary>Multiplies every rate (not the bursts).</summary>
        public double Scale { get; set; } = 1.0;

        /// <summary>API Gateway v1 and v2 together: 10 requests/s, burst 40.</summary>
        public double ApiGatewayRate { get; set; } = 10;
        public double ApiGatewayBurst { get; set; } = 40;
        /// <summary>GetResources: 5 requests per 2 seconds.</summary>
        public double GetResourcesRate { get; set; } = 2.5;
        public double GetResourcesBurst { get; set; } = 5;
        /// <summary>CreateDeployment: 1 request per 5 seconds.</summary>
        public double CreateDeploymentRate { get; set; } = 0.2;
        public double CreateDeploymentBurst { get; set; } = 1;
        /// <summary>Lambda GetFunction: 100 requests/s.</summary>
        public double LambdaGetFunctionRate { get; set; } = 100;
        public double LambdaGetFunctionBurst { get; set; } = 100;
        /// <summary>Lambda GetPolicy: 15 requests/s.</summary>
        public double LambdaGetPolicyRate { get; set; } = 15;
        public double LambdaGetPolicyBurst { get; set; } = 15;
        /// <summary>Every other Lambda control-plane call together: 15 requests/s.</summary>
        public double LambdaOtherRate { get; set; } = 15;
        public double LambdaOtherBurst { get; set; } = 15;

        /// <summary>Defaults, adjusted by <see cref="ScaleVariable"/> when set.</summary>
        public static AwsQuotaSettings FromEnvironment(Func<string, string> getEnvironmentVariable)
        {
            var settings = new AwsQuotaSettings();
            var raw = getEnvironmentVariable?.Invoke(ScaleVariable)?.Trim();
            if (string.IsNullOrEmpty(raw)) return settings;
            if (string.Equals(raw, "off", StringComparison.OrdinalIgnoreCase) || raw == "0")
            {
                settings.Enabled = false;
            }
            else if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) && scale > 0)
            {
                settings.Scale = scale;
            }
            return settings;
        }
    }

    /// <summary>
    /// Client-side token buckets for one (account, region, endpoint): every call waits for a token in each bucket its
    /// operation draws from, so a scan stays inside AWS's quotas instead of learning them from 429s. A 429 slows the
    /// buckets of that call and honours Retry-After.
    /// </summary>
    public sealed class AwsQuotaGate
    {
        private readonly AwsQuotaSettings _settings;
        private readonly IAwsClock _clock;
        private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new ConcurrentDictionary<string, TokenBucket>(StringComparer.Ordinal);

        public AwsQuotaGate(AwsQuotaSettings settings, IAwsClock clock)
        {
            _settings = settings ?? new AwsQuotaSettings();
            _clock = clock ?? new SystemAwsClock();
        }

        public bool Enabled => _settings.Enabled;

        /// <summary>The buckets an operation draws from, most specific first.</summary>
        public IReadOnlyList<TokenBucket> BucketsFor(AwsService service, string operation)
        {
            var buckets = new List<TokenBucket>(2);
            if (!_settings.Enabled) return buckets;
            switch (service)
            {
                case AwsService.ApiGateway:
                case AwsService.ApiGatewayV2:
                    if (operation == "GetResources") buckets.Add(Bucket("apigateway:GetResources", _settings.GetResourcesRate, _settings.GetResourcesBurst));
                    if (operation == "CreateDeployment") buckets.Add(Bucket("apigateway:CreateDeployment", _settings.CreateDeploymentRate, _settings.CreateDeploymentBurst));
                    buckets.Add(Bucket("apigateway", _settings.ApiGatewayRate, _settings.ApiGatewayBurst));
                    break;
                case AwsService.Lambda:
                    if (operation == "GetFunction") buckets.Add(Bucket("lambda:GetFunction", _settings.LambdaGetFunctionRate, _settings.LambdaGetFunctionBurst));
                    else if (operation == "GetPolicy") buckets.Add(Bucket("lambda:GetPolicy", _settings.LambdaGetPolicyRate, _settings.LambdaGetPolicyBurst));
                    else buckets.Add(Bucket("lambda", _settings.LambdaOtherRate, _settings.LambdaOtherBurst));
                    break;
            }
            return buckets;
        }

        public async Task AcquireAsync(AwsService service, string operation, CancellationToken cancellationToken)
        {
            foreach (var bucket in BucketsFor(service, operation))
            {
                await bucket.AcquireAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public void OnThrottled(AwsService service, string operation, TimeSpan? retryAfter)
        {
            foreach (var bucket in BucketsFor(service, operation)) bucket.OnThrottled(retryAfter);
        }

        public void OnSuccess(AwsService service, string operation)
        {
            foreach (var bucket in BucketsFor(service, operation)) bucket.OnSuccess();
        }

        private TokenBucket Bucket(string name, double rate, double burst) =>
            _buckets.GetOrAdd(name, key => new TokenBucket(key, rate * _settings.Scale, burst, _clock));
    }

    /// <summary>
    /// The quota gates of one cmdlet invocation, one per (account, region, endpoint), so several sessions that reach
    /// the same account share its budget. Lives as long as the invocation; never static.
    /// </summary>
    public sealed class AwsQuotaRegistry
    {
        private readonly ConcurrentDictionary<string, AwsQuotaGate> _gates = new ConcurrentDictionary<string, AwsQuotaGate>(StringComparer.Ordinal);
        private readonly AwsQuotaSettings _settings;
        private readonly IAwsClock _clock;

        public AwsQuotaRegistry(AwsQuotaSettings settings, IAwsClock clock)
        {
            _settings = settings ?? new AwsQuotaSettings();
            _clock = clock ?? new SystemAwsClock();
        }

        public AwsQuotaSettings Settings => _settings;

        public AwsQuotaGate For(string accountKey, string region, string endpointAuthority) =>
            _gates.GetOrAdd((accountKey ?? string.Empty) + "|" + region + "|" + endpointAuthority, _ => new AwsQuotaGate(_settings, _clock));
    }
}
