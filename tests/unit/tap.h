/* Minimal TAP producer for the unit tests (automake's tap-driver.sh reads it). */
#ifndef LXCRUN_TAP_H
#define LXCRUN_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n;
static int tap_failed;

/* Reports one assertion; returns cond so callers can stop early. */
#define ok(cond, ...)                                                                              \
	({                                                                                         \
		int _c = !!(cond);                                                                 \
		printf("%s %d - ", _c ? "ok" : "not ok", ++tap_n);                                 \
		printf(__VA_ARGS__);                                                               \
		printf("\n");                                                                      \
		if (!_c) {                                                                         \
			tap_failed++;                                                              \
			printf("#   failed at %s:%d\n", __FILE__, __LINE__);                       \
		}                                                                                  \
		_c;                                                                                \
	})

/* String equality with both values shown on failure (NULL-safe). */
#define is_str(got, want, ...)                                                                     \
	({                                                                                         \
		const char *_g = (got), *_w = (want);                                              \
		int _sc = (_g == NULL && _w == NULL) || (_g && _w && strcmp(_g, _w) == 0);         \
		ok(_sc, __VA_ARGS__);                                                              \
		if (!_sc)                                                                          \
			printf("#   got:  '%s'\n#   want: '%s'\n", _g ? _g : "(null)",             \
			       _w ? _w : "(null)");                                                \
		_sc;                                                                               \
	})

/* Prints the plan at the end; exit status is non-zero if anything failed. */
static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
