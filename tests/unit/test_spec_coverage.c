/* doc/spec-coverage.md lists every config.json path the parser knows (the field
 * tables and the fields refused by name), and nothing else. */
#include "config.h"
#include "spec.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *doc;
static size_t n_paths;

static char *read_doc(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0;

	if (f == NULL)
		return NULL;
	if (getdelim(&buf, &len, '\0', f) < 0) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* A row of the table starts with "| `<path>` |". */
static bool has_row(const char *path)
{
	char row[600];

	snprintf(row, sizeof(row), "\n| `%s` |", path);
	return strstr(doc, row) != NULL;
}

static void check_path(const char *path, const char *why, void *ctx)
{
	(void)ctx;
	n_paths++;
	ok(has_row(path), "doc/spec-coverage.md lists %s%s%s", path, why ? ": " : "",
	   why ? why : "");
}

struct known {
	const char *path;
	bool found;
};

static void find_path(const char *path, const char *why, void *ctx)
{
	struct known *k = ctx;

	(void)why;
	k->found = k->found || strcmp(path, k->path) == 0;
}

/* Every row names a path the parser knows: the doc does not describe fields lxcrun
 * has never heard of. */
static void check_rows(void)
{
	size_t rows = 0, unknown = 0;

	for (const char *r = strstr(doc, "\n| `"); r != NULL; r = strstr(r + 1, "\n| `")) {
		const char *start = r + 4, *end = strchr(start, '`');
		char path[512];
		struct known k = {path, false};

		if (end == NULL || (size_t)(end - start) >= sizeof(path))
			break;
		memcpy(path, start, (size_t)(end - start));
		path[end - start] = '\0';
		spec_schema_walk(find_path, &k);
		rows++;
		if (!k.found) {
			unknown++;
			printf("# doc/spec-coverage.md: %s is not a path the parser knows\n", path);
		}
	}
	ok(unknown == 0 && rows == n_paths, "every row is a known path, once (%zu rows, %zu paths)",
	   rows, n_paths);
}

int main(void)
{
	doc = read_doc(SRC_DIR "/doc/spec-coverage.md");
	ok(doc != NULL, "read " SRC_DIR "/doc/spec-coverage.md");
	if (doc == NULL)
		return tap_done();
	spec_schema_walk(check_path, NULL);
	ok(n_paths > 150, "the walk sees the whole schema (%zu paths)", n_paths);
	check_rows();
	free(doc);
	return tap_done();
}
