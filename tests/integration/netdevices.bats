#!/usr/bin/env bats
# linux.netDevices: a host network device moved into the container's network
# namespace, renamed, with its addresses, up. The host's interfaces are never
# touched: each test runs lxcrun inside a private network namespace of its own
# (unshare -n) where it makes the device, so everything it made goes away with
# that namespace.

load helpers

# in_netns SCRIPT: runs the bash SCRIPT in a new network namespace with LXCRUN,
# ROOT, BUNDLE, ID, TEST_DIR exported; the namespace dies when SCRIPT ends.
in_netns() {
	LXCRUN=$LXCRUN ROOT=$ROOT BUNDLE=$BUNDLE ID=$ID TEST_DIR=$TEST_DIR \
		unshare -n bash -c "$1" </dev/null
}

# MAKE_DEV: shell code that makes the virtual device lxrtnd0 (dummy, else one
# end of a veth pair: this kernel may lack the dummy module) with two addresses.
MAKE_DEV='
make_dev() {
	ip link add lxrtnd0 type dummy 2>/dev/null ||
		ip link add lxrtnd0 type veth peer name lxrtnp0 || return 1
	ip addr add 192.0.2.7/24 brd + dev lxrtnd0 &&
		ip -6 addr add 2001:db8::7/64 dev lxrtnd0 nodad
}
'

setup() {
	lxrt_setup
	command -v ip >/dev/null || skip "iproute2 (ip) is not installed"
	if ! in_netns "$MAKE_DEV make_dev" 2>"$TEST_DIR/mk.err"; then
		skip "no virtual network device can be made here (dummy and veth): $(cat "$TEST_DIR/mk.err")"
	fi
	update_config '.linux.namespaces |= (map(select(.type != "network")) + [{"type": "network"}])'
}

@test "netdevices: the device is in the container, renamed, up, with its addresses" {
	update_config '.linux.netDevices = {"lxrtnd0": {"name": "ctr0"}}'
	set_args sh -c 'ip -o link show; ip -o addr show dev ctr0'
	run in_netns "$MAKE_DEV"'
		make_dev || exit 99
		"$LXCRUN" --root "$ROOT" run -b "$BUNDLE" "$ID" || exit 98
		echo "--- after"
		ip -o link show'
	assert_status 0
	local inside=${output%%--- after*} after=${output#*--- after}
	echo "$output"
	# renamed: no lxrtnd0 inside, ctr0 up with both addresses
	assert_match "$inside" '[0-9]+: ctr0[@:].*[<,]UP[,>]'
	[[ $inside != *lxrtnd0* ]]
	assert_match "$inside" 'ctr0 +inet 192\.0\.2\.7/24'
	assert_match "$inside" 'ctr0 +inet6 2001:db8::7/64'
	assert_match "$inside" 'inet 192\.0\.2\.7/24 brd 192\.0\.2\.255 '
	# a virtual device dies with the container's network namespace (the spec:
	# only physical ones go back, to the initial namespace): it is not here
	[[ $after != *lxrtnd0* && $after != *ctr0* ]]
	assert_nothing_left
}

@test "netdevices: without a name the device keeps its host name" {
	update_config '.linux.netDevices = {"lxrtnd0": {}}'
	set_args sh -c 'ip -o addr show dev lxrtnd0'
	run in_netns "$MAKE_DEV"'
		make_dev || exit 99
		"$LXCRUN" --root "$ROOT" run -b "$BUNDLE" "$ID"'
	assert_status 0
	assert_match "$output" 'lxrtnd0 +inet 192\.0\.2\.7/24'
	assert_nothing_left
}

@test "netdevices: a name template with %d lets the kernel pick the name" {
	update_config '.linux.netDevices = {"lxrtnd0": {"name": "ctr%d"}}'
	set_args sh -c 'ip -o addr show dev ctr0'
	run in_netns "$MAKE_DEV"'
		make_dev || exit 99
		"$LXCRUN" --root "$ROOT" run -b "$BUNDLE" "$ID"'
	assert_status 0
	assert_match "$output" 'ctr0 +inet 192\.0\.2\.7/24'
	assert_nothing_left
}

@test "netdevices: a detached container has the device; exec sees it; gone after delete" {
	update_config '.linux.netDevices = {"lxrtnd0": {"name": "ctr1"}}'
	set_args sleep 1000
	run in_netns "$MAKE_DEV"'
		make_dev || exit 99
		"$LXCRUN" --root "$ROOT" create -b "$BUNDLE" "$ID" >"$TEST_DIR/c.out" 2>&1 || { cat "$TEST_DIR/c.out"; exit 98; }
		"$LXCRUN" --root "$ROOT" start "$ID" || exit 97
		ip -o link show lxrtnd0 >/dev/null 2>&1 && echo "still on the host side"
		"$LXCRUN" --root "$ROOT" exec "$ID" ip -o addr show dev ctr1
		"$LXCRUN" --root "$ROOT" delete --force "$ID" || exit 96
		ip -o link show lxrtnd0 >/dev/null 2>&1 && echo "back after delete"
		exit 0'
	assert_status 0
	assert_output_not_contains "still on the host side"
	assert_match "$output" 'ctr1 +inet 192\.0\.2\.7/24'
	assert_output_not_contains "back after delete"
	assert_nothing_left
}

@test "netdevices: create refuses a missing device, a shared network namespace, bad and clashing names" {
	check() {
		cp "$TEST_DIR/orig.json" "$BUNDLE/config.json"
		update_config "$1"
		run in_netns "$MAKE_DEV"'
			make_dev || exit 99
			"$LXCRUN" --root "$ROOT" create -b "$BUNDLE" "$ID" </dev/null >/dev/null 2>"$TEST_DIR/err"
			st=$?
			cat "$TEST_DIR/err"
			ip -o link show lxrtnd0 >/dev/null || echo "device gone"
			exit $st'
		assert_status 1
		assert_output_contains "$2"
		assert_output_not_contains "device gone"
		assert_nothing_left
		[ ! -e "$ROOT/$ID" ]
	}
	cp "$BUNDLE/config.json" "$TEST_DIR/orig.json"
	check '.linux.netDevices = {"lxrtnone0": {}}' 'linux.netDevices.lxrtnone0: no network device "lxrtnone0"'
	check '.linux.netDevices = {"lxrtnd0": {}} | .linux.namespaces |= map(select(.type != "network"))' \
		'linux.netDevices: requires a new network namespace'
	check '.linux.netDevices = {"lxrtnd0": {"name": "a/b"}}' 'linux.netDevices.lxrtnd0: name: "a/b" is not a network device name'
	check '.linux.netDevices = {"lxrtnd0": {"name": "0123456789abcdef"}}' 'is not a network device name'
	check '.linux.netDevices = {"lxrtnd0": {"name": ".."}}' 'is not a network device name'
	check '.linux.netDevices = {"lxrtnd0": {"name": "lo"}}' "linux.netDevices.lxrtnd0: \"lo\" exists in the container's network namespace"
	check '.linux.netDevices = {"lxrtnd0": {"name": "x0"}, "lo": {"name": "x0"}}' 'linux.netDevices.lo: the name "x0" is also linux.netDevices.lxrtnd0'"'"'s in the container'
}
