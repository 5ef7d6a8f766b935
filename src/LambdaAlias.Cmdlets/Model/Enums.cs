namespace LambdaAlias
{
    /// <summary>How a trigger names the function version it invokes.</summary>
    public enum PinKind
    {
        /// <summary>A numbered, published version such as <c>my-func:1</c>: frozen.</summary>
        Version,
        /// <summary><c>$LATEST</c>, the unqualified function, or an alias that points at <c>$LATEST</c>: serves half-applied deploys.</summary>
        Latest,
        /// <summary>An alias such as <c>my-func:live</c>: the target state.</summary>
        Alias,
    }

    /// <summary>Where a pin is written.</summary>
    public enum SourceKind
    {
        RestApi,
        RestAuthorizer,
        HttpApi,
        HttpAuthorizer,
        WebSocketApi,
        StageVariable,
        EventSourceMapping,
        ResourcePolicy,
    }

    /// <summary>Whether the caller behind a pin may invoke the pinned qualifier.</summary>
    public enum PermissionState
    {
        /// <summary>A resource-policy statement on the qualifier allows the principal and SourceArn.</summary>
        Granted,
        /// <summary>No statement allows it: the route fails today.</summary>
        Missing,
        /// <summary>The integration invokes through a credentials role, so the resource policy does not decide.</summary>
        ViaRole,
        /// <summary>The policy could not be read, or the source needs no resource policy (an event source mapping's poller).</summary>
        Unknown,
    }

    /// <summary>Whether what a stage serves is known from its deployment snapshot.</summary>
    public enum LiveState
    {
        /// <summary>A stage's deployed snapshot (or canary) serves this pin.</summary>
        Live,
        /// <summary>The pin is in the draft only; no stage serves it yet.</summary>
        DraftOnly,
        /// <summary>A stage serves the pin but the draft no longer has it (fixed, never deployed).</summary>
        LiveOnly,
        /// <summary>The export failed or lacked integration extensions; the draft was used.</summary>
        Unknown,
        /// <summary>The source has no deployments (event source mappings, resource policies, HTTP API auto-deploy stages).</summary>
        NotApplicable,
    }

    public enum MigrationStatus { Migrated, AlreadyOnAlias, WhatIf, Declined, Skipped, Failed, PartiallyApplied }

    public enum MigrationStepKind
    {
        PublishVersion,
        CreateAlias,
        UpdateAlias,
        AddPermission,
        UpdateIntegration,
        UpdateAuthorizer,
        UpdateStageVariable,
        UpdateEventSourceMapping,
        CreateDeployment,
        UpdateStageDeployment,
        WaitForAutoDeploy,
        Verify,
        RemovePermission,
    }

    public enum StepOutcome { Planned, Done, AlreadyDone, WhatIf, Declined, SkippedDependency, Failed, NotRun }

    public enum RollbackStatus { RolledBack, WeightsCleared, WhatIf, Declined, Skipped, Failed }
}
