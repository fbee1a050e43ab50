#!/usr/bin/env bats
# OCI hooks: each list runs at its moment, in its namespaces, with the state on
# stdin and only its own args and env; timeouts kill; failures fail create or
# start, or only warn (poststart, poststop).

load helpers

setup() {
	lxrt_setup
	OUT=$TEST_DIR/out
	HOOK=$TEST_DIR/hook.sh
	mkdir -p "$OUT"
	# Records what the hook saw in $OUT/<name>.*; HOOK_MODE fail/sleep makes it
	# fail or hang. Runs on the host's file system (runtime hooks, and
	# createContainer before pivot_root).
	cat >"$HOOK" <<'EOF'
#!/bin/bash
name=$1
echo "$name" >>"$HOOK_OUT/order"
cat >"$HOOK_OUT/$name.stdin"
readlink /proc/self/ns/mnt >"$HOOK_OUT/$name.mnt"
readlink /proc/self/ns/net >"$HOOK_OUT/$name.net"
env | sort >"$HOOK_OUT/$name.env"
shift
echo "$*" >"$HOOK_OUT/$name.args"
pid=$(jq -r .pid "$HOOK_OUT/$name.stdin")
[ "$pid" -gt 0 ] && cat "/proc/$pid/comm" >"$HOOK_OUT/$name.comm"
# the container's tmpfs at /hooktest, as mounted so far (seen before pivot_root)
grep -c '/hooktest .* - tmpfs ' /proc/self/mountinfo >"$HOOK_OUT/$name.hooktest"
[ -d "$HOOK_OUT" ] && echo yes >"$HOOK_OUT/$name.hostfs"
case $HOOK_MODE in
fail) echo "boom from $name" >&2; exit 3 ;;
sleep) exec -a "sleeper-$HOOK_OUT" sleep 1000 ;;
esac
exit 0
EOF
	chmod +x "$HOOK"
	set_args sleep 1000
	update_config --arg out "$OUT" '.mounts += [
		{"destination": "/hooktest", "type": "tmpfs", "source": "tmpfs"},
		{"destination": "/mnt/hookout", "type": "bind", "source": $out, "options": ["bind", "rw"]}]'
}

# add_hook LIST NAME [MODE [TIMEOUT]]: appends $HOOK to hooks.LIST; it records as NAME.
add_hook() {
	update_config --arg l "$1" --arg n "$2" --arg m "${3:-}" --argjson t "${4:-0}" \
		--arg p "$HOOK" --arg out "$OUT" '.hooks[$l] += [{path: $p,
			args: ["hook.sh", $n, "two words", "x"],
			env: ["PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOOK_OUT=\($out)",
				"HOOK_VAR=hello world", "HOOK_MODE=\($m)"]}
			+ (if $t > 0 then {timeout: $t} else {} end)]'
}

# add_start_hook [MODE]: a startContainer hook, run inside the container (busybox sh).
add_start_hook() {
	update_config --arg m "${1:-}" '.hooks.startContainer += [{path: "/bin/sh",
		args: ["sh", "-c", "o=/mnt/hookout; echo startContainer >>$o/order; cat >$o/startContainer.stdin; readlink /proc/self/ns/mnt >$o/startContainer.mnt; cat /proc/1/comm >$o/startContainer.comm; ls / >$o/startContainer.root; echo \"$1 $HOOK_VAR\" >$o/startContainer.args; [ \"$HOOK_MODE\" != fail ] || { echo boom in container >&2; exit 4; }", "sh", "one"],
		env: ["PATH=/bin", "HOOK_VAR=v", "HOOK_MODE=\($m)"]}]'
}

add_all_hooks() {
	add_hook prestart prestart
	add_hook createRuntime createRuntime
	add_hook createContainer createContainer
	add_start_hook
	add_hook poststart poststart
	add_hook poststop poststop
	add_hook poststop poststop2
}

# stdin_field NAME FIELD
stdin_field() {
	jq -r ".$2" "$OUT/$1.stdin"
}

@test "hooks: every list runs once, in the spec's order" {
	add_all_hooks
	create_detached "$ID"
	assert_equal "$(cat "$OUT/order" | tr '\n' ' ')" "prestart createRuntime createContainer " "order after create"
	run lxcrun start "$ID"
	assert_status 0
	assert_equal "$(cat "$OUT/order" | tr '\n' ' ')" "prestart createRuntime createContainer startContainer poststart " "order after start"
	run lxcrun delete --force "$ID"
	assert_status 0
	assert_equal "$(cat "$OUT/order" | tr '\n' ' ')" "prestart createRuntime createContainer startContainer poststart poststop poststop2 " "order after delete"
	assert_nothing_left
}

@test "hooks: the state on stdin (status, pid, id, bundle, annotations)" {
	add_all_hooks
	update_config '.annotations = {"org.example.k": "v"}'
	create_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	for h in prestart createRuntime createContainer; do
		assert_equal "$(stdin_field $h status)" creating "$h status"
		assert_equal "$(stdin_field $h pid)" "$pid" "$h pid (the init's host pid)"
		assert_equal "$(stdin_field $h id)" "$ID" "$h id"
		assert_equal "$(stdin_field $h bundle)" "$BUNDLE" "$h bundle"
		assert_equal "$(stdin_field $h ociVersion)" 1.2.0 "$h ociVersion"
		assert_equal "$(stdin_field $h 'annotations["org.example.k"]')" v "$h annotations"
	done
	lxcrun start "$ID"
	assert_equal "$(stdin_field startContainer status)" created "startContainer status"
	assert_equal "$(stdin_field startContainer pid)" "$pid" "startContainer pid"
	assert_equal "$(stdin_field startContainer id)" "$ID" "startContainer id"
	assert_equal "$(stdin_field poststart status)" running "poststart status"
	assert_equal "$(stdin_field poststart pid)" "$pid" "poststart pid"
	lxcrun delete --force "$ID"
	assert_equal "$(stdin_field poststop status)" stopped "poststop status"
	assert_equal "$(stdin_field poststop id)" "$ID" "poststop id"
	assert_equal "$(stdin_field poststop bundle)" "$BUNDLE" "poststop bundle"
}

@test "hooks: namespaces: runtime hooks in the runtime's, createContainer and startContainer in the container's" {
	add_all_hooks
	create_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	host_mnt=$(readlink /proc/self/ns/mnt)
	ctr_mnt=$(readlink "/proc/$pid/ns/mnt")
	[ "$host_mnt" != "$ctr_mnt" ]
	for h in prestart createRuntime; do
		assert_equal "$(cat "$OUT/$h.mnt")" "$host_mnt" "$h mount namespace"
		assert_equal "$(cat "$OUT/$h.net")" "$(readlink /proc/self/ns/net)" "$h network namespace"
	done
	assert_equal "$(cat "$OUT/createContainer.mnt")" "$ctr_mnt" "createContainer mount namespace"
	assert_equal "$(cat "$OUT/createContainer.net")" "$(readlink "/proc/$pid/ns/net")" "createContainer network namespace"
	lxcrun start "$ID"
	assert_equal "$(cat "$OUT/startContainer.mnt")" "$ctr_mnt" "startContainer mount namespace"
	assert_equal "$(cat "$OUT/poststart.mnt")" "$host_mnt" "poststart mount namespace"
	lxcrun delete --force "$ID"
	assert_equal "$(cat "$OUT/poststop.mnt")" "$host_mnt" "poststop mount namespace"
}

@test "hooks: createContainer sees the container's mounts before pivot_root; startContainer runs in its root before the process" {
	add_all_hooks
	create_detached "$ID"
	# the spec's tmpfs is mounted, and the host's file system is still the root
	assert_equal "$(cat "$OUT/createContainer.hooktest")" 1 "createContainer sees /hooktest mounted"
	assert_equal "$(cat "$OUT/createContainer.hostfs")" yes "createContainer runs before pivot_root"
	# the runtime hooks do not see the container's mounts
	assert_equal "$(cat "$OUT/createRuntime.hooktest")" 0 "createRuntime in the runtime's mounts"
	lxcrun start "$ID"
	# the container's root: the rootfs's entries and the bind mount, no host path
	grep -qx hooktest "$OUT/startContainer.root"
	grep -qx mnt "$OUT/startContainer.root"
	# before the exec: pid 1 is still lxcrun's init; at poststart it is the process
	[ "$(cat "$OUT/startContainer.comm")" != sleep ]
	assert_equal "$(cat "$OUT/poststart.comm")" sleep "poststart after the exec"
	assert_equal "$(cat "$OUT/createRuntime.comm")" "$(cat "$OUT/createContainer.comm")" "the init while creating"
}

@test "hooks: args and env are exactly the hook's own" {
	add_all_hooks
	create_detached "$ID"
	lxcrun start "$ID"
	lxcrun delete --force "$ID"
	for h in prestart createRuntime createContainer poststart poststop; do
		assert_equal "$(cat "$OUT/$h.args")" "two words x" "$h args"
		grep -qx 'HOOK_VAR=hello world' "$OUT/$h.env"
		# nothing of lxcrun's or liblxc's environment leaks into a hook
		run grep -E '^(LXC_|LXCRUN_|BATS)' "$OUT/$h.env"
		assert_status 1
	done
	assert_equal "$(cat "$OUT/startContainer.args")" "one v" "startContainer args and env"
}

@test "hooks: a failing prestart fails create, naming the hook, and leaves nothing behind" {
	add_hook prestart prestart fail
	add_hook createRuntime createRuntime
	add_hook poststop poststop
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains "hooks.prestart[0] \`$HOOK\`: exited with status 3: boom from prestart"
	[ ! -e "$OUT/createRuntime.stdin" ]
	# the lifecycle goes on to poststop (runtime-spec lifecycle steps 12 and 13)
	assert_equal "$(stdin_field poststop status)" stopped "poststop after a failed create"
	assert_nothing_left
}

@test "hooks: a failing createRuntime fails create and leaves nothing behind" {
	add_hook prestart prestart
	add_hook createRuntime createRuntime fail
	add_hook createContainer createContainer
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains "hooks.createRuntime[0]"
	assert_output_contains "exited with status 3: boom from createRuntime"
	[ ! -e "$OUT/createContainer.stdin" ]
	assert_nothing_left
}

@test "hooks: a failing createContainer fails create and leaves nothing behind" {
	add_hook createContainer createContainer
	add_hook createContainer cc2 fail
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains "hooks.createContainer[1] \`$HOOK\`: exited with status 3: boom from cc2"
	assert_nothing_left
}

@test "hooks: a missing hook program is create's error" {
	update_config '.hooks.createRuntime = [{"path": "/no/such/hook"}]'
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains "hooks.createRuntime[0] \`/no/such/hook\`: exited with status 127: exec \`/no/such/hook\`: No such file or directory"
	assert_nothing_left
}

@test "hooks: a timeout kills the hook and fails create" {
	add_hook createRuntime createRuntime sleep 1
	SECONDS=0
	run create_cmd "$ID"
	assert_status 1
	[ "$SECONDS" -lt 10 ]
	assert_output_contains "hooks.createRuntime[0] \`$HOOK\`: timed out after 1 s"
	# the hook (a sleep naming $OUT) is gone
	run pgrep -f "sleeper-$OUT"
	assert_status 1
	assert_nothing_left
}

@test "hooks: a createContainer timeout fails create" {
	add_hook createContainer createContainer sleep 1
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains "hooks.createContainer[0] \`$HOOK\`: timed out after 1 s"
	assert_nothing_left
}

@test "hooks: a failing startContainer fails start and stops the container" {
	add_start_hook fail
	add_hook poststart poststart
	create_detached "$ID"
	run lxcrun start "$ID"
	assert_status 1
	assert_output_contains "hooks.startContainer[0] \`/bin/sh\`: exited with status 4: boom in container"
	wait_status "$ID" stopped
	[ ! -e "$OUT/poststart.stdin" ]
	run lxcrun delete "$ID"
	assert_status 0
	assert_nothing_left
}

@test "hooks: a failing poststart only warns; start succeeds and the next hook runs" {
	add_hook poststart poststart fail
	add_hook poststart poststart2
	create_detached "$ID"
	run --separate-stderr lxcrun start "$ID"
	assert_status 0
	[[ "$stderr" == *"hooks.poststart[0] \`$HOOK\`: exited with status 3: boom from poststart"* ]]
	assert_equal "$(state_field "$ID" status)" running "status"
	assert_equal "$(stdin_field poststart2 status)" running "the next poststart hook ran"
}

@test "hooks: a failing poststop only warns; delete succeeds and the next hook runs" {
	add_hook poststop poststop fail
	add_hook poststop poststop2
	create_detached "$ID"
	run --separate-stderr lxcrun delete --force "$ID"
	assert_status 0
	[[ "$stderr" == *"hooks.poststop[0] \`$HOOK\`: exited with status 3: boom from poststop"* ]]
	assert_equal "$(stdin_field poststop2 status)" stopped "the next poststop hook ran"
	assert_nothing_left
}

@test "hooks: run -d and a foreground run go through every hook" {
	add_all_hooks
	run lxcrun_detach "$ID"
	assert_status 0
	track_pid "$(state_field "$ID" pid)"
	assert_equal "$(cat "$OUT/order" | tr '\n' ' ')" "prestart createRuntime createContainer startContainer poststart " "order after run -d"
	lxcrun delete --force "$ID"
	rm -f "$OUT"/*
	set_args true
	id2=$(new_id fg)
	run lxcrun run -b "$BUNDLE" "$id2" </dev/null
	assert_status 0
	assert_equal "$(cat "$OUT/order" | tr '\n' ' ')" "prestart createRuntime createContainer startContainer poststart poststop poststop2 " "order of a foreground run"
	assert_nothing_left
}
