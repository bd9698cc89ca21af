#!/usr/bin/env bash
# Builds Vault v1.13.2 (MPL-2.0) from the Go module proxy into
# tools/vaultdev/bin/vault, for hush's integration tests only, and
# prints the binary's path. A binary that is already built is reused.
#
# This is an old Vault release with known vulnerabilities: run it only
# as a throwaway dev server on 127.0.0.1. A cold build takes about 7
# minutes on 2 cores; with warm Go caches, 10 to 50 seconds.
set -euo pipefail
cd "$(dirname "$0")"
export GOPROXY="$(go env GOPROXY | sed 's/,direct//')"
bin="$PWD/bin/vault"
if [ -x "$bin" ] && [ "$bin" -nt go.sum ] && [ "$bin" -nt main.go ]; then
	echo "$bin"
	exit 0
fi
mkdir -p bin
go build -trimpath -o "$bin.tmp" .
mv "$bin.tmp" "$bin"
echo "$bin"
