using System;
using System.IO;

namespace OpsModule.Engine.Storage;

/// <summary>Where backups are written: a folder today, S3 tomorrow, one implementation per backend.</summary>
internal interface IBackupStore
{
    /// <summary>The location as the user named it (folder or URI).</summary>
    string Location { get; }

    /// <summary>Fails early, with DestinationNotWritable, when nothing can be written here.</summary>
    void EnsureWritable();

    /// <summary>A local folder for scratch files the backup needs before upload (removed by the caller).</summary>
    string StagingFolder { get; }

    /// <summary>The full path or URI an artifact of this name has once committed.</summary>
    string PathOf(string fileName);

    /// <summary>Starts an artifact under an in-flight name; it becomes visible only on Commit.</summary>
    IArtifactWriter CreateArtifact(string fileName);

    /// <summary>Writes a small file (the manifest) atomically: readers see all of it or nothing.</summary>
    void WriteAtomically(string fileName, ReadOnlySpan<byte> content);

    /// <summary>Removes a committed file, ignoring failures (undoing an artifact whose manifest failed).</summary>
    void TryDelete(string fileName);
}

/// <summary>An artifact being written. Disposing without Commit removes every trace of it.</summary>
internal interface IArtifactWriter : IDisposable
{
    /// <summary>The stream to write the artifact's bytes to.</summary>
    Stream Stream { get; }

    /// <summary>After Commit: how the bytes were stored, for the verbose story (e.g. "as a multipart upload of 3 parts"), or null.</summary>
    string? CommitNote { get; }

    /// <summary>
    /// Makes the bytes durable and gives the artifact its final name: the name asked for, or, when another
    /// backup took it meanwhile, the same name with the next free sequence number. Returns the name used.
    /// </summary>
    string Commit();
}
