using System.Management.Automation;
using LambdaAlias.Emulator;
using LambdaAlias.Tests.Harness;

namespace LambdaAlias.Tests.Cmdlets.SetIntegrationToAlias;

/// <summary>
/// A fresh demo account in the emulator and a runspace with the built module, credentials test/test and region us-east-1.
/// Scripts get the emulator's address as $url. Quotas run ten times faster so a test never waits 5 s for a deployment slot.
/// </summary>
internal sealed class SetAliasKit : IAsyncDisposable
{
    public EmulatorHost Emulator { get; private init; }
    public PowerShellHarness Shell { get; private init; }
    public EmulatorState State => Emulator.State;

    public static async Task<SetAliasKit> StartAsync(bool noUI = false)
    {
        var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { Port = 0, Scenario = "demo" });
        var shell = noUI ? PowerShellHarness.CreateNoUI() : PowerShellHarness.Create();
        shell.SetEnvironment("AWS_ACCESS_KEY_ID", "test");
        shell.SetEnvironment("AWS_SECRET_ACCESS_KEY", "test");
        shell.SetEnvironment("AWS_REGION", "us-east-1");
        shell.SetEnvironment("AWS_EC2_METADATA_DISABLED", "true");
        shell.SetEnvironment("LAMBDAALIAS_QUOTA_SCALE", "10");
        return new SetAliasKit { Emulator = emulator, Shell = shell };
    }

    /// <summary>Runs a script with param($url) bound to the emulator.</summary>
    public HarnessResult Run(string script, Dictionary<string, object> parameters = null)
    {
        var all = new Dictionary<string, object>(parameters ?? new()) { ["url"] = Emulator.BaseUrl };
        return Shell.Run("param($url" + string.Concat(all.Keys.Where(k => k != "url").Select(k => ", $" + k)) + ")\n" + script, all);
    }

    public long Mark() => Emulator.Requests.LastSequence;

    /// <summary>Mutating AWS calls since <paramref name="mark"/>, as "Operation path".</summary>
    public List<string> MutationsSince(long mark) =>
        Emulator.Requests.Query(mutating: true, afterSequence: mark).Select(r => r.Operation + " " + r.Path).ToList();

    public int CountSince(long mark, string operation) => Emulator.Requests.Query(operation, afterSequence: mark).Count;

    public static T Prop<T>(object o, string name) => (T)o.GetType().GetProperty(name)!.GetValue(o);
    public static object Prop(object o, string name) => o.GetType().GetProperty(name)!.GetValue(o);

    /// <summary>Each output object's Status, as text.</summary>
    public static List<string> Statuses(HarnessResult r) => r.Objects.Select(o => Prop(o, "Status").ToString()).ToList();

    public static IEnumerable<object> Steps(object result) => ((System.Collections.IEnumerable)Prop(result, "Steps")).Cast<object>();

    public static string Describe(HarnessResult r) =>
        string.Join("\n", r.Objects.Select(o => o?.ToString())
            .Concat(r.Objects.SelectMany(o => Steps(o).Select(s => $"  {Prop(s, "Order")} {Prop(s, "Kind")} {Prop(s, "Outcome")} {Prop(s, "Detail")}")))
            .Concat(r.AllErrors.Select(e => "ERROR " + e.FullyQualifiedErrorId + ": " + e)));

    /// <summary>Adds pinned GET methods (my-func:1) to the orders API and deploys them to stage dev, as a real team would have.</summary>
    public void AddPinnedOrdersMethods(params string[] paths)
    {
        lock (State.Sync)
        {
            var api = State.FindRestApi("a1b2c3d4e5");
            var root = api.Draft.Root;
            foreach (var path in paths)
            {
                api.Draft.Resources.Add(new LambdaAlias.Emulator.RestResource
                {
                    Id = "x" + path.Trim('/').Replace("/", ""), ParentId = root.Id, PathPart = path.Trim('/'), Path = path,
                    Methods =
                    {
                        ["GET"] = new LambdaAlias.Emulator.RestMethod
                        {
                            HttpMethod = "GET",
                            Integration = new LambdaAlias.Emulator.RestIntegration { Uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-func:1/invocations" },
                        },
                    },
                });
            }
            DeployDraft(api, "dev");
        }
    }

    /// <summary>What CreateDeployment does, done directly in the state (so the request log stays clean).</summary>
    public void DeployDraft(LambdaAlias.Emulator.RestApi api, string stageName)
    {
        var deployment = new LambdaAlias.Emulator.RestDeployment { Id = "d-t" + api.Deployments.Count, Description = "test deployment", CreatedDate = DateTimeOffset.UtcNow, Snapshot = api.Draft.Clone() };
        api.Deployments.Add(deployment);
        api.Stage(stageName).DeploymentId = deployment.Id;
    }

    public async ValueTask DisposeAsync()
    {
        Shell.Dispose();
        await Emulator.DisposeAsync();
    }
}

/// <summary>Probes every demo route and the event source mapping in a loop on another thread while a command runs.</summary>
internal sealed class ContinuousTraffic : IDisposable
{
    private readonly DemoTraffic _traffic;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ContinuousTraffic(DemoTraffic traffic)
    {
        _traffic = traffic;
        _loop = Task.Run(() =>
        {
            while (!_stop.IsCancellationRequested) _traffic.Check("during the run");
        });
    }

    public DemoTraffic Traffic => _traffic;

    /// <summary>Stops the loop; returns how many full rounds of probes ran.</summary>
    public int Stop()
    {
        _stop.Cancel();
        _loop.GetAwaiter().GetResult();
        return _traffic.Checks;
    }

    public void Dispose()
    {
        if (!_stop.IsCancellationRequested) Stop();
        _stop.Dispose();
    }
}
