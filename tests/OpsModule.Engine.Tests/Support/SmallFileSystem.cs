using System;
using System.IO;
using OpsModule.Engine.Common;
using Xunit;

namespace OpsModule.Engine.Tests.Support;

/// <summary>
/// A real, tiny file system (tmpfs) mounted on a test folder, to run out of disk space for real. Needs Linux
/// and root: elsewhere the test is skipped, and with CI=true (where the run is root) it fails instead.
/// </summary>
public sealed class SmallFileSystem : IDisposable
{
    private SmallFileSystem(string path) => Path = path;

    public string Path { get; }

    public static SmallFileSystem Mount(string path, int sizeKilobytes)
    {
        Directory.CreateDirectory(path);
        (int exitCode, string output) = Run("mount", "-t", "tmpfs", "-o", $"size={sizeKilobytes}k", "tmpfs", path);
        Skip.If(exitCode != 0 && Environment.GetEnvironmentVariable("CI") != "true", $"cannot mount a tmpfs here (needs Linux and root): {output}");
        Assert.True(exitCode == 0, $"CI=true and mounting a tmpfs failed: {output}");
        return new SmallFileSystem(path);
    }

    /// <summary>Makes the mount read-only (as a read-only bind mount or a snapshot volume would be).</summary>
    public void RemountReadOnly()
    {
        (int exitCode, string output) = Run("mount", "-o", "remount,ro", Path);
        Assert.True(exitCode == 0, $"remounting read-only failed: {output}");
    }

    public void Dispose() => Run("umount", "-l", Path);

    private static (int ExitCode, string Output) Run(string file, params string[] arguments)
    {
        try
        {
            (int exitCode, string output, string errors) = ChildProcess.RunAsync(file, arguments, null, default, TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
            return (exitCode, (output + errors).Trim());
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
