/* `events`: a container's resource usage in runc's stats shape (types/events.go),
 * read from its cgroup files (v1 controllers and/or cgroup2), and the pieces of
 * the event stream. The parsers and the renderer are pure: they get file
 * contents through a stats_source, so unit tests feed them sample files. */
#ifndef LXCRUN_CONTAINER_STATS_H
#define LXCRUN_CONTAINER_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

typedef struct {
	/* Contents of file `name` in the directory of v1 controller ctrl, or of the
	 * cgroup2 directory when ctrl is ""; NULL when absent. The caller frees it. */
	char *(*read)(void *ctx, const char *ctrl, const char *name);
	void *ctx;
	const char *const *hugepage_sizes; /* runc's names ("2MB", "1GB"), NULL-terminated */
} stats_source;

/* Parses a single unsigned value (a cgroup file such as pids.current); "max" gives
 * max_value. False when text is not a number. */
bool stats_parse_u64(const char *text, uint64_t max_value, uint64_t *v);

/* Finds `key value` among the lines of a flat keyed file (cpu.stat, memory.stat,
 * memory.events, memory.oom_control); false when the key is absent. */
bool stats_keyed(const char *text, const char *key, uint64_t *v);

/* runc's name of a huge page size given in kB: 2048 -> "2MB", 1048576 -> "1GB". */
void stats_hugepage_name(uint64_t kb, char *buf, unsigned len);

/* Parses a Go duration ("5s", "200ms", "1m30s", "1.5h"; units ns us µs ms s m h) into
 * nanoseconds; zero or negative durations are errors. */
int stats_parse_duration(const char *s, uint64_t *ns, lxr_error **err);

/* Renders the stats object (runc's "data" of a stats event) from what src reads;
 * files src lacks leave their fields out. Pure given src; the caller frees. */
char *stats_render(const stats_source *src);

/* An event line (no newline): {"type":type,"id":id} plus "data" when data is non-NULL. */
char *stats_event_json(const char *type, const char *id, const char *data);

/* Renders the stats of the container whose cgroup directories are dirs (with unified
 * the cgroup2 one, or NULL), reading the files now; the caller frees. */
char *stats_read_cgroups(char *const *dirs, const char *unified);

#endif
