/* create's side of the create-time hooks (see create_hooks.h). */
#include "config.h"
#include "create_hooks.h"
#include "hooks.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

void create_hooks_init(create_hooks *ch, const spec_config *spec, const char *id,
		       const char *bundle, char *annotations_json)
{
	memset(ch, 0, sizeof(*ch));
	hooks_from_spec(spec, &ch->set);
	ch->st.id = xstrdup(id);
	ch->st.bundle = xstrdup(bundle);
	ch->st.annotations_json = annotations_json;
}

long long create_hooks_budget_ms(const create_hooks *ch)
{
	long long ms = 0;

	for (size_t i = 0; i < ch->set.n[HOOK_CREATE_CONTAINER]; i++)
		ms += (long long)ch->set.list[HOOK_CREATE_CONTAINER][i].timeout * 1000;
	return ms;
}

int create_hooks_answer(create_hooks *ch, int sock, pid_t pid, lxr_error **err)
{
	_cleanup_free_ char *state = NULL, *reply = NULL, *records = NULL;
	size_t len, rlen = 0;

	if (pid <= 0)
		return lxr_error_set(err, EIO, "lxcrun-hook's request has no pid");
	state = hooks_state_json(&ch->st, "creating", pid);
	ch->ran = true;
	/* the spec's order: prestart (deprecated), then createRuntime */
	if (hooks_run(&ch->set, HOOK_PRESTART, state, ch->st.bundle, err) < 0 ||
	    hooks_run(&ch->set, HOOK_CREATE_RUNTIME, state, ch->st.bundle, err) < 0) {
		if (send(sock, "fail", 4, MSG_NOSIGNAL) < 0) {
			/* the rollback kills lxcrun-hook anyway */
		}
		return -1;
	}
	/* the createContainer hooks travel with the answer: lxcrun-hook runs as the
	 * container's root, which in a user namespace cannot read the state dir */
	records = hook_set_serialize(&ch->set, 1U << HOOK_CREATE_CONTAINER, &rlen);
	if (records == NULL)
		abort();
	len = 3 + strlen(state) + 1 + rlen;
	reply = xmalloc(len);
	memcpy(reply, "ok", 3);
	memcpy(reply + 3, state, strlen(state) + 1);
	memcpy(reply + 3 + strlen(state) + 1, records, rlen);
	if (send(sock, reply, len, MSG_NOSIGNAL) < 0)
		return lxr_error_sys(err, "answer lxcrun-hook");
	return 0;
}

void create_hooks_after_failure(create_hooks *ch)
{
	_cleanup_free_ char *state = NULL;

	if (!ch->ran || ch->set.n[HOOK_POSTSTOP] == 0)
		return;
	state = hooks_state_json(&ch->st, "stopped", 0);
	hooks_run_warn(&ch->set, HOOK_POSTSTOP, state, ch->st.bundle);
}

void create_hooks_free(create_hooks *ch)
{
	hook_set_free(&ch->set);
	state_free(&ch->st);
}
