using System.Collections.Generic;
using System.Linq;

namespace OpsModule.Engine.Maintenance;

/// <summary>
/// The tables a delete from one table also changes through foreign keys: ON DELETE CASCADE deletes their rows (and
/// through their own cascading keys, rows further on), ON DELETE SET NULL / SET DEFAULT changes them. Rows are not
/// counted; triggers are not followed.
/// </summary>
internal static class CascadeGraph
{
    /// <summary>One foreign key: rows of Child reference Parent; Action is 'c' (CASCADE), 'n' (SET NULL) or 'd' (SET DEFAULT).</summary>
    internal readonly record struct Edge(string Child, string Parent, char Action);

    /// <summary>"child (rows deleted by ON DELETE CASCADE)", ... in the order a delete reaches them; empty when none.</summary>
    internal static string[] Affected(string root, IEnumerable<Edge> edges)
    {
        List<Edge> all = edges.ToList();
        var deleted = new List<string>();
        var seen = new HashSet<string> { root };
        var queue = new Queue<string>();
        queue.Enqueue(root);
        var changed = new List<(string Table, char Action)>();
        while (queue.Count > 0)
        {
            string parent = queue.Dequeue();
            foreach (Edge edge in all.Where(e => e.Parent == parent))
            {
                if (edge.Action == 'c' && edge.Child == root)
                {
                    // The table references itself (replies to a post): deleting a row deletes its newer children too.
                    if (!deleted.Contains(root))
                    {
                        deleted.Insert(0, root);
                    }
                }
                else if (edge.Action == 'c')
                {
                    if (seen.Add(edge.Child))
                    {
                        deleted.Add(edge.Child);
                        queue.Enqueue(edge.Child);
                    }
                }
                else
                {
                    changed.Add((edge.Child, edge.Action));
                }
            }
        }

        return
        [
            .. deleted.Select(t => t == root ? t + " (more of its own rows, which reference deleted ones, deleted by ON DELETE CASCADE)" : t + " (rows deleted by ON DELETE CASCADE)"),
            .. changed.Where(c => !seen.Contains(c.Table)).Distinct().Select(c => c.Table + (c.Action == 'n' ? " (rows changed by ON DELETE SET NULL)" : " (rows changed by ON DELETE SET DEFAULT)")),
        ];
    }
}
