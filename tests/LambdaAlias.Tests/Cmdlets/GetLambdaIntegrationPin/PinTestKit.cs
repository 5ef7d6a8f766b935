using System.Management.Automation;
using LambdaAlias.Emulator;
using LambdaAlias.Tests.Harness;
using Xunit;

namespace LambdaAlias.Tests.Cmdlets.GetLambdaIntegrationPin;

/// <summary>Runs Get-LambdaIntegrationPin through the real module in a hosted engine against the demo account.</summary>
public sealed class PinSession : IDisposable
{
    public const string Account = "123456789012";
    public const string Region = "us-east-1";

    public PinSession(EmulatorHost host, HarnessOptions options = null)
    {
        Host = host;
        Host.Reset();
        Harness = PowerShellHarness.Create(options);
        Harness.SetVariable("common", new System.Collections.Hashtable
        {
            ["EndpointUrl"] = host.BaseUrl,
            ["Region"] = Region,
            ["AccessKey"] = "test",
            ["SecretKey"] = "test",
        });
    }

    public EmulatorHost Host { get; }
    public PowerShellHarness Harness { get; }

    /// <summary>Runs a script in which <c>@common</c> splats the emulator's endpoint, region and test credentials.</summary>
    public HarnessResult Run(string script) => Harness.Run(script);

    public HarnessResult Render(string script) => Harness.Render(script);

    /// <summary>The pins of a run's output.</summary>
    public static IReadOnlyList<LambdaPinView> Pins(HarnessResult result) =>
        result.Output.Where(o => o?.BaseObject?.GetType().FullName == "LambdaAlias.LambdaIntegrationPin").Select(o => new LambdaPinView(o)).ToList();

    public void Dispose() => Harness.Dispose();
}

/// <summary>A pin read through PowerShell's adapter: the test assembly does not reference the module, as a user's
/// script does not.</summary>
public sealed class LambdaPinView
{
    public LambdaPinView(PSObject pin) { Object = pin; }

    public PSObject Object { get; }
    public string FunctionName => (string)Object.Prop("FunctionName");
    public string FunctionArn => (string)Object.Prop("FunctionArn");
    public string Qualifier => (string)Object.Prop("Qualifier");
    public string QualifiedName => (string)Object.Prop("QualifiedName");
    public string AliasName => (string)Object.Prop("AliasName");
    public string PinKind => Object.Prop("PinKind")?.ToString();
    public string SourceKind => Object.Prop("SourceKind")?.ToString();
    public string LiveState => Object.Prop("LiveState")?.ToString();
    public string Permission => Object.Prop("Permission")?.ToString();
    public string PermissionDetail => (string)Object.Prop("PermissionDetail");
    public string Location => (string)Object.Prop("Location");
    public string RestApiId => (string)Object.Prop("RestApiId");
    public string ApiId => (string)Object.Prop("ApiId");
    public string ResourcePath => (string)Object.Prop("ResourcePath");
    public string ResourceId => (string)Object.Prop("ResourceId");
    public string HttpMethod => (string)Object.Prop("HttpMethod");
    public string AuthorizerId => (string)Object.Prop("AuthorizerId");
    public string IntegrationId => (string)Object.Prop("IntegrationId");
    public string StageVariableName => (string)Object.Prop("StageVariableName");
    public bool IsCanaryOverride => (bool)Object.Prop("IsCanaryOverride");
    public string EventSourceMappingUuid => (string)Object.Prop("EventSourceMappingUuid");
    public string PinnedVersion => (string)Object.Prop("PinnedVersion");
    public string LatestPublishedVersion => (string)Object.Prop("LatestPublishedVersion");
    public int? VersionsBehind => (int?)Object.Prop("VersionsBehind");
    public bool FunctionDetailsKnown => (bool)Object.Prop("FunctionDetailsKnown");
    public string RawUri => (string)Object.Prop("RawUri");
    public string ManagedBy => (string)Object.Prop("ManagedBy");
    public string Region => (string)Object.Prop("Region");
    public string AccountId => (string)Object.Prop("AccountId");
    public string ProfileName => (string)Object.Prop("ProfileName");
    public string EndpointUrl => (string)Object.Prop("EndpointUrl");
    public string[] Stages => (string[])Object.Prop("Stages");
    public string[] Routes => (string[])Object.Prop("Routes");
    public string[] Echoes => (string[])Object.Prop("Echoes");
    public string[] AliasesAtPinnedVersion => (string[])Object.Prop("AliasesAtPinnedVersion");

    /// <summary>"Property (ComparedWith): pinned -> other" for each drift line.</summary>
    public IReadOnlyList<(string Property, string ComparedWith, string Pinned, string Other)> Drift =>
        ((System.Collections.IEnumerable)Object.Prop("ConfigDrift")).Cast<object>().Select(d => PSObject.AsPSObject(d))
            .Select(d => ((string)d.Prop("Property"), (string)d.Prop("ComparedWith"), (string)d.Prop("PinnedValue"), (string)d.Prop("OtherValue"))).ToList();

    /// <summary>"my-func:1 RestApi GET /orders": a stable identity for set comparisons.</summary>
    public string Key => QualifiedName + " " + SourceKind + " " + (SourceKind == "StageVariable"
        ? Stages.FirstOrDefault() + (IsCanaryOverride ? " override" : string.Empty)
        : SourceKind == "EventSourceMapping" ? EventSourceMappingUuid
        : SourceKind.EndsWith("Authorizer", StringComparison.Ordinal) ? AuthorizerId
        : string.Join(",", Routes));

    public override string ToString() => Key + " | " + Location;
}
