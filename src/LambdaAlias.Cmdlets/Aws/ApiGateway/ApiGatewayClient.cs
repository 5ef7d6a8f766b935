using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>Typed API Gateway REST (v1) client over an <see cref="IAwsTransport"/>. Wire format from
    /// aws-api-models/apigateway/service-2.json.</summary>
    public sealed class ApiGatewayClient : IApiGatewayApi
    {
        private readonly IAwsTransport _transport;

        public ApiGatewayClient(IAwsTransport transport)
        {
            _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        }

        public IAsyncEnumerable<RestApi> GetRestApisAsync(CancellationToken cancellationToken = default)
            => AwsPaginator.Enumerate((position, ct) => GetRestApisPageAsync(position, null, ct), "GetRestApis", cancellationToken);

        public Task<AwsPage<RestApi>> GetRestApisPageAsync(string position, int? limit = null, CancellationToken cancellationToken = default)
            => GetPageAsync<RestApi>(Read("GetRestApis", "restapis", "/restapis"), position, limit, cancellationToken);

        public Task<RestApi> GetRestApiAsync(string restApiId, CancellationToken cancellationToken = default)
            => AwsCall.SendAsync<RestApi>(_transport, Read("GetRestApi", "restapis/" + restApiId, AwsPath.Build("/restapis/{0}", restApiId)), cancellationToken);

        public IAsyncEnumerable<RestResource> GetResourcesAsync(string restApiId, bool embedMethods = true, int? limit = 500, CancellationToken cancellationToken = default)
            => AwsPaginator.Enumerate((position, ct) => GetResourcesPageAsync(restApiId, position, limit, embedMethods, ct), "GetResources", cancellationToken);

        public Task<AwsPage<RestResource>> GetResourcesPageAsync(string restApiId, string position, int? limit = 500, bool embedMethods = true, CancellationToken cancellationToken = default)
        {
            var request = Read("GetResources", "restapis/" + restApiId + "/resources", AwsPath.Build("/restapis/{0}/resources", restApiId));
            if (embedMethods) request.AddQuery("embed", "methods");
            return GetPageAsync<RestResource>(request, position, limit, cancellationToken);
        }

        public Task<RestIntegration> GetIntegrationAsync(string restApiId, string resourceId, string httpMethod, CancellationToken cancellationToken = default)
        {
            var request = Read("GetIntegration", IntegrationTarget(restApiId, resourceId, httpMethod), IntegrationPath(restApiId, resourceId, httpMethod));
            return AwsCall.SendAsync<RestIntegration>(_transport, request, cancellationToken);
        }

        public Task<RestIntegration> UpdateIntegrationAsync(string restApiId, string resourceId, string httpMethod, IEnumerable<PatchOperation> patchOperations, CancellationToken cancellationToken = default)
        {
            var request = Patch("UpdateIntegration", IntegrationTarget(restApiId, resourceId, httpMethod), IntegrationPath(restApiId, resourceId, httpMethod), patchOperations);
            return AwsCall.SendAsync<RestIntegration>(_transport, request, cancellationToken);
        }

        public IAsyncEnumerable<RestAuthorizer> GetAuthorizersAsync(string restApiId, CancellationToken cancellationToken = default)
            => AwsPaginator.Enumerate((position, ct) => GetAuthorizersPageAsync(restApiId, position, null, ct), "GetAuthorizers", cancellationToken);

        public Task<AwsPage<RestAuthorizer>> GetAuthorizersPageAsync(string restApiId, string position, int? limit = null, CancellationToken cancellationToken = default)
            => GetPageAsync<RestAuthorizer>(
                Read("GetAuthorizers", "restapis/" + restApiId + "/authorizers", AwsPath.Build("/restapis/{0}/authorizers", restApiId)),
                position, limit, cancellationToken);

        public Task<RestAuthorizer> UpdateAuthorizerAsync(string restApiId, string authorizerId, IEnumerable<PatchOperation> patchOperations, CancellationToken cancellationToken = default)
        {
            var request = Patch("UpdateAuthorizer", "restapis/" + restApiId + "/authorizers/" + authorizerId,
                AwsPath.Build("/restapis/{0}/authorizers/{1}", restApiId, authorizerId), patchOperations);
            return AwsCall.SendAsync<RestAuthorizer>(_transport, request, cancellationToken);
        }

        public async Task<List<RestStage>> GetStagesAsync(string restApiId, string deploymentId = null, CancellationToken cancellationToken = default)
        {
            var request = Read("GetStages", "restapis/" + restApiId + "/stages", AwsPath.Build("/restapis/{0}/stages", restApiId))
                .AddQuery("deploymentId", deploymentId);
            var response = await AwsCall.SendAsync<RestListResponse<RestStage>>(_transport, request, cancellationToken).ConfigureAwait(false);
            return response.AllItems();
        }

        public Task<RestStage> GetStageAsync(string restApiId, string stageName, CancellationToken cancellationToken = default)
        {
            var request = Read("GetStage", StageTarget(restApiId, stageName), AwsPath.Build("/restapis/{0}/stages/{1}", restApiId, stageName));
            return AwsCall.SendAsync<RestStage>(_transport, request, cancellationToken);
        }

        public Task<RestStage> UpdateStageAsync(string restApiId, string stageName, IEnumerable<PatchOperation> patchOperations, CancellationToken cancellationToken = default)
        {
            var request = Patch("UpdateStage", StageTarget(restApiId, stageName), AwsPath.Build("/restapis/{0}/stages/{1}", restApiId, stageName), patchOperations);
            return AwsCall.SendAsync<RestStage>(_transport, request, cancellationToken);
        }

        public Task<RestDeployment> CreateDeploymentAsync(CreateRestDeploymentRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var awsRequest = new AwsRequest
            {
                Service = AwsService.ApiGateway,
                Operation = "CreateDeployment",
                Target = "restapis/" + request.RestApiId + (request.StageName != null ? " stage " + request.StageName : string.Empty),
                HttpMethod = "POST",
                Path = AwsPath.Build("/restapis/{0}/deployments", request.RestApiId),
                Body = AwsJson.Serialize(request),
                // Every call creates a new deployment (and the quota is one per 5 s), so it is never repeated blindly.
                IsIdempotent = false,
            };
            return AwsCall.SendAsync<RestDeployment>(_transport, awsRequest, cancellationToken);
        }

        public IAsyncEnumerable<RestDeployment> GetDeploymentsAsync(string restApiId, CancellationToken cancellationToken = default)
            => AwsPaginator.Enumerate((position, ct) => GetDeploymentsPageAsync(restApiId, position, null, ct), "GetDeployments", cancellationToken);

        public Task<AwsPage<RestDeployment>> GetDeploymentsPageAsync(string restApiId, string position, int? limit = null, CancellationToken cancellationToken = default)
            => GetPageAsync<RestDeployment>(
                Read("GetDeployments", "restapis/" + restApiId + "/deployments", AwsPath.Build("/restapis/{0}/deployments", restApiId)),
                position, limit, cancellationToken);

        public async Task<RestExport> GetExportAsync(RestExportRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var awsRequest = Read("GetExport", StageTarget(request.RestApiId, request.StageName) + " export " + request.ExportType,
                AwsPath.Build("/restapis/{0}/stages/{1}/exports/{2}", request.RestApiId, request.StageName, request.ExportType));
            // "parameters" is a map serialised as individual query parameters.
            awsRequest.AddQuery("extensions", request.Extensions);
            if (request.Parameters != null)
            {
                foreach (var pair in request.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (pair.Key != "extensions" || request.Extensions == null) awsRequest.AddQuery(pair.Key, pair.Value);
                }
            }
            if (!string.IsNullOrEmpty(request.Accept)) awsRequest.Headers["Accept"] = request.Accept;

            var response = await _transport.SendAsync(awsRequest, cancellationToken).ConfigureAwait(false);
            response.Headers.TryGetValue("Content-Disposition", out var disposition);
            return new RestExport
            {
                Body = response.Body ?? string.Empty,
                ContentType = response.ContentType,
                ContentDisposition = disposition,
            };
        }

        public IAsyncEnumerable<RestDomainName> GetDomainNamesAsync(CancellationToken cancellationToken = default)
            => AwsPaginator.Enumerate((position, ct) => GetDomainNamesPageAsync(position, null, ct), "GetDomainNames", cancellationToken);

        public Task<AwsPage<RestDomainName>> GetDomainNamesPageAsync(string position, int? limit = null, CancellationToken cancellationToken = default)
            => GetPageAsync<RestDomainName>(Read("GetDomainNames", "domainnames", "/domainnames"), position, limit, cancellationToken);

        public IAsyncEnumerable<BasePathMapping> GetBasePathMappingsAsync(string domainName, CancellationToken cancellationToken = default)
            => AwsPaginator.Enumerate((position, ct) => GetBasePathMappingsPageAsync(domainName, position, null, ct), "GetBasePathMappings", cancellationToken);

        public Task<AwsPage<BasePathMapping>> GetBasePathMappingsPageAsync(string domainName, string position, int? limit = null, CancellationToken cancellationToken = default)
            => GetPageAsync<BasePathMapping>(
                Read("GetBasePathMappings", "domainnames/" + domainName + "/basepathmappings", AwsPath.Build("/domainnames/{0}/basepathmappings", domainName)),
                position, limit, cancellationToken);

        public async Task<Dictionary<string, string>> GetTagsAsync(string resourceArn, CancellationToken cancellationToken = default)
        {
            var request = Read("GetTags", resourceArn, AwsPath.Build("/tags/{0}", resourceArn));
            var response = await AwsCall.SendAsync<RestTagsResponse>(_transport, request, cancellationToken).ConfigureAwait(false);
            return response.Tags;
        }

        private async Task<AwsPage<T>> GetPageAsync<T>(AwsRequest request, string position, int? limit, CancellationToken cancellationToken)
        {
            request.AddQuery("position", position).AddQuery("limit", limit?.ToString(CultureInfo.InvariantCulture));
            var response = await AwsCall.SendAsync<RestListResponse<T>>(_transport, request, cancellationToken).ConfigureAwait(false);
            return new AwsPage<T>(response.AllItems(), response.Position);
        }

        private static AwsRequest Read(string operation, string target, string path) => new AwsRequest
        {
            Service = AwsService.ApiGateway,
            Operation = operation,
            Target = target,
            HttpMethod = "GET",
            Path = path,
            IsIdempotent = true,
        };

        /// <summary>The Update* calls send <c>{"patchOperations":[...]}</c> with PATCH. They are treated as idempotent:
        /// the module only sends "replace"/"add" of absolute values (a URI, a variable, a deployment id), which leave the
        /// same state however often they are applied; a repeated "remove" can at worst fail with NotFound.</summary>
        private static AwsRequest Patch(string operation, string target, string path, IEnumerable<PatchOperation> patchOperations)
        {
            if (patchOperations == null) throw new ArgumentNullException(nameof(patchOperations));
            return new AwsRequest
            {
                Service = AwsService.ApiGateway,
                Operation = operation,
                Target = target,
                HttpMethod = "PATCH",
                Path = path,
                Body = AwsJson.Serialize(new PatchBody { PatchOperations = patchOperations.ToList() }),
                IsIdempotent = true,
            };
        }

        private static string IntegrationPath(string restApiId, string resourceId, string httpMethod)
            => AwsPath.Build("/restapis/{0}/resources/{1}/methods/{2}/integration", restApiId, resourceId, httpMethod);

        private static string IntegrationTarget(string restApiId, string resourceId, string httpMethod)
            => "restapis/" + restApiId + "/resources/" + resourceId + "/methods/" + httpMethod + "/integration";

        private static string StageTarget(string restApiId, string stageName) => "restapis/" + restApiId + "/stages/" + stageName;

        private sealed class PatchBody
        {
            [System.Text.Json.Serialization.JsonPropertyName("patchOperations")]
            public List<PatchOperation> PatchOperations { get; set; }
        }
    }
}
