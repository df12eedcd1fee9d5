using System;

namespace OpsModule.Engine.Logs;

/// <summary>The crash a line opens: what a runtime prints, without a timestamp, when a process dies of an uncaught error.</summary>
internal enum CrashKind
{
    /// <summary>No crash.</summary>
    None,

    /// <summary>Java's <c>Exception in thread "main" java.lang.NullPointerException: ...</c> (its frames continue it).</summary>
    Java,

    /// <summary>Go's <c>panic: ...</c> or <c>fatal error: ...</c> at the start of the line (the goroutine dump continues it).</summary>
    Go,

    /// <summary>
    /// Node's uncaught-exception banner: a line that is only the script's path and line (<c>/srv/app/crash.js:3</c>,
    /// <c>node:internal/modules/cjs/loader:1228</c>), then the source line, a <c>^</c> marker, the error and its frames, and <c>Node.js v20.11.1</c>.
    /// </summary>
    Node,

    /// <summary>Python's <c>Traceback (most recent call last):</c> below an entry under Warning (SourceScan decides it, not the parser).</summary>
    Python,
}

/// <summary>Crash banners: lines that start an entry of their own wherever they are, at Error (Go's Fatal).</summary>
internal sealed partial class LineParser
{
    private const string JavaCrash = "Exception in thread \"";

    /// <summary>The crash banner the last line was (see <see cref="CrashBanner(ReadOnlySpan{char})"/>), else <see cref="CrashKind.None"/>.</summary>
    internal CrashKind LastCrash { get; private set; }

    /// <summary>
    /// Java's <c>Exception in thread "name" Type...</c>, Go's <c>panic: </c> and <c>fatal error: </c> followed by text, and
    /// the first line of Node's banner: a whole line that is an absolute path (<c>/</c>, <c>C:\</c>, <c>file:///</c>) to a
    /// script (<c>.js .mjs .cjs .ts .mts .cts .jsx .tsx</c>) or a <c>node:</c> module, a colon and a line number.
    /// </summary>
    internal static CrashKind CrashBanner(ReadOnlySpan<char> line)
    {
        if (line.Length < 8)
        {
            return CrashKind.None;
        }

        switch (line[0])
        {
            case 'E':
                if (line.StartsWith(JavaCrash, StringComparison.Ordinal))
                {
                    int quote = line[JavaCrash.Length..].IndexOf("\" ", StringComparison.Ordinal);
                    return quote >= 0 && JavaCrash.Length + quote + 2 < line.Length && line[JavaCrash.Length + quote + 2] != ' ' ? CrashKind.Java : CrashKind.None;
                }

                return CrashKind.None;
            case 'p':
                return line.StartsWith("panic: ", StringComparison.Ordinal) && line[7] != ' ' ? CrashKind.Go : CrashKind.None;
            case 'f' when line.StartsWith("fatal error: ", StringComparison.Ordinal):
                return line.Length > 13 && line[13] != ' ' ? CrashKind.Go : CrashKind.None;
        }

        // Node: the path, ':' and the line number end the line.
        int end = line.Length;
        while (end > 0 && char.IsAsciiDigit(line[end - 1]))
        {
            end--;
        }

        if (end == line.Length || line.Length - end > 7 || end < 2 || line[end - 1] != ':')
        {
            return CrashKind.None;
        }

        ReadOnlySpan<char> path = line[..(end - 1)];
        if (path.StartsWith("node:", StringComparison.Ordinal))
        {
            ReadOnlySpan<char> module = path[5..];
            foreach (char c in module)
            {
                if (!(char.IsAsciiLetterLower(c) || c is '/' or '_'))
                {
                    return CrashKind.None;
                }
            }

            return module.Length > 0 ? CrashKind.Node : CrashKind.None;
        }

        bool absolute = path[0] == '/' || path.StartsWith("file:///", StringComparison.Ordinal)
            || (path.Length > 2 && char.IsAsciiLetter(path[0]) && path[1] == ':' && path[2] is '\\' or '/');
        return absolute && NodeScript(path) ? CrashKind.Node : CrashKind.None;
    }

    /// <summary>
    /// Python's <c>Traceback (most recent call last):</c> or, from 3.11, <c>  + Exception Group Traceback (most recent call last):</c>
    /// (SourceScan reads them on a line's bytes; this is for a container's line inside its record).
    /// </summary>
    internal static bool IsTracebackHeader(ReadOnlySpan<char> text) =>
        text.StartsWith("Traceback (most recent call last)", StringComparison.Ordinal)
        || text.StartsWith("  + Exception Group Traceback (most recent call last)", StringComparison.Ordinal);

    /// <summary>
    /// <c>error: </c> and a letter (winston's error level, git's errors) at the start of a line: below .NET's console
    /// entry SourceScan starts an entry with it; the fast path hands such lines over.
    /// </summary>
    internal static bool IsLowerErrorLine(ReadOnlySpan<char> line) =>
        line.Length > 7 && line.StartsWith("error: ", StringComparison.Ordinal) && char.IsLetter(line[7]);

    /// <summary>As <see cref="CrashBanner(ReadOnlySpan{char})"/>, on ASCII bytes: the fast path hands such lines over.</summary>
    internal static bool MayBeCrashBanner(ReadOnlySpan<byte> line)
    {
        if (line.Length < 8)
        {
            return false;
        }

        byte first = line[0];
        if (first is (byte)'E' or (byte)'p' or (byte)'f')
        {
            return line.StartsWith("Exception in thread \""u8) || line.StartsWith("panic: "u8) || line.StartsWith("fatal error: "u8)
                || line.StartsWith("file:///"u8);
        }

        return (first == (byte)'/' || line[1] == (byte)':' || (first == (byte)'n' && line.StartsWith("node:"u8))) && char.IsAsciiDigit((char)line[^1]);
    }

    private static bool NodeScript(ReadOnlySpan<char> path) =>
        path.EndsWith(".js", StringComparison.Ordinal) || path.EndsWith(".mjs", StringComparison.Ordinal) || path.EndsWith(".cjs", StringComparison.Ordinal)
        || path.EndsWith(".ts", StringComparison.Ordinal) || path.EndsWith(".mts", StringComparison.Ordinal) || path.EndsWith(".cts", StringComparison.Ordinal)
        || path.EndsWith(".jsx", StringComparison.Ordinal) || path.EndsWith(".tsx", StringComparison.Ordinal);

    /// <summary>A crash banner's entry: Go's at Fatal (its message after <c>panic: </c>), the others at Error (the whole line).</summary>
    private bool TryCrash(ReadOnlySpan<char> line, ref LogLine parsed)
    {
        CrashKind crash = CrashBanner(line);
        if (crash == CrashKind.None)
        {
            return false;
        }

        LastCrash = crash;
        parsed.Format = LogFormat.Text;
        parsed.Level = crash == CrashKind.Go ? LogLevel.Fatal : LogLevel.Error;
        parsed.OpensWithLevel = true;
        ReadOnlySpan<char> message = crash != CrashKind.Go ? line : line[(line[0] == 'p' ? 7 : 13)..];
        parsed.Message = Message(message.Trim(), parsed.Level);
        return true;
    }
}
