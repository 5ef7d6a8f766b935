using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using Amazon.Runtime;

namespace LambdaAlias
{
    /// <summary>What a session shares with its invocation: wire handler, retry policy, quotas, call log, clock.</summary>
    public sealed class AwsSessionOptions
    {
        /// <summary>Handler that puts bytes on the wire; null creates an HttpClientHandler that the session owns.</summary>
        public HttpMessageHandler HttpHandler { get; set; }
        public AwsRetryPolicy RetryPolicy { get; set; }
        /// <summary>The invocation's quota gates; null creates a registry from the environment (LAMBDAALIAS_QUOTA_SCALE).</summary>
        public AwsQuotaRegistry Quotas { get; set; }
        public AwsCallLog CallLog { get; set; }
        public IAwsClock Clock { get; set; }
    }

    /// <summary>
    /// Resolved access to one account and region for one cmdlet invocation: credentials, region, an endpoint and a
    /// signed, retrying, quota-gated transport per service, and the account id (resolved once, lazily). Holds no
    /// cache beyond the invocation. Dispose it when the invocation ends.
    /// </summary>
    public sealed class AwsSession : IDisposable
    {
        private readonly AWSCredentials _credentials;
        private readonly AwsConnectionSettings _settings;
        private readonly AwsSessionOptions _options;
        private readonly HttpMessageHandler _handler;
        private readonly bool _ownsHandler;
        private readonly string _accountKey;
        private readonly ConcurrentDictionary<AwsService, AwsHttpTransport> _transports = new ConcurrentDictionary<AwsService, AwsHttpTransport>();
        private readonly ConcurrentDictionary<AwsService, AwsEndpoint> _endpoints = new ConcurrentDictionary<AwsService, AwsEndpoint>();
        private readonly object _accountLock = new object();
        private Task<string> _accountId;
        private int _disposed;

        internal AwsSession(AwsConnectionSettings settings, ResolvedCredentials credentials, ImmutableCredentials firstCredentials, AwsRegionInfo region, AwsSessionOptions options)
        {
            _settings = settings;
            _credentials = credentials.Credentials;
            _options = options;
            Region = region;
            CredentialSource = credentials.Source;
            ProfileName = credentials.ProfileName;
            EndpointUrl = settings.EndpointUrl;
            CallLog = options.CallLog;
            if (options.HttpHandler != null)
            {
                _handler = options.HttpHandler;
            }
            else
            {
                _handler = new HttpClientHandler { AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate, UseCookies = false };
                _ownsHandler = true;
            }

            var knownAccount = firstCredentials?.AccountId;
            if (!string.IsNullOrEmpty(knownAccount)) _accountId = Task.FromResult(knownAccount);
            _accountKey = !string.IsNullOrEmpty(knownAccount) ? "account:" + knownAccount : "key:" + Fingerprint(firstCredentials?.AccessKey);
        }

        public AwsRegionInfo Region { get; }
        public string Partition => Region.Partition;
        public AwsCredentialSource CredentialSource { get; }
        /// <summary>The profile the credentials came from, when known.</summary>
        public string ProfileName { get; }
        /// <summary>The -EndpointUrl this session was created with (null when the endpoint came from the environment or the region).</summary>
        public string EndpointUrl { get; }
        public AwsCallLog CallLog { get; }
        /// <summary>
        /// Who is calling, as a cache key: the account id when the credentials carry one, otherwise a hash of the
        /// access key id. Never a secret; argument completers key their caches by endpoint, region and this.
        /// </summary>
        public string IdentityKey => _accountKey;

        public IAwsTransport Lambda => GetTransport(AwsService.Lambda);
        public IAwsTransport ApiGateway => GetTransport(AwsService.ApiGateway);
        public IAwsTransport ApiGatewayV2 => GetTransport(AwsService.ApiGatewayV2);

        public AwsEndpoint GetEndpoint(AwsService service) =>
            _endpoints.GetOrAdd(service, s => EndpointResolver.Resolve(s, _settings, Region));

        public IAwsTransport GetTransport(AwsService service)
        {
            if (Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(AwsSession));
            return _transports.GetOrAdd(service, CreateTransport);
        }

        private AwsHttpTransport CreateTransport(AwsService service)
        {
            var endpoint = GetEndpoint(service);
            var gate = service == AwsService.Sts || _options.Quotas == null ? null : _options.Quotas.For(_accountKey, Region.SystemName, endpoint.ToString());
            return new AwsHttpTransport(endpoint, Region.SystemName, _credentials, new AwsTransportOptions
            {
                InnerHandler = _handler,
                RetryPolicy = _options.RetryPolicy,
                QuotaGate = gate != null && gate.Enabled ? gate : null,
                CallLog = CallLog,
                Clock = _options.Clock,
            });
        }

        /// <summary>
        /// The account id: from the credentials when they carry it (SSO, some assume-role), otherwise STS
        /// GetCallerIdentity once per session. Null when STS cannot answer (e.g. an emulator without STS); the failed
        /// call is in the call log.
        /// </summary>
        public Task<string> GetAccountIdAsync(CancellationToken cancellationToken)
        {
            lock (_accountLock)
            {
                if (_accountId == null || _accountId.IsCanceled) _accountId = ResolveAccountIdAsync(cancellationToken);
                return _accountId;
            }
        }

        /// <summary>The context to stamp on output objects: region, partition, profile, endpoint and account id.</summary>
        public async Task<AwsContext> GetContextAsync(CancellationToken cancellationToken)
        {
            var accountId = await GetAccountIdAsync(cancellationToken).ConfigureAwait(false);
            return CreateContext(accountId);
        }

        /// <summary>A new context object (each output object gets its own, so callers may change theirs).</summary>
        public AwsContext CreateContext(string accountId) => new AwsContext
        {
            Region = Region.SystemName,
            Partition = Region.Partition,
            ProfileName = ProfileName,
            EndpointUrl = EndpointUrl,
            AccountId = accountId,
        };

        private async Task<string> ResolveAccountIdAsync(CancellationToken cancellationToken)
        {
            var request = new AwsRequest
            {
                Service = AwsService.Sts,
                Operation = "GetCallerIdentity",
                Target = "caller identity",
                HttpMethod = "POST",
                Path = "/",
                Body = "Action=GetCallerIdentity&Version=2011-06-15",
            };
            request.Headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";
            try
            {
                var response = await GetTransport(AwsService.Sts).SendAsync(request, cancellationToken).ConfigureAwait(false);
                return ParseCallerIdentityAccount(response.Body);
            }
            catch (AwsServiceException)
            {
                return null; // Recorded in the call log; output objects then carry no account id.
            }
        }

        /// <summary>Reads Account from STS's XML (GetCallerIdentityResponse) or from a JSON rendering of it.</summary>
        internal static string ParseCallerIdentityAccount(string body)
        {
            if (string.IsNullOrWhiteSpace(body)) return null;
            var trimmed = body.TrimStart();
            if (trimmed.StartsWith("{", StringComparison.Ordinal))
            {
                try
                {
                    using (var document = System.Text.Json.JsonDocument.Parse(trimmed))
                    {
                        return FindJsonAccount(document.RootElement);
                    }
                }
                catch (System.Text.Json.JsonException)
                {
                    return null;
                }
            }
            try
            {
                foreach (var element in XDocument.Parse(trimmed).Descendants())
                {
                    if (element.Name.LocalName == "Account" && !element.HasElements) return element.Value.Trim();
                }
            }
            catch (System.Xml.XmlException)
            {
                return null;
            }
            return null;
        }

        private static string FindJsonAccount(System.Text.Json.JsonElement element)
        {
            if (element.ValueKind != System.Text.Json.JsonValueKind.Object) return null;
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "Account" && property.Value.ValueKind == System.Text.Json.JsonValueKind.String) return property.Value.GetString();
                var nested = FindJsonAccount(property.Value);
                if (nested != null) return nested;
            }
            return null;
        }

        private static string Fingerprint(string value)
        {
            if (string.IsNullOrEmpty(value)) return string.Empty;
            using (var sha = SHA256.Create()) return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(value))).Substring(0, 16);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            foreach (var transport in _transports.Values) transport.Dispose();
            _transports.Clear();
            if (_ownsHandler) _handler.Dispose();
        }
    }

    /// <summary>Creates sessions: resolves credentials, region and endpoints in AWS Tools' order.</summary>
    public static class AwsSessionFactory
    {
        /// <summary>
        /// Resolves credentials (and fetches them once, so a bad profile fails here, before any work starts) and the
        /// region. Throws <see cref="AwsConfigurationException"/> with a specific ErrorId when either cannot be had.
        /// </summary>
        public static AwsSession Create(AwsConnectionSettings settings, AwsSessionOptions options = null)
        {
            if (settings == null) throw new ArgumentNullException(nameof(settings));
            options = options ?? new AwsSessionOptions();
            options.CallLog = options.CallLog ?? new AwsCallLog();
            options.Clock = options.Clock ?? new SystemAwsClock();
            options.RetryPolicy = options.RetryPolicy ?? new AwsRetryPolicy();
            options.Quotas = options.Quotas ?? new AwsQuotaRegistry(AwsQuotaSettings.FromEnvironment(settings.GetEnvironmentVariable), options.Clock);

            var region = RegionResolver.Resolve(settings);
            var credentials = CredentialResolver.Resolve(settings);
            var first = FetchOnce(credentials);
            // Resolve endpoints now so a malformed -EndpointUrl or AWS_ENDPOINT_URL* is reported before any work starts.
            var session = new AwsSession(settings, credentials, first, region, options);
            foreach (AwsService service in Enum.GetValues(typeof(AwsService))) session.GetEndpoint(service);
            return session;
        }

        /// <summary>Settings for argument completers: non-interactive, from the completer's fakeBoundParameters.</summary>
        public static AwsSession CreateForCompletion(System.Collections.IDictionary fakeBoundParameters, Func<string, object> getVariable, AwsSessionOptions options = null)
        {
            var settings = AwsConnectionSettings.FromBoundParameters(fakeBoundParameters, getVariable, nonInteractive: true);
            options = options ?? new AwsSessionOptions();
            options.RetryPolicy = options.RetryPolicy ?? new AwsRetryPolicy { MaxAttempts = 2, AttemptTimeout = TimeSpan.FromSeconds(2), MaxTotalTime = TimeSpan.FromSeconds(2) };
            return Create(settings, options);
        }

        private static ImmutableCredentials FetchOnce(ResolvedCredentials credentials)
        {
            try
            {
                return credentials.Credentials.GetCredentials();
            }
            catch (AwsConfigurationException)
            {
                throw;
            }
            catch (Exception e) when (e is AmazonClientException || e is AmazonServiceException || e is InvalidOperationException || e is ArgumentException || e is System.IO.IOException)
            {
                var inner = e;
                while (inner.InnerException != null && !(inner is AwsConfigurationException)) inner = inner.InnerException;
                if (inner is AwsConfigurationException configuration) throw configuration;
                throw new AwsConfigurationException(ErrorIds.AwsCredentialsNotFound, System.Management.Automation.ErrorCategory.AuthenticationError,
                    "Could not get credentials from " + Describe(credentials) + ": " + e.Message, e);
            }
        }

        private static string Describe(ResolvedCredentials credentials)
        {
            switch (credentials.Source)
            {
                case AwsCredentialSource.AccessKeyParameters: return "-AccessKey/-SecretKey";
                case AwsCredentialSource.ProfileParameter: return "profile '" + credentials.ProfileName + "'";
                case AwsCredentialSource.CredentialParameter: return "-Credential";
                case AwsCredentialSource.StoredAWSCredentials: return "$StoredAWSCredentials";
                default: return "the default credential chain" + (credentials.ProfileName == null ? string.Empty : " (profile '" + credentials.ProfileName + "')");
            }
        }
    }
}
