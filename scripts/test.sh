#!/usr/bin/env bash
# The test command (README): installs what the tests need when it is missing, then runs the whole suite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Debian packages the integration tests drive: kcat (operator round trips), libvirt0 (libvirt's test
# driver), victoria-metrics with vmalert and prometheus-node-exporter (the seed's monitoring queries and
# the alert rules), python3-torch + OpenBLAS (the DJL-vs-torch reference and benchmark); for the
# container tests podman with runc (infra/images/containers.conf says why) and mmdebstrap for the base image.
scripts/install-missing.sh kcat libvirt0 victoria-metrics prometheus-node-exporter python3-torch \
  libopenblas0-pthread podman runc mmdebstrap

# The images the container tests run (nothing is rebuilt when its inputs are unchanged): the broker for
# the testcontainers-kafka test, and locness (packaged from these sources first) for ManifestPipelineIT,
# which runs every component as the rendered K3s manifests say (it renders them with kubectl, which it
# needs on PATH: Debian's kubernetes-client 1.20 embeds a kustomize too old for the overlay).
# Then podman's Docker API for Testcontainers while the suite runs. No registry is reachable, so no Ryuk.
export CONTAINERS_CONF="$PWD/infra/images/containers.conf"
scripts/build-images.sh locness kafka >/dev/null
podman_dir="$(mktemp -d /tmp/locness-podman.XXXXXX)"
podman system service --time=0 "unix://$podman_dir/podman.sock" 2>"$podman_dir/service.log" &
podman_service=$!
trap 'kill "$podman_service" 2>/dev/null; rm -rf "$podman_dir"' EXIT
for _ in $(seq 100); do
  [ -S "$podman_dir/podman.sock" ] && break
  kill -0 "$podman_service" 2>/dev/null || { cat "$podman_dir/service.log" >&2; exit 1; }
  sleep 0.1
done
export DOCKER_HOST="unix://$podman_dir/podman.sock" TESTCONTAINERS_RYUK_DISABLED=true

export OMP_WAIT_POLICY=PASSIVE
mvn -B -ntp verify "$@"
