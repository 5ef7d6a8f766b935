using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>Monotonic time and waiting, injectable so quota and retry timing can be tested without sleeping.</summary>
    public interface IAwsClock
    {
        /// <summary>Monotonic time since an arbitrary origin.</summary>
        TimeSpan Now { get; }
        Task Delay(TimeSpan delay, CancellationToken cancellationToken);
    }

    public sealed class SystemAwsClock : IAwsClock
    {
        private readonly Stopwatch _stopwatch = Stopwatch.StartNew();
        public TimeSpan Now => _stopwatch.Elapsed;
        public Task Delay(TimeSpan delay, CancellationToken cancellationToken) =>
            delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, cancellationToken);
    }
}
