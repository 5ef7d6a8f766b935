using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using LambdaAlias.Emulator;
using LambdaAlias.Emulator.Infrastructure;
using LambdaAlias.Tests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace LambdaAlias.Tests.Reliability;

/// <summary>One cell of the fault matrix: a fault injected at the first call of one mutating operation.</summary>
public sealed record FaultCase(string Position, string Fault)
{
    public override string ToString() => $"{Position} × {Fault}";
}

/// <summary>What became of one cell.</summary>
public sealed class FaultCaseOutcome
{
    public FaultCase Case { get; init; }
    /// <summary>"success after retries", "error named the step" or what went wrong.</summary>
    public string Ending { get; set; }
    public bool Converged { get; set; }
    public int DroppedRequests { get; set; }
    /// <summary>Traffic probes sent during the case (background and at step boundaries).</summary>
    public int Probes { get; set; }
    public List<string> Inconsistencies { get; } = new();
    public List<string> Problems { get; } = new();
    /// <summary>The results of the runs, shown for a case that did not converge.</summary>
    public List<string> Trace { get; } = new();
    public string ErrorIds { get; set; }
    public int Deployments { get; set; }
    public double Seconds { get; set; }

    public override string ToString() =>
        $"{Case.Position,-24} {Case.Fault,-18} {(Converged ? "converged" : "NOT CONVERGED"),-13} {Ending,-24} dropped {DroppedRequests} deployments {(Deployments < 0 ? "n/a" : Deployments.ToString())} {Seconds,5:0.0}s {ErrorIds}" +
        (Problems.Count + Inconsistencies.Count == 0 ? "" : "\n      " + string.Join("\n      ", Problems.Concat(Inconsistencies.Select(i => "inconsistent: " + i)).Concat(Trace)));
}

/// <summary>
/// The fault matrix: every mutating call of the migration and the rollback × every fault. Each case ends either in
/// success after the transport's retries, or in an ErrorRecord that names the step while traffic is still served
/// (background probes and a round at every step boundary) and a re-run without the fault converges to the migrated
/// state. Cases run in a few lanes at once, each lane with its own emulator, proxy and PowerShell session.
/// </summary>
public sealed class FaultMatrixTests(ITestOutputHelper output)
{
    public static readonly string[] Positions =
    {
        "CreateAlias", "PublishVersion", "AddPermission", "UpdateIntegration", "UpdateAuthorizer", "UpdateStage",
        "CreateDeployment", "UpdateEventSourceMapping", "RemovePermission", "UpdateAlias",
    };

    public static readonly string[] Faults =
    {
        "429 burst", "500", "503", "connection reset", "timeout", "409 conflict", "403 AccessDenied", "deleted mid-run", "reset after commit",
    };

    private const int Lanes = 3;

    [Fact]
    public void Every_fault_at_every_mutating_call_ends_in_retry_success_or_a_named_error_and_converges()
    {
        // RELIABILITY_FAULT_CASES="UpdateAlias" (a substring of "Position × Fault") runs only matching cases, to reproduce one.
        var only = Environment.GetEnvironmentVariable("RELIABILITY_FAULT_CASES");
        var all = Positions.SelectMany(p => Faults.Select(f => new FaultCase(p, f))).Where(c => string.IsNullOrEmpty(only) || c.ToString().Contains(only, StringComparison.OrdinalIgnoreCase)).ToList();
        var cases = new ConcurrentQueue<FaultCase>(all);
        var outcomes = new ConcurrentBag<FaultCaseOutcome>();
        var laneFailures = new ConcurrentBag<Exception>();
        var previousScale = Environment.GetEnvironmentVariable("LAMBDAALIAS_QUOTA_SCALE");
        var clock = Stopwatch.StartNew();
        // Client-side quotas run as fast as the emulator's time-scale, so their ratios hold while the matrix stays short.
        Environment.SetEnvironmentVariable("LAMBDAALIAS_QUOTA_SCALE", ReliabilityFixture.TimeScale.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            var threads = Enumerable.Range(0, Lanes).Select(i => new Thread(() =>
            {
                try
                {
                    using var lane = FaultLane.Start();
                    while (cases.TryDequeue(out var c)) outcomes.Add(lane.Run(c));
                }
                catch (Exception e)
                {
                    laneFailures.Add(e);
                }
            }) { Name = "fault lane " + i, IsBackground = true }).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
        }
        finally
        {
            Environment.SetEnvironmentVariable("LAMBDAALIAS_QUOTA_SCALE", previousScale);
        }

        Assert.Empty(laneFailures);
        var ordered = outcomes.OrderBy(o => Array.IndexOf(Positions, o.Case.Position)).ThenBy(o => Array.IndexOf(Faults, o.Case.Fault)).ToList();
        foreach (var o in ordered) Report.Line(output, o.ToString());
        var n = ordered.Count;
        var converged = ordered.Count(o => o.Converged);
        var dropped = ordered.Sum(o => o.DroppedRequests);
        var inconsistent = ordered.Count(o => o.Inconsistencies.Count > 0);
        var summary = $"fault matrix: {n} cases, {converged} converged, {dropped} dropped requests, {inconsistent} inconsistent";
        Report.Line(output, summary + $" ({clock.Elapsed.TotalSeconds:0} s, {Lanes} lanes; " +
                            $"{ordered.Count(o => o.Ending == "success after retries")} succeeded after retries, {ordered.Count(o => o.Ending == "error named the step")} ended in an error naming the step; " +
                            $"{ordered.Sum(o => o.Probes)} traffic probes)");

        Assert.Equal(string.IsNullOrEmpty(only) ? Positions.Length * Faults.Length : all.Count, n);
        Assert.Equal($"fault matrix: {n} cases, {n} converged, 0 dropped requests, 0 inconsistent", summary);
    }
}

/// <summary>One lane: an emulator, a proxy in front of it, an operator session with the scanned pins, and the catalogue.</summary>
internal sealed class FaultLane : IDisposable
{
    private static readonly Dictionary<string, string[]> StepNames = new()
    {
        ["CreateAlias"] = new[] { "(CreateAlias on" },
        ["PublishVersion"] = new[] { "(PublishVersion on" },
        ["AddPermission"] = new[] { "(AddPermission on" },
        ["UpdateIntegration"] = new[] { "(UpdateIntegration on" },
        ["UpdateAuthorizer"] = new[] { "(UpdateAuthorizer on" },
        ["UpdateStage"] = new[] { "(UpdateStageVariable on", "(UpdateStageDeployment on" },
        ["CreateDeployment"] = new[] { "(CreateDeployment on" },
        ["UpdateEventSourceMapping"] = new[] { "(UpdateEventSourceMapping on" },
        ["RemovePermission"] = new[] { "(RemovePermission on" },
        // A rollback has one mutating call; its ErrorRecord names the alias it was moving.
        ["UpdateAlias"] = new[] { "UpdateAlias of", "stagevar-func:live" },
    };

    private readonly EmulatorHost _host;
    private readonly InterposingProxy _proxy;
    private readonly OperatorSession _session;
    private readonly HashSet<string> _catalogue;
    private readonly string _latestCodeSha256;

    private FaultLane(EmulatorHost host, InterposingProxy proxy)
    {
        _host = host;
        _proxy = proxy;
        _session = new OperatorSession(proxy.BaseUrl);
        _catalogue = _session.Run("[LambdaAlias.ErrorIds]::Catalogue() | ForEach-Object { $_.Key }").AssertNoErrors().Objects.Select(o => (string)o).ToHashSet(StringComparer.Ordinal);
        // The pins are scanned once and reused, as an operator reviews them (Export-Clixml) and applies them later;
        // Set-IntegrationToAlias reads the live state again before planning.
        // The scan runs in parallel, so its order varies; sorted by location, every lane plans the same steps in the
        // same order and "the first call of an operation" is the same call in every run.
        _session.Run(OperatorSession.ScanSorted).AssertNoErrors();
        lock (host.State.Sync) _latestCodeSha256 = host.State.FindFunction("http-func").Latest.CodeSha256;
    }

    public static FaultLane Start()
    {
        var host = EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, Scenario = "demo", TimeScale = ReliabilityFixture.TimeScale }).GetAwaiter().GetResult();
        var proxy = InterposingProxy.StartAsync(host.BaseUrl).GetAwaiter().GetResult();
        return new FaultLane(host, proxy);
    }

    private sealed record Workload(string Setup, string Faulted, string Rerun, MigratedState Expected);

    private static Workload WorkloadFor(string position)
    {
        const string migrate = "$pins | Set-IntegrationToAlias @common -Force";
        switch (position)
        {
            case "PublishVersion":
                const string latest = "$latest | Set-IntegrationToAlias @common -Force -AliasName current";
                return new Workload(null, latest, latest, new MigratedState { VersionPinsMigrated = false, LatestMigrated = true });
            case "RemovePermission":
                const string remove = migrate + " -RemoveVersionPermission";
                return new Workload(null, remove, remove, new MigratedState { OldStatementsRemoved = true });
            case "UpdateAlias":
                // Roll the stage-variable API's two aliases back one version each; a re-run names the target explicitly,
                // since a rollback without -ToVersion is relative to where the alias is now.
                var expected = new MigratedState();
                expected.Aliases[("stagevar-func", "live")] = "1";
                expected.Aliases[("stagevar-func", "live-canary")] = "2";
                return new Workload("$migrated = @(" + migrate + ")",
                    "$migrated | Where-Object FunctionName -eq 'stagevar-func' | Invoke-AliasRollback @common -Force",
                    "Invoke-AliasRollback @common -FunctionName stagevar-func -AliasName live -ToVersion 1 -Force; Invoke-AliasRollback @common -FunctionName stagevar-func -AliasName live-canary -ToVersion 2 -Force",
                    expected);
            default:
                return new Workload(null, migrate, migrate, new MigratedState());
        }
    }

    public FaultCaseOutcome Run(FaultCase c)
    {
        var outcome = new FaultCaseOutcome { Case = c };
        var clock = Stopwatch.StartNew();
        _host.Reset();
        _proxy.BeforeForward = null;
        _proxy.AfterResponse = null;
        _proxy.ClearCalls();
        _proxy.HookFailures.Clear();
        var workload = WorkloadFor(c.Position);
        using var monitor = new TrafficMonitor(_host, maxRounds: 10_000, maxDuration: TimeSpan.FromSeconds(60));
        var baseline = monitor.Snapshot();
        var deploymentsBefore = AccountAssertions.RestDeploymentCounts(_host)[DemoIds.OrdersApi];
        try
        {
            if (workload.Setup != null)
            {
                var setup = _session.Run(workload.Setup);
                if (setup.AllErrors.Count > 0) { outcome.Problems.Add("setup failed: " + setup.DescribeErrors()); return outcome; }
                deploymentsBefore = AccountAssertions.RestDeploymentCounts(_host)[DemoIds.OrdersApi];
                baseline = monitor.Snapshot();
            }

            var tolerated = new HashSet<string>(StringComparer.Ordinal);
            var fired = Arm(c, monitor, tolerated, workload.Expected, out var rule);
            _proxy.AfterResponse = call =>
            {
                if (call.Mutating) monitor.ProbeBoundary("after " + call);
                return Task.CompletedTask;
            };
            monitor.Start();

            var aliasesBefore = AliasVersions();
            var faulted = _session.Run(workload.Faulted);
            var deploymentsFaulted = AccountAssertions.RestDeploymentCounts(_host)[DemoIds.OrdersApi] - deploymentsBefore;
            var aliasesAfterFault = AliasVersions();
            _host.Faults.Clear();
            _proxy.BeforeForward = null;
            if (!(rule?.TimesFired > 0) && !fired()) outcome.Problems.Add($"the fault never fired: no {c.Position} call reached the emulator");
            if (faulted.TerminatingError != null) outcome.Problems.Add("the run stopped with a terminating error: " + faulted.TerminatingError);

            var errors = faulted.AllErrors;
            outcome.ErrorIds = string.Join(" ", errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).Distinct());
            foreach (var e in errors.Where(e => !_catalogue.Contains(e.FullyQualifiedErrorId.Split(',')[0])))
                outcome.Problems.Add("not a LambdaAlias ErrorId: " + e.FullyQualifiedErrorId);

            var deleted = c.Fault == "deleted mid-run";
            if (errors.Count == 0)
            {
                outcome.Ending = "success after retries";
                var statuses = ResultView.Migrations(faulted).Select(r => r.Status).Concat(ResultView.Rollbacks(faulted).Select(r => r.Status)).ToList();
                if (statuses.Count == 0) outcome.Problems.Add("no result objects");
                foreach (var s in statuses.Where(s => s is not ("Migrated" or "AlreadyOnAlias" or "RolledBack")))
                    outcome.Problems.Add($"a result with Status {s} but no error");
            }
            else
            {
                outcome.Ending = "error named the step";
                // An error that says nothing was changed must be true: the operator acts on it.
                foreach (var e in errors.Where(e => Message(e).Contains("Nothing was changed", StringComparison.OrdinalIgnoreCase)))
                    foreach (var (alias, version) in aliasesAfterFault.Where(a => aliasesBefore.TryGetValue(a.Key, out var v) && v != a.Value))
                        if (System.Text.RegularExpressions.Regex.IsMatch(Message(e), System.Text.RegularExpressions.Regex.Escape(alias) + @"(?![\w-])"))
                            outcome.Inconsistencies.Add($"the error says nothing was changed, but {alias} moved from {aliasesBefore[alias]} to {version}: {Message(e)}");
                var names = StepNames[c.Position];
                if (!errors.Any(e => names.Any(n => Message(e).Contains(n, StringComparison.Ordinal))))
                    outcome.Problems.Add($"no ErrorRecord names the {c.Position} step: " + string.Join(" | ", errors.Select(Message)));
                var rerun = _session.Run(workload.Rerun);
                outcome.Trace.AddRange(ResultView.Migrations(faulted).Concat(ResultView.Rollbacks(faulted)).Select(m => "faulted: " + m));
                outcome.Trace.AddRange(ResultView.Migrations(rerun).Concat(ResultView.Rollbacks(rerun)).Select(m => "re-run: " + m));
                if (rerun.TerminatingError != null) outcome.Problems.Add("the re-run stopped: " + rerun.TerminatingError);
                foreach (var e in rerun.AllErrors.Where(e => !deleted || !_catalogue.Contains(e.FullyQualifiedErrorId.Split(',')[0])))
                    outcome.Problems.Add("the re-run failed: " + e.FullyQualifiedErrorId + ": " + Message(e));
            }

            var report = monitor.Stop();
            outcome.DroppedRequests = report.Failures.Count;
            outcome.Probes = report.Probes;
            if (report.StoppedByBound) outcome.Problems.Add("the probe loop hit its bound");
            foreach (var f in report.Failures.Take(3)) outcome.Problems.Add("dropped: " + f);
            foreach (var h in _proxy.HookFailures) outcome.Problems.Add("hook: " + h);

            outcome.Inconsistencies.AddRange(workload.Expected.Problems(_host, baseline, tolerated, _latestCodeSha256));
            outcome.Deployments = AccountAssertions.RestDeploymentCounts(_host)[DemoIds.OrdersApi] - deploymentsBefore;
            // Each run deploys an API at most once (a re-run deploys what the failed run left undeployed).
            var deploymentsRerun = outcome.Deployments - deploymentsFaulted;
            if (deploymentsFaulted > 1 || deploymentsRerun > 1)
                outcome.Inconsistencies.Add($"{deploymentsFaulted} deployment(s) of {DemoIds.OrdersApi} in the faulted run and {deploymentsRerun} in the re-run; one per run at most");
        }
        catch (Exception e)
        {
            outcome.Problems.Add("the case threw: " + e);
        }
        finally
        {
            outcome.Seconds = clock.Elapsed.TotalSeconds;
        }
        outcome.Converged = outcome.Problems.Count == 0 && outcome.Inconsistencies.Count == 0 && outcome.DroppedRequests == 0;
        return outcome;
    }

    private Dictionary<string, string> AliasVersions()
    {
        lock (_host.State.Sync)
            return _host.State.LambdaFunctions.Values.SelectMany(f => f.Aliases.Values.Select(a => (Key: f.Name + ":" + a.Name, a.FunctionVersion)))
                .ToDictionary(x => x.Key, x => x.FunctionVersion);
    }

    private static string Message(System.Management.Automation.ErrorRecord e) => e.ErrorDetails?.Message ?? e.Exception?.Message ?? e.ToString();

    /// <summary>Installs the fault; returns whether a deletion hook has fired (for emulator rules, see <paramref name="rule"/>).</summary>
    private Func<bool> Arm(FaultCase c, TrafficMonitor monitor, HashSet<string> tolerated, MigratedState expected, out FaultRule rule)
    {
        rule = null;
        var op = c.Position;
        switch (c.Fault)
        {
            case "429 burst":
                rule = _host.Faults.Add(new FaultRule { Operation = op, OnCall = 1, Times = 3, Kind = FaultKind.Error, Status = 429, RetryAfterSeconds = 0.05 });
                return () => false;
            case "500": rule = _host.Faults.FailNth(op, 1, 500); return () => false;
            case "503": rule = _host.Faults.FailNth(op, 1, 503); return () => false;
            case "connection reset": rule = _host.Faults.DropNth(op, 1); return () => false;
            case "timeout": rule = _host.Faults.TimeoutNth(op, 1, TimeSpan.FromMilliseconds(300)); return () => false;
            case "409 conflict": rule = _host.Faults.FailNth(op, 1, 409); return () => false;
            case "403 AccessDenied": rule = _host.Faults.FailNth(op, 1, 403, message: "User: arn:aws:iam::123456789012:user/operator is not authorized to perform this action"); return () => false;
            case "reset after commit": rule = _host.Faults.DropAfterCommitNth(op, 1); return () => false;
            case "deleted mid-run":
                var done = 0;
                _proxy.BeforeForward = call =>
                {
                    if (call.Operation != op || Interlocked.Exchange(ref done, 1) != 0) return Task.CompletedTask;
                    // Routes the deletion itself breaks are the deleter's doing, not the migration's. Deleting and
                    // listing them under the state's lock keeps the background probes from seeing one without the other.
                    lock (_host.State.Sync)
                    {
                        Delete(op, call, expected);
                        foreach (var (route, result) in monitor.Snapshot()) if (!result.Succeeded) tolerated.Add(route);
                        monitor.Tolerate((route, _) => tolerated.Contains(route.Name));
                    }
                    return Task.CompletedTask;
                };
                return () => Volatile.Read(ref done) == 1;
            default:
                throw new ArgumentOutOfRangeException(nameof(c), c.Fault);
        }
    }

    /// <summary>Someone deletes the resource this call is about to change, just before the call reaches AWS.</summary>
    private void Delete(string operation, ProxiedCall call, MigratedState expected)
    {
        var s = _host.State;
        lock (s.Sync)
        {
            switch (operation)
            {
                case "CreateAlias":
                case "PublishVersion":
                    s.RemoveFunction(call.Resource);
                    break;
                case "AddPermission":
                case "UpdateAlias":
                    // The alias whose policy (or version) the call changes.
                    var alias = Uri.UnescapeDataString(operation == "UpdateAlias" ? call.RawTarget.Split('?')[0].Split('/').Last() : QueryValue(call.RawTarget, "Qualifier"));
                    s.FindFunction(call.Resource)?.Aliases.Remove(alias);
                    // A rollback cannot bring back an alias someone deleted; a migration re-run creates it again.
                    if (operation == "UpdateAlias") expected.Aliases.Remove((call.Resource, alias));
                    break;
                case "UpdateIntegration":
                case "UpdateAuthorizer":
                case "CreateDeployment":
                    if (!s.RestApis.RemoveAll(a => a.Id == call.Resource).Equals(1) && s.HttpApis.RemoveAll(a => a.ApiId == call.Resource) != 1)
                        throw new InvalidOperationException("no API " + call.Resource);
                    break;
                case "UpdateStage":
                    var stage = Uri.UnescapeDataString(call.RawTarget.Split('?')[0].Split('/').Last());
                    if ((s.FindRestApi(call.Resource)?.Stages.RemoveAll(x => x.StageName == stage) ?? 0) == 0)
                        s.FindHttpApi(call.Resource)?.Stages.RemoveAll(x => x.StageName == stage);
                    break;
                case "UpdateEventSourceMapping":
                    s.RemoveEventSourceMapping(call.Resource);
                    break;
                case "RemovePermission":
                    // Someone else already removed the statement.
                    var sid = Uri.UnescapeDataString(call.RawTarget.Split('?')[0].Split('/').Last());
                    var qualifier = QueryValue(call.RawTarget, "Qualifier");
                    var fn = s.FindFunction(call.Resource);
                    if (fn != null && fn.Policies.TryGetValue(EmulatorState.PolicyKey(qualifier), out var policy))
                        policy.Statements.RemoveAll(st => (string)st["Sid"] == sid);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(operation), operation);
            }
        }
    }

    private static string QueryValue(string rawTarget, string name)
    {
        var q = rawTarget.IndexOf('?');
        if (q < 0) return null;
        foreach (var pair in rawTarget[(q + 1)..].Split('&'))
        {
            var kv = pair.Split('=', 2);
            if (kv[0] == name) return kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "";
        }
        return null;
    }

    public void Dispose()
    {
        _session.Dispose();
        _proxy.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
