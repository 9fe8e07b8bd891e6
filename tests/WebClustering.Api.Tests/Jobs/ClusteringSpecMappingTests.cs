using System.Text.Json;
using System.Text.Json.Nodes;
using WebClustering.Api.Hosting;
using WebClustering.Api.Jobs;
using WebClustering.Core.Clustering;

namespace WebClustering.Api.Tests.Jobs;

public class ClusteringSpecMappingTests
{
    private static ClusteringConfig Parse(string json) => JsonSerializer.Deserialize<ClusteringConfig>(json, ApiJson.Options)!;

    [Fact]
    public void Todays_kmeans_configuration_means_the_same_k_means()
    {
        var spec = Parse("""{"algorithm":"kmeans","k":4,"nInit":3}""").ToSpec();

        Assert.Equal((ClusteringAlgorithm.KMeans, 4, 3, (KRange?)null), (spec.Algorithm, spec.K, spec.Kmeans.NInit, spec.KRange));
        Assert.Equal(new KMeansSpec { NInit = 3 }, spec.Kmeans);
    }

    [Fact]
    public void Options_go_to_the_chosen_algorithms_block()
    {
        var dbscan = Parse("""{"algorithm":"dbscan","options":{"eps":0.25,"min_samples":9}}""").ToSpec();
        var idec = Parse("""{"algorithm":"idec","k":3,"nInit":2,"options":{"gamma":0.5,"updateInterval":7}}""").ToSpec();

        Assert.Equal((0.25, 9), (dbscan.Dbscan.Eps, dbscan.Dbscan.MinSamples));
        Assert.Equal((0.5, 7, 2), (idec.Dec.Gamma, idec.Dec.UpdateInterval, idec.Kmeans.NInit));
    }

    [Fact]
    public void The_n2d_preset_is_the_manifold_recipe_with_its_defaults()
    {
        var config = Parse("""{"preset":"n2d","k":5}""").WithPresetAlgorithm();
        var spec = config.ToSpec();

        Assert.Equal("manifold", config.Algorithm);
        Assert.Equal((ClusteringAlgorithm.Manifold, 5, 20, 0.0, (int?)null), (spec.Algorithm, spec.K, spec.Manifold.NNeighbors, spec.Manifold.MinDist, spec.Manifold.NComponents));
        Assert.Equal(10, spec.Gmm.NInit);
        Assert.Equal(1, Parse("""{"algorithm":"manifold","k":5}""").ToSpec().Gmm.NInit);
    }

    [Fact]
    public void An_unknown_option_is_a_json_error_that_names_it()
    {
        var config = new ClusteringConfig("gmm", Options: new JsonObject { ["covariance"] = "diag" });

        var error = Assert.Throws<JsonException>(() => config.ToSpec());

        Assert.Contains("covariance", error.Message);
    }
}
