# The mingjing command with the shipped threshold scripts.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --bin mingjing

FROM debian:bookworm-slim
COPY --from=build /src/target/release/mingjing /usr/local/bin/mingjing
COPY --from=build /src/rules /opt/mingjing/rules
ENV MINGJING_RULES=/opt/mingjing/rules
WORKDIR /data
ENTRYPOINT ["mingjing"]
