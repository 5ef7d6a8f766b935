using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Runtime.Loader;

// Usage: LambdaAlias.InteropHost <module manifest or folder> <emulator url>
//
// Loads this host's own AWSSDK.Core (whatever version the project was built against) first, as a session that imported
// AWS Tools before LambdaAlias would, then imports the module and scans the emulator. Every fact the caller checks is
// printed on its own "key=value" line, so a test can assert on what happened rather than on an exit code alone.
// Exit codes: 0 the host ran to the end (the cmdlet may still have failed: see the error= lines), 2 bad usage,
// 3 an exception escaped PowerShell (what "a loader exception" looks like to a user).

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: LambdaAlias.InteropHost <module manifest or folder> <emulator url>");
    return 2;
}

try
{
    // Touch a type so AWSSDK.Core is loaded before the module is imported; the loaded copy is what the module must share.
    var preloaded = typeof(Amazon.Runtime.AWSCredentials).Assembly;
    Report("host.awssdk.core", preloaded);

    var iss = InitialSessionState.CreateDefault2();
    if (OperatingSystem.IsWindows()) iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
    using var runspace = RunspaceFactory.CreateRunspace(iss);
    runspace.Open();

    using (var import = PowerShell.Create(runspace))
    {
        import.AddCommand("Import-Module").AddParameter("Name", Path.GetFullPath(args[0])).AddParameter("ErrorAction", "Stop");
        import.Invoke();
        Console.WriteLine("import=ok");
    }

    using (var scan = PowerShell.Create(runspace))
    {
        scan.AddCommand("Get-LambdaIntegrationPin")
            .AddParameter("EndpointUrl", args[1])
            .AddParameter("Region", "us-east-1")
            .AddParameter("AccessKey", "test")
            .AddParameter("SecretKey", "test");
        try
        {
            foreach (var pin in scan.Invoke())
            {
                Console.WriteLine("pin=" + pin.Properties["FunctionName"]?.Value + ":" + pin.Properties["Qualifier"]?.Value);
            }
        }
        catch (RuntimeException terminating)
        {
            ReportError(terminating.ErrorRecord);
        }
        foreach (var error in scan.Streams.Error) ReportError(error);
    }

    // Which AWSSDK.Core the module actually bound: the assembly behind the AWSSDK types in the module's own signatures,
    // and the type PowerShell resolves by name inside the runspace.
    var module = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "LambdaAlias.Cmdlets");
    if (module != null)
    {
        Console.WriteLine("module.location=" + module.Location);
        var served = AwsSdkCoreBoundBy(module);
        if (served != null) Report("module.awssdk.core", served);
    }
    using (var probe = PowerShell.Create(runspace))
    {
        probe.AddScript("[Amazon.Runtime.AWSCredentials].Assembly");
        try
        {
            foreach (var item in probe.Invoke()) Report("runspace.awssdk.core", (Assembly)item.BaseObject);
        }
        catch (RuntimeException e)
        {
            Console.WriteLine("runspace.awssdk.core=unresolved " + e.Message);
        }
    }

    // However many contexts the process has, one AWSSDK.Core should be loaded in total when the copies are shared.
    var loaded = AssemblyLoadContext.All.SelectMany(c => c.Assemblies).Where(a => a.GetName().Name == "AWSSDK.Core").Distinct().ToList();
    Console.WriteLine("process.awssdk.core.count=" + loaded.Count);
    return 0;
}
catch (Exception e)
{
    Console.WriteLine("unhandled=" + e.GetType().FullName + ": " + OneLine(e.Message));
    for (var inner = e.InnerException; inner != null; inner = inner.InnerException)
    {
        Console.WriteLine("unhandled.inner=" + inner.GetType().FullName + ": " + OneLine(inner.Message));
    }
    return 3;
}

static void Report(string key, Assembly assembly)
{
    var file = string.IsNullOrEmpty(assembly.Location) ? null : FileVersionInfo.GetVersionInfo(assembly.Location).FileVersion;
    Console.WriteLine(key + ".name=" + assembly.FullName);
    Console.WriteLine(key + ".fileversion=" + file);
    Console.WriteLine(key + ".location=" + assembly.Location);
}

static void ReportError(ErrorRecord error)
{
    Console.WriteLine("error=" + error.FullyQualifiedErrorId);
    Console.WriteLine("error.exception=" + error.Exception?.GetType().FullName);
    Console.WriteLine("error.message=" + OneLine(error.ErrorDetails?.Message ?? error.Exception?.Message));
}

static string OneLine(string text) => (text ?? string.Empty).Replace('\r', ' ').Replace('\n', ' ');

// The AWSSDK.Core assembly that the module's references resolved to, read from a field or parameter type the module
// declares. Null when no such member could be resolved (which is itself the conflict the 3.x mode expects).
static Assembly AwsSdkCoreBoundBy(Assembly module)
{
    const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
    Type[] types;
    try { types = module.GetTypes(); }
    catch (ReflectionTypeLoadException partial) { types = partial.Types.Where(t => t != null).ToArray(); }
    foreach (var type in types)
    {
        IEnumerable<Type> used;
        try
        {
            used = type.GetFields(all).Select(f => f.FieldType)
                .Concat(type.GetMethods(all).SelectMany(m => m.GetParameters()).Select(p => p.ParameterType))
                .ToList();
        }
        catch (Exception e) when (e is TypeLoadException || e is FileLoadException || e is FileNotFoundException)
        {
            continue;
        }
        var aws = used.FirstOrDefault(t => t.Assembly.GetName().Name == "AWSSDK.Core");
        if (aws != null) return aws.Assembly;
    }
    return null;
}
