using System;
using System.IO;

namespace OpsModule.Engine.Tests.Support;

/// <summary>Finds command-line tools the tests drive as real, separate processes.</summary>
internal static class Tools
{
    internal static string? Find(string name)
    {
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
