#!/usr/bin/env bash
# System packages certlab's tests use beside Node.js: OpenSSL (the independent check of every
# certificate), nginx (the TLS consumer of the end-to-end tests) and Debian's Chromium with fonts
# (the console's browser tests drive it through playwright-core; no browser is ever downloaded).
# Installs what is missing with apt when run as root on Debian/Ubuntu; otherwise says what to install.
set -euo pipefail
missing=()
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# Text in the browser tests' screenshots and layout needs real fonts.
[ -d /usr/share/fonts/truetype/liberation ] || missing+=(fonts-liberation)
[ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "certlab's tests need: ${missing[*]} (e.g. sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
