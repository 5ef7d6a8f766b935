# Test support for tests/*.Tests.ps1. Importing it imports the built module (out/LambdaAlias) globally, as a user would.
# Start-TestEmulator gives each file (or Describe) a fresh AWS emulator: in-process when the test host has the emulator
# assembly (the xunit bridge), otherwise as a child `dotnet` process (real Pester in pwsh). Only Core cmdlets are used,
# because the hosted engine has no others.

Set-StrictMode -Version 3.0

$script:RepoRoot = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($PSScriptRoot, '..', '..'))
$script:Running = [System.Collections.Generic.List[object]]::new()
$script:SavedEnvironment = $null
$script:Credentials = [ordered]@{
    AWS_ACCESS_KEY_ID         = 'test'
    AWS_SECRET_ACCESS_KEY     = 'test'
    AWS_REGION                = 'us-east-1'
    AWS_DEFAULT_REGION        = 'us-east-1'
    AWS_EC2_METADATA_DISABLED = 'true'
}

$manifest = [System.IO.Path]::Combine($script:RepoRoot, 'out', 'LambdaAlias', 'LambdaAlias.psd1')
if (-not [System.IO.File]::Exists($manifest)) { throw "The module is not built: $manifest. Run 'dotnet build LambdaAlias.sln'." }
Import-Module $manifest -Global -ErrorAction Stop

function Get-TestRepositoryRoot { $script:RepoRoot }

function Get-InProcessEmulatorType {
    $type = 'LambdaAlias.Emulator.EmulatorHost' -as [type]
    if ($null -ne $type) { return $type }
    try { $null = [System.Reflection.Assembly]::Load('LambdaAlias.Emulator') } catch { return $null }
    'LambdaAlias.Emulator.EmulatorHost' -as [type]
}

function Start-TestEmulator {
    <#
    .SYNOPSIS
    Starts a fresh AWS emulator on an ephemeral loopback port and returns where it listens.
    .DESCRIPTION
    Returns BaseUrl, Region, AccessKey, SecretKey, AccountId, Parameters (@{ EndpointUrl; Region } for splatting),
    Mode (InProcess or Process) and, in-process, State (the emulator's EmulatorState for assertions). Sets the
    AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (test/test), AWS_REGION/AWS_DEFAULT_REGION (us-east-1) and
    AWS_EC2_METADATA_DISABLED environment variables until the last emulator stops. Stop it with Stop-TestEmulator in
    AfterAll; the xunit bridge also stops any left running when the file ends.
    #>
    [CmdletBinding()]
    param(
        # A scenario name under the emulator's Scenarios/ (e.g. 'demo'), or a path; none starts empty.
        [string] $Scenario,
        # Start the emulator as a child process even when it could run in-process.
        [switch] $OutOfProcess
    )
    $type = if ($OutOfProcess) { $null } else { Get-InProcessEmulatorType }
    if ($null -ne $type) {
        $options = [LambdaAlias.Emulator.EmulatorOptions]::new()
        $options.Port = 0
        if ($Scenario) { $options.Scenario = $Scenario }
        $server = $type::StartAsync($options).GetAwaiter().GetResult()
        $emulator = New-EmulatorInfo -BaseUrl $server.BaseUrl -Mode 'InProcess' -State $server.State -Handle $server
    }
    else {
        $emulator = Start-EmulatorProcess -Scenario $Scenario
    }
    if ($script:Running.Count -eq 0) {
        $script:SavedEnvironment = @{}
        foreach ($name in $script:Credentials.Keys) {
            $script:SavedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $script:Credentials[$name])
        }
    }
    $script:Running.Add($emulator)
    $emulator
}

function New-EmulatorInfo {
    param([string] $BaseUrl, [string] $Mode, $State, $Handle)
    $info = [pscustomobject]@{
        PSTypeName = 'LambdaAlias.TestEmulator'
        BaseUrl    = $BaseUrl
        Region     = $script:Credentials.AWS_REGION
        AccessKey  = $script:Credentials.AWS_ACCESS_KEY_ID
        SecretKey  = $script:Credentials.AWS_SECRET_ACCESS_KEY
        AccountId  = '123456789012'
        Parameters = @{ EndpointUrl = $BaseUrl; Region = $script:Credentials.AWS_REGION }
        Mode       = $Mode
        State      = $State
    }
    # Kept off the default view: the server object or process, and an id to find this emulator again.
    $info.PSObject.Properties.Add([System.Management.Automation.PSNoteProperty]::new('Handle', $Handle))
    $info.PSObject.Properties.Add([System.Management.Automation.PSNoteProperty]::new('Id', [guid]::NewGuid()))
    $info
}

function Start-EmulatorProcess {
    param([string] $Scenario)
    $dll = $null
    foreach ($configuration in 'Debug', 'Release') {
        $candidate = [System.IO.Path]::Combine($script:RepoRoot, 'tests', 'LambdaAlias.Emulator', 'bin', $configuration, 'net10.0', 'LambdaAlias.Emulator.dll')
        if ([System.IO.File]::Exists($candidate) -and ($null -eq $dll -or [System.IO.File]::GetLastWriteTimeUtc($candidate) -gt [System.IO.File]::GetLastWriteTimeUtc($dll))) { $dll = $candidate }
    }
    if ($null -eq $dll) { throw "The emulator is not built. Run 'dotnet build tests/LambdaAlias.Emulator'." }
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    $start.ArgumentList.Add($dll)
    $start.ArgumentList.Add('--port'); $start.ArgumentList.Add('0')
    if ($Scenario) { $start.ArgumentList.Add('--scenario'); $start.ArgumentList.Add($Scenario) }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ([DateTime]::UtcNow -lt $deadline) {
        $read = $process.StandardOutput.ReadLineAsync()
        if (-not $read.Wait(($deadline - [DateTime]::UtcNow))) { break }
        $line = $read.Result
        if ($null -eq $line) { break }
        if ($line -match 'listening on (http://\S+)') {
            return New-EmulatorInfo -BaseUrl $Matches[1] -Mode 'Process' -State $null -Handle $process
        }
    }
    $errorText = if ($process.HasExited) { $process.StandardError.ReadToEnd() } else { '' }
    if (-not $process.HasExited) { $process.Kill($true) }
    throw "The emulator process did not report its address. $errorText"
}

function Stop-TestEmulator {
    <#
    .SYNOPSIS
    Stops an emulator from Start-TestEmulator (or all of them with -All) and, after the last, restores the environment.
    #>
    [CmdletBinding(DefaultParameterSetName = 'One')]
    param(
        [Parameter(ParameterSetName = 'One', Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [AllowNull()] $Emulator,
        [Parameter(ParameterSetName = 'All', Mandatory = $true)] [switch] $All
    )
    process {
        $targets = if ($All) { @($script:Running) } elseif ($null -ne $Emulator) { @($Emulator) } else { @() }
        foreach ($target in $targets) {
            $index = -1
            for ($i = 0; $i -lt $script:Running.Count; $i++) { if ($script:Running[$i].Id -eq $target.Id) { $index = $i } }
            if ($index -lt 0) { continue }
            $script:Running.RemoveAt($index)
            $handle = $target.PSObject.Properties['Handle'].Value
            if ($handle -is [System.Diagnostics.Process]) {
                if (-not $handle.HasExited) { $handle.Kill($true); $null = $handle.WaitForExit(10000) }
                $handle.Dispose()
            }
            else {
                $handle.DisposeAsync().AsTask().GetAwaiter().GetResult()
            }
        }
        if ($script:Running.Count -eq 0 -and $null -ne $script:SavedEnvironment) {
            foreach ($name in $script:SavedEnvironment.Keys) { [Environment]::SetEnvironmentVariable($name, $script:SavedEnvironment[$name]) }
            $script:SavedEnvironment = $null
        }
    }
}

Export-ModuleMember -Function Start-TestEmulator, Stop-TestEmulator, Get-TestRepositoryRoot
