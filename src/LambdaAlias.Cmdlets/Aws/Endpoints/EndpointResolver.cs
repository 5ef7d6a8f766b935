using System;
using System.Management.Automation;

namespace LambdaAlias
{
    /// <summary>Which step of the endpoint order gave the endpoint.</summary>
    public enum AwsEndpointSource { EndpointUrlParameter, ServiceEnvironment, GlobalEnvironment, Regional }

    public sealed class AwsEndpoint
    {
        public AwsService Service { get; set; }
        public Uri BaseUri { get; set; }
        /// <summary>SigV4 service name: "lambda", "apigateway" (v1 and v2), "sts".</summary>
        public string SigningName { get; set; }
        public AwsEndpointSource Source { get; set; }
        public override string ToString() => BaseUri.GetLeftPart(UriPartial.Authority);
    }

    /// <summary>
    /// Endpoint order: -EndpointUrl; AWS_ENDPOINT_URL_&lt;SERVICE&gt; (service ids from the AWS SDKs' shared
    /// configuration table: LAMBDA, API_GATEWAY, APIGATEWAYV2, STS); AWS_ENDPOINT_URL; then the regional default.
    /// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true ignores both variables, as the AWS SDKs do; an explicit
    /// -EndpointUrl always applies. A single endpoint for every service suits LocalStack and moto.
    /// </summary>
    internal static class EndpointResolver
    {
        public static string SigningName(AwsService service)
        {
            switch (service)
            {
                case AwsService.Lambda: return "lambda";
                case AwsService.Sts: return "sts";
                default: return "apigateway"; // API Gateway v2 signs as "apigateway" too.
            }
        }

        public static string EnvironmentVariable(AwsService service)
        {
            switch (service)
            {
                case AwsService.Lambda: return "AWS_ENDPOINT_URL_LAMBDA";
                case AwsService.ApiGateway: return "AWS_ENDPOINT_URL_API_GATEWAY";
                case AwsService.ApiGatewayV2: return "AWS_ENDPOINT_URL_APIGATEWAYV2";
                case AwsService.Sts: return "AWS_ENDPOINT_URL_STS";
                default: throw new ArgumentOutOfRangeException(nameof(service), service, null);
            }
        }

        private static string HostPrefix(AwsService service)
        {
            switch (service)
            {
                case AwsService.Lambda: return "lambda";
                case AwsService.Sts: return "sts";
                default: return "apigateway";
            }
        }

        public static AwsEndpoint Resolve(AwsService service, AwsConnectionSettings settings, AwsRegionInfo region)
        {
            var endpoint = new AwsEndpoint { Service = service, SigningName = SigningName(service) };
            if (!string.IsNullOrEmpty(settings.EndpointUrl))
            {
                endpoint.BaseUri = Parse(settings.EndpointUrl, "-EndpointUrl");
                endpoint.Source = AwsEndpointSource.EndpointUrlParameter;
                return endpoint;
            }

            var ignoreConfigured = string.Equals(settings.GetEnvironmentVariable("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
            if (!ignoreConfigured)
            {
                var serviceVariable = EnvironmentVariable(service);
                var serviceUrl = settings.GetEnvironmentVariable(serviceVariable);
                if (!string.IsNullOrWhiteSpace(serviceUrl))
                {
                    endpoint.BaseUri = Parse(serviceUrl, serviceVariable);
                    endpoint.Source = AwsEndpointSource.ServiceEnvironment;
                    return endpoint;
                }
                var globalUrl = settings.GetEnvironmentVariable("AWS_ENDPOINT_URL");
                if (!string.IsNullOrWhiteSpace(globalUrl))
                {
                    endpoint.BaseUri = Parse(globalUrl, "AWS_ENDPOINT_URL");
                    endpoint.Source = AwsEndpointSource.GlobalEnvironment;
                    return endpoint;
                }
            }

            // Regional defaults are always HTTPS; plain HTTP is only ever used when someone configured it.
            endpoint.BaseUri = new Uri("https://" + HostPrefix(service) + "." + region.SystemName + "." + region.DnsSuffix + "/");
            endpoint.Source = AwsEndpointSource.Regional;
            return endpoint;
        }

        private static Uri Parse(string value, string from)
        {
            value = value.Trim();
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || string.IsNullOrEmpty(uri.Host))
            {
                throw new AwsConfigurationException(ErrorIds.AwsEndpointInvalid, ErrorCategory.InvalidArgument,
                    from + " must be an absolute http:// or https:// URL such as http://localhost:4566; got '" + value + "'.");
            }
            if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            {
                throw new AwsConfigurationException(ErrorIds.AwsEndpointInvalid, ErrorCategory.InvalidArgument,
                    from + " must not carry a query or fragment; got '" + value + "'.");
            }
            // A base path (e.g. a proxy prefix) is kept; requests are appended to it.
            return uri.AbsolutePath.EndsWith("/", StringComparison.Ordinal) ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/");
        }
    }
}
