using System;
using System.Collections.Generic;
using System.Diagnostics;
using Xunit;

namespace OpsModule.Engine.Tests.Support;

/// <summary>
/// A real <c>sqlite3</c> process holding a connection to a database, as an application would: the test sends it
/// SQL and reads the answer, and the connection (with its transactions and locks) stays open in between.
/// </summary>
internal sealed class SqliteShell : IDisposable
{
    private const string Done = "__shell_done__";
    private readonly Process _process;
    private bool _disposed;

    internal SqliteShell(string database)
    {
        var start = new ProcessStartInfo(Tools.Require("sqlite3"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-batch");
        start.ArgumentList.Add("-bail");
        start.ArgumentList.Add(database);
        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (Errors)
                {
                    Errors.Add(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
    }

    internal int Pid => _process.Id;

    internal List<string> Errors { get; } = [];

    /// <summary>Runs SQL (or dot-commands) in the shell's connection and returns the lines it printed.</summary>
    internal List<string> Run(string sql)
    {
        _process.StandardInput.WriteLine(sql);
        _process.StandardInput.WriteLine(".print " + Done);
        _process.StandardInput.Flush();
        var lines = new List<string>();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            string? line = _process.StandardOutput.ReadLine();
            if (line is null)
            {
                Assert.Fail($"sqlite3 ended while running '{sql}': {string.Join(" ", Errors)}");
            }

            if (line == Done)
            {
                return lines;
            }

            lines.Add(line);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "sqlite3 did not answer");
        }
    }

    /// <summary>The single value a query prints.</summary>
    internal string Scalar(string sql) => Assert.Single(Run(sql));

    /// <summary>Kills the process without letting it close its connection (as a crash or kill -9 would).</summary>
    internal void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
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
            try
            {
                _process.StandardInput.Close();
            }
            catch (System.IO.IOException)
            {
            }

            if (!_process.WaitForExit(5000))
            {
                _process.Kill();
            }
        }

        _process.WaitForExit();
        _process.Dispose();
    }
}
