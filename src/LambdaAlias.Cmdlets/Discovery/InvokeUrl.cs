using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace LambdaAlias
{
    /// <summary>One way to read an execute-api URL's path: which stage it addresses and the resource path within it.</summary>
    public sealed class InvokeUrlInterpretation
    {
        public InvokeUrlInterpretation(string stageName, string resourcePath, bool isDefaultStage)
        {
            StageName = stageName;
            ResourcePath = resourcePath;
            IsDefaultStage = isDefaultStage;
        }

        /// <summary>The stage name, or "$default" for the HTTP API default-stage form.</summary>
        public string StageName { get; }
        /// <summary>The path within the stage, always starting with '/'.</summary>
        public string ResourcePath { get; }
        /// <summary>True for the HTTP API $default stage, which is served without a stage segment.</summary>
        public bool IsDefaultStage { get; }

        public override string ToString() => "stage " + StageName + " path " + ResourcePath;
    }

    /// <summary>
    /// A parsed invoke URL: either an execute-api host (https://{apiId}.execute-api.{region}.amazonaws.com[.cn]/...,
    /// including the private-API form {apiId}-{vpceId}) or a custom domain name. The scheme may be omitted; http, https,
    /// ws and wss are accepted; the query string and fragment are ignored.
    /// </summary>
    public sealed class InvokeUrl
    {
        public const string DefaultStageName = "$default";

        private static readonly Regex ExecuteApiHost = new Regex(
            @"^(?<api>[a-z0-9]+)(-(?<vpce>vpce-[a-z0-9]+))?\.execute-api\.(?<region>[a-z0-9-]+)\.amazonaws\.com(?<cn>\.cn)?$",
            RegexOptions.CultureInvariant);
        private static readonly Regex LooksLikeExecuteApi = new Regex(@"(^|\.)execute-api\.[^.]+\.amazonaws\.com(\.cn)?$", RegexOptions.CultureInvariant);

        private InvokeUrl() { }

        public string Raw { get; private set; }
        /// <summary>Lower-case scheme: http, https, ws or wss.</summary>
        public string Scheme { get; private set; }
        /// <summary>Lower-case host name.</summary>
        public string Host { get; private set; }
        /// <summary>The path as written (percent-encoding kept), "/" when empty.</summary>
        public string Path { get; private set; }
        /// <summary>The path's segments, percent-decoded, without empty segments.</summary>
        public IReadOnlyList<string> Segments { get; private set; } = Array.Empty<string>();

        public bool IsExecuteApiHost { get; private set; }
        public bool IsCustomDomain => !IsExecuteApiHost;
        /// <summary>execute-api hosts only.</summary>
        public string ApiId { get; private set; }
        public string Region { get; private set; }
        public string Partition { get; private set; }
        /// <summary>The VPC endpoint id of the private-API host form, else null.</summary>
        public string VpcEndpointId { get; private set; }
        public bool IsWebSocket => Scheme == "ws" || Scheme == "wss";

        /// <summary>Parses, throwing <see cref="DiscoveryException"/> (MalformedInvokeUrl) when malformed.</summary>
        public static InvokeUrl Parse(string url)
        {
            if (!TryParse(url, out var parsed, out var error)) throw error.ToException();
            return parsed;
        }

        public static bool TryParse(string url, out InvokeUrl parsed, out DiscoveryError error)
        {
            parsed = null;
            error = null;
            if (string.IsNullOrWhiteSpace(url)) return Fail(url, "The invoke URL is empty.", out error);
            var text = url.Trim();
            if (text.Any(char.IsWhiteSpace)) return Fail(url, "The invoke URL " + DiscoveryError.Quote(url) + " contains whitespace.", out error);
            if (text.IndexOf("://", StringComparison.Ordinal) < 0)
            {
                // A clean URL stored without its scheme ("api.example.com/orders/1"); a leading '/' means a bare path.
                if (text.StartsWith("/", StringComparison.Ordinal))
                    return Fail(url, "The invoke URL " + DiscoveryError.Quote(url) + " has no host.", out error);
                text = "https://" + text;
            }
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
                return Fail(url, "The invoke URL " + DiscoveryError.Quote(url) + " is not a valid absolute URL.", out error);
            var scheme = uri.Scheme.ToLowerInvariant();
            if (scheme != "https" && scheme != "http" && scheme != "wss" && scheme != "ws")
                return Fail(url, "The invoke URL " + DiscoveryError.Quote(url) + " uses scheme '" + uri.Scheme + "'; https, http, wss or ws expected.", out error);
            var host = uri.Host.TrimEnd('.').ToLowerInvariant();
            if (host.Length == 0 || uri.HostNameType == UriHostNameType.Unknown)
                return Fail(url, "The invoke URL " + DiscoveryError.Quote(url) + " has no valid host.", out error);

            var result = new InvokeUrl
            {
                Raw = url,
                Scheme = scheme,
                Host = host,
                Path = uri.AbsolutePath.Length == 0 ? "/" : uri.AbsolutePath,
            };
            result.Segments = result.Path.Split('/').Where(s => s.Length > 0).Select(Unescape).ToArray();

            var match = ExecuteApiHost.Match(host);
            if (match.Success)
            {
                var region = match.Groups["region"].Value;
                if (!AwsPartition.IsValidRegion(region))
                    return Fail(url, "The execute-api host '" + host + "' names an invalid region '" + region + "'.", out error);
                result.IsExecuteApiHost = true;
                result.ApiId = match.Groups["api"].Value;
                result.Region = region;
                result.VpcEndpointId = match.Groups["vpce"].Success ? match.Groups["vpce"].Value : null;
                result.Partition = AwsPartition.FromRegion(region);
                // China regions are served under amazonaws.com.cn and only there.
                if (match.Groups["cn"].Success != (result.Partition == AwsPartition.China))
                    return Fail(url, "The execute-api host '" + host + "' pairs region '" + region + "' with the wrong domain suffix.", out error);
            }
            else if (LooksLikeExecuteApi.IsMatch(host))
            {
                return Fail(url, "The host '" + host + "' is not of the form {apiId}.execute-api.{region}.amazonaws.com[.cn].", out error);
            }
            parsed = result;
            return true;
        }

        /// <summary>
        /// The readings of an execute-api URL's path. The first segment is normally the stage; an HTTP API's $default
        /// stage is served without one, so "/orders/1" may also mean stage $default, path "/orders/1". Which is right
        /// depends on the API's stages: see <see cref="ChooseInterpretation"/>.
        /// </summary>
        public IReadOnlyList<InvokeUrlInterpretation> StageInterpretations()
        {
            var list = new List<InvokeUrlInterpretation>();
            if (Segments.Count > 0)
                list.Add(new InvokeUrlInterpretation(Segments[0], JoinPath(Segments.Skip(1)), false));
            list.Add(new InvokeUrlInterpretation(DefaultStageName, JoinPath(Segments), true));
            return list;
        }

        /// <summary>
        /// Picks the reading API Gateway uses, given the API's stage names: a first segment that names a stage wins
        /// (stage names are case-sensitive); otherwise the $default stage, if the API has one; otherwise null.
        /// </summary>
        public InvokeUrlInterpretation ChooseInterpretation(IEnumerable<string> stageNames)
        {
            var stages = new HashSet<string>(stageNames ?? Enumerable.Empty<string>(), StringComparer.Ordinal);
            foreach (var candidate in StageInterpretations())
            {
                if (stages.Contains(candidate.StageName)) return candidate;
            }
            return null;
        }

        /// <summary>"/" + segments joined by "/", or "/" when there are none.</summary>
        public static string JoinPath(IEnumerable<string> segments)
        {
            var joined = string.Join("/", segments);
            return "/" + joined;
        }

        private static string Unescape(string segment)
        {
            try { return Uri.UnescapeDataString(segment); }
            catch (UriFormatException) { return segment; }
        }

        private static bool Fail(string url, string message, out DiscoveryError error)
        {
            error = new DiscoveryError(ErrorIds.MalformedInvokeUrl, DiscoveryErrorCategory.InvalidArgument, message, url);
            return false;
        }
    }
}
