/* notice.c: the mail plan: for every status and role, for every command, which template. */
#include "notice.h"
#include "util.h"

static const struct {
	enum status entered;
	enum role role;
	const char *template;
} status_notices[] = {
	{ ST_VOORLOPIG, ROLE_TB, "beoordelen-tb" },
	{ ST_VOORLOPIG, ROLE_OUDER, "toestemming-ouder" },
	{ ST_VOORLOPIG, ROLE_LOKET, "melding-loket" },
	{ ST_VOORLOPIG, ROLE_IB, "ontvangen-ib" },
	{ ST_INDIENEN, ROLE_IB, "indienen-ib" },
	{ ST_INDIENEN, ROLE_TB, "statuswijziging" },
	{ ST_INDIENEN, ROLE_LOKET, "indienen-loket" },
	{ ST_INCOMPLEET, ROLE_IB, "incompleet-ib" },
	{ ST_INCOMPLEET, ROLE_TB, "statuswijziging" },
	{ ST_INCOMPLEET, ROLE_LOKET, "melding-loket" },
	{ ST_AFGEWEZEN, ROLE_IB, "afgewezen-ib" },
	{ ST_AFGEWEZEN, ROLE_TB, "statuswijziging" },
	{ ST_AFGEWEZEN, ROLE_LOKET, "melding-loket" },
	{ ST_DOORGEZET, ROLE_IB, "doorgezet-ib" },
	{ ST_DOORGEZET, ROLE_TB, "statuswijziging" },
	{ ST_DOORGEZET, ROLE_LOKET, "melding-loket" },
	{ ST_DOORGEZET, ROLE_SOCO, "doorgezet-soco" },
	{ ST_UITVOERING, ROLE_IB, "uitvoering-ib" },
	{ ST_UITVOERING, ROLE_TB, "statuswijziging" },
	{ ST_UITVOERING, ROLE_LOKET, "melding-loket" },
	{ ST_UITVOERING, ROLE_SOCO, "statuswijziging" },
	{ ST_UITVOERING, ROLE_BPOER, "uitvoering-bpoer" },
	{ ST_AFGEROND, ROLE_IB, "afgerond-ib" },
	{ ST_AFGEROND, ROLE_TB, "statuswijziging" },
	{ ST_AFGEROND, ROLE_LOKET, "afgerond-loket" },
	{ ST_AFGEROND, ROLE_SOCO, "statuswijziging" },
	{ ST_AFGEROND, ROLE_BPOER, "statuswijziging" },
	{ ST_INGETROKKEN, ROLE_IB, "ingetrokken-ib" },
	{ ST_INGETROKKEN, ROLE_TB, "statuswijziging" },
	{ ST_INGETROKKEN, ROLE_LOKET, "melding-loket" },
	{ ST_INGETROKKEN, ROLE_SOCO, "statuswijziging" },
	{ ST_INGETROKKEN, ROLE_BPOER, "statuswijziging" },
};

static const struct {
	enum cmd cmd;
	const char *confirmation;
} commands[] = {
	{ CMD_FORM, "ontvangen-ib" },
	{ CMD_AKKOORD, "bevestiging-akkoord" },
	{ CMD_AFGEWEZEN, "bevestiging-afgewezen" },
	{ CMD_INCOMPLEET, "bevestiging-incompleet" },
	{ CMD_TOESTEMMING, "bevestiging-toestemming" },
	{ CMD_GEEN_TOESTEMMING, "bevestiging-geen-toestemming" },
	{ CMD_SOCO, "bevestiging-soco" },
	{ CMD_BPOER, "bevestiging-bpoer" },
	{ CMD_AFGEROND, "bevestiging-afgerond" },
	{ CMD_INTREKKEN, "bevestiging-intrekken" },
	{ CMD_STATUS, "status" },
	{ CMD_OVERLEG, "overleg" },
};

/* Templates used by the intake outside these tables. */
static const char *const other_templates[] = {
	"formulier", "formulier-fouten", "geweigerd", "al-besloten", "onbekend-kenmerk",
	"niet-betrokken", "poort-ib", "te-groot", "niets-besloten", "ander-adres", "bericht-ouder",
	"antwoord-ouder",
	"bevestiging", "bevestiging-toestemming-ingetrokken", "wijziging", "niet-meer-betrokken",
	"verlenging-loket",
	"onbestelbaar-loket", "afwezig-loket", "herinnering", "herinnering-loket",
};

static const char *const error_templates[] = {
	"geweigerd", "al-besloten", "onbekend-kenmerk", "niet-betrokken", "formulier-fouten",
	"te-groot", "formulier", "niets-besloten", "ander-adres", NULL,
};

bool notice_is_error(const char *template)
{
	for (size_t i = 0; error_templates[i]; i++)
		if (strcmp(template, error_templates[i]) == 0)
			return true;
	return false;
}

const char *const *notice_error_templates(void)
{
	return error_templates;
}

const char *notice_for_status(enum status entered, enum role recipient)
{
	for (size_t i = 0; i < ARRAY_SIZE(status_notices); i++)
		if (status_notices[i].entered == entered && status_notices[i].role == recipient)
			return status_notices[i].template;
	return NULL;
}

const char *notice_confirmation(enum cmd c, const char *event)
{
	if (event && strcmp(event, "toestemming-ingetrokken") == 0)
		return "bevestiging-toestemming-ingetrokken";
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (commands[i].cmd == c)
			return commands[i].confirmation;
	return "bevestiging";
}

const char *const *notice_all_templates(void)
{
	static const char *all[ARRAY_SIZE(status_notices) + ARRAY_SIZE(commands) +
			       ARRAY_SIZE(other_templates) + 1];
	size_t n = 0;

	if (all[0])
		return all;
	for (size_t i = 0; i < ARRAY_SIZE(status_notices); i++)
		all[n++] = status_notices[i].template;
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		all[n++] = commands[i].confirmation;
	for (size_t i = 0; i < ARRAY_SIZE(other_templates); i++)
		all[n++] = other_templates[i];
	all[n] = NULL;
	return all;
}

/* How each command is written, as the exact line to reply with (bpomail(1), Commands in mail). */
static const struct {
	enum cmd cmd;
	enum role role;          /* ROLE_NONE: any role */
	const char *line;
} usages[] = {
	{ CMD_AKKOORD, ROLE_NONE, "AKKOORD" },
	{ CMD_AFGEWEZEN, ROLE_NONE, "AFGEWEZEN: de reden" },
	{ CMD_INCOMPLEET, ROLE_NONE, "INCOMPLEET: wat er ontbreekt" },
	{ CMD_TOESTEMMING, ROLE_IB, "TOESTEMMING (met het ondertekende toestemmingsformulier als bijlage)" },
	{ CMD_TOESTEMMING, ROLE_NONE, "TOESTEMMING" },
	{ CMD_GEEN_TOESTEMMING, ROLE_NONE, "GEEN TOESTEMMING" },
	{ CMD_TOESTEMMING_INTREKKEN, ROLE_NONE, "TOESTEMMING INTREKKEN" },
	{ CMD_SOCO, ROLE_NONE, "SO-coördinator: naam of e-mailadres" },
	{ CMD_BPOER, ROLE_NONE, "BPO-er: naam of e-mailadres" },
	{ CMD_TB, ROLE_NONE, "Trajectbegeleider: naam of e-mailadres" },
	{ CMD_AFGEROND, ROLE_NONE, "AFGEROND" },
	{ CMD_INTREKKEN, ROLE_NONE, "INTREKKEN: de reden" },
	{ CMD_STATUS, ROLE_NONE, "STATUS" },
	{ CMD_TERUG, ROLE_NONE, "TERUG: de reden" },
	{ CMD_STOPPEN, ROLE_NONE, "STOPPEN: de reden" },
	{ CMD_VERLENGING, ROLE_NONE, "VERLENGING: de reden, met de regels Uren: en/of Einddatum:" },
	{ CMD_VERLENGING_AKKOORD, ROLE_NONE, "VERLENGING AKKOORD" },
	{ CMD_VERLENGING_AFGEWEZEN, ROLE_NONE, "VERLENGING AFGEWEZEN: de reden" },
	{ CMD_FORM, ROLE_NONE, "het verbeterde formulier en/of de ontbrekende documenten als bijlage" },
};

const char *notice_usage(enum cmd c, enum role r)
{
	for (size_t i = 0; i < ARRAY_SIZE(usages); i++)
		if (usages[i].cmd == c && (usages[i].role == ROLE_NONE || usages[i].role == r))
			return usages[i].line;
	return cmd_name(c);
}
