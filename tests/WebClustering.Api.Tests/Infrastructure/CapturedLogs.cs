using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace WebClustering.Api.Tests.Infrastructure;

/// <summary>
/// A logger provider added to the hosted service that writes every line exactly as the service's console logger
/// would (its configured formatter and options, scopes included) and keeps the newest lines for tests to read.
/// </summary>
public sealed class CapturedLogs(IEnumerable<ConsoleFormatter> formatters, IOptionsMonitor<ConsoleLoggerOptions> console)
    : ILoggerProvider, ISupportExternalScope
{
    private const int MaxLines = 50_000;
    private readonly ConcurrentQueue<string> lines = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    /// <summary>The name of the console formatter the service chose (json or simple).</summary>
    public string FormatterName => console.CurrentValue.FormatterName ?? "simple";

    /// <summary>The captured lines, oldest first.</summary>
    public IReadOnlyList<string> Lines => [.. lines];

    /// <summary>The captured lines parsed as JSON; fails the test on a line that is not.</summary>
    public IReadOnlyList<JsonElement> JsonLines() => Parse(Lines);

    /// <summary>The captured lines that contain <paramref name="text"/> anywhere (message, state or scopes), parsed as JSON.</summary>
    public IReadOnlyList<JsonElement> JsonLinesWith(string text) => Parse(Lines.Where(line => line.Contains(text, StringComparison.Ordinal)));

    private static JsonElement[] Parse(IEnumerable<string> lines) => [.. lines.Select(line => JsonDocument.Parse(line).RootElement.Clone())];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose() { }

    private void Write<TState>(LogLevel level, string category, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> format)
    {
        var formatter = formatters.First(f => f.Name == FormatterName);
        using var writer = new StringWriter();
        formatter.Write(new Microsoft.Extensions.Logging.Abstractions.LogEntry<TState>(level, category, eventId, state, exception, format), scopes, writer);
        foreach (var line in writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            lines.Enqueue(line);
        while (lines.Count > MaxLines && lines.TryDequeue(out _)) { }
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner.Write(logLevel, category, eventId, state, exception, formatter);
        }
    }
}
