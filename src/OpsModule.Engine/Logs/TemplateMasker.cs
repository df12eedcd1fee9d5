using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace OpsModule.Engine.Logs;

/// <summary>
/// The first step of template mining: replaces the parts of a message that are values, not words, with
/// <c>&lt;*&gt;</c> (quoted values, UUIDs, dates and times, IPv4/IPv6 addresses with ports, hex ids, numbers with
/// their attached units: durations such as 3000ms, sizes such as 10MB), then splits the message into tokens.
/// </summary>
internal static partial class TemplateMasker
{
    internal const string Wildcard = "<*>";

    /// <summary>Longest message prefix that is mined; the rest of a huge message does not change its template.</summary>
    private const int MaxMessageChars = 4096;

    private static readonly System.Buffers.SearchValues<char> s_variableHints = System.Buffers.SearchValues.Create("0123456789\"':-");

    internal static string[] Tokens(string message)
    {
        string text = message.Length > MaxMessageChars ? message[..MaxMessageChars] : message;
        // Every variable shape contains a digit (\d also matches non-ASCII digits), a quote, ':' or '-': an ASCII message
        // without any of them is its own template text.
        bool plain = text.AsSpan().IndexOfAny(s_variableHints) < 0 && System.Text.Ascii.IsValid(text);
        string masked = plain ? text : Variables().Replace(text, Wildcard);
        var tokens = new List<string>(16);
        ReadOnlySpan<char> rest = masked;
        while (rest.Length > 0)
        {
            int cut = rest.IndexOfAny(' ', '\t');
            ReadOnlySpan<char> token = cut < 0 ? rest : rest[..cut];
            if (token.Length > 0)
            {
                tokens.Add(token.SequenceEqual(Wildcard) ? Wildcard : token.ToString());
            }

            rest = cut < 0 ? [] : rest[(cut + 1)..];
        }

        return tokens.ToArray();
    }

    [GeneratedRegex("""
        (?<![\w"])"[^"]*"(?![\w"])
        | (?<![\w'])'[^'\s][^']*'(?![\w'])
        | \b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b
        | (?<![\w.])\d{4}[-/]\d{1,2}[-/]\d{1,2}(?:[T\s_-]\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w.])
        | (?<![\w.:])\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?![\w:])
        | (?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?(?:/\d{1,2})?(?![\w.])
        | (?<![\w:.])(?=[0-9a-fA-F:]*:[0-9a-fA-F]*:)(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{1,4}(?![\w:])
        | (?<![\w])0[xX][0-9a-fA-F]+(?![\w])
        | (?<![\w])(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}(?![\w])
        | (?<![A-Za-z0-9.])[-+]?\d+(?:[.,]\d+)*(?:[a-zA-Z%µ]{1,3})?(?![A-Za-z0-9])
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex Variables();
}
