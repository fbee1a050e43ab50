#!/bin/bash
# Many-containers benchmark: create+start of N containers back to back, then
# kill+delete of all, for lxcrun against runc (and crun when installed).
#
#   tests/bench/many.sh [-n N] [-b BATCHES] [-r "lxcrun runc crun"]
#
# Not a test: it prints figures and never fails on them. Batches alternate
# between runtimes (A B C, B C A, ...). Per runtime it prints the medians over
# batches of: the whole create+start phase, the whole kill+delete phase, and
# the create+start cost of the first and of the last tenth of the containers
# (a cost that grows with the number of containers shows as last > first).
# After each batch it checks that the runtime left nothing: no container in
# `list`, no process naming the batch's bundle, no cgroup named after it.
# Each container runs `sleep 1000`; crun runs in a private mount namespace
# without the cgroup2 mount, as in lifecycle.sh (crun 1.8 refuses hybrid hosts).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
count=100
batches=3
runtimes="lxcrun runc crun"
while getopts "n:b:r:h" o; do
	case $o in
	n) count=$OPTARG ;;
	b) batches=$OPTARG ;;
	r) runtimes=$OPTARG ;;
	*)
		sed -n '2,16p' "$0"
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

work=$(mktemp -d /tmp/lxcrun-many.XXXXXX)
tag=m$$
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
		for i in $(seq 1 "$count"); do
			rt_cmd "$rt" delete --force "$tag-$i" >/dev/null 2>&1 || true
		done
	done
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

avail=""
for rt in $runtimes; do
	if [ "$rt" = lxcrun ] || command -v "$rt" >/dev/null; then
		avail="$avail $rt"
	else
		echo "# $rt not installed: skipped" >&2
	fi
done
runtimes=${avail# }

"$src/tests/make-bundle.sh" "$work/bundle" >/dev/null
jq --arg t "$tag" '.ociVersion = "1.0.2" | .process.args = ["/bin/sleep", "1000"]' \
	"$work/bundle/config.json" >"$work/c" && mv "$work/c" "$work/bundle/config.json"

# One batch for one runtime: "start US" per container, then "stop US" for all.
batch() {
	local rt=$1 t0 t1 i
	us() { echo $((${1/./} - ${2/./})); }
	for i in $(seq 1 "$count"); do
		t0=$EPOCHREALTIME
		rt_cmd "$rt" create --bundle "$work/bundle" "$tag-$i" >/dev/null 2>&1 </dev/null
		rt_cmd "$rt" start "$tag-$i" >/dev/null 2>&1
		t1=$EPOCHREALTIME
		echo "start $(us "$t1" "$t0")"
	done
	t0=$EPOCHREALTIME
	for i in $(seq 1 "$count"); do
		rt_cmd "$rt" kill "$tag-$i" KILL >/dev/null 2>&1
		rt_cmd "$rt" delete --force "$tag-$i" >/dev/null 2>&1
	done
	t1=$EPOCHREALTIME
	echo "stop $(us "$t1" "$t0")"
	# leftovers: containers the runtime still lists, processes of the bundle
	echo "left_list $(rt_cmd "$rt" list -q 2>/dev/null | grep -c "^$tag-" || true)"
	echo "left_procs $(pgrep -f "sleep 1000" -a | grep -c "$work" || true)"
}

run_batch() {
	local rt=$1
	if [ "$rt" = crun ] && grep -q " /sys/fs/cgroup/unified " /proc/self/mountinfo; then
		export -f batch rt_cmd
		export work build tag count
		unshare -m --propagation private bash -c \
			'umount /sys/fs/cgroup/unified 2>/dev/null || umount -l /sys/fs/cgroup/unified; batch crun'
	else
		batch "$rt"
	fi
	# cgroups named after a container of this batch, in any hierarchy
	echo "left_cgroups $(find /sys/fs/cgroup -maxdepth 6 -type d -name "*$tag-*" 2>/dev/null | wc -l)"
}

set -- $runtimes
n=$#
for b in $(seq 1 "$batches"); do
	for k in $(seq 0 $((n - 1))); do
		i=$(((b + k) % n + 1))
		rt=${!i}
		run_batch "$rt" | sed "s/^/$rt $b /" >>"$work/times"
	done
done

python3 - "$work/times" "$count" $runtimes <<'EOF'
import statistics, sys
from collections import defaultdict
path, count, rts = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
starts, stops, left = defaultdict(lambda: defaultdict(list)), defaultdict(list), defaultdict(int)
for line in open(path):
    rt, b, what, v = line.split()
    if what == "start":
        starts[rt][b].append(int(v) / 1000.0)
    elif what == "stop":
        stops[rt].append(int(v) / 1000.0)
    else:
        left[rt] += int(v)
tenth = max(1, count // 10)
print(f"{count} containers, medians over batches (ms)")
print(f"{'runtime':<8}{'create+start all':>18}{'kill+delete all':>17}"
      f"{'first tenth/ctr':>17}{'last tenth/ctr':>16}{'left':>6}")
for rt in rts:
    if rt not in starts:
        continue
    totals = [sum(v) for v in starts[rt].values()]
    first = [statistics.median(v[:tenth]) for v in starts[rt].values()]
    last = [statistics.median(v[-tenth:]) for v in starts[rt].values()]
    print(f"{rt:<8}{statistics.median(totals):>18.0f}{statistics.median(stops[rt]):>17.0f}"
          f"{statistics.median(first):>17.1f}{statistics.median(last):>16.1f}{left[rt]:>6}")
EOF
echo "# batches: $batches, host: $(nproc) cores, $(uname -r)"
