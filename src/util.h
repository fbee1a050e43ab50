/* Small helpers shared by the front end: growable strings, JSON escaping,
 * whole-file I/O, /proc lookups. */
#ifndef LXCRUN_UTIL_H
#define LXCRUN_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"

typedef struct {
	char *buf;
	size_t len, cap;
} strbuf;

/* Appends n bytes; aborts on out of memory (a runtime that cannot allocate cannot clean up either).
 */
void sb_addn(strbuf *sb, const char *s, size_t n);
/* Appends a NUL-terminated string. */
void sb_add(strbuf *sb, const char *s);
/* Appends printf-formatted text. */
void sb_addf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a JSON string literal, quotes included. */
void sb_add_json_str(strbuf *sb, const char *s);
/* Returns the buffer (never NULL) and leaves sb empty; the caller frees it. */
char *sb_take(strbuf *sb);
/* Frees the buffer. */
void sb_free(strbuf *sb);

/* Reads a whole file into a NUL-terminated buffer (*len without the NUL). */
char *read_file(const char *path, size_t *len, lxr_error **err);
/* Reads fd to its end (what names it in errors); *len without the NUL. */
char *read_fd(int fd, const char *what, size_t *len, lxr_error **err);
/* Reads a whole file opened relative to dirfd. */
char *read_file_at(int dirfd, const char *path, size_t *len, lxr_error **err);
/* Writes data to path via a temporary file and rename(), so readers never see a partial file. */
int write_file_atomic(const char *path, const char *data, size_t len, mode_t mode, lxr_error **err);
/* Writes data to an existing file (cgroup and /proc knobs), failing on a short write. */
int write_file(const char *path, const char *data, lxr_error **err);

/* Start time of pid (field 22 of /proc/pid/stat) in clock ticks; 0 if the process is gone. */
uint64_t proc_start_time(pid_t pid);
/* True when pid exists, is not a zombie, and (if start_time != 0) started at start_time. */
bool proc_alive(pid_t pid, uint64_t start_time);

/* Current UTC time in RFC 3339 with nanoseconds (runc's "created" format). */
char *now_rfc3339(void);

/* True when a path component of p is exactly ".." ("..b" is a name). Linear time. */
bool path_has_dotdot(const char *p);

/* mkdir -p: makes path and its missing parents with mode; existing dirs are fine. */
int mkdir_p(const char *path, mode_t mode, lxr_error **err);

/* rm -rf of dir (no symlinks followed); a missing dir is fine. */
int rm_rf(const char *dir, lxr_error **err);

/* CLOCK_MONOTONIC in milliseconds, for deadlines. */
long long now_ms(void);

/* poll(2) of one fd until deadline (a now_ms() value), EINTR retried: 1 when
 * events came, 0 when the deadline passed, -1 with errno on error. */
int poll_until(int fd, short events, long long deadline);

/* Frees a NULL-terminated string vector. */
void strv_free(char **v);

/* Allocates or aborts. */
void *xmalloc(size_t n);
char *xstrdup(const char *s);

#endif
