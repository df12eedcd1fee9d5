using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using OpsModule.Engine.Catalog;
using OpsModule.Engine.Common;
using OpsModule.Engine.Storage;
using OpsModule.Infrastructure;

namespace OpsModule.Cmdlets;

/// <summary>Get-DatabaseBackup: the backups of a location (folder or s3://), newest first, from their manifests.</summary>
[Cmdlet(VerbsCommon.Get, "DatabaseBackup")]
[OutputType(typeof(BackupInfo))]
public sealed class GetDatabaseBackupCommand : StoreCmdlet
{
    #region Parameters

    /// <summary>The backup location: a folder or s3://bucket/prefix.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Location { get; set; } = string.Empty;

    /// <summary>Only backups of these databases (wildcards allowed).</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Database { get; set; }

    /// <summary>Only the newest complete backup of each database.</summary>
    [Parameter]
    public SwitchParameter Latest { get; set; }

    /// <summary>Only backups taken at or after this time (a date and time, a span ago such as '24h' or '7d', 'today' or 'yesterday').</summary>
    [Parameter]
    [PointInTimeArgument]
    public DateTime? Since { get; set; }

    /// <summary>Also report artifacts without a manifest and in-flight files (Complete = False).</summary>
    [Parameter]
    public SwitchParameter IncludeIncomplete { get; set; }

    #endregion

    #region Method overrides

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        string location = IsS3(Location) ? Location : PathResolver.ResolveBackupPath(this, Location);
        // A PostgreSQL database's name matches case-sensitively, as PostgreSQL names it ("UPPER" and "upper" are two
        // databases: -Database upper -Latest | Restore-Database had restored UPPER's backup), a SQLite one's in any case; a
        // name matches itself also when it holds wildcard characters (sales[eu]).
        List<(string Name, WildcardPattern Exact, WildcardPattern AnyCase)>? patterns = Database?
            .Select(d => (d, new WildcardPattern(d, WildcardOptions.CultureInvariant), new WildcardPattern(d, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant)))
            .ToList();
        static bool Matches((string Name, WildcardPattern Exact, WildcardPattern AnyCase) p, string name, string engine) =>
            CatalogQuery.SameName(name, engine, p.Name) || (engine.StartsWith("postgres", StringComparison.OrdinalIgnoreCase) ? p.Exact : p.AnyCase).IsMatch(name);

        var query = new CatalogQuery
        {
            Database = patterns is null ? null : (name, engine) => patterns.Any(p => Matches(p, name, engine)),
            Since = Since,
            Latest = Latest,
            IncludeIncomplete = IncludeIncomplete,
        };
        ForItem(location, () =>
        {
            RequireFolder(location);
            IBackupSource source = BackupStores.ForReading(location, BuildS3Options(), Cancellation);
            try
            {
                List<BackupInfo> found = RunEngine(token => Task.Run(() => BackupCatalog.List(source, query, Observer), token));
                foreach (BackupInfo backup in found)
                {
                    WriteObject(backup);
                }

                var unmatched = patterns?.Where(p => !found.Any(b => Matches(p, b.Database, b.Engine))).ToList();
                if (unmatched is { Count: > 0 })
                {
                    // PostgreSQL's names are case-sensitive, and users often type them as PostgreSQL shows unquoted ones: each
                    // name that found nothing, but would in another case, is named (also one of several).
                    List<BackupInfo> all = RunEngine(token => Task.Run(() => BackupCatalog.List(source, new CatalogQuery { Since = Since }, NullObserver.Instance), token));
                    foreach ((string name, WildcardPattern _, WildcardPattern anyCase) in unmatched)
                    {
                        string[] otherCase = all.Where(b => anyCase.IsMatch(b.Database)).Select(b => b.Database).Distinct(StringComparer.Ordinal).ToArray();
                        if (otherCase.Length > 0)
                        {
                            WriteWarning($"No backup of '{name}' in '{location}', but of {string.Join(", ", otherCase.Select(d => "'" + d + "'"))}: PostgreSQL database names match case-sensitively.");
                        }
                    }
                }
            }
            finally
            {
                BackupStores.Release(source);
            }
        });
    }

    #endregion
}
