#!/usr/bin/env bash
# Builds the container images with podman, without a daemon or a registry, on a Debian base made by
# mmdebstrap from the apt mirror:
#   locness  every component (`locness <command>`), tagged as infra/k3s/overlays/homelab's `images:` says
#   kafka    a KRaft broker from Maven Central's Kafka jars, following apache/kafka's container contract
# Prints each image reference on its own line (stdout; progress goes to stderr) and writes
# target/images/<name>.tar (docker-archive) for `k3s ctr images import` or K3s's agent/images/ folder.
# An image whose inputs are unchanged is neither rebuilt nor re-saved.
#
# Usage: scripts/build-images.sh [locness] [kafka]      (default: both)
# Needs: podman, runc, mmdebstrap (apt-get install podman runc mmdebstrap); root for mmdebstrap.
# MVN overrides the Maven command (default mvn).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
images="$root/infra/images"
out="$root/target/images"
mvn_cmd=(${MVN:-mvn})
export CONTAINERS_CONF="${CONTAINERS_CONF:-$images/containers.conf}"

log() { echo "build-images: $*" >&2; }

# The one place the locness tag lives is the overlay's `images:` entry; the manifests render with it.
locness_image() {
  local tag
  tag="$(awk '/name: ghcr.io\/locness\/locness$/ {found=1} found && /newTag:/ {print $2; exit}' \
    "$root/infra/k3s/overlays/homelab/kustomization.yaml")"
  [ -n "$tag" ] || { log "no newTag for ghcr.io/locness/locness in infra/k3s/overlays/homelab/kustomization.yaml"; exit 1; }
  echo "ghcr.io/locness/locness:$tag"
}

kafka_version() {
  sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$root/pom.xml"
}

# A fingerprint of everything an image is made from: when it matches the image's label, nothing is done.
fingerprint() {
  (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum; shift; printf '%s\n' "$@") \
    | sha256sum | cut -c1-16
}

label_of() {
  podman image inspect --format "{{ index .Labels \"org.locness.inputs\" }}" "$1" 2>/dev/null || true
}

# The Debian base: JRE 17 plus the native libraries DJL (libgomp1) and DuckDB/RocksDB (libstdc++) load.
# Docs, man pages and locales are left out; man1 must exist for the JRE's update-alternatives.
base_image() {
  local packages="openjdk-17-jre-headless,libgomp1,libstdc++6"
  local mirrors=("deb http://deb.debian.org/debian bookworm main"
    "deb http://deb.debian.org/debian bookworm-updates main"
    "deb http://deb.debian.org/debian-security bookworm-security main")
  local tag
  tag="$(printf '%s\n' "$packages" "${mirrors[@]}" | sha256sum | cut -c1-16)"
  local ref="localhost/locness-base:$tag"
  if ! podman image exists "$ref"; then
    log "making the Debian base with mmdebstrap ($packages)"
    local tar="$out/base.tar"
    mkdir -p "$out"
    mmdebstrap --variant=apt --mode=root --quiet --include="$packages" \
      --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
      --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/locale/*' \
      --dpkgopt='path-exclude=/usr/share/info/*' --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
      bookworm "$tar" "${mirrors[@]}" >&2
    podman import --quiet "$tar" "$ref" >/dev/null
    rm -f "$tar"
  fi
  echo "$ref"
}

# Builds $ref from $context with $containerfile unless its label already holds $inputs, then saves it.
build() {
  local name="$1" ref="$2" context="$3" inputs="$4"
  shift 4
  if [ "$(label_of "$ref")" != "$inputs" ]; then
    log "building $ref"
    local previous
    previous="$(podman image inspect --format '{{.Id}}' "$ref" 2>/dev/null || true)"
    podman build --quiet --layers --file "$images/$name/Containerfile" --tag "$ref" \
      --label "org.locness.inputs=$inputs" "$@" "$context" >/dev/null
    # The replaced image would linger untagged; a container still using it keeps it (rmi refuses).
    [ -z "$previous" ] || podman rmi "$previous" >/dev/null 2>&1 || true
  fi
  save "$name" "$ref" "$inputs"
  echo "$ref"
}

save() {
  local name="$1" ref="$2" inputs="$3"
  local tar="$out/$name.tar"
  if [ ! -f "$tar" ] || [ "$(cat "$tar.inputs" 2>/dev/null)" != "$inputs" ]; then
    log "saving $tar"
    rm -f "$tar"
    podman save --quiet --format docker-archive --output "$tar" "$ref"
    echo "$inputs" > "$tar.inputs"
  fi
}

# Stages a build context of hard links (copies across file systems): no multi-GB context upload.
stage() {
  local dir="$1"
  shift
  rm -rf "$dir"
  mkdir -p "$dir"
  local source
  for source in "$@"; do
    cp -al "$source" "$dir/" 2>/dev/null || cp -a "$source" "$dir/"
  done
}

locness() {
  local base="$1"
  local jar="$root/cli/target/locness.jar"
  if [[ ! -f "$jar" || ! -d "$root/cli/target/lib" || -n "$(find "$root" -path "$root/data" -prune -o \
      \( -path '*/src/main/*' -o -name pom.xml \) -newer "$jar" -type f -print -quit)" ]]; then
    log "packaging cli/target/locness.jar"
    (cd "$root" && "${mvn_cmd[@]}" -B -q -Dmaven.test.skip=true package -pl cli -am) >&2
    touch "$jar"
  fi
  local context="$out/context/locness"
  stage "$context" "$root/cli/target/lib" "$jar" "$root/models" "$root/config" \
    "$images/locness/locness" "$images/locness/WarmNatives.java"
  local commit
  commit="$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)"
  build locness "$(locness_image)" "$context" "$(fingerprint "$context" "$base" "$commit" \
    "$(sha256sum "$images/locness/Containerfile")")" --build-arg "BASE=$base" --build-arg "GIT_COMMIT=$commit"
}

kafka() {
  local base="$1" version
  version="$(kafka_version)"
  local ref="ghcr.io/locness/kafka:$version"
  local inputs
  inputs="$(fingerprint "$images/kafka" "$base" "$(sha256sum "$root/pom.xml")")"
  if [ "$(label_of "$ref")" = "$inputs" ]; then
    save kafka "$ref" "$inputs"
    echo "$ref"
    return
  fi
  local context="$out/context/kafka"
  stage "$context" "$images/kafka/run" "$images/kafka/server.properties" "$images/kafka/logback.xml"
  log "copying the Kafka $version jars"
  (cd "$root" && "${mvn_cmd[@]}" -B -q -f infra/images/kafka/pom.xml dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$context/libs") >&2
  build kafka "$ref" "$context" "$inputs" --build-arg "BASE=$base" --build-arg "KAFKA_VERSION=$version"
}

wanted=("$@")
[ ${#wanted[@]} -gt 0 ] || wanted=(locness kafka)
for image in "${wanted[@]}"; do
  case "$image" in
    locness | kafka) ;;
    *) log "unknown image '$image' (locness, kafka)"; exit 2 ;;
  esac
done
mkdir -p "$out"
base="$(base_image)"
for image in "${wanted[@]}"; do
  "$image" "$base"
done
