#!/usr/bin/env bats
# lxcrun run: foreground exit status, 128+N, signal forwarding, --detach.

load helpers

@test "run: the container's exit status is run's" {
	set_args sh -c 'echo out; echo err >&2; exit 7'
	run --separate-stderr lxcrun run -b "$BUNDLE" "$ID" </dev/null
	assert_status 7
	assert_equal "$output" out stdout
	[[ "$stderr" == *err* ]]
	set_args true
	run lxcrun run -b "$BUNDLE" "$ID" </dev/null
	assert_status 0
	assert_nothing_left
}

@test "run: the container gets run's stdin" {
	set_args sh -c 'read line; echo "got:$line"'
	run lxcrun run -b "$BUNDLE" "$ID" <<<"hello stdin"
	assert_status 0
	assert_output_contains "got:hello stdin"
}

# run_killed_by SIGNAL STATUS: a foreground `run` whose container is killed with
# SIGNAL (via `lxcrun kill`) exits with STATUS.
run_killed_by() {
	set_args sh -c 'echo ready; exec sleep 1000'
	# (the binary itself, not the lxcrun function: $! must be lxcrun's pid)
	"$LXCRUN" --root "$ROOT" run -b "$BUNDLE" "$ID" </dev/null >"$TEST_DIR/out" 2>&1 &
	rpid=$!
	track_pid $rpid
	wait_until 20 grep -q ready "$TEST_DIR/out"
	lxcrun kill "$ID" "$1"
	st=0
	wait $rpid || st=$?
	assert_equal "$st" "$2" "exit status of run"
	assert_nothing_left
}

@test "run: killed by signal 9, run exits 137" {
	run_killed_by KILL 137
}

@test "run: killed by signal 15 (no pid namespace), run exits 143" {
	# the init of a pid namespace ignores TERM without a handler; a process
	# sharing the host's pid namespace dies of it
	update_config '.linux.namespaces |= map(select(.type != "pid"))'
	run_killed_by TERM 143
}

@test "run: signals sent to run are forwarded to the container" {
	set_args sh -c '
		trap "echo got-USR1" USR1
		trap "echo got-TERM; exit 42" TERM
		echo ready
		while :; do sleep 1 & wait $!; done'
	# (the binary itself, not the lxcrun function: $! must be lxcrun's pid)
	"$LXCRUN" --root "$ROOT" run -b "$BUNDLE" "$ID" </dev/null >"$TEST_DIR/out" 2>&1 &
	rpid=$!
	track_pid $rpid
	wait_until 20 grep -q ready "$TEST_DIR/out"
	kill -USR1 $rpid
	wait_until 10 grep -q got-USR1 "$TEST_DIR/out"
	kill -TERM $rpid
	st=0
	wait $rpid || st=$?
	assert_equal "$st" 42 "exit status of run"
	grep -q got-TERM "$TEST_DIR/out"
	assert_nothing_left
}

@test "run: --detach returns while the container runs" {
	set_args sh -c 'echo detached-ok; exec sleep 1000'
	run lxcrun_detach "$ID"
	assert_status 0
	wait_output "$ID" detached-ok
	assert_equal "$(state_field "$ID" status)" running status
	pid=$(state_field "$ID" pid)
	track_pid "$pid"
	assert_equal "$(cat "/proc/$pid/comm")" sleep "the container's process"
	lxcrun delete --force "$ID"
	assert_nothing_left
}

@test "run -d with --pid-file" {
	set_args sleep 1000
	run lxcrun_detach "$ID" --pid-file "$TEST_DIR/pidfile"
	assert_status 0
	assert_equal "$(cat "$TEST_DIR/pidfile")" "$(state_field "$ID" pid)" "pid file"
	track_pid "$(cat "$TEST_DIR/pidfile")"
}

@test "run: a missing program is run's failure, nothing left" {
	set_args /no/such/program
	run lxcrun run -b "$BUNDLE" "$ID" </dev/null
	assert_status 1
	assert_output_contains "no such file or directory"
	assert_nothing_left
}

@test "run: a create failure is run's failure, nothing left" {
	update_config 'del(.process.cwd)'
	run lxcrun run -b "$BUNDLE" "$ID" </dev/null
	assert_status 1
	assert_output_contains "process.cwd"
	assert_nothing_left
}

@test "run: the id of an existing container is refused" {
	set_args sleep 1000
	run_detached "$ID"
	run lxcrun run -b "$BUNDLE" "$ID" </dev/null
	assert_status 1
	assert_output_contains "exists"
	assert_equal "$(state_field "$ID" status)" running "status of the existing one"
}
