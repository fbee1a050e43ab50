/* config.json -> spec_config, with yajl's tree API.
 *
 * Table-driven: every JSON object lxcrun understands is a table of fields
 * (name, kind, where the value goes in the C struct; src/spec_tables.c). This
 * file is the one walker: it checks types,
 * required members and duplicate keys for all of them, and the same tables
 * drive freeing, so parsing and freeing cannot drift apart.
 *
 * Errors start with the JSON path of the offending value
 * ("mounts[2].destination: required"). Runtime-spec fields lxcrun does not
 * implement are listed once (spec_tables.c) and rejected by name; properties
 * the spec does not define are ignored, as the spec requires, with a debug line. */
#include "config.h"
#include "log.h"
#include "spec_schema.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yajl/yajl_tree.h>

#define MAX_JSON_SIZE ((size_t)16 << 20)
#define MAX_DEPTH     64

/* The label of config.json-level errors; spec_load_bundle relies on it (see there). */
#define CONFIG_DOC "config.json"

/* ---- JSON paths ---- */

/* Appends printf-style text to p, truncating with "..." when full. */
void jp_addf(jpath *p, const char *fmt, ...)
{
	size_t room = sizeof(p->s) - p->len;
	va_list ap;
	int n;

	if (room <= 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(p->s + p->len, room, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < room) {
		p->len += (size_t)n;
		return;
	}
	memcpy(p->s + sizeof(p->s) - 4, "...", 4);
	p->len = sizeof(p->s) - 1;
}

const char *jp_member(jpath *p, const char *parent, const char *key)
{
	p->len = 0;
	p->s[0] = '\0';
	jp_addf(p, "%s%s%s", parent, *parent ? "." : "", key);
	return p->s;
}

const char *jp_index(jpath *p, const char *parent, size_t i)
{
	p->len = 0;
	p->s[0] = '\0';
	jp_addf(p, "%s[%zu]", parent, i);
	return p->s;
}

/* ---- errors ---- */

int path_error(lxr_error **err, int errnum, const char *path, const char *fmt, ...)
{
	char msg[1024]; /* bounds the user data echoed into a message */
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return lxr_error_set(err, errnum, "%s: %s", path, msg);
}

/* "a string", "an array", ... for "expected X, got Y" messages. */
static const char *json_type_name(yajl_val v)
{
	if (v == NULL || YAJL_IS_NULL(v))
		return "null";
	if (YAJL_IS_STRING(v))
		return "a string";
	if (YAJL_IS_NUMBER(v))
		return "a number";
	if (YAJL_IS_OBJECT(v))
		return "an object";
	if (YAJL_IS_ARRAY(v))
		return "an array";
	return "a boolean";
}

static int type_error(lxr_error **err, const char *path, const char *want, yajl_val v)
{
	return path_error(err, EINVAL, path, "expected %s, got %s", want, json_type_name(v));
}

/* ---- scalar values ---- */

/* JSON null for an optional member means "absent". */
static bool is_null(yajl_val v)
{
	return v == NULL || YAJL_IS_NULL(v);
}

static int get_string(yajl_val v, const char *path, char **out, lxr_error **err)
{
	if (!YAJL_IS_STRING(v))
		return type_error(err, path, "a string", v);
	*out = xstrdup(YAJL_GET_STRING(v));
	return 0;
}

static int get_bool(yajl_val v, const char *path, bool *out, lxr_error **err)
{
	if (!YAJL_IS_TRUE(v) && !YAJL_IS_FALSE(v))
		return type_error(err, path, "a boolean", v);
	*out = YAJL_IS_TRUE(v);
	return 0;
}

/* True when yajl's raw number text is a plain integer (no fraction or exponent). */
static bool is_integer_text(const char *r)
{
	const char *digits = r + (r[0] == '-');

	return *digits != '\0' && digits[strspn(digits, "0123456789")] == '\0';
}

/* Reads an unsigned integer <= max from yajl's raw number text: yajl's own
 * integer is a long long, which cannot hold e.g. an rlimit of 2^64-1. */
static int get_unsigned(yajl_val v, const char *path, uint64_t max, const char *what, uint64_t *out,
			lxr_error **err)
{
	unsigned long long n;
	const char *r;
	char *end;

	if (!YAJL_IS_NUMBER(v))
		return type_error(err, path, what, v);
	r = v->u.number.r;
	if (r[0] == '-' || !is_integer_text(r))
		return path_error(err, EINVAL, path, "expected %s, got %s", what, r);
	errno = 0;
	n = strtoull(r, &end, 10);
	if (errno != 0 || *end != '\0' || n > max)
		return path_error(err, ERANGE, path, "expected %s, got %s", what, r);
	*out = n;
	return 0;
}

/* Reads a signed integer in [min, max] from yajl's raw number text. */
static int get_signed(yajl_val v, const char *path, int64_t min, int64_t max, const char *what,
		      int64_t *out, lxr_error **err)
{
	long long n;
	const char *r;
	char *end;

	if (!YAJL_IS_NUMBER(v))
		return type_error(err, path, what, v);
	r = v->u.number.r;
	if (!is_integer_text(r))
		return path_error(err, EINVAL, path, "expected %s, got %s", what, r);
	errno = 0;
	n = strtoll(r, &end, 10);
	if (errno != 0 || *end != '\0' || n < min || n > max)
		return path_error(err, ERANGE, path, "expected %s, got %s", what, r);
	*out = n;
	return 0;
}

static int get_u32(yajl_val v, const char *path, uint32_t *out, lxr_error **err)
{
	uint64_t n = 0;

	if (get_unsigned(v, path, UINT32_MAX, "an unsigned 32-bit integer", &n, err) < 0)
		return -1;
	*out = (uint32_t)n;
	return 0;
}

static int get_int(yajl_val v, const char *path, int *out, lxr_error **err)
{
	int64_t n = 0;

	if (get_signed(v, path, INT_MIN, INT_MAX, "a 32-bit integer", &n, err) < 0)
		return -1;
	*out = (int)n;
	return 0;
}

/* ---- compound values ---- */

static int parse_object(yajl_val v, const char *path, const schema *s, void *obj, lxr_error **err);

/* An array of strings into a NULL-terminated vector plus count. The count is
 * set before the elements so a failure part-way leaves something freeable. */
static int get_strings(yajl_val v, const char *path, char ***out, size_t *n, lxr_error **err)
{
	jpath p;

	if (!YAJL_IS_ARRAY(v))
		return type_error(err, path, "an array of strings", v);
	*out = xmalloc((v->u.array.len + 1) * sizeof(char *));
	*n = v->u.array.len;
	for (size_t i = 0; i < v->u.array.len; i++)
		if (get_string(v->u.array.values[i], jp_index(&p, path, i), &(*out)[i], err) < 0)
			return -1;
	return 0;
}

static int get_u32s(yajl_val v, const char *path, uint32_t **out, size_t *n, lxr_error **err)
{
	jpath p;

	if (!YAJL_IS_ARRAY(v))
		return type_error(err, path, "an array of unsigned 32-bit integers", v);
	*out = xmalloc(v->u.array.len * sizeof(uint32_t));
	*n = v->u.array.len;
	for (size_t i = 0; i < v->u.array.len; i++)
		if (get_u32(v->u.array.values[i], jp_index(&p, path, i), &(*out)[i], err) < 0)
			return -1;
	return 0;
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Rejects empty and repeated keys: yajl keeps duplicates, and which one would
 * win is not defined. Sorting keeps this O(n log n) for hostile inputs. */
static int check_map_keys(yajl_val v, const char *path, lxr_error **err)
{
	size_t n = v->u.object.len;
	const char **keys = xmalloc((n + 1) * sizeof(char *));
	const char *bad = NULL;
	jpath p;

	memcpy(keys, v->u.object.keys, n * sizeof(char *));
	qsort(keys, n, sizeof(char *), cmp_strp);
	for (size_t i = 0; i < n && bad == NULL; i++)
		if (keys[i][0] == '\0' || (i > 0 && strcmp(keys[i], keys[i - 1]) == 0))
			bad = keys[i];
	free(keys);
	if (bad == NULL)
		return 0;
	if (bad[0] == '\0')
		return path_error(err, EINVAL, path, "keys must not be empty");
	return path_error(err, EINVAL, jp_member(&p, path, bad), "duplicate key");
}

/* An object of strings (annotations, sysctl, unified), in document order. */
static int get_map(yajl_val v, const char *path, spec_kv **out, size_t *n, lxr_error **err)
{
	jpath p;

	if (!YAJL_IS_OBJECT(v))
		return type_error(err, path, "an object of strings", v);
	if (check_map_keys(v, path, err) < 0)
		return -1;
	*out = xmalloc(v->u.object.len * sizeof(spec_kv));
	*n = v->u.object.len;
	for (size_t i = 0; i < v->u.object.len; i++) {
		yajl_val val = v->u.object.values[i];

		if (!YAJL_IS_STRING(val))
			return type_error(err, jp_member(&p, path, v->u.object.keys[i]), "a string",
					  val);
		(*out)[i].key = xstrdup(v->u.object.keys[i]);
		(*out)[i].value = xstrdup(YAJL_GET_STRING(val));
	}
	return 0;
}

static int get_char(yajl_val v, const char *path, const char *allowed, char *out, lxr_error **err)
{
	const char *s;

	if (!YAJL_IS_STRING(v))
		return type_error(err, path, "a string", v);
	s = YAJL_GET_STRING(v);
	if (s[0] == '\0' || s[1] != '\0' || strchr(allowed, s[0]) == NULL) {
		char list[64] = "";

		for (size_t i = 0; allowed[i] && strlen(list) + 8 < sizeof(list); i++)
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s\"%c\"",
				 i ? ", " : "", allowed[i]);
		return path_error(err, EINVAL, path, "expected one of %s, got \"%s\"", list, s);
	}
	*out = s[0];
	return 0;
}

static int get_namespace(yajl_val v, const char *path, enum spec_ns_type *out, lxr_error **err)
{
	int t;

	if (!YAJL_IS_STRING(v))
		return type_error(err, path, "a string", v);
	t = spec_ns_from_name(YAJL_GET_STRING(v));
	if (t < 0)
		return path_error(err, EINVAL, path, "unknown namespace \"%s\"",
				  YAJL_GET_STRING(v));
	*out = (enum spec_ns_type)t;
	return 0;
}

/* Stores a pointer into a member of some pointer type (spec_mount *, ...). */
static void store_ptr(void *member, void *p)
{
	memcpy(member, &p, sizeof(p));
}

static void *load_ptr(const void *member)
{
	void *p;

	memcpy(&p, member, sizeof(p));
	return p;
}

/* An array of objects described by s; elements start zeroed. */
static int get_objects(yajl_val v, const char *path, const schema *s, void *member, size_t *n,
		       lxr_error **err)
{
	char *arr;
	jpath p;

	if (!YAJL_IS_ARRAY(v))
		return type_error(err, path, "an array of objects", v);
	arr = xmalloc(v->u.array.len * s->size);
	store_ptr(member, arr);
	*n = v->u.array.len;
	for (size_t i = 0; i < v->u.array.len; i++)
		if (parse_object(v->u.array.values[i], jp_index(&p, path, i), s, arr + i * s->size,
				 err) < 0)
			return -1;
	return 0;
}

/* An object of s objects keyed by name; each element's first member gets its name. */
static int get_objmap(yajl_val v, const char *path, const schema *s, void *member, size_t *n,
		      lxr_error **err)
{
	char *arr;
	jpath p;

	if (!YAJL_IS_OBJECT(v))
		return type_error(err, path, "an object", v);
	arr = xmalloc(v->u.object.len * s->size);
	store_ptr(member, arr);
	*n = v->u.object.len;
	for (size_t i = 0; i < v->u.object.len; i++) {
		char *key = xstrdup(v->u.object.keys[i]);

		memcpy(arr + i * s->size, &key, sizeof(key));
		if (parse_object(v->u.object.values[i], jp_member(&p, path, key), s,
				 arr + i * s->size, err) < 0)
			return -1;
	}
	return 0;
}

/* Parses one non-null member value into obj as field f describes. */
static int parse_field(const field *f, yajl_val v, const char *path, void *obj, lxr_error **err)
{
	char *m = (char *)obj + f->off;
	size_t *n = (size_t *)((char *)obj + f->count_off);
	int r = -1;

	switch (f->kind) {
	case F_STRING:
		r = get_string(v, path, (char **)m, err);
		break;
	case F_BOOL:
		r = get_bool(v, path, (bool *)m, err);
		break;
	case F_U32:
		r = get_u32(v, path, (uint32_t *)m, err);
		break;
	case F_U64:
		r = get_unsigned(v, path, UINT64_MAX, "an unsigned 64-bit integer", (uint64_t *)m,
				 err);
		break;
	case F_I64:
		r = get_signed(v, path, INT64_MIN, INT64_MAX, "a 64-bit integer", (int64_t *)m,
			       err);
		break;
	case F_INT:
		r = get_int(v, path, (int *)m, err);
		break;
	case F_STRINGS:
		r = get_strings(v, path, (char ***)m, n, err);
		break;
	case F_U32S:
		r = get_u32s(v, path, (uint32_t **)m, n, err);
		break;
	case F_MAP:
		r = get_map(v, path, (spec_kv **)m, n, err);
		break;
	case F_CHAR:
		r = get_char(v, path, f->chars, m, err);
		break;
	case F_NAMESPACE:
		r = get_namespace(v, path, (enum spec_ns_type *)m, err);
		break;
	case F_OBJECT:
		r = parse_object(v, path, f->sub, m, err);
		break;
	case F_OBJECTS:
		r = get_objects(v, path, f->sub, m, n, err);
		break;
	case F_OBJMAP:
		r = get_objmap(v, path, f->sub, m, n, err);
		break;
	}
	if (r < 0)
		return -1;
	if (f->has_flag)
		*(bool *)((char *)obj + f->has_off) = true;
	return f->check ? f->check(obj, path, err) : 0;
}

/* The table path of a JSON path: array indices dropped ("mounts[2].x" -> "mounts[].x"). */
static void table_path(const char *path, char *out, size_t size)
{
	size_t j = 0;

	for (size_t i = 0; path[i] && j + 1 < size; i++) {
		if (i > 0 && path[i - 1] == '[' && path[i] >= '0' && path[i] <= '9')
			while (path[i + 1] >= '0' && path[i + 1] <= '9')
				i++;
		else
			out[j++] = path[i];
	}
	out[j] = '\0';
}

/* Nothing requested: null, "", {} or [] (emitters often write empty defaults). */
static bool is_empty_value(yajl_val v)
{
	return is_null(v) || (YAJL_IS_STRING(v) && YAJL_GET_STRING(v)[0] == '\0') ||
	       (YAJL_IS_OBJECT(v) && v->u.object.len == 0) ||
	       (YAJL_IS_ARRAY(v) && v->u.array.len == 0);
}

/* A member no field table knows: rejected if the runtime-spec defines it (see
 * unsupported), else ignored, since the spec says runtimes MUST ignore unknown
 * properties. */
static int unknown_member(const char *path, yajl_val v, lxr_error **err)
{
	char key[JPATH_LEN];
	const char *why;

	table_path(path, key, sizeof(key));
	why = spec_unsupported_why(key);
	if (why != NULL)
		return is_empty_value(v) ? 0 : path_error(err, ENOTSUP, path, "%s", why);
	lxr_log(LXR_LOG_DEBUG, "config.json: ignoring unknown property %s", path);
	return 0;
}

static const field *find_field(const schema *s, const char *name)
{
	for (size_t i = 0; i < s->n_fields; i++)
		if (strcmp(s->fields[i].name, name) == 0)
			return &s->fields[i];
	return NULL;
}

/* Fails on the first required member that is missing or null. */
static int check_required(const schema *s, uint64_t present, const char *path, lxr_error **err)
{
	jpath p;

	for (size_t i = 0; i < s->n_fields; i++)
		if (s->fields[i].required && !(present & (UINT64_C(1) << i)))
			return path_error(err, EINVAL, jp_member(&p, path, s->fields[i].name),
					  "required");
	return 0;
}

/* Parses object v (at path) into obj as described by s. */
static int parse_object(yajl_val v, const char *path, const schema *s, void *obj, lxr_error **err)
{
	uint64_t seen = 0, present = 0;

	if (!YAJL_IS_OBJECT(v))
		return type_error(err, path, "an object", v);
	for (size_t i = 0; i < v->u.object.len; i++) {
		const field *f = find_field(s, v->u.object.keys[i]);
		yajl_val m = v->u.object.values[i];
		uint64_t bit;
		jpath p;

		jp_member(&p, path, v->u.object.keys[i]);
		if (f == NULL) {
			if (unknown_member(p.s, m, err) < 0)
				return -1;
			continue;
		}
		bit = UINT64_C(1) << (f - s->fields);
		/* yajl keeps both copies of a repeated key; refuse to guess */
		if (seen & bit)
			return path_error(err, EINVAL, p.s, "duplicate key");
		seen |= bit;
		if (is_null(m))
			continue;
		present |= bit;
		if (parse_field(f, m, p.s, obj, err) < 0)
			return -1;
	}
	if (check_required(s, present, path, err) < 0)
		return -1;
	return s->check ? s->check(obj, path, err) : 0;
}

/* ---- freeing, driven by the same tables ---- */

static void free_strings(char **v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++)
		free(v[i]);
	free(v);
}

static void free_map(spec_kv *kv, size_t n)
{
	for (size_t i = 0; kv != NULL && i < n; i++) {
		free(kv[i].key);
		free(kv[i].value);
	}
	free(kv);
}

/* Frees what parse_object allocated in obj; safe on a partly filled object. */
static void free_object(const schema *s, void *obj)
{
	for (size_t i = 0; i < s->n_fields; i++) {
		const field *f = &s->fields[i];
		char *m = (char *)obj + f->off;
		const size_t *n = (const size_t *)((char *)obj + f->count_off);

		switch (f->kind) {
		case F_STRING:
			free(*(char **)m);
			break;
		case F_STRINGS:
			free_strings(*(char ***)m, *n);
			break;
		case F_U32S:
			free(*(uint32_t **)m);
			break;
		case F_MAP:
			free_map(*(spec_kv **)m, *n);
			break;
		case F_OBJECT:
			free_object(f->sub, m);
			break;
		case F_OBJECTS: {
			char *arr = load_ptr(m);

			for (size_t j = 0; arr != NULL && j < *n; j++)
				free_object(f->sub, arr + j * f->sub->size);
			free(arr);
			break;
		}
		case F_OBJMAP: {
			char *arr = load_ptr(m);

			for (size_t j = 0; arr != NULL && j < *n; j++) {
				free(load_ptr(arr + j * f->sub->size));
				free_object(f->sub, arr + j * f->sub->size);
			}
			free(arr);
			break;
		}
		default:
			break;
		}
	}
}

void spec_free(spec_config *cfg)
{
	free_object(&spec_config_schema, cfg);
	memset(cfg, 0, sizeof(*cfg));
}

void spec_process_free(spec_process *p)
{
	free_object(&spec_process_schema, p);
	memset(p, 0, sizeof(*p));
}

/* ---- text checks before yajl ---- */

/* Where scan_json stands inside one open object or array. */
typedef struct {
	bool is_object;
	bool want_key;	 /* objects: the next string is a member name */
	const char *key; /* objects: the current member name, raw (escapes undecoded) */
	size_t key_len;
	size_t index; /* arrays: the current element */
} scan_frame;

/* What scan_json learnt: yajl's tree strings are C strings, so an escaped NUL
 * would silently cut a value short; its path has to be found in the text. */
typedef struct {
	bool has_nul;
	jpath nul_path;
} scan_info;

/* Returns the index of the quote closing the string opened at s[i] (len if
 * unterminated: yajl reports that); notes an escaped NUL in it. */
static size_t string_end(const char *s, size_t len, size_t i, bool *escaped_nul)
{
	for (i++; i < len; i++) {
		if (s[i] == '"')
			return i;
		if (s[i] != '\\')
			continue;
		if (len - i >= 6 && memcmp(s + i + 1, "u0000", 5) == 0)
			*escaped_nul = true;
		i++; /* the escaped character, so "\\" and "\"" do not end or hide anything */
	}
	return len;
}

/* Returns the index of the last character of the comment starting at s[i],
 * or i if none starts there. yajl_tree_parse accepts comments, and a quote or
 * bracket inside one must not skew the depth count. */
static size_t comment_end(const char *s, size_t len, size_t i)
{
	const char *e;

	if (i + 1 >= len)
		return i;
	if (s[i + 1] == '/') {
		e = memchr(s + i, '\n', len - i);
		return e ? (size_t)(e - s) : len;
	}
	if (s[i + 1] == '*') {
		for (size_t j = i + 2; j + 1 < len; j++)
			if (s[j] == '*' && s[j + 1] == '/')
				return j + 1;
		return len;
	}
	return i;
}

/* The JSON path of the current position, for the escaped-NUL message. */
static void scan_path(const char *root, const scan_frame *st, int depth, jpath *out)
{
	out->len = 0;
	out->s[0] = '\0';
	jp_addf(out, "%s", root);
	for (int d = 0; d < depth; d++) {
		if (!st[d].is_object)
			jp_addf(out, "[%zu]", st[d].index);
		else if (st[d].key != NULL)
			jp_addf(out, "%s%.*s", out->len ? "." : "",
				(int)(st[d].key_len < 200 ? st[d].key_len : 200), st[d].key);
	}
}

/* Handles the string opening at s[i]; returns the index of its closing quote. */
static size_t scan_string(const char *s, size_t len, size_t i, scan_frame *st, int depth,
			  const char *root, scan_info *info)
{
	bool nul = false;
	size_t end = string_end(s, len, i, &nul);
	scan_frame *top = depth > 0 ? &st[depth - 1] : NULL;

	if (top != NULL && top->is_object && top->want_key) {
		top->key = s + i + 1;
		top->key_len = end - i - 1;
		top->want_key = false;
	}
	if (nul && !info->has_nul) {
		info->has_nul = true;
		scan_path(root, st, depth, &info->nul_path);
	}
	return end;
}

/* Rejects what must not reach yajl: oversized text, raw NUL bytes (yajl reads
 * a C string and would stop there) and nesting deeper than MAX_DEPTH (yajl's
 * tree free and our walker recurse). Also locates escaped NULs (see scan_info). */
static int scan_json(const char *s, size_t len, const char *doc, const char *root, scan_info *info,
		     lxr_error **err)
{
	scan_frame st[MAX_DEPTH];
	const char *nul;
	int depth = 0;

	if (len > MAX_JSON_SIZE)
		return lxr_error_set(err, EFBIG, "%s: %zu bytes is over the 16 MiB limit", doc,
				     len);
	nul = memchr(s, '\0', len);
	if (nul != NULL)
		return lxr_error_set(err, EINVAL, "%s: invalid JSON: NUL byte at offset %zu", doc,
				     (size_t)(nul - s));
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '"':
			i = scan_string(s, len, i, st, depth, root, info);
			break;
		case '/':
			i = comment_end(s, len, i);
			break;
		case '{':
		case '[':
			if (depth == MAX_DEPTH)
				return lxr_error_set(
				    err, EINVAL, "%s: invalid JSON: nested deeper than %d levels",
				    doc, MAX_DEPTH);
			st[depth++] =
			    (scan_frame){.is_object = s[i] == '{', .want_key = s[i] == '{'};
			break;
		case '}':
		case ']':
			if (depth > 0)
				depth--;
			break;
		case ',':
			if (depth > 0 && st[depth - 1].is_object)
				st[depth - 1].want_key = true;
			else if (depth > 0)
				st[depth - 1].index++;
			break;
		default:
			break;
		}
	}
	return 0;
}

/* ---- documents ---- */

/* Parses text into a yajl tree (NULL with *err on failure). */
static yajl_val parse_tree(const char *json, size_t len, const char *doc, const char *root,
			   lxr_error **err)
{
	char errbuf[512] = "";
	scan_info info = {0};
	yajl_val tree;
	char *copy;

	if (scan_json(json, len, doc, root, &info, err) < 0)
		return NULL;
	/* yajl_tree_parse takes a NUL-terminated string */
	copy = xmalloc(len + 1);
	memcpy(copy, json, len);
	tree = yajl_tree_parse(copy, errbuf, sizeof(errbuf));
	free(copy);
	if (tree == NULL) {
		size_t n = strcspn(errbuf, "\n");

		while (n > 0 && (errbuf[n - 1] == ' ' || errbuf[n - 1] == '\t'))
			n--;
		errbuf[n] = '\0';
		lxr_error_set(err, EINVAL, "%s: invalid JSON: %s", doc,
			      errbuf[0] ? errbuf : "parse error");
		return NULL;
	}
	if (info.has_nul) {
		yajl_tree_free(tree);
		path_error(err, EINVAL, info.nul_path.len ? info.nul_path.s : doc,
			   "contains a NUL byte");
		return NULL;
	}
	return tree;
}

/* Parses a whole document into obj (already zeroed); on error obj is freed and zeroed. */
static int parse_document(const char *json, size_t len, const char *doc, const char *root,
			  const schema *s, void *obj, lxr_error **err)
{
	yajl_val tree = parse_tree(json, len, doc, root, err);
	int r;

	if (tree == NULL)
		return -1;
	if (!YAJL_IS_OBJECT(tree))
		r = type_error(err, doc, "an object", tree);
	else
		r = parse_object(tree, root, s, obj, err);
	yajl_tree_free(tree);
	if (r < 0) {
		free_object(s, obj);
		memset(obj, 0, s->size);
	}
	return r;
}

int spec_parse(const char *json, size_t len, spec_config *out, lxr_error **err)
{
	memset(out, 0, sizeof(*out));
	return parse_document(json, len, CONFIG_DOC, "", &spec_config_schema, out, err);
}

/* Paths keep the "process." prefix so messages and the unsupported table match
 * those of config.json's process. */
int spec_parse_process(const char *json, size_t len, spec_process *out, lxr_error **err)
{
	memset(out, 0, sizeof(*out));
	return parse_document(json, len, "process", "process", &spec_process_schema, out, err);
}

/* Paths start at "linux.resources" so messages match those of config.json. */
int spec_parse_resources(const char *json, size_t len, spec_resources *out, lxr_error **err)
{
	memset(out, 0, sizeof(*out));
	return parse_document(json, len, "resources", "linux.resources", &spec_resources_schema,
			      out, err);
}

void spec_resources_free(spec_resources *r)
{
	free_object(&spec_resources_schema, r);
	memset(r, 0, sizeof(*r));
}

/* "<path>: <strerror>", the shape of a missing-file message users expect. */
static int file_error(lxr_error **err, int errnum, const char *path)
{
	return lxr_error_set(err, errnum, "%s: %s", path, lxr_strerror(errnum));
}

int spec_load_bundle(const char *bundle, spec_config *out, lxr_error **err)
{
	_cleanup_free_ char *path = NULL, *text = NULL;
	lxr_error *read_err = NULL;
	size_t blen = strlen(bundle), len = 0;
	struct stat st;

	memset(out, 0, sizeof(*out));
	if (asprintf(&path, "%s%s" CONFIG_DOC, bundle,
		     blen > 0 && bundle[blen - 1] == '/' ? "" : "/") < 0)
		abort();
	if (stat(path, &st) < 0)
		return file_error(err, errno, path);
	/* a fifo would block create forever, a directory or device is no document */
	if (!S_ISREG(st.st_mode))
		return lxr_error_set(err, EINVAL, "%s: not a regular file", path);
	/* checked before reading, so a huge file is never loaded into memory */
	if ((uintmax_t)st.st_size > MAX_JSON_SIZE)
		return lxr_error_set(err, EFBIG, "%s: %jd bytes is over the 16 MiB limit", path,
				     (intmax_t)st.st_size);
	text = read_file(path, &len, &read_err);
	if (text == NULL) {
		int errnum = read_err ? read_err->errnum : EIO;

		lxr_error_free(&read_err);
		return file_error(err, errnum, path);
	}
	if (spec_parse(text, len, out, err) < 0) {
		/* Document-level messages already read "config.json: ..."; field
		 * paths never start that way (no spec field has that name). */
		if (err != NULL && *err != NULL &&
		    strncmp((*err)->msg, CONFIG_DOC ": ", strlen(CONFIG_DOC ": ")) != 0)
			lxr_error_wrap(err, CONFIG_DOC);
		return -1;
	}
	return 0;
}
