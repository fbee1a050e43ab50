#!/usr/bin/env bats
# lxcrun update: runc's flags and docker's `update --resources -` JSON, read back
# from the container's cgroup files; enforcement of a new pids limit; refusals.

load helpers

# running: a started container sleeping; sets $PID.
running() {
	set_args sleep 1000
	run_detached "$ID"
	PID=$(cat "$TEST_DIR/$ID.pid")
}

@test "update: --pids-limit, and the new limit holds" {
	skip_unless_ctrl pids
	set_args sh -c 'read x </dev/null; while [ ! -e /tmp/go ]; do sleep 0.1; done; for i in 1 2 3 4 5 6 7 8; do sleep 1000 & done 2>/dev/null; echo forked; exec sleep 1000'
	run_detached "$ID"
	PID=$(cat "$TEST_DIR/$ID.pid")
	lxcrun update --pids-limit 4 "$ID"
	value_is pids pids.max 4
	# (found now: busybox sh may exit when a fork fails)
	d=$(ctr_dir pids "$PID")
	touch "$BUNDLE/rootfs/tmp/go"
	# the kernel refused forks beyond the new limit
	wait_until 10 grep -qE '^max [1-9]' "$d/pids.events"
	[ "$(cat "$d/pids.current")" -le 4 ]
}

@test "update: docker's --resources - JSON on stdin" {
	skip_unless_ctrl memory
	skip_unless_ctrl cpu
	running
	lxcrun update --resources - "$ID" <"$LXCRUN_SRC_DIR/tests/integration/update-docker.json"
	if [ "$(cgroup_mode)" = v2 ]; then
		value_is memory memory.max 134217728
		value_is memory memory.swap.max 134217728
		value_is cpu cpu.weight 20
	else
		value_is memory memory.limit_in_bytes 134217728
		value_is memory memory.memsw.limit_in_bytes 268435456
		value_is cpu cpu.shares 512
		# zeros leave the rest alone
		value_is cpu cpu.cfs_quota_us -1
	fi
	value_is pids pids.max 60
}

@test "update: memory sizes take runc's suffixes; lowering and raising limit and swap" {
	skip_unless_ctrl memory
	running
	lxcrun update --memory 64m --memory-swap 128m "$ID"
	if [ "$(cgroup_mode)" = v2 ]; then
		value_is memory memory.max 67108864
	else
		value_is memory memory.limit_in_bytes 67108864
		value_is memory memory.memsw.limit_in_bytes 134217728
		lxcrun update --memory 32m --memory-swap 48m "$ID"
		value_is memory memory.memsw.limit_in_bytes 50331648
		lxcrun update --memory 1g --memory-swap 2g "$ID"
		value_is memory memory.limit_in_bytes 1073741824
		value_is memory memory.memsw.limit_in_bytes 2147483648
	fi
}

@test "update: cpu flags" {
	skip_unless_ctrl cpu
	running
	lxcrun update --cpu-shares 300 --cpu-period 50000 --cpu-quota 20000 --cpu-burst 1000 "$ID"
	if [ "$(cgroup_mode)" = v2 ]; then
		value_is cpu cpu.max "20000 50000"
	else
		value_is cpu cpu.shares 300
		value_is cpu cpu.cfs_period_us 50000
		value_is cpu cpu.cfs_quota_us 20000
		value_is cpu cpu.cfs_burst_us 1000
		lxcrun update --cpu-rt-period 500000 --cpu-rt-runtime 1000 "$ID"
		value_is cpu cpu.rt_runtime_us 1000
	fi
}

@test "update: hugetlb limits through --resources" {
	skip_unless_ctrl hugetlb
	[ -d /sys/kernel/mm/hugepages/hugepages-2048kB ] || skip "no 2MB huge pages on this kernel"
	running
	echo '{"hugepageLimits": [{"pageSize": "2MB", "limit": 2097152}]}' >"$TEST_DIR/r.json"
	lxcrun update -r "$TEST_DIR/r.json" "$ID"
	if [ "$(cgroup_mode)" != v2 ] && [ -d /sys/fs/cgroup/hugetlb ]; then
		value_is hugetlb hugetlb.2MB.limit_in_bytes 2097152
	else
		value_is hugetlb hugetlb.2MB.max 2097152
	fi
}

@test "update: a created and a paused container can be updated" {
	skip_unless_ctrl pids
	set_args sleep 1000
	create_detached "$ID"
	PID=$(cat "$TEST_DIR/$ID.pid")
	lxcrun update --pids-limit 9 "$ID"
	value_is pids pids.max 9
	lxcrun update --pids-limit -1 "$ID"
	value_is pids pids.max max
	lxcrun start "$ID"
	lxcrun pause "$ID"
	lxcrun update --pids-limit 10 "$ID"
	value_is pids pids.max 10
	lxcrun resume "$ID"
}

@test "update: a stopped container is refused" {
	set_args true
	run_detached "$ID"
	wait_status "$ID" stopped
	run lxcrun update --pids-limit 5 "$ID"
	assert_status 1
	assert_output_contains "it is stopped"
}

@test "update: bad input is an error naming it" {
	running
	run lxcrun update --memory 12x "$ID"
	assert_status 1
	assert_output_contains "--memory: \`12x\` is not a size"
	run lxcrun update --blkio-weight 5 "$ID"
	assert_status 1
	assert_output_contains "--blkio-weight: must be between 10 and 1000"
	run lxcrun update -r - --pids-limit 3 "$ID" </dev/null
	assert_status 1
	assert_output_contains "cannot be combined"
	run lxcrun update "$ID"
	assert_status 1
	assert_output_contains "nothing to update"
	run lxcrun update -r - "$ID" <<<'{"memory": {"limit": "x"}}'
	assert_status 1
	assert_output_contains "linux.resources.memory.limit"
	run lxcrun update -r - "$ID" <<<'{"network": {"classID": 1}}'
	assert_status 1
	assert_output_contains "linux.resources.network.classID"
	run lxcrun update --pids-limit 3 "$ID-nope"
	assert_status 1
	assert_output_contains "does not exist"
}

@test "update: a limit below the current usage with checkBeforeUpdate is refused" {
	skip_unless_ctrl memory
	running
	run lxcrun update -r - "$ID" <<<'{"memory": {"limit": 4096, "checkBeforeUpdate": true}}'
	assert_status 1
	assert_output_contains "below the current memory usage"
}

@test "update: a controller the host lacks is an error naming the field" {
	[ "$(cgroup_mode)" = v2 ] || skip "$(cgroup_mode): memory is a v1 hierarchy here"
	grep -qw memory "$(cgroup2_root)/cgroup.controllers" && skip "this cgroup2 offers memory"
	running
	run lxcrun update --memory 64m "$ID"
	assert_status 1
	assert_output_contains "linux.resources.memory.limit: this host has no memory controller"
}
