#!/usr/bin/env bats
# linux.memoryPolicy: the NUMA policy lxcrun-init sets with set_mempolicy(2)
# shows in the user process's /proc/self/numa_maps (each mapping without a
# policy of its own shows the task's); create refuses what the kernel would.

load helpers

# POLICY: the policy the first mapping of the process shows ("bind:0", "default",
# "prefer (many):0"): what follows the address up to the first key=value.
POLICY='head -n 1 /proc/self/numa_maps | sed "s/^[0-9a-f]* //; s/ [a-zA-Z_]*=.*//"'

setup() {
	lxrt_setup
	[ -e /proc/self/numa_maps ] || skip "this kernel has no NUMA support (no /proc/self/numa_maps)"
}

# nodes_online: the host's online NUMA nodes ("0", "0-1").
nodes_online() {
	cat /sys/devices/system/node/online
}

# policy_is JSON WANT: a container with memoryPolicy JSON shows WANT.
policy_is() {
	update_config --argjson p "$1" '.linux.memoryPolicy = $p'
	run_in_container sh -c "$POLICY"
	assert_status 0
	assert_equal "$output" "$2"
}

@test "memory-policy: MPOL_BIND, MPOL_INTERLEAVE, MPOL_PREFERRED, MPOL_LOCAL on node 0" {
	policy_is '{"mode": "MPOL_BIND", "nodes": "0"}' bind:0
	policy_is '{"mode": "MPOL_INTERLEAVE", "nodes": "0"}' interleave:0
	policy_is '{"mode": "MPOL_PREFERRED", "nodes": "0"}' prefer:0
	policy_is '{"mode": "MPOL_LOCAL"}' local
	policy_is '{"mode": "MPOL_DEFAULT"}' default
}

@test "memory-policy: flags MPOL_F_STATIC_NODES, MPOL_F_RELATIVE_NODES, MPOL_F_NUMA_BALANCING" {
	policy_is '{"mode": "MPOL_BIND", "nodes": "0", "flags": ["MPOL_F_STATIC_NODES"]}' bind=static:0
	policy_is '{"mode": "MPOL_INTERLEAVE", "nodes": "0", "flags": ["MPOL_F_RELATIVE_NODES"]}' interleave=relative:0
	policy_is '{"mode": "MPOL_BIND", "nodes": "0", "flags": ["MPOL_F_NUMA_BALANCING"]}' bind=balancing:0
}

@test "memory-policy: without one the process keeps the default policy" {
	run_in_container sh -c "$POLICY"
	assert_status 0
	assert_equal "$output" default
}

@test "memory-policy: exec'd processes get the container's policy" {
	update_config '.linux.memoryPolicy = {"mode": "MPOL_INTERLEAVE", "nodes": "0"}'
	set_args sleep 1000
	run_detached "$ID"
	run lxcrun exec "$ID" sh -c "$POLICY"
	assert_status 0
	assert_equal "$output" interleave:0
	lxcrun delete --force "$ID"
	assert_nothing_left
}

@test "memory-policy: MPOL_PREFERRED_MANY and MPOL_WEIGHTED_INTERLEAVE: applied, or a clear error from the kernel" {
	local m
	for m in MPOL_PREFERRED_MANY MPOL_WEIGHTED_INTERLEAVE; do
		update_config --arg m "$m" '.linux.memoryPolicy = {"mode": $m, "nodes": "0"}'
		run_in_container sh -c "$POLICY"
		if [ "$status" -eq 0 ]; then
			case $m in
			MPOL_PREFERRED_MANY) assert_equal "$output" "prefer (many):0" ;;
			*) assert_equal "$output" "weighted interleave:0" ;;
			esac
		else
			# kernels before 5.15 (PREFERRED_MANY) and 6.9 (WEIGHTED_INTERLEAVE)
			assert_output_contains 'set the NUMA memory policy of `linux.memoryPolicy`: invalid argument'
		fi
	done
	assert_nothing_left
}

@test "memory-policy: a node the host does not have is the kernel's clear error" {
	[ ! -e /sys/devices/system/node/node1023 ] || skip "this host has node 1023"
	update_config '.linux.memoryPolicy = {"mode": "MPOL_BIND", "nodes": "1023"}'
	run_in_container true
	[ "$status" -ne 0 ]
	assert_output_contains 'set the NUMA memory policy of `linux.memoryPolicy`'
	assert_nothing_left
}

@test "memory-policy: a policy over two nodes" {
	[ "$(nodes_online)" != 0 ] || skip "this host has one NUMA node (node 0): a policy over two cannot be applied"
	policy_is '{"mode": "MPOL_INTERLEAVE", "nodes": "0-1"}' interleave:0-1
}

@test "memory-policy: create refuses bad modes, flags and nodes, naming the field" {
	check() {
		update_config --argjson p "$1" '.linux.memoryPolicy = $p'
		run create_cmd "$ID"
		assert_status 1
		assert_output_contains "$2"
		assert_nothing_left
		[ ! -e "$ROOT/$ID" ]
	}
	check '{"mode": "MPOL_BOGUS", "nodes": "0"}' 'linux.memoryPolicy.mode: unknown mode "MPOL_BOGUS"'
	check '{"nodes": "0"}' 'linux.memoryPolicy.mode'
	check '{"mode": "MPOL_BIND", "nodes": "0", "flags": ["MPOL_F_X"]}' 'linux.memoryPolicy.flags[0]: unknown flag "MPOL_F_X"'
	check '{"mode": "MPOL_BIND", "nodes": "0-x"}' 'linux.memoryPolicy.nodes: "0-x" is not a node list'
	check '{"mode": "MPOL_BIND", "nodes": "3-1"}' 'linux.memoryPolicy.nodes: "3-1" is not a node list'
	check '{"mode": "MPOL_BIND", "nodes": "1024"}' 'linux.memoryPolicy.nodes: "1024" is not a node list'
	check '{"mode": "MPOL_BIND"}' 'linux.memoryPolicy.nodes: MPOL_BIND needs at least one node'
	check '{"mode": "MPOL_INTERLEAVE", "nodes": ""}' 'linux.memoryPolicy.nodes: MPOL_INTERLEAVE needs at least one node'
	check '{"mode": "MPOL_DEFAULT", "nodes": "0"}' 'linux.memoryPolicy.nodes: MPOL_DEFAULT takes no nodes'
	check '{"mode": "MPOL_LOCAL", "nodes": "0"}' 'linux.memoryPolicy.nodes: MPOL_LOCAL takes no nodes'
	check '{"mode": "MPOL_DEFAULT", "flags": ["MPOL_F_STATIC_NODES"]}' 'linux.memoryPolicy.flags: MPOL_DEFAULT takes no flags'
	check '{"mode": "MPOL_BIND", "nodes": "0", "flags": ["MPOL_F_STATIC_NODES", "MPOL_F_RELATIVE_NODES"]}' 'exclude each other'
	check '{"mode": 2}' 'linux.memoryPolicy.mode'
}
