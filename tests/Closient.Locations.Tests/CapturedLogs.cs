using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Closient.Locations.Tests;

/// <summary>One log entry as a structured sink sees it: the event and its named fields.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, IReadOnlyDictionary<string, object?> Fields, string Message);

/// <summary>A logger provider that keeps every entry of the categories it is asked for, for assertions.</summary>
public sealed class CapturedLogs(string categoryPrefix) : ILoggerProvider
{
    readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => _entries.ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => category.StartsWith(owner._categoryPrefix, StringComparison.Ordinal);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value)
                : new Dictionary<string, object?>();
            owner._entries.Enqueue(new LogEntry(category, logLevel, eventId, fields, formatter(state, exception)));
        }
    }

    readonly string _categoryPrefix = categoryPrefix;
}
