#!/usr/bin/env bash
# The test command (README): installs what the tests need when it is missing, then runs the whole suite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Debian packages the integration tests drive: kcat (operator round trips), libvirt0 (libvirt's test
# driver), victoria-metrics (the seed's monitoring queries), python3-torch + OpenBLAS (the DJL-vs-torch
# reference and benchmark).
needed=()
command -v kcat >/dev/null || needed+=(kcat)
[ -e /usr/lib/x86_64-linux-gnu/libvirt.so.0 ] || needed+=(libvirt0)
command -v victoria-metrics >/dev/null || needed+=(victoria-metrics)
/usr/bin/python3 -c 'import torch' 2>/dev/null || needed+=(python3-torch)
[ -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ] || needed+=(libopenblas0-pthread)
if [ ${#needed[@]} -gt 0 ]; then
  echo "installing: ${needed[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${needed[@]}"
fi

export OMP_WAIT_POLICY=PASSIVE
exec mvn -B -ntp verify "$@"
