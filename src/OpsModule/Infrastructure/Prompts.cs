using System;
using System.Management.Automation.Host;

namespace OpsModule.Infrastructure;

/// <summary>Whether a confirmation prompt can reach a person, decided before asking (an unseen prompt is a "no").</summary>
internal static class Prompts
{
    /// <summary>Null when someone can answer a prompt; otherwise why nobody can.</summary>
    internal static string? WhyNobodyCanAnswer(PSHost? host)
    {
        if (host?.UI is null)
        {
            return "the host has no user interface";
        }

        if (IsNonInteractiveShell())
        {
            return "PowerShell runs with -NonInteractive";
        }

        // The console host reads answers from standard input: redirected (cron, a pipe, </dev/null), the
        // "answer" would be whatever line comes next, and an empty one means the default, Yes.
        if (string.Equals(host.Name, "ConsoleHost", StringComparison.Ordinal) && Console.IsInputRedirected)
        {
            return "standard input is redirected";
        }

        return null;
    }

    private static bool IsNonInteractiveShell()
    {
        foreach (string argument in Environment.GetCommandLineArgs())
        {
            string name = argument.TrimStart('-', '/').ToLowerInvariant();
            if (argument.Length > name.Length && name.Length >= 4 && "noninteractive".StartsWith(name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
