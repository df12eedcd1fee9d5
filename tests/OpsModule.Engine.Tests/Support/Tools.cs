using System;
using System.IO;
using Xunit;

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

    /// <summary>The tool's path; skips the test when it is missing, and fails it when CI=true.</summary>
    internal static string Require(string name)
    {
        string? path = Find(name);
        Skip.If(path is null && Environment.GetEnvironmentVariable("CI") != "true", $"the {name} command is not installed");
        Assert.True(path is not null, $"CI=true and the {name} command is not installed");
        return path!;
    }
}
