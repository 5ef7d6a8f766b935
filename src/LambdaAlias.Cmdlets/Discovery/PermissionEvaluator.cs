using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace LambdaAlias
{
    /// <summary>An invocation to check against a resource policy. The SourceArn may be a pattern: '*' stands for any
    /// value (a route's SourceArn with '*' for the stage and path parameters), and then "allowed" means allowed for
    /// every value it stands for.</summary>
    public sealed class PermissionRequest
    {
        /// <summary>A service principal ("apigateway.amazonaws.com"), an account id, or an IAM ARN.</summary>
        public string Principal { get; set; }
        public string SourceArn { get; set; }
        public string SourceAccount { get; set; }
        public string PrincipalOrgId { get; set; }
        public string Action { get; set; } = "lambda:InvokeFunction";
        /// <summary>The (qualified) function ARN invoked; when null, statements' Resource is not checked (the policy
        /// read is already the qualifier's own).</summary>
        public string ResourceArn { get; set; }

        public bool IsServicePrincipal => PermissionEvaluator.IsServicePrincipal(Principal);

        public override string ToString() => Principal + (SourceArn != null ? " from " + SourceArn : string.Empty);
    }

    /// <summary>To which part of a request a statement applies.</summary>
    public enum StatementApplicability
    {
        /// <summary>The statement does not apply.</summary>
        None,
        /// <summary>The statement applies to some of the invocations the request stands for (another stage, say).</summary>
        Partial,
        /// <summary>The statement applies to every invocation the request stands for.</summary>
        All,
        /// <summary>The statement has conditions this evaluator cannot decide.</summary>
        Unknown,
    }

    /// <summary>The outcome of checking an invocation against a policy.</summary>
    public sealed class PermissionEvaluation
    {
        /// <summary>Granted, Missing or Unknown (never ViaRole: the caller decides that from the integration's credentials).</summary>
        public PermissionState State { get; internal set; }
        /// <summary>The Allow statement that grants it, when Granted.</summary>
        public PolicyStatement MatchingStatement { get; internal set; }
        /// <summary>The Deny statement that blocks it, if any.</summary>
        public PolicyStatement DenyingStatement { get; internal set; }
        /// <summary>Allow statements that cover only part of the request (another stage or method).</summary>
        public PolicyStatement[] PartialStatements { get; internal set; } = Array.Empty<PolicyStatement>();
        /// <summary>A sentence for PermissionDetail.</summary>
        public string Detail { get; internal set; }
        public override string ToString() => State + ": " + Detail;
    }

    /// <summary>
    /// Evaluates Lambda resource-policy statements the way IAM does for a resource policy: an applicable Deny wins, else
    /// an applicable Allow grants. ArnLike/ArnEquals compare each of the six ARN components separately and
    /// case-sensitively with '*' and '?'; condition keys are case-insensitive; a condition on a key the request does
    /// not carry fails (unless ...IfExists). Conditions it cannot decide make the answer Unknown rather than a guess.
    /// </summary>
    public static class PermissionEvaluator
    {
        private static readonly Regex AccountId = new Regex("^[0-9]{12}$", RegexOptions.CultureInvariant);
        private static readonly Regex AccountRootArn = new Regex("^arn:[^:]+:iam::([0-9]{12}):root$", RegexOptions.CultureInvariant);

        /// <summary>True for a service principal such as "apigateway.amazonaws.com" (or the .amazonaws.com.cn form).</summary>
        public static bool IsServicePrincipal(string principal) =>
            principal != null && (principal.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase) ||
                                  principal.EndsWith(".amazonaws.com.cn", StringComparison.OrdinalIgnoreCase) ||
                                  principal.EndsWith(".aws.internal", StringComparison.OrdinalIgnoreCase));

        /// <summary>"123456789012" for an account id or "arn:aws:iam::123456789012:root"; otherwise the text unchanged.</summary>
        public static string NormalizeAccountPrincipal(string principal)
        {
            if (principal == null) return null;
            var root = AccountRootArn.Match(principal);
            return root.Success ? root.Groups[1].Value : principal;
        }

        /// <summary>REST's credentials value for "invoke with the caller's own credentials".</summary>
        public const string CallerCredentials = "arn:aws:iam::*:user/*";

        /// <summary>
        /// For an integration or authorizer: ViaRole when it invokes through a credentials role (or the caller's own
        /// credentials), because then the identity's IAM policy decides and the resource policy does not; otherwise
        /// the resource policy is evaluated.
        /// </summary>
        public static PermissionEvaluation EvaluateSource(IEnumerable<PolicyStatement> statements, PermissionRequest request, string credentials)
        {
            if (!string.IsNullOrEmpty(credentials))
            {
                return new PermissionEvaluation
                {
                    State = PermissionState.ViaRole,
                    Detail = credentials == CallerCredentials
                        ? "The integration invokes with the caller's own credentials; their IAM policies decide, not the function's resource policy."
                        : "The integration invokes through role " + credentials + "; its IAM policy decides, not the function's resource policy.",
                };
            }
            return Evaluate(statements, request);
        }

        /// <summary>Decides whether the statements (one qualifier's policy) let the request invoke.</summary>
        public static PermissionEvaluation Evaluate(IEnumerable<PolicyStatement> statements, PermissionRequest request)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            PolicyStatement granting = null, denying = null, uncertainDeny = null, uncertainAllow = null;
            var partial = new List<PolicyStatement>();
            bool partialDeny = false;
            foreach (var statement in statements ?? Enumerable.Empty<PolicyStatement>())
            {
                var applicability = Applicability(statement, request);
                bool isDeny = string.Equals(statement.Effect, "Deny", StringComparison.Ordinal);
                bool isAllow = string.Equals(statement.Effect, "Allow", StringComparison.Ordinal);
                if (isDeny)
                {
                    if ((applicability == StatementApplicability.All || applicability == StatementApplicability.Partial) && denying == null)
                    {
                        denying = statement;
                        partialDeny = applicability == StatementApplicability.Partial;
                    }
                    else if (applicability == StatementApplicability.Unknown && uncertainDeny == null) uncertainDeny = statement;
                }
                else if (isAllow)
                {
                    if (applicability == StatementApplicability.All && granting == null) granting = statement;
                    else if (applicability == StatementApplicability.Partial) partial.Add(statement);
                    else if (applicability == StatementApplicability.Unknown && uncertainAllow == null) uncertainAllow = statement;
                }
            }

            var result = new PermissionEvaluation { DenyingStatement = denying, PartialStatements = partial.ToArray() };
            string who = Describe(request);
            if (denying != null)
            {
                result.State = PermissionState.Missing;
                result.Detail = "Statement " + Name(denying) + " denies " + (partialDeny ? "part of the invocations by " : string.Empty) + who + "; a Deny wins over any Allow.";
            }
            else if (granting != null && uncertainDeny == null)
            {
                result.State = PermissionState.Granted;
                result.MatchingStatement = granting;
                result.Detail = "Statement " + Name(granting) + " allows " + who + ".";
            }
            else if (granting != null || uncertainAllow != null)
            {
                result.State = PermissionState.Unknown;
                result.MatchingStatement = granting;
                result.Detail = uncertainDeny != null
                    ? "Statement " + Name(uncertainDeny) + " may deny " + who + " under conditions that cannot be evaluated here (" + uncertainDeny.InexpressibleReason + ")."
                    : "Statement " + Name(uncertainAllow) + " may allow " + who + " under conditions that cannot be evaluated here (" + uncertainAllow.InexpressibleReason + ").";
            }
            else
            {
                result.State = PermissionState.Missing;
                result.Detail = partial.Count > 0
                    ? "No statement allows all invocations by " + who + "; " + string.Join(", ", partial.Select(Name)) + " cover" + (partial.Count == 1 ? "s" : string.Empty) + " only part (" + string.Join(", ", partial.Select(p => p.SourceArn ?? "no SourceArn")) + ")."
                    : "No statement allows " + who + ".";
            }
            return result;
        }

        /// <summary>
        /// The statements that matter for this source: those whose principal and action match and whose conditions
        /// apply to all or part of the request (or cannot be decided). Both effects are returned; a migration copies the
        /// Allow statements without inexpressible parts to the alias and reports the rest.
        /// </summary>
        public static IReadOnlyList<PolicyStatement> StatementsForSource(IEnumerable<PolicyStatement> statements, PermissionRequest request)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var probe = new PermissionRequest
            {
                Principal = request.Principal,
                SourceArn = request.SourceArn,
                SourceAccount = request.SourceAccount,
                PrincipalOrgId = request.PrincipalOrgId,
                Action = request.Action,
                ResourceArn = null, // the statements come from the old qualifier; their Resource names it, not the alias
            };
            return (statements ?? Enumerable.Empty<PolicyStatement>())
                .Where(s => Applicability(s, probe) != StatementApplicability.None)
                .ToList();
        }

        /// <summary>How much of the request one statement applies to, ignoring its effect.</summary>
        public static StatementApplicability Applicability(PolicyStatement statement, PermissionRequest request)
        {
            if (statement == null) throw new ArgumentNullException(nameof(statement));
            var parsed = LambdaPolicyParser.Reparse(statement);
            if (!PrincipalMatches(parsed, request.Principal)) return StatementApplicability.None;
            if (!ActionMatches(parsed, request.Action)) return StatementApplicability.None;
            if (request.ResourceArn != null && !ResourceMatches(parsed, request.ResourceArn)) return StatementApplicability.None;

            var overall = StatementApplicability.All;
            foreach (var condition in parsed.Conditions)
            {
                var outcome = EvaluateCondition(condition, request);
                if (outcome == StatementApplicability.None) return StatementApplicability.None;
                if (outcome == StatementApplicability.Unknown) overall = StatementApplicability.Unknown;
                else if (outcome == StatementApplicability.Partial && overall == StatementApplicability.All) overall = StatementApplicability.Partial;
            }
            return overall;
        }

        private static bool PrincipalMatches(ParsedStatement statement, string principal)
        {
            bool matches = statement.Principal.IsWildcard;
            if (!matches && principal != null)
            {
                if (IsServicePrincipal(principal))
                {
                    matches = statement.Principal.Services.Any(s => string.Equals(s, principal, StringComparison.OrdinalIgnoreCase));
                }
                else
                {
                    var normalized = NormalizeAccountPrincipal(principal);
                    matches = statement.Principal.Aws.Any(a => string.Equals(NormalizeAccountPrincipal(a), normalized, StringComparison.Ordinal));
                }
            }
            return statement.NotPrincipal ? !matches : matches;
        }

        private static bool ActionMatches(ParsedStatement statement, string action)
        {
            // Action names are case-insensitive in IAM.
            bool matches = statement.Actions.Any(a => GlobMatcher.IsMatch(a, action ?? string.Empty, ignoreCase: true));
            return statement.NotAction ? !matches : matches;
        }

        private static bool ResourceMatches(ParsedStatement statement, string resourceArn)
        {
            bool matches = statement.Resources.Any(r => r == "*" || GlobMatcher.ArnLike(r, resourceArn));
            return statement.NotResource ? !matches : matches;
        }

        private static StatementApplicability EvaluateCondition(ConditionClause condition, PermissionRequest request)
        {
            var op = condition.Operator ?? string.Empty;
            bool ifExists = op.EndsWith("IfExists", StringComparison.Ordinal);
            if (ifExists) op = op.Substring(0, op.Length - "IfExists".Length);

            string value;
            switch ((condition.Key ?? string.Empty).ToLowerInvariant())
            {
                case ConditionKeys.SourceArn: value = request.SourceArn; break;
                case ConditionKeys.SourceAccount: value = request.SourceAccount; break;
                case ConditionKeys.PrincipalOrgId: value = request.PrincipalOrgId; break;
                // A plain InvokeFunction call has no function URL auth type.
                case ConditionKeys.FunctionUrlAuthType: value = null; break;
                default: return StatementApplicability.Unknown;
            }

            bool negated;
            Func<string, string, StatementApplicability> positive;
            switch (op)
            {
                case "ArnLike":
                case "ArnEquals":
                    negated = false; positive = (pattern, v) => Compare(GlobMatcher.ArnCovers(pattern, v), GlobMatcher.ArnIntersects(pattern, v)); break;
                case "ArnNotLike":
                case "ArnNotEquals":
                    negated = true; positive = (pattern, v) => Compare(GlobMatcher.ArnCovers(pattern, v), GlobMatcher.ArnIntersects(pattern, v)); break;
                case "StringLike":
                    negated = false; positive = (pattern, v) => Compare(GlobMatcher.Covers(pattern, v), GlobMatcher.Intersects(pattern, v)); break;
                case "StringNotLike":
                    negated = true; positive = (pattern, v) => Compare(GlobMatcher.Covers(pattern, v), GlobMatcher.Intersects(pattern, v)); break;
                case "StringEquals":
                    negated = false; positive = EqualsApplicability; break;
                case "StringNotEquals":
                    negated = true; positive = EqualsApplicability; break;
                case "StringEqualsIgnoreCase":
                    negated = false; positive = (expected, v) => EqualsApplicability(expected.ToUpperInvariant(), v.ToUpperInvariant()); break;
                default:
                    return StatementApplicability.Unknown;
            }

            if (value == null) return ifExists || negated ? StatementApplicability.All : StatementApplicability.None;

            // Several values in one condition are ORed.
            var best = StatementApplicability.None;
            foreach (var expected in condition.Values)
            {
                var outcome = positive(expected, value);
                if (outcome == StatementApplicability.All) { best = outcome; break; }
                if (outcome == StatementApplicability.Partial) best = outcome;
            }
            if (!negated) return best;
            return best == StatementApplicability.All ? StatementApplicability.None
                 : best == StatementApplicability.Partial ? StatementApplicability.Partial
                 : StatementApplicability.All;
        }

        private static StatementApplicability Compare(bool covers, bool intersects) =>
            covers ? StatementApplicability.All : intersects ? StatementApplicability.Partial : StatementApplicability.None;

        // StringEquals compares literally; when the request value is a pattern, equality holds for the one value it
        // stands for that spells the expected text.
        private static StatementApplicability EqualsApplicability(string expected, string value)
        {
            if (!GlobMatcher.HasWildcard(value)) return string.Equals(expected, value, StringComparison.Ordinal) ? StatementApplicability.All : StatementApplicability.None;
            return GlobMatcher.IsMatch(value, expected) ? StatementApplicability.Partial : StatementApplicability.None;
        }

        private static string Describe(PermissionRequest request) =>
            (request.Principal ?? "(no principal)") + (request.SourceArn != null ? " from " + request.SourceArn : string.Empty) +
            (request.SourceAccount != null ? " (account " + request.SourceAccount + ")" : string.Empty);

        private static string Name(PolicyStatement statement) => string.IsNullOrEmpty(statement.Sid) ? "(no Sid)" : "'" + statement.Sid + "'";
    }
}
