using OpsModule.Engine.Backup;

namespace OpsModule.Engine.Restore;

/// <summary>
/// How a staged backup (<see cref="StagedBackup"/>) reached its scratch copy: the stored artifact's SHA-256, which is the
/// manifest's and was checked as the artifact was read, and whether it was decrypted on the way (then the scratch copy
/// holds other bytes, with a SHA-256 of their own), and where it is stored (what messages name, not the scratch copy).
/// </summary>
internal sealed record StagedArtifact(string StoredSha256, bool Decrypted, string StoredPath)
{
    /// <summary>
    /// The Checksum check's detail of a restore: the hash the manifest holds and what it was compared with. For a staged
    /// backup, <paramref name="restored"/> is the scratch copy's manifest, whose hash is of the copy (the decrypted bytes).
    /// <paramref name="how"/> says when the restore hashed what it read ("as it streamed into pg_restore"), null: as it was restored.
    /// </summary>
    internal static string ChecksumDetail(StagedArtifact? staged, BackupManifest restored, string? how) =>
        staged is null
            ? $"The artifact's SHA-256 matches the manifest ({restored.Sha256}){(how is null ? string.Empty : ", hashed " + how)}."
            : $"The stored artifact's SHA-256 matches the manifest ({staged.StoredSha256}), hashed as it was read {(staged.Decrypted ? "and decrypted " : string.Empty)}into a scratch copy; "
              + $"that copy{(staged.Decrypted ? " (the decrypted bytes, SHA-256 " + restored.Sha256 + ")" : string.Empty)} was hashed again {how ?? "as it was restored"} and had not changed.";
}
