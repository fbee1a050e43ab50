/* Pure translation of the process half of the spec into what lxcrun-init applies:
 * user, capabilities, rlimits, env, devices, masked and read-only paths. */
#ifndef LXCRUN_INIT_BUILD_H
#define LXCRUN_INIT_BUILD_H

#include "init_params.h"
#include "spec.h"

/* Fills *out from spec (fd numbers are left to the caller). Unknown capability or
 * rlimit names are errors naming the field. Strings in *out borrow from spec;
 * linux.seccomp is compiled to BPF here (see seccomp_build.h). */
int init_build(const spec_config *spec, init_params *out, lxr_error **err);

/* Frees the arrays and the seccomp program init_build allocated (not the borrowed strings). */
void init_build_free(init_params *p);

/* Capability names of c as bit masks, one per set; unknown names are errors naming
 * the field. Ambient bits that cannot be raised are dropped with a warning. */
int init_caps_build(const spec_capabilities *c, uint64_t caps[INIT_CAP_SETS], lxr_error **err);

/* Drops (with a warning) ambient bits not both inheritable and permitted. */
void init_caps_trim_ambient(uint64_t caps[INIT_CAP_SETS]);

/* The bit of one capability name ("CAP_KILL"); an error naming field if unknown. */
int init_cap_from_name(const char *name, const char *field, uint64_t *bit, lxr_error **err);

/* process.rlimits as a malloc'd array (NULL when n is 0); errors name the entry. */
int init_rlimits_build(const spec_rlimit *rl, size_t n, init_rlimit **out, size_t *n_out,
		       lxr_error **err);

/* env with later entries replacing earlier ones of the same name (in the order of
 * their last occurrence); a malloc'd NULL-terminated copy of the pointers. */
char **env_dedupe(char *const *env, size_t n, size_t *n_out);

/* The settings of p that are not the command, env, cwd or user: terminal and
 * consoleSize, capabilities, rlimits, noNewPrivileges, oomScoreAdj, AppArmor
 * profile, SELinux label, ioPriority, scheduler, execCPUAffinity. Each optional
 * one is set only when p has it (so exec can start from the container's); names
 * and ranges are checked here, errors name the field. Strings are borrowed from
 * p; out->rlimits is malloc'd (init_build_free frees it). */
int init_process_build(const spec_process *p, init_params *out, lxr_error **err);

/* linux.personality as personality(2)'s argument; unknown names are errors naming the field. */
int init_personality_build(const spec_personality *pers, unsigned long *out, lxr_error **err);

/* linux.memoryPolicy into out->has_mempolicy, mempolicy_mode and mempolicy_nodes
 * (borrowed from mp); unknown names, a malformed node list and a mode/nodes/flags
 * combination set_mempolicy(2) refuses are errors naming the field. */
int init_mempolicy_build(const spec_memory_policy *mp, init_params *out, lxr_error **err);

/* The i-th linux.memoryPolicy mode (MPOL_*) and flag (MPOL_F_*) name; NULL past the last. */
const char *init_mempolicy_mode_name(size_t i);
const char *init_mempolicy_flag_name(size_t i);

/* Maps "RLIMIT_NOFILE" to RLIMIT_NOFILE; -1 when unknown. */
int rlimit_from_name(const char *name);

/* True for a devpts mount at /dev/pts. liblxc 5.0 detaches whatever is mounted
 * on /dev/pts after all mount entries when it allocates no ptys itself
 * (lxc.pty.max = 0), so lxc_config_render stacks a throwaway tmpfs (the
 * "pts guard") on top of it for liblxc to detach, and lxcrun-init removes the
 * guard if a liblxc did not. */
bool mount_is_dev_pts(const spec_mount *m);

/* True when the spec mounts a file system at /dev (then the default devices are created). */
bool spec_mounts_dev(const spec_config *spec);

/* 2 for a recursive mount attribute option lxcrun-init applies with
 * mount_setattr(2) (rro, rnosuid, ...), 1 for [no]symfollow, 0 for any other. */
int mount_attr_option(const char *name);

/* The i-th option name mount_attr_option knows; NULL past the last. */
const char *mount_attr_option_name(size_t i);

/* True when the container gets a user namespace (new or joined by path). */
bool spec_has_userns(const spec_config *spec);

/* The device nodes the container gets (the defaults when the spec mounts /dev,
 * then linux.devices, a later path replacing an earlier one) into out->devices;
 * errors name the linux.devices entry. Paths are borrowed from spec. */
int init_devices_build(const spec_config *spec, init_params *out, lxr_error **err);

#endif
