/* Record buffers: see records.h. */
#include "config.h"
#include "records.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rec_add(recbuf *b, const char *key, const char *value)
{
	size_t kl = strlen(key), vl = strlen(value), need = kl + 1 + vl + 1;

	if (b->oom)
		return;
	if (b->len + need > b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 4096;
		char *n;

		while (ncap < b->len + need)
			ncap *= 2;
		n = realloc(b->buf, ncap);
		if (n == NULL) {
			b->oom = true;
			return;
		}
		b->buf = n;
		b->cap = ncap;
	}
	memcpy(b->buf + b->len, key, kl);
	b->buf[b->len + kl] = '=';
	memcpy(b->buf + b->len + kl + 1, value, vl + 1);
	b->len += need;
}

void rec_addf(recbuf *b, const char *key, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	rec_add(b, key, tmp);
}
