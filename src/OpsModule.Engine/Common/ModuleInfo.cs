using System.Reflection;

namespace OpsModule.Engine.Common;

/// <summary>Facts about this build of OpsModule that go into manifests.</summary>
internal static class ModuleInfo
{
    /// <summary>The module version (major.minor.patch), as in OpsModule.psd1.</summary>
    internal static readonly string Version =
        typeof(ModuleInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
