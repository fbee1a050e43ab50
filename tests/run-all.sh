#!/bin/bash
# tests/run-all.sh: the whole test suite, as root, from a fresh checkout.
#
#  1. builds (./autogen.sh and configure when needed) in tests/tmp/build, or in
#     the source dir if it was configured in-tree;
#  2. `make check`: unit tests and integration tests on this host's cgroup layout;
#  3. the integration tests again on an emulated pure cgroup v2 host: in a private
#     mount namespace, /sys/fs/cgroup is unmounted and a cgroup2 hierarchy mounted
#     there (the host's own mounts are untouched), LXCRUN_TEST_CGROUP_MODE=v2;
#  4. the cgroup-related integration tests again on an emulated pure cgroup v1
#     host: in a private mount namespace the cgroup2 mount at
#     /sys/fs/cgroup/unified is unmounted (hybrid hosts only; skipped elsewhere);
#  5. "san": a second build with ASan+UBSan (configure --enable-sanitizers, in
#     <build>-san) runs the unit tests and $(san_integration_tests) on this host,
#     with lxcrun-start under valgrind (the helpers: UBSan in trap mode); every
#     sanitizer or valgrind report counts as a failure;
#  6. the client suites (tests/clients: podman, containerd, docker driving
#     lxcrun; each skips when its client is not installed), on this host;
#  7. checks that the run left no cgroups, processes or mounts behind.
#
# Prints per-mode counts, skipped tests with their reasons, failed tests, and as
# its last line `N passed, M failed` (both modes; skips are listed, not counted).
# Exits non-zero if anything failed. Cleans up when interrupted.
#
# Environment: LXCRUN_FUZZ_SECONDS (run each tests/fuzz target that long, with
# ASan+UBSan; default 0: no fuzzing), JOBS (parallel make jobs, default 2), CONFIGURE_FLAGS (extra
# configure flags for a fresh build dir), LXCRUN_TEST_MODES (default
# "host v2 v1 san clients"), TESTS (restrict to some tests, as for make check).
set -u

src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$src" || exit 1
jobs=${JOBS:-2}
modes=${LXCRUN_TEST_MODES:-host v2 v1 san clients}

if [ -f "$src/config.status" ]; then
	build=$src # configured in-tree (the README's quick start): a VPATH build would be refused
else
	build=$src/tests/tmp/build
fi

last_line() {
	echo "$1 passed, $2 failed"
}

if [ "$(id -u)" != 0 ]; then
	echo "run-all.sh: the integration tests create containers: run as root" >&2
	last_line 0 1
	exit 1
fi

base=$(mktemp -d /tmp/lxrt.XXXXXX) || exit 1
# searchable (not listable) by others: a container with a user namespace runs
# liblxc's setup as its mapped root, which must reach the bundles below
chmod 711 "$base"
tag=${base##*.}
export LXCRUN_TEST_TMPDIR=$base LXCRUN_TEST_RUN_TAG=$tag
export LXCRUN="$build/src/lxcrun"
# shellcheck source=integration/sweep.bash
. "$src/tests/integration/sweep.bash"

# Runs a command in a private mount namespace without the cgroup2 mount of a
# hybrid host (a pure cgroup v1 layout).
in_v1() {
	unshare -m --propagation private -- bash -c '
		umount -l /sys/fs/cgroup/unified || exit 1
		exec "$@"' in_v1 "$@"
}

# Runs a command in a private mount namespace whose /sys/fs/cgroup is cgroup2.
in_v2() {
	unshare -m --propagation private -- bash -c '
		umount -l /sys/fs/cgroup 2>/dev/null
		mount -t cgroup2 none /sys/fs/cgroup || exit 1
		exec "$@"' in_v2 "$@"
}

child=
cleanup() {
	trap - EXIT INT TERM HUP
	if [ -n "$child" ]; then
		# the whole process group of the running make: bats-env cleans up on TERM
		kill -TERM -- "-$child" 2>/dev/null
		wait "$child" 2>/dev/null
		# until every member (bats-env and its cleanup) is done, 60 s at most
		for ((i = 0; i < 600; i++)); do
			kill -0 -- "-$child" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL -- "-$child" 2>/dev/null
		child=
	fi
	if [ -x "$LXCRUN" ]; then
		lxrt_sweep "$base" "lxrt-$tag"
		# containers of the v2 pass record cgroup paths of the emulated layout
		case " $modes " in *" v2 "*)
			in_v2 bash -c '. "$1"; lxrt_sweep "$2" "$3"' sweep "$src/tests/integration/sweep.bash" \
				"$base" "lxrt-$tag" 2>/dev/null ;;
		esac
	fi
	rm -rf "$base" "/run/lxc/lock/${base#/}"
}
interrupted() {
	echo "run-all.sh: interrupted, cleaning up" >&2
	cleanup
	last_line 0 1
	exit 130
}
trap cleanup EXIT
trap interrupted INT TERM HUP

# Runs "$@" as its own process group in the background and waits for it, so a
# signal to us can end all of it (and its cleanup traps run).
run_group() {
	set -m
	"$@" &
	child=$!
	set +m
	wait "$child"
	local st=$?
	child=
	return $st
}

# ---- build ----
build_failed() {
	echo "run-all.sh: $*" >&2
	last_line 0 1
	exit 1
}
if [ ! -x "$src/configure" ]; then
	./autogen.sh || build_failed "./autogen.sh failed"
fi
if [ ! -f "$build/Makefile" ]; then
	mkdir -p "$build" || build_failed "cannot create $build"
	# shellcheck disable=SC2086 # CONFIGURE_FLAGS is a list of flags
	(cd "$build" && "$src/configure" -q ${CONFIGURE_FLAGS:-}) || build_failed "configure failed"
fi
make -C "$build" -s -j"$jobs" all || build_failed "make failed"

# ---- results ----
results=$build/tests/results
rm -rf "$results"
total_pass=0 total_fail=0 total_skip=0

# collect MODE: copies the .log/.trs files of the last make check into
# $results/MODE and adds up their results.
collect() {
	local mode=$1 pass=0 fail=0 skip=0 trs log line
	mkdir -p "$results/$mode"
	while IFS= read -r trs; do
		log=${trs%.trs}.log
		rel=${trs#"$build"/}
		mkdir -p "$results/$mode/$(dirname "$rel")"
		cp "$trs" "$results/$mode/$rel"
		[ -f "$log" ] && cp "$log" "$results/$mode/${rel%.trs}.log"
		while read -r line; do
			case $line in
			":test-result: PASS"* | ":test-result: XFAIL"*) pass=$((pass + 1)) ;;
			":test-result: SKIP"*) skip=$((skip + 1)) ;;
			":test-result: "*) fail=$((fail + 1)) ;;
			esac
		done <"$trs"
		if [ -f "$log" ]; then
			# the tap driver's verdict lines, for the report
			grep -E '^(FAIL|ERROR|XPASS):' "$log" | sed "s|^|  [$mode] |" >>"$results/failed.txt"
			grep -E '^ok .*# (skip|SKIP)' "$log" | sed "s|^|  [$mode] ${rel%.trs}: |" >>"$results/skipped.txt"
		fi
	done < <(find "$build/tests" -path "$results" -prune -o -name '*.trs' -print | sort)
	[ -f "$build/test-suite.log" ] && cp "$build/test-suite.log" "$results/$mode/"
	echo "$mode: $pass passed, $fail failed, $skip skipped" >>"$results/modes.txt"
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
	total_skip=$((total_skip + skip))
}
mkdir -p "$results"
: >"$results/failed.txt"
: >"$results/skipped.txt"
: >"$results/modes.txt"

clean_results() {
	find "$build/tests" -path "$results" -prune -o \( -name '*.trs' -o -name '*.log' \) -exec rm -f {} +
	rm -f "$build/test-suite.log"
}

# The "san" mode: builds $build-san with --enable-sanitizers, runs the unit tests
# and $(san_integration_tests) there with every report written to files, and
# counts each file holding a report as one failure.
run_san() {
	local sb=$build-san logs f n
	logs=$results/san
	mkdir -p "$logs"
	if [ ! -f "$sb/Makefile" ]; then
		if ! { mkdir -p "$sb" && (cd "$sb" && "$src/configure" -q --enable-sanitizers); }; then
			echo "  [san] configure --enable-sanitizers failed" >>"$results/failed.txt"
			total_fail=$((total_fail + 1))
			return
		fi
	fi
	if ! make -C "$sb" -s -j"$jobs" all; then
		echo "  [san] make failed" >>"$results/failed.txt"
		total_fail=$((total_fail + 1))
		return
	fi
	find "$sb/tests" \( -name '*.trs' -o -name '*.log' \) -exec rm -f {} +
	# reports go to files: the tests capture stderr and would hide them. Leak
	# checks for the unit tests only: LeakSanitizer's exit-time check spins forever
	# in a process that has joined a container's pid namespace (`exec`).
	local t
	# shellcheck disable=SC2016 # $(...) are make variables
	for t in "${tests_arg[@]:-TESTS=\$(unit_tests)}" "${tests_arg[@]:-TESTS=\$(san_integration_tests)}"; do
		run_group env LXCRUN_TEST_CGROUP_MODE="$layout" \
			ASAN_OPTIONS="log_path=$logs/asan:detect_leaks=$([ "$t" = 'TESTS=$(unit_tests)' ] && echo 1 || echo 0)" \
			UBSAN_OPTIONS="log_path=$logs/ubsan:print_stacktrace=1:halt_on_error=1" \
			LXCRUN_TEST_VALGRIND="$logs/valgrind" \
			make -C "$sb" -j"$jobs" check "$t"
		[ ${#tests_arg[@]} -eq 0 ] || break
	done
	local saved=$build
	build=$sb
	collect san
	build=$saved
	# valgrind's own errors start with ==PID==; its warnings (--PID--) are not reports
	n=0
	for f in "$logs"/asan.* "$logs"/ubsan.* "$logs"/valgrind/*; do
		[ -f "$f" ] || continue
		case $f in
		*/valgrind/*) grep -q '^==[0-9]*==' "$f" || continue ;;
		*) [ -s "$f" ] || continue ;;
		esac
		echo "  [san] report in ${f#"$src"/}: $(grep -m1 -E 'ERROR|runtime error|^==[0-9]+== [A-Z]' "$f")" >>"$results/failed.txt"
		n=$((n + 1))
	done
	echo "san reports: $n (logs in ${logs#"$src"/})" >>"$results/modes.txt"
	total_fail=$((total_fail + n))
}

layout=$(stat -f -c %T /sys/fs/cgroup)
[ "$layout" = cgroup2fs ] && layout=v2 || layout=hybrid
[ -d /sys/fs/cgroup/unified ] || [ "$layout" = v2 ] || layout=v1

tests_arg=()
[ -n "${TESTS:-}" ] && tests_arg=("TESTS=$TESTS")

for mode in $modes; do
	clean_results
	case $mode in
	host)
		echo "== make check on this host (cgroup layout: $layout)"
		run_group env LXCRUN_TEST_CGROUP_MODE="$layout" make -C "$build" -j"$jobs" check "${tests_arg[@]}"
		collect "host-$layout"
		;;
	v2)
		echo "== integration tests on an emulated pure cgroup v2 host"
		# shellcheck disable=SC2016 # $(integration_tests) is expanded by make
		run_group in_v2 env LXCRUN_TEST_CGROUP_MODE=v2 make -C "$build" -j"$jobs" check \
			"${tests_arg[@]:-TESTS=\$(integration_tests)}"
		collect v2
		;;
	v1)
		if [ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" != cgroup2fs ]; then
			echo "== no emulated pure cgroup v1 pass: this host is not hybrid"
			continue
		fi
		echo "== cgroup-related integration tests on an emulated pure cgroup v1 host"
		# shellcheck disable=SC2016 # $(v1_tests) is expanded by make
		run_group in_v1 env LXCRUN_TEST_CGROUP_MODE=v1 make -C "$build" -j"$jobs" check \
			"${tests_arg[@]:-TESTS=\$(v1_tests)}"
		collect v1
		;;
	san)
		echo "== ASan+UBSan build: unit tests and a subset of the integration tests (host), helpers under valgrind"
		run_san
		;;
	clients)
		echo "== client suites (podman, containerd, docker) on this host"
		# shellcheck disable=SC2016 # $(client_tests) is expanded by make
		run_group make -C "$build" -j"$jobs" check \
			"${tests_arg[@]:-TESTS=\$(client_tests)}"
		collect clients
		;;
	*)
		echo "run-all.sh: unknown mode $mode (host, v2, v1, san, clients)" >&2
		total_fail=$((total_fail + 1))
		;;
	esac
done

# ---- fuzzing (LXCRUN_FUZZ_SECONDS per target; .ci/run sets 60) ----
if [ "${LXCRUN_FUZZ_SECONDS:-0}" -gt 0 ]; then
	echo "== fuzzing, ${LXCRUN_FUZZ_SECONDS}s per target"
	LXCRUN_BUILD_DIR=$build "$src/tests/fuzz/run.sh" "$LXCRUN_FUZZ_SECONDS" >"$results/fuzz.txt" 2>&1
	cat "$results/fuzz.txt"
	f_pass=$(grep -c '^ok ' "$results/fuzz.txt")
	f_fail=$(grep -c '^not ok ' "$results/fuzz.txt")
	echo "fuzz: $f_pass passed, $f_fail failed, 0 skipped" >>"$results/modes.txt"
	grep '^not ok ' "$results/fuzz.txt" | sed 's/^/  [fuzz] /' >>"$results/failed.txt"
	total_pass=$((total_pass + f_pass))
	total_fail=$((total_fail + f_fail))
fi

# ---- the run as a whole left nothing behind ----
left=""
x=$(lxrt_cgroups_named "lxrt-$tag")
[ -z "$x" ] || left+="cgroups: $x"$'\n'
x=$(lxrt_pids_mentioning "$base")
[ -z "$x" ] || left+="processes: $x"$'\n'
x=$(grep -F -- "$base" /proc/self/mountinfo)
[ -z "$x" ] || left+="mounts: $x"$'\n'
x=$(find "$base" -mindepth 1 -maxdepth 1 2>/dev/null)
[ -z "$x" ] || left+="test dirs: $x"$'\n'

echo
echo "== results (logs in ${results#"$src"/})"
cat "$results/modes.txt"
if [ -s "$results/skipped.txt" ]; then
	echo "skipped:"
	cat "$results/skipped.txt"
fi
if [ -s "$results/failed.txt" ]; then
	echo "failed:"
	cat "$results/failed.txt"
fi
if [ -n "$left" ]; then
	echo "left behind by the run (counted as one failure):"
	printf '%s' "$left" | sed 's/^/  /'
	total_fail=$((total_fail + 1))
fi
[ "$total_skip" -eq 0 ] || echo "$total_skip skipped (not counted below)"
last_line "$total_pass" "$total_fail"
[ "$total_fail" -eq 0 ]
