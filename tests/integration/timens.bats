#!/usr/bin/env bats
# linux.timeOffsets with a time namespace: the offsets as /proc shows them in
# the container, for its init and for exec, and the errors.

load helpers

# uptime_secs FILE_CONTENT: the integer seconds of a /proc/uptime line.
uptime_secs() {
	echo "${1%%.*}"
}

@test "timens: monotonic and boottime offsets, seen by the init and by exec" {
	update_config '.linux.namespaces += [{"type": "time"}]
		| .linux.timeOffsets = {"monotonic": {"secs": 86400}, "boottime": {"secs": 172800}}'
	set_args sh -c 'cat /proc/self/timens_offsets; cat /proc/uptime; readlink /proc/self/ns/time; sleep 1000'
	run_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	wait_output "$ID" "time:"
	run cat "$TEST_DIR/$ID.out"
	# the kernel pads the columns: compare with blanks squeezed
	squeezed=$(tr -s ' ' <<<"$output")
	[[ "$squeezed" == *"monotonic 86400 0"* ]]
	[[ "$squeezed" == *"boottime 172800 0"* ]]
	inside=$(uptime_secs "$(sed -n 3p <<<"$output")")
	host=$(uptime_secs "$(cat /proc/uptime)")
	# /proc/uptime is CLOCK_BOOTTIME: two days ahead of the host's (give or take the run)
	[ $((inside - host)) -ge 172700 ] && [ $((inside - host)) -le 172800 ]
	[ "$(sed -n 4p <<<"$output")" != "$(readlink /proc/self/ns/time)" ]
	assert_equal "$(sed -n 4p <<<"$output")" "$(readlink "/proc/$pid/ns/time")" "the init's time namespace"
	run lxcrun exec "$ID" cat /proc/self/timens_offsets
	assert_status 0
	[[ "$(tr -s ' ' <<<"$output")" == *"boottime 172800 0"* ]]
	lxcrun delete --force "$ID"
	assert_nothing_left
}

@test "timens: nanoseconds, and a time namespace without offsets" {
	update_config '.linux.namespaces += [{"type": "time"}]
		| .linux.timeOffsets = {"monotonic": {"nanosecs": 500000000}}'
	set_args cat /proc/self/timens_offsets
	run lxcrun run -b "$BUNDLE" "$ID" </dev/null
	assert_status 0
	[[ "$(tr -s ' ' <<<"$output")" == *"monotonic 0 500000000"* ]]
	[[ "$(tr -s ' ' <<<"$output")" == *"boottime 0 0"* ]]
	update_config 'del(.linux.timeOffsets)'
	run lxcrun run -b "$BUNDLE" "$ID" </dev/null
	assert_status 0
	[[ "$(tr -s ' ' <<<"$output")" == *"monotonic 0 0"* ]]
	assert_nothing_left
}

@test "timens: offsets without a new time namespace, or a bad clock, are refused by name" {
	update_config '.linux.timeOffsets = {"monotonic": {"secs": 5}}'
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains "linux.timeOffsets: requires a new time namespace"
	update_config '.linux.namespaces += [{"type": "time"}] | .linux.timeOffsets = {"realtime": {"secs": 5}}'
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains "linux.timeOffsets.realtime: not a clock a time namespace offsets"
	update_config '.linux.timeOffsets = {"boottime": {"secs": 5, "nanosecs": 1}}'
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains "linux.timeOffsets.boottime: secs and nanosecs together are not supported"
	assert_nothing_left
}
