namespace WebClustering.Core.Metrics;

/// <summary>Minimum-cost assignment (Hungarian / Kuhn-Munkres with potentials), O(n^2 m) for n &lt;= m.</summary>
public static class Hungarian
{
    /// <summary>
    /// Assigns rows to distinct columns minimising the total cost. Rectangular input is allowed:
    /// min(rows, cols) pairs are made.
    /// </summary>
    /// <returns>For each row its column, or -1 for rows left unassigned because rows &gt; cols.</returns>
    /// <exception cref="ArgumentException">A cost is NaN or infinite.</exception>
    public static int[] Solve(double[,] cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        int rows = cost.GetLength(0), cols = cost.GetLength(1);
        foreach (double c in cost)
        {
            // Infinite costs would stall the potential updates; NaN would break every comparison.
            if (!double.IsFinite(c))
                throw new ArgumentException("Costs must be finite.", nameof(cost));
        }

        var result = new int[rows];
        Array.Fill(result, -1);
        if (rows == 0 || cols == 0)
            return result;

        // The potential method needs rows <= cols; otherwise solve the transpose and invert the matching.
        bool transpose = rows > cols;
        int n = transpose ? cols : rows, m = transpose ? rows : cols;
        var a = new double[n * m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
                a[i * m + j] = transpose ? cost[j, i] : cost[i, j];

        int[] matched = SolveWide(a, n, m);
        for (int i = 0; i < n; i++)
        {
            if (transpose)
                result[matched[i]] = i;
            else
                result[i] = matched[i];
        }
        return result;
    }

    /// <summary>Classic shortest-augmenting-path formulation (1-based internally; column 0 is a sentinel).</summary>
    private static int[] SolveWide(double[] a, int n, int m)
    {
        var u = new double[n + 1];
        var v = new double[m + 1];
        var rowOfColumn = new int[m + 1];
        var way = new int[m + 1];
        var minSlack = new double[m + 1];
        var used = new bool[m + 1];

        for (int i = 1; i <= n; i++)
        {
            rowOfColumn[0] = i;
            int j0 = 0;
            Array.Fill(minSlack, double.PositiveInfinity);
            Array.Clear(used);
            do
            {
                used[j0] = true;
                int i0 = rowOfColumn[j0], j1 = 0;
                double delta = double.PositiveInfinity;
                for (int j = 1; j <= m; j++)
                {
                    if (used[j])
                        continue;
                    double slack = a[(i0 - 1) * m + (j - 1)] - u[i0] - v[j];
                    if (slack < minSlack[j])
                    {
                        minSlack[j] = slack;
                        way[j] = j0;
                    }
                    if (minSlack[j] < delta)
                    {
                        delta = minSlack[j];
                        j1 = j;
                    }
                }
                for (int j = 0; j <= m; j++)
                {
                    if (used[j])
                    {
                        u[rowOfColumn[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minSlack[j] -= delta;
                    }
                }
                j0 = j1;
            } while (rowOfColumn[j0] != 0);

            // Flip the augmenting path back to the root.
            do
            {
                int j1 = way[j0];
                rowOfColumn[j0] = rowOfColumn[j1];
                j0 = j1;
            } while (j0 != 0);
        }

        var columnOfRow = new int[n];
        for (int j = 1; j <= m; j++)
        {
            if (rowOfColumn[j] != 0)
                columnOfRow[rowOfColumn[j] - 1] = j - 1;
        }
        return columnOfRow;
    }
}
