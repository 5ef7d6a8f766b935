using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace LambdaAlias
{
    /// <summary>
    /// What a cached listing is: which list (functions, aliases of one function, stages of one API, ...), from which
    /// endpoint and region, seen by which identity. The identity is <see cref="AwsSession.IdentityKey"/>: an account id
    /// or a hash of the access key id, never a secret, so keys can be logged or inspected safely.
    /// </summary>
    internal sealed class CompletionCacheKey : IEquatable<CompletionCacheKey>
    {
        public CompletionCacheKey(string kind, string endpoint, string region, string identity, string scope = null)
        {
            Kind = kind ?? string.Empty;
            Endpoint = endpoint ?? string.Empty;
            Region = region ?? string.Empty;
            Identity = identity ?? string.Empty;
            Scope = scope ?? string.Empty;
        }

        /// <summary>The listing, e.g. "lambda:functions".</summary>
        public string Kind { get; }
        /// <summary>The service endpoint the listing came from (a LocalStack URL and AWS never share entries).</summary>
        public string Endpoint { get; }
        public string Region { get; }
        public string Identity { get; }
        /// <summary>The parent the listing is under: a function for aliases, an API id for stages; empty otherwise.</summary>
        public string Scope { get; }

        // Ordinal throughout: AWS names are case-sensitive (my-func and My-Func are two functions), and endpoints arrive
        // normalised by Uri. Region names are lower-case by definition.
        public bool Equals(CompletionCacheKey other) =>
            other != null && string.Equals(Kind, other.Kind, StringComparison.Ordinal) && string.Equals(Endpoint, other.Endpoint, StringComparison.Ordinal)
            && string.Equals(Region, other.Region, StringComparison.Ordinal) && string.Equals(Identity, other.Identity, StringComparison.Ordinal)
            && string.Equals(Scope, other.Scope, StringComparison.Ordinal);

        public override bool Equals(object obj) => Equals(obj as CompletionCacheKey);

        public override int GetHashCode()
        {
            unchecked
            {
                var hash = StringComparer.Ordinal.GetHashCode(Kind);
                hash = hash * 31 + StringComparer.Ordinal.GetHashCode(Endpoint);
                hash = hash * 31 + StringComparer.Ordinal.GetHashCode(Region);
                hash = hash * 31 + StringComparer.Ordinal.GetHashCode(Identity);
                return hash * 31 + StringComparer.Ordinal.GetHashCode(Scope);
            }
        }

        public override string ToString() => Kind + " " + Scope + " @ " + Endpoint + " " + Region + " as " + Identity;
    }

    /// <summary>
    /// Recent listings for argument completion, shared by every completer in the process, with a short time to live.
    /// <para>
    /// This is the one deliberate exception to the rule that caches live for one cmdlet invocation. Completion has no
    /// invocation to hang a cache on: PowerShell creates a completer, calls it for one Tab press and drops it, and a
    /// person presses Tab several times within seconds while refining a word or cycling through a menu. Without a
    /// process-wide store each press would list the whole account again (ListFunctions pages of 50) and count against
    /// the same control-plane quotas the cmdlets need. The exception is kept safe by: keys that carry endpoint, region
    /// and identity, so another account, region or emulator never sees these names; values that are names, ids and
    /// descriptions only, never credentials or policy documents; a short TTL (<see cref="DefaultTimeToLive"/>), so a
    /// function created a minute ago shows up; a small bound on entries; and no cmdlet ever reading from it, so no
    /// decision that changes AWS state can be made on cached data.
    /// </para>
    /// Thread-safe: completion can run on several runspaces' threads at once.
    /// </summary>
    internal sealed class CompletionCache
    {
        public static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromSeconds(30);
        public const int DefaultCapacity = 64;

        /// <summary>The process-wide instance the completers use.</summary>
        public static CompletionCache Shared { get; } = new CompletionCache(DefaultTimeToLive, DefaultCapacity, null);

        private readonly ConcurrentDictionary<CompletionCacheKey, Entry> _entries = new ConcurrentDictionary<CompletionCacheKey, Entry>();
        private readonly object _trimLock = new object();
        private readonly Func<TimeSpan> _now;

        /// <param name="now">A monotonic clock (elapsed time); null uses a Stopwatch, so wall-clock changes cannot keep entries alive.</param>
        public CompletionCache(TimeSpan timeToLive, int capacity, Func<TimeSpan> now)
        {
            if (timeToLive <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeToLive));
            if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity));
            TimeToLive = timeToLive;
            Capacity = capacity;
            if (now == null)
            {
                var stopwatch = Stopwatch.StartNew();
                now = () => stopwatch.Elapsed;
            }
            _now = now;
        }

        public TimeSpan TimeToLive { get; }
        public int Capacity { get; }
        public int Count => _entries.Count;

        public bool TryGet(CompletionCacheKey key, out IReadOnlyList<CompletionCandidate> candidates)
        {
            candidates = null;
            if (key == null || !_entries.TryGetValue(key, out var entry)) return false;
            if (_now() - entry.StoredAt >= TimeToLive)
            {
                // Remove only this exact entry: a fresh one stored meanwhile by another thread must survive.
                ((ICollection<KeyValuePair<CompletionCacheKey, Entry>>)_entries).Remove(new KeyValuePair<CompletionCacheKey, Entry>(key, entry));
                return false;
            }
            candidates = entry.Candidates;
            return true;
        }

        /// <summary>Stores a complete listing (a copy, so later changes by the caller cannot leak in).</summary>
        public void Set(CompletionCacheKey key, IEnumerable<CompletionCandidate> candidates)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            var copy = (candidates ?? Enumerable.Empty<CompletionCandidate>()).Where(c => c != null).ToArray();
            _entries[key] = new Entry(copy, _now());
            if (_entries.Count > Capacity) Trim();
        }

        public void Clear() => _entries.Clear();

        /// <summary>Drops expired entries, then the oldest, until the cache is back within <see cref="Capacity"/>.</summary>
        private void Trim()
        {
            lock (_trimLock)
            {
                var now = _now();
                // ConcurrentDictionary.ToArray is an atomic snapshot; LINQ over the live dictionary buffers through
                // ICollection.CopyTo, which throws when other threads add entries mid-copy.
                foreach (var expired in _entries.ToArray().Where(e => now - e.Value.StoredAt >= TimeToLive))
                {
                    ((ICollection<KeyValuePair<CompletionCacheKey, Entry>>)_entries).Remove(expired);
                }
                // Remove the oldest by key, not by (key, value): a concurrent Set may have refreshed a snapshotted entry,
                // and a value-matched removal would then silently fail and leave the cache over capacity.
                while (_entries.Count > Capacity)
                {
                    var oldest = _entries.ToArray().OrderBy(e => e.Value.StoredAt).Take(_entries.Count - Capacity).Select(e => e.Key).ToList();
                    if (oldest.Count == 0) break;
                    foreach (var key in oldest) _entries.TryRemove(key, out _);
                }
            }
        }

        private sealed class Entry
        {
            public Entry(IReadOnlyList<CompletionCandidate> candidates, TimeSpan storedAt)
            {
                Candidates = candidates;
                StoredAt = storedAt;
            }

            public IReadOnlyList<CompletionCandidate> Candidates { get; }
            public TimeSpan StoredAt { get; }
        }
    }
}
