namespace LambdaAlias
{
    /// <summary>ErrorIds written by Set-IntegrationToAlias's pipeline input and observation (the AWS-backed side).</summary>
    public static partial class ErrorIds
    {
        [ErrorIdMeaning("A pipeline object given to Set-IntegrationToAlias is not a LambdaAlias.LambdaIntegrationPin (or a deserialized one) or lacks FunctionName, PinKind or SourceKind; it was skipped.")]
        public const string InvalidPinInput = "InvalidPinInput";

        [ErrorIdMeaning("The account and region could not be read again before planning (the function, API or mapping behind the pins could not be read); nothing was changed for the affected pins.")]
        public const string ObservationFailed = "ObservationFailed";
    }
}
