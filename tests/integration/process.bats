#!/usr/bin/env bats
# process.* (and hostname, sysctl) read back from inside the container.

load helpers

# status_field NAME: the value of NAME: in the /proc/self/status the payload printed.
status_field() {
	sed -n "s/^$1:[[:space:]]*//p" <<<"$output" | head -1
}

# run_status [SH COMMANDS]: runs the container printing /proc/self/status of its shell.
run_status() {
	run_in_container sh -c "${1:-true}; cat /proc/self/status"
	assert_status 0
}

@test "process: args are passed exactly" {
	run_in_container sh -c 'printf "[%s]" "$0" "$@"' argv0 'a b' -c '' '$HOME' '"q"'
	assert_status 0
	assert_equal "$output" '[argv0][a b][-c][][$HOME]["q"]' "argv"
}

@test "process: env is exactly the spec's" {
	update_config '.process.env = ["PATH=/bin", "FOO=bar baz", "EMPTY=", "MULTI=a=b=c"]'
	run_in_container env
	assert_status 0
	assert_match "$output" $'(^|\n)FOO=bar baz(\n|$)' FOO
	assert_match "$output" $'(^|\n)EMPTY=(\n|$)' EMPTY
	assert_match "$output" $'(^|\n)MULTI=a=b=c(\n|$)' MULTI
	assert_match "$output" $'(^|\n)PATH=/bin(\n|$)' PATH
	# nothing of the caller's environment leaks in
	for v in LXCRUN_TEST_RUN LXCRUN BATS_TEST_NAME LXCRUN_LIBEXEC_DIR TERM; do
		assert_output_not_contains "$v="
	done
}

@test "process: cwd" {
	update_config '.process.cwd = "/tmp"'
	run_in_container pwd
	assert_status 0
	assert_equal "$output" /tmp cwd
}

@test "process: uid, gid and additionalGids" {
	update_config '.process.user = {"uid": 1000, "gid": 1000, "additionalGids": [100, 5]}'
	run_status 'id'
	assert_equal "$(status_field Uid)" $'1000\t1000\t1000\t1000' Uid
	assert_equal "$(status_field Gid)" $'1000\t1000\t1000\t1000' Gid
	groups=$(status_field Groups | tr ' ' '\n' | sort -n | xargs)
	assert_equal "$groups" "5 100" Groups
	assert_output_contains "uid=1000(user) gid=1000(user)"
}

@test "process: root has no supplementary groups unless asked" {
	update_config '.process.user = {"uid": 0, "gid": 0}'
	run_status
	assert_equal "$(status_field Groups | xargs)" "" Groups
}

@test "process: umask" {
	update_config '.process.user.umask = 23'
	run_status 'touch /dev/shm/f; stat -c "mode=%a" /dev/shm/f'
	assert_equal "$(status_field Umask)" 0027 Umask
	assert_output_contains mode=640
}

@test "process: rlimits" {
	update_config '.process.rlimits = [
		{"type": "RLIMIT_NOFILE", "soft": 123, "hard": 456},
		{"type": "RLIMIT_NPROC", "soft": 1000, "hard": 2000},
		{"type": "RLIMIT_CORE", "soft": 0, "hard": 0}]'
	run_in_container cat /proc/self/limits
	assert_status 0
	assert_match "$output" 'Max open files +123 +456 ' NOFILE
	assert_match "$output" 'Max processes +1000 +2000 ' NPROC
	assert_match "$output" 'Max core file size +0 +0 ' CORE
}

@test "process: noNewPrivileges true and false" {
	update_config '.process.noNewPrivileges = true'
	run_status
	assert_equal "$(status_field NoNewPrivs)" 1 NoNewPrivs
	update_config '.process.noNewPrivileges = false'
	run_status
	assert_equal "$(status_field NoNewPrivs)" 0 NoNewPrivs
}

@test "process: oomScoreAdj" {
	update_config '.process.oomScoreAdj = 500'
	run_in_container cat /proc/self/oom_score_adj
	assert_status 0
	assert_equal "$output" 500 oom_score_adj
}

@test "process: hostname" {
	update_config '.hostname = "lxrt-host"'
	run_in_container hostname
	assert_status 0
	assert_equal "$output" lxrt-host hostname
}

@test "process: capabilities of a root process" {
	update_config '.process.capabilities = {
		"bounding": ["CAP_CHOWN", "CAP_KILL"], "effective": ["CAP_CHOWN", "CAP_KILL"],
		"permitted": ["CAP_CHOWN", "CAP_KILL"], "inheritable": [], "ambient": []}'
	run_status
	# CAP_CHOWN is bit 0, CAP_KILL bit 5
	assert_equal "$(status_field CapBnd)" 0000000000000021 CapBnd
	assert_equal "$(status_field CapPrm)" 0000000000000021 CapPrm
	assert_equal "$(status_field CapEff)" 0000000000000021 CapEff
	assert_equal "$(status_field CapInh)" 0000000000000000 CapInh
	assert_equal "$(status_field CapAmb)" 0000000000000000 CapAmb
}

@test "process: capabilities of a non-root process through ambient" {
	update_config '.process.user = {"uid": 1000, "gid": 1000} | .process.capabilities = {
		"bounding": ["CAP_NET_BIND_SERVICE", "CAP_KILL"], "effective": ["CAP_NET_BIND_SERVICE"],
		"permitted": ["CAP_NET_BIND_SERVICE"], "inheritable": ["CAP_NET_BIND_SERVICE"],
		"ambient": ["CAP_NET_BIND_SERVICE"]}'
	run_status
	# CAP_NET_BIND_SERVICE is bit 10 (0x400), CAP_KILL bit 5 (0x20)
	assert_equal "$(status_field CapBnd)" 0000000000000420 CapBnd
	assert_equal "$(status_field CapAmb)" 0000000000000400 CapAmb
	assert_equal "$(status_field CapPrm)" 0000000000000400 CapPrm
	assert_equal "$(status_field CapEff)" 0000000000000400 CapEff
}

@test "process: no capabilities at all" {
	update_config '.process.capabilities = {"bounding": [], "effective": [], "permitted": [], "inheritable": [], "ambient": []}'
	run_status 'chown 1000 /tmp 2>/dev/null && echo chown-allowed'
	assert_equal "$(status_field CapEff)" 0000000000000000 CapEff
	assert_equal "$(status_field CapBnd)" 0000000000000000 CapBnd
	assert_output_not_contains chown-allowed
}

@test "process: linux.sysctl" {
	host_msgmax=$(cat /proc/sys/kernel/msgmax)
	host_fwd=$(cat /proc/sys/net/ipv4/ip_forward)
	update_config '.linux.sysctl = {"net.ipv4.ip_forward": "1", "kernel.msgmax": "4321"}'
	run_in_container sh -c 'cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/msgmax'
	assert_status 0
	assert_equal "$output" $'1\n4321' "sysctl values"
	# the host's are untouched (both are per namespace)
	assert_equal "$(cat /proc/sys/kernel/msgmax)" "$host_msgmax" "host kernel.msgmax"
	assert_equal "$(cat /proc/sys/net/ipv4/ip_forward)" "$host_fwd" "host net.ipv4.ip_forward"
}

@test "process: the process is pid 1 of its pid namespace, its session leader" {
	# (read is a builtin: /proc/self is the shell itself)
	run_in_container sh -c 'read -r st </proc/self/stat; set -- $st; echo "pid=$1 ppid=$4 sid=$6"'
	assert_status 0
	assert_equal "$output" "pid=1 ppid=0 sid=1" "pid, ppid, session"
}
