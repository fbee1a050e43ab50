/* linux.seccomp -> a classic BPF program, compiled in the front end with
 * libseccomp. lxcrun-init (static, libc only) loads the bytes with seccomp(2)
 * and never links libseccomp. (Not named seccomp.h: -I src would make it
 * shadow libseccomp's <seccomp.h>.) */
#ifndef LXCRUN_SECCOMP_BUILD_H
#define LXCRUN_SECCOMP_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "spec.h"

/* Compiles sc into *bpf (malloc'd struct sock_filter array, *len bytes, a multiple of 8) and
 * *flags (SECCOMP_FILTER_FLAG_* for seccomp(2); NEW_LISTENER when a rule is SCMP_ACT_NOTIFY,
 * which then needs listenerPath); unknown action/arch/op/flag names are errors
 * naming the field, unknown syscall names are skipped (newer profiles list newer syscalls). */
int seccomp_build(const spec_seccomp *sc, unsigned char **bpf, size_t *len, unsigned int *flags,
		  lxr_error **err);

/* The SECCOMP_RET_* value of action `name` (errno_ret, or EPERM when !has_errno_ret, for ERRNO
 * and TRACE); -1 for an unknown name. */
int64_t seccomp_action_from_name(const char *name, bool has_errno_ret, uint32_t errno_ret);

/* The i-th action name seccomp_action_from_name accepts; NULL past the last. */
const char *seccomp_action_name(size_t i);

/* The i-th comparison operator name (SCMP_CMP_*) a rule's args accept; NULL past the last. */
const char *seccomp_operator_name(size_t i);

/* The i-th filter flag name lxcrun knows, its SECCOMP_FILTER_FLAG_* bit in *flag, and in
 * *usable whether a config may set it (false: known but refused); NULL past the last. */
const char *seccomp_flag_name(size_t i, unsigned int *flag, bool *usable);

/* libseccomp's token for architecture `name` ("SCMP_ARCH_X86_64"); 0 if it knows none. */
uint32_t seccomp_arch_from_name(const char *name);

/* True when linux.seccomp.architectures may list `name` on this build: libseccomp knows it
 * and adds it to a filter of the native arch (one of the same byte order). */
bool seccomp_arch_usable(const char *name);

/* SECCOMP_FILTER_FLAG_NEW_LISTENER: the filter has SCMP_ACT_NOTIFY rules. */
#define SECCOMP_BUILD_NEW_LISTENER 8U

#endif
