using System.Collections.Concurrent;
using System.Management.Automation;
using LambdaAlias.Emulator;
using LambdaAlias.Emulator.Infrastructure;
using LambdaAlias.Tests.Emulator;
using LambdaAlias.Tests.Harness;
using Xunit;

namespace LambdaAlias.Tests.Cmdlets.InvokeAliasRollback;

/// <summary>
/// Invoke-AliasRollback through the real module in a hosted engine, against a freshly reset demo account. Arranging
/// is done over signed HTTP, as another operator or a deploy pipeline would do it; assertions read the emulator's
/// state, its request log and its traffic probe.
/// </summary>
public sealed class RollbackSession : IDisposable
{
    public const string Account = "123456789012";
    public const string Region = "us-east-1";
    public const string MyFuncDevOrdersUrl = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev/orders";
    public const string AliasedHealthUrl = "https://k2l3m4n5o6.execute-api.us-east-1.amazonaws.com/prod/health";

    public RollbackSession(EmulatorHost host, HarnessOptions options = null)
    {
        Host = host;
        Host.Reset();
        Client = new EmulatorTestClient(host);
        Harness = PowerShellHarness.Create(options);
        // Pipelines of several cmdlets take credentials from the environment, as in a shell with AWS_* set; the
        // harness restores them when it is disposed.
        Harness.UseEmulatorCredentials(Region);
        Harness.SetVariable("common", new System.Collections.Hashtable
        {
            ["EndpointUrl"] = host.BaseUrl,
            ["Region"] = Region,
            ["AccessKey"] = "test",
            ["SecretKey"] = "test",
        });
    }

    public EmulatorHost Host { get; }
    public EmulatorTestClient Client { get; }
    public PowerShellHarness Harness { get; }

    public static string FunctionArn(string function, string qualifier = null) =>
        $"arn:aws:lambda:{Region}:{Account}:function:{function}" + (qualifier == null ? string.Empty : ":" + qualifier);

    /// <summary>Runs a script in which <c>@common</c> splats the emulator's endpoint, region and test credentials.</summary>
    public HarnessResult Run(string script) => Harness.Run(script);

    public static IReadOnlyList<RollbackResultView> Results(HarnessResult result) =>
        result.Output.Where(o => o?.BaseObject?.GetType().FullName == "LambdaAlias.AliasRollbackResult").Select(o => new RollbackResultView(o)).ToList();

    // ------------------------------------------------------------------ arrange, as another client would

    public async Task CreateAliasAsync(string function, string alias, string version, Dictionary<string, double> weights = null)
    {
        var body = new Dictionary<string, object> { ["Name"] = alias, ["FunctionVersion"] = version };
        if (weights != null) body["RoutingConfig"] = new { AdditionalVersionWeights = weights };
        Ok(await Client.LambdaAsync(HttpMethod.Post, $"/2015-03-31/functions/{function}/aliases", body), "CreateAlias");
    }

    /// <summary>A deploy pipeline (or another operator) moving the alias.</summary>
    public async Task MoveAliasAsync(string function, string alias, string version, Dictionary<string, double> weights = null)
    {
        var body = new Dictionary<string, object> { ["FunctionVersion"] = version, ["RoutingConfig"] = new { AdditionalVersionWeights = weights ?? new Dictionary<string, double>() } };
        Ok(await Client.LambdaAsync(HttpMethod.Put, $"/2015-03-31/functions/{function}/aliases/{alias}", body), "UpdateAlias");
    }

    public async Task RemovePermissionAsync(string function, string qualifier, string statementId) =>
        Ok(await Client.LambdaAsync(HttpMethod.Delete, $"/2015-03-31/functions/{function}/policy/{statementId}?Qualifier={qualifier}"), "RemovePermission");

    /// <summary>
    /// The card's first two steps for real: every version pin of the demo account found and moved to alias
    /// <c>live</c> by Set-IntegrationToAlias. Returns the migration results, which it also leaves in <c>$migration</c>.
    /// </summary>
    public IReadOnlyList<System.Management.Automation.PSObject> MigrateDemoAccount()
    {
        var r = Run("$migration = Get-LambdaIntegrationPin @common | Set-IntegrationToAlias -AliasName live -Confirm:$false; $migration");
        r.AssertNoErrors();
        var results = r.Output.Where(o => o?.BaseObject?.GetType().FullName == "LambdaAlias.MigrationResult").ToList();
        Assert.Equal(7, results.Count);
        Assert.All(results, o => Assert.Equal("Migrated", o.Prop("Status")?.ToString()));
        return results;
    }

    private static void Ok(EmulatorResponse response, string what)
    {
        if (response.Status >= 300) throw new Xunit.Sdk.XunitException($"Arranging with {what} failed: {response}");
    }

    // ------------------------------------------------------------------ observe

    /// <summary>The alias as the emulator holds it: primary version, weights, RevisionId.</summary>
    public (string Version, IReadOnlyDictionary<string, double> Weights, string RevisionId) Alias(string function, string alias)
    {
        lock (Host.State.Sync)
        {
            var a = Host.State.LambdaFunctions[function].Aliases[alias];
            return (a.FunctionVersion, new Dictionary<string, double>(a.AdditionalVersionWeights), a.RevisionId);
        }
    }

    /// <summary>The request log's sequence now; pass it to <see cref="CallsSince"/> and <see cref="MutationsSince"/>.</summary>
    public long Mark() => Host.Requests.LastSequence;

    public IReadOnlyList<RequestLogEntry> CallsSince(long mark, string operation = null) => Host.Requests.Query(operation, afterSequence: mark);

    public IReadOnlyList<RequestLogEntry> MutationsSince(long mark) => Host.Requests.Query(mutating: true, afterSequence: mark);

    public ProbeResult Probe(string url, string method = "GET", double sample = 0.5) =>
        Host.Probe(new ProbeRequest { Url = url, Method = method, RoutingSample = sample });

    public static void AssertServed(ProbeResult probe, string version)
    {
        Assert.True(probe.Succeeded, $"probe failed ({probe.Status}): {probe.FailureReason}\n  {string.Join("\n  ", probe.Chain)}");
        Assert.Equal(version, probe.ServedVersion);
    }

    public void Dispose()
    {
        Harness.Dispose();
        Client.Dispose();
    }
}

/// <summary>One probe of <see cref="TrafficProbe"/>: when it started (Stopwatch ticks) and what it found.</summary>
public sealed record ProbeSample(long StartedAt, ProbeResult Result)
{
    public bool Succeeded => Result.Succeeded;
    public string ServedVersion => Result.ServedVersion;
    public override string ToString() => $"{(Succeeded ? "served " + ServedVersion : "FAILED " + Result.FailureReason)}";
}

/// <summary>
/// Probes a route continuously on a background thread while a command runs: bounded in count and time, loopback only
/// (the probe is in-process). Records every probe with its start time, so a test can prove none failed and that every
/// probe started after a command returned sees the new version.
/// </summary>
public sealed class TrafficProbe : IDisposable
{
    private readonly RollbackSession _session;
    private readonly string _url;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly ConcurrentQueue<ProbeSample> _samples = new();
    private const int MaxProbes = 200_000;
    private static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(60);

    public TrafficProbe(RollbackSession session, string url)
    {
        _session = session;
        _url = url;
        _thread = new Thread(Loop) { IsBackground = true, Name = "traffic probe " + url };
        _thread.Start();
        // At least one probe before the command starts, so "before" is observed too.
        SpinWait.SpinUntil(() => !_samples.IsEmpty, TimeSpan.FromSeconds(10));
    }

    public int Count => _samples.Count;

    private void Loop()
    {
        var started = DateTime.UtcNow;
        var random = new Random(7);
        var count = 0;
        while (!_stop.IsCancellationRequested && count++ < MaxProbes && DateTime.UtcNow - started < MaxDuration)
        {
            var at = System.Diagnostics.Stopwatch.GetTimestamp();
            _samples.Enqueue(new ProbeSample(at, _session.Probe(_url, sample: random.NextDouble())));
            Thread.Sleep(1);
        }
    }

    /// <summary>Keeps probing until <paramref name="count"/> probes have started after <paramref name="since"/>, then stops
    /// and returns every probe made, in order.</summary>
    public IReadOnlyList<ProbeSample> StopAfter(long since, int count = 20)
    {
        SpinWait.SpinUntil(() => _samples.Count(p => p.StartedAt > since) >= count, TimeSpan.FromSeconds(10));
        return Stop();
    }

    public IReadOnlyList<ProbeSample> Stop()
    {
        _stop.Cancel();
        _thread.Join();
        return _samples.ToList();
    }

    public void Dispose()
    {
        if (!_stop.IsCancellationRequested) Stop();
        _stop.Dispose();
    }

    /// <summary>No probe failed; the first served <paramref name="before"/>; every probe that started after
    /// <paramref name="returnedAt"/> served <paramref name="after"/>, and there were some; the served version changed once.</summary>
    public static void AssertSwitchedOnce(IReadOnlyList<ProbeSample> probes, string before, string after, long returnedAt)
    {
        var failed = probes.Where(p => !p.Succeeded).ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} of {probes.Count} probes failed, e.g. {failed.FirstOrDefault()}");
        Assert.Equal(before, probes[0].ServedVersion);
        var afterReturn = probes.Where(p => p.StartedAt > returnedAt).ToList();
        Assert.NotEmpty(afterReturn);
        Assert.All(afterReturn, p => Assert.Equal(after, p.ServedVersion));
        var ordered = probes.OrderBy(p => p.StartedAt).ToList();
        Assert.Equal(1, ordered.Zip(ordered.Skip(1)).Count(p => p.First.ServedVersion != p.Second.ServedVersion));
    }
}

/// <summary>An AliasRollbackResult read through PowerShell's adapter (the tests do not reference the module).</summary>
public sealed class RollbackResultView
{
    public RollbackResultView(PSObject result) { Object = result; }

    public PSObject Object { get; }
    public string FunctionName => (string)Object.Prop("FunctionName");
    public string AliasName => (string)Object.Prop("AliasName");
    public string AliasArn => (string)Object.Prop("AliasArn");
    public string FromVersion => (string)Object.Prop("FromVersion");
    public string ToVersion => (string)Object.Prop("ToVersion");
    public string Status => Object.Prop("Status")?.ToString();
    public string[] Warnings => (string[])Object.Prop("Warnings");
    public string Region => (string)Object.Prop("Region");
    public string AccountId => (string)Object.Prop("AccountId");
    public string EndpointUrl => (string)Object.Prop("EndpointUrl");
    public IReadOnlyDictionary<string, double> RemovedWeights => (Dictionary<string, double>)Object.Prop("RemovedWeights");

    public override string ToString() => $"{Status}: {FunctionName}:{AliasName} {FromVersion} -> {ToVersion}";
}
