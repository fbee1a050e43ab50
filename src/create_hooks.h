/* create's side of the create-time hooks: lxcrun-hook, run by liblxc's mount hook
 * before pivot_root, asks over the ready socket; create runs prestart and
 * createRuntime here, in the runtime namespace, and answers with the state JSON
 * lxcrun-hook gives the createContainer hooks. */
#ifndef LXCRUN_CREATE_HOOKS_H
#define LXCRUN_CREATE_HOOKS_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"
#include "hook_set.h"
#include "spec.h"
#include "state.h"

typedef struct {
	hook_set set;
	container_state st; /* id, bundle and annotations, for the state JSON */
	bool ran;	    /* the create-time hooks began: a failed create then runs poststop */
} create_hooks;

/* Takes the spec's hooks; annotations_json (the spec's annotations) becomes ch's. */
void create_hooks_init(create_hooks *ch, const spec_config *spec, const char *id,
		       const char *bundle, char *annotations_json);

/* How much longer than usual create may wait for the init: the createContainer
 * hooks' timeouts, in ms. */
long long create_hooks_budget_ms(const create_hooks *ch);

/* Answers lxcrun-hook's request on sock: runs prestart then createRuntime with the
 * state (status creating, pid = the init's host pid). On failure the error names the
 * hook, lxcrun-hook is told "fail", and -1 is returned. The answer is
 * "ok\0<state JSON>\0<createContainer hooks as hook_set records>". */
int create_hooks_answer(create_hooks *ch, int sock, pid_t pid, lxr_error **err);

/* After a failed create is rolled back: if the hooks began, the lifecycle goes on to
 * the poststop hooks (failures are warnings). */
void create_hooks_after_failure(create_hooks *ch);

/* Frees ch's contents. */
void create_hooks_free(create_hooks *ch);

#endif
