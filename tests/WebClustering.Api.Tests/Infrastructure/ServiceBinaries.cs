namespace WebClustering.Api.Tests.Infrastructure;

/// <summary>Where the built service is, to run it as a process of its own.</summary>
public static class ServiceBinaries
{
    public static string ApiDll => apiDll.Value;

    private static readonly Lazy<string> apiDll = new(Locate);

    private static string Locate()
    {
        // The test output holds a runnable copy: a referenced executable comes with its runtimeconfig and deps files.
        var here = Path.Combine(AppContext.BaseDirectory, "WebClustering.Api.dll");
        if (Runnable(here)) return here;

        // Otherwise the Api project's own output of the same configuration and framework (bin/<configuration>/<tfm>).
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = output.Name, configuration = output.Parent?.Name ?? "Release";
        for (var directory = output; directory is not null; directory = directory.Parent)
        {
            if (!File.Exists(Path.Combine(directory.FullName, "WebClustering.sln"))) continue;
            var built = Path.Combine(directory.FullName, "src", "WebClustering.Api", "bin", configuration, framework, "WebClustering.Api.dll");
            if (Runnable(built)) return built;
            break;
        }
        throw new FileNotFoundException($"No runnable WebClustering.Api.dll beside the tests ({here}) or in the Api project's bin/{configuration}/{framework}.");
    }

    private static bool Runnable(string dll) => File.Exists(dll) && File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json"));
}
