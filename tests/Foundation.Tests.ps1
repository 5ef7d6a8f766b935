# Pester 5 tests of the module as a user gets it: the manifest, the import, the help and the test emulator plumbing.
# Runs under real Pester 5 (build.ps1 -Task Test in pwsh) and under PesterLite through the xunit bridge.

BeforeAll {
    Import-Module "$PSScriptRoot/TestSupport/LambdaAlias.TestSupport.psd1"
    $root = Get-TestRepositoryRoot
    $moduleFolder = [System.IO.Path]::Combine($root, 'out', 'LambdaAlias')
    $manifestPath = [System.IO.Path]::Combine($moduleFolder, 'LambdaAlias.psd1')
}

Describe 'The LambdaAlias module' {
    It 'is imported from out/LambdaAlias' {
        $module = Get-Module LambdaAlias
        $module | Should -HaveCount 1
        $module.ModuleBase | Should -Be $moduleFolder
        $module.ImplementingAssembly.Location | Should -Be ([System.IO.Path]::Combine($moduleFolder, 'LambdaAlias.Cmdlets.dll'))
    }

    It 'exports exactly the cmdlets its manifest lists' {
        $manifest = Test-ModuleManifest -Path $manifestPath
        $exported = [string[]]@((Get-Module LambdaAlias).ExportedCommands.Keys)
        $listed = [string[]]@($manifest.ExportedCmdlets.Keys)
        [array]::Sort($exported); [array]::Sort($listed)
        $listed | Should -Not -BeNullOrEmpty
        $exported | Should -Be $listed
    }

    It 'declares <Key> in its manifest' -TestCases @(
        @{ Key = 'PowerShellVersion'; Expected = '5.1' }
        @{ Key = 'DotNetFrameworkVersion'; Expected = '4.7.2' }
        @{ Key = 'RootModule'; Expected = 'LambdaAlias.Cmdlets.dll' }
        @{ Key = 'CompatiblePSEditions'; Expected = 'Desktop Core' }
    ) {
        $manifest = Test-ModuleManifest -Path $manifestPath
        "$($manifest.$Key)" | Should -Be $Expected
    }

    It 'has the version of the newest CHANGELOG entry' {
        $changelog = [System.IO.File]::ReadAllText([System.IO.Path]::Combine($root, 'CHANGELOG.md'))
        $changelog | Should -Match '(?m)^## \[(\d+\.\d+\.\d+)\]'
        $newest = [regex]::Match($changelog, '(?m)^## \[(\d+\.\d+\.\d+)\]').Groups[1].Value
        (Test-ModuleManifest -Path $manifestPath).Version.ToString() | Should -Be $newest
    }

    It 'ships the about_LambdaAlias topic with every ErrorId the code declares' {
        $about = [System.IO.File]::ReadAllText([System.IO.Path]::Combine($moduleFolder, 'en-US', 'about_LambdaAlias.help.txt'))
        $about | Should -Match 'MIGRATION ORDER'
        $errorIds = (Get-Module LambdaAlias).ImplementingAssembly.GetType('LambdaAlias.ErrorIds')
        $catalogue = $errorIds::Catalogue()
        foreach ($entry in $catalogue) { $about | Should -Match ([regex]::Escape($entry.Key)) -Because "about_LambdaAlias lists every ErrorId" }
    }
}

Describe 'Start-TestEmulator' {
    BeforeAll {
        $emulator = Start-TestEmulator
    }
    AfterAll {
        Stop-TestEmulator $emulator
    }

    It 'listens on loopback and answers HTTP' {
        $emulator.BaseUrl | Should -Match '^http://127\.0\.0\.1:\d+$'
        $client = [System.Net.Http.HttpClient]::new()
        try {
            $response = $client.GetAsync($emulator.BaseUrl + '/2015-03-31/functions').GetAwaiter().GetResult()
            [int]$response.StatusCode | Should -BeGreaterThan 99
        }
        finally { $client.Dispose() }
    }

    It 'sets the emulator credentials for the SDK' {
        $env:AWS_ACCESS_KEY_ID | Should -Be 'test'
        $env:AWS_SECRET_ACCESS_KEY | Should -Be 'test'
        $env:AWS_REGION | Should -Be 'us-east-1'
        $env:AWS_EC2_METADATA_DISABLED | Should -Be 'true'
        $emulator.Parameters.EndpointUrl | Should -Be $emulator.BaseUrl
    }

    It 'gives a second, independent emulator on another port and restores nothing until the last stops' {
        $second = Start-TestEmulator -OutOfProcess
        try {
            $second.Mode | Should -Be 'Process'
            $second.BaseUrl | Should -Not -Be $emulator.BaseUrl
            $client = [System.Net.Http.HttpClient]::new()
            try { [int]$client.GetAsync($second.BaseUrl + '/').GetAwaiter().GetResult().StatusCode | Should -BeGreaterThan 99 }
            finally { $client.Dispose() }
        }
        finally { Stop-TestEmulator $second }
        $env:AWS_ACCESS_KEY_ID | Should -Be 'test'
    }
}
