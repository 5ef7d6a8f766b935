// Writes a JSON tree as block-style YAML, for exports requested with Accept: application/yaml (v1) or outputType=YAML (v2).
// Strings that YAML could read as something else are written double-quoted with JSON escapes, which YAML accepts.
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LambdaAlias.Emulator;

public static class YamlWriter
{
    public static string Write(JsonNode root)
    {
        var sb = new StringBuilder();
        WriteNode(sb, root, 0, inSequence: false);
        return sb.ToString();
    }

    private static void WriteNode(StringBuilder sb, JsonNode node, int indent, bool inSequence)
    {
        switch (node)
        {
            case JsonObject o when o.Count > 0:
                var first = true;
                foreach (var (key, value) in o)
                {
                    if (!(first && inSequence)) sb.Append(' ', indent);
                    first = false;
                    sb.Append(Scalar(key)).Append(':');
                    WriteChild(sb, value, indent);
                }
                break;
            case JsonArray a when a.Count > 0:
                foreach (var item in a)
                {
                    sb.Append(' ', indent).Append("- ");
                    if (item is JsonObject io && io.Count > 0) WriteNode(sb, item, indent + 2, inSequence: true);
                    else if (item is JsonArray ia && ia.Count > 0) { sb.Append('\n'); WriteNode(sb, item, indent + 2, inSequence: false); }
                    else sb.Append(Inline(item)).Append('\n');
                }
                break;
            default:
                sb.Append(' ', indent).Append(Inline(node)).Append('\n');
                break;
        }
    }

    private static void WriteChild(StringBuilder sb, JsonNode value, int indent)
    {
        if (value is JsonObject o && o.Count > 0) { sb.Append('\n'); WriteNode(sb, o, indent + 2, inSequence: false); }
        else if (value is JsonArray a && a.Count > 0) { sb.Append('\n'); WriteNode(sb, a, indent, inSequence: false); }
        else sb.Append(' ').Append(Inline(value)).Append('\n');
    }

    private static string Inline(JsonNode node) => node switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Scalar(v.GetValue<string>()),
        _ => node.ToJsonString(GatewayWire.Compact),
    };

    /// <summary>Plain when unambiguous, otherwise a JSON-style double-quoted string.</summary>
    private static string Scalar(string s)
    {
        var plain = s.Length > 0
            && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or '$')
            && !char.IsAsciiDigit(s[0]) && s[0] is not '-' and not '.'
            && !double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            && !new[] { "true", "false", "null", "yes", "no", "on", "off", "~" }.Contains(s.ToLowerInvariant());
        return plain ? s : JsonSerializer.Serialize(s, GatewayWire.Compact);
    }
}
