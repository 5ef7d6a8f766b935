using System.Collections.Concurrent;
using LambdaAlias;
using LambdaAlias.Emulator;

namespace LambdaAlias.UnitTests.Migration.Aws;

/// <summary>
/// The emulator's demo account on loopback with clients the way the cmdlet builds them (signed, retrying; quota gates
/// off so tests are not paced at one deployment per 5 s). Each instance is a fresh account.
/// </summary>
internal sealed class DemoAccount : IAsyncDisposable
{
    public EmulatorHost Host { get; private init; }
    public AwsSession Session { get; private init; }
    public LambdaClient Lambda { get; private init; }
    public ApiGatewayClient Rest { get; private init; }
    public ApiGatewayV2Client V2 { get; private init; }
    public AwsContext Context { get; private set; }

    public static readonly MigrationWaitOptions FastWaits = new() { PollInterval = TimeSpan.FromMilliseconds(50), Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<DemoAccount> StartAsync()
    {
        var host = await EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, Scenario = "demo" });
        var session = AwsSessionFactory.Create(
            new AwsConnectionSettings { Region = "us-east-1", AccessKey = "test", SecretKey = "test", EndpointUrl = host.BaseUrl, GetEnvironmentVariable = _ => null },
            new AwsSessionOptions
            {
                RetryPolicy = new AwsRetryPolicy(seed: 1) { BaseDelay = TimeSpan.FromMilliseconds(5), ThrottlingBaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50) },
                Quotas = new AwsQuotaRegistry(new AwsQuotaSettings { Enabled = false }, new SystemAwsClock()),
            });
        var account = new DemoAccount
        {
            Host = host, Session = session,
            Lambda = new LambdaClient(session.Lambda), Rest = new ApiGatewayClient(session.ApiGateway), V2 = new ApiGatewayV2Client(session.ApiGatewayV2),
        };
        account.Context = await session.GetContextAsync(CancellationToken.None);
        return account;
    }

    public AwsMigrationActions Actions() => new(Lambda, Rest, V2, Session.ApiGatewayV2, FastWaits);

    public MigrationObservationReader Reader(List<string> warnings = null) => new(Lambda, Rest, V2, Context, w => warnings?.Add(w));

    /// <summary>Get-LambdaIntegrationPin's scan, in process.</summary>
    public async Task<List<LambdaIntegrationPin>> ScanAsync(params PinKind[] kinds)
    {
        var collector = new Collector();
        var request = new PinScanRequest { Kinds = new HashSet<PinKind>(kinds.Length == 0 ? new[] { PinKind.Version } : kinds) };
        await new PinScanner(Lambda, Rest, V2, Context, request, collector).RunAsync(CancellationToken.None);
        if (!collector.Errors.IsEmpty) throw new InvalidOperationException("The scan failed: " + string.Join("; ", collector.Errors));
        return collector.Pins.OrderBy(p => p.Location, StringComparer.Ordinal).ToList();
    }

    /// <summary>Mutating AWS calls the emulator received after <paramref name="afterSequence"/>.</summary>
    public List<string> MutationsSince(long afterSequence) =>
        Host.Requests.Query(mutating: true, afterSequence: afterSequence).Select(r => r.Operation + " " + r.Path).ToList();

    public async ValueTask DisposeAsync()
    {
        Session.Dispose();
        await Host.DisposeAsync();
    }

    private sealed class Collector : IPinScanObserver
    {
        public readonly ConcurrentBag<LambdaIntegrationPin> Pins = new();
        public readonly ConcurrentBag<string> Errors = new();
        public void OnPin(LambdaIntegrationPin pin) => Pins.Add(pin);
        public void OnError(ScanFailure failure) => Errors.Add(failure.ToString());
        public void OnWarning(string message) { }
        public void OnVerbose(string message) { }
        public void OnProgress(PinScanProgress progress) { }
    }
}
