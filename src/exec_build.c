/* exec_build: the exec'd process's parameters, from the container's and the request. */
#include "config.h"
#include "exec_build.h"
#include "seccomp_build.h"
#include "init_build.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A deep copy of n strings, NULL-terminated (init_params arrays are execve vectors). */
static char **strv_copy(char *const *v, size_t n)
{
	char **out = xmalloc((n + 1) * sizeof(char *));

	for (size_t i = 0; i < n; i++)
		out[i] = xstrdup(v[i]);
	out[n] = NULL;
	return out;
}

static int parse_id(const char *s, const char *flag, uint32_t *out, lxr_error **err)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v > UINT32_MAX - 1)
		return lxr_error_set(err, EINVAL, "%s: \"%s\" is not a numeric id", flag, s);
	*out = (uint32_t)v;
	return 0;
}

/* -u UID[:GID] */
static int apply_user(const char *user, init_params *out, lxr_error **err)
{
	_cleanup_free_ char *u = xstrdup(user);
	char *colon = strchr(u, ':');

	if (colon) {
		*colon = '\0';
		if (parse_id(colon + 1, "--user", &out->gid, err) < 0)
			return -1;
	}
	return parse_id(u, "--user", &out->uid, err);
}

static void copy_user(const spec_user *u, init_params *out)
{
	out->uid = u->uid;
	out->gid = u->gid;
	out->n_gids = u->n_additional_gids;
	out->gids = xmalloc((u->n_additional_gids + 1) * sizeof(gid_t));
	for (size_t i = 0; i < u->n_additional_gids; i++)
		out->gids[i] = u->additional_gids[i];
	out->has_umask = u->has_umask;
	out->umask = u->umask;
}

static void copy_container_user(const init_params *ctr, init_params *out)
{
	out->uid = ctr->uid;
	out->gid = ctr->gid;
	out->n_gids = ctr->n_gids;
	out->gids = xmalloc((ctr->n_gids + 1) * sizeof(gid_t));
	if (ctr->n_gids)
		memcpy(out->gids, ctr->gids, ctr->n_gids * sizeof(gid_t));
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* Replaces *dst (owned) by a copy of src when src is set. */
static void take_str(char **dst, const char *src)
{
	if (src == NULL)
		return;
	free(*dst);
	*dst = xstrdup(src);
}

/* What the process JSON sets, or what the container has (already in *out) where
 * it says nothing. */
static int from_process(const init_params *ctr, const spec_process *p, init_params *out,
			lxr_error **err)
{
	init_params own = {0}; /* checked by the same code as create's; strings borrowed */

	if (init_process_build(p, &own, err) < 0) {
		free(own.rlimits);
		return -1;
	}
	out->args = strv_copy(p->args, p->n_args);
	out->n_args = p->n_args;
	out->env = strv_copy(p->env, p->n_env);
	out->n_env = p->n_env;
	out->cwd = xstrdup(p->cwd ? p->cwd : "/");
	copy_user(&p->user, out);
	if (!p->user.has_umask) {
		out->has_umask = ctr->has_umask;
		out->umask = ctr->umask;
	}
	out->terminal = own.terminal;
	out->rows = own.rows;
	out->cols = own.cols;
	if (own.has_caps) {
		out->has_caps = true;
		memcpy(out->caps, own.caps, sizeof(out->caps));
	}
	out->rlimits = own.rlimits; /* NULL when the JSON has none: the container's then */
	out->n_rlimits = own.n_rlimits;
	if (p->has_no_new_privileges)
		out->no_new_privs = own.no_new_privs;
	if (own.has_oom_score_adj) {
		out->has_oom_score_adj = true;
		out->oom_score_adj = own.oom_score_adj;
	}
	take_str(&out->apparmor_profile, own.apparmor_profile);
	take_str(&out->selinux_label, own.selinux_label);
	if (own.has_ioprio) {
		out->has_ioprio = true;
		out->ioprio = own.ioprio;
	}
	if (own.has_sched) {
		out->has_sched = true;
		out->sched = own.sched;
	}
	if (p->has_exec_cpu_affinity) {
		/* as a whole: a JSON giving only "final" drops the container's "initial" */
		free(out->cpus_initial);
		free(out->cpus_final);
		out->cpus_initial = dup_or_null(own.cpus_initial);
		out->cpus_final = dup_or_null(own.cpus_final);
	}
	return 0;
}

static void from_container(const init_params *ctr, const exec_request *rq, init_params *out)
{
	out->args = strv_copy(rq->args, rq->n_args);
	out->n_args = rq->n_args;
	out->env = strv_copy(ctr->env, ctr->n_env);
	out->n_env = ctr->n_env;
	out->cwd = xstrdup(ctr->cwd ? ctr->cwd : "/");
	copy_container_user(ctr, out);
	out->has_umask = ctr->has_umask;
	out->umask = ctr->umask;
}

/* Appends -e entries, then drops earlier duplicates. */
static void merge_env(const exec_request *rq, init_params *out)
{
	size_t n = out->n_env + rq->n_env, k;
	char **all = xmalloc((n + 1) * sizeof(char *)), **kept;

	for (size_t i = 0; i < out->n_env; i++)
		all[i] = out->env[i];
	for (size_t i = 0; i < rq->n_env; i++)
		all[out->n_env + i] = xstrdup(rq->env[i]);
	kept = env_dedupe(all, n, &k);
	/* kept is a subsequence of all: free what it skipped */
	for (size_t i = 0, j = 0; i < n; i++) {
		if (j < k && kept[j] == all[i])
			j++;
		else
			free(all[i]);
	}
	free(all);
	free(out->env);
	out->env = kept;
	out->n_env = k;
}

static int apply_flags(const exec_request *rq, init_params *out, lxr_error **err)
{
	merge_env(rq, out); /* also drops duplicates within the process's own env */
	if (rq->cwd) {
		if (rq->cwd[0] != '/')
			return lxr_error_set(err, EINVAL, "--cwd: `%s` is not an absolute path",
					     rq->cwd);
		free(out->cwd);
		out->cwd = xstrdup(rq->cwd);
	}
	if (rq->user && apply_user(rq->user, out, err) < 0)
		return -1;
	for (size_t i = 0; i < rq->n_gids; i++) {
		uint32_t g = 0;

		if (parse_id(rq->gids[i], "--additional-gids", &g, err) < 0)
			return -1;
		out->gids = realloc(out->gids, (out->n_gids + 1) * sizeof(gid_t));
		if (out->gids == NULL)
			abort();
		out->gids[out->n_gids++] = g;
	}
	for (size_t i = 0; i < rq->n_caps; i++) {
		uint64_t bit;

		if (init_cap_from_name(rq->caps[i], "--cap", &bit, err) < 0)
			return -1;
		if (!out->has_caps) {
			/* no capabilities in the spec means none: start from the empty sets */
			memset(out->caps, 0, sizeof(out->caps));
			out->has_caps = true;
		}
		out->caps[CAPSET_BOUNDING] |= bit;
		out->caps[CAPSET_EFFECTIVE] |= bit;
		out->caps[CAPSET_PERMITTED] |= bit;
		/* ambient needs inheritable; runc raises it only where the spec uses them */
		if (out->caps[CAPSET_INHERITABLE]) {
			out->caps[CAPSET_INHERITABLE] |= bit;
			out->caps[CAPSET_AMBIENT] |= bit;
		}
	}
	if (rq->tty)
		out->terminal = true;
	if (rq->no_new_privs)
		out->no_new_privs = true;
	if (rq->apparmor && *rq->apparmor)
		take_str(&out->apparmor_profile, rq->apparmor);
	if (rq->label && *rq->label)
		take_str(&out->selinux_label, rq->label);
	return 0;
}

static void copy_rlimits(const init_params *ctr, init_params *out)
{
	if (out->n_rlimits || ctr->n_rlimits == 0)
		return;
	out->rlimits = xmalloc(ctr->n_rlimits * sizeof(init_rlimit));
	memcpy(out->rlimits, ctr->rlimits, ctr->n_rlimits * sizeof(init_rlimit));
	out->n_rlimits = ctr->n_rlimits;
}

int exec_build(const init_params *ctr, const exec_request *rq, init_params *out, lxr_error **err)
{
	memset(out, 0, sizeof(*out));
	out->ready_fd = out->fifo_fd = out->console_fd = out->notify_fd = -1;
	out->exec_mode = true;
	/* its own listener fd would have to reach listenerPath too: not done yet */
	if (ctr->seccomp_flags & SECCOMP_BUILD_NEW_LISTENER)
		return lxr_error_set(err, ENOTSUP,
				     "linux.seccomp: exec into a container whose filter has "
				     "SCMP_ACT_NOTIFY rules is not supported yet");
	/* the container's defaults the process JSON may override */
	out->has_caps = ctr->has_caps;
	memcpy(out->caps, ctr->caps, sizeof(out->caps));
	out->no_new_privs = ctr->no_new_privs;
	out->has_oom_score_adj = ctr->has_oom_score_adj;
	/* the container's confinement, unless the request names another */
	out->apparmor_profile = dup_or_null(ctr->apparmor_profile);
	out->selinux_label = dup_or_null(ctr->selinux_label);
	out->oom_score_adj = ctr->oom_score_adj;
	out->has_ioprio = ctr->has_ioprio;
	out->ioprio = ctr->ioprio;
	out->has_sched = ctr->has_sched;
	out->sched = ctr->sched;
	out->cpus_initial = dup_or_null(ctr->cpus_initial);
	out->cpus_final = dup_or_null(ctr->cpus_final);
	/* linux.personality is the container's; a process JSON has no say in it */
	out->has_personality = ctr->has_personality;
	out->personality = ctr->personality;
	/* linux.memoryPolicy too: exec'd processes get the container's, as in runc */
	out->has_mempolicy = ctr->has_mempolicy;
	out->mempolicy_mode = ctr->mempolicy_mode;
	out->mempolicy_nodes = ctr->mempolicy_nodes ? xstrdup(ctr->mempolicy_nodes) : NULL;
	if (rq->process) {
		if (from_process(ctr, rq->process, out, err) < 0)
			goto fail;
	} else {
		from_container(ctr, rq, out);
	}
	if (apply_flags(rq, out, err) < 0)
		goto fail;
	if (out->n_args == 0) {
		lxr_error_set(err, EINVAL,
			      rq->process ? "process.args: must not be empty"
					  : "exec: a command to run is required");
		goto fail;
	}
	copy_rlimits(ctr, out);
	if (out->has_caps)
		init_caps_trim_ambient(out->caps);
	if (ctr->seccomp_bpf) {
		out->seccomp_bpf = xmalloc(ctr->seccomp_len);
		memcpy(out->seccomp_bpf, ctr->seccomp_bpf, ctr->seccomp_len);
		out->seccomp_len = ctr->seccomp_len;
		out->seccomp_flags = ctr->seccomp_flags;
	}
	return 0;
fail:
	init_params_free(out);
	return -1;
}
