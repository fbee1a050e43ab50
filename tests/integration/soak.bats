#!/usr/bin/env bats
# Soak: LXCRUN_SOAK_CYCLES (default 30; `make check-soak`: 1000) cycles of
# create, start, kill and delete leave the host as before (mounts, cgroups,
# processes, the caller's open fds, files under the root dir), and the last
# cycles take no longer than the first ones (within a generous margin: the
# machine is shared).

load helpers

setup() {
	lxrt_setup
	set_args sleep 1000
}

# snapshot: (of the test's shell $me) what the cycles must leave as they found it (only what this test
# can affect: other tests may run on the host meanwhile).
snapshot() {
	echo "mounts naming the test: $(grep -cF -- "$TEST_DIR" /proc/self/mountinfo)"
	echo "cgroups named lxcrun-$ID_PREFIX*: $(lxrt_cgroups_named "lxcrun-$ID_PREFIX" | wc -l)"
	echo "fds of the test's shell: $(ls "/proc/$me/fd" | wc -l)"
	echo "children of the test's shell: $(pgrep -P "$me" | wc -l)"
	echo "processes naming the test: $(lxrt_pids_mentioning "$TEST_DIR" | wc -l)"
	echo "files under the root: $(find "$ROOT" -mindepth 1 | wc -l)"
}

is_stopped() {
	[ "$(lxcrun state "$1" | jq -r .status)" = stopped ]
}

# median of the numbers on stdin
median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

@test "create/start/kill/delete cycles leave the host as before and do not slow down" {
	cycles=${LXCRUN_SOAK_CYCLES:-30}
	mkdir -p "$ROOT"
	me=$BASHPID
	before=$(snapshot)
	: >"$TEST_DIR/times"
	for ((i = 0; i < cycles; i++)); do
		id=$(new_id "s$i")
		t0=$EPOCHREALTIME
		lxcrun create -b "$BUNDLE" "$id" </dev/null >/dev/null 2>"$TEST_DIR/err" ||
			fail_cycle "$i" create
		lxcrun start "$id" 2>"$TEST_DIR/err" || fail_cycle "$i" start
		lxcrun kill "$id" KILL 2>"$TEST_DIR/err" || fail_cycle "$i" kill
		wait_until 30 is_stopped "$id"
		lxcrun delete "$id" 2>"$TEST_DIR/err" || fail_cycle "$i" delete
		t1=$EPOCHREALTIME
		echo "$t0 $t1" | awk '{ printf "%.4f\n", $2 - $1 }' >>"$TEST_DIR/times"
	done
	after=$(snapshot)
	assert_equal "$after" "$before" "the host after $cycles cycles"
	assert_nothing_left
	# the first and the last tenth (at least 5 cycles each)
	k=$((cycles / 10 > 5 ? cycles / 10 : 5))
	first=$(head -n "$k" "$TEST_DIR/times" | median)
	last=$(tail -n "$k" "$TEST_DIR/times" | median)
	echo "# $cycles cycles: median $first s per cycle at the start, $last s at the end" >&3
	# generous: other engineers' builds share the two cores
	awk -v f="$first" -v l="$last" 'BEGIN { exit !(l <= 3 * f + 0.5) }' || {
		echo "cycles slowed down: $first s at the start, $last s at the end" >&2
		false
	}
}

# fail_cycle I STEP: fails the test with the step's error.
fail_cycle() {
	echo "cycle $1: $2 failed: $(cat "$TEST_DIR/err")" >&2
	return 1
}
