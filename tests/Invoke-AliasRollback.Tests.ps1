# Invoke-AliasRollback as a user sees it, against the emulator's demo account (DEMO.md). Arranging and observing go
# through the emulator's /_emulator/ control API (scenario documents, request log, traffic probe), so the file runs the
# same in-process under the xunit bridge and against a child emulator under real Pester.

BeforeAll {
    Import-Module "$PSScriptRoot/TestSupport/LambdaAlias.TestSupport.psd1"
    $emulator = Start-TestEmulator -Scenario demo
    $aws = @{ EndpointUrl = $emulator.BaseUrl; Region = $emulator.Region; AccessKey = $emulator.AccessKey; SecretKey = $emulator.SecretKey }
    $http = [System.Net.Http.HttpClient]::new()
    $healthUrl = 'https://k2l3m4n5o6.execute-api.us-east-1.amazonaws.com/prod/health'

    function Invoke-EmulatorControl([string] $Method, [string] $Path, [string] $Json) {
        $request = [System.Net.Http.HttpRequestMessage]::new([System.Net.Http.HttpMethod]::new($Method), $emulator.BaseUrl + '/_emulator' + $Path)
        if ($Json) { $request.Content = [System.Net.Http.StringContent]::new($Json, [System.Text.Encoding]::UTF8, 'application/json') }
        $response = $http.SendAsync($request).GetAwaiter().GetResult()
        $text = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
        if (-not $response.IsSuccessStatusCode) { throw "Emulator control $Method $Path failed: $([int]$response.StatusCode) $text" }
        if ($text) { [System.Text.Json.JsonDocument]::Parse($text).RootElement }
    }

    function Reset-DemoAccount { $null = Invoke-EmulatorControl POST '/reset' }

    # The sequence number of the newest AWS call the emulator answered.
    function Get-RequestMark {
        $all = @((Invoke-EmulatorControl GET '/requests').GetProperty('requests').EnumerateArray())
        if ($all.Count -eq 0) { return 0 }
        $all[$all.Count - 1].GetProperty('sequence').GetInt64()
    }

    # The operations of the AWS calls after a mark, optionally only the mutating ones.
    function Get-CallsSince([long] $Mark, [switch] $Mutating) {
        $query = "/requests?after=$Mark" + $(if ($Mutating) { '&mutating=true' } else { '' })
        foreach ($entry in (Invoke-EmulatorControl GET $query).GetProperty('requests').EnumerateArray()) { $entry.GetProperty('operation').GetString() }
    }

    # One request through API Gateway to Lambda, as a caller would send it: the version that served, or why it failed.
    function Invoke-TrafficProbe([string] $Url, [double] $Sample = 0.5, [switch] $Canary) {
        $json = '{"url":"' + $Url + '","method":"GET","routingSample":' + $Sample.ToString([cultureinfo]::InvariantCulture) + $(if ($Canary) { ',"canary":true' } else { '' }) + '}'
        $result = Invoke-EmulatorControl POST '/probe' $json
        if (-not $result.GetProperty('succeeded').GetBoolean()) { return 'failed: ' + $result.GetProperty('failureReason').GetString() }
        $result.GetProperty('servedVersion').GetString()
    }

    # Replaces a demo function with the same versions and policies and a given alias (and canary weights), as a
    # deploy pipeline would leave it.
    function Set-DemoAlias([string] $Function, [string] $Alias, [string] $Version, [string] $Routing = '{}') {
        $functions = @{
            'aliased-func' = '"versions":[{"version":"1","codeSha256":"UtLuBPBJVxt0PcLOZNQahYJd6yyiIArSRl6Orb4QOHk="},{"version":"2","codeSha256":"ASVAfDa8cVtXf+7USvb3D22yuKiZ0u0fyzlyGrzEheA="}],"latest":{"sameAs":"2"},"policies":[{"qualifier":"live","sid":"apigw-health","principal":"apigateway.amazonaws.com","sourceArn":"arn:aws:execute-api:us-east-1:123456789012:k2l3m4n5o6/*/GET/health"}]'
            'my-func'      = '"tags":{"team":"orders"},"versions":[{"version":"1","codeSha256":"im1ZzPOMcEFMX1xkN0UTLKBV3ofpL/CbCSqvQF6/QWA=","environment":{"TABLE_NAME":"orders"}},{"version":"2","codeSha256":"iqfCcIO/dNi9nLKHZ1aNxVXOFCBRHG6yoFYdhVfvsCM=","environment":{"TABLE_NAME":"orders","DB_SECRET_ARN":"arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-db"},"vpcConfig":{"subnetIds":["subnet-0a1"],"securityGroupIds":["sg-0b2"],"vpcId":"vpc-0c3"}}],"latest":{"sameAs":"2"},"policies":[{"qualifier":"1","sid":"apigw-dev-orders","principal":"apigateway.amazonaws.com","sourceArn":"arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/*/*"}]'
        }
        $aliasJson = '{"name":"' + $Alias + '","functionVersion":"' + $Version + '","routing":' + $Routing + '}'
        $document = '{"lambda":{"defaults":{"runtime":"python3.9","handler":"app.handler","memorySize":256,"timeout":30},"functions":[{"name":"' + $Function + '",' + $functions[$Function] + ',"aliases":[' + $aliasJson + ']}]}}'
        $null = Invoke-EmulatorControl POST '/scenario' ('{"document":' + $document + ',"replace":false}')
    }

    function New-MigrationResult([string] $Function, [string] $Alias, [string] $Status, [string] $Route) {
        $pin = [LambdaAlias.LambdaIntegrationPin]::new()
        $pin.FunctionName = $Function; $pin.Qualifier = '1'; $pin.PinKind = 'Version'; $pin.Location = "REST aliased-api (k2l3m4n5o6) $Route"
        $result = [LambdaAlias.MigrationResult]::new()
        $result.Pin = $pin; $result.FunctionName = $Function; $result.AliasName = $Alias; $result.Status = $Status
        $result.AliasArn = "arn:aws:lambda:us-east-1:123456789012:function:${Function}:$Alias"
        $result.Region = $emulator.Region; $result.AccountId = $emulator.AccountId; $result.EndpointUrl = $emulator.BaseUrl
        $result
    }
}

AfterAll {
    $http.Dispose()
    Stop-TestEmulator $emulator
}

Describe 'Invoke-AliasRollback' {
    BeforeEach { Reset-DemoAccount }

    It 'rolls an alias back to the previous version, and the route serves it as soon as the call returns' {
        Invoke-TrafficProbe $healthUrl | Should -Be '2'
        $mark = Get-RequestMark

        $result = Invoke-AliasRollback @aws -FunctionName aliased-func -AliasName live -Confirm:$false

        Invoke-TrafficProbe $healthUrl | Should -Be '1'
        $result | Should -BeOfType 'LambdaAlias.AliasRollbackResult'
        "$($result.Status) $($result.FromVersion) -> $($result.ToVersion)" | Should -Be 'RolledBack 2 -> 1'
        $result.AccountId | Should -Be '123456789012'
        $result.Region | Should -Be 'us-east-1'
        Get-CallsSince $mark -Mutating | Should -Be 'UpdateAlias'
    }

    It 'rolls forward again with -ToVersion $r.FromVersion' {
        $r = Invoke-AliasRollback @aws -FunctionName aliased-func -AliasName live -Confirm:$false
        Invoke-TrafficProbe $healthUrl | Should -Be '1'

        $forward = $r | Invoke-AliasRollback @aws -ToVersion $r.FromVersion -Confirm:$false

        "$($forward.Status) $($forward.FromVersion) -> $($forward.ToVersion)" | Should -Be 'RolledBack 1 -> 2'
        Invoke-TrafficProbe $healthUrl | Should -Be '2'
    }

    It 'clears a canary in flight so all traffic goes to the primary version' {
        Set-DemoAlias aliased-func live 1 '{"2":0.2}'
        Invoke-TrafficProbe $healthUrl -Sample 0.1 | Should -Be '2'

        $result = Invoke-AliasRollback @aws -FunctionName aliased-func -AliasName live -Confirm:$false

        $result.Status | Should -Be 'WeightsCleared'
        $result.RemovedWeights['2'] | Should -Be 0.2
        Invoke-TrafficProbe $healthUrl -Sample 0.1 | Should -Be '1'
        Invoke-TrafficProbe $healthUrl -Sample 0.9 | Should -Be '1'
    }

    It 'warns that CodeDeploy will fight a manual change when the weights look like its traffic shift' {
        Set-DemoAlias aliased-func live 1 '{"2":0.1}'
        $result = Invoke-AliasRollback @aws -FunctionName aliased-func -AliasName live -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue
        $result.Status | Should -Be 'WeightsCleared'
        "$warnings" | Should -Match 'CodeDeploy'
        "$warnings" | Should -Match 'stop-deployment'
    }

    It 'moves to an explicit -ToVersion' {
        $result = Invoke-AliasRollback @aws -FunctionName stagevar-func -AliasName staging -ToVersion 1 -Confirm:$false
        "$($result.FromVersion) -> $($result.ToVersion)" | Should -Be '3 -> 1'
    }

    It 'fails with NoEarlierVersion when no published version is below the current one, and changes nothing' {
        Set-DemoAlias aliased-func live 1
        $mark = Get-RequestMark
        { Invoke-AliasRollback @aws -FunctionName aliased-func -AliasName live -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'NoEarlierVersion,*'
        Get-CallsSince $mark -Mutating | Should -BeNullOrEmpty
    }

    It 'warns about drift and needs -AllowConfigRegression to drop the VPC configuration' {
        Set-DemoAlias my-func live 2
        $mark = Get-RequestMark
        { Invoke-AliasRollback @aws -FunctionName my-func -AliasName live -Confirm:$false -ErrorAction Stop -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'ConfigRegression,*' -ExpectedMessage '*no VPC configuration*'
        Get-CallsSince $mark -Mutating | Should -BeNullOrEmpty

        $result = Invoke-AliasRollback @aws -FunctionName my-func -AliasName live -AllowConfigRegression -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue
        $result.Status | Should -Be 'RolledBack'
        "$warnings" | Should -Match 'Drift: version 1 differs from version 2 in VpcConfig'
        "$warnings" | Should -Match 'EnvironmentVariableNames'
    }

    It 'makes no change with -WhatIf' {
        $mark = Get-RequestMark
        $result = Invoke-AliasRollback @aws -FunctionName aliased-func -AliasName live -WhatIf
        $result.Status | Should -Be 'WhatIf'
        Get-CallsSince $mark -Mutating | Should -BeNullOrEmpty
        Invoke-TrafficProbe $healthUrl | Should -Be '2'
    }

    It 'rolls an alias back once however many piped results name it' {
        $mark = Get-RequestMark
        $results = @(
            New-MigrationResult aliased-func live Migrated 'GET /health'
            New-MigrationResult aliased-func live Migrated 'GET /status'
            New-MigrationResult aliased-func live AlreadyOnAlias 'GET /ping'
        )
        $rollback = $results | Invoke-AliasRollback -AccessKey $emulator.AccessKey -SecretKey $emulator.SecretKey -Confirm:$false

        $rollback | Should -HaveCount 1
        "$($rollback.FromVersion) -> $($rollback.ToVersion)" | Should -Be '2 -> 1'
        Get-CallsSince $mark -Mutating | Should -Be 'UpdateAlias'
    }

    It 'skips results of migrations that did not happen, so a -WhatIf migration piped in never acts' {
        $mark = Get-RequestMark
        $results = @(
            New-MigrationResult aliased-func live WhatIf 'GET /health'
            New-MigrationResult aliased-func live Declined 'GET /status'
            New-MigrationResult aliased-func live Failed 'GET /ping'
        )
        $rollback = $results | Invoke-AliasRollback -AccessKey $emulator.AccessKey -SecretKey $emulator.SecretKey -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue

        $rollback | Should -BeNullOrEmpty
        @($warnings) | Should -HaveCount 3
        "$warnings" | Should -Match 'Status WhatIf'
        Get-CallsSince $mark | Should -BeNullOrEmpty
        Invoke-TrafficProbe $healthUrl | Should -Be '2'
    }

    It 'skips its own -WhatIf results, so a dry run piped into a real run never acts' {
        $mark = Get-RequestMark
        $rollback = Invoke-AliasRollback @aws aliased-func live -WhatIf | Invoke-AliasRollback @aws -Confirm:$false -WarningAction SilentlyContinue
        $rollback | Should -BeNullOrEmpty
        Get-CallsSince $mark -Mutating | Should -BeNullOrEmpty
    }

    It 'takes alias ARNs from other tools and "function:alias" text' {
        $awsToolsAlias = [pscustomobject]@{ AliasArn = 'arn:aws:lambda:us-east-1:123456789012:function:aliased-func:live'; Name = 'live'; FunctionVersion = '2' }
        $result = $awsToolsAlias, 'stagevar-func:staging' | Invoke-AliasRollback @aws -Confirm:$false
        $result | Should -HaveCount 2
        "$($result[0].FunctionName):$($result[0].AliasName) $($result[0].ToVersion)" | Should -Be 'aliased-func:live 1'
        "$($result[1].FunctionName):$($result[1].AliasName) $($result[1].ToVersion)" | Should -Be 'stagevar-func:staging 2'
    }

    It 'goes on with the next alias after a failure' {
        $result = @(
            [pscustomobject]@{ FunctionName = 'aliased-func'; AliasName = '1' }
            [pscustomobject]@{ FunctionName = 'my-func'; AliasName = 'live' }
            [pscustomobject]@{ FunctionName = 'stagevar-func'; AliasName = 'staging' }
        ) | Invoke-AliasRollback @aws -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue

        @($failures | ForEach-Object { $_.FullyQualifiedErrorId }) | Should -Be @('NotAnAlias,LambdaAlias.InvokeAliasRollbackCommand', 'AliasNotFound,LambdaAlias.InvokeAliasRollbackCommand')
        ($result | Where-Object Status -eq 'RolledBack').FunctionName | Should -Be 'stagevar-func'
    }

    It 'never takes -ToVersion from the pipeline' {
        $result = [pscustomobject]@{ FunctionName = 'stagevar-func'; AliasName = 'staging'; ToVersion = '1' } | Invoke-AliasRollback @aws -Confirm:$false
        $result.ToVersion | Should -Be '2'
    }
}

Describe 'The card pipeline: pins, migration, rollback' {
    BeforeAll {
        Reset-DemoAccount
        $ordersUrl = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev/orders'
        $stageVariableUrl = 'https://s7t8u9v0w1.execute-api.us-east-1.amazonaws.com/prod/orders'
        $servedBefore = Invoke-TrafficProbe $ordersUrl

        $migration = Get-LambdaIntegrationPin @aws | Set-IntegrationToAlias -AliasName live -Confirm:$false
        $pinsAfterMigration = @(Get-LambdaIntegrationPin @aws)
        $servedAfterMigration = Invoke-TrafficProbe $ordersUrl

        # The next release of my-func is one alias update (here with the documented roll-forward form).
        $release = Invoke-AliasRollback @aws -FunctionName my-func -AliasName live -ToVersion 2 -Confirm:$false -WarningAction SilentlyContinue
        $servedAfterRelease = Invoke-TrafficProbe $ordersUrl

        $mark = Get-RequestMark
        $rollback = $migration | Invoke-AliasRollback -AllowConfigRegression -Confirm:$false -ErrorVariable rollbackErrors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $rollbackCalls = @(Get-CallsSince $mark -Mutating)
    }

    It 'migrates every pin to alias live without changing what serves' {
        @($migration | Where-Object Status -eq 'Migrated') | Should -HaveCount 7
        $pinsAfterMigration | Should -BeNullOrEmpty
        $servedBefore | Should -Be '1'
        $servedAfterMigration | Should -Be '1'
        $release.Status | Should -Be 'RolledBack'
        $servedAfterRelease | Should -Be '2'
    }

    It 'rolls each alias back once, however many migrated pins name it' {
        $moved = foreach ($r in $rollback | Where-Object Status -eq 'RolledBack') { "$($r.FunctionName):$($r.AliasName) $($r.FromVersion)->$($r.ToVersion)" }
        [array]::Sort($moved)
        $moved | Should -Be @('my-func:live 2->1', 'stagevar-func:live 2->1', 'stagevar-func:live-canary 3->2')
        $rollbackCalls | Should -Be @('UpdateAlias', 'UpdateAlias', 'UpdateAlias')
    }

    It 'reports NoEarlierVersion for aliases still at their first version and goes on with the others' {
        @($rollback | Where-Object Status -eq 'Failed') | Should -HaveCount 3
        @($rollbackErrors | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] }) | Should -Be @('NoEarlierVersion', 'NoEarlierVersion', 'NoEarlierVersion')
    }

    It 'leaves every route serving the rolled-back version' {
        Invoke-TrafficProbe $ordersUrl | Should -Be '1'
        Invoke-TrafficProbe $stageVariableUrl | Should -Be '1'
        Invoke-TrafficProbe $stageVariableUrl -Canary | Should -Be '2'
    }
}
