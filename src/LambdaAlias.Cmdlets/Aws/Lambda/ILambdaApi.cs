using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>The Lambda control-plane operations this module uses (API version 2015-03-31). Function names accept a
    /// name, a partial ARN ("123456789012:function:my-func") or a full ARN, optionally qualified ("my-func:1"), exactly as
    /// Lambda does. List operations come as a lazy stream and, for callers that need paging control, as single pages
    /// (marker = the previous page's <see cref="AwsPage{T}.NextToken"/>, null for the first page).</summary>
    public interface ILambdaApi
    {
        /// <summary>GetFunction: configuration and tags of the function, or of one version or alias with <paramref name="qualifier"/>.</summary>
        Task<GetFunctionResult> GetFunctionAsync(string functionName, string qualifier = null, CancellationToken cancellationToken = default);

        Task<FunctionConfiguration> GetFunctionConfigurationAsync(string functionName, string qualifier = null, CancellationToken cancellationToken = default);

        /// <summary>ListFunctions. With <paramref name="allVersions"/> every published version is listed too (FunctionVersion=ALL).</summary>
        IAsyncEnumerable<FunctionConfiguration> ListFunctionsAsync(bool allVersions = false, CancellationToken cancellationToken = default);
        Task<AwsPage<FunctionConfiguration>> ListFunctionsPageAsync(string marker, int? maxItems = null, bool allVersions = false, CancellationToken cancellationToken = default);

        /// <summary>PublishVersion; returns the new version's configuration, or the existing version when nothing changed.</summary>
        Task<FunctionConfiguration> PublishVersionAsync(PublishVersionRequest request, CancellationToken cancellationToken = default);

        /// <summary>ListVersionsByFunction: $LATEST and every published version.</summary>
        IAsyncEnumerable<FunctionConfiguration> ListVersionsByFunctionAsync(string functionName, CancellationToken cancellationToken = default);
        Task<AwsPage<FunctionConfiguration>> ListVersionsByFunctionPageAsync(string functionName, string marker, int? maxItems = null, CancellationToken cancellationToken = default);

        Task<AliasConfiguration> CreateAliasAsync(CreateAliasRequest request, CancellationToken cancellationToken = default);
        Task<AliasConfiguration> GetAliasAsync(string functionName, string aliasName, CancellationToken cancellationToken = default);

        /// <summary>ListAliases; with <paramref name="functionVersion"/> only the aliases that point at that version.</summary>
        IAsyncEnumerable<AliasConfiguration> ListAliasesAsync(string functionName, string functionVersion = null, CancellationToken cancellationToken = default);
        Task<AwsPage<AliasConfiguration>> ListAliasesPageAsync(string functionName, string marker, int? maxItems = null, string functionVersion = null, CancellationToken cancellationToken = default);

        Task<AliasConfiguration> UpdateAliasAsync(UpdateAliasRequest request, CancellationToken cancellationToken = default);
        Task DeleteAliasAsync(string functionName, string aliasName, CancellationToken cancellationToken = default);

        Task<AddPermissionResult> AddPermissionAsync(AddPermissionRequest request, CancellationToken cancellationToken = default);

        /// <summary>GetPolicy for the function (unqualified, which also governs $LATEST) or one qualifier. A function or
        /// qualifier that exists but has no policy returns a result with <see cref="FunctionPolicy.HasPolicy"/> false;
        /// a missing function or qualifier still throws <see cref="AwsServiceException"/> (ResourceNotFoundException).</summary>
        Task<FunctionPolicy> GetPolicyAsync(string functionName, string qualifier = null, CancellationToken cancellationToken = default);

        /// <summary>RemovePermission; <paramref name="revisionId"/> is the policy's RevisionId precondition.</summary>
        Task RemovePermissionAsync(string functionName, string statementId, string qualifier = null, string revisionId = null, CancellationToken cancellationToken = default);

        /// <summary>ListEventSourceMappings, optionally filtered by function (name or ARN; a qualified ARN filters to that
        /// qualifier) and/or event source ARN.</summary>
        IAsyncEnumerable<EventSourceMappingConfiguration> ListEventSourceMappingsAsync(string functionName = null, string eventSourceArn = null, CancellationToken cancellationToken = default);
        Task<AwsPage<EventSourceMappingConfiguration>> ListEventSourceMappingsPageAsync(string marker, int? maxItems = null, string functionName = null, string eventSourceArn = null, CancellationToken cancellationToken = default);

        Task<EventSourceMappingConfiguration> GetEventSourceMappingAsync(string uuid, CancellationToken cancellationToken = default);
        Task<EventSourceMappingConfiguration> UpdateEventSourceMappingAsync(UpdateEventSourceMappingRequest request, CancellationToken cancellationToken = default);

        /// <summary>ListTags of a function ARN (tags live on the function, not on versions).</summary>
        Task<Dictionary<string, string>> ListTagsAsync(string functionArn, CancellationToken cancellationToken = default);
    }
}
