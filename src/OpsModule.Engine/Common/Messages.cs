namespace OpsModule.Engine.Common;

/// <summary>Helpers for messages that quote text from elsewhere (an exception, a server) before advice of their own.</summary>
internal static class Messages
{
    /// <summary>
    /// The quoted text as a sentence: trimmed, with a full stop added when it has no sentence end of its own, so that
    /// the advice after it does not run on ("... for user "postgres". Check the host, ...").
    /// </summary>
    internal static string Sentence(string text)
    {
        string trimmed = text.TrimEnd();
        return trimmed.Length == 0 || trimmed.EndsWith('.') || trimmed.EndsWith('!') || trimmed.EndsWith('?') ? trimmed : trimmed + ".";
    }
}
