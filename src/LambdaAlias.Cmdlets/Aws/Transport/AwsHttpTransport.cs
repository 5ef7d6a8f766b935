using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace LambdaAlias
{
    /// <summary>Everything a transport needs besides its endpoint and credentials; shared by a session's transports.</summary>
    public sealed class AwsTransportOptions
    {
        /// <summary>The handler that puts bytes on the wire. Tests inject a fake; the session owns and disposes it.</summary>
        public HttpMessageHandler InnerHandler { get; set; }
        public AwsRetryPolicy RetryPolicy { get; set; } = new AwsRetryPolicy();
        /// <summary>Null disables client-side quotas.</summary>
        public AwsQuotaGate QuotaGate { get; set; }
        public AwsCallLog CallLog { get; set; } = new AwsCallLog();
        public IAwsClock Clock { get; set; } = new SystemAwsClock();
        public string UserAgent { get; set; } = "LambdaAlias/" + typeof(AwsHttpTransport).Assembly.GetName().Version;
    }

    /// <summary>
    /// IAwsTransport over HttpClient: SigV4 signing by AWSSDK.Core's SigV4SigningHandler, client-side quotas, bounded
    /// retries for throttling, transient conflicts, 5xx and lost connections, AWS error parsing, and one call-log
    /// record per call. Thread-safe; one instance per (service, endpoint, credentials) in a session.
    /// </summary>
    public sealed class AwsHttpTransport : IAwsTransport, IDisposable
    {
        private readonly HttpClient _client;
        private readonly AwsTransportOptions _options;

        internal AwsHttpTransport(AwsEndpoint endpoint, string signingRegion, AWSCredentials credentials, AwsTransportOptions options)
        {
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            if (_options.InnerHandler == null) throw new ArgumentException("InnerHandler is required.", nameof(options));
            var signer = new SigV4SigningHandler(credentials, RegionEndpoint.GetBySystemName(signingRegion), endpoint.SigningName, _options.InnerHandler);
            // The session owns the inner handler and shares it between transports, so this client must not dispose it.
            _client = new HttpClient(signer, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        }

        public AwsEndpoint Endpoint { get; }

        public async Task<AwsResponse> SendAsync(AwsRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var policy = _options.RetryPolicy ?? new AwsRetryPolicy();
            var clock = _options.Clock ?? new SystemAwsClock();
            var started = clock.Now;
            var stopwatch = Stopwatch.StartNew();
            var retryReasons = new List<string>();
            var record = new AwsCallRecord
            {
                Service = request.Service,
                Operation = request.Operation,
                Target = request.Target,
                HttpMethod = request.HttpMethod,
                StartedAt = DateTimeOffset.UtcNow,
            };

            for (var attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_options.QuotaGate != null) await _options.QuotaGate.AcquireAsync(request.Service, request.Operation, cancellationToken).ConfigureAwait(false);

                AttemptOutcome outcome;
                try
                {
                    outcome = await AttemptAsync(request, policy.AttemptTimeout, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    record.Milliseconds = stopwatch.ElapsedMilliseconds;
                    record.Retries = attempt - 1;
                    record.RetryReasons = retryReasons;
                    record.ErrorCode = "Cancelled";
                    _options.CallLog?.Add(record);
                    throw;
                }

                if (outcome.Response != null && outcome.Response.StatusCode >= 200 && outcome.Response.StatusCode < 300)
                {
                    _options.QuotaGate?.OnSuccess(request.Service, request.Operation);
                    Complete(record, stopwatch, attempt, retryReasons, outcome.Response.StatusCode, null, outcome.Response.RequestId);
                    return outcome.Response;
                }

                var error = outcome.Error;
                var decision = Classify(request, outcome);
                if (decision.Throttled) _options.QuotaGate?.OnThrottled(request.Service, request.Operation, outcome.RetryAfter);

                var elapsed = clock.Now - started;
                TimeSpan delay = TimeSpan.Zero;
                var retry = decision.Retryable && attempt < policy.MaxAttempts;
                if (retry)
                {
                    delay = policy.ComputeDelay(attempt, decision.Throttled, outcome.RetryAfter);
                    retry = elapsed + delay < policy.MaxTotalTime;
                }
                if (!retry)
                {
                    error.Retries = attempt - 1;
                    Complete(record, stopwatch, attempt, retryReasons, error.StatusCode, error.ErrorCode, error.RequestId);
                    throw error;
                }

                retryReasons.Add(decision.Reason);
                await clock.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        private void Complete(AwsCallRecord record, Stopwatch stopwatch, int attempts, List<string> reasons, int status, string errorCode, string requestId)
        {
            record.Milliseconds = stopwatch.ElapsedMilliseconds;
            record.Retries = attempts - 1;
            record.RetryReasons = reasons;
            record.StatusCode = status;
            record.ErrorCode = errorCode;
            record.RequestId = requestId;
            _options.CallLog?.Add(record);
        }

        private sealed class AttemptOutcome
        {
            public AwsResponse Response;
            public AwsServiceException Error;
            public TimeSpan? RetryAfter;
            /// <summary>True when no response arrived (connection refused or reset, or the attempt timed out).</summary>
            public bool NoResponse;
            public string NoResponseReason;
        }

        private async Task<AttemptOutcome> AttemptAsync(AwsRequest request, TimeSpan attemptTimeout, CancellationToken cancellationToken)
        {
            using (var attemptCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptCancellation.CancelAfter(attemptTimeout);
                try
                {
                    using (var message = BuildMessage(request))
                    using (var response = await _client.SendAsync(message, HttpCompletionOption.ResponseContentRead, attemptCancellation.Token).ConfigureAwait(false))
                    {
                        var awsResponse = await ReadResponseAsync(response).ConfigureAwait(false);
                        if (awsResponse.StatusCode >= 200 && awsResponse.StatusCode < 300) return new AttemptOutcome { Response = awsResponse };
                        var parsed = AwsErrorParser.Parse(awsResponse.StatusCode, awsResponse.Headers, awsResponse.Body, awsResponse.ContentType, DateTimeOffset.UtcNow);
                        return new AttemptOutcome
                        {
                            Response = awsResponse,
                            RetryAfter = parsed.RetryAfter,
                            Error = new AwsServiceException(parsed.ErrorCode, Describe(request, parsed.ErrorCode, parsed.Message), awsResponse.StatusCode, awsResponse.RequestId, request.Operation),
                        };
                    }
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    return NoResponse(request, "RequestTimeout", "timed out after " + attemptTimeout.TotalSeconds + " s", e);
                }
                catch (HttpRequestException e)
                {
                    return NoResponse(request, "ConnectionFailure", ConnectionReason(e), e);
                }
                catch (IOException e)
                {
                    return NoResponse(request, "ConnectionFailure", "connection reset", e);
                }
            }
        }

        private AttemptOutcome NoResponse(AwsRequest request, string code, string reason, Exception cause) => new AttemptOutcome
        {
            NoResponse = true,
            NoResponseReason = reason,
            Error = new AwsServiceException(code,
                request.Operation + " on " + Endpoint + " got no response: " + reason + ". " + Innermost(cause).Message,
                0, null, request.Operation, cause),
        };

        private static string ConnectionReason(HttpRequestException e)
        {
            var socket = Find<SocketException>(e);
            if (socket != null)
            {
                switch (socket.SocketErrorCode)
                {
                    case SocketError.ConnectionRefused: return "connection refused";
                    case SocketError.ConnectionReset: return "connection reset";
                    case SocketError.TimedOut: return "connection timed out";
                    case SocketError.HostNotFound: return "host not found";
                }
            }
            return Find<IOException>(e) != null ? "connection reset" : "connection failed";
        }

        private static T Find<T>(Exception e) where T : Exception
        {
            for (var current = e; current != null; current = current.InnerException) if (current is T match) return match;
            return null;
        }

        private static Exception Innermost(Exception e)
        {
            while (e.InnerException != null) e = e.InnerException;
            return e;
        }

        private static string Describe(AwsRequest request, string code, string message) =>
            request.Operation + (string.IsNullOrEmpty(request.Target) ? string.Empty : " (" + request.Target + ")") + " failed: " + code + ": " + message;

        private struct RetryDecision
        {
            public bool Retryable;
            public bool Throttled;
            public string Reason;
        }

        /// <summary>
        /// Throttling and transient conflicts were refused before anything changed, so any call may repeat them. A 5xx
        /// or a lost response may have been applied, so only requests marked idempotent repeat after those.
        /// </summary>
        private static RetryDecision Classify(AwsRequest request, AttemptOutcome outcome)
        {
            if (outcome.NoResponse)
            {
                return new RetryDecision { Retryable = request.IsIdempotent, Reason = outcome.NoResponseReason };
            }
            var error = outcome.Error;
            var reason = error.StatusCode + " " + error.ErrorCode;
            if (IsThrottling(error, outcome.RetryAfter)) return new RetryDecision { Retryable = true, Throttled = true, Reason = reason };
            if (IsTransientConflict(error)) return new RetryDecision { Retryable = true, Reason = reason };
            if (error.StatusCode >= 500) return new RetryDecision { Retryable = request.IsIdempotent, Reason = reason };
            return new RetryDecision { Retryable = false, Reason = reason };
        }

        internal static bool IsThrottling(AwsServiceException error, TimeSpan? retryAfter)
        {
            if (error.StatusCode == 429) return true;
            switch (error.ErrorCode)
            {
                case "TooManyRequestsException":
                case "ThrottlingException":
                case "Throttling":
                case "ThrottledException":
                case "RequestLimitExceeded":
                    return true;
                case "LimitExceededException":
                    // API Gateway sends rate limits as 429 LimitExceededException (handled above); Lambda's hard
                    // limits (e.g. code storage) are LimitExceededException too, and only a retry hint marks a rate.
                    return retryAfter.HasValue;
            }
            return error.Message != null && error.Message.IndexOf("Rate exceeded", StringComparison.OrdinalIgnoreCase) >= 0;
        }

        internal static bool IsTransientConflict(AwsServiceException error)
        {
            var message = error.Message ?? string.Empty;
            if (error.ErrorCode == "ConflictException")
            {
                // "Unable to complete operation due to concurrent modification. Please try again later."
                return message.IndexOf("concurrent modification", StringComparison.OrdinalIgnoreCase) >= 0
                       || message.IndexOf("try again", StringComparison.OrdinalIgnoreCase) >= 0;
            }
            if (error.ErrorCode == "ResourceConflictException")
            {
                // "The operation cannot be performed at this time. An update is in progress for resource: ..."
                return message.IndexOf("in progress", StringComparison.OrdinalIgnoreCase) >= 0;
            }
            return false;
        }

        private HttpRequestMessage BuildMessage(AwsRequest request)
        {
            var message = new HttpRequestMessage(new HttpMethod(request.HttpMethod ?? "GET"), BuildUri(request));
            message.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
            string contentType = null;
            foreach (var header in request.Headers)
            {
                if (string.Equals(header.Key, "Content-Type", StringComparison.OrdinalIgnoreCase)) { contentType = header.Value; continue; }
                message.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            if (request.Body != null)
            {
                var content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body));
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/json");
                message.Content = content;
            }
            return message;
        }

        internal Uri BuildUri(AwsRequest request)
        {
            var basePath = Endpoint.BaseUri.AbsolutePath.TrimEnd('/');
            var path = string.IsNullOrEmpty(request.Path) ? "/" : (request.Path.StartsWith("/", StringComparison.Ordinal) ? request.Path : "/" + request.Path);
            var builder = new StringBuilder(Endpoint.BaseUri.GetLeftPart(UriPartial.Authority)).Append(basePath).Append(path);
            var separator = '?';
            foreach (var pair in request.Query)
            {
                builder.Append(separator).Append(Uri.EscapeDataString(pair.Key)).Append('=').Append(Uri.EscapeDataString(pair.Value ?? string.Empty));
                separator = '&';
            }
            return new Uri(builder.ToString());
        }

        private static async Task<AwsResponse> ReadResponseAsync(HttpResponseMessage response)
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in response.Headers) headers[header.Key] = string.Join(",", header.Value);
            string contentType = null;
            string body = string.Empty;
            if (response.Content != null)
            {
                foreach (var header in response.Content.Headers) headers[header.Key] = string.Join(",", header.Value);
                contentType = response.Content.Headers.ContentType?.ToString();
                var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                body = DecodeBody(bytes, response.Content.Headers.ContentType?.CharSet);
            }
            headers.TryGetValue("x-amzn-RequestId", out var requestId);
            if (string.IsNullOrEmpty(requestId)) headers.TryGetValue("x-amz-request-id", out requestId);
            return new AwsResponse
            {
                StatusCode = (int)response.StatusCode,
                Body = body,
                ContentType = contentType,
                RequestId = requestId,
                Headers = headers,
            };
        }

        private static string DecodeBody(byte[] bytes, string charset)
        {
            if (bytes.Length == 0) return string.Empty;
            Encoding encoding = Encoding.UTF8;
            if (!string.IsNullOrEmpty(charset))
            {
                try { encoding = Encoding.GetEncoding(charset.Trim('"')); }
                catch (ArgumentException) { encoding = Encoding.UTF8; } // Unknown charset names fall back to UTF-8, AWS's only encoding.
            }
            return encoding.GetString(bytes);
        }

        // The signing handler is not disposed: disposing a DelegatingHandler disposes its inner handler, which the
        // session shares between transports and disposes itself.
        public void Dispose() => _client.Dispose();
    }
}
