# Loaded by every .bats file (`load helpers`); runs under tests/integration/bats-env.
#
# Per test: a private lxcrun root ($ROOT) and bundle ($BUNDLE, a copy of the
# run's template) in $TEST_DIR, and unique ids: $ID, or new_id SUFFIX, all
# starting with $ID_PREFIX = lxrt-<run tag>-<pid>-<test number>. teardown
# force-deletes every container of $ROOT, kills pids recorded with track_pid and
# processes naming $TEST_DIR, removes $TEST_DIR, and fails the test if anything
# is still left (state dirs, cgroups named after $ID_PREFIX, mounts, processes).

if [ -z "${LXCRUN_TEST_RUN:-}" ]; then
	echo "run the integration tests through tests/integration/bats-env FILE.bats" >&2
	exit 1
fi

# shellcheck source=sweep.bash
. "$(dirname "${BASH_SOURCE[0]}")/sweep.bash"

# run --separate-stderr, run -N
bats_require_minimum_version 1.5.0

# shellcheck disable=SC2034 # these are for the .bats files
SUBREAPER=$LXCRUN_TEST_HELPERS/subreaper
# shellcheck disable=SC2034
RECVTTY=$LXCRUN_TEST_HELPERS/recvtty
# shellcheck disable=SC2034
PTYDRIVE=$LXCRUN_TEST_HELPERS/ptydrive
# shellcheck disable=SC2034
NOTIFY_LISTENER=$LXCRUN_TEST_HELPERS/notify-listener

lxrt_setup() {
	TEST_DIR=$LXCRUN_TEST_RUN/t$BATS_TEST_NUMBER
	ROOT=$TEST_DIR/root
	BUNDLE=$TEST_DIR/bundle
	ID_PREFIX=lxrt-$LXCRUN_TEST_TAG-$$-$BATS_TEST_NUMBER
	# shellcheck disable=SC2034 # the container id the tests use
	ID=$ID_PREFIX
	PIDS_FILE=$TEST_DIR/pids
	rm -rf "$TEST_DIR"
	mkdir -p "$TEST_DIR"
	cp -a "$LXCRUN_TEST_RUN/template" "$BUNDLE"
	: >"$PIDS_FILE"
}

lxrt_teardown() {
	local left
	# (background processes a test starts are recorded with track_pid or name
	# $TEST_DIR on their command line: the sweep kills them)
	lxrt_sweep "$TEST_DIR" "$ID_PREFIX"
	if ! left=$(lxrt_leftovers "$TEST_DIR" "$ID_PREFIX" "$ROOT" "$PIDS_FILE"); then
		# remove it anyway, so one leak does not spill into other tests
		rm -rf "${ROOT:?}"/* 2>/dev/null
		lxrt_sweep "$TEST_DIR" "$ID_PREFIX"
		rm -rf "$TEST_DIR"
		echo "# left behind after delete --force:" >&2
		echo "$left" >&2
		return 1
	fi
	rm -rf "$TEST_DIR"
}

setup() {
	lxrt_setup
}

teardown() {
	lxrt_teardown
}

# The lxcrun under test, with this test's private root.
lxcrun() {
	"$LXCRUN" --root "$ROOT" "$@"
}

# new_id SUFFIX: a further container id unique to this test.
new_id() {
	echo "$ID_PREFIX-$1"
}

# update_config [JQ OPTIONS] FILTER: edits $BUNDLE/config.json in place.
# The config file is ${CONFIG:-$BUNDLE/config.json}.
update_config() {
	local f=${CONFIG:-$BUNDLE/config.json}
	jq "$@" <"$f" >"$f.new" && mv "$f.new" "$f"
}

# set_args ARG...: sets process.args (any ARG, also ones starting with -).
set_args() {
	local a=() i
	for ((i = 1; i <= $#; i++)); do
		a+=(--arg "a$i" "${!i}")
	done
	update_config "${a[@]}" --argjson n $# \
		'.process.args = [range(1; $n + 1) as $i | $ARGS.named["a\($i)"]]'
}

# track_pid PID: teardown kills PID if it is still the same process (by start time).
track_pid() {
	echo "$1 $(lxrt_starttime "$1")" >>"$PIDS_FILE"
}

# create_detached ID [CREATE OPTIONS]: lxcrun create -b $BUNDLE with the
# container's stdio on files ($TEST_DIR/ID.out, ID.err; stdin /dev/null), so
# nothing of the test (bats' output capture) is held open by the container.
# Records the container's pid. On failure shows create's stderr.
create_detached() {
	local id=$1
	shift
	if ! lxcrun create -b "$BUNDLE" --pid-file "$TEST_DIR/$id.pid" "$@" "$id" \
		</dev/null >"$TEST_DIR/$id.out" 2>"$TEST_DIR/$id.err"; then
		echo "create $id failed:" >&2
		cat "$TEST_DIR/$id.err" >&2
		return 1
	fi
	track_pid "$(cat "$TEST_DIR/$id.pid")"
}

# create_cmd ID [CREATE OPTIONS]: for `run create_cmd ...`: lxcrun create -b
# $BUNDLE with the container's stdio on files, then prints create's stderr (so
# `run` captures the error without a container holding its pipe open) and
# returns create's status.
create_cmd() {
	local id=$1 st f
	shift
	# ids the runtime must refuse still need a harmless file name
	f=${id//\//_}
	case $f in "" | . | ..) f=_$f ;; esac
	f=$TEST_DIR/$f
	lxcrun create -b "$BUNDLE" "$@" "$id" </dev/null >"$f.out" 2>"$f.err"
	st=$?
	cat "$f.err"
	return $st
}

# lxcrun_detach ID [OPTIONS]: for `run lxcrun_detach ...`: lxcrun run -d -b
# $BUNDLE with the container's stdio on files ($TEST_DIR/ID.out, ID.err), then
# prints run's stderr; returns run's status.
lxcrun_detach() {
	local id=$1 st
	shift
	lxcrun run -d -b "$BUNDLE" "$@" "$id" </dev/null >"$TEST_DIR/$id.out" 2>"$TEST_DIR/$id.err"
	st=$?
	cat "$TEST_DIR/$id.err"
	return $st
}

# run_detached ID [CREATE OPTIONS]: create_detached, then start.
run_detached() {
	create_detached "$@" || return 1
	lxcrun start "$1"
}

# state_field ID FIELD: prints .FIELD of `lxcrun state ID`.
state_field() {
	lxcrun state "$1" | jq -r ".$2"
}

# wait_until SECONDS COMMAND...: retries COMMAND every 50 ms until it succeeds.
wait_until() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@"; do
		if [ "$SECONDS" -ge "$deadline" ]; then
			echo "timed out waiting for: $*" >&2
			return 1
		fi
		sleep 0.05
	done
}

status_is() {
	[ "$(state_field "$1" status)" = "$2" ]
}

# wait_status ID STATUS [SECONDS]
wait_status() {
	wait_until "${3:-20}" status_is "$1" "$2" || {
		echo "container $1 is $(state_field "$1" status), not $2" >&2
		return 1
	}
}

# wait_file PATH [SECONDS]: waits until PATH exists.
wait_file() {
	wait_until "${2:-20}" test -e "$1"
}

# wait_output ID TEXT [SECONDS]: waits until the container's stdout file has TEXT.
wait_output() {
	wait_until "${3:-20}" grep -qF -- "$2" "$TEST_DIR/$1.out" || {
		echo "stdout of $1: $(cat "$TEST_DIR/$1.out")" >&2
		return 1
	}
}

# output_count ID TEXT: how many lines of the container's stdout file contain TEXT.
output_count() {
	grep -cF -- "$2" "$TEST_DIR/$1.out" 2>/dev/null || true
}

# output_count_ge ID TEXT N: at least N lines contain TEXT.
output_count_ge() {
	[ "$(output_count "$1" "$2")" -ge "$3" ]
}

# wait_count ID TEXT N [SECONDS]: waits until N lines of the stdout file contain TEXT.
wait_count() {
	wait_until "${4:-20}" output_count_ge "$1" "$2" "$3" 2>/dev/null || {
		echo "expected $3 lines with \"$2\" in the stdout of $1, got: $(cat "$TEST_DIR/$1.out")" >&2
		return 1
	}
}

# The cgroup2 mount: /sys/fs/cgroup on a pure v2 host, else /sys/fs/cgroup/unified.
cgroup2_root() {
	if [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]; then
		echo /sys/fs/cgroup
	else
		echo /sys/fs/cgroup/unified
	fi
}

# hybrid, v2 or v1: the layout the tests run on (tests/run-all.sh exports
# LXCRUN_TEST_CGROUP_MODE=v2 in its emulated pure cgroup v2 pass, v1 in its
# emulated pure v1 pass, where the cgroup2 mount is hidden).
cgroup_mode() {
	if [ "${LXCRUN_TEST_CGROUP_MODE:-}" = v2 ] || [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]; then
		echo v2
	elif [ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]; then
		echo hybrid
	else
		echo v1
	fi
}

# skip_on_v1 WHY: skips where there is no cgroup2 hierarchy at all.
skip_on_v1() {
	[ "$(cgroup_mode)" != v1 ] || skip "pure cgroup v1 layout (no cgroup2 hierarchy): $1"
}

# main_cgroup PID: the directory of PID's cgroup that lxcrun acts on: its cgroup2
# one, or on a pure v1 host its freezer one.
main_cgroup() {
	if [ "$(cgroup_mode)" = v1 ]; then
		echo "/sys/fs/cgroup/freezer$(awk -F: '$2 == "freezer" { print $3 }' "/proc/$1/cgroup")"
	else
		echo "$(cgroup2_root)$(sed -n 's/^0:://p' "/proc/$1/cgroup")"
	fi
}

# ctr_dir CONTROLLER PID: PID's directory for CONTROLLER: its v1 hierarchy when
# mounted, else the cgroup2 one.
ctr_dir() {
	if [ "$(cgroup_mode)" != v2 ] && [ -d "/sys/fs/cgroup/$1" ]; then
		echo "/sys/fs/cgroup/$1$(awk -F: -v c="$1" '$2 == c { print $3 }' "/proc/$2/cgroup")"
	else
		echo "$(cgroup2_root)$(sed -n 's/^0:://p' "/proc/$2/cgroup")"
	fi
}

# skip_unless_ctrl CONTROLLER [V2NAME]: skips unless a v1 hierarchy or cgroup2 offers it.
skip_unless_ctrl() {
	if [ "$(cgroup_mode)" != v2 ] && [ -d "/sys/fs/cgroup/$1" ]; then
		return 0
	fi
	grep -qw "${2:-$1}" "$(cgroup2_root)/cgroup.controllers" ||
		skip "no $1 controller in this $(cgroup_mode) layout (neither v1 nor cgroup2 offers it here)"
}

# value_is CONTROLLER FILE EXPECTED: the file of the container ($PID) reads EXPECTED.
value_is() {
	local d
	d=$(ctr_dir "$1" "$PID")
	assert_equal "$(cat "$d/$2")" "$3" "$d/$2"
}

# skip_unless_v1 CONTROLLER: skips where that v1 controller is not mounted.
skip_unless_v1() {
	if [ "$(cgroup_mode)" = v2 ] || [ ! -d "/sys/fs/cgroup/$1" ]; then
		skip "needs the cgroup v1 $1 controller, absent on this (pure cgroup v2) layout"
	fi
}

# assert_nothing_left: no state dir in $ROOT, no cgroup named after $ID_PREFIX,
# no mount or process naming $TEST_DIR, no recorded pid alive.
assert_nothing_left() {
	local left
	if ! left=$(lxrt_leftovers "$TEST_DIR" "$ID_PREFIX" "$ROOT" "$PIDS_FILE"); then
		echo "left behind:" >&2
		echo "$left" >&2
		return 1
	fi
}

# assert_dirs_gone DIR...: none of the (cgroup) directories exists any more.
assert_dirs_gone() {
	local d
	for d in "$@"; do
		[ ! -d "$d" ] || {
			echo "$d left behind" >&2
			return 1
		}
	done
}

# Assertions with messages (bats 1.8 has no bats-assert here).
assert_status() {
	if [ "$status" -ne "$1" ]; then
		echo "expected exit status $1, got $status; output:" >&2
		echo "$output" >&2
		return 1
	fi
}

# assert_output_contains TEXT: $output (from `run`) contains TEXT.
assert_output_contains() {
	if [[ "$output" != *"$1"* ]]; then
		echo "expected output to contain: $1" >&2
		echo "output was: $output" >&2
		return 1
	fi
}

assert_output_not_contains() {
	if [[ "$output" == *"$1"* ]]; then
		echo "expected output not to contain: $1" >&2
		echo "output was: $output" >&2
		return 1
	fi
}

# assert_equal ACTUAL EXPECTED [WHAT]
assert_equal() {
	if [ "$1" != "$2" ]; then
		echo "${3:-value}: expected \"$2\", got \"$1\"" >&2
		return 1
	fi
}

# assert_match ACTUAL REGEX [WHAT]
assert_match() {
	if ! [[ "$1" =~ $2 ]]; then
		echo "${3:-value}: \"$1\" does not match /$2/" >&2
		return 1
	fi
}

# run_in_container ARG...: runs ARG... in a fresh container (foreground `run`)
# with this test's bundle; sets $status and $output (stdout+stderr).
run_in_container() {
	local id
	id=$(new_id "c$((++LXRT_RUN_COUNT))")
	set_args "$@"
	run lxcrun run -b "$BUNDLE" "$id" </dev/null
}
LXRT_RUN_COUNT=0
