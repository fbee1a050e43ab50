/* exec_build: the exec'd process's parameters, from the container's and the request. */
#include "config.h"
#include "exec_build.h"
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

/* ioPriority, scheduler and execCPUAffinity: each the process JSON's where it
 * has one (execCPUAffinity as a whole), else the container's already in *out. */
static int from_process_sched(const spec_process *p, init_params *out, lxr_error **err)
{
	init_params own = {0};

	if (init_process_sched_build(p, &own, err) < 0)
		return -1;
	if (own.has_ioprio) {
		out->has_ioprio = true;
		out->ioprio = own.ioprio;
	}
	if (own.has_sched) {
		out->has_sched = true;
		out->sched = own.sched;
	}
	if (p->has_exec_cpu_affinity) {
		free(out->cpus_initial);
		free(out->cpus_final);
		out->cpus_initial = own.cpus_initial ? xstrdup(own.cpus_initial) : NULL;
		out->cpus_final = own.cpus_final ? xstrdup(own.cpus_final) : NULL;
	}
	return 0;
}

/* What the process JSON sets, or what the container has where it says nothing. */
static int from_process(const init_params *ctr, const spec_process *p, init_params *out,
			lxr_error **err)
{
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
	out->terminal = p->terminal;
	if (p->has_console_size) {
		if (p->console_height > 65535 || p->console_width > 65535)
			return lxr_error_set(err, ERANGE, "process.consoleSize: out of range");
		out->rows = (unsigned short)p->console_height;
		out->cols = (unsigned short)p->console_width;
	}
	if (p->has_capabilities) {
		if (init_caps_build(&p->capabilities, out->caps, err) < 0)
			return -1;
		out->has_caps = true;
	}
	if (p->n_rlimits &&
	    init_rlimits_build(p->rlimits, p->n_rlimits, &out->rlimits, &out->n_rlimits, err) < 0)
		return -1;
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
	if (p->apparmor_profile && *p->apparmor_profile) {
		free(out->apparmor_profile);
		out->apparmor_profile = xstrdup(p->apparmor_profile);
	}
	if (p->selinux_label && *p->selinux_label) {
		free(out->selinux_label);
		out->selinux_label = xstrdup(p->selinux_label);
	}
	return from_process_sched(p, out, err);
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
	for (size_t i = 0; i < n; i++) {
		bool dropped = true;

		for (size_t j = 0; j < k && dropped; j++)
			dropped = kept[j] != all[i];
		if (dropped)
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
	if (rq->apparmor && *rq->apparmor) {
		free(out->apparmor_profile);
		out->apparmor_profile = xstrdup(rq->apparmor);
	}
	if (rq->label && *rq->label) {
		free(out->selinux_label);
		out->selinux_label = xstrdup(rq->label);
	}
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
	out->ready_fd = out->fifo_fd = out->console_fd = -1;
	out->exec_mode = true;
	/* the container's defaults the process JSON may override */
	out->has_caps = ctr->has_caps;
	memcpy(out->caps, ctr->caps, sizeof(out->caps));
	out->no_new_privs = ctr->no_new_privs;
	out->has_oom_score_adj = ctr->has_oom_score_adj;
	/* the container's confinement, unless the request names another */
	out->apparmor_profile = ctr->apparmor_profile ? xstrdup(ctr->apparmor_profile) : NULL;
	out->selinux_label = ctr->selinux_label ? xstrdup(ctr->selinux_label) : NULL;
	out->oom_score_adj = ctr->oom_score_adj;
	out->has_ioprio = ctr->has_ioprio;
	out->ioprio = ctr->ioprio;
	out->has_sched = ctr->has_sched;
	out->sched = ctr->sched;
	out->cpus_initial = ctr->cpus_initial ? xstrdup(ctr->cpus_initial) : NULL;
	out->cpus_final = ctr->cpus_final ? xstrdup(ctr->cpus_final) : NULL;
	/* linux.personality is the container's; a process JSON has no say in it */
	out->has_personality = ctr->has_personality;
	out->personality = ctr->personality;
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
