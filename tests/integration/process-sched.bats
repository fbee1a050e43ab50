#!/usr/bin/env bats
# process.ioPriority, process.scheduler, process.execCPUAffinity and
# linux.personality read back from inside the container, for run and exec.

load helpers

# SHOW: prints, one a line, the shell's I/O priority (busybox ionice), its
# scheduling policy and nice value (/proc/PID/stat fields 41 and 19), its cpus
# and its personality.
SHOW='ionice -p $$; awk "{print \$41, \$19}" /proc/$$/stat; sed -n "s/^Cpus_allowed_list:[[:space:]]*//p" /proc/$$/status; cat /proc/$$/personality'

# start_sleeper: a running container $ID whose init sleeps.
start_sleeper() {
	set_args sleep 1000
	run_detached "$ID"
}

finish() {
	lxcrun delete --force "$ID"
	assert_nothing_left
}

# last_cpu: the highest cpu this test may use, so the lists below exist here.
last_cpu() {
	sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/self/status | tr ',-' '\n\n' | sort -n | tail -1
}

@test "process-sched: run applies ioPriority, scheduler, execCPUAffinity and personality" {
	local cpu
	cpu=$(last_cpu)
	update_config --arg c "$cpu" '.process.ioPriority = {"class": "IOPRIO_CLASS_BE", "priority": 6}
		| .process.scheduler = {"policy": "SCHED_BATCH", "nice": 7}
		| .process.execCPUAffinity = {"initial": "0", "final": $c}
		| .linux.personality = {"domain": "LINUX32", "flags": ["ADDR_NO_RANDOMIZE"]}'
	run_in_container sh -c "$SHOW"
	assert_status 0
	assert_equal "$output" "best-effort: prio 6
3 7
$cpu
00040008"
}

@test "process-sched: without them the process keeps what it inherits" {
	local want
	# what this test runs with is what the container inherits
	want=$(busybox sh -c "$SHOW")
	run_in_container sh -c "$SHOW"
	assert_status 0
	assert_equal "$output" "$want"
}

@test "process-sched: execCPUAffinity.initial alone stays for the process" {
	update_config '.process.execCPUAffinity = {"initial": "0"}'
	run_in_container sh -c "$SHOW"
	assert_status 0
	assert_equal "$(sed -n 3p <<<"$output")" 0 Cpus_allowed_list
}

@test "process-sched: SCHED_IDLE, IOPRIO_CLASS_IDLE; SCHED_FLAG_RESET_ON_FORK" {
	update_config '.process.ioPriority = {"class": "IOPRIO_CLASS_IDLE", "priority": 0}
		| .process.scheduler = {"policy": "SCHED_IDLE"}'
	run_in_container sh -c 'ionice -p $$; awk "{print \$41}" /proc/$$/stat'
	assert_status 0
	assert_equal "$output" "idle
5"
	# the shell has nice -5; the child it forks is reset to 0
	update_config '.process.ioPriority = null
		| .process.scheduler = {"policy": "SCHED_BATCH", "nice": -5, "flags": ["SCHED_FLAG_RESET_ON_FORK"]}'
	# awk is a forked child of the shell (the `:` after it keeps sh from exec'ing it)
	run_in_container sh -c 'awk "{print \$41, \$19}" /proc/$$/stat /proc/self/stat; :'
	assert_status 0
	assert_equal "$output" "3 -5
3 0"
}

@test "process-sched: a real-time policy works, or start fails naming process.scheduler" {
	update_config '.process.scheduler = {"policy": "SCHED_FIFO", "priority": 10}'
	run_in_container sh -c 'awk "{print \$41, \$40}" /proc/$$/stat'
	# a host without an rt budget for the container's cgroup (cgroup v1
	# cpu.rt_runtime_us = 0) refuses SCHED_FIFO: then the error must say what
	if [ "$status" -eq 0 ]; then
		assert_equal "$output" "1 10" "policy and rt priority"
	else
		assert_output_contains "process.scheduler"
		assert_output_contains "operation not permitted"
	fi
}

@test "process-sched: bad values are rejected at create naming the field" {
	cp "$BUNDLE/config.json" "$TEST_DIR/orig.json"
	check() {
		cp "$TEST_DIR/orig.json" "$BUNDLE/config.json"
		update_config "$1"
		run create_cmd "$(new_id "bad$((++n))")"
		assert_status 1
		assert_output_contains "$2"
	}
	local n=0
	check '.process.ioPriority = {"class": "IOPRIO_CLASS_NOPE", "priority": 0}' 'process.ioPriority.class: unknown class'
	check '.process.ioPriority = {"class": "IOPRIO_CLASS_BE", "priority": 8}' 'process.ioPriority.priority'
	check '.process.scheduler = {"policy": "SCHED_NOPE"}' 'process.scheduler.policy: unknown policy'
	check '.process.scheduler = {"policy": "SCHED_OTHER", "flags": ["NOPE"]}' 'process.scheduler.flags[0]: unknown flag'
	check '.process.scheduler = {"policy": "SCHED_OTHER", "runtime": 5}' 'process.scheduler.runtime: only for SCHED_DEADLINE'
	check '.process.scheduler = {"policy": "SCHED_DEADLINE", "runtime": 5, "deadline": 4}' 'process.scheduler.runtime: must not exceed deadline'
	check '.process.execCPUAffinity = {"initial": "0-"}' 'process.execCPUAffinity.initial'
	check '.process.execCPUAffinity = {"final": "1,x"}' 'process.execCPUAffinity.final'
	check '.linux.personality = {"domain": "LINUX64"}' 'linux.personality.domain: unknown domain'
	check '.linux.personality = {"domain": "LINUX", "flags": ["NOPE"]}' 'linux.personality.flags[0]: unknown flag'
	assert_nothing_left
}

@test "process-sched: exec inherits the container's, a process JSON overrides them" {
	local cpu
	cpu=$(last_cpu)
	update_config --arg c "$cpu" '.process.ioPriority = {"class": "IOPRIO_CLASS_BE", "priority": 3}
		| .process.scheduler = {"policy": "SCHED_BATCH", "nice": 4}
		| .process.execCPUAffinity = {"final": $c}
		| .linux.personality = {"domain": "LINUX32"}'
	start_sleeper
	run lxcrun exec "$ID" sh -c "$SHOW" </dev/null
	assert_status 0
	assert_equal "$output" "best-effort: prio 3
3 4
$cpu
00000008"
	cat >"$TEST_DIR/p.json" <<'EOF2'
{"user": {"uid": 0, "gid": 0}, "args": ["sh", "-c", "SHOW"], "cwd": "/",
 "ioPriority": {"class": "IOPRIO_CLASS_IDLE", "priority": 0},
 "scheduler": {"policy": "SCHED_OTHER", "nice": 2},
 "execCPUAffinity": {"initial": "0", "final": "0"}}
EOF2
	CONFIG=$TEST_DIR/p.json update_config --arg s "$SHOW" '.args[2] = $s'
	run lxcrun exec --process "$TEST_DIR/p.json" "$ID" </dev/null
	assert_status 0
	assert_equal "$output" "idle
0 2
0
00000008"
	# a bad process JSON fails exec, naming the field
	CONFIG=$TEST_DIR/p.json update_config '.scheduler = {"policy": "SCHED_RR"}'
	run lxcrun exec --process "$TEST_DIR/p.json" "$ID" </dev/null
	assert_status 1
	assert_output_contains "process.scheduler.priority"
	finish
}
