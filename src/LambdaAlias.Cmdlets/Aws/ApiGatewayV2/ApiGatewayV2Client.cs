using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using System.Text.Json.Serialization;

namespace LambdaAlias
{
    /// <summary>Typed API Gateway v2 client over an <see cref="IAwsTransport"/>. Wire format from
    /// aws-api-models/apigatewayv2/service-2.json (all paths under /v2/).</summary>
    public sealed class ApiGatewayV2Client : IApiGatewayV2Api
    {
        private readonly IAwsTransport _transport;

        public ApiGatewayV2Client(IAwsTransport transport)
        {
            _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        }

        public IAsyncEnumerable<V2Api> GetApisAsync(CancellationToken cancellationToken = default)
            => AwsPaginator.Enumerate((token, ct) => GetApisPageAsync(token, null, ct), "GetApis", cancellationToken);

        public Task<AwsPage<V2Api>> GetApisPageAsync(string nextToken, int? maxResults = null, CancellationToken cancellationToken = default)
            => GetPageAsync<V2Api>(Read("GetApis", "apis", "/v2/apis"), nextToken, maxResults, cancellationToken);

        public IAsyncEnumerable<V2Route> GetRoutesAsync(string apiId, CancellationToken cancellationToken = default)
            => AwsPaginator.Enumerate((token, ct) => GetRoutesPageAsync(apiId, token, null, ct), "GetRoutes", cancellationToken);

        public Task<AwsPage<V2Route>> GetRoutesPageAsync(string apiId, string nextToken, int? maxResults = null, CancellationToken cancellationToken = default)
            => GetPageAsync<V2Route>(Read("GetRoutes", "apis/" + apiId + "/routes", AwsPath.Build("/v2/apis/{0}/routes", apiId)), nextToken, maxResults, cancellationToken);

        public IAsyncEnumerable<V2Integration> GetIntegrationsAsync(string apiId, CancellationToken cancellationToken = default)
            => AwsPaginator.Enumerate((token, ct) => GetIntegrationsPageAsync(apiId, token, null, ct), "GetIntegrations", cancellationToken);

        public Task<AwsPage<V2Integration>> GetIntegrationsPageAsync(string apiId, string nextToken, int? maxResults = null, CancellationToken cancellationToken = default)
            => GetPageAsync<V2Integration>(Read("GetIntegrations", "apis/" + apiId + "/integrations", AwsPath.Build("/v2/apis/{0}/integrations", apiId)), nextToken, maxResults, cancellationToken);

        public Task<V2Integration> GetIntegrationAsync(string apiId, string integrationId, CancellationToken cancellationToken = default)
        {
            var request = Read("GetIntegration", "apis/" + apiId + "/integrations/" + integrationId, AwsPath.Build("/v2/apis/{0}/integrations/{1}", apiId, integrationId));
            return AwsCall.SendAsync<V2Integration>(_transport, request, cancellationToken);
        }

        public Task<V2Integration> UpdateIntegrationAsync(V2UpdateIntegrationRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var awsRequest = new AwsRequest
            {
                Service = AwsService.ApiGatewayV2,
                Operation = "UpdateIntegration",
                Target = "apis/" + request.ApiId + "/integrations/" + request.IntegrationId,
                HttpMethod = "PATCH",
                Path = AwsPath.Build("/v2/apis/{0}/integrations/{1}", request.ApiId, request.IntegrationId),
                Body = AwsJson.Serialize(request),
                // Sets absolute member values (the URI): a repeat leaves the same state.
                IsIdempotent = true,
            };
            return AwsCall.SendAsync<V2Integration>(_transport, awsRequest, cancellationToken);
        }

        public IAsyncEnumerable<V2Authorizer> GetAuthorizersAsync(string apiId, CancellationToken cancellationToken = default)
            => AwsPaginator.Enumerate((token, ct) => GetAuthorizersPageAsync(apiId, token, null, ct), "GetAuthorizers", cancellationToken);

        public Task<AwsPage<V2Authorizer>> GetAuthorizersPageAsync(string apiId, string nextToken, int? maxResults = null, CancellationToken cancellationToken = default)
            => GetPageAsync<V2Authorizer>(Read("GetAuthorizers", "apis/" + apiId + "/authorizers", AwsPath.Build("/v2/apis/{0}/authorizers", apiId)), nextToken, maxResults, cancellationToken);

        public IAsyncEnumerable<V2Stage> GetStagesAsync(string apiId, CancellationToken cancellationToken = default)
            => AwsPaginator.Enumerate((token, ct) => GetStagesPageAsync(apiId, token, null, ct), "GetStages", cancellationToken);

        public Task<AwsPage<V2Stage>> GetStagesPageAsync(string apiId, string nextToken, int? maxResults = null, CancellationToken cancellationToken = default)
            => GetPageAsync<V2Stage>(Read("GetStages", "apis/" + apiId + "/stages", AwsPath.Build("/v2/apis/{0}/stages", apiId)), nextToken, maxResults, cancellationToken);

        public Task<V2Stage> UpdateStageAsync(V2UpdateStageRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var awsRequest = new AwsRequest
            {
                Service = AwsService.ApiGatewayV2,
                Operation = "UpdateStage",
                Target = "apis/" + request.ApiId + "/stages/" + request.StageName,
                HttpMethod = "PATCH",
                Path = AwsPath.Build("/v2/apis/{0}/stages/{1}", request.ApiId, request.StageName),
                Body = AwsJson.Serialize(request),
                // Sets absolute member values (variables, deployment id): a repeat leaves the same state.
                IsIdempotent = true,
            };
            return AwsCall.SendAsync<V2Stage>(_transport, awsRequest, cancellationToken);
        }

        public Task<V2Deployment> CreateDeploymentAsync(string apiId, string stageName = null, string description = null, CancellationToken cancellationToken = default)
        {
            var awsRequest = new AwsRequest
            {
                Service = AwsService.ApiGatewayV2,
                Operation = "CreateDeployment",
                Target = "apis/" + apiId + (stageName != null ? " stage " + stageName : string.Empty),
                HttpMethod = "POST",
                Path = AwsPath.Build("/v2/apis/{0}/deployments", apiId),
                Body = AwsJson.Serialize(new CreateDeploymentBody { StageName = stageName, Description = description }),
                // Every call creates a new deployment, so it is never repeated blindly.
                IsIdempotent = false,
            };
            return AwsCall.SendAsync<V2Deployment>(_transport, awsRequest, cancellationToken);
        }

        public IAsyncEnumerable<V2Deployment> GetDeploymentsAsync(string apiId, CancellationToken cancellationToken = default)
            => AwsPaginator.Enumerate((token, ct) => GetDeploymentsPageAsync(apiId, token, null, ct), "GetDeployments", cancellationToken);

        public Task<AwsPage<V2Deployment>> GetDeploymentsPageAsync(string apiId, string nextToken, int? maxResults = null, CancellationToken cancellationToken = default)
            => GetPageAsync<V2Deployment>(Read("GetDeployments", "apis/" + apiId + "/deployments", AwsPath.Build("/v2/apis/{0}/deployments", apiId)), nextToken, maxResults, cancellationToken);

        public async Task<string> ExportApiAsync(V2ExportRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var awsRequest = Read("ExportApi", "apis/" + request.ApiId + " export " + request.Specification + (request.StageName != null ? " stage " + request.StageName : string.Empty),
                    AwsPath.Build("/v2/apis/{0}/exports/{1}", request.ApiId, request.Specification))
                .AddQuery("exportVersion", request.ExportVersion)
                .AddQuery("includeExtensions", request.IncludeExtensions.HasValue ? (request.IncludeExtensions.Value ? "true" : "false") : null)
                .AddQuery("outputType", request.OutputType)
                .AddQuery("stageName", request.StageName);
            var response = await _transport.SendAsync(awsRequest, cancellationToken).ConfigureAwait(false);
            return response.Body ?? string.Empty;
        }

        public IAsyncEnumerable<V2DomainName> GetDomainNamesAsync(CancellationToken cancellationToken = default)
            => AwsPaginator.Enumerate((token, ct) => GetDomainNamesPageAsync(token, null, ct), "GetDomainNames", cancellationToken);

        public Task<AwsPage<V2DomainName>> GetDomainNamesPageAsync(string nextToken, int? maxResults = null, CancellationToken cancellationToken = default)
            => GetPageAsync<V2DomainName>(Read("GetDomainNames", "domainnames", "/v2/domainnames"), nextToken, maxResults, cancellationToken);

        public IAsyncEnumerable<V2ApiMapping> GetApiMappingsAsync(string domainName, CancellationToken cancellationToken = default)
            => AwsPaginator.Enumerate((token, ct) => GetApiMappingsPageAsync(domainName, token, null, ct), "GetApiMappings", cancellationToken);

        public Task<AwsPage<V2ApiMapping>> GetApiMappingsPageAsync(string domainName, string nextToken, int? maxResults = null, CancellationToken cancellationToken = default)
            => GetPageAsync<V2ApiMapping>(Read("GetApiMappings", "domainnames/" + domainName + "/apimappings", AwsPath.Build("/v2/domainnames/{0}/apimappings", domainName)), nextToken, maxResults, cancellationToken);

        private async Task<AwsPage<T>> GetPageAsync<T>(AwsRequest request, string nextToken, int? maxResults, CancellationToken cancellationToken)
        {
            // MaxResults is a string member in the model; it travels as a query parameter either way.
            request.AddQuery("maxResults", maxResults?.ToString(CultureInfo.InvariantCulture)).AddQuery("nextToken", nextToken);
            var response = await AwsCall.SendAsync<V2ListResponse<T>>(_transport, request, cancellationToken).ConfigureAwait(false);
            return new AwsPage<T>(response.Items, response.NextToken);
        }

        private static AwsRequest Read(string operation, string target, string path) => new AwsRequest
        {
            Service = AwsService.ApiGatewayV2,
            Operation = operation,
            Target = target,
            HttpMethod = "GET",
            Path = path,
            IsIdempotent = true,
        };

        private sealed class CreateDeploymentBody
        {
            [JsonPropertyName("description")] public string Description { get; set; }
            [JsonPropertyName("stageName")] public string StageName { get; set; }
        }
    }
}
