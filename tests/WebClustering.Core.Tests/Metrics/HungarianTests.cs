using WebClustering.Core.Metrics;

namespace WebClustering.Core.Tests;

public class HungarianTests
{
    [Fact]
    public void Solve_finds_the_known_optimum_of_a_square_matrix()
    {
        // Optimum 1 + 2 + 2 = 5; every other permutation costs 6 or more.
        var cost = new double[,] { { 4, 1, 3 }, { 2, 0, 5 }, { 3, 2, 2 } };
        Assert.Equal(new[] { 1, 0, 2 }, Hungarian.Solve(cost));
    }

    [Fact]
    public void Solve_leaves_the_costliest_row_unassigned_when_rows_outnumber_columns()
    {
        var cost = new double[,] { { 5, 1 }, { 1, 5 }, { 9, 9 } };
        Assert.Equal(new[] { 1, 0, -1 }, Hungarian.Solve(cost));
    }

    [Fact]
    public void Solve_assigns_every_row_when_columns_outnumber_rows()
    {
        // Unique optimum 1 + 2 = 3.
        var cost = new double[,] { { 4, 1, 3 }, { 2, 3, 5 } };
        Assert.Equal(new[] { 1, 0 }, Hungarian.Solve(cost));
    }

    [Fact]
    public void Solve_handles_negative_costs_as_profits()
    {
        var cost = new double[,] { { -1, -10 }, { -10, -1 } };
        Assert.Equal(new[] { 1, 0 }, Hungarian.Solve(cost));
    }

    [Fact]
    public void Solve_rejects_non_finite_costs()
    {
        var cost = new double[,] { { 1, double.NaN }, { 0, 2 } };
        Assert.Throws<ArgumentException>(() => Hungarian.Solve(cost));
    }

    [Theory]
    [InlineData(6, 6, 1)]
    [InlineData(6, 6, 2)]
    [InlineData(4, 7, 3)]
    [InlineData(7, 4, 4)]
    [InlineData(1, 5, 5)]
    [InlineData(5, 1, 6)]
    public void Solve_matches_brute_force_on_random_matrices(int rows, int cols, int seed)
    {
        var rng = new Random(seed);
        var cost = new double[rows, cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                cost[r, c] = Math.Round(rng.NextDouble() * 20 - 5, 2);

        int[] assignment = Hungarian.Solve(cost);

        int[] assigned = assignment.Where(c => c >= 0).ToArray();
        Assert.Equal(Math.Min(rows, cols), assigned.Length);
        Assert.Equal(assigned.Length, assigned.Distinct().Count());
        double total = assignment.Select((c, r) => c >= 0 ? cost[r, c] : 0).Sum();
        Assert.Equal(BruteForceMinimum(cost), total, 9);
    }

    private static double BruteForceMinimum(double[,] cost)
    {
        int rows = cost.GetLength(0), cols = cost.GetLength(1);
        bool transpose = rows > cols;
        int small = Math.Min(rows, cols), large = Math.Max(rows, cols);
        var used = new bool[large];
        double best = double.PositiveInfinity;

        void Recurse(int s, double sum)
        {
            if (s == small)
            {
                best = Math.Min(best, sum);
                return;
            }
            for (int l = 0; l < large; l++)
            {
                if (used[l])
                    continue;
                used[l] = true;
                Recurse(s + 1, sum + (transpose ? cost[l, s] : cost[s, l]));
                used[l] = false;
            }
        }

        Recurse(0, 0);
        return best;
    }
}
