#!/usr/bin/env bats
# Error cases: each one exits 1 with a message naming the problem and leaves
# nothing behind (no state dir, cgroup, mount or process).

load helpers

# create_fails TEXT...: create must fail naming every TEXT, and leave nothing.
create_fails() {
	run create_cmd "$ID"
	assert_status 1
	for t in "$@"; do
		assert_output_contains "$t"
	done
	assert_nothing_left
	[ ! -e "$ROOT/$ID" ]
}

@test "errors: config.json that is not JSON" {
	printf '{"ociVersion": "1.2.0", "process": {' >"$BUNDLE/config.json"
	create_fails "config.json"
	printf 'not json at all' >"$BUNDLE/config.json"
	create_fails "config.json"
	printf '' >"$BUNDLE/config.json"
	create_fails "config.json"
	printf '[1, 2]' >"$BUNDLE/config.json"
	create_fails
}

@test "errors: a value of the wrong type names its JSON path" {
	cp "$BUNDLE/config.json" "$TEST_DIR/orig.json"
	check() {
		cp "$TEST_DIR/orig.json" "$BUNDLE/config.json"
		update_config "$1"
		create_fails "$2"
	}
	check '.process.args = "sh"' process.args
	check '.process.user.uid = "root"' process.user.uid
	check '.process.user.uid = -1' process.user.uid
	check '.process.env = [1]' 'process.env[0]'
	check '.process.terminal = "yes"' process.terminal
	check '.mounts[1].destination = 5' 'mounts[1].destination'
	check '.mounts[2].options = "ro"' 'mounts[2].options'
	check '.linux.namespaces[0].type = "bogus"' 'linux.namespaces[0]'
	check '.process.rlimits[0].hard = "many"' 'process.rlimits[0].hard'
	check '.root.readonly = 1' root.readonly
	check '.hostname = ["a"]' hostname
	check '.annotations = {"a": 1}' annotations
}

@test "errors: missing required fields are named" {
	cp "$BUNDLE/config.json" "$TEST_DIR/orig.json"
	check() {
		cp "$TEST_DIR/orig.json" "$BUNDLE/config.json"
		update_config "$1"
		create_fails "$2"
	}
	check 'del(.ociVersion)' ociVersion
	check 'del(.root)' root
	check 'del(.root.path)' root.path
	check 'del(.process.cwd)' process.cwd
	check 'del(.process.args)' process.args
	check '.process.args = []' process.args
	check 'del(.mounts[0].destination)' 'mounts[0].destination'
	check 'del(.process.user.uid)' process.user.uid
}

@test "errors: invalid values are named" {
	cp "$BUNDLE/config.json" "$TEST_DIR/orig.json"
	check() {
		cp "$TEST_DIR/orig.json" "$BUNDLE/config.json"
		update_config "$1"
		create_fails "$2"
	}
	check '.process.cwd = "relative/dir"' process.cwd
	check '.process.rlimits = [{"type": "RLIMIT_BOGUS", "hard": 1, "soft": 1}]' RLIMIT_BOGUS
	check '.process.rlimits = [{"type": "RLIMIT_NOFILE", "hard": 1, "soft": 2}]' 'process.rlimits[0]'
	check '.process.capabilities.bounding = ["CAP_TEST"]' CAP_TEST
	check '.process.oomScoreAdj = 5000' process.oomScoreAdj
	check '.linux.namespaces += [{"type": "network", "path": "/no/such/ns"}] | .linux.namespaces |= (map(select(.type != "network")) + [{"type": "network", "path": "/no/such/ns"}])' /no/such/ns
	check '.linux.cgroupsPath = "../escape"' linux.cgroupsPath
	check '.hooks.prestart = [{"path": "bin/true"}]' 'hooks.prestart[0].path'
	check '.hooks.poststop = [{"path": "/bin/true", "timeout": 0}]' 'hooks.poststop[0].timeout'
	check '.linux.sysctl = {"kernel.bogus\nlxc.init.cmd": "1"}' linux.sysctl
}

@test "errors: unsupported fields are rejected by name" {
	cp "$BUNDLE/config.json" "$TEST_DIR/orig.json"
	check() {
		cp "$TEST_DIR/orig.json" "$BUNDLE/config.json"
		update_config "$1"
		create_fails "$2"
	}
	check '.process.commandLine = "x"' process.commandLine
	check '.linux.intelRdt = {"closID": "x"}' linux.intelRdt
}

@test "errors: an AppArmor profile or SELinux label the host cannot apply fails create and exec" {
	if [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" = Y ] || [ -e /sys/fs/selinux/enforce ]; then
		skip "this host has AppArmor or SELinux enabled: the error cases cannot happen"
	fi
	cp "$BUNDLE/config.json" "$TEST_DIR/orig.json"
	update_config '.process.apparmorProfile = "lxcrun-test"'
	create_fails "process.apparmorProfile: AppArmor is not enabled on this host"
	cp "$TEST_DIR/orig.json" "$BUNDLE/config.json"
	update_config '.process.selinuxLabel = "system_u:system_r:container_t:s0"'
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains "process.selinuxLabel: SELinux is not enabled on this host"
	cp "$TEST_DIR/orig.json" "$BUNDLE/config.json"
	set_args sleep 1000
	create_detached "$ID"
	lxcrun start "$ID"
	run lxcrun exec --apparmor p "$ID" true
	assert_status 1
	assert_output_contains "--apparmor: AppArmor is not enabled on this host"
	run lxcrun exec --process-label l "$ID" true
	assert_status 1
	assert_output_contains "--process-label: SELinux is not enabled on this host"
	lxcrun delete --force "$ID"
	assert_nothing_left
}

@test "errors: unknown ids" {
	for cmd in start state kill delete; do
		run lxcrun "$cmd" "$ID"
		assert_status 1
		assert_output_contains "does not exist"
	done
	assert_nothing_left
}

@test "errors: a duplicate id leaves the first container alone" {
	set_args sleep 1000
	create_detached "$ID"
	pid=$(state_field "$ID" pid)
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains "already exists"
	assert_equal "$(state_field "$ID" status)" created "status of the first"
	assert_equal "$(state_field "$ID" pid)" "$pid" "pid of the first"
	run lxcrun start "$ID"
	assert_status 0
	lxcrun delete --force "$ID"
	assert_nothing_left
}

@test "errors: start twice" {
	set_args sleep 1000
	create_detached "$ID"
	run lxcrun start "$ID"
	assert_status 0
	run lxcrun start "$ID"
	assert_status 1
	assert_output_contains "running"
	assert_equal "$(state_field "$ID" status)" running status
	lxcrun delete --force "$ID"
	assert_nothing_left
}

@test "errors: bad bundles" {
	run lxcrun create -b "$TEST_DIR/no-such-bundle" "$ID"
	assert_status 1
	assert_output_contains "no-such-bundle"
	assert_nothing_left
	mkdir "$TEST_DIR/empty"
	run lxcrun create -b "$TEST_DIR/empty" "$ID"
	assert_status 1
	assert_output_contains "config.json"
	assert_nothing_left
	# a rootfs that does not exist
	update_config '.root.path = "no-rootfs"'
	create_fails "no-rootfs"
	# a bind mount whose source does not exist
	update_config '.root.path = "rootfs" | .mounts += [{"destination": "/mnt", "type": "bind", "source": "/no/such/source", "options": ["bind"]}]'
	create_fails "/no/such/source"
}

@test "errors: a failing create in liblxc leaves nothing behind" {
	# a bind mount of a file over a directory fails inside liblxc's setup
	echo data >"$TEST_DIR/file"
	update_config --arg s "$TEST_DIR/file" '.mounts += [{"destination": "/bin", "type": "bind", "source": $s, "options": ["bind"]}]'
	run create_cmd "$ID"
	assert_status 1
	assert_nothing_left
}

@test "errors: terminal without --console-socket, --console-socket without terminal" {
	update_config '.process.terminal = true'
	create_fails "console-socket"
	update_config '.process.terminal = false'
	run create_cmd "$ID" --console-socket "$TEST_DIR/sock"
	assert_status 1
	assert_nothing_left
}

@test "errors: --preserve-fds that is not a number" {
	for bad in x -1 1x ''; do
		run create_cmd "$ID" --preserve-fds "$bad"
		assert_status 1
	done
	assert_nothing_left
}

@test "errors: a pid file in a missing directory fails create and leaves nothing" {
	run lxcrun create -b "$BUNDLE" --pid-file "$TEST_DIR/no/such/dir/pid" "$ID" </dev/null
	assert_status 1
	assert_output_contains "pid"
	assert_nothing_left
}
