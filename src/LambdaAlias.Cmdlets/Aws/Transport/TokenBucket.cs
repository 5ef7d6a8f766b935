using System;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>
    /// A token bucket that hands out reservations: each caller takes a token now (the count may go negative) and
    /// waits until the bucket would have refilled it, so concurrent callers queue in arrival order without spinning.
    /// Adaptive: a throttle halves the rate and drains the bucket until the server's Retry-After has passed; each
    /// success restores a twentieth of the configured rate.
    /// </summary>
    public sealed class TokenBucket
    {
        private readonly object _lock = new object();
        private readonly IAwsClock _clock;
        private double _tokens;
        private TimeSpan _lastRefill;
        private TimeSpan _blockedUntil;

        public TokenBucket(string name, double ratePerSecond, double burst, IAwsClock clock)
        {
            if (ratePerSecond <= 0) throw new ArgumentOutOfRangeException(nameof(ratePerSecond));
            if (burst < 1) throw new ArgumentOutOfRangeException(nameof(burst));
            Name = name;
            ConfiguredRate = ratePerSecond;
            CurrentRate = ratePerSecond;
            Burst = burst;
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
            _tokens = burst;
            _lastRefill = clock.Now;
            _blockedUntil = clock.Now;
        }

        public string Name { get; }
        public double ConfiguredRate { get; }
        public double Burst { get; }
        /// <summary>The rate after adaptive slow-down; equals <see cref="ConfiguredRate"/> when no throttling was seen.</summary>
        public double CurrentRate { get; private set; }

        /// <summary>Tokens available now (negative when callers are already queued).</summary>
        public double Available
        {
            get { lock (_lock) { Refill(_clock.Now); return _tokens; } }
        }

        /// <summary>Takes a token and returns how long the caller must wait before using it.</summary>
        public TimeSpan Reserve()
        {
            lock (_lock)
            {
                var now = _clock.Now;
                Refill(now);
                _tokens -= 1;
                var untilToken = _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / CurrentRate);
                var untilUnblocked = _blockedUntil > now ? _blockedUntil - now : TimeSpan.Zero;
                return untilToken > untilUnblocked ? untilToken : untilUnblocked;
            }
        }

        /// <summary>Gives back a reserved token whose call never happened (cancelled while waiting).</summary>
        public void Refund()
        {
            lock (_lock) { _tokens = Math.Min(Burst, _tokens + 1); }
        }

        public async Task AcquireAsync(CancellationToken cancellationToken)
        {
            var wait = Reserve();
            if (wait <= TimeSpan.Zero) return;
            try
            {
                await _clock.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Refund();
                throw;
            }
        }

        /// <summary>The server throttled a call that used this bucket.</summary>
        public void OnThrottled(TimeSpan? retryAfter)
        {
            lock (_lock)
            {
                var now = _clock.Now;
                Refill(now);
                CurrentRate = Math.Max(ConfiguredRate / 10, CurrentRate / 2);
                if (_tokens > 0) _tokens = 0;
                if (retryAfter.HasValue && now + retryAfter.Value > _blockedUntil) _blockedUntil = now + retryAfter.Value;
            }
        }

        public void OnSuccess()
        {
            lock (_lock)
            {
                if (CurrentRate >= ConfiguredRate) return;
                Refill(_clock.Now);
                CurrentRate = Math.Min(ConfiguredRate, CurrentRate + ConfiguredRate / 20);
            }
        }

        private void Refill(TimeSpan now)
        {
            var elapsed = now - _lastRefill;
            if (elapsed <= TimeSpan.Zero) return;
            _tokens = Math.Min(Burst, _tokens + elapsed.TotalSeconds * CurrentRate);
            _lastRefill = now;
        }
    }
}
