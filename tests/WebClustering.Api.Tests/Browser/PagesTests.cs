using System.Net;
using WebClustering.Api.Tests.Infrastructure;

namespace WebClustering.Api.Tests.Browser;

[Collection(ServiceCollection.Name)]
public class PagesTests(ServiceFixture service)
{
    [Theory]
    [InlineData("/", "text/html", "id=\"upload\"")]
    [InlineData("/jobs/0196b3a0-0000-7000-8000-000000000000", "text/html", "id=\"progress\"")]
    [InlineData("/assets/job.js", "text/javascript", "followEvents")]
    [InlineData("/assets/site.js", "text/javascript", "X-Api-Key")]
    [InlineData("/assets/site.css", "text/css", "progress")]
    [InlineData("/assets/example-job.json", "application/json", "\"clustering\"")]
    public async Task The_pages_and_their_assets_are_served(string path, string mediaType, string content)
    {
        var response = await service.CreateClient().GetAsync(path);
        await response.ShouldHaveStatus(HttpStatusCode.OK);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(content, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Swagger_UI_is_still_there()
    {
        var response = await service.CreateClient().GetAsync("/swagger/index.html");
        await response.ShouldHaveStatus(HttpStatusCode.OK);
    }
}
