using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace OpsModule.Engine.Common;

/// <summary>
/// One running child process (pg_dump, pg_restore, pg_dumpall; in the test projects every tool they start) with
/// its standard streams redirected. Arguments go through <see cref="ProcessStartInfo.ArgumentList"/> (no shell,
/// no quoting) and never carry secrets: those reach the child through its environment or a 0600 file. The tail
/// of its standard error is kept for messages. Disposing a child that still runs kills its whole process tree.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private const int StderrKeep = 8192;
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Task _stderrPump;

    private ChildProcess(Process process)
    {
        _process = process;
        _stderrPump = PumpStderrAsync();
    }

    /// <summary>The program's name, for messages.</summary>
    internal string Name => Path.GetFileName(_process.StartInfo.FileName);

    internal Stream StandardInput => _process.StandardInput.BaseStream;

    internal Stream StandardOutput => _process.StandardOutput.BaseStream;

    /// <summary>Standard input as text (redirectInput only), for a child driven line by line.</summary>
    internal StreamWriter InputWriter => _process.StandardInput;

    /// <summary>Standard output as text, for a child read line by line.</summary>
    internal StreamReader OutputReader => _process.StandardOutput;

    internal int Id => _process.Id;

    internal bool HasExited => _process.HasExited;

    /// <summary>The last few KB the child wrote to standard error.</summary>
    internal string ErrorTail
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString().Trim();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="fileName"/>. <paramref name="environment"/> entries are set (a null value removes
    /// the variable from the inherited environment).
    /// </summary>
    internal static ChildProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, bool redirectInput = false)
    {
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (KeyValuePair<string, string?> entry in environment)
            {
                if (entry.Value is null)
                {
                    start.Environment.Remove(entry.Key);
                }
                else
                {
                    start.Environment[entry.Key] = entry.Value;
                }
            }
        }

        var process = new Process { StartInfo = start };
        process.Start();
        return new ChildProcess(process);
    }

    /// <summary>
    /// Runs a program to completion and returns its exit code and standard output (small outputs only). With a
    /// <paramref name="timeout"/>, a child still running then is killed with its whole process tree and a
    /// <see cref="TimeoutException"/> thrown.
    /// </summary>
    internal static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        using ChildProcess child = Start(fileName, arguments, environment);
        using var timer = new CancellationTokenSource();
        if (timeout is { } limit)
        {
            timer.CancelAfter(limit);
        }

        // Killing the tree closes its pipes, which ends the read below; the token alone would not stop a pipe read.
        using CancellationTokenRegistration kill = timer.Token.Register(child.Kill);
        string output = await new StreamReader(child.StandardOutput).ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        int exit = await child.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (timer.IsCancellationRequested)
        {
            throw new TimeoutException($"{child.Name} did not finish within {timeout!.Value.TotalSeconds:0.###} s; it was killed with its child processes.");
        }

        return (exit, output, child.ErrorTail);
    }

    /// <summary>The exit code, once the child exited (a signal shows as 128 + its number).</summary>
    internal int ExitCode => _process.ExitCode;

    /// <summary>Waits up to <paramref name="timeout"/> for the exit (and the rest of its standard error); false when the child still runs.</summary>
    internal bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        // The pipe ends with the exit unless a grandchild holds it; the tail read so far is then good enough.
        _ = _stderrPump.Wait(TimeSpan.FromSeconds(5));
        return true;
    }

    /// <summary>Waits for the exit and returns the exit code (a signal shows as 128 + its number).</summary>
    internal async Task<int> WaitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await _stderrPump.ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>Kills the child and everything it started.</summary>
    internal void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    public void Dispose()
    {
        Kill();
        try
        {
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        _process.Dispose();
    }

    private async Task PumpStderrAsync()
    {
        var buffer = new char[4096];
        StreamReader reader = _process.StandardError;
        int read;
        try
        {
            while ((read = await reader.ReadAsync(buffer.AsMemory()).ConfigureAwait(false)) > 0)
            {
                lock (_stderr)
                {
                    _stderr.Append(buffer, 0, read);
                    if (_stderr.Length > StderrKeep * 2)
                    {
                        _stderr.Remove(0, _stderr.Length - StderrKeep);
                    }
                }
            }
        }
        catch (IOException)
        {
            // The child died; what was read is kept.
        }
        catch (ObjectDisposedException)
        {
            // Disposed while reading.
        }
    }
}
