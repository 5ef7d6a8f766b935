using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LambdaAlias
{
    /// <summary>Reads booleans sent as JSON booleans, as "true"/"false" strings (some emulators stringify everything),
    /// or as 0/1; null reads as null.</summary>
    public sealed class LenientNullableBooleanConverter : JsonConverter<bool?>
    {
        public override bool HandleNull => true;

        public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => LenientBoolean.Read(ref reader);

        public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
        {
            if (value.HasValue) writer.WriteBooleanValue(value.Value);
            else writer.WriteNullValue();
        }
    }

    /// <summary>Non-nullable form of <see cref="LenientNullableBooleanConverter"/>; null reads as false.</summary>
    public sealed class LenientBooleanConverter : JsonConverter<bool>
    {
        public override bool HandleNull => true;

        public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => LenientBoolean.Read(ref reader) ?? false;

        public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteBooleanValue(value);
    }

    internal static class LenientBoolean
    {
        internal static bool? Read(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Null: return null;
                case JsonTokenType.True: return true;
                case JsonTokenType.False: return false;
                case JsonTokenType.Number: return reader.GetDecimal() != 0m;
                case JsonTokenType.String:
                    var text = reader.GetString();
                    if (string.IsNullOrWhiteSpace(text)) return null;
                    if (bool.TryParse(text.Trim(), out var parsed)) return parsed;
                    if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return number != 0m;
                    throw new JsonException($"'{text}' is not a boolean.");
                default:
                    throw new JsonException($"Expected a boolean but found {reader.TokenType}.");
            }
        }
    }

    /// <summary>Reads an explicit JSON null for a list or map member as an empty collection, so callers never have to
    /// tell "absent" from "null" from "empty" (AWS-compatible servers differ on which they send). Members absent from the
    /// JSON keep their initial value, which the response models set to an empty collection.</summary>
    public sealed class NullAsEmptyCollectionConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert)
        {
            if (!typeToConvert.IsGenericType) return false;
            var definition = typeToConvert.GetGenericTypeDefinition();
            return definition == typeof(List<>) || (definition == typeof(Dictionary<,>) && typeToConvert.GetGenericArguments()[0] == typeof(string));
        }

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
        {
            var definition = typeToConvert.GetGenericTypeDefinition();
            var converterType = definition == typeof(List<>)
                ? typeof(NullAsEmptyListConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0])
                : typeof(NullAsEmptyMapConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[1]);
            return (JsonConverter)Activator.CreateInstance(converterType);
        }

        private sealed class NullAsEmptyListConverter<T> : JsonConverter<List<T>>
        {
            public override bool HandleNull => true;

            public override List<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            {
                if (reader.TokenType == JsonTokenType.Null) return new List<T>();
                if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException($"Expected a list but found {reader.TokenType}.");
                var list = new List<T>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    list.Add(JsonSerializer.Deserialize<T>(ref reader, options));
                }
                return list;
            }

            public override void Write(Utf8JsonWriter writer, List<T> value, JsonSerializerOptions options)
            {
                writer.WriteStartArray();
                foreach (var item in value) JsonSerializer.Serialize(writer, item, options);
                writer.WriteEndArray();
            }
        }

        private sealed class NullAsEmptyMapConverter<TValue> : JsonConverter<Dictionary<string, TValue>>
        {
            public override bool HandleNull => true;

            public override Dictionary<string, TValue> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            {
                if (reader.TokenType == JsonTokenType.Null) return new Dictionary<string, TValue>(StringComparer.Ordinal);
                if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"Expected a map but found {reader.TokenType}.");
                var map = new Dictionary<string, TValue>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var key = reader.GetString();
                    reader.Read();
                    map[key] = JsonSerializer.Deserialize<TValue>(ref reader, options);
                }
                return map;
            }

            public override void Write(Utf8JsonWriter writer, Dictionary<string, TValue> value, JsonSerializerOptions options)
            {
                writer.WriteStartObject();
                foreach (var pair in value)
                {
                    writer.WritePropertyName(pair.Key);
                    JsonSerializer.Serialize(writer, pair.Value, options);
                }
                writer.WriteEndObject();
            }
        }
    }
}
