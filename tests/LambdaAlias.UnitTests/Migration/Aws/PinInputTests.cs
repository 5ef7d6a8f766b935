using System.Collections;
using System.Management.Automation;
using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Migration.Aws;

public class PinInputTests
{
    [Fact]
    public void ALivePin_PassesThroughUnchanged()
    {
        var pin = Demo.RestOrders();
        Assert.True(PinInput.TryConvert(new PSObject(pin), out var converted, out var problem), problem);
        Assert.Same(pin, converted);
    }

    [Fact]
    public void ADeserializedPin_IsRebuiltByPropertyName_WithEnumsArraysAndStages()
    {
        var original = Demo.StageVariableCanary();
        original.ConfigDrift = new[] { new ConfigDifference { Property = "VpcConfig", ComparedWith = "2", PinnedValue = null, OtherValue = "subnet-0a1" } };
        original.EndpointUrl = "http://127.0.0.1:4566";
        var deserialized = PSSerializer.Deserialize(PSSerializer.Serialize(original, 5));
        var pso = Assert.IsType<PSObject>(deserialized);
        Assert.Contains("Deserialized.LambdaAlias.LambdaIntegrationPin", pso.TypeNames);

        Assert.True(PinInput.TryConvert(pso, out var pin, out var problem), problem);
        Assert.NotSame(original, pin);
        Assert.Equal(original.FunctionName, pin.FunctionName);
        Assert.Equal(PinKind.Version, pin.PinKind);
        Assert.Equal(SourceKind.StageVariable, pin.SourceKind);
        Assert.Equal("3", pin.PinnedVersion);
        Assert.True(pin.IsCanaryOverride);
        Assert.Equal(original.Routes, pin.Routes);
        Assert.Equal(original.Stages, pin.Stages);
        var serving = Assert.Single(pin.ServedBy);
        Assert.Equal(("prod", true, "d-svcanary"), (serving.StageName, serving.IsCanary, serving.DeploymentId));
        Assert.Equal(LiveState.Live, pin.LiveState);
        Assert.Equal("VpcConfig", Assert.Single(pin.ConfigDrift).Property);
        Assert.Equal(("us-east-1", "123456789012", "http://127.0.0.1:4566"), (pin.Region, pin.AccountId, pin.EndpointUrl));
        Assert.Equal(original.Location, pin.Location);
        // The rebuilt pin is the same source to the planner.
        Assert.Equal(SourceObservation.IdentityOf(original).StageName, SourceObservation.IdentityOf(pin).StageName);
    }

    [Fact]
    public void AHashtableWithThePinsPropertyNames_IsAccepted_CaseInsensitively()
    {
        var table = new Hashtable
        {
            ["functionname"] = "queue-func", ["PinKind"] = "version", ["SourceKind"] = "EventSourceMapping", ["PinnedVersion"] = "1",
            ["EventSourceMappingUuid"] = Demo.EsmUuid, ["Routes"] = new ArrayList { "a", "b" },
        };
        Assert.True(PinInput.TryConvert(new PSObject(table), out var pin, out var problem), problem);
        Assert.Equal(("queue-func", PinKind.Version, SourceKind.EventSourceMapping, Demo.EsmUuid), (pin.FunctionName, pin.PinKind, pin.SourceKind, pin.EventSourceMappingUuid));
        Assert.Equal(new[] { "a", "b" }, pin.Routes);
    }

    public static IEnumerable<object[]> NotPins => new[]
    {
        new object[] { null, "null" },
        new object[] { "my-func:1", "not a LambdaAlias.LambdaIntegrationPin" },
        new object[] { 42, "not a LambdaAlias.LambdaIntegrationPin" },
        new object[] { new PSObject(new Hashtable { ["PinKind"] = "Version", ["SourceKind"] = "RestApi" }), "no FunctionName" },
        new object[] { new PSObject(new Hashtable { ["FunctionName"] = "f", ["SourceKind"] = "RestApi" }), "no PinKind" },
        new object[] { new PSObject(new Hashtable { ["FunctionName"] = "f", ["PinKind"] = "Frozen", ["SourceKind"] = "RestApi" }), "PinKind 'Frozen'" },
        new object[] { new PSObject(new Hashtable { ["FunctionName"] = "f", ["PinKind"] = "Version", ["SourceKind"] = "Queue", ["PinnedVersion"] = "1" }), "SourceKind 'Queue'" },
        new object[] { new PSObject(new Hashtable { ["FunctionName"] = "f", ["PinKind"] = "Version", ["SourceKind"] = "RestApi", ["PinnedVersion"] = "1", ["RestApiId"] = "a1" }), "lacks ResourceId, HttpMethod" },
        new object[] { new PSObject(new Hashtable { ["FunctionName"] = "f", ["PinKind"] = "Version", ["SourceKind"] = "RestApi", ["RestApiId"] = "a", ["ResourceId"] = "r", ["HttpMethod"] = "GET" }), "no PinnedVersion" },
        new object[] { new PSObject(new Hashtable { ["FunctionName"] = "f", ["PinKind"] = "Version", ["SourceKind"] = "StageVariable", ["PinnedVersion"] = "1", ["RestApiId"] = "a", ["StageVariableName"] = "v" }), "names no stage" },
        new object[] { new PSObject(new { Name = "not a pin" }), "not a LambdaAlias.LambdaIntegrationPin" },
    };

    [Theory]
    [MemberData(nameof(NotPins))]
    public void WhatIsNotAPin_IsRefused_WithAReason(object input, string reason)
    {
        Assert.False(PinInput.TryConvert(input, out var pin, out var problem));
        Assert.Null(pin);
        Assert.Contains(reason, problem);
    }
}
