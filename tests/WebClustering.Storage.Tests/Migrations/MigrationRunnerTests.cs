using WebClustering.Storage.Migrations;
using WebClustering.Storage.Tests.Infrastructure;

namespace WebClustering.Storage.Tests.Migrations;

public class MigrationRunnerTests
{
    [Fact]
    public void The_embedded_scripts_are_numbered_in_ascending_order_without_repeats()
    {
        var versions = MigrationRunner.Embedded().Select(m => m.Version).ToList();

        // Numbers are handed out to work in progress ahead of time, so a branch may lack one; repeats never pass.
        Assert.Equal(1, versions[0]);
        Assert.Equal(versions.Distinct().Order(), versions);
        Assert.All(MigrationRunner.Embedded(), m => Assert.False(string.IsNullOrWhiteSpace(m.Sql), m.Name));
    }

    [Fact]
    public async Task Every_script_is_applied_once_in_order_and_a_second_run_applies_none()
    {
        var database = new StorageDatabase { Migrate = false };
        await database.InitializeAsync();
        try
        {
            var runner = new MigrationRunner(database.DataSource);

            var first = await runner.ApplyAsync();
            var second = await runner.ApplyAsync();

            Assert.Equal(MigrationRunner.Embedded().Select(m => m.Version), first);
            Assert.Empty(second);
            Assert.Equal((long)first.Count, await database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
            Assert.Equal("default", await database.ScalarAsync<string>("SELECT name FROM tenants"));
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Processes_starting_together_apply_each_script_once()
    {
        var database = new StorageDatabase { Migrate = false };
        await database.InitializeAsync();
        try
        {
            // Two data sources: two processes' pools, so the advisory lock is all that keeps them apart.
            await using var other = Npgsql.NpgsqlDataSource.Create(database.ConnectionString);

            var applied = await Task.WhenAll(new MigrationRunner(database.DataSource).ApplyAsync(), new MigrationRunner(other).ApplyAsync());

            Assert.Equal(MigrationRunner.Embedded().Select(m => m.Version), applied.SelectMany(a => a).Order());
            Assert.Empty(applied[0].Intersect(applied[1]));
        }
        finally
        {
            await database.DisposeAsync();
        }
    }
}
