using System.Text.Json;
using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Aws.Clients;

/// <summary>A fake transport: records every request and answers with canned responses in order (or throws the canned
/// AWS error), so tests can assert exactly what a client sends and how it reads what comes back.</summary>
internal sealed class RecordingTransport : IAwsTransport
{
    private readonly Queue<Func<AwsRequest, AwsResponse>> _responders = new();

    public List<AwsRequest> Requests { get; } = new();

    public AwsRequest Single => Assert.Single(Requests);

    public RecordingTransport Returns(string body, int statusCode = 200, string contentType = "application/json", IDictionary<string, string> headers = null)
    {
        _responders.Enqueue(_ => new AwsResponse
        {
            StatusCode = statusCode,
            Body = body,
            ContentType = contentType,
            RequestId = "req-" + (_responders.Count + Requests.Count),
            Headers = headers ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase),
        });
        return this;
    }

    public RecordingTransport Throws(string errorCode, string message, int statusCode)
    {
        _responders.Enqueue(request => throw new AwsServiceException(errorCode, message, statusCode, "req-err", request.Operation));
        return this;
    }

    public Task<AwsResponse> SendAsync(AwsRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Requests.Add(request);
        if (_responders.Count == 0) throw new InvalidOperationException($"Unexpected call {request.Operation} {request.HttpMethod} {request.Path}");
        return Task.FromResult(_responders.Dequeue()(request));
    }
}

internal static class RequestAssert
{
    /// <summary>The query as "name=value" strings in the order sent.</summary>
    public static string[] QueryOf(AwsRequest request) => request.Query.Select(p => p.Key + "=" + p.Value).ToArray();

    /// <summary>Asserts the body is exactly the expected JSON object (member names, values, no extra members).</summary>
    public static void BodyEquals(string expectedJson, string actualBody)
    {
        Assert.NotNull(actualBody);
        var expected = JsonSerializer.Serialize(JsonDocument.Parse(expectedJson).RootElement);
        var actual = JsonSerializer.Serialize(JsonDocument.Parse(actualBody).RootElement);
        Assert.Equal(expected, actual);
    }
}
