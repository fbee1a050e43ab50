#!/usr/bin/env bats
# lxcrun delete: refuses a running container, --force kills it; waits for the
# cgroup to empty; leaves nothing behind.

load helpers

@test "delete of a running container without --force is an error" {
	set_args sleep 1000
	run_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	run lxcrun delete "$ID"
	assert_status 1
	assert_output_contains "running"
	# and it had no effect
	assert_equal "$(state_field "$ID" status)" running status
	assert_equal "$(cat "/proc/$pid/comm")" sleep "the container's process"
	[ -d "$ROOT/$ID" ]
}

# runc's behaviour, not the OCI text ("not stopped MUST generate an error"):
# containerd's shim deletes a created, never started task without --force and
# expects it gone. See doc/architecture.md.
@test "delete of a created container without --force kills and removes it (as runc)" {
	create_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	run lxcrun delete "$ID"
	assert_status 0
	run lxcrun state "$ID"
	assert_status 1
	assert_output_contains "does not exist"
	[ ! -e "/proc/$pid" ] || [ "$(awk '{print $3}' "/proc/$pid/stat")" = Z ]
	assert_nothing_left
}

@test "delete --force of a running container" {
	set_args sleep 1000
	run_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	run lxcrun delete --force "$ID"
	assert_status 0
	run lxcrun state "$ID"
	assert_status 1
	assert_output_contains "does not exist"
	assert_nothing_left
}

@test "delete -f of a created container" {
	create_detached "$ID"
	run lxcrun delete -f "$ID"
	assert_status 0
	assert_nothing_left
}

@test "delete of a stopped container" {
	set_args sh -c 'exit 0'
	run_detached "$ID"
	wait_status "$ID" stopped
	run lxcrun delete "$ID"
	assert_status 0
	assert_nothing_left
}

@test "delete --force returns once every process of the cgroup is gone" {
	# processes that ignore TERM, in subgroups of processes
	set_args sh -c '
		trap "" TERM
		for i in 1 2 3 4 5; do (trap "" TERM; sleep 1000 & sleep 1000 & wait) & done
		echo ready
		wait'
	run_detached "$ID"
	wait_output "$ID" ready
	pid=$(cat "$TEST_DIR/$ID.pid")
	cg=$(main_cgroup "$pid")
	wait_until 10 eval '[ "$(wc -l <"$cg/cgroup.procs")" -ge 16 ]'
	pids=$(cat "$cg/cgroup.procs")
	run lxcrun delete --force "$ID"
	assert_status 0
	# right when delete returns: no process left, cgroup removed
	for p in $pids; do
		if [ -d "/proc/$p" ] && [ "$(lxrt_procstate "$p")" != Z ]; then
			echo "process $p of the container still alive after delete" >&2
			return 1
		fi
	done
	[ ! -d "$cg" ]
	assert_nothing_left
}

@test "delete removes the cgroups in every hierarchy, the state dir and liblxc's lock file" {
	set_args sleep 1000
	run_detached "$ID"
	run lxrt_cgroups_named "$ID"
	[ -n "$output" ]
	dirs=$output
	# liblxc's lock file for the container (lxcrun-start made it)
	lock=/run/lxc/lock/$ROOT/.$ID
	[ -e "$lock" ]
	lxcrun delete --force "$ID"
	# shellcheck disable=SC2086 # one directory per word
	assert_dirs_gone $dirs
	[ ! -e "$ROOT/$ID" ]
	[ ! -e "$lock" ]
	assert_nothing_left
}

@test "a failed create leaves no liblxc lock file" {
	# the init finds no program: lxcrun-start and liblxc ran, then create fails
	set_args /no/such/program
	run lxcrun create --bundle "$BUNDLE" "$ID"
	assert_status 1
	[ ! -e "/run/lxc/lock/$ROOT/.$ID" ]
	assert_nothing_left
}

@test "delete of an unknown container: exit 1; with --force: exit 0" {
	run lxcrun delete "$ID"
	assert_status 1
	assert_output_contains "does not exist"
	# containerd's shim deletes twice: a forced delete of a gone container succeeds
	run lxcrun delete --force "$ID"
	assert_status 0
}

@test "delete twice: the second fails, the second forced one succeeds" {
	set_args true
	run_detached "$ID"
	wait_status "$ID" stopped
	lxcrun delete "$ID"
	run lxcrun delete "$ID"
	assert_status 1
	run lxcrun delete --force "$ID"
	assert_status 0
}
