using Xunit;

namespace LambdaAlias.Tests.Pester;

/// <summary>The repository's Pester 5 files (tests/*.Tests.ps1), one xunit result per It.</summary>
public sealed class PesterTests : IClassFixture<PesterRunCache>
{
    private readonly PesterRunCache _runs;

    public PesterTests(PesterRunCache runs) => _runs = runs;

    [PesterIts("tests", "*.Tests.ps1")]
    public void It(string file, string fullName)
    {
        var result = _runs.Find(file, fullName, out var problem);
        if (result == null) throw new Xunit.Sdk.XunitException(problem);
        if (result.Result != "Passed") throw new PesterItFailedException(result, _runs.Get(file).Errors);
    }
}
