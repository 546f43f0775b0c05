#!/usr/bin/env bash
# Makes sure a Java 17 or newer runtime exists for the Spark engine tests (pyspark starts
# a JVM), installing Debian's headless JRE when `java` is missing or older. Idempotent.
# Prints the java executable.
set -euo pipefail

java_major() {
    # 'openjdk version "17.0.15" 2025-04-15' -> 17; '"1.8.0_402"' -> 1
    "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1
}

usable_java() {
    local java
    for java in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java || true)"; do
        if [[ -n "$java" && -x "$java" ]] && (( $(java_major "$java") >= 17 )); then
            echo "$java"; return 0
        fi
    done
    return 1
}

if java=$(usable_java); then
    echo "$java"
    exit 0
fi

# shellcheck source=scripts/apt_install.sh
source "$(dirname "$0")/apt_install.sh"
apt_install "Java 17+" "or install a JRE 17 or newer and set JAVA_HOME" \
    openjdk-17-jre-headless

if java=$(usable_java); then
    echo "$java"
else
    echo "error: installed openjdk-17-jre-headless but found no java 17+ on PATH" >&2
    exit 1
fi
