// Engine tests share one process environment (env: drive, AWS_* variables, AppDomain assembly-resolve handlers) and
// each spins up a PowerShell runspace; running them one at a time keeps them independent and costs little on 2 cores.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
