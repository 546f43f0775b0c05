#!/usr/bin/env bash
# Make sure a headless-capable Chromium is installed (the dashboard test drives it).
# Uses Debian's `chromium` package; installs it with apt-get when it is missing, which
# needs root (CI runs as root) or passwordless sudo. Prints the binary's path.
set -euo pipefail

find_chromium() {
  command -v chromium || command -v chromium-browser || true
}

binary="$(find_chromium)"
if [[ -z "$binary" ]]; then
  if [[ "$(id -u)" -eq 0 ]]; then
    sudo=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    echo "error: chromium is not installed and installing it needs root;" \
      "run: sudo apt-get install -y --no-install-recommends chromium" >&2
    exit 1
  fi
  if ! command -v apt-get >/dev/null; then
    echo "error: chromium is not installed and apt-get is not available;" \
      "install Chromium and put 'chromium' on PATH" >&2
    exit 1
  fi
  echo "chromium not found: installing Debian's chromium package" >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends chromium >&2
  binary="$(find_chromium)"
  if [[ -z "$binary" ]]; then
    echo "error: apt-get installed chromium but it is not on PATH" >&2
    exit 1
  fi
fi
echo "$binary"
