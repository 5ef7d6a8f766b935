using System.Collections.Concurrent;
using LambdaAlias;

namespace LambdaAlias.UnitTests.Migration;

/// <summary>
/// Records every call in order, with the operation it got. Each call completes asynchronously on another thread
/// (Task.Yield), so a test can see whether the executor ever calls ShouldProcess from a worker thread.
/// </summary>
internal sealed class FakeMigrationActions : IMigrationActions
{
    public readonly List<(MigrationStepKind Kind, StepOperation Operation)> Calls = new();
    /// <summary>Shared log of calls and reports, to check what happened before what.</summary>
    public List<string> Events { get; set; } = new();
    public readonly ConcurrentBag<int> ActionThreads = new();
    /// <summary>Answers by step kind; a thrown exception is the call failing.</summary>
    public Func<MigrationStepKind, StepOperation, StepActionResult> Respond { get; set; } = (_, _) => null;
    public Action<MigrationStepKind, StepOperation> BeforeReturn { get; set; } = (_, _) => { };
    private int publishCount;
    private int deploymentCount;

    private async Task<StepActionResult> Record(MigrationStepKind kind, StepOperation op, Func<StepActionResult> @default)
    {
        await Task.Yield();
        ActionThreads.Add(Environment.CurrentManagedThreadId);
        lock (Calls)
        {
            Calls.Add((kind, op));
            Events.Add("call:" + kind);
        }
        BeforeReturn(kind, op);
        return Respond(kind, op) ?? @default();
    }

    public int Count(MigrationStepKind kind) { lock (Calls) return Calls.Count(c => c.Kind == kind); }
    public IEnumerable<T> Ops<T>() where T : StepOperation { lock (Calls) return Calls.Select(c => c.Operation).OfType<T>().ToList(); }

    public Task<StepActionResult> PublishVersionAsync(PublishVersionOperation o, CancellationToken t) =>
        Record(MigrationStepKind.PublishVersion, o, () => StepActionResult.Done((Interlocked.Increment(ref publishCount) + 1).ToString()));
    public Task<StepActionResult> CreateAliasAsync(AliasOperation o, CancellationToken t) => Record(MigrationStepKind.CreateAlias, o, () => StepActionResult.Done());
    public Task<StepActionResult> UpdateAliasAsync(AliasOperation o, CancellationToken t) => Record(MigrationStepKind.UpdateAlias, o, () => StepActionResult.Done());
    public Task<StepActionResult> AddPermissionAsync(AddPermissionOperation o, CancellationToken t) => Record(MigrationStepKind.AddPermission, o, () => StepActionResult.Done());
    public Task<StepActionResult> UpdateIntegrationAsync(IntegrationOperation o, CancellationToken t) => Record(MigrationStepKind.UpdateIntegration, o, () => StepActionResult.Done());
    public Task<StepActionResult> UpdateAuthorizerAsync(AuthorizerOperation o, CancellationToken t) => Record(MigrationStepKind.UpdateAuthorizer, o, () => StepActionResult.Done());
    public Task<StepActionResult> UpdateStageVariableAsync(StageVariableOperation o, CancellationToken t) => Record(MigrationStepKind.UpdateStageVariable, o, () => StepActionResult.Done());
    public Task<StepActionResult> UpdateEventSourceMappingAsync(EventSourceMappingOperation o, CancellationToken t) => Record(MigrationStepKind.UpdateEventSourceMapping, o, () => StepActionResult.Done());
    public Task<StepActionResult> CreateDeploymentAsync(DeploymentOperation o, CancellationToken t) =>
        Record(MigrationStepKind.CreateDeployment, o, () => StepActionResult.Done("dep-" + Interlocked.Increment(ref deploymentCount)));
    public Task<StepActionResult> UpdateStageDeploymentAsync(StageDeploymentOperation o, CancellationToken t) => Record(MigrationStepKind.UpdateStageDeployment, o, () => StepActionResult.Done());
    public Task<StepActionResult> WaitForAutoDeployAsync(AutoDeployWaitOperation o, CancellationToken t) => Record(MigrationStepKind.WaitForAutoDeploy, o, () => StepActionResult.Done());
    public Task<StepActionResult> VerifyAsync(VerifyOperation o, CancellationToken t) => Record(MigrationStepKind.Verify, o, () => StepActionResult.Done());
    public Task<StepActionResult> RemovePermissionAsync(RemovePermissionOperation o, CancellationToken t) => Record(MigrationStepKind.RemovePermission, o, () => StepActionResult.Done());
}
