#!/usr/bin/env bash
# Installs the system parts Kafka Dev's start script and tests need, from Debian's packages:
# Java 17 and Maven (Kafka from Maven Central), kcat and python3-kafka (independent Kafka clients; with
# python3-snappy, python3-lz4 and python3-zstandard it reads batches of every codec),
# lz4 (the reference LZ4 decoder our frames are checked against),
# openssh-server and iproute2 (SSH tunnel tests, network namespaces), chromium (drives VS Code),
# libkrb5-dev and pkg-config (code-server's kerberos module builds against them).
# Apicurio Registry (the Schema Registry the tests use) needs a JDK >= 21 beside Java 17: Debian's
# openjdk-21 where the release has it, otherwise this says what to install (test/harness/apicurio.ts finds it).
# As root it installs what is missing; otherwise it prints the exact command to run.
set -euo pipefail
pkgs=(openjdk-17-jdk-headless maven kcat lz4 python3-kafka python3-snappy python3-lz4 python3-zstandard openssh-server openssh-client iproute2 chromium libkrb5-dev pkg-config)
need=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
# A JDK >= 21: JAVA_HOME's or any in /usr/lib/jvm (by its release file), as the harness looks for it.
java21=""
for home in ${JAVA_HOME:-} /usr/lib/jvm/*; do
  major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null || true)
  if [ -x "$home/bin/java" ] && [ -n "$major" ] && [ "$major" -ge 21 ]; then java21="$home"; break; fi
done
if [ -z "$java21" ]; then
  if apt-cache show openjdk-21-jdk-headless >/dev/null 2>&1; then
    need+=(openjdk-21-jdk-headless)
  else
    echo "No JDK >= 21 (Apicurio Registry, the tests' Schema Registry, needs one) and this release has no openjdk-21 package:" >&2
    echo "unpack Temurin 21 or newer (https://adoptium.net/temurin/releases/, Linux x64 JDK .tar.gz) into /usr/lib/jvm/, or set JAVA_HOME to one." >&2
    echo "(npm start works without it; the Schema Registry tests fail with the same advice.)" >&2
  fi
fi
if [ ${#need[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${need[*]}" >&2
  echo "Install them with: sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "installing: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "system packages: installed"
