# The mingjing command with the shipped threshold scripts.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --bin mingjing

FROM debian:bookworm-slim
# curl: for the container healthcheck on /readyz.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/release/mingjing /usr/local/bin/mingjing
COPY --from=build /src/rules /opt/mingjing/rules
ENV MINGJING_RULES=/opt/mingjing/rules
WORKDIR /data
# /healthz, /readyz and /metrics of `mingjing run` (listen = "0.0.0.0:9464").
EXPOSE 9464
ENTRYPOINT ["mingjing"]
