#!/usr/bin/env bash
# Installs Debian's chromium when it is missing (needs root or sudo; Debian's packages are the
# only source it uses) and prints its path. The editor test and the README screenshots drive it.
#
#   scripts/install-chromium.sh       # CHROMIUM=/usr/bin/chromium by default
set -euo pipefail

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "$CHROMIUM" ]]; then
	echo "[install-chromium] installing Debian's chromium" >&2
	SUDO=''
	[[ "$(id -u)" == 0 ]] || SUDO='sudo'
	$SUDO apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >&2
fi
echo "$CHROMIUM"
