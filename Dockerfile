# syntax=docker/dockerfile:1
# Builds the WebClustering service image. One image serves every role: set WebClustering__Roles to
# "Api", "Worker" or "Api, Worker" (the default), and ConnectionStrings__WebClustering to the PostgreSQL database.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY Directory.Build.props Directory.Build.targets Directory.Packages.props WebClustering.sln ./
COPY build/ build/
COPY src/WebClustering.Core/WebClustering.Core.csproj src/WebClustering.Core/
COPY src/WebClustering.Storage/WebClustering.Storage.csproj src/WebClustering.Storage/
COPY src/WebClustering.Api/WebClustering.Api.csproj src/WebClustering.Api/
RUN dotnet restore src/WebClustering.Api/WebClustering.Api.csproj -r linux-x64
COPY src/ src/
RUN dotnet publish src/WebClustering.Api/WebClustering.Api.csproj -c Release -r linux-x64 --self-contained false \
    --no-restore -o /app

# The .NET 10 images are Ubuntu 24.04 based: their libstdc++ already has what libtorch needs.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080 \
    WebClustering__Roles="Api, Worker"
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "WebClustering.Api.dll"]
