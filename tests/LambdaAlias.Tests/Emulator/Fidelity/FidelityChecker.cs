using System.Text.Json;
using Xunit;

namespace LambdaAlias.Tests.Emulator.Fidelity;

/// <summary>Checks an emulator response against the official API model: the success status, every body member's wire
/// name (locationName) and type, required members, enum values, and for errors that the code is one the operation
/// declares (or a front-door authentication/throttling error), with the error shape's status and body members.</summary>
public static class FidelityChecker
{
    /// <summary>Errors AWS's front door returns for any operation, before the service sees the call: authentication,
    /// and the request validation layer's ValidationException for parameters that break the model's constraints.</summary>
    public static readonly IReadOnlySet<string> FrontDoorErrors = new HashSet<string>(StringComparer.Ordinal)
    {
        "MissingAuthenticationTokenException", "InvalidSignatureException", "UnrecognizedClientException",
        "IncompleteSignatureException", "AccessDeniedException", "ExpiredTokenException", "UnknownOperationException",
        "ValidationException",
    };

    /// <summary>All violations found; empty when the response conforms.</summary>
    public static IReadOnlyList<string> Check(string service, string operation, EmulatorResponse response, bool checkEnums = true)
    {
        var model = ApiModel.For(service);
        var op = model.Operation(operation);
        var violations = new List<string>();
        var context = new CheckContext(model, violations, checkEnums);

        if (response.Status < 400)
        {
            if (response.Status != op.SuccessStatus)
                violations.Add($"status {response.Status}, model says {op.SuccessStatus}");
            CheckOutput(context, op.OutputShape, response);
        }
        else
        {
            CheckError(context, op, response);
        }
        return violations;
    }

    /// <summary>Fails the test with every violation listed.</summary>
    public static void AssertConforms(string service, string operation, EmulatorResponse response, bool checkEnums = true)
    {
        var violations = Check(service, operation, response, checkEnums);
        Assert.True(violations.Count == 0, $"{service}.{operation} response does not match the API model:\n  " + string.Join("\n  ", violations) + $"\nResponse: {response}");
    }

    private sealed record CheckContext(ApiModel Model, List<string> Violations, bool CheckEnums);

    private static void CheckOutput(CheckContext c, string outputShape, EmulatorResponse response)
    {
        if (outputShape == null)
        {
            if (!string.IsNullOrWhiteSpace(response.Body) && response.Body.Trim() != "{}")
                c.Violations.Add($"the operation has no output, but the body is '{Truncate(response.Body)}'");
            return;
        }
        var shape = c.Model.Shape(outputShape);
        CheckHeaderMembers(c, shape, response, "$");
        if (shape.TryGetProperty("payload", out var payloadName))
        {
            var member = shape.GetProperty("members").GetProperty(payloadName.GetString());
            var payloadShape = c.Model.Shape(member.GetProperty("shape").GetString());
            if (payloadShape.GetProperty("type").GetString() != "structure") return; // raw body (e.g. an export): nothing to check as JSON
            CheckJsonBody(c, member.GetProperty("shape").GetString(), response, "$");
            return;
        }
        CheckJsonBody(c, outputShape, response, "$");
    }

    private static void CheckJsonBody(CheckContext c, string shapeName, EmulatorResponse response, string path)
    {
        JsonElement body;
        try { body = response.Json; }
        catch (JsonException e) { c.Violations.Add($"{path}: body is not JSON ({e.Message})"); return; }
        CheckValue(c, shapeName, body, path, bodyOnly: true);
    }

    private static void CheckHeaderMembers(CheckContext c, JsonElement shape, EmulatorResponse response, string path)
    {
        var required = Required(shape);
        foreach (var m in shape.GetProperty("members").EnumerateObject())
        {
            if (!m.Value.TryGetProperty("location", out var loc) || loc.GetString() != "header") continue;
            var header = m.Value.TryGetProperty("locationName", out var ln) ? ln.GetString() : m.Name;
            if (required.Contains(m.Name) && response.Header(header) == null)
                c.Violations.Add($"{path}: required header '{header}' ({m.Name}) is missing");
        }
    }

    private static void CheckValue(CheckContext c, string shapeName, JsonElement value, string path, bool bodyOnly = false)
    {
        var shape = c.Model.Shape(shapeName);
        var type = shape.GetProperty("type").GetString();
        if (value.ValueKind == JsonValueKind.Null) { c.Violations.Add($"{path}: explicit null (AWS omits absent members)"); return; }
        switch (type)
        {
            case "structure":
                if (value.ValueKind != JsonValueKind.Object) { c.Violations.Add($"{path}: expected object ({shapeName}), got {value.ValueKind}"); return; }
                CheckStructure(c, shapeName, shape, value, path, bodyOnly);
                break;
            case "list":
                if (value.ValueKind != JsonValueKind.Array) { c.Violations.Add($"{path}: expected array ({shapeName}), got {value.ValueKind}"); return; }
                var memberShape = shape.GetProperty("member").GetProperty("shape").GetString();
                var i = 0;
                foreach (var item in value.EnumerateArray()) CheckValue(c, memberShape, item, $"{path}[{i++}]");
                break;
            case "map":
                if (value.ValueKind != JsonValueKind.Object) { c.Violations.Add($"{path}: expected object map ({shapeName}), got {value.ValueKind}"); return; }
                var valueShape = shape.GetProperty("value").GetProperty("shape").GetString();
                var keyShape = shape.GetProperty("key").GetProperty("shape").GetString();
                foreach (var p in value.EnumerateObject())
                {
                    CheckEnum(c, keyShape, p.Name, $"{path}.<key {p.Name}>");
                    CheckValue(c, valueShape, p.Value, $"{path}.{p.Name}");
                }
                break;
            case "string":
                if (value.ValueKind != JsonValueKind.String) { c.Violations.Add($"{path}: expected string ({shapeName}), got {value.ValueKind}"); return; }
                CheckEnum(c, shapeName, value.GetString(), path);
                break;
            case "blob":
                if (value.ValueKind != JsonValueKind.String) c.Violations.Add($"{path}: expected base64 string ({shapeName}), got {value.ValueKind}");
                break;
            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) c.Violations.Add($"{path}: expected boolean ({shapeName}), got {value.ValueKind}");
                break;
            case "integer":
            case "long":
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out _)) c.Violations.Add($"{path}: expected integer ({shapeName}), got {value.GetRawText()}");
                break;
            case "double":
            case "float":
                if (value.ValueKind != JsonValueKind.Number) c.Violations.Add($"{path}: expected number ({shapeName}), got {value.ValueKind}");
                break;
            case "timestamp":
                var format = shape.TryGetProperty("timestampFormat", out var tf) ? tf.GetString() : "unixTimestamp"; // rest-json's default
                if (format == "iso8601")
                {
                    if (value.ValueKind != JsonValueKind.String || !DateTimeOffset.TryParse(value.GetString(), out _))
                        c.Violations.Add($"{path}: expected ISO-8601 timestamp string ({shapeName}), got {value.GetRawText()}");
                }
                else if (value.ValueKind != JsonValueKind.Number)
                    c.Violations.Add($"{path}: expected epoch-seconds number ({shapeName}, rest-json default), got {value.GetRawText()}");
                break;
            default:
                c.Violations.Add($"{path}: unsupported model type '{type}'");
                break;
        }
    }

    private static void CheckStructure(CheckContext c, string shapeName, JsonElement shape, JsonElement value, string path, bool bodyOnly)
    {
        var byWireName = new Dictionary<string, (string Member, string Shape)>(StringComparer.Ordinal);
        foreach (var m in shape.GetProperty("members").EnumerateObject())
        {
            if (m.Value.TryGetProperty("location", out _)) continue; // header, uri, querystring, statusCode: not in the body
            var wire = m.Value.TryGetProperty("locationName", out var ln) ? ln.GetString() : m.Name;
            byWireName[wire] = (m.Name, m.Value.GetProperty("shape").GetString());
        }
        foreach (var p in value.EnumerateObject())
        {
            if (!byWireName.TryGetValue(p.Name, out var member))
            {
                c.Violations.Add($"{path}: member '{p.Name}' is not in {shapeName} (wire names: {string.Join(", ", byWireName.Keys)})");
                continue;
            }
            CheckValue(c, member.Shape, p.Value, $"{path}.{p.Name}");
        }
        foreach (var required in Required(shape))
        {
            var wire = byWireName.FirstOrDefault(kv => kv.Value.Member == required).Key;
            if (wire != null && !value.TryGetProperty(wire, out _))
                c.Violations.Add($"{path}: required member '{wire}' of {shapeName} is missing");
        }
    }

    private static void CheckEnum(CheckContext c, string shapeName, string value, string path)
    {
        if (!c.CheckEnums) return;
        var shape = c.Model.Shape(shapeName);
        if (!shape.TryGetProperty("enum", out var values)) return;
        if (!values.EnumerateArray().Any(v => v.GetString() == value))
            c.Violations.Add($"{path}: '{value}' is not a value of enum {shapeName} ({string.Join(", ", values.EnumerateArray().Select(v => v.GetString()))})");
    }

    private static void CheckError(CheckContext c, OperationModel op, EmulatorResponse response)
    {
        var code = response.ErrorType;
        if (code == null)
        {
            c.Violations.Add($"error status {response.Status} without an x-amzn-ErrorType header");
            return;
        }
        if (FrontDoorErrors.Contains(code))
        {
            JsonElement body;
            try { body = response.Json; } catch (JsonException) { c.Violations.Add("front-door error body is not JSON"); return; }
            if (!body.TryGetProperty("message", out var m) && !body.TryGetProperty("Message", out m))
                c.Violations.Add($"{code}: body has no message");
            return;
        }
        if (!op.Errors.Contains(code))
        {
            c.Violations.Add($"error code '{code}' is not declared by {op.Model.Service}.{op.Name} (declared: {string.Join(", ", op.Errors)})");
            return;
        }
        var shape = c.Model.Shape(code);
        var expectedStatus = shape.TryGetProperty("error", out var err) && err.TryGetProperty("httpStatusCode", out var s) ? s.GetInt32() : 400;
        if (response.Status != expectedStatus)
            c.Violations.Add($"{code}: status {response.Status}, model says {expectedStatus}");
        CheckHeaderMembers(c, shape, response, "$");
        CheckJsonBody(c, code, response, "$");
    }

    private static HashSet<string> Required(JsonElement shape)
        => shape.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()).ToHashSet() : new HashSet<string>();

    private static string Truncate(string s) => s.Length <= 200 ? s : s.Substring(0, 200) + "...";
}
