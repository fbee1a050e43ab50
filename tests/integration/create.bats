#!/usr/bin/env bats
# lxcrun create: the init is running in its namespaces and cgroup, blocked until start.

load helpers

@test "create: the container is created, its init waits for start" {
	set_args sh -c 'echo payload-ran'
	create_detached "$ID"
	run state_field "$ID" status
	assert_equal "$output" created "status"
	pid=$(cat "$TEST_DIR/$ID.pid")
	[ -d "/proc/$pid" ]
	# the init is lxcrun-init, blocked: the payload has not run
	assert_match "$(readlink "/proc/$pid/exe")" '/lxcrun-init$' "exe of the init"
	sleep 0.3
	assert_equal "$(cat "$TEST_DIR/$ID.out")" "" "container stdout before start"
	run lxcrun start "$ID"
	assert_status 0
	wait_output "$ID" payload-ran
}

@test "create: the root dir is made 0700, the state dir holds the lxc config" {
	create_detached "$ID"
	assert_equal "$(stat -c %a "$ROOT")" 700 "mode of --root"
	assert_equal "$(stat -c %a "$ROOT/$ID")" 700 "mode of the state dir"
	[ -f "$ROOT/$ID/config" ]
	[ -f "$ROOT/$ID/state.json" ]
	grep -q '^lxc.rootfs.path = ' "$ROOT/$ID/config"
}

@test "create: missing parents of --root are made (containerd's shim passes <root>/<namespace>)" {
	ROOT=$TEST_DIR/root/a/b
	create_detached "$ID"
	[ -f "$ROOT/$ID/state.json" ]
	assert_equal "$(stat -c %a "$TEST_DIR/root/a")" 700 "mode of a made parent"
	lxcrun delete --force "$ID"
	ROOT=$TEST_DIR/root
	run "$LXCRUN" --root "" create -b "$BUNDLE" "$ID"
	assert_status 1
	assert_output_contains "root dir must not be empty"
}

@test "create: lxc-ls -P ROOT lists the container" {
	command -v lxc-ls >/dev/null || skip "lxc-ls not installed (apt-get install lxc)"
	create_detached "$ID"
	run lxc-ls -1 -P "$ROOT"
	assert_status 0
	assert_equal "$output" "$ID" "lxc-ls -1 -P ROOT"
}

@test "create: the init runs in new namespaces" {
	create_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	for ns in pid net ipc uts mnt cgroup; do
		a=$(readlink "/proc/$pid/ns/$ns")
		b=$(readlink "/proc/self/ns/$ns")
		[ "$a" != "$b" ] || {
			echo "the init shares the host's $ns namespace ($a)" >&2
			return 1
		}
	done
	# pid 1 of its own pid namespace
	run grep '^NSpid:' "/proc/$pid/status"
	assert_match "$output" "^NSpid:[[:space:]]+$pid[[:space:]]+1$" "NSpid"
}

@test "create: namespaces not listed are the host's" {
	# (an mqueue mount belongs with a new ipc namespace: drop it with the namespace)
	update_config '.linux.namespaces |= map(select(.type != "network" and .type != "ipc"))
		| .mounts |= map(select(.type != "mqueue"))'
	create_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	assert_equal "$(readlink "/proc/$pid/ns/net")" "$(readlink /proc/self/ns/net)" "net ns"
	assert_equal "$(readlink "/proc/$pid/ns/ipc")" "$(readlink /proc/self/ns/ipc)" "ipc ns"
}

@test "create: a namespace joined by path" {
	local a b
	a=$(new_id a)
	b=$(new_id b)
	set_args sleep 1000
	run_detached "$a"
	apid=$(cat "$TEST_DIR/$a.pid")
	# (a hostname needs a new uts namespace: drop it to join one)
	update_config --arg p "/proc/$apid/ns/net" --arg u "/proc/$apid/ns/uts" \
		'del(.hostname) | .linux.namespaces |= map(if .type == "network" then .path = $p elif .type == "uts" then .path = $u else . end)'
	run_detached "$b"
	bpid=$(cat "$TEST_DIR/$b.pid")
	assert_equal "$(readlink "/proc/$bpid/ns/net")" "$(readlink "/proc/$apid/ns/net")" "joined net ns"
	assert_equal "$(readlink "/proc/$bpid/ns/uts")" "$(readlink "/proc/$apid/ns/uts")" "joined uts ns"
	[ "$(readlink "/proc/$bpid/ns/ipc")" != "$(readlink "/proc/$apid/ns/ipc")" ]
}

@test "create: a namespace path of the wrong type is an error" {
	update_config '.linux.namespaces |= map(if .type == "network" then .path = "/proc/self/ns/uts" else . end)'
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains "linux.namespaces"
	assert_output_contains "not a network namespace"
	assert_nothing_left
}

@test "create: the init is in the container's cgroup, alone" {
	create_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	cg=$(main_cgroup "$pid")
	assert_match "$cg" "/lxcrun-$ID\$" "cgroup of the init"
	assert_equal "$(cat "$cg/cgroup.procs")" "$pid" "processes of $cg"
	# the monitor's cgroup is gone
	run lxrt_cgroups_named monitor
	assert_output_not_contains "$ID"
}

@test "create: nothing of lxcrun keeps running beside the init" {
	create_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	# no lxcrun-start (its command line names the root) is left
	run lxrt_pids_mentioning "$ROOT"
	assert_equal "$output" "" "processes naming the root"
	ppid=$(awk '/^PPid:/ { print $2 }' "/proc/$pid/status")
	run cat "/proc/$ppid/comm"
	assert_output_not_contains lxcrun
}

@test "create: --bundle relative to the cwd, and the cwd as default bundle" {
	local a b
	a=$(new_id a)
	b=$(new_id b)
	cd "$TEST_DIR"
	lxcrun create --bundle bundle "$a" </dev/null >/dev/null 2>&1
	assert_equal "$(state_field "$a" bundle)" "$BUNDLE" "bundle of $a"
	cd "$BUNDLE"
	lxcrun create "$b" </dev/null >/dev/null 2>&1
	assert_equal "$(state_field "$b" bundle)" "$BUNDLE" "bundle of $b"
	assert_equal "$(state_field "$b" rootfs)" "$BUNDLE/rootfs" "rootfs of $b"
}

@test "create: -b, --no-pivot and --no-new-keyring are accepted" {
	run create_cmd "$ID" --no-pivot --no-new-keyring
	assert_status 0
	run state_field "$ID" status
	assert_equal "$output" created "status"
}

@test "create: an absolute root.path" {
	update_config --arg r "$BUNDLE/rootfs" '.root.path = $r'
	mkdir "$TEST_DIR/b2"
	mv "$BUNDLE/config.json" "$TEST_DIR/b2/"
	BUNDLE=$TEST_DIR/b2 run create_cmd "$ID"
	assert_status 0
	assert_equal "$(state_field "$ID" rootfs)" "$BUNDLE/rootfs" "rootfs"
}

@test "create: the id follows runc's rules" {
	for bad in ../x a/b . .. 'a b' ''; do
		run create_cmd "$bad"
		assert_status 1
	done
	ok=$(new_id 'A_b+c.d-e')
	run create_cmd "$ok"
	assert_status 0
	run lxcrun delete --force "$ok"
	assert_status 0
	assert_nothing_left
}
