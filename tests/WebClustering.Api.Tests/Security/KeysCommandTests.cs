using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Configuration;
using WebClustering.Api.Tenants;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Security;

/// <summary>The service's <c>keys</c> and <c>tenants</c> commands, in-process through their class and once as a real process.</summary>
[Collection(SecurityCollection.Name)]
public sealed class KeysCommandTests(SecurityFixture service)
{
    private async Task<(int Exit, string Output, string Errors)> Run(params string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:WebClustering"] = service.ConnectionString })
            .Build();
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exit = await KeysCommand.RunAsync(args, configuration, output, errors);
        return (exit, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task Keys_create_prints_a_working_key_and_keys_revoke_stops_one()
    {
        var (exit, output, errors) = await Run("keys", "create", "--tenant", "cli-tenant", "--name", "ci");
        Assert.True(exit == 0, errors);
        var key = output.Trim();
        Assert.StartsWith(ApiKeys.Marker, key);
        Assert.DoesNotContain('\n', key); // the key alone on standard output, for scripts
        Assert.Contains("shown only this once", errors);
        await (await service.WithKey(key).GetAsync("/api/datasets")).ShouldHaveStatus(HttpStatusCode.OK);

        var (_, second, _) = await Run("keys", "create", "--tenant", "cli-tenant");
        var (listExit, listing, _) = await Run("keys", "list", "--tenant", "cli-tenant");
        Assert.Equal(0, listExit);
        var line = listing.Split('\n').Single(l => l.Contains(second.Trim()[..ApiKeys.PrefixLength]));
        Assert.DoesNotContain(second.Trim(), listing);
        Assert.DoesNotContain(key, listing);

        var secondId = line.Split('\t')[0];
        var (revokeExit, revoked, revokeErrors) = await Run("keys", "revoke", secondId);
        Assert.True(revokeExit == 0, revokeErrors);
        Assert.Contains(secondId, revoked);
        await (await service.WithKey(second.Trim()).GetAsync("/api/datasets")).ShouldBeProblem(HttpStatusCode.Unauthorized);
        await (await service.WithKey(key).GetAsync("/api/datasets")).ShouldHaveStatus(HttpStatusCode.OK);
        var (_, after, _) = await Run("keys", "list", "--tenant", "cli-tenant");
        Assert.NotEqual("", after.Split('\n').Single(l => l.StartsWith(secondId)).Split('\t')[5].Trim()); // revoked column
    }

    [Fact]
    public async Task Tenants_are_created_once_and_listed()
    {
        Assert.Equal(0, (await Run("tenants", "create", "cli-made")).Exit);
        var again = await Run("tenants", "create", "cli-made");
        Assert.Equal(1, again.Exit);
        Assert.Contains("exists", again.Errors);
        Assert.Contains("\tcli-made\t", (await Run("tenants", "list")).Output);
        Assert.Contains("\tdefault\t", (await Run("tenants", "list")).Output); // the built-in tenant of anonymous mode
    }

    [Theory]
    [InlineData("keys", "create")]
    [InlineData("keys", "create", "--tenant", "no spaces")]
    [InlineData("keys", "revoke", "not-a-guid")]
    [InlineData("keys", "rotate")]
    [InlineData("keys")]
    public async Task Usage_errors_exit_with_2_and_explain(params string[] args)
    {
        var (exit, output, errors) = await Run(args);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("Usage:", errors);
    }

    [Fact]
    public async Task Revoking_an_unknown_key_fails()
    {
        var (exit, _, errors) = await Run("keys", "revoke", Guid.NewGuid().ToString());
        Assert.Equal(1, exit);
        Assert.Contains("no key", errors);
    }

    [Fact]
    public async Task The_service_binary_runs_the_command_as_a_process()
    {
        var dll = typeof(KeysCommand).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
        foreach (var arg in new[] { dll, "keys", "create", "--tenant", "process-tenant" }) start.ArgumentList.Add(arg);
        start.Environment["ConnectionStrings__WebClustering"] = service.ConnectionString;
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // a hung process fails the test instead of the run
        await process.WaitForExitAsync(limit.Token);

        Assert.True(process.ExitCode == 0, await errors);
        var key = (await output).Trim();
        Assert.StartsWith(ApiKeys.Marker, key);
        await (await service.WithKey(key).GetAsync("/api/jobs")).ShouldHaveStatus(HttpStatusCode.OK);
    }
}
