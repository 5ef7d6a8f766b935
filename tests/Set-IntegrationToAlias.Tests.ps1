# What an operator sees from Set-IntegrationToAlias against the emulator's demo account (DEMO.md): the plan under
# -WhatIf, the migration itself, the scan coming back empty, a second run that changes nothing, the warnings, and the
# ErrorIds of bad input. Core cmdlets only, so the file runs under real Pester 5 and under PesterLite alike.

BeforeAll {
    Import-Module ([System.IO.Path]::Combine($PSScriptRoot, 'TestSupport', 'LambdaAlias.TestSupport.psd1')) -Force

    # The emulator's request log over its control API (works for in-process and child-process emulators).
    function Get-EmulatorCall {
        param([Parameter(Mandatory = $true)] $Emulator, [long] $After = 0, [switch] $Mutating)
        $client = [System.Net.Http.HttpClient]::new()
        try {
            $query = "after=$After" + $(if ($Mutating) { '&mutating=true' } else { '' })
            $body = $client.GetStringAsync("$($Emulator.BaseUrl)/_emulator/requests?$query").GetAwaiter().GetResult()
        }
        finally { $client.Dispose() }
        $document = [System.Text.Json.JsonDocument]::Parse($body)
        try {
            foreach ($entry in $document.RootElement.GetProperty('requests').EnumerateArray()) {
                [pscustomobject]@{
                    Sequence  = $entry.GetProperty('sequence').GetInt64()
                    Operation = $entry.GetProperty('operation').GetString()
                    Path      = $entry.GetProperty('path').GetString()
                }
            }
        }
        finally { $document.Dispose() }
    }

    function Get-LastSequence {
        param([Parameter(Mandatory = $true)] $Emulator)
        $last = 0
        foreach ($call in @(Get-EmulatorCall -Emulator $Emulator)) { if ($call.Sequence -gt $last) { $last = $call.Sequence } }
        $last
    }
}

Describe 'Set-IntegrationToAlias on the demo account' {
    BeforeAll {
        $emulator = Start-TestEmulator -Scenario demo
        $aws = $emulator.Parameters
        # Ten times faster quota gates: the one deployment never waits 5 s for its slot.
        $savedQuotaScale = [Environment]::GetEnvironmentVariable('LAMBDAALIAS_QUOTA_SCALE')
        [Environment]::SetEnvironmentVariable('LAMBDAALIAS_QUOTA_SCALE', '10')
        # Reviewed now, applied later: the scan as CLIXML, as Export-Clixml would write it.
        $reviewed = [System.Management.Automation.PSSerializer]::Serialize(@(Get-LambdaIntegrationPin @aws), 5)
    }

    AfterAll {
        [Environment]::SetEnvironmentVariable('LAMBDAALIAS_QUOTA_SCALE', $savedQuotaScale)
        Stop-TestEmulator $emulator
    }

    It 'with -WhatIf returns the whole plan per pin and makes no mutating call' {
        $before = Get-LastSequence -Emulator $emulator

        $results = @(Get-LambdaIntegrationPin @aws | Set-IntegrationToAlias -WhatIf)

        $results | Should -HaveCount 7
        foreach ($result in $results) {
            $result | Should -BeOfType ([LambdaAlias.MigrationResult])
            $result.Status | Should -Be 'WhatIf'
            @($result.Steps).Count | Should -BeGreaterThan 1
        }
        $orders = @($results | Where-Object { $_.Pin.ResourcePath -eq '/orders' })[0]
        $actions = @($orders.Steps | ForEach-Object { $_.Action })
        $actions | Should -Contain 'Create alias live at version 1'
        $actions | Should -Contain 'Point integration at my-func:live (version 1) instead of my-func:1'
        @(Get-EmulatorCall -Emulator $emulator -After $before -Mutating) | Should -HaveCount 0
    }

    It 'moves every pin to the alias, warns that CloudFormation would revert it, and the scan then finds no pin' {
        $pins = [System.Management.Automation.PSSerializer]::Deserialize($reviewed) | ForEach-Object { $_ }
        $pins[0].PSObject.TypeNames[0] | Should -Be 'Deserialized.LambdaAlias.LambdaIntegrationPin'

        $results = @($pins | Set-IntegrationToAlias -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue)

        $results | Should -HaveCount 7
        foreach ($result in $results) { $result.Status | Should -Be 'Migrated' }
        @($results | ForEach-Object { $_.AliasName }) | Should -Contain 'live'
        @($results | ForEach-Object { $_.AliasName }) | Should -Contain 'live-canary'
        # The orders API's three pins share one deployment.
        $deploymentIds = [System.Collections.Generic.HashSet[string]]::new()
        foreach ($result in $results | Where-Object { $_.Pin.RestApiId -eq 'a1b2c3d4e5' }) { foreach ($id in $result.DeploymentIds) { [void]$deploymentIds.Add($id) } }
        $deploymentIds.Count | Should -Be 1
        (@($warnings) -join "`n") | Should -Match 'CloudFormation stack dev-orders-stack'
        (@($warnings) -join "`n") | Should -Match 'AutoPublishAlias'
        @(Get-LambdaIntegrationPin @aws) | Should -HaveCount 0
    }

    It 'changes nothing when the same pins are applied again' {
        $before = Get-LastSequence -Emulator $emulator

        $results = @([System.Management.Automation.PSSerializer]::Deserialize($reviewed) | ForEach-Object { $_ } | Set-IntegrationToAlias -Force)

        $results | Should -HaveCount 7
        foreach ($result in $results) { $result.Status | Should -Be 'AlreadyOnAlias' }
        @(Get-EmulatorCall -Emulator $emulator -After $before -Mutating) | Should -HaveCount 0
    }
}

Describe 'Set-IntegrationToAlias refuses what it cannot do safely' {
    BeforeAll {
        $emulator = Start-TestEmulator -Scenario demo
        $aws = $emulator.Parameters
    }

    AfterAll { Stop-TestEmulator $emulator }

    It 'refuses an all-digit alias name with InvalidAliasName and changes nothing' {
        $before = Get-LastSequence -Emulator $emulator
        $results = @(Get-LambdaIntegrationPin @aws -FunctionName queue-func | Set-IntegrationToAlias -AliasName 2024 -Force -ErrorVariable failures -ErrorAction SilentlyContinue)
        $results | Should -HaveCount 0
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'InvalidAliasName,LambdaAlias.SetIntegrationToAliasCommand'
        @(Get-EmulatorCall -Emulator $emulator -After $before -Mutating) | Should -HaveCount 0
    }

    It 'skips objects that are not pins with InvalidPinInput and goes on with the next' {
        $pin = @(Get-LambdaIntegrationPin @aws -FunctionName queue-func)[0]
        $results = @('my-func:1', $pin | Set-IntegrationToAlias -WhatIf -ErrorVariable failures -ErrorAction SilentlyContinue)
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'InvalidPinInput,LambdaAlias.SetIntegrationToAliasCommand'
        $results | Should -HaveCount 1
        $results[0].Status | Should -Be 'WhatIf'
    }

    It 'refuses a pin of another account with AccountMismatch' {
        $pin = @(Get-LambdaIntegrationPin @aws -FunctionName queue-func)[0]
        $pin.AccountId = '999999999999'
        $results = @($pin | Set-IntegrationToAlias -Force -ErrorVariable failures -ErrorAction SilentlyContinue)
        $results[0].Status | Should -Be 'Failed'
        $failures[0].FullyQualifiedErrorId | Should -Be 'AccountMismatch,LambdaAlias.SetIntegrationToAliasCommand'
    }

    It 'needs -AllowBroaderPermission for -PermissionScope Api' {
        { Get-LambdaIntegrationPin @aws -FunctionName auth-func | Set-IntegrationToAlias -PermissionScope Api -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'BroaderPermissionNotAllowed,LambdaAlias.SetIntegrationToAliasCommand'
    }
}
