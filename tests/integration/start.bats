#!/usr/bin/env bats
# lxcrun start: releases the init, returns once the user process is exec'd.

load helpers

@test "start runs the process and returns once it is exec'd" {
	set_args sleep 1000
	create_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	run lxcrun start "$ID"
	assert_status 0
	# no waiting: the exec has happened when start returns
	assert_equal "$(cat "/proc/$pid/comm")" sleep "comm of the container's pid"
	assert_equal "$(state_field "$ID" status)" running "status"
	assert_equal "$(state_field "$ID" pid)" "$pid" "pid"
	[ ! -e "$ROOT/$ID/exec.fifo" ]
}

@test "start: the process finds its program on the container's PATH" {
	set_args sh -c 'echo "path=$PATH"; echo started'
	run_detached "$ID"
	wait_output "$ID" started
	grep -q '^path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin$' "$TEST_DIR/$ID.out"
}

@test "start: a missing program is start's error (no such file or directory)" {
	set_args /no/such/program
	create_detached "$ID"
	run lxcrun start "$ID"
	assert_status 1
	assert_output_contains "no such file or directory"
	assert_output_contains "/no/such/program"
	wait_status "$ID" stopped
	run lxcrun delete "$ID"
	assert_status 0
	assert_nothing_left
}

@test "start: a program not on PATH is start's error" {
	set_args no-such-program
	create_detached "$ID"
	run lxcrun start "$ID"
	assert_status 1
	assert_output_contains "no-such-program"
}

@test "start: a file that is not executable is start's error (permission denied)" {
	set_args /etc/passwd
	create_detached "$ID"
	run lxcrun start "$ID"
	assert_status 1
	assert_output_contains "permission denied"
	wait_status "$ID" stopped
}

@test "start: a missing cwd is an error" {
	update_config '.process.cwd = "/no/such/dir"'
	set_args true
	run create_cmd "$ID"
	if [ "$status" -eq 0 ]; then
		run lxcrun start "$ID"
	fi
	assert_status 1
	assert_output_contains "/no/such/dir"
}

@test "start of a running or stopped container: exit 1" {
	set_args sleep 1000
	run_detached "$ID"
	run lxcrun start "$ID"
	assert_status 1
	assert_equal "$(state_field "$ID" status)" running "status after the second start"
	lxcrun kill "$ID" KILL
	wait_status "$ID" stopped
	run lxcrun start "$ID"
	assert_status 1
}

@test "start of an unknown container: does not exist, exit 1" {
	run lxcrun start "$ID"
	assert_status 1
	assert_output_contains "does not exist"
}

@test "start: the container's exit leaves it stopped, with its cgroup until delete" {
	set_args sh -c 'exit 0'
	run_detached "$ID"
	wait_status "$ID" stopped
	run lxrt_cgroups_named "$ID"
	[ -n "$output" ] || {
		echo "the stopped container has no cgroup left before delete" >&2
		return 1
	}
	dirs=$output
	run lxcrun delete "$ID"
	assert_status 0
	# shellcheck disable=SC2086 # one directory per word
	assert_dirs_gone $dirs
	assert_nothing_left
}
