#!/usr/bin/env bats
# Hostile input: every case must fail with a message naming the problem, exit
# 1 and leave nothing behind (state dir, cgroup, mount, process, and nothing
# written outside the bundle). Table-driven; errors.bats has the everyday
# mistakes (wrong types, missing fields), kill.bats the unknown signal names,
# create.bats the id characters.

load helpers

# refused EXPECTED [CREATE OPTIONS]: create $ID from $BUNDLE must fail with
# EXPECTED in its message, exit 1, and leave nothing.
refused() {
	local want=$1
	shift
	run create_cmd "$ID" "$@"
	if [ "$status" -ne 1 ] || [[ "$output" != *"$want"* ]]; then
		echo "case: $CASE" >&2
		echo "expected exit 1 and \"$want\"; got $status: $output" >&2
		return 1
	fi
	assert_nothing_left
}

# each_jq_case TABLE: lines "jq filter<TAB>expected message"; each filter is
# applied to the original config.json, which must then be refused.
each_jq_case() {
	local filter want
	cp "$BUNDLE/config.json" "$TEST_DIR/orig.json"
	while IFS=$'\t' read -r filter want; do
		[ -n "$filter" ] || continue
		CASE=$filter
		jq "$filter" "$TEST_DIR/orig.json" >"$BUNDLE/config.json"
		refused "$want"
	done <<<"$1"
	cp "$TEST_DIR/orig.json" "$BUNDLE/config.json"
}

@test "hostile: malformed, truncated, nested, NUL-bearing and oversized config.json" {
	cp "$BUNDLE/config.json" "$TEST_DIR/orig.json"
	size=$(stat -c %s "$TEST_DIR/orig.json")
	for n in 1 2 $((size / 3)) $((size / 2)) $((size - 2)); do
		CASE="truncated to $n bytes"
		head -c "$n" "$TEST_DIR/orig.json" >"$BUNDLE/config.json"
		refused "config.json"
	done
	CASE="100000 nested arrays"
	python3 -c 'print("[" * 100000 + "]" * 100000)' >"$BUNDLE/config.json"
	refused "config.json: invalid JSON: nested deeper than"
	CASE="100000 nested objects"
	python3 -c 'print("{\"a\":" * 100000 + "1" + "}" * 100000)' >"$BUNDLE/config.json"
	refused "config.json: invalid JSON: nested deeper than"
	CASE="a raw NUL byte"
	printf '{"ociVersion": "1.0.2",\0 "root": {"path": "rootfs"}}' >"$BUNDLE/config.json"
	refused "config.json: invalid JSON: NUL byte at offset 23"
	CASE="17 MiB of config.json"
	python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); c["hostname"]="a"*(17<<20); json.dump(c,open(sys.argv[2],"w"))' \
		"$TEST_DIR/orig.json" "$BUNDLE/config.json"
	refused "over the 16 MiB limit"
	CASE="a trailing second document"
	{ cat "$TEST_DIR/orig.json"; echo '{}'; } >"$BUNDLE/config.json"
	refused "config.json"
	CASE="a config.json that is a directory"
	rm "$BUNDLE/config.json"
	mkdir "$BUNDLE/config.json"
	refused "config.json: not a regular file"
	rmdir "$BUNDLE/config.json"
	CASE="a config.json that is a fifo"
	# (nobody writes the fifo: create used to block reading it, forever)
	mkfifo "$BUNDLE/config.json"
	refused "config.json: not a regular file"
	rm "$BUNDLE/config.json"
	cp "$TEST_DIR/orig.json" "$BUNDLE/config.json"
}

# (errors only liblxc finds are matched loosely: under valgrind, liblxc's own
# message is replaced by one from its cleanup, which needs pidfd_send_signal)
@test "hostile: NUL bytes, wrong types, huge strings and out-of-range values" {
	# shellcheck disable=SC2016 # jq filters
	each_jq_case '
.hostname = "a\u0000b"	hostname: contains a NUL byte
.process.args = ["/bin/sh", "a\u0000b"]	process.args[1]: contains a NUL byte
.process.env = ["A=a\u0000b"]	process.env[0]: contains a NUL byte
.process.cwd = "/a\u0000b"	process.cwd: contains a NUL byte
.root.path = "root\u0000fs"	root.path: contains a NUL byte
.mounts[0].destination = "/pr\u0000oc"	mounts[0].destination: contains a NUL byte
.annotations = {"a\u0000b": "c"}	annotations
.process = "sh"	process: expected an object, got a string
.mounts = {}	mounts: expected an array
.linux = []	linux: expected an object, got an array
.process.args = [[["x"]]]	process.args[0]
.hostname = ("a" * 100000)	hostname
.process.user.uid = 4294967295	process.user.uid: 4294967295 is not a valid id
.process.user.gid = 4294967295	process.user.gid: 4294967295 is not a valid id
.process.user.uid = 4294967296	process.user.uid: expected an unsigned 32-bit integer
.process.user.uid = 1e400	process.user.uid
.process.oomScoreAdj = -1001	process.oomScoreAdj
.process.rlimits = [{"type": "RLIMIT_NOFILE", "hard": 18446744073709551616, "soft": 1}]	process.rlimits[0].hard
.process.consoleSize = {"height": 70000, "width": 1} | .process.terminal = false	process.consoleSize
.linux.resources.memory.limit = -5	linux.resources.memory.limit
.linux.resources.memory.limit = 1e30	linux.resources.memory.limit
.linux.resources.memory.swappiness = 200	linux.resources.memory.swappiness
.linux.resources.blockIO.weight = 5000	linux.resources.blockIO.weight
.linux.resources.cpu.shares = 18446744073709551616	linux.resources.cpu.shares
'
	# a cpuset liblxc writes (and the kernel refuses); on a cgroup2 without the
	# cpuset controller (the emulated v2 host) create refuses the field first
	CASE='.linux.resources.cpu.cpus = "abc"'
	jq "$CASE" "$TEST_DIR/orig.json" >"$BUNDLE/config.json"
	if [ "$(cgroup_mode)" = v2 ] && ! grep -qw cpuset "$(cgroup2_root)/cgroup.controllers"; then
		refused "linux.resources.cpu.cpus: this host has no cpuset controller"
	else
		refused "liblxc failed to start the container"
	fi
}

# create_id ID: for `run`: create ID with stdio on fixed files (ids too long
# for a file name), prints create's stderr.
create_id() {
	local st
	lxcrun create -b "$BUNDLE" "$1" </dev/null >"$TEST_DIR/id.out" 2>"$TEST_DIR/id.err"
	st=$?
	cat "$TEST_DIR/id.err"
	return $st
}

@test "hostile: container ids" {
	long=$(printf 'a%.0s' {1..255})
	for bad in "$long" "$(printf 'a%.0s' {1..5000})" a/b ../x .. . '' 'a b' $'a\nb' 'a*' '-x'; do
		CASE="id [$bad]"
		run create_id "$bad"
		assert_status 1
		assert_nothing_left
	done
	run create_id "$long"
	assert_output_contains "container id is longer than 254 bytes"
	# every command refuses them before looking anything up
	for cmd in start state kill delete pause resume ps events; do
		run lxcrun "$cmd" ../x
		assert_status 1
		assert_output_contains "invalid container id"
	done
	[ ! -e "$TEST_DIR/x" ]
	# the longest id works
	ok=$(new_id x)
	ok=$ok$(printf 'a%.0s' $(seq $((254 - ${#ok}))))
	run create_id "$ok"
	assert_status 0
	run lxcrun delete --force "$ok"
	assert_status 0
	assert_nothing_left
}

@test "hostile: missing and symlinked bundles and root paths" {
	CASE="bundle: a dangling symlink"
	ln -s "$TEST_DIR/nowhere" "$TEST_DIR/dangling"
	run lxcrun create -b "$TEST_DIR/dangling" "$ID" </dev/null
	assert_status 1
	assert_output_contains "dangling"
	assert_nothing_left
	CASE="bundle: a regular file"
	echo x >"$TEST_DIR/file"
	run lxcrun create -b "$TEST_DIR/file" "$ID" </dev/null
	assert_status 1
	assert_output_contains "file"
	assert_nothing_left
	CASE="root.path: a dangling symlink"
	ln -s nowhere "$BUNDLE/rootfs-link"
	update_config '.root.path = "rootfs-link"'
	refused "root.path"
	CASE="root.path: a symlink loop"
	ln -s loop2 "$BUNDLE/loop1"
	ln -s loop1 "$BUNDLE/loop2"
	update_config '.root.path = "loop1"'
	refused "root.path"
	CASE="root.path: a regular file"
	update_config '.root.path = "config.json"'
	refused "root.path \`$BUNDLE/config.json\`: not a directory"
	CASE="--root: a regular file"
	update_config '.root.path = "rootfs"'
	run "$LXCRUN" --root "$TEST_DIR/file" create -b "$BUNDLE" "$ID" </dev/null
	assert_status 1
	assert_output_contains "file"
	assert_nothing_left
	# a bundle reached through a symlink is fine: it is resolved once
	ln -s "$BUNDLE" "$TEST_DIR/bundle-link"
	lxcrun create -b "$TEST_DIR/bundle-link" "$ID" </dev/null >"$TEST_DIR/out" 2>&1
	run lxcrun delete --force "$ID"
	assert_status 0
	assert_nothing_left
}

@test "hostile: mount destinations that climb out or land on /proc" {
	# the image's symlinks point out of the rootfs; the host dir must stay empty
	host=$TEST_DIR/host
	mkdir "$host" "$TEST_DIR/vol"
	chmod u+w "$BUNDLE/rootfs"
	ln -s "$host" "$BUNDLE/rootfs/abs-out"
	ln -s "../../../../../../../../../..$host" "$BUNDLE/rootfs/rel-out"
	ln -s /proc "$BUNDLE/rootfs/myproc"
	ln -s "$host" "$TEST_DIR/vol/out"
	# shellcheck disable=SC2016 # jq filters
	each_jq_case "
.mounts += [{\"destination\": \"/mnt/../../etc\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"}]	must not contain \"..\"
.mounts += [{\"destination\": \"..\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"}]	must not contain \"..\"
.mounts += [{\"destination\": \"/\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"}]	cannot mount over /
.mounts += [{\"destination\": \"/abs-out/x\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"}]	passes through the symbolic link
.mounts += [{\"destination\": \"/rel-out/y\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"}]	passes through the symbolic link
.mounts += [{\"destination\": \"/abs-out\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"}]	passes through the symbolic link
.mounts += [{\"destination\": \"/myproc/sys\", \"type\": \"bind\", \"source\": \"/tmp\", \"options\": [\"rbind\"]}]	passes through the symbolic link
.mounts += [{\"destination\": \"/mnt\", \"type\": \"bind\", \"source\": \"$TEST_DIR/vol\", \"options\": [\"rbind\"]}, {\"destination\": \"/mnt/out/z\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"}]	passes through the symbolic link
.mounts += [{\"destination\": \"/proc\", \"type\": \"bind\", \"source\": \"/tmp\", \"options\": [\"rbind\"]}]	only a proc filesystem may be mounted at /proc
.mounts += [{\"destination\": \"/proc\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"}]	only a proc filesystem may be mounted at /proc
.mounts += [{\"destination\": \"/proc/sys\", \"type\": \"bind\", \"source\": \"/tmp\", \"options\": [\"rbind\"]}]	is inside /proc
.mounts += [{\"destination\": \"//proc/./self/attr/\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"}]	is inside /proc
.mounts += [{\"destination\": \"/proc/sysrq-trigger\", \"type\": \"bind\", \"source\": \"/dev/null\", \"options\": [\"bind\"]}]	is inside /proc
.mounts += [{\"destination\": \"/proc/meminfo\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"}]	is inside /proc
.mounts += [{\"destination\": (\"/mnt/\" + (\"a/\" * 3000)), \"type\": \"tmpfs\", \"source\": \"tmpfs\"}]	liblxc failed to start the container
"
	run find "$host" -mindepth 1
	assert_equal "$output" "" "made outside the rootfs"
	# what lxcfs does (a bind over /proc/meminfo) still works
	echo "MemTotal: 42 kB" >"$TEST_DIR/meminfo"
	update_config --arg s "$TEST_DIR/meminfo" '.mounts += [{"destination": "/proc/meminfo", "type": "bind", "source": $s, "options": ["bind", "ro"]}] | .process.args = ["head", "-1", "/proc/meminfo"]'
	lxcrun run -b "$BUNDLE" "$ID" </dev/null >"$TEST_DIR/out" 2>&1
	run cat "$TEST_DIR/out"
	assert_output_contains "MemTotal: 42 kB"
	lxcrun delete --force "$ID" 2>/dev/null || true
	assert_nothing_left
}

@test "hostile: --console-socket that is not a socket, --pid-file nowhere, --root unusable" {
	update_config '.process.terminal = true'
	echo x >"$TEST_DIR/file"
	CASE="console socket: a regular file"
	refused "not a socket" --console-socket "$TEST_DIR/file"
	CASE="console socket: a directory"
	refused "not a socket" --console-socket "$TEST_DIR"
	CASE="console socket: missing"
	refused "$TEST_DIR/none.sock" --console-socket "$TEST_DIR/none.sock"
	mkfifo "$TEST_DIR/fifo"
	CASE="console socket: a fifo"
	refused "not a socket" --console-socket "$TEST_DIR/fifo"
	update_config '.process.terminal = false'
	CASE="pid file: in a missing dir"
	refused "pid" --pid-file "$TEST_DIR/no/such/dir/pid"
	CASE="pid file: a directory"
	mkdir "$TEST_DIR/piddir"
	refused "pid" --pid-file "$TEST_DIR/piddir"
	CASE="pid file: under a regular file"
	refused "pid" --pid-file "$TEST_DIR/file/pid"
	[ "$(cat "$TEST_DIR/file")" = x ]
}
