#!/usr/bin/env bats
# Concurrency: one command on one container from many processes at once (start,
# kill, exec, state, delete, and all of them mixed) never corrupts the state or
# deadlocks; many containers created and deleted in parallel all succeed and
# leave nothing. LXCRUN_PARALLEL_PER_WORKER (default 3; `make check-soak`: 100)
# containers per worker, 8 workers.

load helpers

setup() {
	lxrt_setup
	set_args sleep 1000
	N=8
	mkdir "$TEST_DIR/par"
}

# many NAME LXCRUN-ARGS...: runs lxcrun LXCRUN-ARGS N times at once (each with
# a 120 s limit: a deadlock fails instead of hanging); waits for all. Exit
# statuses in $TEST_DIR/par/NAME.<i>.rc, output in .out / .err.
many() {
	local name=$1 i pids=()
	shift
	for ((i = 0; i < N; i++)); do
		(
			rc=0
			timeout 120 "$LXCRUN" --root "$ROOT" "$@" </dev/null \
				>"$TEST_DIR/par/$name.$i.out" 2>"$TEST_DIR/par/$name.$i.err" || rc=$?
			echo "$rc" >"$TEST_DIR/par/$name.$i.rc"
		) &
		pids+=($!)
	done
	wait "${pids[@]}"
}

# count_rc NAME RC: how many of NAME's runs exited with RC.
count_rc() {
	grep -lx -- "$2" "$TEST_DIR/par/$1".*.rc 2>/dev/null | wc -l
}

# no_timeouts NAME: none of NAME's runs hit the 120 s limit (exit 124).
no_timeouts() {
	assert_equal "$(count_rc "$1" 124)" 0 "runs of $1 that hung"
}

# valid_states NAME: every output of NAME is a whole state JSON with a known status.
valid_states() {
	local f s
	for f in "$TEST_DIR/par/$1".*.out; do
		[ -s "$f" ] || continue
		s=$(jq -r .status "$f") || {
			echo "corrupt state output: $(cat "$f")" >&2
			return 1
		}
		case $s in creating | created | running | paused | stopped) ;; *)
			echo "unknown status $s" >&2
			return 1
			;;
		esac
	done
}

@test "create of one id from 8 processes at once: exactly one creates it, the others leave it alone" {
	# (the container's stdio goes to the per-run files many makes)
	many create create -b "$BUNDLE" "$ID"
	no_timeouts create
	assert_equal "$(count_rc create 0)" 1 "creates that succeeded"
	assert_equal "$(grep -l "already exists" "$TEST_DIR/par"/create.*.err | wc -l)" $((N - 1)) \
		"creates refused with \"already exists\""
	assert_equal "$(state_field "$ID" status)" created
	run lxcrun start "$ID"
	assert_status 0
	assert_equal "$(state_field "$ID" status)" running
	lxcrun delete --force "$ID"
	assert_nothing_left
}

@test "start from 8 processes at once: exactly one starts the container" {
	create_detached "$ID"
	many start start "$ID"
	no_timeouts start
	assert_equal "$(count_rc start 0)" 1 "starts that succeeded"
	assert_equal "$(count_rc start 1)" $((N - 1)) "starts refused"
	grep -h "not created" "$TEST_DIR/par"/start.*.err | head -n 1 | grep -q running
	assert_equal "$(state_field "$ID" status)" running
	pid=$(cat "$TEST_DIR/$ID.pid")
	assert_equal "$(cat "/proc/$pid/comm")" sleep
	lxcrun delete --force "$ID"
	assert_nothing_left
}

@test "exec and state from 8 and 16 processes at once: all succeed" {
	run_detached "$ID"
	N=8 many exec exec "$ID" sh -c 'echo out-$$'
	N=16 many state state "$ID"
	no_timeouts exec
	no_timeouts state
	assert_equal "$(count_rc exec 0)" 8 "execs that succeeded"
	assert_equal "$(cat "$TEST_DIR/par"/exec.*.out | grep -c '^out-')" 8 "exec outputs"
	assert_equal "$(count_rc state 0)" 16 "states that succeeded"
	valid_states state
	assert_equal "$(cat "$TEST_DIR/par"/state.*.out | jq -r .status | sort -u)" running
	lxcrun delete --force "$ID"
	assert_nothing_left
}

@test "kill from 8 processes at once, then delete --force from 8: one outcome, nothing left" {
	run_detached "$ID"
	many kill kill "$ID" KILL
	no_timeouts kill
	# each kill either signalled the init or found it gone already
	assert_equal $(($(count_rc kill 0) + $(count_rc kill 1))) "$N" "kills that succeeded or found it stopped"
	[ "$(count_rc kill 0)" -ge 1 ]
	wait_status "$ID" stopped
	many del delete --force "$ID"
	no_timeouts del
	assert_equal "$(count_rc del 0)" "$N" "forced deletes that succeeded"
	run lxcrun state "$ID"
	assert_status 1
	assert_nothing_left
}

@test "start, exec, kill, state and delete all at once on one container: no deadlock, valid states, nothing left" {
	create_detached "$ID"
	N=4
	pids=()
	for cmd in "start $ID" "exec $ID true" "state $ID" "kill $ID KILL" "delete --force $ID" "state $ID"; do
		name=${cmd%% *}-$((${#pids[@]}))
		# shellcheck disable=SC2086 # the command's words
		many "$name" $cmd &
		pids+=($!)
	done
	wait "${pids[@]}"
	for f in "$TEST_DIR/par"/*.rc; do
		[ "$(cat "$f")" != 124 ] || {
			echo "${f##*/} hung" >&2
			false
		}
	done
	# every state printed was whole; unreadable ones come from a container being deleted
	for f in "$TEST_DIR/par"/state-*.out; do
		[ -s "$f" ] || continue
		jq -e '.status | test("^(creating|created|running|stopped|paused)$")' "$f" >/dev/null
	done
	grep -h . "$TEST_DIR/par"/state-*.err | grep -v "does not exist" && false
	# the forced deletes all succeeded: nothing is left
	assert_equal "$(cat "$TEST_DIR/par"/delete-*.rc | sort -u)" 0 "forced deletes' exit statuses"
	run lxcrun state "$ID"
	assert_status 1
	assert_nothing_left
}

@test "8 workers create, start and delete containers in parallel: all succeed, nothing left" {
	per=${LXCRUN_PARALLEL_PER_WORKER:-3}
	pids=()
	for ((w = 0; w < 8; w++)); do
		(
			for ((i = 0; i < per; i++)); do
				id=$(new_id "w$w-$i")
				lxcrun create -b "$BUNDLE" "$id" </dev/null >/dev/null 2>"$TEST_DIR/par/$id.err" &&
					lxcrun start "$id" 2>>"$TEST_DIR/par/$id.err" &&
					lxcrun delete --force "$id" 2>>"$TEST_DIR/par/$id.err" ||
					echo "$id" >>"$TEST_DIR/par/failed"
			done
		) &
		pids+=($!)
	done
	wait "${pids[@]}"
	if [ -s "$TEST_DIR/par/failed" ]; then
		for id in $(cat "$TEST_DIR/par/failed"); do
			echo "$id: $(cat "$TEST_DIR/par/$id.err")" >&2
		done
		false
	fi
	echo "# $((8 * per)) containers in 8 parallel workers" >&3
	assert_equal "$(ls -A "$ROOT")" "" "state dirs left"
	assert_nothing_left
}
