#!/usr/bin/env bash
# Installs the system parts Kafka Dev's start script and tests need, from Debian's packages:
# Java 17 and Maven (Kafka from Maven Central), kcat and python3-kafka (independent Kafka clients),
# lz4 (the reference LZ4 decoder our frames are checked against),
# openssh-server and iproute2 (SSH tunnel tests, network namespaces), chromium (drives VS Code),
# libkrb5-dev and pkg-config (code-server's kerberos module builds against them).
# As root it installs what is missing; otherwise it prints the exact command to run.
set -euo pipefail
pkgs=(openjdk-17-jdk-headless maven kcat lz4 python3-kafka openssh-server openssh-client iproute2 chromium libkrb5-dev pkg-config)
need=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
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
