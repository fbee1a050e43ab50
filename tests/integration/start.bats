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

@test "create: a missing program is create's error (no such file or directory), nothing left" {
	# as with runc and crun: podman maps create's message to exit code 127
	set_args /no/such/program
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains "exec \`/no/such/program\`: no such file or directory"
	assert_nothing_left
}

@test "create: a program not on PATH is create's error" {
	set_args no-such-program
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains "exec \`no-such-program\`: no such file or directory"
	assert_nothing_left
}

@test "create: a file that is not executable, or a directory, is create's error (permission denied)" {
	set_args /etc/passwd
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains "exec \`/etc/passwd\`: permission denied"
	set_args /tmp
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains "exec \`/tmp\`: permission denied"
	assert_nothing_left
}

@test "create: a relative program is looked up from process.cwd" {
	update_config '.process.cwd = "/bin"'
	set_args ./true
	create_detached "$ID"
	run lxcrun start "$ID"
	assert_status 0
}

@test "start: a program only root may execute, run as another user, is start's error (permission denied)" {
	cp "$BUNDLE/rootfs/bin/busybox" "$BUNDLE/rootfs/bin/rootonly"
	chmod 0700 "$BUNDLE/rootfs/bin/rootonly"
	update_config '.process.user = {"uid": 1000, "gid": 1000}'
	set_args /bin/rootonly true
	create_detached "$ID"
	run lxcrun start "$ID"
	assert_status 1
	assert_output_contains "exec \`/bin/rootonly\`: permission denied"
	wait_status "$ID" stopped
	run lxcrun delete "$ID"
	assert_status 0
	assert_nothing_left
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
