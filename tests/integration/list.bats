#!/usr/bin/env bats
# lxcrun list: table, -q, --format json.

load helpers

@test "list of an empty or missing root" {
	run lxcrun list -q
	assert_status 0
	assert_equal "$output" "" "list -q"
	run lxcrun list --format json
	assert_status 0
	assert_equal "$(jq -c . <<<"$output")" "[]" "list --format json"
	run lxcrun list
	assert_status 0
	assert_match "${lines[0]}" '^ID +PID +STATUS +BUNDLE +CREATED +OWNER' "table header"
	assert_equal "${#lines[@]}" 1 "lines of the table"
}

@test "list shows every container with its status" {
	local a b c
	a=$(new_id a)
	b=$(new_id b)
	c=$(new_id c)
	set_args sleep 1000
	create_detached "$b"
	run_detached "$a"
	set_args true
	run_detached "$c"
	wait_status "$c" stopped
	apid=$(state_field "$a" pid)

	run lxcrun list -q
	assert_status 0
	assert_equal "$output" "$a"$'\n'"$b"$'\n'"$c" "list -q (sorted)"

	run lxcrun list
	assert_status 0
	assert_equal "${#lines[@]}" 4 "lines of the table"
	assert_match "${lines[1]}" "^$a +$apid +running +$BUNDLE " "row of $a"
	assert_match "${lines[2]}" "^$b +[0-9]+ +created +$BUNDLE " "row of $b"
	assert_match "${lines[3]}" "^$c +0 +stopped +$BUNDLE " "row of $c"

	run lxcrun list --format json
	assert_status 0
	assert_equal "$(jq -r 'length' <<<"$output")" 3 "entries"
	assert_equal "$(jq -r '[.[] | .id + "=" + .status] | join(" ")' <<<"$output")" \
		"$a=running $b=created $c=stopped" "ids and statuses"
	assert_equal "$(jq -r --arg a "$a" '.[] | select(.id == $a) | .pid' <<<"$output")" "$apid" "pid of $a"
	assert_equal "$(jq -r '[.[] | .bundle] | unique | join(" ")' <<<"$output")" "$BUNDLE" bundles
	# the same objects as state prints
	assert_equal "$(jq -c --arg a "$a" '.[] | select(.id == $a) | del(.created)' <<<"$output")" \
		"$(lxcrun state "$a" | jq -c 'del(.created)')" "list entry vs state"
}

@test "list -f json and --format table" {
	create_detached "$ID"
	run lxcrun list -f json
	assert_status 0
	assert_equal "$(jq -r '.[0].id' <<<"$output")" "$ID" id
	run lxcrun list --format table
	assert_status 0
	assert_match "${lines[1]}" "^$ID " "row"
}

@test "list --format other than table or json: exit 1" {
	run lxcrun list --format yaml
	assert_status 1
	assert_output_contains yaml
}

@test "list -q ignores what is not a container" {
	create_detached "$ID"
	mkdir -p "$ROOT/not a container" "$ROOT/.hidden"
	run lxcrun list -q
	assert_status 0
	assert_equal "$output" "$ID" "list -q"
	rmdir "$ROOT/not a container" "$ROOT/.hidden"
}
