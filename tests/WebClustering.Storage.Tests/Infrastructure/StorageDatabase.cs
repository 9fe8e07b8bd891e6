using Npgsql;
using WebClustering.Storage.Migrations;

namespace WebClustering.Storage.Tests.Infrastructure;

/// <summary>
/// A throwaway database on the test PostgreSQL server (WEBCLUSTERING_TEST_ADMIN_CONNECTION, as the Api tests use),
/// migrated to the current schema, with one data source for the stores under test; dropped at the end.
/// </summary>
public sealed class StorageDatabase : IAsyncLifetime
{
    private static readonly string AdminConnection = Environment.GetEnvironmentVariable("WEBCLUSTERING_TEST_ADMIN_CONNECTION")
        ?? "Host=127.0.0.1;Username=webclustering;Password=webclustering;Database=postgres";

    private readonly string name = $"wc_test_{Guid.NewGuid():N}"[..24];
    private NpgsqlDataSource? dataSource;

    /// <summary>Whether <see cref="InitializeAsync"/> applies the migrations (the migration tests apply them themselves).</summary>
    public bool Migrate { get; init; } = true;

    public string ConnectionString => new NpgsqlConnectionStringBuilder(AdminConnection) { Database = name }.ConnectionString;

    public NpgsqlDataSource DataSource => dataSource ?? throw new InvalidOperationException("The database is not created yet.");

    public async Task InitializeAsync()
    {
        await AdminAsync($"CREATE DATABASE {name}");
        dataSource = NpgsqlDataSource.Create(ConnectionString);
        if (Migrate) await new MigrationRunner(dataSource).ApplyAsync();
    }

    /// <summary>One value read directly with SQL, to check what a store wrote.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var (key, value) in parameters) command.Parameters.AddWithValue(key, value);
        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default! : (T)result;
    }

    public async Task DisposeAsync()
    {
        if (dataSource is not null) await dataSource.DisposeAsync();
        await AdminAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    private static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
