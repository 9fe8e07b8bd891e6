using System.Net.Sockets;
using Npgsql;

namespace WebClustering.Storage;

/// <summary>
/// Tells faults that may pass by themselves (the database restarting, a dropped connection, a timeout) from those
/// that will not (a bad configuration, bad data, a bug). Only the first kind is worth another attempt.
/// </summary>
public static class TransientFaults
{
    // Connection exceptions (08), resources (53), the server shutting down or starting (57P01-57P03), and
    // conflicts that a retry resolves (40001 serialization failure, 40P01 deadlock).
    private static readonly string[] TransientStates = ["57P01", "57P02", "57P03", "40001", "40P01"];

    public static bool IsTransient(Exception exception) => exception switch
    {
        OperationCanceledException => false,
        PostgresException postgres => postgres.IsTransient || postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("53", StringComparison.Ordinal) || TransientStates.Contains(postgres.SqlState),
        NpgsqlException npgsql => npgsql.IsTransient || Inner(npgsql),
        SocketException or IOException or TimeoutException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransient),
        // Anything else is the job's own problem, even when it wraps an I/O error (a truncated file, say).
        _ => false,
    };

    private static bool Inner(Exception exception) => exception.InnerException is { } inner && IsTransient(inner);
}
