namespace OpsModule;

/// <summary>The verdict every OpsModule result carries, so alerting and metrics treat all results alike.</summary>
public enum Severity
{
    /// <summary>Nothing needs attention.</summary>
    Ok = 0,

    /// <summary>Something needs attention soon, or could not be checked.</summary>
    Warning = 1,

    /// <summary>Something is broken now.</summary>
    Critical = 2,
}
