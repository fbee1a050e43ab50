#!/bin/bash
# tests/demo.sh: runs one container from a busybox bundle built on the spot.
#
# Uses the lxcrun of a build tree ($LXCRUN_BUILD_DIR, the source dir after an
# in-tree build, or tests/tmp/build), else the installed one. Builds the bundle
# in a temp dir, `lxcrun run`s a container that greets with its hostname and
# what its pid 1 is, and removes everything afterwards. Run as root.
set -euo pipefail

src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=
for d in "${LXCRUN_BUILD_DIR:-}" "$src" "$src/tests/tmp/build" "$src/_build"; do
	if [ -n "$d" ] && [ -x "$d/src/lxcrun" ]; then
		build=$d
		break
	fi
done
if [ -n "$build" ]; then
	lxcrun=$build/src/lxcrun
	export LXCRUN_LIBEXEC_DIR=$build/libexec # the uninstalled helpers
elif lxcrun=$(command -v lxcrun); then
	:
else
	echo "demo.sh: build lxcrun first (./autogen.sh && ./configure && make)" >&2
	exit 1
fi
export LXCRUN=$lxcrun
if [ "$(id -u)" != 0 ]; then
	echo "demo.sh: run as root" >&2
	exit 1
fi

tmp=$(mktemp -d /tmp/lxcrun-demo.XXXXXX)
id=demo-$$
cleanup() {
	"$lxcrun" --root "$tmp/root" delete --force "$id" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck disable=SC2016 # expanded by the container's shell
"$src/tests/make-bundle.sh" "$tmp/bundle" sh -c '
	echo "Hello from container $(hostname)!"
	echo "pid 1 here is $(cat /proc/1/comm), and that is me: my pid is $$, my user $(id -un)."
	echo "My own pid namespace shows these processes:"
	ps -o pid,user,comm
	echo "Bye."'
jq '.hostname = "lxcrun-demo"' "$tmp/bundle/config.json" >"$tmp/config.json"
mv "$tmp/config.json" "$tmp/bundle/config.json"

echo "$ lxcrun run -b $tmp/bundle $id"
"$lxcrun" --root "$tmp/root" run -b "$tmp/bundle" "$id"
