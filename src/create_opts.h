/* Option parsing shared by `create` and `run` (run adds --detach). */
#ifndef LXCRUN_CREATE_OPTS_H
#define LXCRUN_CREATE_OPTS_H

#include "container.h"

/* Parses create's options into *o (and -d/--detach into *detach if not NULL).
 * Returns the index of the first positional argument, or -1 with *err set. */
int parse_create_options(int argc, char **argv, create_options *o, bool *detach, lxr_error **err);

/* --preserve-fds N: a number from 0 to 1000, else an error naming the flag. */
int parse_preserve_fds(const char *s, int *out, lxr_error **err);

#endif
