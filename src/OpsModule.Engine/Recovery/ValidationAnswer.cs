using System;
using System.Data.Common;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace OpsModule.Engine.Recovery;

/// <summary>
/// What a -Validation SQL query returned, and the rule it is judged by (the same for SQLite and PostgreSQL): exactly one
/// row with exactly one column, holding true or the integer 1. Anything else fails, and the detail says what came back.
/// </summary>
internal sealed class ValidationAnswer
{
    /// <summary>Rows are counted up to this many; a query that returns more is reported as "more than" it.</summary>
    internal const int RowLimit = 10_000;

    private const string Rule = "it must return exactly one row with one value, true or 1";

    private ValidationAnswer(int columns, int rows, object? value)
    {
        Columns = columns;
        Rows = rows;
        Value = value;
    }

    /// <summary>Columns of the first result.</summary>
    public int Columns { get; }

    /// <summary>Rows of the first result, counted up to <see cref="RowLimit"/> + 1.</summary>
    public int Rows { get; }

    /// <summary>The first column of the first row (null for SQL NULL or when there is no row).</summary>
    public object? Value { get; }

    /// <summary>Reads the first result of <paramref name="reader"/>: its shape, and its first value.</summary>
    internal static async Task<ValidationAnswer> ReadAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        int columns = reader.FieldCount;
        object? value = null;
        int rows = 0;
        while (rows <= RowLimit && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (rows == 0 && columns > 0 && !await reader.IsDBNullAsync(0, cancellationToken).ConfigureAwait(false))
            {
                value = reader.GetValue(0);
            }

            rows++;
        }

        return new ValidationAnswer(columns, rows, value);
    }

    /// <summary>Whether the answer passes, and the check's detail.</summary>
    internal (bool Passed, string Detail) Judge()
    {
        if (Columns != 1)
        {
            return (false, string.Format(CultureInfo.InvariantCulture, "The query returned {0} columns; {1}.", Columns, Rule));
        }

        if (Rows == 0)
        {
            return (false, $"The query returned no row; {Rule}.");
        }

        if (Rows > 1)
        {
            string many = Rows > RowLimit
                ? string.Format(CultureInfo.InvariantCulture, "more than {0:N0} rows", RowLimit)
                : string.Format(CultureInfo.InvariantCulture, "{0:N0} rows", Rows);
            return (false, $"The query returned {many}; {Rule} (to check many rows, aggregate them, e.g. SELECT count(*) = 0 FROM ... WHERE <a bad row>).");
        }

        return Value switch
        {
            bool b => (b, b ? "The query returned true." : $"The query returned false; {Rule}."),
            long or int or short or sbyte or byte or ulong or uint or ushort => IsOne(Value)
                ? (true, "The query returned 1.")
                : (false, string.Format(CultureInfo.InvariantCulture, "The query returned {0}; {1}.", Value, Rule)),
            null => (false, $"The query returned NULL; {Rule}."),
            string text => (false, $"The query returned the text '{text}' (a string, not the boolean true or the number 1); {Rule}."),
            decimal or double or float => (false, $"The query returned the number {Number(Value)}, which is not an integer; {Rule}."),
            _ => (false, string.Format(CultureInfo.InvariantCulture, "The query returned a value of type {0} ({1}); {2}.", Value.GetType().Name, Convert.ToString(Value, CultureInfo.InvariantCulture), Rule)),
        };
    }

    /// <summary>A non-integer number as written in SQL: 1.0 stays 1.0 (a double 1 would print as 1).</summary>
    private static string Number(object value) => value switch
    {
        double d when Math.Abs(d % 1) == 0 && Math.Abs(d) < 1e15 => d.ToString("0.0", CultureInfo.InvariantCulture),
        float f when Math.Abs(f % 1) == 0 && Math.Abs(f) < 1e7 => f.ToString("0.0", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static bool IsOne(object value) => Convert.ToDecimal(value, CultureInfo.InvariantCulture) == 1m;
}
