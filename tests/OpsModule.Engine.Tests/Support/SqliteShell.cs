using System;
using System.Collections.Generic;
using System.Diagnostics;
using OpsModule.Engine.Common;
using Xunit;

namespace OpsModule.Engine.Tests.Support;

/// <summary>
/// A real <c>sqlite3</c> process holding a connection to a database, as an application would: the test sends it
/// SQL and reads the answer, and the connection (with its transactions and locks) stays open in between.
/// </summary>
public sealed class SqliteShell : IDisposable
{
    private const string Done = "__shell_done__";
    private readonly ChildProcess _process;
    private bool _disposed;

    /// <summary>Starts <c>sqlite3 -batch -bail <paramref name="database"/></c> (or with <paramref name="arguments"/> instead of -batch -bail).</summary>
    public SqliteShell(string database, params string[] arguments)
    {
        string[] options = arguments.Length == 0 ? ["-batch", "-bail"] : arguments;
        _process = ChildProcess.Start(Tools.Require("sqlite3"), [.. options, database], null, redirectInput: true);
    }

    public int Pid => _process.Id;

    /// <summary>What sqlite3 wrote to standard error so far (its last few KB).</summary>
    public string Errors => _process.ErrorTail;

    /// <summary>Runs SQL (or dot-commands) in the shell's connection and returns the lines it printed.</summary>
    public List<string> Run(string sql)
    {
        Send(sql);
        Send(".print " + Done);
        var lines = new List<string>();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            string? line = _process.OutputReader.ReadLine();
            if (line is null)
            {
                Assert.Fail($"sqlite3 ended while running '{sql}': {Errors}");
            }

            if (line == Done)
            {
                return lines;
            }

            lines.Add(line);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "sqlite3 did not answer");
        }
    }

    /// <summary>Sends SQL without waiting for an answer.</summary>
    public void Send(string sql)
    {
        _process.InputWriter.WriteLine(sql);
        _process.InputWriter.Flush();
    }

    /// <summary>The single value a query prints.</summary>
    public string Scalar(string sql) => Assert.Single(Run(sql));

    /// <summary>Kills the process without letting it close its connection (as a crash or kill -9 would).</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit(TimeSpan.FromSeconds(10));
    }

    /// <summary>Closes its standard input (sqlite3 then quits) and returns the exit code, or -1 when it still ran after <paramref name="timeout"/> and was killed.</summary>
    public int Quit(TimeSpan timeout)
    {
        try
        {
            _process.InputWriter.Close();
        }
        catch (System.IO.IOException)
        {
            // It ended already.
        }

        if (_process.WaitForExit(timeout))
        {
            return _process.ExitCode;
        }

        Kill();
        return -1;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            Quit(TimeSpan.FromSeconds(5));
        }

        _process.Dispose();
    }
}
