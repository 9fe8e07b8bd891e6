namespace WebClustering.Core.Manifold;

/// <summary>
/// umap-learn's <c>find_ab_params</c>: least-squares fit of 1 / (1 + a x^(2b)) to the target membership curve
/// (1 below min_dist, exp(-(x - min_dist) / spread) above) at 300 points on [0, 3 spread], by Levenberg-Marquardt
/// from a = b = 1 (scipy's curve_fit default start).
/// </summary>
public static class CurveFit
{
    public static (double A, double B) FindAB(double spread, double minDist)
    {
        const int Points = 300;
        var xs = new double[Points];
        var ys = new double[Points];
        for (int i = 0; i < Points; i++)
        {
            xs[i] = 3 * spread * i / (Points - 1);
            ys[i] = xs[i] < minDist ? 1.0 : Math.Exp(-(xs[i] - minDist) / spread);
        }

        double a = 1, b = 1, lambda = 1e-3;
        double error = Residual(xs, ys, a, b);
        for (int iteration = 0; iteration < 500; iteration++)
        {
            // Normal equations of the 2-parameter problem: (J^T J + lambda diag(J^T J)) step = J^T r.
            double jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
            for (int i = 0; i < Points; i++)
            {
                double x = xs[i];
                double u = x > 0 ? Math.Pow(x, 2 * b) : 0;
                double f = 1 / (1 + a * u);
                double r = ys[i] - f;
                double dfa = -u * f * f;
                // d/db of x^(2b) is 2 ln(x) x^(2b), which tends to 0 as x -> 0.
                double dfb = x > 0 ? -a * u * 2 * Math.Log(x) * f * f : 0;
                jaa += dfa * dfa; jab += dfa * dfb; jbb += dfb * dfb;
                ga += dfa * r; gb += dfb * r;
            }
            double maa = jaa * (1 + lambda), mbb = jbb * (1 + lambda);
            double det = maa * mbb - jab * jab;
            if (det == 0)
                break;
            double stepA = (mbb * ga - jab * gb) / det, stepB = (maa * gb - jab * ga) / det;
            double newError = Residual(xs, ys, a + stepA, b + stepB);
            if (newError < error)
            {
                bool settled = error - newError < 1e-15 * Math.Max(1, error);
                (a, b, error) = (a + stepA, b + stepB, newError);
                lambda = Math.Max(lambda / 10, 1e-12);
                if (settled)
                    break;
            }
            else
            {
                lambda *= 10;
                if (lambda > 1e12)
                    break;
            }
        }
        return (a, b);
    }

    private static double Residual(double[] xs, double[] ys, double a, double b)
    {
        double total = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double u = xs[i] > 0 ? Math.Pow(xs[i], 2 * b) : 0;
            double r = ys[i] - 1 / (1 + a * u);
            total += r * r;
        }
        return total;
    }
}
