# What a user sees from Get-LambdaIntegrationPin against the emulator's demo account (DEMO.md). Runs under Pester 5, or
# PesterLite in the hosted engine (Core cmdlets only: no Select-Object, Sort-Object, Measure-Object, Out-String).

BeforeAll {
    Import-Module ([System.IO.Path]::Combine($PSScriptRoot, 'TestSupport', 'LambdaAlias.TestSupport.psd1')) -Force
    $script:emulator = Start-TestEmulator -Scenario demo
    $script:aws = $script:emulator.Parameters

    function Get-PinKey {
        param([Parameter(ValueFromPipeline = $true)] $Pin)
        process {
            $where = switch ($Pin.SourceKind.ToString()) {
                'StageVariable' { ($Pin.Stages -join ',') + $(if ($Pin.IsCanaryOverride) { ' override' } else { '' }) }
                'EventSourceMapping' { $Pin.EventSourceMappingUuid }
                'RestAuthorizer' { $Pin.AuthorizerId }
                default { $Pin.Routes -join ',' }
            }
            '{0} {1} {2}' -f $Pin.QualifiedName, $Pin.SourceKind, $where
        }
    }

    function Get-SortedKeys {
        param([object[]] $Pins)
        $keys = [string[]]@($Pins | Get-PinKey)
        [System.Array]::Sort($keys, [System.StringComparer]::Ordinal)
        $keys
    }
}

AfterAll {
    Stop-TestEmulator $script:emulator
}

Describe 'Get-LambdaIntegrationPin' {
    Context 'the demo account' {
        BeforeAll {
            $script:pins = @(Get-LambdaIntegrationPin @aws)
        }

        It 'reports exactly the version pins, as LambdaAlias.LambdaIntegrationPin objects' {
            $expected = [string[]]@(
                'auth-func:1 RestAuthorizer auth01'
                'http-func:1 HttpApi GET /items'
                'my-func:1 RestApi ANY /{proxy+}'
                'my-func:1 RestApi GET /orders'
                'queue-func:1 EventSourceMapping 6f1e0c4a-0000-4000-8000-0000000000e1'
                'stagevar-func:2 StageVariable prod'
                'stagevar-func:3 StageVariable prod (canary) override'
            )
            [System.Array]::Sort($expected, [System.StringComparer]::Ordinal)
            Get-SortedKeys $script:pins | Should -Be $expected
            foreach ($pin in $script:pins) { $pin | Should -BeOfType ([LambdaAlias.LambdaIntegrationPin]) }
        }

        It 'declares its output type' {
            (Get-Command Get-LambdaIntegrationPin).OutputType.Type | Should -Be ([LambdaAlias.LambdaIntegrationPin])
        }

        It 'leaves out the API that already uses an alias, and the unqualified integration' {
            @($script:pins | Where-Object { $_.FunctionName -eq 'aliased-func' }) | Should -HaveCount 0
            @($script:pins | Where-Object { $null -eq $_.Qualifier }) | Should -HaveCount 0
        }

        It 'shows the VPC and environment-variable-name drift of my-func:1 against version 2' {
            $pin = $script:pins | Where-Object { $_.QualifiedName -eq 'my-func:1' -and $_.HttpMethod -eq 'GET' }
            $pin.LatestPublishedVersion | Should -Be '2'
            $pin.VersionsBehind | Should -Be 1
            $vpc = $pin.ConfigDrift | Where-Object { $_.Property -eq 'VpcConfig' -and $_.ComparedWith -eq '2' }
            $vpc.PinnedValue | Should -BeNullOrEmpty
            $vpc.OtherValue | Should -Match 'subnet-0a1'
            $env = $pin.ConfigDrift | Where-Object { $_.Property -eq 'EnvironmentVariableNames' -and $_.ComparedWith -eq '2' }
            $env.PinnedValue | Should -Be 'TABLE_NAME'
            $env.OtherValue | Should -Be 'DB_SECRET_ARN, TABLE_NAME'
        }

        It 'explains where the pin lives, its permission, its echoes and who manages it' {
            $pin = $script:pins | Where-Object { $_.QualifiedName -eq 'my-func:1' -and $_.HttpMethod -eq 'GET' }
            $pin.Location | Should -Be 'REST dev-lambda-my-func:1-API (a1b2c3d4e5) GET /orders'
            $pin.Stages | Should -Be @('dev')
            $pin.LiveState | Should -Be 'Live'
            $pin.Permission | Should -Be 'Granted'
            $pin.ManagedBy | Should -Be 'CloudFormation stack dev-orders-stack'
            $pin.Echoes | Should -Contain "REST API a1b2c3d4e5 name 'dev-lambda-my-func:1-API'"
            "$pin" | Should -Be 'my-func:1 (Version) at REST dev-lambda-my-func:1-API (a1b2c3d4e5) GET /orders [dev]'
        }

        It 'carries the account context that the next cmdlet binds by property name, and no secret' {
            foreach ($pin in $script:pins) {
                $pin.Region | Should -Be 'us-east-1'
                $pin.AccountId | Should -Be '123456789012'
                $pin.EndpointUrl | Should -Be $aws.EndpointUrl
            }
            @($script:pins[0].PSObject.Properties | Where-Object { $_.Name -match 'Secret|AccessKey|SessionToken' }) | Should -HaveCount 0
        }

        It 'reports the stage-variable pin for prod only, and the canary override serving version 3' {
            $stageVariablePins = @($script:pins | Where-Object { $_.SourceKind -eq 'StageVariable' })
            $stageVariablePins | Should -HaveCount 2
            ($stageVariablePins | Where-Object { -not $_.IsCanaryOverride }).Stages | Should -Be @('prod')
            ($stageVariablePins | Where-Object { $_.IsCanaryOverride }).PinnedVersion | Should -Be '3'
        }

        It 'reports the event source mapping pin' {
            $esm = $script:pins | Where-Object { $_.SourceKind -eq 'EventSourceMapping' }
            $esm.QualifiedName | Should -Be 'queue-func:1'
            $esm.EventSourceArn | Should -Be 'arn:aws:sqs:us-east-1:123456789012:orders-queue'
        }
    }

    Context '-Kind' {
        It 'Latest reports the unqualified HTTP API integration as Latest' {
            $latest = @(Get-LambdaIntegrationPin @aws -Kind Latest)
            $latest | Should -HaveCount 1
            $latest[0].FunctionName | Should -Be 'http-func'
            $latest[0].PinKind | Should -Be 'Latest'
            $latest[0].Location | Should -Be 'HTTP items-http-api (h1t2t3p4a5) POST /items'
        }

        It 'Alias is an inventory of what already uses an alias' {
            $keys = Get-SortedKeys @(Get-LambdaIntegrationPin @aws -Kind Alias)
            $keys | Should -Be @('aliased-func:live RestApi GET /health', 'stagevar-func:staging StageVariable staging')
        }
    }

    Context '-InvokeUrl' {
        It 'answers which function version is behind the demo URL in one command' {
            $pins = @(Get-LambdaIntegrationPin @aws -InvokeUrl 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev/orders')
            ($pins | Where-Object { $_.HttpMethod -eq 'GET' }).QualifiedName | Should -Be 'my-func:1'
            Get-SortedKeys $pins | Should -Be @('auth-func:1 RestAuthorizer auth01', 'my-func:1 RestApi ANY /{proxy+}', 'my-func:1 RestApi GET /orders')
        }

        It 'gives the same answer for the clean URL on the custom domain, taken from the pipeline' {
            $pins = @('https://api.example.com/orders/orders' | Get-LambdaIntegrationPin @aws)
            Get-SortedKeys $pins | Should -Be @('auth-func:1 RestAuthorizer auth01', 'my-func:1 RestApi ANY /{proxy+}', 'my-func:1 RestApi GET /orders')
        }

        It 'reports every kind by default, here an alias pin' {
            $pins = @(Get-LambdaIntegrationPin @aws -InvokeUrl 'https://k2l3m4n5o6.execute-api.us-east-1.amazonaws.com/prod/health')
            $pins | Should -HaveCount 1
            $pins[0].PinKind | Should -Be 'Alias'
        }
    }

    Context 'filters and pipeline input' {
        It '-FunctionName takes names, ARNs and wildcards' {
            Get-SortedKeys @(Get-LambdaIntegrationPin @aws -FunctionName my-func) | Should -Be @('my-func:1 RestApi ANY /{proxy+}', 'my-func:1 RestApi GET /orders')
            Get-SortedKeys @(Get-LambdaIntegrationPin @aws -FunctionName 'arn:aws:lambda:us-east-1:123456789012:function:q*') |
                Should -Be @('queue-func:1 EventSourceMapping 6f1e0c4a-0000-4000-8000-0000000000e1')
        }

        It 'binds FunctionName and FunctionArn by property name from other tools'' objects' {
            $functions = @(
                [pscustomobject]@{ FunctionName = 'auth-func'; Runtime = 'python3.9' }
                [pscustomobject]@{ FunctionArn = 'arn:aws:lambda:us-east-1:123456789012:function:http-func' }
            )
            Get-SortedKeys @($functions | Get-LambdaIntegrationPin @aws) | Should -Be @('auth-func:1 RestAuthorizer auth01', 'http-func:1 HttpApi GET /items')
        }

        It 'binds Id as -RestApiId, and -Stage is an alias of -StageName' {
            Get-SortedKeys @([pscustomobject]@{ Id = 's7t8u9v0w1' } | Get-LambdaIntegrationPin @aws -Stage prod) |
                Should -Be @('stagevar-func:2 StageVariable prod', 'stagevar-func:3 StageVariable prod (canary) override')
        }
    }

    Context 'errors' {
        It 'an unknown API is a non-terminating UnknownApi error' {
            $pins = @(Get-LambdaIntegrationPin @aws -RestApiId nosuchapi -ErrorVariable failures -ErrorAction SilentlyContinue)
            $pins | Should -HaveCount 0
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'UnknownApi,LambdaAlias.GetLambdaIntegrationPinCommand'
        }

        It 'a malformed invoke URL does not stop the URLs after it' {
            $pins = @('https://a1b2c3d4e5.execute-api.nowhere.amazonaws.com/dev', 'https://api.example.com/orders/orders' |
                Get-LambdaIntegrationPin @aws -Kind Version -ErrorVariable failures -ErrorAction SilentlyContinue)
            $failures[0].FullyQualifiedErrorId | Should -Be 'MalformedInvokeUrl,LambdaAlias.GetLambdaIntegrationPinCommand'
            @($pins | Where-Object { $_.QualifiedName -eq 'my-func:1' }) | Should -HaveCount 2
        }

        It 'an unknown custom domain is UnknownCustomDomain and a malformed ARN is MalformedArn' {
            $null = Get-LambdaIntegrationPin @aws -InvokeUrl 'https://shop.example.org/cart' -ErrorVariable domainFailure -ErrorAction SilentlyContinue
            $domainFailure[0].FullyQualifiedErrorId | Should -Be 'UnknownCustomDomain,LambdaAlias.GetLambdaIntegrationPinCommand'
            $null = Get-LambdaIntegrationPin @aws -FunctionName 'arn:aws:lambda:us-east-1:function' -ErrorVariable arnFailure -ErrorAction SilentlyContinue
            $arnFailure[0].FullyQualifiedErrorId | Should -Be 'MalformedArn,LambdaAlias.GetLambdaIntegrationPinCommand'
        }

        It '-ErrorAction Stop turns the first error into a terminating one' {
            $stopped = $null
            try { $null = Get-LambdaIntegrationPin @aws -RestApiId nosuchapi -ErrorAction Stop } catch { $stopped = $_ }
            $stopped.FullyQualifiedErrorId | Should -Be 'UnknownApi,LambdaAlias.GetLambdaIntegrationPinCommand'
        }
    }
}
