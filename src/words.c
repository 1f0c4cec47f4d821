/* words.c: statuses and history in the words people read in a mail (no codes). */
#include <string.h>

#include "date.h"
#include "request.h"
#include "util.h"
#include "words.h"

static const char *const status_words[ST_COUNT] = {
	[ST_NONE] = "nog niet ingediend",
	[ST_VOORLOPIG] = "in voorbereiding: de beoordeling of de toestemming loopt nog",
	[ST_INCOMPLEET] = "teruggestuurd naar de school om aan te vullen",
	[ST_AFGEWEZEN] = "afgewezen",
	[ST_INDIENEN] = "ingediend bij het SO-loket van het samenwerkingsverband",
	[ST_DOORGEZET] = "doorgezet naar de school voor speciaal onderwijs",
	[ST_UITVOERING] = "in uitvoering: de BPO-er begeleidt de school",
	[ST_AFGEROND] = "afgerond",
	[ST_INGETROKKEN] = "ingetrokken; er gebeurt niets meer mee",
};

/* Every event code of the history (the event table's CHECK in store.c), as a verb phrase. */
static const struct {
	const char *code;
	const char *by_someone;     /* after the actor's name */
	const char *by_nobody;      /* a whole sentence, when bpomail recorded it */
} events[] = {
	{ "aangevraagd", "vroeg de begeleiding aan", "De aanvraag is ontvangen" },
	{ "toelichting", "gaf een toelichting bij de aanvraag", "Er is een toelichting ontvangen" },
	{ "ingediend", "diende de aanvraag in bij het SO-loket", "De aanvraag is ingediend bij het SO-loket" },
	{ "akkoord", "gaf akkoord", "Er is akkoord gegeven" },
	{ "afgewezen", "wees de aanvraag af", "De aanvraag is afgewezen" },
	{ "incompleet", "stuurde de aanvraag terug om aan te vullen",
	  "De aanvraag is teruggestuurd om aan te vullen" },
	{ "toestemming", "gaf toestemming", "De toestemming is vastgelegd" },
	{ "geen-toestemming", "gaf geen toestemming", "Er is geen toestemming gegeven" },
	{ "toestemming-ingetrokken", "trok de toestemming in", "De toestemming is ingetrokken" },
	{ "doorgezet", "zette de aanvraag door naar de SO-coördinator",
	  "De aanvraag is doorgezet naar de SO-coördinator" },
	{ "in-uitvoering", "wees de BPO-er aan; de begeleiding begon", "De begeleiding is begonnen" },
	{ "afgerond", "rondde de begeleiding af", "De begeleiding is afgerond" },
	{ "gestopt", "stopte de begeleiding voor het einde", "De begeleiding is voor het einde gestopt" },
	{ "ingetrokken", "trok de aanvraag in", "De aanvraag is ingetrokken" },
	{ "aangevuld", "vulde de aanvraag aan", "De aanvraag is aangevuld" },
	{ "overleg", "stuurde een bericht", "Er is een bericht doorgestuurd" },
	{ "onbestelbaar", "kon een bericht niet ontvangen", "Een bericht kon niet worden bezorgd" },
	{ "afwezig", "meldde afwezigheid", "Er kwam een afwezigheidsmelding" },
	{ "herinnering", "kreeg een herinnering", "Er is een herinnering verstuurd" },
	{ "tb-vervangen", "wees een andere trajectbegeleider aan",
	  "Er is een andere trajectbegeleider aangewezen" },
	{ "soco-vervangen", "wees een andere SO-coördinator aan",
	  "Er is een andere SO-coördinator aangewezen" },
	{ "bpoer-vervangen", "wees een andere BPO-er aan", "Er is een andere BPO-er aangewezen" },
	{ "terug", "gaf de aanvraag terug aan het SO-loket",
	  "De aanvraag is teruggegeven aan het SO-loket" },
	{ "verlenging-gevraagd", "vroeg om verlenging", "Er is om verlenging gevraagd" },
	{ "verlenging-akkoord", "gaf akkoord op de verlenging", "De verlenging is toegekend" },
	{ "verlenging-afgewezen", "wees de verlenging af", "De verlenging is afgewezen" },
	{ "gekoppeld", "koppelde de aanvraag aan een andere aanvraag",
	  "De aanvraag is gekoppeld aan een andere aanvraag" },
	{ "waarschuwing", "stuurde iets dat niet helemaal verwerkt kon worden",
	  "Niet alles kon worden verwerkt; de beheerder weet ervan" },
};

static const char *const command_words[CMD_COUNT] = {
	[CMD_OVERLEG] = "stuurde een bericht",
	[CMD_FORM] = "vulde de aanvraag aan",
	[CMD_AKKOORD] = "gaf akkoord",
	[CMD_AFGEWEZEN] = "wees de aanvraag af",
	[CMD_INCOMPLEET] = "stuurde de aanvraag terug om aan te vullen",
	[CMD_TOESTEMMING] = "gaf toestemming",
	[CMD_GEEN_TOESTEMMING] = "gaf geen toestemming",
	[CMD_SOCO] = "koos de SO-coördinator",
	[CMD_BPOER] = "koos de BPO-er",
	[CMD_AFGEROND] = "rondde de begeleiding af",
	[CMD_INTREKKEN] = "trok de aanvraag in",
	[CMD_STATUS] = "vroeg naar de stand van zaken",
	[CMD_TOESTEMMING_INTREKKEN] = "trok de toestemming in",
	[CMD_TB] = "wees een andere trajectbegeleider aan",
	[CMD_TERUG] = "gaf de aanvraag terug aan het SO-loket",
	[CMD_STOPPEN] = "stopte de begeleiding",
	[CMD_VERLENGING] = "vroeg om verlenging",
	[CMD_VERLENGING_AKKOORD] = "gaf akkoord op de verlenging",
	[CMD_VERLENGING_AFGEWEZEN] = "wees de verlenging af",
};

const char *words_command(enum cmd c)
{
	return c >= CMD_OVERLEG && c < CMD_COUNT ? command_words[c] : "";
}

const char *words_status(enum status s)
{
	return s >= ST_NONE && s < ST_COUNT ? status_words[s] : status_words[ST_NONE];
}

static int event_index(const char *code)
{
	for (size_t i = 0; code && i < ARRAY_SIZE(events); i++)
		if (strcmp(events[i].code, code) == 0)
			return (int)i;
	return -1;
}

const char *words_event(const char *event)
{
	int i = event_index(event);
	return i < 0 ? NULL : events[i].by_someone;
}

void words_history_line(const struct history_line *h, struct buf *out)
{
	char when[64];
	int i = event_index(h->event);

	time_iso_long_nl(h->at, when);
	buf_addf(out, "- %s: ", when);
	if (i < 0)
		buf_addf(out, "%s", h->event ? h->event : "");
	else if (!h->by)
		buf_addf(out, "%s", events[i].by_nobody);
	else if (h->by_role != ROLE_NONE)
		buf_addf(out, "%s (%s) %s", h->by, role_name(h->by_role), events[i].by_someone);
	else
		buf_addf(out, "%s %s", h->by, events[i].by_someone);
	buf_adds(out, ".\n");
}
