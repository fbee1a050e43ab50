#include "config.h"
#include "util.h"

#include <errno.h>
#include <poll.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void sb_grow(strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1, ncap;
	char *n;

	if (need <= sb->cap)
		return;
	ncap = sb->cap ? sb->cap : 256;
	while (ncap < need)
		ncap *= 2;
	n = realloc(sb->buf, ncap);
	if (n == NULL)
		abort();
	sb->buf = n;
	sb->cap = ncap;
}

void sb_addn(strbuf *sb, const char *s, size_t n)
{
	sb_grow(sb, n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sb_add(strbuf *sb, const char *s)
{
	sb_addn(sb, s, strlen(s));
}

void sb_addf(strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	sb_grow(sb, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

void sb_add_json_str(strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	sb_add(sb, "\"");
	for (; *p; p++) {
		switch (*p) {
		case '"':
			sb_add(sb, "\\\"");
			break;
		case '\\':
			sb_add(sb, "\\\\");
			break;
		case '\n':
			sb_add(sb, "\\n");
			break;
		case '\t':
			sb_add(sb, "\\t");
			break;
		case '\r':
			sb_add(sb, "\\r");
			break;
		default:
			if (*p < 0x20)
				sb_addf(sb, "\\u%04x", *p);
			else
				sb_addn(sb, (const char *)p, 1);
		}
	}
	sb_add(sb, "\"");
}

char *sb_take(strbuf *sb)
{
	char *b;

	if (sb->buf == NULL)
		sb_grow(sb, 0), sb->buf[0] = '\0';
	b = sb->buf;
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return b;
}

void sb_free(strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

char *read_fd(int fd, const char *what, size_t *len, lxr_error **err)
{
	strbuf sb = {0};
	char tmp[8192];
	ssize_t n;

	for (;;) {
		n = read(fd, tmp, sizeof(tmp));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			sb_free(&sb);
			lxr_error_sys(err, "read `%s`", what);
			return NULL;
		}
		if (n == 0)
			break;
		sb_addn(&sb, tmp, (size_t)n);
	}
	if (len)
		*len = sb.len;
	return sb_take(&sb);
}

char *read_file_at(int dirfd, const char *path, size_t *len, lxr_error **err)
{
	_cleanup_close_ int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0) {
		lxr_error_sys(err, "open `%s`", path);
		return NULL;
	}
	return read_fd(fd, path, len, err);
}

char *read_file(const char *path, size_t *len, lxr_error **err)
{
	return read_file_at(AT_FDCWD, path, len, err);
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int write_file_atomic(const char *path, const char *data, size_t len, mode_t mode, lxr_error **err)
{
	_cleanup_free_ char *tmp = NULL;
	int fd;

	if (asprintf(&tmp, "%s.tmp.%d", path, (int)getpid()) < 0)
		abort();
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
	if (fd < 0)
		return lxr_error_sys(err, "create `%s`", tmp);
	if (write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		lxr_error_sys(err, "write `%s`", tmp);
		close(fd);
		unlink(tmp);
		return -1;
	}
	close(fd);
	if (rename(tmp, path) < 0) {
		lxr_error_sys(err, "rename `%s` to `%s`", tmp, path);
		unlink(tmp);
		return -1;
	}
	return 0;
}

int write_file(const char *path, const char *data, lxr_error **err)
{
	_cleanup_close_ int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return lxr_error_sys(err, "open `%s`", path);
	if (write_all(fd, data, strlen(data)) < 0)
		return lxr_error_sys(err, "write `%s` to `%s`", data, path);
	return 0;
}

/* Returns the state letter and start time from /proc/pid/stat ('\0' if gone). */
static char proc_stat(pid_t pid, uint64_t *start_time)
{
	char path[64], buf[1024], *p;
	unsigned long long st = 0;
	char state;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return '\0';
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return '\0';
	buf[n] = '\0';
	/* comm may contain spaces and parentheses: fields resume after the last ')' */
	p = strrchr(buf, ')');
	if (p == NULL)
		return '\0';
	if (sscanf(
		p + 2,
		"%c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
		&state, &st) != 2)
		return '\0';
	*start_time = st;
	return state;
}

uint64_t proc_start_time(pid_t pid)
{
	uint64_t st = 0;

	return proc_stat(pid, &st) ? st : 0;
}

bool proc_alive(pid_t pid, uint64_t start_time)
{
	uint64_t st = 0;
	char state;

	if (pid <= 0)
		return false;
	state = proc_stat(pid, &st);
	if (state == '\0' || state == 'Z' || state == 'X')
		return false;
	return start_time == 0 || st == start_time;
}

char *now_rfc3339(void)
{
	struct timespec ts;
	struct tm tm;
	char buf[64], *out = NULL;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	if (asprintf(&out, "%s.%09ldZ", buf, ts.tv_nsec) < 0)
		abort();
	return out;
}

void strv_free(char **v)
{
	if (v == NULL)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

void *xmalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (p == NULL)
		abort();
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");

	if (p == NULL)
		abort();
	return p;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if ((flag == FTW_DP ? rmdir(path) : unlink(path)) < 0 && errno != ENOENT)
		return -1;
	return 0;
}

int mkdir_p(const char *path, mode_t mode, lxr_error **err)
{
	char p[PATH_MAX];

	if (snprintf(p, sizeof(p), "%s", path) >= (int)sizeof(p))
		return lxr_error_set(err, ENAMETOOLONG, "create directory `%s`: path too long",
				     path);
	/* each parent in turn (clients such as containerd pass a --root whose
	 * parents do not exist yet), then the path itself */
	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST)
			return lxr_error_sys(err, "create directory `%s`", p);
		*s = '/';
	}
	if (mkdir(p, mode) < 0 && errno != EEXIST)
		return lxr_error_sys(err, "create directory `%s`", p);
	return 0;
}

int rm_rf(const char *dir, lxr_error **err)
{
	if (nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS) < 0 && errno != ENOENT)
		return lxr_error_sys(err, "remove `%s`", dir);
	return 0;
}

long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool path_has_dotdot(const char *p)
{
	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return true;
		p += n;
		while (*p == '/')
			p++;
	}
	return false;
}

int poll_until(int fd, short events, long long deadline)
{
	for (;;) {
		struct pollfd pfd = {.fd = fd, .events = events};
		long long left = deadline - now_ms();
		int r;

		if (left <= 0)
			return 0;
		r = poll(&pfd, 1, left > 0x7fffffff ? 0x7fffffff : (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		return r < 0 ? -1 : r > 0 ? 1 : 0;
	}
}
