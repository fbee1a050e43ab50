/* libFuzzer target: the small parsers of command-line input: signal names
 * (`kill`), container ids, and cgroupsPath resolution. */
#include "config.h"
#include "cgroup.h"
#include "signals.h"
#include "state.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* True when a path component is exactly ".." (a name like "..b" is fine). */
static bool climbs(const char *p)
{
	for (const char *c = p; *c;) {
		size_t n = strcspn(c, "/");

		if (n == 2 && c[0] == '.' && c[1] == '.')
			return true;
		c += n;
		c += *c == '/';
	}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	lxr_error *err = NULL;
	char *path = NULL;
	bool rel = false;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	(void)signal_parse(s);
	(void)state_validate_id(s, &err);
	lxr_error_free(&err);
	for (int systemd = 0; systemd < 2; systemd++) {
		if (cgroup_resolve_path(s, "id", systemd, &path, &rel, &err) == 0 &&
		    (path == NULL || climbs(path)))
			abort(); /* resolved paths never climb */
		free(path);
		path = NULL;
		lxr_error_free(&err);
	}
	free(s);
	return 0;
}
