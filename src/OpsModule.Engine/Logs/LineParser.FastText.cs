using System;

#pragma warning disable CA1822 // Stubs until the fast steps are written; they use the parser's state.

namespace OpsModule.Engine.Logs;

/// <summary>The fast path's text formats: .NET console, RFC 3164 syslog, Python's basic format and timestamped text (see LineParser.Fast.cs).</summary>
internal sealed partial class LineParser
{
    /// <summary>Mirrors <see cref="TryDotNetConsole"/>.</summary>
    private static FastOutcome FastDotNetConsole(ReadOnlySpan<byte> line, ref LogLine parsed) => FastOutcome.Unsure;

    /// <summary>Mirrors <see cref="TrySyslog3164"/> at the start of the line.</summary>
    private FastOutcome FastSyslog3164(ReadOnlySpan<byte> line, ref LogLine parsed) => FastOutcome.Unsure;

    /// <summary>Mirrors <see cref="TryPythonBasic"/>.</summary>
    private FastOutcome FastPythonBasic(ReadOnlySpan<byte> line, ref LogLine parsed) => FastOutcome.Unsure;

    /// <summary>
    /// Mirrors the rest of <see cref="TryParse(ReadOnlySpan{byte}, ReadOnlySpan{char}, bool, LogLevel, out LogLine)"/> after
    /// the format steps: <see cref="LooksLikeContinuation"/>, then <see cref="TryText"/> (and <see cref="LastDependedOnContinuation"/>).
    /// Returns false when the character parser must decide.
    /// </summary>
    private bool FastText(ReadOnlySpan<byte> line, bool continuationLikely, ref LogLine parsed, out bool starts)
    {
        starts = false;
        return false;
    }
}
