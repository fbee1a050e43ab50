/* Internal to the config.json parser: the table format that src/spec_tables.c
 * describes the runtime-spec with and src/spec_parse.c walks, plus the few
 * helpers the table checks share with the walker. Not for other modules. */
#ifndef LXCRUN_SPEC_SCHEMA_H
#define LXCRUN_SPEC_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "spec.h"

#define JPATH_LEN 512

/* A JSON path for messages ("linux.namespaces[1].type"). Fixed size: a path cut
 * short ends in "..." instead of failing, it only ever appears in messages. */
typedef struct {
	char s[JPATH_LEN];
	size_t len;
} jpath;

/* Appends printf-style text to p, truncating with "..." when full. */
void jp_addf(jpath *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Sets p to the path of member `key` of the object at `parent` ("" is the document). */
const char *jp_member(jpath *p, const char *parent, const char *key);

/* Sets p to the path of element i of the array at `parent`. */
const char *jp_index(jpath *p, const char *parent, size_t i);

/* Fills *err with "<path>: <message>"; returns -1. */
int path_error(lxr_error **err, int errnum, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

enum field_kind {
	F_STRING,    /* char * */
	F_BOOL,	     /* bool */
	F_U32,	     /* uint32_t */
	F_U64,	     /* uint64_t */
	F_I64,	     /* int64_t */
	F_INT,	     /* int */
	F_STRINGS,   /* char ** (NULL-terminated) + size_t count */
	F_U32S,	     /* uint32_t * + size_t count */
	F_MAP,	     /* object of strings: spec_kv * + size_t count */
	F_CHAR,	     /* a one-letter string out of field.chars, stored as char */
	F_NAMESPACE, /* a namespace type name, stored as enum spec_ns_type */
	F_OBJECT,    /* a nested object (field.sub) stored in place at field.off */
	F_OBJECTS,   /* an array of field.sub objects: pointer + size_t count */
	F_OBJMAP,    /* an object of field.sub objects by name: pointer + size_t count; each
			element's first member is a char * that gets the name */
};

typedef struct schema schema;

/* Validates obj (the struct holding the value) once a value is stored; path names the value. */
typedef int (*check_fn)(void *obj, const char *path, lxr_error **err);

typedef struct {
	const char *name;
	size_t off;	   /* the member holding the value */
	size_t count_off;  /* F_STRINGS, F_U32S, F_MAP, F_OBJECTS: the size_t count */
	size_t has_off;	   /* with has_flag: a bool set when the value is present */
	const char *chars; /* F_CHAR: the allowed letters */
	const schema *sub; /* F_OBJECT, F_OBJECTS */
	check_fn check;	   /* extra validation after the value is stored */
	enum field_kind kind;
	bool required;
	bool has_flag;
} field;

struct schema {
	const field *fields;
	size_t n_fields; /* at most 64: parse_object tracks seen members in a uint64_t */
	size_t size;	 /* sizeof the C struct, for arrays of these objects */
	check_fn check;	 /* whole-object validation after all members */
};

#define FIELD(json_name, field_kind, ...)                                                          \
	{                                                                                          \
		.name = (json_name), .kind = (field_kind), __VA_ARGS__                             \
	}
#define AT(type, member)    .off = offsetof(type, member)
#define COUNT(type, member) .count_off = offsetof(type, member)
#define HAS(type, member)   .has_flag = true, .has_off = offsetof(type, member)
#define REQUIRED	    .required = true
#define SCHEMA(type, fields, object_check)                                                         \
	{                                                                                          \
		(fields), sizeof(fields) / sizeof((fields)[0]), sizeof(type), (object_check)       \
	}

/* The top-level objects: a whole config.json, a standalone process, standalone resources. */
extern const schema spec_config_schema;
extern const schema spec_process_schema;
extern const schema spec_resources_schema;

/* Why a known runtime-spec field lxcrun does not implement is refused ("not
 * supported yet"), by its path with array indices left out; NULL for others. */
const char *spec_unsupported_why(const char *table_path);

#endif
