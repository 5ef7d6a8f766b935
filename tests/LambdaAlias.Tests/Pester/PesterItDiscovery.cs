using System.Collections.Concurrent;
using System.ComponentModel;
using LambdaAlias.Tests.Harness;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace LambdaAlias.Tests.Pester;

/// <summary>
/// Turns every It of the Pester files matching <see cref="Pattern"/> under <see cref="Folder"/> (relative to the
/// repository root) into its own xunit test named <c>Describe &gt; Context &gt; It</c>. The attributed method takes
/// <c>(string file, string fullName)</c>: the file relative to the root, and the It's full name.
/// </summary>
[XunitTestCaseDiscoverer("LambdaAlias.Tests.Pester.PesterItDiscoverer", "LambdaAlias.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class PesterItsAttribute : FactAttribute
{
    public PesterItsAttribute(string folder, string pattern) { Folder = folder; Pattern = pattern; }
    public string Folder { get; }
    public string Pattern { get; }
    /// <summary>Put before each name, to tell these results apart from another file set's.</summary>
    public string DisplayPrefix { get; set; }
}

public sealed class PesterItDiscoverer : IXunitTestCaseDiscoverer
{
    private readonly IMessageSink _diagnostics;

    public PesterItDiscoverer(IMessageSink diagnosticMessageSink) => _diagnostics = diagnosticMessageSink;

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var args = factAttribute.GetConstructorArguments().Cast<string>().ToArray();
        var prefix = factAttribute.GetNamedArgument<string>(nameof(PesterItsAttribute.DisplayPrefix)) ?? string.Empty;
        var folder = Path.Combine(RepoPaths.Root, args[0]);
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, args[1]).OrderBy(f => f, StringComparer.Ordinal).ToList() : new List<string>();
        var cases = new List<IXunitTestCase>();
        foreach (var file in files)
        {
            var relative = RepoPaths.Relative(file);
            PesterFileRun discovered;
            try { discovered = PesterLiteRunner.Discover(file); }
            catch (Exception e) { discovered = new PesterFileRun { File = file, Results = Array.Empty<PesterResult>(), RunnerFailure = e.ToString() }; }

            if (discovered.RunnerFailure != null)
            {
                // The run will fail the same way and say why; one result stands for the whole file.
                cases.Add(NewCase(discoveryOptions, testMethod, relative, Path.GetFileName(file) + " (discovery)", prefix, null));
                continue;
            }
            foreach (var it in discovered.Results)
                cases.Add(NewCase(discoveryOptions, testMethod, relative, it.FullName, prefix, it.Result == "Skipped" ? "It -Skip" : null));
        }
        return cases;
    }

    private PesterItTestCase NewCase(ITestFrameworkDiscoveryOptions options, ITestMethod method, string file, string fullName, string prefix, string skip)
        => new(_diagnostics, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), method,
               new object[] { file, fullName }, prefix + fullName, skip);
}

/// <summary>An xunit test case for one It, named by the It and skipped when the It is.</summary>
public sealed class PesterItTestCase : XunitTestCase
{
    private string _name;
    private string _skip;

    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public PesterItTestCase() { }

    public PesterItTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod method,
        object[] arguments, string name, string skip)
        : base(sink, display, displayOptions, method, arguments)
    {
        _name = name;
        _skip = skip;
    }

    protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName) => _name;

    protected override string GetSkipReason(IAttributeInfo factAttribute) => _skip;

    public override void Serialize(IXunitSerializationInfo data)
    {
        data.AddValue("PesterName", _name);
        data.AddValue("PesterSkip", _skip);
        base.Serialize(data);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        _name = data.GetValue<string>("PesterName");
        _skip = data.GetValue<string>("PesterSkip");
        base.Deserialize(data);
    }
}

/// <summary>Runs each file once, on the first of its Its to execute, and keeps the results for the rest.</summary>
public sealed class PesterRunCache
{
    private readonly ConcurrentDictionary<string, Lazy<PesterFileRun>> _runs = new(StringComparer.Ordinal);

    public PesterFileRun Get(string relativeFile) =>
        _runs.GetOrAdd(relativeFile, f => new Lazy<PesterFileRun>(() => PesterLiteRunner.Run(Path.Combine(RepoPaths.Root, f)))).Value;

    /// <summary>The result named <paramref name="fullName"/>, or an explanation of why there is none.</summary>
    public PesterResult Find(string relativeFile, string fullName, out string problem)
    {
        var run = Get(relativeFile);
        problem = null;
        if (run.RunnerFailure != null)
        {
            problem = $"PesterLite could not run {relativeFile}:\n{run.RunnerFailure}";
            return null;
        }
        var result = run.Results.FirstOrDefault(r => r.FullName == fullName);
        if (result == null)
            problem = $"'{fullName}' was discovered in {relativeFile} but did not run; discovery differs between passes. Ran: " +
                      string.Join(" | ", run.Results.Select(r => r.FullName));
        return result;
    }
}

/// <summary>A failed It, reported with the Should mismatch, file:line and the script's stack instead of C#'s.</summary>
public sealed class PesterItFailedException : XunitException
{
    private readonly string _scriptStackTrace;

    public PesterItFailedException(PesterResult result, IEnumerable<string> fileErrors)
        : base(Describe(result, fileErrors))
    {
        // The test file's frames only: PesterLite's own frames and its generated scope wrappers explain nothing.
        _scriptStackTrace = result.ScriptStackTrace == null ? null : string.Join("\n",
            result.ScriptStackTrace.Split('\n').Select(l => l.TrimEnd('\r'))
                .Where(l => !l.Contains("PesterLite.psm1", StringComparison.Ordinal) && !l.Contains("<No file>", StringComparison.Ordinal)));
    }

    public override string StackTrace => _scriptStackTrace ?? string.Empty;

    private static string Describe(PesterResult r, IEnumerable<string> fileErrors)
    {
        var text = r.Message + "\n" +
                   (r.ErrorLocation != null ? $"at {r.ErrorLocation}\n" : string.Empty) +
                   (r.Kind == "It" ? $"It at {r.Location}" : $"{r.Kind} at {r.Location}");
        var errors = fileErrors.ToList();
        if (errors.Count > 0) text += "\nNon-terminating errors in this file:\n  " + string.Join("\n  ", errors);
        return text;
    }
}
