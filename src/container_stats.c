/* Stats in runc's shape from cgroup files. Each section prefers its v1 controller
 * (the hybrid host keeps cpu, memory, pids and blkio there) and falls back to the
 * cgroup2 files; fields whose file is missing are left out, never an error. JSON
 * keys follow runc's types/events.go, including which zero values it omits. */
#include "config.h"
#include "cgroup.h"
#include "container_stats.h"
#include "util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cpuacct.stat counts in USER_HZ, which the kernel ABI fixes at 100 */
#define USER_HZ 100

#define KB_PER_GB UINT64_C(1048576)

bool stats_parse_u64(const char *text, uint64_t max_value, uint64_t *v)
{
	char *end;

	if (text == NULL)
		return false;
	while (isspace((unsigned char)*text))
		text++;
	if (strncmp(text, "max", 3) == 0 && (text[3] == '\0' || isspace((unsigned char)text[3]))) {
		*v = max_value;
		return true;
	}
	if (!isdigit((unsigned char)*text))
		return false;
	errno = 0;
	*v = strtoull(text, &end, 10);
	return errno == 0 && (*end == '\0' || isspace((unsigned char)*end));
}

bool stats_keyed(const char *text, const char *key, uint64_t *v)
{
	size_t kl = strlen(key);

	for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
		if (strncmp(l, key, kl) == 0 && l[kl] == ' ')
			return stats_parse_u64(l + kl + 1, UINT64_MAX, v);
	return false;
}

void stats_hugepage_name(uint64_t kb, char *buf, unsigned len)
{
	if (kb >= KB_PER_GB && kb % KB_PER_GB == 0)
		snprintf(buf, len, "%" PRIu64 "GB", kb / KB_PER_GB);
	else if (kb >= 1024 && kb % 1024 == 0)
		snprintf(buf, len, "%" PRIu64 "MB", kb / 1024);
	else
		snprintf(buf, len, "%" PRIu64 "KB", kb);
}

int stats_parse_duration(const char *s, uint64_t *ns, lxr_error **err)
{
	static const struct {
		const char *name;
		uint64_t ns;
	} units[] = {
	    {"ns", 1},	     {"us", 1000},	   {"\xc2\xb5s", 1000},	  {"\xce\xbcs", 1000},
	    {"ms", 1000000}, {"s", 1000000000ULL}, {"m", 60000000000ULL}, {"h", 3600000000000ULL}};
	const char *p = s;
	long double total = 0;

	if (*p == '+')
		p++;
	if (*p == '\0' || *p == '-')
		goto bad;
	while (*p) {
		long double n = 0, scale = 1;
		bool digits = false;
		size_t u;

		for (; isdigit((unsigned char)*p); p++, digits = true)
			n = n * 10 + (*p - '0');
		if (*p == '.')
			for (p++; isdigit((unsigned char)*p); p++, digits = true)
				n += (*p - '0') * (scale /= 10);
		if (!digits)
			goto bad;
		for (u = 0; u < sizeof(units) / sizeof(units[0]); u++)
			if (strncmp(p, units[u].name, strlen(units[u].name)) == 0)
				break;
		if (u == sizeof(units) / sizeof(units[0])) {
			/* Go accepts a bare "0" only */
			if (*p == '\0' && n == 0 && p - s == 1)
				break;
			goto bad;
		}
		total += n * units[u].ns;
		p += strlen(units[u].name);
	}
	if (total < 1 || total > (long double)INT64_MAX)
		return lxr_error_set(err, EINVAL, "duration `%s` must be greater than 0 (and sane)",
				     s);
	*ns = (uint64_t)total;
	return 0;
bad:
	return lxr_error_set(
	    err, EINVAL, "`%s` is not a duration (a number with a unit: ns, us, ms, s, m, h)", s);
}

/* ---- JSON helpers: runc's omitempty drops a zero number ---- */

static void key(strbuf *sb, bool *first, const char *k)
{
	if (!*first)
		sb_add(sb, ",");
	*first = false;
	sb_add_json_str(sb, k);
	sb_add(sb, ":");
}

static void num(strbuf *sb, bool *first, const char *k, uint64_t v, bool omitempty)
{
	if (omitempty && v == 0)
		return;
	key(sb, first, k);
	sb_addf(sb, "%" PRIu64, v);
}

static char *rd(const stats_source *src, const char *ctrl, const char *name)
{
	return src->read(src->ctx, ctrl, name);
}

static bool rd_u64(const stats_source *src, const char *ctrl, const char *name, uint64_t maxv,
		   uint64_t *v)
{
	_cleanup_free_ char *t = rd(src, ctrl, name);

	return stats_parse_u64(t, maxv, v);
}

static bool rd_keyed(const stats_source *src, const char *ctrl, const char *name, const char *k,
		     uint64_t *v)
{
	_cleanup_free_ char *t = rd(src, ctrl, name);

	return t && stats_keyed(t, k, v);
}

/* ---- cpu ---- */

static void render_cpu(const stats_source *src, strbuf *sb)
{
	strbuf u = {0}, t = {0};
	bool fu = true, ft = true;
	uint64_t v;
	_cleanup_free_ char *stat = NULL;

	if (rd_u64(src, "cpuacct", "cpuacct.usage", 0, &v)) {
		_cleanup_free_ char *percpu = rd(src, "cpuacct", "cpuacct.usage_percpu");
		_cleanup_free_ char *cstat = rd(src, "cpuacct", "cpuacct.stat");
		uint64_t k = 0, us = 0;

		num(&u, &fu, "total", v, true);
		if (percpu && strspn(percpu, " \n") < strlen(percpu)) {
			char *p = percpu, *end;
			bool fa = true;

			key(&u, &fu, "percpu");
			sb_add(&u, "[");
			for (uint64_t c = strtoull(p, &end, 10); end != p;
			     p = end, c = strtoull(p, &end, 10)) {
				sb_addf(&u, "%s%" PRIu64, fa ? "" : ",", c);
				fa = false;
			}
			sb_add(&u, "]");
		}
		if (cstat && stats_keyed(cstat, "system", &k) && stats_keyed(cstat, "user", &us)) {
			num(&u, &fu, "kernel", k * (1000000000ULL / USER_HZ), false);
			num(&u, &fu, "user", us * (1000000000ULL / USER_HZ), false);
		}
		stat = rd(src, "cpu", "cpu.stat");
		if (stat && stats_keyed(stat, "nr_periods", &v)) {
			num(&t, &ft, "periods", v, true);
			if (stats_keyed(stat, "nr_throttled", &v))
				num(&t, &ft, "throttledPeriods", v, true);
			if (stats_keyed(stat, "throttled_time", &v))
				num(&t, &ft, "throttledTime", v, true);
		}
	} else if ((stat = rd(src, "", "cpu.stat")) != NULL) {
		/* cgroup2 counts microseconds; runc reports nanoseconds */
		if (stats_keyed(stat, "usage_usec", &v))
			num(&u, &fu, "total", v * 1000, true);
		if (stats_keyed(stat, "system_usec", &v))
			num(&u, &fu, "kernel", v * 1000, false);
		if (stats_keyed(stat, "user_usec", &v))
			num(&u, &fu, "user", v * 1000, false);
		if (stats_keyed(stat, "nr_periods", &v))
			num(&t, &ft, "periods", v, true);
		if (stats_keyed(stat, "nr_throttled", &v))
			num(&t, &ft, "throttledPeriods", v, true);
		if (stats_keyed(stat, "throttled_usec", &v))
			num(&t, &ft, "throttledTime", v * 1000, true);
	}
	sb_addf(sb, "\"cpu\":{\"usage\":{%s},\"throttling\":{%s}}", u.buf ? u.buf : "",
		t.buf ? t.buf : "");
	sb_free(&u);
	sb_free(&t);
}

/* ---- memory ---- */

/* One v1 MemoryEntry from prefix.{usage_in_bytes,limit_in_bytes,max_usage_in_bytes,failcnt}. */
static void mem_entry_v1(const stats_source *src, strbuf *sb, bool *first, const char *name,
			 const char *prefix)
{
	char f[64];
	uint64_t usage, v;
	bool fe = true;

	snprintf(f, sizeof(f), "%s.usage_in_bytes", prefix);
	if (!rd_u64(src, "memory", f, UINT64_MAX, &usage))
		return;
	key(sb, first, name);
	sb_add(sb, "{");
	snprintf(f, sizeof(f), "%s.limit_in_bytes", prefix);
	num(sb, &fe, "limit", rd_u64(src, "memory", f, UINT64_MAX, &v) ? v : 0, false);
	num(sb, &fe, "usage", usage, true);
	snprintf(f, sizeof(f), "%s.max_usage_in_bytes", prefix);
	if (rd_u64(src, "memory", f, UINT64_MAX, &v))
		num(sb, &fe, "max", v, true);
	snprintf(f, sizeof(f), "%s.failcnt", prefix);
	num(sb, &fe, "failcnt", rd_u64(src, "memory", f, UINT64_MAX, &v) ? v : 0, false);
	sb_add(sb, "}");
}

static void mem_raw(strbuf *sb, bool *first, const char *stat)
{
	bool fr = true;

	key(sb, first, "raw");
	sb_add(sb, "{");
	for (const char *l = stat; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		const char *sp = strchr(l, ' '), *nl = strchr(l, '\n');
		uint64_t v;
		char k[128];

		if (sp == NULL || (nl && sp > nl) || (size_t)(sp - l) >= sizeof(k) ||
		    !stats_parse_u64(sp + 1, UINT64_MAX, &v))
			continue;
		memcpy(k, l, (size_t)(sp - l));
		k[sp - l] = '\0';
		num(sb, &fr, k, v, false);
	}
	sb_add(sb, "}");
}

static void render_memory(const stats_source *src, strbuf *sb)
{
	bool first = true;
	uint64_t v;

	sb_add(sb, "\"memory\":{");
	if (rd_u64(src, "memory", "memory.usage_in_bytes", UINT64_MAX, &v)) {
		_cleanup_free_ char *stat = rd(src, "memory", "memory.stat");

		if (stat && stats_keyed(stat, "cache", &v))
			num(sb, &first, "cache", v, true);
		mem_entry_v1(src, sb, &first, "usage", "memory");
		mem_entry_v1(src, sb, &first, "swap", "memory.memsw");
		mem_entry_v1(src, sb, &first, "kernel", "memory.kmem");
		mem_entry_v1(src, sb, &first, "kernelTCP", "memory.kmem.tcp");
		if (stat)
			mem_raw(sb, &first, stat);
	} else if (rd_u64(src, "", "memory.current", UINT64_MAX, &v)) {
		_cleanup_free_ char *stat = rd(src, "", "memory.stat");
		uint64_t usage = v, limit = 0, swap;
		bool fe = true;

		if (stat && stats_keyed(stat, "file", &v))
			num(sb, &first, "cache", v, true);
		key(sb, &first, "usage");
		sb_add(sb, "{");
		rd_u64(src, "", "memory.max", UINT64_MAX, &limit);
		num(sb, &fe, "limit", limit, false);
		num(sb, &fe, "usage", usage, true);
		if (rd_u64(src, "", "memory.peak", UINT64_MAX, &v))
			num(sb, &fe, "max", v, true);
		num(sb, &fe, "failcnt", rd_keyed(src, "", "memory.events", "max", &v) ? v : 0,
		    false);
		sb_add(sb, "}");
		/* runc reports swap as memory+swap, the v1 memsw meaning */
		if (rd_u64(src, "", "memory.swap.current", UINT64_MAX, &swap)) {
			fe = true;
			key(sb, &first, "swap");
			sb_add(sb, "{");
			if (!rd_u64(src, "", "memory.swap.max", UINT64_MAX, &v))
				v = 0;
			num(sb, &fe, "limit",
			    v == UINT64_MAX || limit == UINT64_MAX ? UINT64_MAX : v + limit, false);
			num(sb, &fe, "usage", swap + usage, true);
			num(sb, &fe, "failcnt",
			    rd_keyed(src, "", "memory.swap.events", "max", &v) ? v : 0, false);
			sb_add(sb, "}");
		}
		if (stat)
			mem_raw(sb, &first, stat);
	}
	sb_add(sb, "}");
}

/* ---- pids ---- */

static void render_pids(const stats_source *src, strbuf *sb)
{
	const char *ctrl = "pids";
	bool first = true;
	uint64_t v;

	sb_add(sb, "\"pids\":{");
	if (!rd_u64(src, ctrl, "pids.current", 0, &v))
		ctrl = "";
	if (rd_u64(src, ctrl, "pids.current", 0, &v)) {
		num(sb, &first, "current", v, true);
		/* "max" (no limit) is 0 for runc */
		if (rd_u64(src, ctrl, "pids.max", 0, &v))
			num(sb, &first, "limit", v, true);
	}
	sb_add(sb, "}");
}

/* ---- blkio ---- */

static void blk_entry(strbuf *sb, bool *fa, uint64_t maj, uint64_t min, const char *op, uint64_t v)
{
	bool fe = true;

	sb_add(sb, *fa ? "{" : ",{");
	*fa = false;
	num(sb, &fe, "major", maj, true);
	num(sb, &fe, "minor", min, true);
	if (op && *op) {
		key(sb, &fe, "op");
		sb_add_json_str(sb, op);
	}
	num(sb, &fe, "value", v, true);
	sb_add(sb, "}");
}

/* A v1 blkio list ("8:0 Read 4096" lines, "Total N" skipped) as a JSON array; false if
 * it has no entry. */
static bool blk_list_v1(strbuf *out, const char *text)
{
	bool fa = true;

	for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		unsigned long long maj, min, v;
		char line[128], op[32] = "";
		size_t n = strcspn(l, "\n");

		/* one line at a time: sscanf would read on across the newline */
		if (n >= sizeof(line))
			continue;
		memcpy(line, l, n);
		line[n] = '\0';
		if (sscanf(line, "%llu:%llu %31s %llu", &maj, &min, op, &v) == 4 ||
		    (op[0] = '\0', sscanf(line, "%llu:%llu %llu", &maj, &min, &v) == 3))
			blk_entry(out, &fa, maj, min, op, v);
	}
	return !fa;
}

static void blk_v1(const stats_source *src, strbuf *sb, bool *first, const char *name,
		   const char *const *files)
{
	for (; *files; files++) {
		_cleanup_free_ char *t = rd(src, "blkio", *files);
		strbuf arr = {0};

		if (t && blk_list_v1(&arr, t)) {
			key(sb, first, name);
			sb_addf(sb, "[%s]", arr.buf);
			sb_free(&arr);
			return;
		}
		sb_free(&arr);
	}
}

/* io.stat's "8:0 rbytes=1 wbytes=2 rios=3 ..." as one array for the keys in keys/ops. */
static void blk_v2(strbuf *sb, bool *first, const char *name, const char *text,
		   const char *const keys[3])
{
	static const char *const ops[3] = {"Read", "Write", "Discard"};
	strbuf arr = {0};
	bool fa = true;

	for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		unsigned long long maj, min;
		const char *nl = strchr(l, '\n');
		int n = 0;

		if (sscanf(l, "%llu:%llu%n", &maj, &min, &n) != 2)
			continue;
		for (int k = 0; k < 3; k++) {
			char pat[16];
			const char *at;
			uint64_t v;

			snprintf(pat, sizeof(pat), " %s=", keys[k]);
			at = strstr(l + n, pat);
			if (at && (nl == NULL || at < nl) &&
			    stats_parse_u64(at + strlen(pat), 0, &v))
				blk_entry(&arr, &fa, maj, min, ops[k], v);
		}
	}
	if (!fa) {
		key(sb, first, name);
		sb_addf(sb, "[%s]", arr.buf);
	}
	sb_free(&arr);
}

static void render_blkio(const stats_source *src, strbuf *sb)
{
	static const char *const bytes[] = {"blkio.io_service_bytes_recursive",
					    "blkio.bfq.io_service_bytes_recursive",
					    "blkio.throttle.io_service_bytes_recursive", NULL};
	static const char *const ios[] = {"blkio.io_serviced_recursive",
					  "blkio.bfq.io_serviced_recursive",
					  "blkio.throttle.io_serviced_recursive", NULL};
	static const char *const v2_bytes[3] = {"rbytes", "wbytes", "dbytes"};
	static const char *const v2_ios[3] = {"rios", "wios", "dios"};
	bool first = true;
	_cleanup_free_ char *iostat = NULL;

	sb_add(sb, "\"blkio\":{");
	blk_v1(src, sb, &first, "ioServiceBytesRecursive", bytes);
	blk_v1(src, sb, &first, "ioServicedRecursive", ios);
	if (first && (iostat = rd(src, "", "io.stat")) != NULL) {
		blk_v2(sb, &first, "ioServiceBytesRecursive", iostat, v2_bytes);
		blk_v2(sb, &first, "ioServicedRecursive", iostat, v2_ios);
	}
	sb_add(sb, "}");
}

/* ---- hugetlb ---- */

static void render_hugetlb(const stats_source *src, strbuf *sb)
{
	bool first = true;

	sb_add(sb, "\"hugetlb\":{");
	for (const char *const *s = src->hugepage_sizes; s && *s; s++) {
		char f[96];
		uint64_t v;
		bool fe = true;

		snprintf(f, sizeof(f), "hugetlb.%s.usage_in_bytes", *s);
		if (rd_u64(src, "hugetlb", f, UINT64_MAX, &v)) {
			key(sb, &first, *s);
			sb_add(sb, "{");
			num(sb, &fe, "usage", v, true);
			snprintf(f, sizeof(f), "hugetlb.%s.max_usage_in_bytes", *s);
			if (rd_u64(src, "hugetlb", f, UINT64_MAX, &v))
				num(sb, &fe, "max", v, true);
			snprintf(f, sizeof(f), "hugetlb.%s.failcnt", *s);
			num(sb, &fe, "failcnt", rd_u64(src, "hugetlb", f, UINT64_MAX, &v) ? v : 0,
			    false);
			sb_add(sb, "}");
			continue;
		}
		snprintf(f, sizeof(f), "hugetlb.%s.current", *s);
		if (!rd_u64(src, "", f, UINT64_MAX, &v))
			continue;
		key(sb, &first, *s);
		sb_add(sb, "{");
		num(sb, &fe, "usage", v, true);
		snprintf(f, sizeof(f), "hugetlb.%s.events", *s);
		num(sb, &fe, "failcnt", rd_keyed(src, "", f, "max", &v) ? v : 0, false);
		sb_add(sb, "}");
	}
	sb_add(sb, "}");
}

char *stats_render(const stats_source *src)
{
	strbuf sb = {0};

	sb_add(&sb, "{");
	render_cpu(src, &sb);
	sb_add(&sb, ",");
	render_memory(src, &sb);
	sb_add(&sb, ",");
	render_pids(src, &sb);
	sb_add(&sb, ",");
	render_blkio(src, &sb);
	sb_add(&sb, ",");
	render_hugetlb(src, &sb);
	sb_add(&sb, "}");
	return sb_take(&sb);
}

char *stats_event_json(const char *type, const char *id, const char *data)
{
	strbuf sb = {0};

	sb_add(&sb, "{\"type\":");
	sb_add_json_str(&sb, type);
	sb_add(&sb, ",\"id\":");
	sb_add_json_str(&sb, id);
	if (data) {
		sb_add(&sb, ",\"data\":");
		sb_add(&sb, data);
	}
	sb_add(&sb, "}");
	return sb_take(&sb);
}

/* ---- reading the real files ---- */

static const char *const v1_ctrls[] = {"cpuacct", "cpu", "memory", "pids", "blkio", "hugetlb"};
#define N_CTRLS (sizeof(v1_ctrls) / sizeof(v1_ctrls[0]))

typedef struct {
	const char *dir[N_CTRLS];
	const char *unified;
} cg_files;

static char *read_cg(void *ctx, const char *ctrl, const char *name)
{
	const cg_files *c = ctx;
	const char *dir = NULL;
	char path[4096];

	if (*ctrl == '\0')
		dir = c->unified;
	for (size_t i = 0; dir == NULL && *ctrl && i < N_CTRLS; i++)
		if (strcmp(ctrl, v1_ctrls[i]) == 0)
			dir = c->dir[i];
	if (dir == NULL || (size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return NULL;
	return read_file(path, NULL, NULL);
}

/* The huge page sizes of this kernel in runc's names (NULL-terminated; caller frees). */
static char **hugepage_sizes(void)
{
	DIR *d = opendir("/sys/kernel/mm/hugepages");
	struct dirent *e;
	char **v = xmalloc(sizeof(char *));
	size_t n = 0;

	while (d && (e = readdir(d)) != NULL) {
		unsigned long long kb;
		char name[32];

		if (sscanf(e->d_name, "hugepages-%llukB", &kb) != 1)
			continue;
		stats_hugepage_name(kb, name, sizeof(name));
		v = realloc(v, (n + 2) * sizeof(char *));
		if (v == NULL)
			abort();
		v[n++] = xstrdup(name);
	}
	v[n] = NULL;
	if (d)
		closedir(d);
	return v;
}

char *stats_read_cgroups(char *const *dirs, const char *unified)
{
	cg_files c = {.unified = unified};
	char **sizes = hugepage_sizes();
	stats_source src = {
	    .read = read_cg, .ctx = &c, .hugepage_sizes = (const char *const *)sizes};
	char *out;

	for (size_t i = 0; i < N_CTRLS; i++)
		c.dir[i] = cgroup_v1_dir(dirs, v1_ctrls[i]);
	out = stats_render(&src);
	strv_free(sizes);
	return out;
}
