/* The runtime side of the OCI hooks (see hooks.h). */
#include "config.h"
#include "hooks.h"
#include "hook_run.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static char **strv_copy(char *const *v, size_t n)
{
	char **out;

	if (n == 0)
		return NULL;
	out = xmalloc((n + 1) * sizeof(char *));
	for (size_t i = 0; i < n; i++)
		out[i] = xstrdup(v[i]);
	out[n] = NULL;
	return out;
}

static void copy_list(hook_set *out, enum hook_kind k, const spec_hook *h, size_t n)
{
	out->n[k] = n;
	out->list[k] = n ? xmalloc(n * sizeof(hook_def)) : NULL;
	for (size_t i = 0; i < n; i++) {
		hook_def *d = &out->list[k][i];

		d->path = xstrdup(h[i].path);
		d->args = strv_copy(h[i].args, h[i].n_args);
		d->env = strv_copy(h[i].env, h[i].n_env);
		d->timeout = h[i].has_timeout ? h[i].timeout : 0;
	}
}

void hooks_from_spec(const spec_config *spec, hook_set *out)
{
	const spec_hooks *h = &spec->hooks;

	memset(out, 0, sizeof(*out));
	if (!spec->has_hooks)
		return;
	copy_list(out, HOOK_PRESTART, h->prestart, h->n_prestart);
	copy_list(out, HOOK_CREATE_RUNTIME, h->create_runtime, h->n_create_runtime);
	copy_list(out, HOOK_CREATE_CONTAINER, h->create_container, h->n_create_container);
	copy_list(out, HOOK_START_CONTAINER, h->start_container, h->n_start_container);
	copy_list(out, HOOK_POSTSTART, h->poststart, h->n_poststart);
	copy_list(out, HOOK_POSTSTOP, h->poststop, h->n_poststop);
}

bool hooks_spec_has_create(const spec_config *spec)
{
	return spec->has_hooks && (spec->hooks.n_prestart > 0 || spec->hooks.n_create_runtime > 0 ||
				   spec->hooks.n_create_container > 0);
}

int hooks_save(const char *dir, const hook_set *s, lxr_error **err)
{
	_cleanup_free_ char *path = NULL, *buf = NULL;
	size_t len = 0;

	if (!hook_set_any(s))
		return 0;
	buf = hook_set_serialize(s, ~0U, &len);
	if (buf == NULL)
		return lxr_error_set(err, ENOMEM, "serialise hooks");
	if (asprintf(&path, "%s/hooks", dir) < 0)
		abort();
	return write_file_atomic(path, buf, len, 0600, err);
}

int hooks_load(const char *dir, hook_set *s, lxr_error **err)
{
	_cleanup_free_ char *path = NULL, *buf = NULL;
	lxr_error *e = NULL;
	size_t len = 0;

	memset(s, 0, sizeof(*s));
	if (asprintf(&path, "%s/hooks", dir) < 0)
		abort();
	buf = read_file(path, &len, &e);
	if (buf == NULL) {
		int missing = e && e->errnum == ENOENT;

		if (missing) {
			lxr_error_free(&e);
			return 0;
		}
		if (err && *err == NULL)
			*err = e;
		else
			lxr_error_free(&e);
		return -1;
	}
	if (hook_set_parse(buf, len, s) < 0)
		return lxr_error_set(err, EINVAL, "`%s`: malformed", path);
	return 0;
}

char *hooks_state_json(const container_state *st, const char *status, pid_t pid)
{
	strbuf sb = {0};

	sb_add(&sb, "{\"ociVersion\":\"" LXCRUN_OCI_VERSION "\",\"id\":");
	sb_add_json_str(&sb, st->id ? st->id : "");
	sb_add(&sb, ",\"status\":");
	sb_add_json_str(&sb, status);
	sb_addf(&sb, ",\"pid\":%d,\"bundle\":", (int)pid);
	sb_add_json_str(&sb, st->bundle ? st->bundle : "");
	sb_add(&sb, ",\"annotations\":");
	sb_add(&sb, st->annotations_json ? st->annotations_json : "{}");
	sb_add(&sb, "}");
	return sb_take(&sb);
}

int hooks_run(const hook_set *s, enum hook_kind kind, const char *state, const char *cwd,
	      lxr_error **err)
{
	char msg[HOOK_OUTPUT_TAIL + 4096];

	if (hook_run_list(s, kind, state, cwd, msg, sizeof(msg)) < 0)
		return lxr_error_set(err, EIO, "%s", msg);
	return 0;
}

void hooks_run_warn(const hook_set *s, enum hook_kind kind, const char *state, const char *cwd)
{
	for (size_t i = 0; i < s->n[kind]; i++) {
		const hook_def *h = &s->list[kind][i];
		char why[HOOK_OUTPUT_TAIL + 128];

		if (hook_run(h, state, cwd, why, sizeof(why)) < 0)
			lxr_log(LXR_LOG_WARN, "hooks.%s[%zu] `%s`: %s (ignored)",
				hook_kind_name(kind), i, h->path, why);
	}
}
