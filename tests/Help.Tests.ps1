# Pester 5 tests of the help a user reads: Get-Help for each cmdlet and the release notes that go with the version.
# The drift checks (every parameter documented both ways, syntax per parameter set, the ErrorId list against the code)
# are xunit tests in LambdaAlias.Tests/Help; these Its read the help the way an operator does.

BeforeAll {
    Import-Module "$PSScriptRoot/TestSupport/LambdaAlias.TestSupport.psd1"
    $root = Get-TestRepositoryRoot
}

Describe 'Get-Help for the LambdaAlias cmdlets' {
    It 'Get-Help <Name> -Examples shows the module''s own help with at least three examples' -TestCases @(
        @{ Name = 'Get-LambdaIntegrationPin' }
        @{ Name = 'Set-IntegrationToAlias' }
        @{ Name = 'Invoke-AliasRollback' }
    ) {
        $help = Get-Help $Name -Examples
        # Without MAML, Get-Help builds the synopsis from the syntax, which starts with the command's name.
        $help.Synopsis | Should -Not -Match ('^\s*' + [regex]::Escape($Name))
        @($help.examples.example).Count | Should -BeGreaterThan 2
    }

    It 'Set-IntegrationToAlias -<Parameter> names the ErrorId it overrides' -TestCases @(
        @{ Parameter = 'AllowAliasMove'; ErrorId = 'AliasPointsElsewhere' }
        @{ Parameter = 'AllowUndeployedChanges'; ErrorId = 'UndeployedChanges' }
        @{ Parameter = 'AllowRoleInvocation'; ErrorId = 'IntegrationUsesRole' }
        @{ Parameter = 'AllowBroaderPermission'; ErrorId = 'BroaderPermissionNotAllowed' }
    ) {
        $text = @((Get-Help Set-IntegrationToAlias -Parameter $Parameter).description | ForEach-Object { $_.Text }) -join ' '
        $text | Should -Match $ErrorId
    }

    It 'Invoke-AliasRollback shows how to roll forward again' {
        $code = @((Get-Help Invoke-AliasRollback -Examples).examples.example | ForEach-Object { $_.code }) -join "`n"
        $code | Should -Match ([regex]::Escape('-ToVersion $r.FromVersion'))
    }

    It 'Set-IntegrationToAlias shows the card pipeline with -WhatIf first' {
        $first = @((Get-Help Set-IntegrationToAlias -Examples).examples.example)[0].code
        $first | Should -Be 'Get-LambdaIntegrationPin | Set-IntegrationToAlias -WhatIf'
    }
}

Describe 'Release notes' {
    It 'the manifest''s ReleaseNotes name its version, which is the newest CHANGELOG entry' {
        $manifest = Test-ModuleManifest -Path ([System.IO.Path]::Combine($root, 'out', 'LambdaAlias', 'LambdaAlias.psd1'))
        $changelog = [System.IO.File]::ReadAllText([System.IO.Path]::Combine($root, 'CHANGELOG.md'))
        $newest = [regex]::Match($changelog, '(?m)^## \[(\d+\.\d+\.\d+)\]').Groups[1].Value
        $manifest.Version.ToString() | Should -Be $newest
        $manifest.ReleaseNotes | Should -Match ([regex]::Escape($newest))
        $changelog | Should -Match ('(?m)^## \[' + [regex]::Escape($newest) + '\] - \d{4}-\d{2}-\d{2}$')
    }
}
