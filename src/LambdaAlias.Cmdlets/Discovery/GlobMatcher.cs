using System;

namespace LambdaAlias
{
    /// <summary>
    /// '*' (any run of characters, possibly empty) and '?' (exactly one character) matching as IAM's StringLike and
    /// ArnLike use it, plus the two questions a permission check needs when the request side is itself a pattern (a
    /// route's SourceArn with '*' for the stage and path parameters): does one pattern cover every string of another,
    /// and do two patterns share any string. All three run in O(n*m) time without regular expressions, so long inputs
    /// cannot trigger catastrophic backtracking.
    /// </summary>
    public static class GlobMatcher
    {
        /// <summary>True when <paramref name="text"/> (taken literally) matches <paramref name="pattern"/>.</summary>
        public static bool IsMatch(string pattern, string text, bool ignoreCase = false)
        {
            if (pattern == null || text == null) return false;
            int p = 0, t = 0, starP = -1, starT = 0;
            while (t < text.Length)
            {
                if (p < pattern.Length && pattern[p] == '*')
                {
                    starP = p++;
                    starT = t;
                }
                else if (p < pattern.Length && (pattern[p] == '?' || CharEquals(pattern[p], text[t], ignoreCase)))
                {
                    p++;
                    t++;
                }
                else if (starP >= 0)
                {
                    // Let the last '*' absorb one more character and retry from there.
                    p = starP + 1;
                    t = ++starT;
                }
                else
                {
                    return false;
                }
            }
            while (p < pattern.Length && pattern[p] == '*') p++;
            return p == pattern.Length;
        }

        /// <summary>True when every string matched by <paramref name="narrower"/> is matched by <paramref name="pattern"/>.
        /// A '*' in the narrower pattern stands for any text, so only a '*' in <paramref name="pattern"/> can cover it.</summary>
        public static bool Covers(string pattern, string narrower, bool ignoreCase = false)
        {
            if (pattern == null || narrower == null) return false;
            int n = pattern.Length, m = narrower.Length;
            // next[j] = pattern[i+1..] covers narrower[j..]; cur[j] = pattern[i..] covers narrower[j..].
            var next = new bool[m + 1];
            var cur = new bool[m + 1];
            next[m] = true; // both exhausted
            for (int i = n - 1; i >= 0; i--)
            {
                char a = pattern[i];
                for (int j = m; j >= 0; j--)
                {
                    bool value;
                    if (a == '*')
                    {
                        value = next[j] || (j < m && cur[j + 1]);
                    }
                    else if (j == m)
                    {
                        value = false;
                    }
                    else
                    {
                        char b = narrower[j];
                        if (b == '*') value = false;
                        else if (b == '?') value = a == '?' && next[j + 1];
                        else value = (a == '?' || CharEquals(a, b, ignoreCase)) && next[j + 1];
                    }
                    cur[j] = value;
                }
                var swap = next; next = cur; cur = swap;
            }
            return next[0];
        }

        /// <summary>True when at least one string is matched by both patterns.</summary>
        public static bool Intersects(string first, string second, bool ignoreCase = false)
        {
            if (first == null || second == null) return false;
            int n = first.Length, m = second.Length;
            var next = new bool[m + 1];
            var cur = new bool[m + 1];
            // Row i = n: only trailing '*'s of the second pattern can still match the empty rest of the first.
            next[m] = true;
            for (int j = m - 1; j >= 0; j--) next[j] = second[j] == '*' && next[j + 1];
            for (int i = n - 1; i >= 0; i--)
            {
                char a = first[i];
                for (int j = m; j >= 0; j--)
                {
                    bool value = a == '*' && next[j];                    // first's '*' matches nothing more
                    if (!value && j < m)
                    {
                        char b = second[j];
                        if (b == '*') value = cur[j + 1]                   // second's '*' matches nothing more
                                              || (a != '*' && next[j]);    // second's '*' takes first's character
                        else if (a == '*') value = cur[j + 1];             // first's '*' takes second's character
                        else value = (a == '?' || b == '?' || CharEquals(a, b, ignoreCase)) && next[j + 1];
                    }
                    cur[j] = value;
                }
                var swap = next; next = cur; cur = swap;
            }
            return next[0];
        }

        /// <summary>True when the text contains a wildcard character.</summary>
        public static bool HasWildcard(string text) => text != null && text.IndexOfAny(Wildcards) >= 0;

        // ---- ARN forms: IAM checks each of the six colon-delimited components separately (case-sensitive). ----

        /// <summary>IAM ArnLike/ArnEquals: the six colon-delimited components are matched separately, wildcards never span
        /// a colon between them (the sixth component, the resource, keeps any further colons).</summary>
        public static bool ArnLike(string pattern, string arn) => ArnCompare(pattern, arn, IsMatch);

        /// <summary>ArnLike coverage: the statement pattern allows every ARN the narrower pattern stands for.</summary>
        public static bool ArnCovers(string pattern, string narrower) => ArnCompare(pattern, narrower, Covers);

        /// <summary>ArnLike overlap: some ARN is matched by both patterns.</summary>
        public static bool ArnIntersects(string first, string second) => ArnCompare(first, second, Intersects);

        /// <summary>Splits an ARN into its six components, or returns null when it has fewer.</summary>
        public static string[] SplitArn(string arn)
        {
            if (arn == null) return null;
            var parts = arn.Split(new[] { ':' }, 6);
            return parts.Length == 6 ? parts : null;
        }

        private static bool ArnCompare(string first, string second, Func<string, string, bool, bool> compare)
        {
            var a = SplitArn(first);
            var b = SplitArn(second);
            if (a == null || b == null) return false;
            for (int k = 0; k < 6; k++)
            {
                if (!compare(a[k], b[k], false)) return false;
            }
            return true;
        }

        private static readonly char[] Wildcards = { '*', '?' };

        private static bool CharEquals(char a, char b, bool ignoreCase) =>
            a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
    }
}
