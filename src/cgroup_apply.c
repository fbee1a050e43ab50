/* Writes a cg_plan into a container's cgroup directories: create uses it for
 * the cgroup2 settings liblxc ignores on hybrid hosts, update for everything. */
#include "config.h"
#include "cgroup.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The directory a setting's file lives in; an error naming the field if the
 * container has none (e.g. created before the controller was mounted). */
static const char *setting_dir(const cg_setting *st, char *const *dirs, const char *unified,
			       lxr_error **err)
{
	const char *d = st->v2 ? unified : cgroup_v1_dir(dirs, cg_controller_name(st->ctrl, false));

	if (d == NULL)
		lxr_error_set(err, ENOENT, "%s: the container has no %s cgroup directory",
			      st->field, st->v2 ? "cgroup2" : cg_controller_name(st->ctrl, false));
	return d;
}

/* Reads a cgroup file holding one number; -1 when it cannot be read. */
static long long read_number(const char *dir, const char *file)
{
	_cleanup_free_ char *path = NULL, *text = NULL;

	if (asprintf(&path, "%s/%s", dir, file) < 0)
		abort();
	text = read_file(path, NULL, NULL);
	if (text == NULL || text[0] < '0' || text[0] > '9')
		return -1;
	return strtoll(text, NULL, 10);
}

/* checkBeforeUpdate: a memory limit below what the cgroup already uses would
 * make the kernel reclaim or OOM-kill; refuse it instead. */
static int check_usage(const cg_setting *st, const char *dir, lxr_error **err)
{
	long long usage = read_number(dir, st->v2 ? "memory.current" : "memory.usage_in_bytes");
	char *end = NULL;
	long long want = strtoll(st->value, &end, 10);

	if (!st->check_usage || usage < 0 || end == st->value || *end != '\0' || want < 0)
		return 0;
	if (usage > want)
		return lxr_error_set(err, EBUSY,
				     "%s: %lld is below the current memory usage %lld "
				     "(checkBeforeUpdate)",
				     st->field, want, usage);
	return 0;
}

static int write_setting(const cg_setting *st, const char *dir, lxr_error **err)
{
	_cleanup_free_ char *path = NULL;

	if (asprintf(&path, "%s/%s", dir, st->file) < 0)
		abort();
	if (write_file(path, st->value, err) < 0)
		return lxr_error_wrap(err, "%s = \"%s\"", st->field, st->value);
	return 0;
}

/* Index of the v1 memory+swap setting after i, or n. */
static size_t find_memsw(const cg_plan *plan, size_t i)
{
	for (size_t k = i + 1; k < plan->n; k++)
		if (!plan->v[k].v2 && strcmp(plan->v[k].file, "memory.memsw.limit_in_bytes") == 0)
			return k;
	return plan->n;
}

int cgroup_apply_plan(const cg_plan *plan, bool v2_only, bool update, char *const *dirs,
		      const char *unified, lxr_error **err)
{
	size_t done_memsw = plan->n;

	for (size_t i = 0; i < plan->n; i++) {
		const cg_setting *st = &plan->v[i];
		const char *dir;

		if ((v2_only && !st->v2) || i == done_memsw)
			continue;
		dir = setting_dir(st, dirs, unified, err);
		if (dir == NULL || (update && check_usage(st, dir, err) < 0))
			return -1;
		/* v1 keeps limit <= memory+swap at every write: raising both needs
		 * memory+swap first, lowering both the limit first (runc's order) */
		if (update && !st->v2 && strcmp(st->file, "memory.limit_in_bytes") == 0) {
			size_t k = find_memsw(plan, i);
			long long cur = read_number(dir, "memory.limit_in_bytes");

			if (k < plan->n &&
			    (strcmp(plan->v[k].value, "-1") == 0 ||
			     (cur >= 0 && cur < strtoll(plan->v[k].value, NULL, 10)))) {
				if (write_setting(&plan->v[k], dir, err) < 0)
					return -1;
				done_memsw = k;
			}
		}
		if (write_setting(st, dir, err) < 0)
			return -1;
	}
	return 0;
}
