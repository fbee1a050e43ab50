#!/usr/bin/env bats
# linux.resources fields beyond the basic ones (cgroups-basic.bats): each value
# is read back from the container's cgroup files, on the hybrid host and in the
# emulated pure cgroup v2 mode; a field the host cannot apply must fail create
# with an error naming it.

load helpers

# skip_unless_v1_here CONTROLLER: v1-only knobs.
skip_unless_v1_here() {
	[ "$(cgroup_mode)" != v2 ] && [ -d "/sys/fs/cgroup/$1" ] ||
		skip "no cgroup v1 $1 hierarchy in this $(cgroup_mode) layout"
}

# created_with JQ: sets .linux.resources per JQ, creates, sets $PID.
created_with() {
	update_config ".linux.resources.$1"
	create_detached "$ID"
	PID=$(cat "$TEST_DIR/$ID.pid")
}

# create_fails_with TEXT: create fails, naming TEXT, leaving nothing behind.
create_fails_with() {
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains "$1"
	assert_nothing_left
}

@test "resources: hugepageLimits set hugetlb.<size> limits (and the reservation limit)" {
	skip_unless_ctrl hugetlb
	[ -d /sys/kernel/mm/hugepages/hugepages-2048kB ] || skip "no 2MB huge pages on this kernel"
	created_with 'hugepageLimits = [{"pageSize": "2MB", "limit": 4194304}]'
	if [ "$(cgroup_mode)" != v2 ] && [ -d /sys/fs/cgroup/hugetlb ]; then
		value_is hugetlb hugetlb.2MB.limit_in_bytes 4194304
	else
		value_is hugetlb hugetlb.2MB.max 4194304
		value_is hugetlb hugetlb.2MB.rsvd.max 4194304
	fi
}

@test "resources: an unknown huge page size is an error naming the file" {
	skip_unless_ctrl hugetlb
	update_config '.linux.resources.hugepageLimits = [{"pageSize": "3MB", "limit": 4194304}]'
	create_fails_with "hugetlb.3MB"
}

@test "resources: blockIO.weight is written to the weight file" {
	skip_unless_v1_here blkio
	created_with 'blockIO = {"weight": 300}'
	d=$(ctr_dir blkio "$PID")
	if [ -e "$d/blkio.bfq.weight" ]; then
		value_is blkio blkio.bfq.weight 300
	else
		value_is blkio blkio.weight 300
	fi
}

@test "resources: blockIO throttles are written per device" {
	skip_unless_v1_here blkio
	dev=$(cat "$(ls -d /sys/block/*/dev | head -1)" 2>/dev/null) || skip "no block device"
	created_with "blockIO = {\"throttleReadBpsDevice\": [{\"major\": ${dev%:*}, \"minor\": ${dev#*:}, \"rate\": 1048576}],
		\"throttleWriteIOPSDevice\": [{\"major\": ${dev%:*}, \"minor\": ${dev#*:}, \"rate\": 50}]}"
	value_is blkio blkio.throttle.read_bps_device "$dev 1048576"
	value_is blkio blkio.throttle.write_iops_device "$dev 50"
}

@test "resources: blockIO on cgroup v2 without an io controller is an error" {
	[ "$(cgroup_mode)" = v2 ] || skip "$(cgroup_mode): blkio is a v1 hierarchy here"
	grep -qw io "$(cgroup2_root)/cgroup.controllers" && skip "this cgroup2 offers io"
	update_config '.linux.resources.blockIO = {"weight": 300}'
	create_fails_with "linux.resources.blockIO: this host has no blkio controller"
}

@test "resources: cpu burst, idle and realtime limits" {
	skip_unless_v1_here cpu
	created_with 'cpu = {"burst": 2000, "quota": 20000, "period": 100000, "realtimePeriod": 500000, "realtimeRuntime": 10000}'
	value_is cpu cpu.cfs_burst_us 2000
	value_is cpu cpu.rt_period_us 500000
	value_is cpu cpu.rt_runtime_us 10000
	lxcrun delete --force "$ID"
	created_with 'cpu = {"idle": 1}'
	value_is cpu cpu.idle 1
}

@test "resources: memory kernelTCP and useHierarchy; kernel is ignored with a warning" {
	skip_unless_v1_here memory
	created_with 'memory = {"limit": 67108864, "kernel": 1048576, "kernelTCP": 8388608, "useHierarchy": true}'
	value_is memory memory.limit_in_bytes 67108864
	value_is memory memory.kmem.tcp.limit_in_bytes 8388608
	value_is memory memory.use_hierarchy 1
	grep -q "memory.kernel: ignored" "$TEST_DIR/$ID.err"
}

@test "resources: memory limit -1 makes memory and memory+swap unlimited" {
	skip_unless_v1_here memory
	created_with 'memory = {"limit": -1}'
	d=$(ctr_dir memory "$PID")
	[ "$(cat "$d/memory.limit_in_bytes")" -gt 1000000000000 ]
	[ "$(cat "$d/memory.memsw.limit_in_bytes")" -gt 1000000000000 ]
}

@test "resources: a memory limit where the host has no memory controller is an error" {
	[ "$(cgroup_mode)" = v2 ] || skip "$(cgroup_mode): memory is a v1 hierarchy here"
	grep -qw memory "$(cgroup2_root)/cgroup.controllers" && skip "this cgroup2 offers memory"
	update_config '.linux.resources.memory = {"limit": 67108864}'
	create_fails_with "linux.resources.memory.limit: this host has no memory controller"
}

@test "resources: network classID and priorities need net_cls / net_prio" {
	[ -d /sys/fs/cgroup/net_cls ] && [ "$(cgroup_mode)" != v2 ] && skip "net_cls is mounted here"
	update_config '.linux.resources.network = {"classID": 1048577}'
	create_fails_with "linux.resources.network.classID: this host has no net_cls controller"
	update_config '.linux.resources.network = {"priorities": [{"name": "lo", "priority": 1}]}'
	create_fails_with "linux.resources.network.priorities[0]: this host has no net_prio controller"
}

@test "resources: rdma needs the rdma controller" {
	grep -qw rdma /proc/cgroups && skip "this kernel has an rdma controller"
	update_config '.linux.resources.rdma = {"mlx5_0": {"hcaHandles": 2}}'
	create_fails_with "linux.resources.rdma.mlx5_0: this host has no rdma controller"
}

@test "resources: docker's zeros request nothing" {
	created_with 'memory = {"limit": 0, "reservation": 0, "swap": 0, "kernel": 0} | .linux.resources.cpu = {"shares": 0, "quota": 0, "period": 0} | .linux.resources.blockIO = {"weight": 0} | .linux.resources.pids = {"limit": 0}'
	[ -n "$PID" ]
}

# nr_throttled of the container's cpu.stat ($PID) is above zero.
throttled() {
	local n
	n=$(awk '$1 == "nr_throttled" { print $2 }' "$(ctr_dir cpu "$PID")/cpu.stat")
	[ "${n:-0}" -gt 0 ]
}

@test "resources: a cpu quota is enforced (the kernel throttles the busy container)" {
	skip_unless_ctrl cpu
	set_args sh -c 'while :; do :; done'
	created_with 'cpu = {"quota": 10000, "period": 100000}'
	lxcrun start "$ID"
	# a busy loop at 10% of a CPU is throttled within a few periods
	wait_until 10 throttled
	lxcrun delete --force "$ID"
	assert_nothing_left
}
