using System;
using System.Collections;

namespace LambdaAlias
{
    /// <summary>
    /// What a completer may use for one Tab press: the typed clients, and the facts its cache key is made of (region,
    /// per-service endpoint, identity). Disposed when the completion ends.
    /// </summary>
    internal interface ICompletionConnection : IDisposable
    {
        string Region { get; }
        /// <summary><see cref="AwsSession.IdentityKey"/>: an account id or a hash of the access key id, never a secret.</summary>
        string IdentityKey { get; }
        /// <summary>The endpoint a service's calls go to, as an absolute URI.</summary>
        string EndpointFor(AwsService service);
        ILambdaApi Lambda { get; }
        IApiGatewayApi ApiGateway { get; }
        IApiGatewayV2Api ApiGatewayV2 { get; }
    }

    /// <summary>Opens a connection from the command line typed so far and the session variables. May block (reading
    /// profiles, fetching credentials) and may throw; completers call it off the pipeline thread, under their time limit.</summary>
    internal interface ICompletionConnector
    {
        ICompletionConnection Connect(IDictionary fakeBoundParameters, Func<string, object> getVariable);
    }

    /// <summary>The real connector: <see cref="AwsSessionFactory.CreateForCompletion"/>, which never prompts for an MFA
    /// code or starts an SSO login and retries for at most two seconds.</summary>
    internal sealed class AwsCompletionConnector : ICompletionConnector
    {
        public static AwsCompletionConnector Instance { get; } = new AwsCompletionConnector();

        public ICompletionConnection Connect(IDictionary fakeBoundParameters, Func<string, object> getVariable)
        {
            var session = AwsSessionFactory.CreateForCompletion(fakeBoundParameters, getVariable);
            return new SessionConnection(session);
        }

        private sealed class SessionConnection : ICompletionConnection
        {
            private readonly AwsSession _session;
            private ILambdaApi _lambda;
            private IApiGatewayApi _apiGateway;
            private IApiGatewayV2Api _apiGatewayV2;

            public SessionConnection(AwsSession session) => _session = session;

            public string Region => _session.Region.SystemName;
            public string IdentityKey => _session.IdentityKey;
            public string EndpointFor(AwsService service) => _session.GetEndpoint(service).BaseUri.AbsoluteUri;
            public ILambdaApi Lambda => _lambda ?? (_lambda = new LambdaClient(_session.Lambda));
            public IApiGatewayApi ApiGateway => _apiGateway ?? (_apiGateway = new ApiGatewayClient(_session.ApiGateway));
            public IApiGatewayV2Api ApiGatewayV2 => _apiGatewayV2 ?? (_apiGatewayV2 = new ApiGatewayV2Client(_session.ApiGatewayV2));
            public void Dispose() => _session.Dispose();
        }
    }
}
