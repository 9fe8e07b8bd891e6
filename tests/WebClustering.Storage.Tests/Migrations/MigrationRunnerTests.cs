using WebClustering.Storage.Migrations;
using WebClustering.Storage.Tests.Infrastructure;

namespace WebClustering.Storage.Tests.Migrations;

public class MigrationRunnerTests
{
    [Fact]
    public void The_embedded_scripts_are_numbered_one_by_one_from_one()
    {
        var versions = MigrationRunner.Embedded().Select(m => m.Version).ToList();

        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
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
