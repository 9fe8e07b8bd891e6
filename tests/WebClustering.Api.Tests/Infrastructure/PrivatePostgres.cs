using System.Diagnostics;
namespace WebClustering.Api.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of the test's own (initdb in a temporary directory, a free port), for tests that stop and
/// start the database: the shared cluster serves every other test and must never be restarted. initdb and
/// postgres refuse to run as root, so as root they run as the <c>postgres</c> user with <c>runuser</c>.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string directory;
    private readonly string binaries;

    private PrivatePostgres(string directory, string binaries, int port)
    {
        this.directory = directory;
        this.binaries = binaries;
        Port = port;
    }

    public int Port { get; }

    private string DataDirectory => Path.Combine(directory, "data");

    /// <summary>The server's superuser connection to its <c>postgres</c> database (trust authentication on loopback).</summary>
    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=5";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var binaries = FindBinaries();
        var directory = Path.Combine(Path.GetTempPath(), $"wc-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var server = new PrivatePostgres(directory, binaries, ServiceProcess.FreePort());
        if (Environment.UserName == "root") await Run("chown", "postgres:postgres", directory);
        await server.RunAsServerUser("initdb", "-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8");
        await server.StartServerAsync();
        return server;
    }

    /// <summary>Starts the server (again) and waits until it accepts connections.</summary>
    public async Task StartServerAsync()
    {
        // fsync off: the test needs a server that restarts, not one that survives a power cut.
        await RunAsServerUser("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60", "start");
    }

    /// <summary>pg_ctl stop -m fast: open connections are closed at once, as when a database is restarted for maintenance.</summary>
    public Task StopServerAsync() => RunAsServerUser("pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop");

    public string Log => File.Exists(Path.Combine(directory, "server.log")) ? File.ReadAllText(Path.Combine(directory, "server.log")) : "";

    private Task RunAsServerUser(string program, params string[] arguments)
    {
        var path = Path.Combine(binaries, program);
        return Environment.UserName == "root" ? Run("runuser", ["-u", "postgres", "--", path, .. arguments]) : Run(path, arguments);
    }

    private static async Task Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }

    private static string FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        var found = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb"))).OrderByDescending(bin => bin, StringComparer.Ordinal).FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException($"No PostgreSQL server binaries (initdb) under {root}; apt-get install postgresql.");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsServerUser("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Not running.
        }
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
