/*
 * consent_pdf_draw.c: the printable consent form for parents, an A4 PDF
 * drawn with cairo's PDF surface (fonts embedded and subset by cairo, text
 * extractable). Layout by hand: words wrapped to the text width, a new
 * page when one is full, the fill-in block kept on one page.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>

#include "consent_pdf_draw.h"
#include "utf8.h"
#include "util.h"

#define PAGE_W   595.28   /* A4 in points */
#define PAGE_H   841.89
#define MARGIN   62.0
#define TEXT_W   (PAGE_W - 2 * MARGIN)
#define FONT     "DejaVu Sans"
#define BODY_PT  10.5
#define LINE_GAP 1.35     /* line height as a multiple of the font size */

/* Where we are on the page; full when the last page allowed is used up. */
struct pen {
	cairo_t *cr;
	double y;
	int page;
	bool full;
	const char *kenmerk;
};

static cairo_status_t collect(void *closure, const unsigned char *data, unsigned int len)
{
	buf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* Text as drawn: valid UTF-8, no controls but LF (tabs become blanks), at most CONSENT_PDF_FIELD_MAX bytes. */
static char *clean(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	char *c = utf8_clean_text(s ? s : "", n < CONSENT_PDF_FIELD_MAX ? n : CONSENT_PDF_FIELD_MAX);

	for (char *p = c; *p; p++)
		if (*p == '\t')
			*p = ' ';
	c[utf8_prefix_len(c, strlen(c), CONSENT_PDF_FIELD_MAX)] = '\0';
	return c;
}

static void font(struct pen *p, double size, bool bold)
{
	cairo_select_font_face(p->cr, FONT, CAIRO_FONT_SLANT_NORMAL,
			       bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(p->cr, size);
}

static double width_of(struct pen *p, const char *s, size_t n)
{
	char *one = xstrndup(s, n);
	cairo_text_extents_t e;

	cairo_text_extents(p->cr, one, &e);
	free(one);
	return e.x_advance;
}

/* The small print at the foot of every page. */
static void footer(struct pen *p)
{
	char *text = xasprintf("Kenmerk %s  ·  pagina %d", p->kenmerk, p->page);

	cairo_save(p->cr);
	font(p, 8, false);
	cairo_move_to(p->cr, MARGIN, PAGE_H - MARGIN / 2);
	cairo_show_text(p->cr, text);
	cairo_restore(p->cr);
	free(text);
}

static void new_page(struct pen *p)
{
	footer(p);
	cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN;
}

/* Room for height more points, on a new page when needed; false when the last page for text is full. */
static bool room(struct pen *p, double height)
{
	if (p->full)
		return false;
	if (p->y + height <= PAGE_H - MARGIN)
		return true;
	if (p->page >= CONSENT_PDF_PAGES) {
		p->full = true;
		return false;
	}
	new_page(p);
	return true;
}

static void draw_line(struct pen *p, const char *s, size_t n, double size)
{
	char *one = xstrndup(s, n);

	if (room(p, size * LINE_GAP)) {
		p->y += size * LINE_GAP;
		cairo_move_to(p->cr, MARGIN, p->y - size * (LINE_GAP - 1.0) - 1);
		cairo_show_text(p->cr, one);
	}
	free(one);
}

/* Length of the longest prefix of s[0..n) that fits the width, whole characters, at least one. */
static size_t fitting_chars(struct pen *p, const char *s, size_t n)
{
	size_t fit = 0;

	while (fit < n) {
		size_t next = fit + 1;
		while (next < n && ((unsigned char)s[next] & 0xc0) == 0x80)
			next++;
		if (fit > 0 && width_of(p, s, next) > TEXT_W)
			break;
		fit = next;
	}
	return fit;
}

/* One line of input, wrapped at blanks (a word wider than the page is cut between characters). */
static void wrap_line(struct pen *p, const char *s, size_t n, double size)
{
	while (n > 0) {
		size_t end = 0, fit = 0;
		while (end < n) {
			size_t word_end = end;
			while (word_end < n && s[word_end] == ' ')
				word_end++;
			while (word_end < n && s[word_end] != ' ')
				word_end++;
			if (fit > 0 && width_of(p, s, word_end) > TEXT_W)
				break;
			fit = end = word_end;
		}
		if (width_of(p, s, fit) > TEXT_W)
			fit = fitting_chars(p, s, fit);
		draw_line(p, s, fit, size);
		s += fit;
		n -= fit;
		while (n > 0 && *s == ' ') {
			s++;
			n--;
		}
	}
}

/* Text of paragraphs: each LF a new line, a blank line half a line of space. */
static void paragraphs(struct pen *p, const char *raw, double size, bool bold)
{
	char *text = clean(raw);

	font(p, size, bold);
	for (const char *s = text; *s;) {
		size_t n = strcspn(s, "\n");
		if (n == 0 && room(p, size * 0.6))
			p->y += size * 0.6;
		wrap_line(p, s, n, size);
		s += n + (s[n] == '\n');
	}
	free(text);
}

static void heading(struct pen *p, const char *text)
{
	if (room(p, 4 * BODY_PT))   /* never a heading alone at the foot of a page */
		p->y += BODY_PT * 0.9;
	paragraphs(p, text, 11.5, true);
	p->y += 2;
}

/* "Label: value" on one line (the value wraps below it when long). */
static void labelled(struct pen *p, const char *label, const char *value)
{
	char *line = xasprintf("%s: %s", label, value && *value ? value : "-");

	paragraphs(p, line, BODY_PT, false);
	free(line);
}

/* A label with a line to write on. */
static void fill_in(struct pen *p, const char *label, double space)
{
	double x;

	font(p, BODY_PT, false);
	p->y += space;
	cairo_move_to(p->cr, MARGIN, p->y);
	cairo_show_text(p->cr, label);
	x = MARGIN + 150;
	cairo_move_to(p->cr, x, p->y + 2);
	cairo_line_to(p->cr, PAGE_W - MARGIN, p->y + 2);
	cairo_set_line_width(p->cr, 0.6);
	cairo_stroke(p->cr);
}

/* A box to tick with its text. */
static void tick_box(struct pen *p, const char *label)
{
	font(p, BODY_PT, false);
	p->y += 24;
	cairo_rectangle(p->cr, MARGIN, p->y - 10, 11, 11);
	cairo_set_line_width(p->cr, 0.8);
	cairo_stroke(p->cr);
	cairo_move_to(p->cr, MARGIN + 20, p->y);
	cairo_show_text(p->cr, label);
}

/* The part the parent fills in: kept together on one page, also after the last page of text. */
static void form_block(struct pen *p)
{
	char *yes = xasprintf("Ja, ik geef toestemming voor de aanvraag %s.", p->kenmerk);

	if (p->y + 270 > PAGE_H - MARGIN)
		new_page(p);
	p->full = false;
	heading(p, "In te vullen door de ouder of verzorger");
	fill_in(p, "Naam ouder/verzorger:", 26);
	fill_in(p, "Naam leerling:", 30);
	tick_box(p, yes);
	tick_box(p, "Nee, ik geef geen toestemming.");
	fill_in(p, "Datum:", 36);
	fill_in(p, "Handtekening:", 48);
	free(yes);
}

static const char how_to_return[] =
	"Vul het formulier in, zet uw handtekening en geef het aan de intern begeleider van de "
	"school. U kunt ook antwoorden op de e-mail bij dit formulier, met bovenaan TOESTEMMING "
	"of GEEN TOESTEMMING. Ook als u nu toestemming geeft, kunt u die later altijd weer "
	"intrekken.";

static void draw_form(struct pen *p, const struct consent_pdf_text *t)
{
	paragraphs(p, "Toestemmingsformulier Begeleiding Passend Onderwijs (BPO)", 16, true);
	p->y += 10;
	labelled(p, "Kenmerk", p->kenmerk);
	labelled(p, "School", t->school);
	heading(p, "Wat wordt gedeeld, en met wie");
	paragraphs(p, t->shared, BODY_PT, false);
	if (t->toelichting && *t->toelichting) {
		heading(p, "Toelichting van de intern begeleider");
		paragraphs(p, t->toelichting, BODY_PT, false);
	}
	heading(p, "Hoe u het formulier teruggeeft");
	paragraphs(p, how_to_return, BODY_PT, false);
	form_block(p);
	footer(p);
}

static void set_metadata(cairo_surface_t *surface, const char *kenmerk)
{
	char *title = xasprintf("Toestemmingsformulier %s", kenmerk);

	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "bpomail");
	free(title);
}

int consent_pdf_draw(const struct consent_pdf_text *t, struct buf *out)
{
	struct buf pdf = BUF_INIT;
	char *kenmerk = clean(t->kenmerk && *t->kenmerk ? t->kenmerk : "-");
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(collect, &pdf, PAGE_W, PAGE_H);
	cairo_t *cr = cairo_create(surface);
	struct pen p = { .cr = cr, .y = MARGIN, .page = 1, .kenmerk = kenmerk };
	cairo_status_t st;

	set_metadata(surface, kenmerk);
	cairo_set_source_rgb(cr, 0, 0, 0);
	draw_form(&p, t);
	st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	/*
	 * cairo 1.16's toy fonts lose fontconfig patterns (LeakSanitizer sees
	 * them under ASan): with no cairo object left, its caches and
	 * fontconfig's are emptied; the next form sets them up again.
	 */
	cairo_debug_reset_static_data();
	FcFini();
	free(kenmerk);
	if (st != CAIRO_STATUS_SUCCESS) {
		warnx("consent form: cairo: %s", cairo_status_to_string(st));
		buf_free(&pdf);
		return -1;
	}
	buf_add(out, pdf.data, pdf.len);
	buf_free(&pdf);
	return 0;
}
