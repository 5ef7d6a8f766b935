namespace LambdaAlias
{
    /// <summary>ErrorIds Invoke-AliasRollback writes for its input (the decision's own ErrorIds are in ErrorIds.Migration.cs).</summary>
    public static partial class ErrorIds
    {
        [ErrorIdMeaning("The input names no alias: give -FunctionName and -AliasName, or -AliasArn, or pipe a MigrationResult, an alias pin or an alias object.")]
        public const string RollbackInputIncomplete = "RollbackInputIncomplete";

        [ErrorIdMeaning("The input names a published version, $LATEST or the unqualified function instead of an alias (for example a Version pin): only an alias can be rolled back. Migrate the pin with Set-IntegrationToAlias first.")]
        public const string NotAnAlias = "NotAnAlias";

        [ErrorIdMeaning("The parts of the input disagree: an ARN names another region, account, function or alias than -Region, -AccountId, -FunctionName or -AliasName.")]
        public const string ConflictingRollbackInput = "ConflictingRollbackInput";
    }
}
