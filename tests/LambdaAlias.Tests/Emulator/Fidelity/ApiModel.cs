using System.Collections.Concurrent;
using System.Text.Json;

namespace LambdaAlias.Tests.Emulator.Fidelity;

/// <summary>An official AWS API model (botocore service-2.json) as kept in the emulator's ApiModels folder, which is
/// copied next to the test assembly.</summary>
public sealed class ApiModel
{
    private static readonly ConcurrentDictionary<string, ApiModel> Loaded = new(StringComparer.OrdinalIgnoreCase);
    private readonly JsonElement _root;

    public string Service { get; }
    public string Protocol => _root.GetProperty("metadata").GetProperty("protocol").GetString();

    private ApiModel(string service, JsonElement root) { Service = service; _root = root; }

    /// <summary>"lambda", "apigateway" or "apigatewayv2". The models are immutable reference data, so one parse per test run.</summary>
    public static ApiModel For(string service) => Loaded.GetOrAdd(service, s =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "ApiModels", s, "service-2.json");
        if (!File.Exists(path)) throw new FileNotFoundException($"API model for '{s}' not found at {path}.");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return new ApiModel(s, doc.RootElement.Clone());
    });

    public bool HasOperation(string name) => _root.GetProperty("operations").TryGetProperty(name, out _);

    public OperationModel Operation(string name)
    {
        if (!_root.GetProperty("operations").TryGetProperty(name, out var op))
            throw new ArgumentException($"The {Service} model has no operation '{name}'.");
        return new OperationModel(this, name, op);
    }

    public JsonElement Shape(string name)
    {
        if (!_root.GetProperty("shapes").TryGetProperty(name, out var shape))
            throw new ArgumentException($"The {Service} model has no shape '{name}'.");
        return shape;
    }

    public bool IsErrorShape(string name)
        => _root.GetProperty("shapes").TryGetProperty(name, out var s) && s.TryGetProperty("exception", out var e) && e.GetBoolean();
}

public sealed class OperationModel
{
    private readonly JsonElement _op;
    public ApiModel Model { get; }
    public string Name { get; }

    internal OperationModel(ApiModel model, string name, JsonElement op) { Model = model; Name = name; _op = op; }

    public string Method => _op.GetProperty("http").GetProperty("method").GetString();
    public string RequestUri => _op.GetProperty("http").GetProperty("requestUri").GetString();
    /// <summary>The documented success status; 200 when the model does not say.</summary>
    public int SuccessStatus => _op.GetProperty("http").TryGetProperty("responseCode", out var c) ? c.GetInt32() : 200;
    public string OutputShape => _op.TryGetProperty("output", out var o) ? o.GetProperty("shape").GetString() : null;
    public IReadOnlyList<string> Errors => _op.TryGetProperty("errors", out var e) ? e.EnumerateArray().Select(x => x.GetProperty("shape").GetString()).ToList() : new List<string>();
}
