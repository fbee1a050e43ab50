#!/usr/bin/env bats
# A child subreaper calling create/start (as conmon and containerd-shim do)
# waits on the pid from --pid-file and gets the container's true exit status.

load helpers

# via_subreaper ARGS...: tests/helpers/subreaper runs `create --pid-file P` and
# `start` (then ARGS... as further lxcrun arguments, if any) and waits for P.
via_subreaper() {
	local pf=$TEST_DIR/pidfile more=""
	[ $# -eq 0 ] || more="&& \"\$LXCRUN\" --root \"\$ROOT\" $*"
	# shellcheck disable=SC2016 # expanded by the subreaper's shell
	ROOT=$ROOT BUNDLE=$BUNDLE ID=$ID PF=$pf OUT=$TEST_DIR/out \
		"$SUBREAPER" -t 60 "$pf" sh -c '
		"$LXCRUN" --root "$ROOT" create -b "$BUNDLE" --pid-file "$PF" "$ID" </dev/null >"$OUT" 2>&1 &&
		"$LXCRUN" --root "$ROOT" start "$ID" '"$more"
}

@test "subreaper: exit status 0" {
	set_args sh -c 'exit 0'
	run via_subreaper
	assert_status 0
	assert_equal "$output" "exited 0" "what the subreaper saw"
	assert_equal "$(state_field "$ID" status)" stopped status
	run lxcrun delete "$ID"
	assert_status 0
	assert_nothing_left
}

@test "subreaper: exit status 3" {
	set_args sh -c 'echo bye; exit 3'
	run via_subreaper
	assert_status 0
	assert_equal "$output" "exited 3" "what the subreaper saw"
	grep -q bye "$TEST_DIR/out"
	lxcrun delete "$ID"
	assert_nothing_left
}

@test "subreaper: killed by SIGKILL" {
	set_args sleep 1000
	run via_subreaper kill "$ID" KILL
	assert_status 0
	assert_equal "$output" "signaled 9" "what the subreaper saw"
	lxcrun delete "$ID"
	assert_nothing_left
}

@test "subreaper: killed by SIGTERM (no pid namespace)" {
	update_config '.linux.namespaces |= map(select(.type != "pid"))'
	set_args sleep 1000
	run via_subreaper kill "$ID" TERM
	assert_status 0
	assert_equal "$output" "signaled 15" "what the subreaper saw"
	lxcrun delete "$ID"
	assert_nothing_left
}

@test "subreaper: the init is the subreaper's child once create returned" {
	set_args sleep 1000
	pf=$TEST_DIR/pidfile
	# the subreaper's command: create, then report the init's parent
	# shellcheck disable=SC2016
	ROOT=$ROOT BUNDLE=$BUNDLE ID=$ID PF=$pf OUT=$TEST_DIR/out \
		"$SUBREAPER" -t 60 "$pf" sh -c '
		"$LXCRUN" --root "$ROOT" create -b "$BUNDLE" --pid-file "$PF" "$ID" </dev/null >"$OUT" 2>&1 || exit 1
		awk "/^PPid:/ { print \$2 }" /proc/$(cat "$PF")/status >"$PF.ppid"
		echo $PPID >"$PF.reaper"
		"$LXCRUN" --root "$ROOT" kill "$ID" KILL' >"$TEST_DIR/sr.out"
	assert_equal "$(cat "$TEST_DIR/sr.out")" "signaled 9" "what the subreaper saw"
	assert_equal "$(cat "$pf.ppid")" "$(cat "$pf.reaper")" "parent of the init after create"
	lxcrun delete "$ID"
}
