namespace OpsModule.Engine.Restore;

/// <summary>Which backup to restore, and where.</summary>
internal sealed class RestoreRequest
{
    internal RestoreRequest(StoredBackup backup, string target)
    {
        Backup = backup;
        Target = target;
    }

    internal StoredBackup Backup { get; }

    /// <summary>The database to create or replace (a SQLite file path).</summary>
    internal string Target { get; }
}
