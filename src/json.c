/* json.c: JSON string escaping for the operator's output. */
#include "json.h"
#include "util.h"

void json_string(struct buf *out, const char *s)
{
	if (!s) {
		buf_adds(out, "null");
		return;
	}
	buf_addc(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '"': buf_adds(out, "\\\""); break;
		case '\\': buf_adds(out, "\\\\"); break;
		case '\n': buf_adds(out, "\\n"); break;
		case '\r': buf_adds(out, "\\r"); break;
		case '\t': buf_adds(out, "\\t"); break;
		default:
			if (c < 0x20)
				buf_addf(out, "\\u%04x", c);
			else
				buf_addc(out, (char)c);
		}
	}
	buf_addc(out, '"');
}

void json_field(struct buf *out, const char *key, const char *value, int first)
{
	if (!first)
		buf_adds(out, ", ");
	json_string(out, key);
	buf_adds(out, ": ");
	json_string(out, value);
}
