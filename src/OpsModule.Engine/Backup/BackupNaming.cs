using System;
using System.Globalization;

namespace OpsModule.Engine.Backup;

/// <summary>Artifact names: <c>&lt;database&gt;-&lt;yyyyMMddTHHmmssfffZ&gt;.&lt;ext&gt;</c>, sortable by time.</summary>
internal static class BackupNaming
{
    internal const string TimestampFormat = "yyyyMMdd'T'HHmmssfff'Z'";

    internal static string ArtifactName(string database, DateTime createdUtc, string extension) =>
        database + "-" + createdUtc.ToString(TimestampFormat, CultureInfo.InvariantCulture) + extension;
}
