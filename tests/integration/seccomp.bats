#!/usr/bin/env bats
# linux.seccomp: what the container's process sees under the filter.

load helpers

# set_seccomp JSON: sets linux.seccomp.
set_seccomp() {
	update_config --argjson s "$1" '.linux.seccomp = $s'
}

# deny_mkdir ACTION [EXTRA]: defaultAction ALLOW, mkdir and mkdirat get ACTION
# (EXTRA: more members of the rule, e.g. "errnoRet": 2).
deny_mkdir() {
	set_seccomp "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [
		{\"names\": [\"mkdir\", \"mkdirat\"], \"action\": \"$1\"${2:+, $2}}]}"
}

@test "seccomp: ERRNO fails mkdir with EPERM, other syscalls work" {
	deny_mkdir SCMP_ACT_ERRNO
	run_in_container sh -c 'mkdir /tmp/x; echo "mkdir=$?"; echo > /dev/shm/f && echo wrote; grep Seccomp: /proc/self/status'
	assert_status 0
	assert_output_contains "Operation not permitted"
	assert_output_contains "mkdir=1"
	assert_output_contains "wrote"
	assert_match "$output" $'Seccomp:\t2' Seccomp
}

@test "seccomp: errnoRet is honoured" {
	deny_mkdir SCMP_ACT_ERRNO '"errnoRet": 2'
	run_in_container mkdir /tmp/x
	assert_status 1
	assert_output_contains "No such file or directory"
}

@test "seccomp: defaultAction ERRNO with an allow-list runs /bin/true" {
	# only execve runs under the filter before the user process (noNewPrivileges
	# is true in the default config), then what a static busybox needs
	set_seccomp '{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38, "syscalls": [
		{"names": ["execve", "brk", "arch_prctl", "set_tid_address", "set_robust_list",
		  "rseq", "prlimit64", "mprotect", "mmap", "munmap", "readlink", "readlinkat",
		  "uname", "getrandom", "exit", "exit_group", "getuid", "geteuid", "getgid",
		  "getegid", "getpid", "rt_sigaction", "rt_sigprocmask", "newfstatat", "fstat",
		  "statx", "futex", "close", "write"],
		 "action": "SCMP_ACT_ALLOW"}]}'
	run_in_container /bin/true
	assert_status 0
	# and a syscall outside the list gets ENOSYS (38)
	run_in_container /bin/mkdir /tmp/x
	assert_status 1
	assert_output_contains "not implemented"
}

@test "seccomp: KILL kills the process (run exits 128+SIGSYS)" {
	deny_mkdir SCMP_ACT_KILL
	update_config '.process.rlimits = [{"type": "RLIMIT_CORE", "soft": 0, "hard": 0}]'
	run_in_container mkdir /tmp/x
	assert_status 159
	deny_mkdir SCMP_ACT_KILL_PROCESS
	run_in_container mkdir /tmp/x
	assert_status 159
}

@test "seccomp: args conditions select the call" {
	# kill(pid, 0) is refused, kill(pid, SIGCONT) goes through
	set_seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
		{"names": ["kill"], "action": "SCMP_ACT_ERRNO",
		 "args": [{"index": 1, "value": 0, "op": "SCMP_CMP_EQ"}]}]}'
	run_in_container sh -c 'kill -0 $$; echo "sig0=$?"; kill -CONT $$; echo "cont=$?"'
	assert_status 0
	assert_output_contains "sig0=1"
	assert_output_contains "cont=0"
}

@test "seccomp: the runtime's setup is not under the filter (noNewPrivileges)" {
	# everything the init does after start is denied, the container still starts
	update_config '.process.user = {"uid": 1000, "gid": 1000, "additionalGids": [5], "umask": 18}
		| .process.cwd = "/tmp"'
	set_seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
		{"names": ["setgroups", "setresuid", "setresgid", "capset", "prctl", "chdir",
		  "close_range", "umask", "sethostname", "mount", "mknod", "mknodat", "sendmsg",
		  "symlink", "symlinkat"],
		 "action": "SCMP_ACT_ERRNO"}]}'
	run_in_container cat /proc/self/status
	assert_status 0
	assert_match "$output" $'Uid:\t1000\t1000' Uid
	assert_match "$output" $'NoNewPrivs:\t1' NoNewPrivs
	assert_match "$output" $'Seccomp:\t2' Seccomp
}

@test "seccomp: without noNewPrivileges the filter is loaded before dropping capabilities" {
	update_config '.process.noNewPrivileges = false
		| .process.user = {"uid": 1000, "gid": 1000}'
	deny_mkdir SCMP_ACT_ERRNO
	run_in_container sh -c 'mkdir /tmp/x; grep -E "^(Uid|CapEff|NoNewPrivs|Seccomp):" /proc/self/status'
	assert_status 0
	assert_output_contains "Operation not permitted"
	assert_match "$output" $'Uid:\t1000\t1000' Uid
	assert_match "$output" $'NoNewPrivs:\t0' NoNewPrivs
	assert_match "$output" $'CapEff:\t0000000000000000' CapEff
	assert_match "$output" $'Seccomp:\t2' Seccomp
}

@test "seccomp: flags are passed to seccomp(2)" {
	set_seccomp '{"defaultAction": "SCMP_ACT_ALLOW",
		"flags": ["SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
			  "SECCOMP_FILTER_FLAG_SPEC_ALLOW"],
		"syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_LOG"}]}'
	run_in_container sh -c 'mkdir /dev/shm/x && echo made; grep Seccomp: /proc/self/status'
	assert_status 0
	assert_output_contains made
	assert_match "$output" $'Seccomp:\t2' Seccomp
}

@test "seccomp: the default config has no filter" {
	run_in_container grep Seccomp: /proc/self/status
	assert_status 0
	assert_match "$output" $'Seccomp:\t0' Seccomp
}

@test "seccomp: bad names fail create naming the field, nothing left behind" {
	set_seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
		{"names": ["mkdir"], "action": "SCMP_ACT_BOGUS"}]}'
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains 'linux.seccomp.syscalls[0].action: unknown action "SCMP_ACT_BOGUS"'
	set_seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_NOPE"]}'
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains 'linux.seccomp.architectures[0]: unknown architecture'
	set_seccomp '{"defaultAction": "SCMP_ACT_NOTIFY", "listenerPath": "/run/x.sock"}'
	run create_cmd "$ID"
	assert_status 1
	assert_output_contains 'linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action'
	assert_nothing_left
}
