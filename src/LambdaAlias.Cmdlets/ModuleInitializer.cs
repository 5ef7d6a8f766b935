using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace LambdaAlias
{
    /// <summary>
    /// Windows PowerShell 5.1 gives a module no binding redirects, and AWSSDK.Core and System.Text.Json reference
    /// older versions of their dependencies than the ones that ship beside them. This resolver serves any assembly
    /// that lives in the module folder, whatever version was asked for. On PowerShell 7 the runtime resolves most of
    /// these first, so the handler is rarely consulted there.
    /// </summary>
    /// <remarks>
    /// The handler stays registered for the life of the process: one process can host several runspaces that share
    /// the loaded assembly, and Remove-Module in one of them must not break loading in the others. It only ever
    /// serves files from this module's folder, so leaving it registered is harmless.
    /// </remarks>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location);

        public void OnImport()
        {
            // Once per module folder per process. A static flag is not enough: importing a rebuilt dll from the same
            // folder loads a second copy of this assembly with statics of its own, and its handler would be a second
            // delegate that -= cannot remove. An AppDomain data slot is seen by every copy; typeof(AppDomain) is one
            // object for all of them, so it serialises the check across copies.
            var slot = "LambdaAlias.ModuleFolderResolver:" + ModuleDirectory;
            lock (typeof(AppDomain))
            {
                if (AppDomain.CurrentDomain.GetData(slot) != null) return;
                AppDomain.CurrentDomain.AssemblyResolve += ResolveFromModuleFolder;
                AppDomain.CurrentDomain.SetData(slot, true);
            }
        }

        internal static Assembly ResolveFromModuleFolder(object sender, ResolveEventArgs args)
        {
            var requested = new AssemblyName(args.Name);
            if (string.IsNullOrEmpty(requested.Name)) return null;
            var candidate = Path.Combine(ModuleDirectory, requested.Name + ".dll");
            if (!File.Exists(candidate)) return null;
            // Reuse a copy already loaded (by this module or another, e.g. AWS Tools 5.x sharing AWSSDK.Core).
            foreach (var loaded in AppDomain.CurrentDomain.GetAssemblies())
            {
                if (string.Equals(loaded.GetName().Name, requested.Name, StringComparison.OrdinalIgnoreCase)) return loaded;
            }
            return Assembly.LoadFrom(candidate);
        }
    }
}
