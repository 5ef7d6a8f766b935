using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>What a re-read found after an UpdateAlias guarded by a RevisionId answered 412 on a retry.</summary>
    public sealed class AliasUpdateReconciliation
    {
        /// <summary>The alias as read again; null when it could not be read (<see cref="ReadFailure"/> says why).</summary>
        public AliasConfiguration Alias { get; internal set; }
        public Exception ReadFailure { get; internal set; }
        /// <summary>The alias serves exactly the requested version (and routing, when the request set one):
        /// the 412 was the retry meeting this call's own committed change.</summary>
        public bool ServesRequested { get; internal set; }
    }

    /// <summary>
    /// UpdateAlias with a RevisionId is safe for the transport to repeat, but that has one trap: when the first attempt
    /// was committed and only its answer was lost (connection reset), the repeat carries the old RevisionId, meets the
    /// new one this very call created, and fails with 412 PreconditionFailed. Taken at face value that says "someone else
    /// changed the alias and nothing was done", which is false. So after a 412 on a retried call, read the alias again:
    /// if it serves exactly what was requested, the change is ours and succeeded.
    /// </summary>
    public static class GuardedAliasUpdate
    {
        /// <summary>True when a 412 may hide this call's own committed change: the transport repeated a guarded update.
        /// A 412 on the first attempt means the request was refused as sent, so nothing of it was applied.</summary>
        public static bool MayBeOwnChange(Exception exception, UpdateAliasRequest request) =>
            exception is AwsServiceException aws && aws.IsPreconditionFailed && aws.Retries > 0 && request?.RevisionId != null;

        /// <summary>Reads the alias again and tells whether it serves exactly what <paramref name="request"/> asked for.
        /// Never throws for a failed read: the caller still has the 412 to report.</summary>
        public static async Task<AliasUpdateReconciliation> ReconcileAsync(ILambdaApi lambda, UpdateAliasRequest request, CancellationToken cancellationToken)
        {
            if (lambda == null) throw new ArgumentNullException(nameof(lambda));
            if (request == null) throw new ArgumentNullException(nameof(request));
            try
            {
                var alias = await lambda.GetAliasAsync(request.FunctionName, request.Name, cancellationToken).ConfigureAwait(false);
                return new AliasUpdateReconciliation { Alias = alias, ServesRequested = ServesRequested(alias, request) };
            }
            catch (Exception e) when (!(e is OperationCanceledException) && !(e is OutOfMemoryException))
            {
                return new AliasUpdateReconciliation { ReadFailure = e };
            }
        }

        /// <summary>The alias points at the requested version; when the request set a routing, the weights are exactly
        /// those (an empty map: no weights at all). A request without routing left the weights alone, so any do.</summary>
        public static bool ServesRequested(AliasConfiguration alias, UpdateAliasRequest request)
        {
            if (alias == null || request == null) return false;
            if (!string.Equals(alias.FunctionVersion, request.FunctionVersion, StringComparison.Ordinal)) return false;
            if (request.RoutingConfig == null) return true;
            var wanted = request.RoutingConfig.AdditionalVersionWeights ?? new Dictionary<string, double>();
            var actual = alias.RoutingConfig?.AdditionalVersionWeights ?? new Dictionary<string, double>();
            if (wanted.Count != actual.Count) return false;
            foreach (var w in wanted)
            {
                if (!actual.TryGetValue(w.Key, out var weight) || Math.Abs(weight - w.Value) > 1e-9) return false;
            }
            return true;
        }
    }
}
