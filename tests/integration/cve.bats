#!/usr/bin/env bats
# Known runtime escape classes, each with a regression test. Elsewhere:
# fds.bats and exec.bats (only stdio and preserved fds reach the process, its
# cwd and root are the container's), mounts-basic.bats (masked and read-only
# paths), hostile.bats (mounts climbing out through ".." or symlinks, mounts
# onto /proc: CVE-2019-16884), create.bats (the state dir is 0700).

load helpers

# exec_cmd ARGS...: for `run exec_cmd ...`: lxcrun exec with stdin /dev/null.
exec_cmd() {
	lxcrun exec "$@" </dev/null
}

@test "CVE-2019-5736: the runtime's init binary cannot be opened from the container" {
	init=$LXCRUN_LIBEXEC_DIR/lxcrun-init
	sum=$(sha256sum <"$init")
	set_args sleep 1000
	create_detached "$ID"
	# before start, pid 1 of the container is lxcrun-init itself
	run exec_cmd "$ID" sh -c 'exec 3</proc/1/exe && echo opened; echo x >>/proc/1/exe && echo written; true'
	assert_output_not_contains opened
	assert_output_not_contains written
	lxcrun start "$ID"
	run exec_cmd "$ID" sh -c 'readlink /proc/1/exe; echo x >>/proc/1/exe && echo written; true'
	assert_output_not_contains written
	assert_output_not_contains lxcrun-init
	assert_equal "$(sha256sum <"$init")" "$sum" "lxcrun-init's checksum"
	lxcrun delete --force "$ID"
	assert_nothing_left
}

@test "CVE-2024-21626: a cwd through /proc/self/fd reaches no host directory" {
	for fd in 3 4 5 6 7 8; do
		update_config --arg c "/proc/self/fd/$fd" '.process.cwd = $c | .process.args = ["sh", "-c", "pwd; ls"]'
		lxcrun run -b "$BUNDLE" "$ID" </dev/null >"$TEST_DIR/out" 2>&1 || true
		run cat "$TEST_DIR/out"
		# never the host's files (the bundle, the state dir, /tmp)
		assert_output_not_contains config.json
		assert_output_not_contains exec.fifo
		assert_output_not_contains "$TEST_DIR"
		lxcrun delete --force "$ID" 2>/dev/null || true
	done
	assert_nothing_left
}

@test "state dir 0700, its files 0600, none of it visible in the container" {
	set_args sleep 1000
	create_detached "$ID"
	run find "$ROOT/$ID" -mindepth 1 \( -type d ! -perm 700 -o ! -type d ! -type l -perm /077 \) -printf '%p %m\n'
	assert_equal "$output" "" "state dir entries with group or other access"
	assert_equal "$(stat -c %a "$ROOT/$ID")" 700 "mode of the state dir"
	lxcrun start "$ID"
	run exec_cmd "$ID" sh -c "find / -xdev -name exec.fifo -o -name state.json -o -name process.params 2>/dev/null; grep -c '$ROOT' /proc/self/mountinfo"
	assert_equal "$output" "0" "state files found or mounted in the container"
	lxcrun delete --force "$ID"
	assert_nothing_left
}

@test "masked and read-only paths cannot be unmounted or remounted by the container's process" {
	set_args sleep 1000
	run_detached "$ID"
	run exec_cmd "$ID" sh -c '
		umount /proc/kcore && echo unmounted-kcore
		umount -l /proc/sys && echo unmounted-sys
		mount -o remount,rw /proc/sys && echo remounted-sys
		mount -o remount,bind,rw /proc/sys && echo rebound-sys
		echo 1 >/proc/sys/kernel/ns_last_pid 2>/dev/null && echo written
		echo done'
	assert_output_contains done
	assert_output_not_contains unmounted
	assert_output_not_contains remounted
	assert_output_not_contains rebound
	assert_output_not_contains written
	run exec_cmd "$ID" sh -c 'grep " /proc/sys " /proc/self/mountinfo'
	assert_output_contains " /proc/sys ro,"
	lxcrun delete --force "$ID"
	assert_nothing_left
}
