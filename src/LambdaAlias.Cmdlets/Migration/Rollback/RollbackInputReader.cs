using System;
using System.Management.Automation;

namespace LambdaAlias
{
    /// <summary>What kind of object came down the pipeline, read once from its PSObject (live or deserialized).</summary>
    public sealed class PipedObjectInfo
    {
        public const string MigrationResultKind = "MigrationResult";
        public const string RollbackResultKind = "AliasRollbackResult";
        public const string PinKindName = "LambdaIntegrationPin";

        /// <summary>MigrationResult, AliasRollbackResult, LambdaIntegrationPin, or null for anything else.</summary>
        public string Kind { get; set; }
        /// <summary>The Status property of a result, as text.</summary>
        public string Status { get; set; }
        /// <summary>The PinKind property of a pin, as text.</summary>
        public string PinKind { get; set; }
        /// <summary>Where the object comes from, for messages: "migration result for REST ... GET /orders".</summary>
        public string Description { get; set; }
        /// <summary>The piped value itself when it is a string: an alias ARN or "function:alias".</summary>
        public string Text { get; set; }
        /// <summary>A MigrationResult produced under -WhatIf (its WhatIf property), whatever its Status.</summary>
        public bool WhatIf { get; set; }

        public bool IsResult => Kind == MigrationResultKind || Kind == RollbackResultKind;

        /// <summary>Reads the object's kind from its type names, so objects re-imported with Import-Clixml count too.</summary>
        public static PipedObjectInfo From(PSObject value)
        {
            if (value == null || value.BaseObject == null) return null;
            if (value.BaseObject is string text) return new PipedObjectInfo { Text = text };
            var info = new PipedObjectInfo { Kind = KindOf(value) };
            if (info.Kind == null) return info;
            info.Status = PropertyText(value, "Status");
            info.PinKind = PropertyText(value, "PinKind");
            // Live results carry a bool, deserialized ones too; anything not clearly true counts as a real run.
            info.WhatIf = info.Kind == MigrationResultKind && LanguagePrimitives.IsTrue(value.Properties["WhatIf"]?.Value);
            switch (info.Kind)
            {
                case MigrationResultKind:
                    var pin = value.Properties["Pin"]?.Value;
                    var pinLocation = pin == null ? null : PropertyText(PSObject.AsPSObject(pin), "Location");
                    info.Description = "migration result for " + (pinLocation ?? PropertyText(value, "FunctionName") + ":" + PropertyText(value, "AliasName"));
                    break;
                case RollbackResultKind:
                    info.Description = "rollback result for " + PropertyText(value, "FunctionName") + ":" + PropertyText(value, "AliasName");
                    break;
                default:
                    info.Description = "pin at " + (PropertyText(value, "Location") ?? PropertyText(value, "FunctionName"));
                    break;
            }
            return info;
        }

        private static string KindOf(PSObject value)
        {
            foreach (var name in value.TypeNames)
            {
                var bare = name.StartsWith("Deserialized.", StringComparison.Ordinal) ? name.Substring("Deserialized.".Length) : name;
                if (bare == typeof(MigrationResult).FullName) return MigrationResultKind;
                if (bare == typeof(AliasRollbackResult).FullName) return RollbackResultKind;
                if (bare == typeof(LambdaIntegrationPin).FullName) return PinKindName;
            }
            return null;
        }

        /// <summary>A property as text; enums of deserialized objects arrive as their names, live ones format the same way.</summary>
        private static string PropertyText(PSObject value, string name)
        {
            var text = value.Properties[name]?.Value?.ToString();
            return string.IsNullOrWhiteSpace(text) ? null : text;
        }
    }

    /// <summary>What one pipeline record (or the command line) gave Invoke-AliasRollback, before validation.</summary>
    public sealed class RollbackInputValues
    {
        public string FunctionName { get; set; }
        public string AliasName { get; set; }
        public string AliasArn { get; set; }
        /// <summary>-Region as bound (command line or the piped object's Region); null when not given.</summary>
        public string Region { get; set; }
        public string AccountId { get; set; }
        public string ProfileName { get; set; }
        public string EndpointUrl { get; set; }
        public PipedObjectInfo Piped { get; set; }
    }

    /// <summary>A validated request, or why there is none. <see cref="SkipWarning"/> is set for results of changes that did not happen.</summary>
    public sealed class RollbackInputReading
    {
        public RollbackRequest Request { get; internal set; }
        public MigrationError Error { get; internal set; }
        /// <summary>Set when the input is a rollback result whose rollback did not happen: skipped, never acted on.</summary>
        public string SkipWarning { get; internal set; }
    }

    /// <summary>
    /// Turns one record's bound values into a <see cref="RollbackRequest"/> with this module's ErrorIds for bad input, so
    /// the engine's generic binding errors never reach the user and the pipeline goes on with the next record. Pure.
    /// </summary>
    public static class RollbackInputReader
    {
        public static RollbackInputReading Read(RollbackInputValues values)
        {
            if (values == null) throw new ArgumentNullException(nameof(values));
            var piped = values.Piped;
            var functionText = Blank(values.FunctionName);
            var arnText = Blank(values.AliasArn);
            // A piped string names the alias itself: an alias ARN, or "function:alias".
            if (piped?.Text != null && functionText == null && arnText == null)
            {
                var text = piped.Text.Trim();
                if (text.StartsWith("arn:", StringComparison.Ordinal)) arnText = text; else functionText = text;
            }

            var request = new RollbackRequest
            {
                Region = Blank(values.Region), AccountId = Blank(values.AccountId), ProfileName = Blank(values.ProfileName),
                EndpointUrl = Blank(values.EndpointUrl), Source = piped?.Description,
            };
            var label = Label(functionText ?? arnText ?? piped?.Text, values.AliasName);

            if (piped != null && piped.IsResult && (IsChangeThatDidNotHappen(piped.Status) || piped.WhatIf))
            {
                request.FunctionName = functionText;
                request.AliasName = Blank(values.AliasName);
                if (piped.Kind == PipedObjectInfo.MigrationResultKind)
                {
                    // The planner's dedupe skips these with its warning.
                    if (piped.Status != null && Enum.TryParse<MigrationStatus>(piped.Status, ignoreCase: true, out var status)) request.SourceStatus = status;
                    request.SourceWhatIf = piped.WhatIf;
                    return new RollbackInputReading { Request = request };
                }
                return new RollbackInputReading
                {
                    SkipWarning = $"Skipped {request}: the {piped.Description} has Status {piped.Status}, so that rollback did not happen and this one would move the alias a version further.",
                };
            }

            if (piped?.Kind == PipedObjectInfo.PinKindName && !string.Equals(piped.PinKind, nameof(PinKind.Alias), StringComparison.OrdinalIgnoreCase) && Blank(values.AliasName) == null)
            {
                return Fail(ErrorIds.NotAnAlias, ErrorCategory.InvalidArgument,
                    $"The {piped.Description} is a {piped.PinKind} pin ({functionText}), not an alias, so there is no alias to roll back. Move it to an alias with Set-IntegrationToAlias first.", label);
            }

            string functionName = null, aliasName = Blank(values.AliasName), arnRegion = null, arnAccount = null;

            if (arnText != null)
            {
                if (!LambdaFunctionReference.TryParse(arnText, out var arn, out var problem) || arn.UsesStageVariables)
                    return Fail(ErrorIds.MalformedArn, ErrorCategory.InvalidArgument, problem?.Message ?? $"'{arnText}' is not an alias ARN.", arnText);
                if (arn.QualifierKind != QualifierKind.Alias)
                    return Fail(ErrorIds.NotAnAlias, ErrorCategory.InvalidArgument, $"'{arnText}' names {Describe(arn.QualifierKind, arn.Qualifier)}, not an alias: -AliasArn takes an alias ARN such as arn:aws:lambda:us-east-1:123456789012:function:my-func:live.", arnText);
                functionName = arn.FunctionName;
                if (aliasName != null && !string.Equals(aliasName, arn.Qualifier, StringComparison.Ordinal))
                    return Fail(ErrorIds.ConflictingRollbackInput, ErrorCategory.InvalidArgument, $"-AliasName '{aliasName}' and the alias ARN's alias '{arn.Qualifier}' differ.", arnText);
                aliasName = arn.Qualifier;
                arnRegion = arn.Region;
                arnAccount = arn.AccountId;
                request.AliasArn = arnText;
            }

            if (functionText != null)
            {
                if (!LambdaFunctionReference.TryParse(functionText, out var function, out var problem) || function.UsesStageVariables)
                    return Fail(ErrorIds.MalformedArn, ErrorCategory.InvalidArgument, problem?.Message ?? $"'{functionText}' is not a function name or ARN.", functionText);
                if (functionName != null && !string.Equals(functionName, function.FunctionName, StringComparison.Ordinal))
                    return Fail(ErrorIds.ConflictingRollbackInput, ErrorCategory.InvalidArgument, $"-FunctionName '{functionText}' and the alias ARN's function '{functionName}' differ.", functionText);
                functionName = function.FunctionName;
                if (function.Qualifier != null)
                {
                    if (function.QualifierKind != QualifierKind.Alias)
                        return Fail(ErrorIds.NotAnAlias, ErrorCategory.InvalidArgument, $"'{functionText}' names {Describe(function.QualifierKind, function.Qualifier)}, not an alias; only an alias can be rolled back.", functionText);
                    if (aliasName != null && !string.Equals(aliasName, function.Qualifier, StringComparison.Ordinal))
                        return Fail(ErrorIds.ConflictingRollbackInput, ErrorCategory.InvalidArgument, $"-FunctionName '{functionText}' names alias '{function.Qualifier}' but -AliasName is '{aliasName}'.", functionText);
                    aliasName = function.Qualifier;
                }
                if (!Agree(ref arnRegion, function.Region) || !Agree(ref arnAccount, function.AccountId))
                    return Fail(ErrorIds.ConflictingRollbackInput, ErrorCategory.InvalidArgument, $"-FunctionName '{functionText}' and -AliasArn '{arnText}' name different regions or accounts.", functionText);
            }

            label = Label(functionName ?? functionText, aliasName);
            if (functionName == null || aliasName == null)
            {
                var missing = functionName == null && aliasName == null ? "function or alias" : functionName == null ? "function" : "alias";
                var from = piped == null ? "The parameters name" : piped.Kind == null && piped.Text == null ? "The piped object has no FunctionName, AliasName or AliasArn property, so it names" : $"The {piped.Description ?? "piped value"} names";
                return Fail(ErrorIds.RollbackInputIncomplete, ErrorCategory.InvalidArgument,
                    $"{from} no {missing}: give -FunctionName and -AliasName, or -AliasArn, or pipe a MigrationResult, an alias pin or an alias object.", label);
            }
            if (aliasName == LambdaFunctionReference.LatestQualifier || AliasNames.IsVersionNumber(aliasName))
                return Fail(ErrorIds.NotAnAlias, ErrorCategory.InvalidArgument, $"'{aliasName}' is {Describe(LambdaFunctionReference.ClassifyQualifier(aliasName), aliasName)}, not an alias name; only an alias can be rolled back.", label);
            if (!AliasNames.IsValid(aliasName))
                return Fail(ErrorIds.InvalidAliasName, ErrorCategory.InvalidArgument, $"'{aliasName}' is not a valid alias name: Lambda allows 1 to 128 letters, digits, '-' and '_', not all digits.", label);

            if (arnRegion != null && request.Region != null && !string.Equals(arnRegion, request.Region, StringComparison.OrdinalIgnoreCase))
                return Fail(ErrorIds.ConflictingRollbackInput, ErrorCategory.InvalidArgument, $"The ARN of {label} is in region {arnRegion} but -Region is {request.Region}.", label);
            if (arnAccount != null && request.AccountId != null && !string.Equals(arnAccount, request.AccountId, StringComparison.Ordinal))
                return Fail(ErrorIds.ConflictingRollbackInput, ErrorCategory.InvalidArgument, $"The ARN of {label} is in account {arnAccount} but -AccountId is {request.AccountId}.", label);

            request.FunctionName = functionName;
            request.AliasName = aliasName;
            request.Region = request.Region ?? arnRegion;
            request.AccountId = request.AccountId ?? arnAccount;
            return new RollbackInputReading { Request = request };
        }

        /// <summary>WhatIf, Declined and Failed results describe a change that did not happen; there is nothing to undo.</summary>
        public static bool IsChangeThatDidNotHappen(string status) =>
            string.Equals(status, nameof(MigrationStatus.WhatIf), StringComparison.OrdinalIgnoreCase)
            || string.Equals(status, nameof(MigrationStatus.Declined), StringComparison.OrdinalIgnoreCase)
            || string.Equals(status, nameof(MigrationStatus.Failed), StringComparison.OrdinalIgnoreCase);

        private static bool Agree(ref string known, string other)
        {
            if (other == null) return true;
            if (known == null) { known = other; return true; }
            return string.Equals(known, other, StringComparison.OrdinalIgnoreCase);
        }

        private static string Describe(QualifierKind kind, string qualifier)
        {
            switch (kind)
            {
                case QualifierKind.Version: return "published version " + qualifier;
                case QualifierKind.Latest: return "$LATEST";
                case QualifierKind.Unqualified: return "the unqualified function ($LATEST)";
                default: return "'" + qualifier + "'";
            }
        }

        private static RollbackInputReading Fail(string errorId, ErrorCategory category, string message, string target) =>
            new RollbackInputReading { Error = new MigrationError(errorId, category, message, target) };

        private static string Label(string function, string alias) =>
            function == null ? alias : alias == null || function.EndsWith(":" + alias, StringComparison.Ordinal) ? function : function + ":" + alias;

        private static string Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
