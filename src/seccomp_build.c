/* linux.seccomp -> classic BPF with libseccomp, following runc's translation:
 * unknown syscall names are skipped, a rule whose action is the default action
 * is dropped (libseccomp refuses it), and a rule with several conditions on
 * the same argument becomes one rule per condition (ORed), because libseccomp
 * cannot AND two comparisons of one argument (docker's profile does that for
 * clone's flags with SCMP_CMP_MASKED_EQ). The filter flags are not libseccomp
 * attributes here: lxcrun-init passes them to seccomp(2) itself. */
#include "config.h"
#include "log.h"
#include "seccomp_build.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* seccomp(2)'s filter flags, in case linux/seccomp.h is older than the kernel */
#define FLAG_TSYNC		1U
#define FLAG_LOG		2U
#define FLAG_SPEC_ALLOW		4U
#define FLAG_WAIT_KILLABLE_RECV 32U

#define MAX_ARGS 6 /* a syscall has at most six arguments */

static const struct {
	const char *name;
	unsigned int flag;
} flag_names[] = {
    {"SECCOMP_FILTER_FLAG_TSYNC", FLAG_TSYNC},
    {"SECCOMP_FILTER_FLAG_LOG", FLAG_LOG},
    {"SECCOMP_FILTER_FLAG_SPEC_ALLOW", FLAG_SPEC_ALLOW},
    {"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", FLAG_WAIT_KILLABLE_RECV},
};

static const struct {
	const char *name;
	enum scmp_compare op;
} op_names[] = {
    {"SCMP_CMP_NE", SCMP_CMP_NE},
    {"SCMP_CMP_LT", SCMP_CMP_LT},
    {"SCMP_CMP_LE", SCMP_CMP_LE},
    {"SCMP_CMP_EQ", SCMP_CMP_EQ},
    {"SCMP_CMP_GE", SCMP_CMP_GE},
    {"SCMP_CMP_GT", SCMP_CMP_GT},
    {"SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ},
};

/* The actions lxcrun implements (SCMP_ACT_NOTIFY is not one: it needs a listener);
 * ERRNO and TRACE carry errnoRet. */
enum act_kind { ACT_FIXED, ACT_ERRNO, ACT_TRACE };
static const struct {
	const char *name;
	enum act_kind kind;
	uint32_t value;
} action_names[] = {
    {"SCMP_ACT_KILL", ACT_FIXED, SCMP_ACT_KILL},
    {"SCMP_ACT_KILL_PROCESS", ACT_FIXED, SCMP_ACT_KILL_PROCESS},
    {"SCMP_ACT_KILL_THREAD", ACT_FIXED, SCMP_ACT_KILL_THREAD},
    {"SCMP_ACT_TRAP", ACT_FIXED, SCMP_ACT_TRAP},
    {"SCMP_ACT_ERRNO", ACT_ERRNO, 0},
    {"SCMP_ACT_TRACE", ACT_TRACE, 0},
    {"SCMP_ACT_ALLOW", ACT_FIXED, SCMP_ACT_ALLOW},
    {"SCMP_ACT_LOG", ACT_FIXED, SCMP_ACT_LOG},
    {"SCMP_ACT_NOTIFY", ACT_FIXED, SCMP_ACT_NOTIFY},
};

int64_t seccomp_action_from_name(const char *name, bool has_errno_ret, uint32_t errno_ret)
{
	uint32_t e = has_errno_ret ? errno_ret : EPERM;

	for (size_t i = 0; name != NULL && i < sizeof(action_names) / sizeof(action_names[0]);
	     i++) {
		if (strcmp(name, action_names[i].name) != 0)
			continue;
		switch (action_names[i].kind) {
		case ACT_ERRNO:
			return SCMP_ACT_ERRNO(e);
		case ACT_TRACE:
			return SCMP_ACT_TRACE(e);
		default:
			return action_names[i].value;
		}
	}
	return -1;
}

const char *seccomp_action_name(size_t i)
{
	return i < sizeof(action_names) / sizeof(action_names[0]) ? action_names[i].name : NULL;
}

const char *seccomp_operator_name(size_t i)
{
	return i < sizeof(op_names) / sizeof(op_names[0]) ? op_names[i].name : NULL;
}

/* WAIT_KILLABLE_RECV only works with a notify listener, which lxcrun does not have. */
/* Every known flag may be set (WAIT_KILLABLE_RECV only with NOTIFY rules, which
 * the build checks); kept as a function so features and create agree. */
static bool flag_usable(unsigned int flag)
{
	(void)flag;
	return true;
}

const char *seccomp_flag_name(size_t i, unsigned int *flag, bool *usable)
{
	if (i >= sizeof(flag_names) / sizeof(flag_names[0]))
		return NULL;
	*flag = flag_names[i].flag;
	*usable = flag_usable(flag_names[i].flag);
	return flag_names[i].name;
}

uint32_t seccomp_arch_from_name(const char *name)
{
	char lower[32];
	size_t j;

	/* SCMP_ARCH_X86_64 is libseccomp's "x86_64" */
	if (strncmp(name, "SCMP_ARCH_", 10) != 0 || strlen(name + 10) >= sizeof(lower))
		return 0;
	for (j = 0; name[10 + j]; j++)
		lower[j] = (char)tolower((unsigned char)name[10 + j]);
	lower[j] = '\0';
	return seccomp_arch_resolve_name(lower);
}

bool seccomp_arch_usable(const char *name)
{
	uint32_t arch = seccomp_arch_from_name(name);
	scmp_filter_ctx ctx;
	int rc;

	if (arch == 0)
		return false;
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (ctx == NULL)
		return false;
	/* what add_architectures does: libseccomp refuses (EDOM) an arch whose byte
	 * order differs from the native one's */
	rc = seccomp_arch_add(ctx, arch);
	seccomp_release(ctx);
	return rc == 0 || rc == -EEXIST;
}

/* The action of field `path` (".defaultAction", ".action"); -1 with *err if it is unusable. */
static int64_t action_of(const char *name, bool has_errno_ret, uint32_t errno_ret, const char *path,
			 const char *errno_field, lxr_error **err)
{
	int64_t a;

	a = seccomp_action_from_name(name, has_errno_ret, errno_ret);
	if (a < 0) {
		lxr_error_set(err, EINVAL, "%s: unknown action \"%s\"", path, name);
		return -1;
	}
	if (has_errno_ret && errno_ret > 0xffff) {
		lxr_error_set(err, ERANGE, "%s: %" PRIu32 " is over 65535", errno_field, errno_ret);
		return -1;
	}
	if (has_errno_ret && strcmp(name, "SCMP_ACT_ERRNO") != 0 &&
	    strcmp(name, "SCMP_ACT_TRACE") != 0)
		lxr_log(LXR_LOG_WARN, "%s: ignored: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE use it",
			errno_field);
	return a;
}

static int add_architectures(scmp_filter_ctx ctx, const spec_seccomp *sc, lxr_error **err)
{
	for (size_t i = 0; i < sc->n_architectures; i++) {
		const char *name = sc->architectures[i];
		uint32_t arch = seccomp_arch_from_name(name);
		int rc;

		if (arch == 0)
			return lxr_error_set(
			    err, EINVAL,
			    "linux.seccomp.architectures[%zu]: unknown architecture "
			    "\"%s\"",
			    i, name);
		rc = seccomp_arch_add(ctx, arch);
		if (rc < 0 && rc != -EEXIST)
			return lxr_error_set(err, -rc, "linux.seccomp.architectures[%zu]: %s: %s",
					     i, name, lxr_strerror(-rc));
	}
	return 0;
}

static int get_flags(const spec_seccomp *sc, unsigned int *flags, lxr_error **err)
{
	*flags = 0;
	for (size_t i = 0; i < sc->n_flags; i++) {
		size_t k;

		for (k = 0; k < sizeof(flag_names) / sizeof(flag_names[0]); k++)
			if (strcmp(sc->flags[i], flag_names[k].name) == 0)
				break;
		if (k == sizeof(flag_names) / sizeof(flag_names[0]))
			return lxr_error_set(err, EINVAL,
					     "linux.seccomp.flags[%zu]: unknown flag \"%s\"", i,
					     sc->flags[i]);
		*flags |= flag_names[k].flag;
	}
	return 0;
}

/* Fills conds from the rule's args; *repeated is set when an argument index appears twice. */
static int get_conditions(const spec_seccomp_syscall *s, size_t si, struct scmp_arg_cmp *conds,
			  bool *repeated, lxr_error **err)
{
	unsigned int seen = 0;

	*repeated = false;
	for (size_t i = 0; i < s->n_args; i++) {
		const spec_seccomp_arg *a = &s->args[i];
		size_t k;

		if (a->index >= MAX_ARGS)
			return lxr_error_set(err, EINVAL,
					     "linux.seccomp.syscalls[%zu].args[%zu].index: %" PRIu32
					     " is not an argument index (0 to 5)",
					     si, i, a->index);
		for (k = 0; k < sizeof(op_names) / sizeof(op_names[0]); k++)
			if (strcmp(a->op, op_names[k].name) == 0)
				break;
		if (k == sizeof(op_names) / sizeof(op_names[0]))
			return lxr_error_set(err, EINVAL,
					     "linux.seccomp.syscalls[%zu].args[%zu].op: unknown "
					     "operator \"%s\"",
					     si, i, a->op);
		if (seen & (1U << a->index))
			*repeated = true;
		seen |= 1U << a->index;
		/* SCMP_CMP_MASKED_EQ: (arg & value) == valueTwo; the others ignore valueTwo */
		conds[i] = (struct scmp_arg_cmp){.arg = a->index,
						 .op = op_names[k].op,
						 .datum_a = a->value,
						 .datum_b = a->has_value_two ? a->value_two : 0};
	}
	return 0;
}

static int add_rule(scmp_filter_ctx ctx, const spec_seccomp_syscall *s, size_t si, uint32_t action,
		    lxr_error **err)
{
	struct scmp_arg_cmp conds[MAX_ARGS * 8];
	bool repeated;

	if (s->n_names == 0)
		return lxr_error_set(err, EINVAL,
				     "linux.seccomp.syscalls[%zu].names: must not be empty", si);
	if (s->n_args > sizeof(conds) / sizeof(conds[0]))
		return lxr_error_set(err, EINVAL, "linux.seccomp.syscalls[%zu].args: more than %zu",
				     si, sizeof(conds) / sizeof(conds[0]));
	if (get_conditions(s, si, conds, &repeated, err) < 0)
		return -1;
	for (size_t n = 0; n < s->n_names; n++) {
		int nr = seccomp_syscall_resolve_name(s->names[n]), rc = 0;

		if (nr == __NR_SCMP_ERROR) {
			lxr_log(LXR_LOG_DEBUG,
				"linux.seccomp.syscalls[%zu].names[%zu]: unknown syscall \"%s\" "
				"skipped",
				si, n, s->names[n]);
			continue;
		}
		if (!repeated)
			rc = seccomp_rule_add_array(ctx, action, nr, (unsigned int)s->n_args,
						    s->n_args ? conds : NULL);
		else /* runc's way: one rule per condition, ORed */
			for (size_t c = 0; c < s->n_args && rc >= 0; c++)
				rc = seccomp_rule_add_array(ctx, action, nr, 1, &conds[c]);
		if (rc < 0)
			return lxr_error_set(
			    err, -rc,
			    "linux.seccomp.syscalls[%zu]: adding the rule for \"%s\": "
			    "%s",
			    si, s->names[n], lxr_strerror(-rc));
	}
	return 0;
}

/* lxcrun-init hands the listener fd to `start` with sendmsg right after loading
 * the filter: a notified sendmsg would wait for a listener that never comes. */
static int check_notify_rule(const spec_seccomp_syscall *s, size_t si, lxr_error **err)
{
	for (size_t n = 0; n < s->n_names; n++)
		if (strcmp(s->names[n], "sendmsg") == 0)
			return lxr_error_set(
			    err, EINVAL,
			    "linux.seccomp.syscalls[%zu]: SCMP_ACT_NOTIFY cannot be "
			    "used for sendmsg (the runtime sends the listener fd "
			    "with it)",
			    si);
	return 0;
}

/* A NOTIFY rule needs somewhere to send the fd; the kernel takes
 * WAIT_KILLABLE_RECV only with a listener. */
static int check_listener(const spec_seccomp *sc, bool notify, unsigned int flags, lxr_error **err)
{
	if (notify && (sc->listener_path == NULL || sc->listener_path[0] == '\0'))
		return lxr_error_set(err, EINVAL,
				     "linux.seccomp.listenerPath: required by the SCMP_ACT_NOTIFY "
				     "rules");
	if (!notify && (flags & FLAG_WAIT_KILLABLE_RECV))
		return lxr_error_set(err, EINVAL,
				     "linux.seccomp.flags: SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV "
				     "needs a notify listener (an SCMP_ACT_NOTIFY rule)");
	if (!notify && sc->listener_path != NULL)
		lxr_log(LXR_LOG_DEBUG,
			"linux.seccomp.listenerPath: unused: no SCMP_ACT_NOTIFY rule");
	return 0;
}

/* Exports the filter's BPF program into a malloc'd buffer. */
static int export_bpf(scmp_filter_ctx ctx, unsigned char **bpf, size_t *len, lxr_error **err)
{
	struct stat st;
	size_t got = 0;
	int fd, rc;

	/* libseccomp 2.5 exports to an fd only (seccomp_export_bpf_mem is 2.6) */
	fd = memfd_create("lxcrun-seccomp", MFD_CLOEXEC);
	if (fd < 0)
		return lxr_error_sys(err, "memfd_create");
	rc = seccomp_export_bpf(ctx, fd);
	if (rc < 0) {
		close(fd);
		return lxr_error_set(err, -rc, "linux.seccomp: exporting the filter: %s",
				     lxr_strerror(-rc));
	}
	if (fstat(fd, &st) < 0 || st.st_size <= 0 || st.st_size % 8 != 0) {
		close(fd);
		return lxr_error_set(err, EIO, "linux.seccomp: libseccomp exported no program");
	}
	*bpf = xmalloc((size_t)st.st_size);
	while (got < (size_t)st.st_size) {
		ssize_t n = pread(fd, *bpf + got, (size_t)st.st_size - got, (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			free(*bpf);
			*bpf = NULL;
			return lxr_error_sys(err, "read the exported seccomp filter");
		}
		got += (size_t)n;
	}
	close(fd);
	*len = got;
	if (got / 8 > 4096) { /* BPF_MAXINSNS: seccomp(2) would refuse it with EINVAL */
		free(*bpf);
		*bpf = NULL;
		*len = 0;
		return lxr_error_set(err, E2BIG,
				     "linux.seccomp: the filter has %zu instructions, over the "
				     "kernel's limit of 4096",
				     got / 8);
	}
	return 0;
}

int seccomp_build(const spec_seccomp *sc, unsigned char **bpf, size_t *len, unsigned int *flags,
		  lxr_error **err)
{
	scmp_filter_ctx ctx;
	int64_t def;
	int r = -1;
	bool notify = false;

	*bpf = NULL;
	*len = 0;
	*flags = 0;
	def = action_of(sc->default_action, sc->has_default_errno_ret, sc->default_errno_ret,
			"linux.seccomp.defaultAction", "linux.seccomp.defaultErrnoRet", err);
	if (def < 0)
		return -1;
	/* the kernel would notify about every syscall, before anyone listens */
	if (def == SCMP_ACT_NOTIFY)
		return lxr_error_set(err, EINVAL,
				     "linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the "
				     "default action");
	if (get_flags(sc, flags, err) < 0)
		return -1;
	ctx = seccomp_init((uint32_t)def);
	if (ctx == NULL)
		return lxr_error_set(err, EINVAL,
				     "linux.seccomp.defaultAction: %s is not supported by this "
				     "kernel or libseccomp",
				     sc->default_action);
	if (add_architectures(ctx, sc, err) < 0)
		goto out;
	for (size_t i = 0; i < sc->n_syscalls; i++) {
		const spec_seccomp_syscall *s = &sc->syscalls[i];
		char path[64], errno_path[64];
		int64_t a;

		snprintf(path, sizeof(path), "linux.seccomp.syscalls[%zu].action", i);
		snprintf(errno_path, sizeof(errno_path), "linux.seccomp.syscalls[%zu].errnoRet", i);
		a = action_of(s->action, s->has_errno_ret, s->errno_ret, path, errno_path, err);
		if (a < 0)
			goto out;
		if (a == def) /* libseccomp refuses a rule that changes nothing */
			continue;
		if (a == SCMP_ACT_NOTIFY && check_notify_rule(s, i, err) < 0)
			goto out;
		notify |= a == SCMP_ACT_NOTIFY;
		if (add_rule(ctx, s, i, (uint32_t)a, err) < 0)
			goto out;
	}
	if (check_listener(sc, notify, *flags, err) < 0)
		goto out;
	if (notify)
		*flags |= SECCOMP_BUILD_NEW_LISTENER;
	r = export_bpf(ctx, bpf, len, err);
out:
	seccomp_release(ctx);
	return r;
}
