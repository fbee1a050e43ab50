/* lxcrun events [--stats] [--interval DURATION] ID: runc's event stream. One
 * poll loop over a timerfd (stats every interval), the memory cgroup's OOM
 * notification (v1: cgroup.event_control + eventfd; v2: inotify on
 * memory.events) and a pidfd of the init (the stream ends when it exits). */
#include "config.h"
#include "cgroup.h"
#include "commands.h"
#include "container.h"
#include "container_stats.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <unistd.h>

static const char usage[] =
    "usage: lxcrun events [--stats] [--interval DURATION] ID\n\n"
    "Prints the container's events as JSON lines: its resource usage ({\"type\":\"stats\"})\n"
    "every interval (default 5s; Go durations such as 500ms, 2m) and {\"type\":\"oom\"}\n"
    "when the kernel OOM-kills one of its processes, until the container stops.\n"
    "--stats prints the usage once and exits.\n";

/* The OOM notification source and the oom_kill counter it is checked against. */
typedef struct {
	int fd;		    /* eventfd (v1) or inotify fd (v2); -1: no memory cgroup */
	int oom_control;    /* v1: memory.oom_control, kept open for the registration */
	char *counter;	    /* the file with the oom_kill counter */
	bool have_counter;  /* false on kernels whose file lacks oom_kill */
	uint64_t last;	    /* kills already reported */
	const char *memory; /* the v1 memory directory, or NULL */
} oom_watch;

static bool read_oom_kills(const oom_watch *w, uint64_t *v)
{
	_cleanup_free_ char *t = read_file(w->counter, NULL, NULL);

	return t && stats_keyed(t, "oom_kill", v);
}

/* Sets up the OOM notification; without a memory cgroup (emulated v2 here) there is none. */
static void oom_watch_open(oom_watch *w, const container_state *st)
{
	const char *mem = cgroup_v1_dir(st->cgroup_dirs, "memory");
	char buf[64];

	*w = (oom_watch){.fd = -1, .oom_control = -1, .memory = mem};
	if (mem) {
		_cleanup_free_ char *ctl = NULL;
		_cleanup_close_ int ec = -1;

		if (asprintf(&w->counter, "%s/memory.oom_control", mem) < 0 ||
		    asprintf(&ctl, "%s/cgroup.event_control", mem) < 0)
			abort();
		w->fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		w->oom_control = open(w->counter, O_RDONLY | O_CLOEXEC);
		ec = open(ctl, O_WRONLY | O_CLOEXEC);
		snprintf(buf, sizeof(buf), "%d %d", w->fd, w->oom_control);
		if (w->fd < 0 || w->oom_control < 0 || ec < 0 ||
		    write(ec, buf, strlen(buf)) != (ssize_t)strlen(buf)) {
			lxr_log(LXR_LOG_WARN, "events: no OOM notification from `%s`: %s", mem,
				lxr_strerror(errno));
			if (w->fd >= 0)
				close(w->fd);
			w->fd = -1;
		}
	} else if (st->cgroup_unified) {
		if (asprintf(&w->counter, "%s/memory.events", st->cgroup_unified) < 0)
			abort();
		if (access(w->counter, F_OK) != 0)
			return;
		w->fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
		if (w->fd >= 0 && inotify_add_watch(w->fd, w->counter, IN_MODIFY) < 0) {
			close(w->fd);
			w->fd = -1;
		}
	}
	w->have_counter = read_oom_kills(w, &w->last);
}

static void oom_watch_close(oom_watch *w)
{
	if (w->fd >= 0)
		close(w->fd);
	if (w->oom_control >= 0)
		close(w->oom_control);
	free(w->counter);
}

static bool emit(const char *type, const char *id, const char *data)
{
	_cleanup_free_ char *line = stats_event_json(type, id, data);

	printf("%s\n", line);
	return fflush(stdout) == 0;
}

/* Reports the kills since the last check: by the counter, or one per notification
 * (notified) where the kernel has no counter. */
static bool oom_check(oom_watch *w, const char *id, bool notified)
{
	uint64_t now;

	if (w->fd < 0)
		return true;
	if (w->have_counter) {
		if (!read_oom_kills(w, &now))
			return true; /* the cgroup is gone: v1 also notifies its removal */
		for (; w->last < now; w->last++)
			if (!emit("oom", id, NULL))
				return false;
		return true;
	}
	if (notified && (w->memory == NULL || access(w->memory, F_OK) == 0))
		return emit("oom", id, NULL);
	return true;
}

static void drain(int fd)
{
	char buf[4096];

	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

static int stream(const container_state *st, uint64_t interval_ns, lxr_error **err)
{
	struct itimerspec its = {
	    .it_interval = {(time_t)(interval_ns / 1000000000), (long)(interval_ns % 1000000000)}};
	_cleanup_close_ int pidfd = -1, tfd = -1;
	oom_watch w;
	int ret = 0;

	its.it_value = its.it_interval;
	pidfd = (int)syscall(SYS_pidfd_open, st->pid, 0);
	/* opened first, checked after: a pid recycled meanwhile is not ours */
	if (pidfd < 0 || !proc_alive(st->pid, st->start_time))
		return lxr_error_set(err, ESRCH, "container \"%s\" is not running", st->id);
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (tfd < 0 || timerfd_settime(tfd, 0, &its, NULL) < 0)
		return lxr_error_sys(err, "timerfd");
	oom_watch_open(&w, st);
	for (;;) {
		struct pollfd p[3] = {{.fd = pidfd, .events = POLLIN},
				      {.fd = tfd, .events = POLLIN},
				      {.fd = w.fd, .events = POLLIN}};

		if (poll(p, w.fd >= 0 ? 3 : 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			ret = lxr_error_sys(err, "poll");
			break;
		}
		/* OOM first: a killed init makes the pidfd readable at the same time */
		if (w.fd >= 0 && (p[2].revents & POLLIN)) {
			drain(w.fd);
			if (!oom_check(&w, st->id, true))
				break;
		}
		if (p[0].revents) {
			oom_check(&w, st->id, false);
			break;
		}
		if (p[1].revents & POLLIN) {
			_cleanup_free_ char *data = NULL;

			drain(tfd);
			data = stats_read_cgroups(st->cgroup_dirs, st->cgroup_unified);
			if (!emit("stats", st->id, data))
				break;
		}
	}
	oom_watch_close(&w);
	return ret;
}

int cmd_events(const global_options *g, int argc, char **argv)
{
	static const struct option opts[] = {{"stats", no_argument, NULL, 's'},
					     {"interval", required_argument, NULL, 'i'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	_cleanup_free_ char *dir = NULL;
	_cleanup_close_ int lock = -1;
	uint64_t interval = 5000000000ULL;
	bool stats = false;
	lxr_error *err = NULL;
	container_state st;
	const char *status;
	int c, ret = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		if (c == 'h') {
			printf("%s", usage);
			return 0;
		}
		if (c == 's') {
			stats = true;
		} else if (c == 'i') {
			if (stats_parse_duration(optarg, &interval, &err) < 0)
				return lxr_error_wrap(&err, "events: --interval"), cmd_fail(&err);
		} else {
			fprintf(stderr, "%s", usage);
			return 1;
		}
	}
	if (!cmd_check_args(argc - optind, 1, 1, usage))
		return 1;
	if (container_open_locked(g->root, argv[optind], &st, &dir, &lock, &err) < 0)
		return lxr_error_wrap(&err, "events"), cmd_fail(&err);
	/* the stream runs for long: other commands must not wait for its lock */
	close(lock);
	lock = -1;
	status = state_status(dir, &st);
	if (strcmp(status, "stopped") == 0 || strcmp(status, "creating") == 0)
		ret = lxr_error_set(&err, ESRCH, "container \"%s\" is not running", st.id);
	else if (state_main_cgroup(&st) == NULL)
		ret = lxr_error_set(&err, ENOENT, "container \"%s\" has no cgroup", st.id);
	else if (stats) {
		_cleanup_free_ char *data = stats_read_cgroups(st.cgroup_dirs, st.cgroup_unified);

		if (!emit("stats", st.id, data))
			ret = lxr_error_sys(&err, "write stats");
	} else {
		ret = stream(&st, interval, &err);
	}
	state_free(&st);
	if (ret < 0)
		return lxr_error_wrap(&err, "events"), cmd_fail(&err);
	return 0;
}
