#!/usr/bin/env bash
# Installs the Debian packages the end-to-end tests need (Chromium; Kamailio, SIPp and rtpengine for
# the SIP lab),
# when they are missing.
# Runs as root (CI, a fresh machine); otherwise prints what to install.
set -euo pipefail
packages=()
[ -x /usr/bin/chromium ] || [ -n "${CHROMIUM_PATH:-}" ] || packages+=(chromium)
command -v kamailio >/dev/null || [ -x /usr/sbin/kamailio ] || packages+=(kamailio)
ls /usr/lib/*/kamailio/modules/websocket.so >/dev/null 2>&1 || packages+=(kamailio-websocket-modules)
command -v sipp >/dev/null || packages+=(sip-tester)
command -v rtpengine >/dev/null || [ -x /usr/bin/rtpengine ] || packages+=(rtpengine-daemon)
[ ${#packages[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "Missing system packages: ${packages[*]}. Install them (Debian: sudo apt-get install -y ${packages[*]}) or set CHROMIUM_PATH / KAMAILIO_PATH / SIPP_PATH / RTPENGINE_PATH." >&2
  exit 1
fi
echo "Installing ${packages[*]} (apt-get)…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
