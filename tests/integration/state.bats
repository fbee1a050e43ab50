#!/usr/bin/env bats
# lxcrun state: OCI state JSON through the container's life.

load helpers

@test "state: the OCI fields, as runc prints them" {
	update_config '.annotations = {"org.example.key": "value", "x": "y \"quoted\""}'
	set_args sleep 1000
	create_detached "$ID"
	run lxcrun state "$ID"
	assert_status 0
	json=$output
	jq -e . <<<"$json" >/dev/null
	assert_equal "$(jq -r .ociVersion <<<"$json")" 1.2.0 ociVersion
	assert_match "$(jq -r .ociVersion <<<"$json")" '^1\.[0-9]+\.[0-9]+' ociVersion
	assert_equal "$(jq -r .id <<<"$json")" "$ID" id
	assert_equal "$(jq -r .status <<<"$json")" created status
	assert_equal "$(jq -r .pid <<<"$json")" "$(cat "$TEST_DIR/$ID.pid")" pid
	assert_equal "$(jq -r '.pid | type' <<<"$json")" number "type of pid"
	assert_equal "$(jq -r .bundle <<<"$json")" "$BUNDLE" bundle
	assert_equal "$(jq -r .rootfs <<<"$json")" "$BUNDLE/rootfs" rootfs
	assert_match "$(jq -r .created <<<"$json")" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$' created
	assert_equal "$(jq -r '.owner | type' <<<"$json")" string "type of owner"
	assert_equal "$(jq -c .annotations <<<"$json")" '{"org.example.key":"value","x":"y \"quoted\""}' annotations
}

@test "state: created, running, stopped" {
	set_args sleep 1000
	create_detached "$ID"
	assert_equal "$(state_field "$ID" status)" created status
	lxcrun start "$ID"
	assert_equal "$(state_field "$ID" status)" running status
	pid=$(state_field "$ID" pid)
	lxcrun kill "$ID" KILL
	wait_status "$ID" stopped
	# a stopped container has no pid, as with runc
	assert_equal "$(state_field "$ID" pid)" 0 "pid when stopped"
	[ ! -d "/proc/$pid" ] || [ "$(lxrt_procstate "$pid")" = Z ]
}

@test "state: a container that exits by itself becomes stopped" {
	set_args sh -c 'exit 3'
	run_detached "$ID"
	wait_status "$ID" stopped
	run lxcrun state "$ID"
	assert_status 0
}

@test "state: annotations default to an empty object" {
	update_config 'del(.annotations)'
	create_detached "$ID"
	assert_equal "$(lxcrun state "$ID" | jq -c .annotations)" '{}' annotations
}

@test "state of an unknown container: does not exist, exit 1" {
	run --separate-stderr lxcrun state "$ID"
	assert_status 1
	assert_equal "$output" "" stdout
	[[ "$stderr" == *"does not exist"* ]]
	run lxcrun state "../$ID"
	assert_status 1
}

@test "state: a recycled pid is not taken for the container" {
	set_args sleep 1000
	run_detached "$ID"
	# forge the start time recorded for the pid: the process is then not ours
	jq '.' "$ROOT/$ID/state.json" >/dev/null
	key=$(jq -r 'to_entries[] | select(.key | test("start"; "i")) | .key' "$ROOT/$ID/state.json" | head -1)
	[ -n "$key" ] || skip "state.json has no start-time field to forge"
	jq --arg k "$key" '.[$k] = 12345' "$ROOT/$ID/state.json" >"$TEST_DIR/s.json"
	cp "$TEST_DIR/s.json" "$ROOT/$ID/state.json"
	assert_equal "$(state_field "$ID" status)" stopped "status with a foreign start time"
	# and kill must not signal that process
	pid=$(cat "$TEST_DIR/$ID.pid")
	run lxcrun kill "$ID" KILL
	assert_status 1
	[ "$(lxrt_procstate "$pid")" != Z ] && [ -d "/proc/$pid" ]
}
