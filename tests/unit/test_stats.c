/* Stats parsing and rendering (src/container_stats.c) fed with sample cgroup
 * file contents, as a v1 (hybrid) host and a cgroup2 host write them. */
#include "config.h"
#include "container_stats.h"
#include "tap.h"
#include "util.h"

#include <stdlib.h>

typedef struct {
	const char *ctrl, *name, *text;
} sample;

static char *read_sample(void *ctx, const char *ctrl, const char *name)
{
	for (const sample *s = ctx; s->name; s++)
		if (strcmp(s->ctrl, ctrl) == 0 && strcmp(s->name, name) == 0)
			return xstrdup(s->text);
	return NULL;
}

static const char *const sizes[] = {"2MB", "1GB", NULL};

static void check_render(const sample *files, const char *want, const char *what)
{
	stats_source src = {.read = read_sample, .ctx = (void *)files, .hugepage_sizes = sizes};
	char *got = stats_render(&src);

	is_str(got, want, "%s", what);
	free(got);
}

static const sample v1[] = {
    {"cpuacct", "cpuacct.usage", "123456789\n"},
    {"cpuacct", "cpuacct.usage_percpu", "100 200 \n"},
    {"cpuacct", "cpuacct.stat", "user 3\nsystem 2\n"},
    {"cpu", "cpu.stat", "nr_periods 10\nnr_throttled 4\nthrottled_time 5000\n"},
    {"memory", "memory.usage_in_bytes", "4096\n"},
    {"memory", "memory.limit_in_bytes", "33554432\n"},
    {"memory", "memory.max_usage_in_bytes", "8192\n"},
    {"memory", "memory.failcnt", "7\n"},
    {"memory", "memory.memsw.usage_in_bytes", "4096\n"},
    {"memory", "memory.memsw.limit_in_bytes", "9223372036854771712\n"},
    {"memory", "memory.memsw.failcnt", "0\n"},
    {"memory", "memory.stat", "cache 1024\nrss 2048\nbad line\n"},
    {"pids", "pids.current", "3\n"},
    {"pids", "pids.max", "max\n"},
    {"blkio", "blkio.throttle.io_service_bytes_recursive",
     "8:0 Read 4096\n8:0 Write 0\n8:0 Total 4096\nTotal 4096\n"},
    {"blkio", "blkio.throttle.io_serviced_recursive", "Total 0\n"},
    {"", "hugetlb.2MB.current", "0\n"},
    {"", "hugetlb.2MB.events", "max 1\n"},
    {NULL, NULL, NULL},
};

static const sample v2[] = {
    {"", "cpu.stat",
     "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\nnr_periods 0\nnr_throttled 0\n"
     "throttled_usec 0\n"},
    {"", "memory.current", "8192\n"},
    {"", "memory.max", "max\n"},
    {"", "memory.events", "low 0\nhigh 0\nmax 2\noom 1\noom_kill 1\n"},
    {"", "memory.swap.current", "0\n"},
    {"", "memory.swap.max", "0\n"},
    {"", "memory.stat", "anon 4096\nfile 100\n"},
    {"", "pids.current", "1\n"},
    {"", "pids.max", "64\n"},
    {"", "io.stat", "8:0 rbytes=512 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n"},
    {NULL, NULL, NULL},
};

/* the emulated v2 host: core files only */
static const sample bare[] = {
    {"", "cpu.stat", "usage_usec 7\nuser_usec 4\nsystem_usec 3\n"},
    {NULL, NULL, NULL},
};

static void check_duration(const char *s, uint64_t want)
{
	uint64_t ns = 0;
	lxr_error *err = NULL;
	int r = stats_parse_duration(s, &ns, &err);

	if (want)
		ok(r == 0 && ns == want, "duration %s = %llu ns (got %llu%s%s)", s,
		   (unsigned long long)want, (unsigned long long)ns, err ? ": " : "",
		   err ? err->msg : "");
	else
		ok(r < 0 && err && err->msg, "duration \"%s\" is refused (%s)", s,
		   err ? err->msg : "accepted");
	lxr_error_free(&err);
}

int main(void)
{
	uint64_t v = 0;
	char name[16];
	char *line;

	ok(stats_parse_u64("42\n", 0, &v) && v == 42, "plain value");
	ok(stats_parse_u64("max\n", 9, &v) && v == 9, "max gives the caller's value");
	ok(!stats_parse_u64("", 0, &v), "empty is no value");
	ok(!stats_parse_u64("12abc", 0, &v), "trailing junk is no value");
	ok(!stats_parse_u64(NULL, 0, &v), "missing file is no value");
	ok(stats_keyed("oom 3\noom_kill 2\n", "oom_kill", &v) && v == 2, "keyed: oom_kill");
	ok(stats_keyed("oom_kill 2\noom 3\n", "oom", &v) && v == 3, "keyed: prefix is not a match");
	ok(!stats_keyed("oom_kill_disable 0\n", "oom_kill", &v), "keyed: absent key");

	stats_hugepage_name(2048, name, sizeof(name));
	is_str(name, "2MB", "2048 kB pages");
	stats_hugepage_name(1048576, name, sizeof(name));
	is_str(name, "1GB", "1048576 kB pages");
	stats_hugepage_name(64, name, sizeof(name));
	is_str(name, "64KB", "64 kB pages");

	check_duration("5s", 5000000000ULL);
	check_duration("200ms", 200000000ULL);
	check_duration("2m", 120000000000ULL);
	check_duration("1m30s", 90000000000ULL);
	check_duration("1.5h", 5400000000000ULL);
	check_duration("500us", 500000ULL);
	check_duration("10ns", 10);
	check_duration("0", 0);
	check_duration("", 0);
	check_duration("-1s", 0);
	check_duration("5", 0);
	check_duration("5x", 0);
	check_duration("s", 0);

	check_render(v1,
		     "{\"cpu\":{\"usage\":{\"total\":123456789,\"percpu\":[100,200],"
		     "\"kernel\":20000000,\"user\":30000000},\"throttling\":{\"periods\":10,"
		     "\"throttledPeriods\":4,\"throttledTime\":5000}},"
		     "\"memory\":{\"cache\":1024,\"usage\":{\"limit\":33554432,\"usage\":4096,"
		     "\"max\":8192,\"failcnt\":7},\"swap\":{\"limit\":9223372036854771712,"
		     "\"usage\":4096,\"failcnt\":0},\"raw\":{\"cache\":1024,\"rss\":2048}},"
		     "\"pids\":{\"current\":3},"
		     "\"blkio\":{\"ioServiceBytesRecursive\":[{\"major\":8,\"op\":\"Read\","
		     "\"value\":4096},{\"major\":8,\"op\":\"Write\"},{\"major\":8,\"op\":\"Total\","
		     "\"value\":4096}]},"
		     "\"hugetlb\":{\"2MB\":{\"failcnt\":1}}}",
		     "v1 (hybrid) files in runc's shape");
	check_render(
	    v2,
	    "{\"cpu\":{\"usage\":{\"total\":1500000,\"kernel\":500000,\"user\":1000000},"
	    "\"throttling\":{}},"
	    "\"memory\":{\"cache\":100,\"usage\":{\"limit\":18446744073709551615,"
	    "\"usage\":8192,\"failcnt\":2},\"swap\":{\"limit\":18446744073709551615,"
	    "\"usage\":8192,\"failcnt\":0},\"raw\":{\"anon\":4096,\"file\":100}},"
	    "\"pids\":{\"current\":1,\"limit\":64},"
	    "\"blkio\":{\"ioServiceBytesRecursive\":[{\"major\":8,\"op\":\"Read\","
	    "\"value\":512},{\"major\":8,\"op\":\"Write\"},{\"major\":8,\"op\":\"Discard\"}],"
	    "\"ioServicedRecursive\":[{\"major\":8,\"op\":\"Read\",\"value\":1},"
	    "{\"major\":8,\"op\":\"Write\"},{\"major\":8,\"op\":\"Discard\"}]},"
	    "\"hugetlb\":{}}",
	    "cgroup2 files in runc's shape");
	check_render(bare,
		     "{\"cpu\":{\"usage\":{\"total\":7000,\"kernel\":3000,\"user\":4000},"
		     "\"throttling\":{}},\"memory\":{},\"pids\":{},\"blkio\":{},\"hugetlb\":{}}",
		     "missing controllers leave their sections empty");

	line = stats_event_json("oom", "c\"1", NULL);
	is_str(line, "{\"type\":\"oom\",\"id\":\"c\\\"1\"}", "oom event without data");
	free(line);
	line = stats_event_json("stats", "c1", "{}");
	is_str(line, "{\"type\":\"stats\",\"id\":\"c1\",\"data\":{}}", "stats event");
	free(line);
	return tap_done();
}
