using System;
using System.IO;
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
            Directory.CreateDirectory(Location);
            string probe = TempFiles.NameFor(Path.Combine(Location, ".opsmodule-probe"));
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OpsException(
                ErrorIds.DestinationNotWritable,
                OpsErrorCategory.PermissionDenied,
                Location,
                $"Cannot write to the backup destination '{Location}': {ex.Message} Check that the folder exists or can be created and that this account may write to it.",
                ex);
        }
    }

    public string PathOf(string fileName) => Path.Combine(Location, fileName);

    public IArtifactWriter CreateArtifact(string fileName) => new LocalArtifactWriter(PathOf(fileName));

    public void WriteAtomically(string fileName, ReadOnlySpan<byte> content)
    {
        string final = PathOf(fileName);
        string temp = TempFiles.NameFor(final);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            DurableMove.Move(temp, final, overwrite: false);
        }
        finally
        {
            TempFiles.TryDelete(temp);
        }
    }

    public void TryDelete(string fileName) => TempFiles.TryDelete(PathOf(fileName));

    private sealed class LocalArtifactWriter : IArtifactWriter
    {
        private readonly string _final;
        private readonly string _temp;
        private readonly FileStream _stream;
        private bool _committed;

        internal LocalArtifactWriter(string final)
        {
            _final = final;
            _temp = TempFiles.NameFor(final);
            _stream = new FileStream(_temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        }

        public Stream Stream => _stream;

        public void Commit()
        {
            _stream.Flush(flushToDisk: true);
            _stream.Dispose();
            DurableMove.Move(_temp, _final, overwrite: false);
            _committed = true;
        }

        public void Dispose()
        {
            _stream.Dispose();
            if (!_committed)
            {
                TempFiles.TryDelete(_temp);
            }
        }
    }
}
