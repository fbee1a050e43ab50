#!/usr/bin/env bats
# process.terminal: the pty master goes over --console-socket (one message, one
# fd), the pty slave is the container's stdio and controlling terminal.

load helpers

# start_recvtty [RECVTTY OPTIONS]: tests/helpers/recvtty listening on $SOCK;
# what it reads from the pty goes to $TEST_DIR/tty.out.
start_recvtty() {
	SOCK=$TEST_DIR/console.sock
	"$RECVTTY" -t 60 "$@" "$SOCK" >"$TEST_DIR/tty.out" 2>"$TEST_DIR/tty.err" 3>&- &
	RECVTTY_PID=$!
	track_pid $RECVTTY_PID
	wait_file "$SOCK"
}

# wait_recvtty: recvtty has seen the pty close; its exit status must be 0.
wait_recvtty() {
	local st=0
	wait "$RECVTTY_PID" || st=$?
	if [ "$st" -ne 0 ]; then
		echo "recvtty exited $st: $(cat "$TEST_DIR/tty.err")" >&2
		return 1
	fi
}

@test "console: the pty is the container's stdio and controlling terminal" {
	update_config '.process.terminal = true'
	set_args sh -c '
		echo "tty=$(tty)"
		for fd in 0 1 2; do echo "fd$fd=$(readlink /proc/$$/fd/$fd)"; done
		set -- $(cat /proc/self/stat)
		echo "session=$6 tty_nr=$7"
		echo via-dev-tty >/dev/tty && echo dev-tty-ok'
	start_recvtty
	run create_cmd "$ID" --console-socket "$SOCK"
	assert_status 0
	# the master was sent before create returned
	wait_until 5 grep -q '^recvtty: pty /dev/pts/' "$TEST_DIR/tty.err"
	run lxcrun start "$ID"
	assert_status 0
	wait_recvtty
	out=$(tr -d '\r' <"$TEST_DIR/tty.out")
	assert_match "$out" $'(^|\n)tty=/dev/pts/[0-9]+(\n|$)' "tty"
	pts=$(sed -n 's/^tty=//p' <<<"$out")
	for fd in 0 1 2; do
		assert_match "$out" $'(^|\n)fd'$fd'='"$pts"$'(\n|$)' "fd $fd"
	done
	# session leader of its own session with a controlling terminal
	assert_match "$out" $'(^|\n)session=1 tty_nr=[1-9][0-9]*(\n|$)' "session and tty"
	assert_match "$out" $'(^|\n)via-dev-tty' "/dev/tty"
	assert_match "$out" $'(^|\n)dev-tty-ok' "/dev/tty"
	# nothing went to create's stdio
	assert_equal "$(cat "$TEST_DIR/$ID.out")" "" "create's stdout"
	wait_status "$ID" stopped
	lxcrun delete "$ID"
	assert_nothing_left
}

@test "console: input written to the master reaches the container" {
	update_config '.process.terminal = true'
	set_args sh -c 'read line; echo "got:$line"'
	start_recvtty -i $'typed-input\n'
	create_detached "$ID" --console-socket "$SOCK"
	lxcrun start "$ID"
	wait_recvtty
	grep -q 'got:typed-input' "$TEST_DIR/tty.out"
}

@test "console: process.consoleSize sets the window size" {
	update_config '.process.terminal = true | .process.consoleSize = {"height": 33, "width": 111}'
	set_args stty size
	start_recvtty
	create_detached "$ID" --console-socket "$SOCK"
	lxcrun start "$ID"
	wait_recvtty
	assert_equal "$(tr -d '\r' <"$TEST_DIR/tty.out")" "33 111" "stty size"
}

@test "console: exactly one fd in one message, a pty master" {
	update_config '.process.terminal = true'
	set_args true
	start_recvtty
	create_detached "$ID" --console-socket "$SOCK"
	lxcrun start "$ID"
	# recvtty exits 2 on anything else than one SCM_RIGHTS fd that is a pty master
	wait_recvtty
	grep -q '^recvtty: pty /dev/pts/[0-9]*' "$TEST_DIR/tty.err"
}

@test "console: terminal without --console-socket fails create, nothing left" {
	update_config '.process.terminal = true'
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains "console-socket"
	assert_nothing_left
}

@test "console: a --console-socket nobody listens on fails create, nothing left" {
	update_config '.process.terminal = true'
	run create_cmd "$ID" --console-socket "$TEST_DIR/nobody.sock"
	assert_status 1
	assert_output_contains "nobody.sock"
	assert_nothing_left
}

@test "console: run -d with a terminal" {
	update_config '.process.terminal = true'
	set_args sh -c 'echo "run-tty=$(tty)"'
	start_recvtty
	run lxcrun_detach "$ID" --console-socket "$SOCK"
	assert_status 0
	wait_recvtty
	grep -q '^run-tty=/dev/pts/' "$TEST_DIR/tty.out"
}
