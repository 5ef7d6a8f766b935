using LambdaAlias.Emulator;

// Standalone: dotnet run --project tests/LambdaAlias.Emulator -- --port 4566 --scenario demo
var options = EmulatorOptions.FromArgs(args);
await using var host = await EmulatorHost.StartAsync(options);
Console.WriteLine($"LambdaAlias AWS emulator listening on {host.BaseUrl} (scenario: {options.Scenario ?? "empty"}). Ctrl-C to stop.");
await host.WaitForShutdownAsync();
