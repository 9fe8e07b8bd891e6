using Npgsql;

namespace WebClustering.Api.Tests.Infrastructure;

/// <summary>A throwaway database on a PostgreSQL server (the shared test cluster unless told otherwise), dropped at the end.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public static readonly string SharedAdminConnection = Environment.GetEnvironmentVariable("WEBCLUSTERING_TEST_ADMIN_CONNECTION")
        ?? "Host=127.0.0.1;Username=webclustering;Password=webclustering;Database=postgres";

    private readonly string adminConnectionString;
    private readonly string name = $"wc_test_{Guid.NewGuid():N}"[..24];

    private TestDatabase(string adminConnectionString) => this.adminConnectionString = adminConnectionString;

    public string ConnectionString => new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;

    /// <summary>For the test's own reads: unpooled, so that no connection outlives a restart of the server.</summary>
    public string ProbeConnectionString => new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString;

    public static async Task<TestDatabase> CreateAsync(string? adminConnectionString = null)
    {
        var database = new TestDatabase(adminConnectionString ?? SharedAdminConnection);
        await using var connection = new NpgsqlConnection(database.adminConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {database.name}", connection);
        await create.ExecuteNonQueryAsync();
        return database;
    }

    /// <summary>One value from the database (a count, a state), read directly.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ProbeConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (key, value) in parameters) command.Parameters.AddWithValue(key, value);
        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default! : (T)result;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(adminConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // A private server that is already gone takes its databases with it.
        }
    }
}
