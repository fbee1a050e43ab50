#include "config.h"
#include "error.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

const char *lxr_strerror(int errnum)
{
	static __thread char buf[128];
	const char *s = strerror(errnum);

	snprintf(buf, sizeof(buf), "%s", s);
	buf[0] = (char)tolower((unsigned char)buf[0]);
	return buf;
}

static int error_vset(lxr_error **err, int errnum, const char *suffix, const char *fmt, va_list ap)
{
	char *msg = NULL;
	lxr_error *e;

	if (err == NULL || *err != NULL)
		return -1;
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	if (msg != NULL && suffix != NULL) {
		char *full = NULL;

		if (asprintf(&full, "%s: %s", msg, suffix) < 0)
			full = NULL;
		free(msg);
		msg = full;
	}
	e = calloc(1, sizeof(*e));
	if (e == NULL) {
		free(msg);
		return -1;
	}
	e->errnum = errnum;
	e->msg = msg != NULL ? msg : strdup("out of memory");
	*err = e;
	return -1;
}

int lxr_error_set(lxr_error **err, int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_vset(err, errnum, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int lxr_error_sys(lxr_error **err, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	error_vset(err, saved, lxr_strerror(saved), fmt, ap);
	va_end(ap);
	errno = saved;
	return -1;
}

int lxr_error_wrap(lxr_error **err, const char *fmt, ...)
{
	char *ctx = NULL, *full = NULL;
	va_list ap;

	if (err == NULL || *err == NULL)
		return -1;
	va_start(ap, fmt);
	if (vasprintf(&ctx, fmt, ap) < 0)
		ctx = NULL;
	va_end(ap);
	if (ctx != NULL && asprintf(&full, "%s: %s", ctx, (*err)->msg) >= 0) {
		free((*err)->msg);
		(*err)->msg = full;
	}
	free(ctx);
	return -1;
}

void lxr_error_free(lxr_error **err)
{
	if (err == NULL || *err == NULL)
		return;
	free((*err)->msg);
	free(*err);
	*err = NULL;
}
