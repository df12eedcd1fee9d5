using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using OpsModule.Engine.Health;
using OpsModule.Engine.Storage;
using OpsModule.Infrastructure;

namespace OpsModule.Cmdlets;

/// <summary>Get-ServiceHealth: any mix of health checks, concurrently, each with a hard timeout, retries and warning/critical thresholds.</summary>
[Cmdlet(VerbsCommon.Get, "ServiceHealth", DefaultParameterSetName = ChecksSet)]
[OutputType(typeof(HealthCheckResult))]
public sealed class GetServiceHealthCommand : OpsCmdlet
{
    private const string ChecksSet = "Checks";
    private const string DefinitionSet = "Definition";

    /// <summary>Parameters that name what a check looks at (one check per value), not a setting shared by all checks.</summary>
    private static readonly HashSet<string> NotSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        nameof(Uri), nameof(TcpAddress), nameof(DnsName), nameof(Path), nameof(ConnectionString), nameof(Bucket), nameof(Disk),
        nameof(Memory), nameof(Load), nameof(ProcessName), nameof(File), nameof(Location), nameof(Credential),
        nameof(Definition), nameof(Tag), nameof(ThrottleLimit), nameof(Summary), nameof(ErrorOnFailure), nameof(TimeoutSec),
        nameof(RetryCount), nameof(RetryInterval),
    };

    private readonly List<HealthCheckSpec> _specs = [];
    private readonly HashSet<string> _givenOnCommandLine = new(StringComparer.OrdinalIgnoreCase);
    private int _rejected;
    private int _records;

    #region Parameters

    /// <summary>HTTP(S) endpoints to check (one Http check each).</summary>
    [Parameter(Position = 0, ParameterSetName = ChecksSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [UriArgument]
    public Uri[] Uri { get; set; } = [];

    /// <summary>host:port addresses that must accept a TCP connection.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateNotNullOrEmpty]
    public string[] TcpAddress { get; set; } = [];

    /// <summary>Host names that must resolve.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateNotNullOrEmpty]
    public string[] DnsName { get; set; } = [];

    /// <summary>SQLite database files to check (with -Query: the database the query runs on).</summary>
    [Parameter(ParameterSetName = ChecksSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>PostgreSQL databases to check (with -Query: the database the query runs on).</summary>
    [Parameter(ParameterSetName = ChecksSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] ConnectionString { get; set; } = [];

    /// <summary>The PostgreSQL user and password (instead of putting them in -ConnectionString).</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>S3 buckets (name or s3://bucket) that must answer HeadBucket.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateNotNullOrEmpty]
    public string[] Bucket { get; set; } = [];

    /// <summary>Paths whose file system's use is checked.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateNotNullOrEmpty]
    public string[] Disk { get; set; } = [];

    /// <summary>Checks the machine's memory use.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    public SwitchParameter Memory { get; set; }

    /// <summary>Checks the machine's load average per core.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    public SwitchParameter Load { get; set; }

    /// <summary>Process names that must be running.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateNotNullOrEmpty]
    public string[] ProcessName { get; set; } = [];

    /// <summary>Files (wildcards in the file name) whose newest match must be younger than -AgeWarning / -AgeCritical.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateNotNullOrEmpty]
    public string[] File { get; set; } = [];

    /// <summary>Backup folders whose newest backup must be younger than -AgeWarning / -AgeCritical.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateNotNullOrEmpty]
    public string[] Location { get; set; } = [];

    /// <summary>With -Location: only backups of this database.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateNotNullOrEmpty]
    public string? Database { get; set; }

    /// <summary>A SQL query (read-only) on -Path or -ConnectionString returning a number or a timestamp.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateNotNullOrEmpty]
    public string? Query { get; set; }

    /// <summary>A definition file (.psd1 or .json) of named checks with their thresholds and tags.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DefinitionSet)]
    [ValidateNotNullOrEmpty]
    public string Definition { get; set; } = string.Empty;

    /// <summary>With -Definition: only the checks that carry at least one of these tags.</summary>
    [Parameter(ParameterSetName = DefinitionSet)]
    [ValidateNotNullOrEmpty]
    public string[] Tag { get; set; } = [];

    /// <summary>HTTP method (default GET).</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateSet("GET", "HEAD", "POST", "OPTIONS")]
    public string? Method { get; set; }

    /// <summary>Request headers, e.g. @{ Authorization = 'Bearer ...' }; their values never appear in results.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    public Hashtable? Header { get; set; }

    /// <summary>Status codes that count as healthy (default any 2xx).</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateRange(100, 599)]
    public int[]? ExpectedStatusCode { get; set; }

    /// <summary>Text the response body must contain.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    public string[]? BodyContains { get; set; }

    /// <summary>A regular expression the response body must match.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    public string? BodyMatches { get; set; }

    /// <summary>Assertions on the JSON body: path = allowed value(s), e.g. @{ status = 'healthy'; 'services.*' = 'connected', 'ok' }.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    public Hashtable? JsonAssertion { get; set; }

    /// <summary>Response headers that must be present with a value matching the wildcard pattern.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    public Hashtable? ExpectHeader { get; set; }

    /// <summary>Accepts any TLS certificate (self-signed); its days left are still measured.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <summary>Degraded when the TLS certificate expires in fewer days (default 30).</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    public int? CertificateWarningDays { get; set; }

    /// <summary>Unhealthy when the TLS certificate expires in fewer days (default 7).</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    public int? CertificateCriticalDays { get; set; }

    /// <summary>Degraded above this response time.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [DurationArgument]
    public TimeSpan? ResponseTimeWarning { get; set; }

    /// <summary>Unhealthy above this response time.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [DurationArgument]
    public TimeSpan? ResponseTimeCritical { get; set; }

    /// <summary>Disk or memory: Degraded above this percent used.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateRange(0, 100)]
    public double? UsedPercentWarning { get; set; }

    /// <summary>Disk or memory: Unhealthy above this percent used.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateRange(0, 100)]
    public double? UsedPercentCritical { get; set; }

    /// <summary>Disk: Degraded below this many free bytes.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateRange(0, long.MaxValue)]
    public long? FreeBytesWarning { get; set; }

    /// <summary>Disk: Unhealthy below this many free bytes.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateRange(0, long.MaxValue)]
    public long? FreeBytesCritical { get; set; }

    /// <summary>Load: Degraded above this 1-minute load average per core (default 1).</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    public double? LoadWarning { get; set; }

    /// <summary>Load: Unhealthy above this 1-minute load average per core (default 2).</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    public double? LoadCritical { get; set; }

    /// <summary>File, backup or query timestamp: Degraded when older.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [DurationArgument]
    public TimeSpan? AgeWarning { get; set; }

    /// <summary>File, backup or query timestamp: Unhealthy when older.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [DurationArgument]
    public TimeSpan? AgeCritical { get; set; }

    /// <summary>Backup: Degraded when the newest backup's last verification is older (or missing).</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [DurationArgument]
    public TimeSpan? VerifiedAgeWarning { get; set; }

    /// <summary>Backup: Unhealthy when the newest backup's last verification is older (or missing).</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [DurationArgument]
    public TimeSpan? VerifiedAgeCritical { get; set; }

    /// <summary>SQLite: Degraded above this database size in bytes.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateRange(0, long.MaxValue)]
    public long? SizeWarning { get; set; }

    /// <summary>SQLite: Unhealthy above this database size in bytes.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateRange(0, long.MaxValue)]
    public long? SizeCritical { get; set; }

    /// <summary>PostgreSQL: Degraded above this percent of max_connections in use (default 80).</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateRange(0, 100)]
    public double? ConnectionsPercentWarning { get; set; }

    /// <summary>PostgreSQL: Unhealthy above this percent of max_connections in use (default 90).</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateRange(0, 100)]
    public double? ConnectionsPercentCritical { get; set; }

    /// <summary>PostgreSQL: Degraded when a transaction has been open longer.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [DurationArgument]
    public TimeSpan? TransactionAgeWarning { get; set; }

    /// <summary>PostgreSQL: Unhealthy when a transaction has been open longer.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [DurationArgument]
    public TimeSpan? TransactionAgeCritical { get; set; }

    /// <summary>PostgreSQL replica: Degraded above this replication lag.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [DurationArgument]
    public TimeSpan? ReplicationLagWarning { get; set; }

    /// <summary>PostgreSQL replica: Unhealthy above this replication lag.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [DurationArgument]
    public TimeSpan? ReplicationLagCritical { get; set; }

    /// <summary>Query: Degraded beyond this value (above it; below it with -LowerIsWorse).</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    public double? ValueWarning { get; set; }

    /// <summary>Query: Unhealthy beyond this value (above it; below it with -LowerIsWorse).</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    public double? ValueCritical { get; set; }

    /// <summary>Query: low values are bad (e.g. "active strategies must stay above 0").</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    public SwitchParameter LowerIsWorse { get; set; }

    /// <summary>DNS: the server to ask (address or address:port) instead of the system resolver.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateNotNullOrEmpty]
    public string? DnsServer { get; set; }

    /// <summary>DNS: addresses the name must resolve to.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateNotNullOrEmpty]
    public string[]? ExpectedAddress { get; set; }

    /// <summary>DNS: the record type, A (default) or AAAA.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateSet("A", "AAAA")]
    public string? RecordType { get; set; }

    /// <summary>Process: how many processes with the name must run (default 1).</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateRange(1, int.MaxValue)]
    public int? MinimumCount { get; set; }

    /// <summary>S3: the endpoint of an S3-compatible store (path-style addressing).</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateNotNullOrEmpty]
    public string? EndpointUrl { get; set; }

    /// <summary>S3: the region.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateNotNullOrEmpty]
    public string? Region { get; set; }

    /// <summary>S3: an AWS credentials profile.</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateNotNullOrEmpty]
    public string? ProfileName { get; set; }

    /// <summary>S3: the access key (with -SecretKey).</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateNotNullOrEmpty]
    public string? AccessKey { get; set; }

    /// <summary>S3: the secret key (with -AccessKey).</summary>
    [Parameter(ParameterSetName = ChecksSet)]
    [ValidateNotNullOrEmpty]
    public string? SecretKey { get; set; }

    /// <summary>Seconds each attempt of a check may take before it counts as Unhealthy (default 10).</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = 10;

    /// <summary>How many times an Unhealthy check is tried again (reported as Attempts).</summary>
    [Parameter]
    [ValidateRange(0, 100)]
    public int RetryCount { get; set; }

    /// <summary>The pause between attempts (default 1 s).</summary>
    [Parameter]
    [DurationArgument]
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many checks run at once (default 32).</summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int ThrottleLimit { get; set; } = 32;

    /// <summary>Adds one overall result (Name Summary) with the worst status of all checks.</summary>
    [Parameter]
    public SwitchParameter Summary { get; set; }

    /// <summary>Also writes an error (HealthCheckFailed) for each Unhealthy or Unknown check.</summary>
    [Parameter]
    public SwitchParameter ErrorOnFailure { get; set; }

    #endregion

    #region Method overrides

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        if (RetryInterval < TimeSpan.Zero || RetryInterval > HealthCheckFactory.MaxRetryInterval)
        {
            ThrowOpsError(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, RetryInterval,
                $"-RetryInterval must be from 0 to {HealthCheckFactory.MaxRetryInterval.TotalHours:0} h, not {RetryInterval}; give e.g. 5s or 10m."));
        }

        // Before any input is bound, BoundParameters holds exactly what the command line gave.
        _givenOnCommandLine.UnionWith(MyInvocation.BoundParameters.Keys);
        if (ParameterSetName == DefinitionSet)
        {
            _specs.AddRange(ReadDefinition());
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName == DefinitionSet)
        {
            return;
        }

        bool firstRecord = ++_records == 1;
        Dictionary<string, object?> shared = SharedSettings();
        foreach (Uri uri in ForThisRecord(Uri, nameof(Uri)))
        {
            Add("Http", uri.OriginalString, shared, ("Uri", uri.OriginalString));
        }

        foreach (string address in ForThisRecord(TcpAddress, nameof(TcpAddress)))
        {
            Add("Tcp", address, shared, ("Address", address));
        }

        foreach (string name in ForThisRecord(DnsName, nameof(DnsName)))
        {
            Add("Dns", name, shared, ("HostName", name));
        }

        foreach (string path in ForThisRecord(Path, nameof(Path)))
        {
            Add(Query is null ? "Sqlite" : "Query", path, shared, ("Path", Resolve(path)));
        }

        foreach (string connectionString in ForThisRecord(ConnectionString, nameof(ConnectionString)))
        {
            Add(Query is null ? "Postgres" : "Query", connectionString, shared, ("ConnectionString", connectionString));
        }

        foreach (string bucket in ForThisRecord(Bucket, nameof(Bucket)))
        {
            Add("S3", bucket, shared, ("Bucket", bucket));
        }

        foreach (string disk in ForThisRecord(Disk, nameof(Disk)))
        {
            Add("Disk", disk, shared, ("Path", Resolve(disk)));
        }

        if (Memory && firstRecord)
        {
            Add("Memory", null, shared);
        }

        if (Load && firstRecord)
        {
            Add("Load", null, shared);
        }

        foreach (string name in ForThisRecord(ProcessName, nameof(ProcessName)))
        {
            Add("Process", name, shared, ("ProcessName", name));
        }

        foreach (string file in ForThisRecord(File, nameof(File)))
        {
            Add("File", file, shared, ("Path", Resolve(file)));
        }

        foreach (string location in ForThisRecord(Location, nameof(Location)))
        {
            // A URI (s3://, or another scheme the check refuses by name) is not a path to resolve: PowerShell would look for a drive.
            // A PowerShell drive written name://path is a folder, as in the backup cmdlets (helper-109).
            bool uri = location.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) || PathResolver.ForeignSchemeOf(this, location) is not null;
            Add("Backup", location, shared, ("Location", uri ? location : Resolve(location)));
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_specs.Count == 0)
        {
            if (ParameterSetName == ChecksSet && _rejected > 0)
            {
                // Every check given was refused, each with its own error: "no check given" would contradict them.
                return;
            }

            if (ParameterSetName == ChecksSet)
            {
                ThrowOpsError(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, null,
                    "No check to run: give at least one of -Uri, -TcpAddress, -DnsName, -Path, -ConnectionString, -Bucket, -Disk, -Memory, -Load, -ProcessName, -File, -Location, or -Definition."));
            }

            WriteWarning(Tag.Length > 0 ? $"No check in '{Definition}' carries any of the tags {string.Join(", ", Tag)}." : $"'{Definition}' defines no checks.");
            if (Summary)
            {
                WriteObject(HealthRunner.Summarize([]));
            }

            return;
        }

        var results = new List<HealthCheckResult>();
        RunEngine(token => HealthRunner.RunAsync(_specs, ThrottleLimit, result =>
        {
            lock (results)
            {
                results.Add(result);
            }

            Emit(result);
            if (ErrorOnFailure && result.Status is HealthStatus.Unhealthy or HealthStatus.Unknown)
            {
                EmitError(new OpsException(ErrorIds.HealthCheckFailed, OpsErrorCategory.ResourceUnavailable, result.Name,
                    $"Health check '{result.Name}' ({(result.Target.Length == 0 ? result.Kind : $"{result.Kind} '{result.Target}'")}) is {result.Status}: {result.Message}"));
            }
        }, Observer, token));

        if (Summary)
        {
            WriteObject(HealthRunner.Summarize(results));
        }
    }

    #endregion

    private IEnumerable<HealthCheckSpec> ReadDefinition()
    {
        string file = Resolve(Definition);
        if (System.IO.Directory.Exists(file))
        {
            ThrowOpsError(new OpsException(ErrorIds.InvalidHealthDefinition, OpsErrorCategory.InvalidArgument, Definition, $"The health check definition '{Definition}' is a folder: give the .psd1 or .json file in it."));
        }

        if (!System.IO.File.Exists(file))
        {
            ThrowOpsError(new OpsException(ErrorIds.InvalidHealthDefinition, OpsErrorCategory.ObjectNotFound, Definition, $"The health check definition '{Definition}' does not exist."));
        }

        var defaults = new HealthDefaults { Timeout = TimeSpan.FromSeconds(TimeoutSec), RetryCount = RetryCount, RetryInterval = RetryInterval };
        IReadOnlyList<HealthCheckSpec> specs;
        try
        {
            specs = System.IO.Path.GetExtension(file).Equals(".psd1", StringComparison.OrdinalIgnoreCase)
                ? HealthDefinition.Parse(ImportDataFile(file), defaults, file)
                : HealthDefinition.ReadJson(file, defaults);
        }
        catch (OpsException ex)
        {
            ThrowOpsError(ex);
            throw;
        }

        IReadOnlyList<HealthCheckSpec> selected = HealthDefinition.WithTags(specs, Tag);
        WriteVerbose($"'{file}' defines {specs.Count} check(s); {selected.Count} selected.");
        return selected;
    }

    private object? ImportDataFile(string file)
    {
        try
        {
            Collection<PSObject> imported = InvokeCommand.InvokeScript(
                "param($file) Import-PowerShellDataFile -LiteralPath $file -SkipLimitCheck", true, System.Management.Automation.Runspaces.PipelineResultTypes.None, null, file);
            return imported.Count == 1 ? Unwrap(imported[0]) : null;
        }
        catch (RuntimeException ex)
        {
            ThrowOpsError(new OpsException(ErrorIds.InvalidHealthDefinition, OpsErrorCategory.InvalidData, Definition,
                $"The health check definition '{Definition}' is not a valid PowerShell data file: {ex.Message}", ex));
            throw;
        }
    }

    /// <summary>The settings every check of this call shares, from the bound parameters (named as in a definition file).</summary>
    private Dictionary<string, object?> SharedSettings()
    {
        var settings = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, object> bound in MyInvocation.BoundParameters)
        {
            if (NotSettings.Contains(bound.Key) || PowerShellCommonParameters.Contains(bound.Key))
            {
                continue;
            }

            settings[bound.Key] = Unwrap(bound.Value);
        }

        if (Credential is not null)
        {
            settings["Username"] = Credential.UserName;
            settings["Password"] = Credential.GetNetworkCredential().Password;
        }

        return settings;
    }

    /// <summary>Adds one check; <paramref name="typed"/> is its target as the user typed it (null for -Memory and -Load), which names it in errors.</summary>
    private void Add(string kind, string? typed, Dictionary<string, object?> shared, params (string Key, object? Value)[] target)
    {
        // A connection string is shown as PgConnectionInfo shows it: a URI's password may hold spaces and raw '@'.
        string? shown = typed is null ? null
            : target.Any(pair => pair.Key == "ConnectionString") ? Engine.Databases.Postgres.PgConnectionInfo.Shown(typed)
            : Engine.Common.Redaction.Redact(typed);
        var settings = new Dictionary<string, object?>(shared, StringComparer.OrdinalIgnoreCase) { ["Kind"] = kind };
        foreach ((string key, object? value) in target)
        {
            settings[key] = value;
        }

        if (kind == "Query")
        {
            settings["Query"] = Query;
        }

        var defaults = new HealthDefaults { Timeout = TimeSpan.FromSeconds(TimeoutSec), RetryCount = RetryCount, RetryInterval = RetryInterval };
        HealthCheckSpec spec = HealthCheckFactory.Create(new HealthOptions(settings), defaults, strict: false, shown ?? kind);
        if (spec.Problem is not null)
        {
            // A check given as parameters that cannot run is the caller's mistake: say so now, as an error for that check,
            // named by what the user typed (-Uri https://x -> "Http check 'https://x'"; -Memory -> "Memory check").
            string named = shown is null ? $"{kind} check" : $"{kind} check '{shown}'";
            WriteError(ToErrorRecord(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, shown ?? kind, $"{named}: {spec.Problem}")));
            _rejected++;
            return;
        }

        _specs.Add(spec);
    }

    private string Resolve(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    /// <summary>
    /// The targets of a parameter for this input record: a value given on the command line makes its checks once (with the
    /// first record), a value bound from the pipeline makes them for each record that carries it.
    /// </summary>
    private T[] ForThisRecord<T>(T[] values, string parameter) => _records == 1 || !_givenOnCommandLine.Contains(parameter) ? values : [];

    private static readonly HashSet<string> PowerShellCommonParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
        "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm",
    };

    /// <summary>PowerShell values as plain .NET values for the engine (switches as bools, PSObjects unwrapped, hashtables recursively).</summary>
    private static object? Unwrap(object? value) => value switch
    {
        null => null,
        PSObject wrapped => Unwrap(wrapped.BaseObject),
        SwitchParameter switchParameter => switchParameter.IsPresent,
        IDictionary map => map.Keys.Cast<object>().ToDictionary(k => Convert.ToString(k, System.Globalization.CultureInfo.InvariantCulture)!, k => Unwrap(map[k]), StringComparer.OrdinalIgnoreCase),
        string text => text,
        Uri uri => uri.OriginalString,
        IEnumerable items => items.Cast<object?>().Select(Unwrap).ToList(),
        _ => value,
    };
}
