#!/usr/bin/env bats
# lxcrun pause/resume (cgroup2 freezer, also on the hybrid host's cgroup2
# hierarchy; the v1 freezer on a pure v1 host) and lxcrun ps.

load helpers

# frozen_is DIR 0|1: the kernel's own view of DIR (a main_cgroup) is frozen (1) or not.
frozen_is() {
	if [ "$(cgroup_mode)" = v1 ]; then
		local want=THAWED
		[ "$2" = 1 ] && want=FROZEN
		assert_equal "$(cat "$1/freezer.state")" "$want" "$1/freezer.state"
	else
		grep -qx "frozen $2" "$1/cgroup.events"
	fi
}

# counter_of PID: the loop counter the container below keeps in /dev/shm/count.
counter_of() {
	cat "/proc/$1/root/dev/shm/count"
}

# counter_moved PID OLD: true once the counter differs from OLD.
counter_moved() {
	local now
	now=$(counter_of "$1") && [ -n "$now" ] && [ "$now" != "$2" ]
}

@test "pause freezes every process, state says paused, resume thaws" {
	# rename keeps every read whole (a plain `echo >` can be read truncated)
	set_args sh -c 'i=0; while true; do i=$((i + 1)); echo $i > /dev/shm/c.new; mv /dev/shm/c.new /dev/shm/count; done'
	run_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	d=$(main_cgroup "$pid")
	wait_file "/proc/$pid/root/dev/shm/count"
	run lxcrun pause "$ID"
	assert_status 0
	assert_equal "$(state_field "$ID" status)" paused status
	frozen_is "$d" 1
	# a frozen loop makes no progress
	a=$(counter_of "$pid")
	[ -n "$a" ]
	sleep 0.3
	assert_equal "$(counter_of "$pid")" "$a" "counter while paused"
	run lxcrun resume "$ID"
	assert_status 0
	assert_equal "$(state_field "$ID" status)" running status
	frozen_is "$d" 0
	wait_until 10 counter_moved "$pid" "$a"
}

@test "pause of a paused and resume of a running container are errors" {
	set_args sleep 1000
	run_detached "$ID"
	run lxcrun resume "$ID"
	assert_status 1
	assert_output_contains "not paused"
	lxcrun pause "$ID"
	run lxcrun pause "$ID"
	assert_status 1
	assert_output_contains "not running"
	# delete refuses a paused container without --force, and --force removes it
	run lxcrun delete "$ID"
	assert_status 1
	assert_output_contains "paused"
	run lxcrun delete --force "$ID"
	assert_status 0
	assert_nothing_left
}

@test "pause of an unknown container: does not exist, exit 1" {
	run lxcrun pause "$(new_id nope)"
	assert_status 1
	assert_output_contains "does not exist"
}

@test "ps lists the container's host pids (json: an array of pids only)" {
	set_args sh -c 'sleep 1000 & sleep 1000'
	run_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	wait_until 10 test "$(lxcrun ps --format json "$ID" | jq length)" = 2
	run --separate-stderr lxcrun ps --format json "$ID"
	assert_status 0
	echo "$output" | jq -e 'type == "array" and all(type == "number")'
	echo "$output" | jq -e --argjson p "$pid" 'index($p) != null'
	for p in $(echo "$output" | jq '.[]'); do
		assert_equal "$(cat "/proc/$p/comm")" sleep "comm of $p"
	done
	run lxcrun ps "$ID"
	assert_status 0
	assert_output_contains "PID"
	assert_output_contains "sleep 1000"
}

@test "ps of a stopped container is an error" {
	set_args true
	run_detached "$ID"
	wait_status "$ID" stopped
	run lxcrun ps "$ID"
	assert_status 1
	assert_output_contains "not running"
}
