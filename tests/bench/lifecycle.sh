#!/bin/bash
# Lifecycle benchmark: lxcrun against runc (and crun when installed).
#
#   tests/bench/lifecycle.sh [-n ROUNDS] [-r "lxcrun runc crun"] [-k]
#
# Not a test: it prints medians, spread and ratios, and never fails on a
# figure. Rounds alternate between runtimes (A B C, B C A, ...) so that noise
# on this small VM hits every runtime alike. Figures per runtime and round:
#   run     `run` of /bin/true (foreground, the container deleted at exit)
#   create  `create` of a container whose process is `sleep 1000`
#   start   `start` of it
#   exec    attached `exec` of /bin/true in it
#   state   `state` of the running container
#   list    `list` (one container in the runtime's root)
#   kill    `kill ID KILL`
#   delete  `delete` once the container has stopped
# ociVersion is set to 1.0.2 because crun 1.8 refuses newer versions.
# Timestamps come from bash's $EPOCHREALTIME (no fork per measurement).
#
# crun 1.8 refuses hybrid cgroup hosts; its rounds run inside a private mount
# namespace where the cgroup2 mount is unmounted (the host is untouched) and
# the timing is taken inside that namespace, so crun pays no wrapper cost.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
rounds=20
runtimes="lxcrun runc crun"
keep=0
while getopts "n:r:kh" o; do
	case $o in
	n) rounds=$OPTARG ;;
	r) runtimes=$OPTARG ;;
	k) keep=1 ;;
	*)
		sed -n '2,21p' "$0"
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

work=$(mktemp -d /tmp/lxcrun-bench.XXXXXX)
cleanup() {
	for rt in $runtimes; do
		for id in "b-run-$$" "b-life-$$"; do
			rt_cmd "$rt" delete --force "$id" >/dev/null 2>&1 || true
		done
	done
	[ "$keep" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT INT TERM

# rt_cmd RUNTIME ARGS...: the runtime with its own private --root
rt_cmd() {
	local rt=$1
	shift
	case $rt in
	lxcrun) "$build/src/lxcrun" --root "$work/root-lxcrun" "$@" ;;
	*) "$rt" --root "$work/root-$rt" "$@" ;;
	esac
}

avail=""
for rt in $runtimes; do
	if [ "$rt" = lxcrun ] || command -v "$rt" >/dev/null; then
		avail="$avail $rt"
	else
		echo "# $rt not installed: skipped" >&2
	fi
done
runtimes=${avail# }

"$src/tests/make-bundle.sh" "$work/true" >/dev/null
"$src/tests/make-bundle.sh" "$work/sleep" >/dev/null
jq '.ociVersion = "1.0.2" | .process.args = ["/bin/true"]' "$work/true/config.json" >"$work/c" && mv "$work/c" "$work/true/config.json"
jq '.ociVersion = "1.0.2" | .process.args = ["/bin/sleep", "1000"]' "$work/sleep/config.json" >"$work/c" && mv "$work/c" "$work/sleep/config.json"

# One round for one runtime: prints "step microseconds" lines.
measure_round() {
	local rt=$1 t0 t1 id_run="b-run-$$" id="b-life-$$"
	us() { echo $((${1/./} - ${2/./})); }

	t0=$EPOCHREALTIME
	rt_cmd "$rt" run --bundle "$work/true" "$id_run" >/dev/null 2>&1 </dev/null
	t1=$EPOCHREALTIME
	echo "run $(us "$t1" "$t0")"
	rt_cmd "$rt" delete --force "$id_run" >/dev/null 2>&1 || true

	t0=$EPOCHREALTIME
	rt_cmd "$rt" create --bundle "$work/sleep" "$id" >/dev/null 2>&1 </dev/null
	t1=$EPOCHREALTIME
	echo "create $(us "$t1" "$t0")"
	t0=$EPOCHREALTIME
	rt_cmd "$rt" start "$id" >/dev/null 2>&1
	t1=$EPOCHREALTIME
	echo "start $(us "$t1" "$t0")"
	t0=$EPOCHREALTIME
	rt_cmd "$rt" exec "$id" /bin/true >/dev/null 2>&1 </dev/null
	t1=$EPOCHREALTIME
	echo "exec $(us "$t1" "$t0")"
	t0=$EPOCHREALTIME
	rt_cmd "$rt" state "$id" >/dev/null 2>&1
	t1=$EPOCHREALTIME
	echo "state $(us "$t1" "$t0")"
	t0=$EPOCHREALTIME
	rt_cmd "$rt" list >/dev/null 2>&1
	t1=$EPOCHREALTIME
	echo "list $(us "$t1" "$t0")"
	t0=$EPOCHREALTIME
	rt_cmd "$rt" kill "$id" KILL >/dev/null 2>&1
	t1=$EPOCHREALTIME
	echo "kill $(us "$t1" "$t0")"
	# not measured: wait until the runtime itself reports the container stopped
	for _ in $(seq 1 2000); do
		rt_cmd "$rt" state "$id" 2>/dev/null | grep -q '"stopped"' && break
	done
	t0=$EPOCHREALTIME
	rt_cmd "$rt" delete "$id" >/dev/null 2>&1
	t1=$EPOCHREALTIME
	echo "delete $(us "$t1" "$t0")"
	rt_cmd "$rt" delete --force "$id" >/dev/null 2>&1 || true
}

run_round() {
	local rt=$1
	if [ "$rt" = crun ] && grep -q " /sys/fs/cgroup/unified " /proc/self/mountinfo; then
		export -f measure_round rt_cmd
		export work build
		unshare -m --propagation private bash -c \
			'umount /sys/fs/cgroup/unified 2>/dev/null || umount -l /sys/fs/cgroup/unified; measure_round crun'
	else
		measure_round "$rt"
	fi
}

set -- $runtimes
n=$#
for r in $(seq 1 "$rounds"); do
	# rotate the order every round
	for k in $(seq 0 $((n - 1))); do
		i=$(((r + k) % n + 1))
		rt=${!i}
		run_round "$rt" | sed "s/^/$rt /" >>"$work/times"
	done
done

python3 - "$work/times" $runtimes <<'EOF'
import statistics, sys
from collections import defaultdict
path, rts = sys.argv[1], sys.argv[2:]
data = defaultdict(list)
for line in open(path):
    rt, step, us = line.split()
    data[(rt, step)].append(int(us) / 1000.0)
steps = ["run", "create", "start", "exec", "state", "list", "kill", "delete"]
print("median ms (min-max)   " + "".join(f"{rt:>22}" for rt in rts) +
      "".join(f"{'lxcrun/' + rt:>14}" for rt in rts if rt != "lxcrun"))
for s in steps:
    row, med = f"{s:<22}", {}
    for rt in rts:
        v = data.get((rt, s))
        if not v:
            row += f"{'-':>22}"
            continue
        med[rt] = statistics.median(v)
        row += f"{med[rt]:>9.1f} ({min(v):.1f}-{max(v):.1f})".rjust(22)
    for rt in rts:
        if rt == "lxcrun":
            continue
        row += (f"{med['lxcrun'] / med[rt]:>14.2f}" if "lxcrun" in med and rt in med
                else f"{'-':>14}")
    print(row)
EOF
echo "# rounds: $rounds, host: $(nproc) cores, $(uname -r)"
