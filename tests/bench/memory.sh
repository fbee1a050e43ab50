#!/bin/bash
# Memory benchmark: what a runtime leaves running per container.
#
#   tests/bench/memory.sh [-r "lxcrun runc crun"]
#
# Not a test: it prints figures and never fails on them. Per runtime:
#   waiting init   RSS of the process in --pid-file after `create`, before
#                  `start` (the runtime's own code, waiting for start)
#   extra procs    processes the runtime left beside the payload once the
#                  container runs: those whose command line names the bundle
#                  or the container id, minus the payload itself
#   extra RSS      their summed RSS
# crun runs in a private mount namespace without the cgroup2 mount, as in
# lifecycle.sh (crun 1.8 refuses hybrid hosts).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
runtimes="lxcrun runc crun"
while getopts "r:h" o; do
	case $o in
	r) runtimes=$OPTARG ;;
	*)
		sed -n '2,14p' "$0"
		exit 0
		;;
	esac
done

build=${LXCRUN_BUILD_DIR:-}
if [ -z "$build" ]; then
	for d in "$src" "$src/_build" "$src/tests/tmp/build"; do
		[ -x "$d/src/lxcrun" ] && build=$d && break
	done
fi
[ -n "$build" ] && [ -x "$build/src/lxcrun" ] || {
	echo "build lxcrun first (or set LXCRUN_BUILD_DIR)" >&2
	exit 1
}
export LXCRUN_LIBEXEC_DIR=$build/libexec

work=$(mktemp -d /tmp/lxcrun-mem.XXXXXX)
id=mem-$$
rt_cmd() {
	local rt=$1
	shift
	case $rt in
	lxcrun) "$build/src/lxcrun" --root "$work/root-lxcrun" "$@" ;;
	*) "$rt" --root "$work/root-$rt" "$@" ;;
	esac
}
cleanup() {
	for rt in $runtimes; do
		rt_cmd "$rt" delete --force "$id" >/dev/null 2>&1 || true
	done
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

"$src/tests/make-bundle.sh" "$work/bundle" >/dev/null
jq '.ociVersion = "1.0.2" | .process.args = ["/bin/sleep", "1000"]' \
	"$work/bundle/config.json" >"$work/c" && mv "$work/c" "$work/bundle/config.json"

rss_kib() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

measure() {
	local rt=$1 pid init_rss extra=0 extra_rss=0 p
	rt_cmd "$rt" create --bundle "$work/bundle" --pid-file "$work/$rt.pid" "$id" \
		>/dev/null 2>&1 </dev/null
	pid=$(cat "$work/$rt.pid")
	init_rss=$(rss_kib "$pid")
	rt_cmd "$rt" start "$id" >/dev/null 2>&1
	# processes other than the payload that name the bundle or the container
	for p in $(pgrep -f -- "$work|$id" || true); do
		[ "$p" = "$pid" ] || [ "$p" = "$$" ] || [ "$p" = "$BASHPID" ] && continue
		grep -q "sleep" "/proc/$p/cmdline" 2>/dev/null && continue
		extra=$((extra + 1))
		extra_rss=$((extra_rss + $(rss_kib "$p" 2>/dev/null || echo 0)))
	done
	rt_cmd "$rt" delete --force "$id" >/dev/null 2>&1
	printf '%-8s %16s %12s %13s\n' "$rt" "$init_rss KiB" "$extra" "$extra_rss KiB"
}

printf '%-8s %16s %12s %13s\n' runtime "waiting init" "extra procs" "extra RSS"
for rt in $runtimes; do
	if [ "$rt" != lxcrun ] && ! command -v "$rt" >/dev/null; then
		echo "# $rt not installed: skipped" >&2
		continue
	fi
	if [ "$rt" = crun ] && grep -q " /sys/fs/cgroup/unified " /proc/self/mountinfo; then
		export -f measure rt_cmd rss_kib
		export work build id
		unshare -m --propagation private bash -c \
			'umount /sys/fs/cgroup/unified 2>/dev/null || umount -l /sys/fs/cgroup/unified; measure crun'
	else
		measure "$rt"
	fi
done
