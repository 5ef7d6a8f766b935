using LambdaAlias.Demo;

// dotnet run --project tools/LambdaAlias.Demo                     the transcript against the emulator's demo account
// dotnet run --project tools/LambdaAlias.Demo -- --command '...'  one pipeline: against the emulator, or against the
//                                                                  account it names with -Region, -ProfileName or -EndpointUrl
const string Usage = """
Usage: LambdaAlias.Demo [--command '<pipeline>'] [--module <path to LambdaAlias.psd1>] [--width <columns>]

  (no arguments)        Prints a transcript of the module against the emulator's demo account (in-process, loopback):
                        the pins, what serves the demo invoke URL, the -WhatIf plan, the migration, a re-scan and a rollback.
  --command <pipeline>  Runs one pipeline. Against the demo account unless the pipeline passes -Region, -ProfileName or
                        -EndpointUrl; then against that account, with your own AWS credentials. Prompts ask on the console.
  --module <path>       The module manifest to import (default: out/LambdaAlias/LambdaAlias.psd1 of this repository).
  --width <columns>     The screen width tables are formatted for (default 120).
""";

string command = null;
string module = null;
var width = 120;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--command" or "-c" when i + 1 < args.Length: command = args[++i]; break;
        case "--module" when i + 1 < args.Length: module = args[++i]; break;
        case "--width" when i + 1 < args.Length && int.TryParse(args[++i], out var w) && w >= 80: width = w; break;
        case "--help" or "-h" or "-?": Console.Out.Write(Usage); return 0;
        default:
            Console.Error.Write($"Unknown or incomplete argument '{args[i]}'.{Environment.NewLine}{Usage}");
            return 2;
    }
}

var output = Console.Out;
try
{
    var manifest = ModuleLocator.Find(module);
    if (command == null) return await DemoTranscript.RunAsync(output, manifest, width) ? 0 : 1;
    return await DemoCommandLine.RunAsync(output, manifest, command, interactive: !Console.IsInputRedirected, width) ? 0 : 1;
}
catch (Exception e) when (e is FileNotFoundException || e is InvalidOperationException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
