/* act.c: carries out what a mail about an existing request asks, and tells everyone concerned. */
#include <inttypes.h>

#include "command.h"
#include "compose.h"
#include "config.h"
#include "date.h"
#include "form.h"
#include "form_text.h"
#include "intake.h"
#include "job.h"
#include "notice.h"
#include "request.h"
#include "store.h"
#include "token.h"
#include "utf8.h"
#include "util.h"

/* Everything known about the message being carried out. */
struct act {
	struct job *j;
	struct request *rq;
	struct participant pp[MAX_PARTICIPANTS];
	size_t np;
	struct command c;
	enum role actor;           /* the role the sender acts in */
	char *actor_name;          /* owned */
	bool token_valid;
	const struct participant *other_owner;   /* whose token came from another address */
	struct tvars extra;        /* placeholders of this message for every letter */
	struct letters L;
};

static bool is_participant(struct act *a, const struct participant *p);

void act_add_loket(struct job *j, const struct request *rq)
{
	struct person loket[BOUND_CANDIDATES];
	size_t n = directory_with_role(j->st, ROLE_LOKET, loket, BOUND_CANDIDATES);

	for (size_t i = 0; i < n; i++) {
		participant_add(j->st, j->ix->secret, rq->id, ROLE_LOKET, loket[i].name, loket[i].email);
		person_clear(&loket[i]);
	}
}

void act_keep_documents(struct job *j, const struct request *rq)
{
	for (size_t i = 0; i < j->in.n_att; i++)
		request_add_document(j->st, rq->id, j->msg_id, j->in.att[i].filename,
				     j->in.att[i].content_type, j->in.att[i].data, j->in.att[i].len,
				     j->at);
}

void act_form_vars(const struct job *j, struct tvars *v)
{
	tvars_set(v, "gevonden", j->form_found);
	tvars_set_private(v, "toelichting", j->note);
}

/* The intern begeleider's note to the request, for those who get the whole request. */
static void note_vars(struct store *st, const struct request *rq, struct tvars *v)
{
	char *note = store_text(st, "SELECT detail FROM event WHERE request_id = ? AND event = "
				"'toelichting' ORDER BY id DESC LIMIT 1", "i", rq->id);

	tvars_set_private(v, "toelichting", note);
	free(note);
}

void act_gate_vars(const struct request *rq, struct tvars *v)
{
	tvars_set(v, "wacht_tb", rq->status == ST_VOORLOPIG && rq->gates.tb == GATE_WAITING ? "ja" : "");
	tvars_set(v, "wacht_toestemming",
		  rq->status == ST_VOORLOPIG && rq->gates.consent == GATE_WAITING ? "ja" : "");
	tvars_set(v, "ingediend", rq->status == ST_INDIENEN ? "ja" : "");
}

/* The full picture of the request for the roles that need it (never in a subject). */
static void summary_vars(const struct request *rq, const struct participant *pp, size_t np,
			 struct tvars *v)
{
	struct form f;
	char *text;

	request_form(rq, pp, np, &f);
	text = form_text_render(&f);
	tvars_set_private(v, "samenvatting", text);
	free(text);
	form_free(&f);
}

static bool is_actor(const struct participant *p, enum role actor_role, const char *actor_email)
{
	return actor_email && p->role == actor_role && str_eq_nocase(p->email, actor_email);
}

/*
 * A person who becomes involved gets the full picture: the form in the mail
 * and the request's documents attached. Every such disclosure is recorded.
 */
static void send_full_picture(struct job *j, struct letters *L, const struct request *rq,
			      const char *template, enum role role, const char *name,
			      const char *email, const struct tvars *v)
{
	struct document docs[BOUND_ATTACHMENTS * 4];
	struct attachment_out att[ARRAY_SIZE(docs)];
	size_t n = request_documents(j->st, rq->id, docs, ARRAY_SIZE(docs));
	int64_t out;

	for (size_t i = 0; i < n; i++)
		att[i] = (struct attachment_out){ docs[i].filename, docs[i].content_type, docs[i].data,
						  docs[i].len };
	out = letter_send(L, template, role, name, email, v, att, n);
	if (out > 0) {
		request_disclosure(j->st, rq->id, out, j->at, email, role, "aanvraagformulier");
		for (size_t i = 0; i < n; i++)
			request_disclosure(j->st, rq->id, out, j->at, email, role, docs[i].filename);
	}
	documents_clear(docs, n);
}

/* The templates that give their reader the whole request. */
static bool full_picture(const char *template)
{
	static const char *const full[] = { "beoordelen-tb", "indienen-loket", "doorgezet-soco",
					    "uitvoering-bpoer" };

	for (size_t i = 0; i < ARRAY_SIZE(full); i++)
		if (strcmp(template, full[i]) == 0)
			return true;
	return false;
}

static void announce_one(struct job *j, struct letters *L, const struct request *rq,
			 const char *template, enum role role, const char *name, const char *email,
			 const struct tvars *v)
{
	if (full_picture(template)) {
		send_full_picture(j, L, rq, template, role, name, email, v);
		return;
	}
	int64_t out = letter_send(L, template, role, name, email, v, NULL, 0);
	if (out > 0 && role == ROLE_OUDER)
		request_disclosure(j->st, rq->id, out, j->at, email, role, "verzoek om toestemming");
}

void act_announce(struct job *j, struct letters *L, const struct request *rq,
		  const struct participant *pp, size_t np, enum role actor_role,
		  const char *actor_email)
{
	struct person loket[BOUND_CANDIDATES];
	size_t nl = directory_with_role(j->st, ROLE_LOKET, loket, BOUND_CANDIDATES);
	struct tvars v = TVARS_INIT;

	act_gate_vars(rq, &v);
	summary_vars(rq, pp, np, &v);
	note_vars(j->st, rq, &v);
	for (size_t i = 0; i < np; i++) {
		const char *t = notice_for_status(rq->status, pp[i].role);
		if (!t || is_actor(&pp[i], actor_role, actor_email))
			continue;
		if (pp[i].role == ROLE_IB && rq->status == ST_VOORLOPIG)
			continue;   /* the ib is told by the confirmation or the form reply */
		announce_one(j, L, rq, t, pp[i].role, pp[i].name, pp[i].email, &v);
	}
	/* Every SO-loket coordinator hears of every status change (SPEC §1). */
	for (size_t k = 0; k < nl; k++) {
		bool told = actor_role == ROLE_LOKET && actor_email &&
			    str_eq_nocase(loket[k].email, actor_email);
		for (size_t i = 0; i < np && !told; i++)
			told = pp[i].role == ROLE_LOKET && str_eq_nocase(pp[i].email, loket[k].email);
		if (!told)
			announce_one(j, L, rq, notice_for_status(rq->status, ROLE_LOKET), ROLE_LOKET,
				     loket[k].name, loket[k].email, &v);
		person_clear(&loket[k]);
	}
	tvars_free(&v);
}

/* Answers -------------------------------------------------------------------- */

static void reload(struct act *a)
{
	int64_t id = a->rq->id;

	participants_clear(a->pp, a->np);
	a->np = participants_load(a->j->st, id, a->pp, MAX_PARTICIPANTS);
	request_clear(a->rq);
	request_load(a->j->st, id, a->rq);
	letters_refresh(&a->L, a->pp, a->np);
}

static void reply(struct act *a, const char *template, const struct tvars *more)
{
	struct tvars v = TVARS_INIT;

	tvars_copy(&v, &a->extra);
	tvars_copy(&v, more);
	act_gate_vars(a->rq, &v);
	summary_vars(a->rq, a->pp, a->np, &v);
	letter_send(&a->L, template, a->actor, a->actor_name, a->j->in.from_addr, &v, NULL, 0);
	tvars_free(&v);
}

static void refuse(struct act *a, const char *why_fmt, ...) __attribute__((format(printf, 2, 3)));
static void refuse(struct act *a, const char *why_fmt, ...)
{
	struct tvars v = TVARS_INIT;
	struct buf why = BUF_INIT;
	va_list ap;

	va_start(ap, why_fmt);
	buf_vaddf(&why, why_fmt, ap);
	va_end(ap);
	tvars_set(&v, "reden", buf_str(&why));
	reply(a, "geweigerd", &v);
	job_outcome(a->j, "geweigerd", buf_str(&why));
	tvars_free(&v);
	buf_free(&why);
}

/* "This step was already decided by ..., on ...": the newest event of the step. */
static void already_decided(struct act *a)
{
	const char *const *events = notice_step_events(a->c.cmd);
	struct tvars v = TVARS_INIT;
	struct buf in = BUF_INIT;
	sqlite3_stmt *q;

	for (size_t i = 0; events[i]; i++)
		buf_addf(&in, "%s'%s'", i ? ", " : "", events[i]);
	char *sql = xasprintf("SELECT by_name, by_email, at, event FROM event WHERE request_id = ?"
			      " AND event IN (%s) ORDER BY id DESC LIMIT 1",
			      in.len ? buf_str(&in) : "''");
	q = store_query(a->j->st, sql, "i", a->rq->id);
	tvars_set(&v, "besloten_door", "");
	tvars_set(&v, "besloten_op", "");
	tvars_set(&v, "besluit", "");
	if (store_row(a->j->st, q)) {
		const char *name = store_col_str(q, 0);
		tvars_set(&v, "besloten_door", *name ? name : store_col_str(q, 1));
		tvars_set(&v, "besloten_op", store_col_str(q, 2));
		tvars_set(&v, "besluit", store_col_str(q, 3));
	}
	store_end(q);
	reply(a, "al-besloten", &v);
	job_outcome(a->j, "geweigerd", "al besloten");
	tvars_free(&v);
	buf_free(&in);
	free(sql);
}

static void refuse_decision(struct act *a, struct decision d)
{
	enum role next[2];

	workflow_next_roles(a->rq->status, a->rq->gates, next);
	switch (d.why) {
	case REFUSE_DECIDED:
		already_decided(a);
		return;
	case REFUSE_ROLE: {
		struct buf who = BUF_INIT;
		for (int r = ROLE_IB; r < ROLE_COUNT; r++)
			if (workflow_role_may((enum role)r, a->c.cmd))
				buf_addf(&who, "%sde %s", who.len ? " of " : "", role_name((enum role)r));
		refuse(a, "Als %s kunt u %s niet geven; dat doet %s.", role_name(a->actor),
		       cmd_name(a->c.cmd), buf_str(&who));
		buf_free(&who);
		return;
	}
	case REFUSE_FINAL:
		refuse(a, "De aanvraag is afgesloten met de status %s; er kan niets meer aan "
		       "veranderen.", status_name(a->rq->status));
		return;
	default:
		refuse(a, "%s kan niet in de status %s.", cmd_name(a->c.cmd),
		       status_name(a->rq->status));
		return;
	}
}

/* STATUS and overleg ------------------------------------------------------ */

/* The newest BOUND_HISTORY_LINES events of the request, oldest first. */
static char *history_text(struct store *st, int64_t request_id)
{
	int64_t total = store_int(st, "SELECT count(*) FROM event WHERE request_id = ?", 0, "i",
				  request_id);
	sqlite3_stmt *q = store_query(st, "SELECT at, status, event, by_name, by_email, detail FROM"
				      " (SELECT * FROM event WHERE request_id = ? ORDER BY id DESC LIMIT ?)"
				      " ORDER BY id", "ii", request_id, (int64_t)BOUND_HISTORY_LINES);
	struct buf b = BUF_INIT;

	if (total > BOUND_HISTORY_LINES)
		buf_addf(&b, "- (%" PRId64 " eerdere gebeurtenissen staan niet in deze lijst)\n",
			 total - BOUND_HISTORY_LINES);

	while (store_row(st, q)) {
		const char *by = *store_col_str(q, 3) ? store_col_str(q, 3) : store_col_str(q, 4);
		buf_addf(&b, "- %.10s %.5s  %s: %s%s%s\n", store_col_str(q, 0), store_col_str(q, 0) + 11,
			 status_name(status_from_code(store_col_str(q, 1))), store_col_str(q, 2),
			 *by ? " door " : "", by);
	}
	store_end(q);
	return buf_detach(&b);
}

static void send_status(struct act *a)
{
	struct tvars v = TVARS_INIT;
	char *history = history_text(a->j->st, a->rq->id);

	tvars_set(&v, "geschiedenis", history);
	reply(a, "status", &v);
	job_outcome(a->j, "status", NULL);
	free(history);
	tvars_free(&v);
}

/* Cuts *text to at most bound bytes, visibly; true when it was cut. */
static bool cut_text(char **text, size_t bound)
{
	size_t n = strlen(*text);

	if (n <= bound)
		return false;
	char *cut = xasprintf("%.*s\n%s", (int)utf8_prefix_len(*text, n, bound), *text,
			      MAILPARSE_CUT_MARK);
	free(*text);
	*text = cut;
	return true;
}

/*
 * Passes the message on to the other participants and keeps it in the
 * history; a parent's message goes to the intern begeleider only (SPEC §1).
 * Returns who it went to, in words ("" for nobody); caller frees.
 */
static char *pass_on(struct act *a)
{
	struct job *j = a->j;
	struct attachment_out att[BOUND_ATTACHMENTS];
	struct tvars v = TVARS_INIT;
	struct buf names = BUF_INIT, to = BUF_INIT;

	if (cut_text(&j->top, BOUND_MESSAGE_TEXT) || j->in.text_cut)
		tvars_set(&a->extra, "ingekort", "ja");
	act_keep_documents(j, a->rq);
	request_event(j->st, a->rq, j->at, "overleg", a->actor, a->actor_name, j->in.from_addr,
		      j->top, j->msg_id);
	for (size_t i = 0; i < j->in.n_att; i++) {
		att[i] = (struct attachment_out){ j->in.att[i].filename, j->in.att[i].content_type,
						  j->in.att[i].data, j->in.att[i].len };
		buf_addf(&names, "- %s\n", j->in.att[i].filename);
	}
	tvars_copy(&v, &a->extra);
	tvars_set_private(&v, "bericht", j->top);
	tvars_set(&v, "bijlagen", buf_str(&names));
	for (size_t i = 0; i < a->np; i++) {
		const struct participant *p = &a->pp[i];
		if (p->role == ROLE_OUDER || is_participant(a, p) ||
		    (a->actor == ROLE_OUDER && p->role != ROLE_IB))
			continue;
		/* A parent's name stays out of subjects: it names the child's family. */
		int64_t out = letter_send(&a->L, a->actor == ROLE_OUDER ? "bericht-ouder" : "overleg",
					  p->role, p->name, p->email, &v, att, j->in.n_att);
		for (size_t k = 0; k < j->in.n_att && out > 0; k++)
			request_disclosure(j->st, a->rq->id, out, j->at, p->email, p->role,
					   j->in.att[k].filename);
		buf_addf(&to, "%s%s (%s)", to.len ? ", " : "", p->name, role_name(p->role));
	}
	buf_free(&names);
	tvars_free(&v);
	return buf_detach(&to);
}

/* The exact lines the actor may answer with now, one per line, indented. */
static char *options_text(struct act *a)
{
	struct buf b = BUF_INIT;

	for (int c = CMD_AKKOORD; c < CMD_COUNT; c++) {
		if (c == CMD_STATUS)
			continue;
		if (workflow_decide(a->rq->status, a->rq->gates, a->actor, (enum cmd)c).allowed)
			buf_addf(&b, "  %s\n", notice_usage((enum cmd)c, a->actor));
	}
	if (b.len)
		buf_truncate(&b, b.len - 1);
	return buf_detach(&b);
}

/* Why a reply decided nothing, in words for its sender. */
static char *doubt_text(enum doubt d, enum cmd c)
{
	const char *text = "Uw bericht klinkt als een besluit, maar een besluit leggen wij alleen vast "
			   "als u het in precies deze woorden schrijft.";

	switch (d) {
	case DOUBT_QUESTION:
		text = "Uw bericht stelt een vraag over dit besluit. Daarom hebben wij niets vastgelegd.";
		break;
	case DOUBT_CONDITION:
		text = "Uw bericht noemt een voorwaarde, een voorbehoud of een 'nog niet'. Een besluit "
		       "onder voorwaarde kunnen wij niet vastleggen.";
		break;
	case DOUBT_VAGUE:
		text = "Uit uw bericht kunnen wij niet met zekerheid opmaken wat u besluit. Wij nemen "
		       "nooit een besluit voor u.";
		break;
	case DOUBT_NO_REASON:
		return xasprintf("Bij %s hoort een reden, na de dubbele punt op dezelfde regel.",
				 cmd_name(c));
	case DOUBT_FURTHER_DOWN:
		text = "Een besluit telt alleen als het bovenaan uw antwoord staat, boven de rest van uw "
		       "tekst.";
		break;
	case DOUBT_WORDS:
	case DOUBT_NONE:
		break;
	}
	return xstrdup(text);
}

/* "Bedoelde u ...? Antwoord dan met ...": what a refusal or question seemed to mean. */
static char *meaning_text(struct act *a)
{
	enum cmd c = a->c.cmd;
	char *why = doubt_text(a->c.doubt, c), *out;

	if (!workflow_decide(a->rq->status, a->rq->gates, a->actor, c).allowed)
		out = xasprintf("%s Bedoelde u %s? Dat is in deze fase van de aanvraag niet mogelijk.",
				why, cmd_name(c));
	else
		out = xasprintf("%s Bedoelde u %s? Antwoord dan met deze regel:\n\n  %s", why,
				cmd_name(c), notice_usage(c, a->actor));
	free(why);
	return out;
}

/* The SO-loket coordinators, who can always be reached about a request. */
static char *loket_text(struct act *a)
{
	struct person loket[BOUND_CANDIDATES];
	size_t n = directory_with_role(a->j->st, ROLE_LOKET, loket, BOUND_CANDIDATES);
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < n; i++) {
		buf_addf(&b, "%s%s <%s>", b.len ? ", " : "", loket[i].name, loket[i].email);
		person_clear(&loket[i]);
	}
	return buf_detach(&b);
}

static bool actor_is_next(struct act *a)
{
	enum role next[2];

	workflow_next_roles(a->rq->status, a->rq->gates, next);
	return next[0] == a->actor || next[1] == a->actor;
}

/*
 * A reply that decides nothing (SPEC §2): kept and passed on as a message,
 * and its sender answered when it seemed to decide something, when it is
 * their step, when it was empty, or when it reached nobody.
 */
static void no_decision(struct act *a)
{
	struct job *j = a->j;
	bool empty = !*j->top && j->in.n_att == 0;
	char *to = empty ? xstrdup("") : pass_on(a);
	struct tvars v = TVARS_INIT;

	if (a->c.reading == READ_QUESTION && a->c.cmd == CMD_STATUS) {
		tvars_set(&a->extra, "doorgestuurd", to);
		send_status(a);
	} else if (a->c.reading != READ_NOTHING || actor_is_next(a) || empty || !*to ||
		   a->actor == ROLE_OUDER || tvars_get(&a->extra, "ingekort")) {
		char *options = options_text(a);
		char *meaning = a->c.reading == READ_NOTHING ? xstrdup("") : meaning_text(a);
		char *loket = *to || empty ? xstrdup("") : loket_text(a);
		tvars_set(&v, "doorgestuurd", to);
		tvars_set(&v, "ingekort", tvars_get(&a->extra, "ingekort"));
		tvars_set(&v, "leeg", empty ? "ja" : "");
		tvars_set(&v, "niemand", !empty && !*to ? "ja" : "");
		tvars_set(&v, "bereikbaar", loket);
		tvars_set(&v, "bedoeling", meaning);
		tvars_set(&v, "opties", options);
		reply(a, "niets-besloten", &v);
		free(options);
		free(meaning);
		free(loket);
	}
	if (a->c.reading == READ_QUESTION && a->c.cmd == CMD_STATUS)
		job_outcome(j, "status", NULL);
	else if (empty)
		job_outcome(j, "leeg", "leeg bericht: niets besloten, afzender geantwoord");
	else
		job_outcome(j, "overleg", a->c.reading == READ_REFUSAL ? "klinkt als een besluit: bevestiging gevraagd"
			    : a->c.reading == READ_QUESTION ? "vraag over een besluit: niets besloten"
			    : *to ? NULL : "niemand anders betrokken");
	tvars_free(&v);
	free(to);
}

/* Commands ------------------------------------------------------------------ */

/* Finds the person a SO-coördinator: or BPO-er: command names; refuses with candidates if not one. */
static bool find_person(struct act *a, enum role role, struct person *who)
{
	struct strlist cand = STRLIST_INIT;
	struct buf list = BUF_INIT;
	enum lookup found;

	if (!a->c.text) {
		refuse(a, "Achter '%s:' staat geen naam of e-mailadres.", cmd_name(a->c.cmd));
		return false;
	}
	found = directory_find(a->j->st, a->c.text, role, who, &cand);
	if (found == LOOKUP_FOUND)
		return true;
	for (size_t i = 0; i < cand.n; i++)
		buf_addf(&list, "\n  - %s", cand.item[i]);
	refuse(a, "'%.80s' is %s in het adresboek.%s%s", a->c.text,
	       found == LOOKUP_AMBIGUOUS ? "niet eenduidig: er zijn meerdere mensen met die naam"
					 : "niet bekend als " "zodanig",
	       cand.n ? " Bedoelt u een van deze mensen? Noem de naam of het e-mailadres precies:"
		      : "",
	       buf_str(&list));
	buf_free(&list);
	strlist_free(&cand);
	return false;
}

/* Startdatum, Einddatum and Uren of the SO-loket, defaulting to the requested values. */
static bool grant_values(struct act *a)
{
	struct request *rq = a->rq;
	struct date start, end;
	unsigned half = rq->req_hours_half;
	char iso_s[11], iso_e[11];
	int rc;

	struct date req_start, req_end;
	bool start_year = false, end_year = false;

	date_parse(rq->req_start, &req_start);
	date_parse(rq->req_end, &req_end);
	start = req_start;
	end = req_end;
	if (a->c.startdatum &&
	    (rc = date_parse_near(a->c.startdatum, &req_start, &req_end, &start, &start_year)) < 0) {
		refuse(a, "Startdatum '%.60s' is %s. Schrijf bijvoorbeeld 10-01-2027 of 10 januari 2027.",
		       a->c.startdatum, rc == -2 ? "een datum die niet bestaat" : "geen datum");
		return false;
	}
	if (a->c.einddatum &&
	    (rc = date_parse_near(a->c.einddatum, &req_start, &req_end, &end, &end_year)) < 0) {
		refuse(a, "Einddatum '%.60s' is %s. Schrijf bijvoorbeeld 10-07-2027 of 10 juli 2027.",
		       a->c.einddatum, rc == -2 ? "een datum die niet bestaat" : "geen datum");
		return false;
	}
	if (a->c.uren && hours_parse(a->c.uren, &half) < 0) {
		refuse(a, "Uren '%.60s' is geen geldig aantal uur. Schrijf hele of halve uren, "
		       "bijvoorbeeld 12 of 12,5.", a->c.uren);
		return false;
	}
	if (date_cmp(&end, &start) <= 0) {
		refuse(a, "De einddatum ligt niet na de startdatum.");
		return false;
	}
	date_iso(&start, iso_s);
	date_iso(&end, iso_e);
	free(rq->granted_start);
	free(rq->granted_end);
	rq->granted_start = xstrdup(iso_s);
	rq->granted_end = xstrdup(iso_e);
	rq->granted_hours_half = half;
	tvars_setf(&a->extra, "start_bron", "%s", !a->c.startdatum ? "de gevraagde startdatum"
		   : start_year ? "u schreef geen jaartal; wij namen het jaar van de aanvraag"
		   : "zoals u opgaf");
	tvars_setf(&a->extra, "eind_bron", "%s", !a->c.einddatum ? "de gevraagde einddatum"
		   : end_year ? "u schreef geen jaartal; wij namen het jaar van de aanvraag"
		   : "zoals u opgaf");
	tvars_set(&a->extra, "uren_bron", a->c.uren ? "zoals u opgaf" : "het gevraagde aantal");
	return true;
}

/* Checks what a command needs before anything changes; false after a refusal. */
static bool prepare(struct act *a, struct person *who)
{
	switch (a->c.cmd) {
	case CMD_AFGEWEZEN:
	case CMD_INCOMPLEET:
	case CMD_INTREKKEN:
		if (!a->c.text) {
			refuse(a, "Bij %s hoort een reden, op dezelfde regel na de dubbele punt, "
			       "bijvoorbeeld: %s: <de reden>.", cmd_name(a->c.cmd), cmd_name(a->c.cmd));
			return false;
		}
		return true;
	case CMD_TOESTEMMING:
		if (a->actor == ROLE_IB && a->j->in.n_att == 0) {
			refuse(a, "Voeg het door de ouders ondertekende toestemmingsformulier als bijlage "
			       "toe aan uw bericht met TOESTEMMING.");
			return false;
		}
		return true;
	case CMD_SOCO:
		return find_person(a, ROLE_SOCO, who) && grant_values(a);
	case CMD_BPOER:
		return find_person(a, ROLE_BPOER, who);
	default:
		return true;
	}
}

static void detail_vars(struct act *a, const struct person *who)
{
	bool reason = a->c.cmd == CMD_AFGEWEZEN || a->c.cmd == CMD_INCOMPLEET ||
		      a->c.cmd == CMD_INTREKKEN;

	tvars_set(&a->extra, "reden", reason ? a->c.text : "");
	tvars_set(&a->extra, "opmerking", reason || who->email ? "" : a->c.text);
	tvars_set(&a->extra, "gekozen", who->email ? who->name : "");
	tvars_set(&a->extra, "gekozen_adres", who->email ? who->email : "");
	if (a->c.cmd == CMD_GEEN_TOESTEMMING)
		tvars_set(&a->extra, "reden", "de ouders/verzorgers geven geen toestemming");
}

static void carry_out(struct act *a, struct decision d)
{
	struct job *j = a->j;
	struct request *rq = a->rq;
	struct person who = { 0 };
	enum status before = rq->status;

	if (!prepare(a, &who)) {
		person_clear(&who);
		return;
	}
	detail_vars(a, &who);
	rq->status = d.to;
	rq->gates = d.gates;
	if (a->c.cmd == CMD_SOCO)
		participant_add(j->st, j->ix->secret, rq->id, ROLE_SOCO, who.name, who.email);
	if (a->c.cmd == CMD_BPOER)
		participant_add(j->st, j->ix->secret, rq->id, ROLE_BPOER, who.name, who.email);
	act_keep_documents(j, rq);
	request_save_state(j->st, rq, j->at);
	request_event(j->st, rq, j->at, notice_event(a->c.cmd), a->actor, a->actor_name,
		      j->in.from_addr, who.email ? who.name : a->c.text, j->msg_id);
	if (rq->status == ST_INDIENEN && before != ST_INDIENEN) {
		act_add_loket(j, rq);
		request_event(j->st, rq, j->at, "ingediend", ROLE_NONE, NULL, NULL, NULL, j->msg_id);
	}
	reload(a);
	reply(a, notice_confirmation(a->c.cmd), NULL);
	if (rq->status != before) {
		tvars_copy(&a->L.vars, &a->extra);
		act_announce(j, &a->L, rq, a->pp, a->np, a->actor, j->in.from_addr);
	} else if (d.gate_closed && a->actor != ROLE_IB) {
		struct tvars v = TVARS_INIT;
		tvars_copy(&v, &a->extra);
		act_gate_vars(rq, &v);
		for (size_t i = 0; i < a->np; i++)
			if (a->pp[i].role == ROLE_IB)
				letter_send(&a->L, "poort-ib", ROLE_IB, a->pp[i].name, a->pp[i].email, &v,
					    NULL, 0);
		tvars_free(&v);
	}
	job_outcome(j, "opdracht", cmd_name(a->c.cmd));
	person_clear(&who);
}

/* A corrected form after BPO>aanvraag incompleet: back to the gates (SPEC §1). */
static void correct_form(struct act *a)
{
	struct job *j = a->j;
	struct request *rq = a->rq;
	struct form f;
	struct form_problems p = { 0 };
	struct person tb = { 0 };
	bool bsn = false;

	/* Only the missing documents, no form: the stored form goes round again. */
	if (submit_read_form(j, &f, &p, &bsn, true) < 0)
		request_form(rq, a->pp, a->np, &f);
	form_check(&f, j->in.from_addr, &p);
	submit_find_tb(j, &f, &p, &tb);
	if (p.n) {
		submit_send_problems(j, rq, &f, &p, bsn);
		job_outcome(j, "formulier-afgekeurd", p.item[0].what);
	} else {
		enum status before = rq->status;
		request_update_form(j->st, rq, &f, j->at);
		rq->status = workflow_start(&rq->gates, tb.email != NULL, f.lvl == NIVEAU_LEERLING);
		if (tb.email)
			participant_add(j->st, j->ix->secret, rq->id, ROLE_TB, tb.name, tb.email);
		for (size_t i = 0; i < f.n_ouder && f.lvl == NIVEAU_LEERLING; i++)
			participant_add(j->st, j->ix->secret, rq->id, ROLE_OUDER, f.ouder[i].name,
					f.ouder[i].email);
		act_keep_documents(j, rq);
		request_save_state(j->st, rq, j->at);
		request_event(j->st, rq, j->at, "aangevuld", ROLE_IB, a->actor_name, j->in.from_addr,
			      NULL, j->msg_id);
		/* Text around a form typed in the reply is a new note; a cover line above a quoted form is not. */
		if (j->form_found) {
			free(j->note);
			j->note = NULL;
		}
		if (j->note)
			request_event(j->st, rq, j->at, "toelichting", ROLE_IB, a->actor_name,
				      j->in.from_addr, j->note, j->msg_id);
		if (rq->status == ST_INDIENEN) {
			act_add_loket(j, rq);
			request_event(j->st, rq, j->at, "ingediend", ROLE_NONE, NULL, NULL, NULL, j->msg_id);
		}
		reload(a);
		struct tvars fv = TVARS_INIT;
		act_form_vars(j, &fv);
		reply(a, "ontvangen-ib", &fv);
		tvars_free(&fv);
		if (rq->status != before)
			act_announce(j, &a->L, rq, a->pp, a->np, ROLE_IB, j->in.from_addr);
		job_outcome(j, "opdracht", cmd_name(CMD_FORM));
	}
	person_clear(&tb);
	form_free(&f);
	form_problems_free(&p);
}

/* Entry ------------------------------------------------------------------- */

static void set_actor_name(struct act *a, const char *name)
{
	free(a->actor_name);
	a->actor_name = xstrdup(name);
}

/* The sender is this participant: the same address, or another of theirs in the directory. */
static bool is_participant(struct act *a, const struct participant *p)
{
	return str_eq_nocase(p->email, a->j->in.from_addr) ||
	       directory_same_person(a->j->st, p->email, a->j->in.from_addr, p->role);
}

static bool is_participant_any(struct act *a)
{
	for (size_t i = 0; i < a->np; i++)
		if (is_participant(a, &a->pp[i]))
			return true;
	return false;
}

/* The participant a token belongs to (it binds request, role and address), or NULL. */
static const struct participant *token_owner(struct act *a, const char *token)
{
	int64_t rid;
	enum role role;

	if (!token || !token_parse(token, &rid, &role) || rid != a->rq->id)
		return NULL;
	for (size_t i = 0; i < a->np; i++)
		if (a->pp[i].role == role &&
		    token_verify(a->j->ix->secret, token, rid, role, a->pp[i].email))
			return &a->pp[i];
	return NULL;
}

/*
 * The role the sender acts in: the token's when it is theirs, else a role
 * of theirs on the request. A token of someone else's (a forwarded mail
 * answered, an alias the directory does not know) is remembered in
 * a->other_owner: nothing is done on it.
 */
static void find_actor(struct act *a, const char *token)
{
	struct job *j = a->j;
	const struct participant *owner = token_owner(a, token);
	enum role fallback = ROLE_NONE, trole;
	int64_t rid;

	/* Every SO-loket coordinator gets mail about every request, participant or not. */
	if (token && token_parse(token, &rid, &trole) && rid == a->rq->id &&
	    token_verify(j->ix->secret, token, rid, trole, j->in.from_addr)) {
		a->token_valid = true;
		a->actor = trole;
		if (owner)
			set_actor_name(a, owner->name);
		else if (job_directory_role(j, trole))
			set_actor_name(a, job_directory_role(j, trole)->name);
		else
			set_actor_name(a, j->in.from_name ? j->in.from_name : j->in.from_addr);
		return;
	}
	if (owner && is_participant(a, owner)) {
		a->token_valid = true;
		a->actor = owner->role;
		set_actor_name(a, owner->name);
		return;
	}
	a->other_owner = owner;
	for (size_t i = 0; i < a->np; i++) {
		if (!is_participant(a, &a->pp[i]))
			continue;
		if (!a->actor && workflow_role_may(a->pp[i].role, a->c.cmd)) {
			a->actor = a->pp[i].role;
			set_actor_name(a, a->pp[i].name);
		}
		if (!fallback) {
			fallback = a->pp[i].role;
			if (!a->actor_name)
				set_actor_name(a, a->pp[i].name);
		}
	}
	if (!a->actor)
		a->actor = fallback;
	if (!a->actor && job_directory_role(j, ROLE_LOKET))
		a->actor = ROLE_LOKET;
	if (!a->actor && job_directory_role(j, ROLE_BEHEER))
		a->actor = ROLE_BEHEER;
	if (!a->actor_name && a->actor && job_directory_role(j, a->actor))
		set_actor_name(a, job_directory_role(j, a->actor)->name);
	if (!a->actor_name)
		set_actor_name(a, j->in.from_name ? j->in.from_name : j->in.from_addr);
}

static void not_involved(struct act *a)
{
	struct job *j = a->j;
	struct letters L;

	if (j->n_dir == 0) {
		job_outcome(j, "quarantaine", "afzender is niet betrokken bij de aanvraag");
		return;
	}
	letters_init(&L, j->st, j->cfg, j->ix->secret, &j->in, j->msg_id, a->rq);
	letter_send(&L, "niet-betrokken", ROLE_NONE, j->dir[0].name, j->in.from_addr, NULL, NULL, 0);
	letters_free(&L);
	job_outcome(j, "geweigerd", "afzender is niet betrokken bij de aanvraag");
}

/*
 * A reply with someone's personal address from another address changes
 * nothing (SPEC §4): the owner of the address is told, at their own
 * address, what arrived and what to do.
 */
static void other_address(struct act *a)
{
	struct job *j = a->j;
	const struct participant *owner = a->other_owner;
	struct letters L;
	struct tvars v = TVARS_INIT;

	tvars_set(&v, "ander_adres", j->in.from_addr);
	tvars_set(&v, "ander_onderwerp", j->in.subject);
	letters_init(&L, j->st, j->cfg, j->ix->secret, &j->in, j->msg_id, a->rq);
	letters_refresh(&L, a->pp, a->np);
	letter_send(&L, "ander-adres", owner->role, owner->name, owner->email, &v, NULL, 0);
	/* The sender, when they are someone: involved, or at least in the directory. */
	if (a->actor) {
		tvars_set(&v, "opdracht", a->c.reading == READ_DECISION ? cmd_name(a->c.cmd) : "bericht");
		tvars_setf(&v, "reden", "Uw bericht is een antwoord op een bericht dat bpomail aan %s "
			   "stuurde, niet aan u. Daarom hebben wij het niet uitgevoerd en niet "
			   "doorgestuurd. Beantwoord het laatste bericht over %s dat u zelf van ons "
			   "kreeg.", owner->name, a->rq->kenmerk);
		letter_send(&L, "geweigerd", a->actor, a->actor_name, j->in.from_addr, &v, NULL, 0);
	} else if (j->n_dir) {
		letter_send(&L, "niet-betrokken", ROLE_NONE, j->dir[0].name, j->in.from_addr, NULL,
			    NULL, 0);
	}
	letters_free(&L);
	tvars_free(&v);
	job_outcome(j, "geweigerd", "persoonlijk antwoordadres van iemand anders, vanaf een ander adres");
}

/* A decision that ends a request, sent in one request's thread with another's number in the subject. */
static bool wrong_thread(struct act *a)
{
	static const enum cmd ending[] = {
		CMD_INTREKKEN, CMD_AFGEWEZEN, CMD_STOPPEN, CMD_GEEN_TOESTEMMING,
		CMD_TOESTEMMING_INTREKKEN, CMD_INCOMPLEET, CMD_TERUG,
	};
	const char *named = a->j->subject_kenmerk;
	bool ends = false;

	for (size_t i = 0; i < ARRAY_SIZE(ending); i++)
		ends |= a->c.cmd == ending[i];
	if (!ends || !named || strcmp(named, a->rq->kenmerk) == 0)
		return false;
	refuse(a, "Uw bericht is een antwoord op een bericht over de aanvraag %s, maar in het "
	       "onderwerp staat de aanvraag %s. Welke aanvraag bedoelt u? Wij hebben %s niet "
	       "uitgevoerd. Beantwoord het laatste bericht dat u over die aanvraag kreeg, met %s "
	       "bovenaan.", a->rq->kenmerk, named, cmd_name(a->c.cmd), cmd_name(a->c.cmd));
	return true;
}

static void decide(struct act *a)
{
	struct decision d;

	if (a->c.conflict) {
		refuse(a, "Uw bericht bevat twee opdrachten (%s en %s). Stuur één opdracht per bericht.",
		       cmd_name(a->c.cmd), cmd_name(a->c.conflict));
		return;
	}
	if (a->c.cmd == CMD_STATUS) {
		send_status(a);
		return;
	}
	if (wrong_thread(a))
		return;
	d = workflow_decide(a->rq->status, a->rq->gates, a->actor, a->c.cmd);
	if (!d.allowed)
		refuse_decision(a, d);
	else if (a->c.cmd == CMD_FORM)
		correct_form(a);
	else
		carry_out(a, d);
}

static void dispatch(struct act *a)
{
	/* No BSN is accepted anywhere (SPEC §4b): neither kept nor passed on. */
	if (job_has_bsn(a->j)) {
		refuse(a, "Uw bericht bevat een BSN of onderwijsnummer (in de tekst, het onderwerp of "
		       "de naam van een bijlage). Dat mag niet per e-mail worden verstuurd: wij "
		       "hebben het bericht niet bewaard en niet doorgestuurd. Stuur het opnieuw "
		       "zonder dat nummer.");
		return;
	}
	if (!a->token_valid && !a->j->cfg->trust_from && a->c.cmd != CMD_STATUS) {
		refuse(a, "Wij konden niet vaststellen dat dit bericht van u komt: het antwoordt niet "
		       "op een bericht dat bpomail u over deze aanvraag stuurde. Beantwoord het "
		       "laatste bericht over %s dat u van ons kreeg, met de knop Beantwoorden.",
		       a->rq->kenmerk);
		return;
	}
	if (a->c.reading == READ_DECISION)
		decide(a);
	else
		no_decision(a);
}

void act_handle(struct job *j, struct request *rq, const char *token)
{
	struct act a = { .j = j, .rq = rq };

	a.np = participants_load(j->st, rq->id, a.pp, MAX_PARTICIPANTS);
	command_read(j->top, j->in.subject, ROLE_NONE, &a.c);
	find_actor(&a, token);
	if (a.other_owner && !a.token_valid) {
		if (!a.actor_name || !is_participant_any(&a))
			a.actor = ROLE_NONE;
		other_address(&a);
		goto out;
	}
	if (!a.actor) {
		not_involved(&a);
		goto out;
	}
	/*
	 * Read again as the role the sender acts in: only that role's words are
	 * commands. Another role's command written exactly ("AKKOORD" from an
	 * intern begeleider) is refused with who gives it.
	 */
	struct command as_role;
	command_read(j->top, j->in.subject, a.actor, &as_role);
	bool asked_back = as_role.reading == READ_QUESTION && as_role.cmd == command_yes_of_role(a.actor) &&
			  workflow_decide(rq->status, rq->gates, a.actor, as_role.cmd).allowed;
	if (as_role.reading == READ_DECISION || asked_back || !a.c.exact ||
	    a.c.reading != READ_DECISION) {
		command_free(&a.c);
		a.c = as_role;
	} else {
		command_free(&as_role);
	}
	/* After INCOMPLEET the intern begeleider answers with a form and/or documents. */
	if (a.c.reading != READ_DECISION && a.actor == ROLE_IB &&
	    (submit_has_form(j, rq->status == ST_INCOMPLEET) ||
	     (rq->status == ST_INCOMPLEET && j->in.n_att > 0))) {
		a.c.reading = READ_DECISION;
		a.c.cmd = CMD_FORM;
	}
	letters_init(&a.L, j->st, j->cfg, j->ix->secret, &j->in, j->msg_id, rq);
	letters_refresh(&a.L, a.pp, a.np);
	tvars_set(&a.extra, "door", a.actor_name);
	tvars_set(&a.extra, "door_rol", role_name(a.actor));
	tvars_set(&a.extra, "opdracht", cmd_name(a.c.cmd));
	tvars_set(&a.extra, "reden", "");
	tvars_set(&a.extra, "opmerking", "");
	tvars_set(&a.extra, "gekozen", "");
	tvars_set(&a.extra, "gekozen_adres", "");
	tvars_set(&a.extra, "start_bron", "");
	tvars_set(&a.extra, "eind_bron", "");
	tvars_set(&a.extra, "uren_bron", "");
	dispatch(&a);
	letters_free(&a.L);
out:
	tvars_free(&a.extra);
	free(a.actor_name);
	command_free(&a.c);
	participants_clear(a.pp, a.np);
}
