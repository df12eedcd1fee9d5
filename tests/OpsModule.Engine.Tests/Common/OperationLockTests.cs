using System;
using System.IO;
using OpsModule.Engine.Common;
using Xunit;

namespace OpsModule.Engine.Tests.Common;

/// <summary>The per-operation lock files, on the real file system.</summary>
public sealed class OperationLockTests
{
    [Fact]
    public void A_lock_keeps_out_a_second_run_and_leaves_no_file_behind_once_released()
    {
        // Before, every database ever backed up or restored left an empty lock file (helper-52 counted 2,223).
        string key = "test|" + Guid.NewGuid().ToString("N");
        string path = OperationLock.PathFor(key);

        using (OperationLock held = OperationLock.Acquire(key, "a test", "target"))
        {
            Assert.True(File.Exists(path));
            var busy = Assert.Throws<OpsException>(() => OperationLock.Acquire(key, "a test", "target"));
            Assert.Equal(ErrorIds.OperationInProgress, busy.ErrorId);
        }

        Assert.Equal(OperatingSystem.IsLinux(), !File.Exists(path));
        Assert.False(File.Exists(path + ".owner"));

        using (OperationLock again = OperationLock.Acquire(key, "a test", "target"))
        {
            Assert.True(File.Exists(path));
        }
    }
}
