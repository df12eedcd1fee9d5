using System;
using System.Management.Automation;
using System.Management.Automation.Host;

namespace OpsModule.Infrastructure;

/// <summary>Whether a confirmation prompt can reach a person, decided before asking (an unseen prompt is a "no").</summary>
internal static class Prompts
{
    /// <summary>The name of the host PowerShell gives a runspace created without one; it has no user interface.</summary>
    private const string DefaultHostName = "Default Host";

    /// <summary>Null when someone can answer a prompt; otherwise why nobody can.</summary>
    internal static string? WhyNobodyCanAnswer(PSHost? host)
    {
        // A runspace made without a host ([powershell]::Create() in a script, a service that runs scripts) has
        // PowerShell's "Default Host": its UI object is there, but every prompt throws HostFunctionNotImplemented.
        if (host?.UI is null || string.Equals(host.Name, DefaultHostName, StringComparison.Ordinal))
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

    /// <summary>
    /// True when <paramref name="ex"/>, thrown by a prompt, means the host cannot show prompts at all (a host without a
    /// user interface, or one that does not implement them): nobody answered, the same as -NonInteractive.
    /// </summary>
    internal static bool CannotShow(Exception ex) => ex is HostException or PSNotImplementedException or NotImplementedException;

    /// <summary>Why nobody could answer, after <paramref name="ex"/> came from the prompt (see <see cref="CannotShow"/>).</summary>
    internal static string CannotShowWhy(Exception ex) => $"the host cannot show a prompt: {ex.Message.TrimEnd().TrimEnd('.')}";

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
