/* The container's cgroups as seen from the host: layout detection, resolving
 * linux.cgroupsPath, finding the directories a process lives in, signalling
 * every member, waiting for emptiness on cgroup.events, removal. */
#ifndef LXCRUN_CGROUP_H
#define LXCRUN_CGROUP_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"
#include "cgroup_plan.h"
#include "spec.h"

/* Layout of the cgroup file system mounted at /sys/fs/cgroup. */
enum cgroup_layout cgroup_detect_layout(void);

/* Resolves linux.cgroupsPath (NULL/empty: the default "lxcrun-<id>" under the caller's cgroup)
 * into a path without leading '/' plus whether it is relative to the caller's cgroup.
 * Pure. Rejects ".." components. */
int cgroup_resolve_path(const char *cgroups_path, const char *id, bool systemd, char **path,
			bool *relative, lxr_error **err);

/* The absolute directories (one per mounted hierarchy) of pid's cgroups whose path ends
 * with `suffix`, as a NULL-terminated vector; *unified (may be NULL) gets the cgroup2 one. */
char **cgroup_dirs_of_pid(pid_t pid, const char *suffix, char **unified, lxr_error **err);

/* Sends sig to every process listed in dir/cgroup.procs (uses cgroup.kill for SIGKILL on v2). */
int cgroup_signal_all(const char *dir, int sig, lxr_error **err);

/* Waits until dir/cgroup.events says "populated 0", at most timeout_ms; event-driven (inotify). */
int cgroup_wait_empty(const char *dir, int timeout_ms, lxr_error **err);

/* SIGKILLs every process in dir and its sub-cgroups and waits until none is left,
 * at most timeout_ms: on cgroup.events for a cgroup2 dir, on pidfds for a v1 one. */
int cgroup_kill_and_wait(const char *dir, int timeout_ms, lxr_error **err);

/* True when dir is on a cgroup2 file system. */
bool cgroup_is_v2_dir(const char *dir);

/* What this host's hierarchies offer: the controllers mounted as v1, those the
 * cgroup2 root offers, and optional files (swap accounting, BFQ, ...). */
cg_support cgroup_detect_support(void);

/* Among dirs (a container's cgroup directories), the one in the v1 hierarchy
 * that has controller ctrl; NULL if none (not a copy). */
const char *cgroup_v1_dir(char *const *dirs, const char *ctrl);

/* Writes the settings of plan (only the cgroup2 ones if v2_only) into the
 * container's directories: v1 ones into dirs, cgroup2 ones into unified. With
 * update, orders memory and memory+swap against the current limit and honours
 * checkBeforeUpdate. Errors name the field, the value and the file. */
int cgroup_apply_plan(const cg_plan *plan, bool v2_only, bool update, char *const *dirs,
		      const char *unified, lxr_error **err);

/* Freezes (or thaws) dir and waits until the kernel reports it done: a cgroup2 dir
 * through cgroup.freeze and cgroup.events, a v1 freezer dir through freezer.state. */
int cgroup_freeze(const char *dir, bool freeze, int timeout_ms, lxr_error **err);

/* Pids listed in dir/cgroup.procs and in its sub-cgroups, 0-terminated (caller frees). */
pid_t *cgroup_pids(const char *dir, lxr_error **err);

/* True when dir is frozen (cgroup2: cgroup.events "frozen 1"; v1: freezer.state FROZEN). */
bool cgroup_is_frozen(const char *dir);

/* True when dir has no process (or no longer exists). */
bool cgroup_is_empty(const char *dir);

/* Removes the directories (leaf cgroups); already-missing ones are fine. */
int cgroup_remove_dirs(char *const *dirs, lxr_error **err);

/* Removes, where present and empty, <dir><monitor_suffix>, <dir><pivot_suffix>/lxc.pivot
 * and <dir><pivot_suffix> for each dir: what a liblxc monitor that failed to start
 * the container leaves (a stray lxc-start on lxcrun's root). */
void cgroup_remove_monitor_dirs(char *const *dirs, const char *monitor_suffix,
				const char *pivot_suffix);

#endif
