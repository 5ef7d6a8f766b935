@{
    RootModule        = 'LambdaAlias.TestSupport.psm1'
    ModuleVersion     = '1.0.0'
    GUID              = '8d0f3f4e-2b61-4c7a-9a0e-0f5b7c3d9e12'
    Author            = 'LambdaAlias contributors'
    Description       = 'Helpers for the LambdaAlias Pester tests: imports the built module from out/ and starts AWS emulators.'
    PowerShellVersion = '5.1'
    FunctionsToExport = @('Start-TestEmulator', 'Stop-TestEmulator', 'Get-TestRepositoryRoot')
    CmdletsToExport   = @()
    AliasesToExport   = @()
    VariablesToExport = @()
}
