using Xunit;

namespace LambdaAlias.Tests.Foundation;

public sealed class EnvironmentTests
{
    [Fact]
    public void InstanceMetadataIsDisabledForTestProcesses()
    {
        // Set by tests/test.runsettings: the SDK must never wait on, or reach, 169.254.169.254.
        Assert.Equal("true", Environment.GetEnvironmentVariable("AWS_EC2_METADATA_DISABLED"));
    }
}
