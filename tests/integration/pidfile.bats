#!/usr/bin/env bats
# --pid-file: the container init's host pid, digits only, written before create returns.

load helpers

@test "pid file: digits only, no newline, equal to state's pid" {
	set_args sleep 1000
	create_detached "$ID"
	f=$TEST_DIR/$ID.pid
	assert_match "$(cat "$f")" '^[0-9]+$' "pid file"
	# byte for byte: digits, nothing else (containerd's strconv.Atoi)
	[ "$(tr -d 0-9 <"$f" | wc -c)" -eq 0 ] || {
		echo "pid file has non-digits: $(od -c "$f")" >&2
		return 1
	}
	assert_equal "$(cat "$f")" "$(state_field "$ID" pid)" "pid file vs state"
}

@test "pid file: the host pid of the container's init" {
	set_args sleep 1000
	create_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	# host pid, and pid 1 in the container's pid namespace
	run grep '^NSpid:' "/proc/$pid/status"
	assert_match "$output" "^NSpid:[[:space:]]+$pid[[:space:]]+1$" NSpid
	# before start: lxcrun-init; after: the payload, same pid
	assert_match "$(readlink "/proc/$pid/exe")" '/lxcrun-init$' "exe before start"
	lxcrun start "$ID"
	assert_equal "$(cat "/proc/$pid/comm")" sleep "comm after start"
	assert_match "$(readlink "/proc/$pid/exe")" '/bin/busybox$' "exe after start"
	assert_equal "$(cat "$TEST_DIR/$ID.pid")" "$pid" "pid file after start"
}

@test "pid file: written atomically, replacing an existing file, no temp files" {
	mkdir "$TEST_DIR/pd"
	printf 'junk-that-is-longer-than-a-pid\n' >"$TEST_DIR/pd/pid"
	run create_cmd "$ID" --pid-file "$TEST_DIR/pd/pid"
	assert_status 0
	assert_match "$(cat "$TEST_DIR/pd/pid")" '^[0-9]+$' "pid file"
	assert_equal "$(ls -A "$TEST_DIR/pd")" pid "files in the pid file's dir"
	track_pid "$(cat "$TEST_DIR/pd/pid")"
}

@test "pid file: a relative path is relative to the cwd" {
	mkdir "$TEST_DIR/cwd"
	cd "$TEST_DIR/cwd"
	run create_cmd "$ID" --pid-file rel.pid
	assert_status 0
	[ -f "$TEST_DIR/cwd/rel.pid" ]
	assert_equal "$(cat "$TEST_DIR/cwd/rel.pid")" "$(state_field "$ID" pid)" "pid file"
}

@test "pid file: the pid is that of a process in the container's cgroup" {
	create_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	cg=$(main_cgroup "$pid")
	[[ "$cg" == *"$ID"* ]]
	grep -qx "$pid" "$cg/cgroup.procs"
}
