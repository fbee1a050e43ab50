/* libFuzzer target: linux.seccomp alone. The input is the JSON value of
 * linux.seccomp (wrapped into a minimal config, so the fuzzer spends its time
 * on the seccomp object rather than on the rest of config.json), parsed and
 * compiled to BPF by seccomp_build. Each input must either compile to a
 * well-formed program or fail with an error; nothing may crash or leak. */
#include "config.h"
#include "seccomp_build.h"
#include "spec.h"

#include <linux/filter.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char head[] = "{\"ociVersion\":\"1.0.2\",\"root\":{\"path\":\"rootfs\"},"
				   "\"linux\":{\"seccomp\":";
	static const char tail[] = "}}";
	size_t len = sizeof(head) - 1 + size + sizeof(tail) - 1;
	char *json = malloc(len);
	spec_config spec;
	lxr_error *err = NULL;

	if (json == NULL)
		return 0;
	memcpy(json, head, sizeof(head) - 1);
	memcpy(json + sizeof(head) - 1, data, size);
	memcpy(json + sizeof(head) - 1 + size, tail, sizeof(tail) - 1);
	if (spec_parse(json, len, &spec, &err) == 0) {
		unsigned char *bpf = NULL;
		size_t blen = 0;
		unsigned int flags = 0;

		if (spec.has_linux && spec.linux_.has_seccomp) {
			int r = seccomp_build(&spec.linux_.seccomp, &bpf, &blen, &flags, &err);

			/* the kernel takes at most BPF_MAXINSNS instructions of 8 bytes */
			if (r == 0 &&
			    (bpf == NULL || blen == 0 || blen % sizeof(struct sock_filter) != 0))
				abort();
			if (r < 0 && err == NULL)
				abort(); /* a failure always says why */
			free(bpf);
		}
		spec_free(&spec);
	}
	lxr_error_free(&err);
	free(json);
	return 0;
}
