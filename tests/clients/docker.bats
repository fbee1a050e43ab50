#!/usr/bin/env bats
# docker 20.10 (Debian's docker.io: dockerd -> its own containerd ->
# containerd-shim-runc-v2) driving lxcrun as its default runtime, end to end.
#
# One private dockerd per file (setup_file): in private mount and network
# namespaces, with
# tmpfs over /etc/docker (it writes key.json), /run (/run/docker/plugins,
# containerd's shim sockets in /run/containerd/s) and /opt (its containerd
# makes /opt/containerd), its data root, exec root, pid file and socket under
# the run dir, no networking of the host touched (no bridge, no iptables), and
# containers' cgroups under a parent named after the run. The image is the
# run's busybox rootfs, `docker import`ed.

load ../integration/helpers
load clients

DOCKER=/usr/bin/docker
DOCKERD=/usr/bin/dockerd
IMAGE=lxrt-busybox:latest

setup_file() {
	export DK=$LXCRUN_TEST_RUN/docker
	export DK_CGROUP=lxrt-$LXCRUN_TEST_TAG-docker
	# the CLI keeps its config here, not in root's home
	export DOCKER_CONFIG=$DK/cli
	export DK_SKIP=
	[ -x /usr/sbin/dockerd ] && DOCKERD=/usr/sbin/dockerd
	if [ ! -x "$DOCKER" ] || [ ! -x "$DOCKERD" ]; then
		DK_SKIP="Debian's docker (/usr/bin/docker, dockerd) is not installed (apt-get install docker.io)"
		return 0
	fi
	command -v containerd-shim-runc-v2 >/dev/null || {
		DK_SKIP="containerd-shim-runc-v2 is not installed (apt-get install containerd)"
		return 0
	}
	mkdir -p "$DK/cli"
	# what dockerd and its containerd write by default: absent before, absent after
	export DK_HOST_PATHS=""
	local p
	for p in /etc/docker/key.json /run/docker /run/docker.pid /run/docker.sock /run/containerd \
		/opt/containerd /var/lib/docker /var/lib/containerd; do
		[ -e "$p" ] || DK_HOST_PATHS+="$p "
	done
	# `unshare` execs the shell, which execs dockerd: $! is dockerd's pid.
	# A private network namespace too: its bridges and veths never touch the host's.
	unshare -m -n --propagation private sh -ec '
		mount -t tmpfs -o mode=0755 lxrt-docker-etc /etc/docker
		mount -t tmpfs -o mode=0755 lxrt-docker-run /run
		mount -t tmpfs -o mode=0755 lxrt-docker-opt /opt
		dk=$1
		shift
		exec "$@" --data-root "$dk/data" --exec-root "$dk/exec" \
			--pidfile "$dk/dockerd.pid" -H "unix://$dk/docker.sock" \
			--bridge=none --iptables=false --ip6tables=false \
			--ip-forward=false --ip-masq=false --log-level=info' \
		lxrt-docker "$DK" "$DOCKERD" \
		--add-runtime "lxcrun=$CLIENT_RUNTIME" --default-runtime=lxcrun \
		--cgroup-parent="/$DK_CGROUP" \
		</dev/null >"$DK/dockerd.log" 2>&1 &
	export DK_PID=$!
	if ! wait_until 90 dk_up; then
		echo "dockerd did not come up; its log:" >&2
		tail -20 "$DK/dockerd.log" >&2
		return 1
	fi
	rootfs_tar "$DK/rootfs.tar"
	"$DOCKER" -H "unix://$DK/docker.sock" import "$DK/rootfs.tar" "$IMAGE" >/dev/null
}

dk_up() {
	"$DOCKER" -H "unix://$DK/docker.sock" version >/dev/null 2>&1
}

teardown_file() {
	[ -n "${DK_PID:-}" ] || return 0
	dk_remove_all
	kill -TERM "$DK_PID" 2>/dev/null
	# dockerd stops its containerd before it exits
	wait_until 60 dk_daemons_gone || kill -KILL "$DK_PID" 2>/dev/null
	dk_force_cleanup
	lxrt_sweep "$DK"
	dk_remove_cgroups "$DK_CGROUP"
}

dk_rmdir() {
	rmdir "$1" 2>/dev/null || [ ! -d "$1" ]
}

# What docker failed to remove: lxcrun's containers in dockerd's runtime root
# (force-deleted) and the containers' cgroups below the parent.
dk_force_cleanup() {
	local root id
	for root in "$DK"/exec/runtime-*/moby; do
		[ -d "$root" ] || continue
		for id in $("$LXCRUN" --root "$root" list -q 2>/dev/null); do
			timeout 60 "$LXCRUN" --root "$root" delete --force "$id" </dev/null >/dev/null 2>&1
		done
	done
	dk_remove_cgroups "$DK_CGROUP/"
}

# dk_remove_cgroups PATTERN: kills the processes of the cgroups whose path has
# PATTERN and removes those cgroups, deepest first.
dk_remove_cgroups() {
	local d pid
	for d in $(find /sys/fs/cgroup -mindepth 2 -type d -path "*/$1*" 2>/dev/null | sort -r); do
		for pid in $(cat "$d/cgroup.procs" 2>/dev/null); do
			kill -KILL "$pid" 2>/dev/null
		done
		wait_until 10 dk_rmdir "$d"
	done
}

dk_daemons_gone() {
	[ ! -d "/proc/$DK_PID" ] && [ -z "$(lxrt_pids_mentioning "$DK")" ]
}

setup() {
	[ -z "$DK_SKIP" ] || skip "$DK_SKIP"
	lxrt_setup
}

teardown() {
	local left=""
	[ -z "$DK_SKIP" ] || return 0
	# a failed test may leave its containers: remove them, then report
	left=$(dk ps -aq)
	dk_remove_all
	if ! wait_until 30 dk_clean 2>/dev/null; then
		left+=$'\n'$(dk_leftovers)
		# so that it does not spill into the next tests
		dk_force_cleanup
	fi
	lxrt_teardown || return 1
	if [ -n "$left" ]; then
		echo "# left behind by the test:" >&2
		echo "$left" >&2
		return 1
	fi
}

# dk_assert_status N: like assert_status, also showing docker's stderr (the
# daemon's error) of a `run --separate-stderr`.
dk_assert_status() {
	if [ "$status" -ne "$1" ]; then
		echo "expected exit status $1, got $status; stdout: $output" >&2
		echo "stderr: ${stderr:-}" >&2
		return 1
	fi
}

# The docker CLI of the private dockerd.
dk() {
	"$DOCKER" -H "unix://$DK/docker.sock" "$@"
}

dk_remove_all() {
	local ids
	ids=$(dk ps -aq 2>/dev/null)
	# shellcheck disable=SC2086 # one argument per id
	[ -z "$ids" ] || dk rm -f $ids >/dev/null 2>&1
	ids=$(dk network ls -q --filter type=custom 2>/dev/null)
	# shellcheck disable=SC2086
	[ -z "$ids" ] || dk network rm $ids >/dev/null 2>&1
}

# lxcrun's root as dockerd's shim passes it (--root <exec-root>/runtime-<name>/moby).
dk_lxcrun_root() {
	local d
	for d in "$DK"/exec/runtime-*/moby; do
		[ -d "$d" ] && echo "$d" && return 0
	done
	return 1
}

# Prints what is left of docker's containers: lxcrun state dirs, shims,
# lxcrun processes, cgroups below the parent, rootfs mounts in dockerd's mount ns.
dk_leftovers() {
	local x
	for x in "$DK"/exec/runtime-*/moby/*; do
		[ -e "$x" ] && echo "lxcrun state: $x"
	done
	for x in $(pgrep -f "containerd-shim-runc-v2 .*$DK/"); do
		echo "shim $x: $(tr '\0' ' ' <"/proc/$x/cmdline")"
	done
	for x in $(pgrep -f "$LXCRUN"); do
		[ "$x" != "$$" ] && echo "lxcrun $x: $(tr '\0' ' ' <"/proc/$x/cmdline")"
	done
	find /sys/fs/cgroup -mindepth 2 -path "*/$DK_CGROUP/*" -type d 2>/dev/null | sed 's/^/cgroup: /'
	# (the data root itself is bind-mounted by dockerd: only what is below it)
	grep -F "$DK/data/" "/proc/$DK_PID/mountinfo" 2>/dev/null | sed 's/^/mount: /'
	return 0
}

dk_clean() {
	[ -z "$(dk ps -aq)" ] && [ -z "$(dk network ls -q --filter type=custom)" ] && [ -z "$(dk_leftovers)" ]
}

# dk_field CONTAINER GOTEMPLATE: docker inspect -f.
dk_field() {
	dk inspect -f "$2" "$1"
}

# dk_logs_have CONTAINER TEXT: docker logs shows TEXT.
dk_logs_have() {
	dk logs "$1" 2>&1 | grep -qF -- "$2"
}

# dk_top_has CONTAINER TEXT: docker top lists a process with TEXT.
dk_top_has() {
	dk top "$1" 2>&1 | grep -qF -- "$2"
}

dk_status_is() {
	[ "$(dk_field "$1" '{{.State.Status}}')" = "$2" ]
}

# The config.json the shim handed lxcrun.
dk_config() {
	echo "$DK/exec/containerd/daemon/io.containerd.runtime.v2.task/moby/$1/config.json"
}

# dk_cgfile CONTAINER CONTROLLER FILE: the container's v1 cgroup file.
dk_cgfile() {
	local pid
	pid=$(dk_field "$1" '{{.State.Pid}}')
	echo "$(ctr_dir "$2" "$pid")/$3"
}

@test "docker run: attached output, exit codes, --rm leaves nothing" {
	run --separate-stderr dk run --rm --network none "$IMAGE" echo hello from lxcrun
	dk_assert_status 0
	assert_equal "$output" "hello from lxcrun" "stdout"
	run --separate-stderr dk run --rm --network none "$IMAGE" sh -c 'echo out; echo err >&2; exit 3'
	dk_assert_status 3
	assert_equal "$output" "out" "stdout"
	[[ "$stderr" == *err* ]] || {
		echo "stderr: $stderr" >&2
		return 1
	}
	# a named one stays until rm, with its exit code and lxcrun as its runtime
	run --separate-stderr dk run --name "$ID" --network none "$IMAGE" sh -c 'exit 7'
	dk_assert_status 7
	assert_equal "$(dk_field "$ID" '{{.State.Status}} {{.State.ExitCode}} {{.HostConfig.Runtime}}')" \
		"exited 7 lxcrun" "state, exit code, runtime"
	dk rm "$ID"
	[ -z "$(dk ps -aq)" ]
	wait_until 30 dk_clean
}

@test "docker run -d: lxcrun runs it (its state agrees with docker inspect), logs, rm -f" {
	dk run -d --name "$ID" --network none "$IMAGE" sh -c 'echo started; exec sleep 1000' >/dev/null
	local cid pid root
	cid=$(dk_field "$ID" '{{.Id}}')
	pid=$(dk_field "$ID" '{{.State.Pid}}')
	assert_equal "$(dk_field "$ID" '{{.State.Status}}')" running
	root=$(dk_lxcrun_root)
	run "$CLIENT_RUNTIME" --root "$root" state "$cid"
	dk_assert_status 0
	assert_equal "$(jq -r .status <<<"$output")" running "lxcrun state status"
	assert_equal "$(jq -r .pid <<<"$output")" "$pid" "lxcrun state pid"
	assert_equal "$(tr '\0' ' ' <"/proc/$pid/cmdline")" "sleep 1000 " "the container's process"
	wait_until 20 dk_logs_have "$ID" started
	# its cgroup is the one docker asked for
	assert_equal "$(awk -F: '$2 == "pids" { print $3 }' "/proc/$pid/cgroup")" "/$DK_CGROUP/$cid" "pids cgroup"
	dk rm -f "$ID" >/dev/null
	wait_until 30 dk_clean
	[ ! -d "/proc/$pid" ] || [ "$(lxrt_procstate "$pid")" = Z ]
}

@test "docker run -t and -i: a terminal, stdin, exit codes" {
	run --separate-stderr dk run --rm -t --network none "$IMAGE" sh -c 'tty; exit 4'
	dk_assert_status 4
	assert_match "$output" '^/dev/pts/[0-9]+'$'\r''?$' "tty"
	run --separate-stderr dk run --rm -i --network none "$IMAGE" sh -c 'cat; exit 6' <<<"piped in"
	dk_assert_status 6
	assert_equal "$output" "piped in" "stdin echoed"
	# without -i the container's stdin is empty
	run --separate-stderr dk run --rm --network none "$IMAGE" sh -c 'cat; echo eof' <<<"not sent"
	dk_assert_status 0
	assert_equal "$output" "eof" "stdout"
}

@test "docker exec: output, exit codes, -t, -i, env and user" {
	dk run -d --name "$ID" --network none "$IMAGE" sleep 1000 >/dev/null
	run --separate-stderr dk exec "$ID" sh -c 'echo in the container; exit 5'
	dk_assert_status 5
	assert_equal "$output" "in the container" "stdout"
	run --separate-stderr dk exec -t "$ID" tty
	dk_assert_status 0
	assert_match "$output" '^/dev/pts/[0-9]+'$'\r''?$' "tty"
	run --separate-stderr dk exec -i "$ID" sh -c 'read l; echo "got $l"' <<<"line"
	dk_assert_status 0
	assert_equal "$output" "got line" "stdin"
	run --separate-stderr dk exec -e LXRT_X=42 -u 1000:1000 "$ID" sh -c 'echo $LXRT_X $(id -u) $(id -g)'
	dk_assert_status 0
	assert_equal "$output" "42 1000 1000" "env, uid, gid"
	# the exec'd process runs in the container's pid namespace
	run --separate-stderr dk exec "$ID" sh -c 'cat /proc/1/cmdline | tr "\0" " "'
	assert_equal "$output" "sleep 1000 " "pid 1 seen by exec"
	# exec -d, and docker top (the shim's `lxcrun ps --format json`) lists both
	dk exec -d "$ID" sleep 999
	wait_until 20 dk_top_has "$ID" "sleep 999"
	run --separate-stderr dk top "$ID"
	dk_assert_status 0
	assert_output_contains "sleep 1000"
	assert_equal "${#lines[@]}" 3 "top lines (header + 2)"
	# a missing command is an error docker reports with 126/127
	run --separate-stderr dk exec "$ID" /nonexistent
	[ "$status" -eq 126 ] || [ "$status" -eq 127 ] || {
		echo "exit $status: $output $stderr" >&2
		return 1
	}
	# (docker exec prints the runtime's error on stdout)
	assert_output_contains "no such file or directory"
	dk rm -f "$ID" >/dev/null
}

@test "the libnetwork prestart hook runs: dockerd's sandbox key is the container's netns" {
	dk run -d --name "$ID" --network none "$IMAGE" sleep 1000 >/dev/null
	local cid pid key cfg
	cid=$(dk_field "$ID" '{{.Id}}')
	pid=$(dk_field "$ID" '{{.State.Pid}}')
	cfg=$(dk_config "$cid")
	# docker put its hook into config.json (the re-exec of dockerd)
	assert_equal "$(jq -r '.hooks.prestart[0].args[0]' "$cfg")" libnetwork-setkey "hook args[0]"
	assert_equal "$(jq -r '.hooks.prestart[0].path' "$cfg")" "/proc/$DK_PID/exe" "hook path"
	# the hook told dockerd the container's pid; dockerd then bind-mounted
	# that netns at the sandbox key, in its own mount namespace
	key=$(dk_field "$ID" '{{.NetworkSettings.SandboxKey}}')
	[ -n "$key" ]
	assert_equal "$(nsenter -t "$DK_PID" -m stat -L -c %i "$key")" \
		"$(stat -L -c %i "/proc/$pid/ns/net")" "netns inode at $key"
	# and set up the loopback there
	run --separate-stderr dk exec "$ID" ip -o addr show lo
	dk_assert_status 0
	assert_output_contains "127.0.0.1/8"
	dk rm -f "$ID" >/dev/null
}

@test "a user-defined bridge network: the hook lets dockerd wire eth0, containers reach each other by name" {
	dk network create --driver bridge --subnet 10.213.7.0/24 "$ID-net" >/dev/null
	dk run -d --name "$ID-srv" --network "$ID-net" "$IMAGE" \
		sh -c 'echo hello over the bridge >/tmp/index.html; exec httpd -f -p 8080 -h /tmp' >/dev/null
	assert_equal "$(dk_field "$ID-srv" '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}')" 10.213.7.2 "IP"
	run --separate-stderr dk exec "$ID-srv" ip -o -4 addr show eth0
	dk_assert_status 0
	assert_output_contains "inet 10.213.7.2/24"
	# a second container finds it through docker's DNS and fetches the page
	run --separate-stderr dk run --rm --network "$ID-net" "$IMAGE" wget -q -O - "http://$ID-srv:8080/index.html"
	dk_assert_status 0
	assert_equal "$output" "hello over the bridge" "fetched page"
	dk rm -f "$ID-srv" >/dev/null
	dk network rm "$ID-net" >/dev/null
}

@test "the default network (none with --bridge=none): no hook, the container runs" {
	dk run -d --name "$ID" "$IMAGE" sleep 1000 >/dev/null
	local cid
	cid=$(dk_field "$ID" '{{.Id}}')
	assert_equal "$(dk_field "$ID" '{{.State.Status}}')" running
	# dockerd disables the network of default-network containers without a bridge
	assert_equal "$(jq -c '.hooks.prestart // []' "$(dk_config "$cid")")" "[]" "prestart hooks"
	dk rm -f "$ID" >/dev/null
}

@test "docker run --memory/--cpu-shares/--pids-limit, then docker update: read back from the cgroup files" {
	skip_unless_v1 memory
	dk run -d --name "$ID" --network none --memory 64m --memory-swap 96m \
		--cpu-shares 256 --pids-limit 50 "$IMAGE" sleep 1000 >/dev/null
	assert_equal "$(cat "$(dk_cgfile "$ID" memory memory.limit_in_bytes)")" $((64 << 20)) "memory limit"
	assert_equal "$(cat "$(dk_cgfile "$ID" cpu cpu.shares)")" 256 "cpu.shares"
	assert_equal "$(cat "$(dk_cgfile "$ID" pids pids.max)")" 50 "pids.max"
	# docker update: `lxcrun update --resources -` with the JSON on stdin
	run --separate-stderr dk update --memory 128m --memory-swap 256m --cpu-shares 512 --pids-limit 60 "$ID"
	dk_assert_status 0
	assert_equal "$(cat "$(dk_cgfile "$ID" memory memory.limit_in_bytes)")" $((128 << 20)) "memory limit"
	if [ -f "$(dk_cgfile "$ID" memory memory.memsw.limit_in_bytes)" ]; then
		assert_equal "$(cat "$(dk_cgfile "$ID" memory memory.memsw.limit_in_bytes)")" $((256 << 20)) "memsw limit"
	fi
	assert_equal "$(cat "$(dk_cgfile "$ID" cpu cpu.shares)")" 512 "cpu.shares"
	assert_equal "$(cat "$(dk_cgfile "$ID" pids pids.max)")" 60 "pids.max"
	# a cpu quota, a cpuset, a soft limit
	run --separate-stderr dk update --cpus 0.5 --cpuset-cpus 0 --memory-reservation 10m "$ID"
	dk_assert_status 0
	assert_equal "$(cat "$(dk_cgfile "$ID" cpu cpu.cfs_quota_us)")/$(cat "$(dk_cgfile "$ID" cpu cpu.cfs_period_us)")" \
		50000/100000 "cfs quota/period"
	assert_equal "$(cat "$(dk_cgfile "$ID" cpuset cpuset.cpus)")" 0 "cpuset.cpus"
	assert_equal "$(cat "$(dk_cgfile "$ID" memory memory.soft_limit_in_bytes)")" $((10 << 20)) "soft limit"
	# docker inspect agrees, and the limit holds inside: 60 pids at most
	assert_equal "$(dk_field "$ID" '{{.HostConfig.Memory}} {{.HostConfig.CpuShares}} {{.HostConfig.PidsLimit}}')" \
		"$((128 << 20)) 512 60" "HostConfig"
	# (the sleeps do not hold exec's output; rm -f ends them)
	dk exec "$ID" sh -c 'for i in $(seq 80); do sleep 100 </dev/null >/dev/null 2>&1 & done' >/dev/null 2>&1 || true
	run cat "$(dk_cgfile "$ID" pids pids.current)"
	[ "$output" -le 60 ]
	run cut -d' ' -f2 "$(dk_cgfile "$ID" pids pids.events)"
	[ "$output" -gt 0 ] || {
		echo "pids.events max: $output (the limit was never hit)" >&2
		return 1
	}
	dk rm -f "$ID" >/dev/null
}

@test "docker stop, kill, restart: signals reach the container, exit codes" {
	# a shell that exits 42 on TERM and reports USR1
	dk run -d --name "$ID" --network none "$IMAGE" sh -c \
		'trap "echo got-usr1" USR1; trap "exit 42" TERM; echo ready; while :; do sleep 1 & wait; done' >/dev/null
	wait_until 20 dk_logs_have "$ID" ready
	dk kill -s USR1 "$ID" >/dev/null
	wait_until 20 dk_logs_have "$ID" got-usr1
	assert_equal "$(dk_field "$ID" '{{.State.Status}}')" running
	run --separate-stderr dk stop -t 30 "$ID"
	dk_assert_status 0
	assert_equal "$(dk_field "$ID" '{{.State.Status}} {{.State.ExitCode}}')" "exited 42" "after stop"
	# start again, then restart: a new init
	dk start "$ID" >/dev/null
	local pid1 pid2
	pid1=$(dk_field "$ID" '{{.State.Pid}}')
	dk restart -t 30 "$ID" >/dev/null
	pid2=$(dk_field "$ID" '{{.State.Pid}}')
	assert_equal "$(dk_field "$ID" '{{.State.Status}}')" running "after restart"
	[ "$pid2" != "$pid1" ] && [ "$pid2" -gt 0 ]
	[ ! -d "/proc/$pid1" ] || [ "$(lxrt_procstate "$pid1")" = Z ]
	# kill: SIGKILL, 137
	dk kill "$ID" >/dev/null
	wait_until 30 dk_status_is "$ID" exited
	assert_equal "$(dk_field "$ID" '{{.State.ExitCode}}')" 137 "exit code after kill"
	# stop of a process ignoring TERM: KILL after the timeout
	dk rm "$ID" >/dev/null
	dk run -d --name "$ID" --network none "$IMAGE" sh -c 'trap "" TERM; while :; do sleep 1 & wait; done' >/dev/null
	run --separate-stderr dk stop -t 1 "$ID"
	dk_assert_status 0
	assert_equal "$(dk_field "$ID" '{{.State.Status}} {{.State.ExitCode}}')" "exited 137" "after stop -t 1"
	dk rm "$ID" >/dev/null
	# --stop-signal: docker stop sends that one
	dk run -d --name "$ID" --network none --stop-signal USR1 "$IMAGE" sh -c \
		'trap "exit 11" USR1; echo ready; while :; do sleep 1 & wait; done' >/dev/null
	wait_until 20 dk_logs_have "$ID" ready
	run --separate-stderr dk stop -t 30 "$ID"
	dk_assert_status 0
	assert_equal "$(dk_field "$ID" '{{.State.ExitCode}}')" 11 "exit code after stop with USR1"
	dk rm "$ID" >/dev/null
}

# count of the container's counter file, read through its root from the host
dk_counter() {
	cat "/proc/$1/root/tmp/count" 2>/dev/null || echo 0
}

dk_counter_above() {
	[ "$(dk_counter "$1")" -gt "$2" ]
}

@test "docker pause/unpause: the container's processes are frozen, then run on" {
	dk run -d --name "$ID" --network none "$IMAGE" sh -c \
		'i=0; while :; do i=$((i + 1)); echo $i >/tmp/count.new; mv /tmp/count.new /tmp/count; done' >/dev/null
	local pid c1 c2 events
	pid=$(dk_field "$ID" '{{.State.Pid}}')
	wait_until 20 dk_counter_above "$pid" 10
	dk pause "$ID" >/dev/null
	assert_equal "$(dk_field "$ID" '{{.State.Status}}')" paused
	# lxcrun freezes with cgroup.freeze (cgroup2), on a hybrid host too
	events=$(cgroup2_root)$(sed -n 's/^0:://p' "/proc/$pid/cgroup")/cgroup.events
	grep -qx "frozen 1" "$events"
	c1=$(dk_counter "$pid")
	sleep 1
	c2=$(dk_counter "$pid")
	assert_equal "$c2" "$c1" "counter while paused"
	run --separate-stderr dk exec "$ID" true
	[ "$status" -ne 0 ]
	dk unpause "$ID" >/dev/null
	assert_equal "$(dk_field "$ID" '{{.State.Status}}')" running
	grep -qx "frozen 0" "$events"
	wait_until 20 dk_counter_above "$pid" "$c2"
	dk rm -f "$ID" >/dev/null
}

@test "--memory is enforced: the OOM kill gives 137 and State.OOMKilled" {
	skip_unless_v1 memory
	# tail buffers /dev/zero's one endless line
	run --separate-stderr dk run --name "$ID" --network none --memory 32m --memory-swap 32m \
		"$IMAGE" tail /dev/zero
	dk_assert_status 137
	assert_equal "$(dk_field "$ID" '{{.State.ExitCode}} {{.State.OOMKilled}}')" "137 true" "exit code, OOMKilled"
	dk rm "$ID" >/dev/null
}

@test "a command that does not exist: docker run fails with 127 and lxcrun's reason" {
	run -127 --separate-stderr dk run --name "$ID" --network none "$IMAGE" /nonexistent
	[[ "$stderr" == *"no such file or directory"* ]] || {
		echo "stderr: $stderr" >&2
		return 1
	}
	dk rm -f "$ID" >/dev/null
}

@test "docker's container settings: hostname, user, workdir, read-only, tmpfs, volume, caps, ulimit, sysctl, shm, devices, --init" {
	mkdir -p "$TEST_DIR/vol"
	echo from-the-host >"$TEST_DIR/vol/file"
	run --separate-stderr dk run --rm --network none -h "$ID-h" -u 1000:1000 --group-add 123 -w /tmp \
		--read-only --tmpfs /scratch -v "$TEST_DIR/vol:/vol:ro" --cap-drop ALL --cap-add NET_RAW \
		--ulimit nofile=1000:2000 --sysctl net.ipv4.ip_forward=1 --shm-size 8m \
		--security-opt no-new-privileges --device /dev/null:/dev/lxrtnull \
		"$IMAGE" sh -c 'hostname; id -u; id -G; pwd
			touch /x 2>/dev/null && echo rootfs-writable
			touch /scratch/y && echo tmpfs-writable
			cat /vol/file; touch /vol/z 2>/dev/null && echo vol-writable
			grep -E "^Cap(Eff|Bnd)" /proc/self/status
			ulimit -n; ulimit -Hn; cat /proc/sys/net/ipv4/ip_forward
			df -k /dev/shm | awk "NR == 2 { print \$2 }"
			grep NoNewPrivs /proc/self/status
			echo x >/dev/lxrtnull && echo device-ok'
	dk_assert_status 0
	local want
	want=$(printf '%s\n' "$ID-h" 1000 "1000 123" /tmp tmpfs-writable from-the-host \
		$'CapEff:\t0000000000000000' $'CapBnd:\t0000000000002000' 1000 2000 1 8192 \
		$'NoNewPrivs:\t1' device-ok)
	assert_equal "$output" "$want" "what the container saw"
	# --init: docker's tini is pid 1, the command its child
	run --separate-stderr dk run --rm --network none --init "$IMAGE" sh -c 'tr "\0" " " </proc/1/cmdline'
	dk_assert_status 0
	assert_equal "$output" "/sbin/docker-init -- sh -c tr \"\\0\" \" \" </proc/1/cmdline " "pid 1"
}

@test "shared namespaces: --network/--pid/--ipc container:X join X's, --pid host the host's, --network host dockerd's" {
	dk run -d --name "$ID" --ipc shareable --network none "$IMAGE" sleep 1000 >/dev/null
	local pid ns want
	pid=$(dk_field "$ID" '{{.State.Pid}}')
	run --separate-stderr dk run --rm --network "container:$ID" --pid "container:$ID" --ipc "container:$ID" \
		"$IMAGE" sh -c 'for n in net pid ipc; do readlink /proc/self/ns/$n; done; cat /proc/1/cmdline | tr "\0" " "'
	dk_assert_status 0
	want=$(for ns in net pid ipc; do readlink "/proc/$pid/ns/$ns"; done; echo "sleep 1000 ")
	assert_equal "$output" "$want" "namespaces and pid 1"
	# docker hands the shared namespaces over as paths (no hook for container:X)
	run --separate-stderr dk run --rm --pid host --network host "$IMAGE" sh -c \
		'readlink /proc/self/ns/pid; readlink /proc/self/ns/net'
	dk_assert_status 0
	assert_equal "$output" "$(readlink /proc/self/ns/pid; readlink "/proc/$DK_PID/ns/net")" "host pid ns, dockerd's net ns"
	dk rm -f "$ID" >/dev/null
}

@test "--privileged: every capability and device, where the host's bounding set has them all" {
	local bnd last
	bnd=$(awk '/^CapBnd/ { print $2 }' /proc/self/status)
	last=$(cat /proc/sys/kernel/cap_last_cap)
	if [ "$((16#$bnd))" -ne "$(((1 << (last + 1)) - 1))" ]; then
		# docker asks for all of them; runc fails the same way ("unable to apply caps")
		run --separate-stderr dk run --rm --privileged --network none "$IMAGE" true
		[ "$status" -ne 0 ]
		[[ "$stderr" == *"process.capabilities"* ]] || {
			echo "stderr: $stderr" >&2
			return 1
		}
		skip "--privileged needs every capability, this host's bounding set is $bnd (CAP_SYS_RESOURCE is missing)"
	fi
	run --separate-stderr dk run --rm --privileged --network none "$IMAGE" sh -c \
		'grep ^CapEff /proc/self/status; test -c /dev/mem && echo has-dev-mem'
	dk_assert_status 0
	assert_equal "$output" "$(printf 'CapEff:\t%016x\nhas-dev-mem' "$((16#$bnd))")"
}

@test "the private dockerd wrote nothing on the host outside the run dir" {
	local p
	for p in $DK_HOST_PATHS; do
		[ ! -e "$p" ] || {
			echo "$p appeared on the host" >&2
			return 1
		}
	done
	# and mounted nothing in the host's mount namespace
	run grep -F "$DK" /proc/self/mountinfo
	dk_assert_status 1
}
