using LambdaAlias;

namespace LambdaAlias.UnitTests.Migration;

/// <summary>
/// The emulator's demo scenario (DEMO.md) as scan pins and as the observation the cmdlet would read just before planning.
/// Each call builds fresh objects, so a test can change them freely.
/// </summary>
internal static class Demo
{
    public const string Account = "123456789012";
    public const string Region = "us-east-1";
    public const string RestApi = "a1b2c3d4e5";
    public const string RestApiName = "dev-lambda-my-func:1-API";
    public const string StageVarApi = "s7t8u9v0w1";
    public const string HttpApi = "h1t2t3p4a5";
    public const string EsmUuid = "6f1e0c4a-0000-4000-8000-0000000000e1";

    public static string FunctionArn(string name) => $"arn:aws:lambda:{Region}:{Account}:function:{name}";
    public static string InvocationsUri(string qualifiedName) =>
        $"arn:aws:apigateway:{Region}:lambda:path/2015-03-31/functions/arn:aws:lambda:{Region}:{Account}:function:{qualifiedName}/invocations";
    public static string ExecuteApi(string rest) => $"arn:aws:execute-api:{Region}:{Account}:{rest}";

    // ------------------------------------------------------------------ pins

    private static LambdaIntegrationPin Base(string function, string qualifier, PinKind kind, SourceKind source) => new()
    {
        FunctionName = function, FunctionArn = FunctionArn(function), Qualifier = qualifier, PinKind = kind,
        PinnedVersion = kind == PinKind.Latest ? "$LATEST" : qualifier, SourceKind = source, FunctionDetailsKnown = true,
        Region = Region, AccountId = Account, Permission = PermissionState.Granted,
    };

    public static LambdaIntegrationPin RestProxy() => RestMethod("res-proxy", "ANY", "/{proxy+}");
    public static LambdaIntegrationPin RestOrders() => RestMethod("res-orders", "GET", "/orders");

    public static LambdaIntegrationPin RestMethod(string resourceId, string method, string path, string stage = "dev")
    {
        var pin = Base("my-func", "1", PinKind.Version, SourceKind.RestApi);
        pin.RestApiId = RestApi; pin.ApiName = RestApiName; pin.ResourceId = resourceId; pin.ResourcePath = path; pin.HttpMethod = method;
        pin.Routes = new[] { $"{method} {path}" }; pin.RawUri = InvocationsUri("my-func:1");
        pin.Location = $"REST {RestApiName} ({RestApi}) {method} {path}";
        pin.Stages = new[] { stage }; pin.ServedBy = new[] { new StageServing { StageName = stage, DeploymentId = "d-a1dev" } };
        pin.LiveState = LiveState.Live; pin.ManagedBy = "CloudFormation stack dev-orders-stack";
        return pin;
    }

    public static LambdaIntegrationPin Authorizer()
    {
        var pin = Base("auth-func", "1", PinKind.Version, SourceKind.RestAuthorizer);
        pin.RestApiId = RestApi; pin.ApiName = RestApiName; pin.AuthorizerId = "auth01"; pin.RawUri = InvocationsUri("auth-func:1");
        pin.Location = $"REST {RestApiName} ({RestApi}) authorizer token-auth";
        pin.Stages = new[] { "dev" }; pin.ServedBy = new[] { new StageServing { StageName = "dev", DeploymentId = "d-a1dev" } };
        pin.LiveState = LiveState.Live; pin.Routes = new[] { "GET /orders" };
        return pin;
    }

    public static LambdaIntegrationPin StageVariableProd() => StageVariable(canary: false);
    public static LambdaIntegrationPin StageVariableCanary() => StageVariable(canary: true);

    private static LambdaIntegrationPin StageVariable(bool canary)
    {
        var pin = Base("stagevar-func", canary ? "3" : "2", PinKind.Version, SourceKind.StageVariable);
        pin.Qualifier = "${stageVariables.lambdaAlias}";
        pin.RestApiId = StageVarApi; pin.ApiName = "stagevar-api"; pin.ResourceId = "sv-orders"; pin.ResourcePath = "/orders"; pin.HttpMethod = "GET";
        pin.StageVariableName = "lambdaAlias"; pin.IsCanaryOverride = canary; pin.Routes = new[] { "GET /orders" };
        pin.RawUri = InvocationsUri("stagevar-func:${stageVariables.lambdaAlias}");
        pin.Stages = new[] { canary ? "prod (canary)" : "prod" };
        pin.ServedBy = new[] { new StageServing { StageName = "prod", IsCanary = canary, DeploymentId = canary ? "d-svcanary" : "d-svprod" } };
        pin.Location = $"REST stagevar-api ({StageVarApi}) stage prod{(canary ? " (canary)" : "")} variable lambdaAlias";
        pin.LiveState = LiveState.Live;
        return pin;
    }

    public static LambdaIntegrationPin HttpGet()
    {
        var pin = Base("http-func", "1", PinKind.Version, SourceKind.HttpApi);
        pin.ApiId = HttpApi; pin.ApiName = "items-http-api"; pin.IntegrationId = "int-items-get"; pin.Routes = new[] { "GET /items" };
        pin.RawUri = FunctionArn("http-func") + ":1"; pin.Stages = new[] { "$default" }; pin.LiveState = LiveState.NotApplicable;
        pin.Location = $"HTTP items-http-api ({HttpApi}) GET /items";
        return pin;
    }

    public static LambdaIntegrationPin HttpPostLatest()
    {
        var pin = Base("http-func", null, PinKind.Latest, SourceKind.HttpApi);
        pin.ApiId = HttpApi; pin.ApiName = "items-http-api"; pin.IntegrationId = "int-items-post"; pin.Routes = new[] { "POST /items" };
        pin.RawUri = InvocationsUri("http-func"); pin.Stages = new[] { "$default" }; pin.LiveState = LiveState.NotApplicable;
        pin.Location = $"HTTP items-http-api ({HttpApi}) POST /items";
        return pin;
    }

    public static LambdaIntegrationPin Esm()
    {
        var pin = Base("queue-func", "1", PinKind.Version, SourceKind.EventSourceMapping);
        pin.EventSourceMappingUuid = EsmUuid; pin.EventSourceArn = $"arn:aws:sqs:{Region}:{Account}:orders-queue";
        pin.RawUri = FunctionArn("queue-func") + ":1"; pin.LiveState = LiveState.NotApplicable; pin.Permission = PermissionState.Unknown;
        pin.Location = $"event source mapping {EsmUuid} (orders-queue)";
        return pin;
    }

    public static LambdaIntegrationPin AliasedHealth()
    {
        var pin = Base("aliased-func", "live", PinKind.Alias, SourceKind.RestApi);
        pin.AliasName = "live"; pin.PinnedVersion = "2"; pin.RestApiId = "k2l3m4n5o6"; pin.ResourceId = "res-health"; pin.HttpMethod = "GET"; pin.ResourcePath = "/health";
        pin.Location = "REST aliased-api (k2l3m4n5o6) GET /health";
        return pin;
    }

    /// <summary>The default scan: every Version pin of the demo.</summary>
    public static List<LambdaIntegrationPin> DefaultScan() => new()
    {
        RestProxy(), RestOrders(), Authorizer(), StageVariableProd(), StageVariableCanary(), HttpGet(), Esm(),
    };

    // ------------------------------------------------------------------ observation

    public static PolicyStatement Allow(string sid, string sourceArnRest, string qualifiedResource) => new()
    {
        Sid = sid, Effect = "Allow", Principal = "apigateway.amazonaws.com", IsServicePrincipal = true, Action = "lambda:InvokeFunction",
        Resource = FunctionArn(qualifiedResource), SourceArn = ExecuteApi(sourceArnRest),
    };

    private static QualifierPolicy Policy(string qualifier, params PolicyStatement[] statements) => new()
    {
        Qualifier = qualifier, Statements = statements.ToList(), RevisionId = "rev-policy-" + qualifier,
    };

    private static List<VersionState> Versions(params string[] versions) =>
        versions.Select(v => new VersionState { Version = v, CodeSha256 = "sha-" + v, State = "Active" }).ToList();

    public static MigrationObservation Observation()
    {
        var obs = new MigrationObservation { CallerAccountId = Account, Region = Region, Partition = "aws" };
        obs.Functions.Add(new FunctionObservation
        {
            FunctionName = "my-func", FunctionArn = FunctionArn("my-func"), Versions = Versions("1", "2"),
            LatestCodeSha256 = "sha-2", LatestRevisionId = "rev-my-latest", LatestLastUpdateStatus = "Successful",
            Policies = { Policy("1", Allow("apigw-dev-orders", $"{RestApi}/*/*/*", "my-func:1")) },
        });
        obs.Functions.Add(new FunctionObservation
        {
            FunctionName = "auth-func", FunctionArn = FunctionArn("auth-func"), Versions = Versions("1"),
            LatestCodeSha256 = "sha-1", LatestRevisionId = "rev-auth-latest", LatestLastUpdateStatus = "Successful",
            Policies = { Policy("1", Allow("apigw-auth", $"{RestApi}/authorizers/auth01", "auth-func:1")) },
        });
        obs.Functions.Add(new FunctionObservation
        {
            FunctionName = "stagevar-func", FunctionArn = FunctionArn("stagevar-func"), Versions = Versions("1", "2", "3"),
            LatestCodeSha256 = "sha-3", LatestRevisionId = "rev-sv-latest", LatestLastUpdateStatus = "Successful",
            Aliases = { new AliasState { Name = "staging", FunctionVersion = "3", RevisionId = "rev-staging" } },
            Policies =
            {
                Policy("2", Allow("sv-2", $"{StageVarApi}/*/GET/orders", "stagevar-func:2")),
                Policy("3", Allow("sv-3", $"{StageVarApi}/*/GET/orders", "stagevar-func:3")),
                Policy("staging", Allow("sv-staging", $"{StageVarApi}/*/GET/orders", "stagevar-func:staging")),
            },
        });
        obs.Functions.Add(new FunctionObservation
        {
            FunctionName = "http-func", FunctionArn = FunctionArn("http-func"), Versions = Versions("1"),
            LatestCodeSha256 = "sha-newer", LatestRevisionId = "rev-http-latest", LatestLastUpdateStatus = "Successful",
            Policies =
            {
                Policy("1", Allow("http-get", $"{HttpApi}/*/GET/items", "http-func:1")),
                Policy("", Allow("http-post", $"{HttpApi}/*/POST/items", "http-func")),
            },
        });
        obs.Functions.Add(new FunctionObservation
        {
            FunctionName = "queue-func", FunctionArn = FunctionArn("queue-func"), Versions = Versions("1", "2"),
            LatestCodeSha256 = "sha-2", LatestRevisionId = "rev-q-latest", LatestLastUpdateStatus = "Successful",
        });
        obs.Functions.Add(new FunctionObservation
        {
            FunctionName = "aliased-func", FunctionArn = FunctionArn("aliased-func"), Versions = Versions("1", "2"),
            Aliases = { new AliasState { Name = "live", FunctionVersion = "2", RevisionId = "rev-aliased" } },
        });

        obs.Apis.Add(new ApiObservation
        {
            ApiId = RestApi, Name = RestApiName, ManagedBy = "CloudFormation stack dev-orders-stack",
            Stages = { new StageObservation { StageName = "dev", DeploymentId = "d-a1dev" } },
        });
        obs.Apis.Add(new ApiObservation
        {
            ApiId = StageVarApi, Name = "stagevar-api",
            Stages =
            {
                new StageObservation { StageName = "staging", DeploymentId = "d-svstaging", Variables = { ["lambdaAlias"] = "staging" } },
                new StageObservation
                {
                    StageName = "prod", DeploymentId = "d-svprod", Variables = { ["lambdaAlias"] = "2" },
                    CanaryDeploymentId = "d-svcanary", CanaryPercentTraffic = 10, CanaryVariableOverrides = { ["lambdaAlias"] = "3" },
                },
            },
            StageVariableReaders =
            {
                Reader("prod", false, "sv-orders", "GET", "/orders", "2"),
                Reader("prod", true, "sv-orders", "GET", "/orders", "3"),
                Reader("prod", true, "sv-health", "GET", "/health", "3"),
                Reader("staging", false, "sv-orders", "GET", "/orders", "staging"),
            },
        });
        obs.Apis.Add(new ApiObservation
        {
            ApiId = HttpApi, IsV2 = true, ProtocolType = "HTTP", Name = "items-http-api",
            Stages = { new StageObservation { StageName = "$default", AutoDeploy = true } },
        });

        foreach (var pin in DefaultScan().Append(HttpPostLatest()))
        {
            var source = SourceObservation.IdentityOf(pin);
            if (pin.SourceKind == SourceKind.StageVariable)
                source.Draft = new InvocationTarget { FunctionName = pin.FunctionName, Qualifier = pin.PinnedVersion, Raw = pin.PinnedVersion };
            else
                source.Draft = new InvocationTarget { FunctionName = pin.FunctionName, Qualifier = pin.PinKind == PinKind.Latest ? null : pin.Qualifier, Raw = pin.RawUri };
            if (pin.SourceKind is SourceKind.RestApi or SourceKind.RestAuthorizer)
                source.Stages = new List<StageTarget> { new() { StageName = "dev", DeploymentId = "d-a1dev", FunctionName = pin.FunctionName, Qualifier = pin.Qualifier } };
            if (pin.SourceKind == SourceKind.RestAuthorizer) source.DisplayName = "token-auth";
            obs.Sources.Add(source);
        }
        return obs;
    }

    private static StageVariableReader Reader(string stage, bool canary, string resourceId, string method, string path, string qualifier) => new()
    {
        VariableName = "lambdaAlias", StageName = stage, IsCanary = canary, SourceKind = SourceKind.RestApi, ResourceId = resourceId,
        HttpMethod = method, ResourcePath = path, FunctionName = "stagevar-func", FunctionArn = FunctionArn("stagevar-func"), Qualifier = qualifier,
    };

    /// <summary>The observation after a complete migration to "live": aliases, copied statements, sources on the alias.</summary>
    public static MigrationObservation MigratedObservation(MigrationPlan plan)
    {
        var after = Observation();
        foreach (var step in plan.Steps)
        {
            switch (step.Operation)
            {
                case AliasOperation a:
                    var fn = after.Functions.Single(f => f.FunctionName == a.FunctionName);
                    fn.Aliases.RemoveAll(x => x.Name == a.AliasName);
                    var version = a.FunctionVersion ?? "2";
                    if (a.VersionFromStep.HasValue)
                    {
                        // What PublishVersion returned: a new version with $LATEST's code.
                        fn.Versions.Add(new VersionState { Version = version, CodeSha256 = fn.LatestCodeSha256, State = "Active" });
                    }
                    fn.Aliases.Add(new AliasState { Name = a.AliasName, FunctionVersion = version, RevisionId = "rev-new" });
                    break;
                case AddPermissionOperation p:
                    var f = after.Functions.Single(x => x.FunctionName == p.FunctionName);
                    var policy = f.FindPolicy(p.Qualifier);
                    if (policy == null) f.Policies.Add(policy = new QualifierPolicy { Qualifier = p.Qualifier });
                    policy.Statements.Add(new PolicyStatement { Sid = p.StatementId, Effect = "Allow", Principal = p.Principal, Action = p.Action, SourceArn = p.SourceArn, SourceAccount = p.SourceAccount });
                    break;
            }
        }
        foreach (var source in after.Sources)
        {
            var alias = source.IsCanaryOverride ? "live-canary" : "live";
            if (source.SourceKind == SourceKind.StageVariable)
                source.Draft = new InvocationTarget { FunctionName = "stagevar-func", Qualifier = alias, Raw = alias };
            else
                source.Draft = new InvocationTarget { FunctionName = source.Draft.FunctionName, Qualifier = alias, Raw = "migrated" };
            if (source.Stages != null)
                foreach (var s in source.Stages) s.Qualifier = alias;
        }
        return after;
    }
}
