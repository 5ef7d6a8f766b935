using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Net.Http;
using Amazon.Runtime;
using Xunit;

namespace LambdaAlias.UnitTests.Aws.Transport;

/// <summary>A cmdlet built on the base the way real ones are: work on the thread pool, writes through the pump.</summary>
[Cmdlet(VerbsDiagnostic.Test, "LambdaAliasBase", SupportsShouldProcess = true)]
public sealed class TestLambdaAliasBaseCommand : LambdaAliasCmdlet
{
    [Parameter(Mandatory = true)] public string Mode { get; set; }
    [Parameter] public int Count { get; set; } = 10;
    [Parameter] public object Handler { get; set; }
    [Parameter] public object Started { get; set; }
    [Parameter(ValueFromPipeline = true)] public object InputObject { get; set; }

    protected override AwsSession CreateSession(AwsConnectionSettings settings) =>
        Handler is HttpMessageHandler handler
            ? AwsSessionFactory.Create(settings, new AwsSessionOptions { HttpHandler = handler, CallLog = CallLog, Quotas = Quotas })
            : base.CreateSession(settings);

    protected override void ProcessRecord()
    {
        switch (Mode)
        {
            case "parallel-writes":
                RunPumped(async (pump, token) =>
                {
                    await BoundedParallel.ForEachAsync(Enumerable.Range(0, Count), 8, async (i, t) =>
                    {
                        await Task.Yield();
                        pump.WriteVerbose("worker " + i);
                        pump.WriteObject(i);
                    }, token);
                });
                break;
            case "should-process":
                var answers = RunPumped(async (pump, token) =>
                {
                    await Task.Yield();
                    return await pump.ShouldProcessAsync("my-func:1", "Move to alias live");
                });
                WriteObject(answers);
                break;
            case "wait-for-stop":
                RunPumped(async (pump, token) =>
                {
                    ((ManualResetEventSlim)Started).Set();
                    await Task.Delay(Timeout.Infinite, token);
                });
                WriteObject("not stopped");
                break;
            case "aws-errors":
                RunPumped(async (pump, token) =>
                {
                    await Task.Yield();
                    pump.WriteAwsError(new AwsServiceException("ResourceNotFoundException", "Function not found: my-func", 404, "req-1", "GetFunction"), "my-func");
                    pump.WriteAwsError(new AwsServiceException("ResourceConflictException", "An update is in progress", 409, "req-2", "UpdateAlias"), "live");
                    pump.WriteAwsError(new AwsServiceException("TooManyRequestsException", "Rate exceeded", 429, "req-3", "GetPolicy") { Retries = 7 }, "my-func");
                });
                try
                {
                    RunPumped(async (pump, token) =>
                    {
                        await Task.Yield();
                        throw new AwsServiceException("AccessDeniedException", "not authorized to perform lambda:UpdateAlias", 403, "req-4", "UpdateAlias");
                    });
                }
                catch (AwsServiceException e)
                {
                    ThrowAwsError(e, "my-func");
                }
                break;
            case "session":
                var session = GetSession();
                WriteObject(new PSObject(new
                {
                    Region = session.Region.SystemName,
                    Source = session.CredentialSource.ToString(),
                    session.ProfileName,
                    Lambda = session.GetEndpoint(AwsService.Lambda).ToString(),
                    SameSessionAgain = ReferenceEquals(session, GetSession()),
                }));
                break;
            case "call":
                var current = GetSession();
                var response = RunPumped((pump, token) => current.Lambda.SendAsync(
                    new AwsRequest { Service = AwsService.Lambda, Operation = "GetFunction", Target = "my-func:1", Path = "/2015-03-31/functions/my-func" }, token));
                WriteObject(response.StatusCode);
                break;
            case "account":
                var withAccount = GetSession();
                WriteObject(RunPumped((pump, token) => withAccount.GetContextAsync(token)));
                break;
        }
    }
}

public static class PowerShellHost
{
    public static PowerShell Create()
    {
        var state = InitialSessionState.CreateDefault2();
        state.Commands.Add(new SessionStateCmdletEntry("Test-LambdaAliasBase", typeof(TestLambdaAliasBaseCommand), null));
        var runspace = RunspaceFactory.CreateRunspace(state);
        runspace.Open();
        var shell = PowerShell.Create();
        shell.Runspace = runspace;
        return shell;
    }

    public static void SetVariable(PowerShell shell, string name, object value) => shell.Runspace.SessionStateProxy.SetVariable(name, value);
}

public class LambdaAliasCmdletPumpTests
{
    [Fact]
    public void ParallelWorkers_WriteThroughThePump_AllOutputArrives()
    {
        using var shell = PowerShellHost.Create();
        shell.AddCommand("Test-LambdaAliasBase").AddParameter("Mode", "parallel-writes").AddParameter("Count", 200).AddParameter("Verbose");

        var output = shell.Invoke();

        Assert.Empty(shell.Streams.Error);
        Assert.Equal(Enumerable.Range(0, 200), output.Select(o => (int)o.BaseObject).OrderBy(i => i));
        Assert.Equal(200, shell.Streams.Verbose.Count(v => v.Message.StartsWith("worker ")));
    }

    [Fact]
    public void ShouldProcess_FromAWorker_HonoursWhatIf()
    {
        using var shell = PowerShellHost.Create();
        shell.AddCommand("Test-LambdaAliasBase").AddParameter("Mode", "should-process").AddParameter("WhatIf");
        Assert.False((bool)shell.Invoke().Single().BaseObject);

        shell.Commands.Clear();
        shell.AddCommand("Test-LambdaAliasBase").AddParameter("Mode", "should-process").AddParameter("Confirm", false);
        Assert.True((bool)shell.Invoke().Single().BaseObject);
    }

    [Fact]
    public void Stop_CancelsOutstandingWorkPromptly()
    {
        using var shell = PowerShellHost.Create();
        using var started = new ManualResetEventSlim();
        shell.AddCommand("Test-LambdaAliasBase").AddParameter("Mode", "wait-for-stop").AddParameter("Started", started);

        var invocation = shell.BeginInvoke();
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
        var watch = Stopwatch.StartNew();
        shell.Stop();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "stop took " + watch.Elapsed);
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        Assert.Throws<PipelineStoppedException>(() => shell.EndInvoke(invocation));
    }

    [Fact]
    public void AwsErrors_MapToCategoriesAndSpecificErrorIds()
    {
        using var shell = PowerShellHost.Create();
        shell.AddCommand("Test-LambdaAliasBase").AddParameter("Mode", "aws-errors");

        var terminating = Assert.Throws<CmdletInvocationException>(() => shell.Invoke());

        var errors = shell.Streams.Error.ToList();
        Assert.Equal(3, errors.Count);
        Assert.Equal(ErrorCategory.ObjectNotFound, errors[0].CategoryInfo.Category);
        Assert.StartsWith(ErrorIds.AwsResourceNotFound + ",", errors[0].FullyQualifiedErrorId);
        Assert.Equal("my-func", errors[0].TargetObject);
        Assert.Contains("req-1", errors[0].ErrorDetails.Message);
        Assert.Equal(ErrorCategory.ResourceBusy, errors[1].CategoryInfo.Category);
        Assert.StartsWith(ErrorIds.AwsConflict + ",", errors[1].FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.LimitsExceeded, errors[2].CategoryInfo.Category);
        Assert.StartsWith(ErrorIds.AwsThrottled + ",", errors[2].FullyQualifiedErrorId);

        var record = terminating.ErrorRecord;
        Assert.Equal(ErrorCategory.PermissionDenied, record.CategoryInfo.Category);
        Assert.StartsWith(ErrorIds.AwsAccessDenied + ",", record.FullyQualifiedErrorId);
        Assert.NotNull(record.ErrorDetails.RecommendedAction);
    }

    [Theory]
    [InlineData(400, "InvalidParameterValueException", ErrorCategory.InvalidArgument, ErrorIds.AwsInvalidRequest)]
    [InlineData(412, "PreconditionFailedException", ErrorCategory.InvalidOperation, ErrorIds.AwsPreconditionFailed)]
    [InlineData(403, "UnrecognizedClientException", ErrorCategory.AuthenticationError, ErrorIds.AwsAuthenticationFailed)]
    [InlineData(403, "InvalidSignatureException", ErrorCategory.AuthenticationError, ErrorIds.AwsAuthenticationFailed)]
    [InlineData(404, "NotFoundException", ErrorCategory.ObjectNotFound, ErrorIds.AwsResourceNotFound)]
    [InlineData(409, "ConflictException", ErrorCategory.ResourceBusy, ErrorIds.AwsConflict)]
    [InlineData(500, "ServiceException", ErrorCategory.ResourceUnavailable, ErrorIds.AwsServiceError)]
    [InlineData(0, "ConnectionFailure", ErrorCategory.ConnectionError, ErrorIds.AwsConnectionFailed)]
    public void ErrorMapping(int status, string code, ErrorCategory category, string errorId)
    {
        var record = AwsErrorRecords.Create(new AwsServiceException(code, "m", status, "r", "Op"), "target");
        Assert.Equal(category, record.CategoryInfo.Category);
        Assert.Equal(errorId, record.FullyQualifiedErrorId);
    }

    [Fact]
    public void SdkLoadFailures_MapToTheVersionConflictError()
    {
        var record = AwsErrorRecords.Create(new TypeLoadException("Could not load type 'Amazon.Runtime.Signing.SigV4SigningHandler' from assembly 'AWSSDK.Core, Version=3.3.0.0'."), null);
        Assert.Equal(ErrorIds.AwsSdkVersionConflict, record.FullyQualifiedErrorId);
        Assert.Contains("AWS Tools for PowerShell 4.x", record.ErrorDetails.Message);
    }

    [Fact]
    public void EveryAwsErrorId_HasAMeaningInTheCatalogue()
    {
        var catalogue = ErrorIds.Catalogue().ToDictionary(p => p.Key, p => p.Value);
        foreach (var id in new[] { ErrorIds.AwsResourceNotFound, ErrorIds.AwsAccessDenied, ErrorIds.AwsConflict, ErrorIds.AwsThrottled, ErrorIds.AwsRegionNotResolved, ErrorIds.AwsProfileNotFound, ErrorIds.AwsSdkVersionConflict, ErrorIds.AwsCredentialsNeedInteraction })
        {
            Assert.False(string.IsNullOrWhiteSpace(catalogue[id]), id);
        }
    }
}

[Collection(ProcessEnvironmentCollection.Name)]
public class LambdaAliasCmdletSessionTests
{
    [Fact]
    public void StoredVariables_AreHonoured_AndTheSessionIsReusedWithinTheInvocation()
    {
        using var env = new EnvironmentScope();
        using var shell = PowerShellHost.Create();
        PowerShellHost.SetVariable(shell, "StoredAWSRegion", "eu-north-1");
        PowerShellHost.SetVariable(shell, "StoredAWSCredentials", new AWSPSCredentials(new BasicAWSCredentials("AKIDSTORED", "stored-secret"), "team", "Profile"));
        shell.AddCommand("Test-LambdaAliasBase").AddParameter("Mode", "session");

        var result = shell.Invoke().Single();

        Assert.Empty(shell.Streams.Error);
        Assert.Equal("eu-north-1", result.Properties["Region"].Value);
        Assert.Equal("StoredAWSCredentials", result.Properties["Source"].Value);
        Assert.Equal("team", result.Properties["ProfileName"].Value);
        Assert.Equal("https://lambda.eu-north-1.amazonaws.com", result.Properties["Lambda"].Value);
        Assert.True((bool)result.Properties["SameSessionAgain"].Value);
    }

    [Fact]
    public void ContextParameters_BindFromPipelineObjectsByPropertyName()
    {
        using var env = new EnvironmentScope().Set("AWS_ACCESS_KEY_ID", "AKIDENV").Set("AWS_SECRET_ACCESS_KEY", "env-secret");
        using var shell = PowerShellHost.Create();
        shell.AddScript("[pscustomobject]@{ Region = 'ap-south-1'; EndpointUrl = 'http://127.0.0.1:4566' }, [pscustomobject]@{ Region = 'cn-north-1' } | Test-LambdaAliasBase -Mode session");

        var results = shell.Invoke();

        Assert.Empty(shell.Streams.Error);
        Assert.Equal(new object[] { "ap-south-1", "cn-north-1" }, results.Select(r => r.Properties["Region"].Value));
        Assert.Equal("http://127.0.0.1:4566", results[0].Properties["Lambda"].Value);
        Assert.Equal("https://lambda.cn-north-1.amazonaws.com.cn", results[1].Properties["Lambda"].Value);
    }

    [Fact]
    public void NoRegion_IsATerminatingErrorSayingHowToSetOne()
    {
        using var env = new EnvironmentScope().Set("AWS_ACCESS_KEY_ID", "AKIDENV").Set("AWS_SECRET_ACCESS_KEY", "env-secret");
        using var shell = PowerShellHost.Create();
        shell.AddCommand("Test-LambdaAliasBase").AddParameter("Mode", "session");

        var error = Assert.ThrowsAny<RuntimeException>(() => shell.Invoke()).ErrorRecord;

        Assert.StartsWith(ErrorIds.AwsRegionNotResolved + ",", error.FullyQualifiedErrorId);
        Assert.Contains("-Region", error.ErrorDetails.Message);
    }

    [Fact]
    public void MissingProfile_IsATerminatingError()
    {
        using var env = new EnvironmentScope("[default]\naws_access_key_id = A\naws_secret_access_key = B\n");
        using var shell = PowerShellHost.Create();
        shell.AddCommand("Test-LambdaAliasBase").AddParameter("Mode", "session").AddParameter("ProfileName", "nope").AddParameter("Region", "us-east-1");

        var error = Assert.ThrowsAny<RuntimeException>(() => shell.Invoke()).ErrorRecord;

        Assert.StartsWith(ErrorIds.AwsProfileNotFound + ",", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
    }

    [Fact]
    public void CallLog_IsWrittenToVerbose_WithoutSecrets()
    {
        using var env = new EnvironmentScope();
        using var shell = PowerShellHost.Create();
        var handler = new FakeHandler()
            .Then(() => FakeHandler.AwsError(429, "TooManyRequestsException", "Rate exceeded"))
            .Then(() => FakeHandler.Json(200, "{}", ("x-amzn-RequestId", "req-verbose")));
        shell.AddCommand("Test-LambdaAliasBase").AddParameter("Mode", "call").AddParameter("Handler", handler)
            .AddParameter("Region", "us-east-1").AddParameter("AccessKey", "AKIDVERBOSE").AddParameter("SecretKey", "verbose-secret-key").AddParameter("SessionToken", "verbose-token")
            .AddParameter("Verbose");

        var output = shell.Invoke();

        Assert.Equal(200, (int)output.Single().BaseObject);
        var verbose = shell.Streams.Verbose.Select(v => v.Message).ToList();
        Assert.Contains(verbose, v => v.StartsWith("AWS Lambda GetFunction my-func:1 -> 200 in ") && v.Contains("1 retry") && v.Contains("req-verbose"));
        var all = string.Join("\n", verbose);
        foreach (var secret in new[] { "AKIDVERBOSE", "verbose-secret-key", "verbose-token", "Signature", "Authorization" }) Assert.DoesNotContain(secret, all);
    }

    [Fact]
    public void AccountId_ComesFromStsGetCallerIdentity()
    {
        using var env = new EnvironmentScope();
        using var shell = PowerShellHost.Create();
        var handler = new FakeHandler().Then(() => new HttpResponseMessage(System.Net.HttpStatusCode.OK)
        {
            Content = new StringContent("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult><Arn>arn:aws:iam::210987654321:user/me</Arn><UserId>AIDA</UserId><Account>210987654321</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>", System.Text.Encoding.UTF8, "text/xml"),
        });
        shell.AddCommand("Test-LambdaAliasBase").AddParameter("Mode", "account").AddParameter("Handler", handler)
            .AddParameter("Region", "eu-west-1").AddParameter("AccessKey", "AKIDACCOUNT").AddParameter("SecretKey", "s");

        var context = (AwsContext)shell.Invoke().Single().BaseObject;

        Assert.Equal("210987654321", context.AccountId);
        Assert.Equal("eu-west-1", context.Region);
        var sts = Assert.Single(handler.Seen);
        Assert.Equal("https://sts.eu-west-1.amazonaws.com/", sts.Uri.ToString());
        Assert.Equal("Action=GetCallerIdentity&Version=2011-06-15", sts.Body);
        Assert.Contains("/eu-west-1/sts/aws4_request", sts.Headers["Authorization"]);
    }
}
