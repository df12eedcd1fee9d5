using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace OpsModule.Infrastructure;

/// <summary>
/// Runs when Import-Module loads OpsModule.dll: sends the default context's request for OpsModule.Engine
/// to the module's own load context (the pattern of "Resolving PowerShell module assembly dependency
/// conflicts"). Only the engine is bridged; everything it needs resolves inside the private context.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly string ModuleFolder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
    private static readonly Lazy<OpsLoadContext> Context = new(() => new OpsLoadContext(Path.Combine(ModuleFolder, "Dependencies")));

    /// <summary>Registers the resolver (idempotent: Import-Module -Force calls it again).</summary>
    public void OnImport()
    {
        AssemblyLoadContext.Default.Resolving -= ResolveEngine;
        AssemblyLoadContext.Default.Resolving += ResolveEngine;
    }

    /// <summary>Removes the resolver when the module is removed.</summary>
    public void OnRemove(PSModuleInfo psModuleInfo) => AssemblyLoadContext.Default.Resolving -= ResolveEngine;

    private static Assembly? ResolveEngine(AssemblyLoadContext defaultContext, AssemblyName name)
    {
        if (string.Equals(name.Name, "OpsModule.Engine", StringComparison.Ordinal))
        {
            return Context.Value.LoadFromAssemblyName(name);
        }

        if (string.Equals(name.Name, "OpsModule.Models", StringComparison.Ordinal))
        {
            string models = Path.Combine(ModuleFolder, "OpsModule.Models.dll");
            return File.Exists(models) ? defaultContext.LoadFromAssemblyPath(models) : null;
        }

        return null;
    }
}
