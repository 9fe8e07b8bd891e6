using Npgsql;
using WebClustering.Api.Hosting;
using WebClustering.Storage.Migrations;
using WebClustering.Storage.Tenants;

namespace WebClustering.Api.Tenants;

/// <summary>
/// The service's key management commands, run instead of the service when its first argument is "keys" or
/// "tenants" (e.g. <c>dotnet WebClustering.Api.dll keys create --tenant acme</c>). They use the service's
/// configuration (appsettings, environment) for the database and apply pending migrations first.
/// </summary>
public static class KeysCommand
{
    public const string Usage = """
        Usage:
          keys create --tenant <name> [--name <label>]   create a key (and the tenant if new); prints the key, shown only this once
          keys list [--tenant <name>]                    list keys: id, tenant, prefix, name, created, revoked
          keys revoke <key id>                           revoke a key
          tenants create <name>                          create a tenant
          tenants list                                   list tenants
        """;

    public static bool Handles(string[] args) => args is ["keys" or "tenants", ..];

    /// <summary>Runs the command with the service's usual configuration sources.</summary>
    public static Task<int> RunAsync(string[] args) =>
        RunAsync(args, WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] }).Configuration, Console.Out, Console.Error);

    /// <summary>Runs the command; the exit code is 0 on success, 1 when it failed, 2 for a usage error.</summary>
    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output, TextWriter errors)
    {
        if (!Handles(args) || args.Length < 2)
        {
            await errors.WriteLineAsync(Usage);
            return 2;
        }
        var connectionString = configuration.GetConnectionString(ServiceRegistration.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await errors.WriteLineAsync($"Set ConnectionStrings__{ServiceRegistration.ConnectionStringName} to the service's database.");
            return 1;
        }
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new MigrationRunner(dataSource).ApplyAsync();
        var tenants = new TenantKeys(new TenantStore(dataSource));
        var options = Options(args[2..]);
        return (args[0], args[1]) switch
        {
            ("keys", "create") => await CreateKeyAsync(tenants, options, output, errors),
            ("keys", "list") => await ListKeysAsync(tenants, options, output),
            ("keys", "revoke") => await RevokeAsync(tenants, options, output, errors),
            ("tenants", "create") => await CreateTenantAsync(tenants, options, output, errors),
            ("tenants", "list") => await ListTenantsAsync(tenants, output),
            _ => await UsageError(errors, $"Unknown command '{args[0]} {args[1]}'."),
        };
    }

    private static async Task<int> CreateKeyAsync(TenantKeys tenants, CommandOptions options, TextWriter output, TextWriter errors)
    {
        if (options.Named.GetValueOrDefault("tenant") is not { } tenant) return await UsageError(errors, "keys create needs --tenant <name>.");
        var name = options.Named.GetValueOrDefault("name");
        if ((TenantKeys.CheckTenantName(tenant) ?? TenantKeys.CheckKeyName(name)) is { } problem) return await UsageError(errors, problem);
        var created = await tenants.CreateKeyAsync(tenant, name, AdminActor.CommandLine("key.create"));
        if (created.TenantCreated) await errors.WriteLineAsync($"Created tenant {tenant}.");
        await errors.WriteLineAsync($"Created key {created.Record.Id} ({created.Record.Prefix}...) for tenant {tenant}. It is shown only this once:");
        // The key alone on standard output, so that scripts can capture it: KEY=$(... keys create --tenant acme)
        await output.WriteLineAsync(created.Key);
        return 0;
    }

    private static async Task<int> ListKeysAsync(TenantKeys tenants, CommandOptions options, TextWriter output)
    {
        await output.WriteLineAsync("id\ttenant\tprefix\tname\tcreated\trevoked");
        foreach (var key in await tenants.ListKeysAsync(options.Named.GetValueOrDefault("tenant")))
            await output.WriteLineAsync($"{key.Id}\t{key.TenantName}\t{key.Prefix}\t{key.Name}\t{key.CreatedAt:u}\t{key.RevokedAt:u}");
        return 0;
    }

    private static async Task<int> RevokeAsync(TenantKeys tenants, CommandOptions options, TextWriter output, TextWriter errors)
    {
        if (options.Positional is not [var text] || !Guid.TryParse(text, out var id))
            return await UsageError(errors, "keys revoke needs the key's id (keys list shows it).");
        if (await tenants.RevokeKeyAsync(id, AdminActor.CommandLine("key.revoke")) is not { } key)
        {
            await errors.WriteLineAsync($"There is no key with id {id}.");
            return 1;
        }
        await output.WriteLineAsync($"Revoked key {key.Id} ({key.Prefix}...) of tenant {key.TenantName}.");
        return 0;
    }

    private static async Task<int> CreateTenantAsync(TenantKeys tenants, CommandOptions options, TextWriter output, TextWriter errors)
    {
        if (options.Positional is not [var name]) return await UsageError(errors, "tenants create needs the tenant's name.");
        if (TenantKeys.CheckTenantName(name) is { } problem) return await UsageError(errors, problem);
        var (tenant, created) = await tenants.CreateTenantAsync(name, AdminActor.CommandLine("tenant.create"));
        if (!created)
        {
            await errors.WriteLineAsync($"Tenant {name} exists already.");
            return 1;
        }
        await output.WriteLineAsync($"Created tenant {tenant.Name} ({tenant.Id}).");
        return 0;
    }

    private static async Task<int> ListTenantsAsync(TenantKeys tenants, TextWriter output)
    {
        await output.WriteLineAsync("id\tname\tcreated");
        foreach (var tenant in await tenants.ListTenantsAsync())
            await output.WriteLineAsync($"{tenant.Id}\t{tenant.Name}\t{tenant.CreatedAt:u}");
        return 0;
    }

    private static async Task<int> UsageError(TextWriter errors, string message)
    {
        await errors.WriteLineAsync(message);
        await errors.WriteLineAsync(Usage);
        return 2;
    }

    private sealed record CommandOptions(Dictionary<string, string> Named, List<string> Positional);

    /// <summary>--name value pairs and the positional words between them.</summary>
    private static CommandOptions Options(string[] args)
    {
        var named = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var positional = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length) named[args[i][2..]] = args[++i];
            else positional.Add(args[i]);
        }
        return new CommandOptions(named, positional);
    }
}
