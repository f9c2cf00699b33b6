# syntax=docker/dockerfile:1
# Builds the `dcl` CLI (see docker-compose.yml and docs/kafka.md).
#
#   docker build -t dcl:local .
#   docker run --rm dcl:local --help

# ---- build: Swift toolchain + librdkafka and jemalloc headers ----
FROM swift:6.1-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends librdkafka-dev libjemalloc-dev libsqlite3-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Resolve dependencies first so source edits do not re-fetch them.
COPY Package.swift Package.resolved ./
RUN swift package resolve
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product dcl --static-swift-stdlib \
 && mkdir -p /staging \
 && cp "$(swift build -c release --show-bin-path)/dcl" /staging/dcl

# ---- runtime: only the shared libraries dcl links ----
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends librdkafka1 libjemalloc2 libsqlite3-0 libstdc++6 ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 10001 dcl
COPY --from=build /staging/dcl /usr/local/bin/dcl
USER dcl
WORKDIR /home/dcl
ENTRYPOINT ["/usr/local/bin/dcl"]
CMD ["--help"]
