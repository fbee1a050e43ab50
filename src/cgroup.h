/* The container's cgroups as seen from the host: layout detection, resolving
 * linux.cgroupsPath, finding the directories a process lives in, signalling
 * every member, waiting for emptiness on cgroup.events, removal. */
#ifndef LXCRUN_CGROUP_H
#define LXCRUN_CGROUP_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"
#include "lxc_config.h"
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

/* True when dir is on a cgroup2 file system. */
bool cgroup_is_v2_dir(const char *dir);

/* Writes each value to dir/<key> (linux.resources.unified on a hybrid host,
 * where liblxc ignores cgroup2 limits); errors name the key and the value. */
int cgroup_write_unified(const char *dir, const spec_kv *kv, size_t n, lxr_error **err);

/* Freezes (or thaws) the cgroup2 directory dir and waits, event-driven, until the
 * kernel reports it done in cgroup.events. */
int cgroup_freeze(const char *dir, bool freeze, int timeout_ms, lxr_error **err);

/* Pids listed in dir/cgroup.procs and in its sub-cgroups, 0-terminated (caller frees). */
pid_t *cgroup_pids(const char *dir, lxr_error **err);

/* True when dir's cgroup.events says "frozen 1". */
bool cgroup_is_frozen(const char *dir);

/* True when dir (a cgroup2 directory) has no process (or no longer exists). */
bool cgroup_is_empty(const char *dir);

/* Removes the directories (leaf cgroups); already-missing ones are fine. */
int cgroup_remove_dirs(char *const *dirs, lxr_error **err);

#endif
