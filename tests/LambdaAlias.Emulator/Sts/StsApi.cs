using System.Security;
using LambdaAlias.Emulator.Infrastructure;

namespace LambdaAlias.Emulator.Sts;

/// <summary>STS GetCallerIdentity over the Query protocol (POST / with Action=GetCallerIdentity&amp;Version=2011-06-15,
/// or the same as a query string), signed as "sts", so clients can learn the account id.</summary>
public static class StsApi
{
    private const string Namespace = "https://sts.amazonaws.com/doc/2011-06-15/";

    public static void Map(WebApplication app, EmulatorState state, EmulatorRuntime runtime)
    {
        app.MapPost("/", (HttpContext ctx) => HandleAsync(ctx, state)).Aws("sts", "GetCallerIdentity");
        app.MapGet("/", (HttpContext ctx) => HandleAsync(ctx, state)).Aws("sts", "GetCallerIdentity");
    }

    private static async Task HandleAsync(HttpContext ctx, EmulatorState state)
    {
        var action = ctx.Request.Query["Action"].ToString();
        var version = ctx.Request.Query["Version"].ToString();
        if (ctx.Request.HasFormContentType)
        {
            var form = await ctx.Request.ReadFormAsync();
            if (form.TryGetValue("Action", out var a)) action = a.ToString();
            if (form.TryGetValue("Version", out var v)) version = v.ToString();
        }
        if (string.IsNullOrEmpty(action))
            throw new AwsErrorException(400, "MissingAction", "Missing Action");
        if (action != "GetCallerIdentity" || (version.Length > 0 && version != "2011-06-15"))
            throw new AwsErrorException(400, "InvalidAction", $"Could not find operation {action} for version {(version.Length > 0 ? version : "NO_VERSION_SPECIFIED")}");

        var credential = ctx.Items[typeof(TestCredential)] as TestCredential;
        string account, arn, userId;
        lock (state.Sync)
        {
            account = state.AccountId;
            arn = credential?.PrincipalArn
                  ?? (credential?.SessionToken != null
                      ? $"arn:{state.Partition}:sts::{account}:assumed-role/emulator-role/{credential.AccessKeyId}"
                      : $"arn:{state.Partition}:iam::{account}:user/{credential?.AccessKeyId ?? "test"}");
            userId = credential?.SessionToken != null ? $"AROAEMULATOR000000000:{credential.AccessKeyId}" : "AIDAEMULATOR000000000";
        }
        var requestId = ctx.Items[AwsPipeline.RequestIdItem] as string ?? Guid.NewGuid().ToString();
        ctx.Response.ContentType = "text/xml";
        await ctx.Response.WriteAsync(
            $"<GetCallerIdentityResponse xmlns=\"{Namespace}\">\n" +
            "  <GetCallerIdentityResult>\n" +
            $"    <Arn>{SecurityElement.Escape(arn)}</Arn>\n    <UserId>{SecurityElement.Escape(userId)}</UserId>\n    <Account>{account}</Account>\n" +
            "  </GetCallerIdentityResult>\n" +
            $"  <ResponseMetadata>\n    <RequestId>{requestId}</RequestId>\n  </ResponseMetadata>\n" +
            "</GetCallerIdentityResponse>\n");
    }
}
