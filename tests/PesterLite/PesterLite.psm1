# PesterLite: the subset of Pester 5 that this repository's tests use, following Pester 5's rules (see tests/README.md).
# It is used only where `Import-Module Pester -MinimumVersion 5.0 -MaximumVersion 5.99` fails. It must run in an engine
# that has only the Microsoft.PowerShell.Core cmdlets, so it uses the language and .NET, never Utility cmdlets.
# Kept compatible with Windows PowerShell 5.1 syntax.

Set-StrictMode -Version 3.0

$script:State = $null
$script:ArrayOperators = @('Be', 'BeExactly', 'BeNullOrEmpty', 'Contain', 'HaveCount')
$script:BindingFlags = [System.Reflection.BindingFlags]'Instance, NonPublic'

# --- Scopes -------------------------------------------------------------------------------------------------------
# Test code must run in the caller's session state, not in this module's, so that Import-Module in a BeforeAll is
# global and test code cannot see PesterLite's internals. A wrapper script block bound to the caller's session state
# opens a new scope there and calls back into this module; hook script blocks dot-sourced from the callback land in
# that scope because it is the caller's session state's current scope. Nesting wrappers nests scopes, as in Pester 5.

function New-UserScriptBlock {
    param([System.Management.Automation.SessionState] $SessionState, [string] $Text)
    $invoker = [scriptblock]::Create($Text)
    $internal = [System.Management.Automation.SessionState].GetProperty('Internal', $script:BindingFlags).GetValue($SessionState)
    [scriptblock].GetProperty('SessionStateInternal', $script:BindingFlags).SetValue($invoker, $internal)
    $invoker
}

function Invoke-InNewUserScope {
    param([scriptblock] $Callback)
    & $script:State.NewUserScope $Callback
}

# --- Model ----------------------------------------------------------------------------------------------------------

function New-Block {
    param([string] $Name, [string] $Kind, $Parent, [bool] $Skip, [string] $File, [int] $Line)
    $path = if ($null -eq $Parent) { @() } else { @($Parent.Path) + $Name }
    [pscustomobject]@{
        IsBlock    = $true
        Name       = $Name
        Kind       = $Kind
        Parent     = $Parent
        Path       = [string[]]$path
        Items      = [System.Collections.Generic.List[object]]::new()
        BeforeAll  = $null
        AfterAll   = $null
        BeforeEach = $null
        AfterEach  = $null
        Skip       = $Skip -or ($null -ne $Parent -and $Parent.Skip)
        File       = $File
        Line       = $Line
    }
}

function Get-FullName {
    param([string[]] $Path)
    ($Path | Where-Object { $_ }) -join ' > '
}

function New-Result {
    param($Kind, [string[]] $Path, [string] $Name, [string] $Result, [string] $File, [int] $Line, $Failure, [double] $DurationMs)
    $fullName = if ($Kind -eq 'File') { $Name } else { Get-FullName (@($Path) + $Name) }
    $r = [pscustomobject]@{
        PSTypeName       = 'PesterLite.TestResult'
        Kind             = $Kind
        File             = $File
        Line             = $Line
        Path             = [string[]]@($Path)
        Name             = $Name
        FullName         = $fullName
        Result           = $Result
        Message          = $null
        ErrorFile        = $null
        ErrorLine        = 0
        ScriptStackTrace = $null
        DurationMs       = $DurationMs
    }
    if ($null -ne $Failure) {
        $r.Message = $Failure.Message
        $r.ErrorFile = $Failure.File
        $r.ErrorLine = $Failure.Line
        $r.ScriptStackTrace = $Failure.ScriptStackTrace
    }
    $r
}

# Turns a caught ErrorRecord into a message and the file:line where it happened.
function ConvertTo-Failure {
    param([System.Management.Automation.ErrorRecord] $ErrorRecord, [string] $Prefix)
    $message = if ($ErrorRecord.FullyQualifiedErrorId -like 'PesterAssertionFailed*') {
        $ErrorRecord.Exception.Message
    }
    else {
        $ErrorRecord.Exception.GetType().Name + ': ' + $ErrorRecord.Exception.Message
    }
    if ($Prefix) { $message = $Prefix + $message }
    $file = $null; $line = 0
    if ($null -ne $ErrorRecord.InvocationInfo -and $ErrorRecord.InvocationInfo.ScriptName -and $ErrorRecord.InvocationInfo.ScriptName -ne $PSCommandPath) {
        $file = $ErrorRecord.InvocationInfo.ScriptName
        $line = $ErrorRecord.InvocationInfo.ScriptLineNumber
    }
    else {
        # The error was raised inside PesterLite (a Should argument error): point at the test code that called it.
        foreach ($frame in [regex]::Matches([string]$ErrorRecord.ScriptStackTrace, '(?m)^at .*?, (.+): line (\d+)')) {
            $frameFile = $frame.Groups[1].Value
            if ($frameFile -eq $PSCommandPath -or $frameFile -eq '<No file>') { continue }
            $file = $frameFile
            $line = [int]$frame.Groups[2].Value
            break
        }
    }
    [pscustomobject]@{ Message = $message; File = $file; Line = $line; ScriptStackTrace = $ErrorRecord.ScriptStackTrace }
}

function Assert-Discovery {
    param([string] $Command)
    if ($null -eq $script:State) {
        throw "$Command must run inside a test file started with Invoke-PesterLite (or Invoke-Pester with Pester 5)."
    }
    if ($script:State.Mode -ne 'Discovery') {
        throw "$Command cannot be called while tests run (from inside It, BeforeAll or another hook)."
    }
}

# --- Discovery: blocks, tests and hooks ---------------------------------------------------------------------------

function Add-Block {
    param([string] $Name, [string] $Kind, [scriptblock] $Fixture, [bool] $Skip, [System.Management.Automation.InvocationInfo] $Invocation)
    Assert-Discovery $Kind
    $parent = $script:State.Current
    $block = New-Block -Name $Name -Kind $Kind -Parent $parent -Skip $Skip -File $Invocation.ScriptName -Line $Invocation.ScriptLineNumber
    $parent.Items.Add($block)
    $script:State.Current = $block
    try {
        # The body runs now, once, in a child scope of the enclosing body: its variables reach nested bodies (for
        # -TestCases) but are gone before any BeforeAll or It runs.
        $null = & $Fixture
    }
    finally {
        $script:State.Current = $parent
    }
}

function Describe {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string] $Name,
        [Parameter(Mandatory = $true, Position = 1)] [scriptblock] $Fixture,
        [switch] $Skip
    )
    Add-Block -Name $Name -Kind 'Describe' -Fixture $Fixture -Skip $Skip.IsPresent -Invocation $MyInvocation
}

function Context {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string] $Name,
        [Parameter(Mandatory = $true, Position = 1)] [scriptblock] $Fixture,
        [switch] $Skip
    )
    Add-Block -Name $Name -Kind 'Context' -Fixture $Fixture -Skip $Skip.IsPresent -Invocation $MyInvocation
}

function Expand-TestName {
    param([string] $Name, [System.Collections.IDictionary] $Data)
    if ($null -eq $Data) { return $Name }
    [regex]::Replace($Name, '<([^<>]+)>', {
            param($match)
            $parts = $match.Groups[1].Value.Split('.')
            if (-not $Data.Contains($parts[0])) { return $match.Value }
            $value = $Data[$parts[0]]
            for ($i = 1; $i -lt $parts.Length -and $null -ne $value; $i++) { $value = $value.($parts[$i]) }
            if ($null -eq $value) { '$null' } else { Format-Value $value -Bare }
        })
}

function It {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string] $Name,
        [Parameter(Mandatory = $true, Position = 1)] [scriptblock] $Test,
        [Alias('ForEach')] [object[]] $TestCases,
        [switch] $Skip
    )
    Assert-Discovery 'It'
    $block = $script:State.Current
    if ($block.Kind -eq 'Root') { throw "It '$Name' must be inside a Describe or Context." }
    $cases = [System.Collections.Generic.List[object]]::new()
    if ($PSBoundParameters.ContainsKey('TestCases')) { foreach ($c in $TestCases) { $cases.Add($c) } } else { $cases.Add($null) }
    foreach ($case in $cases) {
        if ($null -ne $case -and $case -isnot [System.Collections.IDictionary]) {
            throw "It '$Name': each test case must be a hashtable; got [$($case.GetType().FullName)]."
        }
        $expanded = Expand-TestName -Name $Name -Data $case
        $fullName = Get-FullName (@($block.Path) + $expanded)
        # Two Its with one name would be one result; number the repeats so each stays its own result.
        $count = 0
        if ($script:State.Names.TryGetValue($fullName, [ref]$count)) {
            $script:State.Names[$fullName] = $count + 1
            $expanded = "$expanded #$($count + 1)"
        }
        else { $script:State.Names[$fullName] = 1 }
        $block.Items.Add([pscustomobject]@{
                IsBlock = $false
                Name    = $expanded
                Block   = $block
                Body    = $Test
                Data    = $case
                Skip    = $Skip.IsPresent -or $block.Skip
                File    = $MyInvocation.ScriptName
                Line    = $MyInvocation.ScriptLineNumber
            })
    }
}

function Set-Hook {
    param([string] $Kind, [scriptblock] $ScriptBlock)
    Assert-Discovery $Kind
    $block = $script:State.Current
    if ($null -ne $block.$Kind) {
        $where = if ($block.Kind -eq 'Root') { 'at file level' } else { "in '$(Get-FullName $block.Path)'" }
        throw "$Kind is already defined $where; use one $Kind per block."
    }
    $block.$Kind = $ScriptBlock
}

function BeforeAll { param([Parameter(Mandatory = $true, Position = 0)] [scriptblock] $Scriptblock) Set-Hook 'BeforeAll' $Scriptblock }
function AfterAll { param([Parameter(Mandatory = $true, Position = 0)] [scriptblock] $Scriptblock) Set-Hook 'AfterAll' $Scriptblock }
function BeforeEach { param([Parameter(Mandatory = $true, Position = 0)] [scriptblock] $Scriptblock) Set-Hook 'BeforeEach' $Scriptblock }
function AfterEach { param([Parameter(Mandatory = $true, Position = 0)] [scriptblock] $Scriptblock) Set-Hook 'AfterEach' $Scriptblock }

# --- Run ------------------------------------------------------------------------------------------------------------

function Get-Tests {
    param($Block)
    foreach ($item in $Block.Items) {
        if ($item.IsBlock) { Get-Tests $item } else { $item }
    }
}

function Get-BlockChain {
    param($Block)
    $chain = [System.Collections.Generic.List[object]]::new()
    for ($b = $Block; $null -ne $b; $b = $b.Parent) { $chain.Insert(0, $b) }
    , $chain
}

function Add-TestResult {
    param($Test, [string] $Result, $Failure, [double] $DurationMs)
    $script:State.Results.Add((New-Result -Kind 'It' -Path $Test.Block.Path -Name $Test.Name -Result $Result -File $Test.File -Line $Test.Line -Failure $Failure -DurationMs $DurationMs))
}

function Invoke-Test {
    param($Test)
    if ($Test.Skip) { Add-TestResult $Test 'Skipped' $null 0; return }
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    # The callback below runs in its own scope; it reports through this holder.
    $outcome = @{ Failure = $null }
    $chain = Get-BlockChain $Test.Block
    Invoke-InNewUserScope {
        try {
            foreach ($b in $chain) {
                if ($null -ne $b.BeforeEach) { $hook = $b.BeforeEach; . $hook }
            }
            $parameters = @{}
            if ($null -ne $Test.Data) {
                # Test-case keys become variables in the test's scope and bind to a param() block if the It has one.
                foreach ($key in $Test.Data.Keys) { $script:State.UserSessionState.PSVariable.Set([string]$key, $Test.Data[$key]) }
                $declared = @()
                if ($null -ne $Test.Body.Ast.ParamBlock) { $declared = @($Test.Body.Ast.ParamBlock.Parameters | ForEach-Object { $_.Name.VariablePath.UserPath }) }
                foreach ($key in $Test.Data.Keys) { if ($declared -contains $key) { $parameters[$key] = $Test.Data[$key] } }
            }
            $body = $Test.Body
            do { $null = . $body @parameters } until ($true)
        }
        catch {
            $outcome.Failure = ConvertTo-Failure $_
        }
        finally {
            for ($i = $chain.Count - 1; $i -ge 0; $i--) {
                if ($null -eq $chain[$i].AfterEach) { continue }
                try { $hook = $chain[$i].AfterEach; . $hook }
                catch { if ($null -eq $outcome.Failure) { $outcome.Failure = ConvertTo-Failure $_ -Prefix 'AfterEach failed: ' } }
            }
        }
    }
    $watch.Stop()
    Add-TestResult $Test $(if ($null -eq $outcome.Failure) { 'Passed' } else { 'Failed' }) $outcome.Failure $watch.Elapsed.TotalMilliseconds
}

function Invoke-Block {
    param($Block)
    $tests = @(Get-Tests $Block)
    if (@($tests | Where-Object { -not $_.Skip }).Count -eq 0) {
        # Pester 5 runs no hooks for a block whose tests are all skipped.
        foreach ($t in $tests) { Add-TestResult $t 'Skipped' $null 0 }
        return
    }
    Invoke-InNewUserScope {
        $setupFailure = $null
        if ($null -ne $Block.BeforeAll) {
            try { $hook = $Block.BeforeAll; $null = . $hook }
            catch { $setupFailure = ConvertTo-Failure $_ -Prefix 'BeforeAll failed: ' }
        }
        foreach ($item in $Block.Items) {
            if ($null -ne $setupFailure) {
                foreach ($t in @(if ($item.IsBlock) { Get-Tests $item } else { $item })) {
                    Add-TestResult $t $(if ($t.Skip) { 'Skipped' } else { 'Failed' }) $(if ($t.Skip) { $null } else { $setupFailure }) 0
                }
            }
            elseif ($item.IsBlock) { Invoke-Block $item }
            else { Invoke-Test $item }
        }
        if ($null -ne $Block.AfterAll) {
            try { $hook = $Block.AfterAll; $null = . $hook }
            catch {
                $failure = ConvertTo-Failure $_ -Prefix 'AfterAll failed: '
                $script:State.Results.Add((New-Result -Kind 'Block' -Path $Block.Path -Name 'AfterAll' -Result 'Failed' -File $Block.File -Line $Block.Line -Failure $failure))
            }
        }
    }
}

function Invoke-File {
    param([string] $File, [System.Management.Automation.SessionState] $SessionState, [bool] $DiscoveryOnly)
    $root = New-Block -Name '' -Kind 'Root' -Parent $null -Skip $false -File $File -Line 0
    $script:State = [pscustomobject]@{
        Mode             = 'Discovery'
        Root             = $root
        Current          = $root
        Names            = [System.Collections.Generic.Dictionary[string, int]]::new()
        Results          = [System.Collections.Generic.List[object]]::new()
        UserSessionState = $SessionState
        # Opens a new scope in the caller's session state and calls back into this module from there.
        NewUserScope     = New-UserScriptBlock $SessionState 'param($__PesterLiteCallback) & $__PesterLiteCallback'
        # A script file invoked from module code would run in the module's session state; invoke it from the caller's.
        InvokeFile       = New-UserScriptBlock $SessionState 'param($__PesterLitePath) $null = & $__PesterLitePath'
    }
    $fileName = [System.IO.Path]::GetFileName($File)
    try {
        $discoveryFailure = $null
        try {
            # Run the file by path in the caller's session state so $PSScriptRoot, $PSCommandPath and file:line are real.
            & $script:State.InvokeFile $File
        }
        catch {
            $discoveryFailure = ConvertTo-Failure $_ -Prefix 'Discovery failed: '
        }
        $tests = @(Get-Tests $root)
        if ($null -ne $discoveryFailure) {
            # Pester 5 fails the whole file when its discovery fails: every It found so far, and the file itself.
            foreach ($t in $tests) { Add-TestResult $t 'Failed' $discoveryFailure 0 }
            $script:State.Results.Add((New-Result -Kind 'File' -Path @() -Name "$fileName (discovery)" -Result 'Failed' -File $File -Line $discoveryFailure.Line -Failure $discoveryFailure))
        }
        elseif ($DiscoveryOnly) {
            foreach ($t in $tests) { Add-TestResult $t $(if ($t.Skip) { 'Skipped' } else { 'Discovered' }) $null 0 }
        }
        else {
            $script:State.Mode = 'Run'
            Invoke-Block $root
        }
        $script:State.Results
    }
    finally {
        $script:State = $null
    }
}

function Invoke-PesterLite {
    <#
    .SYNOPSIS
    Runs Pester 5 test files (the subset in tests/README.md) and returns one PesterLite.TestResult per It.
    .DESCRIPTION
    Each file is discovered (its top level and Describe bodies run once), then run: BeforeAll, each It between
    BeforeEach and AfterEach, AfterAll. Results carry Result (Passed, Failed, Skipped, or Discovered with
    -DiscoveryOnly), FullName ('Describe > Context > It'), Message and ErrorFile:ErrorLine of a failure. A failed
    AfterAll or discovery adds a result of Kind Block or File.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string[]] $Path,
        [switch] $DiscoveryOnly
    )
    foreach ($p in $Path) {
        $full = $PSCmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath($p)
        $files = if ([System.IO.Directory]::Exists($full)) {
            [System.IO.Directory]::GetFiles($full, '*.Tests.ps1') | Sort-ByOrdinal
        }
        elseif ([System.IO.File]::Exists($full)) { $full }
        else { throw "Test file or folder not found: $p" }
        foreach ($file in $files) {
            Invoke-File -File $file -SessionState $PSCmdlet.SessionState -DiscoveryOnly $DiscoveryOnly.IsPresent
        }
    }
}

function Sort-ByOrdinal {
    $all = [string[]]@($input)
    [array]::Sort($all, [System.StringComparer]::Ordinal)
    $all
}

# --- Should ---------------------------------------------------------------------------------------------------------

function Format-Value {
    param($Value, [switch] $Bare, [int] $Depth = 0)
    if ($null -eq $Value) { return '$null' }
    if ($Value -is [System.Management.Automation.PSObject] -and $Value.BaseObject -isnot [System.Management.Automation.PSCustomObject]) { $Value = $Value.BaseObject }
    if ($Value -is [string]) { if ($Bare) { return $Value } return "'" + $Value + "'" }
    if ($Value -is [bool]) { return '$' + $Value.ToString().ToLowerInvariant() }
    if ($Value -is [type]) { return '[' + $Value.FullName + ']' }
    if ($Value -is [scriptblock]) { return '{' + $Value.ToString() + '}' }
    if ($Value -is [System.IFormattable] -and $Value.GetType().IsPrimitive) { return $Value.ToString($null, [System.Globalization.CultureInfo]::InvariantCulture) }
    if ($Value -is [decimal]) { return $Value.ToString([System.Globalization.CultureInfo]::InvariantCulture) }
    if ($Depth -ge 2) { return [string]$Value }
    if ($Value -is [System.Collections.IDictionary]) {
        $pairs = foreach ($k in $Value.Keys) { [string]$k + '=' + (Format-Value $Value[$k] -Depth ($Depth + 1)) }
        return '@{' + ($pairs -join '; ') + '}'
    }
    if ($Value -is [System.Collections.IEnumerable]) {
        $items = foreach ($i in $Value) { Format-Value $i -Depth ($Depth + 1) }
        return '@(' + (@($items) -join ', ') + ')'
    }
    [string]$Value
}

function Test-NullOrEmptyArray {
    param($Value)
    if ($null -eq $Value) { return $true }
    if ($Value -is [System.Collections.ICollection] -and $Value -isnot [System.Collections.IDictionary]) {
        if ($Value.Count -eq 0) { return $true }
        if ($Value.Count -eq 1) { foreach ($only in $Value) { return $null -eq $only } }
    }
    $false
}

function Test-ArrayEqual {
    param($Actual, $Expected, [bool] $CaseSensitive)
    $actualEmpty = Test-NullOrEmptyArray $Actual
    $expectedEmpty = Test-NullOrEmptyArray $Expected
    if ($actualEmpty -or $expectedEmpty) { return $actualEmpty -and $expectedEmpty }
    $a = @($Actual); $e = @($Expected)
    if ($a.Count -ne $e.Count) { return $false }
    for ($i = 0; $i -lt $a.Count; $i++) {
        # Expected on the left, as Pester does, so the expected value's type decides the conversion.
        $same = if ($CaseSensitive) { $e[$i] -ceq $a[$i] } else { $e[$i] -eq $a[$i] }
        if (-not $same) { return $false }
    }
    $true
}

function Get-Single {
    param($Value)
    if ($Value -is [array] -and $Value.Count -eq 1) { return , $Value[0] }
    , $Value
}

function Get-Because {
    param([string] $Because)
    if ($Because) { ', because ' + $Because.TrimEnd('.') } else { '' }
}

# Returns $null when the assertion holds, otherwise the failure message.
function Test-Assertion {
    param([string] $Operator, $Actual, $Expected, [bool] $Not, [string] $Because)
    $b = Get-Because $Because
    $shown = Format-Value (Get-Single $Actual)
    switch ($Operator) {
        'Be' {
            $ok = Test-ArrayEqual $Actual $Expected $false
            if ($Not) { if ($ok) { return "Expected $(Format-Value $Expected) to be different from the actual value$b, but got the same value." } return $null }
            if ($ok) { return $null }
            $message = "Expected $(Format-Value $Expected)$b, but got $shown."
            $single = Get-Single $Actual
            if ($single -is [string] -and $Expected -is [string]) {
                $index = 0
                while ($index -lt $single.Length -and $index -lt $Expected.Length -and $single[$index] -eq $Expected[$index]) { $index++ }
                $message += " Strings differ at index $index."
            }
            return $message
        }
        'BeExactly' {
            $ok = Test-ArrayEqual $Actual $Expected $true
            if ($Not) { if ($ok) { return "Expected $(Format-Value $Expected) to be different from the actual value$b, but got exactly the same value." } return $null }
            if ($ok) { return $null }
            return "Expected exactly $(Format-Value $Expected)$b, but got $shown."
        }
        'BeNullOrEmpty' {
            $empty = $false
            if ($null -eq $Actual) { $empty = $true }
            elseif ($Actual -is [System.Collections.ICollection] -and $Actual -isnot [System.Collections.IDictionary]) {
                if ($Actual.Count -eq 0) { $empty = $true }
                elseif ($Actual.Count -eq 1) {
                    foreach ($only in $Actual) {
                        $empty = ($null -eq $only) -or ($only -is [string] -and $only.Length -eq 0) -or
                        ($only -is [System.Collections.ICollection] -and $only.Count -eq 0)
                    }
                }
            }
            elseif ($Actual -is [string]) { $empty = $Actual.Length -eq 0 }
            elseif ($Actual -is [System.Collections.IDictionary]) { $empty = $Actual.Count -eq 0 }
            if ($Not) { if ($empty) { return "Expected a value$b, but got `$null or empty." } return $null }
            if ($empty) { return $null }
            return "Expected `$null or empty$b, but got $shown."
        }
        'BeTrue' {
            if ($Not) { if ($Actual) { return "Expected `$false$b, but got $shown." } return $null }
            if ($Actual) { return $null }
            return "Expected `$true$b, but got $shown."
        }
        'BeFalse' {
            if ($Not) { if (-not $Actual) { return "Expected `$true$b, but got $shown." } return $null }
            if (-not $Actual) { return $null }
            return "Expected `$false$b, but got $shown."
        }
        'Match' {
            $ok = [bool]($Actual -match $Expected)
            if ($Not) { if ($ok) { return "Expected regular expression $(Format-Value $Expected) to not match $shown$b, but it did match." } return $null }
            if ($ok) { return $null }
            return "Expected regular expression $(Format-Value $Expected) to match $shown$b, but it did not match."
        }
        'Contain' {
            $ok = @($Actual) -contains $Expected
            if ($Not) { if ($ok) { return "Expected $(Format-Value $Expected) to not be found in collection $(Format-Value @($Actual))$b, but it was found." } return $null }
            if ($ok) { return $null }
            return "Expected $(Format-Value $Expected) to be found in collection $(Format-Value @($Actual))$b, but it was not found."
        }
        'HaveCount' {
            $count = if ($null -eq $Actual) { 0 } else { @($Actual).Count }
            $ok = $count -eq [int]$Expected
            if ($Not) { if ($ok) { return "Expected a collection with size different from $Expected$b, but got collection with that size $(Format-Value @($Actual))." } return $null }
            if ($ok) { return $null }
            return "Expected a collection with size $Expected$b, but got collection with size $count $(Format-Value @($Actual))."
        }
        'BeOfType' {
            $type = $Expected
            if ($type -isnot [type]) {
                $type = ([string]$Expected).Trim().TrimStart('[').TrimEnd(']') -as [type]
                if ($null -eq $type) { throw [System.ArgumentException]::new("Could not find type [$Expected]. Make sure that the assembly that contains that type is loaded.") }
            }
            $ok = $Actual -is $type
            $actualType = if ($null -eq $Actual) { '' } else { ' with type ' + (Format-Value $Actual.GetType()) }
            if ($Not) { if ($ok) { return "Expected the value to not have type $(Format-Value $type) or any of its subtypes$b, but got $shown$actualType." } return $null }
            if ($ok) { return $null }
            return "Expected the value to have type $(Format-Value $type) or any of its subtypes$b, but got $shown$actualType."
        }
        'BeGreaterThan' {
            $ok = $Actual -gt $Expected
            if ($Not) { if ($ok) { return "Expected the actual value to be less than or equal to $(Format-Value $Expected)$b, but got $shown." } return $null }
            if ($ok) { return $null }
            return "Expected the actual value to be greater than $(Format-Value $Expected)$b, but got $shown."
        }
        'BeLessThan' {
            $ok = $Actual -lt $Expected
            if ($Not) { if ($ok) { return "Expected the actual value to be greater than or equal to $(Format-Value $Expected)$b, but got $shown." } return $null }
            if ($ok) { return $null }
            return "Expected the actual value to be less than $(Format-Value $Expected)$b, but got $shown."
        }
    }
    throw "PesterLite has no Should operator '$Operator'."
}

function Should {
    <#
    .SYNOPSIS
    Pester 5's Should with the operators listed in tests/README.md. An advanced function: an operator it does not
    know is a parameter-binding error, so the It fails rather than passes.
    #>
    [CmdletBinding()]
    param(
        [Parameter(ValueFromPipeline = $true)] [object] $ActualValue,
        [Parameter(ParameterSetName = 'Be', Mandatory = $true)] [switch] $Be,
        [Parameter(ParameterSetName = 'BeExactly', Mandatory = $true)] [switch] $BeExactly,
        [Parameter(ParameterSetName = 'BeNullOrEmpty', Mandatory = $true)] [switch] $BeNullOrEmpty,
        [Parameter(ParameterSetName = 'BeTrue', Mandatory = $true)] [switch] $BeTrue,
        [Parameter(ParameterSetName = 'BeFalse', Mandatory = $true)] [switch] $BeFalse,
        [Parameter(ParameterSetName = 'Match', Mandatory = $true)] [switch] $Match,
        [Parameter(ParameterSetName = 'Contain', Mandatory = $true)] [switch] $Contain,
        [Parameter(ParameterSetName = 'HaveCount', Mandatory = $true)] [switch] $HaveCount,
        [Parameter(ParameterSetName = 'BeOfType', Mandatory = $true)] [switch] $BeOfType,
        [Parameter(ParameterSetName = 'BeGreaterThan', Mandatory = $true)] [switch] $BeGreaterThan,
        [Parameter(ParameterSetName = 'BeLessThan', Mandatory = $true)] [switch] $BeLessThan,
        [Parameter(ParameterSetName = 'Throw', Mandatory = $true)] [switch] $Throw,

        [Parameter(ParameterSetName = 'Be', Position = 0)]
        [Parameter(ParameterSetName = 'BeExactly', Position = 0)]
        [Parameter(ParameterSetName = 'Contain', Position = 0)]
        [Parameter(ParameterSetName = 'HaveCount', Position = 0)]
        [Parameter(ParameterSetName = 'BeGreaterThan', Position = 0)]
        [Parameter(ParameterSetName = 'BeLessThan', Position = 0)]
        [AllowNull()] [object] $ExpectedValue,

        [Parameter(ParameterSetName = 'Match', Position = 0, Mandatory = $true)] [string] $RegularExpression,
        [Parameter(ParameterSetName = 'BeOfType', Position = 0, Mandatory = $true)] [object] $ExpectedType,

        [Parameter(ParameterSetName = 'Throw', Position = 0)] [string] $ExpectedMessage,
        [Parameter(ParameterSetName = 'Throw')] [string] $ErrorId,
        [Parameter(ParameterSetName = 'Throw')] [type] $ExceptionType,
        [Parameter(ParameterSetName = 'Throw')] [switch] $PassThru,

        [switch] $Not,
        [string] $Because
    )
    begin {
        $inputs = [System.Collections.Generic.List[object]]::new()
    }
    process {
        if ($MyInvocation.ExpectingInput) { $inputs.Add($ActualValue) }
    }
    end {
        if (-not $MyInvocation.ExpectingInput -and $PSBoundParameters.ContainsKey('ActualValue')) {
            foreach ($item in $ActualValue) { $inputs.Add($item) }
        }
        $operator = $PSCmdlet.ParameterSetName
        $messages = [System.Collections.Generic.List[string]]::new()
        if ($operator -eq 'Throw') {
            $sb = if ($inputs.Count -eq 1) { $inputs[0] } else { $null }
            if ($sb -isnot [scriptblock]) { throw [System.ArgumentException]::new('Should -Throw needs one script block as input, e.g. { Do-Thing } | Should -Throw.') }
            $outcome = Test-Throw -ScriptBlock $sb -Not $Not.IsPresent -ExpectedMessage $ExpectedMessage -ErrorId $ErrorId -ExceptionType $ExceptionType -Because $Because
            if ($null -ne $outcome.Message) { $messages.Add($outcome.Message) }
            elseif ($PassThru) { $PSCmdlet.WriteObject($outcome.ErrorRecord) }
        }
        else {
            $expected = switch ($operator) {
                'Match' { $RegularExpression }
                'BeOfType' { $ExpectedType }
                default { $ExpectedValue }
            }
            if ($inputs.Count -eq 0) {
                $m = Test-Assertion -Operator $operator -Actual $null -Expected $expected -Not $Not.IsPresent -Because $Because
                if ($null -ne $m) { $messages.Add($m) }
            }
            elseif ($script:ArrayOperators -contains $operator) {
                # Judge the whole input as one array, as Pester 5 does for these operators.
                $m = Test-Assertion -Operator $operator -Actual $inputs.ToArray() -Expected $expected -Not $Not.IsPresent -Because $Because
                if ($null -ne $m) { $messages.Add($m) }
            }
            else {
                foreach ($item in $inputs) {
                    $m = Test-Assertion -Operator $operator -Actual $item -Expected $expected -Not $Not.IsPresent -Because $Because
                    if ($null -ne $m) { $messages.Add($m); break }
                }
            }
        }
        if ($messages.Count -gt 0) {
            $exception = [System.Exception]::new($messages[0])
            $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                    $exception, 'PesterAssertionFailed', [System.Management.Automation.ErrorCategory]::InvalidResult, $null))
        }
    }
}

function Test-Throw {
    param([scriptblock] $ScriptBlock, [bool] $Not, [string] $ExpectedMessage, [string] $ErrorId, [type] $ExceptionType, [string] $Because)
    $b = Get-Because $Because
    $record = $null
    try {
        # Only a terminating error counts: a non-terminating one is written to the error stream and the block goes on.
        do { $null = & $ScriptBlock } until ($true)
    }
    catch {
        $record = $_
    }
    if ($Not) {
        if ($ExpectedMessage -or $ErrorId -or $null -ne $ExceptionType) {
            throw [System.ArgumentException]::new('Should -Not -Throw cannot be combined with -ExpectedMessage, -ErrorId or -ExceptionType.')
        }
        if ($null -eq $record) { return [pscustomobject]@{ Message = $null; ErrorRecord = $null } }
        $where = if ($record.InvocationInfo -and $record.InvocationInfo.ScriptName) { " from $($record.InvocationInfo.ScriptName):$($record.InvocationInfo.ScriptLineNumber)" } else { '' }
        return [pscustomobject]@{ Message = "Expected no exception to be thrown$b, but an exception `"$($record.Exception.Message)`" was thrown$where."; ErrorRecord = $record }
    }
    $wanted = @()
    if ($null -ne $ExceptionType) { $wanted += "with type $(Format-Value $ExceptionType)" }
    if ($ExpectedMessage) { $wanted += "with message like $(Format-Value $ExpectedMessage)" }
    if ($ErrorId) { $wanted += "with FullyQualifiedErrorId like $(Format-Value $ErrorId)" }
    $what = if ($wanted.Count) { 'an exception ' + ($wanted -join ', ') } else { 'an exception' }
    if ($null -eq $record) {
        return [pscustomobject]@{ Message = "Expected $what to be thrown$b, but no exception was thrown."; ErrorRecord = $null }
    }
    $problems = @()
    if ($null -ne $ExceptionType -and $record.Exception -isnot $ExceptionType) { $problems += "the exception type was $(Format-Value $record.Exception.GetType())" }
    # Whole-string wildcard matches, as Pester 5: a binary cmdlet's id is 'Id,Namespace.Command', so write 'Id,*'.
    if ($ExpectedMessage -and -not ($record.Exception.Message -like $ExpectedMessage)) { $problems += "the message was $(Format-Value $record.Exception.Message)" }
    if ($ErrorId -and -not ($record.FullyQualifiedErrorId -like $ErrorId)) { $problems += "the FullyQualifiedErrorId was $(Format-Value $record.FullyQualifiedErrorId)" }
    if ($problems.Count) {
        return [pscustomobject]@{ Message = "Expected $what to be thrown$b, but $($problems -join ', and ')."; ErrorRecord = $record }
    }
    [pscustomobject]@{ Message = $null; ErrorRecord = $record }
}

Export-ModuleMember -Function Describe, Context, It, BeforeAll, AfterAll, BeforeEach, AfterEach, Should, Invoke-PesterLite
