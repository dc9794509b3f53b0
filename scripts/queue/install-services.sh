#!/usr/bin/env bash
# Installs what the queue-mode suite runs n8n on: PostgreSQL and Redis from Debian's packages,
# when they are missing. A no-op (well under a second) when both are there. Nothing is started
# or enabled as a system service: the suite starts its own instances on free ports.
#
#   scripts/queue/install-services.sh   # as root, or through sudo when it is available
#
# On success the last two lines of stdout are:
#   PG_BIN=/usr/lib/postgresql/<version>/bin   (initdb, postgres, pg_ctl)
#   REDIS_SERVER=/usr/bin/redis-server
set -euo pipefail

log() { printf '[install-services] %s\n' "$*" >&2; }

# Debian keeps initdb and postgres out of PATH, one folder per major version: take the newest.
postgres_bin() {
	local dir
	dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
	if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/postgres" ]] && command -v psql >/dev/null; then
		printf '%s\n' "$dir"
	fi
}

redis_server() {
	command -v redis-server || { [[ -x /usr/bin/redis-server ]] && echo /usr/bin/redis-server; } || true
}

missing=()
[[ -n "$(postgres_bin)" ]] || missing+=(postgresql)
[[ -n "$(redis_server)" ]] || missing+=(redis-server)

if ((${#missing[@]} > 0)); then
	if [[ "$(id -u)" -eq 0 ]]; then
		as_root=()
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
		as_root=(sudo -n)
	else
		log "missing: ${missing[*]}; run as root: apt-get update && apt-get install -y ${missing[*]}"
		exit 1
	fi
	log "installing ${missing[*]} from Debian (about a minute)"
	# The packages' own services must not start: the suite runs its own instances.
	policy="$(mktemp)"
	printf '#!/bin/sh\nexit 101\n' >"$policy"
	chmod +x "$policy"
	had_policy=0
	if [[ -e /usr/sbin/policy-rc.d ]]; then had_policy=1; fi
	if ((had_policy == 0)); then "${as_root[@]}" cp "$policy" /usr/sbin/policy-rc.d; fi
	trap 'if ((had_policy == 0)); then "${as_root[@]}" rm -f /usr/sbin/policy-rc.d; fi; rm -f "$policy"' EXIT
	"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
	"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

pg="$(postgres_bin)"
redis="$(redis_server)"
[[ -n "$pg" ]] || { log 'PostgreSQL binaries not found after install'; exit 1; }
[[ -n "$redis" ]] || { log 'redis-server not found after install'; exit 1; }
printf 'PG_BIN=%s\n' "$pg"
printf 'REDIS_SERVER=%s\n' "$redis"
