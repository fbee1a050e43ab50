#!/usr/bin/env bats
# lxc users: `lxcrun lxc-export` (a bundle as a standalone lxc container that
# lxc-start, lxc-attach, lxc-stop and lxc-destroy run without lxcrun), and what
# the lxc tools see of lxcrun's own containers (doc/lxc.md).

load helpers

setup() {
	lxrt_setup
	LXCPATH=$TEST_DIR/lxcpath
	command -v lxc-start >/dev/null || skip "the lxc tools are not installed (Debian package lxc)"
}

# Stops (SIGKILL) and forgets every lxc container a test left in $LXCPATH, then
# the usual teardown (which fails the test if anything is still left).
teardown() {
	local d
	for d in "$LXCPATH"/*/; do
		[ -f "$d/config" ] || continue
		timeout 60 lxc-stop -k -n "$(basename "$d")" -P "$LXCPATH" >/dev/null 2>&1
	done
	lxrt_teardown
}

# lxc_in NAME ARG...: runs ARG... in the exported container with lxc-attach.
lxc_in() {
	local name=$1
	shift
	timeout 60 lxc-attach -n "$name" -P "$LXCPATH" -- "$@" </dev/null
}

lxc_state() {
	timeout 60 lxc-info -n "$1" -P "$LXCPATH" -s -H
}

# monitor_gone NAME [LXCPATH]: no liblxc monitor of that container is left.
monitor_gone() {
	! pgrep -f "lxc monitor. ${2:-$LXCPATH} $1\$" >/dev/null
}

@test "lxc-export: lxc-start runs the bundle without lxcrun, lxc-attach, lxc-stop and lxc-destroy manage it" {
	local name
	name=$(new_id x)
	set_args sleep 1000
	update_config '.hostname = "exported"'
	run "$LXCRUN" lxc-export -b "$BUNDLE" -P "$LXCPATH" "$name"
	assert_status 0
	[ -f "$LXCPATH/$name/config" ]
	assert_equal "$(sed -n 's/^lxc.rootfs.path = //p' "$LXCPATH/$name/config")" \
		"dir:$(realpath "$BUNDLE/rootfs")" "lxc.rootfs.path"

	# (lxc-start daemonizes: its stdio goes to files, not to bats' pipes)
	timeout 60 lxc-start -n "$name" -P "$LXCPATH" -d </dev/null >"$TEST_DIR/start.out" 2>&1 3>&- ||
		{ cat "$TEST_DIR/start.out" "$LXCPATH/$name/lxc.log" >&2; false; }
	assert_equal "$(lxc_state "$name")" RUNNING "lxc-info state"
	run timeout 60 lxc-ls -P "$LXCPATH" --running -1
	assert_equal "$output" "$name" "lxc-ls --running"

	# the bundle's process is the init: no lxcrun-init, no lxcrun anywhere
	run lxc_in "$name" sh -c 'tr "\0" " " </proc/1/cmdline; echo; hostname; id -u; grep CapBnd /proc/1/status'
	assert_status 0
	assert_equal "${lines[0]}" "sleep 1000 " "the init's command line"
	assert_equal "${lines[1]}" exported "hostname"
	assert_equal "${lines[2]}" 0 "uid"
	# CAP_AUDIT_WRITE, CAP_KILL, CAP_NET_BIND_SERVICE: the template's bounding set
	assert_match "${lines[3]}" $'^CapBnd:\t0000000020000420$' "bounding set"
	# root.readonly, a read-only path, a masked directory
	run lxc_in "$name" touch /written
	[ "$status" -ne 0 ]
	assert_output_contains "Read-only file system"
	run lxc_in "$name" awk '$2 == "/proc/sys" { split($4, o, ","); print o[1] } $2 == "/sys/firmware" { print $3 }' /proc/mounts
	assert_status 0
	assert_output_contains "ro"
	if [ -d /sys/firmware ]; then
		assert_output_contains "tmpfs"
	fi

	run timeout 60 lxc-stop -k -n "$name" -P "$LXCPATH"
	assert_status 0
	assert_equal "$(lxc_state "$name")" STOPPED "lxc-info state after lxc-stop"
	wait_until 30 monitor_gone "$name"
	run timeout 60 lxc-destroy -n "$name" -P "$LXCPATH"
	assert_status 0
	[ ! -e "$LXCPATH/$name" ]
	# the rootfs is the bundle's: lxc-destroy leaves it alone
	[ -x "$BUNDLE/rootfs/bin/busybox" ]
	assert_equal "$(lxrt_cgroups_named "$name")" "" "cgroups named after the container"
	assert_nothing_left
}

@test "lxc-export: with process.terminal the init runs on lxc's console" {
	local name
	name=$(new_id t)
	update_config '.process.terminal = true | .process.args = ["sh"]'
	run "$LXCRUN" lxc-export -b "$BUNDLE" -P "$LXCPATH" "$name"
	assert_status 0
	timeout 60 lxc-start -n "$name" -P "$LXCPATH" -d </dev/null >"$TEST_DIR/start.out" 2>&1 3>&- ||
		{ cat "$TEST_DIR/start.out" "$LXCPATH/$name/lxc.log" >&2; false; }
	# an interactive shell on a terminal stays; on /dev/null it would exit at once
	assert_equal "$(lxc_state "$name")" RUNNING "lxc-info state"
	run lxc_in "$name" sh -c 'readlink /proc/1/fd/0; stat -c %t:%T /dev/console; test -c /dev/ptmx && echo ptmx'
	assert_status 0
	assert_match "${lines[0]}" '^/dev/pts/[0-9]+$' "the init's stdin"
	assert_equal "${lines[1]}" 88:0 "/dev/console (pts 0: major 136 = 0x88)"
	assert_equal "${lines[2]}" ptmx "/dev/ptmx"
	run timeout 60 lxc-stop -k -n "$name" -P "$LXCPATH"
	assert_status 0
	wait_until 30 monitor_gone "$name"
	run timeout 60 lxc-destroy -n "$name" -P "$LXCPATH"
	assert_status 0
	assert_nothing_left
}

@test "lxc-export: a field plain lxc cannot express is an error naming it, and nothing is written" {
	local name
	name=$(new_id x)
	update_config '.hooks = {"poststart": [{"path": "/bin/true"}]}'
	run "$LXCRUN" lxc-export -b "$BUNDLE" -P "$LXCPATH" "$name"
	assert_status 1
	assert_output_contains "hooks.poststart: plain lxc cannot run OCI hooks"
	[ ! -e "$LXCPATH" ]

	update_config 'del(.hooks)'
	set_args sh -c "echo two words"
	run "$LXCRUN" lxc-export -b "$BUNDLE" -P "$LXCPATH" "$name"
	assert_status 1
	assert_output_contains "process.args[2]: lxc.init.cmd cannot express"
	[ ! -e "$LXCPATH" ]

	set_args true
	update_config '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW"}'
	mkdir "$LXCPATH"
	run "$LXCRUN" lxc-export -b "$BUNDLE" -P "$LXCPATH" "$name"
	assert_status 1
	assert_output_contains "linux.seccomp: not translated"
	# an existing lxcpath stays, with nothing in it
	assert_equal "$(ls -A "$LXCPATH")" "" "lxcpath contents"

	run "$LXCRUN" lxc-export -b "$TEST_DIR/nowhere" -P "$LXCPATH" "$name"
	assert_status 1
	assert_output_contains "nowhere"
	run "$LXCRUN" lxc-export -b "$BUNDLE" -P "$LXCPATH" "bad/name"
	assert_status 1
	assert_equal "$(ls -A "$LXCPATH")" "" "lxcpath contents"
}

@test "lxc-export: refuses an existing container and leaves it untouched" {
	local name
	name=$(new_id x)
	run "$LXCRUN" lxc-export -b "$BUNDLE" -P "$LXCPATH" "$name"
	assert_status 0
	cp "$LXCPATH/$name/config" "$TEST_DIR/config.before"
	set_args sleep 1
	run "$LXCRUN" lxc-export -b "$BUNDLE" -P "$LXCPATH" "$name"
	assert_status 1
	assert_output_contains "already exists"
	cmp "$LXCPATH/$name/config" "$TEST_DIR/config.before"
	[ -d "$LXCPATH/$name/rootfs.mnt" ]
	run timeout 60 lxc-destroy -n "$name" -P "$LXCPATH"
	assert_status 0
	[ ! -e "$LXCPATH/$name" ]
}

@test "lxc tools on lxcrun's root: lxc-ls lists the container, lxc-destroy refuses and removes nothing" {
	set_args sleep 1000
	create_detached "$ID"
	lxcrun start "$ID"
	run timeout 60 lxc-ls -P "$ROOT" -1
	assert_status 0
	assert_equal "$output" "$ID" "lxc-ls"
	# no monitor answers liblxc's command socket (doc/lxc.md): STOPPED
	assert_equal "$(timeout 60 lxc-info -n "$ID" -P "$ROOT" -s -H)" STOPPED "lxc-info state"
	run timeout 60 lxc-attach -n "$ID" -P "$ROOT" -- true
	[ "$status" -ne 0 ]

	# (liblxc keeps the hook's message to its INFO log level)
	run timeout 60 lxc-destroy -n "$ID" -P "$ROOT"
	[ "$status" -ne 0 ]
	assert_output_contains "Failed to execute clone hook"
	[ -f "$ROOT/$ID/state.json" ]
	[ -x "$BUNDLE/rootfs/bin/busybox" ]
	assert_equal "$(state_field "$ID" status)" running "lxcrun state"

	# lxc-start cannot start it a second time (its cgroup exists); what the
	# failed attempt leaves in cgroups, delete removes (assert_nothing_left)
	run timeout 60 lxc-start -n "$ID" -P "$ROOT" -d </dev/null 3>&-
	[ "$status" -ne 0 ]
	assert_equal "$(state_field "$ID" status)" running "lxcrun state after lxc-start"
	assert_equal "$(state_field "$ID" pid)" "$(cat "$TEST_DIR/$ID.pid")" "the init"
	# (its monitor tears down after lxc-start has returned)
	wait_until 30 monitor_gone "$ID" "$ROOT"
	lxcrun delete --force "$ID"
	assert_nothing_left
}
