using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text;
using System.Text.RegularExpressions;

namespace LambdaAlias
{
    /// <summary>
    /// The pure part of argument completion: which candidates match the word being typed, in what order, and how each
    /// value must be written so PowerShell reads it back as exactly that string. No I/O, no engine state; the parser
    /// used for quoting decisions is static and thread-safe.
    /// </summary>
    public static class CompletionText
    {
        private const string SingleQuotes = "'\u2018\u2019\u201A\u201B";
        private const string DoubleQuotes = "\"\u201C\u201D\u201E";

        /// <summary>
        /// The typed word without its opening (and, if present, closing) quote, and the quote character the user opened
        /// with ('\0' for none), so results keep the user's quoting style.
        /// </summary>
        public static string Unquote(string wordToComplete, out char openingQuote)
        {
            openingQuote = '\0';
            var word = wordToComplete ?? string.Empty;
            if (word.Length == 0) return word;
            var first = word[0];
            if (SingleQuotes.IndexOf(first) >= 0 || DoubleQuotes.IndexOf(first) >= 0)
            {
                openingQuote = SingleQuotes.IndexOf(first) >= 0 ? '\'' : '"';
                word = word.Substring(1);
                var quotes = openingQuote == '\'' ? SingleQuotes : DoubleQuotes;
                if (word.Length > 0 && quotes.IndexOf(word[word.Length - 1]) >= 0) word = word.Substring(0, word.Length - 1);
            }
            return word;
        }

        /// <summary>
        /// Candidates whose value (or <see cref="CompletionCandidate.AlsoMatches"/>) starts with the typed word,
        /// case-insensitively; '*' and '?' in the word act as wildcards, as in PowerShell's own completers. Sorted by
        /// <see cref="CompletionCandidate.SortKey"/>, then value, case-insensitively; duplicates (same value) are dropped.
        /// </summary>
        public static IReadOnlyList<CompletionCandidate> Filter(IEnumerable<CompletionCandidate> candidates, string wordToComplete)
        {
            if (candidates == null) return Array.Empty<CompletionCandidate>();
            var typed = Unquote(wordToComplete, out _);
            var matches = CreateMatcher(typed);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            return candidates
                .Where(c => c != null && (matches(c.Value) || (c.AlsoMatches != null && matches(c.AlsoMatches))))
                .OrderBy(c => c.SortKey, StringComparer.OrdinalIgnoreCase)
                .ThenBy(c => c.Value, StringComparer.OrdinalIgnoreCase)
                .ThenBy(c => c.Value, StringComparer.Ordinal)
                .Where(c => seen.Add(c.Value))
                .ToList();
        }

        private static Func<string, bool> CreateMatcher(string typed)
        {
            if (typed.Length == 0) return _ => true;
            if (typed.IndexOf('*') < 0 && typed.IndexOf('?') < 0)
            {
                return value => value.StartsWith(typed, StringComparison.OrdinalIgnoreCase);
            }
            var pattern = new StringBuilder("^");
            foreach (var c in typed)
            {
                if (c == '*') pattern.Append(".*");
                else if (c == '?') pattern.Append('.');
                else pattern.Append(Regex.Escape(c.ToString()));
            }
            var regex = new Regex(pattern.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
            return value => regex.IsMatch(value);
        }

        /// <summary>
        /// True when <paramref name="value"/> typed bare as a command argument would not come back as exactly that
        /// string: it would expand a variable ($default), start a comment, splat, be read as a number (007, 1e3, 0x10)
        /// or a parameter name (-x), split at a comma, semicolon, pipe or space, or lose an escape. Decided by
        /// PowerShell's own parser, so every rule of argument mode is covered.
        /// </summary>
        public static bool NeedsQuotes(string value)
        {
            if (string.IsNullOrEmpty(value)) return true;
            try
            {
                Parser.ParseInput("x " + value, out var tokens, out var errors);
                if (errors.Length != 0 || tokens.Length != 3 || tokens[2].Kind != TokenKind.EndOfInput) return true;
                // A bare word comes back as an Identifier token (prod), a Generic token (if) or a Generic string literal
                // (my-func); an expandable one ($default, a$b) would substitute variables.
                var argument = tokens[1];
                if (argument is StringExpandableToken || (argument.Kind != TokenKind.Identifier && argument.Kind != TokenKind.Generic)) return true;
                var read = argument is StringToken text ? text.Value : argument.Text;
                return !(string.Equals(read, value, StringComparison.Ordinal) && string.Equals(argument.Text, value, StringComparison.Ordinal));
            }
            catch (Exception)
            {
                return true; // Whatever the parser cannot decide is quoted: quoting is always correct, only less tidy.
            }
        }

        /// <summary>
        /// The value as it should be inserted: bare when that reads back unchanged and the user typed no quote;
        /// otherwise in the user's quote style, or single quotes (which expand nothing) by default.
        /// </summary>
        public static string Quote(string value, char openingQuote = '\0')
        {
            value = value ?? string.Empty;
            if (openingQuote == '"')
            {
                var escaped = new StringBuilder("\"");
                foreach (var c in value)
                {
                    if (c == '$' || c == '`' || DoubleQuotes.IndexOf(c) >= 0) escaped.Append('`');
                    escaped.Append(c);
                }
                return escaped.Append('"').ToString();
            }
            if (openingQuote != '\'' && !NeedsQuotes(value)) return value;
            var quoted = new StringBuilder("'");
            foreach (var c in value)
            {
                if (SingleQuotes.IndexOf(c) >= 0) quoted.Append(c); // A quote inside single quotes is written twice.
                quoted.Append(c);
            }
            return quoted.Append('\'').ToString();
        }

        /// <summary>Filters, sorts and quotes candidates into PowerShell completion results.</summary>
        public static List<CompletionResult> ToResults(IEnumerable<CompletionCandidate> candidates, string wordToComplete)
        {
            Unquote(wordToComplete, out var openingQuote);
            return Filter(candidates, wordToComplete)
                .Select(c => new CompletionResult(Quote(c.Value, openingQuote), c.ListItemText, CompletionResultType.ParameterValue, c.ToolTip))
                .ToList();
        }
    }
}
