/* summary.c: a request as its readers want it: filled-in fields only, dates in words. */
#include <string.h>
#include <strings.h>

#include "date.h"
#include "form.h"
#include "request.h"
#include "summary.h"
#include "util.h"

static bool filled(const char *s)
{
	return s && *s;
}

static void line(struct buf *b, const char *label, const char *value)
{
	if (filled(value))
		buf_addf(b, "%s: %s\n", label, value);
}

static void date_words(const char *iso, char out[40])
{
	struct date d;

	*out = '\0';
	if (filled(iso) && date_parse(iso, &d) == 0)
		date_long_nl(&d, out);
}

char *summary_pupil(const struct request *rq)
{
	return xasprintf("%s%s%s%s%s", rq->roepnaam ? rq->roepnaam : "",
			 filled(rq->voorvoegsel) ? " " : "", rq->voorvoegsel ? rq->voorvoegsel : "",
			 filled(rq->achternaam) ? " " : "", rq->achternaam ? rq->achternaam : "");
}

static void pupil_line(struct buf *b, const struct request *rq)
{
	char born[40];
	char *name;

	if (!filled(rq->roepnaam) && !filled(rq->achternaam))
		return;
	name = summary_pupil(rq);
	buf_addf(b, "Leerling: %s", name);
	free(name);
	date_words(rq->geboortedatum, born);
	if (*born)
		buf_addf(b, ", geboren op %s", born);
	buf_adds(b, "\n");
}

static void people_line(struct buf *b, const struct participant *pp, size_t np, enum role role,
			bool with_address)
{
	size_t n = 0;

	for (size_t i = 0; i < np; i++) {
		if (pp[i].role != role)
			continue;
		buf_addf(b, "%s%s", n++ ? ", " : "", pp[i].name && *pp[i].name ? pp[i].name : "");
		if (with_address)
			buf_addf(b, " <%s>", pp[i].email);
	}
	if (n)
		buf_adds(b, "\n");
}

static void people(struct buf *b, const struct participant *pp, size_t np)
{
	static const struct {
		enum role role;
		const char *label;
		bool with_address;
	} who[] = {
		{ ROLE_IB, "Intern begeleider", true },
		{ ROLE_TB, "Trajectbegeleider", true },
		{ ROLE_OUDER, "Ouders/verzorgers", false },
	};

	for (size_t w = 0; w < ARRAY_SIZE(who); w++) {
		bool any = false;
		for (size_t i = 0; i < np; i++)
			any |= pp[i].role == who[w].role;
		if (!any)
			continue;
		buf_addf(b, "%s: ", who[w].label);
		people_line(b, pp, np, who[w].role, who[w].with_address);
	}
}

static void asked_line(struct buf *b, const struct request *rq)
{
	char hours[16] = "", start[40], end[40];

	if (rq->req_hours_half)
		hours_nl(rq->req_hours_half, hours);
	date_words(rq->req_start, start);
	date_words(rq->req_end, end);
	if (!*hours && !*start && !*end)
		return;
	buf_adds(b, "Gevraagd: ");
	if (*hours)
		buf_addf(b, "%s uur", hours);
	if (*start)
		buf_addf(b, "%svan %s", *hours ? ", " : "", start);
	if (*end)
		buf_addf(b, "%stot en met %s", *hours || *start ? " " : "", end);
	buf_adds(b, "\n");
}

char *summary_expertise(unsigned mask)
{
	struct buf b = BUF_INIT;

	for (unsigned i = 0; i < EXPERTISE_COUNT; i++) {
		unsigned bit = 1u << i;
		if (!(mask & bit))
			continue;
		buf_addf(&b, "%s%s", b.len ? ", " : "", expertise_code(bit));
		if (strcmp(expertise_code(bit), expertise_explanation(bit)) != 0)
			buf_addf(&b, " (%s)", expertise_explanation(bit));
	}
	return buf_detach(&b);
}

static void text_block(struct buf *b, const char *heading, const char *text)
{
	if (filled(text))
		buf_addf(b, "\n%s:\n%s\n", heading, text);
}

char *summary_subject(const struct request *rq)
{
	if (rq->niveau == NIVEAU_SCHOOL)
		return xstrdup("de hele school");
	if (filled(rq->groep))
		return strncasecmp(rq->groep, "groep", 5) == 0 ? xstrdup(rq->groep)
							      : xasprintf("groep %s", rq->groep);
	return xstrdup(niveau_name(rq->niveau));
}

char *summary_text(const struct request *rq, const struct participant *pp, size_t np)
{
	struct buf b = BUF_INIT;

	line(&b, "Kenmerk", rq->kenmerk);
	line(&b, "Niveau", niveau_name(rq->niveau));
	line(&b, "School", rq->school);
	line(&b, "BRIN", rq->brin);
	line(&b, "Bestuur", rq->bestuur);
	if (rq->niveau != NIVEAU_SCHOOL)
		line(&b, "Groep", rq->groep);
	pupil_line(&b, rq);
	people(&b, pp, np);
	asked_line(&b, rq);
	line(&b, "Voorkeur SO-organisatie", rq->so_organisatie);
	line(&b, "Voorkeur begeleider", rq->voorkeur_begeleider);
	char *expertise = summary_expertise(rq->expertise);
	line(&b, "Expertise", expertise);
	free(expertise);
	line(&b, "Eerdere aanvraag", rq->eerdere_aanvraag);
	text_block(&b, "Ondersteuningsvraag", rq->vraag);
	text_block(&b, "Ondersteuningsbehoeften", rq->behoeften);
	text_block(&b, "Genomen maatregelen", rq->maatregelen);
	text_block(&b, "Resultaat van de maatregelen", rq->resultaat);
	text_block(&b, "Andere instanties", rq->instanties);
	return buf_detach(&b);
}
