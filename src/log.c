#include "config.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int log_fd = STDERR_FILENO;
static char *log_file;
static bool log_is_json;
static bool log_debug;

static const char *level_name(enum lxr_log_level l)
{
	switch (l) {
	case LXR_LOG_DEBUG:
		return "debug";
	case LXR_LOG_INFO:
		return "info";
	case LXR_LOG_WARN:
		return "warning";
	default:
		return "error";
	}
}

int lxr_log_open(const char *path, const char *format, bool debug, lxr_error **err)
{
	if (format != NULL && strcmp(format, "json") != 0 && strcmp(format, "text") != 0)
		return lxr_error_set(err, EINVAL,
				     "--log-format: unknown format `%s` (text or json)", format);
	log_is_json = format != NULL && strcmp(format, "json") == 0;
	log_debug = debug;
	if (path != NULL && *path != '\0') {
		/* O_APPEND: several lxcrun invocations (create, start, ...) share one file. */
		int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);

		if (fd < 0)
			return lxr_error_sys(err, "open log file `%s`", path);
		log_fd = fd;
		free(log_file);
		log_file = xstrdup(path);
	}
	return 0;
}

static void log_write(enum lxr_log_level level, const char *msg, int fd)
{
	strbuf sb = {0};

	if (log_is_json && fd == log_fd) {
		_cleanup_free_ char *t = now_rfc3339();

		sb_add(&sb, "{\"level\":");
		sb_add_json_str(&sb, level_name(level));
		sb_add(&sb, ",\"msg\":");
		sb_add_json_str(&sb, msg);
		sb_add(&sb, ",\"time\":");
		sb_add_json_str(&sb, t);
		sb_add(&sb, "}\n");
	} else if (fd == log_fd && log_file != NULL) {
		_cleanup_free_ char *t = now_rfc3339();

		sb_addf(&sb, "time=\"%s\" level=%s msg=", t, level_name(level));
		sb_add_json_str(&sb, msg);
		sb_add(&sb, "\n");
	} else {
		sb_addf(&sb, "lxcrun: %s\n", msg);
	}
	/* one write() per line keeps lines whole when processes share the file */
	if (write(fd, sb.buf, sb.len) < 0) {
		/* nowhere left to report a failing log */
	}
	sb_free(&sb);
}

void lxr_log(enum lxr_log_level level, const char *fmt, ...)
{
	char *msg = NULL;
	va_list ap;

	if (level == LXR_LOG_DEBUG && !log_debug)
		return;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (msg == NULL)
		return;
	log_write(level, msg, log_fd);
	free(msg);
}

void lxr_log_fatal(const lxr_error *err)
{
	const char *msg = err && err->msg ? err->msg : "unknown error";

	log_write(LXR_LOG_ERROR, msg, log_fd);
	if (log_fd != STDERR_FILENO)
		log_write(LXR_LOG_ERROR, msg, STDERR_FILENO);
}

const char *lxr_log_path(void)
{
	return log_file;
}

bool lxr_log_json(void)
{
	return log_is_json;
}
