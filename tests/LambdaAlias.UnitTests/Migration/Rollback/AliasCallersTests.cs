using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Migration.Rollback;

/// <summary>Who calls an alias, derived from alias pins, and the drift properties a rollback judges.</summary>
public class AliasCallersTests
{
    private static LambdaIntegrationPin Pin(SourceKind source, Action<LambdaIntegrationPin> configure)
    {
        var pin = new LambdaIntegrationPin
        {
            FunctionName = "my-func", Qualifier = "live", AliasName = "live", PinKind = PinKind.Alias, SourceKind = source,
            Region = "us-east-1", AccountId = "123456789012", Permission = PermissionState.Granted,
        };
        configure(pin);
        return pin;
    }

    [Fact]
    public void A_REST_method_is_called_from_its_narrowest_execute_api_ARN()
    {
        var pin = Pin(SourceKind.RestApi, p => { p.RestApiId = "a1b2c3d4e5"; p.Routes = new[] { "ANY /{proxy+}" }; p.ApiName = "orders"; });
        var caller = Assert.Single(AliasCallers.FromPin(pin, "aws"));
        Assert.Equal(("apigateway.amazonaws.com", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/*/*"), (caller.Principal, caller.SourceArn));
        Assert.Equal("orders ANY /{proxy+}", caller.Description);
    }

    [Fact]
    public void A_method_without_routes_uses_its_method_and_path()
    {
        var pin = Pin(SourceKind.RestApi, p => { p.RestApiId = "api"; p.HttpMethod = "GET"; p.ResourcePath = "/orders/{id}"; });
        Assert.Equal("arn:aws:execute-api:us-east-1:123456789012:api/*/GET/orders/*", Assert.Single(AliasCallers.FromPin(pin, "aws")).SourceArn);
    }

    [Fact]
    public void An_authorizer_is_called_from_its_authorizer_ARN_not_from_the_routes_it_guards()
    {
        var pin = Pin(SourceKind.RestAuthorizer, p => { p.RestApiId = "a1"; p.AuthorizerId = "auth01"; p.Routes = new[] { "GET /orders" }; });
        Assert.Equal("arn:aws:execute-api:us-east-1:123456789012:a1/authorizers/auth01", Assert.Single(AliasCallers.FromPin(pin, "aws")).SourceArn);
    }

    [Fact]
    public void HTTP_API_routes_and_a_stage_variable_in_another_partition()
    {
        var http = Pin(SourceKind.HttpApi, p => { p.ApiId = "h1"; p.Routes = new[] { "GET /items", "$default", "GET /items" }; });
        Assert.Equal(new[] { "arn:aws:execute-api:us-east-1:123456789012:h1/*/GET/items", "arn:aws:execute-api:us-east-1:123456789012:h1/*/$default" },
            AliasCallers.FromPin(http, "aws").Select(c => c.SourceArn));
        var stageVariable = Pin(SourceKind.StageVariable, p => { p.RestApiId = "s7"; p.Region = "cn-north-1"; p.Routes = new[] { "GET /orders" }; });
        Assert.Equal("arn:aws-cn:execute-api:cn-north-1:123456789012:s7/*/GET/orders", Assert.Single(AliasCallers.FromPin(stageVariable, "aws-cn")).SourceArn);
    }

    [Fact]
    public void Mappings_policies_and_role_invocations_do_not_go_through_the_alias_policy()
    {
        Assert.Empty(AliasCallers.FromPin(Pin(SourceKind.EventSourceMapping, p => p.EventSourceMappingUuid = "u"), "aws"));
        Assert.Empty(AliasCallers.FromPin(Pin(SourceKind.ResourcePolicy, p => p.SourceArn = "arn:aws:sns:us-east-1:123456789012:t"), "aws"));
        Assert.Empty(AliasCallers.FromPin(Pin(SourceKind.RestApi, p => { p.RestApiId = "a"; p.Routes = new[] { "GET /x" }; p.CredentialsRole = "arn:aws:iam::123456789012:role/r"; }), "aws"));
        Assert.Empty(AliasCallers.FromPin(Pin(SourceKind.RestApi, p => { p.RestApiId = "a"; p.Routes = new[] { "GET /x" }; p.Permission = PermissionState.ViaRole; }), "aws"));
    }

    [Fact]
    public void For_keeps_only_alias_pins_of_that_function_and_alias_without_duplicates()
    {
        var pins = new[]
        {
            Pin(SourceKind.RestApi, p => { p.RestApiId = "a"; p.Routes = new[] { "GET /x" }; }),
            Pin(SourceKind.RestApi, p => { p.RestApiId = "a"; p.Routes = new[] { "GET /x" }; p.Location = "another stage"; }),
            Pin(SourceKind.RestApi, p => { p.RestApiId = "b"; p.Routes = new[] { "GET /y" }; p.AliasName = "beta"; p.Qualifier = "beta"; }),
            Pin(SourceKind.RestApi, p => { p.RestApiId = "c"; p.Routes = new[] { "GET /z" }; p.FunctionName = "other"; }),
            Pin(SourceKind.RestApi, p => { p.RestApiId = "d"; p.Routes = new[] { "GET /v" }; p.PinKind = PinKind.Version; p.Qualifier = "1"; p.AliasName = null; }),
        };
        Assert.Equal(new[] { "arn:aws:execute-api:us-east-1:123456789012:a/*/GET/x" }, AliasCallers.For(pins, "my-func", "live", "aws").Select(c => c.SourceArn));
    }

    [Fact]
    public void Rollback_drift_judges_vpc_environment_names_runtime_role_and_layers_only()
    {
        var current = new FunctionConfigSnapshot
        {
            Version = "2", Runtime = "python3.12", Role = "r2", Handler = "h2", MemorySize = 512, SubnetIds = new[] { "subnet-1" }, SecurityGroupIds = new[] { "sg-1" },
            EnvironmentVariableNames = new[] { "A", "B" }, Layers = new[] { "l:2" },
        };
        var target = new FunctionConfigSnapshot { Version = "1", Runtime = "python3.9", Role = "r1", Handler = "h1", MemorySize = 128, EnvironmentVariableNames = new[] { "A" }, Layers = new[] { "l:1" } };
        var drift = RollbackDrift.Compare(target, current);
        Assert.Equal(new[] { "VpcConfig", "EnvironmentVariableNames", "Runtime", "Layers", "Role" }, drift.Select(d => d.Property));
        var vpc = drift.First();
        Assert.Null(vpc.PinnedValue);
        Assert.Contains("subnet-1", vpc.OtherValue);
    }
}
