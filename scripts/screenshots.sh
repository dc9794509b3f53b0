#!/usr/bin/env bash
# README screenshots: each node of the examples open in a real n8n editor, taken with Debian's
# headless chromium. Installs chromium from Debian's packages when it is missing (needs root),
# builds, installs n8n into its cache if needed, then writes docs/images/*.png.
#
#   scripts/screenshots.sh            # OUT=docs/images by default
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM="$(scripts/install-chromium.sh)"

npm run build
npm run build:tools
# node 24 (from the n8n install) has the built-in WebSocket the DevTools client uses.
eval "$(scripts/install-n8n.sh | grep -E '^(NODE24_BIN|N8N_BIN)=')"
CHROMIUM="$CHROMIUM" "$NODE24_BIN" build/scripts/screenshots.js
