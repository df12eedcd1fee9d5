using System;
using System.Collections.Generic;
using System.Linq;

namespace OpsModule.Engine.Logs;

/// <summary>One message template found by <see cref="DrainMiner"/>, and what is known about the entries that matched it.</summary>
internal sealed class TemplateCluster(string[] tokens)
{
    internal string[] Tokens { get; } = tokens;

    /// <summary>The cluster's position in its miner's list.</summary>
    internal int Index { get; set; }

    /// <summary>The cluster's place in its miner's group of templates (of one length and first token).</summary>
    internal int Slot { get; set; }

    /// <summary>The cluster this one was folded into when templates from several sources were combined.</summary>
    internal TemplateCluster? MergedInto { get; set; }

    internal TemplateStats Stats { get; } = new();

    internal string Text => string.Join(' ', Tokens);

    /// <summary>What <see cref="DrainMiner"/> compares of each token, worked out once (kept up to date as tokens generalise).</summary>
    internal TokenFacts[] Facts { get; } = TokenFacts.Of(tokens);

    /// <summary>The positions where a wildcard stands for words (word variants folded, or a full group that took a word as a value).</summary>
    internal bool[] WordWildcards { get; } = new bool[tokens.Length];

    /// <summary>Adds another template's word wildcards (one of the same length that was merged into this one).</summary>
    internal void AddWordWildcards(TemplateCluster other)
    {
        for (int i = 0; i < WordWildcards.Length && i < other.WordWildcards.Length; i++)
        {
            WordWildcards[i] |= other.WordWildcards[i] && Facts[i].IsWildcard;
        }
    }

    internal TemplateCluster Final
    {
        get
        {
            TemplateCluster cluster = this;
            while (cluster.MergedInto is not null)
            {
                cluster = cluster.MergedInto;
            }

            return cluster;
        }
    }
}

/// <summary>
/// Drain-style online template mining (He et al., ICWS 2017) over masked token sequences: messages are grouped by
/// token count and their leading tokens (a token with a digit or a wildcard, or a dotted name with a colon such as
/// <c>com.apple.Job:</c>, goes to the wildcard branch), then
/// joined to the most similar template of that group when more than <see cref="SimilarityThreshold"/> of their
/// positions hold the same token (two different tokens that both hold a digit, such as core.5381 and core.2299, or
/// a wildcard and a token with a digit or made of masked parts such as <c>&lt;*&gt;,&lt;*&gt;</c>, count as the same variable); differing positions become
/// <c>&lt;*&gt;</c>. Unlike Drain, two different words at one position keep two templates apart while the group is small
/// (<see cref="MaxWordSplitClusters"/>): a word is usually part of what the message says ("VM started" and "VM paused",
/// "Failed to get next element" and "Failed to internally open package."), while values hold digits or were masked
/// (a name with one value in it, such as SOCKS5 or LOGIN(uid=&lt;*&gt;), differs from other names in its letters: <see cref="NamesDiffer"/>);
/// <see cref="MergeWordVariants"/> then folds the words that vary like values (three or more at one position). So
/// "generating core.5381" and "generating core.2299" are one template, as are "Connection to 10.0.0.5:5432 timed out"
/// from many hosts. bench/log-templates-accuracy.ps1 measures it on the LogHub 2k samples (README).
/// </summary>
internal sealed class DrainMiner
{
    internal const double SimilarityThreshold = 0.5;
    private const int PrefixDepth = 1;
    private const int MaxChildren = 100;
    private const int CacheLimit = 20000;

    /// <summary>While a group has at most this many templates, a message whose words differ from a template's starts a template of its own.</summary>
    private const int MaxWordSplitClusters = 64;

    /// <summary>Word variants fold into one template from this many different words at one position (<see cref="MergeWordVariants"/>).</summary>
    private const int MinWordValues = 3;

    /// <summary>The other words a template needs for its word variants to fold (<see cref="MergeWordVariants"/>).</summary>
    private const int MinContextWords = 3;

    /// <summary>More sets of wildcard positions than this, and covered templates are not folded (<see cref="FoldCovered"/>).</summary>
    private const int MaxCoverPatterns = 256;

    /// <summary>Longer templates (an SQL statement, a dump) are not folded by word.</summary>
    private const int MaxFoldTokens = 64;

    /// <summary>Tokens of templates looked at for folding, at most (beyond them, templates are not folded).</summary>
    private const long MaxVariantPositions = 20_000_000;

    private readonly Dictionary<int, Node> _byLength = [];
    private readonly Dictionary<string, TemplateCluster> _exact = new(StringComparer.Ordinal);
    private readonly List<TemplateCluster> _clusters = [];

    /// <summary>False to compare each message with every template of its group (tests compare the two).</summary>
    internal bool PruneCandidates { get; init; } = true;

    internal IReadOnlyList<TemplateCluster> Clusters => _clusters;

    /// <summary>The cluster for a message's tokens (created or generalised as needed).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal TemplateCluster Add(string[] tokens) => Add(string.Join(' ', tokens), tokens);

    /// <summary>
    /// The cluster for a masked message (<see cref="TemplateMasker.MaskMessage"/>): a message masked the same way as one
    /// seen recently goes to the same cluster without being split into tokens again.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal TemplateCluster AddMasked(string masked) =>
        _exact.TryGetValue(masked, out TemplateCluster? cached) ? cached : Add(masked, TemplateMasker.Split(masked));

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private TemplateCluster Add(string key, string[] tokens)
    {
        if (_exact.TryGetValue(key, out TemplateCluster? cached))
        {
            return cached;
        }

        Leaf leaf = LeafFor(tokens);
        TokenFacts[] facts = TokenFacts.Of(tokens);
        TemplateCluster? best = null;
        double bestSimilarity = -1;
        int bestWildcards = -1;
        bool wordsApart = leaf.Count <= MaxWordSplitClusters;
        foreach (TemplateCluster candidate in leaf.Candidates(tokens, facts, PruneCandidates))
        {
            // The most similar template the message may join: while the group is small, none whose words differ from its words
            // (a template of other words does not hide one of the same words that is a little less similar).
            (double similarity, int wildcards) = Similarity(candidate.Tokens, candidate.Facts, tokens, facts);
            if ((similarity > bestSimilarity || (similarity == bestSimilarity && wildcards > bestWildcards))
                && !(wordsApart && similarity > SimilarityThreshold && WordDifferences(candidate.Tokens, candidate.Facts, tokens, facts) > 0))
            {
                best = candidate;
                bestSimilarity = similarity;
                bestWildcards = wildcards;
            }
        }

        if (best is null || bestSimilarity <= SimilarityThreshold)
        {
            best = new TemplateCluster((string[])tokens.Clone()) { Index = _clusters.Count };
            leaf.Add(best);
            _clusters.Add(best);
        }
        else
        {
            string[] template = best.Tokens;
            bool wordGeneralised = false;
            for (int i = 0; i < template.Length; i++)
            {
                if (!string.Equals(template[i], tokens[i], StringComparison.Ordinal))
                {
                    bool words = NamesDiffer(template[i], best.Facts[i].Kind, tokens[i], facts[i].Kind);
                    wordGeneralised |= words;
                    string before = template[i];
                    TokenFacts factsBefore = best.Facts[i];
                    template[i] = Generalise(template[i], tokens[i]);
                    best.Facts[i] = TokenFacts.Of(template[i]);
                    best.WordWildcards[i] |= words && best.Facts[i].IsWildcard;
                    leaf.Generalised(best, i, before, factsBefore);
                }
            }

            if (wordGeneralised)
            {
                // A full group took a word as a value: the templates of single words it now covers leave the group (they
                // keep what they counted, and fold into it at the end), so later messages are compared with one template, not all.
                leaf.RemoveCovered(best, PruneCandidates);
            }
        }

        if (_exact.Count >= CacheLimit)
        {
            _exact.Clear();
        }

        _exact[key] = best;
        return best;
    }

    /// <summary>
    /// Folds templates that differ only in one lower-case word, at one position, into one template with <c>&lt;*&gt;</c>
    /// there, when at least <see cref="MinWordValues"/> different words occur at that position and at least
    /// <see cref="MinContextWords"/> other positions hold words (<c>session opened for user cyrus</c>, <c>... news</c>,
    /// <c>... test</c>: a user name). Two values stay two templates (<c>for user alice</c>, <c>for user bob</c>), as do short
    /// messages (<c>running</c>, <c>blocked</c>, <c>halt</c>) and words with a capital letter and no dot, which name kinds of events
    /// more often than values (<c>VM Started</c>, <c>VM Paused</c>, <c>VM Resumed</c>, <c>VM Stopped</c>; <c>"GET</c>,
    /// <c>"POST</c>, <c>"DELETE</c>; <c>client SPP</c>). The result does not depend on the order of
    /// <paramref name="clusters"/>; a folded template's statistics move to the template it was folded into.
    /// </summary>
    internal static List<TemplateCluster> MergeWordVariants(IReadOnlyCollection<TemplateCluster> clusters)
    {
        var alive = new List<TemplateCluster>(clusters);
        var byText = new Dictionary<string, TemplateCluster>(StringComparer.Ordinal);
        foreach (TemplateCluster cluster in alive)
        {
            byText[cluster.Text] = cluster;
        }

        // Beyond this many tokens in all, nothing is folded (not some templates: the result must not depend on their order).
        bool changed = alive.Sum(c => (long)c.Tokens.Length) <= MaxVariantPositions;
        while (changed)
        {
            changed = false;

            // Each template under one key per foldable word position: the position and a hash of the other tokens (from
            // prefix and suffix hashes, so a template costs its length, not its length squared), sorted so that the keys
            // and their order depend only on the templates, not on the order they came in.
            var keys = new List<(ulong Others, int Position, int Length, int Index)>();
            for (int index = 0; index < alive.Count; index++)
            {
                string[] tokens = alive[index].Tokens;
                int words = tokens.Count(IsWord);
                int keyed = tokens.Count(IsKeyWithValue);
                if (tokens.Length > MaxFoldTokens || words - 1 + keyed < MinContextWords)
                {
                    continue;
                }

                var prefix = new ulong[tokens.Length + 1];
                var suffix = new ulong[tokens.Length + 1];
                prefix[0] = 14695981039346656037UL;
                for (int k = 0; k < tokens.Length; k++)
                {
                    prefix[k + 1] = Combine(prefix[k], TokenHash(tokens[k]));
                }

                suffix[tokens.Length] = 1099511628211UL;
                for (int k = tokens.Length - 1; k >= 0; k--)
                {
                    suffix[k] = Combine(suffix[k + 1], TokenHash(tokens[k]));
                }

                for (int i = 0; i < tokens.Length; i++)
                {
                    // A key's word (name=android) is a value like the key's masked values beside it (pid=<*>), which count as
                    // agreeing words for it; a bare word (stopped, started) needs agreeing words.
                    if (IsFoldableWord(tokens[i]) && words - 1 + (KeyOf(tokens[i]) > 0 ? keyed : 0) >= MinContextWords)
                    {
                        keys.Add((Combine(prefix[i], suffix[i + 1]), i, tokens.Length, index));
                    }
                }
            }

            keys.Sort((a, b) => a.Others != b.Others ? a.Others.CompareTo(b.Others) : a.Position != b.Position ? a.Position.CompareTo(b.Position) : a.Length != b.Length ? a.Length.CompareTo(b.Length) : 0);
            var folded = new HashSet<TemplateCluster>();
            for (int run = 0; run < keys.Count;)
            {
                int next = run + 1;
                while (next < keys.Count && keys[next].Others == keys[run].Others && keys[next].Position == keys[run].Position && keys[next].Length == keys[run].Length)
                {
                    next++;
                }

                int position = keys[run].Position;
                List<TemplateCluster> members = [.. keys.GetRange(run, next - run).Select(k => alive[k.Index])];
                run = next;
                if (members.Count < MinWordValues || members.Any(folded.Contains) || !members.All(m => SameExcept(m.Tokens, members[0].Tokens, position)))
                {
                    continue;
                }

                string[] tokens = (string[])members[0].Tokens.Clone();
                foreach (TemplateCluster member in members)
                {
                    if (!string.Equals(tokens[position], member.Tokens[position], StringComparison.Ordinal))
                    {
                        // user=<*> from user=cyrus and user=news; <*> from cyrus and news.
                        tokens[position] = Generalise(tokens[position], member.Tokens[position]);
                    }
                }

                string text = string.Join(' ', tokens);
                if (!byText.TryGetValue(text, out TemplateCluster? target))
                {
                    target = new TemplateCluster(tokens);
                    byText[text] = target;
                    alive.Add(target);
                }

                target.WordWildcards[position] |= target.Facts[position].IsWildcard;

                foreach (TemplateCluster member in members)
                {
                    target.AddWordWildcards(member);
                    target.Stats.Merge(member.Stats);
                    member.MergedInto = target;
                    folded.Add(member);
                    byText.Remove(member.Text);
                }

                changed = true;
            }

            alive.RemoveAll(folded.Contains);
        }

        return alive;
    }

    /// <summary>
    /// Folds each template into the most specific other template that covers it (holds its token or <c>&lt;*&gt;</c> at every
    /// position): a general template next to specific ones it covers would split one kind of message in two lists.
    /// Templates are looked up by their tokens with each covering template's wildcard positions blanked; with more than
    /// <see cref="MaxCoverPatterns"/> different sets of wildcard positions nothing is folded (the result must not depend on order).
    /// </summary>
    internal static List<TemplateCluster> FoldCovered(List<TemplateCluster> templates)
    {
        // Each template's wildcard positions as a pattern ('*' for a wildcard, '.' for a token).
        var ownPattern = templates.ToDictionary(t => t, t => string.Concat(t.Tokens.Select(k => IsWildcard(k) ? '*' : '.')));
        var patterns = new SortedSet<string>(templates.Where(t => t.Tokens.Length <= MaxFoldTokens && t.Tokens.Any(IsWildcard)).Select(t => ownPattern[t]), StringComparer.Ordinal);
        if (patterns.Count == 0 || patterns.Count > MaxCoverPatterns)
        {
            return templates;
        }

        // Per wildcard pattern: the templates with exactly that pattern, by their other tokens.
        // A template of wildcards alone (a message that was one value, such as 500) says nothing, so it covers nothing.
        var general = new Dictionary<string, TemplateCluster>(StringComparer.Ordinal);
        foreach (TemplateCluster t in templates.Where(t => patterns.Contains(ownPattern[t]) && !t.Tokens.All(IsWildcard)))
        {
            general[ownPattern[t] + "\u0001" + Blank(t.Tokens, ownPattern[t])] = t;
        }

        // Most specific first (fewest wildcards, then by text), so a template folded into one that is folded in turn carries its counts along.
        var folded = new HashSet<TemplateCluster>();
        foreach (TemplateCluster t in templates.OrderBy(t => t.Tokens.Count(IsWildcard)).ThenBy(t => t.Text, StringComparer.Ordinal))
        {
            if (t.Tokens.Length > MaxFoldTokens)
            {
                continue;
            }

            string own = ownPattern[t];
            TemplateCluster? best = null;
            int bestWildcards = int.MaxValue;
            foreach (string pattern in patterns)
            {
                if (pattern.Length != own.Length || pattern == own || !CoversPattern(pattern, own)
                    || !general.TryGetValue(pattern + "\u0001" + Blank(t.Tokens, pattern), out TemplateCluster? candidate) || folded.Contains(candidate)
                    || HidesWord(pattern, candidate, t))
                {
                    continue;
                }

                int wildcards = pattern.Count(c => c == '*');
                if (wildcards < bestWildcards || (wildcards == bestWildcards && string.CompareOrdinal(candidate.Text, best!.Text) < 0))
                {
                    best = candidate;
                    bestWildcards = wildcards;
                }
            }

            if (best is not null)
            {
                best.Stats.Merge(t.Stats);
                t.MergedInto = best;
                folded.Add(t);
            }
        }

        return [.. templates.Where(t => !folded.Contains(t))];

        static bool CoversPattern(string general, string specific)
        {
            for (int i = 0; i < general.Length; i++)
            {
                if (specific[i] == '*' && general[i] != '*')
                {
                    return false;
                }
            }

            return true;
        }

        // A word where the general template has a value, not words, stays apart (disk full beside disk <*> from disk 90%).
        static bool HidesWord(string pattern, TemplateCluster general, TemplateCluster specific)
        {
            for (int i = 0; i < pattern.Length; i++)
            {
                if (pattern[i] == '*' && specific.Facts[i].Kind == NameKind.Word && !general.WordWildcards[i])
                {
                    return true;
                }
            }

            return false;
        }

        static string Blank(string[] tokens, string pattern) =>
            string.Join(' ', tokens.Select((k, i) => pattern[i] == '*' ? string.Empty : k));
    }

    private static bool IsWildcard(string token) => string.Equals(token, TemplateMasker.Wildcard, StringComparison.Ordinal);

    /// <summary>The length of a key before its '=' or ':' (<c>name=android</c>, <c>release:lock=&lt;*&gt;,</c>: letters, digits, '_', '-', '.' after a letter), or 0.</summary>
    private static int KeyOf(string token)
    {
        int i = 0;
        while (i < token.Length && (char.IsAsciiLetterOrDigit(token[i]) || token[i] is '_' or '-' or '.'))
        {
            i++;
        }

        return i > 0 && char.IsAsciiLetter(token[0]) && i < token.Length - 1 && token[i] is '=' or ':' ? i : 0;
    }

    /// <summary>A key with a masked value (<c>pid=&lt;*&gt;</c>, <c>flags=&lt;*&gt;,</c>, <c>release:lock=&lt;*&gt;,</c>).</summary>
    private static bool IsKeyWithValue(string token) => KeyOf(token) > 0 && token.Contains(TemplateMasker.Wildcard, StringComparison.Ordinal);

    /// <summary>
    /// A word that may be a value when it varies: all lower case (<c>cyrus</c>, <c>user=news</c>), or a dotted name
    /// (<c>com.apple.Safari.SafeBrowsing.Update:</c>, <c>Dropbox.exe</c>).
    /// </summary>
    private static bool IsFoldableWord(string token)
    {
        if (!IsWord(token))
        {
            return false;
        }

        int dot = token.IndexOf('.', StringComparison.Ordinal);
        return !token.Any(char.IsUpper) || (dot > 0 && dot < token.Length - 1 && char.IsLetter(token[dot + 1]));
    }

    /// <summary>True when <paramref name="general"/> holds <paramref name="specific"/>'s token or a wildcard at every position.</summary>
    private static bool Covers(string[] general, string[] specific)
    {
        for (int i = 0; i < general.Length; i++)
        {
            if (!string.Equals(general[i], TemplateMasker.Wildcard, StringComparison.Ordinal) && !string.Equals(general[i], specific[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static ulong Combine(ulong hash, ulong value) => (hash ^ value) * 1099511628211UL;

    /// <summary>FNV-1a of a token's characters: the same in every process (string hash codes are not).</summary>
    private static ulong TokenHash(string token)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in token)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    private static bool SameExcept(string[] a, string[] b, int position)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (i != position && !string.Equals(a[i], b[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The positions where two templates of one length hold two different names (<see cref="NamesDiffer"/>).</summary>
    private static int WordDifferences(string[] template, TokenFacts[] templateFacts, string[] tokens, TokenFacts[] facts)
    {
        int differences = 0;
        for (int i = 0; i < template.Length; i++)
        {
            if (NamesDiffer(template[i], templateFacts[i].Kind, tokens[i], facts[i].Kind))
            {
                differences++;
            }
        }

        return differences;
    }

    /// <summary>
    /// True when two tokens name different things: each is a name (letters, and at most one run of digits, masked values,
    /// true or false: a word such as <c>started</c>, or <c>SOCKS5</c>, <c>tty=:&lt;*&gt;</c>, <c>LOGIN(uid=&lt;*&gt;)</c>,
    /// <c>ret:false</c>), and they differ in more than that run (<c>SOCKS5</c> and <c>HTTPS</c>, <c>tty=:&lt;*&gt;</c> and
    /// <c>tty=NODEVssh</c>, <c>(uid=&lt;*&gt;)</c> and <c>LOGIN(uid=&lt;*&gt;)</c>). <c>eth0</c> and <c>eth1</c>, or <c>ret:true</c>
    /// and <c>ret:false</c>, are one name with two values. Two names that both hold digits or end in their number
    /// (<c>eadmin1</c> and <c>badmin1</c>, <c>api-&lt;*&gt;</c> and <c>web-&lt;*&gt;</c>), a key's word and number (<c>user=alice</c>
    /// and <c>user=1001</c>), dotted names with a value (<c>&lt;*&gt;.example.net</c>), a dotted word and a name with a value
    /// (<c>rhost=example.com</c> and <c>rhost=&lt;*&gt;</c>), tokens with several runs of digits (<c>v1.2.3</c>,
    /// <c>web-7d4b9c8f6-x2k9p</c>) and hex strings (<c>ffffffff</c>) are values: host names and ids look like that.
    /// </summary>
    private static bool NamesDiffer(string a, NameKind kindA, string b, NameKind kindB)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return false;
        }

        if (kindA == NameKind.None || kindB == NameKind.None || (kindA == NameKind.WithDigits && kindB == NameKind.WithDigits)
            || (kindA != kindB && (IsDotted(a) || IsDotted(b))))
        {
            // A dotted word and a name with a value (rhost=zummit.com and rhost=<*>) are two host names or addresses.
            return false;
        }

        if ((kindA > NameKind.Word && kindB > NameKind.Word && NumberedName(a) && NumberedName(b))
            || (kindA == NameKind.Word && kindB > NameKind.Word && KeyWithValue(b, a))
            || (kindB == NameKind.Word && kindA > NameKind.Word && KeyWithValue(a, b)))
        {
            // Two numbered names (api-1 and web-2, host names), or one key's word and number (user=alice and user=1001).
            return false;
        }

        return !SameShape(a, b);
    }

    /// <summary>A name ending in its number (<c>api-&lt;*&gt;</c>, <c>eadmin1</c>, <c>(node-&lt;*&gt;)</c>), not a key's value or an argument.</summary>
    private static bool NumberedName(string token)
    {
        int end = token.Length;
        while (end > 0 && token[end - 1] is ',' or ';' or ')' or ']' or '}' or '.' or ':')
        {
            end--;
        }

        int start = end;
        while (start > 0 && (char.IsAsciiDigit(token[start - 1]) || (start >= 3 && string.CompareOrdinal(token, start - 3, TemplateMasker.Wildcard, 0, 3) == 0)))
        {
            start -= char.IsAsciiDigit(token[start - 1]) ? 1 : 3;
        }

        // The number is joined to the name (api-1, node_7, eadmin1), not an argument (Open(0)) or a key's value (pid=1).
        return start > 0 && start < end && (char.IsLetter(token[start - 1]) || token[start - 1] is '-' or '_')
            && token.AsSpan(0, start).IndexOfAny('=', ':') < 0;
    }

    /// <summary>
    /// True when <paramref name="valued"/> is a key with a value that is all number or masked value (<c>user=1001</c>,
    /// <c>user=&lt;*&gt;</c>), and <paramref name="word"/> the same key with a word (<c>user=alice</c>).
    /// </summary>
    private static bool KeyWithValue(string valued, string word)
    {
        int key = valued.AsSpan().IndexOfAny('=', ':');
        if (key <= 0 || word.Length <= key || word[key] != valued[key] || string.CompareOrdinal(valued, 0, word, 0, key) != 0)
        {
            return false;
        }

        int end = ValueRunEnd(valued, key + 1);
        return end > key + 1 && (end == valued.Length || valued.AsSpan(end).IndexOfAnyExcept(",;)]}") < 0);
    }

    /// <summary>True when two tokens are the same but for their runs of digits and masked values (<c>ret:true</c> and <c>ret:false</c>, <c>eth0</c> and <c>eth1</c>).</summary>
    private static bool SameShape(string a, string b)
    {
        int i = 0;
        int j = 0;
        while (true)
        {
            int runA = ValueRunEnd(a, i);
            int runB = ValueRunEnd(b, j);
            if ((runA > i) != (runB > j))
            {
                return false;
            }

            i = runA;
            j = runB;
            if (i == a.Length || j == b.Length)
            {
                return i == a.Length && j == b.Length;
            }

            if (a[i] != b[j])
            {
                return false;
            }

            i++;
            j++;
        }
    }

    internal enum NameKind
    {
        None,
        Word,
        WithDigits,
        WithMasked,
    }

    /// <summary>
    /// The template token for two different tokens at one position: a key's value (<c>rhost=&lt;*&gt;</c> from
    /// <c>rhost=10.0.0.5</c> and <c>rhost=example.com</c>, <c>ret:&lt;*&gt;</c> from <c>ret:true</c> and <c>ret:false</c>) keeps its key
    /// and closing punctuation; anything else is <c>&lt;*&gt;</c>.
    /// </summary>
    private static string Generalise(string template, string token)
    {
        int equals = template.AsSpan().IndexOfAny('=', ':');
        if (equals <= 0 || equals >= token.Length || token[equals] != template[equals] || string.CompareOrdinal(template, 0, token, 0, equals) != 0
            || template.AsSpan(0, equals).Contains(TemplateMasker.Wildcard, StringComparison.Ordinal) || !template.AsSpan(0, equals).ContainsAnyInRange('A', 'z'))
        {
            return TemplateMasker.Wildcard;
        }

        int suffix = 0;
        while (suffix < template.Length - equals - 1 && suffix < token.Length - equals - 1
            && template[^(suffix + 1)] is ',' or ';' or ')' or ']' or '}' && template[^(suffix + 1)] == token[^(suffix + 1)])
        {
            suffix++;
        }

        return string.Concat(template.AsSpan(0, equals + 1), TemplateMasker.Wildcard, template.AsSpan(template.Length - suffix));
    }

    /// <summary>True when a template token with <c>&lt;*&gt;</c> in it (<c>user=&lt;*&gt;</c>) matches the token (<c>user=root</c>).</summary>
    private static bool Matches(string template, string token)
    {
        int star = template.IndexOf(TemplateMasker.Wildcard, StringComparison.Ordinal);
        if (star < 0 || template.Length == TemplateMasker.Wildcard.Length)
        {
            return false;
        }

        // Only the simple shape Generalise makes: a prefix, one <*>, a suffix.
        int after = star + TemplateMasker.Wildcard.Length;
        return template.IndexOf(TemplateMasker.Wildcard, after, StringComparison.Ordinal) < 0
            && token.Length >= template.Length - TemplateMasker.Wildcard.Length
            && string.CompareOrdinal(template, 0, token, 0, star) == 0
            && string.CompareOrdinal(template, after, token, token.Length - (template.Length - after), template.Length - after) == 0;
    }

    /// <summary>A token with a dot between two letters (a host, class or file name).</summary>
    private static bool IsDotted(string token)
    {
        for (int dot = token.IndexOf('.', StringComparison.Ordinal); dot > 0; dot = token.IndexOf('.', dot + 1))
        {
            if (dot + 1 < token.Length && char.IsLetter(token[dot - 1]) && char.IsLetter(token[dot + 1]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What kind of name a token is, if any (<see cref="NamesDiffer"/>).</summary>
    internal static NameKind Name(string token)
    {
        bool letter = false;
        NameKind kind = NameKind.Word;
        for (int i = 0; i < token.Length;)
        {
            int end = ValueRunEnd(token, i);
            if (end > i)
            {
                if (kind != NameKind.Word)
                {
                    return NameKind.None;
                }

                kind = token.AsSpan(i, end - i).Contains(TemplateMasker.Wildcard, StringComparison.Ordinal) ? NameKind.WithMasked : NameKind.WithDigits;
                i = end;
                continue;
            }

            char c = token[i];
            if (char.IsAsciiHexDigit(c) && (i == 0 || !char.IsLetterOrDigit(token[i - 1])))
            {
                // A hex string of eight or more characters is a value (ffffffff).
                int hex = i;
                while (hex < token.Length && char.IsAsciiHexDigit(token[hex]))
                {
                    hex++;
                }

                if (hex - i >= 8 && (hex == token.Length || !char.IsLetterOrDigit(token[hex])))
                {
                    return NameKind.None;
                }
            }

            letter |= char.IsLetter(c);
            i++;
        }

        return !letter || (kind != NameKind.Word && token.Contains('.', StringComparison.Ordinal)) ? NameKind.None : kind;
    }

    /// <summary>The end of the run of digits and <c>&lt;*&gt;</c> starting at <paramref name="start"/> (<paramref name="start"/> when there is none).</summary>
    private static int ValueRunEnd(string token, int start)
    {
        int i = start;
        while (i < token.Length)
        {
            if (char.IsAsciiDigit(token[i]))
            {
                i++;
            }
            else if (string.CompareOrdinal(token, i, TemplateMasker.Wildcard, 0, 3) == 0)
            {
                i += 3;
            }
            else if (BooleanEnd(token, i) is int end and > 0)
            {
                i = end;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    /// <summary>The end of <c>true</c> or <c>false</c> (any case) standing alone at <paramref name="start"/> (a value: <c>isOverlap:false</c>), else 0.</summary>
    private static int BooleanEnd(string token, int start)
    {
        if (start > 0 && char.IsLetterOrDigit(token[start - 1]))
        {
            return 0;
        }

        ReadOnlySpan<char> rest = token.AsSpan(start);
        int length = rest.StartsWith("true", StringComparison.OrdinalIgnoreCase) ? 4 : rest.StartsWith("false", StringComparison.OrdinalIgnoreCase) ? 5 : 0;
        return length > 0 && (length == rest.Length || !char.IsLetterOrDigit(rest[length])) ? start + length : 0;
    }

    /// <summary>A token that is a word: a letter, no digit and no masked part (<c>root</c>, <c>user=root</c>, <c>(command</c>).</summary>
    private static bool IsWord(string token)
    {
        if (token.Contains(TemplateMasker.Wildcard, StringComparison.Ordinal))
        {
            return false;
        }

        bool letter = false;
        foreach (char c in token)
        {
            if (char.IsAsciiDigit(c))
            {
                return false;
            }

            letter |= char.IsLetter(c);
        }

        return letter;
    }

    private static (double Similarity, int Wildcards) Similarity(string[] template, TokenFacts[] templateFacts, string[] tokens, TokenFacts[] facts)
    {
        int same = 0;
        int wildcards = 0;
        for (int i = 0; i < template.Length; i++)
        {
            TokenFacts t = templateFacts[i];
            if (t.IsWildcard)
            {
                wildcards++;
                if (facts[i].HasDigit)
                {
                    // A wildcard stands for a variable; a token with a digit (core.5381, eth1, 0x1f) is one.
                    same++;
                }
            }
            else if ((t.HasDigit && facts[i].HasDigit) || string.Equals(template[i], tokens[i], StringComparison.Ordinal)
                || (t.HasWildcard && Matches(template[i], tokens[i]))
                || (t.Kind > NameKind.Word && facts[i].Kind > NameKind.Word && SameShape(template[i], tokens[i]))
                || (t.Kind == NameKind.Word && facts[i].Kind > NameKind.Word && KeyWithValue(tokens[i], template[i])))
            {
                // Two different tokens that both hold digits are two values of one variable, as are user=<*> and user=root, or ret:true and ret:false.
                same++;
            }
        }

        return template.Length == 0 ? (1.0, 0) : ((double)same / template.Length, wildcards);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private Leaf LeafFor(string[] tokens)
    {
        if (!_byLength.TryGetValue(tokens.Length, out Node? node))
        {
            node = new Node();
            _byLength[tokens.Length] = node;
        }

        int depth = Math.Min(PrefixDepth, tokens.Length);
        for (int i = 0; i < depth; i++)
        {
            string token = tokens[i];
            // A key's value does not decide the branch either (user=alice and user=1001 are compared).
            int equals = token.IndexOf('=', StringComparison.Ordinal);
            string key = HasDigit(token) || IsQualifiedName(token) ? TemplateMasker.Wildcard
                : equals > 0 && equals < token.Length - 1 ? token[..(equals + 1)] : token;
            node.Children ??= new Dictionary<string, Node>(StringComparer.Ordinal);
            if (!node.Children.TryGetValue(key, out Node? child))
            {
                if (node.Children.Count >= MaxChildren && key != TemplateMasker.Wildcard)
                {
                    key = TemplateMasker.Wildcard;
                    node.Children.TryGetValue(key, out child);
                }

                if (child is null)
                {
                    child = new Node();
                    node.Children[key] = child;
                }
            }

            node = child;
        }

        return node.Clusters ??= new Leaf();
    }

    /// <summary>
    /// A dotted name with a colon such as <c>com.apple.Safari.SafeBrowsing.Update:</c> (a job, class or host name that
    /// prefixes the message): as a first token it is usually a variable, so it does not decide the branch (the similarity
    /// test still tells messages apart).
    /// </summary>
    private static bool IsQualifiedName(string token)
    {
        int dot = token.IndexOf('.', StringComparison.Ordinal);
        return token.Length > 3 && token[^1] == ':' && dot > 0 && dot < token.Length - 2;
    }

    /// <summary>True for a token that holds a variable: a digit, only masked parts and punctuation (<c>&lt;*&gt;</c>, <c>&lt;*&gt;,&lt;*&gt;</c>), or a name ending in a masked number (<c>api-&lt;*&gt;</c>).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static bool HasDigit(string token)
    {
        if (token.Contains(TemplateMasker.Wildcard, StringComparison.Ordinal))
        {
            // Also a numbered name whose number was masked (api-<*>, as eadmin1 is one with its digit).
            return !token.Replace(TemplateMasker.Wildcard, string.Empty, StringComparison.Ordinal).AsSpan().ContainsAnyInRange('A', 'z') || NumberedName(token);
        }

        foreach (char c in token)
        {
            if (char.IsAsciiDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The templates of one group, in the order they were made, with an index that finds the templates a message may be
    /// more than <see cref="SimilarityThreshold"/> similar to without comparing it with every one. A template position
    /// whose token can only match itself (a word without a digit, a masked part or a key) counts for a message only when
    /// the message holds that token there, so a template whose other positions and the message's exact matches together
    /// cannot pass the threshold is skipped. A <c>&lt;*&gt;</c> position counts only where the message has a token with a
    /// digit (the only tokens it matches). A token that more than <see cref="CommonTemplates"/> templates share at its
    /// position (the common words of a group) is counted as matching every template, so its long list is never walked;
    /// the templates whose other loose positions and those common words alone could pass are found by their number of
    /// loose positions. Every count is an
    /// upper bound, so nothing that could join is skipped, and the templates are the same as when each message is
    /// compared with all; a group of thousands of different sentences (each its own template) then costs about a
    /// counter per rarer shared word instead of a comparison per template.
    /// </summary>
    private sealed class Leaf
    {
        // Smaller groups are compared in full.
        private const int PruneFrom = 16;

        // A token held at one position by more templates than this is counted as matching all of them.
        private const int CommonTemplates = 64;

        // By slot, in the order the templates were made; null once a template left the group.
        private readonly List<TemplateCluster?> _slots = [];
        // Per slot: the positions other than <*> that match more than their own token.
        private readonly List<int> _loose = [];
        // Per position: the slots whose template holds <*> there (it matches only a token with a digit).
        private List<int>?[]? _wildAt;
        // Per number of loose positions: the slots that had it (a slot whose count grew since stays listed and is skipped).
        private readonly List<List<int>> _byLoose = [];
        private readonly List<TemplateCluster> _candidates = [];
        private readonly List<List<int>> _rare = [];
        private readonly List<int> _touched = [];
        private readonly List<int> _found = [];
        private Dictionary<string, List<int>>[]? _exact;
        private int[] _counts = new int[PruneFrom];
        private int[] _seen = new int[PruneFrom];
        private int _query;
        private int _live;

        internal int Count => _live;

        /// <summary>True when a template token matches only the same token in a message (see Similarity).</summary>
        internal static bool ExactOnly(string token, TokenFacts facts) =>
            !facts.IsWildcard && !facts.HasWildcard && !facts.HasDigit && facts.Kind <= NameKind.Word
            && (facts.Kind != NameKind.Word || token.AsSpan().IndexOfAny('=', ':') < 0);

        internal void Add(TemplateCluster cluster)
        {
            int slot = _slots.Count;
            cluster.Slot = slot;
            _slots.Add(cluster);
            _live++;
            if (_counts.Length <= slot)
            {
                Array.Resize(ref _counts, _counts.Length * 2);
                Array.Resize(ref _seen, _seen.Length * 2);
            }

            string[] tokens = cluster.Tokens;
            _exact ??= new Dictionary<string, List<int>>[tokens.Length];
            _wildAt ??= new List<int>?[tokens.Length];
            int loose = 0;
            for (int i = 0; i < tokens.Length; i++)
            {
                if (cluster.Facts[i].IsWildcard)
                {
                    (_wildAt[i] ??= []).Add(slot);
                    continue;
                }

                if (!ExactOnly(tokens[i], cluster.Facts[i]))
                {
                    loose++;
                    continue;
                }

                Dictionary<string, List<int>> byToken = _exact[i] ??= new Dictionary<string, List<int>>(StringComparer.Ordinal);
                if (!byToken.TryGetValue(tokens[i], out List<int>? slots))
                {
                    slots = [];
                    byToken[tokens[i]] = slots;
                }

                slots.Add(slot);
            }

            _loose.Add(loose);
            ByLoose(loose).Add(slot);
        }

        /// <summary>A template's token at <paramref name="position"/> was generalised (from <paramref name="before"/>).</summary>
        internal void Generalised(TemplateCluster cluster, int position, string before, TokenFacts factsBefore)
        {
            int slot = cluster.Slot;
            bool wildAfter = cluster.Facts[position].IsWildcard;
            if (factsBefore.IsWildcard)
            {
                // <*> stays <*>.
                return;
            }

            if (ExactOnly(before, factsBefore))
            {
                _exact![position]![before].Remove(slot);
            }
            else
            {
                _loose[slot]--;
            }

            if (wildAfter)
            {
                (_wildAt![position] ??= []).Add(slot);
            }
            else
            {
                _loose[slot]++;
            }

            ByLoose(_loose[slot]).Add(slot);
        }

        /// <summary>Takes out of the group the templates <paramref name="general"/> covers (not itself; all are looked at when <paramref name="prune"/> is false).</summary>
        internal void RemoveCovered(TemplateCluster general, bool prune)
        {
            // A covered template holds the general one's token at each of its positions that matches only itself: the
            // shortest list of such a token holds them all.
            string[] tokens = general.Tokens;
            List<int>? shortest = null;
            for (int i = 0; i < tokens.Length; i++)
            {
                if (ExactOnly(tokens[i], general.Facts[i]) && _exact?[i] is { } byToken && byToken.TryGetValue(tokens[i], out List<int>? slots)
                    && (shortest is null || slots.Count < shortest.Count))
                {
                    shortest = slots;
                }
            }

            List<int>? covered = null;
            bool all = shortest is null || !prune;
            int count = all ? _slots.Count : shortest!.Count;
            for (int k = 0; k < count; k++)
            {
                int slot = all ? k : shortest![k];
                if (_slots[slot] is TemplateCluster c && !ReferenceEquals(c, general) && Covers(tokens, c.Tokens))
                {
                    // Taking it out only after the loop: the list being walked may be its own token's.
                    (covered ??= []).Add(slot);
                }
            }

            if (covered is null)
            {
                return;
            }

            foreach (int slot in covered)
            {
                _slots[slot] = null;
            }

            _live -= covered.Count;
        }

        /// <summary>The templates, in order, that may be more than <see cref="SimilarityThreshold"/> similar to the message (all of them when <paramref name="prune"/> is false).</summary>
        internal List<TemplateCluster> Candidates(string[] tokens, TokenFacts[] facts, bool prune)
        {
            _candidates.Clear();
            if (!prune || _live <= PruneFrom || tokens.Length == 0 || _exact is null)
            {
                foreach (TemplateCluster? cluster in _slots)
                {
                    if (cluster is not null)
                    {
                        _candidates.Add(cluster);
                    }
                }

                return _candidates;
            }

            // A template may join when 2 * (loose + exact matches + <*> matches) > length; common tokens count as matches of
            // every template, and a <*> position counts where the message has a token with a digit.
            int length = tokens.Length;
            int common = 0;
            _rare.Clear();
            for (int i = 0; i < length; i++)
            {
                if (facts[i].HasDigit && _wildAt![i] is { Count: > 0 } wild)
                {
                    _rare.Add(wild);
                }

                if (_exact[i] is { } byToken && byToken.TryGetValue(tokens[i], out List<int>? slots) && slots.Count > 0)
                {
                    if (slots.Count > CommonTemplates)
                    {
                        common++;
                    }
                    else
                    {
                        _rare.Add(slots);
                    }
                }
            }

            _query++;
            _found.Clear();
            foreach (List<int> slots in _rare)
            {
                foreach (int slot in slots)
                {
                    if (_counts[slot]++ == 0)
                    {
                        _touched.Add(slot);
                    }
                }
            }

            foreach (int slot in _touched)
            {
                if (2 * (_loose[slot] + common + _counts[slot]) > length)
                {
                    Found(slot);
                }

                _counts[slot] = 0;
            }

            _touched.Clear();

            // The templates whose loose positions and the common tokens pass without any rarer match.
            for (int loose = Math.Max(0, (length / 2) - common + 1); loose < _byLoose.Count; loose++)
            {
                foreach (int slot in _byLoose[loose])
                {
                    if (_loose[slot] == loose)
                    {
                        Found(slot);
                    }
                }
            }

            _found.Sort();
            foreach (int slot in _found)
            {
                if (_slots[slot] is TemplateCluster cluster)
                {
                    _candidates.Add(cluster);
                }
            }

            return _candidates;
        }

        private void Found(int slot)
        {
            if (_seen[slot] != _query)
            {
                _seen[slot] = _query;
                _found.Add(slot);
            }
        }

        private List<int> ByLoose(int loose)
        {
            while (_byLoose.Count <= loose)
            {
                _byLoose.Add([]);
            }

            return _byLoose[loose];
        }
    }

    private sealed class Node
    {
        internal Dictionary<string, Node>? Children { get; set; }

        internal Leaf? Clusters { get; set; }
    }
}

/// <summary>What the miner compares of one token (<see cref="DrainMiner"/>): worked out once per token, not per comparison.</summary>
internal readonly record struct TokenFacts(bool IsWildcard, bool HasWildcard, bool HasDigit, DrainMiner.NameKind Kind)
{
    internal static TokenFacts Of(string token) =>
        new(string.Equals(token, TemplateMasker.Wildcard, StringComparison.Ordinal), token.Contains(TemplateMasker.Wildcard, StringComparison.Ordinal), DrainMiner.HasDigit(token), DrainMiner.Name(token));

    internal static TokenFacts[] Of(string[] tokens)
    {
        var facts = new TokenFacts[tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
        {
            facts[i] = Of(tokens[i]);
        }

        return facts;
    }
}
