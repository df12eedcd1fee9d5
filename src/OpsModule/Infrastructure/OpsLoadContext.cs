using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace OpsModule.Infrastructure;

/// <summary>
/// The module's private AssemblyLoadContext: OpsModule.Engine and every third-party assembly it needs
/// (Microsoft.Data.Sqlite, SQLitePCLRaw, ZstdSharp, ...) load here from the module's <c>Dependencies</c>
/// folder, so another module's copy of the same library at another version cannot clash with ours.
/// OpsModule.Models stays in the default context (Load returns null for it) so PowerShell sees its types.
/// Native libraries are resolved per runtime identifier from <c>Dependencies/runtimes/&lt;rid&gt;/native</c>,
/// which pwsh would never probe on its own (it ignores a module's .deps.json).
/// </summary>
internal sealed class OpsLoadContext : AssemblyLoadContext
{
    private readonly string _dependencies;

    internal OpsLoadContext(string dependencies)
        : base("OpsModule", isCollectible: false) => _dependencies = dependencies;

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (string.Equals(assemblyName.Name, "OpsModule.Models", StringComparison.Ordinal))
        {
            return null;
        }

        string candidate = Path.Combine(_dependencies, assemblyName.Name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        string? path = NativeLibraryPath(_dependencies, unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    /// <summary>The file of a native library for this process's OS and architecture, if the module ships it.</summary>
    internal static string? NativeLibraryPath(string dependencies, string name)
    {
        string folder = Path.Combine(dependencies, "runtimes", RuntimeIdentifier(), "native");
        string bare = Path.GetFileNameWithoutExtension(name);
        if (bare.StartsWith("lib", StringComparison.Ordinal))
        {
            bare = bare[3..];
        }

        string file = OperatingSystem.IsWindows() ? bare + ".dll"
            : OperatingSystem.IsMacOS() ? "lib" + bare + ".dylib"
            : "lib" + bare + ".so";
        string path = Path.Combine(folder, file);
        return File.Exists(path) ? path : null;
    }

    /// <summary>The runtime identifier whose native assets this process can load, e.g. linux-x64 or win-arm64.</summary>
    internal static string RuntimeIdentifier()
    {
        string os = OperatingSystem.IsWindows() ? "win"
            : OperatingSystem.IsMacOS() ? "osx"
            : IsMusl() ? "linux-musl"
            : "linux";
        string arch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "x86",
            Architecture.Arm => "arm",
            var other => other.ToString().ToLowerInvariant(),
        };
        return os + "-" + arch;
    }

    private static bool IsMusl() =>
        OperatingSystem.IsLinux() && Directory.Exists("/lib") && Directory.GetFiles("/lib", "ld-musl-*").Length > 0;
}
