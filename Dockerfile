# syntax=docker/dockerfile:1
# The daotao image: one static binary on distroless, running as non-root.
#
#   docker build --build-arg VERSION=$(git describe --tags --always) -t daotao:1.0.0 .
#
# Embedded NATS (one container, data in the /data volume):
#   docker run -p 8080:8080 -v daotao-data:/data daotao:1.0.0
# On a NATS cluster: see deployments/compose and deployments/kubernetes.

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG VERSION=dev
# Static (no cgo), reproducible paths (-trimpath), version stamped in.
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -buildvcs=false -trimpath -ldflags "-s -w -X main.version=${VERSION}" \
      -o /out/daotao ./cmd/daotao \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/daotao /usr/local/bin/daotao
# The embedded server's data folder, writable by the non-root user.
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
ENV DAOTAO_ADDR=0.0.0.0:8080 \
    DAOTAO_DATA=/data \
    DAOTAO_LOG_FORMAT=json
EXPOSE 8080
# No shell or curl in the image: the binary probes itself.
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 \
  CMD ["/usr/local/bin/daotao", "probe", "http://127.0.0.1:8080/readyz"]
ENTRYPOINT ["/usr/local/bin/daotao"]
CMD ["serve"]
