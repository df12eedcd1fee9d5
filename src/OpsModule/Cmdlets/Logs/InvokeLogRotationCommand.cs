using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using OpsModule.Engine.Logs;
using OpsModule.Infrastructure;

namespace OpsModule.Cmdlets;

/// <summary>Invoke-LogRotation: rotates log files by size or age, compresses the rotations and prunes old ones, crash-safely.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "LogRotation", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(LogRotationAction))]
public sealed class InvokeLogRotationCommand : OpsCmdlet
{
    private const string WhatNeedsConfirmation = "Rotating and pruning logs with Invoke-LogRotation";
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    #region Parameters

    /// <summary>The live log files; wildcards allowed (rotations such as app.log.1.gz are skipped). Strings piped in bind here.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    /// <summary>The live log files, taken literally (Get-ChildItem output binds here by PSPath).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>Rotate a file at least this large (bytes; 100MB works).</summary>
    [Parameter]
    [WholeNumberArgument(Unit = "bytes")]
    [ValidateRange(1, long.MaxValue)]
    public long MaxSize { get; set; }

    /// <summary>Rotate a file whose last rotation is at least this long ago ('1d', '7d').</summary>
    [Parameter]
    [DurationArgument]
    public TimeSpan? Interval { get; set; }

    /// <summary>Remove rotations older than this ('30d').</summary>
    [Parameter]
    [DurationArgument(RequireUnit = true)]
    public TimeSpan? MaxAge { get; set; }

    /// <summary>Keep at most this many rotations.</summary>
    [Parameter]
    [ValidateRange(0, 100000)]
    public int Keep { get; set; } = -1;

    /// <summary>Copy the file and truncate it in place instead of renaming it (for writers that never reopen).</summary>
    [Parameter]
    public SwitchParameter CopyTruncate { get; set; }

    /// <summary>How long to wait for writers to close a renamed file before compressing it (default 10 s).</summary>
    [Parameter]
    [DurationArgument]
    public TimeSpan WriterTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs after each log is rotated and before the wait for writers ($_ is the log's path): tell the writer to reopen its
    /// log here (nginx -s reopen, kill -HUP), as logrotate's postrotate does.
    /// </summary>
    [Parameter]
    public ScriptBlock? PostRotate { get; set; }

    #endregion

    #region Method overrides

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (MaxSize == 0 && Interval is null && MaxAge is null && Keep < 0)
        {
            ThrowOpsError(new OpsException(ErrorIds.InvalidArgument, OpsErrorCategory.InvalidArgument, null, "Say when to rotate or prune: -MaxSize, -Interval, -MaxAge or -Keep."));
        }

        RefuseUnanswerableConfirmation(WhatNeedsConfirmation);
        var options = new LogRotationOptions
        {
            MaxSize = MaxSize > 0 ? MaxSize : null,
            Interval = Interval,
            MaxAge = MaxAge,
            Keep = Keep >= 0 ? Keep : null,
            CopyTruncate = CopyTruncate,
            WriterTimeout = WriterTimeout,
            AfterRotate = PostRotate is ScriptBlock script
                ? (file, token) => OnPipelineThread(() => RunPostRotate(script, file)).WaitAsync(token).GetAwaiter().GetResult()
                : null,
        };
        var engine = new LogRotationEngine(options, Observer);
        bool literal = ParameterSetName == LiteralPathSet;

        // A folder typed as -Path without wildcards is a mistake to report (as with -LiteralPath), not a match to skip.
        var typed = new HashSet<string>(
            literal ? [] : Path.Where(p => !WildcardPattern.ContainsWildcardCharacters(p)).Select(p => SessionState.Path.GetUnresolvedProviderPathFromPSPath(p)),
            StringComparer.Ordinal);
        IEnumerable<string> files = literal ? PathResolver.ResolveFiles(this, LiteralPath, literal: true) : Path.SelectMany(ResolveWithInterrupted);
        foreach (string file in files)
        {
            // A folder typed as -Path is reported below, even when its name looks like a rotation (/tmp/x-20261128).
            bool folder = System.IO.Directory.Exists(file);
            bool typedFolder = folder && (typed.Contains(file.TrimEnd('/', '\\')) || typed.Contains(file));

            // Rotations found by wildcards or piped in (Get-ChildItem /var/log/app | Invoke-LogRotation) are no live logs:
            // rotating app.log.1.gz would make app.log.1.gz.1.gz and an empty app.log.1.gz.
            if ((!literal || MyInvocation.ExpectingInput) && !typedFolder && LogRotationEngine.IsRotation(file))
            {
                WriteVerbose($"Skipping '{file}': it is a rotation, an archive or a backup, not a live log.");
                continue;
            }

            // A link found by a wildcard or piped in (current.log -> app.log beside app.log) is not rotated, as a named one is
            // not; refusing it with an error made every cron run over the folder fail, with nothing else wrong (helper-112).
            if ((!literal || MyInvocation.ExpectingInput) && !folder && !typed.Contains(file) && new System.IO.FileInfo(file).LinkTarget is string target)
            {
                WriteWarning($"Skipping '{file}': it is a symbolic link (to '{target}'), and a link is not rotated (renaming it would not rotate the file its writer writes). Rotate the file it points to.");
                continue;
            }

            if ((!literal || MyInvocation.ExpectingInput) && folder && !typedFolder)
            {
                WriteVerbose($"Skipping '{file}': it is a folder (its logs are rotated when they are given, e.g. '{System.IO.Path.Combine(file, "*.log")}').");
                continue;
            }

            ForItem(file, () =>
            {
                IReadOnlyList<LogRotationAction> plan = engine.Run(file, dryRun: true, _ => { }, Cancellation);
                if (plan.Count == 0)
                {
                    WriteVerbose($"'{file}': nothing to do.");
                    return;
                }

                string description = string.Join("; ", plan.Select(a => $"{a.Action} {a.Source}{(a.Destination.Length > 0 ? " -> " + a.Destination : string.Empty)} ({a.Reason})"));
                if (!Ask(() => ShouldProcess(file, description), WhatNeedsConfirmation))
                {
                    foreach (LogRotationAction planned in plan)
                    {
                        WriteObject(planned);
                    }

                    return;
                }

                RunEngine(token =>
                {
                    engine.Run(file, dryRun: false, Emit, token);
                    return System.Threading.Tasks.Task.CompletedTask;
                });
            });
        }
    }

    #endregion

    /// <summary>
    /// Resolves one -Path. A wildcard that would match a log an interrupted rotation left as only its rotation .1
    /// (app.log.1 with no app.log: the run was stopped between the rename and the new log) gets a warning saying to name
    /// the log, which finishes the rotation: a wildcard such as * would also match the name of any unrelated x.1.
    /// </summary>
    private IEnumerable<string> ResolveWithInterrupted(string path)
    {
        if (WildcardPattern.ContainsWildcardCharacters(path))
        {
            try
            {
                // "<pattern>.1" matches "<name>.1" exactly when the pattern matches the name.
                foreach (string rotation in GetResolvedProviderPathFromPSPath(path + ".1", out ProviderInfo provider))
                {
                    string log = rotation[..^2];
                    if (provider.ImplementingType == typeof(Microsoft.PowerShell.Commands.FileSystemProvider) && System.IO.File.Exists(rotation)
                        && !System.IO.File.Exists(log) && !System.IO.Directory.Exists(log) && !LogRotationEngine.IsRotation(log))
                    {
                        WriteWarning($"'{rotation}' has no '{log}' beside it. If a rotation was stopped before it put the new log in place, run Invoke-LogRotation -LiteralPath '{log}' to finish it (create the log, run -PostRotate, compress the rotation).");
                    }
                }
            }
            catch (Exception ex) when (ex is ItemNotFoundException or DriveNotFoundException or ProviderNotFoundException)
            {
                // Nothing left over; the path is resolved (and a mistake reported) below.
            }
        }

        return PathResolver.ResolveFiles(this, [path], literal: false);
    }

    /// <summary>
    /// Runs the -PostRotate scriptblock (on the pipeline thread) with $_ and $args[0] set to the log's path; returns why it
    /// failed (an exception, or a native command's non-zero exit code), or null. Its output goes to the verbose stream.
    /// </summary>
    private string? RunPostRotate(ScriptBlock script, string file)
    {
        PSVariableIntrinsics variables = SessionState.PSVariable;
        variables.Set("global:LASTEXITCODE", 0);
        System.Collections.ObjectModel.Collection<PSObject> output;
        try
        {
            // An error the block writes (Write-Error, a failing cmdlet) stops it and counts as its failure, like a throw.
            output = script.InvokeWithContext(null, [new PSVariable("_", file), new PSVariable("ErrorActionPreference", ActionPreference.Stop)], file);
        }
        catch (RuntimeException ex)
        {
            return ex.Message;
        }

        foreach (PSObject item in output)
        {
            WriteVerbose($"-PostRotate: {item}");
        }

        return variables.GetValue("global:LASTEXITCODE") is int code && code != 0 ? $"a command in it exited with code {code}." : null;
    }
}
