<#
.SYNOPSIS
Builds, tests, packages and demonstrates the LambdaAlias module.

.DESCRIPTION
    ./build.ps1 -Task Build     dotnet build LambdaAlias.sln: assembles out/LambdaAlias as a user installs it.
    ./build.ps1 -Task Test      Build, then the xunit tests and the Pester files (tests/*.Tests.ps1). With Pester 5
                                importable here, the Pester files run under real Pester; otherwise under PesterLite
                                through the xunit bridge (one xunit result per It).
    ./build.ps1 -Task Package   Build (Release) and copy the module to artifacts/LambdaAlias, a folder Publish-Module
                                accepts; the manifest is checked with Test-ModuleManifest.
    ./build.ps1 -Task Demo      Runs tools/LambdaAlias.Demo against the in-process emulator (arguments after -DemoArgs).
    ./build.ps1 -Task Clean     Removes out/, artifacts/, TestResults and the build output.

Without pwsh, the same steps are: dotnet build LambdaAlias.sln / dotnet test LambdaAlias.sln (see README.md).
The script uses only the PowerShell engine's core commands and .NET, so it also runs in a hosted engine.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Demo', 'Clean')]
    [string[]] $Task = @('Build'),
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug',
    # Package only: use the module already in out/ instead of building (the tests use this).
    [switch] $NoBuild,
    # Package only: where the LambdaAlias folder is written.
    [string] $PackagePath,
    # Demo only: arguments for tools/LambdaAlias.Demo, e.g. -DemoArgs '--command', 'Get-LambdaIntegrationPin'.
    [string[]] $DemoArgs = @()
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = $PSScriptRoot
$solution = [System.IO.Path]::Combine($root, 'LambdaAlias.sln')
$moduleFolder = [System.IO.Path]::Combine($root, 'out', 'LambdaAlias')
# Nothing a build or test starts may reach the EC2 instance-metadata address.
$env:AWS_EC2_METADATA_DISABLED = 'true'

function Write-Step([string] $Message) {
    if ($null -ne $Host.UI) { $Host.UI.WriteLine("==> $Message") }
}

function Invoke-Dotnet {
    param([string[]] $Arguments)
    Write-Step ("dotnet " + ($Arguments -join ' '))
    & dotnet @Arguments | ForEach-Object { if ($null -ne $Host.UI) { $Host.UI.WriteLine([string]$_) } }
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments[0]) failed with exit code $LASTEXITCODE." }
}

function Invoke-Build {
    Invoke-Dotnet @('build', $solution, '-c', $Configuration, '-nologo')
    if (-not [System.IO.File]::Exists([System.IO.Path]::Combine($moduleFolder, 'LambdaAlias.psd1'))) {
        throw "The build did not assemble $moduleFolder."
    }
}

function Test-RealPester {
    # PesterLite stands in only where Pester 5 cannot be imported.
    $pester = Import-Module Pester -MinimumVersion 5.0 -MaximumVersion 5.99 -PassThru -ErrorAction SilentlyContinue
    $null -ne $pester
}

function Invoke-Test {
    Invoke-Build
    if (Test-RealPester) {
        Write-Step 'Pester 5 is available: xunit tests here, Pester files under Invoke-Pester.'
        Invoke-Dotnet @('test', $solution, '-c', $Configuration, '--no-build', '-nologo', '--filter', 'FullyQualifiedName!~LambdaAlias.Tests.Pester.PesterTests')
        $configuration = New-PesterConfiguration
        $configuration.Run.Path = @([System.IO.Directory]::GetFiles([System.IO.Path]::Combine($root, 'tests'), '*.Tests.ps1'))
        $configuration.Run.PassThru = $true
        $configuration.Output.Verbosity = 'Detailed'
        $result = Invoke-Pester -Configuration $configuration
        Write-Step "Pester: $($result.PassedCount) passed, $($result.FailedCount) failed"
        if ($result.FailedCount -gt 0 -or $result.Result -ne 'Passed') { throw "Pester reported $($result.FailedCount) failed test(s)." }
    }
    else {
        Write-Step 'Pester 5 is not importable: the Pester files run under PesterLite through the xunit bridge.'
        Invoke-Dotnet @('test', $solution, '-c', $Configuration, '--no-build', '-nologo')
    }
}

function Invoke-Package {
    if (-not $NoBuild) {
        $script:Configuration = 'Release'
        Invoke-Build
    }
    $target = if ($PackagePath) { [System.IO.Path]::GetFullPath($PackagePath) } else { [System.IO.Path]::Combine($root, 'artifacts') }
    $destination = [System.IO.Path]::Combine($target, 'LambdaAlias')
    if ([System.IO.Directory]::Exists($destination)) { [System.IO.Directory]::Delete($destination, $true) }
    foreach ($file in [System.IO.Directory]::GetFiles($moduleFolder, '*', [System.IO.SearchOption]::AllDirectories)) {
        # Symbols stay out of the gallery package.
        if ($file.EndsWith('.pdb')) { continue }
        $relative = $file.Substring($moduleFolder.Length).TrimStart([char[]]@('/', '\'))
        $copy = [System.IO.Path]::Combine($destination, $relative)
        $null = [System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($copy))
        [System.IO.File]::Copy($file, $copy, $true)
    }
    $manifest = Test-ModuleManifest -Path ([System.IO.Path]::Combine($destination, 'LambdaAlias.psd1'))
    foreach ($required in @('LambdaAlias.format.ps1xml', 'en-US/about_LambdaAlias.help.txt', $manifest.RootModule)) {
        if (-not [System.IO.File]::Exists([System.IO.Path]::Combine($destination, $required))) { throw "The package lacks $required." }
    }
    Write-Step "Packaged LambdaAlias $($manifest.Version) in $destination (Publish-Module -Path '$destination')"
    $destination
}

function Invoke-Demo {
    $demo = [System.IO.Path]::Combine($root, 'tools', 'LambdaAlias.Demo')
    if (-not [System.IO.Directory]::Exists($demo)) { throw "The demo (tools/LambdaAlias.Demo) is not part of this checkout yet." }
    Invoke-Build
    Invoke-Dotnet (@('run', '--project', $demo, '-c', $Configuration, '--no-build', '--') + $DemoArgs)
}

function Invoke-Clean {
    Invoke-Dotnet @('clean', $solution, '-nologo', '-v', 'q')
    foreach ($folder in @('out', 'artifacts', 'TestResults')) {
        $path = [System.IO.Path]::Combine($root, $folder)
        if ([System.IO.Directory]::Exists($path)) { [System.IO.Directory]::Delete($path, $true); Write-Step "Removed $folder/" }
    }
}

foreach ($step in $Task) {
    switch ($step) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Package' { Invoke-Package }
        'Demo' { Invoke-Demo }
        'Clean' { Invoke-Clean }
    }
}
