#!/usr/bin/env bats
# lxcrun features: the OCI features JSON, and that it is true: what it lists
# create accepts (each mount option on a mount, all namespaces at once, every
# capability, every seccomp action, operator, arch and supported flag in one
# filter), and some things it leaves out create refuses.

load helpers

MAPPED=100000

teardown() {
	if mountpoint -q "$TEST_DIR/idm/sub" 2>/dev/null; then
		umount "$TEST_DIR/idm/sub"
	fi
	lxrt_teardown
}

# features_json: the document in $TEST_DIR/features.json.
features_json() {
	"$LXCRUN" features >"$TEST_DIR/features.json"
}

# listed JQ_PATH: the strings of that array, one a line.
listed() {
	jq -r "$1[]" "$TEST_DIR/features.json"
}

# not_listed NAME JQ_PATH: fails when the array lists NAME.
not_listed() {
	if listed "$2" | grep -qxF "$1"; then
		echo "$2 lists $1" >&2
		return 1
	fi
}

@test "features: valid JSON with the spec's keys, true to this build" {
	run "$LXCRUN" features
	assert_status 0
	jq -e . <<<"$output" >/dev/null
	jq -e '(.ociVersionMin == "1.0.0")
		and (.hooks | length == 6) and (.mountOptions | length > 0)
		and (.linux.namespaces | sort == ["cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts"])
		and (.linux.capabilities | index("CAP_SYS_ADMIN") != null)
		and (.linux.cgroup | .v1 and .v2 and .rdma)
		and .linux.seccomp.enabled
		and (.linux.seccomp | .actions and .operators and .archs and .knownFlags and .supportedFlags)
		and (.linux.seccomp.actions | index("SCMP_ACT_NOTIFY") != null)
		and (.linux.seccomp.supportedFlags - .linux.seccomp.knownFlags == [])
		and .linux.apparmor.enabled and .linux.selinux.enabled
		and (.linux.intelRdt.enabled | not)
		and (.linux.memoryPolicy.modes | index("MPOL_BIND") != null)
		and (.linux.memoryPolicy.flags | index("MPOL_F_STATIC_NODES") != null)
		and .linux.netDevices.enabled
		and .linux.mountExtensions.idmap.enabled' <<<"$output" >/dev/null
	# ociVersionMax and the annotations are what --version prints
	version=$("$LXCRUN" --version)
	assert_equal "$(jq -r .ociVersionMax <<<"$output")" "$(sed -n 's/^spec: //p' <<<"$version")" ociVersionMax
	assert_equal "$(jq -r '.annotations["io.github.lxcrun.version"]' <<<"$output")" \
		"$(sed -n 's/^lxcrun version //p' <<<"$version")" version
	assert_equal "$(jq -r '.annotations["io.github.lxcrun.commit"]' <<<"$output")" \
		"$(sed -n 's/^commit: //p' <<<"$version")" commit
	assert_equal "$(jq -r '.annotations["io.github.lxcrun.liblxc.version"]' <<<"$output")" \
		"$(sed -n 's/^liblxc: //p' <<<"$version")" liblxc
	# supportedFlags is this kernel's answer: TSYNC is as old as seccomp(2)
	jq -e '.linux.seccomp.supportedFlags | index("SECCOMP_FILTER_FLAG_TSYNC") != null' <<<"$output" >/dev/null
	# no arguments
	run "$LXCRUN" features extra
	assert_status 1
	run "$LXCRUN" features --bogus
	assert_status 1
	assert_output_contains "--bogus"
	run "$LXCRUN" features --help
	assert_status 0
	assert_output_contains "usage: lxcrun features"
}

@test "features: every mount option listed works on a tmpfs and on a bind mount" {
	features_json
	mkdir -p "$TEST_DIR/src"
	local n=0 o
	while read -r o; do
		case $o in bind | rbind | idmap | ridmap) continue ;; esac
		n=$((n + 1))
		mkdir -p "$BUNDLE/rootfs/mnt/t$n"
		update_config --arg d "/mnt/t$n" --arg o "$o" \
			'.mounts += [{"destination": $d, "type": "tmpfs", "source": "tmpfs", "options": [$o]}]'
	done < <(listed .mountOptions)
	while read -r o; do
		case $o in tmpcopyup | idmap | ridmap) continue ;; esac
		n=$((n + 1))
		mkdir -p "$BUNDLE/rootfs/mnt/b$n"
		update_config --arg d "/mnt/b$n" --arg s "$TEST_DIR/src" --arg o "$o" \
			'.mounts += [{"destination": $d, "type": "bind", "source": $s, "options": [$o]}]'
	done < <(listed .mountOptions)
	[ "$n" -gt 60 ]
	set_args sh -c 'grep -c " /mnt/[tb][0-9]* " /proc/self/mountinfo'
	run lxcrun run -b "$BUNDLE" "$ID" </dev/null
	assert_status 0
	assert_equal "$output" "$n" "mounts made"
	# and an option it does not list is refused by name
	not_listed remount .mountOptions
	update_config '.mounts[-1].options = ["remount"]'
	run lxcrun run -b "$BUNDLE" "$ID" </dev/null
	assert_status 1
	assert_output_contains '"remount" is not supported'
}

@test "features: all namespaces listed at once, with idmap and ridmap mounts" {
	features_json
	chmod 711 "$LXCRUN_TEST_RUN" "$TEST_DIR"
	chown -R "$MAPPED:$MAPPED" "$BUNDLE/rootfs"
	mkdir -p "$TEST_DIR/idm/sub" "$TEST_DIR/plain" "$BUNDLE/rootfs/mnt/idm" "$BUNDLE/rootfs/mnt/ridm"
	mount -t tmpfs -o size=1m "lxrt-feat-$ID_PREFIX" "$TEST_DIR/idm/sub"
	: >"$TEST_DIR/idm/sub/f"
	update_config --argjson h "$MAPPED" --arg d "$TEST_DIR/idm" --arg p "$TEST_DIR/plain" --argjson ns "$(jq .linux.namespaces "$TEST_DIR/features.json")" '
		.linux.namespaces = [$ns[] | {"type": .}]
		| .linux.uidMappings = [{"containerID": 0, "hostID": $h, "size": 65536}]
		| .linux.gidMappings = [{"containerID": 0, "hostID": $h, "size": 65536}]
		| .mounts += [{"destination": "/mnt/idm", "type": "bind", "source": $p, "options": ["bind", "idmap"]},
			{"destination": "/mnt/ridm", "source": $d, "options": ["rbind", "ridmap"]}]'
	set_args sh -c 'for n in pid net mnt ipc uts user cgroup time; do echo "$n $(readlink /proc/self/ns/$n)"; done; stat -c "%n %u" /mnt/idm /mnt/ridm/sub/f'
	run lxcrun run -b "$BUNDLE" "$ID" </dev/null
	umount "$TEST_DIR/idm/sub"
	assert_status 0
	for n in pid net mnt ipc uts user cgroup time; do
		inside=$(sed -n "s/^$n //p" <<<"$output")
		[ -n "$inside" ]
		[ "$inside" != "$(readlink /proc/self/ns/$n)" ] || {
			echo "$n: the host's namespace" >&2
			false
		}
	done
	# host root's files are the container's root's through the idmapped mounts
	assert_output_contains "/mnt/idm 0"
	assert_output_contains "/mnt/ridm/sub/f 0"
}

@test "features: every capability listed is granted in every set (those the host has)" {
	features_json
	# libcap's numbering: the list is capabilities 0..N-1 in order
	mapfile -t caps < <(listed .linux.capabilities)
	assert_equal "${caps[0]}" CAP_CHOWN "capability 0"
	assert_equal "${caps[21]}" CAP_SYS_ADMIN "capability 21"
	# a capability outside this host's bounding set (one this machine's container
	# manager dropped) cannot be granted: create fails with EPERM, not as unknown
	bnd=$((16#$(sed -n 's/^CapBnd:\t//p' /proc/self/status)))
	local have=() want=0 i missing=
	for i in "${!caps[@]}"; do
		if (((bnd >> i) & 1)); then
			have+=("${caps[i]}")
			want=$((want | (1 << i)))
		else
			missing=${caps[i]}
		fi
	done
	c=$(printf '%s\n' "${have[@]}" | jq -R . | jq -s .)
	update_config --argjson c "$c" \
		'.process.capabilities = {"bounding": $c, "effective": $c, "permitted": $c, "inheritable": $c, "ambient": $c}'
	set_args grep -E '^Cap(Bnd|Eff|Amb):' /proc/self/status
	run lxcrun run -b "$BUNDLE" "$ID" </dev/null
	assert_status 0
	for set in Bnd Eff Amb; do
		assert_equal "$(sed -n "s/^Cap$set:\t//p" <<<"$output")" "$(printf '%016x' "$want")" "Cap$set"
	done
	if [ -n "$missing" ]; then
		update_config --arg m "$missing" '.process.capabilities |= map_values(. + [$m])'
		run lxcrun run -b "$BUNDLE" "$ID" </dev/null
		assert_status 1
		assert_output_not_contains "unknown capability"
		assert_output_contains "not permitted"
	fi
}

@test "features: every seccomp action, operator, arch and supported flag in one filter" {
	features_json
	# each action on a syscall the process does not make; each operator in a rule
	update_config --slurpfile f "$TEST_DIR/features.json" '
		($f[0].linux.seccomp) as $s
		| ["acct", "swapon", "swapoff", "syslog", "vhangup", "quotactl", "setdomainname", "delete_module"] as $sys
		# NOTIFY (and the flag that goes with it) needs a listener: seccomp-notify.bats
		| ($s.actions - ["SCMP_ACT_NOTIFY"]) as $acts
		| .linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "architectures": $s.archs,
			"flags": ($s.supportedFlags - ["SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"]),
			"syscalls": ([range($acts | length) as $i
				| {"names": [$sys[$i]], "action": $acts[$i]}]
			+ [$s.operators[] | {"names": ["init_module"], "action": "SCMP_ACT_ERRNO",
				"args": [{"index": 1, "value": 4, "valueTwo": 4, "op": .}]}])}'
	[ "$(jq '.linux.seccomp.syscalls | length' "$BUNDLE/config.json")" -ge 15 ]
	set_args sh -c 'echo filtered; grep Seccomp: /proc/self/status'
	run lxcrun run -b "$BUNDLE" "$ID" </dev/null
	assert_status 0
	assert_output_contains filtered
	assert_match "$output" $'Seccomp:\t2' Seccomp
}

@test "features: what it leaves out, create refuses" {
	features_json
	set_seccomp() {
		update_config --argjson s "$1" '.linux.seccomp = $s'
		run lxcrun run -b "$BUNDLE" "$ID" </dev/null
		assert_status 1
		[ ! -e "$ROOT/$ID" ]
	}
	# listed, but only with what it needs: a listener, a NOTIFY rule
	set_seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["acct"], "action": "SCMP_ACT_NOTIFY"}]}'
	assert_output_contains "listenerPath"
	listed .linux.seccomp.knownFlags | grep -qxF SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
	set_seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "flags": ["SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"]}'
	assert_output_contains "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"
	# an architecture of the spec it does not list (the other byte order)
	other=$(printf '%s\n' SCMP_ARCH_S390X SCMP_ARCH_X86_64 | grep -vxF -f <(listed .linux.seccomp.archs) | head -1)
	[ -n "$other" ]
	set_seccomp "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"$other\"]}"
	assert_output_contains "linux.seccomp.architectures[0]"
	set_seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["acct"], "action": "SCMP_ACT_ERRNO",
		"args": [{"index": 0, "value": 1, "op": "SCMP_CMP_NOPE"}]}]}'
	assert_output_contains "unknown operator"
	update_config 'del(.linux.seccomp) | .process.capabilities.bounding += ["CAP_NOPE"]'
	run lxcrun run -b "$BUNDLE" "$ID" </dev/null
	assert_status 1
	assert_output_contains 'unknown capability "CAP_NOPE"'
}
