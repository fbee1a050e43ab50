#!/usr/bin/env bats
# The recursive mount options (rro, rnosuid, ...) and [no]symfollow, as the
# container's /proc/self/mountinfo shows them on a bind mount and on the mount
# below it.

load helpers

# A host dir with a tmpfs mounted below it: $SRC and $SRC/sub (a read-only
# mount of a writable tmpfs when $1 is ro).
make_source() {
	SRC=$TEST_DIR/src
	mkdir -p "$SRC/sub" "$BUNDLE/rootfs/mnt"
	mount -t tmpfs -o size=1m "lxrt-rec-$ID_PREFIX" "$SRC/sub"
	if [ "${1:-}" = ro ]; then
		mount -o remount,bind,ro "$SRC/sub"
	fi
}

# drop_source: unmounts the tmpfs (assert_nothing_left counts it otherwise).
drop_source() {
	umount "$SRC/sub"
}

teardown() {
	if [ -n "${SRC:-}" ] && mountpoint -q "$SRC/sub"; then
		umount "$SRC/sub"
	fi
	lxrt_teardown
}

# run_bind OPTIONS_JSON [SH_CMD]: runs the container with $SRC bound at /mnt with
# those options; $TEST_DIR/mountinfo gets the container's mountinfo.
run_bind() {
	update_config --arg s "$SRC" --argjson o "$1" '.mounts += [
		{"destination": "/mnt", "type": "bind", "source": $s, "options": $o}]'
	set_args sh -c "${2:-true}; echo MOUNTINFO; cat /proc/self/mountinfo"
	run lxcrun run -b "$BUNDLE" "$ID" </dev/null
	assert_status 0
	sed -n '/^MOUNTINFO$/,$p' <<<"$output" | sed 1d >"$TEST_DIR/mountinfo"
	output=$(sed '/^MOUNTINFO$/,$d' <<<"$output")
}

# opts MOUNTPOINT: the per-mount options of the topmost mount there.
opts() {
	awk -v mp="$1" '$5 == mp { r = $6 } END { if (r == "") exit 1; print r }' "$TEST_DIR/mountinfo"
}

# has_opt LIST OPT / lacks_opt LIST OPT
has_opt() {
	[[ ",$1," == *",$2,"* ]] || {
		echo "\"$2\" is not among \"$1\"" >&2
		return 1
	}
}
lacks_opt() {
	[[ ",$1," != *",$2,"* ]] || {
		echo "\"$2\" is among \"$1\"" >&2
		return 1
	}
}

@test "mounts-recursive: rro, rnosuid, rnodev, rnoexec, rnoatime, rnosymfollow reach the submount" {
	make_source
	run_bind '["rbind", "rro", "rnosuid", "rnodev", "rnoexec", "rnoatime", "rnosymfollow"]' \
		'touch /mnt/sub/x 2>/dev/null || echo sub-refused'
	assert_output_contains sub-refused
	for mp in /mnt /mnt/sub; do
		o=$(opts "$mp")
		for f in ro nosuid nodev noexec noatime nosymfollow; do
			has_opt "$o" "$f"
		done
	done
	[ ! -e "$SRC/sub/x" ]
	drop_source
	assert_nothing_left
}

@test "mounts-recursive: rrw makes a read-only submount writable; plain ro does not reach it" {
	make_source ro
	run_bind '["rbind", "rrw"]' 'touch /mnt/sub/x && echo sub-written'
	assert_output_contains sub-written
	has_opt "$(opts /mnt/sub)" rw
	[ -e "$SRC/sub/x" ]
	# the host's submount itself stays read-only
	has_opt "$(findmnt -no VFS-OPTIONS "$SRC/sub")" ro
	drop_source
	make_source
	update_config 'del(.mounts[-1])'
	run_bind '["rbind", "ro"]'
	has_opt "$(opts /mnt)" ro
	has_opt "$(opts /mnt/sub)" rw
	drop_source
	assert_nothing_left
}

@test "mounts-recursive: nosymfollow applies to the mount alone, rstrictatime to both" {
	make_source
	run_bind '["rbind", "nosymfollow", "rstrictatime"]'
	has_opt "$(opts /mnt)" nosymfollow
	lacks_opt "$(opts /mnt/sub)" nosymfollow
	for mp in /mnt /mnt/sub; do
		lacks_opt "$(opts "$mp")" relatime
		lacks_opt "$(opts "$mp")" noatime
	done
	drop_source
	assert_nothing_left
}

@test "mounts-recursive: rnoexec on a tmpfs the spec mounts" {
	mkdir -p "$BUNDLE/rootfs/mnt"
	update_config '.mounts += [{"destination": "/mnt", "type": "tmpfs", "source": "tmpfs",
		"options": ["rnoexec", "rnosuid", "size=1m"]}]'
	set_args sh -c 'cat /proc/self/mountinfo'
	run lxcrun run -b "$BUNDLE" "$ID" </dev/null
	assert_status 0
	line=$(grep ' /mnt ' <<<"$output")
	[[ "$line" == *noexec* ]] && [[ "$line" == *nosuid* ]] && [[ "$line" == *size=1024k* ]]
	assert_nothing_left
}

@test "mounts-recursive: a later mount below a recursive option is refused by name" {
	mkdir -p "$TEST_DIR/src"
	update_config --arg s "$TEST_DIR/src" '.mounts += [
		{"destination": "/mnt", "type": "bind", "source": $s, "options": ["rbind", "rro"]},
		{"destination": "/mnt/x", "type": "tmpfs", "source": "tmpfs"}]'
	n=$(jq '.mounts | length' "$BUNDLE/config.json")
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains "mounts[$((n - 1))]: at or below mounts[$((n - 2))], whose \"rro\" lxcrun applies after every mount: not supported"
	assert_nothing_left
}
