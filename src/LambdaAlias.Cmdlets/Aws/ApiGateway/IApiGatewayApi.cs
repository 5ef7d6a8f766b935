using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>The API Gateway REST (v1) control-plane operations this module uses. Paged lists come as a lazy stream
    /// and as single pages (position = the previous page's <see cref="AwsPage{T}.NextToken"/>, null for the first).</summary>
    public interface IApiGatewayApi
    {
        IAsyncEnumerable<RestApi> GetRestApisAsync(CancellationToken cancellationToken = default);
        Task<AwsPage<RestApi>> GetRestApisPageAsync(string position, int? limit = null, CancellationToken cancellationToken = default);
        Task<RestApi> GetRestApiAsync(string restApiId, CancellationToken cancellationToken = default);

        /// <summary>GetResources; with <paramref name="embedMethods"/> (embed=methods) each resource carries its methods
        /// and their integrations, so no per-method GetIntegration is needed. <paramref name="limit"/> is the page size (max 500).</summary>
        IAsyncEnumerable<RestResource> GetResourcesAsync(string restApiId, bool embedMethods = true, int? limit = 500, CancellationToken cancellationToken = default);
        Task<AwsPage<RestResource>> GetResourcesPageAsync(string restApiId, string position, int? limit = 500, bool embedMethods = true, CancellationToken cancellationToken = default);

        Task<RestIntegration> GetIntegrationAsync(string restApiId, string resourceId, string httpMethod, CancellationToken cancellationToken = default);
        /// <summary>UpdateIntegration, e.g. <c>PatchOperation.Replace("/uri", newUri)</c>. Changes the draft only; it is
        /// live after a deployment.</summary>
        Task<RestIntegration> UpdateIntegrationAsync(string restApiId, string resourceId, string httpMethod, IEnumerable<PatchOperation> patchOperations, CancellationToken cancellationToken = default);

        IAsyncEnumerable<RestAuthorizer> GetAuthorizersAsync(string restApiId, CancellationToken cancellationToken = default);
        Task<AwsPage<RestAuthorizer>> GetAuthorizersPageAsync(string restApiId, string position, int? limit = null, CancellationToken cancellationToken = default);
        /// <summary>UpdateAuthorizer, e.g. <c>PatchOperation.Replace("/authorizerUri", newUri)</c>.</summary>
        Task<RestAuthorizer> UpdateAuthorizerAsync(string restApiId, string authorizerId, IEnumerable<PatchOperation> patchOperations, CancellationToken cancellationToken = default);

        /// <summary>GetStages (not paginated by AWS); optionally only the stages serving <paramref name="deploymentId"/>.</summary>
        Task<List<RestStage>> GetStagesAsync(string restApiId, string deploymentId = null, CancellationToken cancellationToken = default);
        Task<RestStage> GetStageAsync(string restApiId, string stageName, CancellationToken cancellationToken = default);
        /// <summary>UpdateStage, e.g. replace <c>/variables/{name}</c>, <c>/deploymentId</c>,
        /// <c>/canarySettings/stageVariableOverrides/{name}</c>. Stage-variable changes are live at once.</summary>
        Task<RestStage> UpdateStageAsync(string restApiId, string stageName, IEnumerable<PatchOperation> patchOperations, CancellationToken cancellationToken = default);

        Task<RestDeployment> CreateDeploymentAsync(CreateRestDeploymentRequest request, CancellationToken cancellationToken = default);
        IAsyncEnumerable<RestDeployment> GetDeploymentsAsync(string restApiId, CancellationToken cancellationToken = default);
        Task<AwsPage<RestDeployment>> GetDeploymentsPageAsync(string restApiId, string position, int? limit = null, CancellationToken cancellationToken = default);

        /// <summary>GetExport of a stage: the deployed snapshot's OpenAPI/Swagger document as text.</summary>
        Task<RestExport> GetExportAsync(RestExportRequest request, CancellationToken cancellationToken = default);

        IAsyncEnumerable<RestDomainName> GetDomainNamesAsync(CancellationToken cancellationToken = default);
        Task<AwsPage<RestDomainName>> GetDomainNamesPageAsync(string position, int? limit = null, CancellationToken cancellationToken = default);
        IAsyncEnumerable<BasePathMapping> GetBasePathMappingsAsync(string domainName, CancellationToken cancellationToken = default);
        Task<AwsPage<BasePathMapping>> GetBasePathMappingsPageAsync(string domainName, string position, int? limit = null, CancellationToken cancellationToken = default);

        /// <summary>GetTags of a resource ARN, e.g. "arn:aws:apigateway:us-east-1::/restapis/abc123".</summary>
        Task<Dictionary<string, string>> GetTagsAsync(string resourceArn, CancellationToken cancellationToken = default);
    }
}
