/* Typed form of an OCI runtime-spec config.json (the fields lxcrun implements).
 * Produced by spec_parse(), consumed by the pure translations (lxc config, init
 * parameters). Optional scalars carry a has_* flag; arrays are pointer + count. */
#ifndef LXCRUN_SPEC_H
#define LXCRUN_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* The runtime-spec version lxcrun implements (ociVersion it writes, `features`' ociVersionMax). */
#define LXCRUN_OCI_VERSION "1.2.0"

typedef struct {
	char *key;
	char *value;
} spec_kv; /* annotations, sysctl */

typedef struct {
	char *type; /* RLIMIT_NOFILE, ... as written */
	uint64_t hard;
	uint64_t soft;
} spec_rlimit;

typedef struct {
	char **bounding, **effective, **inheritable, **permitted, **ambient;
	size_t n_bounding, n_effective, n_inheritable, n_permitted, n_ambient;
	bool has_bounding, has_effective, has_inheritable, has_permitted, has_ambient;
} spec_capabilities;

typedef struct {
	uint32_t uid;
	uint32_t gid;
	bool has_umask;
	uint32_t umask;
	uint32_t *additional_gids;
	size_t n_additional_gids;
} spec_user;

/* process.ioPriority; class as written (IOPRIO_CLASS_RT, ...) */
typedef struct {
	char *class_; /* "class" is a C++ keyword clang-tidy warns about */
	int priority;
} spec_io_priority;

/* process.scheduler; names as written, checked by init_build */
typedef struct {
	char *policy;
	bool has_nice, has_priority, has_runtime, has_deadline, has_period;
	int nice, priority;
	char **flags;
	size_t n_flags;
	uint64_t runtime, deadline, period; /* nanoseconds */
} spec_scheduler;

/* process.execCPUAffinity: cpu lists ("0-1,3"), NULL when absent */
typedef struct {
	char *initial, *final_;
} spec_cpu_affinity;

/* linux.memoryPolicy; names as written, checked by init_build */
typedef struct {
	char *mode;
	char *nodes; /* "0-3,7"; NULL when absent */
	char **flags;
	size_t n_flags;
} spec_memory_policy;

/* linux.netDevices.<host name> */
typedef struct {
	char *host_name; /* the key (first member: F_OBJMAP stores the key here) */
	char *name;	 /* the name in the container; NULL: the host name */
} spec_net_device;

/* linux.personality; names as written */
typedef struct {
	char *domain;
	char **flags;
	size_t n_flags;
} spec_personality;

typedef struct {
	bool terminal;
	bool has_console_size;
	uint32_t console_height, console_width;
	spec_user user;
	char **args;
	size_t n_args;
	char **env;
	size_t n_env;
	char *cwd; /* required, absolute */
	bool has_capabilities;
	spec_capabilities capabilities;
	spec_rlimit *rlimits;
	size_t n_rlimits;
	bool has_no_new_privileges;
	bool no_new_privileges;
	char *apparmor_profile; /* NULL when absent */
	char *selinux_label;	/* NULL when absent */
	bool has_oom_score_adj;
	int oom_score_adj;
	bool has_io_priority, has_scheduler, has_exec_cpu_affinity;
	spec_io_priority io_priority;
	spec_scheduler scheduler;
	spec_cpu_affinity exec_cpu_affinity;
} spec_process;

typedef struct {
	uint32_t container_id, host_id, size;
} spec_id_mapping;

typedef struct {
	char *destination; /* as written (absolute, or relative to / in the container) */
	char *type;	   /* NULL when absent (bind mounts often omit it) */
	char *source;	   /* NULL when absent */
	char **options;
	size_t n_options;
	spec_id_mapping *uid_mappings, *gid_mappings; /* an idmapped mount's own maps */
	size_t n_uid_mappings, n_gid_mappings;
} spec_mount;

typedef struct {
	char *path;
	char **args;
	size_t n_args;
	char **env;
	size_t n_env;
	bool has_timeout;
	int timeout;
} spec_hook;

typedef struct {
	spec_hook *prestart, *create_runtime, *create_container, *start_container, *poststart,
	    *poststop;
	size_t n_prestart, n_create_runtime, n_create_container, n_start_container, n_poststart,
	    n_poststop;
} spec_hooks;

enum spec_ns_type {
	SPEC_NS_PID,
	SPEC_NS_NETWORK,
	SPEC_NS_MOUNT,
	SPEC_NS_IPC,
	SPEC_NS_UTS,
	SPEC_NS_USER,
	SPEC_NS_CGROUP,
	SPEC_NS_TIME,
	SPEC_NS_COUNT
};

typedef struct {
	enum spec_ns_type type;
	char *path; /* NULL: create a new namespace; else join this one */
} spec_namespace;

/* linux.timeOffsets.<clock> */
typedef struct {
	char *clock; /* "monotonic" or "boottime" (first member: F_OBJMAP stores the key here) */
	int64_t secs;
	uint32_t nanosecs; /* below 10^9 */
} spec_time_offset;

typedef struct {
	char type; /* 'c', 'b', 'u' or 'p' */
	char *path;
	bool has_major, has_minor;
	int64_t major, minor;
	bool has_file_mode, has_uid, has_gid;
	uint32_t file_mode, uid, gid;
} spec_device;

typedef struct {
	bool allow;
	char type;		   /* 'a', 'c' or 'b'; 'a' when absent */
	bool has_major, has_minor; /* absent means any (-1 / '*') */
	int64_t major, minor;
	char *access; /* "rwm" subset; NULL means "rwm" */
} spec_device_rule;

typedef struct {
	int64_t major, minor;
	bool has_weight, has_leaf_weight;
	uint32_t weight, leaf_weight; /* 10..1000 */
} spec_weight_device;

typedef struct {
	int64_t major, minor;
	uint64_t rate;
} spec_throttle_device;

typedef struct {
	char *page_size; /* "2MB", as the kernel names hugetlb.<size>.* files */
	uint64_t limit;
} spec_hugepage_limit;

typedef struct {
	char *name; /* interface */
	uint32_t priority;
} spec_net_priority;

typedef struct {
	char *key; /* the rdma device (first member: F_OBJMAP stores the key here) */
	bool has_hca_handles, has_hca_objects;
	uint32_t hca_handles, hca_objects;
} spec_rdma;

typedef struct {
	spec_device_rule *devices;
	size_t n_devices;

	bool has_memory_limit, has_memory_reservation, has_memory_swap, has_memory_swappiness;
	int64_t memory_limit, memory_reservation, memory_swap;
	uint64_t memory_swappiness;
	bool has_disable_oom_killer;
	bool disable_oom_killer;
	bool has_memory_kernel, has_memory_kernel_tcp; /* deprecated: kernel is ignored */
	int64_t memory_kernel, memory_kernel_tcp;
	bool has_memory_use_hierarchy, memory_use_hierarchy;
	bool check_before_update; /* update: refuse a limit below the current usage */

	bool has_cpu_shares, has_cpu_quota, has_cpu_period;
	uint64_t cpu_shares, cpu_period;
	int64_t cpu_quota;
	char *cpu_cpus, *cpu_mems; /* NULL when absent */
	bool has_cpu_rt_runtime, has_cpu_rt_period, has_cpu_burst, has_cpu_idle;
	int64_t cpu_rt_runtime, cpu_idle;
	uint64_t cpu_rt_period, cpu_burst;

	bool has_blkio_weight, has_blkio_leaf_weight;
	uint32_t blkio_weight, blkio_leaf_weight; /* 10..1000, 0: unset */
	spec_weight_device *blkio_weight_device;
	size_t n_blkio_weight_device;
	spec_throttle_device *throttle_read_bps, *throttle_write_bps, *throttle_read_iops,
	    *throttle_write_iops;
	size_t n_throttle_read_bps, n_throttle_write_bps, n_throttle_read_iops,
	    n_throttle_write_iops;

	spec_hugepage_limit *hugepage_limits;
	size_t n_hugepage_limits;

	bool has_net_class_id;
	uint32_t net_class_id;
	spec_net_priority *net_priorities;
	size_t n_net_priorities;

	spec_rdma *rdma;
	size_t n_rdma;

	bool has_pids_limit;
	int64_t pids_limit;

	spec_kv *unified; /* linux.resources.unified */
	size_t n_unified;
} spec_resources;

typedef struct {
	uint32_t index;
	uint64_t value;
	bool has_value_two;
	uint64_t value_two;
	char *op; /* SCMP_CMP_EQ, ... as written */
} spec_seccomp_arg;

typedef struct {
	char **names;
	size_t n_names;
	char *action; /* SCMP_ACT_ERRNO, ... as written */
	bool has_errno_ret;
	uint32_t errno_ret;
	spec_seccomp_arg *args;
	size_t n_args;
} spec_seccomp_syscall;

typedef struct {
	char *default_action;
	bool has_default_errno_ret;
	uint32_t default_errno_ret;
	char **architectures; /* SCMP_ARCH_X86_64, ... as written */
	size_t n_architectures;
	char **flags; /* SECCOMP_FILTER_FLAG_LOG, ... as written */
	size_t n_flags;
	spec_seccomp_syscall *syscalls;
	size_t n_syscalls;
	char *listener_path;	 /* where `start` sends the notify fd (SCMP_ACT_NOTIFY) */
	char *listener_metadata; /* passed on to that listener as "metadata" */
} spec_seccomp;

typedef struct {
	spec_namespace *namespaces;
	size_t n_namespaces;
	spec_id_mapping *uid_mappings, *gid_mappings;
	size_t n_uid_mappings, n_gid_mappings;
	spec_device *devices;
	size_t n_devices;
	char *cgroups_path; /* NULL when absent */
	bool has_resources;
	spec_resources resources;
	spec_kv *sysctl;
	size_t n_sysctl;
	char **masked_paths, **readonly_paths;
	size_t n_masked_paths, n_readonly_paths;
	char *rootfs_propagation; /* NULL when absent */
	char *mount_label;	  /* NULL when absent */
	bool has_seccomp;
	spec_seccomp seccomp;
	bool has_personality;
	spec_personality personality;
	spec_time_offset *time_offsets;
	size_t n_time_offsets;
	bool has_memory_policy;
	spec_memory_policy memory_policy;
	spec_net_device *net_devices;
	size_t n_net_devices;
} spec_linux;

typedef struct {
	char *oci_version;
	char *root_path; /* as written: absolute or relative to the bundle */
	bool root_readonly;
	bool has_process;
	spec_process process;
	char *hostname;	  /* NULL when absent */
	char *domainname; /* NULL when absent */
	spec_mount *mounts;
	size_t n_mounts;
	bool has_hooks;
	spec_hooks hooks;
	spec_kv *annotations;
	size_t n_annotations;
	bool has_linux;
	spec_linux linux_; /* "linux" is a predefined macro in GNU C */
} spec_config;

/* True when mount m lists option opt. */
bool spec_mount_has_option(const spec_mount *m, const char *opt);

/* True for a bind mount: option "bind" or "rbind", or type "bind". */
bool spec_mount_is_bind(const spec_mount *m);

/* True when m's destination is rel ("dev/pts"), leading slashes and one trailing slash aside. */
bool spec_mount_at(const spec_mount *m, const char *rel);

/* The default config.json `lxcrun spec` writes (NUL-terminated JSON text). */
extern const char spec_default_json[];

/* Parses config.json text into *out. On error returns -1 with a message naming
 * the JSON path (e.g. "process.user.uid: expected an unsigned integer"). Fields
 * of the runtime-spec that lxcrun does not implement yet are rejected by name. */
int spec_parse(const char *json, size_t len, spec_config *out, lxr_error **err);

/* Reads and parses `<bundle>/config.json`. */
int spec_load_bundle(const char *bundle, spec_config *out, lxr_error **err);

/* Frees everything spec_parse allocated inside *cfg (not cfg itself) and zeroes it. */
void spec_free(spec_config *cfg);

/* Calls fn once per JSON path of config.json the parser knows, array elements as
 * "[]" and map members as ".<name>" ("mounts[].type"), with why NULL; then once per
 * field it refuses by name (spec_unsupported_why) with the reason. For the
 * coverage test that keeps doc/spec-coverage.md complete. */
void spec_schema_walk(void (*fn)(const char *path, const char *why, void *ctx), void *ctx);

/* Parses a standalone process JSON (as for `exec --process`) into *out. */
int spec_parse_process(const char *json, size_t len, spec_process *out, lxr_error **err);

/* Frees a spec_process's contents. */
void spec_process_free(spec_process *p);

/* Parses a standalone LinuxResources JSON (as for `update --resources`) into *out;
 * messages name fields as linux.resources.<field>. */
int spec_parse_resources(const char *json, size_t len, spec_resources *out, lxr_error **err);

/* Frees a spec_resources's contents. */
void spec_resources_free(spec_resources *r);

/* Maps "pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time" to its type; -1 if
 * unknown. */
int spec_ns_from_name(const char *name);

/* The runtime-spec name of a namespace type ("network", ...). */
const char *spec_ns_name(enum spec_ns_type t);

#endif
