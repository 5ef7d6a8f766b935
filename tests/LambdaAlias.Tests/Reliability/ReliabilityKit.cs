using System.Collections;
using System.Management.Automation;
using System.Text.Json.Nodes;
using LambdaAlias.Emulator;
using LambdaAlias.Tests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace LambdaAlias.Tests.Reliability;

/// <summary>
/// One in-process emulator (demo account) and one interposing proxy in front of it, shared by a test class. Each
/// test resets the account (state, request log, faults, latency) through <see cref="Reset"/>. The time-scale speeds
/// up the emulator's asynchronous transitions (ESM Updating, AutoDeploy PENDING) so the cmdlets' waits stay short.
/// </summary>
public sealed class ReliabilityFixture : IAsyncLifetime
{
    public const double TimeScale = 20;

    public EmulatorHost Host { get; private set; }
    public InterposingProxy Proxy { get; private set; }

    public async Task InitializeAsync()
    {
        Host = await EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, Scenario = "demo", TimeScale = TimeScale });
        Proxy = await InterposingProxy.StartAsync(Host.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        if (Proxy != null) await Proxy.DisposeAsync();
        if (Host != null) await Host.DisposeAsync();
    }

    /// <summary>The demo account as it starts, with no hooks, faults or recorded calls.</summary>
    public void Reset()
    {
        Host.Reset();
        Proxy.BeforeForward = null;
        Proxy.AfterResponse = null;
        Proxy.Respond = null;
        Proxy.ClearCalls();
        Proxy.HookFailures.Clear();
    }
}

/// <summary>
/// An operator's PowerShell session: the real module in a hosted engine, with <c>@common</c> splatting the endpoint
/// (the proxy, unless told otherwise), the region and the emulator's test credentials.
/// </summary>
public sealed class OperatorSession : IDisposable
{
    public OperatorSession(string endpointUrl, HarnessOptions options = null)
    {
        Harness = PowerShellHarness.Create(options);
        Harness.SetVariable("common", new Hashtable
        {
            ["EndpointUrl"] = endpointUrl,
            ["Region"] = DemoIds.Region,
            ["AccessKey"] = "test",
            ["SecretKey"] = "test",
        });
        // No progress records: they cost time and say nothing these tests check.
        Harness.SetVariable("ProgressPreference", "SilentlyContinue");
    }

    public PowerShellHarness Harness { get; }

    public HarnessResult Run(string script, Dictionary<string, object> parameters = null) => Harness.Run(script, parameters);

    /// <summary>Scans into $pins (Version pins) and $latest (the $LATEST pin), each sorted by Location so that runs plan
    /// their steps in the same order (the scan itself runs in parallel).</summary>
    public const string ScanSorted =
        "function Sort-ByLocation($items) { $sorted = [System.Collections.Generic.SortedDictionary[string,object]]::new([StringComparer]::Ordinal); " +
        "foreach ($i in $items) { $sorted[[string]$i.Location + '#' + $sorted.Count] = $i }; ,@($sorted.Values) }; " +
        "$pins = Sort-ByLocation @(Get-LambdaIntegrationPin @common); $latest = Sort-ByLocation @(Get-LambdaIntegrationPin @common -Kind Latest)";

    /// <summary>Scan with Get-LambdaIntegrationPin and migrate everything it found, without prompts.</summary>
    public const string MigrateAll = "Get-LambdaIntegrationPin @common | Set-IntegrationToAlias @common -Force";

    /// <summary>As <see cref="MigrateAll"/>, including the $LATEST pin (http-func POST /items, which needs PublishVersion),
    /// removing the old qualifiers' statements afterwards.</summary>
    public const string MigrateAllWithLatest =
        "@(Get-LambdaIntegrationPin @common) + @(Get-LambdaIntegrationPin @common -Kind Latest) | Set-IntegrationToAlias @common -Force -RemoveVersionPermission";

    public void Dispose() => Harness.Dispose();
}

/// <summary>A MigrationResult or AliasRollbackResult read through PowerShell's adapter (the tests do not reference the module).</summary>
public sealed class ResultView
{
    public ResultView(PSObject o) { Object = o; }
    public PSObject Object { get; }
    public string TypeName => Object.BaseObject?.GetType().FullName;
    public string Status => Object.Prop("Status")?.ToString();
    public string FunctionName => (string)Object.Prop("FunctionName");
    public string AliasName => (string)Object.Prop("AliasName");
    public string Version => Object.Prop("Version")?.ToString();
    public string FromVersion => Object.Prop("FromVersion")?.ToString();
    public string ToVersion => Object.Prop("ToVersion")?.ToString();
    public string PinLocation => (Object.Prop("Pin") as PSObject ?? (Object.Prop("Pin") is { } p ? PSObject.AsPSObject(p) : null))?.Prop("Location") as string;
    public IReadOnlyList<(int Order, string Kind, string Outcome, string Target)> Steps =>
        (Object.Prop("Steps") as IEnumerable ?? Array.Empty<object>()).Cast<object>().Select(PSObject.AsPSObject)
            .Select(s => ((int)s.Prop("Order"), s.Prop("Kind")?.ToString(), s.Prop("Outcome")?.ToString(), (string)s.Prop("Target"))).ToList();
    public IReadOnlyList<string> DeploymentIds => (Object.Prop("DeploymentIds") as IEnumerable ?? Array.Empty<object>()).Cast<object>().Select(o => o?.ToString()).ToList();

    public static IReadOnlyList<ResultView> Of(HarnessResult r, string typeName) =>
        r.Output.Where(o => o?.BaseObject?.GetType().FullName == typeName).Select(o => new ResultView(o)).ToList();

    public static IReadOnlyList<ResultView> Migrations(HarnessResult r) => Of(r, "LambdaAlias.MigrationResult");
    public static IReadOnlyList<ResultView> Rollbacks(HarnessResult r) => Of(r, "LambdaAlias.AliasRollbackResult");

    public override string ToString() => $"{FunctionName}:{AliasName} {Status} {PinLocation} [{string.Join(", ", Steps.Select(s => $"{s.Order}.{s.Kind}={s.Outcome}"))}]";
}

/// <summary>Assertions on the emulator's state that several areas share.</summary>
public static class AccountAssertions
{
    /// <summary>Every statement of every qualifier of the demo's functions: function, qualifier, statement.</summary>
    public static IEnumerable<(string Function, string Qualifier, JsonObject Statement)> AllStatements(EmulatorHost host)
    {
        List<(string, List<string>)> functions;
        lock (host.State.Sync)
            functions = host.State.LambdaFunctions.Values.Select(f => (f.Name, f.Policies.Keys.ToList())).ToList();
        foreach (var (name, qualifiers) in functions)
            foreach (var q in qualifiers)
                foreach (var s in host.State.PolicyStatements(name, q))
                    yield return (name, q, s);
    }

    /// <summary>No policy holds two statements with the same Sid, nor two statements granting the same thing.</summary>
    public static void NoDuplicateStatements(EmulatorHost host)
    {
        foreach (var group in AllStatements(host).GroupBy(s => (s.Function, s.Qualifier)))
        {
            var sids = group.Select(s => (string)s.Statement["Sid"]).ToList();
            Assert.True(sids.Count == sids.Distinct().Count(), $"{group.Key.Function}:{group.Key.Qualifier} holds a Sid twice: {string.Join(", ", sids)}");
            var grants = group.Select(s => Grant(s.Statement)).ToList();
            Assert.True(grants.Count == grants.Distinct().Count(), $"{group.Key.Function}:{group.Key.Qualifier} holds equivalent statements twice:\n{string.Join("\n", grants)}");
        }
    }

    /// <summary>What a statement grants, without its Sid.</summary>
    public static string Grant(JsonObject statement)
    {
        var copy = (JsonObject)statement.DeepClone();
        copy.Remove("Sid");
        return copy.ToJsonString();
    }

    /// <summary>The deployments of the REST APIs, by API id.</summary>
    public static IReadOnlyDictionary<string, int> RestDeploymentCounts(EmulatorHost host)
    {
        lock (host.State.Sync)
            return new[] { DemoIds.OrdersApi, DemoIds.StageVariableApi, DemoIds.AliasedApi }.ToDictionary(id => id, id => host.State.FindRestApi(id)?.Deployments.Count ?? 0);
    }

    public static string AliasVersion(EmulatorHost host, string function, string alias)
    {
        lock (host.State.Sync)
            return host.State.FindFunction(function) is { } f && f.Aliases.TryGetValue(alias, out var a) ? a.FunctionVersion : null;
    }
}

/// <summary>Writes to the xunit output and to the console, so CI logs show the figures too.</summary>
public static class Report
{
    public static void Line(ITestOutputHelper output, string line)
    {
        output?.WriteLine(line);
        Console.WriteLine(line);
    }
}
