#!/usr/bin/env bats
# lxcrun under conmon 2.1.6, driven exactly as CRI-O 1.2x drives a runtime
# (CRI-O itself is not packaged for Debian 12; doc/cri-o.md has its config):
# conmon runs `create` (with --pid-file, --console-socket for -t, and the
# --runtime-arg globals) and, for exec probes, `exec --process --detach`;
# CRI-O itself runs `--root R start|kill|delete --force ID`. conmon reports
# through its sync pipe ({"pid": N} after create, {"exit_code": N} after an
# exec) and through exit files (--exit-dir/<id>, --persist-dir/exit).

load ../integration/helpers
load clients

setup() {
	command -v conmon >/dev/null || skip "conmon is not installed (apt-get install conmon)"
	lxrt_setup
	EXITS=$TEST_DIR/exits
	PERSIST=$TEST_DIR/persist
	SOCKS=$TEST_DIR/socks
	mkdir -p "$EXITS" "$PERSIST" "$SOCKS"
	# a FIFO per pipe CRI-O would make with socketpairs; this shell keeps the
	# sync FIFO open on fd 7 so conmon's messages wait there to be read
	mkfifo "$TEST_DIR/sync"
	exec 7<>"$TEST_DIR/sync"
}

teardown() {
	exec 7>&- 2>/dev/null
	lxrt_teardown
}

# crio_runtime ARG...: lxcrun as CRI-O runs it itself (start, kill, delete,
# state): `--root R` first.
crio_runtime() {
	"$CLIENT_RUNTIME" --root "$ROOT" "$@"
}

# sync_read: the next message conmon wrote to its sync pipe (one JSON line).
sync_read() {
	local line
	read -t 60 -r line <&7 || {
		echo "no message from conmon on its sync pipe" >&2
		return 1
	}
	echo "$line"
}

# conmon_create ID [CONMON OPTIONS]: conmon as CRI-O's CreateContainer starts
# it: cwd the bundle, stdio CRI-O's (here files), _OCI_SYNCPIPE=3 and
# _OCI_STARTPIPE=4 (the start message is written up front: no cgroup to move
# conmon into first). Returns when the daemonized conmon's parent has exited.
conmon_create() {
	local id=$1
	shift
	printf s >"$TEST_DIR/start.msg"
	(
		cd "$BUNDLE" || exit 1
		_OCI_SYNCPIPE=3 _OCI_STARTPIPE=4 exec conmon \
			-b "$BUNDLE" -c "$id" --exit-dir "$EXITS" -l "$TEST_DIR/$id.log" \
			--log-level info -n "$id-name" -P "$TEST_DIR/$id.conmon.pid" \
			-p "$BUNDLE/pidfile" --persist-dir "$PERSIST" -r "$CLIENT_RUNTIME" \
			--runtime-arg "--root=$ROOT" --runtime-arg --log-format=json \
			--runtime-arg "--log=$TEST_DIR/$id.oci-log" \
			--socket-dir-path "$SOCKS" --syslog -u "$id" --log-size-max -1 "$@" \
			3<>"$TEST_DIR/sync" 4<"$TEST_DIR/start.msg" 7>&- \
			</dev/null >"$TEST_DIR/$id.conmon.out" 2>&1
	)
}

# conmon_exec_sync ID TIMEOUT PROCESS_JSON [CONMON OPTIONS]: conmon as CRI-O's
# ExecSyncContainer runs it (--sync: conmon stays in the foreground until the
# exec has ended); prints what it wrote on the sync pipe.
conmon_exec_sync() {
	local id=$1 timeout=$2 spec=$3
	shift 3
	printf s >"$TEST_DIR/start.msg"
	_OCI_SYNCPIPE=3 _OCI_STARTPIPE=4 conmon -c "$id" -n "$id-name" -r "$CLIENT_RUNTIME" \
		-p "$TEST_DIR/exec.pid" -e -l "$TEST_DIR/exec.log" --socket-dir-path "$SOCKS" \
		--log-level info --sync --log-global-size-max 16777216 -T "$timeout" "$@" \
		--exec-process-spec "$spec" --runtime-arg "--root=$ROOT" \
		3<>"$TEST_DIR/sync" 4<"$TEST_DIR/start.msg" 7>&- \
		</dev/null >"$TEST_DIR/exec.conmon.out" 2>&1
	# (conmon's own status is the probe's; CRI-O reads the sync pipe)
	sync_read || {
		cat "$TEST_DIR/exec.conmon.out" >&2
		return 1
	}
}

# process_json FILE TERMINAL ARG...: an exec process spec as CRI-O writes it
# (the container's process with new args).
process_json() {
	local f=$1 tty=$2 a=() i
	shift 2
	# (as set_args: named args, since jq would take an arg like -c as its option)
	for ((i = 1; i <= $#; i++)); do
		a+=(--arg "a$i" "${!i}")
	done
	jq --argjson t "$tty" "${a[@]}" --argjson n $# \
		'.process | .terminal = $t | .args = [range(1; $n + 1) as $i | $ARGS.named["a\($i)"]]' \
		<"$BUNDLE/config.json" >"$f"
}

# log_text ID: the container's output from conmon's k8s-file log
# ("<time> stdout|stderr F|P <text>").
log_text() {
	cut -d' ' -f4- "$1"
}

# exit_file_is FILE CODE
exit_file_is() {
	[ -f "$1" ] && [ "$(cat "$1")" = "$2" ]
}

# conmon_gone ID: conmon (recorded in -P) has exited.
conmon_gone() {
	local pid
	pid=$(cat "$TEST_DIR/$1.conmon.pid")
	case $(lxrt_procstate "$pid") in "" | Z) return 0 ;; esac
	return 1
}

@test "conmon: create (pid file, sync pipe), start, exit file with the code, delete" {
	set_args sh -c 'read x </dev/null; echo hello from the container; exit 7'
	conmon_create "$ID"
	msg=$(sync_read)
	pid=$(jq -r .pid <<<"$msg")
	assert_match "$pid" '^[1-9][0-9]*$' "pid on the sync pipe ($msg)"
	track_pid "$(cat "$TEST_DIR/$ID.conmon.pid")"
	# the pid file holds the container init's host pid; its pid ns is not ours
	assert_equal "$(cat "$BUNDLE/pidfile")" "$pid" "pidfile"
	[ "$(readlink "/proc/$pid/ns/pid")" != "$(readlink /proc/self/ns/pid)" ]
	assert_equal "$(crio_runtime state "$ID" | jq -r .status)" created "status"
	# conmon is the init's parent (subreaper) once lxcrun has exited
	assert_equal "$(awk '{ print $4 }' "/proc/$pid/stat")" "$(cat "$TEST_DIR/$ID.conmon.pid")" "init's parent"
	crio_runtime start "$ID"
	wait_until 60 exit_file_is "$EXITS/$ID" 7
	exit_file_is "$PERSIST/exit" 7
	wait_until 60 conmon_gone "$ID"
	log_text "$TEST_DIR/$ID.log" | grep -qx "hello from the container"
	crio_runtime delete --force "$ID"
	assert_nothing_left
}

@test "conmon: create -t hands conmon the pty over --console-socket" {
	update_config '.process.terminal = true'
	set_args sh -c 'tty; exit 3'
	conmon_create "$ID" -t
	msg=$(sync_read)
	pid=$(jq -r .pid <<<"$msg")
	assert_match "$pid" '^[1-9][0-9]*$' "pid on the sync pipe ($msg)"
	track_pid "$(cat "$TEST_DIR/$ID.conmon.pid")"
	crio_runtime start "$ID"
	wait_until 60 exit_file_is "$EXITS/$ID" 3
	wait_until 60 conmon_gone "$ID"
	log_text "$TEST_DIR/$ID.log" | grep -q "^/dev/pts/0"
	crio_runtime delete --force "$ID"
	assert_nothing_left
}

@test "conmon: exec probes (--exec --exec-process-spec, --sync) report the exit code, with and without -t" {
	set_args sleep 1000
	conmon_create "$ID"
	pid=$(jq -r .pid <<<"$(sync_read)")
	track_pid "$(cat "$TEST_DIR/$ID.conmon.pid")"
	crio_runtime start "$ID"
	process_json "$TEST_DIR/p1.json" false sh -c 'echo probe in $(cat /proc/1/comm); exit 4'
	run conmon_exec_sync "$ID" 30 "$TEST_DIR/p1.json"
	assert_status 0
	assert_equal "$(jq -r .exit_code <<<"$output")" 4 "exit code on the sync pipe ($output)"
	log_text "$TEST_DIR/exec.log" | grep -qx "probe in sleep"
	process_json "$TEST_DIR/p2.json" true sh -c 'tty; exit 5'
	run conmon_exec_sync "$ID" 30 "$TEST_DIR/p2.json" -t
	assert_status 0
	assert_equal "$(jq -r .exit_code <<<"$output")" 5 "exit code on the sync pipe ($output)"
	log_text "$TEST_DIR/exec.log" | grep -q "^/dev/pts/"
	# the exec's pid file held a pid of the container's pid ns
	# (conmon removes nothing; CRI-O deletes it afterwards)
	epid=$(cat "$TEST_DIR/exec.pid")
	assert_match "$epid" '^[1-9][0-9]*$' "exec pid file"
	# a probe over its timeout is killed: conmon reports -1 and a message
	process_json "$TEST_DIR/p3.json" false sleep 1000
	run conmon_exec_sync "$ID" 1 "$TEST_DIR/p3.json"
	assert_status 0
	assert_equal "$(jq -r .exit_code <<<"$output")" -1 "exit code of a timed-out probe ($output)"
	assert_output_contains "timed out"
	# conmon killed the probe's process group, not the container
	epid=$(cat "$TEST_DIR/exec.pid")
	wait_until 30 test ! -e "/proc/$epid"
	assert_equal "$(crio_runtime state "$ID" | jq -r .status)" running "status after the probe"
	crio_runtime kill "$ID" KILL
	wait_until 60 exit_file_is "$EXITS/$ID" 137
	crio_runtime delete --force "$ID"
	assert_nothing_left
}

@test "conmon: CRI-O's streaming exec runs lxcrun exec --process in the foreground, piped or on a pty" {
	set_args sleep 1000
	conmon_create "$ID"
	sync_read >/dev/null
	track_pid "$(cat "$TEST_DIR/$ID.conmon.pid")"
	crio_runtime start "$ID"
	process_json "$TEST_DIR/p1.json" false sh -c 'read l; echo got $l; exit 3'
	run bash -c 'echo input | "$@"' _ "$CLIENT_RUNTIME" --root "$ROOT" exec --process "$TEST_DIR/p1.json" "$ID"
	assert_status 3
	assert_equal "$output" "got input" "output"
	process_json "$TEST_DIR/p2.json" true sh -c 'tty; stty size; exit 4'
	run "$PTYDRIVE" -t 60 -s 19x71 "$CLIENT_RUNTIME" --root "$ROOT" exec --process "$TEST_DIR/p2.json" "$ID"
	assert_status 0
	assert_output_contains /dev/pts/
	assert_output_contains "19 71"
	assert_output_contains "ptydrive: exit 4"
	crio_runtime kill "$ID" KILL
	wait_until 60 exit_file_is "$EXITS/$ID" 137
	wait_until 60 conmon_gone "$ID"
	crio_runtime delete --force "$ID"
	assert_nothing_left
}

@test "conmon: kill with CRI-O's numeric and named signals reaches the container; the exit file has its code" {
	# (the shell is the container's pid 1: the kernel drops signals it has no
	# handler for, so it traps both)
	set_args sh -c 'trap "echo got-usr1" USR1; trap "echo got-term; exit 42" TERM; echo ready; while :; do sleep 0.1; done'
	conmon_create "$ID"
	sync_read >/dev/null
	track_pid "$(cat "$TEST_DIR/$ID.conmon.pid")"
	crio_runtime start "$ID"
	wait_until 60 grep -q ready "$TEST_DIR/$ID.log"
	crio_runtime kill "$ID" 10
	wait_until 60 grep -q got-usr1 "$TEST_DIR/$ID.log"
	assert_equal "$(crio_runtime state "$ID" | jq -r .status)" running "status after USR1"
	crio_runtime kill "$ID" TERM
	wait_until 60 exit_file_is "$EXITS/$ID" 42
	grep -q got-term "$TEST_DIR/$ID.log"
	assert_equal "$(crio_runtime state "$ID" | jq -r .status)" stopped "status"
	wait_until 60 conmon_gone "$ID"
	crio_runtime delete --force "$ID"
	run crio_runtime state "$ID"
	assert_status 1
	assert_output_contains "does not exist"
	assert_nothing_left
}

@test "conmon: a missing program fails create: CRI-O gets lxcrun's message on the sync pipe, nothing left" {
	# (as with runc: the program is looked up before create returns)
	set_args /no/such/binary
	conmon_create "$ID"
	msg=$(sync_read)
	assert_equal "$(jq -r .pid <<<"$msg")" -1 "pid on the sync pipe ($msg)"
	assert_match "$(jq -r .message <<<"$msg")" "/no/such/binary" "message"
	assert_match "$(jq -r .message <<<"$msg")" "no such file or directory" "message"
	wait_until 60 conmon_gone "$ID"
	run crio_runtime state "$ID"
	assert_output_contains "does not exist"
	assert_nothing_left
}

@test "conmon: a failed create reaches CRI-O on the sync pipe with lxcrun's message, nothing left" {
	update_config '.process.cwd = "relative/dir"'
	conmon_create "$ID"
	msg=$(sync_read)
	assert_equal "$(jq -r .pid <<<"$msg")" -1 "pid on the sync pipe ($msg)"
	assert_match "$(jq -r .message <<<"$msg")" "process.cwd" "message"
	wait_until 60 conmon_gone "$ID"
	run crio_runtime state "$ID"
	assert_output_contains "does not exist"
	assert_nothing_left
}

@test "conmon: a container over its memory limit: exit file 137 and conmon's oom file (CRI-O's OOMKilled)" {
	skip_unless_ctrl memory
	update_config '.linux.resources.memory = {"limit": 16777216}'
	set_args sh -c 'read x </dev/null; x=a; while :; do x=$x$x; done'
	conmon_create "$ID"
	sync_read >/dev/null
	track_pid "$(cat "$TEST_DIR/$ID.conmon.pid")"
	crio_runtime start "$ID"
	wait_until 60 exit_file_is "$EXITS/$ID" 137
	wait_until 60 conmon_gone "$ID"
	# conmon watched the memory cgroup lxcrun put the container in
	[ -e "$PERSIST/oom" ]
	crio_runtime delete --force "$ID"
	assert_nothing_left
}
