#!/usr/bin/env bats
# podman + conmon driving lxcrun end to end (`podman --runtime $CLIENT_RUNTIME`).
#
# One private podman store per file (setup_file): its own --root, --runroot and
# --tmpdir under the run dir, vfs storage, file locks and events, a generated
# containers.conf (cgroupfs, no network, the host's rlimits: see doc/podman.md)
# and a busybox image made with `podman import`. podman runs from a scratch cwd
# (conmon drops an `oom` file into it). Every test then proves nothing is left:
# no container in the store, no conmon or cleanup process, no libpod-<id>
# cgroup, no lxcrun state dir (podman calls lxcrun without --root, so those are
# in /run/lxcrun), no mount of the store. The ids to check come from the
# store's event log.

load ../integration/helpers
load clients

PM_DIR=$LXCRUN_TEST_RUN/podman
PM_IMAGE=localhost/lxrt-busybox
PM_STATE_ROOT=/run/lxcrun

# pm ARG...: podman with the private store and lxcrun ($PM_DIR/pm, a script
# so ptydrive and pipelines can run it too).
pm() {
	"$PM_DIR/pm" "$@"
}

# Writes $PM_DIR/pm: runs podman from the scratch cwd with no fd beyond stdio
# (bats' own fds must not reach conmon, which outlives podman) unless
# PM_KEEP_FDS=N keeps 3..3+N-1 (for --preserve-fds).
write_pm_script() {
	cat >"$PM_DIR/pm" <<-EOF
		#!/bin/bash
		keep=\$((3 + \${PM_KEEP_FDS:-0}))
		for f in /proc/\$\$/fd/*; do
			fd=\${f##*/}
			[ "\$fd" -ge "\$keep" ] 2>/dev/null && [ "\$fd" != 255 ] && eval "exec \$fd>&-" 2>/dev/null
		done
		cd "$PM_DIR/cwd" || exit 125
		CONTAINERS_CONF="$PM_DIR/containers.conf" exec podman \\
			--root "$PM_DIR/storage" --runroot "$PM_DIR/runroot" --tmpdir "$PM_DIR/tmp" \\
			--storage-driver vfs --runtime "$CLIENT_RUNTIME" "\$@"
	EOF
	chmod 755 "$PM_DIR/pm"
}

# The init podman bind-mounts for --init: catatonit where Debian installs it,
# else tini's static build (the image has no libc).
pm_init_path() {
	local p
	for p in /usr/libexec/podman/catatonit /usr/bin/catatonit /usr/bin/tini-static; do
		[ -x "$p" ] && echo "$p" && return 0
	done
	return 1
}

setup_file() {
	command -v podman >/dev/null || skip "podman is not installed (apt-get install podman)"
	command -v conmon >/dev/null || skip "conmon is not installed (apt-get install conmon)"
	local nofile nproc init
	# a podman run costs 5-10 times a bare lxcrun run (podman, conmon, the
	# cleanup command): on a loaded 2-core host the 50-container test needs
	# more than bats-env's default 180 s per test
	[ "${BATS_TEST_TIMEOUT:-0}" -ge 600 ] || export BATS_TEST_TIMEOUT=600
	mkdir -p "$PM_DIR/cwd" "$PM_DIR/tmp" "$PM_DIR/vol"
	# podman's defaults for root (1048576) exceed this host's hard limits and
	# podman itself runs with NPROC at most 32768: setrlimit would fail in lxcrun
	nofile=$(ulimit -Hn)
	nproc=$(ulimit -Hu)
	[ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ] && nproc=32768
	[ "$nofile" = unlimited ] && nofile=1048576
	init=$(pm_init_path) || init=/nonexistent
	write_pm_script
	cat >"$PM_DIR/containers.conf" <<-EOF
		[containers]
		netns = "none"
		default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
		init_path = "$init"
		[engine]
		cgroup_manager = "cgroupfs"
		events_logger = "file"
		lock_type = "file"
		pull_policy = "never"
		runtime_supports_json = ["crun", "runc", "kata", "runsc", "krun", "lxcrun"]
	EOF
	# podman makes libpod_parent on first use; remove it afterwards only if we made it
	[ -d /sys/fs/cgroup/memory/libpod_parent ] || [ -d "$(cgroup2_root)/libpod_parent" ] ||
		touch "$PM_DIR/made-libpod-parent"
	rootfs_tar "$PM_DIR/rootfs.tar"
	pm import "$PM_DIR/rootfs.tar" "$PM_IMAGE" >"$PM_DIR/import.log" 2>&1 || {
		cat "$PM_DIR/import.log" >&2
		return 1
	}
}

teardown_file() {
	local d
	[ -d "$PM_DIR" ] || return 0
	pm rm -fa -t 0 >/dev/null 2>&1
	pm rmi -fa >/dev/null 2>&1
	if [ -e "$PM_DIR/made-libpod-parent" ]; then
		for d in /sys/fs/cgroup/*/libpod_parent/conmon /sys/fs/cgroup/*/libpod_parent; do
			[ -d "$d" ] && rmdir "$d" 2>/dev/null
		done
	fi
	return 0
}

setup() {
	lxrt_setup
	# the events since this test began name every container it made
	PM_EVENTS_FROM=$(($(wc -l <"$PM_DIR/tmp/events/events.log" 2>/dev/null || echo 0) + 1))
}

# Ids of every container this test made (from podman's event log).
pm_test_ids() {
	tail -n "+$PM_EVENTS_FROM" "$PM_DIR/tmp/events/events.log" 2>/dev/null |
		jq -r 'select(.Type == "container") | .ID' | sort -u
}

# Prints what the test left behind (nothing: status 0).
pm_leftovers() {
	local out="" id x
	x=$(pm ps -aq 2>&1)
	[ -z "$x" ] || out+="containers: $x"$'\n'
	for id in $(pm_test_ids); do
		[ -e "$PM_STATE_ROOT/$id" ] && out+="lxcrun state dir: $PM_STATE_ROOT/$id"$'\n'
		for x in /sys/fs/cgroup/*/libpod_parent/libpod-"$id" "$(cgroup2_root)/libpod_parent/libpod-$id"; do
			[ -d "$x" ] && out+="cgroup: $x"$'\n'
		done
	done
	for x in $(lxrt_pids_mentioning "$PM_DIR/storage"); do
		out+="process $x: $(tr '\0' ' ' <"/proc/$x/cmdline" 2>/dev/null | cut -c1-200)"$'\n'
	done
	x=$(grep -F -- "$PM_DIR/" /proc/self/mountinfo)
	[ -z "$x" ] || out+="mount: $x"$'\n'
	[ -z "$out" ] && return 0
	printf '%s' "$out"
	return 1
}

pm_nothing_left() {
	pm_leftovers >/dev/null
}

# assert_pm_clean: nothing of podman's is left (conmon's cleanup command may
# still be finishing: wait for it, with a generous deadline).
assert_pm_clean() {
	wait_until 60 pm_nothing_left 2>/dev/null || {
		echo "left behind:" >&2
		pm_leftovers >&2
		return 1
	}
}

teardown() {
	local ok=0 id pid
	pm rm -fa -t 0 >/dev/null 2>&1
	assert_pm_clean || {
		ok=1
		for id in $(pm_test_ids); do
			[ -e "$PM_STATE_ROOT/$id" ] && "$LXCRUN" delete --force "$id" >/dev/null 2>&1
		done
		for pid in $(lxrt_pids_mentioning "$PM_DIR/storage"); do
			kill -KILL "$pid" 2>/dev/null
		done
	}
	lxrt_teardown || ok=1
	return $ok
}

# pm_pid NAME: the host pid of the container's init, as podman records it.
pm_pid() {
	pm inspect -f '{{.State.Pid}}' "$1"
}

pm_status_is() {
	[ "$(pm inspect -f '{{.State.Status}}' "$1")" = "$2" ]
}

# lxcrun's own view of a container podman made (podman passes no --root).
lxcrun_status() {
	"$LXCRUN" state "$1" | jq -r .status
}

@test "podman run attached: output, exit codes 0 and 3, the runtime is lxcrun" {
	run --separate-stderr pm run --rm "$PM_IMAGE" echo hello
	assert_status 0
	assert_equal "$output" hello "stdout"
	run pm run --rm "$PM_IMAGE" sh -c 'exit 3'
	assert_status 3
	run pm run --name attached "$PM_IMAGE" true
	assert_status 0
	run pm inspect -f '{{.OCIRuntime}} {{.State.ExitCode}}' attached
	assert_equal "$output" "$CLIENT_RUNTIME 0" "runtime and exit code"
}

@test "podman run -d: running under lxcrun, State.Pid is the container's init" {
	run pm run -d --name det "$PM_IMAGE" sleep 1000
	assert_status 0
	assert_match "$output" '^[0-9a-f]{64}$' "container id"
	id=$output
	assert_equal "$(pm inspect -f '{{.State.Status}}' det)" running "podman status"
	assert_equal "$(lxcrun_status "$id")" running "lxcrun state"
	pid=$(pm_pid det)
	assert_equal "$("$LXCRUN" state "$id" | jq -r .pid)" "$pid" "lxcrun's pid"
	assert_equal "$(cat "/proc/$pid/comm")" sleep "comm of State.Pid"
	# its own pid namespace, where it is pid 1
	[ "$(readlink "/proc/$pid/ns/pid")" != "$(readlink /proc/self/ns/pid)" ]
	assert_equal "$(awk '/^NSpid/ { print $NF }' "/proc/$pid/status")" 1 "pid inside"
	# conmon is its parent (re-parented to the subreaper), nothing of lxcrun stays
	ppid=$(awk '/^PPid/ { print $2 }' "/proc/$pid/status")
	assert_equal "$(cat "/proc/$ppid/comm")" conmon "parent of the init"
	# podman top sees the container's processes only
	run pm top det pid args
	assert_status 0
	assert_equal "$(echo "$output" | sed 1d | awk '{ print $1 }' | tr '\n' ' ')" "1 " "pids in top"
	pm exec -d det sleep 999
	wait_until 20 eval '[ "$(pm top det pid | sed 1d | wc -l)" -eq 2 ]'
	run pm top det args
	assert_output_contains "sleep 999"
	assert_output_not_contains "conmon"
	pm rm -f -t 0 det
	[ ! -e "/proc/$pid" ] || [ "$(lxrt_procstate "$pid")" = Z ]
}

@test "podman run -i: stdin reaches the container; without -i it does not" {
	run bash -c 'echo piped-in | "$0" run --rm -i "$1" cat' "$PM_DIR/pm" "$PM_IMAGE"
	assert_status 0
	assert_equal "$output" piped-in "output of cat"
	run bash -c 'echo piped-in | "$0" run --rm "$1" cat' "$PM_DIR/pm" "$PM_IMAGE"
	assert_status 0
	assert_equal "$output" "" "output of cat without -i"
}

@test "podman run -t: a terminal of the right size, exit code passed on" {
	run "$PTYDRIVE" -t 60 -s 33x91 "$PM_DIR/pm" run --rm -t "$PM_IMAGE" \
		sh -c 'tty; stty size; [ -t 0 ] && echo stdin-is-tty; exit 6'
	assert_status 0
	assert_output_contains "/dev/pts/0"
	assert_output_contains "33 91"
	assert_output_contains "stdin-is-tty"
	assert_output_contains "ptydrive: exit 6"
}

@test "podman exec: output, exit codes, 127 missing, 126 not executable, -i, env/user/workdir" {
	pm run -d --name ex "$PM_IMAGE" sleep 1000 >/dev/null
	run --separate-stderr pm exec ex echo from-exec
	assert_status 0
	assert_equal "$output" from-exec "exec output"
	run pm exec ex sh -c 'exit 5'
	assert_status 5
	run -127 pm exec ex /no/such/program
	assert_status 127
	assert_output_contains "no such file or directory"
	run -127 pm exec ex no-such-program
	assert_status 127
	run pm exec ex /etc/passwd
	assert_status 126
	assert_output_contains "permission denied"
	run bash -c 'echo exec-stdin | "$0" exec -i ex cat' "$PM_DIR/pm"
	assert_status 0
	assert_equal "$output" exec-stdin "exec -i"
	run --separate-stderr pm exec -e EV=42 -u 1000:1000 -w /tmp ex sh -c 'echo $EV $(id -u):$(id -g) $PWD'
	assert_equal "$output" "42 1000:1000 /tmp" "exec env, user, workdir"
	# the container is unaffected
	assert_equal "$(pm inspect -f '{{.State.Status}}' ex)" running "status"
}

@test "podman exec -t: an interactive shell on a terminal" {
	pm run -d --name ext "$PM_IMAGE" sleep 1000 >/dev/null
	run "$PTYDRIVE" -t 60 -s 21x77 -w '# ' -i 'stty size; tty; exit 9\r' "$PM_DIR/pm" exec -it ext sh
	assert_status 0
	assert_output_contains "21 77"
	assert_output_contains "/dev/pts/"
	assert_output_contains "ptydrive: exit 9"
	assert_output_contains "ptydrive: termios restored"
}

@test "podman run: a missing program exits 127, a non-executable one 126, nothing left" {
	run -127 pm run --rm "$PM_IMAGE" /no/such/program
	assert_status 127
	assert_output_contains "no such file or directory"
	run -127 pm run --rm "$PM_IMAGE" no-such-program
	assert_status 127
	run pm run --rm "$PM_IMAGE" /etc/passwd
	assert_status 126
	assert_output_contains "permission denied"
}

@test "podman stop: SIGTERM to a trapping shell; SIGKILL after -t for one ignoring it" {
	pm run -d --name trap "$PM_IMAGE" sh -c \
		'trap "echo got-term; exit 7" TERM; echo ready; while :; do sleep 1; done' >/dev/null
	wait_until 20 eval 'pm logs trap | grep -q ready'
	run pm stop -t 30 trap
	assert_status 0
	assert_equal "$(pm inspect -f '{{.State.ExitCode}}' trap)" 7 "exit code after TERM"
	run pm logs trap
	assert_output_contains got-term
	# pid 1 without a TERM handler: the kernel ignores TERM, podman kills after -t
	pm run -d --name ign "$PM_IMAGE" sleep 1000 >/dev/null
	start=$SECONDS
	run pm stop -t 2 ign
	assert_status 0
	[ $((SECONDS - start)) -ge 2 ] || {
		echo "stop returned before the 2 s timeout" >&2
		return 1
	}
	assert_equal "$(pm inspect -f '{{.State.ExitCode}}' ign)" 137 "exit code after KILL"
	assert_equal "$(pm inspect -f '{{.State.Status}}' ign)" exited "status"
}

@test "podman kill -s: the signal reaches the trapping shell; kill ends it (137)" {
	pm run -d --name sig "$PM_IMAGE" sh -c \
		'trap "echo got-usr1" USR1; echo ready; while :; do sleep 1; done' >/dev/null
	wait_until 20 eval 'pm logs sig | grep -q ready'
	run pm kill -s USR1 sig
	assert_status 0
	wait_until 20 eval 'pm logs sig | grep -q got-usr1'
	assert_equal "$(pm inspect -f '{{.State.Status}}' sig)" running "status after USR1"
	run pm kill sig
	assert_status 0
	wait_until 20 pm_status_is sig exited
	assert_equal "$(pm inspect -f '{{.State.ExitCode}}' sig)" 137 "exit code"
}

@test "podman pause / unpause: frozen (cgroup.freeze), then running again" {
	id=$(pm run -d --name pz "$PM_IMAGE" sh -c 'i=0; while :; do i=$((i+1)); echo $i >/dev/shm/tick; sleep 0.1; done')
	pid=$(pm_pid pz)
	tick=/proc/$pid/root/dev/shm/tick
	wait_file "$tick"
	run pm pause pz
	assert_status 0
	assert_equal "$(pm inspect -f '{{.State.Status}}' pz)" paused "podman status"
	assert_equal "$(lxcrun_status "$id")" paused "lxcrun state"
	# lxcrun freezes through cgroup2's cgroup.freeze (on hybrid hosts too)
	cg2=$(cgroup2_root)$(sed -n 's/^0:://p' "/proc/$pid/cgroup")
	assert_equal "$(cat "$cg2/cgroup.freeze")" 1 "cgroup.freeze"
	grep -qx "frozen 1" "$cg2/cgroup.events"
	# a frozen loop counts no further
	a=$(cat "$tick")
	sleep 0.5
	assert_equal "$(cat "$tick")" "$a" "counter while paused"
	run pm unpause pz
	assert_status 0
	assert_equal "$(pm inspect -f '{{.State.Status}}' pz)" running "status after unpause"
	assert_equal "$(lxcrun_status "$id")" running "lxcrun state after unpause"
	wait_until 20 eval '[ "$(cat "$tick")" != "$a" ]'
}

@test "podman rm -f of a running container: init, conmon, cgroup and state gone" {
	id=$(pm run -d --name rmf "$PM_IMAGE" sleep 1000)
	pid=$(pm_pid rmf)
	[ -d "$PM_STATE_ROOT/$id" ]
	run pm rm -f -t 0 rmf
	assert_status 0
	run pm ps -aq
	assert_equal "$output" "" "containers"
	[ ! -e "/proc/$pid" ] || [ "$(lxrt_procstate "$pid")" = Z ]
	[ ! -e "$PM_STATE_ROOT/$id" ]
	assert_pm_clean
}

@test "podman restart: a new init, the process runs again" {
	pm run -d --name rs "$PM_IMAGE" sh -c 'echo started; exec sleep 1000' >/dev/null
	pid1=$(pm_pid rs)
	wait_until 20 eval '[ "$(pm logs rs | grep -c started)" -eq 1 ]'
	run pm restart -t 0 rs
	assert_status 0
	pid2=$(pm_pid rs)
	[ "$pid2" != "$pid1" ]
	[ "$pid2" -gt 0 ]
	assert_equal "$(pm inspect -f '{{.State.Status}}' rs)" running "status"
	assert_equal "$(cat "/proc/$pid2/comm")" sleep "comm"
	wait_until 20 eval '[ "$(pm logs rs | grep -c started)" -eq 2 ]'
}

@test "podman run: env, workdir, user, hostname" {
	run --separate-stderr pm run --rm -e FOO=bar -w /tmp -u 1000:1000 --hostname lxrt-podman-h \
		"$PM_IMAGE" sh -c 'echo "$FOO|$PWD|$(id -u):$(id -g)|$(hostname)"'
	assert_status 0
	assert_equal "$output" "bar|/tmp|1000:1000|lxrt-podman-h" "env|cwd|user|hostname"
}

@test "podman run --read-only: the root is read-only" {
	# --read-only-tmpfs=false: only the root, no tmpfs mounts (next test)
	run pm run --rm --read-only --read-only-tmpfs=false "$PM_IMAGE" sh -c \
		'touch /x; awk "\$2 == \"/\" { print \$4 }" /proc/mounts'
	assert_status 0
	assert_output_contains "Read-only file system"
	assert_match "$(echo "$output" | tail -1)" '^ro(,|$)' "options of /"
	run pm run --rm "$PM_IMAGE" sh -c 'touch /x && echo writable'
	assert_output_contains writable
}

@test "podman run --read-only with its writable tmpfs (/tmp, /run, /var/tmp; tmpcopyup)" {
	run pm run --rm --read-only "$PM_IMAGE" sh -c \
		'touch /tmp/x /run/x /var/tmp/x && echo tmp-ok; stat -c "%a %F" /tmp; grep " /tmp " /proc/mounts; touch /x'
	assert_status 1
	assert_output_contains tmp-ok
	# the image's /tmp mode (1777) carried over to the tmpfs
	assert_output_contains "1777 directory"
	assert_output_contains "tmpfs /tmp tmpfs rw"
	assert_output_contains "Read-only file system"
}

@test "podman run -v: bind mounts read-only and read-write" {
	echo host-data >"$PM_DIR/vol/in"
	run pm run --rm -v "$PM_DIR/vol:/v:ro" "$PM_IMAGE" sh -c 'cat /v/in; echo x >/v/out'
	assert_status 1
	assert_output_contains host-data
	assert_output_contains "Read-only file system"
	[ ! -e "$PM_DIR/vol/out" ]
	run pm run --rm -v "$PM_DIR/vol:/v" "$PM_IMAGE" sh -c 'echo from-container >/v/out'
	assert_status 0
	assert_equal "$(cat "$PM_DIR/vol/out")" from-container "file written through the bind"
	rm -f "$PM_DIR/vol/out"
}

@test "podman run --memory: the limit is set and enforced (OOM kill: 137)" {
	skip_unless_ctrl memory
	pm run -d --name mem --memory 32m "$PM_IMAGE" sleep 1000 >/dev/null
	pid=$(pm_pid mem)
	if [ "$(cgroup_mode)" = hybrid ]; then
		value_file=memory.limit_in_bytes
	else
		value_file=memory.max
	fi
	assert_equal "$(cat "$(ctr_dir memory "$pid")/$value_file")" 33554432 "$value_file"
	pm rm -f -t 0 mem >/dev/null
	run pm run --rm --memory 32m --memory-swap 32m "$PM_IMAGE" sh -c 'x=a; while :; do x=$x$x; done'
	assert_status 137
}

@test "podman run --pids-limit: pids.max set, fork fails at the limit" {
	skip_unless_ctrl pids
	pm run -d --name pids --pids-limit 5 "$PM_IMAGE" sleep 1000 >/dev/null
	pid=$(pm_pid pids)
	d=$(ctr_dir pids "$pid")
	assert_equal "$(cat "$d/pids.max")" 5 "pids.max"
	# the init, this shell and 3 sleeps make 5: the 4th sleep cannot be forked
	run pm exec pids sh -c 'for i in 1 2 3 4 5 6; do sleep 1000 & echo forked $i; done'
	assert_output_contains "can't fork"
	assert_equal "$(grep -c forked <<<"$output")" 3 "sleeps forked"
	# the shell gave up and exited: the init and the 3 sleeps remain
	assert_equal "$(cat "$d/pids.current")" 4 "pids.current"
}

@test "podman run --cap-add / --cap-drop: CapEff changes by exactly those bits" {
	# CAP_CHOWN is bit 0, CAP_SYS_ADMIN bit 21
	run --separate-stderr pm run --rm "$PM_IMAGE" awk '/^CapEff/ { print $2 }' /proc/self/status
	assert_status 0
	def=$((16#$output))
	[ $((def & 1)) -eq 1 ] && [ $((def & (1 << 21))) -eq 0 ]
	run --separate-stderr pm run --rm --cap-add SYS_ADMIN --cap-drop CHOWN "$PM_IMAGE" \
		awk '/^CapEff/ { print $2 }' /proc/self/status
	assert_status 0
	assert_equal "$((16#$output))" "$(((def & ~1) | (1 << 21)))" "CapEff"
	run --separate-stderr pm run --rm --cap-drop ALL "$PM_IMAGE" awk '/^CapEff/ { print $2 }' /proc/self/status
	assert_equal "$output" 0000000000000000 "CapEff with --cap-drop ALL"
}

@test "podman run: the default seccomp filter is loaded; seccomp=unconfined loads none" {
	run --separate-stderr pm run --rm "$PM_IMAGE" awk '/^Seccomp:/ { print $2 }' /proc/self/status
	assert_status 0
	assert_equal "$output" 2 "Seccomp mode"
	run --separate-stderr pm run --rm --security-opt seccomp=unconfined "$PM_IMAGE" \
		awk '/^Seccomp:/ { print $2 }' /proc/self/status
	assert_status 0
	assert_equal "$output" 0 "Seccomp mode with seccomp=unconfined"
}

@test "podman run --privileged: every capability, no seccomp, the host's devices" {
	blk=$(ls /sys/block | head -1)
	run --separate-stderr pm run --rm --privileged "$PM_IMAGE" sh -c \
		"awk '/^CapEff|^CapBnd|^Seccomp:/ { print \$2 }' /proc/self/status; ls /dev/$blk"
	assert_status 0
	host_bnd=$(awk '/^CapBnd/ { print $2 }' /proc/self/status)
	assert_equal "$(echo "$output" | tr '\n' ' ')" "$host_bnd $host_bnd 0 /dev/$blk " "CapEff CapBnd Seccomp device"
	run pm run --rm "$PM_IMAGE" ls "/dev/$blk"
	assert_status 1
}

@test "podman run --init: podman's init is pid 1 and reaps; the exit code passes through" {
	init=$(pm_init_path) || skip "neither catatonit nor tini-static is installed (podman --init needs one)"
	run --separate-stderr pm run --rm --init "$PM_IMAGE" sh -c \
		'tr "\0" " " </proc/1/cmdline; echo; echo "sh=$$"; exit 4'
	assert_status 4
	assert_match "$(echo "$output" | head -1)" '^/run/podman-init -- sh -c ' "pid 1"
	assert_output_not_contains "sh=1"
	# the init is the one configured, bind-mounted from the host
	assert_equal "$(grep -c podman-init <<<"$output")" 1 "init lines"
	[ -x "$init" ]
}

@test "podman run --preserve-fds: fd 3 reaches the container, nothing beyond it" {
	echo preserved-data >"$PM_DIR/vol/fd3"
	PM_KEEP_FDS=1 run --separate-stderr pm run --rm --preserve-fds 1 "$PM_IMAGE" sh -c \
		'cat <&3; ls /proc/self/fd | tr "\n" " "' 3<"$PM_DIR/vol/fd3"
	assert_status 0
	assert_equal "$(echo "$output" | head -1)" preserved-data "read from fd 3"
	# ls's own directory fd is the 4th
	assert_equal "$(echo "$output" | tail -1)" "0 1 2 3 4 " "open fds"
	rm -f "$PM_DIR/vol/fd3"
}

@test "podman create then start: created in between, start -a gives output and exit code, logs" {
	id=$(pm create --name cs "$PM_IMAGE" sh -c 'echo created-then-started; exit 4')
	assert_equal "$(pm inspect -f '{{.State.Status}}' cs)" created "status"
	# podman creates in the runtime only at start (conmon runs lxcrun create)
	[ ! -e "$PM_STATE_ROOT/$id" ]
	run pm start -a cs
	assert_status 4
	assert_output_contains created-then-started
	assert_equal "$(pm inspect -f '{{.State.ExitCode}}' cs)" 4 "exit code"
	run --separate-stderr pm logs cs
	assert_equal "$output" created-then-started "logs"
}

@test "podman --pid container:X / --network container:X share X's namespaces" {
	pm run -d --name nsx "$PM_IMAGE" sleep 1000 >/dev/null
	pm run -d --name nsy --pid container:nsx --network container:nsx "$PM_IMAGE" sleep 999 >/dev/null
	x=$(pm_pid nsx)
	y=$(pm_pid nsy)
	for ns in pid net; do
		assert_equal "$(readlink "/proc/$y/ns/$ns")" "$(readlink "/proc/$x/ns/$ns")" "$ns namespace"
	done
	[ "$(readlink "/proc/$y/ns/mnt")" != "$(readlink "/proc/$x/ns/mnt")" ]
	[ "$(readlink "/proc/$x/ns/net")" != "$(readlink /proc/self/ns/net)" ]
	# each sees the other's processes
	run pm exec nsx ps -o args
	assert_output_contains "sleep 999"
	pm rm -f -t 0 nsy >/dev/null
}

@test "50 containers run and removed leave nothing behind" {
	start=$SECONDS
	for i in $(seq 50); do
		pm run --rm "$PM_IMAGE" true || {
			echo "run $i failed" >&2
			return 1
		}
	done
	echo "# 50 runs: $((SECONDS - start)) s" >&3
	assert_equal "$(pm_test_ids | wc -l)" 50 "containers made"
	assert_pm_clean
}
