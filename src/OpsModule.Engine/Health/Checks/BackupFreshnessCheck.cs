using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpsModule.Engine.Backup;
using OpsModule.Engine.Catalog;
using OpsModule.Engine.Common;
using OpsModule.Engine.Storage;
using OpsModule.Engine.Storage.S3;

namespace OpsModule.Engine.Health.Checks;

/// <summary>
/// Backup freshness: the newest complete backup (its <c>*.manifest.json</c>) of a database at a folder or an
/// <c>s3://bucket/prefix</c> location is younger than the Age thresholds, its artifact is there with the size the
/// manifest says, and (with VerifiedAge thresholds) its <c>&lt;artifact&gt;.verified.json</c> says it passed a
/// verification within that age. S3 locations are read through the catalog (BackupStores), as Get-DatabaseBackup
/// reads them, with the S3 settings EndpointUrl, Region, ProfileName, AccessKey and SecretKey.
/// </summary>
internal sealed class BackupFreshnessCheck : IHealthCheck
{
    private readonly string _location;
    private readonly string? _database;
    private readonly Threshold _age;
    private readonly Threshold _verifiedAge;
    private readonly S3Options _s3;

    internal BackupFreshnessCheck(HealthOptions options)
    {
        _location = options.Target("Location", "Backup");
        if (BackupStores.ForeignScheme(_location) is string scheme)
        {
            throw new HealthDefinitionException(BackupStores.ForeignSchemeError(_location, scheme).Message);
        }

        _database = options.String("Database");
        _age = Threshold.Duration(options, "Age", "backup age", TimeSpan.FromHours(26), TimeSpan.FromHours(50));
        _verifiedAge = Threshold.Duration(options, "VerifiedAge", "time since verification");
        _s3 = new S3Options
        {
            EndpointUrl = options.String("EndpointUrl"),
            Region = options.String("Region"),
            ProfileName = options.String("ProfileName"),
            AccessKey = options.String("AccessKey"),
            SecretKey = options.String("SecretKey"),
        };
        // An s3://key:secret@bucket location shows without its secret (in Name, Target and the verbose story).
        string shown = Redaction.Redact(_location);
        Target = _database is null ? shown : $"{_database} at {shown}";
    }

    public string Kind => "Backup";

    public string Target { get; }

    public async Task<CheckOutcome> RunAsync(CancellationToken cancellationToken)
    {
        if (S3BackupLocation.IsS3(_location))
        {
            return await Task.Run(() => CheckStore(cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        if (!Directory.Exists(_location))
        {
            return CheckOutcome.Failed(File.Exists(_location)
                ? $"'{_location}' is a file, not a backup folder: give the folder (or s3:// location) Backup-Database writes to"
                : $"the backup folder '{_location}' does not exist");
        }

        var backups = new List<(BackupManifest Manifest, string ManifestPath)>();
        var otherCase = new SortedSet<string>(StringComparer.Ordinal);
        int unreadable = 0;
        foreach (string file in Directory.EnumerateFiles(_location, "*" + BackupManifest.Suffix))
        {
            try
            {
                BackupManifest manifest = BackupManifest.Parse(await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false));
                if (_database is null || CatalogQuery.SameName(manifest.Database, manifest.Engine, _database))
                {
                    backups.Add((manifest, file));
                }
                else if (string.Equals(manifest.Database, _database, StringComparison.OrdinalIgnoreCase))
                {
                    otherCase.Add(manifest.Database);
                }
            }
            catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
            {
                unreadable++;
            }
        }

        var outcome = new CheckOutcome();
        outcome.Data["Count"] = backups.Count;
        if (unreadable > 0)
        {
            outcome.Data["UnreadableManifests"] = unreadable;
        }

        if (backups.Count == 0)
        {
            outcome.Report(HealthStatus.Unhealthy, $"no backup{(_database is null ? string.Empty : $" of '{_database}'")} in '{_location}'"
                + OtherCase(otherCase)
                + (unreadable > 0 ? $" ({unreadable} manifest(s) there could not be read: damaged or not OpsModule manifests)" : string.Empty));
            return outcome;
        }

        ((BackupManifest newest, string manifestPath), int future) = NewestNotFuture(backups, b => DateTime.SpecifyKind(b.Manifest.Created, DateTimeKind.Utc));
        DateTime created = DateTime.SpecifyKind(newest.Created, DateTimeKind.Utc);
        TimeSpan age = DateTime.UtcNow - created;
        string artifact = Path.Combine(Path.GetDirectoryName(manifestPath)!, newest.Artifact);
        outcome.Data["Database"] = newest.Database;
        outcome.Data["Backup"] = artifact;
        outcome.Data["Created"] = created;
        outcome.Measure("Age", age, age.TotalSeconds, _age);
        ReportFuture(outcome, future);

        var artifactFile = new FileInfo(artifact);
        if (!artifactFile.Exists)
        {
            outcome.Report(HealthStatus.Unhealthy, $"the newest backup's artifact '{newest.Artifact}' is missing");
        }
        else if (artifactFile.Length != newest.Size)
        {
            outcome.Report(HealthStatus.Unhealthy, $"the newest backup's artifact '{newest.Artifact}' is {artifactFile.Length} bytes, the manifest says {newest.Size}");
        }

        // A recorded failed verification always counts; a missing record and the record's age only with -VerifiedAge*.
        await CheckVerificationAsync(artifact, outcome, cancellationToken).ConfigureAwait(false);

        outcome.Summary = $"newest backup '{newest.Artifact}' is {Threshold.FormatSeconds(Math.Max(0, age.TotalSeconds))} old ({backups.Count} backup(s))";
        return outcome;
    }

    /// <summary>
    /// Backups dated in the future (a clock set wrong on the backing-up host or here) prove nothing about how old the data
    /// is: Degraded, saying so (the age is judged on the newest backup that is not future-dated).
    /// </summary>
    /// <summary>A note on backups of the name in another case: PostgreSQL's names are case-sensitive (an upgrade from matching in any case).</summary>
    private static string OtherCase(SortedSet<string> names) =>
        names.Count == 0 ? string.Empty : $" (but of {string.Join(", ", names.Select(n => "'" + n + "'"))}: PostgreSQL database names match case-sensitively)";

    private static void ReportFuture(CheckOutcome outcome, int future)
    {
        if (future > 0)
        {
            outcome.Data["FutureDated"] = future;
            outcome.Report(HealthStatus.Degraded, $"{future} backup(s) dated more than {Threshold.FormatSeconds(FutureTolerance.TotalSeconds)} in the future (the age is judged on the newest one that is not): check the clocks of the host that backs up and of this one");
        }
    }

    /// <summary>
    /// The newest backup that is not dated in the future (a wrong clock), and how many are: a stray future-dated manifest
    /// must not hide that backups stopped. When every backup is future-dated, the newest of them.
    /// </summary>
    private static (T Newest, int Future) NewestNotFuture<T>(IReadOnlyCollection<T> backups, Func<T, DateTime> createdUtc)
    {
        DateTime latestSane = DateTime.UtcNow + FutureTolerance;
        T newest = backups.OrderByDescending(b => createdUtc(b) <= latestSane).ThenByDescending(createdUtc).First();
        return (newest, backups.Count(b => createdUtc(b) > latestSane));
    }

    /// <summary>How far in the future a backup's time may be (clocks a little apart) before it is reported.</summary>
    internal static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The check for a store location (S3): the catalog's newest backup, its stored size and its verification record.</summary>
    private CheckOutcome CheckStore(CancellationToken cancellationToken)
    {
        IBackupSource source;
        try
        {
            source = BackupStores.ForReading(_location, _s3, cancellationToken);
        }
        catch (OpsException ex)
        {
            return CheckOutcome.Failed(ex.Message, HealthStatus.Unknown);
        }

        try
        {
            List<BackupInfo> all = BackupCatalog.List(source, new CatalogQuery(), NullObserver.Instance);
            List<BackupInfo> backups = all.Where(b => _database is null || CatalogQuery.SameName(b.Database, b.Engine, _database)).ToList();
            var outcome = new CheckOutcome();
            outcome.Data["Count"] = backups.Count;
            if (backups.Count == 0)
            {
                var otherCase = new SortedSet<string>(all.Where(b => _database is not null && string.Equals(b.Database, _database, StringComparison.OrdinalIgnoreCase)).Select(b => b.Database), StringComparer.Ordinal);
                outcome.Report(HealthStatus.Unhealthy, $"no backup{(_database is null ? string.Empty : $" of '{_database}'")} in '{_location}'" + OtherCase(otherCase));
                return outcome;
            }

            (BackupInfo newest, int future) = NewestNotFuture(backups, b => b.Created);
            string artifact = newest.BackupPath[(newest.BackupPath.LastIndexOf('/') + 1)..];
            TimeSpan age = DateTime.UtcNow - newest.Created;
            outcome.Data["Database"] = newest.Database;
            outcome.Data["Backup"] = newest.BackupPath;
            outcome.Data["Created"] = newest.Created;
            outcome.Measure("Age", age, age.TotalSeconds, _age);
            ReportFuture(outcome, future);

            long stored = source.SizeOf(artifact);
            if (stored < 0)
            {
                outcome.Report(HealthStatus.Unhealthy, $"the newest backup's artifact '{artifact}' is missing");
            }
            else if (stored != newest.Size)
            {
                outcome.Report(HealthStatus.Unhealthy, $"the newest backup's artifact '{artifact}' is {stored} bytes, the manifest says {newest.Size}");
            }

            // A recorded failed verification always counts; a missing record and the record's age only with -VerifiedAge*.
            if (newest.LastVerified is DateTime verified)
            {
                outcome.Data["LastVerified"] = verified;
                outcome.Data["LastVerifiedResult"] = newest.LastVerifiedResult;
                if (newest.LastVerifiedResult == false)
                {
                    outcome.Report(HealthStatus.Unhealthy, "the newest backup failed its last verification");
                }

                if (_verifiedAge.IsSet)
                {
                    TimeSpan since = DateTime.UtcNow - verified;
                    outcome.Measure("VerifiedAge", since, since.TotalSeconds, _verifiedAge);
                }
            }
            else if (_verifiedAge.IsSet)
            {
                outcome.Report(HealthStatus.Unhealthy, "the newest backup was never verified");
            }

            outcome.Summary = $"newest backup '{artifact}' is {Threshold.FormatSeconds(Math.Max(0, age.TotalSeconds))} old ({backups.Count} backup(s))";
            return outcome;
        }
        catch (OpsException ex)
        {
            // No credentials, or credentials the store refuses: the check could not look, so the backups' state is Unknown.
            return ex.Category == OpsErrorCategory.PermissionDenied
                ? CheckOutcome.Failed("the check could not run: " + ex.Message, HealthStatus.Unknown)
                : CheckOutcome.Failed(ex.Message);
        }
        finally
        {
            BackupStores.Release(source);
        }
    }

    /// <summary>Reads <c>&lt;artifact&gt;.verified.json</c>: <c>verified</c> (UTC time; else the file's time) and <c>passed</c>.</summary>
    private async Task CheckVerificationAsync(string artifact, CheckOutcome outcome, CancellationToken cancellationToken)
    {
        string marker = artifact + ".verified.json";
        if (!File.Exists(marker))
        {
            if (_verifiedAge.IsSet)
            {
                outcome.Report(HealthStatus.Unhealthy, "the newest backup was never verified");
            }

            return;
        }

        DateTime verified = File.GetLastWriteTimeUtc(marker);
        bool? passed = null;
        try
        {
            using JsonDocument document = JsonDocument.Parse(await File.ReadAllBytesAsync(marker, cancellationToken).ConfigureAwait(false));
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                // Test-DatabaseBackup and Test-DisasterRecovery write "checked" (UTC time) and "verified" (the outcome);
                // "verified" as a time and "passed" are read too.
                bool isBoolean = property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False;
                if ((property.Name.Equals("verified", StringComparison.OrdinalIgnoreCase) || property.Name.Equals("checked", StringComparison.OrdinalIgnoreCase)) &&
                    property.Value.ValueKind == JsonValueKind.String && property.Value.TryGetDateTime(out DateTime when))
                {
                    verified = when.ToUniversalTime();
                }
                else if ((property.Name.Equals("passed", StringComparison.OrdinalIgnoreCase) || property.Name.Equals("verified", StringComparison.OrdinalIgnoreCase)) && isBoolean)
                {
                    passed = property.Value.GetBoolean();
                }
            }
        }
        catch (JsonException)
        {
            if (_verifiedAge.IsSet)
            {
                outcome.Report(HealthStatus.Unhealthy, $"the verification record '{Path.GetFileName(marker)}' is not JSON");
            }

            return;
        }

        outcome.Data["LastVerified"] = verified;
        outcome.Data["LastVerifiedResult"] = passed;
        if (passed == false)
        {
            outcome.Report(HealthStatus.Unhealthy, "the newest backup failed its last verification");
        }

        if (_verifiedAge.IsSet)
        {
            TimeSpan since = DateTime.UtcNow - verified;
            outcome.Measure("VerifiedAge", since, since.TotalSeconds, _verifiedAge);
        }
    }
}
