/* lxcrun's one error model: an errno plus a message that gains context as it
 * travels up ("create `c1`: mount `/proc`: permission denied"). Functions that
 * can fail take `lxr_error **err`, return -1 (or NULL) and fill *err. */
#ifndef LXCRUN_ERROR_H
#define LXCRUN_ERROR_H

#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct lxr_error {
	int errnum; /* errno at the root cause, 0 when not a system error */
	char *msg;  /* full message, context first */
} lxr_error;

/* Fills *err (if err and *err is NULL) with errnum and a formatted message; returns -1. */
int lxr_error_set(lxr_error **err, int errnum, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Like lxr_error_set with the current errno, appending ": <lowercase strerror>"; returns -1. */
int lxr_error_sys(lxr_error **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prefixes "<context>: " to the message of an existing error; returns -1. */
int lxr_error_wrap(lxr_error **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Frees *err and sets it to NULL; safe on NULL. */
void lxr_error_free(lxr_error **err);

/* strerror(errnum) with a lowercase first letter, as callers match "no such file or directory". */
const char *lxr_strerror(int errnum);

/* Cleanup helpers for __attribute__((cleanup)). */
static inline void lxr_freep(void *p)
{
	free(*(void **)p);
}
static inline void lxr_closep(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}
#define _cleanup_free_	__attribute__((cleanup(lxr_freep)))
#define _cleanup_close_ __attribute__((cleanup(lxr_closep)))
#define _cleanup_error_ __attribute__((cleanup(lxr_error_free)))

/* Returns the value of *p and sets *p to NULL (ownership transfer out of a cleanup variable). */
#define lxr_steal(p)                                                                               \
	({                                                                                         \
		__typeof__(*(p)) _v = *(p);                                                        \
		*(p) = NULL;                                                                       \
		_v;                                                                                \
	})

#endif
