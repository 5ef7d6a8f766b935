using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>The API Gateway v2 (HTTP and WebSocket APIs) control-plane operations this module uses. Paged lists come
    /// as a lazy stream and as single pages (nextToken = the previous page's <see cref="AwsPage{T}.NextToken"/>).</summary>
    public interface IApiGatewayV2Api
    {
        IAsyncEnumerable<V2Api> GetApisAsync(CancellationToken cancellationToken = default);
        Task<AwsPage<V2Api>> GetApisPageAsync(string nextToken, int? maxResults = null, CancellationToken cancellationToken = default);

        IAsyncEnumerable<V2Route> GetRoutesAsync(string apiId, CancellationToken cancellationToken = default);
        Task<AwsPage<V2Route>> GetRoutesPageAsync(string apiId, string nextToken, int? maxResults = null, CancellationToken cancellationToken = default);

        IAsyncEnumerable<V2Integration> GetIntegrationsAsync(string apiId, CancellationToken cancellationToken = default);
        Task<AwsPage<V2Integration>> GetIntegrationsPageAsync(string apiId, string nextToken, int? maxResults = null, CancellationToken cancellationToken = default);
        Task<V2Integration> GetIntegrationAsync(string apiId, string integrationId, CancellationToken cancellationToken = default);
        /// <summary>UpdateIntegration, e.g. a new IntegrationUri. Live at once on AutoDeploy stages (asynchronously),
        /// otherwise after a deployment.</summary>
        Task<V2Integration> UpdateIntegrationAsync(V2UpdateIntegrationRequest request, CancellationToken cancellationToken = default);

        IAsyncEnumerable<V2Authorizer> GetAuthorizersAsync(string apiId, CancellationToken cancellationToken = default);
        Task<AwsPage<V2Authorizer>> GetAuthorizersPageAsync(string apiId, string nextToken, int? maxResults = null, CancellationToken cancellationToken = default);

        IAsyncEnumerable<V2Stage> GetStagesAsync(string apiId, CancellationToken cancellationToken = default);
        Task<AwsPage<V2Stage>> GetStagesPageAsync(string apiId, string nextToken, int? maxResults = null, CancellationToken cancellationToken = default);
        Task<V2Stage> UpdateStageAsync(V2UpdateStageRequest request, CancellationToken cancellationToken = default);

        /// <summary>CreateDeployment; with <paramref name="stageName"/> the deployment is put on that stage (which must not
        /// have AutoDeploy).</summary>
        Task<V2Deployment> CreateDeploymentAsync(string apiId, string stageName = null, string description = null, CancellationToken cancellationToken = default);
        IAsyncEnumerable<V2Deployment> GetDeploymentsAsync(string apiId, CancellationToken cancellationToken = default);
        Task<AwsPage<V2Deployment>> GetDeploymentsPageAsync(string apiId, string nextToken, int? maxResults = null, CancellationToken cancellationToken = default);

        /// <summary>ExportApi: the OpenAPI document text (HTTP APIs only).</summary>
        Task<string> ExportApiAsync(V2ExportRequest request, CancellationToken cancellationToken = default);

        IAsyncEnumerable<V2DomainName> GetDomainNamesAsync(CancellationToken cancellationToken = default);
        Task<AwsPage<V2DomainName>> GetDomainNamesPageAsync(string nextToken, int? maxResults = null, CancellationToken cancellationToken = default);
        IAsyncEnumerable<V2ApiMapping> GetApiMappingsAsync(string domainName, CancellationToken cancellationToken = default);
        Task<AwsPage<V2ApiMapping>> GetApiMappingsPageAsync(string domainName, string nextToken, int? maxResults = null, CancellationToken cancellationToken = default);
    }
}
