/* lxcrun lxc-export [-b BUNDLE] [-P LXCPATH] NAME: writes LXCPATH/NAME/config, a
 * standalone lxc container running the bundle's rootfs in place, which
 * lxc-start, lxc-attach, lxc-stop and lxc-destroy manage without lxcrun
 * (doc/lxc.md). A subcommand rather than a script: it reuses the parser and
 * the pure translation, so both paths reject the same fields the same way. */
#include "config.h"
#include "cgroup.h"
#include "commands.h"
#include "container.h"
#include "lxc_export.h"
#include "mount_check.h"
#include "spec.h"
#include "state.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Debian's lxc.lxcpath; lxcrun does not link liblxc to ask for the configured one. */
#define DEFAULT_LXCPATH "/var/lib/lxc"

static const char usage[] =
    "usage: lxcrun lxc-export [-b BUNDLE] [-P LXCPATH] NAME\n\n"
    "Writes LXCPATH/NAME/config (default LXCPATH " DEFAULT_LXCPATH "): an lxc container\n"
    "running BUNDLE's rootfs in place, for lxc-start -n NAME -P LXCPATH.\n"
    "  -b, --bundle DIR     the OCI bundle (default: current directory)\n"
    "  -P, --lxcpath DIR    lxc's container directory\n";

typedef struct {
	const char *lxcpath;
	char *dir, *mnt, *config; /* LXCPATH/NAME, its rootfs.mnt and config */
	bool made_lxcpath, made_dir, made_mnt;
} export_paths;

/* Removes what a failed export made, newest first. */
static void undo(const export_paths *x)
{
	if (x->config)
		unlink(x->config);
	if (x->made_mnt)
		rmdir(x->mnt);
	if (x->made_dir)
		rmdir(x->dir);
	if (x->made_lxcpath)
		rmdir(x->lxcpath);
}

/* The translation's input: no lxcrun paths, liblxc's cgroup placement unless the
 * bundle names one. */
static int render(spec_config *spec, const char *bundle, const char *name, const export_paths *x,
		  char **text, lxr_error **err)
{
	_cleanup_free_ char *rootfs = NULL, *rootfs_abs = NULL, *cg = NULL, *monitor = NULL;
	_cleanup_free_ bool *is_dir = NULL;
	lxc_config_input in = {0};
	bool relative = false;

	if (spec->root_path == NULL)
		return lxr_error_set(err, EINVAL, "root.path: required");
	if (spec->root_path[0] == '/')
		rootfs = xstrdup(spec->root_path);
	else if (asprintf(&rootfs, "%s/%s", bundle, spec->root_path) < 0)
		abort();
	rootfs_abs = realpath(rootfs, NULL);
	if (rootfs_abs == NULL)
		return lxr_error_sys(err, "root.path `%s`", rootfs);
	/* lxc-start makes missing mount points too: the same symlink check as create */
	if (container_prepare_mounts(spec, bundle, &is_dir, err) < 0 ||
	    mount_check_symlinks(spec, rootfs_abs, err) < 0)
		return -1;
	if (spec->has_linux && spec->linux_.cgroups_path && *spec->linux_.cgroups_path) {
		if (cgroup_resolve_path(spec->linux_.cgroups_path, name, false, &cg, &relative,
					err) < 0)
			return -1;
		if (asprintf(&monitor, "%s.lxc-monitor", cg) < 0)
			abort();
	}
	in.id = name;
	in.rootfs = rootfs_abs;
	in.state_dir = x->dir;
	in.layout = cgroup_detect_layout();
	in.cgroups = cgroup_detect_support();
	in.cgroup_path = cg;
	in.cgroup_relative = relative;
	in.monitor_cgroup_path = monitor;
	in.mount_source_is_dir = is_dir;
	in.hook_ready_fd = -1;
	in.standalone = true;
	*text = lxc_export_render(spec, &in, x->mnt, err);
	return *text ? 0 : -1;
}

static int export(const char *bundle_arg, const char *lxcpath, const char *name, lxr_error **err)
{
	_cleanup_free_ char *bundle = NULL, *text = NULL, *lxcpath_abs = NULL;
	export_paths x = {0};
	spec_config spec = {0};
	int ret = -1;

	if (state_validate_id(name, err) < 0)
		return -1;
	bundle = realpath(bundle_arg, NULL);
	if (bundle == NULL)
		return lxr_error_sys(err, "bundle `%s`", bundle_arg);
	x.lxcpath = lxcpath;
	if (mkdir(lxcpath, 0755) == 0)
		x.made_lxcpath = true;
	else if (errno != EEXIST)
		return lxr_error_sys(err, "lxcpath `%s`", lxcpath);
	lxcpath_abs = realpath(lxcpath, NULL);
	if (lxcpath_abs == NULL) {
		lxr_error_sys(err, "lxcpath `%s`", lxcpath);
		undo(&x);
		return -1;
	}
	if (asprintf(&x.dir, "%s/%s", lxcpath_abs, name) < 0 ||
	    asprintf(&x.mnt, "%s/rootfs.mnt", x.dir) < 0)
		abort();
	/* everything that can fail on the bundle fails before anything is made */
	if (spec_load_bundle(bundle, &spec, err) < 0 ||
	    render(&spec, bundle, name, &x, &text, err) < 0 || text == NULL)
		goto out;
	if (mkdir(x.dir, 0770) < 0) {
		if (errno == EEXIST)
			lxr_error_set(err, EEXIST, "lxc container \"%s\" already exists in `%s`",
				      name, lxcpath_abs);
		else
			lxr_error_sys(err, "create `%s`", x.dir);
		goto out;
	}
	x.made_dir = true;
	if (mkdir(x.mnt, 0755) < 0) {
		lxr_error_sys(err, "create `%s`", x.mnt);
		goto out;
	}
	x.made_mnt = true;
	if (asprintf(&x.config, "%s/config", x.dir) < 0)
		abort();
	if (write_file_atomic(x.config, text, strlen(text), 0640, err) < 0) {
		free(x.config);
		x.config = NULL;
		goto out;
	}
	ret = 0;
out:
	if (ret < 0)
		undo(&x);
	spec_free(&spec);
	free(x.dir);
	free(x.mnt);
	free(x.config);
	return ret;
}

int cmd_lxc_export(const global_options *g, int argc, char **argv)
{
	static const struct option opts[] = {{"bundle", required_argument, NULL, 'b'},
					     {"lxcpath", required_argument, NULL, 'P'},
					     {NULL, 0, NULL, 0}};
	const char *bundle = ".", *lxcpath = DEFAULT_LXCPATH;
	lxr_error *err = NULL;
	int c;

	(void)g;
	if (cmd_wants_help(argc, argv, usage))
		return 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+b:P:", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			bundle = optarg;
			break;
		case 'P':
			lxcpath = optarg;
			break;
		default:
			lxr_error_set(&err, EINVAL, "unknown option `%s`", argv[optind - 1]);
			return cmd_fail(&err);
		}
	}
	if (!cmd_check_args(argc - optind, 1, 1, usage))
		return 1;
	if (export(bundle, lxcpath, argv[optind], &err) < 0)
		return cmd_fail(&err);
	return 0;
}
