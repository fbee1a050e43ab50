# Cleanup and leftover detection shared by the test harness: bats-env (per
# .bats file), helpers.bash (per test) and tests/run-all.sh (per run).
#
# Everything here acts only on things the tests made: lxcrun roots below a
# directory the tests created, pids they recorded, processes whose command line
# names that directory, and cgroups named after their unique container ids.
# Needs $LXCRUN (the lxcrun binary under test).

# Prints the pids of processes whose command line mentions DIR. The pattern
# brackets DIR's last character, so the grep never matches its own command line.
lxrt_pids_mentioning() {
	local dir=$1 f pid
	local re=${dir%?}[${dir: -1}]
	re=${re//./[.]}
	for f in $(grep -lsa -- "$re" /proc/[0-9]*/cmdline 2>/dev/null); do
		pid=${f#/proc/}
		pid=${pid%/cmdline}
		[ "$pid" != "$$" ] && [ "$pid" != "$BASHPID" ] && echo "$pid"
	done
}

# Field 22 of /proc/PID/stat (start time), empty if PID is gone.
lxrt_starttime() {
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
	stat=${stat##*) }
	# after the comm field: state is field 3, start time field 22
	set -- $stat
	echo "${20}"
}

# State letter of PID (R, S, Z, ...), empty if gone.
lxrt_procstate() {
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
	stat=${stat##*) }
	echo "${stat%% *}"
}

# Prints "pid" for every pid recorded in FILE ("pid starttime" lines) that is
# still the same process and not a zombie.
lxrt_recorded_alive() {
	local file=$1 pid st now
	[ -f "$file" ] || return 0
	while read -r pid st; do
		[ -n "$pid" ] || continue
		# (a pid recorded once it was gone has no start time: it matches nothing)
		now=$(lxrt_starttime "$pid")
		if [ -n "$now" ] && [ "$now" = "$st" ] && [ "$(lxrt_procstate "$pid")" != Z ]; then
			echo "$pid"
		fi
	done <"$file"
}

# Cgroup directories (any hierarchy) whose name contains PATTERN, deepest first.
lxrt_cgroups_named() {
	find /sys/fs/cgroup -mindepth 1 -type d -name "*$1*" 2>/dev/null | sort -r
}

# Kills the processes of the cgroups named after PATTERN and removes those cgroups.
lxrt_remove_cgroups() {
	local dir pid i
	for dir in $(lxrt_cgroups_named "$1"); do
		for pid in $(cat "$dir/cgroup.procs" 2>/dev/null); do
			kill -KILL "$pid" 2>/dev/null
		done
	done
	for dir in $(lxrt_cgroups_named "$1"); do
		for ((i = 0; i < 50; i++)); do
			rmdir "$dir" 2>/dev/null && break
			[ -d "$dir" ] || break
			sleep 0.1
		done
	done
}

# lxrt_sweep DIR [CGROUP_PATTERN]: force-deletes the containers of every lxcrun
# root below DIR (directories named "root"), kills recorded pids (files named
# "pids" below DIR) and processes naming DIR, unmounts what is mounted below DIR
# and, given CGROUP_PATTERN, removes the cgroups named after it. Keeps DIR.
lxrt_sweep() {
	local dir=$1 pattern=${2:-} root id pid f mp
	[ -d "$dir" ] || return 0
	while IFS= read -r root; do
		for id in $("$LXCRUN" --root "$root" list -q 2>/dev/null); do
			timeout 60 "$LXCRUN" --root "$root" delete --force "$id" </dev/null >/dev/null 2>&1
		done
	done < <(find "$dir" -maxdepth 3 -type d -name root 2>/dev/null)
	while IFS= read -r f; do
		for pid in $(lxrt_recorded_alive "$f"); do
			kill -KILL "$pid" 2>/dev/null
		done
	done < <(find "$dir" -maxdepth 3 -type f -name pids 2>/dev/null)
	for pid in $(lxrt_pids_mentioning "$dir"); do
		kill -KILL "$pid" 2>/dev/null
	done
	# mounts below DIR, deepest first (tests make none on the host; be safe)
	for mp in $(awk -v d="$dir/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r); do
		umount -l "$mp" 2>/dev/null
	done
	[ -z "$pattern" ] || lxrt_remove_cgroups "$pattern"
	return 0
}

# lxrt_leftovers DIR CGROUP_PATTERN [ROOT] [PIDS_FILE]: prints one line per thing
# the tests left behind: state dirs in ROOT, cgroups named after CGROUP_PATTERN,
# mounts naming DIR, processes naming DIR, recorded pids still alive. Returns 1
# if it printed anything.
lxrt_leftovers() {
	local dir=$1 pattern=$2 root=${3:-} pids=${4:-} out="" x
	if [ -n "$root" ] && [ -d "$root" ]; then
		for x in "$root"/*; do
			[ -e "$x" ] && out+="state dir: $x"$'\n'
		done
	fi
	for x in $(lxrt_cgroups_named "$pattern"); do
		out+="cgroup: $x"$'\n'
	done
	x=$(grep -F -- "$dir" /proc/self/mountinfo)
	[ -z "$x" ] || out+="mount: $x"$'\n'
	for x in $(lxrt_pids_mentioning "$dir"); do
		out+="process $x: $(tr '\0' ' ' <"/proc/$x/cmdline" 2>/dev/null)"$'\n'
	done
	if [ -n "$pids" ]; then
		for x in $(lxrt_recorded_alive "$pids"); do
			out+="process $x (recorded): $(tr '\0' ' ' <"/proc/$x/cmdline" 2>/dev/null)"$'\n'
		done
	fi
	[ -z "$out" ] && return 0
	printf '%s' "$out"
	return 1
}
