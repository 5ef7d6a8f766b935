# PesterLite conformance: Its that must pass and Its that must fail, run by LambdaAlias.Tests (PesterConformanceTests),
# never by the normal Pester run (the name does not end in .Tests.ps1). Each It's title states its expected outcome:
#   'passes: ...'  must pass
#   'fails: ... => <pattern>'  must fail with a message -like <pattern>
#   'skipped: ...'  must be reported skipped
# A failed AfterAll is reported as '<block> > AfterAll' and must fail. Lines marked `# reported line` are where the
# failure must be located (file:line).

BeforeAll {
    # File-level BeforeAll: visible in every It below.
    $fileLevel = 'from the file-level BeforeAll'
    function Write-NonTerminatingError {
        [CmdletBinding()]
        param()
        $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                [System.Exception]::new('a non-terminating error'), 'NonTerminating', 'NotSpecified', $null))
    }
    $global:PesterLiteConformanceLog = [System.Collections.Generic.List[string]]::new()
}

# The log starts at discovery, before the file-level BeforeAll exists.
$global:PesterLiteConformanceDiscoveryLog = [System.Collections.Generic.List[string]]::new()

Describe 'Discovery and scopes' {
    $global:PesterLiteConformanceDiscoveryLog.Add('Describe body')
    $bodyVariable = 'set in the Describe body'
    $cases = @(@{ Number = 1; Word = 'one' }, @{ Number = 2; Word = 'two' })

    BeforeAll {
        $global:PesterLiteConformanceLog.Add('BeforeAll')
        $blockLevel = 'from the Describe BeforeAll'
    }

    BeforeEach {
        $global:PesterLiteConformanceLog.Add('BeforeEach')
        $eachLevel = 'from BeforeEach'
    }

    AfterEach {
        $global:PesterLiteConformanceLog.Add('AfterEach')
    }

    It 'passes: the Describe body ran once, at discovery, before any BeforeAll' {
        @($global:PesterLiteConformanceDiscoveryLog) | Should -Be @('Describe body')
        $global:PesterLiteConformanceLog[0] | Should -Be 'BeforeAll'
    }

    It 'passes: a Describe body variable is not visible inside It' {
        $bodyVariable | Should -BeNullOrEmpty
        $cases | Should -BeNullOrEmpty
    }

    It 'passes: file-level and block BeforeAll and BeforeEach variables are visible' {
        $fileLevel | Should -Be 'from the file-level BeforeAll'
        $blockLevel | Should -Be 'from the Describe BeforeAll'
        $eachLevel | Should -Be 'from BeforeEach'
    }

    It 'passes: hooks ran in order around each It' {
        # BeforeAll, then (BeforeEach, It, AfterEach) for each of the three Its before this one, then this BeforeEach.
        @($global:PesterLiteConformanceLog) | Should -Be @('BeforeAll', 'BeforeEach', 'AfterEach', 'BeforeEach', 'AfterEach', 'BeforeEach', 'AfterEach', 'BeforeEach')
    }

    It 'passes: $PSScriptRoot and $PSCommandPath are the test file''s' {
        [System.IO.Path]::GetFileName($PSScriptRoot) | Should -Be 'conformance'
        [System.IO.Path]::GetFileName($PSCommandPath) | Should -Be 'PesterLite.Conformance.ps1'
    }

    It 'passes: test case <Number> is <Word>' -TestCases $cases {
        param($Number, $Word)
        $Number | Should -BeGreaterThan 0
        $Word | Should -Match '^(one|two)$'
    }

    It 'passes: test-case keys are variables without a param block (<Word>)' -TestCases $cases {
        $Number | Should -BeLessThan 3
    }

    It 'passes: titles expand nested values like <Item.Name>' -ForEach @(@{ Item = @{ Name = 'this one' } }) {
        $Item.Name | Should -Be 'this one'
    }

    It 'passes: a non-terminating error does not fail an It' {
        Write-NonTerminatingError
        1 | Should -Be 1
    }

    It 'skipped: an It with -Skip does not run' -Skip {
        throw 'a skipped It ran'
    }

    Context 'Nested' {
        BeforeAll { $contextLevel = 'from the Context BeforeAll' }

        It 'passes: outer BeforeAll variables reach a nested Context' {
            $blockLevel | Should -Be 'from the Describe BeforeAll'
            $contextLevel | Should -Be 'from the Context BeforeAll'
        }
    }

    It 'passes: a Context BeforeAll variable does not leak back out' {
        $contextLevel | Should -BeNullOrEmpty
    }
}

Describe 'Should -Be, -BeExactly and array semantics' {
    It 'passes: -Be compares case-insensitively and converts to the expected type' {
        'ABC' | Should -Be 'abc'
        '1' | Should -Be 1
    }
    It 'passes: -Be judges the whole array' { @(1, 2, 3) | Should -Be @(1, 2, 3) }
    It 'passes: no input counts as $null' { @() | Should -Be $null }
    It 'passes: -Not -Be' { 1 | Should -Not -Be 2 }
    It 'passes: -BeExactly on the same case' { 'abc' | Should -BeExactly 'abc' }
    It 'fails: -Be with different values => Expected 2, but got 1.' {
        1 | Should -Be 2 # reported line
    }
    It 'fails: -Be names where strings differ => Expected ''abd'', but got ''abc''. Strings differ at index 2.' { 'abc' | Should -Be 'abd' }
    It 'fails: -Be judges the whole array, not each element => Expected @(1, 2), but got @(1, 2, 3).' { @(1, 2, 3) | Should -Be @(1, 2) }
    It 'fails: -Be with -Because => Expected 2, because it matters, but got 1.' { 1 | Should -Be 2 -Because 'it matters' }
    It 'fails: -Not -Be with the same value => Expected 1 to be different from the actual value, but got the same value.' { 1 | Should -Not -Be 1 }
    It 'fails: -BeExactly is case-sensitive => Expected exactly ''abc'', but got ''ABC''.' { 'ABC' | Should -BeExactly 'abc' }
}

Describe 'Should -BeNullOrEmpty, -BeTrue, -BeFalse' {
    It 'passes: -BeNullOrEmpty on $null, empty string, empty array and no input' {
        $null | Should -BeNullOrEmpty
        '' | Should -BeNullOrEmpty
        Should -BeNullOrEmpty -ActualValue @()
        @() | Should -BeNullOrEmpty
    }
    It 'passes: -Not -BeNullOrEmpty on a value' { 'x' | Should -Not -BeNullOrEmpty }
    It 'passes: -BeTrue and -BeFalse judge each element' {
        @($true, 1, 'x') | Should -BeTrue
        @($false, 0, '') | Should -BeFalse
    }
    It 'passes: no input is $null, which is false' { @() | Should -BeFalse }
    It 'fails: -BeNullOrEmpty judges the whole array => Expected $null or empty, but got @($null, $null).' { @($null, $null) | Should -BeNullOrEmpty }
    It 'fails: -BeNullOrEmpty on a value => Expected $null or empty, but got ''x''.' { 'x' | Should -BeNullOrEmpty }
    It 'fails: -BeTrue judges each element => Expected $true, but got $false.' { @($true, $false) | Should -BeTrue }
    It 'fails: -BeFalse on $true => Expected $false, but got $true.' { $true | Should -BeFalse }
}

Describe 'Should -Match, -Contain, -HaveCount, -BeOfType and comparisons' {
    It 'passes: -Match judges each element' { @('apple', 'avocado') | Should -Match '^a' }
    It 'passes: -Contain and -HaveCount judge the whole array' {
        @('a', 'b') | Should -Contain 'b'
        @('a', 'b') | Should -HaveCount 2
        @() | Should -HaveCount 0
        @('a', 'b') | Should -Not -Contain 'c'
    }
    It 'passes: -BeOfType accepts a type or a type name' {
        1 | Should -BeOfType ([int])
        'x' | Should -BeOfType 'System.String'
        'x' | Should -BeOfType [string]
        1 | Should -Not -BeOfType ([string])
    }
    It 'passes: comparisons judge each element' {
        @(2, 3) | Should -BeGreaterThan 1
        @(2, 3) | Should -BeLessThan 4
    }
    It 'fails: -Match judges each element, so one miss fails => Expected regular expression ''^a'' to match ''banana'', but it did not match.' { @('apple', 'banana') | Should -Match '^a' }
    It 'fails: -Contain on a missing item => Expected ''c'' to be found in collection @(''a'', ''b''), but it was not found.' { @('a', 'b') | Should -Contain 'c' }
    It 'fails: -HaveCount on the wrong size => Expected a collection with size 3, but got collection with size 2 @(1, 2).' { @(1, 2) | Should -HaveCount 3 }
    It 'fails: -BeOfType on the wrong type => Expected the value to have type [System.Int32] or any of its subtypes, but got ''x'' with type [System.String].' { 'x' | Should -BeOfType ([int]) }
    It 'fails: -BeGreaterThan judges each element => Expected the actual value to be greater than 1, but got 0.' { @(2, 0) | Should -BeGreaterThan 1 }
    It 'fails: -BeLessThan => Expected the actual value to be less than 1, but got 5.' { 5 | Should -BeLessThan 1 }
    It 'fails: -BeOfType with an unknown type name is located at the Should => ArgumentException: Could not find type [No.Such.Type]*' { 1 | Should -BeOfType 'No.Such.Type' }
}

Describe 'Should -Throw' {
    It 'passes: -Throw on a terminating error' { { throw 'boom' } | Should -Throw }
    It 'passes: -ExpectedMessage is a whole-string -like match' { { throw 'the thing failed' } | Should -Throw -ExpectedMessage 'the thing*' }
    It 'passes: the first positional argument is the expected message' { { throw 'boom' } | Should -Throw 'boom' }
    It 'passes: -ErrorId matches a binary cmdlet''s Id,Namespace.Command with a wildcard' {
        { Get-Command -Name 'No-SuchCommand' -ErrorAction Stop } | Should -Throw -ErrorId 'CommandNotFoundException,*'
    }
    It 'passes: -ExceptionType accepts subtypes' { { throw [System.ArgumentNullException]::new('name') } | Should -Throw -ExceptionType ([System.ArgumentException]) }
    It 'passes: -PassThru returns the error record' {
        $record = { throw 'kept' } | Should -Throw -PassThru
        $record | Should -BeOfType ([System.Management.Automation.ErrorRecord])
        $record.Exception.Message | Should -Be 'kept'
    }
    It 'passes: -Not -Throw when nothing throws' { { 1 } | Should -Not -Throw }
    It 'fails: a non-terminating error does not satisfy -Throw => Expected an exception to be thrown, but no exception was thrown.' { { Write-NonTerminatingError } | Should -Throw }
    It 'fails: -ExpectedMessage must match the whole message => *but the message was ''the thing failed''.' { { throw 'the thing failed' } | Should -Throw -ExpectedMessage 'thing' }
    It 'fails: -ErrorId must match the whole id => *but the FullyQualifiedErrorId was ''CommandNotFoundException,Microsoft.PowerShell.Commands.GetCommandCommand''.' {
        { Get-Command -Name 'No-SuchCommand' -ErrorAction Stop } | Should -Throw -ErrorId 'CommandNotFoundException'
    }
    It 'fails: -ExceptionType on another type => *but the exception type was [System.Management.Automation.RuntimeException].' { { throw 'plain' } | Should -Throw -ExceptionType ([System.ArgumentException]) }
    It 'fails: -Not -Throw when it throws => Expected no exception to be thrown, but an exception "boom" was thrown from *PesterLite.Conformance.ps1:*.' { { throw 'boom' } | Should -Not -Throw }
}

Describe 'Failures that are not Should mismatches' {
    It 'fails: an unsupported Should operator fails rather than passes => *BeLike*' { 'a' | Should -BeLike 'a' }
    It 'fails: Should without an operator fails => *Parameter set cannot be resolved*' { 'a' | Should }
    It 'fails: a throw fails the It => RuntimeException: plain failure' {
        throw 'plain failure' # reported line
    }
    Context 'A failing BeforeEach' {
        BeforeEach { throw 'BeforeEach broke' }
        It 'fails: a BeforeEach failure fails the It => RuntimeException: BeforeEach broke' { 1 | Should -Be 1 }
    }
    Context 'A failing AfterEach' {
        AfterEach { throw 'AfterEach broke' }
        It 'fails: an AfterEach failure fails the It => AfterEach failed: RuntimeException: AfterEach broke' { 1 | Should -Be 1 }
    }
}

Describe 'A failing BeforeAll' {
    BeforeAll { throw 'setup broke' }
    AfterAll { $global:PesterLiteConformanceLog.Add('AfterAll after a failed BeforeAll') }
    It 'fails: the BeforeAll failure fails this It => BeforeAll failed: RuntimeException: setup broke' { 1 | Should -Be 1 }
    Context 'Nested under the failed BeforeAll' {
        It 'fails: and every nested It => BeforeAll failed: RuntimeException: setup broke' { 1 | Should -Be 1 }
    }
}

Describe 'A failing AfterAll' {
    AfterAll { throw 'teardown broke' }
    It 'passes: Its before a failing AfterAll keep their result' { 1 | Should -Be 1 }
}

Describe 'A skipped Describe' -Skip {
    BeforeAll { throw 'hooks of an all-skipped block must not run' }
    AfterAll { $global:PesterLiteConformanceLog.Add('AfterAll of a skipped block') }
    It 'skipped: every It inside a skipped Describe' { throw 'a skipped It ran' }
}

Describe 'After the failures' {
    It 'passes: AfterAll ran although BeforeAll failed' {
        $global:PesterLiteConformanceLog | Should -Contain 'AfterAll after a failed BeforeAll'
    }
    It 'passes: no hook of an all-skipped block ran' {
        $global:PesterLiteConformanceLog | Should -Not -Contain 'AfterAll of a skipped block'
    }
}
