using WebClustering.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddWebClustering();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseWebClustering();
app.Run();

/// <summary>Entry point; public so integration tests can host it.</summary>
public partial class Program;
