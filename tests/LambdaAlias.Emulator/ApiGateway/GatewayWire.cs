// Wire helpers shared by the API Gateway v1 and v2 handlers: JSON bodies, AWS errors, paging tokens.
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LambdaAlias.Emulator;

public static class GatewayWire
{
    /// <summary>AWS writes characters such as + and ' literally; the default encoder would escape them as \u002B.</summary>
    public static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A rest-json response. Both API Gateway services answer application/json.</summary>
    public static IResult Json(JsonNode body, int status = 200)
        => Results.Content(body?.ToJsonString(Compact) ?? "{}", "application/json", Encoding.UTF8, status);

    /// <summary>Reads a JSON request body; an empty body is an empty object. Malformed JSON is AWS's BadRequestException.</summary>
    public static async Task<JsonObject> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        if (string.IsNullOrWhiteSpace(text)) return new JsonObject();
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw BadRequest("Request body must be a JSON object");
        }
        catch (JsonException e)
        {
            throw BadRequest("Could not parse request body into json: " + e.Message);
        }
    }

    public static AwsErrorException BadRequest(string message) => new(400, "BadRequestException", message);
    public static AwsErrorException NotFound(string message) => new(404, "NotFoundException", message);
    public static AwsErrorException Conflict(string message) => new(409, "ConflictException", message);

    /// <summary>API Gateway v2 spells its error members with a capital letter on the model side but "message" on the
    /// wire (locationName), and adds "resourceType" to NotFoundException.</summary>
    public static AwsErrorException V2NotFound(string resourceType, string message)
        => new(404, "NotFoundException", message, "message", new Dictionary<string, object> { ["resourceType"] = resourceType });

    /// <summary>v1 timestamps are rest-json's default: epoch seconds.</summary>
    public static JsonNode Epoch(DateTimeOffset t) => JsonValue.Create(t.ToUnixTimeSeconds());

    /// <summary>v2 timestamps are ISO-8601 (timestampFormat iso8601 in the model).</summary>
    public static JsonNode Iso(DateTimeOffset t) => JsonValue.Create(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    public static JsonObject Map(IReadOnlyDictionary<string, string> map)
    {
        var o = new JsonObject();
        if (map == null) return o;
        foreach (var (k, v) in map) o[k] = v;
        return o;
    }

    public static JsonArray Array(IEnumerable<string> items)
    {
        var a = new JsonArray();
        if (items != null) foreach (var i in items) a.Add(i);
        return a;
    }

    /// <summary>Adds a member only when it has a value: AWS omits unset members rather than sending null.</summary>
    public static JsonObject Put(this JsonObject o, string name, JsonNode value)
    {
        if (value != null) o[name] = value;
        return o;
    }

    public static JsonObject Put(this JsonObject o, string name, string value)
    {
        if (value != null) o[name] = value;
        return o;
    }

    public static string String(this JsonObject o, string name)
        => o.TryGetPropertyValue(name, out var n) && n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static Dictionary<string, string> StringMap(JsonNode node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject o)
            foreach (var (k, v) in o)
                map[k] = v is JsonValue jv ? (jv.TryGetValue<string>(out var s) ? s : jv.ToJsonString()) : v?.ToJsonString();
        return map;
    }

    public static Dictionary<string, string> StringMap(JsonElement e)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (e.ValueKind == JsonValueKind.Object)
            foreach (var p in e.EnumerateObject())
                map[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText();
        return map;
    }

    /// <summary>One page of a list. API Gateway's position and nextToken are opaque to clients; ours encode an offset
    /// into the list, which is stable because every list keeps its insertion order.</summary>
    public static (List<T> Page, string Next) Page<T>(IReadOnlyList<T> items, string token, int limit)
    {
        var start = 0;
        if (!string.IsNullOrEmpty(token))
        {
            try
            {
                var raw = Encoding.UTF8.GetString(Convert.FromBase64String(token));
                if (!raw.StartsWith("o:", StringComparison.Ordinal) || !int.TryParse(raw.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out start) || start < 0)
                    throw new FormatException();
            }
            catch (FormatException)
            {
                throw BadRequest("Invalid pagination token: " + token);
            }
        }
        var page = items.Skip(start).Take(limit).ToList();
        var next = start + page.Count < items.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes("o:" + (start + page.Count).ToString(CultureInfo.InvariantCulture))) : null;
        return (page, next);
    }

    /// <summary>v1 "limit": default 25, maximum 500 (API Gateway REST API reference).</summary>
    public static int V1Limit(HttpRequest request)
    {
        var raw = request.Query["limit"].ToString();
        if (string.IsNullOrEmpty(raw)) return 25;
        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit) || limit < 1 || limit > 500)
            throw BadRequest("1 validation error detected: Value '" + raw + "' at 'limit' failed to satisfy constraint: Member must have value between 1 and 500");
        return limit;
    }

    /// <summary>v2 "maxResults" is a string on the wire. Without it AWS answers a full first page; we use 100.</summary>
    public static int V2Limit(HttpRequest request)
    {
        var raw = request.Query["maxResults"].ToString();
        if (string.IsNullOrEmpty(raw)) return 100;
        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit) || limit < 1 || limit > 500)
            throw BadRequest("MaxResults must be a number between 1 and 500");
        return limit;
    }

    /// <summary>New ids look like AWS's: lowercase alphanumerics of the service's usual length.</summary>
    public static string NewId(int length, Func<string, bool> taken)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        while (true)
        {
            var chars = new char[length];
            for (var i = 0; i < length; i++) chars[i] = alphabet[Random.Shared.Next(alphabet.Length)];
            var id = new string(chars);
            if (!taken(id)) return id;
        }
    }
}
