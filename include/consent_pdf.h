/* consent_pdf.h: the printable consent form for parents (PDF, A4, Dutch), drawn with cairo. */
#ifndef BPOMAIL_CONSENT_PDF_H
#define BPOMAIL_CONSENT_PDF_H

struct buf;

/*
 * What the form shows; all UTF-8, LF line ends, a blank line between
 * paragraphs. Nothing about the pupil goes in: the parent writes the
 * child's name on the form (bpomail(1), PRIVACY: the form holds no more
 * than the parent's own letter).
 */
struct consent_pdf_text {
	const char *kenmerk;       /* "BPO-2027-0001" */
	const char *school;
	const char *shared;        /* what is shared, with whom */
	const char *toelichting;   /* the intern begeleider's "Toelichting voor ouders", or NULL */
};

/* Longest text of one field that is drawn (bytes); pages of text at most (the part to fill in may add one). */
#define CONSENT_PDF_FIELD_MAX 8000
#define CONSENT_PDF_PAGES     6

/* The file name the form is attached under: "Toestemmingsformulier BPO-2027-0001.pdf" (caller frees). */
char *consent_pdf_filename(const char *kenmerk);

/*
 * Appends the whole PDF (A4: title, kenmerk, school, what is shared with
 * whom, the toelichting, then lines to fill in: name of the parent and of
 * the pupil, yes/no boxes, date, signature) to out; long text wraps and
 * runs over onto further pages. Returns 0, or -1 when cairo failed (out
 * unchanged).
 */
int consent_pdf(const struct consent_pdf_text *t, struct buf *out);

#endif
