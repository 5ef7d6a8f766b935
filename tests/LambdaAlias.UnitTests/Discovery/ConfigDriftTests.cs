using System.Linq;
using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Discovery
{
    public class ConfigDriftTests
    {
        // my-func in the demo: v1 has no VPC and env {TABLE_NAME}; v2 ($LATEST alike) adds the VPC and DB_SECRET_ARN.
        private static FunctionConfigSnapshot MyFunc(string version, bool v2Config) => new FunctionConfigSnapshot
        {
            Version = version,
            FunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:my-func:" + version,
            Runtime = "python3.12",
            Handler = "app.handler",
            Role = "arn:aws:iam::123456789012:role/my-func-role",
            MemorySize = 128,
            Timeout = 3,
            SubnetIds = v2Config ? new[] { "subnet-0a1" } : new string[0],
            SecurityGroupIds = v2Config ? new[] { "sg-0b2" } : new string[0],
            VpcId = v2Config ? "vpc-0c3" : null,
            EnvironmentVariableNames = v2Config ? new[] { "TABLE_NAME", "DB_SECRET_ARN" } : new[] { "TABLE_NAME" },
            Architectures = new[] { "x86_64" },
            State = "Active",
        };

        [Fact]
        public void Demo_drift_between_my_func_1_and_2()
        {
            var drift = ConfigDrift.Compare(MyFunc("1", false), MyFunc("2", true));
            Assert.Equal(new[] { "VpcConfig", "EnvironmentVariableNames" }, drift.Select(d => d.Property));
            Assert.All(drift, d => Assert.Equal("2", d.ComparedWith));
            Assert.Null(drift[0].PinnedValue);
            Assert.Equal("vpc-0c3: subnets subnet-0a1; security groups sg-0b2", drift[0].OtherValue);
            Assert.Equal("TABLE_NAME", drift[1].PinnedValue);
            Assert.Equal("DB_SECRET_ARN, TABLE_NAME", drift[1].OtherValue);
            Assert.Equal("VpcConfig: (none) -> vpc-0c3: subnets subnet-0a1; security groups sg-0b2 (2)", drift[0].ToString());
        }

        [Fact]
        public void CompareAll_covers_latest_published_and_LATEST_but_not_the_pinned_version_itself()
        {
            var all = ConfigDrift.CompareAll(MyFunc("1", false), MyFunc("2", true), MyFunc("$LATEST", true));
            Assert.Equal(new[] { "2", "2", "$LATEST", "$LATEST" }, all.Select(d => d.ComparedWith));

            var pinnedIsLatest = ConfigDrift.CompareAll(MyFunc("2", true), MyFunc("2", true), MyFunc("$LATEST", true));
            Assert.Empty(pinnedIsLatest);

            Assert.Empty(ConfigDrift.CompareAll(null, MyFunc("2", true), null));
            Assert.Equal(2, ConfigDrift.CompareAll(MyFunc("1", false), null, MyFunc("$LATEST", true)).Length);
        }

        [Fact]
        public void Every_property_is_compared_in_a_fixed_order()
        {
            var pinned = MyFunc("1", false);
            var other = new FunctionConfigSnapshot
            {
                Version = "5",
                Runtime = "python3.13",
                Handler = "app.main",
                Role = "arn:aws:iam::123456789012:role/other",
                MemorySize = 512,
                Timeout = 30,
                SubnetIds = new[] { "subnet-2", "subnet-1" },
                SecurityGroupIds = new[] { "sg-1" },
                EnvironmentVariableNames = new[] { "B", "A" },
                Layers = new[] { "arn:aws:lambda:us-east-1:123456789012:layer:common:4" },
                Architectures = new[] { "arm64" },
                State = "Inactive",
            };
            var drift = ConfigDrift.Compare(pinned, other);
            Assert.Equal(ConfigDrift.Properties, drift.Select(d => d.Property));
            Assert.Equal("VPC: subnets subnet-1, subnet-2; security groups sg-1", drift[0].OtherValue);
            Assert.Equal("A, B", drift[1].OtherValue);
            Assert.Null(drift.Single(d => d.Property == "Layers").PinnedValue);
            Assert.Equal("128 MB", drift.Single(d => d.Property == "MemorySize").PinnedValue);
            Assert.Equal("512 MB", drift.Single(d => d.Property == "MemorySize").OtherValue);
            Assert.Equal("3 s", drift.Single(d => d.Property == "Timeout").PinnedValue);
            Assert.Equal("x86_64", drift.Single(d => d.Property == "Architectures").PinnedValue);
            Assert.Equal("Inactive", drift.Single(d => d.Property == "State").OtherValue);
        }

        [Fact]
        public void Sets_ignore_order_but_layers_do_not()
        {
            var a = new FunctionConfigSnapshot { Version = "1", EnvironmentVariableNames = new[] { "A", "B" }, SubnetIds = new[] { "s1", "s2" }, SecurityGroupIds = new[] { "g" }, Layers = new[] { "l1", "l2" } };
            var b = new FunctionConfigSnapshot { Version = "2", EnvironmentVariableNames = new[] { "B", "A" }, SubnetIds = new[] { "s2", "s1" }, SecurityGroupIds = new[] { "g" }, Layers = new[] { "l2", "l1" } };
            var drift = ConfigDrift.Compare(a, b);
            var layers = Assert.Single(drift);
            Assert.Equal("Layers", layers.Property);
            Assert.Equal("l1, l2", layers.PinnedValue);
            Assert.Equal("l2, l1", layers.OtherValue);
        }

        [Fact]
        public void Null_and_empty_values_are_the_same()
        {
            var a = new FunctionConfigSnapshot { Version = "1", Runtime = "", Handler = null, EnvironmentVariableNames = null, Layers = null, Architectures = new string[0] };
            var b = new FunctionConfigSnapshot { Version = "2", Runtime = null, Handler = "", EnvironmentVariableNames = new string[0], Layers = new string[0], Architectures = null };
            Assert.Empty(ConfigDrift.Compare(a, b));
            Assert.Empty(ConfigDrift.Compare(a, null));
        }

        [Fact]
        public void Environment_values_never_appear()
        {
            // The snapshot has no place for values; names are all that can show. Guard that a name-only change is reported.
            var drift = ConfigDrift.Compare(new FunctionConfigSnapshot { Version = "1", EnvironmentVariableNames = new[] { "SECRET" } }, new FunctionConfigSnapshot { Version = "2", EnvironmentVariableNames = new[] { "SECRET", "NEW" } });
            Assert.Equal("NEW, SECRET", Assert.Single(drift).OtherValue);
        }
    }
}
