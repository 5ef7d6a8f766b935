@{
    RootModule        = 'PesterLite.psm1'
    ModuleVersion     = '1.0.0'
    GUID              = 'c2b8b0de-4f6e-4a53-9d0e-6a3c1f7d2e41'
    Author            = 'LambdaAlias contributors'
    Description       = 'The subset of Pester 5 that the LambdaAlias tests use, for engines where Pester 5 cannot be imported.'
    PowerShellVersion = '5.1'
    FunctionsToExport = @('Describe', 'Context', 'It', 'BeforeAll', 'AfterAll', 'BeforeEach', 'AfterEach', 'Should', 'Invoke-PesterLite')
    CmdletsToExport   = @()
    AliasesToExport   = @()
    VariablesToExport = @()
}
