using System;
using System.Collections.Generic;

namespace OpsModule.Engine.Logs;

/// <summary>One message template found by <see cref="DrainMiner"/>, and what is known about the entries that matched it.</summary>
internal sealed class TemplateCluster(string[] tokens)
{
    internal string[] Tokens { get; } = tokens;

    /// <summary>The cluster's position in its miner's list.</summary>
    internal int Index { get; set; }

    /// <summary>The cluster this one was folded into when templates from several sources were combined.</summary>
    internal TemplateCluster? MergedInto { get; set; }

    internal TemplateStats Stats { get; } = new();

    internal string Text => string.Join(' ', Tokens);

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
/// <c>&lt;*&gt;</c>. Two-token messages of words therefore only merge when identical ("VM started" and
/// "VM paused" stay two templates), while "generating core.5381" and "generating core.2299" are one.
/// </summary>
internal sealed class DrainMiner
{
    internal const double SimilarityThreshold = 0.5;
    private const int PrefixDepth = 1;
    private const int MaxChildren = 100;
    private const int CacheLimit = 20000;

    private readonly Dictionary<int, Node> _byLength = [];
    private readonly Dictionary<string, TemplateCluster> _exact = new(StringComparer.Ordinal);
    private readonly List<TemplateCluster> _clusters = [];

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

        List<TemplateCluster> leaf = Leaf(tokens);
        TemplateCluster? best = null;
        double bestSimilarity = -1;
        int bestWildcards = -1;
        foreach (TemplateCluster candidate in leaf)
        {
            (double similarity, int wildcards) = Similarity(candidate.Tokens, tokens);
            if (similarity > bestSimilarity || (similarity == bestSimilarity && wildcards > bestWildcards))
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
            for (int i = 0; i < template.Length; i++)
            {
                if (!string.Equals(template[i], tokens[i], StringComparison.Ordinal))
                {
                    template[i] = TemplateMasker.Wildcard;
                }
            }
        }

        if (_exact.Count >= CacheLimit)
        {
            _exact.Clear();
        }

        _exact[key] = best;
        return best;
    }

    private static (double Similarity, int Wildcards) Similarity(string[] template, string[] tokens)
    {
        int same = 0;
        int wildcards = 0;
        for (int i = 0; i < template.Length; i++)
        {
            if (ReferenceEquals(template[i], TemplateMasker.Wildcard) || template[i] == TemplateMasker.Wildcard)
            {
                wildcards++;
                if (HasDigit(tokens[i]))
                {
                    // A wildcard stands for a variable; a token with a digit (core.5381, eth1, 0x1f) is one.
                    same++;
                }
            }
            else if (string.Equals(template[i], tokens[i], StringComparison.Ordinal)
                || (HasDigit(template[i]) && HasDigit(tokens[i])))
            {
                // Two different tokens that both hold digits are two values of one variable.
                same++;
            }
        }

        return template.Length == 0 ? (1.0, 0) : ((double)same / template.Length, wildcards);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private List<TemplateCluster> Leaf(string[] tokens)
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
            string key = HasDigit(token) || IsQualifiedName(token) ? TemplateMasker.Wildcard : token;
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

        return node.Clusters ??= [];
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

    /// <summary>True for a token that holds a variable: a digit, or only masked parts and punctuation (<c>&lt;*&gt;</c>, <c>&lt;*&gt;,&lt;*&gt;</c>).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool HasDigit(string token)
    {
        if (token.Contains(TemplateMasker.Wildcard, StringComparison.Ordinal))
        {
            return !token.Replace(TemplateMasker.Wildcard, string.Empty, StringComparison.Ordinal).AsSpan().ContainsAnyInRange('A', 'z');
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

    private sealed class Node
    {
        internal Dictionary<string, Node>? Children { get; set; }

        internal List<TemplateCluster>? Clusters { get; set; }
    }
}
