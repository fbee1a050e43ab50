#!/usr/bin/env bats
# The command line: version, help, unknown commands and options, global options.

load helpers

COMMANDS="create start state kill delete run list spec"

@test "--version and -v print the version" {
	run "$LXCRUN" --version
	assert_status 0
	assert_match "${lines[0]}" '^lxcrun version [0-9]+\.[0-9]+' "first line"
	assert_output_contains "spec: 1."
	run "$LXCRUN" -v
	assert_status 0
	assert_match "${lines[0]}" '^lxcrun version ' "first line of -v"
}

@test "--help lists every command" {
	run "$LXCRUN" --help
	assert_status 0
	assert_output_contains "usage: lxcrun"
	for c in $COMMANDS; do
		grep -qE "^  $c " <<<"$output" || {
			echo "--help does not list $c" >&2
			return 1
		}
	done
	run "$LXCRUN" -h
	assert_status 0
	assert_output_contains "usage: lxcrun"
}

@test "--help and -h of every command print its usage and exit 0" {
	for c in $COMMANDS; do
		run "$LXCRUN" "$c" --help
		assert_status 0
		assert_match "${lines[0]}" "^usage: lxcrun $c" "$c --help"
		run "$LXCRUN" "$c" -h
		assert_status 0
		assert_match "${lines[0]}" "^usage: lxcrun $c" "$c -h"
	done
}

@test "no command: usage and exit 1" {
	run "$LXCRUN"
	assert_status 1
	assert_output_contains "usage: lxcrun"
}

@test "unknown command: exit 1 with a message naming it" {
	run "$LXCRUN" frobnicate
	assert_status 1
	assert_output_contains "frobnicate"
	# a near miss is no command either
	run "$LXCRUN" States
	assert_status 1
}

@test "unknown global option: exit 1" {
	run "$LXCRUN" --frobnicate list
	assert_status 1
	run "$LXCRUN" -Z list
	assert_status 1
}

@test "unknown option of every command: exit 1" {
	for c in $COMMANDS; do
		run lxcrun "$c" --frobnicate "$ID"
		assert_status 1
	done
	# the commands with options name the unknown one
	for c in create kill delete run list spec; do
		run lxcrun "$c" --frobnicate "$ID"
		assert_output_contains "frobnicate"
	done
	[ ! -e "$ROOT/$ID" ]
}

@test "wrong number of arguments: exit 1" {
	for c in create start state delete kill run; do
		run lxcrun "$c"
		assert_status 1
	done
	run lxcrun state "$ID" extra
	assert_status 1
	run lxcrun list extra
	assert_status 1
	run lxcrun kill "$ID" TERM extra
	assert_status 1
}

@test "an option value is required" {
	run lxcrun create --bundle
	assert_status 1
	run "$LXCRUN" --root
	assert_status 1
}

@test "global options come before the command" {
	local log=$TEST_DIR/log.json
	run "$LXCRUN" --root "$ROOT" --log "$log" --log-format json --debug --systemd-cgroup list -q
	assert_status 0
	assert_equal "$output" "" "list of an empty root"
	# each global option alone
	run "$LXCRUN" --debug --root "$ROOT" list
	assert_status 0
	run "$LXCRUN" --systemd-cgroup --root "$ROOT" list
	assert_status 0
}

@test "create makes a --root whose parents do not exist yet (as dockerd's shim passes it)" {
	# dockerd hands the shim <exec-root>/runtime-<name>/moby before anything made it
	ROOT=$TEST_DIR/exec/runtime-lxcrun/moby
	run_detached "$ID"
	[ -d "$ROOT/$ID" ]
	assert_equal "$(stat -c %a "$ROOT")" 700 "mode of the root"
	run lxcrun delete --force "$ID"
	assert_status 0
	assert_nothing_left
}

@test "--root DIR is where the containers are" {
	run_detached "$ID"
	[ -d "$ROOT/$ID" ]
	run "$LXCRUN" --root "$ROOT" list -q
	assert_status 0
	assert_equal "$output" "$ID" "list -q"
	# another root does not see it
	run "$LXCRUN" --root "$TEST_DIR/other" state "$ID"
	assert_status 1
	assert_output_contains "does not exist"
	run lxcrun delete --force "$ID"
	assert_status 0
	assert_nothing_left
}

@test "--log with --log-format json writes runc's JSON lines" {
	local log=$TEST_DIR/log.json
	run "$LXCRUN" --root "$ROOT" --log "$log" --log-format json state "$ID"
	assert_status 1
	[ -s "$log" ]
	# every line is a JSON object with level, msg and time
	run jq -e -s 'all(.[]; (.level | type) == "string" and (.msg | type) == "string" and (.time | type) == "string")' "$log"
	assert_status 0
	run jq -r -s '[.[] | select(.level == "error")] | last | .msg' "$log"
	assert_output_contains "does not exist"
	# appends: a second failure adds a line
	local n
	n=$(wc -l <"$log")
	run "$LXCRUN" --root "$ROOT" --log "$log" --log-format json state "$ID"
	[ "$(wc -l <"$log")" -gt "$n" ]
}

@test "--log with the text format" {
	local log=$TEST_DIR/log.txt
	run "$LXCRUN" --root "$ROOT" --log "$log" --log-format text state "$ID"
	assert_status 1
	run cat "$log"
	assert_output_contains "level=error"
	assert_output_contains "does not exist"
}

@test "--log-format other than text or json: exit 1" {
	run "$LXCRUN" --root "$ROOT" --log-format xml list
	assert_status 1
	assert_output_contains "xml"
}

@test "without --log, errors go to stderr" {
	run --separate-stderr "$LXCRUN" --root "$ROOT" state "$ID"
	assert_status 1
	assert_equal "$output" "" "stdout"
	[[ "$stderr" == *"does not exist"* ]]
}
