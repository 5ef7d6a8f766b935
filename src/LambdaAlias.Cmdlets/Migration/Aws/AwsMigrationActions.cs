using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>How long and how often the migration waits for AWS's asynchronous state changes.</summary>
    public sealed class MigrationWaitOptions
    {
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
        /// <summary>How long one wait (LastUpdateStatus, version Active, mapping Updating, AutoDeploy) may take.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);
        /// <summary>How often a mapping that answers ResourceInUseException is tried again.</summary>
        public int ResourceInUseAttempts { get; set; } = 10;
        /// <summary>The delay used between polls; tests may replace it.</summary>
        public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = (delay, token) => Task.Delay(delay, token);
    }

    /// <summary>
    /// The migration's steps against AWS. Each step first reads what it is about to change, so a repeat (a second run, a
    /// second operator) is recognised as AlreadyDone instead of changing anything twice, and a resource changed by someone
    /// else since the observation is refused instead of overwritten.
    /// </summary>
    public sealed class AwsMigrationActions : IMigrationActions
    {
        private readonly ILambdaApi _lambda;
        private readonly IApiGatewayApi _rest;
        private readonly IApiGatewayV2Api _v2;
        private readonly IAwsTransport _v2Transport;
        private readonly MigrationWaitOptions _wait;
        private readonly Dictionary<string, GatewaySnapshot> _deploymentSnapshots = new Dictionary<string, GatewaySnapshot>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<RestResource>> _resources = new Dictionary<string, List<RestResource>>(StringComparer.Ordinal);
        private readonly object _cacheLock = new object();

        /// <param name="v2Transport">The API Gateway v2 transport, for UpdateAuthorizer (not part of the v2 client).</param>
        public AwsMigrationActions(ILambdaApi lambda, IApiGatewayApi rest, IApiGatewayV2Api v2, IAwsTransport v2Transport, MigrationWaitOptions wait = null)
        {
            _lambda = lambda ?? throw new ArgumentNullException(nameof(lambda));
            _rest = rest ?? throw new ArgumentNullException(nameof(rest));
            _v2 = v2 ?? throw new ArgumentNullException(nameof(v2));
            _v2Transport = v2Transport;
            _wait = wait ?? new MigrationWaitOptions();
        }

        // ------------------------------------------------------------------ Lambda

        public async Task<StepActionResult> PublishVersionAsync(PublishVersionOperation operation, CancellationToken cancellationToken)
        {
            // A deploy still in progress would be published half-applied: wait for it to settle first.
            var latest = await WaitForAsync(() => _lambda.GetFunctionConfigurationAsync(operation.FunctionName, null, cancellationToken),
                c => !string.Equals(c.LastUpdateStatus, "InProgress", StringComparison.OrdinalIgnoreCase), $"$LATEST of {operation.FunctionName} to finish updating", cancellationToken).ConfigureAwait(false);
            if (string.Equals(latest.LastUpdateStatus, "Failed", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"$LATEST of {operation.FunctionName} cannot be published: its last update failed ({latest.LastUpdateStatusReason}).");

            FunctionConfiguration published;
            try
            {
                published = await _lambda.PublishVersionAsync(new PublishVersionRequest
                {
                    FunctionName = operation.FunctionName,
                    CodeSha256 = operation.ExpectedCodeSha256,
                    RevisionId = operation.ExpectedRevisionId,
                    Description = operation.Description,
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (IsCodeShaMismatch(e))
            {
                // Lambda answers a CodeSha256 mismatch as an invalid parameter; it is the same race as a RevisionId mismatch.
                throw new AwsServiceException("PreconditionFailedException", e.Message, 412, e.RequestId, e.Operation, e);
            }
            if (!string.IsNullOrEmpty(operation.ExpectedCodeSha256) && !string.Equals(published.CodeSha256, operation.ExpectedCodeSha256, StringComparison.Ordinal))
                throw new AwsServiceException("PreconditionFailedException",
                    $"PublishVersion returned version {published.Version} with CodeSha256 {published.CodeSha256}, not the scanned {operation.ExpectedCodeSha256}; it is not aliased.", 412, null, "PublishVersion");

            await WaitForAsync(() => _lambda.GetFunctionConfigurationAsync(operation.FunctionName, published.Version, cancellationToken),
                c => !string.Equals(c.State, "Pending", StringComparison.OrdinalIgnoreCase), $"version {published.Version} of {operation.FunctionName} to become Active", cancellationToken).ConfigureAwait(false);
            return StepActionResult.Done(published.Version, $"Published version {published.Version} (CodeSha256 {published.CodeSha256}).");
        }

        private static bool IsCodeShaMismatch(AwsServiceException e) =>
            e.ErrorCode == "InvalidParameterValueException" && e.Message != null && e.Message.IndexOf("CodeSHA256", StringComparison.OrdinalIgnoreCase) >= 0;

        public async Task<StepActionResult> CreateAliasAsync(AliasOperation operation, CancellationToken cancellationToken)
        {
            try
            {
                var created = await _lambda.CreateAliasAsync(new CreateAliasRequest
                {
                    FunctionName = operation.FunctionName, Name = operation.AliasName, FunctionVersion = operation.FunctionVersion, Description = operation.Description,
                }, cancellationToken).ConfigureAwait(false);
                return StepActionResult.Done(created.FunctionVersion, $"Created {created.AliasArn} at version {created.FunctionVersion}.");
            }
            catch (AwsServiceException e) when (e.IsConflict)
            {
                // Created meanwhile (a second run or operator): fine if it serves exactly this version.
                var existing = await _lambda.GetAliasAsync(operation.FunctionName, operation.AliasName, cancellationToken).ConfigureAwait(false);
                if (existing.FunctionVersion == operation.FunctionVersion && !existing.HasWeightedRouting)
                    return StepActionResult.AlreadyDone($"{operation.FunctionName}:{operation.AliasName} already serves version {existing.FunctionVersion}.", existing.FunctionVersion);
                throw;
            }
        }

        public async Task<StepActionResult> UpdateAliasAsync(AliasOperation operation, CancellationToken cancellationToken)
        {
            var updated = await _lambda.UpdateAliasAsync(new UpdateAliasRequest
            {
                FunctionName = operation.FunctionName,
                Name = operation.AliasName,
                FunctionVersion = operation.FunctionVersion,
                RevisionId = operation.ExpectedRevisionId,
                RoutingConfig = operation.ClearRouting ? new AliasRoutingConfiguration { AdditionalVersionWeights = new Dictionary<string, double>() } : null,
            }, cancellationToken).ConfigureAwait(false);
            return StepActionResult.Done(updated.FunctionVersion, $"{operation.FunctionName}:{operation.AliasName} now serves version {updated.FunctionVersion}.");
        }

        public async Task<StepActionResult> AddPermissionAsync(AddPermissionOperation operation, CancellationToken cancellationToken)
        {
            try
            {
                await _lambda.AddPermissionAsync(new AddPermissionRequest
                {
                    FunctionName = operation.FunctionName,
                    Qualifier = operation.Qualifier,
                    StatementId = operation.StatementId,
                    Action = operation.Action,
                    Principal = operation.Principal,
                    SourceArn = operation.SourceArn,
                    SourceAccount = operation.SourceAccount,
                    PrincipalOrgID = operation.PrincipalOrgId,
                    FunctionUrlAuthType = operation.FunctionUrlAuthType,
                }, cancellationToken).ConfigureAwait(false);
                return StepActionResult.Done(operation.StatementId, $"Added statement {operation.StatementId} to {operation.FunctionName}:{operation.Qualifier}.");
            }
            catch (AwsServiceException e) when (e.IsConflict)
            {
                // The StatementId is derived from what the statement grants, so an identical one is this run's twin.
                var existing = await FindStatementAsync(operation.FunctionName, operation.Qualifier, operation.StatementId, cancellationToken).ConfigureAwait(false);
                if (existing != null && PermissionRules.Equivalent(existing, operation.Principal, operation.SourceArn, operation.SourceAccount, operation.PrincipalOrgId))
                    return StepActionResult.AlreadyDone($"{operation.FunctionName}:{operation.Qualifier} already holds the identical statement {operation.StatementId}.");
                throw;
            }
        }

        private async Task<PolicyStatement> FindStatementAsync(string functionName, string qualifier, string statementId, CancellationToken cancellationToken)
        {
            FunctionPolicy policy;
            try
            {
                policy = await _lambda.GetPolicyAsync(functionName, qualifier, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (e.IsNotFound)
            {
                return null;
            }
            if (policy == null || !policy.HasPolicy || !LambdaPolicyParser.TryParse(policy.Policy, out var statements, out _)) return null;
            return statements.FirstOrDefault(s => s.Sid == statementId);
        }

        public async Task<StepActionResult> RemovePermissionAsync(RemovePermissionOperation operation, CancellationToken cancellationToken)
        {
            var revision = operation.ExpectedPolicyRevisionId;
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await _lambda.RemovePermissionAsync(operation.FunctionName, operation.StatementId, operation.Qualifier, revision, cancellationToken).ConfigureAwait(false);
                    return StepActionResult.Done(detail: $"Removed statement {operation.StatementId} from {Label(operation.FunctionName, operation.Qualifier)}.");
                }
                catch (AwsServiceException e) when (e.IsNotFound)
                {
                    return StepActionResult.AlreadyDone($"{Label(operation.FunctionName, operation.Qualifier)} no longer holds statement {operation.StatementId}.");
                }
                catch (AwsServiceException e) when (e.IsPreconditionFailed && attempt == 0)
                {
                    // The policy changed since it was read; remove the same statement only if it is still there unchanged in id.
                    var policy = await _lambda.GetPolicyAsync(operation.FunctionName, operation.Qualifier, cancellationToken).ConfigureAwait(false);
                    revision = policy?.RevisionId;
                }
            }
        }

        public async Task<StepActionResult> UpdateEventSourceMappingAsync(EventSourceMappingOperation operation, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                var mapping = await WaitForAsync(() => _lambda.GetEventSourceMappingAsync(operation.Uuid, cancellationToken),
                    m => !IsTransitional(m.State), $"event source mapping {operation.Uuid} to leave {{0}}", cancellationToken).ConfigureAwait(false);
                if (SameFunction(mapping.FunctionArn, operation.NewFunctionArn))
                    return StepActionResult.AlreadyDone($"Event source mapping {operation.Uuid} already invokes {mapping.FunctionArn}.");
                if (!string.IsNullOrEmpty(operation.OldFunctionArn) && !SameFunction(mapping.FunctionArn, operation.OldFunctionArn))
                    throw new InvalidOperationException($"Event source mapping {operation.Uuid} now invokes {mapping.FunctionArn}, not {operation.OldFunctionArn}; it changed since it was read and is left as it is.");
                try
                {
                    await _lambda.UpdateEventSourceMappingAsync(new UpdateEventSourceMappingRequest { UUID = operation.Uuid, FunctionName = operation.NewFunctionArn }, cancellationToken).ConfigureAwait(false);
                }
                catch (AwsServiceException e) when (e.ErrorCode == "ResourceInUseException" && attempt < _wait.ResourceInUseAttempts)
                {
                    await _wait.Delay(_wait.PollInterval, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                // The poller keeps invoking the old target while the mapping is Updating: the switch is live once it settles.
                await WaitForAsync(() => _lambda.GetEventSourceMappingAsync(operation.Uuid, cancellationToken),
                    m => !IsTransitional(m.State), $"event source mapping {operation.Uuid} to leave {{0}}", cancellationToken).ConfigureAwait(false);
                return StepActionResult.Done(detail: $"Event source mapping {operation.Uuid} now invokes {operation.NewFunctionArn}.");
            }
        }

        private static bool IsTransitional(string state) =>
            string.Equals(state, "Updating", StringComparison.OrdinalIgnoreCase) || string.Equals(state, "Creating", StringComparison.OrdinalIgnoreCase)
            || string.Equals(state, "Enabling", StringComparison.OrdinalIgnoreCase) || string.Equals(state, "Disabling", StringComparison.OrdinalIgnoreCase);

        private static bool SameFunction(string a, string b) => string.Equals(a, b, StringComparison.Ordinal);

        // ------------------------------------------------------------------ API Gateway switches

        public async Task<StepActionResult> UpdateIntegrationAsync(IntegrationOperation operation, CancellationToken cancellationToken)
        {
            if (operation.IsV2)
            {
                var current = await _v2.GetIntegrationAsync(operation.ApiId, operation.IntegrationId, cancellationToken).ConfigureAwait(false);
                var state = Compare(current.IntegrationUri, operation.OldUri, operation.NewUri, $"integration {operation.IntegrationId} of API {operation.ApiId}");
                if (state != null) return state;
                await _v2.UpdateIntegrationAsync(new V2UpdateIntegrationRequest { ApiId = operation.ApiId, IntegrationId = operation.IntegrationId, IntegrationUri = operation.NewUri }, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var current = await _rest.GetIntegrationAsync(operation.ApiId, operation.ResourceId, operation.HttpMethod, cancellationToken).ConfigureAwait(false);
                var state = Compare(current.Uri, operation.OldUri, operation.NewUri, $"the {operation.HttpMethod} integration of resource {operation.ResourceId} of API {operation.ApiId}");
                if (state != null) return state;
                await _rest.UpdateIntegrationAsync(operation.ApiId, operation.ResourceId, operation.HttpMethod, new[] { PatchOperation.Replace(operation.PatchPath, operation.NewUri) }, cancellationToken).ConfigureAwait(false);
            }
            return StepActionResult.Done(detail: "Now " + operation.NewUri);
        }

        public async Task<StepActionResult> UpdateAuthorizerAsync(AuthorizerOperation operation, CancellationToken cancellationToken)
        {
            if (operation.IsV2)
            {
                var current = (await _v2.GetAuthorizersAsync(operation.ApiId, cancellationToken).CollectAsync(cancellationToken).ConfigureAwait(false))
                    .FirstOrDefault(a => a.AuthorizerId == operation.AuthorizerId)
                    ?? throw new AwsServiceException("NotFoundException", $"Authorizer {operation.AuthorizerId} of API {operation.ApiId} does not exist.", 404, null, "GetAuthorizers");
                var state = Compare(current.AuthorizerUri, operation.OldUri, operation.NewUri, $"authorizer {operation.AuthorizerId} of API {operation.ApiId}");
                if (state != null) return state;
                if (_v2Transport == null) throw new InvalidOperationException("No API Gateway v2 transport was given for UpdateAuthorizer.");
                var request = new AwsRequest
                {
                    Service = AwsService.ApiGatewayV2,
                    Operation = "UpdateAuthorizer",
                    Target = "apis/" + operation.ApiId + "/authorizers/" + operation.AuthorizerId,
                    HttpMethod = "PATCH",
                    Path = AwsPath.Build("/v2/apis/{0}/authorizers/{1}", operation.ApiId, operation.AuthorizerId),
                    Body = AwsJson.Serialize(new V2AuthorizerUriUpdate { AuthorizerUri = operation.NewUri }),
                    IsIdempotent = true,
                };
                request.Headers["Content-Type"] = "application/json";
                await _v2Transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var current = (await _rest.GetAuthorizersAsync(operation.ApiId, cancellationToken).CollectAsync(cancellationToken).ConfigureAwait(false))
                    .FirstOrDefault(a => a.Id == operation.AuthorizerId)
                    ?? throw new AwsServiceException("NotFoundException", $"Authorizer {operation.AuthorizerId} of REST API {operation.ApiId} does not exist.", 404, null, "GetAuthorizers");
                var state = Compare(current.AuthorizerUri, operation.OldUri, operation.NewUri, $"authorizer {operation.AuthorizerId} of API {operation.ApiId}");
                if (state != null) return state;
                await _rest.UpdateAuthorizerAsync(operation.ApiId, operation.AuthorizerId, new[] { PatchOperation.Replace(operation.PatchPath, operation.NewUri) }, cancellationToken).ConfigureAwait(false);
            }
            return StepActionResult.Done(detail: "Now " + operation.NewUri);
        }

        /// <summary>The member UpdateAuthorizer (v2) sets; only the URI changes.</summary>
        private sealed class V2AuthorizerUriUpdate
        {
            [System.Text.Json.Serialization.JsonPropertyName("authorizerUri")] public string AuthorizerUri { get; set; }
        }

        /// <summary>AlreadyDone when the resource already holds the new value; a refusal when it holds neither old nor new.</summary>
        private static StepActionResult Compare(string current, string oldValue, string newValue, string what)
        {
            if (string.Equals(current, newValue, StringComparison.Ordinal)) return StepActionResult.AlreadyDone($"{Capitalize(what)} already holds {newValue}.");
            if (oldValue != null && !string.Equals(current, oldValue, StringComparison.Ordinal))
                throw new InvalidOperationException($"{Capitalize(what)} now holds {current ?? "(nothing)"}, not {oldValue}; it changed since it was read and is left as it is. Scan again.");
            return null;
        }

        private static string Capitalize(string text) => string.IsNullOrEmpty(text) ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

        public async Task<StepActionResult> UpdateStageVariableAsync(StageVariableOperation operation, CancellationToken cancellationToken)
        {
            var what = $"{(operation.IsCanaryOverride ? "the canary's override of stage variable" : "stage variable")} {operation.VariableName} on stage {operation.StageName} of API {operation.ApiId}";
            if (operation.IsV2)
            {
                var stage = (await _v2.GetStagesAsync(operation.ApiId, cancellationToken).CollectAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(s => s.StageName == operation.StageName)
                            ?? throw new AwsServiceException("NotFoundException", $"Stage {operation.StageName} of API {operation.ApiId} does not exist.", 404, null, "GetStages");
                var state = Compare(Value(stage.StageVariables, operation.VariableName), operation.OldValue, operation.NewValue, what);
                if (state != null) return state;
                // UpdateStage sets the variables it is given and keeps the others.
                await _v2.UpdateStageAsync(new V2UpdateStageRequest
                {
                    ApiId = operation.ApiId, StageName = operation.StageName,
                    StageVariables = new Dictionary<string, string>(StringComparer.Ordinal) { [operation.VariableName] = operation.NewValue },
                }, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var stage = await _rest.GetStageAsync(operation.ApiId, operation.StageName, cancellationToken).ConfigureAwait(false);
                var values = operation.IsCanaryOverride ? stage.CanarySettings?.StageVariableOverrides : stage.Variables;
                var state = Compare(Value(values, operation.VariableName), operation.OldValue, operation.NewValue, what);
                if (state != null) return state;
                await _rest.UpdateStageAsync(operation.ApiId, operation.StageName, new[] { PatchOperation.Replace(operation.PatchPath, operation.NewValue) }, cancellationToken).ConfigureAwait(false);
            }
            return StepActionResult.Done(detail: $"{Capitalize(what)} is now '{operation.NewValue}'.");
        }

        private static string Value(IReadOnlyDictionary<string, string> values, string name) =>
            values != null && name != null && values.TryGetValue(name, out var value) ? value : null;

        // ------------------------------------------------------------------ deployments

        public async Task<StepActionResult> CreateDeploymentAsync(DeploymentOperation operation, CancellationToken cancellationToken)
        {
            // A stage that already serves the draft (a second run, or another operator deployed meanwhile) needs no new
            // deployment: one more would only spend the account's one-every-5-seconds CreateDeployment quota.
            var current = await StageServingDraftAsync(operation, cancellationToken).ConfigureAwait(false);
            if (current != null) return StepActionResult.AlreadyDone($"Stage {operation.StageName} already serves the draft (deployment {current}).", current);

            // Never canarySettings: a stage's canary is neither promoted nor replaced; only its main deployment changes.
            if (operation.IsV2)
            {
                var deployment = await _v2.CreateDeploymentAsync(operation.ApiId, operation.StageName, operation.Description, cancellationToken).ConfigureAwait(false);
                return StepActionResult.Done(deployment.DeploymentId, $"Stage {operation.StageName} now serves deployment {deployment.DeploymentId}.");
            }
            var created = await _rest.CreateDeploymentAsync(new CreateRestDeploymentRequest { RestApiId = operation.ApiId, StageName = operation.StageName, Description = operation.Description }, cancellationToken).ConfigureAwait(false);
            return StepActionResult.Done(created.Id, $"Stage {operation.StageName} now serves deployment {created.Id}.");
        }

        /// <summary>The stage's deployment id when its export shows exactly what the draft holds; null when anything differs
        /// or the export cannot be read (then deploying is the safe answer).</summary>
        private async Task<string> StageServingDraftAsync(DeploymentOperation operation, CancellationToken cancellationToken)
        {
            try
            {
                GatewaySnapshot draft, served;
                string deploymentId;
                if (operation.IsV2)
                {
                    var stage = (await _v2.GetStagesAsync(operation.ApiId, cancellationToken).CollectAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(s => s.StageName == operation.StageName);
                    if (stage?.DeploymentId == null) return null;
                    deploymentId = stage.DeploymentId;
                    draft = await V2DraftAsync(operation.ApiId, cancellationToken).ConfigureAwait(false);
                    served = await V2StageSnapshotAsync(operation.ApiId, operation.StageName, draft, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var stage = await _rest.GetStageAsync(operation.ApiId, operation.StageName, cancellationToken).ConfigureAwait(false);
                    if (stage?.DeploymentId == null) return null;
                    deploymentId = stage.DeploymentId;
                    var resources = _rest.GetResourcesAsync(operation.ApiId, true, 500, cancellationToken).CollectAsync(cancellationToken);
                    var authorizers = _rest.GetAuthorizersAsync(operation.ApiId, cancellationToken).CollectAsync(cancellationToken);
                    await Task.WhenAll(resources, authorizers).ConfigureAwait(false);
                    draft = GatewaySnapshot.FromRestDraft(resources.Result, authorizers.Result);
                    var export = await _rest.GetExportAsync(new RestExportRequest { RestApiId = operation.ApiId, StageName = operation.StageName, ExportType = "oas30", Extensions = "apigateway" }, cancellationToken).ConfigureAwait(false);
                    if (!ApiExportParser.TryParse(export?.Body, out var parsed, out _) || parsed.LacksIntegrationExtensions) return null;
                    served = GatewaySnapshot.FromExport(parsed, draft);
                }
                return DraftComparer.Compare(operation.StageName, served, draft, operation.IsV2).Count == 0 ? deploymentId : null;
            }
            catch (AwsServiceException)
            {
                return null;
            }
            catch (DiscoveryException)
            {
                return null;
            }
        }

        public async Task<StepActionResult> UpdateStageDeploymentAsync(StageDeploymentOperation operation, CancellationToken cancellationToken)
        {
            if (operation.IsV2)
            {
                await _v2.UpdateStageAsync(new V2UpdateStageRequest { ApiId = operation.ApiId, StageName = operation.StageName, DeploymentId = operation.DeploymentId }, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var stage = await _rest.GetStageAsync(operation.ApiId, operation.StageName, cancellationToken).ConfigureAwait(false);
                if (stage.DeploymentId == operation.DeploymentId) return StepActionResult.AlreadyDone($"Stage {operation.StageName} already serves deployment {operation.DeploymentId}.");
                await _rest.UpdateStageAsync(operation.ApiId, operation.StageName, new[] { PatchOperation.Replace(operation.PatchPath, operation.DeploymentId) }, cancellationToken).ConfigureAwait(false);
            }
            return StepActionResult.Done(operation.DeploymentId, $"Stage {operation.StageName} now serves deployment {operation.DeploymentId}.");
        }

        public async Task<StepActionResult> WaitForAutoDeployAsync(AutoDeployWaitOperation operation, CancellationToken cancellationToken)
        {
            var deadline = DateTime.UtcNow + _wait.Timeout;
            while (true)
            {
                var deployments = await _v2.GetDeploymentsAsync(operation.ApiId, cancellationToken).CollectAsync(cancellationToken).ConfigureAwait(false);
                var automatic = deployments.Where(d => d.AutoDeployed == true).OrderBy(d => d.CreatedDate ?? DateTimeOffset.MinValue).ToList();
                var newest = automatic.LastOrDefault();
                if (newest != null && string.Equals(newest.DeploymentStatus, "FAILED", StringComparison.OrdinalIgnoreCase))
                    throw new InvalidOperationException($"The automatic deployment {newest.DeploymentId} of stage {operation.StageName} (API {operation.ApiId}) FAILED: {newest.DeploymentStatusMessage}");
                if (!automatic.Any(d => string.Equals(d.DeploymentStatus, "PENDING", StringComparison.OrdinalIgnoreCase)))
                {
                    // No deployment pending: done once the stage serves what the draft holds.
                    var pending = await UndeployedUrisAsync(operation.ApiId, operation.StageName, cancellationToken).ConfigureAwait(false);
                    if (pending.Count == 0)
                    {
                        var stage = (await _v2.GetStagesAsync(operation.ApiId, cancellationToken).CollectAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(s => s.StageName == operation.StageName);
                        return StepActionResult.Done(stage?.DeploymentId, $"Stage {operation.StageName} serves deployment {stage?.DeploymentId}.");
                    }
                }
                if (DateTime.UtcNow >= deadline)
                    throw new TimeoutException($"Stage {operation.StageName} of API {operation.ApiId} did not deploy the switch automatically within {_wait.Timeout.TotalSeconds:0} s.");
                await _wait.Delay(_wait.PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Integration URIs that differ between a v2 stage's deployment and the draft.</summary>
        private async Task<List<DraftDifference>> UndeployedUrisAsync(string apiId, string stageName, CancellationToken cancellationToken)
        {
            var draft = await V2DraftAsync(apiId, cancellationToken).ConfigureAwait(false);
            var served = await V2StageSnapshotAsync(apiId, stageName, draft, cancellationToken).ConfigureAwait(false);
            return DraftComparer.Compare(stageName, served, draft, isV2: true).Where(d => d.IsTargetUri).ToList();
        }

        private async Task<GatewaySnapshot> V2DraftAsync(string apiId, CancellationToken cancellationToken)
        {
            var routes = _v2.GetRoutesAsync(apiId, cancellationToken).CollectAsync(cancellationToken);
            var integrations = _v2.GetIntegrationsAsync(apiId, cancellationToken).CollectAsync(cancellationToken);
            var authorizers = _v2.GetAuthorizersAsync(apiId, cancellationToken).CollectAsync(cancellationToken);
            await Task.WhenAll(routes, integrations, authorizers).ConfigureAwait(false);
            return GatewaySnapshot.FromV2Draft(routes.Result, integrations.Result, authorizers.Result);
        }

        private async Task<GatewaySnapshot> V2StageSnapshotAsync(string apiId, string stageName, GatewaySnapshot draft, CancellationToken cancellationToken)
        {
            var body = await _v2.ExportApiAsync(new V2ExportRequest { ApiId = apiId, StageName = stageName }, cancellationToken).ConfigureAwait(false);
            return GatewaySnapshot.FromExport(ApiExportParser.Parse(body), draft);
        }

        // ------------------------------------------------------------------ verification

        public async Task<StepActionResult> VerifyAsync(VerifyOperation operation, CancellationToken cancellationToken)
        {
            var problems = new List<string>();
            var expected = operation.Expected ?? new List<ExpectedAliasTarget>();
            bool TargetsAlias(string uriOrArn, string where)
            {
                var parsed = IntegrationUriParser.Parse(uriOrArn);
                LambdaFunctionReference function = parsed.IsLambda ? parsed.Lambda.Function : null;
                if (function == null) LambdaFunctionReference.TryParse(uriOrArn, out function, out _);
                var ok = function != null && expected.Any(e => e.FunctionName == function.FunctionName && e.AliasName == function.Qualifier);
                if (!ok) problems.Add($"{where} invokes {(function == null ? uriOrArn ?? "nothing" : function.QualifiedName)}, not {string.Join(" or ", expected.Select(e => e.FunctionName + ":" + e.AliasName))}");
                return ok;
            }

            switch (operation.SourceKind)
            {
                case SourceKind.RestApi:
                case SourceKind.HttpApi:
                case SourceKind.WebSocketApi:
                    await VerifyIntegrationAsync(operation, TargetsAlias, problems, cancellationToken).ConfigureAwait(false);
                    break;
                case SourceKind.RestAuthorizer:
                case SourceKind.HttpAuthorizer:
                    await VerifyAuthorizerAsync(operation, TargetsAlias, problems, cancellationToken).ConfigureAwait(false);
                    break;
                case SourceKind.StageVariable:
                    await VerifyStageVariableAsync(operation, expected, problems, cancellationToken).ConfigureAwait(false);
                    break;
                case SourceKind.EventSourceMapping:
                    var mapping = await _lambda.GetEventSourceMappingAsync(operation.EventSourceMappingUuid, cancellationToken).ConfigureAwait(false);
                    TargetsAlias(mapping.FunctionArn, "Event source mapping " + operation.EventSourceMappingUuid);
                    break;
            }

            foreach (var e in expected)
            {
                AliasConfiguration alias;
                try
                {
                    alias = await _lambda.GetAliasAsync(e.FunctionName, e.AliasName, cancellationToken).ConfigureAwait(false);
                }
                catch (AwsServiceException ex) when (ex.IsNotFound)
                {
                    problems.Add($"alias {e.FunctionName}:{e.AliasName} does not exist");
                    continue;
                }
                if (e.Version != null && alias.FunctionVersion != e.Version)
                    problems.Add($"{e.FunctionName}:{e.AliasName} resolves to version {alias.FunctionVersion}, not {e.Version} which served before");
                if (alias.HasWeightedRouting)
                    problems.Add($"{e.FunctionName}:{e.AliasName} carries canary weights ({string.Join(", ", alias.RoutingConfig.AdditionalVersionWeights.Select(w => w.Key + ": " + w.Value.ToString(CultureInfo.InvariantCulture)))})");
            }
            return problems.Count == 0
                ? StepActionResult.Done(detail: $"Invokes {string.Join(", ", expected.Select(e => $"{e.FunctionName}:{e.AliasName} (version {e.Version})"))}" + (operation.Stages.Length > 0 ? " on stage(s) " + string.Join(", ", operation.Stages) : string.Empty) + ".")
                : StepActionResult.Mismatch(string.Join("; ", problems) + ".");
        }

        private async Task VerifyIntegrationAsync(VerifyOperation operation, Func<string, string, bool> targetsAlias, List<string> problems, CancellationToken cancellationToken)
        {
            if (operation.IsV2)
            {
                var integration = await _v2.GetIntegrationAsync(operation.ApiId, operation.IntegrationId, cancellationToken).ConfigureAwait(false);
                targetsAlias(integration.IntegrationUri, $"The draft of integration {operation.IntegrationId}");
                if (operation.DraftOnly || operation.Stages.Length == 0 || operation.SourceKind == SourceKind.WebSocketApi) return;
                var draft = await V2DraftAsync(operation.ApiId, cancellationToken).ConfigureAwait(false);
                foreach (var stage in operation.Stages)
                {
                    var served = await V2StageSnapshotAsync(operation.ApiId, stage, draft, cancellationToken).ConfigureAwait(false);
                    var routes = served.Routes.Where(r => r.IntegrationId == operation.IntegrationId).ToList();
                    if (routes.Count == 0) problems.Add($"stage {stage} serves no route of integration {operation.IntegrationId}");
                    foreach (var route in routes) targetsAlias(route.IntegrationUri, $"Stage {stage} {route.RouteKey}");
                }
                return;
            }

            var current = await _rest.GetIntegrationAsync(operation.ApiId, operation.ResourceId, operation.HttpMethod, cancellationToken).ConfigureAwait(false);
            targetsAlias(current.Uri, $"The draft of {operation.HttpMethod} on resource {operation.ResourceId}");
            if (operation.DraftOnly || operation.Stages.Length == 0) return;
            var resource = (await RestResourcesAsync(operation.ApiId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Id == operation.ResourceId);
            var routeKey = operation.HttpMethod.ToUpperInvariant() + " " + (resource?.Path ?? "/");
            foreach (var stage in operation.Stages)
            {
                var served = await RestStageSnapshotAsync(operation.ApiId, stage, cancellationToken).ConfigureAwait(false);
                var route = served?.Routes.FirstOrDefault(r => r.RouteKey == routeKey);
                if (route == null) problems.Add($"stage {stage} serves no {routeKey}");
                else targetsAlias(route.IntegrationUri, $"Stage {stage} {routeKey}");
            }
        }

        private async Task VerifyAuthorizerAsync(VerifyOperation operation, Func<string, string, bool> targetsAlias, List<string> problems, CancellationToken cancellationToken)
        {
            string name;
            if (operation.IsV2)
            {
                var authorizer = (await _v2.GetAuthorizersAsync(operation.ApiId, cancellationToken).CollectAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(a => a.AuthorizerId == operation.AuthorizerId);
                if (authorizer == null) { problems.Add($"authorizer {operation.AuthorizerId} no longer exists"); return; }
                targetsAlias(authorizer.AuthorizerUri, $"The draft of authorizer {authorizer.Name}");
                name = authorizer.Name;
            }
            else
            {
                var authorizer = (await _rest.GetAuthorizersAsync(operation.ApiId, cancellationToken).CollectAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(a => a.Id == operation.AuthorizerId);
                if (authorizer == null) { problems.Add($"authorizer {operation.AuthorizerId} no longer exists"); return; }
                targetsAlias(authorizer.AuthorizerUri, $"The draft of authorizer {authorizer.Name}");
                name = authorizer.Name;
            }
            if (operation.DraftOnly || operation.Stages.Length == 0) return;
            GatewaySnapshot draft = operation.IsV2 ? await V2DraftAsync(operation.ApiId, cancellationToken).ConfigureAwait(false) : null;
            foreach (var stage in operation.Stages)
            {
                var served = operation.IsV2
                    ? await V2StageSnapshotAsync(operation.ApiId, stage, draft, cancellationToken).ConfigureAwait(false)
                    : await RestStageSnapshotAsync(operation.ApiId, stage, cancellationToken).ConfigureAwait(false);
                // An export lists only the authorizers a route uses; one no route uses serves nothing.
                if (served != null && served.Authorizers.TryGetValue(name, out var exported)) targetsAlias(exported.Uri, $"Stage {stage} authorizer {name}");
            }
        }

        private async Task VerifyStageVariableAsync(VerifyOperation operation, List<ExpectedAliasTarget> expected, List<string> problems, CancellationToken cancellationToken)
        {
            var stageName = operation.Stages.FirstOrDefault();
            string value;
            if (operation.IsV2)
            {
                var stage = (await _v2.GetStagesAsync(operation.ApiId, cancellationToken).CollectAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(s => s.StageName == stageName);
                value = Value(stage?.StageVariables, operation.StageVariableName);
            }
            else
            {
                var stage = await _rest.GetStageAsync(operation.ApiId, stageName, cancellationToken).ConfigureAwait(false);
                value = Value(operation.IsCanaryOverride ? stage.CanarySettings?.StageVariableOverrides : stage.Variables, operation.StageVariableName);
            }
            var ok = value != null && expected.All(e => value == e.AliasName || value.EndsWith(":" + e.AliasName, StringComparison.Ordinal));
            if (!ok) problems.Add($"stage variable {operation.StageVariableName}{(operation.IsCanaryOverride ? " (canary override)" : string.Empty)} on stage {stageName} holds '{value}', not {string.Join(" or ", expected.Select(e => e.AliasName).Distinct())}");
        }

        private async Task<List<RestResource>> RestResourcesAsync(string apiId, CancellationToken cancellationToken)
        {
            lock (_cacheLock) if (_resources.TryGetValue(apiId, out var cached)) return cached;
            var resources = await _rest.GetResourcesAsync(apiId, false, 500, cancellationToken).CollectAsync(cancellationToken).ConfigureAwait(false);
            lock (_cacheLock) _resources[apiId] = resources;
            return resources;
        }

        /// <summary>What a REST stage's main deployment serves. Deployments never change, so their snapshots are kept for the run.</summary>
        private async Task<GatewaySnapshot> RestStageSnapshotAsync(string apiId, string stageName, CancellationToken cancellationToken)
        {
            var stage = await _rest.GetStageAsync(apiId, stageName, cancellationToken).ConfigureAwait(false);
            var key = apiId + "|" + stage.DeploymentId;
            lock (_cacheLock) if (_deploymentSnapshots.TryGetValue(key, out var cached)) return cached;
            var export = await _rest.GetExportAsync(new RestExportRequest { RestApiId = apiId, StageName = stageName, ExportType = "oas30", Extensions = "apigateway" }, cancellationToken).ConfigureAwait(false);
            var snapshot = GatewaySnapshot.FromExport(ApiExportParser.Parse(export?.Body), null);
            lock (_cacheLock) _deploymentSnapshots[key] = snapshot;
            return snapshot;
        }

        // ------------------------------------------------------------------ helpers

        private async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> settled, string what, CancellationToken cancellationToken)
        {
            var deadline = DateTime.UtcNow + _wait.Timeout;
            while (true)
            {
                var value = await read().ConfigureAwait(false);
                if (settled(value)) return value;
                if (DateTime.UtcNow >= deadline)
                    throw new TimeoutException($"Waited {_wait.Timeout.TotalSeconds:0} s for {string.Format(CultureInfo.InvariantCulture, what, "its transition")}.");
                await _wait.Delay(_wait.PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        private static string Label(string functionName, string qualifier) => string.IsNullOrEmpty(qualifier) ? functionName : functionName + ":" + qualifier;
    }
}
