using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace LambdaAlias
{
    /// <summary>
    /// Parses a Lambda resource policy (the Policy string GetPolicy returns, or the whole GetPolicy response) into
    /// <see cref="PolicyStatement"/>s, and marks statements AddPermission could not recreate — they are reported,
    /// never copied.
    /// </summary>
    public static class LambdaPolicyParser
    {
        /// <summary>Parses, throwing <see cref="DiscoveryException"/> (MalformedPolicy) for text that is not policy JSON.</summary>
        public static PolicyStatement[] Parse(string policyJson)
        {
            if (!TryParse(policyJson, out var statements, out var error)) throw error.ToException();
            return statements;
        }

        /// <summary>Parses a policy. Null or empty text is a policy without statements (GetPolicy's 404 means the same).</summary>
        public static bool TryParse(string policyJson, out PolicyStatement[] statements, out DiscoveryError error)
        {
            statements = Array.Empty<PolicyStatement>();
            error = null;
            if (string.IsNullOrWhiteSpace(policyJson)) return true;
            try
            {
                using (var document = JsonDocument.Parse(policyJson))
                {
                    var root = document.RootElement;
                    if (root.ValueKind == JsonValueKind.Object && TryGetProperty(root, "Policy", out var wrapped) && wrapped.ValueKind == JsonValueKind.String)
                        return TryParse(wrapped.GetString(), out statements, out error);
                    if (root.ValueKind != JsonValueKind.Object)
                        return Fail(policyJson, "The resource policy is not a JSON object.", out error);
                    if (!TryGetProperty(root, "Statement", out var statementElement)) return true;
                    var list = new List<PolicyStatement>();
                    if (statementElement.ValueKind == JsonValueKind.Object)
                    {
                        list.Add(ToPolicyStatement(ParsedStatement.From(statementElement)));
                    }
                    else if (statementElement.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var item in statementElement.EnumerateArray())
                        {
                            if (item.ValueKind != JsonValueKind.Object)
                                return Fail(policyJson, "A statement of the resource policy is not a JSON object.", out error);
                            list.Add(ToPolicyStatement(ParsedStatement.From(item)));
                        }
                    }
                    else
                    {
                        return Fail(policyJson, "The resource policy's Statement is neither an object nor an array.", out error);
                    }
                    statements = list.ToArray();
                    return true;
                }
            }
            catch (JsonException ex)
            {
                return Fail(policyJson, "The resource policy is not valid JSON: " + ex.Message, out error);
            }
        }

        /// <summary>Reads a statement's full structure back from its RawJson (or, without one, from its fields).</summary>
        internal static ParsedStatement Reparse(PolicyStatement statement)
        {
            if (!string.IsNullOrEmpty(statement.RawJson))
            {
                try
                {
                    using (var document = JsonDocument.Parse(statement.RawJson))
                    {
                        if (document.RootElement.ValueKind == JsonValueKind.Object) return ParsedStatement.From(document.RootElement);
                    }
                }
                catch (JsonException)
                {
                    // Fall through to the fields: a hand-built statement with an unusable RawJson.
                }
            }
            return ParsedStatement.FromFields(statement);
        }

        internal static PolicyStatement ToPolicyStatement(ParsedStatement parsed)
        {
            var reasons = new List<string>();
            if (!string.Equals(parsed.Effect, "Allow", StringComparison.Ordinal)) reasons.Add(parsed.Effect == "Deny" ? "Deny statement" : "effect '" + parsed.Effect + "'");
            if (parsed.NotPrincipal) reasons.Add("NotPrincipal");
            if (parsed.NotAction) reasons.Add("NotAction");
            if (parsed.NotResource) reasons.Add("NotResource");
            if (parsed.Principal.Count > 1) reasons.Add("several principals");
            if (parsed.Principal.OtherTypes.Count > 0) reasons.Add("principal type " + string.Join(", ", parsed.Principal.OtherTypes));
            if (parsed.Actions.Length > 1) reasons.Add("several actions");
            if (parsed.Resources.Length > 1) reasons.Add("several resources");

            string sourceArn = null, sourceAccount = null, orgId = null, urlAuthType = null;
            foreach (var condition in parsed.Conditions)
            {
                var key = condition.Key.ToLowerInvariant();
                bool expressible;
                if (key == ConditionKeys.SourceArn && (condition.Operator == "ArnLike" || condition.Operator == "ArnEquals"))
                {
                    sourceArn = condition.Values.FirstOrDefault();
                    expressible = true;
                }
                else if (key == ConditionKeys.SourceAccount && condition.Operator == "StringEquals")
                {
                    sourceAccount = condition.Values.FirstOrDefault();
                    expressible = true;
                }
                else if (key == ConditionKeys.PrincipalOrgId && condition.Operator == "StringEquals")
                {
                    orgId = condition.Values.FirstOrDefault();
                    expressible = true;
                }
                else if (key == ConditionKeys.FunctionUrlAuthType && condition.Operator == "StringEquals")
                {
                    urlAuthType = condition.Values.FirstOrDefault();
                    expressible = true;
                }
                else
                {
                    expressible = false;
                    reasons.Add("condition " + condition.Operator + " " + condition.Key);
                    // Still surface the SourceArn/SourceAccount for the report, even when the operator is unusual.
                    if (key == ConditionKeys.SourceArn && sourceArn == null) sourceArn = condition.Values.FirstOrDefault();
                    if (key == ConditionKeys.SourceAccount && sourceAccount == null) sourceAccount = condition.Values.FirstOrDefault();
                }
                if (expressible && condition.Values.Length > 1) reasons.Add("several values for " + condition.Key);
            }
            if (parsed.Principal.IsWildcard && orgId == null && urlAuthType == null)
                reasons.Add("wildcard principal");

            return new PolicyStatement
            {
                Sid = parsed.Sid,
                Effect = parsed.Effect,
                Principal = parsed.Principal.Display,
                IsServicePrincipal = parsed.Principal.Services.Count > 0 && !parsed.Principal.IsWildcard,
                Action = string.Join(", ", parsed.Actions),
                Resource = string.Join(", ", parsed.Resources),
                SourceArn = sourceArn,
                SourceAccount = sourceAccount,
                PrincipalOrgId = orgId,
                FunctionUrlAuthType = urlAuthType,
                HasInexpressibleParts = reasons.Count > 0,
                InexpressibleReason = reasons.Count > 0 ? string.Join("; ", reasons.Distinct()) : null,
                RawJson = parsed.RawJson,
            };
        }

        internal static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
        {
            // Policy element names are case-sensitive in IAM, but Lambda always writes them in this casing; accept
            // other casings rather than silently dropping a statement's principal or conditions.
            if (element.TryGetProperty(name, out value)) return true;
            foreach (var property in element.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = property.Value;
                    return true;
                }
            }
            value = default;
            return false;
        }

        private static bool Fail(string policyJson, string message, out DiscoveryError error)
        {
            error = new DiscoveryError(ErrorIds.MalformedPolicy, DiscoveryErrorCategory.InvalidData, message, policyJson);
            return false;
        }
    }

    internal static class ConditionKeys
    {
        public const string SourceArn = "aws:sourcearn";
        public const string SourceAccount = "aws:sourceaccount";
        public const string PrincipalOrgId = "aws:principalorgid";
        public const string FunctionUrlAuthType = "lambda:functionurlauthtype";
    }

    internal sealed class PrincipalSpec
    {
        public bool IsWildcard;
        public List<string> Services = new List<string>();
        public List<string> Aws = new List<string>();
        public List<string> OtherTypes = new List<string>();
        public List<string> OtherValues = new List<string>();

        public int Count => (IsWildcard ? 1 : 0) + Services.Count + Aws.Count + OtherValues.Count;

        public string Display =>
            IsWildcard ? "*" : string.Join(", ", Services.Concat(Aws).Concat(OtherValues));
    }

    internal sealed class ConditionClause
    {
        public string Operator;
        public string Key;
        public string[] Values;
    }

    /// <summary>The full structure of one statement, as the evaluator needs it.</summary>
    internal sealed class ParsedStatement
    {
        public string Sid;
        public string Effect;
        public PrincipalSpec Principal = new PrincipalSpec();
        public bool NotPrincipal;
        public string[] Actions = Array.Empty<string>();
        public bool NotAction;
        public string[] Resources = Array.Empty<string>();
        public bool NotResource;
        public List<ConditionClause> Conditions = new List<ConditionClause>();
        public string RawJson;

        public static ParsedStatement From(JsonElement element)
        {
            var result = new ParsedStatement { RawJson = element.GetRawText() };
            if (LambdaPolicyParser.TryGetProperty(element, "Sid", out var sid)) result.Sid = Scalar(sid);
            result.Effect = LambdaPolicyParser.TryGetProperty(element, "Effect", out var effect) ? Scalar(effect) : null;
            if (LambdaPolicyParser.TryGetProperty(element, "Principal", out var principal)) result.Principal = ReadPrincipal(principal);
            else if (LambdaPolicyParser.TryGetProperty(element, "NotPrincipal", out var notPrincipal))
            {
                result.Principal = ReadPrincipal(notPrincipal);
                result.NotPrincipal = true;
            }
            if (LambdaPolicyParser.TryGetProperty(element, "Action", out var action)) result.Actions = Strings(action);
            else if (LambdaPolicyParser.TryGetProperty(element, "NotAction", out var notAction))
            {
                result.Actions = Strings(notAction);
                result.NotAction = true;
            }
            if (LambdaPolicyParser.TryGetProperty(element, "Resource", out var resource)) result.Resources = Strings(resource);
            else if (LambdaPolicyParser.TryGetProperty(element, "NotResource", out var notResource))
            {
                result.Resources = Strings(notResource);
                result.NotResource = true;
            }
            if (LambdaPolicyParser.TryGetProperty(element, "Condition", out var condition) && condition.ValueKind == JsonValueKind.Object)
            {
                foreach (var op in condition.EnumerateObject())
                {
                    if (op.Value.ValueKind != JsonValueKind.Object)
                    {
                        result.Conditions.Add(new ConditionClause { Operator = op.Name, Key = "(malformed)", Values = Strings(op.Value) });
                        continue;
                    }
                    foreach (var key in op.Value.EnumerateObject())
                        result.Conditions.Add(new ConditionClause { Operator = op.Name, Key = key.Name, Values = Strings(key.Value) });
                }
            }
            return result;
        }

        public static ParsedStatement FromFields(PolicyStatement statement)
        {
            var result = new ParsedStatement
            {
                Sid = statement.Sid,
                Effect = statement.Effect,
                Actions = string.IsNullOrEmpty(statement.Action) ? Array.Empty<string>() : new[] { statement.Action },
                Resources = string.IsNullOrEmpty(statement.Resource) ? Array.Empty<string>() : new[] { statement.Resource },
            };
            if (statement.Principal == "*") result.Principal.IsWildcard = true;
            else if (!string.IsNullOrEmpty(statement.Principal))
                (statement.IsServicePrincipal ? result.Principal.Services : result.Principal.Aws).Add(statement.Principal);
            if (statement.SourceArn != null) result.Conditions.Add(new ConditionClause { Operator = "ArnLike", Key = "AWS:SourceArn", Values = new[] { statement.SourceArn } });
            if (statement.SourceAccount != null) result.Conditions.Add(new ConditionClause { Operator = "StringEquals", Key = "AWS:SourceAccount", Values = new[] { statement.SourceAccount } });
            if (statement.PrincipalOrgId != null) result.Conditions.Add(new ConditionClause { Operator = "StringEquals", Key = "aws:PrincipalOrgID", Values = new[] { statement.PrincipalOrgId } });
            if (statement.FunctionUrlAuthType != null) result.Conditions.Add(new ConditionClause { Operator = "StringEquals", Key = "lambda:FunctionUrlAuthType", Values = new[] { statement.FunctionUrlAuthType } });
            return result;
        }

        private static PrincipalSpec ReadPrincipal(JsonElement element)
        {
            var spec = new PrincipalSpec();
            if (element.ValueKind == JsonValueKind.String)
            {
                var value = element.GetString();
                if (value == "*") spec.IsWildcard = true;
                else spec.Aws.Add(value);
                return spec;
            }
            if (element.ValueKind != JsonValueKind.Object)
            {
                spec.OtherTypes.Add("(malformed)");
                return spec;
            }
            foreach (var property in element.EnumerateObject())
            {
                var values = Strings(property.Value);
                if (string.Equals(property.Name, "Service", StringComparison.OrdinalIgnoreCase)) spec.Services.AddRange(values);
                else if (string.Equals(property.Name, "AWS", StringComparison.OrdinalIgnoreCase))
                {
                    foreach (var value in values)
                    {
                        if (value == "*") spec.IsWildcard = true;
                        else spec.Aws.Add(value);
                    }
                }
                else
                {
                    spec.OtherTypes.Add(property.Name);
                    spec.OtherValues.AddRange(values);
                }
            }
            return spec;
        }

        private static string[] Strings(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Array) return element.EnumerateArray().Select(Scalar).Where(s => s != null).ToArray();
            var single = Scalar(element);
            return single == null ? Array.Empty<string>() : new[] { single };
        }

        private static string Scalar(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String: return element.GetString();
                case JsonValueKind.Null:
                case JsonValueKind.Undefined: return null;
                case JsonValueKind.True: return "true";
                case JsonValueKind.False: return "false";
                default: return element.GetRawText();
            }
        }
    }
}
