#include "config.h"
#include "init_build.h"
#include "log.h"
#include "seccomp_build.h"
#include "util.h"

#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/capability.h>
#include <sys/mount.h>
#include <sys/resource.h>

static const struct {
	const char *name;
	int resource;
} rlimit_names[] = {
    {"RLIMIT_AS", RLIMIT_AS},
    {"RLIMIT_CORE", RLIMIT_CORE},
    {"RLIMIT_CPU", RLIMIT_CPU},
    {"RLIMIT_DATA", RLIMIT_DATA},
    {"RLIMIT_FSIZE", RLIMIT_FSIZE},
    {"RLIMIT_LOCKS", RLIMIT_LOCKS},
    {"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK},
    {"RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE},
    {"RLIMIT_NICE", RLIMIT_NICE},
    {"RLIMIT_NOFILE", RLIMIT_NOFILE},
    {"RLIMIT_NPROC", RLIMIT_NPROC},
    {"RLIMIT_RSS", RLIMIT_RSS},
    {"RLIMIT_RTPRIO", RLIMIT_RTPRIO},
    {"RLIMIT_RTTIME", RLIMIT_RTTIME},
    {"RLIMIT_SIGPENDING", RLIMIT_SIGPENDING},
    {"RLIMIT_STACK", RLIMIT_STACK},
};

int rlimit_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof(rlimit_names) / sizeof(rlimit_names[0]); i++)
		if (strcmp(name, rlimit_names[i].name) == 0)
			return rlimit_names[i].resource;
	return -1;
}

char **env_dedupe(char *const *env, size_t n, size_t *n_out)
{
	char **out = xmalloc((n + 1) * sizeof(char *));
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		size_t nl = strcspn(env[i], "=");
		bool later = false;

		for (size_t j = i + 1; j < n && !later; j++)
			later = strncmp(env[j], env[i], nl) == 0 && env[j][nl] == env[i][nl] &&
				(env[i][nl] == '\0' || env[j][nl] == '=');
		if (!later)
			out[k++] = env[i];
	}
	out[k] = NULL;
	*n_out = k;
	return out;
}

bool spec_mounts_dev(const spec_config *spec)
{
	for (size_t i = 0; i < spec->n_mounts; i++)
		if (spec_mount_at(&spec->mounts[i], "dev"))
			return true;
	return false;
}

bool spec_has_userns(const spec_config *spec)
{
	for (size_t i = 0; spec->has_linux && i < spec->linux_.n_namespaces; i++)
		if (spec->linux_.namespaces[i].type == SPEC_NS_USER)
			return true;
	return false;
}

static const struct {
	const char *name;
	unsigned long flags;
} propagation_names[] = {
    {"private", MS_PRIVATE},	   {"rprivate", MS_PRIVATE | MS_REC},
    {"shared", MS_SHARED},	   {"rshared", MS_SHARED | MS_REC},
    {"slave", MS_SLAVE},	   {"rslave", MS_SLAVE | MS_REC},
    {"unbindable", MS_UNBINDABLE}, {"runbindable", MS_UNBINDABLE | MS_REC},
};

/* Per-mount flags of a bind mount, which liblxc 5.0 only applies with "ro". */
static const struct {
	const char *name;
	unsigned long flag;
	bool clear;
} bind_flag_names[] = {
    {"ro", MS_RDONLY, false},
    {"rw", MS_RDONLY, true},
    {"nosuid", MS_NOSUID, false},
    {"suid", MS_NOSUID, true},
    {"nodev", MS_NODEV, false},
    {"dev", MS_NODEV, true},
    {"noexec", MS_NOEXEC, false},
    {"exec", MS_NOEXEC, true},
    {"noatime", MS_NOATIME, false},
    {"atime", MS_NOATIME, true},
    {"nodiratime", MS_NODIRATIME, false},
    {"diratime", MS_NODIRATIME, true},
    {"relatime", MS_RELATIME, false},
    {"norelatime", MS_RELATIME, true},
    {"strictatime", MS_STRICTATIME, false},
    {"nostrictatime", MS_STRICTATIME, true},
};

static unsigned long bind_flags_of(const spec_mount *m)
{
	unsigned long flags = 0;

	if (!spec_mount_is_bind(m))
		return 0;
	for (size_t k = 0; k < m->n_options; k++)
		for (size_t f = 0; f < sizeof(bind_flag_names) / sizeof(bind_flag_names[0]); f++)
			if (strcmp(m->options[k], bind_flag_names[f].name) == 0)
				flags = bind_flag_names[f].clear ? flags & ~bind_flag_names[f].flag
								 : flags | bind_flag_names[f].flag;
	return flags;
}

static unsigned long propagation_of(const char *name)
{
	for (size_t i = 0; i < sizeof(propagation_names) / sizeof(propagation_names[0]); i++)
		if (strcmp(name, propagation_names[i].name) == 0)
			return propagation_names[i].flags;
	return 0;
}

/* Mount options lxcrun-init applies with mount_setattr(2) once every mount is
 * made: the recursive r* attributes and [no]symfollow. An atime option sets
 * the whole atime value (the kernel wants all of MOUNT_ATTR__ATIME cleared). */
static const struct {
	const char *name;
	bool recursive;
	uint64_t set, clr;
} attr_options[] = {
    {"rro", true, INIT_MOUNT_ATTR_RDONLY, 0},
    {"rrw", true, 0, INIT_MOUNT_ATTR_RDONLY},
    {"rnosuid", true, INIT_MOUNT_ATTR_NOSUID, 0},
    {"rsuid", true, 0, INIT_MOUNT_ATTR_NOSUID},
    {"rnodev", true, INIT_MOUNT_ATTR_NODEV, 0},
    {"rdev", true, 0, INIT_MOUNT_ATTR_NODEV},
    {"rnoexec", true, INIT_MOUNT_ATTR_NOEXEC, 0},
    {"rexec", true, 0, INIT_MOUNT_ATTR_NOEXEC},
    {"rnodiratime", true, INIT_MOUNT_ATTR_NODIRATIME, 0},
    {"rdiratime", true, 0, INIT_MOUNT_ATTR_NODIRATIME},
    {"rrelatime", true, INIT_MOUNT_ATTR_RELATIME, INIT_MOUNT_ATTR__ATIME},
    {"rnorelatime", true, INIT_MOUNT_ATTR_STRICTATIME, INIT_MOUNT_ATTR__ATIME},
    {"rnoatime", true, INIT_MOUNT_ATTR_NOATIME, INIT_MOUNT_ATTR__ATIME},
    {"ratime", true, INIT_MOUNT_ATTR_RELATIME, INIT_MOUNT_ATTR__ATIME},
    {"rstrictatime", true, INIT_MOUNT_ATTR_STRICTATIME, INIT_MOUNT_ATTR__ATIME},
    {"rnostrictatime", true, INIT_MOUNT_ATTR_RELATIME, INIT_MOUNT_ATTR__ATIME},
    {"rnosymfollow", true, INIT_MOUNT_ATTR_NOSYMFOLLOW, 0},
    {"rsymfollow", true, 0, INIT_MOUNT_ATTR_NOSYMFOLLOW},
    {"nosymfollow", false, INIT_MOUNT_ATTR_NOSYMFOLLOW, 0},
    {"symfollow", false, 0, INIT_MOUNT_ATTR_NOSYMFOLLOW},
};

int mount_attr_option(const char *name)
{
	for (size_t i = 0; i < sizeof(attr_options) / sizeof(attr_options[0]); i++)
		if (strcmp(name, attr_options[i].name) == 0)
			return attr_options[i].recursive ? 2 : 1;
	return 0;
}

const char *mount_attr_option_name(size_t i)
{
	return i < sizeof(attr_options) / sizeof(attr_options[0]) ? attr_options[i].name : NULL;
}

/* The mount_setattr attributes of m's options, a later option winning. */
static void attrs_of(const spec_mount *m, init_propagation *out)
{
	for (size_t k = 0; k < m->n_options; k++)
		for (size_t i = 0; i < sizeof(attr_options) / sizeof(attr_options[0]); i++) {
			uint64_t *set = attr_options[i].recursive ? &out->rec_set : &out->set;
			uint64_t *clr = attr_options[i].recursive ? &out->rec_clr : &out->clr;

			if (strcmp(m->options[k], attr_options[i].name) != 0)
				continue;
			*set = (*set & ~attr_options[i].clr) | attr_options[i].set;
			*clr = (*clr & ~attr_options[i].set) | attr_options[i].clr;
		}
}

/* liblxc ends its setup by making the new root a shared tree recursively, which
 * overrides every propagation the spec asked for; lxcrun-init sets them again:
 * the root's first (rootfsPropagation, default rprivate), then each mount's. */
static void build_propagations(const spec_config *spec, init_params *out)
{
	out->root_propagation = MS_PRIVATE | MS_REC;
	if (spec->has_linux && spec->linux_.rootfs_propagation)
		out->root_propagation = propagation_of(spec->linux_.rootfs_propagation);
	for (size_t i = 0; i < spec->n_mounts; i++) {
		const spec_mount *m = &spec->mounts[i];
		unsigned long flags = 0, bind_flags = bind_flags_of(m);
		init_propagation attrs = {0};

		for (size_t k = 0; k < m->n_options; k++)
			if (propagation_of(m->options[k]))
				flags = propagation_of(m->options[k]);
		if (m->type && strcmp(m->type, "cgroup") == 0) {
			/* liblxc mounts a writable tmpfs under read-only v1 hierarchies */
			bool ro = false;

			for (size_t k = 0; k < m->n_options; k++)
				ro = strcmp(m->options[k], "ro") == 0	? true
				     : strcmp(m->options[k], "rw") == 0 ? false
									: ro;
			flags = 0;
			bind_flags = ro ? MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC : 0;
		}
		attrs_of(m, &attrs);
		if (flags == 0 && bind_flags == 0 && attrs.rec_set == 0 && attrs.rec_clr == 0 &&
		    attrs.set == 0 && attrs.clr == 0)
			continue;
		out->propagations = realloc(out->propagations,
					    (out->n_propagations + 1) * sizeof(*out->propagations));
		if (out->propagations == NULL)
			abort();
		/* the destination as lxc_config_render mounted it: relative to the root */
		attrs.target = m->destination;
		attrs.flags = flags;
		attrs.bind_flags = bind_flags;
		out->propagations[out->n_propagations++] = attrs;
	}
}

/* The tmpfs mounts to fill from the image (lxc_config_render refused
 * "tmpcopyup" on anything else): liblxc has no such option, lxcrun-init copies. */
static void build_copyup(const spec_config *spec, init_params *out)
{
	for (size_t i = 0; i < spec->n_mounts; i++) {
		const spec_mount *m = &spec->mounts[i];

		if (!spec_mount_has_option(m, "tmpcopyup"))
			continue;
		out->copyup = realloc(out->copyup, (out->n_copyup + 1) * sizeof(*out->copyup));
		if (out->copyup == NULL)
			abort();
		out->copyup[out->n_copyup++] = m->destination;
	}
}

bool mount_is_dev_pts(const spec_mount *m)
{
	return !spec_mount_is_bind(m) && m->type != NULL && strcmp(m->type, "devpts") == 0 &&
	       spec_mount_at(m, "dev/pts");
}

static int caps_to_mask(char **names, size_t n, const char *field, uint64_t *mask, lxr_error **err)
{
	*mask = 0;
	for (size_t i = 0; i < n; i++) {
		cap_value_t v;

		/* libcap knows the names in lower case without the CAP_ prefix too; OCI
		 * requires the CAP_ form, so insist on it */
		if (strncmp(names[i], "CAP_", 4) != 0 || cap_from_name(names[i], &v) < 0 || v < 0 ||
		    v > 63)
			return lxr_error_set(err, EINVAL, "%s: unknown capability \"%s\"", field,
					     names[i]);
		*mask |= 1ULL << v;
	}
	return 0;
}

int init_caps_build(const spec_capabilities *c, uint64_t caps[INIT_CAP_SETS], lxr_error **err)
{
	if (caps_to_mask(c->bounding, c->n_bounding, "process.capabilities.bounding",
			 &caps[CAPSET_BOUNDING], err) < 0 ||
	    caps_to_mask(c->effective, c->n_effective, "process.capabilities.effective",
			 &caps[CAPSET_EFFECTIVE], err) < 0 ||
	    caps_to_mask(c->inheritable, c->n_inheritable, "process.capabilities.inheritable",
			 &caps[CAPSET_INHERITABLE], err) < 0 ||
	    caps_to_mask(c->permitted, c->n_permitted, "process.capabilities.permitted",
			 &caps[CAPSET_PERMITTED], err) < 0 ||
	    caps_to_mask(c->ambient, c->n_ambient, "process.capabilities.ambient",
			 &caps[CAPSET_AMBIENT], err) < 0)
		return -1;
	init_caps_trim_ambient(caps);
	return 0;
}

void init_caps_trim_ambient(uint64_t caps[INIT_CAP_SETS])
{
	/* the kernel raises an ambient capability only if it is permitted and
	 * inheritable; like runc, skip the others with a warning rather than fail
	 * (`runc spec`'s own default lists ambient capabilities without inheritable) */
	uint64_t unraisable =
	    caps[CAPSET_AMBIENT] & ~(caps[CAPSET_INHERITABLE] & caps[CAPSET_PERMITTED]);

	if (unraisable) {
		lxr_log(
		    LXR_LOG_WARN,
		    "process.capabilities.ambient: capabilities not in both the inheritable and "
		    "permitted sets cannot be raised; skipped (mask %#llx)",
		    (unsigned long long)unraisable);
		caps[CAPSET_AMBIENT] &= ~unraisable;
	}
}

int init_cap_from_name(const char *name, const char *field, uint64_t *bit, lxr_error **err)
{
	char *one[] = {(char *)name};

	return caps_to_mask(one, 1, field, bit, err);
}

int init_rlimits_build(const spec_rlimit *rl, size_t n, init_rlimit **out, size_t *n_out,
		       lxr_error **err)
{
	*out = NULL;
	*n_out = 0;
	if (n == 0)
		return 0;
	*out = xmalloc(n * sizeof(init_rlimit));
	for (size_t i = 0; i < n; i++) {
		int r = rlimit_from_name(rl[i].type);

		if (r < 0) {
			lxr_error_set(err, EINVAL,
				      "process.rlimits[%zu].type: unknown rlimit \"%s\"", i,
				      rl[i].type);
			goto fail;
		}
		for (size_t j = 0; j < i; j++)
			if ((*out)[j].resource == r) {
				lxr_error_set(err, EINVAL,
					      "process.rlimits[%zu].type: duplicate \"%s\"", i,
					      rl[i].type);
				goto fail;
			}
		if (rl[i].soft > rl[i].hard) {
			lxr_error_set(err, EINVAL,
				      "process.rlimits[%zu]: soft limit exceeds hard limit", i);
			goto fail;
		}
		(*out)[(*n_out)++] = (init_rlimit){r, rl[i].soft, rl[i].hard};
	}
	return 0;
fail:
	free(*out);
	*out = NULL;
	*n_out = 0;
	return -1;
}

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

typedef struct {
	const char *name;
	unsigned long value;
} name_value;

/* The value of name in table (n entries); -1 when absent. */
static long lookup(const name_value *table, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(name, table[i].name) == 0)
			return (long)table[i].value;
	return -1;
}

#define LOOKUP(table, key) lookup((table), N_ELEMS(table), (key))

static const name_value ioprio_classes[] = {
    {"IOPRIO_CLASS_RT", 1},
    {"IOPRIO_CLASS_BE", 2},
    {"IOPRIO_CLASS_IDLE", 3},
};

/* The kernel's numbers (linux/sched.h), which not every libc exports. */
static const name_value sched_policies[] = {
    {"SCHED_OTHER", 0}, {"SCHED_FIFO", 1}, {"SCHED_RR", 2},	  {"SCHED_BATCH", 3},
    {"SCHED_ISO", 4},	{"SCHED_IDLE", 5}, {"SCHED_DEADLINE", 6},
};

static const name_value sched_flags[] = {
    {"SCHED_FLAG_RESET_ON_FORK", 0x01},	 {"SCHED_FLAG_RECLAIM", 0x02},
    {"SCHED_FLAG_DL_OVERRUN", 0x04},	 {"SCHED_FLAG_KEEP_POLICY", 0x08},
    {"SCHED_FLAG_KEEP_PARAMS", 0x10},	 {"SCHED_FLAG_UTIL_CLAMP_MIN", 0x20},
    {"SCHED_FLAG_UTIL_CLAMP_MAX", 0x40},
};

static const name_value personality_domains[] = {
    {"LINUX", PER_LINUX},
    {"LINUX32", PER_LINUX32},
};

static const name_value personality_flags[] = {
    {"UNAME26", UNAME26},
    {"ADDR_NO_RANDOMIZE", ADDR_NO_RANDOMIZE},
    {"FDPIC_FUNCPTRS", FDPIC_FUNCPTRS},
    {"MMAP_PAGE_ZERO", MMAP_PAGE_ZERO},
    {"ADDR_COMPAT_LAYOUT", ADDR_COMPAT_LAYOUT},
    {"READ_IMPLIES_EXEC", READ_IMPLIES_EXEC},
    {"ADDR_LIMIT_32BIT", ADDR_LIMIT_32BIT},
    {"SHORT_INODE", SHORT_INODE},
    {"WHOLE_SECONDS", WHOLE_SECONDS},
    {"STICKY_TIMEOUTS", STICKY_TIMEOUTS},
    {"ADDR_LIMIT_3GB", ADDR_LIMIT_3GB},
};

static int build_ioprio(const spec_io_priority *io, init_params *out, lxr_error **err)
{
	long class_ = LOOKUP(ioprio_classes, io->class_);

	if (class_ < 0)
		return lxr_error_set(err, EINVAL, "process.ioPriority.class: unknown class \"%s\"",
				     io->class_);
	if (io->priority < 0 || io->priority > 7)
		return lxr_error_set(
		    err, EINVAL, "process.ioPriority.priority: %d is not in [0, 7]", io->priority);
	out->has_ioprio = true;
	out->ioprio = (int)(class_ << 13 | io->priority); /* IOPRIO_PRIO_VALUE */
	return 0;
}

/* The rules of sched_setattr(2), checked before the container exists. */
static int check_sched(const spec_scheduler *s, const init_sched *a, lxr_error **err)
{
	bool rt = a->policy == 1 || a->policy == 2, dl = a->policy == 6;

	if (s->has_nice && (s->nice < -20 || s->nice > 19))
		return lxr_error_set(err, EINVAL, "process.scheduler.nice: %d is not in [-20, 19]",
				     s->nice);
	if (rt && (a->priority < 1 || a->priority > 99))
		return lxr_error_set(err, EINVAL,
				     "process.scheduler.priority: %s needs a priority in [1, 99]",
				     s->policy);
	if (!rt && s->has_priority && s->priority != 0)
		return lxr_error_set(err, EINVAL,
				     "process.scheduler.priority: must be 0 for %s, got %d",
				     s->policy, s->priority);
	if (!dl && (s->has_runtime || s->has_deadline || s->has_period))
		return lxr_error_set(err, EINVAL, "process.scheduler.%s: only for SCHED_DEADLINE",
				     s->has_runtime    ? "runtime"
				     : s->has_deadline ? "deadline"
						       : "period");
	if (!dl)
		return 0;
	if (a->runtime == 0 || a->deadline == 0)
		return lxr_error_set(err, EINVAL,
				     "process.scheduler.%s: SCHED_DEADLINE needs a non-zero value",
				     a->runtime == 0 ? "runtime" : "deadline");
	if (a->runtime > a->deadline)
		return lxr_error_set(err, EINVAL,
				     "process.scheduler.runtime: must not exceed deadline");
	if (a->period != 0 && a->deadline > a->period)
		return lxr_error_set(err, EINVAL,
				     "process.scheduler.deadline: must not exceed period");
	return 0;
}

static int build_sched(const spec_scheduler *s, init_params *out, lxr_error **err)
{
	long policy = LOOKUP(sched_policies, s->policy);
	init_sched a = {0};

	if (policy < 0)
		return lxr_error_set(err, EINVAL, "process.scheduler.policy: unknown policy \"%s\"",
				     s->policy);
	a.policy = (uint32_t)policy;
	for (size_t i = 0; i < s->n_flags; i++) {
		long f = LOOKUP(sched_flags, s->flags[i]);

		if (f < 0)
			return lxr_error_set(err, EINVAL,
					     "process.scheduler.flags[%zu]: unknown flag \"%s\"", i,
					     s->flags[i]);
		a.flags |= (uint64_t)f;
	}
	a.nice = s->nice;
	a.priority = s->priority < 0 ? 0 : (uint32_t)s->priority;
	if (s->has_priority && s->priority < 0)
		return lxr_error_set(err, EINVAL, "process.scheduler.priority: %d is negative",
				     s->priority);
	a.runtime = s->runtime;
	a.deadline = s->deadline;
	a.period = s->period;
	if (check_sched(s, &a, err) < 0)
		return -1;
	out->has_sched = true;
	out->sched = a;
	return 0;
}

static int check_cpulist(const char *list, const char *field, lxr_error **err)
{
	unsigned long set[CPU_SETSIZE / (8 * sizeof(unsigned long))];

	if (list != NULL && cpulist_parse(list, set, N_ELEMS(set)) < 0)
		return lxr_error_set(err, EINVAL,
				     "process.execCPUAffinity.%s: \"%s\" is not a cpu list such as "
				     "\"0-1,3\"",
				     field, list);
	return 0;
}

int init_process_build(const spec_process *p, init_params *out, lxr_error **err)
{
	out->terminal = p->terminal;
	if (p->has_console_size) {
		if (p->console_height > 65535 || p->console_width > 65535)
			return lxr_error_set(err, ERANGE, "process.consoleSize: out of range");
		out->rows = (unsigned short)p->console_height;
		out->cols = (unsigned short)p->console_width;
	}
	if (p->has_no_new_privileges)
		out->no_new_privs = p->no_new_privileges;
	if (p->has_oom_score_adj) {
		if (p->oom_score_adj < -1000 || p->oom_score_adj > 1000)
			return lxr_error_set(err, ERANGE,
					     "process.oomScoreAdj: %d is not in [-1000, 1000]",
					     p->oom_score_adj);
		out->has_oom_score_adj = true;
		out->oom_score_adj = p->oom_score_adj;
	}
	/* whether the host can apply them is checked by the caller (lsm.h) */
	if (p->apparmor_profile && *p->apparmor_profile)
		out->apparmor_profile = p->apparmor_profile;
	if (p->selinux_label && *p->selinux_label)
		out->selinux_label = p->selinux_label;
	if (p->has_capabilities) {
		if (init_caps_build(&p->capabilities, out->caps, err) < 0)
			return -1;
		out->has_caps = true;
	}
	if (p->n_rlimits &&
	    init_rlimits_build(p->rlimits, p->n_rlimits, &out->rlimits, &out->n_rlimits, err) < 0)
		return -1;
	if (p->has_io_priority && build_ioprio(&p->io_priority, out, err) < 0)
		return -1;
	if (p->has_scheduler && build_sched(&p->scheduler, out, err) < 0)
		return -1;
	if (p->has_exec_cpu_affinity) {
		const spec_cpu_affinity *a = &p->exec_cpu_affinity;

		if (check_cpulist(a->initial, "initial", err) < 0 ||
		    check_cpulist(a->final_, "final", err) < 0)
			return -1;
		out->cpus_initial = a->initial;
		out->cpus_final = a->final_;
	}
	return 0;
}

int init_personality_build(const spec_personality *pers, unsigned long *out, lxr_error **err)
{
	long domain = LOOKUP(personality_domains, pers->domain);

	if (domain < 0)
		return lxr_error_set(err, EINVAL, "linux.personality.domain: unknown domain \"%s\"",
				     pers->domain);
	*out = (unsigned long)domain;
	for (size_t i = 0; i < pers->n_flags; i++) {
		long f = LOOKUP(personality_flags, pers->flags[i]);

		if (f < 0)
			return lxr_error_set(err, EINVAL,
					     "linux.personality.flags[%zu]: unknown flag \"%s\"", i,
					     pers->flags[i]);
		*out |= (unsigned long)f;
	}
	return 0;
}

static const name_value mempolicy_modes[] = {
    {"MPOL_DEFAULT", INIT_MPOL_DEFAULT},
    {"MPOL_PREFERRED", INIT_MPOL_PREFERRED},
    {"MPOL_BIND", INIT_MPOL_BIND},
    {"MPOL_INTERLEAVE", INIT_MPOL_INTERLEAVE},
    {"MPOL_LOCAL", INIT_MPOL_LOCAL},
    {"MPOL_PREFERRED_MANY", INIT_MPOL_PREFERRED_MANY},
    {"MPOL_WEIGHTED_INTERLEAVE", INIT_MPOL_WEIGHTED_INTERLEAVE},
};

static const name_value mempolicy_flags[] = {
    {"MPOL_F_NUMA_BALANCING", INIT_MPOL_F_NUMA_BALANCING},
    {"MPOL_F_RELATIVE_NODES", INIT_MPOL_F_RELATIVE_NODES},
    {"MPOL_F_STATIC_NODES", INIT_MPOL_F_STATIC_NODES},
};

const char *init_mempolicy_mode_name(size_t i)
{
	return i < sizeof(mempolicy_modes) / sizeof(mempolicy_modes[0]) ? mempolicy_modes[i].name
									: NULL;
}

const char *init_mempolicy_flag_name(size_t i)
{
	return i < sizeof(mempolicy_flags) / sizeof(mempolicy_flags[0]) ? mempolicy_flags[i].name
									: NULL;
}

int init_mempolicy_build(const spec_memory_policy *mp, init_params *out, lxr_error **err)
{
	unsigned long set[INIT_MPOL_MAX_NODES / (8 * sizeof(unsigned long))];
	long mode = LOOKUP(mempolicy_modes, mp->mode);
	const char *nodes = mp->nodes && *mp->nodes ? mp->nodes : NULL;
	int flags = 0;

	if (mode < 0)
		return lxr_error_set(err, EINVAL, "linux.memoryPolicy.mode: unknown mode \"%s\"",
				     mp->mode);
	for (size_t i = 0; i < mp->n_flags; i++) {
		long f = LOOKUP(mempolicy_flags, mp->flags[i]);

		if (f < 0)
			return lxr_error_set(err, EINVAL,
					     "linux.memoryPolicy.flags[%zu]: unknown flag \"%s\"",
					     i, mp->flags[i]);
		flags |= (int)f;
	}
	if (nodes && cpulist_parse(nodes, set, N_ELEMS(set)) < 0)
		return lxr_error_set(err, EINVAL,
				     "linux.memoryPolicy.nodes: \"%s\" is not a node list such as "
				     "\"0-3,7\" (nodes below %d)",
				     nodes, INIT_MPOL_MAX_NODES);
	/* set_mempolicy(2) would refuse these with a bare EINVAL at start: name them now */
	if (nodes && (mode == INIT_MPOL_DEFAULT || mode == INIT_MPOL_LOCAL))
		return lxr_error_set(err, EINVAL, "linux.memoryPolicy.nodes: %s takes no nodes",
				     mp->mode);
	if (!nodes && mode != INIT_MPOL_DEFAULT && mode != INIT_MPOL_LOCAL &&
	    mode != INIT_MPOL_PREFERRED)
		return lxr_error_set(
		    err, EINVAL, "linux.memoryPolicy.nodes: %s needs at least one node", mp->mode);
	if (flags && mode == INIT_MPOL_DEFAULT)
		return lxr_error_set(err, EINVAL,
				     "linux.memoryPolicy.flags: MPOL_DEFAULT takes no flags");
	if ((flags & INIT_MPOL_F_STATIC_NODES) && (flags & INIT_MPOL_F_RELATIVE_NODES))
		return lxr_error_set(err, EINVAL,
				     "linux.memoryPolicy.flags: MPOL_F_STATIC_NODES and "
				     "MPOL_F_RELATIVE_NODES exclude each other");
	out->has_mempolicy = true;
	out->mempolicy_mode = (int)mode | flags;
	out->mempolicy_nodes = (char *)nodes;
	return 0;
}

static void add_device(init_params *out, char type, const char *path, uint32_t major,
		       uint32_t minor, uint32_t mode, uint32_t uid, uint32_t gid)
{
	init_device *d;

	/* a later entry for the same path replaces an earlier one (spec overrides defaults) */
	for (size_t i = 0; i < out->n_devices; i++)
		if (strcmp(out->devices[i].path, path) == 0) {
			out->devices[i] =
			    (init_device){type, (char *)path, major, minor, mode, uid, gid};
			return;
		}
	out->devices = realloc(out->devices, (out->n_devices + 1) * sizeof(*d));
	if (out->devices == NULL)
		abort();
	out->devices[out->n_devices++] =
	    (init_device){type, (char *)path, major, minor, mode, uid, gid};
}

int init_devices_build(const spec_config *spec, init_params *out, lxr_error **err)
{
	static const struct {
		const char *path;
		uint32_t major, minor;
	} defaults[] = {
	    {"/dev/null", 1, 3},   {"/dev/zero", 1, 5},	   {"/dev/full", 1, 7},
	    {"/dev/random", 1, 8}, {"/dev/urandom", 1, 9}, {"/dev/tty", 5, 0},
	};

	/* the default devices only go into a /dev the spec mounts: never into the image */
	if (spec_mounts_dev(spec))
		for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
			add_device(out, 'c', defaults[i].path, defaults[i].major, defaults[i].minor,
				   0666, 0, 0);
	for (size_t i = 0; spec->has_linux && i < spec->linux_.n_devices; i++) {
		const spec_device *d = &spec->linux_.devices[i];
		char type = d->type == 'u' ? 'c' : d->type;

		if (d->path == NULL || d->path[0] != '/' || strstr(d->path, "..") != NULL)
			return lxr_error_set(err, EINVAL,
					     "linux.devices[%zu].path: must be an absolute path "
					     "without \"..\"",
					     i);
		if (type != 'p' && (!d->has_major || !d->has_minor))
			return lxr_error_set(err, EINVAL,
					     "linux.devices[%zu]: major and minor are required for "
					     "type %c",
					     i, d->type);
		if (d->major < 0 || d->minor < 0 || d->major > 0xfffff || d->minor > 0xfffff)
			return lxr_error_set(err, EINVAL,
					     "linux.devices[%zu]: major/minor out of range", i);
		add_device(out, type, d->path, (uint32_t)d->major, (uint32_t)d->minor,
			   d->has_file_mode ? d->file_mode : 0666, d->has_uid ? d->uid : 0,
			   d->has_gid ? d->gid : 0);
	}
	return 0;
}

int init_build(const spec_config *spec, init_params *out, lxr_error **err)
{
	const spec_process *p = &spec->process;

	memset(out, 0, sizeof(*out));
	out->ready_fd = out->fifo_fd = out->console_fd = out->notify_fd = -1;
	if (!spec->has_process)
		return lxr_error_set(err, EINVAL, "process: required to create a container");
	out->args = p->args;
	out->n_args = p->n_args;
	out->env = env_dedupe(p->env, p->n_env, &out->n_env);
	out->cwd = p->cwd;
	out->uid = p->user.uid;
	out->gid = p->user.gid;
	out->gids = p->user.additional_gids;
	out->n_gids = p->user.n_additional_gids;
	out->has_umask = p->user.has_umask;
	out->umask = p->user.umask;
	out->root_readonly = spec->root_readonly;
	/* lxc_config_render has checked that the spec lists a uts namespace */
	out->hostname = spec->hostname && *spec->hostname ? spec->hostname : NULL;
	out->domainname = spec->domainname && *spec->domainname ? spec->domainname : NULL;
	for (size_t i = 0; i < spec->n_mounts; i++)
		if (mount_is_dev_pts(&spec->mounts[i]))
			out->pts_guard = true;
	if (init_process_build(p, out, err) < 0)
		goto fail;
	if (spec->has_linux && spec->linux_.has_personality) {
		if (init_personality_build(&spec->linux_.personality, &out->personality, err) < 0)
			goto fail;
		out->has_personality = true;
	}
	if (spec->has_linux && spec->linux_.has_memory_policy &&
	    init_mempolicy_build(&spec->linux_.memory_policy, out, err) < 0)
		goto fail;
	if (spec->has_linux) {
		out->masked = spec->linux_.masked_paths;
		out->n_masked = spec->linux_.n_masked_paths;
		out->readonly = spec->linux_.readonly_paths;
		out->n_readonly = spec->linux_.n_readonly_paths;
	}
	build_propagations(spec, out);
	build_copyup(spec, out);
	if (init_devices_build(spec, out, err) < 0)
		goto fail;
	out->devices_bound = spec_has_userns(spec);
	if (spec->has_linux && spec->linux_.has_seccomp &&
	    seccomp_build(&spec->linux_.seccomp, &out->seccomp_bpf, &out->seccomp_len,
			  &out->seccomp_flags, err) < 0)
		goto fail;
	return 0;
fail:
	init_build_free(out);
	return -1;
}

void init_build_free(init_params *p)
{
	free(p->env); /* the array env_dedupe made; its strings are the spec's */
	p->env = NULL;
	p->n_env = 0;
	free(p->rlimits);
	free(p->devices);
	p->rlimits = NULL;
	p->devices = NULL;
	free(p->propagations);
	p->propagations = NULL;
	free(p->copyup); /* the array build_copyup made; its strings are the spec's */
	p->copyup = NULL;
	p->n_copyup = 0;
	free(p->seccomp_bpf);
	p->seccomp_bpf = NULL;
	p->seccomp_len = 0;
	p->n_rlimits = p->n_devices = p->n_propagations = 0;
	p->cpus_initial = p->cpus_final = NULL; /* borrowed from the spec */
	p->mempolicy_nodes = NULL;		/* likewise */
}
