namespace LambdaAlias.Demo;

/// <summary>--command: one pipeline against the emulator's demo account, or against the account the pipeline names.</summary>
public static class DemoCommandLine
{
    /// <summary>Runs the pipeline and renders it; false when it wrote an error.</summary>
    public static async Task<bool> RunAsync(TextWriter output, string moduleManifest, string pipeline, bool interactive, int width = 120)
    {
        if (DemoTarget.NamesItsOwnTarget(pipeline)) return RunIn(null, output, moduleManifest, pipeline, interactive, width);
        await using var account = await DemoAccount.StartAsync();
        return RunIn(account, output, moduleManifest, pipeline, interactive, width);
    }

    private static bool RunIn(DemoAccount account, TextWriter output, string moduleManifest, string pipeline, bool interactive, int width)
    {
        using var shell = DemoShell.Open(output, moduleManifest, interactive, width);
        shell.Say(account != null
            ? $"The emulator's demo account {DemoAccount.AccountId} ({DemoAccount.Region}) at {account.EndpointUrl}, through AWS_ENDPOINT_URL."
            : "The account the pipeline names, with your AWS credentials (no emulator).");
        ConsoleCancelEventHandler cancel = (_, e) => { e.Cancel = true; shell.Stop(); };
        Console.CancelKeyPress += cancel;
        try
        {
            return shell.Run(pipeline).Errors.Count == 0;
        }
        finally
        {
            Console.CancelKeyPress -= cancel;
        }
    }
}
