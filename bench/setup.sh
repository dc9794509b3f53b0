#!/usr/bin/env bash
# Installs what `npm run bench` needs besides the pinned n8n (scripts/install-n8n.sh installs
# that): wrk, the HTTP load generator of benchmark 1, from Debian's packages.
set -euo pipefail
if command -v wrk >/dev/null 2>&1; then
	echo "wrk: $(command -v wrk)"
	exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
echo "wrk: $(command -v wrk)"
