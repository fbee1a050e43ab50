/* `lxcrun features`: the runtime-spec's features document (features.md,
 * features-linux.md) built from the tables the parser and the translations
 * use, so it cannot claim what create refuses. Pure: what only this host can
 * answer comes in a features_input. (Not features.h: -I src would make it
 * shadow glibc's <features.h>.) */
#ifndef LXCRUN_FEATURES_DOC_H
#define LXCRUN_FEATURES_DOC_H

typedef struct {
	/* SECCOMP_FILTER_FLAG_* bits this kernel's seccomp(2) accepts */
	unsigned int seccomp_flags_supported;
	/* libseccomp's version ("2.5.4"), for the annotations */
	const char *libseccomp_version;
} features_input;

/* The features JSON (indented, ending with a newline) as a malloc'd string. */
char *features_json(const features_input *in);

#endif
