/* Questions about a parsed mount that the translation, the init parameters and
 * create all ask. Pure. */
#include "config.h"
#include "spec.h"

#include <string.h>

bool spec_mount_has_option(const spec_mount *m, const char *opt)
{
	for (size_t i = 0; i < m->n_options; i++)
		if (strcmp(m->options[i], opt) == 0)
			return true;
	return false;
}

bool spec_mount_is_bind(const spec_mount *m)
{
	return spec_mount_has_option(m, "bind") || spec_mount_has_option(m, "rbind") ||
	       (m->type != NULL && strcmp(m->type, "bind") == 0);
}

bool spec_mount_at(const spec_mount *m, const char *rel)
{
	const char *d = m->destination;
	size_t n = strlen(rel);

	while (*d == '/')
		d++;
	return strncmp(d, rel, n) == 0 && (d[n] == '\0' || (d[n] == '/' && d[n + 1] == '\0'));
}
