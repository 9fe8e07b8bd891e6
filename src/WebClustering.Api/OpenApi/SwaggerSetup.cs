using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace WebClustering.Api.OpenApi;

/// <summary>Marks an endpoint with a JSON request body to show (and pre-fill) in Swagger UI.</summary>
public sealed record RequestExample(string Json);

public static class SwaggerSetup
{
    public static RouteHandlerBuilder WithRequestExample(this RouteHandlerBuilder builder, string json) =>
        builder.WithMetadata(new RequestExample(json));

    public static IServiceCollection AddWebClusteringSwagger(this IServiceCollection services) =>
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "WebClustering",
                Version = "v1",
                Description = "Autoencoders as an unsupervised clustering technique: upload a dataset, queue a job that trains an autoencoder and clusters its latent space, then read embeddings, clusters and the model.",
            });
            options.OperationFilter<RequestExampleFilter>();
            options.OperationFilter<NamedRequestExamplesFilter>();
            options.OperationFilter<ParameterExamplesFilter>();
            options.OperationFilter<CommonErrorResponsesFilter>();
            options.OperationFilter<BinaryResponseFilter>();
            options.MapType<Jobs.Planning.ActivationConfig>(ActivationSchema.Create);
            var xml = Path.Combine(AppContext.BaseDirectory, "WebClustering.Api.xml");
            if (File.Exists(xml)) options.IncludeXmlComments(xml);
        });

    public static WebApplication UseWebClusteringSwagger(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/swagger/v1/swagger.json", "WebClustering v1");
            options.DocumentTitle = "WebClustering API";
            options.EnablePersistAuthorization(); // the key entered under Authorize survives a reload
        });
        return app;
    }

    private sealed class RequestExampleFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var example = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<RequestExample>().FirstOrDefault();
            if (example is null || operation.RequestBody?.Content is null) return;
            foreach (var media in operation.RequestBody.Content.Values) media.Example = JsonNode.Parse(example.Json);
        }
    }
}
