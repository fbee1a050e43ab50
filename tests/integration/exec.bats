#!/usr/bin/env bats
# exec: one more process in a running container, attached or detached, with the
# container's settings or a process JSON, with or without a terminal.

load helpers

# start_sleeper: a running container $ID whose init sleeps; sets INIT_PID.
start_sleeper() {
	set_args sleep 1000
	run_detached "$ID"
	INIT_PID=$(cat "$TEST_DIR/$ID.pid")
}

# exec_cmd ARGS...: for `run exec_cmd ...`: lxcrun exec with stdin /dev/null.
exec_cmd() {
	lxcrun exec "$@" </dev/null
}

# exec_detached ARGS...: for `run exec_detached ...`: lxcrun exec -d with the
# process's stdio on files (so it holds no pipe of bats open), then prints exec's
# stderr; returns exec's status.
exec_detached() {
	local st=0
	lxcrun exec -d "$@" </dev/null >"$TEST_DIR/exec.out" 2>"$TEST_DIR/exec.err" || st=$?
	cat "$TEST_DIR/exec.err"
	return $st
}

finish() {
	lxcrun delete --force "$ID"
	assert_nothing_left
}

@test "exec: the process is in every namespace and the cgroup of the container" {
	start_sleeper
	run exec_detached --pid-file "$TEST_DIR/exec.pid" "$ID" sleep 1000
	assert_status 0
	pid=$(cat "$TEST_DIR/exec.pid")
	assert_match "$pid" '^[0-9]+$' "pid file"
	track_pid "$pid"
	for ns in mnt uts ipc net pid cgroup; do
		assert_equal "$(readlink "/proc/$pid/ns/$ns")" "$(readlink "/proc/$INIT_PID/ns/$ns")" "$ns namespace"
	done
	assert_equal "$(cat "/proc/$pid/cgroup")" "$(cat "/proc/$INIT_PID/cgroup")" cgroups
	# the container's root, seen from the host
	assert_equal "$(readlink "/proc/$pid/root")" "$(readlink "/proc/$INIT_PID/root")" root
	# a session of its own, as runc gives it
	set -- $(sed 's/^.*) //' "/proc/$pid/stat")
	assert_equal "$4" "$pid" "session id"
	finish
}

@test "exec: attached exit status, signal deaths as 128+N" {
	start_sleeper
	run exec_cmd "$ID" sh -c 'echo out; echo err >&2; exit 7'
	assert_status 7
	assert_output_contains out
	assert_output_contains err
	run exec_cmd "$ID" sh -c 'kill -9 $$'
	assert_status 137
	run exec_cmd "$ID" true
	assert_status 0
	finish
}

@test "exec: a command that cannot be started fails with 255 and says why" {
	start_sleeper
	run exec_cmd "$ID" /no/such/binary
	assert_status 255
	assert_output_contains "no such file or directory"
	run exec_cmd "$ID" no-such-command-in-path
	assert_status 255
	assert_output_contains "no such file or directory"
	run exec_cmd "$ID" /etc/passwd
	assert_status 255
	assert_output_contains "permission denied"
	finish
}

@test "exec: env from the container, -e overrides, duplicates removed, HOME from passwd" {
	update_config '.process.env += ["FROMSPEC=1", "DUP=a"]'
	start_sleeper
	run exec_cmd -e DUP=b -e NEW=x -e NEW=y "$ID" env
	assert_status 0
	assert_equal "$(grep -c '^DUP=' <<<"$output")" 1 "DUP entries"
	assert_output_contains "DUP=b"
	assert_output_contains "NEW=y"
	assert_output_not_contains "NEW=x"
	assert_output_contains "FROMSPEC=1"
	assert_output_contains "HOME=/root"
	run exec_cmd -u 1000 "$ID" sh -c 'echo $HOME'
	assert_equal "$output" "/home/user" "HOME of uid 1000"
	run exec_cmd -u 4242 "$ID" sh -c 'echo $HOME'
	assert_equal "$output" "/" "HOME of a uid without passwd entry"
	run exec_cmd -e HOME=/mine "$ID" sh -c 'echo $HOME'
	assert_equal "$output" "/mine" "HOME given"
	finish
}

@test "exec: --user, --additional-gids, --cwd; umask from the container" {
	update_config '.process.user.umask = 63'
	start_sleeper
	run exec_cmd -u 1000:1000 -g 5 -g 6 --cwd /tmp "$ID" sh -c 'id -u; id -g; id -G; pwd; umask'
	assert_status 0
	assert_equal "$output" "1000
1000
1000 5 6
/tmp
0077"
	run exec_cmd -u abc "$ID" true
	assert_status 1
	assert_output_contains "--user"
	run exec_cmd --cwd relative "$ID" true
	assert_status 1
	assert_output_contains "--cwd"
	finish
}

@test "exec: --process FILE sets user, env, cwd, capabilities, rlimits, noNewPrivileges" {
	start_sleeper
	cat >"$TEST_DIR/p.json" <<'EOF'
{"terminal": false, "user": {"uid": 1000, "gid": 1000, "additionalGids": [5], "umask": 18},
 "args": ["sh", "-c", "id -u; id -G; umask; echo A=$A; pwd; grep -E '^(CapBnd|NoNewPrivs)' /proc/self/status; ulimit -n; ulimit -Hn"],
 "env": ["A=1", "A=2", "PATH=/bin"], "cwd": "/tmp",
 "capabilities": {"bounding": ["CAP_KILL", "CAP_CHOWN"], "effective": ["CAP_KILL"], "permitted": ["CAP_KILL"]},
 "noNewPrivileges": true,
 "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 200, "soft": 100}]}
EOF
	run exec_cmd -p "$TEST_DIR/p.json" "$ID"
	assert_status 0
	assert_equal "$output" "1000
1000 5
0022
A=2
/tmp
CapBnd:	0000000000000021
NoNewPrivs:	1
100
200"
	# - reads it from stdin
	run lxcrun exec --process - "$ID" <"$TEST_DIR/p.json"
	assert_status 0
	assert_output_contains "A=2"
	# a command as well is ambiguous
	run exec_cmd -p "$TEST_DIR/p.json" "$ID" true
	assert_status 1
	finish
}

@test "exec: what the process JSON leaves out comes from the container" {
	update_config '.process.capabilities.bounding = ["CAP_KILL", "CAP_SETUID"]
		| .process.noNewPrivileges = true
		| .process.rlimits = [{"type": "RLIMIT_NOFILE", "hard": 300, "soft": 150}]'
	start_sleeper
	cat >"$TEST_DIR/p.json" <<'EOF'
{"user": {"uid": 0, "gid": 0}, "args": ["sh", "-c", "grep -E '^(CapBnd|NoNewPrivs)' /proc/self/status; ulimit -n"], "cwd": "/"}
EOF
	run exec_cmd -p "$TEST_DIR/p.json" "$ID"
	assert_status 0
	assert_equal "$output" "CapBnd:	00000000000000a0
NoNewPrivs:	1
150"
	finish
}

@test "exec: --cap adds a capability, --no-new-privs sets the flag, bad names fail" {
	update_config '.process.noNewPrivileges = false'
	start_sleeper
	run exec_cmd "$ID" grep -E '^(CapEff|NoNewPrivs)' /proc/self/status
	assert_equal "$output" "CapEff:	0000000020000420
NoNewPrivs:	0" "the container's sets"
	run exec_cmd --cap CAP_SYS_ADMIN --no-new-privs "$ID" grep -E '^(CapEff|CapBnd|NoNewPrivs)' /proc/self/status
	assert_status 0
	# CAP_SYS_ADMIN is bit 21
	assert_equal "$output" "CapEff:	0000000020200420
CapBnd:	0000000020200420
NoNewPrivs:	1"
	run exec_cmd --cap CAP_NO_SUCH "$ID" true
	assert_status 1
	assert_output_contains "CAP_NO_SUCH"
	finish
}

@test "exec: the container's seccomp filter applies" {
	update_config '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
		"syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO"}]}'
	start_sleeper
	run exec_cmd "$ID" sh -c 'mkdir /tmp/x; echo "mkdir=$?"; grep Seccomp: /proc/self/status'
	assert_output_contains "mkdir=1"
	assert_match "$output" $'Seccomp:\t2' Seccomp
	finish
}

@test "exec: only stdio and preserved fds reach the process" {
	start_sleeper
	# fd 5 leaked by the caller must not arrive
	run lxcrun exec "$ID" sh -c 'ls /proc/$$/fd; true' </dev/null 5</dev/null
	assert_status 0
	assert_equal "$(echo $output)" "0 1 2" "fds"
	echo preserved-data >"$TEST_DIR/in"
	run lxcrun exec --preserve-fds 1 "$ID" sh -c 'ls /proc/$$/fd; cat <&3' </dev/null 3<"$TEST_DIR/in" 4</dev/null
	assert_status 0
	assert_equal "$(echo $output)" "0 1 2 3 preserved-data" "fds"
	# no host path as cwd or root
	run exec_cmd "$ID" sh -c 'readlink /proc/$$/cwd; readlink /proc/$$/root'
	assert_equal "$output" "/
/"
	finish
}

@test "exec: detached, the process is left to the caller's subreaper with its status" {
	start_sleeper
	# shellcheck disable=SC2016 # expanded by the subreaper's shell
	run env ROOT="$ROOT" ID="$ID" PF="$TEST_DIR/exec.pid" "$SUBREAPER" -t 60 "$TEST_DIR/exec.pid" \
		sh -c '"$LXCRUN" --root "$ROOT" exec -d --pid-file "$PF" "$ID" sh -c "exit 42" </dev/null'
	assert_status 0
	assert_equal "$output" "exited 42" "what the subreaper saw"
	assert_match "$(cat "$TEST_DIR/exec.pid")" '^[0-9]+$' "pid file: digits only"
	finish
}

@test "exec: --tty with --console-socket sends the pty master" {
	start_sleeper
	SOCK=$TEST_DIR/console.sock
	"$RECVTTY" -t 60 "$SOCK" >"$TEST_DIR/tty.out" 2>"$TEST_DIR/tty.err" 3>&- &
	rpid=$!
	track_pid $rpid
	wait_file "$SOCK"
	run exec_detached -t --console-socket "$SOCK" "$ID" sh -c 'echo "tty=$(tty)"; test -t 0 && echo stdin-is-tty'
	assert_status 0
	wait "$rpid"
	out=$(tr -d '\r' <"$TEST_DIR/tty.out")
	assert_match "$out" $'tty=/dev/pts/[0-9]+' tty
	assert_match "$out" "stdin-is-tty" stdin
	# a terminal for a detached exec needs somewhere to send it
	run exec_detached -t "$ID" true
	assert_status 1
	assert_output_contains "--console-socket"
	# and a console socket needs a terminal
	run exec_cmd --console-socket "$SOCK" "$ID" true
	assert_status 1
	finish
}

@test "exec: -t through a real terminal: echo, size, resize, raw mode restored, status" {
	start_sleeper
	run "$PTYDRIVE" -t 60 -s 33x91 -w READY -W 40x100 -i 'abc\r' \
		"$LXCRUN" --root "$ROOT" exec -t "$ID" sh -c 'stty size; echo READY; read x; stty size; echo got=$x; exit 3'
	assert_status 0
	out=$(tr -d '\r' <<<"$output")
	assert_match "$out" $'^33 91\nREADY\nabc\n40 100\ngot=abc\n' "the session"
	assert_output_contains "ptydrive: exit 3"
	assert_output_contains "ptydrive: termios restored"
	finish
}

@test "run -t without --console-socket is the container's terminal" {
	update_config '.process.terminal = true'
	set_args sh -c 'stty size; echo READY; read x; echo got=$x; exit 4'
	run "$PTYDRIVE" -t 60 -s 21x77 -w READY -i 'hello\r' "$LXCRUN" --root "$ROOT" run -b "$BUNDLE" "$ID"
	assert_status 0
	out=$(tr -d '\r' <<<"$output")
	assert_match "$out" $'^21 77\nREADY\nhello\ngot=hello\n' "the session"
	assert_output_contains "ptydrive: exit 4"
	assert_output_contains "ptydrive: termios restored"
	# process.consoleSize wins over the caller's terminal size
	update_config '.process.consoleSize = {"height": 11, "width": 22}'
	set_args sh -c 'stty size'
	run "$PTYDRIVE" -t 60 -s 21x77 "$LXCRUN" --root "$ROOT" run -b "$BUNDLE" "$(new_id 2)"
	assert_match "$(tr -d '\r' <<<"$output")" $'^11 22\n' "consoleSize"
	assert_nothing_left
}

@test "exec: refused in a paused container unless --ignore-paused" {
	start_sleeper
	lxcrun pause "$ID"
	run exec_cmd "$ID" true
	assert_status 1
	assert_output_contains "paused"
	run exec_detached --ignore-paused --pid-file "$TEST_DIR/exec.pid" "$ID" sh -c 'echo ran >/dev/shm/mark'
	assert_status 0
	track_pid "$(cat "$TEST_DIR/exec.pid")"
	lxcrun resume "$ID"
	run exec_cmd "$ID" sh -c 'while ! test -e /dev/shm/mark; do sleep 0.05; done; cat /dev/shm/mark'
	assert_equal "$output" ran "the frozen process ran once resumed"
	finish
}

@test "exec: a stopped or unknown container is an error" {
	set_args true
	run_detached "$ID"
	wait_status "$ID" stopped
	run exec_cmd "$ID" true
	assert_status 1
	assert_output_contains "stopped"
	run exec_cmd "$(new_id nope)" true
	assert_status 1
	assert_output_contains "does not exist"
	run exec_cmd "$ID"
	assert_status 1
	lxcrun delete "$ID"
	assert_nothing_left
}

@test "exec: signals sent to an attached exec reach the process" {
	start_sleeper
	"$LXCRUN" --root "$ROOT" exec "$ID" sh -c 'trap "echo got-term; exit 9" TERM; echo ready; while :; do sleep 0.1; done' \
		</dev/null >"$TEST_DIR/x.out" 2>&1 &
	xpid=$!
	track_pid $xpid
	wait_until 20 grep -q ready "$TEST_DIR/x.out"
	kill -TERM $xpid
	st=0
	wait $xpid || st=$?
	assert_equal "$st" 9 "exit status"
	grep -q got-term "$TEST_DIR/x.out"
	finish
}

@test "exec: concurrent execs into one container all run" {
	start_sleeper
	pids=()
	for i in 1 2 3 4 5 6 7 8; do
		"$LXCRUN" --root "$ROOT" exec "$ID" sh -c "echo token-$i" </dev/null >"$TEST_DIR/c$i.out" 2>&1 &
		pids+=($!)
	done
	# (a bare `wait` would also wait for bats' own timeout watcher)
	for p in "${pids[@]}"; do
		wait "$p"
	done
	for i in 1 2 3 4 5 6 7 8; do
		assert_equal "$(cat "$TEST_DIR/c$i.out")" "token-$i" "exec $i"
	done
	finish
}

@test "exec: --cgroup runs the process in a sub-cgroup" {
	start_sleeper
	dirs=$(jq -r '.cgroup_dirs[]' "$ROOT/$ID/state.json")
	n=0
	for d in $dirs; do
		mkdir "$d/sub"
		n=$((n + 1))
	done
	run exec_cmd --cgroup sub "$ID" cat /proc/self/cgroup
	st=$status out=$output
	run exec_cmd --cgroup missing "$ID" true
	st_missing=$status out_missing=$output
	run exec_cmd --cgroup ../escape "$ID" true
	st_escape=$status
	for d in $dirs; do rmdir "$d/sub"; done
	assert_equal "$st" 0 "exec --cgroup sub"
	# every hierarchy the container has (the emulated v2 host still lists the
	# host's named v1 ones, which the container is not in)
	assert_equal "$(grep -c '/sub$' <<<"$out")" "$n" "cgroups ending in /sub: $out"
	if [ "$(cgroup_mode)" != v1 ]; then
		assert_match "$(grep '^0::' <<<"$out")" '/sub$' "the cgroup2 line"
	fi
	assert_equal "$st_missing" 1 "a missing sub-cgroup"
	assert_match "$out_missing" "missing" "its message"
	assert_equal "$st_escape" 1 "a sub-cgroup with .."
	finish
}

@test "socket activation: LISTEN_FDS fds come first, with LISTEN_FDS/LISTEN_PID set (run and exec)" {
	echo listen-data >"$TEST_DIR/l"
	echo preserved-data >"$TEST_DIR/p"
	set_args sh -c 'echo "$LISTEN_FDS $LISTEN_PID"; cat <&3; cat <&4; ls /proc/$$/fd; true'
	# LISTEN_PID must be the runtime's own pid: exec makes it so
	# shellcheck disable=SC2016
	run env ROOT="$ROOT" BUNDLE="$BUNDLE" ID="$(new_id run)" sh -c \
		'export LISTEN_FDS=1 LISTEN_PID=$$; exec "$LXCRUN" --root "$ROOT" run -b "$BUNDLE" --preserve-fds 1 "$ID"' \
		</dev/null 3<"$TEST_DIR/l" 4<"$TEST_DIR/p" 5</dev/null
	assert_status 0
	assert_equal "$(echo $output)" "1 1 listen-data preserved-data 0 1 2 3 4" "run"
	# without LISTEN_PID matching, nothing is activated
	run env LISTEN_FDS=1 LISTEN_PID=1 "$LXCRUN" --root "$ROOT" run -b "$BUNDLE" "$(new_id run2)" </dev/null 3<"$TEST_DIR/l"
	assert_output_not_contains "listen-data"
	start_sleeper
	# shellcheck disable=SC2016
	run env ROOT="$ROOT" ID="$ID" sh -c \
		'export LISTEN_FDS=1 LISTEN_PID=$$; exec "$LXCRUN" --root "$ROOT" exec "$ID" sh -c "echo \$LISTEN_FDS \$LISTEN_PID; cat <&3; ls /proc/\$\$/fd; true"' \
		</dev/null 3<"$TEST_DIR/l" 5</dev/null
	assert_status 0
	assert_equal "$(echo $output)" "1 1 listen-data 0 1 2 3" "exec"
	finish
}
