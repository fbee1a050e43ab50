/* Serialisation of the hook lists: "hook=<kind>\0" opens a hook of that list,
 * then "path=", "arg=" (repeated, in order), "env=" (repeated), "timeout=". */
#include "config.h"
#include "hook_set.h"
#include "records.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[HOOK_KINDS] = {
    [HOOK_PRESTART] = "prestart",
    [HOOK_CREATE_RUNTIME] = "createRuntime",
    [HOOK_CREATE_CONTAINER] = "createContainer",
    [HOOK_START_CONTAINER] = "startContainer",
    [HOOK_POSTSTART] = "poststart",
    [HOOK_POSTSTOP] = "poststop",
};

const char *hook_kind_name(enum hook_kind kind)
{
	return (unsigned)kind < HOOK_KINDS ? kind_names[kind] : NULL;
}

bool hook_set_any(const hook_set *s)
{
	for (int k = 0; k < HOOK_KINDS; k++)
		if (s->n[k] > 0)
			return true;
	return false;
}

char *hook_set_serialize(const hook_set *s, unsigned kinds, size_t *len)
{
	recbuf b = {0};

	for (int k = 0; k < HOOK_KINDS; k++) {
		if (!(kinds & (1U << k)))
			continue;
		for (size_t i = 0; i < s->n[k]; i++) {
			const hook_def *h = &s->list[k][i];
			char t[16];

			rec_add(&b, "hook", kind_names[k]);
			rec_add(&b, "path", h->path);
			for (size_t a = 0; h->args && h->args[a]; a++)
				rec_add(&b, "arg", h->args[a]);
			for (size_t e = 0; h->env && h->env[e]; e++)
				rec_add(&b, "env", h->env[e]);
			snprintf(t, sizeof(t), "%d", h->timeout);
			rec_add(&b, "timeout", t);
		}
	}
	/* an empty set is an empty buffer, not an error */
	if (!b.oom && b.buf == NULL)
		b.buf = calloc(1, 1);
	if (b.oom || b.buf == NULL) {
		free(b.buf);
		return NULL;
	}
	*len = b.len;
	return b.buf;
}

/* Appends a copy of v to the NULL-terminated vector *vp. */
static int strv_push(char ***vp, const char *v)
{
	size_t n = 0;
	char **nv;

	while (*vp && (*vp)[n])
		n++;
	nv = realloc(*vp, (n + 2) * sizeof(char *));
	if (nv == NULL)
		return -1;
	*vp = nv;
	nv[n] = strdup(v);
	nv[n + 1] = NULL;
	return nv[n] ? 0 : -1;
}

static int kind_of(const char *name)
{
	for (int k = 0; k < HOOK_KINDS; k++)
		if (strcmp(name, kind_names[k]) == 0)
			return k;
	return -1;
}

/* Applies one record to the hook being read (*cur); "hook=" starts a new one. */
static int apply_record(hook_set *s, hook_def **cur, const char *key, const char *val)
{
	if (strcmp(key, "hook") == 0) {
		int k = kind_of(val);
		hook_def *nl;

		if (k < 0)
			return -1;
		nl = realloc(s->list[k], (s->n[k] + 1) * sizeof(hook_def));
		if (nl == NULL)
			return -1;
		s->list[k] = nl;
		*cur = &nl[s->n[k]++];
		memset(*cur, 0, sizeof(**cur));
		return 0;
	}
	if (*cur == NULL)
		return -1;
	if (strcmp(key, "path") == 0) {
		free((*cur)->path);
		(*cur)->path = strdup(val);
		return (*cur)->path ? 0 : -1;
	}
	if (strcmp(key, "arg") == 0)
		return strv_push(&(*cur)->args, val);
	if (strcmp(key, "env") == 0)
		return strv_push(&(*cur)->env, val);
	if (strcmp(key, "timeout") == 0) {
		char *end;
		long t = strtol(val, &end, 10);

		if (*val == '\0' || *end != '\0' || t < 0 || t > 0x7fffffff)
			return -1;
		(*cur)->timeout = (int)t;
		return 0;
	}
	return -1;
}

int hook_set_parse(const char *buf, size_t len, hook_set *s)
{
	hook_def *cur = NULL;
	size_t off = 0;

	memset(s, 0, sizeof(*s));
	while (off < len) {
		const char *rec = buf + off, *nul = memchr(rec, '\0', len - off), *eq;
		char key[16];

		eq = nul ? memchr(rec, '=', (size_t)(nul - rec)) : NULL;
		if (eq == NULL || (size_t)(eq - rec) >= sizeof(key))
			goto bad;
		memcpy(key, rec, (size_t)(eq - rec));
		key[eq - rec] = '\0';
		if (apply_record(s, &cur, key, eq + 1) < 0)
			goto bad;
		off += (size_t)(nul - rec) + 1;
	}
	/* every hook has a path */
	for (int k = 0; k < HOOK_KINDS; k++)
		for (size_t i = 0; i < s->n[k]; i++)
			if (s->list[k][i].path == NULL)
				goto bad;
	return 0;
bad:
	hook_set_free(s);
	errno = EINVAL;
	return -1;
}

static void strv_free_local(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

void hook_set_free(hook_set *s)
{
	for (int k = 0; k < HOOK_KINDS; k++) {
		for (size_t i = 0; i < s->n[k]; i++) {
			free(s->list[k][i].path);
			strv_free_local(s->list[k][i].args);
			strv_free_local(s->list[k][i].env);
		}
		free(s->list[k]);
	}
	memset(s, 0, sizeof(*s));
}
