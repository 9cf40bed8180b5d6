#!/usr/bin/env bash
# System packages certlab's tests use beside Node.js: OpenSSL (the independent check of every
# certificate) and nginx (the TLS consumer of the end-to-end tests). Installs what is missing
# with apt when run as root on Debian/Ubuntu; otherwise says what to install.
set -euo pipefail
missing=()
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
else
  echo "certlab's tests need: ${missing[*]} (e.g. sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
