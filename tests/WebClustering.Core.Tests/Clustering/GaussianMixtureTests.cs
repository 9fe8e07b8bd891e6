using WebClustering.Core.Clustering;
using WebClustering.Core.Metrics;

namespace WebClustering.Core.Tests;

public class GaussianMixtureTests
{
    /// <summary>2,000 draws from N(-3, 1) and 1,000 from N(4, 0.5^2), shuffled.</summary>
    private static (Matrix Data, int[] Truth) TwoGaussians()
    {
        var rng = new Random(5);
        int[] truth = Enumerable.Repeat(0, 2000).Concat(Enumerable.Repeat(1, 1000)).ToArray();
        rng.Shuffle(truth);
        var xs = truth.Select(t => (float)(t == 0 ? -3 + TestData.Gaussian(rng) : 4 + 0.5 * TestData.Gaussian(rng))).ToArray();
        return (TestData.Column(xs), truth);
    }

    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Diag)]
    [InlineData(CovarianceType.Spherical)]
    public void Fit_recovers_means_variances_and_weights_of_two_one_dimensional_gaussians(CovarianceType type)
    {
        var (data, truth) = TwoGaussians();
        var result = GaussianMixture.Fit(data, new GaussianMixtureOptions(K: 2, CovarianceType: type));
        var model = result.Model;
        int low = model.Means[0] < model.Means[1] ? 0 : 1, high = 1 - low;

        Assert.Equal(-3.0, model.Means[low], 0.1);
        Assert.Equal(4.0, model.Means[high], 0.05);
        Assert.Equal(1.0, model.Covariances[low], 0.1);
        Assert.Equal(0.25, model.Covariances[high], 0.03);
        Assert.Equal(2.0 / 3, model.Weights[low], 0.01);
        Assert.True(result.Converged);
        Assert.True(ExternalMetrics.Accuracy(truth, result.Labels) > 0.999);
    }

    [Fact]
    public void Bic_of_one_gaussian_on_two_points_matches_the_formula_worked_by_hand()
    {
        // Points 0 and 2: mean 1, variance 1, so each point is one standard deviation out:
        // ln L = 2 (-ln(2 pi) / 2 - 1 / 2) = -ln(2 pi) - 1, with 2 parameters (mean, variance): BIC = -2 ln L + 2 ln 2.
        var result = GaussianMixture.Fit(TestData.Column(0, 2), new GaussianMixtureOptions(K: 1, RegCovar: 0));
        double logLikelihood = -Math.Log(2 * Math.PI) - 1;

        Assert.Equal(1.0, result.Model.Means[0], 12);
        Assert.Equal(1.0, result.Model.Covariances[0], 12);
        Assert.Equal(logLikelihood, result.LogLikelihood, 10);
        Assert.Equal(-2 * logLikelihood + 2 * Math.Log(2), result.Bic, 10);
    }

    [Theory]
    [InlineData(CovarianceType.Full, 44)]      // 12 means + 2 weights + 3 x (4 x 5 / 2)
    [InlineData(CovarianceType.Diag, 26)]      // 12 means + 2 weights + 3 x 4
    [InlineData(CovarianceType.Spherical, 17)] // 12 means + 2 weights + 3
    public void Parameter_count_for_bic_depends_on_the_covariance_type(CovarianceType type, int expected)
    {
        var model = new GaussianMixtureModel(type, 4, new double[3], new double[12], Array.Empty<double>());
        Assert.Equal(expected, model.ParameterCount);
    }

    [Fact]
    public void Full_covariance_recovers_a_correlated_gaussian_and_beats_diagonal_on_it()
    {
        // x = z1 * sqrt(2); y = 0.6 x + 0.8 z2 * ..., giving covariance [[2, 1.2], [1.2, 1.36]].
        var rng = new Random(3);
        var values = new float[4000 * 2];
        for (int i = 0; i < 4000; i++)
        {
            double x = Math.Sqrt(2) * TestData.Gaussian(rng);
            values[2 * i] = (float)x;
            values[2 * i + 1] = (float)(0.6 * x + 0.8 * TestData.Gaussian(rng));
        }
        var data = new Matrix(values, 4000, 2);
        var full = GaussianMixture.Fit(data, new GaussianMixtureOptions(K: 1));
        var diag = GaussianMixture.Fit(data, new GaussianMixtureOptions(K: 1, CovarianceType: CovarianceType.Diag));

        Assert.Equal(2.0, full.Model.Covariances[0], 0.15);
        Assert.Equal(1.2, full.Model.Covariances[1], 0.1);
        Assert.Equal(full.Model.Covariances[1], full.Model.Covariances[2]);
        Assert.Equal(1.36, full.Model.Covariances[3], 0.1);
        Assert.True(full.Bic < diag.Bic, $"{full.Bic} >= {diag.Bic}");
    }

    [Fact]
    public void Probabilities_sum_to_one_even_for_rows_far_from_every_component()
    {
        var (data, _) = TwoGaussians();
        var result = GaussianMixture.Fit(data, new GaussianMixtureOptions(K: 2));
        // 1e4 standard deviations out every density underflows to 0 in linear space; log-sum-exp must cope.
        var far = TestData.Column(-1e4f, 0.5f, 1e4f);
        var proba = result.Model.PredictProba(far);

        for (int i = 0; i < far.Rows; i++)
        {
            Assert.All(proba.Row(i).ToArray(), p => Assert.True(float.IsFinite(p)));
            Assert.Equal(1.0, proba.Row(i)[0] + proba.Row(i)[1], 5);
        }
        Assert.Equal(result.Labels, result.Model.Predict(data));
        for (int i = 0; i < data.Rows; i++)
            Assert.Equal(1.0, result.Probabilities.Row(i)[0] + result.Probabilities.Row(i)[1], 5);
    }

    [Fact]
    public void A_component_collapsed_on_duplicates_without_regularisation_is_refused_with_advice()
    {
        var data = TestData.Column(1, 1, 1, 5, 5, 5);
        var error = Assert.Throws<ArgumentException>(() => GaussianMixture.Fit(data, new GaussianMixtureOptions(K: 2, RegCovar: 0)));
        Assert.Contains("reg_covar", error.Message);
        // The default regularisation keeps the same fit well defined.
        var result = GaussianMixture.Fit(data, new GaussianMixtureOptions(K: 2));
        Assert.Equal(1.0, ExternalMetrics.Accuracy(new[] { 0, 0, 0, 1, 1, 1 }, result.Labels));
    }
}
