/* libFuzzer target: config.json text -> spec_parse -> lxc_config_render and
 * init_build (+ serialising the init parameters). Everything must either
 * succeed or fail with an error; nothing may crash, leak or read out of bounds. */
#include "config.h"
#include "init_build.h"
#include "init_params.h"
#include "lxc_config.h"
#include "spec.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool is_dir[4096];
	spec_config spec;
	lxr_error *err = NULL;
	init_params ip;

	if (spec_parse((const char *)data, size, &spec, &err) < 0) {
		lxr_error_free(&err);
		return 0;
	}
	for (size_t layout = 0; layout < 3 && spec.n_mounts < 4096; layout++) {
		lxc_config_input in = {.id = "fuzz",
				       .rootfs = "/bundle/rootfs",
				       .state_dir = "/run/lxcrun/fuzz",
				       .layout = (enum cgroup_layout)layout,
				       .cgroups = cg_support_full((enum cgroup_layout)layout),
				       .cgroup_path = "lxcrun-fuzz",
				       .cgroup_relative = true,
				       .monitor_cgroup_path = "lxcrun-fuzz.lxcrun-monitor",
				       .pivot_cgroup_path = "lxcrun-fuzz.lxcrun-pivot",
				       .mount_source_is_dir = is_dir};
		char *text = lxc_config_render(&spec, &in, &err);

		free(text);
		lxr_error_free(&err);
	}
	if (init_build(&spec, &ip, &err) == 0) {
		size_t len = 0;
		char *buf = init_params_serialize(&ip, &len);
		init_params back;

		/* what the front end writes, lxcrun-init must read back */
		if (buf && init_params_parse(buf, len, &back) == 0)
			init_params_free(&back);
		else if (buf)
			abort();
		free(buf);
	}
	init_build_free(&ip);
	lxr_error_free(&err);
	spec_free(&spec);
	return 0;
}
