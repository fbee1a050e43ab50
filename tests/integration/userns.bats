#!/usr/bin/env bats
# User namespaces: linux.uidMappings/gidMappings as the container sees them in
# /proc, ownership through the mapping, device nodes, exec, hooks, idmapped
# mounts, errors.

load helpers

# The container's root is host uid/gid 100000 (size 65536), plus container gid
# 65536 = host gid 5 in one test. The bundle (a copy of the template) is chowned
# to the mapped root, which must also be able to reach it: the run dir is 0700.
MAPPED=100000

teardown() {
	if mountpoint -q "$TEST_DIR/idm/sub" 2>/dev/null; then
		umount "$TEST_DIR/idm/sub"
	fi
	lxrt_teardown
}

setup() {
	lxrt_setup
	chmod 711 "$LXCRUN_TEST_RUN" "$TEST_DIR"
	chown -R "$MAPPED:$MAPPED" "$BUNDLE/rootfs"
	update_config --argjson h "$MAPPED" '.linux.namespaces += [{"type": "user"}]
		| .linux.uidMappings = [{"containerID": 0, "hostID": $h, "size": 65536}]
		| .linux.gidMappings = [{"containerID": 0, "hostID": $h, "size": 65536}]'
}

@test "userns: the maps, id and a user namespace of its own" {
	set_args sh -c 'cat /proc/self/uid_map /proc/self/gid_map; id; readlink /proc/self/ns/user; grep CapEff /proc/self/status'
	run lxcrun run -b "$BUNDLE" "$ID" </dev/null
	assert_status 0
	# /proc/self/uid_map: "0 100000 65536" (columns padded by the kernel)
	assert_equal "$(sed -n 1p <<<"$output" | tr -s ' ' | sed 's/^ //')" "0 $MAPPED 65536" "uid_map"
	assert_equal "$(sed -n 2p <<<"$output" | tr -s ' ' | sed 's/^ //')" "0 $MAPPED 65536" "gid_map"
	assert_output_contains "uid=0(root) gid=0(root)"
	# the default spec's capabilities, in the namespace (AUDIT_WRITE, KILL, NET_BIND_SERVICE)
	assert_output_contains "CapEff:	0000000020000420"
	ns=$(grep '^user:' <<<"$output")
	[ -n "$ns" ]
	[ "$ns" != "$(readlink /proc/self/ns/user)" ]
	assert_nothing_left
}

@test "userns: ownership as seen through the mapping, both ways" {
	mkdir -p "$TEST_DIR/data" "$BUNDLE/rootfs/mnt/data"
	chown "$MAPPED:$MAPPED" "$TEST_DIR/data"
	: >"$TEST_DIR/data/owned-by-5"
	chown $((MAPPED + 5)):$((MAPPED + 7)) "$TEST_DIR/data/owned-by-5"
	: >"$TEST_DIR/data/unmapped"
	chown 1234:1234 "$TEST_DIR/data/unmapped"
	update_config --arg d "$TEST_DIR/data" '.mounts += [
		{"destination": "/mnt/data", "type": "bind", "source": $d, "options": ["bind", "rw"]}]'
	set_args sh -c 'stat -c "%n %u:%g" / /bin/busybox /mnt/data/owned-by-5 /mnt/data/unmapped; touch /mnt/data/made-inside && echo touch-ok'
	run lxcrun run -b "$BUNDLE" "$ID" </dev/null
	assert_status 0
	assert_output_contains "/ 0:0"
	assert_output_contains "/bin/busybox 0:0"
	assert_output_contains "/mnt/data/owned-by-5 5:7"
	# an unmapped owner is the overflow id
	assert_output_contains "/mnt/data/unmapped 65534:65534"
	assert_output_contains touch-ok
	assert_equal "$(stat -c %u:%g "$TEST_DIR/data/made-inside")" "$MAPPED:$MAPPED" "host owner of a file the container's root made"
	assert_nothing_left
}

@test "userns: device nodes are the host's, bound; fifos are made" {
	update_config '.linux.devices = [{"type": "p", "path": "/dev/userns-fifo", "fileMode": 384}]'
	set_args sh -c 'for d in null zero full random urandom tty; do stat -c "%n %t:%T %F" /dev/$d; done; echo x >/dev/null && echo null-writable; head -c 8 /dev/zero | wc -c; stat -c "%n %F %a" /dev/userns-fifo; grep " /dev/null " /proc/self/mountinfo | wc -l'
	run lxcrun run -b "$BUNDLE" "$ID" </dev/null
	assert_status 0
	assert_output_contains "/dev/null 1:3 character special file"
	assert_output_contains "/dev/zero 1:5 character special file"
	assert_output_contains "/dev/urandom 1:9 character special file"
	assert_output_contains "/dev/tty 5:0 character special file"
	assert_output_contains null-writable
	assert_output_contains "/dev/userns-fifo fifo 600"
	# a bind mount, not a node of the container's /dev tmpfs
	assert_equal "$(tail -n 1 <<<"$output")" 1 "mounts at /dev/null"
}

@test "userns: exec joins the container's user namespace as its root" {
	set_args sleep 1000
	run_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	run lxcrun exec "$ID" sh -c 'cat /proc/self/uid_map; id -u; readlink /proc/self/ns/user; grep CapEff /proc/self/status'
	assert_status 0
	assert_equal "$(sed -n 1p <<<"$output" | tr -s ' ' | sed 's/^ //')" "0 $MAPPED 65536" "uid_map in exec"
	assert_equal "$(sed -n 2p <<<"$output")" 0 "uid in exec"
	assert_output_contains "$(readlink "/proc/$pid/ns/user")"
	assert_output_contains "CapEff:	0000000020000420"
	run lxcrun exec --user 1000:1000 "$ID" sh -c 'id -u; cat /proc/self/status' </dev/null
	assert_status 0
	assert_equal "$(sed -n 1p <<<"$output")" 1000 "uid of exec --user"
	# the host sees the mapped id
	assert_output_contains "Uid:	1000	1000	1000	1000"
	lxcrun delete --force "$ID"
	assert_nothing_left
}

@test "userns: a process user is mapped on the host; additional groups apply" {
	update_config '.process.user = {"uid": 1000, "gid": 1000, "additionalGids": [27]}'
	set_args sleep 1000
	run_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	wait_until 20 grep -q '^Uid:.*101000' "/proc/$pid/status"
	grep -q "^Uid:	$((MAPPED + 1000))	$((MAPPED + 1000))	$((MAPPED + 1000))" "/proc/$pid/status"
	grep -q "^Gid:	$((MAPPED + 1000))	" "/proc/$pid/status"
	grep -q "^Groups:	$((MAPPED + 27)) *$" "/proc/$pid/status"
	lxcrun delete --force "$ID"
	assert_nothing_left
}

@test "userns: the create-time hooks run (createContainer as the container's root)" {
	local out=$TEST_DIR/hooks
	mkdir -p "$out"
	chmod 777 "$out"
	cat >"$TEST_DIR/hook.sh" <<EOF
#!/bin/sh
echo "\$(id -u) \$(readlink /proc/self/ns/user)" >$out/\$1
EOF
	chmod 755 "$TEST_DIR/hook.sh"
	update_config --arg h "$TEST_DIR/hook.sh" '.hooks = {
		"createRuntime": [{"path": $h, "args": ["hook", "createRuntime"]}],
		"createContainer": [{"path": $h, "args": ["hook", "createContainer"]}]}'
	create_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	# createRuntime in the runtime's namespaces, createContainer in the container's
	assert_equal "$(cat "$out/createRuntime")" "0 $(readlink /proc/self/ns/user)" "createRuntime"
	assert_equal "$(cat "$out/createContainer")" "0 $(readlink "/proc/$pid/ns/user")" "createContainer"
	assert_equal "$(stat -c %u "$out/createRuntime")" 0 "owner of createRuntime's file"
	assert_equal "$(stat -c %u "$out/createContainer")" "$MAPPED" "owner of createContainer's file"
	lxcrun delete --force "$ID"
	assert_nothing_left
}

@test "userns: joining a user namespace by path is refused by name" {
	update_config --arg p $$ 'del(.linux.uidMappings, .linux.gidMappings)
		| .linux.namespaces |= map(if .type == "user" then .path = "/proc/\($p)/ns/user" else . end)'
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains "linux.namespaces: joining a user namespace by path is not supported"
	assert_nothing_left
}

@test "userns: mappings without a user namespace, or none with one, are refused by name" {
	update_config '.linux.uidMappings = []'
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains "linux.uidMappings/gidMappings: required with a new user namespace"
	update_config --argjson h "$MAPPED" '.linux.namespaces |= map(select(.type != "user"))
		| .linux.uidMappings = [{"containerID": 0, "hostID": $h, "size": 65536}]'
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains "linux.uidMappings/gidMappings: only valid with a new user namespace"
	assert_nothing_left
}

@test "userns: an idmapped bind mount shows host ids as the container's, both ways" {
	mkdir -p "$TEST_DIR/idm" "$BUNDLE/rootfs/mnt/idm" "$BUNDLE/rootfs/mnt/plain"
	# owned by the host's root: the container's root through the idmapped mount
	echo data >"$TEST_DIR/idm/host-root"
	: >"$TEST_DIR/idm/host-1000"
	chown 1000:1000 "$TEST_DIR/idm/host-1000"
	update_config --arg d "$TEST_DIR/idm" '.mounts += [
		{"destination": "/mnt/idm", "type": "bind", "source": $d, "options": ["bind", "idmap"]},
		{"destination": "/mnt/plain", "type": "bind", "source": $d, "options": ["bind"]}]'
	set_args sh -c 'stat -c "%n %u:%g" /mnt/idm/host-root /mnt/idm/host-1000 /mnt/plain/host-root; touch /mnt/idm/made-inside && echo made; grep " /mnt/idm " /proc/self/mountinfo'
	run lxcrun run -b "$BUNDLE" "$ID" </dev/null
	assert_status 0
	assert_output_contains "/mnt/idm/host-root 0:0"
	assert_output_contains "/mnt/idm/host-1000 1000:1000"
	# the same files without the idmap: the host's root is unmapped
	assert_output_contains "/mnt/plain/host-root 65534:65534"
	assert_output_contains made
	assert_output_contains idmapped
	# what the container's root writes there is owned by the host's root on disk
	assert_equal "$(stat -c %u:%g "$TEST_DIR/idm/made-inside")" 0:0 "on-disk owner"
	assert_nothing_left
}

@test "userns: ridmap over an rbind idmaps the submounts; the mount's own maps" {
	mkdir -p "$TEST_DIR/idm/sub" "$BUNDLE/rootfs/mnt/idm"
	mount -t tmpfs -o size=1m "lxrt-idm-$ID_PREFIX" "$TEST_DIR/idm/sub"
	: >"$TEST_DIR/idm/sub/f"
	update_config --arg d "$TEST_DIR/idm" '.mounts += [
		{"destination": "/mnt/idm", "source": $d, "options": ["rbind", "ridmap"],
		 "uidMappings": .linux.uidMappings, "gidMappings": .linux.gidMappings}]'
	set_args sh -c 'stat -c "%n %u:%g" /mnt/idm/sub/f; grep " /mnt/idm/sub " /proc/self/mountinfo'
	run lxcrun run -b "$BUNDLE" "$ID" </dev/null
	umount "$TEST_DIR/idm/sub"
	assert_status 0
	assert_output_contains "/mnt/idm/sub/f 0:0"
	assert_output_contains idmapped
	assert_nothing_left
}

@test "userns: idmapped mounts liblxc cannot make are refused by name" {
	mkdir -p "$TEST_DIR/idm"
	update_config --arg d "$TEST_DIR/idm" '.mounts += [
		{"destination": "/mnt/idm", "type": "bind", "source": $d, "options": ["bind", "idmap"],
		 "uidMappings": [{"containerID": 0, "hostID": 200000, "size": 10}],
		 "gidMappings": [{"containerID": 0, "hostID": 200000, "size": 10}]}]'
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains "uidMappings/gidMappings: only the container's own linux.uidMappings/gidMappings are supported"
	update_config '.mounts[-1] |= (del(.uidMappings, .gidMappings) | .options = ["rbind", "idmap"])'
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains 'options: "rbind" with a non-recursive idmap is not supported'
	update_config '.mounts[-1].options = ["bind", "idmap"] | .linux.namespaces |= map(select(.type != "user"))
		| del(.linux.uidMappings, .linux.gidMappings)'
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains "an idmapped mount requires a new user namespace"
	assert_nothing_left
}
