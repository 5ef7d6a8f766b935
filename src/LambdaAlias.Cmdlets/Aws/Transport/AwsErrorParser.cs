using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LambdaAlias
{
    /// <summary>What an error response says, including how long the server asked us to wait.</summary>
    internal sealed class ParsedAwsError
    {
        public string ErrorCode { get; set; }
        public string Message { get; set; }
        public TimeSpan? RetryAfter { get; set; }
    }

    /// <summary>
    /// Reads AWS rest-json errors leniently: the code from x-amzn-ErrorType (minus any ":..." suffix) or the body's
    /// __type/code, the message from message/Message, retry hints from Retry-After or retryAfterSeconds. A body that
    /// is not JSON (an HTML 500 page from a proxy) becomes a plain error that names the status.
    /// </summary>
    internal static class AwsErrorParser
    {
        private static readonly Regex Tags = new Regex("<[^>]*>", RegexOptions.CultureInvariant);
        private static readonly Regex Whitespace = new Regex(@"\s+", RegexOptions.CultureInvariant);

        public static ParsedAwsError Parse(int statusCode, IDictionary<string, string> headers, string body, string contentType, DateTimeOffset now)
        {
            var parsed = new ParsedAwsError();
            if (headers != null && headers.TryGetValue("x-amzn-ErrorType", out var errorType)) parsed.ErrorCode = CleanCode(errorType);

            double? retryAfterSeconds = null;
            var bodyIsJson = false;
            if (!string.IsNullOrWhiteSpace(body) && LooksLikeJson(body))
            {
                try
                {
                    using (var document = JsonDocument.Parse(body))
                    {
                        bodyIsJson = document.RootElement.ValueKind == JsonValueKind.Object;
                        if (bodyIsJson)
                        {
                            var root = document.RootElement;
                            if (string.IsNullOrEmpty(parsed.ErrorCode)) parsed.ErrorCode = CleanCode(StringMember(root, "__type", "code", "Code", "errorType"));
                            parsed.Message = StringMember(root, "message", "Message", "errorMessage", "error");
                            retryAfterSeconds = NumberMember(root, "retryAfterSeconds", "RetryAfterSeconds");
                        }
                    }
                }
                catch (JsonException)
                {
                    bodyIsJson = false;
                }
            }

            var bodyIsXmlError = !bodyIsJson && TryReadXmlError(body, parsed);

            if (headers != null && headers.TryGetValue("Retry-After", out var retryAfterHeader))
            {
                parsed.RetryAfter = ParseRetryAfter(retryAfterHeader, now);
            }
            if (!parsed.RetryAfter.HasValue && retryAfterSeconds.HasValue && retryAfterSeconds.Value >= 0)
            {
                parsed.RetryAfter = TimeSpan.FromSeconds(retryAfterSeconds.Value);
            }

            if (string.IsNullOrEmpty(parsed.ErrorCode)) parsed.ErrorCode = CodeForStatus(statusCode);
            if (string.IsNullOrEmpty(parsed.Message))
            {
                parsed.Message = bodyIsJson || bodyIsXmlError || string.IsNullOrWhiteSpace(body)
                    ? "HTTP " + StatusText(statusCode) + " with no error message."
                    : "HTTP " + StatusText(statusCode) + " with a response that is not an AWS error (" + (string.IsNullOrEmpty(contentType) ? "no content type" : contentType) + "): " + Excerpt(body);
            }
            return parsed;
        }

        /// <summary>
        /// Query-protocol services (STS) answer with XML: ErrorResponse/Error/Code and Message. An HTML page is not
        /// mistaken for one: it has no Error element with a Code.
        /// </summary>
        private static bool TryReadXmlError(string body, ParsedAwsError parsed)
        {
            if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '<') return false;
            try
            {
                var document = System.Xml.Linq.XDocument.Parse(body);
                foreach (var error in document.Descendants())
                {
                    if (error.Name.LocalName != "Error") continue;
                    string code = null, message = null;
                    foreach (var child in error.Elements())
                    {
                        if (child.Name.LocalName == "Code") code = child.Value.Trim();
                        else if (child.Name.LocalName == "Message") message = child.Value.Trim();
                    }
                    if (string.IsNullOrEmpty(code)) continue;
                    if (string.IsNullOrEmpty(parsed.ErrorCode)) parsed.ErrorCode = CleanCode(code);
                    if (string.IsNullOrEmpty(parsed.Message)) parsed.Message = message;
                    return true;
                }
            }
            catch (System.Xml.XmlException)
            {
                // Not XML (or HTML that is not well-formed): reported below as a non-AWS response.
            }
            return false;
        }

        /// <summary>"ConflictException:http://internal.amazon.com/coral/..." and "aws.protocoltests#Foo" become the bare code.</summary>
        internal static string CleanCode(string raw)
        {
            if (string.IsNullOrWhiteSpace(raw)) return null;
            var code = raw.Trim();
            var colon = code.IndexOf(':');
            if (colon >= 0) code = code.Substring(0, colon);
            var hash = code.LastIndexOf('#');
            if (hash >= 0) code = code.Substring(hash + 1);
            return code.Length == 0 ? null : code;
        }

        internal static TimeSpan? ParseRetryAfter(string value, DateTimeOffset now)
        {
            if (string.IsNullOrWhiteSpace(value)) return null;
            if (double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }
            if (DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                var wait = at - now;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
            return null;
        }

        private static string CodeForStatus(int statusCode)
        {
            switch (statusCode)
            {
                case 400: return "BadRequestException";
                case 401: return "UnauthorizedException";
                case 403: return "AccessDeniedException";
                case 404: return "NotFoundException";
                case 409: return "ConflictException";
                case 412: return "PreconditionFailedException";
                case 429: return "TooManyRequestsException";
                default: return statusCode >= 500 ? "ServiceUnavailable" : "Http" + statusCode.ToString(CultureInfo.InvariantCulture);
            }
        }

        private static string StatusText(int statusCode)
        {
            var name = Enum.IsDefined(typeof(HttpStatusCode), statusCode) ? ((HttpStatusCode)statusCode).ToString() : null;
            return statusCode.ToString(CultureInfo.InvariantCulture) + (name == null ? string.Empty : " (" + name + ")");
        }

        private static bool LooksLikeJson(string body)
        {
            foreach (var c in body)
            {
                if (char.IsWhiteSpace(c)) continue;
                return c == '{';
            }
            return false;
        }

        private static string Excerpt(string body)
        {
            var text = Whitespace.Replace(Tags.Replace(body, " "), " ").Trim();
            return text.Length <= 200 ? text : text.Substring(0, 200) + "...";
        }

        private static string StringMember(JsonElement root, params string[] names)
        {
            foreach (var name in names)
            {
                if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    var text = value.GetString();
                    if (!string.IsNullOrEmpty(text)) return text;
                }
            }
            return null;
        }

        private static double? NumberMember(JsonElement root, params string[] names)
        {
            foreach (var name in names)
            {
                if (!root.TryGetProperty(name, out var value)) continue;
                if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number)) return number;
                if (value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number)) return number;
            }
            return null;
        }
    }
}
