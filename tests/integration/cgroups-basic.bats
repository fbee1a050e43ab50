#!/usr/bin/env bats
# linux.cgroupsPath (absolute, relative, default) and linux.resources.

load helpers

# The mount point of the hierarchy of a /proc/PID/cgroup line's controller field.
hierarchy_dir() {
	local ctrl=$1
	if [ -z "$ctrl" ]; then
		cgroup2_root
	elif [ "$ctrl" = name=systemd ]; then
		echo /sys/fs/cgroup/systemd
	else
		echo "/sys/fs/cgroup/$ctrl"
	fi
}

# mounted_lines FILE: the lines of a /proc/PID/cgroup file whose hierarchy is
# mounted here (on an emulated v2 host the kernel still lists the v1 ones).
mounted_lines() {
	local n ctrl path d t
	while IFS=: read -r n ctrl path; do
		d=$(hierarchy_dir "$ctrl")
		[ -d "$d" ] || continue
		t=$(stat -f -c %T "$d")
		if { [ -z "$ctrl" ] && [ "$t" = cgroup2fs ]; } || { [ -n "$ctrl" ] && [ "$t" = cgroupfs ]; }; then
			echo "$n:$ctrl:$path"
		fi
	done <"$1"
}

# expected_cgroup PATH: the /proc/PID/cgroup lines of a process placed at PATH,
# PATH absolute or relative to the caller's (our) cgroups, sorted.
expected_cgroup() {
	local n ctrl cur
	while IFS=: read -r n ctrl cur; do
		if [ "${1:0:1}" = / ]; then
			echo "$n:$ctrl:$1"
		else
			echo "$n:$ctrl:${cur%/}/$1"
		fi
	done < <(mounted_lines /proc/self/cgroup) | sort
}

# assert_placed PID PATH: every mounted hierarchy puts PID at PATH.
assert_placed() {
	local want got
	want=$(expected_cgroup "$2")
	got=$(mounted_lines "/proc/$1/cgroup" | sort)
	if [ "$got" != "$want" ]; then
		echo "/proc/$1/cgroup:" >&2
		echo "$got" >&2
		echo "expected:" >&2
		echo "$want" >&2
		return 1
	fi
}

# cgroup_dirs PID: the cgroup directories of PID in every mounted hierarchy.
cgroup_dirs() {
	local n ctrl path
	while IFS=: read -r n ctrl path; do
		echo "$(hierarchy_dir "$ctrl")$path"
	done < <(mounted_lines "/proc/$1/cgroup")
}

@test "cgroups: empty cgroupsPath is lxcrun-ID below the caller's cgroup" {
	create_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	assert_placed "$pid" "lxcrun-$ID"
	dirs=$(cgroup_dirs "$pid")
	lxcrun delete --force "$ID"
	# shellcheck disable=SC2086 # one directory per word
	assert_dirs_gone $dirs
	assert_nothing_left
}

@test "cgroups: an absolute cgroupsPath" {
	path=/$ID_PREFIX-abs
	update_config --arg p "$path" '.linux.cgroupsPath = $p'
	set_args sleep 1000
	run_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	assert_placed "$pid" "$path"
	cg=$(main_cgroup "$pid")
	[ -d "$cg" ] && [[ "$cg" == *"$path" ]]
	dirs=$(cgroup_dirs "$pid")
	lxcrun delete --force "$ID"
	# shellcheck disable=SC2086 # one directory per word
	assert_dirs_gone $dirs
	assert_nothing_left
}

@test "cgroups: a relative cgroupsPath" {
	path=$ID_PREFIX-rel
	update_config --arg p "$path" '.linux.cgroupsPath = $p'
	set_args sleep 1000
	run_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	assert_placed "$pid" "$path"
	lxcrun delete --force "$ID"
	assert_nothing_left
}

@test "cgroups: delete removes only the cgroups it created" {
	# a parent cgroup made by us in every hierarchy; the container goes below it
	parent=/$ID_PREFIX-parent
	mounted_lines /proc/self/cgroup >"$TEST_DIR/hierarchies"
	while IFS=: read -r n ctrl cur; do
		d=$(hierarchy_dir "$ctrl")$parent
		mkdir "$d"
		# a new v1 cpuset cgroup starts without cpus and mems
		if [ "$ctrl" = cpuset ]; then
			cat "$(dirname "$d")/cpuset.cpus" >"$d/cpuset.cpus"
			cat "$(dirname "$d")/cpuset.mems" >"$d/cpuset.mems"
		fi
	done <"$TEST_DIR/hierarchies"
	update_config --arg p "$parent/ctr" '.linux.cgroupsPath = $p'
	set_args sleep 1000
	run_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	assert_placed "$pid" "$parent/ctr"
	lxcrun delete --force "$ID"
	while IFS=: read -r n ctrl cur; do
		d=$(hierarchy_dir "$ctrl")$parent
		[ -d "$d" ] || {
			echo "delete removed $d, which the test created" >&2
			return 1
		}
		[ ! -d "$d/ctr" ] || {
			echo "$d/ctr left after delete" >&2
			return 1
		}
		rmdir "$d"
	done <"$TEST_DIR/hierarchies"
	assert_nothing_left
}

@test "cgroups: the container sees its own cgroup as the root (cgroup namespace)" {
	set_args cat /proc/self/cgroup
	run lxcrun run -b "$BUNDLE" "$ID" </dev/null
	assert_status 0
	assert_match "$output" $'(^|\n)0::/(\n|$)' "cgroup2 line inside"
}

# v1_dir CONTROLLER PID: the container's directory in that v1 hierarchy.
v1_dir() {
	echo "/sys/fs/cgroup/$1$(awk -F: -v c="$1" '$2 == c { print $3 }' "/proc/$2/cgroup")"
}

# resource_written CONTROLLER FILE JQ-RESOURCE VALUE: sets the resource, creates
# the container, and checks the value in the controller's file.
resource_written() {
	skip_unless_v1 "$1"
	update_config ".linux.resources.$3"
	create_detached "$ID"
	d=$(v1_dir "$1" "$(cat "$TEST_DIR/$ID.pid")")
	assert_equal "$(cat "$d/$2")" "$4" "$d/$2"
}

@test "cgroups: pids.limit is written to pids.max" {
	resource_written pids pids.max 'pids = {"limit": 42}' 42
}

@test "cgroups: memory.limit is written to memory.limit_in_bytes" {
	resource_written memory memory.limit_in_bytes 'memory = {"limit": 67108864}' 67108864
}

@test "cgroups: cpu.shares is written" {
	resource_written cpu cpu.shares 'cpu = {"shares": 512}' 512
}

@test "cgroups: the pids limit holds inside the container" {
	skip_unless_v1 pids
	update_config '.linux.resources.pids = {"limit": 5}'
	set_args sh -c 'for i in 1 2 3 4 5 6 7 8; do sleep 1000 & done 2>/dev/null; echo forked; exec sleep 1000'
	create_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	d=$(v1_dir pids "$pid")
	lxcrun start "$ID"
	# the kernel refused forks beyond the limit (busybox sh may exit on that)
	wait_until 10 grep -qE '^max [1-9]' "$d/pids.events"
	[ "$(cat "$d/pids.current")" -le 5 ]
}

@test "cgroups: linux.resources.unified sets cgroup2 files (refused without cgroup2)" {
	update_config '.linux.resources.unified = {"cgroup.max.descendants": "7"}'
	if [ "$(cgroup_mode)" = v1 ]; then
		run lxcrun create --bundle "$BUNDLE" "$ID"
		assert_status 1
		assert_output_contains "linux.resources.unified: this host has no cgroup v2 hierarchy"
		assert_nothing_left
		return
	fi
	create_detached "$ID"
	pid=$(cat "$TEST_DIR/$ID.pid")
	d=$(cgroup2_root)$(sed -n 's/^0:://p' "/proc/$pid/cgroup")
	assert_equal "$(cat "$d/cgroup.max.descendants")" 7 "$d/cgroup.max.descendants"
}
