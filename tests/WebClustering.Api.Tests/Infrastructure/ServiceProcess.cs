using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace WebClustering.Api.Tests.Infrastructure;

/// <summary>
/// The built service run as a real process (<c>dotnet WebClustering.Api.dll</c>) on its own loopback port, for
/// tests of what happens to processes: killed, stopped, two of them sharing a queue. Its console output is kept
/// for waiting on log lines and for the failure message.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    // Whatever happens to a test, no service process outlives the test run.
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    static ServiceProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var process in Running.Values)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
    };

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly Lock gate = new();

    private ServiceProcess(Process process, string name, Uri address)
    {
        this.process = process;
        Name = name;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>What the test calls it in messages.</summary>
    public string Name { get; }

    public int Pid => process.Id;

    /// <summary>The name a job records for the worker that ran it (see WorkerIdentity).</summary>
    public string WorkerName => $"{Environment.MachineName}:{process.Id}";

    public HttpClient Client { get; }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public string Output
    {
        get { lock (gate) return output.ToString(); }
    }

    /// <summary>Starts the service and waits until it answers <c>/health/live</c>.</summary>
    /// <param name="roles">WebClustering:Roles, e.g. "Api" or "Worker".</param>
    /// <param name="settings">More configuration, as environment variables (WebClustering__CheckpointEvery, ...).</param>
    public static async Task<ServiceProcess> StartAsync(string name, string connectionString, string roles,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var dll = ServiceBinaries.ApiDll;
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.Environment["ConnectionStrings__WebClustering"] = connectionString;
        start.Environment["WebClustering__Roles"] = roles;
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        // Two cores shared with the test host: one libtorch thread per worker.
        start.Environment["WebClustering__TrainingThreads"] = "1";
        start.Environment["WebClustering__QueuePollInterval"] = "00:00:00.200";
        start.Environment["WebClustering__ProgressInterval"] = "00:00:00.200";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        start.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;

        var service = new ServiceProcess(new Process { StartInfo = start, EnableRaisingEvents = true }, name, address);
        service.process.OutputDataReceived += (_, e) => service.Append(e.Data);
        service.process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        service.process.Start();
        Running[service.process.Id] = service.process;
        service.process.BeginOutputReadLine();
        service.process.BeginErrorReadLine();
        try
        {
            await service.WaitUntilLiveAsync(TimeSpan.FromSeconds(90));
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
        return service;
    }

    /// <summary>kill -9: the process ends at once, with no chance to save or hand anything back.</summary>
    public void Kill() => process.Kill(entireProcessTree: true);

    /// <summary>kill -TERM: what a container runtime or systemd sends; the service shuts down gracefully.</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>kill -STOP: the process freezes (a hung host, a long GC pause): alive, but silent, heartbeat included.</summary>
    public void Freeze() => Signal("STOP");

    /// <summary>kill -CONT: a frozen process goes on where it stopped, unaware of the time it lost.</summary>
    public void Thaw() => Signal("CONT");

    private void Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { $"-{signal}", process.Id.ToString() }, UseShellExecute = false })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -{signal} {process.Id} exited with {kill.ExitCode}.");
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Waits for a line of console output containing <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Name} did not write '{text}' within {timeout}.\n{Tail()}");
            if (process.HasExited) throw new InvalidOperationException($"{Name} exited ({process.ExitCode}) before writing '{text}'.\n{TailAfterExit()}");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// The last lines of an exited process: HasExited can be true while its last output events are still queued, and
    /// the parameterless WaitForExit waits for the redirected streams to reach their end.
    /// </summary>
    private string TailAfterExit()
    {
        process.WaitForExit();
        return Tail(200);
    }

    /// <summary>The last lines of output, for failure messages.</summary>
    public string Tail(int lines = 40)
    {
        var all = Output.Split('\n');
        return $"--- {Name} (pid {process.Id}) ---\n" + string.Join('\n', all.TakeLast(lines));
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (gate) output.AppendLine(line);
    }

    private async Task WaitUntilLiveAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"{Name} exited ({process.ExitCode}) while starting.\n{TailAfterExit()}");
            try
            {
                if ((await Client.GetAsync("/health/live")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Name} did not come up within {timeout}.\n{Tail()}");
            await Task.Delay(200);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
        Running.TryRemove(process.Id, out _);
        Client.Dispose();
        process.Dispose();
    }
}
