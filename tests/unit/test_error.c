/* The error model: set, sys, wrap, free. */
#include "config.h"
#include "error.h"
#include "tap.h"

#include <errno.h>

int main(void)
{
	lxr_error *err = NULL;

	ok(lxr_error_set(&err, EINVAL, "bad %s", "thing") == -1, "set returns -1");
	is_str(err->msg, "bad thing", "set formats the message");
	ok(err->errnum == EINVAL, "set keeps errnum");
	lxr_error_wrap(&err, "create `%s`", "c1");
	is_str(err->msg, "create `c1`: bad thing", "wrap prefixes context");
	lxr_error_set(&err, EPERM, "ignored");
	is_str(err->msg, "create `c1`: bad thing", "set does not overwrite an existing error");
	lxr_error_free(&err);
	ok(err == NULL, "free clears the pointer");
	lxr_error_free(&err);
	ok(1, "free twice is safe");

	errno = ENOENT;
	lxr_error_sys(&err, "open `%s`", "/x");
	is_str(err->msg, "open `/x`: no such file or directory",
	       "sys appends the lowercase strerror callers match on");
	ok(err->errnum == ENOENT, "sys keeps errno");
	lxr_error_free(&err);

	errno = EACCES;
	lxr_error_sys(&err, "exec");
	is_str(err->msg, "exec: permission denied", "permission denied for EACCES");
	lxr_error_free(&err);

	ok(lxr_error_set(NULL, 1, "x") == -1, "a NULL error pointer is tolerated");
	ok(lxr_error_wrap(&err, "ctx") == -1 && err == NULL, "wrap of no error does nothing");
	return tap_done();
}
