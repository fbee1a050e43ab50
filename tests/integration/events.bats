#!/usr/bin/env bats
# lxcrun events: stats in runc's shape (--stats once, or a stream every
# --interval), OOM events, the end of the stream with the container; and the
# exit status 137 of a foreground run whose container is OOM-killed.

load helpers

# skip_without_ctrl CONTROLLER: in the emulated v2 mode, skips unless the
# cgroup2 hierarchy offers CONTROLLER (memory and pids are bound to v1 here).
skip_without_ctrl() {
	if [ "$(cgroup_mode)" = v2 ]; then
		grep -qw "$1" "$(cgroup2_root)/cgroup.controllers" ||
			skip "the $1 controller is not available on this (emulated) cgroup v2 host"
	elif [ ! -d "/sys/fs/cgroup/$1" ]; then
		skip "the $1 controller is not mounted on this host"
	fi
}

# The container's memory may not exceed 32 MiB, swap included.
limit_memory() {
	update_config '.linux.resources.memory = {"limit": 33554432, "swap": 33554432}'
}

# sh holds the 100 MB the pipe produces: the OOM killer picks it
OOM_PAYLOAD='x=$(head -c 100000000 /dev/zero | tr "\0" x); echo survived'

# lines_ge FILE N: FILE has at least N lines.
lines_ge() {
	[ "$(wc -l <"$1")" -ge "$2" ]
}

@test "events --stats: one stats object with type, id and cpu usage" {
	set_args sleep 1000
	run_detached "$ID"
	run --separate-stderr lxcrun events --stats "$ID"
	assert_status 0
	assert_equal "$(echo "$output" | wc -l)" 1 "lines"
	assert_equal "$(echo "$output" | jq -r .type)" stats type
	assert_equal "$(echo "$output" | jq -r .id)" "$ID" id
	[ "$(echo "$output" | jq '.data.cpu.usage.total')" -gt 0 ]
	# every section of runc's shape is there, even where empty
	assert_equal "$(echo "$output" | jq -c '.data | keys')" \
		'["blkio","cpu","hugetlb","memory","pids"]' "sections"
}

@test "events --stats: pids and memory usage" {
	skip_without_ctrl pids
	skip_without_ctrl memory
	update_config '.linux.resources.pids = {"limit": 100}'
	set_args sleep 1000
	run_detached "$ID"
	run --separate-stderr lxcrun events --stats "$ID"
	assert_status 0
	[ "$(echo "$output" | jq '.data.pids.current')" -ge 1 ]
	assert_equal "$(echo "$output" | jq '.data.pids.limit')" 100 "pids.limit"
	[ "$(echo "$output" | jq '.data.memory.usage.usage')" -gt 0 ]
	[ "$(echo "$output" | jq '.data.memory.usage.limit')" -gt 0 ]
	echo "$output" | jq -e '.data.memory.raw | type == "object"'
}

@test "events --interval 200ms streams stats lines and exits 0 when the container stops" {
	set_args sleep 1000
	run_detached "$ID"
	lxcrun events --interval 200ms "$ID" </dev/null >"$TEST_DIR/events.out" 2>"$TEST_DIR/events.err" &
	ev=$!
	track_pid "$ev"
	wait_until 20 lines_ge "$TEST_DIR/events.out" 2
	lxcrun kill "$ID" KILL
	st=0
	wait "$ev" || st=$?
	cat "$TEST_DIR/events.err"
	assert_equal "$st" 0 "events exit status"
	# every line is a stats event of this container
	assert_equal "$(jq -r 'select(.type == "stats" and .id == "'"$ID"'") | .type' \
		"$TEST_DIR/events.out" | wc -l)" "$(wc -l <"$TEST_DIR/events.out")" "stats lines"
}

@test "events reports an oom line when the container is OOM-killed" {
	skip_without_ctrl memory
	limit_memory
	set_args sh -c "$OOM_PAYLOAD"
	create_detached "$ID"
	# a created container already has its cgroup: watch before the payload
	# runs; the first stats line says the OOM watch is set up
	lxcrun events --interval 200ms "$ID" </dev/null >"$TEST_DIR/events.out" 2>"$TEST_DIR/events.err" &
	ev=$!
	track_pid "$ev"
	wait_until 20 lines_ge "$TEST_DIR/events.out" 1
	lxcrun start "$ID"
	st=0
	wait "$ev" || st=$?
	cat "$TEST_DIR/events.err"
	assert_equal "$st" 0 "events exit status"
	grep -qFx "{\"type\":\"oom\",\"id\":\"$ID\"}" "$TEST_DIR/events.out" || {
		echo "events printed: $(cat "$TEST_DIR/events.out")" >&2
		return 1
	}
	run ! grep -q survived "$TEST_DIR/$ID.out"
}

@test "run: a container OOM-killed in the foreground exits 137" {
	skip_without_ctrl memory
	limit_memory
	run_in_container sh -c "$OOM_PAYLOAD"
	assert_status 137
	assert_output_not_contains survived
}

@test "events: unknown and stopped containers, bad intervals are errors" {
	run lxcrun events --stats "$ID-nope"
	assert_status 1
	assert_output_contains "does not exist"
	set_args true
	run_detached "$ID"
	wait_status "$ID" stopped
	run lxcrun events --stats "$ID"
	assert_status 1
	assert_output_contains "is not running"
	run lxcrun events "$ID"
	assert_status 1
	assert_output_contains "is not running"
	for d in 0 5 -1s 1x; do
		run lxcrun events --interval "$d" "$ID"
		assert_status 1
		assert_output_contains "--interval"
	done
	run lxcrun events
	assert_status 1
}
