/* json.h: writing JSON values for the operator's --json output. */
#ifndef BPOMAIL_JSON_H
#define BPOMAIL_JSON_H

struct buf;

/* Appends s as a JSON string (quoted, escaped; NULL gives null). */
void json_string(struct buf *out, const char *s);
/* Appends "key": "value" with a leading comma when not first. */
void json_field(struct buf *out, const char *key, const char *value, int first);

#endif
