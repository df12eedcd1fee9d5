namespace OpsModule.Engine.Common;

/// <summary>
/// What the engine tells the caller while it works: the story (verbose), warnings and progress. A cmdlet
/// implements it with WriteVerbose / WriteWarning / WriteProgress. Implementations are thread-safe: the
/// engine may call them from any thread (the cmdlet base class pumps them onto the pipeline thread).
/// </summary>
public interface IOperationObserver
{
    /// <summary>One sentence of the story: what is being done to what.</summary>
    void Verbose(string message);

    /// <summary>Something the user should know that does not stop the work (a skipped file, a fallback).</summary>
    void Warning(string message);

    /// <summary>Progress of a long step; <paramref name="total"/> is 0 when unknown.</summary>
    void Progress(string activity, string status, long done, long total);

    /// <summary>The step reported through <see cref="Progress"/> is finished.</summary>
    void ProgressCompleted(string activity);
}

/// <summary>An observer that ignores everything (engine tests, internal calls).</summary>
public sealed class NullObserver : IOperationObserver
{
    /// <summary>The shared instance.</summary>
    public static readonly NullObserver Instance = new();

    /// <inheritdoc />
    public void Verbose(string message)
    {
    }

    /// <inheritdoc />
    public void Warning(string message)
    {
    }

    /// <inheritdoc />
    public void Progress(string activity, string status, long done, long total)
    {
    }

    /// <inheritdoc />
    public void ProgressCompleted(string activity)
    {
    }
}
