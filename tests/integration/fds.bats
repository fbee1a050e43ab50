#!/usr/bin/env bats
# File descriptors: the container gets 0, 1, 2 and the preserved ones only; the
# runtime keeps none of its caller's stdio open.

load helpers

# fds_of PID: the open fd numbers of PID, sorted, space separated.
fds_of() {
	ls "/proc/$1/fd" | sort -n | xargs
}

# holders PATH: the pids with PATH open, sorted, space separated.
holders() {
	find /proc/[0-9]*/fd -lname "$1" 2>/dev/null | cut -d/ -f3 | sort -un | xargs
}

@test "fds: the container's process has only 0, 1 and 2, whatever the caller leaks" {
	set_args sleep 1000
	echo leak >"$TEST_DIR/leak"
	# fd 3 is bats' own output; 7 and 9 are leaked on purpose
	create_detached "$ID" 7>"$TEST_DIR/leak7" 9<"$TEST_DIR/leak"
	pid=$(cat "$TEST_DIR/$ID.pid")
	# not even the init holds them
	run ls -l "/proc/$pid/fd/"
	assert_output_not_contains "$TEST_DIR/leak"
	lxcrun start "$ID"
	assert_equal "$(fds_of "$pid")" "0 1 2" "fds of the container's process"
}

@test "fds: --preserve-fds passes 3..3+N-1, and nothing beyond" {
	echo from-fd3 >"$TEST_DIR/in3"
	set_args sh -c 'cat <&3 >&4; echo written-to-fd4 >&4; exec sleep 1000'
	create_detached "$ID" --preserve-fds 2 3<"$TEST_DIR/in3" 4>"$TEST_DIR/out4" 5>"$TEST_DIR/leak5"
	pid=$(cat "$TEST_DIR/$ID.pid")
	lxcrun start "$ID"
	wait_until 10 grep -q written-to-fd4 "$TEST_DIR/out4"
	assert_equal "$(cat "$TEST_DIR/out4")" $'from-fd3\nwritten-to-fd4' "what the container wrote to fd 4"
	assert_equal "$(fds_of "$pid")" "0 1 2 3 4" "fds of the container's process"
	assert_equal "$(readlink "/proc/$pid/fd/3")" "$TEST_DIR/in3" "fd 3"
	assert_equal "$(readlink "/proc/$pid/fd/4")" "$TEST_DIR/out4" "fd 4"
}

@test "fds: --preserve-fds 0 is the default" {
	set_args sleep 1000
	create_detached "$ID" --preserve-fds 0 5>"$TEST_DIR/leak5"
	pid=$(cat "$TEST_DIR/$ID.pid")
	lxcrun start "$ID"
	assert_equal "$(fds_of "$pid")" "0 1 2" "fds of the container's process"
}

@test "fds: after create only the container holds the caller's stdio" {
	mkfifo "$TEST_DIR/in.fifo" "$TEST_DIR/out.fifo"
	# the other ends: a writer for stdin, a reader for stdout (it notes the EOF)
	sleep 1000 >"$TEST_DIR/in.fifo" 3>&- &
	writer=$!
	track_pid $writer
	(
		cat "$TEST_DIR/out.fifo" >"$TEST_DIR/out.txt"
		echo eof >"$TEST_DIR/out.eof"
	) 3>&- &
	track_pid $!
	set_args sh -c 'echo from-container; read x; echo bye'
	lxcrun create -b "$BUNDLE" --pid-file "$TEST_DIR/pid" "$ID" \
		<"$TEST_DIR/in.fifo" >"$TEST_DIR/out.fifo" 2>"$TEST_DIR/err"
	pid=$(cat "$TEST_DIR/pid")
	track_pid "$pid"
	readers=$(holders "$TEST_DIR/in.fifo")
	assert_equal "$readers" "$(echo "$pid $writer" | tr ' ' '\n' | sort -n | xargs)" "holders of stdin's fifo"
	writers=$(holders "$TEST_DIR/out.fifo")
	reader=
	for p in $writers; do
		if [ "$(cat "/proc/$p/comm")" = cat ]; then reader=$p; fi
	done
	assert_equal "$writers" "$(echo "$pid $reader" | tr ' ' '\n' | sort -n | xargs)" "holders of stdout's fifo"
	lxcrun start "$ID"
	wait_until 10 grep -q from-container "$TEST_DIR/out.txt"
	# the container exits once stdin ends; then nothing holds stdout: EOF
	kill "$writer"
	wait_file "$TEST_DIR/out.eof" 20
	assert_equal "$(cat "$TEST_DIR/out.txt")" $'from-container\nbye' "the container's stdout"
}

@test "fds: the runtime's own fds are gone once the process runs" {
	set_args sleep 1000
	create_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	run ls -l "/proc/$pid/fd/"
	# the init waits on exec.fifo
	assert_output_contains exec.fifo
	lxcrun start "$ID"
	run ls -l "/proc/$pid/fd/"
	assert_output_not_contains exec.fifo
	assert_output_not_contains "$ROOT"
	assert_output_not_contains memfd
	assert_output_not_contains socket
}
