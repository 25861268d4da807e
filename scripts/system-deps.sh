#!/usr/bin/env bash
# Installs the Debian packages the browser tests need, when they are missing.
# Runs as root (CI, a fresh machine); otherwise prints what to install.
set -euo pipefail
packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
[ ${#packages[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "Missing system packages: ${packages[*]}. Install them (Debian: sudo apt-get install -y ${packages[*]}) or set CHROMIUM_PATH." >&2
  exit 1
fi
echo "Installing ${packages[*]} (apt-get)…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
