#!/usr/bin/env bats
# lxcrun spec: writes a default config.json, never overwrites one.

load helpers

@test "spec writes a valid config.json into the cwd" {
	mkdir "$TEST_DIR/s"
	cd "$TEST_DIR/s"
	run lxcrun spec
	assert_status 0
	[ -f config.json ]
	run jq -e '.ociVersion | startswith("1.")' config.json
	assert_status 0
	run jq -r '.root.path' config.json
	assert_equal "$output" rootfs "root.path"
	run jq -e '(.process.args | length > 0) and (.process.cwd == "/")
		and (.process.user.uid == 0) and (.process.env | type == "array")' config.json
	assert_status 0
	run jq -r '[.linux.namespaces[].type] | sort | join(",")' config.json
	assert_match "$output" '(^|,)mount(,|$)' "namespaces"
	assert_match "$output" '(^|,)pid(,|$)' "namespaces"
	run jq -r '[.mounts[].destination] | join(" ")' config.json
	assert_output_contains "/proc"
	assert_output_contains "/dev"
}

@test "spec --bundle DIR writes DIR/config.json" {
	mkdir "$TEST_DIR/s"
	run lxcrun spec --bundle "$TEST_DIR/s"
	assert_status 0
	jq -e . "$TEST_DIR/s/config.json" >/dev/null
	rm "$TEST_DIR/s/config.json"
	run lxcrun spec -b "$TEST_DIR/s"
	assert_status 0
	[ -f "$TEST_DIR/s/config.json" ]
}

@test "spec refuses to overwrite an existing config.json" {
	mkdir "$TEST_DIR/s"
	echo '{"mine": true}' >"$TEST_DIR/s/config.json"
	run lxcrun spec --bundle "$TEST_DIR/s"
	assert_status 1
	assert_output_contains "exists"
	assert_equal "$(cat "$TEST_DIR/s/config.json")" '{"mine": true}' "config.json"
}

@test "spec into a missing directory: exit 1" {
	run lxcrun spec --bundle "$TEST_DIR/missing"
	assert_status 1
	[ ! -e "$TEST_DIR/missing" ]
}

@test "spec's config runs once terminal is off" {
	mkdir -p "$TEST_DIR/s"
	cp -a "$BUNDLE/rootfs" "$TEST_DIR/s/"
	lxcrun spec --bundle "$TEST_DIR/s"
	# the default is an interactive terminal: only that and the args are changed
	CONFIG=$TEST_DIR/s/config.json update_config '.process.terminal = false | .process.args = ["sh", "-c", "echo spec-ok"]'
	run lxcrun run -b "$TEST_DIR/s" "$ID" </dev/null
	assert_status 0
	assert_output_contains spec-ok
	assert_nothing_left
}
