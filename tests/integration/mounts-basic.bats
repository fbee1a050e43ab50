#!/usr/bin/env bats
# Mounts as the container sees them in /proc/self/mountinfo; read-only root;
# masked and read-only paths; device nodes; nothing extra.

load helpers

# run_mountinfo [ARG...]: runs the container (sh -c ARG... first, if given) and
# leaves its /proc/self/mountinfo in $TEST_DIR/mountinfo and the rest in $output.
run_mountinfo() {
	set_args sh -c "${1:-true}; echo MOUNTINFO; cat /proc/self/mountinfo"
	run lxcrun run -b "$BUNDLE" "$ID" </dev/null
	assert_status 0
	sed -n '/^MOUNTINFO$/,$p' <<<"$output" | sed 1d >"$TEST_DIR/mountinfo"
	output=$(sed '/^MOUNTINFO$/,$d' <<<"$output")
	[ -s "$TEST_DIR/mountinfo" ]
}

# mnt FIELD MOUNTPOINT: for the topmost mount at MOUNTPOINT, FIELD is one of
# opts (per-mount options), fstype, source, super (superblock options).
mnt() {
	awk -v f="$1" -v mp="$2" '
		$5 == mp {
			for (i = 7; $i != "-"; i++);
			r = f == "opts" ? $6 : f == "fstype" ? $(i+1) : f == "source" ? $(i+2) : $(i+3)
		}
		END { if (r == "") exit 1; print r }' "$TEST_DIR/mountinfo"
}

# assert_mounted MOUNTPOINT FSTYPE
assert_mounted() {
	local t
	t=$(mnt fstype "$1") || {
		echo "nothing mounted at $1 in the container:" >&2
		cat "$TEST_DIR/mountinfo" >&2
		return 1
	}
	assert_equal "$t" "$2" "filesystem at $1"
}

# has_opt LIST OPT: OPT is one of the comma-separated LIST.
has_opt() {
	[[ ",$1," == *",$2,"* ]] || {
		echo "\"$2\" is not among \"$1\"" >&2
		return 1
	}
}

@test "mounts: bind mounts read-only and read-write" {
	mkdir -p "$TEST_DIR/src-ro" "$TEST_DIR/src-rw" "$BUNDLE/rootfs/mnt/ro" "$BUNDLE/rootfs/mnt/rw"
	echo hello-ro >"$TEST_DIR/src-ro/hello"
	update_config --arg ro "$TEST_DIR/src-ro" --arg rw "$TEST_DIR/src-rw" '.mounts += [
		{"destination": "/mnt/ro", "type": "bind", "source": $ro, "options": ["bind", "ro"]},
		{"destination": "/mnt/rw", "source": $rw, "options": ["rbind", "rw"]}]'
	run_mountinfo 'cat /mnt/ro/hello; touch /mnt/ro/x 2>/dev/null || echo ro-write-refused; touch /mnt/rw/created && echo rw-write-ok'
	assert_output_contains hello-ro
	assert_output_contains ro-write-refused
	assert_output_contains rw-write-ok
	[ -f "$TEST_DIR/src-rw/created" ]
	[ ! -e "$TEST_DIR/src-ro/x" ]
	has_opt "$(mnt opts /mnt/ro)" ro
	has_opt "$(mnt opts /mnt/rw)" rw
	assert_nothing_left
}

@test "mounts: a bind mount of a file" {
	echo file-content >"$TEST_DIR/file"
	: >"$BUNDLE/rootfs/etc/bound"
	update_config --arg f "$TEST_DIR/file" '.mounts += [
		{"destination": "/etc/bound", "type": "bind", "source": $f, "options": ["bind", "ro"]}]'
	run_mountinfo 'cat /etc/bound'
	assert_output_contains file-content
	has_opt "$(mnt opts /etc/bound)" ro
}

@test "mounts: a relative bind source is relative to the bundle" {
	mkdir -p "$BUNDLE/data" "$BUNDLE/rootfs/mnt/data"
	echo in-bundle >"$BUNDLE/data/f"
	update_config '.mounts += [{"destination": "/mnt/data", "type": "bind", "source": "data", "options": ["bind"]}]'
	run_mountinfo 'cat /mnt/data/f'
	assert_output_contains in-bundle
}

@test "mounts: tmpfs with options" {
	mkdir -p "$BUNDLE/rootfs/mnt/tmp"
	update_config '.mounts += [{"destination": "/mnt/tmp", "type": "tmpfs", "source": "tmpfs",
		"options": ["nosuid", "nodev", "noexec", "size=1m", "mode=700"]}]'
	run_mountinfo 'stat -c "mode=%a" /mnt/tmp'
	assert_mounted /mnt/tmp tmpfs
	opts=$(mnt opts /mnt/tmp)
	for o in nosuid nodev noexec; do has_opt "$opts" $o; done
	super=$(mnt super /mnt/tmp)
	has_opt "$super" size=1024k
	has_opt "$super" mode=700
	assert_output_contains mode=700
}

@test "mounts: tmpcopyup fills the tmpfs with the image's content, the image stays as it was" {
	d=$BUNDLE/rootfs/mnt/cu
	mkdir -p "$d/sub"
	echo top >"$d/file"
	echo deep >"$d/sub/deeper"
	ln -s file "$d/link"
	mkfifo "$d/fifo"
	chown 1000:1000 "$d/file" "$d/sub"
	chmod 0604 "$d/file"
	chmod 4755 "$d/sub/deeper"
	chmod 0750 "$d"
	touch -h -d @1000000000 "$d/file" "$d/link" "$d/sub/deeper"
	# type and mode (%f), owner; size and mtime of all but the directories
	listing='cd /mnt/cu && stat -c "%n %f %u:%g" . * sub/* && stat -c "%n %s %Y" file link sub/deeper'
	before=$(cd "$BUNDLE/rootfs" && sh -c "${listing//\/mnt/mnt}")
	update_config '.mounts += [{"destination": "/mnt/cu", "type": "tmpfs", "source": "tmpfs",
		"options": ["nosuid", "tmpcopyup"]}]'
	run_mountinfo "$listing; cat /mnt/cu/link /mnt/cu/sub/deeper; echo new >/mnt/cu/added && echo written"
	assert_mounted /mnt/cu tmpfs
	assert_equal "$(grep -v -e '^top$' -e '^deep$' -e '^written$' <<<"$output")" "$before" "entries"
	assert_output_contains top
	assert_output_contains deep
	assert_output_contains written
	[ ! -e "$d/added" ]
}

@test "mounts: tmpcopyup on anything but a tmpfs is refused, nothing left" {
	mkdir -p "$TEST_DIR/src"
	update_config --arg src "$TEST_DIR/src" '.mounts += [{"destination": "/mnt", "type": "bind",
		"source": $src, "options": ["bind", "tmpcopyup"]}]'
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains '"tmpcopyup" is only valid for a tmpfs mount'
	assert_nothing_left
}

@test "mounts: proc, sysfs, devpts, mqueue, /dev and /dev/shm of the default spec" {
	run_mountinfo
	assert_mounted /proc proc
	assert_mounted /sys sysfs
	has_opt "$(mnt opts /sys)" ro
	assert_mounted /dev tmpfs
	assert_mounted /dev/shm tmpfs
	assert_mounted /dev/mqueue mqueue
	assert_mounted /dev/pts devpts
	super=$(mnt super /dev/pts)
	has_opt "$super" mode=620
	has_opt "$super" ptmxmode=666
	has_opt "$super" gid=5
}

@test "mounts: the cgroup mount is read-only as asked" {
	run_mountinfo 'mkdir /sys/fs/cgroup/lxrt-x 2>/dev/null && echo mkdir-allowed; ls /sys/fs/cgroup | wc -l'
	mnt fstype /sys/fs/cgroup >/dev/null
	has_opt "$(mnt opts /sys/fs/cgroup)" ro
	assert_output_not_contains mkdir-allowed
}

@test "mounts: a read-only root" {
	update_config '.root.readonly = true'
	run_mountinfo 'touch /written 2>/dev/null || echo root-write-refused; touch /tmp/written 2>/dev/null || echo tmp-write-refused'
	has_opt "$(mnt opts /)" ro
	assert_output_contains root-write-refused
	[ ! -e "$BUNDLE/rootfs/written" ]
}

@test "mounts: a read-write root" {
	update_config '.root.readonly = false'
	run_mountinfo 'touch /written && echo root-write-ok'
	has_opt "$(mnt opts /)" rw
	assert_output_contains root-write-ok
	[ -f "$BUNDLE/rootfs/written" ]
}

@test "mounts: nothing is mounted but what the spec asks for" {
	mkdir -p "$TEST_DIR/src" "$BUNDLE/rootfs/mnt/b"
	update_config --arg s "$TEST_DIR/src" '.mounts += [{"destination": "/mnt/b", "type": "bind", "source": $s, "options": ["bind"]}]'
	run_mountinfo
	allowed=$(jq -r '"/", .mounts[].destination, .linux.maskedPaths[]?, .linux.readonlyPaths[]?' "$BUNDLE/config.json")
	cgroup_mount=$(jq -r '.mounts[] | select(.type == "cgroup") | .destination' "$BUNDLE/config.json")
	while read -r mp; do
		grep -qxF -- "$mp" <<<"$allowed" && continue
		# a cgroup mount may be a tmpfs with one mount per hierarchy below it
		[ -n "$cgroup_mount" ] && [[ "$mp" == "$cgroup_mount"/* ]] && continue
		echo "unexpected mount at $mp in the container:" >&2
		grep -F " $mp " "$TEST_DIR/mountinfo" >&2
		return 1
	done < <(awk '{ print $5 }' "$TEST_DIR/mountinfo")
	# every mount of the spec is there (masked and read-only paths may not exist here)
	for mp in $(jq -r '.mounts[].destination' "$BUNDLE/config.json"); do
		mnt fstype "$mp" >/dev/null || {
			echo "$mp of the spec is not mounted" >&2
			return 1
		}
	done
	# nothing of the runtime: no mount names the state dir, lxcrun or lxc
	run grep -E "$ROOT|lxcrun|/lxc/|lxc.pivot" "$TEST_DIR/mountinfo"
	assert_equal "$output" "" "mounts naming the runtime"
}

@test "mounts: the rootfs is not modified on disk" {
	update_config '.root.readonly = false'
	before=$(cd "$BUNDLE/rootfs" && find . -printf '%p %y %m %U:%G %s %l\n' | sort)
	set_args true
	run lxcrun run -b "$BUNDLE" "$ID" </dev/null
	assert_status 0
	after=$(cd "$BUNDLE/rootfs" && find . -printf '%p %y %m %U:%G %s %l\n' | sort)
	if [ "$before" != "$after" ]; then
		echo "the rootfs changed:" >&2
		diff <(echo "$before") <(echo "$after") >&2
		return 1
	fi
}

@test "mounts: masked paths are empty, read-only paths read-only" {
	echo secret >"$BUNDLE/rootfs/etc/secret"
	mkdir -p "$BUNDLE/rootfs/secretdir"
	echo secret >"$BUNDLE/rootfs/secretdir/f"
	update_config '.linux.maskedPaths += ["/etc/secret", "/secretdir"] | .linux.readonlyPaths += ["/proc/sys"]
		| .root.readonly = false'
	run_mountinfo '
		echo "secret=[$(cat /etc/secret)]"
		echo "secretdir=[$(ls /secretdir)]"
		echo 1 >/proc/sys/kernel/ns_last_pid 2>/dev/null && echo procsys-written
		echo done'
	assert_output_contains "secret=[]"
	assert_output_contains "secretdir=[]"
	assert_output_not_contains procsys-written
	assert_output_contains done
	has_opt "$(mnt opts /proc/sys)" ro
}

@test "mounts: the default devices and linux.devices" {
	update_config '.linux.devices = [{"path": "/dev/mydev", "type": "c", "major": 1, "minor": 3,
		"fileMode": 384, "uid": 1000, "gid": 1000}]'
	run_mountinfo 'ls -ln /dev; echo via-null >/dev/null && echo null-ok'
	for d in "null 1, *3" "zero 1, *5" "full 1, *7" "random 1, *8" "urandom 1, *9" "tty 5, *0"; do
		assert_match "$output" "crw-rw-rw- +1 +0 +0 +${d#* } [^\n]* ${d%% *}"$'(\n|$)' "/dev/${d%% *}"
	done
	assert_match "$output" $'crw------- +1 +1000 +1000 +1, +3 [^\n]* mydev(\n|$)' /dev/mydev
	for l in "fd -> /proc/self/fd" "stdin -> /proc/self/fd/0" "stdout -> /proc/self/fd/1" "stderr -> /proc/self/fd/2"; do
		assert_output_contains "$l"
	done
	assert_output_contains null-ok
}
