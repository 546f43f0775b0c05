#!/usr/bin/env bash
# Sourced by the ensure_*.sh scripts: installs Debian packages for a missing test
# prerequisite, or stops with a message naming what is missing and what else to do.
#   apt_install "<what is missing>" "<what to do instead>" package...

apt_install() {
    local missing=$1 instead=$2
    shift 2
    if ! command -v apt-get >/dev/null; then
        echo "error: $missing not found and apt-get is unavailable; $instead" >&2
        exit 1
    fi
    if [[ $(id -u) -ne 0 ]]; then
        echo "error: $missing not found; installing it needs root: sudo $0 ($instead)" >&2
        exit 1
    fi
    echo "Installing $* from the Debian packages ..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    # Post-install scripts link man pages into /usr/share/man/man1 (the JRE's does),
    # which slim images lack.
    mkdir -p /usr/share/man/man1
    apt-get install -y -qq --no-install-recommends "$@" >&2
}
