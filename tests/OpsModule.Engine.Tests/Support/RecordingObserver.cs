using System.Collections.Generic;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Tests.Support;

/// <summary>Keeps what the engine reports, to assert on the story and the progress a cmdlet would show.</summary>
internal sealed class RecordingObserver : IOperationObserver
{
    internal List<string> Messages { get; } = [];

    internal List<string> Warnings { get; } = [];

    internal List<(string Status, long Done, long Total)> ProgressRecords { get; } = [];

    internal int Completed { get; private set; }

    public void Verbose(string message) => Messages.Add(message);

    public void Warning(string message) => Warnings.Add(message);

    public void Progress(string activity, string status, long done, long total) => ProgressRecords.Add((status, done, total));

    public void ProgressCompleted(string activity) => Completed++;
}
