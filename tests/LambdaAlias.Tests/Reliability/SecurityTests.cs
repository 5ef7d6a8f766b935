using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using LambdaAlias.Emulator;
using LambdaAlias.Emulator.Infrastructure;
using LambdaAlias.Tests.Emulator;
using LambdaAlias.Tests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace LambdaAlias.Tests.Reliability;

/// <summary>
/// Security: secrets never reach any stream; a migration never broadens a permission; the emulator insists on valid
/// signatures; plain http is used only when asked for.
/// </summary>
public sealed class SecurityTests(ReliabilityFixture fx, ITestOutputHelper output) : IClassFixture<ReliabilityFixture>
{
    private const string AccessKey = "AKIARELIABILITY0001";
    private const string Secret = "rElIaBiLiTy/SeCrEt+9f8e7d6c5b4a3210zyxwvuTSRQ";
    private const string Token = "IQoJb3JpZ2luX2VjEReLiAbIlItYtOkEn0123456789abcdefSESSION";

    private OperatorSession SessionWithSecrets(string secret = Secret)
    {
        fx.Reset();
        fx.Host.Signing.Add(new TestCredential(AccessKey, Secret, Token));
        var s = new OperatorSession(fx.Proxy.BaseUrl);
        // The secrets reach the cmdlets through variables, as a script passes them; the command line never holds them.
        s.Harness.SetVariable("common", new Hashtable
        {
            ["EndpointUrl"] = fx.Proxy.BaseUrl, ["Region"] = DemoIds.Region,
            ["AccessKey"] = AccessKey, ["SecretKey"] = secret, ["SessionToken"] = Token,
        });
        return s;
    }

    /// <summary>Every text a user could see or keep: output (serialized deeply), every stream, error records with
    /// their exceptions, inner exceptions, details and targets, the console, and $Error.</summary>
    private static string EverythingShown(PowerShellHarness h, HarnessResult r)
    {
        var text = new StringBuilder();
        foreach (var o in r.Output) text.AppendLine(PSSerializer.Serialize(o, 6));
        foreach (var e in r.AllErrors)
        {
            text.AppendLine(e.ToString()).AppendLine(e.FullyQualifiedErrorId).AppendLine(e.ErrorDetails?.Message).AppendLine(e.ErrorDetails?.RecommendedAction)
                .AppendLine(e.Exception?.ToString()).AppendLine(e.CategoryInfo.ToString()).AppendLine(e.InvocationInfo?.PositionMessage);
            if (e.TargetObject != null) text.AppendLine(PSSerializer.Serialize(e.TargetObject, 4));
        }
        if (r.TerminatingException != null) text.AppendLine(r.TerminatingException.ToString());
        foreach (var line in r.Warnings.Concat(r.Verbose).Concat(r.Debug)) text.AppendLine(line);
        foreach (var i in r.Information) text.AppendLine(i.MessageData?.ToString());
        foreach (var p in r.Progress) text.AppendLine(p.Activity + " " + p.StatusDescription + " " + p.CurrentOperation);
        text.AppendLine(r.HostText);
        var errorVariable = h.Run("$global:Error | ForEach-Object { $_.ToString(); $_.Exception.ToString() }");
        foreach (var o in errorVariable.Output) text.AppendLine(o?.ToString());
        return text.ToString();
    }

    private void AssertNoSecrets(PowerShellHarness h, HarnessResult r, string secret = Secret)
    {
        var shown = EverythingShown(h, r);
        Assert.True(shown.Length > 500, "too little was captured to judge: " + shown);
        Assert.DoesNotContain(secret, shown);
        Assert.DoesNotContain(Token, shown);
        // Not even a long piece of either (a truncated or re-encoded copy).
        Assert.DoesNotContain(secret[..16], shown);
        Assert.DoesNotContain(Token[..16], shown);
        Assert.DoesNotContain(Uri.EscapeDataString(secret), shown);
    }

    [Fact]
    public void Secrets_never_reach_any_stream_on_success_under_Verbose_and_Debug()
    {
        using var s = SessionWithSecrets();
        var r = s.Harness.Render(
            "$pins = @(Get-LambdaIntegrationPin @common -Verbose -Debug); " +
            "$migrated = @($pins | Set-IntegrationToAlias @common -Force -RemoveVersionPermission -Verbose -Debug); $migrated; " +
            "$migrated | Invoke-AliasRollback @common -Force -Verbose -Debug");
        output.WriteLine($"{r.Verbose.Count} verbose, {r.Debug.Count} debug, {r.Warnings.Count} warnings, {r.AllErrors.Count} errors, {r.HostText.Length} characters on the console");

        Assert.True(r.Verbose.Count > 50, "expected a -Verbose call log");
        Assert.Contains(r.Verbose, v => v.Contains("AddPermission", StringComparison.Ordinal));
        Assert.Contains(fx.Host.Requests.All, e => e.AccessKeyId == AccessKey && e.Mutating);
        AssertNoSecrets(s.Harness, r);
    }

    [Fact]
    public void Secrets_never_reach_any_stream_on_errors_under_Verbose_and_Debug()
    {
        // 403 AccessDenied on a step, a throttle that outlasts the retries, then a wrong secret (bad signature).
        using var s = SessionWithSecrets();
        fx.Host.Faults.FailNth("AddPermission", 1, 403, times: 0);
        fx.Host.Faults.FailNth("UpdateEventSourceMapping", 1, 400, "InvalidParameterValueException", "Injected: " + Secret[..4] + " is not shown either");
        var denied = s.Harness.Render("Get-LambdaIntegrationPin @common -Verbose -Debug | Set-IntegrationToAlias @common -Force -Verbose -Debug");
        Assert.Contains(denied.AllErrors, e => e.FullyQualifiedErrorId.StartsWith("StepFailed,", StringComparison.Ordinal));
        AssertNoSecrets(s.Harness, denied);

        using var wrong = SessionWithSecrets("wrong" + Secret[5..]);
        var badSignature = wrong.Harness.Render("Get-LambdaIntegrationPin @common -Verbose -Debug; Invoke-AliasRollback @common -FunctionName my-func -AliasName live -Force -Verbose -Debug");
        Assert.Contains(badSignature.AllErrors, e => e.FullyQualifiedErrorId.StartsWith("AwsAuthenticationFailed,", StringComparison.Ordinal));
        AssertNoSecrets(wrong.Harness, badSignature, "wrong" + Secret[5..]);
        AssertNoSecrets(wrong.Harness, badSignature);
    }

    [Fact]
    public async Task The_emulator_refuses_requests_without_a_valid_signature()
    {
        fx.Reset();
        using var s = new OperatorSession(fx.Host.BaseUrl);
        s.Harness.SetVariable("common", new Hashtable { ["EndpointUrl"] = fx.Host.BaseUrl, ["Region"] = DemoIds.Region, ["AccessKey"] = "test", ["SecretKey"] = "not-the-secret" });
        var r = s.Run("Get-LambdaIntegrationPin @common; Invoke-AliasRollback @common -FunctionName aliased-func -AliasName live -Force");
        Assert.NotEmpty(r.AllErrors);
        Assert.All(r.AllErrors, e => Assert.StartsWith("AwsAuthenticationFailed,", e.FullyQualifiedErrorId));
        var refused = fx.Host.Requests.All;
        Assert.NotEmpty(refused);
        Assert.All(refused, e => Assert.Equal(403, e.Status));
        Assert.Contains(refused, e => e.ErrorCode is "InvalidSignatureException" or "SignatureDoesNotMatch");
        Assert.Equal("2", AccountAssertions.AliasVersion(fx.Host, "aliased-func", "live"));

        // Unsigned, and signed then tampered with: refused too.
        using var client = new EmulatorTestClient(fx.Host);
        var unsigned = await client.SendUnsignedAsync(HttpMethod.Delete, "/2015-03-31/functions/aliased-func/aliases/live");
        Assert.Equal(403, unsigned.Status);
        client.AfterSigning = request =>
        {
            request.RequestUri = new Uri(request.RequestUri!.ToString().Replace("/aliases/live", "/aliases/other"));
            return Task.CompletedTask;
        };
        var tampered = await client.LambdaAsync(HttpMethod.Delete, "/2015-03-31/functions/aliased-func/aliases/live");
        Assert.Equal(403, tampered.Status);
        Assert.Equal("2", AccountAssertions.AliasVersion(fx.Host, "aliased-func", "live"));
    }

    /// <summary>
    /// A migration never broadens a permission. The demo gets two extra statements first: my-func:1's statement carries
    /// a SourceAccount, and stagevar-func:2 also has a statement for any principal. Every statement the migration adds
    /// has the principal, SourceArn and SourceAccount of the statement it copies, or (for a source that had none) the
    /// narrowest SourceArn; a wildcard principal is never copied.
    /// </summary>
    [Fact]
    public void A_migration_never_broadens_a_permission()
    {
        fx.Reset();
        lock (fx.Host.State.Sync)
        {
            var myFunc = fx.Host.State.FindFunction("my-func").Policies["1"].Statements.Single();
            myFunc["Condition"]!["StringEquals"] = new JsonObject { ["AWS:SourceAccount"] = DemoIds.Account };
            fx.Host.State.FindFunction("stagevar-func").Policies["2"].Statements.Add(new JsonObject
            {
                ["Sid"] = "anyone-from-prod", ["Effect"] = "Allow", ["Principal"] = "*", ["Action"] = "lambda:InvokeFunction",
                ["Resource"] = "arn:aws:lambda:us-east-1:123456789012:function:stagevar-func:2",
                ["Condition"] = new JsonObject { ["ArnLike"] = new JsonObject { ["AWS:SourceArn"] = "arn:aws:execute-api:us-east-1:123456789012:s7t8u9v0w1/*/GET/orders" } },
            });
        }
        var before = AccountAssertions.AllStatements(fx.Host).Select(x => (x.Function, x.Qualifier, Statement: (JsonObject)x.Statement.DeepClone())).ToList();

        using var s = new OperatorSession(fx.Proxy.BaseUrl);
        s.Harness.SetEnvironment("LAMBDAALIAS_QUOTA_SCALE", "20");
        s.Run(OperatorSession.ScanSorted).AssertNoErrors();
        var r = s.Run("$pins | Set-IntegrationToAlias @common -Force; $latest | Set-IntegrationToAlias @common -Force -AliasName current").AssertNoErrors();
        Assert.Contains(r.Warnings, w => w.Contains("anyone-from-prod", StringComparison.Ordinal) && w.Contains("copied", StringComparison.Ordinal));

        var added = AccountAssertions.AllStatements(fx.Host)
            .Where(x => !before.Any(b => b.Function == x.Function && b.Qualifier == x.Qualifier && (string)b.Statement["Sid"] == (string)x.Statement["Sid"])).ToList();
        foreach (var a in added) output.WriteLine($"{a.Function}:{a.Qualifier} {a.Statement.ToJsonString()}");
        Assert.Equal(new[] { "auth-func:live", "http-func:current", "http-func:live", "my-func:live", "stagevar-func:live", "stagevar-func:live-canary" },
            added.Select(a => a.Function + ":" + a.Qualifier).Distinct().OrderBy(x => x, StringComparer.Ordinal));
        foreach (var (function, qualifier, statement) in added)
        {
            Assert.Equal("{\"Service\":\"apigateway.amazonaws.com\"}", statement["Principal"]!.ToJsonString());
            Assert.Equal("Allow", (string)statement["Effect"]);
            Assert.Equal("lambda:InvokeFunction", (string)statement["Action"]);
            Assert.EndsWith($":function:{function}:{qualifier}", (string)statement["Resource"]);
            var sourceArn = MigratedState.SourceArn(statement);
            Assert.False(string.IsNullOrEmpty(sourceArn), $"{function}:{qualifier} got a statement without SourceArn");
            // Copied from an original statement of the same function (same SourceArn and SourceAccount), never broader.
            var originals = before.Where(b => b.Function == function && (string)b.Statement["Effect"] == "Allow" && b.Statement["Principal"]!.ToJsonString() != "\"*\"").ToList();
            var copiedFrom = originals.Where(o => MigratedState.SourceArn(o.Statement) == sourceArn).ToList();
            Assert.True(copiedFrom.Count > 0 || originals.All(o => Broader(MigratedState.SourceArn(o.Statement), sourceArn)),
                $"{function}:{qualifier} got SourceArn {sourceArn}, which matches no original statement and is not narrower than them");
            if (copiedFrom.Count > 0)
                Assert.Contains(copiedFrom, o => SourceAccount(o.Statement) == SourceAccount(statement));
        }
        var myFuncLive = Assert.Single(added, a => a.Function == "my-func");
        Assert.Equal(DemoIds.Account, SourceAccount(myFuncLive.Statement));
        Assert.Empty(MigratedState.PolicyProblems(fx.Host).Where(p => !p.Contains("anyone-from-prod", StringComparison.Ordinal)));
    }

    private static string SourceAccount(JsonObject statement) => (string)statement["Condition"]?["StringEquals"]?["AWS:SourceAccount"];

    /// <summary>True when the ARN pattern <paramref name="wide"/> covers <paramref name="narrow"/> (segment globs).</summary>
    private static bool Broader(string wide, string narrow) => wide != null && EmulatorState.Glob(wide, narrow);

    /// <summary>
    /// With no -EndpointUrl and no AWS_ENDPOINT_URL*, every call goes to the regional AWS endpoint over TLS: a proxy on
    /// loopback sees only CONNECT host:443 tunnels, never a plain-http request. With -EndpointUrl http://127.0.0.1:...
    /// given, plain http is used (the rest of this suite runs that way).
    /// </summary>
    [Fact]
    public async Task Plain_http_is_used_only_when_an_endpoint_is_given_explicitly()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var requestLines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var accept = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(stop.Token);
                using var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true);
                var line = await reader.ReadLineAsync(stop.Token);
                if (line != null) requestLines.Enqueue(line);
                var refusal = Encoding.ASCII.GetBytes("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(refusal, stop.Token);
            }
        });

        var previousProxy = HttpClient.DefaultProxy;
        var environment = new[] { "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_LAMBDA", "AWS_ENDPOINT_URL_API_GATEWAY", "AWS_ENDPOINT_URL_STS", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS" }
            .ToDictionary(n => n, Environment.GetEnvironmentVariable);
        HttpClient.DefaultProxy = new WebProxy($"http://127.0.0.1:{port}") { BypassProxyOnLocal = false };
        foreach (var name in environment.Keys) Environment.SetEnvironmentVariable(name, null);
        try
        {
            // A runspace of its own, so the command can be stopped (Ctrl-C) once its first connection shows where it goes.
            var iss = InitialSessionState.CreateDefault2();
            using var runspace = RunspaceFactory.CreateRunspace(iss);
            runspace.Open();
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddScript("param($manifest) Import-Module $manifest -ErrorAction Stop; Get-LambdaIntegrationPin -Region us-east-1 -AccessKey test -SecretKey test -Verbose")
              .AddParameter("manifest", RepoPaths.ModuleManifest);
            var running = ps.BeginInvoke();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (requestLines.IsEmpty && !running.IsCompleted && DateTime.UtcNow < deadline) await Task.Delay(20);
            ps.Stop();
            try { ps.EndInvoke(running); } catch (PipelineStoppedException) { }

            var verbose = ps.Streams.Verbose.Select(v => v.Message).ToList();
            foreach (var v in verbose.Take(5)) output.WriteLine("verbose: " + v);
            foreach (var l in requestLines) output.WriteLine("proxy saw: " + l);
            Assert.NotEmpty(requestLines);
            Assert.All(requestLines, l => Assert.Matches(@"^CONNECT [a-z0-9.-]+\.amazonaws\.com:443 HTTP/1\.1$", l));
            var session = Assert.Single(verbose, v => v.StartsWith("AWS session:", StringComparison.Ordinal));
            Assert.Contains("https://lambda.us-east-1.amazonaws.com", session);
            Assert.DoesNotContain("http://", session);
        }
        finally
        {
            HttpClient.DefaultProxy = previousProxy;
            foreach (var (name, value) in environment) Environment.SetEnvironmentVariable(name, value);
            stop.Cancel();
            listener.Stop();
            try { await accept; } catch (Exception) { /* the listener was stopped */ }
        }

        // Explicitly given, plain http on loopback is used as given.
        fx.Reset();
        using var s = new OperatorSession(fx.Host.BaseUrl);
        var r = s.Run("Get-LambdaIntegrationPin @common -Verbose").AssertNoErrors();
        Assert.Contains(r.Verbose, v => v.StartsWith("AWS session:", StringComparison.Ordinal) && v.Contains(fx.Host.BaseUrl, StringComparison.Ordinal));
        Assert.NotEmpty(fx.Host.Requests.All);
    }
}
