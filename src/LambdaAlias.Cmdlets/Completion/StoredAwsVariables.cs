using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace LambdaAlias
{
    /// <summary>
    /// Reads AWS Tools' session variables ($StoredAWSCredentials, $StoredAWSRegion) for an argument completer.
    /// <para>
    /// A completer gets no SessionState. It runs on the runspace's pipeline thread, inside TabExpansion2, so
    /// <c>Runspace.DefaultRunspace</c> is the runspace being completed in, and that runspace is busy. Its
    /// <c>SessionStateProxy</c> refuses to work while a pipeline runs ("NoSessionStateProxyWhenPipelineInProgress"),
    /// in Windows PowerShell 5.1 as in 7. What does work on both is a nested pipeline on the current thread
    /// (<see cref="RunspaceMode.CurrentRunspace"/>, the way PSReadLine calls TabExpansion2): it returns
    /// <c>$ExecutionContext</c>, whose <see cref="SessionState"/> reads variables through the normal scope lookup.
    /// That needs no cmdlet (Get-Variable lives in a module a minimal host may not load), is not broken by
    /// Set-StrictMode, and works in ConstrainedLanguage because the variable reads happen here, not in script.
    /// </para>
    /// Values are read once, on the calling thread, into a snapshot: the completer's worker thread must never touch the
    /// engine.
    /// </summary>
    internal static class StoredAwsVariables
    {
        private static readonly string[] Names = { AwsConnectionSettings.StoredCredentialsVariable, AwsConnectionSettings.StoredRegionVariable };

        /// <summary>A lookup over the values of both variables as they are now; empty when there is no runspace on this thread.</summary>
        public static Func<string, object> ReadFromCurrentRunspace()
        {
            var values = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            try
            {
                if (Runspace.DefaultRunspace != null)
                {
                    using (var shell = PowerShell.Create(RunspaceMode.CurrentRunspace))
                    {
                        shell.AddScript("$ExecutionContext");
                        var intrinsics = shell.Invoke().Select(o => o?.BaseObject).OfType<EngineIntrinsics>().FirstOrDefault();
                        if (intrinsics != null)
                        {
                            foreach (var name in Names) values[name] = intrinsics.SessionState.PSVariable.GetValue(name);
                        }
                    }
                }
            }
            catch (Exception)
            {
                // Not on a pipeline thread, a runspace busy elsewhere, or a language mode without scripts: complete with
                // what was typed on the command line and the environment alone.
            }
            return Snapshot(values);
        }

        /// <summary>A lookup over fixed values, e.g. for tests.</summary>
        public static Func<string, object> Snapshot(IDictionary<string, object> values)
        {
            var copy = new Dictionary<string, object>(values ?? new Dictionary<string, object>(), StringComparer.OrdinalIgnoreCase);
            return name => name != null && copy.TryGetValue(name, out var value) ? value : null;
        }
    }
}
