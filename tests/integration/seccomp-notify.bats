#!/usr/bin/env bats
# linux.seccomp SCMP_ACT_NOTIFY: `start` sends the container process state and
# the seccomp listener fd to listenerPath, whose listener decides the notified
# syscalls (tests/helpers/notify-listener stands in for it).

load helpers

# notify_config SOCKET: mkdir and mkdirat are notified to SOCKET, metadata "lxrt-meta".
notify_config() {
	update_config --arg p "$1" '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
		"listenerPath": $p, "listenerMetadata": "lxrt-meta",
		"syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_NOTIFY"}]}'
}

# start_listener ERRNO|continue: the listener on $SOCK; the state it got goes to
# $TEST_DIR/state.json, its decisions to $TEST_DIR/state.json.log.
start_listener() {
	SOCK=$TEST_DIR/l.sock
	"$NOTIFY_LISTENER" "$SOCK" "$TEST_DIR/state.json" "$1" \
		</dev/null >"$TEST_DIR/listener.out" 2>"$TEST_DIR/listener.err" 3>&- &
	LISTENER_PID=$!
	track_pid "$LISTENER_PID"
	wait_file "$SOCK"
}

# gone PID: the process PID has exited (for wait_until).
gone() { ! kill -0 "$1" 2>/dev/null; }

@test "seccomp notify: the listener gets the process state and decides mkdir" {
	start_listener 13
	notify_config "$SOCK"
	set_args sh -c 'mkdir /dev/shm/x; echo "mkdir=$?"; echo > /dev/shm/f && echo other-ok'
	create_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	lxcrun start "$ID"
	wait_until 60 gone "$pid"
	run cat "$TEST_DIR/$ID.out" "$TEST_DIR/$ID.err"
	assert_output_contains "Permission denied"
	assert_output_contains "mkdir=1"
	assert_output_contains "other-ok"
	run jq -c '[.ociVersion, .fds, .pid, .metadata, .state.status, .state.id, .state.pid]' \
		"$TEST_DIR/state.json"
	assert_status 0
	assert_equal "$output" "[\"1.2.0\",[\"seccompFd\"],$pid,\"lxrt-meta\",\"created\",\"$ID\",$pid]"
	# the listener decided the mkdir (errno 13); nothing else was notified
	run cat "$TEST_DIR/state.json.log"
	assert_match "$output" '^(83|258) 13$' "listener log"
	lxcrun delete "$ID"
	wait "$LISTENER_PID"
}

@test "seccomp notify: the listener lets mkdir run (SECCOMP_USER_NOTIF_FLAG_CONTINUE)" {
	start_listener continue
	notify_config "$SOCK"
	run_in_container sh -c 'mkdir /dev/shm/x && test -d /dev/shm/x && echo made'
	assert_status 0
	assert_output_contains "made"
	run cat "$TEST_DIR/state.json.log"
	assert_match "$output" '^(83|258) continue$' "listener log"
}

@test "seccomp notify: a missing listenerPath fails create naming the field, nothing left" {
	notify_config "$TEST_DIR/none.sock"
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains "linux.seccomp.listenerPath \`$TEST_DIR/none.sock\`: no such file or directory"
	assert_nothing_left
}

@test "seccomp notify: a listener gone by start fails start naming the field" {
	start_listener continue
	notify_config "$SOCK"
	set_args true
	create_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	kill "$LISTENER_PID"
	wait "$LISTENER_PID" || true
	run lxcrun start "$ID"
	assert_status 1
	assert_output_contains "connect to linux.seccomp.listenerPath \`$SOCK\`"
	# the init was not let through to the user process: it exited
	wait_until 60 gone "$pid"
	assert_equal "$(state_field "$ID" status)" stopped
	lxcrun delete "$ID"
	assert_nothing_left
}

@test "seccomp notify: NOTIFY without listenerPath is refused" {
	update_config '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
		"syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_NOTIFY"}]}'
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains "linux.seccomp.listenerPath: required by the SCMP_ACT_NOTIFY rules"
	assert_nothing_left
}

@test "seccomp notify: exec into such a container is refused by name" {
	start_listener continue
	notify_config "$SOCK"
	set_args sleep 600
	run_detached "$ID"
	run lxcrun exec "$ID" true
	assert_status 1
	assert_output_contains "exec into a container whose filter has SCMP_ACT_NOTIFY rules is not supported yet"
	lxcrun delete --force "$ID"
}
