namespace LambdaAlias
{
    /// <summary>ErrorIds written by Set-IntegrationToAlias and Invoke-AliasRollback (planning, execution, rollback).</summary>
    public static partial class ErrorIds
    {
        // --- Input and options ---
        [ErrorIdMeaning("The alias name does not match Lambda's pattern (?!^[0-9]+$)[a-zA-Z0-9_-]{1,128}: letters, digits, '-' and '_', not all digits, at most 128 characters.")]
        public const string InvalidAliasName = "InvalidAliasName";

        [ErrorIdMeaning("The pin or alias belongs to a different AWS account than the credentials in use; nothing was changed.")]
        public const string AccountMismatch = "AccountMismatch";

        [ErrorIdMeaning("-PermissionScope Api grants one statement per API, which is broader than the statements it replaces; it also needs -AllowBroaderPermission.")]
        public const string BroaderPermissionNotAllowed = "BroaderPermissionNotAllowed";

        // --- Guards of Set-IntegrationToAlias ---
        [ErrorIdMeaning("The alias already exists and points at a different version (or carries canary weights); reusing it would change what its traffic gets. Use -AllowAliasMove to move it.")]
        public const string AliasPointsElsewhere = "AliasPointsElsewhere";

        [ErrorIdMeaning("Two pins in the same run need the same alias of one function at different versions; migrate one of them with another -AliasName.")]
        public const string AliasVersionConflict = "AliasVersionConflict";

        [ErrorIdMeaning("Deploying the API would also publish unrelated undeployed changes (or changes that could not be compared). Review them, then use -AllowUndeployedChanges.")]
        public const string UndeployedChanges = "UndeployedChanges";

        [ErrorIdMeaning("The integration or authorizer invokes Lambda through a credentials role, so the function's resource policy does not decide. Confirm the role's policy allows the alias ARN, then use -AllowRoleInvocation.")]
        public const string IntegrationUsesRole = "IntegrationUsesRole";

        [ErrorIdMeaning("The permission that lets this source invoke the pinned version uses parts AddPermission cannot express (Deny, NotPrincipal, other conditions). It is reported, never copied: add an equivalent statement on the alias yourself, then run again.")]
        public const string InexpressibleStatement = "InexpressibleStatement";

        [ErrorIdMeaning("The alias's resource policy already holds a different statement under the StatementId this module would use.")]
        public const string StatementIdConflict = "StatementIdConflict";

        [ErrorIdMeaning("The function's resource policy would exceed Lambda's 20 KB limit. Use -PermissionScope Api -AllowBroaderPermission for one statement per API.")]
        public const string PolicyLengthExceeded = "PolicyLengthExceeded";

        [ErrorIdMeaning("The pinned function does not exist (or cannot be read) in the account and region.")]
        public const string PinnedFunctionNotFound = "PinnedFunctionNotFound";

        [ErrorIdMeaning("The integration, authorizer, stage variable or event source mapping behind the pin no longer exists.")]
        public const string PinSourceNotFound = "PinSourceNotFound";

        [ErrorIdMeaning("The version does not exist as a published version of the function.")]
        public const string VersionNotFound = "VersionNotFound";

        [ErrorIdMeaning("$LATEST cannot be published: its last update failed. Fix the function's code or configuration first.")]
        public const string LatestNotPublishable = "LatestNotPublishable";

        [ErrorIdMeaning("$LATEST changed between the scan and PublishVersion (CodeSha256 or RevisionId precondition failed); nothing was aliased. Scan again.")]
        public const string CodeChangedSinceScan = "CodeChangedSinceScan";

        [ErrorIdMeaning("The stage variable's value cannot be rewritten to name the alias (it is neither the version nor 'function:version').")]
        public const string StageVariableNotRewritable = "StageVariableNotRewritable";

        // --- Execution ---
        [ErrorIdMeaning("A mutating step of the migration failed; the result lists exactly which steps were done. Running again converges.")]
        public const string StepFailed = "StepFailed";

        [ErrorIdMeaning("After the switch, the resource does not invoke the alias, or the alias does not resolve to the version that served before.")]
        public const string VerificationFailed = "VerificationFailed";

        [ErrorIdMeaning("The step needs confirmation and none could be obtained (no host UI). Pass -Confirm:$false or -Force in runbooks.")]
        public const string ConfirmationRequired = "ConfirmationRequired";

        // --- Invoke-AliasRollback ---
        [ErrorIdMeaning("The alias does not exist on the function.")]
        public const string AliasNotFound = "AliasNotFound";

        [ErrorIdMeaning("There is no published version below the alias's current version to roll back to.")]
        public const string NoEarlierVersion = "NoEarlierVersion";

        [ErrorIdMeaning("The rollback target is not a published version (e.g. $LATEST or not a number).")]
        public const string InvalidRollbackTarget = "InvalidRollbackTarget";

        [ErrorIdMeaning("The target version drops the VPC configuration, or changes the role or runtime. Use -AllowConfigRegression to roll back anyway.")]
        public const string ConfigRegression = "ConfigRegression";

        [ErrorIdMeaning("Another operator changed the alias after it was read (RevisionId precondition failed); nothing was changed.")]
        public const string AliasChangedConcurrently = "AliasChangedConcurrently";
    }
}
