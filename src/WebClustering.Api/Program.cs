using WebClustering.Api.Hosting;
using WebClustering.Api.Tenants;

// `keys ...` and `tenants ...` manage API keys instead of running the service (README: Tenants and API keys).
if (KeysCommand.Handles(args)) return await KeysCommand.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
builder.AddWebClustering();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseWebClustering();
app.Run();
return 0;

/// <summary>Entry point; public so integration tests can host it.</summary>
public partial class Program;
