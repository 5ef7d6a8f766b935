using Xunit;

namespace LambdaAlias.Tests.Emulator.Fidelity;

/// <summary>The checker itself must catch what it exists to catch, or the fidelity tests prove nothing.</summary>
public class FidelityCheckerTests
{
    private static EmulatorResponse Response(int status, string body, string errorType = null)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (errorType != null) headers["x-amzn-ErrorType"] = errorType;
        return new EmulatorResponse { Status = status, Body = body, Headers = headers };
    }

    [Fact]
    public void ConformingAliasPasses()
    {
        var body = """{"AliasArn":"arn:aws:lambda:us-east-1:123456789012:function:f:live","Name":"live","FunctionVersion":"2","Description":"","RevisionId":"r1","RoutingConfig":{"AdditionalVersionWeights":{"1":0.1}}}""";
        Assert.Empty(FidelityChecker.Check("lambda", "GetAlias", Response(200, body)));
    }

    [Fact]
    public void UnknownMemberWrongTypeAndWrongStatusAreReported()
    {
        var body = """{"AliasArn":"x","Name":"live","FunctionVersion":2,"aliasName":"live"}""";
        var v = FidelityChecker.Check("lambda", "CreateAlias", Response(200, body));
        Assert.Contains(v, m => m.Contains("status 200, model says 201"));
        Assert.Contains(v, m => m.Contains("'aliasName' is not in AliasConfiguration"));
        Assert.Contains(v, m => m.Contains("$.FunctionVersion: expected string"));
    }

    [Fact]
    public void LocationNameIsTheWireName()
    {
        // API Gateway's RestApis.items travels as "item".
        Assert.Empty(FidelityChecker.Check("apigateway", "GetRestApis", Response(200, """{"item":[{"id":"a1","name":"n","createdDate":1700000000}]}""")));
        Assert.Contains(FidelityChecker.Check("apigateway", "GetRestApis", Response(200, """{"items":[]}""")), m => m.Contains("'items' is not in RestApis"));
        Assert.Contains(FidelityChecker.Check("apigateway", "GetRestApis", Response(200, """{"item":[{"id":"a1","createdDate":"2024-01-01T00:00:00Z"}]}""")),
            m => m.Contains("epoch-seconds"));
    }

    [Fact]
    public void EnumValuesAndNullsAreChecked()
    {
        var v = FidelityChecker.Check("lambda", "GetFunctionConfiguration", Response(200, """{"FunctionName":"f","Runtime":"cobol","State":null}"""));
        Assert.Contains(v, m => m.Contains("'cobol' is not a value of enum Runtime"));
        Assert.Contains(v, m => m.Contains("$.State: explicit null"));
    }

    [Fact]
    public void ErrorsMustBeDeclaredAndShapedAsTheModelSays()
    {
        Assert.Empty(FidelityChecker.Check("lambda", "GetAlias", Response(404, """{"Type":"User","Message":"Alias not found"}""", "ResourceNotFoundException")));
        Assert.Contains(FidelityChecker.Check("lambda", "GetAlias", Response(409, """{"Type":"User","message":"x"}""", "ResourceConflictException")),
            m => m.Contains("not declared by lambda.GetAlias"));
        Assert.Contains(FidelityChecker.Check("lambda", "GetAlias", Response(404, """{"Type":"User","message":"x"}""", "ResourceNotFoundException")),
            m => m.Contains("'message' is not in ResourceNotFoundException"));
        Assert.Contains(FidelityChecker.Check("lambda", "UpdateAlias", Response(400, """{"Type":"User","message":"x"}""", "PreconditionFailedException")),
            m => m.Contains("status 400, model says 412"));
        Assert.Empty(FidelityChecker.Check("lambda", "GetAlias", Response(403, """{"message":"Missing Authentication Token"}""", "MissingAuthenticationTokenException")));
    }

    [Fact]
    public void OperationWithoutOutputMustHaveAnEmptyBody()
    {
        Assert.Empty(FidelityChecker.Check("lambda", "DeleteAlias", Response(204, "")));
        Assert.NotEmpty(FidelityChecker.Check("lambda", "DeleteAlias", Response(204, """{"deleted":true}""")));
    }
}
