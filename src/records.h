/* "key=value\0" record buffers: the format of the parameters lxcrun hands to
 * lxcrun-init and of the hook lists in the state dir. libc only. */
#ifndef LXCRUN_RECORDS_H
#define LXCRUN_RECORDS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
	char *buf;
	size_t len, cap;
	bool oom; /* an allocation failed: the buffer is incomplete, discard it */
} recbuf;

/* Appends "key=value\0". */
void rec_add(recbuf *b, const char *key, const char *value);

/* Appends "key=<formatted value>\0" (values up to 255 bytes). */
void rec_addf(recbuf *b, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
