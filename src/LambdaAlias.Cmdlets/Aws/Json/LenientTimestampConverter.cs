using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace LambdaAlias
{
    /// <summary>Reads the timestamp forms AWS-compatible servers send: epoch seconds as a JSON number or numeric string
    /// (possibly fractional; API Gateway v1 and Lambda event source mappings), and ISO-8601 strings with any fractional
    /// precision and any offset spelling (Lambda's "2019-08-14T22:26:11.234+0000", API Gateway v2's "...Z", emulators'
    /// nanosecond fractions). Null and the empty string read as "no timestamp".</summary>
    public static class AwsTimestamp
    {
        private static readonly DateTimeOffset Epoch = new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

        // A value this large as seconds would be after the year 5000; such values are epoch milliseconds.
        private const decimal MillisecondsThreshold = 100_000_000_000m;

        private static readonly Regex Iso8601 = new Regex(
            @"^(?<date>\d{4}-\d{2}-\d{2})(?:[Tt ](?<time>\d{2}:\d{2}(?::\d{2})?)(?:[.,](?<fraction>\d+))?)?\s*(?<offset>[Zz]|[+-]\d{2}(?::?\d{2})?)?$",
            RegexOptions.CultureInvariant);

        public static DateTimeOffset FromEpochSeconds(decimal seconds)
        {
            if (Math.Abs(seconds) >= MillisecondsThreshold) seconds /= 1000m;
            return Epoch.AddTicks((long)decimal.Round(seconds * TimeSpan.TicksPerSecond));
        }

        /// <summary>Parses an ISO-8601, RFC 1123 or numeric epoch string; false when it is none of them.</summary>
        public static bool TryParse(string text, out DateTimeOffset value)
        {
            value = default;
            if (string.IsNullOrWhiteSpace(text)) return false;
            text = text.Trim();

            if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                value = FromEpochSeconds(seconds);
                return true;
            }

            var match = Iso8601.Match(text);
            if (match.Success)
            {
                var time = match.Groups["time"].Success ? match.Groups["time"].Value : "00:00:00";
                if (time.Length == 5) time += ":00";
                // .NET parses at most 7 fractional digits (ticks); more precision than that cannot be represented anyway.
                var fraction = match.Groups["fraction"].Success ? match.Groups["fraction"].Value : "0";
                fraction = fraction.Length > 7 ? fraction.Substring(0, 7) : fraction.PadRight(7, '0');
                var offset = NormaliseOffset(match.Groups["offset"].Success ? match.Groups["offset"].Value : null);
                var normalised = match.Groups["date"].Value + "T" + time + "." + fraction + offset;
                return DateTimeOffset.TryParseExact(normalised, "yyyy-MM-dd'T'HH:mm:ss.fffffffzzz",
                    CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
            }

            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out value);
        }

        // A timestamp without an offset is UTC: AWS never sends local times.
        private static string NormaliseOffset(string offset)
        {
            if (offset == null || offset == "Z" || offset == "z") return "+00:00";
            if (offset.Length == 3) return offset + ":00";
            if (offset.Length == 5) return offset.Substring(0, 3) + ":" + offset.Substring(3);
            return offset;
        }

        internal static DateTimeOffset? Read(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    return null;
                case JsonTokenType.Number:
                    if (reader.TryGetDecimal(out var seconds)) return FromEpochSeconds(seconds);
                    return FromEpochSeconds((decimal)reader.GetDouble());
                case JsonTokenType.String:
                    var text = reader.GetString();
                    if (string.IsNullOrWhiteSpace(text)) return null;
                    if (TryParse(text, out var value)) return value;
                    throw new JsonException($"'{text}' is not a timestamp (expected epoch seconds or ISO-8601).");
                default:
                    throw new JsonException($"Expected a timestamp but found {reader.TokenType}.");
            }
        }
    }

    /// <summary>System.Text.Json converter for <see cref="DateTimeOffset"/>? members; see <see cref="AwsTimestamp"/>.</summary>
    public sealed class LenientNullableTimestampConverter : JsonConverter<DateTimeOffset?>
    {
        public override bool HandleNull => true;

        public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => AwsTimestamp.Read(ref reader);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
        {
            if (value.HasValue) writer.WriteStringValue(value.Value.ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", CultureInfo.InvariantCulture));
            else writer.WriteNullValue();
        }
    }

    /// <summary>System.Text.Json converter for non-nullable <see cref="DateTimeOffset"/> members; null reads as default.</summary>
    public sealed class LenientTimestampConverter : JsonConverter<DateTimeOffset>
    {
        public override bool HandleNull => true;

        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => AwsTimestamp.Read(ref reader) ?? default;

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
            => writer.WriteStringValue(value.ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", CultureInfo.InvariantCulture));
    }
}
