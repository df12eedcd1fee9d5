namespace OpsModule;

/// <summary>A log entry's level, normalised from the spellings formats use (ERR, E, warn, crit, PRIORITY 3, ...).</summary>
public enum LogLevel
{
    /// <summary>The entry carries no level. As a -Level threshold it selects every entry.</summary>
    Unknown = 0,

    /// <summary>trace, TRC, T, verbose, finest.</summary>
    Trace = 1,

    /// <summary>debug, DBG, D, fine.</summary>
    Debug = 2,

    /// <summary>info, information, INF, I.</summary>
    Info = 3,

    /// <summary>notice (syslog 5).</summary>
    Notice = 4,

    /// <summary>warning, warn, WRN, W.</summary>
    Warning = 5,

    /// <summary>error, err, ERR, E, fail, severe.</summary>
    Error = 6,

    /// <summary>critical, crit, CRT, alert (syslog 1 and 2).</summary>
    Critical = 7,

    /// <summary>fatal, FTL, F, emerg, panic (syslog 0).</summary>
    Fatal = 8,
}
