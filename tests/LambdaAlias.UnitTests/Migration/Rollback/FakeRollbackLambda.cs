using LambdaAlias;

namespace LambdaAlias.UnitTests.Migration.Rollback;

/// <summary>
/// An in-memory ILambdaApi holding one function's versions, aliases and alias policies, with Lambda's RevisionId rule on
/// UpdateAlias. Records every call so tests can prove what was (not) mutated. Only what a rollback uses is implemented.
/// </summary>
internal sealed class FakeRollbackLambda : ILambdaApi
{
    public const string Arn = "arn:aws:lambda:us-east-1:123456789012:function:";
    public readonly Dictionary<string, FunctionConfiguration> Versions = new(StringComparer.Ordinal);
    public readonly Dictionary<string, AliasConfiguration> Aliases = new(StringComparer.Ordinal);
    public readonly Dictionary<string, string> Policies = new(StringComparer.Ordinal);
    public readonly List<string> Calls = new();
    public readonly List<UpdateAliasRequest> Updates = new();
    /// <summary>Runs between the read of an alias and its update, as a concurrent operator would.</summary>
    public Action BeforeUpdate { get; set; }
    /// <summary>Thrown by the next UpdateAlias instead of applying it.</summary>
    public Exception UpdateFailure { get; set; }
    /// <summary>Replaces UpdateAlias's answer (to simulate an alias that does not end up where it was sent).</summary>
    public Func<AliasConfiguration, AliasConfiguration> AnswerOverride { get; set; }

    public string FunctionName { get; }

    public FakeRollbackLambda(string functionName = "my-func") => FunctionName = functionName;

    public FakeRollbackLambda Version(string version, Action<FunctionConfiguration> configure = null)
    {
        var config = new FunctionConfiguration
        {
            FunctionName = FunctionName, FunctionArn = Arn + FunctionName + ":" + version, Version = version, Runtime = "python3.9",
            Role = "arn:aws:iam::123456789012:role/" + FunctionName + "-role", Handler = "app.handler",
            Environment = new FunctionEnvironment { VariableNames = new List<string> { "TABLE_NAME" } },
        };
        configure?.Invoke(config);
        Versions[version] = config;
        return this;
    }

    public FakeRollbackLambda Alias(string name, string version, Dictionary<string, double> weights = null)
    {
        Aliases[name] = new AliasConfiguration
        {
            Name = name, FunctionVersion = version, AliasArn = Arn + FunctionName + ":" + name, RevisionId = Guid.NewGuid().ToString(),
            RoutingConfig = weights == null ? null : new AliasRoutingConfiguration { AdditionalVersionWeights = weights },
        };
        return this;
    }

    public bool Mutated => Calls.Any(c => c.StartsWith("UpdateAlias", StringComparison.Ordinal));

    public Task<AliasConfiguration> GetAliasAsync(string functionName, string aliasName, CancellationToken cancellationToken = default)
    {
        Calls.Add("GetAlias " + functionName + ":" + aliasName);
        if (functionName != FunctionName || !Aliases.TryGetValue(aliasName, out var alias)) throw NotFound("GetAlias", "Alias not found: " + functionName + ":" + aliasName);
        return Task.FromResult(Copy(alias));
    }

    public async IAsyncEnumerable<FunctionConfiguration> ListVersionsByFunctionAsync(string functionName, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Calls.Add("ListVersionsByFunction " + functionName);
        await Task.Yield();
        yield return new FunctionConfiguration { FunctionName = FunctionName, Version = "$LATEST", Runtime = "python3.9" };
        foreach (var v in Versions.Values) yield return v;
    }

    public Task<FunctionPolicy> GetPolicyAsync(string functionName, string qualifier = null, CancellationToken cancellationToken = default)
    {
        Calls.Add("GetPolicy " + functionName + ":" + qualifier);
        return Task.FromResult(new FunctionPolicy { Policy = Policies.TryGetValue(qualifier ?? string.Empty, out var p) ? p : null, RevisionId = "policy-rev" });
    }

    public Task<AliasConfiguration> UpdateAliasAsync(UpdateAliasRequest request, CancellationToken cancellationToken = default)
    {
        BeforeUpdate?.Invoke();
        Calls.Add("UpdateAlias " + request.FunctionName + ":" + request.Name);
        Updates.Add(request);
        if (UpdateFailure != null) throw UpdateFailure;
        var alias = Aliases[request.Name];
        if (request.RevisionId != null && request.RevisionId != alias.RevisionId)
            throw new AwsServiceException("PreconditionFailedException", "The Revision Id provided does not match the latest Revision Id.", 412, "req-1", "UpdateAlias");
        alias.FunctionVersion = request.FunctionVersion ?? alias.FunctionVersion;
        if (request.RoutingConfig != null) alias.RoutingConfig = request.RoutingConfig.AdditionalVersionWeights.Count == 0 ? null : request.RoutingConfig;
        alias.RevisionId = Guid.NewGuid().ToString();
        var answer = Copy(alias);
        return Task.FromResult(AnswerOverride != null ? AnswerOverride(answer) : answer);
    }

    private static AliasConfiguration Copy(AliasConfiguration a) => new()
    {
        Name = a.Name, FunctionVersion = a.FunctionVersion, AliasArn = a.AliasArn, RevisionId = a.RevisionId,
        RoutingConfig = a.RoutingConfig == null ? null : new AliasRoutingConfiguration { AdditionalVersionWeights = new Dictionary<string, double>(a.RoutingConfig.AdditionalVersionWeights) },
    };

    public static AwsServiceException NotFound(string operation, string message) => new("ResourceNotFoundException", message, 404, "req-404", operation);

    // --- Not used by a rollback ---
    public Task<GetFunctionResult> GetFunctionAsync(string functionName, string qualifier = null, CancellationToken cancellationToken = default) => throw Unused();
    public Task<FunctionConfiguration> GetFunctionConfigurationAsync(string functionName, string qualifier = null, CancellationToken cancellationToken = default) => throw Unused();
    public IAsyncEnumerable<FunctionConfiguration> ListFunctionsAsync(bool allVersions = false, CancellationToken cancellationToken = default) => throw Unused();
    public Task<AwsPage<FunctionConfiguration>> ListFunctionsPageAsync(string marker, int? maxItems = null, bool allVersions = false, CancellationToken cancellationToken = default) => throw Unused();
    public Task<FunctionConfiguration> PublishVersionAsync(PublishVersionRequest request, CancellationToken cancellationToken = default) => throw Unused();
    public Task<AwsPage<FunctionConfiguration>> ListVersionsByFunctionPageAsync(string functionName, string marker, int? maxItems = null, CancellationToken cancellationToken = default) => throw Unused();
    public Task<AliasConfiguration> CreateAliasAsync(CreateAliasRequest request, CancellationToken cancellationToken = default) => throw Unused();
    public IAsyncEnumerable<AliasConfiguration> ListAliasesAsync(string functionName, string functionVersion = null, CancellationToken cancellationToken = default) => throw Unused();
    public Task<AwsPage<AliasConfiguration>> ListAliasesPageAsync(string functionName, string marker, int? maxItems = null, string functionVersion = null, CancellationToken cancellationToken = default) => throw Unused();
    public Task DeleteAliasAsync(string functionName, string aliasName, CancellationToken cancellationToken = default) => throw Unused();
    public Task<AddPermissionResult> AddPermissionAsync(AddPermissionRequest request, CancellationToken cancellationToken = default) => throw Unused();
    public Task RemovePermissionAsync(string functionName, string statementId, string qualifier = null, string revisionId = null, CancellationToken cancellationToken = default) => throw Unused();
    public IAsyncEnumerable<EventSourceMappingConfiguration> ListEventSourceMappingsAsync(string functionName = null, string eventSourceArn = null, CancellationToken cancellationToken = default) => throw Unused();
    public Task<AwsPage<EventSourceMappingConfiguration>> ListEventSourceMappingsPageAsync(string marker, int? maxItems = null, string functionName = null, string eventSourceArn = null, CancellationToken cancellationToken = default) => throw Unused();
    public Task<EventSourceMappingConfiguration> GetEventSourceMappingAsync(string uuid, CancellationToken cancellationToken = default) => throw Unused();
    public Task<EventSourceMappingConfiguration> UpdateEventSourceMappingAsync(UpdateEventSourceMappingRequest request, CancellationToken cancellationToken = default) => throw Unused();
    public Task<Dictionary<string, string>> ListTagsAsync(string functionArn, CancellationToken cancellationToken = default) => throw Unused();

    private static Exception Unused([System.Runtime.CompilerServices.CallerMemberName] string member = null) =>
        new Xunit.Sdk.XunitException("A rollback must not call " + member + ".");
}
