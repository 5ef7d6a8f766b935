using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>Typed Lambda client over an <see cref="IAwsTransport"/>. Wire format from aws-api-models/lambda/service-2.json.
    /// Stateless apart from the transport, so one instance per transport (per invocation) is all that is needed.</summary>
    public sealed class LambdaClient : ILambdaApi
    {
        private const string Functions = "/2015-03-31/functions/";
        private const string EventSourceMappings = "/2015-03-31/event-source-mappings/";

        private readonly IAwsTransport _transport;

        public LambdaClient(IAwsTransport transport)
        {
            _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        }

        public Task<GetFunctionResult> GetFunctionAsync(string functionName, string qualifier = null, CancellationToken cancellationToken = default)
        {
            var request = Read("GetFunction", Describe(functionName, qualifier), FunctionPath(functionName)).AddQuery("Qualifier", qualifier);
            return AwsCall.SendAsync<GetFunctionResult>(_transport, request, cancellationToken);
        }

        public Task<FunctionConfiguration> GetFunctionConfigurationAsync(string functionName, string qualifier = null, CancellationToken cancellationToken = default)
        {
            var request = Read("GetFunctionConfiguration", Describe(functionName, qualifier), FunctionPath(functionName) + "/configuration")
                .AddQuery("Qualifier", qualifier);
            return AwsCall.SendAsync<FunctionConfiguration>(_transport, request, cancellationToken);
        }

        public IAsyncEnumerable<FunctionConfiguration> ListFunctionsAsync(bool allVersions = false, CancellationToken cancellationToken = default)
            => AwsPaginator.Enumerate((marker, ct) => ListFunctionsPageAsync(marker, null, allVersions, ct), "ListFunctions", cancellationToken);

        public async Task<AwsPage<FunctionConfiguration>> ListFunctionsPageAsync(string marker, int? maxItems = null, bool allVersions = false, CancellationToken cancellationToken = default)
        {
            // The model's requestUri keeps the trailing slash: "/2015-03-31/functions/".
            var request = Read("ListFunctions", "functions", Functions)
                .AddQuery("FunctionVersion", allVersions ? "ALL" : null)
                .AddQuery("Marker", marker)
                .AddQuery("MaxItems", Number(maxItems));
            var response = await AwsCall.SendAsync<ListFunctionsResponse>(_transport, request, cancellationToken).ConfigureAwait(false);
            return new AwsPage<FunctionConfiguration>(response.Functions, response.NextMarker);
        }

        public Task<FunctionConfiguration> PublishVersionAsync(PublishVersionRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var awsRequest = new AwsRequest
            {
                Service = AwsService.Lambda,
                Operation = "PublishVersion",
                Target = Describe(request.FunctionName, null),
                HttpMethod = "POST",
                Path = FunctionPath(request.FunctionName) + "/versions",
                Body = AwsJson.Serialize(request),
                // Safe to repeat: Lambda publishes nothing new when code and configuration are unchanged since the last
                // version and returns that version instead, so a retry after a lost response yields the same version
                // rather than a second one. With CodeSha256/RevisionId the repeat can at worst fail its precondition.
                IsIdempotent = true,
            };
            return AwsCall.SendAsync<FunctionConfiguration>(_transport, awsRequest, cancellationToken);
        }

        public IAsyncEnumerable<FunctionConfiguration> ListVersionsByFunctionAsync(string functionName, CancellationToken cancellationToken = default)
            => AwsPaginator.Enumerate((marker, ct) => ListVersionsByFunctionPageAsync(functionName, marker, null, ct), "ListVersionsByFunction", cancellationToken);

        public async Task<AwsPage<FunctionConfiguration>> ListVersionsByFunctionPageAsync(string functionName, string marker, int? maxItems = null, CancellationToken cancellationToken = default)
        {
            var request = Read("ListVersionsByFunction", Describe(functionName, null), FunctionPath(functionName) + "/versions")
                .AddQuery("Marker", marker)
                .AddQuery("MaxItems", Number(maxItems));
            var response = await AwsCall.SendAsync<ListVersionsByFunctionResponse>(_transport, request, cancellationToken).ConfigureAwait(false);
            return new AwsPage<FunctionConfiguration>(response.Versions, response.NextMarker);
        }

        public Task<AliasConfiguration> CreateAliasAsync(CreateAliasRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var awsRequest = new AwsRequest
            {
                Service = AwsService.Lambda,
                Operation = "CreateAlias",
                Target = Describe(request.FunctionName, request.Name),
                HttpMethod = "POST",
                Path = FunctionPath(request.FunctionName) + "/aliases",
                Body = AwsJson.Serialize(request),
                // Safe to repeat: a second CreateAlias with the same name fails with ResourceConflictException
                // ("Alias already exists") instead of creating anything, so a retry can never double-apply.
                IsIdempotent = true,
            };
            return AwsCall.SendAsync<AliasConfiguration>(_transport, awsRequest, cancellationToken);
        }

        public Task<AliasConfiguration> GetAliasAsync(string functionName, string aliasName, CancellationToken cancellationToken = default)
        {
            var request = Read("GetAlias", Describe(functionName, aliasName), AliasPath(functionName, aliasName));
            return AwsCall.SendAsync<AliasConfiguration>(_transport, request, cancellationToken);
        }

        public IAsyncEnumerable<AliasConfiguration> ListAliasesAsync(string functionName, string functionVersion = null, CancellationToken cancellationToken = default)
            => AwsPaginator.Enumerate((marker, ct) => ListAliasesPageAsync(functionName, marker, null, functionVersion, ct), "ListAliases", cancellationToken);

        public async Task<AwsPage<AliasConfiguration>> ListAliasesPageAsync(string functionName, string marker, int? maxItems = null, string functionVersion = null, CancellationToken cancellationToken = default)
        {
            var request = Read("ListAliases", Describe(functionName, null), FunctionPath(functionName) + "/aliases")
                .AddQuery("FunctionVersion", functionVersion)
                .AddQuery("Marker", marker)
                .AddQuery("MaxItems", Number(maxItems));
            var response = await AwsCall.SendAsync<ListAliasesResponse>(_transport, request, cancellationToken).ConfigureAwait(false);
            return new AwsPage<AliasConfiguration>(response.Aliases, response.NextMarker);
        }

        public Task<AliasConfiguration> UpdateAliasAsync(UpdateAliasRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var awsRequest = new AwsRequest
            {
                Service = AwsService.Lambda,
                Operation = "UpdateAlias",
                Target = Describe(request.FunctionName, request.Name),
                HttpMethod = "PUT",
                Path = AliasPath(request.FunctionName, request.Name),
                Body = AwsJson.Serialize(request),
                // With a RevisionId the update is guarded: a blind repeat cannot overwrite someone else's alias move made
                // in between. Without one, a delayed retry could silently undo such a move, so the transport must not
                // repeat it on its own. A repeat after a lost answer meets this call's own new RevisionId and answers 412;
                // callers tell that from a real concurrent change with GuardedAliasUpdate.
                IsIdempotent = request.RevisionId != null,
            };
            return AwsCall.SendAsync<AliasConfiguration>(_transport, awsRequest, cancellationToken);
        }

        public async Task DeleteAliasAsync(string functionName, string aliasName, CancellationToken cancellationToken = default)
        {
            var request = new AwsRequest
            {
                Service = AwsService.Lambda,
                Operation = "DeleteAlias",
                Target = Describe(functionName, aliasName),
                HttpMethod = "DELETE",
                Path = AliasPath(functionName, aliasName),
                // Deleting an alias that is already gone succeeds (204), so a repeat changes nothing.
                IsIdempotent = true,
            };
            await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        public Task<AddPermissionResult> AddPermissionAsync(AddPermissionRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var awsRequest = new AwsRequest
            {
                Service = AwsService.Lambda,
                Operation = "AddPermission",
                Target = Describe(request.FunctionName, request.Qualifier) + " statement " + request.StatementId,
                HttpMethod = "POST",
                Path = FunctionPath(request.FunctionName) + "/policy",
                Body = AwsJson.Serialize(request),
                // Safe to repeat: the StatementId is the statement's key, and a second AddPermission with the same
                // StatementId fails with ResourceConflictException instead of adding a second statement.
                IsIdempotent = true,
            }.AddQuery("Qualifier", request.Qualifier);
            return AwsCall.SendAsync<AddPermissionResult>(_transport, awsRequest, cancellationToken);
        }

        public async Task<FunctionPolicy> GetPolicyAsync(string functionName, string qualifier = null, CancellationToken cancellationToken = default)
        {
            var request = Read("GetPolicy", Describe(functionName, qualifier), FunctionPath(functionName) + "/policy").AddQuery("Qualifier", qualifier);
            try
            {
                return await AwsCall.SendAsync<FunctionPolicy>(_transport, request, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (IsNoPolicy(ex))
            {
                return new FunctionPolicy();
            }
        }

        /// <summary>GetPolicy answers 404 ResourceNotFoundException both when the function (or qualifier) does not exist
        /// and when it exists without a resource policy. Only the message tells them apart: a missing function or version
        /// is "Function not found: arn:aws:lambda:...", a missing policy is "The resource you requested does not exist."
        /// (LocalStack: "No policy is found for: ..."). So: not-found with a "Function not found" message is a real error,
        /// any other ResourceNotFoundException from GetPolicy means "no statements".</summary>
        internal static bool IsNoPolicy(AwsServiceException ex)
        {
            // A 404 without Lambda's error code (a proxy's HTML page, a wrong endpoint) is not an answer about the policy.
            if (ex.ErrorCode != "ResourceNotFoundException") return false;
            var message = ex.Message ?? string.Empty;
            return message.IndexOf("Function not found", StringComparison.OrdinalIgnoreCase) < 0;
        }

        public async Task RemovePermissionAsync(string functionName, string statementId, string qualifier = null, string revisionId = null, CancellationToken cancellationToken = default)
        {
            var request = new AwsRequest
            {
                Service = AwsService.Lambda,
                Operation = "RemovePermission",
                Target = Describe(functionName, qualifier) + " statement " + statementId,
                HttpMethod = "DELETE",
                Path = FunctionPath(functionName) + "/policy/" + AwsPath.Escape(statementId),
                // Safe to repeat: once the statement is gone a second removal fails with ResourceNotFoundException; it
                // can never remove anything else.
                IsIdempotent = true,
            }.AddQuery("Qualifier", qualifier).AddQuery("RevisionId", revisionId);
            await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        public IAsyncEnumerable<EventSourceMappingConfiguration> ListEventSourceMappingsAsync(string functionName = null, string eventSourceArn = null, CancellationToken cancellationToken = default)
            => AwsPaginator.Enumerate((marker, ct) => ListEventSourceMappingsPageAsync(marker, null, functionName, eventSourceArn, ct), "ListEventSourceMappings", cancellationToken);

        public async Task<AwsPage<EventSourceMappingConfiguration>> ListEventSourceMappingsPageAsync(string marker, int? maxItems = null, string functionName = null, string eventSourceArn = null, CancellationToken cancellationToken = default)
        {
            var request = Read("ListEventSourceMappings", functionName ?? eventSourceArn ?? "event-source-mappings", EventSourceMappings)
                .AddQuery("EventSourceArn", eventSourceArn)
                .AddQuery("FunctionName", functionName)
                .AddQuery("Marker", marker)
                .AddQuery("MaxItems", Number(maxItems));
            var response = await AwsCall.SendAsync<ListEventSourceMappingsResponse>(_transport, request, cancellationToken).ConfigureAwait(false);
            return new AwsPage<EventSourceMappingConfiguration>(response.EventSourceMappings, response.NextMarker);
        }

        public Task<EventSourceMappingConfiguration> GetEventSourceMappingAsync(string uuid, CancellationToken cancellationToken = default)
        {
            var request = Read("GetEventSourceMapping", "event-source-mapping " + uuid, EventSourceMappings + AwsPath.Escape(uuid));
            return AwsCall.SendAsync<EventSourceMappingConfiguration>(_transport, request, cancellationToken);
        }

        public Task<EventSourceMappingConfiguration> UpdateEventSourceMappingAsync(UpdateEventSourceMappingRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var awsRequest = new AwsRequest
            {
                Service = AwsService.Lambda,
                Operation = "UpdateEventSourceMapping",
                Target = "event-source-mapping " + request.UUID,
                HttpMethod = "PUT",
                Path = EventSourceMappings + AwsPath.Escape(request.UUID),
                Body = AwsJson.Serialize(request),
                // Sets absolute values (target, batch size, ...): applying it twice leaves the same state as once.
                IsIdempotent = true,
            };
            return AwsCall.SendAsync<EventSourceMappingConfiguration>(_transport, awsRequest, cancellationToken);
        }

        public async Task<Dictionary<string, string>> ListTagsAsync(string functionArn, CancellationToken cancellationToken = default)
        {
            var request = Read("ListTags", functionArn, "/2017-03-31/tags/" + AwsPath.Escape(functionArn));
            var response = await AwsCall.SendAsync<LambdaTagsResult>(_transport, request, cancellationToken).ConfigureAwait(false);
            return response.Tags;
        }

        private static AwsRequest Read(string operation, string target, string path) => new AwsRequest
        {
            Service = AwsService.Lambda,
            Operation = operation,
            Target = target,
            HttpMethod = "GET",
            Path = path,
            IsIdempotent = true,
        };

        private static string FunctionPath(string functionName)
        {
            if (string.IsNullOrEmpty(functionName)) throw new ArgumentException("A function name is required.", nameof(functionName));
            return Functions + AwsPath.Escape(functionName);
        }

        private static string AliasPath(string functionName, string aliasName)
        {
            if (string.IsNullOrEmpty(aliasName)) throw new ArgumentException("An alias name is required.", nameof(aliasName));
            return FunctionPath(functionName) + "/aliases/" + AwsPath.Escape(aliasName);
        }

        /// <summary>"my-func" or "my-func:1" for the call log.</summary>
        private static string Describe(string functionName, string qualifier)
            => string.IsNullOrEmpty(qualifier) ? functionName : functionName + ":" + qualifier;

        private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);
    }
}
