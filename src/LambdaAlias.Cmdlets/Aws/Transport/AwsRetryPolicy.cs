using System;

namespace LambdaAlias
{
    /// <summary>
    /// Bounded retries with exponential backoff and full jitter (a random wait between zero and the capped
    /// exponential), never shorter than a server's Retry-After, and never past the total time budget.
    /// </summary>
    public sealed class AwsRetryPolicy
    {
        private readonly object _randomLock = new object();
        private readonly Random _random;

        public AwsRetryPolicy(int? seed = null)
        {
            _random = seed.HasValue ? new Random(seed.Value) : new Random();
        }

        /// <summary>Attempts in all, the first included.</summary>
        public int MaxAttempts { get; set; } = 8;
        /// <summary>No retry starts once this much time has passed since the first attempt.</summary>
        public TimeSpan MaxTotalTime { get; set; } = TimeSpan.FromSeconds(90);
        /// <summary>The first retry waits up to this long; each further retry doubles the ceiling.</summary>
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);
        /// <summary>Throttling backs off from a larger base, since the bucket refills slowly.</summary>
        public TimeSpan ThrottlingBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);
        /// <summary>How long one attempt may take before it counts as a timeout.</summary>
        public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>The wait before retry number <paramref name="retry"/> (1-based).</summary>
        public TimeSpan ComputeDelay(int retry, bool throttled, TimeSpan? retryAfter)
        {
            var baseDelay = throttled ? ThrottlingBaseDelay : BaseDelay;
            var ceilingMs = Math.Min(MaxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, retry - 1)));
            double fraction;
            lock (_randomLock) fraction = _random.NextDouble();
            var jittered = TimeSpan.FromMilliseconds(ceilingMs * fraction);
            return retryAfter.HasValue && retryAfter.Value > jittered ? retryAfter.Value : jittered;
        }

        /// <summary>No retries: for callers that must fail fast (argument completion).</summary>
        public static AwsRetryPolicy None() => new AwsRetryPolicy { MaxAttempts = 1 };
    }
}
