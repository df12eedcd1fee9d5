using System;

namespace OpsModule.Engine.Logs;

/// <summary>Normalises the level spellings of common log formats to <see cref="LogLevel"/>.</summary>
internal static class LevelNames
{
    /// <summary>A level word (any case): full names, abbreviations (ERR, WRN, CRIT, FTL) and single letters (E, W, I, D, T, F, C).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static LogLevel Parse(ReadOnlySpan<char> word, bool allowSingleLetter)
    {
        if (word.Length == 1)
        {
            if (!allowSingleLetter)
            {
                return LogLevel.Unknown;
            }

            return char.ToUpperInvariant(word[0]) switch
            {
                'T' or 'V' => LogLevel.Trace,
                'D' => LogLevel.Debug,
                'I' => LogLevel.Info,
                'N' => LogLevel.Notice,
                'W' => LogLevel.Warning,
                'E' => LogLevel.Error,
                'C' => LogLevel.Critical,
                'F' => LogLevel.Fatal,
                _ => LogLevel.Unknown,
            };
        }

        if (word.Length > 11)
        {
            return LogLevel.Unknown;
        }

        Span<char> upper = stackalloc char[word.Length];
        word.ToUpperInvariant(upper);
        return upper switch
        {
            "TRACE" or "TRC" or "VERBOSE" or "VRB" or "FINEST" or "FINER" or "ALL" => LogLevel.Trace,
            "DEBUG" or "DBG" or "DEBU" or "FINE" => LogLevel.Debug,
            "INFO" or "INF" or "INFORMATION" or "INFORMATIONAL" or "INFOS" or "CONFIG" or "LOG" => LogLevel.Info,
            "NOTICE" or "NOTE" or "NOT" => LogLevel.Notice,
            "WARN" or "WARNING" or "WRN" or "WARNS" => LogLevel.Warning,
            "ERROR" or "ERR" or "ERRO" or "ERRORS" or "FAIL" or "SEVERE" or "EROR" => LogLevel.Error,
            // zap's DPANIC: an error that panics in development.
            "CRITICAL" or "CRIT" or "CRT" or "ALERT" or "CRITI" or "FAILURE" or "DPANIC" => LogLevel.Critical,
            "FATAL" or "FTL" or "EMERG" or "EMERGENCY" or "PANIC" or "FATA" => LogLevel.Fatal,
            _ => LogLevel.Unknown,
        };
    }

    /// <summary>
    /// A level string of a JSON log (trimmed): <see cref="Parse"/> with single letters, MongoDB's debug levels D1 to D5, and
    /// winston's npm levels http (between info and verbose: Debug) and silly (below debug: Trace), which are level names
    /// only in a level field ("http" is an ordinary word in text), and PostgreSQL's DEBUG1 to DEBUG5 (its jsonlog's
    /// error_severity; its LOG is Info, as in its stderr log).
    /// </summary>
    internal static LogLevel ParseJson(ReadOnlySpan<char> text) =>
        text.Length == 2 && (text[0] is 'D' or 'd') && text[1] is >= '1' and <= '5' ? LogLevel.Debug
        : text.Length == 6 && text[..5].Equals("debug", StringComparison.OrdinalIgnoreCase) && text[5] is >= '1' and <= '5' ? LogLevel.Debug
        : text.Equals("http", StringComparison.OrdinalIgnoreCase) ? LogLevel.Debug
        : text.Equals("silly", StringComparison.OrdinalIgnoreCase) ? LogLevel.Trace
        : Parse(text, allowSingleLetter: true);

    /// <summary>Syslog severity (PRI &amp; 7, journald PRIORITY): 0 emerg .. 7 debug.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static LogLevel FromSyslog(int severity) => severity switch
    {
        0 => LogLevel.Fatal,
        1 or 2 => LogLevel.Critical,
        3 => LogLevel.Error,
        4 => LogLevel.Warning,
        5 => LogLevel.Notice,
        6 => LogLevel.Info,
        7 => LogLevel.Debug,
        _ => LogLevel.Unknown,
    };

    /// <summary>Windows event levels (Get-WinEvent's Level): 1 critical, 2 error, 3 warning, 4 information, 5 verbose.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static LogLevel FromWindowsEvent(int level) => level switch
    {
        1 => LogLevel.Critical,
        2 => LogLevel.Error,
        3 => LogLevel.Warning,
        0 or 4 => LogLevel.Info,
        5 => LogLevel.Trace,
        _ => LogLevel.Unknown,
    };

    /// <summary>Numeric levels of bunyan/pino (10 trace .. 60 fatal) and Serilog/.NET LogLevel enums (0 trace .. 5 critical).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static LogLevel FromNumber(double value) => value switch
    {
        >= 60 => LogLevel.Fatal,
        >= 50 => LogLevel.Error,
        >= 40 => LogLevel.Warning,
        >= 30 => LogLevel.Info,
        >= 20 => LogLevel.Debug,
        >= 10 => LogLevel.Trace,
        _ => LogLevel.Unknown,
    };
}

/// <summary>Level names for the cmdlets (the engine's normaliser, public).</summary>
public static class LogLevelText
{
    /// <summary>A level word in any of its spellings; Unknown when it is none.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static LogLevel Parse(string text) => LevelNames.Parse(text.AsSpan().Trim(), allowSingleLetter: true);

    /// <summary>A Windows event level number (1 critical .. 5 verbose).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static LogLevel FromWindowsEvent(int level) => LevelNames.FromWindowsEvent(level);
}
