#!/usr/bin/env bats
# lxcrun kill: signal names and numbers, default TERM, --all.

load helpers

# A payload (pid 1 of its namespace: only trapped signals reach it) that reports
# every signal it gets on stdout.
trapping_payload() {
	set_args sh -c '
		for s in HUP INT USR1 USR2 TERM WINCH; do trap "echo got-$s" $s; done
		echo ready
		while :; do sleep 1 & wait $!; done'
}

start_trapping() {
	trapping_payload
	run_detached "$ID"
	wait_output "$ID" ready
}

# kill_and_see SIGNAL_ARG NAME: `lxcrun kill ID SIGNAL_ARG` makes the payload report NAME.
kill_and_see() {
	local n
	n=$(output_count "$ID" "got-$2")
	run lxcrun kill "$ID" "$1"
	assert_status 0
	wait_count "$ID" "got-$2" $((n + 1)) 10
}

@test "kill: default signal is TERM" {
	start_trapping
	run lxcrun kill "$ID"
	assert_status 0
	wait_output "$ID" got-TERM
}

@test "kill: names with and without SIG, in any case" {
	start_trapping
	kill_and_see TERM TERM
	kill_and_see SIGUSR1 USR1
	kill_and_see usr2 USR2
	kill_and_see sigHup HUP
	kill_and_see Sigint INT
	kill_and_see winch WINCH
}

@test "kill: signal numbers" {
	start_trapping
	kill_and_see 10 USR1
	kill_and_see 12 USR2
	kill_and_see 1 HUP
	kill_and_see 15 TERM
}

@test "kill: KILL stops the container" {
	start_trapping
	run lxcrun kill "$ID" KILL
	assert_status 0
	wait_status "$ID" stopped
	run lxcrun kill "$ID" 9
	assert_status 1
}

@test "kill: a created container can be killed" {
	create_detached "$ID"
	run lxcrun kill "$ID" SIGKILL
	assert_status 0
	wait_status "$ID" stopped
}

@test "kill: an unknown signal is an error, exit 1, nothing sent" {
	start_trapping
	for bad in SIGFOO FOO 0 -1 65 99999 "" "TERM " 15x SIG; do
		run lxcrun kill "$ID" "$bad"
		assert_status 1
	done
	run lxcrun kill "$ID" FOO
	assert_output_contains "FOO"
	sleep 0.3
	assert_equal "$(output_count "$ID" got-)" 0 "signals the payload got"
	assert_equal "$(state_field "$ID" status)" running status
}

@test "kill: an unknown container is an error" {
	run lxcrun kill "$ID" TERM
	assert_status 1
	assert_output_contains "does not exist"
}

@test "kill --all signals every process of the container" {
	set_args sh -c '
		for i in 1 2 3; do
			sh -c "trap \"echo child-got-USR1\" USR1; echo child-ready; while :; do sleep 1 & wait \$!; done" &
		done
		trap "echo init-got-USR1" USR1
		while :; do sleep 1 & wait $!; done'
	run_detached "$ID"
	wait_count "$ID" child-ready 3
	run lxcrun kill --all "$ID" USR1
	assert_status 0
	wait_count "$ID" child-got-USR1 3
	wait_output "$ID" init-got-USR1
	# without --all only the init gets it
	run lxcrun kill "$ID" USR1
	assert_status 0
	wait_count "$ID" init-got-USR1 2
	sleep 0.3
	assert_equal "$(output_count "$ID" child-got-USR1)" 3 "children that got a USR1"
}

@test "kill -a KILL empties the container's cgroup" {
	set_args sh -c 'sleep 1000 & sleep 1000 & echo ready; wait'
	run_detached "$ID"
	wait_output "$ID" ready
	pid=$(cat "$TEST_DIR/$ID.pid")
	cg=$(main_cgroup "$pid")
	wait_until 10 eval '[ "$(wc -l <"$cg/cgroup.procs")" -eq 3 ]'
	run lxcrun kill -a "$ID" KILL
	assert_status 0
	wait_until 10 eval '[ -z "$(cat "$cg/cgroup.procs")" ]'
	wait_status "$ID" stopped
}
