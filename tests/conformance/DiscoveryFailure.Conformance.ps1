# PesterLite conformance: a failure during discovery fails the whole file, as in Pester 5. The It below is fine on
# its own, yet it must be reported failed, and the file gets a failed '<file> (discovery)' result.

Describe 'Before the broken Describe' {
    It 'fails: an It found before discovery broke => Discovery failed: RuntimeException: a Describe body broke' { 1 | Should -Be 1 }
}

Describe 'Broken at discovery' {
    throw 'a Describe body broke' # reported line
    It 'never discovered' { 1 | Should -Be 1 }
}
