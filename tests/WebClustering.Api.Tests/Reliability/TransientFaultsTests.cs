using System.Net.Sockets;
using Npgsql;
using WebClustering.Api.Tests.Infrastructure;
using WebClustering.Core.Training;
using WebClustering.Storage;

namespace WebClustering.Api.Tests.Reliability;

/// <summary>Which faults earn a job another attempt: real PostgreSQL errors, provoked here, and the exceptions jobs fail with.</summary>
public sealed class TransientFaultsTests
{
    [Fact]
    public async Task A_server_that_refuses_connections_is_a_transient_fault()
    {
        var unreachable = $"Host=127.0.0.1;Port={ServiceProcess.FreePort()};Username=x;Password=x;Timeout=2;Pooling=false";

        var error = await Assert.ThrowsAnyAsync<NpgsqlException>(async () =>
        {
            await using var connection = new NpgsqlConnection(unreachable);
            await connection.OpenAsync();
        });

        Assert.True(TransientFaults.IsTransient(error), error.ToString());
    }

    [Fact]
    public async Task A_connection_the_server_terminates_is_a_transient_fault()
    {
        // What a restart with pg_ctl stop -m fast does to every open connection.
        var unpooled = new NpgsqlConnectionStringBuilder(TestDatabase.SharedAdminConnection) { Pooling = false }.ConnectionString;
        await using var victim = new NpgsqlConnection(unpooled);
        await victim.OpenAsync();
        await using (var admin = new NpgsqlConnection(unpooled))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", admin);
            terminate.Parameters.AddWithValue("pid", victim.ProcessID);
            Assert.True((bool)(await terminate.ExecuteScalarAsync())!);
        }

        var error = await Assert.ThrowsAnyAsync<NpgsqlException>(async () =>
        {
            await using var command = new NpgsqlCommand("SELECT 1", victim);
            await command.ExecuteScalarAsync();
        });

        Assert.True(TransientFaults.IsTransient(error), error.ToString());
    }

    [Theory]
    [InlineData("SELEC 1")]                                // syntax error, 42601
    [InlineData("SELECT 1 / 0")]                           // division by zero, 22012
    [InlineData("SELECT * FROM no_such_table_anywhere")]   // undefined table, 42P01
    public async Task A_statement_the_server_rejects_is_not_transient(string sql)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.SharedAdminConnection);
        await connection.OpenAsync();

        var error = await Assert.ThrowsAsync<PostgresException>(async () => await new NpgsqlCommand(sql, connection).ExecuteScalarAsync());

        Assert.False(TransientFaults.IsTransient(error), error.SqlState);
    }

    [Fact]
    public void Bad_configurations_and_bad_data_are_not_transient_while_lost_connections_and_timeouts_are()
    {
        Assert.False(TransientFaults.IsTransient(new ArgumentException("hiddenLayers: must not be empty")));
        Assert.False(TransientFaults.IsTransient(new TrainingDivergedException("Training diverged")));
        Assert.False(TransientFaults.IsTransient(new InvalidDataException("bad row")));
        Assert.False(TransientFaults.IsTransient(new InvalidOperationException("wrapped", new IOException("truncated file"))));
        Assert.False(TransientFaults.IsTransient(new OperationCanceledException()));

        Assert.True(TransientFaults.IsTransient(new SocketException((int)SocketError.ConnectionReset)));
        Assert.True(TransientFaults.IsTransient(new IOException("Unable to read data from the transport connection")));
        Assert.True(TransientFaults.IsTransient(new TimeoutException()));
        Assert.True(TransientFaults.IsTransient(new AggregateException(new TimeoutException(), new SocketException())));
    }
}
