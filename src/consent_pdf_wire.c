/* consent_pdf_wire.c: the consent form's text as bpomail sends it to bpomail-pdf, and read back there. */
#include "consent_pdf.h"
#include "util.h"

static const char magic[] = "BPOPDF1\n";

static void put_field(struct buf *out, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n > CONSENT_PDF_FIELD_MAX)
		n = CONSENT_PDF_FIELD_MAX;
	buf_addf(out, "%zu\n", n);
	buf_add(out, s ? s : "", n);
	buf_addc(out, '\n');
}

void consent_pdf_wire_put(const struct consent_pdf_text *t, struct buf *out)
{
	buf_adds(out, magic);
	put_field(out, t->kenmerk);
	put_field(out, t->school);
	put_field(out, t->shared);
	put_field(out, t->toelichting);
}

/* One field at *pos: a length in digits only, LF, that many bytes without NUL, LF. NULL on anything else. */
static char *get_field(const char *in, size_t len, size_t *pos)
{
	size_t p = *pos, n = 0, digits = 0;

	while (p < len && in[p] >= '0' && in[p] <= '9' && digits < 5) {
		n = n * 10 + (size_t)(in[p++] - '0');
		digits++;
	}
	if (digits == 0 || n > CONSENT_PDF_FIELD_MAX || p >= len || in[p++] != '\n')
		return NULL;
	if (len - p < n + 1 || in[p + n] != '\n' || memchr(in + p, '\0', n))
		return NULL;
	*pos = p + n + 1;
	return xstrndup(in + p, n);
}

int consent_pdf_wire_get(const char *in, size_t len, struct consent_pdf_text *t, char *fields[4])
{
	size_t pos = sizeof magic - 1;
	size_t i = 0;

	if (len < pos || memcmp(in, magic, pos) != 0)
		return -1;
	for (; i < 4; i++)
		if (!(fields[i] = get_field(in, len, &pos)))
			break;
	if (i < 4 || pos != len) {
		for (size_t j = 0; j < i && j < 4; j++)
			free(fields[j]);
		return -1;
	}
	*t = (struct consent_pdf_text){ fields[0], fields[1], fields[2], fields[3] };
	return 0;
}
