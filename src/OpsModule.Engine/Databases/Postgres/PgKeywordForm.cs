using System;
using System.Collections.Generic;
using System.Text;
using Npgsql;
using OpsModule.Engine.Common;

namespace OpsModule.Engine.Databases.Postgres;

/// <summary>
/// Reads the keyword form (<c>Host=db1;Password=...</c>) setting by setting, as DbConnectionStringBuilder does, to say in
/// OpsModule's own words what is wrong with a text it refuses. .NET's "Format of the initialization string does not conform
/// to specification starting at index 26" counts characters of the unredacted text (a hint at a password's length), and
/// Npgsql's "Couldn't set cd;port" quotes a piece of a password that held a raw ';'.
/// </summary>
internal static class PgKeywordForm
{
    /// <summary>What the keyword form looks like, for messages.</summary>
    /// <remarks>No password in it: the last redaction of every message would mask what follows a "Password=".</remarks>
    internal const string Example = "Host=db1;Port=5432;Database=app;Username=ops";

    /// <summary>
    /// Why the keyword-form <paramref name="connectionString"/> was refused (<paramref name="refusal"/> is Npgsql's or .NET's
    /// exception), without quoting any value or any text that may be part of a password.
    /// </summary>
    internal static string Explain(string connectionString, Exception refusal)
    {
        List<Setting> settings = Read(connectionString);
        for (int i = 0; i < settings.Count; i++)
        {
            Setting setting = settings[i];
            if (setting.Problem is not null)
            {
                return Describe(settings, i, setting.Problem);
            }
        }

        // Well formed, but Npgsql refused a setting: an unknown keyword or a value it cannot take (its ParamName is the keyword).
        string? refused = (refusal as ArgumentException)?.ParamName;
        for (int i = 0; refused is not null && i < settings.Count; i++)
        {
            Setting setting = settings[i];
            if (string.Equals(setting.Keyword, refused, StringComparison.OrdinalIgnoreCase))
            {
                if (FollowsSecret(settings, i))
                {
                    // A value refused right after a password may be the password's own rest (Pwd=SecXab;Port=cdQ).
                    return Describe(settings, i, IsKnown(setting.Keyword!) ? "has a value that setting does not take" : "is not a setting PostgreSQL connections know");
                }

                return IsKnown(setting.Keyword!)
                    ? $"the value given for '{setting.Keyword}' is not one that setting takes"
                    : Describe(settings, i, "is not a setting PostgreSQL connections know");
            }
        }

        return "it is not a list of Keyword=value settings separated by ';'";
    }

    /// <summary>
    /// The text with every setting that may be the rest of a password masked: a malformed setting or an unknown keyword
    /// that follows a secret setting (Password=a;b unquoted reads as Password=a and a setting 'b'), and the whole value of a
    /// secret setting whose quotes are wrong (Password="a" b). Well-formed text is returned as it is.
    /// </summary>
    internal static string MaskPasswordRemnants(string connectionString, string? refusedKeyword = null)
    {
        List<Setting> settings = Read(connectionString);
        var shown = new StringBuilder(connectionString.Length);
        int last = 0;
        for (int i = 0; i < settings.Count; i++)
        {
            Setting setting = settings[i];
            bool refusedAfterSecret = refusedKeyword is not null && string.Equals(setting.Keyword, refusedKeyword, StringComparison.OrdinalIgnoreCase) && FollowsSecret(settings, i);
            int from = MayBePasswordRemnant(settings, i) || refusedAfterSecret ? setting.Start
                : setting.Problem is not null && setting.Keyword is string keyword && Redaction.IsSecretName(keyword) ? setting.ValueStart
                : -1;
            if (from >= 0)
            {
                shown.Append(connectionString, last, from - last).Append(Redaction.Mask);
                last = setting.End;
            }
        }

        return last == 0 ? connectionString : shown.Append(connectionString, last, connectionString.Length - last).ToString();
    }

    private static string Describe(List<Setting> settings, int index, string problem)
    {
        Setting setting = settings[index];
        int number = index + 1;
        if (MayBePasswordRemnant(settings, index) || (settings[index].Problem is null && FollowsSecret(settings, index)))
        {
            string secret = settings[index - 1].Keyword!;
            return $"setting {number}, after the {secret} setting, {problem}; if it is part of the {secret.ToLowerInvariant()} (a ';' in it ends the value), put the whole value in single quotes";
        }

        string what = setting.Keyword is not null && setting.Problem is null ? $"'{setting.Keyword}' (setting {number})" : $"setting {number}";
        return $"{what} {problem}";
    }

    /// <summary>A setting right after a secret one (empty settings between do not count) that is malformed or unknown.</summary>
    private static bool MayBePasswordRemnant(List<Setting> settings, int index)
    {
        Setting setting = settings[index];
        bool suspicious = setting.Problem is not null || !IsKnown(setting.Keyword!);
        return suspicious && FollowsSecret(settings, index);
    }

    /// <summary>A setting right after a well-formed secret one (empty settings between do not count).</summary>
    private static bool FollowsSecret(List<Setting> settings, int index) =>
        index > 0 && settings[index - 1].Keyword is string previous && settings[index - 1].Problem is null && Redaction.IsSecretName(previous);

    private static bool IsKnown(string keyword)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder().ContainsKey(keyword);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The non-empty settings of the text, each with its keyword or what is wrong with it.</summary>
    private static List<Setting> Read(string text)
    {
        var settings = new List<Setting>();
        int position = 0;
        while (position < text.Length)
        {
            while (position < text.Length && (char.IsWhiteSpace(text[position]) || text[position] == ';'))
            {
                position++;
            }

            if (position >= text.Length)
            {
                break;
            }

            int start = position;
            int separator = text.IndexOf(';', start);
            int segmentEnd = separator < 0 ? text.Length : separator;
            if (text[start] == '=')
            {
                settings.Add(new Setting(start, start, segmentEnd, null, "has no keyword before its '=' (it starts with '='; each setting is Keyword=value)"));
                position = segmentEnd;
                continue;
            }

            var keyword = new StringBuilder();
            int at = start;
            while (at < segmentEnd && !(text[at] == '=' && (at + 1 >= text.Length || text[at + 1] != '=')))
            {
                keyword.Append(text[at]);
                at += text[at] == '=' ? 2 : 1;
            }

            if (at >= segmentEnd)
            {
                settings.Add(new Setting(start, start, segmentEnd, null, "has no '=' (each setting is Keyword=value, and a ';' inside a value must be quoted)"));
                position = segmentEnd;
                continue;
            }

            string name = keyword.ToString().Trim();
            int value = at + 1;
            while (value < text.Length && text[value] is ' ' or '\t')
            {
                value++;
            }

            if (value < text.Length && text[value] is '\'' or '"')
            {
                int close = ClosingQuote(text, value);
                if (close < 0)
                {
                    settings.Add(new Setting(start, value, text.Length, name, $"opens a quote ({text[value]}) for the value of '{name}' that is not closed"));
                    break;
                }

                int after = close + 1;
                while (after < text.Length && char.IsWhiteSpace(text[after]))
                {
                    after++;
                }

                int end = text.IndexOf(';', after);
                end = end < 0 ? text.Length : end;
                settings.Add(new Setting(start, value, end, name, after < end ? $"has text after the closing quote of the value of '{name}'" : null));
                position = end;
                continue;
            }

            settings.Add(new Setting(start, value, segmentEnd, name, null));
            position = segmentEnd;
        }

        return settings;
    }

    /// <summary>The index of the quote that closes the value opened at <paramref name="open"/> (a doubled quote is one quote in the value), or -1.</summary>
    private static int ClosingQuote(string text, int open)
    {
        char quote = text[open];
        int at = open + 1;
        while (at < text.Length)
        {
            if (text[at] == quote)
            {
                if (at + 1 < text.Length && text[at + 1] == quote)
                {
                    at += 2;
                    continue;
                }

                return at;
            }

            at++;
        }

        return -1;
    }

    /// <summary>A setting: where it starts, where its value starts and where it ends in the text, its keyword, and what is wrong with it.</summary>
    private sealed record Setting(int Start, int ValueStart, int End, string? Keyword, string? Problem);
}
