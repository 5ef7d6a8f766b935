using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>What one scan knows about a function: $LATEST and its tags, the newest published version, every
    /// published version number (to count how far behind a pin is) and the aliases.</summary>
    public sealed class FunctionFacts
    {
        /// <summary>False when GetFunction failed (AccessDenied, not found): everything else is then unknown.</summary>
        public bool Readable { get; set; }
        public FunctionConfigSnapshot Latest { get; set; }
        public IReadOnlyDictionary<string, string> Tags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
        /// <summary>Null when there is no published version or the versions could not be listed.</summary>
        public string LatestPublishedVersion { get; set; }
        public FunctionConfigSnapshot LatestPublished { get; set; }
        /// <summary>Published version numbers, ascending; null when they could not be listed.</summary>
        public IReadOnlyList<long> PublishedVersions { get; set; }
        /// <summary>Null when the aliases could not be listed.</summary>
        public IReadOnlyList<AliasConfiguration> Aliases { get; set; }
    }

    /// <summary>A qualifier's resource policy, or why it is unknown.</summary>
    public sealed class PolicyFacts
    {
        public bool Readable { get; set; }
        public IReadOnlyList<PolicyStatement> Statements { get; set; } = Array.Empty<PolicyStatement>();
        /// <summary>Why the policy is unknown, when it is.</summary>
        public string Problem { get; set; }
    }

    /// <summary>
    /// Per-invocation cache of Lambda reads: each function, qualifier and policy is read once however many pins
    /// reference it, and a failure is reported once. GetFunction (100/s) gives $LATEST, tags and each pinned qualifier;
    /// ListVersionsByFunction and ListAliases (15/s together with the other calls) give the version context; GetPolicy
    /// (15/s) the permissions. Calls grow with referenced functions, not with pins.
    /// </summary>
    public sealed class FunctionInspector
    {
        private readonly ILambdaApi _lambda;
        private readonly IPinScanObserver _observer;
        private readonly ConcurrentDictionary<string, Lazy<Task<FunctionFacts>>> _functions = new ConcurrentDictionary<string, Lazy<Task<FunctionFacts>>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<Task<FunctionConfigSnapshot>>> _qualifiers = new ConcurrentDictionary<string, Lazy<Task<FunctionConfigSnapshot>>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<Task<PolicyFacts>>> _policies = new ConcurrentDictionary<string, Lazy<Task<PolicyFacts>>>(StringComparer.Ordinal);

        // Calls in flight per Lambda quota. The transport's quota gate spaces calls to the quota, but every waiting call
        // holds a reservation in its bucket; hundreds of pins asking at once would queue hundreds of reservations, so a
        // single throttle (which halves the gate's rate) would push all of them back. A few in flight per quota keep
        // each bucket busy (a call takes far less than the gap between tokens) with a short queue.
        private readonly SemaphoreSlim _getFunctionSlots = new SemaphoreSlim(16);
        private readonly SemaphoreSlim _getPolicySlots = new SemaphoreSlim(6);
        private readonly SemaphoreSlim _otherSlots = new SemaphoreSlim(6);

        public FunctionInspector(ILambdaApi lambda, IPinScanObserver observer)
        {
            _lambda = lambda ?? throw new ArgumentNullException(nameof(lambda));
            _observer = observer ?? throw new ArgumentNullException(nameof(observer));
        }

        private static async Task<T> Limited<T>(SemaphoreSlim slots, Func<Task<T>> call, CancellationToken cancellationToken)
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await call().ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }

        /// <summary>$LATEST, tags, versions and aliases of a function (name or unqualified ARN).</summary>
        public Task<FunctionFacts> GetFunctionAsync(string function, CancellationToken cancellationToken) =>
            _functions.GetOrAdd(function, key => new Lazy<Task<FunctionFacts>>(() => ReadFunctionAsync(key, cancellationToken))).Value;

        /// <summary>The configuration a version or alias qualifier runs (GetFunction with Qualifier), or null when it
        /// cannot be read. For an alias, <see cref="FunctionConfigSnapshot.Version"/> is the version it points at.</summary>
        /// <remarks>Starts at once, alongside the function's own reads, so a pin's reads overlap instead of queueing one
        /// after another; a failure is reported only when the function itself was readable (otherwise that failure says it).</remarks>
        public async Task<FunctionConfigSnapshot> GetQualifierAsync(string function, string qualifier, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(qualifier) || qualifier == LambdaFunctionReference.LatestQualifier)
            {
                var facts = await GetFunctionAsync(function, cancellationToken).ConfigureAwait(false);
                return facts.Readable ? facts.Latest : null;
            }
            return await _qualifiers.GetOrAdd(function + ":" + qualifier,
                key => new Lazy<Task<FunctionConfigSnapshot>>(() => ReadQualifierAsync(function, qualifier, cancellationToken))).Value.ConfigureAwait(false);
        }

        /// <summary>The resource policy of the function (null qualifier: unqualified, which also governs $LATEST) or of a
        /// version or alias.</summary>
        public Task<PolicyFacts> GetPolicyAsync(string function, string qualifier, CancellationToken cancellationToken) =>
            _policies.GetOrAdd(function + ":" + (qualifier ?? string.Empty),
                key => new Lazy<Task<PolicyFacts>>(() => ReadPolicyAsync(function, qualifier, cancellationToken))).Value;

        private async Task<FunctionFacts> ReadFunctionAsync(string function, CancellationToken cancellationToken)
        {
            var facts = new FunctionFacts();
            var latestTask = Limited(_getFunctionSlots, () => _lambda.GetFunctionAsync(function, null, cancellationToken), cancellationToken);
            var versionsTask = Limited(_otherSlots, () => ListVersionsAsync(function, cancellationToken), cancellationToken);
            var aliasesTask = Limited(_otherSlots, () => _lambda.ListAliasesAsync(function, null, cancellationToken).CollectAsync(cancellationToken), cancellationToken);
            try
            {
                var latest = await latestTask.ConfigureAwait(false);
                facts.Readable = latest?.Configuration != null;
                if (facts.Readable) facts.Latest = latest.ToSnapshot();
                facts.Tags = latest?.Tags ?? new Dictionary<string, string>(StringComparer.Ordinal);
            }
            catch (Exception e) when (IsReportable(e, cancellationToken))
            {
                Report(e, function, "Could not read function " + function + " (GetFunction); its version context and permission are unknown");
                await Observe(versionsTask).ConfigureAwait(false);
                await Observe(aliasesTask).ConfigureAwait(false);
                return facts;
            }

            try
            {
                var versions = await versionsTask.ConfigureAwait(false);
                facts.PublishedVersions = versions.Numbers;
                facts.LatestPublishedVersion = versions.Newest?.Version;
                facts.LatestPublished = versions.Newest;
            }
            catch (Exception e) when (IsReportable(e, cancellationToken))
            {
                Report(e, function, "Could not list the versions of " + function + " (ListVersionsByFunction); how far pins are behind is unknown");
            }

            try
            {
                facts.Aliases = await aliasesTask.ConfigureAwait(false);
            }
            catch (Exception e) when (IsReportable(e, cancellationToken))
            {
                Report(e, function, "Could not list the aliases of " + function + " (ListAliases)");
            }
            return facts;
        }

        private sealed class VersionList
        {
            public List<long> Numbers { get; } = new List<long>();
            public FunctionConfigSnapshot Newest { get; set; }
        }

        /// <summary>Pages through the versions keeping only the numbers and the newest one's configuration, so a function
        /// with thousands of versions costs no more memory than one with two.</summary>
        private async Task<VersionList> ListVersionsAsync(string function, CancellationToken cancellationToken)
        {
            var result = new VersionList();
            long newest = -1;
            var enumerator = _lambda.ListVersionsByFunctionAsync(function, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    var version = enumerator.Current;
                    if (version == null || !long.TryParse(version.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) continue;
                    result.Numbers.Add(number);
                    if (number > newest)
                    {
                        newest = number;
                        result.Newest = version.ToSnapshot();
                    }
                }
            }
            finally
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }
            result.Numbers.Sort();
            return result;
        }

        private async Task<FunctionConfigSnapshot> ReadQualifierAsync(string function, string qualifier, CancellationToken cancellationToken)
        {
            try
            {
                var result = await Limited(_getFunctionSlots, () => _lambda.GetFunctionAsync(function, qualifier, cancellationToken), cancellationToken).ConfigureAwait(false);
                return result?.Configuration?.ToSnapshot();
            }
            catch (Exception e) when (IsReportable(e, cancellationToken))
            {
                if (!(await GetFunctionAsync(function, cancellationToken).ConfigureAwait(false)).Readable) return null;
                var notFound = e is AwsServiceException aws && aws.IsNotFound;
                Report(e, function + ":" + qualifier, notFound
                    ? "Qualifier " + qualifier + " of " + function + " does not exist: whatever invokes it fails today"
                    : "Could not read " + function + ":" + qualifier + " (GetFunction)");
                return null;
            }
        }

        private async Task<PolicyFacts> ReadPolicyAsync(string function, string qualifier, CancellationToken cancellationToken)
        {
            FunctionPolicy policy;
            try
            {
                policy = await Limited(_getPolicySlots, () => _lambda.GetPolicyAsync(function, qualifier, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsReportable(e, cancellationToken))
            {
                if (!(await GetFunctionAsync(function, cancellationToken).ConfigureAwait(false)).Readable)
                    return new PolicyFacts { Problem = "the function could not be read" };
                var target = qualifier == null ? function : function + ":" + qualifier;
                Report(e, target, "Could not read the resource policy of " + target + " (GetPolicy); its permission is unknown");
                return new PolicyFacts { Problem = "GetPolicy failed: " + e.Message };
            }
            if (!LambdaPolicyParser.TryParse(policy?.Policy, out var statements, out var error))
            {
                _observer.OnError(ScanFailure.FromError(error));
                return new PolicyFacts { Problem = error.Message };
            }
            return new PolicyFacts { Readable = true, Statements = statements };
        }

        private void Report(Exception e, string target, string context) => _observer.OnError(ScanFailure.FromException(e, target, context));

        private static async Task Observe(Task task)
        {
            try { await task.ConfigureAwait(false); }
            catch (Exception) { } // Already explained by the GetFunction failure reported instead.
        }

        private static bool IsReportable(Exception e, CancellationToken cancellationToken) =>
            !(e is OperationCanceledException && cancellationToken.IsCancellationRequested);
    }
}
