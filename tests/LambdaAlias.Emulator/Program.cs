using LambdaAlias.Emulator;

// Standalone: dotnet run --project tests/LambdaAlias.Emulator -- --port 4566 --scenario demo [--quotas] [--latency-ms 30] [--time-scale 10]
var options = EmulatorOptions.FromArgs(args);
await using var host = await EmulatorHost.StartAsync(options);
Console.WriteLine($"LambdaAlias AWS emulator listening on {host.BaseUrl} (scenario: {options.Scenario ?? (options.ScenarioDocument != null ? "synthetic" : "empty")}; quotas {(options.QuotasEnabled ? "on" : "off")}; " +
                  $"latency {options.Latency.TotalMilliseconds} ms; time-scale {options.TimeScale}). Credentials: access key 'test'. Control API: {host.BaseUrl}/_emulator/. Ctrl-C to stop.");
await host.WaitForShutdownAsync();
