using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using OpsModule.Cmdlets;

namespace OpsModule.Cmdlets.Tests;

/// <summary>A runspace with OpsModule's cmdlets, its current location set to a test folder (and a host, when given one).</summary>
internal sealed class CmdletHost : IDisposable
{
    private readonly Runspace _runspace;

    internal CmdletHost(string location, PSHost? host = null)
    {
        InitialSessionState state = InitialSessionState.CreateDefault2();
        foreach (Type type in typeof(BackupDatabaseCommand).Assembly.GetExportedTypes().Where(t => !t.IsAbstract && t.IsDefined(typeof(CmdletAttribute), inherit: false)))
        {
            var attribute = (CmdletAttribute)Attribute.GetCustomAttribute(type, typeof(CmdletAttribute))!;
            state.Commands.Add(new SessionStateCmdletEntry($"{attribute.VerbName}-{attribute.NounName}", type, null));
        }

        _runspace = host is null ? RunspaceFactory.CreateRunspace(state) : RunspaceFactory.CreateRunspace(host, state);
        _runspace.Open();
        _runspace.SessionStateProxy.Path.SetLocation(location);
    }

    /// <summary>Runs a script; returns its output and the errors it wrote.</summary>
    internal (List<object> Output, List<ErrorRecord> Errors) Run(string script, IDictionary<string, object>? variables = null)
    {
        using PowerShell shell = PowerShell.Create();
        shell.Runspace = _runspace;
        foreach (var (name, value) in variables ?? new Dictionary<string, object>())
        {
            _runspace.SessionStateProxy.SetVariable(name, value);
        }

        shell.AddScript(script);
        List<object> output = shell.Invoke().Select(o => o.BaseObject).ToList();
        return (output, shell.Streams.Error.ToList());
    }

    /// <summary>A shell on this host's runspace, for tests that start a command and stop it midway.</summary>
    internal PowerShell CreateShell()
    {
        PowerShell shell = PowerShell.Create();
        shell.Runspace = _runspace;
        return shell;
    }

    public void Dispose() => _runspace.Dispose();
}
