#!/usr/bin/env bats
# Faults: lxcrun SIGKILLed at every named point of create, start, exec and
# delete (LXCRUN_FAULT=POINT, see src/fault.h), lxcrun-start and the container's
# init killed from outside at their stages (LXCRUN_FAULT=POINT:stop holds lxcrun
# there meanwhile), a full disk and a read-only root. After each: `state` tells
# the truth (stopped, or still usable and it is used), and `delete --force`
# leaves nothing (state dir, cgroups, mounts, processes, fifo).

load helpers

setup() {
	lxrt_setup
	set_args sleep 1000
}

# A test that failed may leave an lxcrun stopped at its fault point, holding the
# container's lock: end the processes it started before the usual cleanup.
teardown() {
	local p
	for p in $(lxrt_recorded_alive "$PIDS_FILE"); do
		kill -KILL "$p" 2>/dev/null
	done
	lxrt_teardown
}

# inject POINT LXCRUN-ARGS...: runs lxcrun with LXCRUN_FAULT=POINT (stdio on files,
# so nothing it starts holds bats' pipes) and checks it died at that point.
inject() {
	local point=$1 st=0
	shift
	LXCRUN_FAULT=$point "$LXCRUN" --root "$ROOT" "$@" </dev/null \
		>"$TEST_DIR/fault.out" 2>"$TEST_DIR/fault.err" || st=$?
	if [ "$st" -ne 137 ]; then
		echo "lxcrun $* with LXCRUN_FAULT=$point: exit $st, not killed there:" >&2
		cat "$TEST_DIR/fault.err" >&2
		return 1
	fi
	echo "$point" >>"$LXCRUN_TEST_RUN/faults-injected"
}

# assert_state ID STATUS: `state` says STATUS, with a live pid exactly when the
# container is created or running.
assert_state() {
	local json status pid
	json=$(lxcrun state "$1") || return 1
	status=$(jq -r .status <<<"$json")
	pid=$(jq -r .pid <<<"$json")
	assert_equal "$status" "$2" "status of $1" || return 1
	case $2 in
	created | running)
		[ "$pid" -gt 0 ] && [ "$(lxrt_procstate "$pid")" != Z ] && [ -n "$(lxrt_procstate "$pid")" ] || {
			echo "$1 is $2 but its pid $pid is not alive" >&2
			return 1
		}
		;;
	*) assert_equal "$pid" 0 "pid of a $2 container" ;;
	esac
}

# delete_force_clean ID: delete --force succeeds, the container is gone and
# nothing of it is left.
delete_force_clean() {
	run timeout 90 "$LXCRUN" --root "$ROOT" delete --force "$1"
	assert_status 0
	run lxcrun state "$1"
	assert_status 1
	assert_output_contains "does not exist"
	assert_nothing_left
}

# The cgroup dirs named after $ID: there are some (create made them).
cgroups_exist() {
	[ -n "$(lxrt_cgroups_named "$ID")" ]
}

# wait_stopped PID: waits until PID is stopped (state T) at its fault point.
proc_is_stopped() {
	[ "$(lxrt_procstate "$1")" = T ]
}
wait_stopped() {
	wait_until 60 proc_is_stopped "$1"
}

# child_of PID: the (first) child process of PID.
child_of() {
	pgrep -P "$1" | head -n 1
}

# hold_in_setup: a createContainer hook that blocks, so the container's first
# process stays in liblxc's setup (before pivot_root) until the test acts;
# $TEST_DIR/hook-running appears once it runs.
hold_in_setup() {
	printf '#!/bin/sh\n: >"$1/hook-running"\nexec sleep 1000\n' >"$TEST_DIR/hook.sh"
	chmod +x "$TEST_DIR/hook.sh"
	update_config --arg p "$TEST_DIR/hook.sh" --arg d "$TEST_DIR" \
		'.hooks.createContainer = [{path: $p, args: ["hook.sh", $d]}]'
}

# create_bg [FAULT]: lxcrun create $ID in the background (stdio on files) with
# LXCRUN_FAULT=FAULT; $cpid is its pid.
create_bg() {
	LXCRUN_FAULT=${1:-} "$LXCRUN" --root "$ROOT" create -b "$BUNDLE" "$ID" \
		</dev/null >"$TEST_DIR/create.out" 2>"$TEST_DIR/create.err" &
	cpid=$!
	track_pid "$cpid"
}

# create_failed_cleanly TEXT: the background create exited 1 with TEXT in its
# error, and nothing of the container is left.
create_failed_cleanly() {
	local st=0
	wait "$cpid" || st=$?
	assert_equal "$st" 1 "create's exit status" || return 1
	grep -qF -- "$1" "$TEST_DIR/create.err" || {
		echo "create's error lacks \"$1\": $(cat "$TEST_DIR/create.err")" >&2
		return 1
	}
	run lxcrun state "$ID"
	assert_status 1
	assert_nothing_left
}

# --- create killed at each point ---------------------------------------------

@test "create killed before its init exists: stopped, delete --force leaves nothing" {
	for point in create.dir-made create.state-creating create.config-written \
		create.params-written; do
		id=$(new_id "${point#create.}")
		inject "$point" create -b "$BUNDLE" "$id"
		# a create that died is over: the container can never start
		assert_state "$id" stopped
		run lxcrun start "$id"
		assert_status 1
		run lxcrun list -q
		assert_output_contains "$id"
		delete_force_clean "$id"
	done
}

@test "create killed after lxcrun-start was spawned or the init was ready: stopped, delete --force leaves nothing" {
	for point in create.spawned create.ready create.monitor-gone; do
		id=$(new_id "${point#create.}")
		inject "$point" create -b "$BUNDLE" "$id"
		assert_state "$id" stopped
		run lxcrun start "$id"
		assert_status 1
		run lxcrun kill "$id" KILL
		assert_status 1
		delete_force_clean "$id"
	done
}

@test "create killed after writing its state: created and usable" {
	inject create.state-written create -b "$BUNDLE" "$ID"
	assert_state "$ID" created
	run lxcrun start "$ID"
	assert_status 0
	assert_state "$ID" running
	delete_force_clean "$ID"
}

@test "a plain delete of a container whose create was killed removes it too" {
	inject create.ready create -b "$BUNDLE" "$ID"
	cgroups_exist
	run lxcrun delete "$ID"
	assert_status 0
	assert_nothing_left
}

@test "state says creating while create runs and stopped once it was killed" {
	LXCRUN_FAULT=create.spawned:stop "$LXCRUN" --root "$ROOT" create -b "$BUNDLE" "$ID" \
		</dev/null >"$TEST_DIR/create.out" 2>"$TEST_DIR/create.err" &
	cpid=$!
	track_pid "$cpid"
	wait_stopped "$cpid"
	echo create.spawned:stop >>"$LXCRUN_TEST_RUN/faults-injected"
	assert_state "$ID" creating
	# a forced delete waits for the create (it holds the lock): not now
	kill -KILL "$cpid"
	wait "$cpid" || true
	assert_state "$ID" stopped
	delete_force_clean "$ID"
}

# --- lxcrun-start and the init killed from outside ---------------------------

@test "lxcrun-start killed before liblxc starts: create fails, nothing left" {
	create_bg lxcrun-start.loaded
	echo lxcrun-start.loaded >>"$LXCRUN_TEST_RUN/faults-injected"
	create_failed_cleanly "exited before it was ready"
}

@test "lxcrun-start killed during liblxc's setup: create fails, nothing left" {
	hold_in_setup
	create_bg
	wait_file "$TEST_DIR/hook-running" 60
	spid=$(child_of "$cpid")
	assert_equal "$(cat "/proc/$spid/comm")" lxcrun-start
	cgroups_exist
	kill -KILL "$spid"
	create_failed_cleanly "create container \"$ID\""
}

@test "the container's first process killed during liblxc's setup: create fails, nothing left" {
	hold_in_setup
	create_bg
	wait_file "$TEST_DIR/hook-running" 60
	spid=$(child_of "$cpid")
	ipid=$(child_of "$spid")
	[ -n "$ipid" ]
	kill -KILL "$ipid"
	create_failed_cleanly "create container \"$ID\""
}

@test "lxcrun-start killed once the init is ready: create still succeeds, the container is usable" {
	create_bg create.ready:stop
	wait_stopped "$cpid"
	spid=$(child_of "$cpid")
	assert_equal "$(cat "/proc/$spid/comm")" lxcrun-start
	kill -KILL "$spid"
	kill -CONT "$cpid"
	wait "$cpid"
	assert_state "$ID" created
	run lxcrun start "$ID"
	assert_status 0
	assert_state "$ID" running
	delete_force_clean "$ID"
}

@test "the init killed once ready, before create recorded it: create fails, nothing left" {
	create_bg create.ready:stop
	wait_stopped "$cpid"
	spid=$(child_of "$cpid")
	ipid=$(child_of "$spid")
	[ -n "$ipid" ]
	kill -KILL "$ipid"
	# kill(2) returns before the process is dead: let it die before create goes on
	wait_until 10 eval '[ ! -e /proc/$ipid ] || grep -q "^State:.*Z" /proc/$ipid/status'
	kill -CONT "$cpid"
	create_failed_cleanly "exited"
}

@test "the init killed while created: stopped, start fails, delete --force leaves nothing" {
	create_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	kill -KILL "$pid"
	wait_status "$ID" stopped
	assert_state "$ID" stopped
	run lxcrun start "$ID"
	assert_status 1
	delete_force_clean "$ID"
}

@test "the init killed while start holds the fifo: start fails clearly, stopped, nothing left" {
	create_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	LXCRUN_FAULT=start.fifo-opened:stop "$LXCRUN" --root "$ROOT" start "$ID" \
		</dev/null >"$TEST_DIR/start.out" 2>"$TEST_DIR/start.err" &
	spid=$!
	track_pid "$spid"
	wait_stopped "$spid"
	kill -KILL "$pid"
	wait_until 30 eval '[ "$(lxrt_procstate "$pid")" = "" ]'
	kill -CONT "$spid"
	st=0
	wait "$spid" || st=$?
	assert_equal "$st" 1 "start's exit status"
	grep -q "start container \"$ID\"" "$TEST_DIR/start.err" || {
		cat "$TEST_DIR/start.err" >&2
		false
	}
	assert_state "$ID" stopped
	delete_force_clean "$ID"
}

# --- start, exec, delete killed at each point --------------------------------

@test "start killed before releasing the init: still created, a second start runs it" {
	for point in start.locked start.fifo-opened; do
		id=$(new_id "${point#start.}")
		create_detached "$id"
		inject "$point" start "$id"
		assert_state "$id" created
		run lxcrun start "$id"
		assert_status 0
		assert_state "$id" running
		delete_force_clean "$id"
	done
}

@test "start killed after releasing the init: running (not created), a second start refuses" {
	for point in start.released start.exec-waited; do
		id=$(new_id "${point#start.}")
		create_detached "$id"
		inject "$point" start "$id"
		wait_status "$id" running
		assert_state "$id" running
		run lxcrun start "$id"
		assert_status 1
		assert_output_contains "running"
		delete_force_clean "$id"
	done
}

@test "exec killed at each point: still running, exec works again, delete --force leaves nothing" {
	run_detached "$ID"
	for point in exec.locked exec.forked exec.started; do
		inject "$point" exec -d "$ID" sleep 999
		assert_state "$ID" running
		# the lock is free again: no deadlock
		run timeout 60 "$LXCRUN" --root "$ROOT" exec "$ID" echo alive
		assert_status 0
		assert_equal "$output" alive
	done
	delete_force_clean "$ID"
}

@test "delete killed at each point: state says what is left, delete --force finishes" {
	for point in delete.locked delete.emptied delete.cgroups-removed; do
		id=$(new_id "${point#delete.}")
		run_detached "$id"
		inject "$point" delete --force "$id"
		if [ "$point" = delete.locked ]; then
			assert_state "$id" running
		else
			assert_state "$id" stopped
		fi
		delete_force_clean "$id"
	done
}

# --- resources of the root dir ------------------------------------------------

@test "a full root dir: create fails with ENOSPC named, nothing left" {
	mkdir "$TEST_DIR/fullroot"
	mount -t tmpfs -o size=64k lxrt-full "$TEST_DIR/fullroot"
	dd if=/dev/zero of="$TEST_DIR/fullroot/fill" bs=4k 2>/dev/null || true
	run lxcrun --root "$TEST_DIR/fullroot" create -b "$BUNDLE" "$ID" </dev/null
	umount_st=0
	ls -A "$TEST_DIR/fullroot" >"$TEST_DIR/left"
	umount "$TEST_DIR/fullroot" || umount_st=$?
	assert_status 1
	assert_output_contains "no space left on device"
	assert_equal "$(cat "$TEST_DIR/left")" fill "files in the full root"
	assert_equal "$umount_st" 0 "umount"
	assert_nothing_left
}

@test "a read-only root dir: create fails with the root named, nothing left" {
	mkdir "$TEST_DIR/roroot"
	mount -t tmpfs -o size=1m,ro lxrt-ro "$TEST_DIR/roroot"
	run lxcrun --root "$TEST_DIR/roroot" create -b "$BUNDLE" "$ID" </dev/null
	ls -A "$TEST_DIR/roroot" >"$TEST_DIR/left"
	umount "$TEST_DIR/roroot"
	assert_status 1
	assert_output_contains "read-only file system"
	assert_output_contains "$TEST_DIR/roroot"
	assert_equal "$(cat "$TEST_DIR/left")" "" "files in the read-only root"
	assert_nothing_left
}

# Last: every fault point in the sources was injected by the tests above.
@test "every fault point of src/ and libexec/ was injected" {
	points=$(grep -rhoE 'fault_point\("[^"]+"\)' "$LXCRUN_SRC_DIR/src" "$LXCRUN_SRC_DIR/libexec" |
		sed 's/fault_point("//; s/")//' | sort -u)
	[ -n "$points" ]
	for p in $points; do
		grep -qx -- "$p" "$LXCRUN_TEST_RUN/faults-injected" || {
			echo "fault point $p was never injected" >&2
			return 1
		}
	done
	echo "# $(wc -l <"$LXCRUN_TEST_RUN/faults-injected") faults injected at $(echo "$points" | wc -l) points" >&3
}
