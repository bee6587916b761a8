#!/usr/bin/env bash
# Installs the named Debian packages that are missing (apt-get, through sudo unless root), so that the
# test command and the benchmarks run as they are on a fresh Debian/Ubuntu machine.
#
#   scripts/install-missing.sh python3-torch libopenblas0-pthread
#
# A package counts as present when what Locness uses of it is: its command, library or module.
set -euo pipefail

present() {
  case "$1" in
    libvirt0) [ -e /usr/lib/x86_64-linux-gnu/libvirt.so.0 ] ;;
    prometheus-node-exporter) [ -x /usr/bin/prometheus-node-exporter ] ;;
    python3-torch) /usr/bin/python3 -c 'import torch' 2>/dev/null ;;
    libopenblas0-pthread) [ -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ] ;;
    kcat | victoria-metrics | podman | runc | mmdebstrap) command -v "$1" >/dev/null ;;
    *) echo "install-missing.sh: no presence check for '$1'" >&2; return 2 ;;
  esac
}

needed=()
for package in "$@"; do
  status=0
  present "$package" || status=$?
  [ "$status" -ne 2 ] || exit 2
  [ "$status" -eq 0 ] || needed+=("$package")
done
[ ${#needed[@]} -gt 0 ] || exit 0

echo "installing: ${needed[*]}"
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
$sudo_cmd apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${needed[@]}"
