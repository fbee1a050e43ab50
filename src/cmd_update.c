/* lxcrun update [--resources FILE|-] [runc's limit flags] ID */
#include "config.h"
#include "commands.h"
#include "container.h"
#include "error.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char update_usage[] =
    "usage: lxcrun update [options] ID\n\n"
    "Changes the resource limits of a created, running or paused container.\n\n"
    "  -r, --resources FILE      a LinuxResources JSON object (\"-\": standard input);\n"
    "                            no other option may be given with it\n"
    "  --memory N                memory limit (bytes, or with a k/m/g/t/p suffix; -1: none)\n"
    "  --memory-swap N           memory+swap limit\n"
    "  --memory-reservation N    memory soft limit\n"
    "  --kernel-memory N         accepted and ignored (deprecated)\n"
    "  --kernel-memory-tcp N     kernel TCP buffer limit (cgroup v1)\n"
    "  --cpu-shares N            relative CPU weight (cpu.weight on cgroup v2)\n"
    "  --cpu-quota N             CFS quota in microseconds per period (-1: none)\n"
    "  --cpu-period N            CFS period in microseconds\n"
    "  --cpu-rt-period N         realtime period (cgroup v1)\n"
    "  --cpu-rt-runtime N        realtime runtime (cgroup v1)\n"
    "  --cpu-burst N             CFS burst in microseconds\n"
    "  --cpu-idle 0|1            SCHED_IDLE for the container's cgroup\n"
    "  --cpuset-cpus LIST        CPUs to run on (\"0-3,5\")\n"
    "  --cpuset-mems LIST        memory nodes to use\n"
    "  --pids-limit N            maximum number of tasks (-1: none)\n"
    "  --blkio-weight N          block I/O weight, 10..1000\n";

enum {
	O_MEMORY = 256,
	O_MEMORY_SWAP,
	O_MEMORY_RESERVATION,
	O_KERNEL_MEMORY,
	O_KERNEL_MEMORY_TCP,
	O_CPU_SHARES,
	O_CPU_QUOTA,
	O_CPU_PERIOD,
	O_CPU_RT_PERIOD,
	O_CPU_RT_RUNTIME,
	O_CPU_BURST,
	O_CPU_IDLE,
	O_CPUSET_CPUS,
	O_CPUSET_MEMS,
	O_PIDS_LIMIT,
	O_BLKIO_WEIGHT,
};

/* A byte count as runc reads it: -1, or a number with an optional binary unit
 * ("128m", "1.5GiB", "512 KB"). */
static int parse_size(const char *opt, const char *s, int64_t *out, lxr_error **err)
{
	static const char units[] = "kmgtp";
	char *end = NULL;
	double v, mult = 1;
	const char *u;

	if (strcmp(s, "-1") == 0) {
		*out = -1;
		return 0;
	}
	errno = 0;
	v = strtod(s, &end);
	if (end == s || !isdigit((unsigned char)s[0]) || errno != 0)
		goto bad;
	if (*end == ' ')
		end++;
	if (*end && (u = strchr(units, tolower((unsigned char)*end))) != NULL) {
		for (const char *k = units; k <= u; k++)
			mult *= 1024;
		end++;
		if (tolower((unsigned char)*end) == 'i')
			end++;
	}
	if (tolower((unsigned char)*end) == 'b')
		end++;
	if (*end != '\0' || v * mult >= 9.2e18)
		goto bad;
	*out = (int64_t)(v * mult);
	return 0;
bad:
	return lxr_error_set(err, EINVAL, "--%s: `%s` is not a size (bytes, 128m, 1g, or -1)", opt,
			     s);
}

static int parse_int(const char *opt, const char *s, int64_t min, int64_t *out, lxr_error **err)
{
	char *end = NULL;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || v < min)
		return lxr_error_set(err, EINVAL, "--%s: `%s` is not %s", opt, s,
				     min < 0 ? "an integer" : "a non-negative integer");
	*out = v;
	return 0;
}

/* Stores one flag's value in r, as the same field of a --resources JSON would. */
static int set_flag(spec_resources *r, int c, const char *name, const char *arg, lxr_error **err)
{
	int64_t v = 0;

	switch (c) {
	case O_CPUSET_CPUS:
		free(r->cpu_cpus);
		r->cpu_cpus = xstrdup(arg);
		return 0;
	case O_CPUSET_MEMS:
		free(r->cpu_mems);
		r->cpu_mems = xstrdup(arg);
		return 0;
	case O_MEMORY:
	case O_MEMORY_SWAP:
	case O_MEMORY_RESERVATION:
	case O_KERNEL_MEMORY:
	case O_KERNEL_MEMORY_TCP:
		if (parse_size(name, arg, &v, err) < 0)
			return -1;
		break;
	case O_CPU_QUOTA:
	case O_CPU_RT_RUNTIME:
	case O_PIDS_LIMIT:
	case O_CPU_IDLE:
		if (parse_int(name, arg, INT64_MIN, &v, err) < 0)
			return -1;
		break;
	default:
		if (parse_int(name, arg, 0, &v, err) < 0)
			return -1;
	}
	switch (c) {
	case O_MEMORY:
		r->has_memory_limit = true, r->memory_limit = v;
		break;
	case O_MEMORY_SWAP:
		r->has_memory_swap = true, r->memory_swap = v;
		break;
	case O_MEMORY_RESERVATION:
		r->has_memory_reservation = true, r->memory_reservation = v;
		break;
	case O_KERNEL_MEMORY:
		r->has_memory_kernel = true, r->memory_kernel = v;
		break;
	case O_KERNEL_MEMORY_TCP:
		r->has_memory_kernel_tcp = true, r->memory_kernel_tcp = v;
		break;
	case O_CPU_SHARES:
		r->has_cpu_shares = true, r->cpu_shares = (uint64_t)v;
		break;
	case O_CPU_QUOTA:
		r->has_cpu_quota = true, r->cpu_quota = v;
		break;
	case O_CPU_PERIOD:
		r->has_cpu_period = true, r->cpu_period = (uint64_t)v;
		break;
	case O_CPU_RT_PERIOD:
		r->has_cpu_rt_period = true, r->cpu_rt_period = (uint64_t)v;
		break;
	case O_CPU_RT_RUNTIME:
		r->has_cpu_rt_runtime = true, r->cpu_rt_runtime = v;
		break;
	case O_CPU_BURST:
		r->has_cpu_burst = true, r->cpu_burst = (uint64_t)v;
		break;
	case O_CPU_IDLE:
		r->has_cpu_idle = true, r->cpu_idle = v;
		break;
	case O_PIDS_LIMIT:
		r->has_pids_limit = true, r->pids_limit = v;
		break;
	case O_BLKIO_WEIGHT:
		if (v != 0 && (v < 10 || v > 1000))
			return lxr_error_set(err, EINVAL,
					     "--blkio-weight: must be between 10 "
					     "and 1000, got %" PRId64,
					     v);
		r->has_blkio_weight = true, r->blkio_weight = (uint32_t)v;
		break;
	default:
		break;
	}
	return 0;
}

/* Reads and parses the --resources document (a file, or stdin for "-"). */
static int load_resources(const char *file, spec_resources *r, lxr_error **err)
{
	_cleanup_free_ char *text = NULL;
	size_t len = 0;

	if (strcmp(file, "-") == 0)
		text = read_fd(0, "standard input", &len, err);
	else
		text = read_file(file, &len, err);
	if (text == NULL)
		return lxr_error_wrap(err, "--resources");
	return spec_parse_resources(text, len, r, err);
}

int cmd_update(const global_options *g, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"resources", required_argument, NULL, 'r'},
	    {"memory", required_argument, NULL, O_MEMORY},
	    {"memory-swap", required_argument, NULL, O_MEMORY_SWAP},
	    {"memory-reservation", required_argument, NULL, O_MEMORY_RESERVATION},
	    {"kernel-memory", required_argument, NULL, O_KERNEL_MEMORY},
	    {"kernel-memory-tcp", required_argument, NULL, O_KERNEL_MEMORY_TCP},
	    {"cpu-shares", required_argument, NULL, O_CPU_SHARES},
	    {"cpu-quota", required_argument, NULL, O_CPU_QUOTA},
	    {"cpu-period", required_argument, NULL, O_CPU_PERIOD},
	    {"cpu-rt-period", required_argument, NULL, O_CPU_RT_PERIOD},
	    {"cpu-rt-runtime", required_argument, NULL, O_CPU_RT_RUNTIME},
	    {"cpu-burst", required_argument, NULL, O_CPU_BURST},
	    {"cpu-idle", required_argument, NULL, O_CPU_IDLE},
	    {"cpuset-cpus", required_argument, NULL, O_CPUSET_CPUS},
	    {"cpuset-mems", required_argument, NULL, O_CPUSET_MEMS},
	    {"pids-limit", required_argument, NULL, O_PIDS_LIMIT},
	    {"blkio-weight", required_argument, NULL, O_BLKIO_WEIGHT},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	spec_resources r = {0};
	const char *file = NULL;
	lxr_error *err = NULL;
	int c, idx = 0, n_flags = 0;

	while ((c = getopt_long(argc, argv, "+r:h", opts, &idx)) != -1) {
		if (c == 'h') {
			printf("%s", update_usage);
			spec_resources_free(&r);
			return 0;
		}
		if (c == '?') {
			fprintf(stderr, "%s", update_usage);
			spec_resources_free(&r);
			return 1;
		}
		if (c == 'r') {
			file = optarg;
			continue;
		}
		n_flags++;
		if (set_flag(&r, c, opts[idx].name, optarg, &err) < 0) {
			spec_resources_free(&r);
			return cmd_fail(&err);
		}
	}
	if (!cmd_check_args(argc - optind, 1, 1, update_usage)) {
		spec_resources_free(&r);
		return 1;
	}
	/* runc silently prefers the file; mixing the two is refused here instead */
	if (file && n_flags > 0)
		lxr_error_set(&err, EINVAL, "--resources cannot be combined with limit options");
	else if (file == NULL && n_flags == 0)
		lxr_error_set(&err, EINVAL, "nothing to update: give --resources or limit options");
	else if (file)
		load_resources(file, &r, &err);
	if (err == NULL)
		container_update(g->root, argv[optind], &r, &err);
	spec_resources_free(&r);
	return err ? cmd_fail(&err) : 0;
}
