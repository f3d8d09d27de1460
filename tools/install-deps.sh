#!/usr/bin/env bash
# Installs the Debian 12 packages graphstat builds and tests with. Idempotent: does nothing (and needs
# no network) when everything is already installed. Run as root (or it uses sudo). Recommended
# packages come too: that is how the project was developed and tested.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  libboost-all-dev libyaml-cpp-dev libfmt-dev libsimdjson-dev nlohmann-json3-dev
  libtorch-dev
  libonnx-dev libprotobuf-dev protobuf-compiler
  # ONNX's backend test models and reference outputs: onnx_conformance_test.
  libonnx-testdata
  # The fuzz targets (tools/fuzz.sh, fuzz/README.md): clang 14 and its libFuzzer runtime.
  clang libclang-rt-14-dev
  # The HTML report's browser test (cli_html_browser_test) and tools/screenshot-html.sh.
  chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
