using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LambdaAlias.Emulator.Infrastructure;

/// <summary>One set of credentials the emulator accepts. A non-null <see cref="SessionToken"/> makes them temporary
/// credentials: requests must then carry exactly that X-Amz-Security-Token.</summary>
public sealed record TestCredential(string AccessKeyId, string SecretAccessKey, string SessionToken = null, string PrincipalArn = null);

/// <summary>Which credentials the emulator accepts and how strictly it checks the credential scope.</summary>
public sealed class SigningOptions
{
    private readonly object _sync = new();
    private readonly Dictionary<string, TestCredential> _credentials = new(StringComparer.Ordinal);

    /// <summary>LocalStack's convention: access key "test", secret "test", so any AWS client can talk to the emulator.</summary>
    public SigningOptions() => Add(new TestCredential("test", "test"));

    /// <summary>When false (the default) any signing region is accepted and recorded in the request log, so clients that
    /// resolve another region still work against this single-endpoint emulator. When true, AWS's regional check applies.</summary>
    public bool EnforceRegion { get; set; }
    /// <summary>Signing timestamps further than this from now are rejected, as AWS does (5 minutes).</summary>
    public TimeSpan AllowedClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    public void Add(TestCredential credential) { lock (_sync) _credentials[credential.AccessKeyId] = credential; }
    public bool Remove(string accessKeyId) { lock (_sync) return _credentials.Remove(accessKeyId); }
    public void Clear() { lock (_sync) _credentials.Clear(); }
    public void ResetToDefault() { lock (_sync) { _credentials.Clear(); _credentials["test"] = new TestCredential("test", "test"); } }
    public TestCredential Find(string accessKeyId) { lock (_sync) return _credentials.TryGetValue(accessKeyId, out var c) ? c : null; }
    public IReadOnlyList<string> AccessKeyIds { get { lock (_sync) return _credentials.Keys.ToList(); } }
}

/// <summary>Why a request's signature was refused; maps onto each protocol's error code.</summary>
public enum SignatureFailureKind { Missing, Incomplete, UnknownAccessKey, InvalidToken, Mismatch, Expired, WrongScope }

public sealed record SignatureCheck(bool Valid, SignatureFailureKind Failure, string Message, TestCredential Credential, string Region, string Service)
{
    public static SignatureCheck Fail(SignatureFailureKind kind, string message, string region = null, string service = null)
        => new(false, kind, message, null, region, service);
}

/// <summary>The request as the wire carried it, reduced to what SigV4 covers.</summary>
public sealed class SignableRequest
{
    public string Method { get; init; }
    /// <summary>The path exactly as sent (still percent-encoded), without the query.</summary>
    public string RawPath { get; init; }
    /// <summary>The query exactly as sent, without the leading '?'.</summary>
    public string RawQuery { get; init; }
    /// <summary>Header values by lower-case name; repeated headers keep every value in order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; init; }
    public byte[] Body { get; init; }
}

/// <summary>Server-side AWS Signature Version 4 verification (header-based, AWS4-HMAC-SHA256). The emulator is the AWS
/// side, so it recomputes the signature from the canonical request it received; the client signs with AWSSDK.Core, which
/// makes every client test a real test of its signing.</summary>
public static class SigV4Verifier
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string MismatchMessage = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
    public const string InvalidTokenMessage = "The security token included in the request is invalid.";
    public const string MissingTokenMessage = "Missing Authentication Token";

    public static SignatureCheck Verify(SignableRequest request, string expectedService, string expectedRegion, SigningOptions options, DateTimeOffset now)
    {
        var authorization = Header(request, "authorization");
        if (string.IsNullOrEmpty(authorization))
            return SignatureCheck.Fail(SignatureFailureKind.Missing, MissingTokenMessage);
        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
            return SignatureCheck.Fail(SignatureFailureKind.Incomplete,
                "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
                "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
                $"Authorization={authorization.Split(' ')[0]}");

        var parts = ParseAuthorization(authorization.Substring(Algorithm.Length + 1));
        var missing = new[] { "Credential", "SignedHeaders", "Signature" }.Where(p => !parts.ContainsKey(p)).ToList();
        if (missing.Count > 0)
            return SignatureCheck.Fail(SignatureFailureKind.Incomplete,
                string.Join(" ", missing.Select(m => $"Authorization header requires '{m}' parameter.")) + $" Authorization={authorization}");

        var scope = parts["Credential"].Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request")
            return SignatureCheck.Fail(SignatureFailureKind.Incomplete, $"Credential should be scoped to a valid region. ");
        var (accessKey, scopeDate, region, service) = (scope[0], scope[1], scope[2], scope[3]);

        var credential = options.Find(accessKey);
        if (credential == null)
            return SignatureCheck.Fail(SignatureFailureKind.UnknownAccessKey, InvalidTokenMessage, region, service);
        var token = Header(request, "x-amz-security-token");
        if (!string.Equals(token ?? "", credential.SessionToken ?? "", StringComparison.Ordinal))
            return SignatureCheck.Fail(SignatureFailureKind.InvalidToken, InvalidTokenMessage, region, service);

        if (!string.Equals(service, expectedService, StringComparison.Ordinal))
            return SignatureCheck.Fail(SignatureFailureKind.WrongScope, $"Credential should be scoped to correct service: '{expectedService}'. ", region, service);
        if (options.EnforceRegion && !string.Equals(region, expectedRegion, StringComparison.Ordinal))
            return SignatureCheck.Fail(SignatureFailureKind.WrongScope, $"Credential should be scoped to a valid region. ", region, service);

        var amzDate = Header(request, "x-amz-date") ?? Header(request, "date");
        if (amzDate == null)
            return SignatureCheck.Fail(SignatureFailureKind.Incomplete, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.", region, service);
        if (!TryParseDate(amzDate, out var signedAt))
            return SignatureCheck.Fail(SignatureFailureKind.Incomplete, $"Date must be in ISO-8601 'basic format'. Got '{amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601", region, service);
        var stamp = signedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        if (scopeDate != stamp.Substring(0, 8))
            return SignatureCheck.Fail(SignatureFailureKind.Mismatch, $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{scopeDate}' != '{stamp.Substring(0, 8)}', from '{amzDate}'.", region, service);
        var nowStamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var skewMinutes = (int)options.AllowedClockSkew.TotalMinutes;
        if (signedAt < now - options.AllowedClockSkew)
            return SignatureCheck.Fail(SignatureFailureKind.Expired, $"Signature expired: {stamp} is now earlier than {(now - options.AllowedClockSkew).UtcDateTime:yyyyMMdd'T'HHmmss'Z'} ({nowStamp} - {skewMinutes} min.)", region, service);
        if (signedAt > now + options.AllowedClockSkew)
            return SignatureCheck.Fail(SignatureFailureKind.Expired, $"Signature not yet current: {stamp} is still later than {(now + options.AllowedClockSkew).UtcDateTime:yyyyMMdd'T'HHmmss'Z'} ({nowStamp} + {skewMinutes} min.)", region, service);

        var signedHeaders = parts["SignedHeaders"].Split(';');
        if (!signedHeaders.Contains("host"))
            return SignatureCheck.Fail(SignatureFailureKind.Incomplete, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.", region, service);

        var canonicalRequest = CanonicalRequest(request, signedHeaders);
        var credentialScope = $"{scopeDate}/{region}/{service}/aws4_request";
        var stringToSign = $"{Algorithm}\n{stamp}\n{credentialScope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var expected = Hex(HMACSHA256.HashData(SigningKey(credential.SecretAccessKey, scopeDate, region, service), Encoding.UTF8.GetBytes(stringToSign)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parts["Signature"])))
            return SignatureCheck.Fail(SignatureFailureKind.Mismatch, MismatchMessage, region, service);
        return new SignatureCheck(true, default, null, credential, region, service);
    }

    /// <summary>The canonical request of AWS's SigV4 spec for every service except S3: the path is URI-encoded once more
    /// on top of the encoding it travelled with, the query is decoded then strictly re-encoded and sorted, header values are
    /// trimmed with inner runs of spaces collapsed, and the payload hash is taken over the body received.</summary>
    public static string CanonicalRequest(SignableRequest request, IReadOnlyList<string> signedHeaders)
    {
        var sb = new StringBuilder();
        sb.Append(request.Method.ToUpperInvariant()).Append('\n');
        var path = string.IsNullOrEmpty(request.RawPath) ? "/" : request.RawPath;
        sb.Append(UriEncode(path, encodeSlash: false)).Append('\n');
        sb.Append(CanonicalQuery(request.RawQuery)).Append('\n');
        foreach (var name in signedHeaders)
        {
            var values = request.Headers.TryGetValue(name, out var v) ? v : Array.Empty<string>();
            sb.Append(name).Append(':').Append(string.Join(",", values.Select(CollapseSpaces))).Append('\n');
        }
        sb.Append('\n');
        sb.Append(string.Join(";", signedHeaders)).Append('\n');
        var declared = Header(request, "x-amz-content-sha256");
        sb.Append(declared == "UNSIGNED-PAYLOAD" ? declared : Hex(SHA256.HashData(request.Body ?? Array.Empty<byte>())));
        return sb.ToString();
    }

    public static string CanonicalQuery(string rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery)) return "";
        var pairs = rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            var i = p.IndexOf('=');
            var key = i < 0 ? p : p.Substring(0, i);
            var value = i < 0 ? "" : p.Substring(i + 1);
            return (Key: UriEncode(Uri.UnescapeDataString(key.Replace('+', ' ')), true), Value: UriEncode(Uri.UnescapeDataString(value.Replace('+', ' ')), true));
        });
        return string.Join("&", pairs.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
    }

    /// <summary>RFC 3986 encoding as SigV4 defines it: unreserved characters stay, everything else becomes %XX of its UTF-8 bytes.</summary>
    public static string UriEncode(string value, bool encodeSlash)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !encodeSlash))
                sb.Append(c);
            else
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    public static byte[] SigningKey(string secret, string date, string region, string service)
    {
        var kDate = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        var kRegion = HMACSHA256.HashData(kDate, Encoding.UTF8.GetBytes(region));
        var kService = HMACSHA256.HashData(kRegion, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(kService, Encoding.UTF8.GetBytes("aws4_request"));
    }

    /// <summary>Reads the Credential scope of an Authorization header without verifying it (for the request log).</summary>
    public static (string AccessKeyId, string Region, string Service) ReadScope(string authorization)
    {
        if (string.IsNullOrEmpty(authorization) || !authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal)) return default;
        var parts = ParseAuthorization(authorization.Substring(Algorithm.Length + 1));
        if (!parts.TryGetValue("Credential", out var credential)) return default;
        var scope = credential.Split('/');
        return scope.Length == 5 ? (scope[0], scope[2], scope[3]) : (scope[0], null, null);
    }

    private static Dictionary<string, string> ParseAuthorization(string value)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var i = part.IndexOf('=');
            if (i > 0) result[part.Substring(0, i).Trim()] = part.Substring(i + 1).Trim();
        }
        return result;
    }

    private static bool TryParseDate(string value, out DateTimeOffset date)
    {
        if (DateTimeOffset.TryParseExact(value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out date))
            return true;
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date);
    }

    private static string Header(SignableRequest r, string name)
        => r.Headers.TryGetValue(name, out var v) && v.Count > 0 ? string.Join(",", v) : null;

    private static string CollapseSpaces(string value)
    {
        var trimmed = value.Trim();
        var sb = new StringBuilder(trimmed.Length);
        var space = false;
        foreach (var c in trimmed)
        {
            if (c == ' ') { if (!space) sb.Append(c); space = true; }
            else { sb.Append(c); space = false; }
        }
        return sb.ToString();
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
