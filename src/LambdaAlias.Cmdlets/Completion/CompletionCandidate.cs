using System;

namespace LambdaAlias
{
    /// <summary>
    /// One value an argument completer can offer, before it is filtered by the typed word and turned into a
    /// CompletionResult: the value itself, the text shown in the completion menu, a tooltip and how it sorts.
    /// Plain data; nothing here is a secret (names, ids, runtimes, dates).
    /// </summary>
    public sealed class CompletionCandidate
    {
        public CompletionCandidate(string value, string listItemText = null, string toolTip = null, string alsoMatches = null, string sortKey = null)
        {
            if (string.IsNullOrEmpty(value)) throw new ArgumentException("A completion needs a value.", nameof(value));
            Value = value;
            ListItemText = string.IsNullOrEmpty(listItemText) ? value : listItemText;
            ToolTip = string.IsNullOrEmpty(toolTip) ? value : toolTip;
            AlsoMatches = string.IsNullOrEmpty(alsoMatches) ? null : alsoMatches;
            SortKey = string.IsNullOrEmpty(sortKey) ? value : sortKey;
        }

        /// <summary>The argument value to insert (unquoted; quoting happens when results are made).</summary>
        public string Value { get; }

        /// <summary>What the completion menu shows, e.g. "a1b2c3d4e5 (orders-api)".</summary>
        public string ListItemText { get; }

        public string ToolTip { get; }

        /// <summary>
        /// A second text the typed word may match, e.g. an API's name for an API id: typing "orders" offers the id of the
        /// API named orders-api, because ids are random and names are what people remember.
        /// </summary>
        public string AlsoMatches { get; }

        /// <summary>Ordering key (case-insensitive); the value unless a source knows better (APIs sort by name).</summary>
        public string SortKey { get; }

        public override string ToString() => Value;
    }
}
