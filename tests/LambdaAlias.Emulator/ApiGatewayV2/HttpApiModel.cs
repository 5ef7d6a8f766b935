// API Gateway v2 (HTTP and WebSocket) state. Like REST, a stage serves a deployment's frozen snapshot. A stage with
// AutoDeploy gets a new deployment after every change to the API, asynchronously: the deployment is PENDING until
// HttpApiAutoDeployDelay has passed on the emulator clock, then DEPLOYED, and only then does the stage serve it.
namespace LambdaAlias.Emulator;

public sealed class HttpApi
{
    public string ApiId { get; set; }
    public string Name { get; set; }
    /// <summary>HTTP or WEBSOCKET.</summary>
    public string ProtocolType { get; set; } = "HTTP";
    public string RouteSelectionExpression { get; set; }
    public string ApiKeySelectionExpression { get; set; } = "$request.header.x-api-key";
    public string Description { get; set; }
    public string Version { get; set; }
    public DateTimeOffset CreatedDate { get; set; }
    public bool DisableExecuteApiEndpoint { get; set; }
    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);
    public HttpApiDefinition Draft { get; set; } = new();
    public List<HttpDeployment> Deployments { get; } = new();
    public List<HttpStage> Stages { get; } = new();

    public bool IsWebSocket => ProtocolType == "WEBSOCKET";
    public HttpStage Stage(string name) => Stages.FirstOrDefault(s => s.StageName == name);
    public HttpDeployment Deployment(string id) => Deployments.FirstOrDefault(d => d.DeploymentId == id);
}

public sealed class HttpApiDefinition
{
    public List<HttpRoute> Routes { get; set; } = new();
    public List<HttpIntegration> Integrations { get; set; } = new();
    public List<HttpAuthorizer> Authorizers { get; set; } = new();

    public HttpRoute Route(string id) => Routes.FirstOrDefault(r => r.RouteId == id);
    public HttpIntegration Integration(string id) => Integrations.FirstOrDefault(i => i.IntegrationId == id);
    public HttpAuthorizer Authorizer(string id) => Authorizers.FirstOrDefault(a => a.AuthorizerId == id);

    public HttpApiDefinition Clone() => new()
    {
        Routes = Routes.Select(r => r.Clone()).ToList(),
        Integrations = Integrations.Select(i => i.Clone()).ToList(),
        Authorizers = Authorizers.Select(a => a.Clone()).ToList(),
    };
}

public sealed class HttpRoute
{
    public string RouteId { get; set; }
    /// <summary>"GET /items", "ANY /{proxy+}", "$default"; WebSocket: "$connect", "sendMessage", ...</summary>
    public string RouteKey { get; set; }
    /// <summary>"integrations/{integrationId}".</summary>
    public string Target { get; set; }
    /// <summary>NONE, AWS_IAM, CUSTOM or JWT.</summary>
    public string AuthorizationType { get; set; } = "NONE";
    public string AuthorizerId { get; set; }
    public bool ApiKeyRequired { get; set; }
    public string OperationName { get; set; }
    public List<string> AuthorizationScopes { get; set; } = new();

    public string TargetIntegrationId => Target != null && Target.StartsWith("integrations/", StringComparison.Ordinal) ? Target["integrations/".Length..] : null;

    public HttpRoute Clone()
    {
        var copy = (HttpRoute)MemberwiseClone();
        copy.AuthorizationScopes = new(AuthorizationScopes);
        return copy;
    }
}

public sealed class HttpIntegration
{
    public string IntegrationId { get; set; }
    /// <summary>AWS, HTTP, MOCK, HTTP_PROXY or AWS_PROXY.</summary>
    public string IntegrationType { get; set; } = "AWS_PROXY";
    /// <summary>For Lambda: the function ARN (HTTP APIs) or the invocations URI.</summary>
    public string IntegrationUri { get; set; }
    public string IntegrationMethod { get; set; } = "POST";
    public string PayloadFormatVersion { get; set; } = "2.0";
    public string CredentialsArn { get; set; }
    public string ConnectionType { get; set; } = "INTERNET";
    public string ConnectionId { get; set; }
    public string Description { get; set; }
    public string IntegrationSubtype { get; set; }
    public string PassthroughBehavior { get; set; }
    public string ContentHandlingStrategy { get; set; }
    public string TemplateSelectionExpression { get; set; }
    public int TimeoutInMillis { get; set; } = 30000;
    public Dictionary<string, string> RequestParameters { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> RequestTemplates { get; set; } = new(StringComparer.Ordinal);

    public HttpIntegration Clone()
    {
        var copy = (HttpIntegration)MemberwiseClone();
        copy.RequestParameters = new(RequestParameters, StringComparer.Ordinal);
        copy.RequestTemplates = new(RequestTemplates, StringComparer.Ordinal);
        return copy;
    }
}

public sealed class HttpAuthorizer
{
    public string AuthorizerId { get; set; }
    public string Name { get; set; }
    /// <summary>REQUEST (Lambda) or JWT.</summary>
    public string AuthorizerType { get; set; } = "REQUEST";
    public string AuthorizerUri { get; set; }
    public string AuthorizerCredentialsArn { get; set; }
    public string AuthorizerPayloadFormatVersion { get; set; }
    public int? AuthorizerResultTtlInSeconds { get; set; }
    public bool? EnableSimpleResponses { get; set; }
    public List<string> IdentitySource { get; set; } = new();
    public string JwtIssuer { get; set; }
    public List<string> JwtAudience { get; set; } = new();

    public HttpAuthorizer Clone()
    {
        var copy = (HttpAuthorizer)MemberwiseClone();
        copy.IdentitySource = new(IdentitySource);
        copy.JwtAudience = new(JwtAudience);
        return copy;
    }
}

public sealed class HttpDeployment
{
    public string DeploymentId { get; set; }
    public string Description { get; set; }
    public DateTimeOffset CreatedDate { get; set; }
    public bool AutoDeployed { get; set; }
    /// <summary>PENDING, FAILED or DEPLOYED (the model's DeploymentStatus enum).</summary>
    public string Status { get; set; } = "DEPLOYED";
    public string StatusMessage { get; set; }
    public HttpApiDefinition Snapshot { get; set; }
    /// <summary>For an automatic deployment: the stage it goes live on, and when.</summary>
    public string PendingStage { get; set; }
    public DateTimeOffset ReadyAt { get; set; }
}

public sealed class HttpStage
{
    public string StageName { get; set; }
    public bool AutoDeploy { get; set; }
    public string DeploymentId { get; set; }
    public string Description { get; set; }
    public Dictionary<string, string> StageVariables { get; set; } = new(StringComparer.Ordinal);
    public string ClientCertificateId { get; set; }
    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);
    public DateTimeOffset CreatedDate { get; set; }
    public DateTimeOffset LastUpdatedDate { get; set; }
    public string LastDeploymentStatusMessage { get; set; }
}

public sealed partial class EmulatorState
{
    /// <summary>HTTP and WebSocket APIs in creation order.</summary>
    public List<HttpApi> HttpApis { get; } = new();

    /// <summary>How long (nominally, before <see cref="Timing"/>'s scale) an automatic deployment stays PENDING before it
    /// is DEPLOYED and served, measured on <see cref="Clock"/>.</summary>
    public TimeSpan HttpApiAutoDeployDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    partial void ResetApiGatewayState()
    {
        RestApis.Clear();
        HttpApis.Clear();
        DomainNames.Clear();
    }

    public HttpApi FindHttpApi(string id) => HttpApis.FirstOrDefault(a => a.ApiId == id);

    /// <summary>After a change to an API: each AutoDeploy stage gets a PENDING automatic deployment of the new draft.</summary>
    public void ScheduleAutoDeployments(HttpApi api)
    {
        var now = Clock();
        foreach (var stage in api.Stages.Where(s => s.AutoDeploy))
        {
            api.Deployments.Add(new HttpDeployment
            {
                DeploymentId = GatewayWire.NewId(6, x => api.Deployment(x) != null),
                Description = $"Automatic deployment triggered by changes to the Api configuration",
                CreatedDate = now,
                AutoDeployed = true,
                Status = "PENDING",
                Snapshot = api.Draft.Clone(),
                PendingStage = stage.StageName,
                ReadyAt = now + Timing.Scaled(HttpApiAutoDeployDelay),
            });
        }
    }

    /// <summary>Completes the automatic deployments whose time has come. Called under <see cref="Sync"/> before any
    /// read of an HTTP API, so state advances with the clock without background timers.</summary>
    public void SettleAutoDeployments(HttpApi api)
    {
        var now = Clock();
        foreach (var d in api.Deployments.Where(d => d.Status == "PENDING" && d.ReadyAt <= now).ToList())
        {
            d.Status = "DEPLOYED";
            d.StatusMessage = null;
            var stage = api.Stage(d.PendingStage);
            if (stage != null && stage.AutoDeploy)
            {
                // A later automatic deployment may already have gone live; never step a stage backwards.
                var current = api.Deployment(stage.DeploymentId);
                if (current == null || api.Deployments.IndexOf(current) < api.Deployments.IndexOf(d))
                {
                    stage.DeploymentId = d.DeploymentId;
                    stage.LastDeploymentStatusMessage = $"Successfully deployed stage with deployment ID '{d.DeploymentId}'";
                    stage.LastUpdatedDate = d.ReadyAt;
                }
            }
            d.PendingStage = null;
        }
    }
}
