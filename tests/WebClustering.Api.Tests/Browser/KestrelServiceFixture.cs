using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Browser;

/// <summary>
/// The service on a real Kestrel socket (127.0.0.1, a free port) for a browser to load; TestServer has no socket.
/// Its own collection, not run in parallel with <see cref="ServiceCollection"/>: Hangfire's statics allow one host at a time.
/// </summary>
public sealed class KestrelServiceFixture : ServiceFixture
{
    public KestrelServiceFixture() => UseKestrel(k => k.Listen(IPAddress.Loopback, 0));

    public Uri BaseAddress { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First());
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<KestrelServiceFixture>
{
    public const string Name = "Browser";
}
