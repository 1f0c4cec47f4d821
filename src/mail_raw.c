/*
 * mail_raw.c: the message as bytes, before libetpan parses it: the guards
 * against what libetpan 1.9.4 cannot take (../shared/notes/libetpan.md),
 * the mbox "From " line and the trace fields left out of a message's hash.
 */
#include <libetpan/libetpan.h>
#include <strings.h>

#include "mail_raw.h"
#include "mailparse.h"
#include "util.h"

/* Guards ---------------------------------------------------------------- */

bool raw_line_starts_ci(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);
	return (size_t)(end - p) >= n && strncasecmp(p, word, n) == 0;
}

/*
 * A boundary that unquotes to a lone '"' crashes libetpan 1.9.4 (README, Hostile
 * mail). libetpan reaches it through comments, folding and even RFC 2047 words
 * in Content-Type (it decodes the whole value first), so the value is read
 * here with libetpan's own parsers, exactly as mailmime_field_parse() does,
 * and any boundary holding a quote or a backslash (never valid: RFC 2046
 * bchars) is refused.
 */
static bool bad_boundary_in(const char *value)
{
	struct mailmime_content *ct = NULL;
	size_t idx = 0;
	bool bad = false;

	if (mailmime_content_parse(value, strlen(value), &idx, &ct) != MAILIMF_NO_ERROR || !ct)
		return false;
	for (clistiter *it = clist_begin(ct->ct_parameters); it && !bad; it = clist_next(it)) {
		struct mailmime_parameter *p = clist_content(it);
		bad = p->pa_name && p->pa_value && strcasecmp(p->pa_name, "boundary") == 0 &&
		      strpbrk(p->pa_value, "\\\"") != NULL;
	}
	mailmime_content_free(ct);
	return bad;
}

static bool bad_boundary_value(const char *value)
{
	char *decoded = NULL;
	size_t idx = 0;
	bool bad = bad_boundary_in(value);

	if (!bad && mailmime_encoded_phrase_parse("us-ascii", value, strlen(value), &idx, "utf-8",
						  &decoded) == MAILIMF_NO_ERROR && decoded)
		bad = bad_boundary_in(decoded);
	free(decoded);
	return bad;
}

/* The Content-Type header starting at p, continuation lines included (libetpan keeps the folding). */
static bool bad_boundary(const char *p, const char *end)
{
	const char *q = p, *colon;
	bool bad = false;

	for (;;) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		q = nl ? nl + 1 : end;
		if (q >= end || (*q != ' ' && *q != '\t'))
			break;
	}
	colon = memchr(p, ':', (size_t)(q - p));
	if (!colon)
		return false;
	colon++;
	/* Header values are C strings in libetpan: read both what stops at a NUL and what skips it. */
	char *upto_nul = xstrndup(colon, (size_t)(q - colon));
	bad = bad_boundary_value(upto_nul);
	free(upto_nul);
	if (!bad && memchr(colon, '\0', (size_t)(q - colon))) {
		struct buf no_nul = BUF_INIT;
		for (const char *c = colon; c < q; c++)
			if (*c)
				buf_addc(&no_nul, *c);
		bad = bad_boundary_value(buf_str(&no_nul));
		buf_free(&no_nul);
	}
	return bad;
}

const char *raw_refusal(const char *raw, size_t len)
{
	const char *p = raw, *end = raw + len;
	unsigned content_types = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end;
		if (raw_line_starts_ci(p, line_end, "content-type")) {
			if (++content_types > BOUND_CONTENT_TYPE_LINES)
				return "het bericht bestaat uit te veel delen";
			if (bad_boundary(p, end))
				return "het bericht heeft een ongeldige MIME-grens (boundary)";
		}
		p = nl ? nl + 1 : end;
	}
	return NULL;
}

/* Headers ----------------------------------------------------------------- */


size_t mailparse_mbox_from_len(const char *raw, size_t len)
{
	const char *nl;

	if (len < 5 || memcmp(raw, "From ", 5) != 0 || !(nl = memchr(raw, '\n', len)))
		return 0;
	return (size_t)(nl + 1 - raw);
}

/* Header fields mail servers add on the way; the same message may arrive with other ones. */
static bool is_trace_field(const char *p, const char *end)
{
	static const char *const trace[] = {
		"received:", "return-path:", "delivered-to:", "x-original-to:",
		"authentication-results:", "arc-authentication-results:", "arc-message-signature:",
		"arc-seal:", "received-spf:", "x-received:", "x-spam-", "x-virus-",
	};

	for (size_t i = 0; i < ARRAY_SIZE(trace); i++)
		if (raw_line_starts_ci(p, end, trace[i]))
			return true;
	return false;
}

void mailparse_content_spans(const char *raw, size_t len,
			     void (*emit)(void *arg, const char *p, size_t n), void *arg)
{
	const char *p = raw, *end = raw + len, *span = raw;
	bool skipping = false;

	/* The header block: each line, folded continuations going with their field. */
	while (p < end && *p != '\n' && !(*p == '\r' && p + 1 < end && p[1] == '\n')) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *next = nl ? nl + 1 : end;
		bool continuation = *p == ' ' || *p == '\t';
		bool skip = continuation ? skipping : is_trace_field(p, next);

		if (skip && !skipping && p > span)
			emit(arg, span, (size_t)(p - span));
		if (!skip && skipping)
			span = p;
		skipping = skip;
		p = next;
	}
	if (skipping)
		span = p;
	if (end > span)
		emit(arg, span, (size_t)(end - span));
}
