namespace WebClustering.Api.OpenApi;

/// <summary>
/// One ready-to-run job configuration per model kind, shown as named examples in Swagger UI. Each runs as it is once
/// the dataset id names a dataset of the right kind (images for conv and vae, sequences for sequence).
/// </summary>
public static class JobExamples
{
    public const string Conv = """
        {
          "datasetId": "00000000-0000-0000-0000-000000000000",
          "model": { "kind": "conv", "encoder": [ { "outChannels": 16, "kernel": 3, "pool": 2 }, { "outChannels": 32, "kernel": 3, "pool": 2 } ], "latentDim": 10, "upsampling": "nearest", "activation": "relu" },
          "training": { "epochs": 20, "batchSize": 128, "learningRate": 0.001, "optimizer": "adam", "preprocessing": "minmax", "validationFraction": 0.1, "earlyStopping": { "patience": 5 } },
          "clustering": { "algorithm": "kmeans", "k": 10, "nInit": 10 }
        }
        """;

    public const string Vae = """
        {
          "datasetId": "00000000-0000-0000-0000-000000000000",
          "model": { "kind": "vae", "backbone": "conv", "encoder": [ { "outChannels": 16, "pool": 2 }, { "outChannels": 32, "pool": 2 } ], "latentDim": 8, "beta": 1.0, "outputActivation": "sigmoid" },
          "training": { "epochs": 20, "batchSize": 128, "learningRate": 0.001, "optimizer": "adamw", "weightDecay": 0.0001, "loss": "bce", "preprocessing": "minmax", "schedule": { "kind": "cosine", "minLearningRate": 0.0001 } },
          "clustering": { "algorithm": "kmeans", "k": 10, "nInit": 10 }
        }
        """;

    public const string Sequence = """
        {
          "datasetId": "00000000-0000-0000-0000-000000000000",
          "model": { "kind": "sequence", "cell": "lstm", "hiddenSize": 32, "layers": 1, "latentDim": 4 },
          "training": { "epochs": 30, "batchSize": 32, "learningRate": 0.01, "optimizer": "adam", "preprocessing": "none", "maxGradNorm": 1.0 },
          "clustering": { "algorithm": "kmeans", "k": 3, "nInit": 10 }
        }
        """;

    public const string Denoising = """
        {
          "datasetId": "00000000-0000-0000-0000-000000000000",
          "model": { "kind": "dense", "hiddenLayers": [64, 32], "latentDim": 4, "activation": { "name": "elu", "alpha": 0.5 }, "init": "kaiming_normal" },
          "training": { "epochs": 50, "batchSize": 64, "learningRate": 0.05, "optimizer": "sgd", "momentum": 0.9, "nesterov": true, "schedule": { "kind": "step", "stepSize": 20, "gamma": 0.5 }, "preprocessing": "standardize", "noise": { "kind": "gaussian", "amount": 0.2 } },
          "clustering": { "algorithm": "kmeans", "k": 3, "nInit": 10 }
        }
        """;

    public const string TableWithGaps = """
        {
          "datasetId": "00000000-0000-0000-0000-000000000000",
          "model": { "kind": "dense", "hiddenLayers": [32, 16], "latentDim": 4, "activation": { "name": "leaky_relu", "alpha": 0.2 } },
          "training": { "epochs": 50, "batchSize": 64, "learningRate": 0.003, "preprocessing": "standardize", "missingValues": "median" },
          "clustering": { "algorithm": "kmeans", "k": 3, "nInit": 10 }
        }
        """;

    /// <summary>Name, summary and JSON of every job example; the first is the plain dense job.</summary>
    public static readonly (string Name, string Summary, string Json)[] All =
    [
        ("dense", "Dense autoencoder on a table (or any dataset, flattened)", Examples.CreateJob),
        ("conv", "Convolutional autoencoder on images, with early stopping", Conv),
        ("vae", "Variational autoencoder on images (conv backbone, bce, adamw, cosine schedule)", Vae),
        ("sequence", "LSTM autoencoder on sequences, with gradient clipping", Sequence),
        ("denoising", "Denoising dense autoencoder (gaussian noise, sgd with nesterov, step schedule)", Denoising),
        ("gaps", "A CSV table uploaded with missingValues=keep: this job fills its gaps with each column's median", TableWithGaps),
        ("fine-tune", "Fine-tune a registered model (training.initFrom) on new rows of the same layout; registered as the next version of its name", RegistryExamples.FineTune),
    ];
}
