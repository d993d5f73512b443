# The StreamClassifier worker image (used by docker-compose.yml as streamclassifier:local).
#   docker build -t streamclassifier:local .
# Build stage: restores and publishes only the worker (no TorchSharp: the worker does not reference the trainer).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY src/StreamClassifier.Core/StreamClassifier.Core.csproj src/StreamClassifier.Core/
COPY src/StreamClassifier.Dsp/StreamClassifier.Dsp.csproj src/StreamClassifier.Dsp/
COPY src/StreamClassifier.Onnx/StreamClassifier.Onnx.csproj src/StreamClassifier.Onnx/
COPY src/StreamClassifier.Pipeline/StreamClassifier.Pipeline.csproj src/StreamClassifier.Pipeline/
COPY src/StreamClassifier.Kafka/StreamClassifier.Kafka.csproj src/StreamClassifier.Kafka/
COPY src/StreamClassifier.Worker/StreamClassifier.Worker.csproj src/StreamClassifier.Worker/
# One runtime identifier for restore and publish (docker-compose.yml builds for the matching platform,
# linux/amd64): only that RID's native libraries (ONNX Runtime, librdkafka) go into the image.
ARG RID=linux-x64
# A layer of its own: source edits do not re-download packages.
RUN dotnet restore src/StreamClassifier.Worker/StreamClassifier.Worker.csproj -r $RID
COPY src/ src/
RUN dotnet publish src/StreamClassifier.Worker/StreamClassifier.Worker.csproj -c Release -r $RID --self-contained false --no-restore -o /app

# Runtime stage: the ASP.NET-free runtime is enough (the metrics endpoint is System.Net.HttpListener).
FROM mcr.microsoft.com/dotnet/runtime:10.0
WORKDIR /app
COPY --from=build /app ./
COPY topologies/ topologies/
COPY models/ models/
# The JSONL alert sink writes to out/; the app runs as the image's unprivileged user.
RUN mkdir -p /app/out && chown "$APP_UID" /app/out
USER $APP_UID
ENV DOTNET_gcServer=0
# telemetry.listen: set STREAMCLASSIFIER_LISTEN=0.0.0.0:9464 so Prometheus can scrape from another container.
EXPOSE 9464
ENTRYPOINT ["dotnet", "/app/streamclassifier.dll"]
CMD ["run", "--topology", "topologies/ecg-demo.yaml"]
