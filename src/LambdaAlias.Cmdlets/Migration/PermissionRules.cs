using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace LambdaAlias
{
    /// <summary>
    /// Source ARNs and the question "does this statement let that source invoke?". Pure string logic over data that is
    /// already parsed: API ids, methods, paths and route keys.
    /// </summary>
    public static class PermissionRules
    {
        public const string ApiGatewayPrincipal = "apigateway.amazonaws.com";
        public const string InvokeAction = "lambda:InvokeFunction";
        private const string StatementIdPrefix = "lambdaalias-";

        /// <summary>The narrowest SourceArn for a REST method: <c>arn:{p}:execute-api:{r}:{a}:{apiId}/*/{METHOD, * for ANY}/{path, * for parameters}</c>.</summary>
        public static string ForRestMethod(string partition, string region, string account, string apiId, string httpMethod, string resourcePath) =>
            ExecuteApiPrefix(partition, region, account) + apiId + "/*/" + MethodToken(httpMethod) + "/" + PathToken(resourcePath);

        /// <summary>The narrowest SourceArn for a v2 route key ("GET /items", "ANY /{proxy+}", "$default", "$connect").</summary>
        public static string ForRouteKey(string partition, string region, string account, string apiId, string routeKey)
        {
            var key = (routeKey ?? string.Empty).Trim();
            var space = key.IndexOf(' ');
            if (key.StartsWith("$", StringComparison.Ordinal) || space < 0)
                return ExecuteApiPrefix(partition, region, account) + apiId + "/*/" + (key.Length == 0 ? "*" : key);
            return ForRestMethod(partition, region, account, apiId, key.Substring(0, space), key.Substring(space + 1));
        }

        /// <summary><c>arn:{p}:execute-api:{r}:{a}:{apiId}/authorizers/{id}</c>.</summary>
        public static string ForAuthorizer(string partition, string region, string account, string apiId, string authorizerId) =>
            ExecuteApiPrefix(partition, region, account) + apiId + "/authorizers/" + authorizerId;

        /// <summary><c>arn:{p}:execute-api:{r}:{a}:{apiId}/*</c>: every stage, method, path and authorizer of one API.</summary>
        public static string ForApi(string partition, string region, string account, string apiId) =>
            ExecuteApiPrefix(partition, region, account) + apiId + "/*";

        private static string ExecuteApiPrefix(string partition, string region, string account) =>
            "arn:" + (string.IsNullOrEmpty(partition) ? "aws" : partition) + ":execute-api:" + region + ":" + account + ":";

        private static string MethodToken(string httpMethod) =>
            string.IsNullOrEmpty(httpMethod) || string.Equals(httpMethod, "ANY", StringComparison.OrdinalIgnoreCase) || httpMethod == "*"
                ? "*" : httpMethod.ToUpperInvariant();

        private static string PathToken(string resourcePath)
        {
            var path = (resourcePath ?? "/").Trim();
            if (path.StartsWith("/", StringComparison.Ordinal)) path = path.Substring(1);
            var segments = path.Split('/').Select(s => s.StartsWith("{", StringComparison.Ordinal) && s.EndsWith("}", StringComparison.Ordinal) ? "*" : s);
            return string.Join("/", segments);
        }

        /// <summary>
        /// True when every ARN matched by <paramref name="narrow"/> is matched by <paramref name="pattern"/> under ArnLike:
        /// each of the six colon-separated parts is compared separately, '*' and '?' in the pattern are wildcards, and a '*'
        /// in the narrow ARN can only be covered by a '*' in the pattern.
        /// </summary>
        public static bool ArnLikeCovers(string pattern, string narrow)
        {
            if (pattern == null || narrow == null) return false;
            var p = pattern.Split(new[] { ':' }, 6);
            var n = narrow.Split(new[] { ':' }, 6);
            if (p.Length != n.Length) return false;
            for (var i = 0; i < p.Length; i++) if (!GlobCovers(p[i], n[i])) return false;
            return true;
        }

        private static bool GlobCovers(string pattern, string text)
        {
            // Dynamic programming over (pattern position, text position).
            var match = new bool[pattern.Length + 1, text.Length + 1];
            match[pattern.Length, text.Length] = true;
            for (var i = pattern.Length - 1; i >= 0; i--)
            {
                for (var j = text.Length; j >= 0; j--)
                {
                    var pc = pattern[i];
                    if (pc == '*') { match[i, j] = match[i + 1, j] || (j < text.Length && match[i, j + 1]); continue; }
                    if (j == text.Length) { match[i, j] = false; continue; }
                    var tc = text[j];
                    var single = pc == '?' ? tc != '*' : pc == tc;
                    match[i, j] = single && match[i + 1, j + 1];
                }
            }
            return match[0, 0];
        }

        /// <summary>Whether the statement allows <paramref name="principal"/> to invoke from <paramref name="sourceArn"/>
        /// (and <paramref name="sourceAccount"/>). Inexpressible statements are judged by what is readable, so a caller
        /// can report them. A wildcard principal counts as allowing.</summary>
        public static bool Allows(PolicyStatement statement, string principal, string sourceArn, string sourceAccount)
        {
            if (statement == null || !string.Equals(statement.Effect ?? "Allow", "Allow", StringComparison.OrdinalIgnoreCase)) return false;
            if (!PrincipalMatches(statement.Principal, principal)) return false;
            if (!ActionAllowsInvoke(statement.Action)) return false;
            if (!string.IsNullOrEmpty(statement.FunctionUrlAuthType)) return false;
            if (!string.IsNullOrEmpty(statement.SourceAccount) && !string.IsNullOrEmpty(sourceAccount)
                && !string.Equals(statement.SourceAccount, sourceAccount, StringComparison.Ordinal)) return false;
            return string.IsNullOrEmpty(statement.SourceArn) || ArnLikeCovers(statement.SourceArn, sourceArn);
        }

        /// <summary>Whether the statement is a Deny that applies to this source: such statements are reported, never copied.</summary>
        public static bool Denies(PolicyStatement statement, string principal, string sourceArn)
        {
            if (statement == null || !string.Equals(statement.Effect, "Deny", StringComparison.OrdinalIgnoreCase)) return false;
            if (!PrincipalMatches(statement.Principal, principal)) return false;
            return string.IsNullOrEmpty(statement.SourceArn) || ArnLikeCovers(statement.SourceArn, sourceArn);
        }

        public static bool IsWildcardPrincipal(string principal) => principal == "*";

        private static bool PrincipalMatches(string statementPrincipal, string principal) =>
            IsWildcardPrincipal(statementPrincipal) || string.Equals(statementPrincipal, principal, StringComparison.OrdinalIgnoreCase);

        private static bool ActionAllowsInvoke(string action) =>
            string.IsNullOrEmpty(action) || action == "*" || string.Equals(action, "lambda:*", StringComparison.OrdinalIgnoreCase)
            || string.Equals(action, InvokeAction, StringComparison.OrdinalIgnoreCase);

        /// <summary>True when two statements grant the same thing as AddPermission would express it.</summary>
        public static bool Equivalent(PolicyStatement statement, string principal, string sourceArn, string sourceAccount, string principalOrgId)
        {
            return statement != null && !statement.HasInexpressibleParts
                && string.Equals(statement.Effect ?? "Allow", "Allow", StringComparison.OrdinalIgnoreCase)
                && string.Equals(statement.Principal, principal, StringComparison.OrdinalIgnoreCase)
                && ActionAllowsInvoke(statement.Action)
                && string.Equals(statement.SourceArn ?? string.Empty, sourceArn ?? string.Empty, StringComparison.Ordinal)
                && string.Equals(statement.SourceAccount ?? string.Empty, sourceAccount ?? string.Empty, StringComparison.Ordinal)
                && string.Equals(statement.PrincipalOrgId ?? string.Empty, principalOrgId ?? string.Empty, StringComparison.Ordinal);
        }

        /// <summary>
        /// The StatementId this module uses for a statement on an alias: derived only from what the statement grants, so a
        /// second run (or a second operator) adds the same id and a duplicate is recognised instead of stacking up.
        /// Lambda allows [a-zA-Z0-9-_]{1,100}.
        /// </summary>
        public static string StatementIdFor(string functionName, string aliasName, string principal, string sourceArn, string sourceAccount, string principalOrgId)
        {
            var material = string.Join("\n", functionName, aliasName, (principal ?? string.Empty).ToLowerInvariant(), sourceArn ?? string.Empty, sourceAccount ?? string.Empty, principalOrgId ?? string.Empty);
            using (var sha = SHA256.Create())
            {
                var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(material));
                var hex = new StringBuilder(StatementIdPrefix.Length + 24).Append(StatementIdPrefix);
                for (var i = 0; i < 12; i++) hex.Append(hash[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                return hex.ToString();
            }
        }
    }
}
