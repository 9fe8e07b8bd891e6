using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WebClustering.Api.Tests.Browser;

/// <summary>
/// Debian's Chromium, headless, driven over the DevTools protocol (a WebSocket, JSON commands) with nothing but
/// the BCL: packages that download their own browser do not work on these machines.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly Process process;
    private readonly string profile;
    private readonly ClientWebSocket socket = new();
    private int nextId;

    private HeadlessChromium(Process process, string profile) => (this.process, this.profile) = (process, profile);

    public static string? FindExecutable() =>
        new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    /// <summary>Starts Chromium, attaches to its page and navigates it to <paramref name="url"/>.</summary>
    public static async Task<HeadlessChromium> OpenAsync(string url, int width = 1400, int height = 1800)
    {
        var executable = FindExecutable() ?? throw new InvalidOperationException(
            "Chromium not found: run `bash deploy/test.sh` (it installs Debian's chromium) or `apt-get install -y chromium`, or set CHROMIUM_PATH.");
        var profile = Directory.CreateTempSubdirectory("wc-chromium-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
            $"--user-data-dir={profile}", "--remote-debugging-port=0", $"--window-size={width},{height}", "about:blank" })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var browser = new HeadlessChromium(process, profile);
        try
        {
            await browser.AttachAsync(TimeSpan.FromSeconds(30));
            // Navigating here rather than from the command line: the page attached to is then surely the one asked for.
            await browser.SendAsync("Page.navigate", new { url });
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    private async Task AttachAsync(TimeSpan timeout)
    {
        // With port 0 Chromium picks a free port and writes it to DevToolsActivePort in the profile.
        var deadline = DateTime.UtcNow + timeout;
        var portFile = Path.Combine(profile, "DevToolsActivePort");
        string? pageSocket = null;
        using var http = new HttpClient();
        while (pageSocket is null)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Chromium did not open its DevTools port.");
            if (process.HasExited) throw new InvalidOperationException($"Chromium exited with {process.ExitCode}.");
            await Task.Delay(200);
            if (!File.Exists(portFile)) continue;
            var lines = await File.ReadAllLinesAsync(portFile);
            if (lines.Length == 0 || !int.TryParse(lines[0], out var port)) continue;
            var targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list"))!.AsArray();
            pageSocket = targets.FirstOrDefault(t => (string?)t!["type"] == "page")?["webSocketDebuggerUrl"]?.GetValue<string>();
        }
        await socket.ConnectAsync(new Uri(pageSocket), CancellationToken.None);
    }

    /// <summary>Sends one DevTools command and returns its result, skipping the events that arrive in between.</summary>
    public async Task<JsonNode> SendAsync(string method, object? parameters = null)
    {
        var id = ++nextId;
        var message = JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters ?? new { } });
        await socket.SendAsync(message, WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[1 << 16];
        while (true)
        {
            using var received = new MemoryStream();
            WebSocketReceiveResult part;
            do
            {
                part = await socket.ReceiveAsync(buffer, CancellationToken.None);
                received.Write(buffer, 0, part.Count);
            } while (!part.EndOfMessage);
            var reply = JsonNode.Parse(Encoding.UTF8.GetString(received.ToArray()))!;
            if ((int?)reply["id"] != id) continue;
            if (reply["error"] is { } error) throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}");
            return reply["result"]!;
        }
    }

    /// <summary>Evaluates a JavaScript expression in the page and returns its value (by value, as JSON).</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new { expression, returnByValue = true, awaitPromise = true });
        if (result["exceptionDetails"] is { } exception) throw new InvalidOperationException($"Script failed: {exception.ToJsonString()}");
        return result["result"]!["value"];
    }

    /// <summary>Puts a local file in a file input, as a person choosing it would.</summary>
    public async Task SetFileAsync(string selector, string path)
    {
        var found = await SendAsync("Runtime.evaluate", new { expression = $"document.querySelector({JsonSerializer.Serialize(selector)})" });
        var objectId = (string?)found["result"]!["objectId"] ?? throw new InvalidOperationException($"No element matches {selector}.");
        await SendAsync("DOM.setFileInputFiles", new { files = new[] { path }, objectId });
    }

    public async Task<byte[]> ScreenshotAsync() =>
        Convert.FromBase64String((string)(await SendAsync("Page.captureScreenshot", new { format = "png", captureBeyondViewport = true }))["data"]!);

    public async ValueTask DisposeAsync()
    {
        socket.Dispose();
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }
        process.Dispose();
        try { Directory.Delete(profile, recursive: true); } catch (IOException) { } // a child may still hold a file
    }
}
