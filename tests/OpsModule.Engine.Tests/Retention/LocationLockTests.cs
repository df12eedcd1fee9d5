using System;
using System.Collections.Concurrent;
using System.IO;
using System.Threading;
using OpsModule.Engine.Catalog;
using Xunit;

namespace OpsModule.Engine.Tests.Retention;

/// <summary>
/// The per-location lock (backups shared, retention exclusive) on the real file system, with threads racing for it: flock
/// locks belong to each open file, so two opens in one process keep each other out as two processes do.
/// </summary>
public sealed class LocationLockTests
{
    [Fact]
    public void Backups_share_a_location_and_retention_waits_for_them_with_OperationInProgress()
    {
        string location = NewLocation();
        using (LocationLock.ForBackup(location))
        using (LocationLock.ForBackup(location))
        {
            var error = Assert.Throws<OpsException>(() => LocationLock.ForRetention(location));
            Assert.Equal(ErrorIds.OperationInProgress, error.ErrorId);
        }

        using (LocationLock.ForRetention(location))
        {
            Assert.Equal(ErrorIds.OperationInProgress, Assert.Throws<OpsException>(() => LocationLock.ForBackup(location)).ErrorId);
            Assert.Equal(ErrorIds.OperationInProgress, Assert.Throws<OpsException>(() => LocationLock.ForRetention(location)).ErrorId);
        }

        using (LocationLock.ForRetention(location))
        {
            // Released on dispose: the next run takes it.
        }
    }

    [Fact]
    public void A_retention_run_leaves_no_lock_file_for_its_location_and_a_backup_leaves_it_for_the_next_retention_run()
    {
        // Before, every location ever backed up to or cleaned kept an empty lock file (8,067 in one lock folder); a backup
        // does not remove it (that would take the lock exclusively, which a stopped backup must never hold: helper-96).
        string location = NewLocation();
        string path = LocationLock.PathFor(location);

        using (LocationLock.ForBackup(location))
        {
            Assert.True(File.Exists(path));
        }

        Assert.True(File.Exists(path));

        using (LocationLock.ForRetention(location))
        {
            Assert.True(File.Exists(path));
        }

        Assert.Equal(OperatingSystem.IsLinux(), !File.Exists(path));
    }

    [Fact]
    public void Backups_share_the_lock_file_and_the_next_retention_run_removes_it()
    {
        string location = NewLocation();
        string path = LocationLock.PathFor(location);
        LocationLock first = LocationLock.ForBackup(location);
        using (LocationLock.ForBackup(location))
        {
            first.Dispose();

            Assert.True(File.Exists(path));
            Assert.Equal(ErrorIds.OperationInProgress, Assert.Throws<OpsException>(() => LocationLock.ForRetention(location)).ErrorId);
            using (LocationLock.ForBackup(location))
            {
                // A third backup joins the one still running, on the same file.
            }

            Assert.True(File.Exists(path));
        }

        Assert.True(File.Exists(path));
        using (LocationLock.ForRetention(location))
        {
        }

        Assert.Equal(OperatingSystem.IsLinux(), !File.Exists(path));
    }

    [Fact]
    public void A_lock_file_left_by_an_older_version_is_taken_over_and_removed_by_retention()
    {
        string location = NewLocation();
        string path = LocationLock.PathFor(location);
        File.WriteAllBytes(path, []);

        using (LocationLock.ForBackup(location))
        {
            Assert.Equal(ErrorIds.OperationInProgress, Assert.Throws<OpsException>(() => LocationLock.ForRetention(location)).ErrorId);
        }

        Assert.True(File.Exists(path));
        File.Delete(path);
        File.WriteAllBytes(path, []);
        using (LocationLock.ForRetention(location))
        {
            Assert.Equal(ErrorIds.OperationInProgress, Assert.Throws<OpsException>(() => LocationLock.ForBackup(location)).ErrorId);
        }

        Assert.Equal(OperatingSystem.IsLinux(), !File.Exists(path));
    }

    [Fact]
    public void Backups_to_one_location_never_refuse_each_other()
    {
        // A backup never holds the lock exclusively, not even to remove its file as it lets go: backups racing each other
        // are never refused.
        string location = NewLocation();
        var refusals = new ConcurrentQueue<string>();

        RunTogether(3, 300, _ =>
        {
            try
            {
                using (LocationLock.ForBackup(location))
                {
                    Thread.SpinWait(50);
                }
            }
            catch (OpsException ex)
            {
                refusals.Enqueue(ex.Message);
            }
        });

        Assert.Empty(refusals);
        Assert.True(File.Exists(LocationLock.PathFor(location)));
    }

    [Fact]
    public void Retention_taken_as_the_last_backup_removes_the_file_keeps_new_backups_out()
    {
        string location = NewLocation();
        string path = LocationLock.PathFor(location);
        int backups = 0;
        int retentions = 0;
        int retentionRuns = 0;
        var failures = new ConcurrentQueue<string>();

        RunTogether(3, 300, thread =>
        {
            try
            {
                if (thread == 0)
                {
                    using (LocationLock.ForRetention(location))
                    {
                        Interlocked.Increment(ref retentions);
                        Interlocked.Increment(ref retentionRuns);
                        if (Volatile.Read(ref backups) != 0)
                        {
                            failures.Enqueue("retention held the lock while a backup did");
                        }

                        if (!File.Exists(path))
                        {
                            failures.Enqueue("retention held a lock file that was no longer at its name");
                        }

                        try
                        {
                            using (LocationLock.ForBackup(location))
                            {
                                failures.Enqueue("a backup started while retention held the lock");
                            }
                        }
                        catch (OpsException ex) when (ex.ErrorId == ErrorIds.OperationInProgress)
                        {
                        }

                        Interlocked.Decrement(ref retentions);
                    }
                }
                else
                {
                    using (LocationLock.ForBackup(location))
                    {
                        Interlocked.Increment(ref backups);
                        if (Volatile.Read(ref retentions) != 0)
                        {
                            failures.Enqueue("a backup held the lock while retention did");
                        }

                        Thread.SpinWait(50);
                        Interlocked.Decrement(ref backups);
                    }
                }
            }
            catch (OpsException ex) when (ex.ErrorId == ErrorIds.OperationInProgress)
            {
                // Refused while the other kind held it: what the lock is for.
            }
        });

        Assert.Empty(failures);
        Assert.True(retentionRuns > 0, "retention never got the lock between the backups");
        using (LocationLock.ForRetention(location))
        {
        }

        Assert.Equal(OperatingSystem.IsLinux(), !File.Exists(path));
    }

    [SkippableFact]
    public void A_lock_file_replaced_between_open_and_lock_is_found_and_the_file_now_at_the_name_taken()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "lock files are removed (and so can be replaced) on Linux only");
        string location = NewLocation();
        string path = LocationLock.PathFor(location);
        using (LocationLock.ForBackup(location))
        {
            // Makes the folder and the file.
        }

        FileStream? holder = null;
        bool replaced = false;
        bool holdReplacement = true;
        LocationLock.LockedForTests = () =>
        {
            if (!replaced)
            {
                // As if the file's last holder removed it right after this run opened it, and another run then created
                // the file at the name (and took it exclusively, the first time).
                replaced = true;
                File.Delete(path);
                holder = holdReplacement
                    ? new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None)
                    : new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite);
                if (!holdReplacement)
                {
                    holder.Dispose();
                }
            }
        };
        try
        {
            // The file at the name is another run's: this run, holding only the file it opened first, must not go on.
            Assert.Equal(ErrorIds.OperationInProgress, Assert.Throws<OpsException>(() => LocationLock.ForBackup(location)).ErrorId);
            holder!.Dispose();

            // The file at the name is free: the run takes it, so a backup is kept out and nobody else can lock it.
            replaced = false;
            holdReplacement = false;
            using (LocationLock.ForRetention(location))
            {
                Assert.True(replaced);
                LocationLock.LockedForTests = null;
                Assert.Equal(ErrorIds.OperationInProgress, Assert.Throws<OpsException>(() => LocationLock.ForBackup(location)).ErrorId);
                Assert.Throws<IOException>(() => new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None).Dispose());
            }

            Assert.False(File.Exists(path));
        }
        finally
        {
            LocationLock.LockedForTests = null;
            holder?.Dispose();
        }
    }

    [Fact]
    public void A_held_file_in_the_lock_folder_holds_up_only_its_own_location()
    {
        // helper-93: a stopped process holding the lock folder's one shared guard file (location-locks.guard, this session's
        // first design) made every backup and retention run of the user wait 10 s and fail. Locations now share nothing.
        string folder = OpsModule.Engine.Common.OperationLock.Folder();
        OpsModule.Engine.Common.OperationLock.EnsurePrivateFolder(folder, "test");
        string other = NewLocation();
        using var guard = new FileStream(Path.Combine(folder, "location-locks.guard"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        using var otherRetention = LocationLock.ForRetention(other);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string location = NewLocation();
        using (LocationLock.ForBackup(location))
        {
        }

        using (LocationLock.ForRetention(location))
        {
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    private static string NewLocation() => "/backups/" + Guid.NewGuid().ToString("N");

    /// <summary>Runs <paramref name="body"/> <paramref name="rounds"/> times on each of <paramref name="threads"/> threads, started together.</summary>
    private static void RunTogether(int threads, int rounds, Action<int> body)
    {
        using var start = new Barrier(threads);
        var errors = new ConcurrentQueue<Exception>();
        var workers = new Thread[threads];
        for (int i = 0; i < threads; i++)
        {
            int index = i;
            workers[i] = new Thread(() =>
            {
                start.SignalAndWait();
                try
                {
                    for (int round = 0; round < rounds; round++)
                    {
                        body(index);
                    }
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    errors.Enqueue(ex);
                }
            });
            workers[i].Start();
        }

        foreach (Thread worker in workers)
        {
            worker.Join();
        }

        Assert.Empty(errors);
    }
}
