@{
    RootModule             = 'LambdaAlias.Cmdlets.dll'
    ModuleVersion          = '0.1.0'
    GUID                   = '5b0f7c8e-3f4a-4d2b-9a61-2c7e8d4b1f35'
    Author                 = 'LambdaAlias contributors'
    CompanyName            = 'LambdaAlias'
    Copyright              = '(c) LambdaAlias contributors. Apache-2.0.'
    Description            = 'Finds AWS Lambda version pins behind API Gateway integrations, stage variables, authorizers, event source mappings and service permissions, and moves them to an alias without dropping a request.'
    PowerShellVersion      = '5.1'
    CompatiblePSEditions   = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('LambdaAlias.format.ps1xml')
    CmdletsToExport        = @('Get-LambdaIntegrationPin', 'Set-IntegrationToAlias', 'Invoke-AliasRollback')
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('AWS', 'Lambda', 'APIGateway', 'Alias', 'Deployment', 'Rollback', 'PSEdition_Desktop', 'PSEdition_Core')
            ProjectUri   = 'https://github.com/lambdaalias/LambdaAlias'
            LicenseUri   = 'https://github.com/lambdaalias/LambdaAlias/blob/main/LICENSE'
            ReleaseNotes = '0.1.0: first release. Get-LambdaIntegrationPin finds Lambda version pins behind API Gateway, stage variables, event source mappings and permissions; Set-IntegrationToAlias moves them to an alias without dropping a request; Invoke-AliasRollback rolls an alias back in one command. See CHANGELOG.md.'
        }
    }
}
