using System;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>
    /// Wraps the step operations with callbacks around every call: the cmdlet reports progress from them, and tests use
    /// them to send traffic probes at each step boundary. A callback's exception fails the step like the call's would.
    /// </summary>
    public sealed class ObservedMigrationActions : IMigrationActions
    {
        private readonly IMigrationActions _inner;

        public ObservedMigrationActions(IMigrationActions inner) { _inner = inner ?? throw new ArgumentNullException(nameof(inner)); }

        /// <summary>Before each call, with the operation about to run.</summary>
        public Func<StepOperation, CancellationToken, Task> BeforeStep { get; set; }

        /// <summary>After each call that returned, with its result.</summary>
        public Func<StepOperation, StepActionResult, CancellationToken, Task> AfterStep { get; set; }

        private async Task<StepActionResult> Run<T>(T operation, Func<T, CancellationToken, Task<StepActionResult>> call, CancellationToken cancellationToken) where T : StepOperation
        {
            if (BeforeStep != null) await BeforeStep(operation, cancellationToken).ConfigureAwait(false);
            var result = await call(operation, cancellationToken).ConfigureAwait(false);
            if (AfterStep != null) await AfterStep(operation, result, cancellationToken).ConfigureAwait(false);
            return result;
        }

        public Task<StepActionResult> PublishVersionAsync(PublishVersionOperation operation, CancellationToken cancellationToken) => Run(operation, _inner.PublishVersionAsync, cancellationToken);
        public Task<StepActionResult> CreateAliasAsync(AliasOperation operation, CancellationToken cancellationToken) => Run(operation, _inner.CreateAliasAsync, cancellationToken);
        public Task<StepActionResult> UpdateAliasAsync(AliasOperation operation, CancellationToken cancellationToken) => Run(operation, _inner.UpdateAliasAsync, cancellationToken);
        public Task<StepActionResult> AddPermissionAsync(AddPermissionOperation operation, CancellationToken cancellationToken) => Run(operation, _inner.AddPermissionAsync, cancellationToken);
        public Task<StepActionResult> UpdateIntegrationAsync(IntegrationOperation operation, CancellationToken cancellationToken) => Run(operation, _inner.UpdateIntegrationAsync, cancellationToken);
        public Task<StepActionResult> UpdateAuthorizerAsync(AuthorizerOperation operation, CancellationToken cancellationToken) => Run(operation, _inner.UpdateAuthorizerAsync, cancellationToken);
        public Task<StepActionResult> UpdateStageVariableAsync(StageVariableOperation operation, CancellationToken cancellationToken) => Run(operation, _inner.UpdateStageVariableAsync, cancellationToken);
        public Task<StepActionResult> UpdateEventSourceMappingAsync(EventSourceMappingOperation operation, CancellationToken cancellationToken) => Run(operation, _inner.UpdateEventSourceMappingAsync, cancellationToken);
        public Task<StepActionResult> CreateDeploymentAsync(DeploymentOperation operation, CancellationToken cancellationToken) => Run(operation, _inner.CreateDeploymentAsync, cancellationToken);
        public Task<StepActionResult> UpdateStageDeploymentAsync(StageDeploymentOperation operation, CancellationToken cancellationToken) => Run(operation, _inner.UpdateStageDeploymentAsync, cancellationToken);
        public Task<StepActionResult> WaitForAutoDeployAsync(AutoDeployWaitOperation operation, CancellationToken cancellationToken) => Run(operation, _inner.WaitForAutoDeployAsync, cancellationToken);
        public Task<StepActionResult> VerifyAsync(VerifyOperation operation, CancellationToken cancellationToken) => Run(operation, _inner.VerifyAsync, cancellationToken);
        public Task<StepActionResult> RemovePermissionAsync(RemovePermissionOperation operation, CancellationToken cancellationToken) => Run(operation, _inner.RemovePermissionAsync, cancellationToken);
    }
}
