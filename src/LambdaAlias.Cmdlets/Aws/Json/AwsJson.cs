using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>JSON (de)serialisation for the rest-json services. Every model member carries its exact wire name
    /// (<c>[JsonPropertyName]</c>), so no naming policy is involved. Reading is lenient: unknown members are ignored,
    /// explicit nulls and missing members are tolerated, numbers and booleans may arrive as strings, timestamps as epoch
    /// seconds or ISO-8601. Writing omits null members.</summary>
    public static class AwsJson
    {
        /// <summary>Shared options. They hold type metadata only, never AWS data, so sharing them across invocations is safe.</summary>
        public static JsonSerializerOptions Options { get; } = CreateOptions();

        private static JsonSerializerOptions CreateOptions()
        {
            var options = new JsonSerializerOptions
            {
                DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
                NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
                ReadCommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
                PropertyNameCaseInsensitive = false,
            };
            options.Converters.Add(new LenientNullableTimestampConverter());
            options.Converters.Add(new LenientTimestampConverter());
            options.Converters.Add(new LenientNullableBooleanConverter());
            options.Converters.Add(new LenientBooleanConverter());
            options.Converters.Add(new NullAsEmptyCollectionConverterFactory());
            return options;
        }

        public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

        /// <summary>Parses a response body. An empty body (204, or a 200 without content) reads as a new, empty
        /// <typeparamref name="T"/>; a body that is not JSON, such as an HTML page from a proxy, becomes an
        /// <see cref="AwsServiceException"/> carrying the status code and the start of the body.</summary>
        public static T Deserialize<T>(AwsResponse response, string operation) where T : new()
        {
            var body = response?.Body;
            if (string.IsNullOrWhiteSpace(body)) return new T();
            try
            {
                var value = JsonSerializer.Deserialize<T>(body, Options);
                return value == null ? new T() : value;
            }
            catch (JsonException ex)
            {
                throw new AwsServiceException(
                    "InvalidResponseBody",
                    $"{operation} returned HTTP {response.StatusCode} with a body that could not be read as the expected JSON " +
                    $"(content type '{response.ContentType ?? "none"}'): {ex.Message} Body starts: {Excerpt(body)}",
                    response.StatusCode, response.RequestId, operation, ex);
            }
        }

        internal static string Excerpt(string body)
        {
            const int Max = 200;
            var flat = body.Replace('\r', ' ').Replace('\n', ' ').Trim();
            return flat.Length <= Max ? flat : flat.Substring(0, Max) + "...";
        }
    }

    /// <summary>Sends a request through the transport and parses its body.</summary>
    internal static class AwsCall
    {
        internal static async Task<T> SendAsync<T>(IAwsTransport transport, AwsRequest request, CancellationToken cancellationToken) where T : new()
        {
            var response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return AwsJson.Deserialize<T>(response, request.Operation);
        }

        internal static Task<AwsResponse> SendRawAsync(IAwsTransport transport, AwsRequest request, CancellationToken cancellationToken)
            => transport.SendAsync(request, cancellationToken);
    }
}
