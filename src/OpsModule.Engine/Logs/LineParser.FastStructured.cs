using System;

#pragma warning disable CA1822 // Stubs until the fast steps are written; they use the parser's state.

namespace OpsModule.Engine.Logs;

/// <summary>The fast path's structured formats: JSON lines and logfmt (see LineParser.Fast.cs).</summary>
internal sealed partial class LineParser
{
    /// <summary>Mirrors <see cref="TryJson"/>.</summary>
    private FastOutcome FastJson(ReadOnlySpan<byte> line, ref LogLine parsed) => FastOutcome.Unsure;

    /// <summary>Mirrors <see cref="TryLogfmt"/>.</summary>
    private FastOutcome FastLogfmt(ReadOnlySpan<byte> line, ref LogLine parsed) => FastOutcome.Unsure;
}
