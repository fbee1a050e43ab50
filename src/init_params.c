/* Serialisation of init_params: "key=value\0" records. Kept libc-only because
 * it is linked into the static lxcrun-init. */
#include "config.h"
#include "init_params.h"
#include "records.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *init_params_serialize(const init_params *p, size_t *len)
{
	recbuf b = {0};
	size_t i;

	rec_addf(&b, "ready_fd", "%d", p->ready_fd);
	rec_addf(&b, "fifo_fd", "%d", p->fifo_fd);
	rec_addf(&b, "console_fd", "%d", p->console_fd);
	if (p->notify_fd >= 0)
		rec_addf(&b, "notify_fd", "%d", p->notify_fd);
	rec_addf(&b, "preserve_fds", "%d", p->preserve_fds);
	if (p->exec_mode)
		rec_add(&b, "mode", "exec");
	for (i = 0; i < p->n_args; i++)
		rec_add(&b, "arg", p->args[i]);
	for (i = 0; i < p->n_env; i++)
		rec_add(&b, "env", p->env[i]);
	for (i = 0; i < p->n_masked; i++)
		rec_add(&b, "masked", p->masked[i]);
	for (i = 0; i < p->n_readonly; i++)
		rec_add(&b, "readonly", p->readonly[i]);
	for (i = 0; i < p->n_copyup; i++)
		rec_add(&b, "copyup", p->copyup[i]);
	if (p->cwd)
		rec_add(&b, "cwd", p->cwd);
	if (p->hostname)
		rec_add(&b, "hostname", p->hostname);
	if (p->apparmor_profile)
		rec_add(&b, "apparmor", p->apparmor_profile);
	if (p->selinux_label)
		rec_add(&b, "selinux", p->selinux_label);
	if (p->domainname)
		rec_add(&b, "domainname", p->domainname);
	rec_addf(&b, "uid", "%u", (unsigned)p->uid);
	rec_addf(&b, "gid", "%u", (unsigned)p->gid);
	for (i = 0; i < p->n_gids; i++)
		rec_addf(&b, "gids", "%u", (unsigned)p->gids[i]);
	if (p->has_umask)
		rec_addf(&b, "umask", "%o", (unsigned)p->umask);
	rec_addf(&b, "no_new_privs", "%d", p->no_new_privs);
	rec_addf(&b, "terminal", "%d", p->terminal);
	rec_addf(&b, "rows", "%u", p->rows);
	rec_addf(&b, "cols", "%u", p->cols);
	rec_addf(&b, "root_readonly", "%d", p->root_readonly);
	if (p->has_caps)
		rec_addf(&b, "caps", "%" PRIx64 ",%" PRIx64 ",%" PRIx64 ",%" PRIx64 ",%" PRIx64,
			 p->caps[0], p->caps[1], p->caps[2], p->caps[3], p->caps[4]);
	for (i = 0; i < p->n_rlimits; i++)
		rec_addf(&b, "rlimit", "%d,%" PRIu64 ",%" PRIu64, p->rlimits[i].resource,
			 p->rlimits[i].soft, p->rlimits[i].hard);
	if (p->has_oom_score_adj)
		rec_addf(&b, "oom_score_adj", "%d", p->oom_score_adj);
	for (i = 0; i < p->n_devices; i++) {
		const init_device *d = &p->devices[i];
		char *v = NULL;

		/* the path goes last: it is the only free-form part */
		if (asprintf(&v, "%c,%u,%u,%o,%u,%u,%s", d->type, d->major, d->minor, d->mode,
			     d->uid, d->gid, d->path) < 0) {
			b.oom = true;
			break;
		}
		rec_add(&b, "device", v);
		free(v);
	}
	rec_addf(&b, "pts_guard", "%d", p->pts_guard);
	rec_addf(&b, "devices_bound", "%d", p->devices_bound);
	if (p->seccomp_bpf != NULL && p->seccomp_len > 0) {
		static const char hex[] = "0123456789abcdef";
		char *v = malloc(p->seccomp_len * 2 + 1);

		if (v == NULL) {
			b.oom = true;
		} else {
			for (i = 0; i < p->seccomp_len; i++) {
				v[2 * i] = hex[p->seccomp_bpf[i] >> 4];
				v[2 * i + 1] = hex[p->seccomp_bpf[i] & 15];
			}
			v[2 * p->seccomp_len] = '\0';
			rec_addf(&b, "seccomp_flags", "%x", p->seccomp_flags);
			rec_add(&b, "seccomp_bpf", v);
			free(v);
		}
	}
	rec_addf(&b, "root_propagation", "%lx", p->root_propagation);
	for (i = 0; i < p->n_propagations; i++) {
		char *v = NULL;

		/* the path goes last: it is the only free-form part */
		if (asprintf(&v, "%lx,%lx,%" PRIx64 ",%" PRIx64 ",%" PRIx64 ",%" PRIx64 ",%s",
			     p->propagations[i].flags, p->propagations[i].bind_flags,
			     p->propagations[i].rec_set, p->propagations[i].rec_clr,
			     p->propagations[i].set, p->propagations[i].clr,
			     p->propagations[i].target) < 0) {
			b.oom = true;
			break;
		}
		rec_add(&b, "propagation", v);
		free(v);
	}
	if (p->has_ioprio)
		rec_addf(&b, "ioprio", "%d", p->ioprio);
	if (p->has_sched)
		rec_addf(&b, "sched",
			 "%" PRIu32 ",%" PRIx64 ",%" PRId32 ",%" PRIu32 ",%" PRIu64 ",%" PRIu64
			 ",%" PRIu64,
			 p->sched.policy, p->sched.flags, p->sched.nice, p->sched.priority,
			 p->sched.runtime, p->sched.deadline, p->sched.period);
	if (p->cpus_initial)
		rec_add(&b, "cpus_initial", p->cpus_initial);
	if (p->cpus_final)
		rec_add(&b, "cpus_final", p->cpus_final);
	if (p->has_personality)
		rec_addf(&b, "personality", "%lx", p->personality);
	if (p->has_mempolicy)
		rec_addf(&b, "mempolicy", "%x,%s", (unsigned)p->mempolicy_mode,
			 p->mempolicy_nodes ? p->mempolicy_nodes : "");
	if (b.oom) {
		free(b.buf);
		return NULL;
	}
	*len = b.len;
	return b.buf;
}

static int push_str(char ***arr, size_t *n, const char *v)
{
	char **na = realloc(*arr, (*n + 2) * sizeof(char *));

	if (na == NULL)
		return -1;
	*arr = na;
	na[*n] = strdup(v);
	if (na[*n] == NULL)
		return -1;
	na[++*n] = NULL; /* keep arrays NULL-terminated for execve */
	return 0;
}

static int parse_u32(const char *v, uint32_t *out, int base)
{
	char *end;
	unsigned long long x;

	errno = 0;
	x = strtoull(v, &end, base);
	if (errno || end == v || *end || x > UINT32_MAX)
		return -1;
	*out = (uint32_t)x;
	return 0;
}

static int parse_int(const char *v, int *out)
{
	char *end;
	long x;

	errno = 0;
	x = strtol(v, &end, 10);
	if (errno || end == v || *end || x < INT32_MIN || x > INT32_MAX)
		return -1;
	*out = (int)x;
	return 0;
}

static int parse_device(const char *v, init_device *d)
{
	unsigned major, minor, mode, uid, gid;
	int consumed = 0;
	char type;

	if (sscanf(v, "%c,%u,%u,%o,%u,%u,%n", &type, &major, &minor, &mode, &uid, &gid,
		   &consumed) != 6 ||
	    consumed == 0)
		return -1;
	d->type = type;
	d->major = major;
	d->minor = minor;
	d->mode = mode;
	d->uid = uid;
	d->gid = gid;
	d->path = strdup(v + consumed);
	return d->path ? 0 : -1;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* The seccomp program: hex of whole struct sock_filter entries (8 bytes each). */
static int parse_seccomp_bpf(const char *v, init_params *p)
{
	size_t n = strlen(v);

	if (n == 0 || n % 16 != 0 || p->seccomp_bpf != NULL)
		return -1;
	p->seccomp_bpf = malloc(n / 2);
	if (p->seccomp_bpf == NULL)
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		int hi = hex_digit(v[2 * i]), lo = hex_digit(v[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		p->seccomp_bpf[i] = (unsigned char)(hi << 4 | lo);
	}
	p->seccomp_len = n / 2;
	return 0;
}

int cpulist_parse(const char *s, unsigned long set[], size_t n_words)
{
	const size_t bits = 8 * sizeof(unsigned long), max = n_words * bits;
	const char *q = s;

	memset(set, 0, n_words * sizeof(unsigned long));
	if (*q == '\0')
		goto bad;
	for (;;) {
		unsigned long lo, hi;
		char *end;

		/* strtoul would accept blanks and signs: insist on a digit */
		if (*q < '0' || *q > '9')
			goto bad;
		errno = 0;
		lo = hi = strtoul(q, &end, 10);
		if (errno)
			goto bad;
		if (*end == '-') {
			q = end + 1;
			if (*q < '0' || *q > '9')
				goto bad;
			hi = strtoul(q, &end, 10);
			if (errno || hi < lo)
				goto bad;
		}
		if (hi >= max)
			goto bad;
		for (unsigned long c = lo; c <= hi; c++)
			set[c / bits] |= 1UL << (c % bits);
		if (*end == '\0')
			return 0;
		if (*end != ',')
			goto bad;
		q = end + 1;
	}
bad:
	errno = EINVAL;
	return -1;
}

static int parse_sched(const char *v, init_sched *s)
{
	int consumed = 0;

	if (sscanf(v,
		   "%" SCNu32 ",%" SCNx64 ",%" SCNd32 ",%" SCNu32 ",%" SCNu64 ",%" SCNu64
		   ",%" SCNu64 "%n",
		   &s->policy, &s->flags, &s->nice, &s->priority, &s->runtime, &s->deadline,
		   &s->period, &consumed) != 7 ||
	    v[consumed] != '\0')
		return -1;
	return 0;
}

/* "<mode|flags hex>,<nodes>": the nodes are empty when the policy names none. */
static int parse_mempolicy(const char *v, init_params *p)
{
	unsigned long set[INIT_MPOL_MAX_NODES / (8 * sizeof(unsigned long))];
	char *end;
	unsigned long mode;

	errno = 0;
	mode = strtoul(v, &end, 16);
	if (errno || end == v || *end != ',' || mode > INT32_MAX || p->has_mempolicy)
		return -1;
	p->has_mempolicy = true;
	p->mempolicy_mode = (int)mode;
	if (end[1] == '\0')
		return 0;
	if (cpulist_parse(end + 1, set, sizeof(set) / sizeof(set[0])) < 0)
		return -1;
	p->mempolicy_nodes = strdup(end + 1);
	return p->mempolicy_nodes ? 0 : -1;
}

static int parse_record(init_params *p, const char *key, const char *v)
{
	uint32_t u;

	if (!strcmp(key, "ready_fd"))
		return parse_int(v, &p->ready_fd);
	if (!strcmp(key, "fifo_fd"))
		return parse_int(v, &p->fifo_fd);
	if (!strcmp(key, "console_fd"))
		return parse_int(v, &p->console_fd);
	if (!strcmp(key, "notify_fd"))
		return parse_int(v, &p->notify_fd);
	if (!strcmp(key, "preserve_fds"))
		return parse_int(v, &p->preserve_fds);
	if (!strcmp(key, "mode"))
		return strcmp(v, "exec") == 0 ? (p->exec_mode = true, 0) : -1;
	if (!strcmp(key, "arg"))
		return push_str(&p->args, &p->n_args, v);
	if (!strcmp(key, "env"))
		return push_str(&p->env, &p->n_env, v);
	if (!strcmp(key, "masked"))
		return push_str(&p->masked, &p->n_masked, v);
	if (!strcmp(key, "readonly"))
		return push_str(&p->readonly, &p->n_readonly, v);
	if (!strcmp(key, "copyup"))
		return push_str(&p->copyup, &p->n_copyup, v);
	if (!strcmp(key, "cwd"))
		return (p->cwd = strdup(v)) ? 0 : -1;
	if (!strcmp(key, "apparmor"))
		return (p->apparmor_profile = strdup(v)) ? 0 : -1;
	if (!strcmp(key, "selinux"))
		return (p->selinux_label = strdup(v)) ? 0 : -1;
	if (!strcmp(key, "hostname"))
		return (p->hostname = strdup(v)) ? 0 : -1;
	if (!strcmp(key, "domainname"))
		return (p->domainname = strdup(v)) ? 0 : -1;
	if (!strcmp(key, "uid"))
		return parse_u32(v, &p->uid, 10);
	if (!strcmp(key, "gid"))
		return parse_u32(v, &p->gid, 10);
	if (!strcmp(key, "gids")) {
		gid_t *ng = realloc(p->gids, (p->n_gids + 1) * sizeof(gid_t));

		if (ng == NULL)
			return -1;
		p->gids = ng;
		return parse_u32(v, &ng[p->n_gids++], 10);
	}
	if (!strcmp(key, "umask")) {
		p->has_umask = true;
		if (parse_u32(v, &u, 8))
			return -1;
		p->umask = u;
		return 0;
	}
	if (!strcmp(key, "no_new_privs"))
		return (p->no_new_privs = (*v == '1'), 0);
	if (!strcmp(key, "terminal"))
		return (p->terminal = (*v == '1'), 0);
	if (!strcmp(key, "root_readonly"))
		return (p->root_readonly = (*v == '1'), 0);
	if (!strcmp(key, "rows") || !strcmp(key, "cols")) {
		if (parse_u32(v, &u, 10) || u > 65535)
			return -1;
		*(key[0] == 'r' ? &p->rows : &p->cols) = (unsigned short)u;
		return 0;
	}
	if (!strcmp(key, "caps")) {
		p->has_caps = true;
		return sscanf(v, "%" SCNx64 ",%" SCNx64 ",%" SCNx64 ",%" SCNx64 ",%" SCNx64,
			      &p->caps[0], &p->caps[1], &p->caps[2], &p->caps[3], &p->caps[4]) == 5
			   ? 0
			   : -1;
	}
	if (!strcmp(key, "rlimit")) {
		init_rlimit *nr = realloc(p->rlimits, (p->n_rlimits + 1) * sizeof(*nr));

		if (nr == NULL)
			return -1;
		p->rlimits = nr;
		nr += p->n_rlimits;
		if (sscanf(v, "%d,%" SCNu64 ",%" SCNu64, &nr->resource, &nr->soft, &nr->hard) != 3)
			return -1;
		p->n_rlimits++;
		return 0;
	}
	if (!strcmp(key, "oom_score_adj")) {
		p->has_oom_score_adj = true;
		return parse_int(v, &p->oom_score_adj);
	}
	if (!strcmp(key, "root_propagation")) {
		char *end;

		errno = 0;
		p->root_propagation = strtoul(v, &end, 16);
		return errno || *end ? -1 : 0;
	}
	if (!strcmp(key, "propagation")) {
		init_propagation *np =
		    realloc(p->propagations, (p->n_propagations + 1) * sizeof(*np));
		char *end;

		if (np == NULL)
			return -1;
		p->propagations = np;
		np += p->n_propagations;
		errno = 0;
		np->flags = strtoul(v, &end, 16);
		if (errno || *end != ',')
			return -1;
		np->bind_flags = strtoul(end + 1, &end, 16);
		if (errno || *end != ',')
			return -1;
		for (int k = 0; k < 4; k++) {
			uint64_t *a[] = {&np->rec_set, &np->rec_clr, &np->set, &np->clr};

			*a[k] = strtoull(end + 1, &end, 16);
			if (errno || *end != ',')
				return -1;
		}
		np->target = strdup(end + 1);
		if (np->target == NULL)
			return -1;
		p->n_propagations++;
		return 0;
	}
	if (!strcmp(key, "seccomp_flags"))
		return parse_u32(v, &p->seccomp_flags, 16);
	if (!strcmp(key, "seccomp_bpf"))
		return parse_seccomp_bpf(v, p);
	if (!strcmp(key, "ioprio")) {
		p->has_ioprio = true;
		return parse_int(v, &p->ioprio);
	}
	if (!strcmp(key, "sched")) {
		p->has_sched = true;
		return parse_sched(v, &p->sched);
	}
	if (!strcmp(key, "cpus_initial"))
		return p->cpus_initial == NULL && (p->cpus_initial = strdup(v)) ? 0 : -1;
	if (!strcmp(key, "cpus_final"))
		return p->cpus_final == NULL && (p->cpus_final = strdup(v)) ? 0 : -1;
	if (!strcmp(key, "personality")) {
		char *end;

		p->has_personality = true;
		errno = 0;
		p->personality = strtoul(v, &end, 16);
		return errno || end == v || *end ? -1 : 0;
	}
	if (!strcmp(key, "mempolicy"))
		return parse_mempolicy(v, p);
	if (!strcmp(key, "pts_guard"))
		return (p->pts_guard = (*v == '1'), 0);
	if (!strcmp(key, "devices_bound"))
		return (p->devices_bound = (*v == '1'), 0);
	if (!strcmp(key, "device")) {
		init_device *nd = realloc(p->devices, (p->n_devices + 1) * sizeof(*nd));

		if (nd == NULL)
			return -1;
		p->devices = nd;
		if (parse_device(v, &nd[p->n_devices]))
			return -1;
		p->n_devices++;
		return 0;
	}
	return -1;
}

int init_params_parse(const char *buf, size_t len, init_params *p)
{
	size_t off = 0;

	memset(p, 0, sizeof(*p));
	p->ready_fd = p->fifo_fd = p->console_fd = p->notify_fd = -1;
	while (off < len) {
		const char *rec = buf + off, *nul = memchr(rec, '\0', len - off), *eq;
		char key[32];

		if (nul == NULL)
			goto bad;
		eq = memchr(rec, '=', (size_t)(nul - rec));
		if (eq == NULL || (size_t)(eq - rec) >= sizeof(key))
			goto bad;
		memcpy(key, rec, (size_t)(eq - rec));
		key[eq - rec] = '\0';
		if (parse_record(p, key, eq + 1))
			goto bad;
		off = (size_t)(nul - buf) + 1;
	}
	return 0;
bad:
	init_params_free(p);
	errno = EINVAL;
	return -1;
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void init_params_free(init_params *p)
{
	free_strv(p->args, p->n_args);
	free_strv(p->env, p->n_env);
	free_strv(p->masked, p->n_masked);
	free_strv(p->readonly, p->n_readonly);
	free_strv(p->copyup, p->n_copyup);
	free(p->cwd);
	for (size_t i = 0; i < p->n_propagations; i++)
		free(p->propagations[i].target);
	free(p->propagations);
	free(p->hostname);
	free(p->domainname);
	free(p->apparmor_profile);
	free(p->selinux_label);
	free(p->gids);
	free(p->rlimits);
	for (size_t i = 0; i < p->n_devices; i++)
		free(p->devices[i].path);
	free(p->devices);
	free(p->seccomp_bpf);
	free(p->cpus_initial);
	free(p->cpus_final);
	free(p->mempolicy_nodes);
	memset(p, 0, sizeof(*p));
	p->ready_fd = p->fifo_fd = p->console_fd = p->notify_fd = -1;
}
