#!/bin/bash
# Timeline of one `lxcrun run` of /bin/true: where the time goes.
#
#   tests/bench/timeline.sh
#
# Not a test. Runs the command under strace -f (which slows every traced call:
# read the offsets as a sequence, and the counts as exact) and prints, per
# program exec'd along the way, the offset at which it started and how many
# clones, mounts, mkdirs and rmdirs (nearly all of them cgroups) and namespace
# calls happened until the next exec. Needs strace (apt-get install strace).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
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
command -v strace >/dev/null || {
	echo "strace not found: apt-get install strace" >&2
	exit 1
}
export LXCRUN_LIBEXEC_DIR=$build/libexec

work=$(mktemp -d /tmp/lxcrun-timeline.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
"$src/tests/make-bundle.sh" "$work/bundle" /bin/true >/dev/null

strace -f -ttt -qq -o "$work/trace" \
	-e trace=execve,execveat,clone,clone3,vfork,mount,umount2,mkdir,mkdirat,rmdir,pivot_root,unshare,setns \
	"$build/src/lxcrun" --root "$work/root" run --bundle "$work/bundle" "tl-$$" </dev/null

python3 - "$work/trace" <<'EOF'
import re, sys
from collections import Counter
events = []
for line in open(sys.argv[1]):
    m = re.match(r"(\d+)\s+(\d+\.\d+)\s+(?:<\.\.\. )?(\w+)", line)
    if not m or "resumed>" in line:
        continue
    pid, t, call = m.group(1), float(m.group(2)), m.group(3)
    if call in ("execve", "execveat") and "= -1" in line:
        continue
    arg = ""
    if call in ("execve", "execveat"):
        a = re.search(r'"([^"]*)"', line)
        arg = a.group(1) if a else ""
    events.append((t, pid, call, arg))
t0 = events[0][0]
print(f"{'at ms':>7}  {'program (pid)':<42} then: clones mounts mkdir rmdir ns")
segment, counts = None, Counter()
def flush():
    if segment:
        t, pid, prog = segment
        print(f"{(t - t0) * 1000:>7.1f}  {prog[-34:] + ' (' + pid + ')':<42}"
              f"{counts['clone']:>11}{counts['mount']:>7}{counts['mk']:>6}"
              f"{counts['rm']:>6}{counts['ns']:>3}")
for t, pid, call, arg in events:
    if call in ("execve", "execveat"):
        flush()
        segment, counts = (t, pid, arg or "(fd)"), Counter()
    elif call in ("clone", "clone3", "vfork"):
        counts["clone"] += 1
    elif call in ("mount", "umount2", "pivot_root"):
        counts["mount"] += 1
    elif call in ("mkdir", "mkdirat"):
        counts["mk"] += 1
    elif call == "rmdir":
        counts["rm"] += 1
    elif call in ("unshare", "setns"):
        counts["ns"] += 1
flush()
print(f"end at {(events[-1][0] - t0) * 1000:.1f} ms (under strace)")
EOF
