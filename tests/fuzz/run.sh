#!/bin/bash
# tests/fuzz/run.sh [SECONDS]: builds the libFuzzer targets with clang
# (ASan + UBSan) and runs each for SECONDS (default 60) from its seed corpus.
# Prints one line per target and exits non-zero if any target found a crash
# (the reproducer is left in tests/tmp/fuzz/). Needs clang and libclang-rt-dev.
set -u
secs=${1:-60}
src=$(cd "$(dirname "$0")/../.." && pwd)
out=$src/tests/tmp/fuzz
mkdir -p "$out"
command -v clang >/dev/null || { echo "fuzz: clang not installed"; exit 1; }

# config.h from a build dir, else a minimal one (the targets need no more)
cfg=$out/include
mkdir -p "$cfg"
if [ -n "${LXCRUN_BUILD_DIR:-}" ] && [ -f "$LXCRUN_BUILD_DIR/config.h" ]; then
	cp "$LXCRUN_BUILD_DIR/config.h" "$cfg/config.h"
else
	printf '#define _GNU_SOURCE 1\n#define LXCRUN_COMMIT "fuzz"\n#define LXC_BUILD_VERSION "fuzz"\n#define PACKAGE_VERSION "fuzz"\n' >"$cfg/config.h"
fi
flags=(-g -O1 -std=gnu11 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
	-I"$cfg" -I"$src/src" -DLIBEXECDIR='"/nonexistent"')
core=(error log util spec_parse spec_tables spec_default spec_mount mount_check lxc_config init_build seccomp_build init_params records hook_set hook_run hooks signals state cgroup cgroup_plan)
srcs=()
for f in "${core[@]}"; do srcs+=("$src/src/$f.c"); done

failed=0
for t in ${FUZZ_TARGETS:-fuzz_spec fuzz_seccomp fuzz_names}; do
	if ! clang "${flags[@]}" -o "$out/$t" "$src/tests/fuzz/$t.c" "${srcs[@]}" -lyajl -lcap -lseccomp 2>"$out/$t.build.log"; then
		echo "not ok - $t: build failed (see $out/$t.build.log)"
		failed=1
		continue
	fi
	corpus=$out/corpus-$t
	mkdir -p "$corpus"
	cp -n "$src/tests/fuzz/corpus/$t"/* "$corpus/" 2>/dev/null
	if (cd "$out" && "./$t" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
		"$corpus" >"$out/$t.log" 2>&1); then
		echo "ok - $t: $(grep -o 'Done [0-9]* runs' "$out/$t.log" | grep -o '[0-9]*') runs in ${secs}s, no crash"
	else
		echo "not ok - $t: crash, see $out/$t.log and $out/crash-*"
		failed=1
	fi
done
exit $failed
