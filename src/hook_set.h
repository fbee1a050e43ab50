/* The spec's six hook lists in a form every lxcrun program can read: the front
 * end writes them to <state dir>/hooks (0600 in a 0700 dir, out of the
 * container's reach), lxcrun-hook and `start` read them back, and `start` hands
 * the startContainer ones to lxcrun-init. Records are "key=value\0" as in
 * init_params.h; libc only (linked into the static lxcrun-init). */
#ifndef LXCRUN_HOOK_SET_H
#define LXCRUN_HOOK_SET_H

#include <stdbool.h>
#include <stddef.h>

enum hook_kind {
	HOOK_PRESTART,
	HOOK_CREATE_RUNTIME,
	HOOK_CREATE_CONTAINER,
	HOOK_START_CONTAINER,
	HOOK_POSTSTART,
	HOOK_POSTSTOP,
	HOOK_KINDS
};

typedef struct {
	char *path;
	char **args; /* NULL-terminated; NULL when the spec gives none (argv is then {path}) */
	char **env;  /* NULL-terminated; NULL: an empty environment */
	int timeout; /* seconds, 0: none */
} hook_def;

typedef struct {
	hook_def *list[HOOK_KINDS];
	size_t n[HOOK_KINDS];
} hook_set;

/* The spec's name of a hook list ("createRuntime"); NULL for an unknown kind. */
const char *hook_kind_name(enum hook_kind kind);

/* True when any list of the set is non-empty. */
bool hook_set_any(const hook_set *s);

/* Serialises the lists of s whose bit (1 << kind) is in kinds; malloc'd, *len bytes;
 * NULL on out of memory. */
char *hook_set_serialize(const hook_set *s, unsigned kinds, size_t *len);

/* Parses buf (len bytes) into *s (zeroed first); -1 with errno=EINVAL when malformed. */
int hook_set_parse(const char *buf, size_t len, hook_set *s);

/* Frees what hook_set_parse allocated. */
void hook_set_free(hook_set *s);

#endif
