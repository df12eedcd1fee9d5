using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Net;
using OpsModule.Engine.Maintenance;
using OpsModule.Infrastructure;

namespace OpsModule.Cmdlets;

/// <summary>Turns -Path / -LiteralPath / -ConnectionString (+ -Credential) into the databases a maintenance cmdlet works on.</summary>
internal static class DatabaseTargets
{
    internal const string PathSet = "Path";
    internal const string LiteralPathSet = "LiteralPath";
    internal const string ConnectionStringSet = "ConnectionString";

    internal static IEnumerable<DatabaseTarget> Resolve(PSCmdlet cmdlet, string parameterSet, string[] path, string[] literalPath, string[] connectionString, PSCredential? credential)
    {
        if (parameterSet == ConnectionStringSet)
        {
            NetworkCredential? network = credential?.GetNetworkCredential();
            foreach (string text in connectionString)
            {
                DatabaseTarget? target = null;
                try
                {
                    target = DatabaseTarget.Pg(text, network?.UserName, network?.Password);
                }
                catch (OpsException ex)
                {
                    cmdlet.WriteError(OpsCmdlet.ToErrorRecord(ex));
                }

                if (target is not null)
                {
                    yield return target;
                }
            }

            yield break;
        }

        bool literal = parameterSet == LiteralPathSet;
        foreach (string file in PathResolver.ResolveFiles(cmdlet, literal ? literalPath : path, literal))
        {
            yield return DatabaseTarget.Sqlite(file);
        }
    }
}

/// <summary>Tab completion for -Task: the presets and every task of both engines.</summary>
public sealed class MaintenanceTaskCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
        return MaintenanceTasks.All
            .Where(name => name.StartsWith(prefix, System.StringComparison.OrdinalIgnoreCase))
            .Select(name => new CompletionResult(name, name, CompletionResultType.ParameterValue, Describe(name)))
            .ToArray();
    }

    private static string Describe(string name) => name switch
    {
        "Daily" => "Preset: SQLite QuickCheck, Vacuum, Analyze, Optimize, Checkpoint; PostgreSQL VacuumAnalyze, Analyze, VacuumAge, Wraparound",
        "Weekly" => "Preset: every SQLite task but QuickCheck; every PostgreSQL task",
        _ when MaintenanceTasks.Sqlite.Contains(name) && MaintenanceTasks.Postgres.Contains(name) => name + " (SQLite and PostgreSQL)",
        _ when MaintenanceTasks.Sqlite.Contains(name) => name + " (SQLite)",
        _ => name + " (PostgreSQL)",
    };
}
