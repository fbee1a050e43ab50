/* What lxcrun-init needs to finish the container and exec the user process,
 * serialised by the front end into a sealed memfd the init reads at start-up.
 * Records are "key=value\0"; arrays repeat their key in order. Shared by the
 * writer (lxcrun) and the reader (the static lxcrun-init): libc only. */
#ifndef LXCRUN_INIT_PARAMS_H
#define LXCRUN_INIT_PARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define INIT_CAP_SETS 5 /* bounding, effective, inheritable, permitted, ambient */

typedef struct {
	char type; /* 'c', 'b', 'p' */
	char *path;
	uint32_t major, minor, mode, uid, gid;
} init_device;

/* mount_setattr(2)'s attributes (<linux/mount.h> clashes with <sys/mount.h>). */
#define INIT_MOUNT_ATTR_RDONLY	    0x00000001ULL
#define INIT_MOUNT_ATTR_NOSUID	    0x00000002ULL
#define INIT_MOUNT_ATTR_NODEV	    0x00000004ULL
#define INIT_MOUNT_ATTR_NOEXEC	    0x00000008ULL
#define INIT_MOUNT_ATTR__ATIME	    0x00000070ULL /* the atime setting: a value, not bits */
#define INIT_MOUNT_ATTR_RELATIME    0x00000000ULL
#define INIT_MOUNT_ATTR_NOATIME	    0x00000010ULL
#define INIT_MOUNT_ATTR_STRICTATIME 0x00000020ULL
#define INIT_MOUNT_ATTR_NODIRATIME  0x00000080ULL
#define INIT_MOUNT_ATTR_NOSYMFOLLOW 0x00200000ULL

/* What to redo on a mount point once the container's root is in place. */
typedef struct {
	char *target;
	unsigned long flags;	  /* propagation: MS_PRIVATE, MS_SLAVE, ... | MS_REC; or 0 */
	unsigned long bind_flags; /* a bind mount's MS_NOSUID etc. to apply by remount; or 0 */
	/* INIT_MOUNT_ATTR_* to set and clear with mount_setattr(2): rec_* on the
	 * mount and every mount below it (the r* options), the others on it alone */
	uint64_t rec_set, rec_clr, set, clr;
} init_propagation;

typedef struct {
	int resource;
	uint64_t soft, hard;
} init_rlimit;

/* struct sched_attr's fields (the kernel's uapi header is not in every libc). */
typedef struct {
	uint32_t policy;
	uint64_t flags;
	int32_t nice;
	uint32_t priority;
	uint64_t runtime, deadline, period;
} init_sched;

typedef struct {
	/* fds the init inherits (numbers in its fd table) */
	int ready_fd;	/* SOCK_SEQPACKET to `create`: "ready" (with SCM_CREDENTIALS) or "error ..."
			 */
	int fifo_fd;	/* exec.fifo opened O_RDWR: `start` writes one byte to release the init */
	int console_fd; /* connected --console-socket, -1 without a terminal */
	int notify_fd;	/* listening socket `start` connects to for the seccomp notify fd, or -1 */
	int preserve_fds; /* fds 3 .. 3+preserve_fds-1 are passed to the user process */
	/* `exec`: start one more process in a running container (ready_fd then only
	 * carries errors and closes when the process is exec'd; no container setup) */
	bool exec_mode;

	char **args, **env, **masked, **readonly;
	size_t n_args, n_env, n_masked, n_readonly;
	/* destinations of the tmpfs mounts with "tmpcopyup": filled with what the
	 * image has beneath them */
	char **copyup;
	size_t n_copyup;
	char *cwd;
	char *apparmor_profile; /* applied at the user process's exec; NULL: none */
	char *selinux_label;	/* likewise */
	char *hostname;		/* NULL: leave the uts namespace's host name alone */
	char *domainname;	/* NULL: leave the uts namespace's domain name alone */
	uid_t uid;
	gid_t gid;
	gid_t *gids;
	size_t n_gids;
	bool has_umask;
	mode_t umask;
	bool no_new_privs;
	bool terminal;
	unsigned short rows, cols; /* console size, 0 when unset */
	bool root_readonly;
	bool has_caps;
	uint64_t caps[INIT_CAP_SETS];
	init_rlimit *rlimits;
	size_t n_rlimits;
	bool has_oom_score_adj;
	int oom_score_adj;
	init_device *devices;
	size_t n_devices;
	unsigned long root_propagation; /* linux.rootfsPropagation (default rprivate) */
	init_propagation *propagations; /* per spec mount, in order */
	size_t n_propagations;
	bool pts_guard; /* unmount /dev/pts if it is still the guard tmpfs (see init_build.h) */
	/* in a user namespace mknod of a device is refused: the 'c' and 'b' entries
	 * are bind mounts of the host's nodes liblxc made (lxc_config_render) */
	bool devices_bound;
	/* linux.seccomp compiled by the front end: a struct sock_filter array for
	 * seccomp(2) (hex in its record: at most BPF_MAXINSNS * 8 bytes, 64 KiB of text) */
	unsigned char *seccomp_bpf; /* NULL: no filter */
	size_t seccomp_len;	    /* bytes, a multiple of 8 */
	unsigned int seccomp_flags; /* SECCOMP_FILTER_FLAG_* */
	/* process.ioPriority as ioprio_set(2) takes it: class << 13 | priority */
	bool has_ioprio;
	int ioprio;
	/* process.scheduler as sched_setattr(2) takes it */
	bool has_sched;
	init_sched sched;
	/* process.execCPUAffinity: cpu lists checked by cpulist_parse; NULL when absent */
	char *cpus_initial, *cpus_final;
	/* linux.personality: domain | flags for personality(2) */
	bool has_personality;
	unsigned long personality;
	/* linux.memoryPolicy as set_mempolicy(2) takes it: mode | MPOL_F_* flags, and
	 * the nodes as a list checked by cpulist_parse (NULL: no nodes) */
	bool has_mempolicy;
	int mempolicy_mode;
	char *mempolicy_nodes;
} init_params;

/* set_mempolicy(2)'s modes and flags (libnuma's numaif.h is not a dependency). */
#define INIT_MPOL_DEFAULT	      0
#define INIT_MPOL_PREFERRED	      1
#define INIT_MPOL_BIND		      2
#define INIT_MPOL_INTERLEAVE	      3
#define INIT_MPOL_LOCAL		      4
#define INIT_MPOL_PREFERRED_MANY      5
#define INIT_MPOL_WEIGHTED_INTERLEAVE 6
#define INIT_MPOL_F_NUMA_BALANCING    (1 << 13)
#define INIT_MPOL_F_RELATIVE_NODES    (1 << 14)
#define INIT_MPOL_F_STATIC_NODES      (1 << 15)
/* The nodemask's size in bits: the kernel's largest MAX_NUMNODES (NODES_SHIFT 10). */
#define INIT_MPOL_MAX_NODES 1024

enum init_cap_set {
	CAPSET_BOUNDING,
	CAPSET_EFFECTIVE,
	CAPSET_INHERITABLE,
	CAPSET_PERMITTED,
	CAPSET_AMBIENT
};

/* Serialises p into a malloc'd buffer (*len bytes); NULL on out of memory. */
char *init_params_serialize(const init_params *p, size_t *len);

/* Parses buf (len bytes) into *p; -1 with errno=EINVAL on a malformed record. */
int init_params_parse(const char *buf, size_t len, init_params *p);

/* Parses a cpu list ("0-3,7", "1,2"; no blanks, ascending ranges) into the
 * CPU_SETSIZE-bit mask set (zeroed first); -1 with errno=EINVAL if malformed or
 * naming a cpu beyond CPU_SETSIZE. Shared so create rejects what the init would. */
int cpulist_parse(const char *s, unsigned long set[], size_t n_words);

/* Frees what init_params_parse allocated. */
void init_params_free(init_params *p);

#endif
