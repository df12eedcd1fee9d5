using System;
using System.IO;
using System.Threading;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Storage.Local;

/// <summary>Backups in a folder of the local file system (or a mounted share).</summary>
internal sealed class LocalBackupStore : IBackupStore
{
    internal LocalBackupStore(string folder) => Location = Path.GetFullPath(folder);

    public string Location { get; }

    public string StagingFolder => Location;

    public void EnsureWritable()
    {
        try
        {
            if (File.Exists(Location))
            {
                throw new OpsException(
                    ErrorIds.DestinationNotWritable,
                    OpsErrorCategory.InvalidArgument,
                    Location,
                    $"The backup destination '{Location}' is a file; -Destination takes the folder the backups go to (for example '{Path.GetDirectoryName(Path.GetFullPath(Location))}').");
            }

            Directory.CreateDirectory(Location);
            // Created like every in-flight file (CreateOwned retries when a parallel run's clean-up of dead runs'
            // files holds the new name for a moment), then removed.
            FileStream probe = TempFiles.CreateOwned(Path.Combine(Location, ".opsmodule-probe"), out string probePath, bufferSize: 0);
            TempFiles.Discard(probe, probePath);

            TempFiles.RemoveAbandoned(Location, BackupNaming.IsBackupInFlight);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OpsException(
                ErrorIds.DestinationNotWritable,
                OpsErrorCategory.PermissionDenied,
                Location,
                $"Cannot write to the backup destination '{Location}': {Messages.Sentence(ex.Message)} Check that the folder exists or can be created and that this account may write to it.",
                ex);
        }
    }

    public string PathOf(string fileName) => Path.Combine(Location, fileName);

    public IArtifactWriter CreateArtifact(string fileName) => new LocalArtifactWriter(Location, fileName);

    public void WriteAtomically(string fileName, ReadOnlySpan<byte> content)
    {
        string final = PathOf(fileName);

        // What an earlier write of this file left when its run died (a verification record's, by the rule Backup-Database's
        // clean-up follows: only files whose owner no longer holds their lock); a live run's stays.
        string prefix = Path.GetFileName(final) + TempFiles.Marker;
        TempFiles.RemoveAbandoned(Path.GetDirectoryName(final)!, name => name.StartsWith(prefix, StringComparison.Ordinal));
        FileStream stream = TempFiles.CreateOwned(final, out string temp, bufferSize: 0);
        try
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
            TestHook.Pause("write-before-rename", CancellationToken.None);
            DurableMove.MoveOwned(stream, temp, final);
        }
        finally
        {
            TempFiles.Discard(stream, temp);
        }
    }

    public void TryDelete(string fileName) => TempFiles.TryDelete(PathOf(fileName));

    private sealed class LocalArtifactWriter : IArtifactWriter
    {
        private readonly string _folder;
        private readonly string _fileName;
        private readonly string _temp;
        private readonly FileStream _stream;
        private bool _committed;

        internal LocalArtifactWriter(string folder, string fileName)
        {
            _folder = folder;
            _fileName = fileName;
            _stream = TempFiles.CreateOwned(Path.Combine(folder, fileName), out _temp);
        }

        public Stream Stream => _stream;

        public string? CommitNote => null;

        public string Commit()
        {
            _stream.Flush(flushToDisk: true);

            // Another backup may have taken this name in the same millisecond (same-named databases from
            // different folders): the next free sequence number wins, never an overwrite.
            for (int sequence = 1; ; sequence++)
            {
                string name = BackupNaming.WithSequence(_fileName, sequence);
                string final = Path.Combine(_folder, name);
                if (File.Exists(final) || File.Exists(final + BackupManifest.Suffix))
                {
                    continue;
                }

                try
                {
                    DurableMove.MoveOwned(_stream, _temp, final);
                }
                catch (IOException) when (File.Exists(final) && sequence < 1000)
                {
                    continue;
                }

                _committed = true;
                _stream.Dispose();
                return name;
            }
        }

        public void Dispose()
        {
            if (_committed)
            {
                _stream.Dispose();
                return;
            }

            TempFiles.Discard(_stream, _temp);
        }
    }
}
