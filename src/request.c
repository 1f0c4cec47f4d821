/* request.c: reads and writes requests, participants, history and documents in SQLite. */
#include <limits.h>
#include <stdarg.h>


#include "date.h"
#include "hash.h"
#include "request.h"
#include "store.h"
#include "token.h"
#include "util.h"

static const char *const niveau_names[] = { "", "leerling", "groep", "school" };

const char *niveau_name(enum niveau n)
{
	return n >= NIVEAU_NONE && n <= NIVEAU_SCHOOL ? niveau_names[n] : "";
}

enum niveau niveau_from_name(const char *s)
{
	for (int i = NIVEAU_LEERLING; i <= NIVEAU_SCHOOL; i++)
		if (str_eq_nocase(s, niveau_names[i]))
			return (enum niveau)i;
	return NIVEAU_NONE;
}

void request_clear(struct request *r)
{
	char **strings[] = {
		&r->kenmerk, &r->school, &r->brin, &r->bestuur, &r->groep, &r->roepnaam,
		&r->voorvoegsel, &r->achternaam, &r->geboortedatum, &r->req_start, &r->req_end,
		&r->granted_start, &r->granted_end, &r->so_organisatie, &r->voorkeur_begeleider,
		&r->vraag, &r->maatregelen, &r->resultaat, &r->instanties, &r->behoeften,
		&r->toelichting_ouders, &r->eerdere_aanvraag, &r->ext_end, &r->ext_reason, &r->thread_id,
		&r->created_at, &r->updated_at,
	};

	for (size_t i = 0; i < ARRAY_SIZE(strings); i++)
		free(*strings[i]);
	memset(r, 0, sizeof *r);
}

void participant_clear(struct participant *p)
{
	free(p->name);
	free(p->email);
	free(p->token);
	memset(p, 0, sizeof *p);
}

void participants_clear(struct participant *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		participant_clear(&p[i]);
}

#define REQUEST_COLUMNS \
	"SELECT id, kenmerk, status, niveau, school, brin, bestuur, groep, roepnaam, voorvoegsel," \
	" achternaam, geboortedatum, req_hours_half, req_start, req_end, granted_hours_half," \
	" granted_start, granted_end, so_organisatie, voorkeur_begeleider, expertise," \
	" ondersteuningsvraag, maatregelen, resultaat, andere_instanties, tb_gate, consent_gate," \
	" thread_id, created_at, updated_at, ondersteuningsbehoeften, toelichting_ouders," \
	" eerdere_aanvraag, sent_back_by, hours_spent_half, stopped_early, ext_hours_half, ext_end," \
	" ext_by, ext_reason FROM request "

static void from_row(sqlite3_stmt *q, struct request *r)
{
	int c = 0;

	r->id = sqlite3_column_int64(q, c++);
	r->kenmerk = store_col_text(q, c++);
	r->status = status_from_code(store_col_str(q, c++));
	r->niveau = niveau_from_name(store_col_str(q, c++));
	r->school = store_col_text(q, c++);
	r->brin = store_col_text(q, c++);
	r->bestuur = store_col_text(q, c++);
	r->groep = store_col_text(q, c++);
	r->roepnaam = store_col_text(q, c++);
	r->voorvoegsel = store_col_text(q, c++);
	r->achternaam = store_col_text(q, c++);
	r->geboortedatum = store_col_text(q, c++);
	r->req_hours_half = (unsigned)sqlite3_column_int(q, c++);
	r->req_start = store_col_text(q, c++);
	r->req_end = store_col_text(q, c++);
	r->granted_hours_half = (unsigned)sqlite3_column_int(q, c++);
	r->granted_start = store_col_text(q, c++);
	r->granted_end = store_col_text(q, c++);
	r->so_organisatie = store_col_text(q, c++);
	r->voorkeur_begeleider = store_col_text(q, c++);
	r->expertise = (unsigned)sqlite3_column_int(q, c++);
	r->vraag = store_col_text(q, c++);
	r->maatregelen = store_col_text(q, c++);
	r->resultaat = store_col_text(q, c++);
	r->instanties = store_col_text(q, c++);
	r->gates.tb = (enum gate_state)sqlite3_column_int(q, c++);
	r->gates.consent = (enum gate_state)sqlite3_column_int(q, c++);
	r->thread_id = store_col_text(q, c++);
	r->created_at = store_col_text(q, c++);
	r->updated_at = store_col_text(q, c++);
	r->behoeften = store_col_text(q, c++);
	r->toelichting_ouders = store_col_text(q, c++);
	r->eerdere_aanvraag = store_col_text(q, c++);
	r->sent_back_by = role_from_code(store_col_str(q, c++));
	r->hours_spent_half = (unsigned)sqlite3_column_int(q, c++);
	r->stopped_early = sqlite3_column_int(q, c++) != 0;
	r->ext_hours_half = (unsigned)sqlite3_column_int(q, c++);
	r->ext_end = store_col_text(q, c++);
	r->ext_by = role_from_code(store_col_str(q, c++));
	r->ext_reason = store_col_text(q, c++);
}

struct state request_state(const struct request *r)
{
	struct state st = { r->status, r->gates, r->sent_back_by, r->ext_by != ROLE_NONE };
	return st;
}

static int load_one(struct store *st, sqlite3_stmt *q, struct request *out)
{
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (store_row(st, q)) {
		from_row(q, out);
		rc = 0;
	}
	store_end(st, q);
	return rc;
}

int request_load(struct store *st, int64_t id, struct request *out)
{
	return load_one(st, store_query(st, REQUEST_COLUMNS "WHERE id = ?", "i", id), out);
}

int request_load_kenmerk(struct store *st, const char *kenmerk, struct request *out)
{
	return load_one(st, store_query(st, REQUEST_COLUMNS "WHERE kenmerk = ? COLLATE NOCASE", "s",
					kenmerk), out);
}

/* Writes the form's values into request id (shared by creation and correction). */
static void store_form(struct store *st, int64_t id, const struct form *f, const char *at)
{
	char birth[11] = "", start[11], end[11];
	bool pupil = f->lvl == NIVEAU_LEERLING;

	if (pupil)
		date_iso(&f->birth, birth);
	date_iso(&f->start, start);
	date_iso(&f->end, end);
	store_run(st,
		  "UPDATE request SET niveau = ?, school = ?, brin = ?, bestuur = ?, groep = ?,"
		  " roepnaam = ?, voorvoegsel = ?, achternaam = ?, geboortedatum = ?,"
		  " req_hours_half = ?, req_start = ?, req_end = ?, so_organisatie = ?,"
		  " voorkeur_begeleider = ?, expertise = ?, ondersteuningsvraag = ?, maatregelen = ?,"
		  " resultaat = ?, andere_instanties = ?, ondersteuningsbehoeften = ?,"
		  " toelichting_ouders = ?, eerdere_aanvraag = ?, updated_at = ? WHERE id = ?",
		  "sssssssssussssussssssssi", niveau_name(f->lvl), f->school, f->brin, f->bestuur,
		  f->lvl == NIVEAU_SCHOOL ? NULL : f->groep, pupil ? f->roepnaam : NULL,
		  pupil ? f->voorvoegsel : NULL, pupil ? f->achternaam : NULL, pupil ? birth : NULL,
		  f->hours_half, start, end, f->so_organisatie, f->voorkeur_begeleider,
		  f->expertise_mask, f->ondersteuningsvraag, f->maatregelen, f->resultaat,
		  f->andere_instanties, f->ondersteuningsbehoeften,
		  pupil ? f->toelichting_ouders : NULL, f->eerdere_aanvraag, at, id);
}

int request_create(struct store *st, const struct form *f, int year, const char *thread_id,
		   enum status status, struct gates gates, const char *at, struct request *out)
{
	int64_t seq, id;
	char kenmerk[32];

	store_run(st, "INSERT INTO counter (year, last) VALUES (?, 1) "
		  "ON CONFLICT(year) DO UPDATE SET last = last + 1", "i", (int64_t)year);
	seq = store_int(st, "SELECT last FROM counter WHERE year = ?", 0, "i", (int64_t)year);
	snprintf(kenmerk, sizeof kenmerk, "BPO-%04d-%04lld", year, (long long)seq);
	store_run(st,
		  "INSERT INTO request (kenmerk, status, niveau, school, brin, bestuur,"
		  " req_hours_half, req_start, req_end, expertise, ondersteuningsvraag, maatregelen,"
		  " resultaat, tb_gate, consent_gate, thread_id, created_at, updated_at)"
		  " VALUES (?, ?, ?, '', '', '', 0, '', '', 0, '', '', '', ?, ?, ?, ?, ?)",
		  "sssuusss", kenmerk, status_code(status), niveau_name(f->lvl), (unsigned)gates.tb,
		  (unsigned)gates.consent, thread_id, at, at);
	id = store_last_id(st);
	store_form(st, id, f, at);
	if (store_failed(st))
		return -1;
	return request_load(st, id, out);
}

void request_update_form(struct store *st, struct request *r, const struct form *f, const char *at)
{
	int64_t id = r->id;

	store_form(st, id, f, at);
	request_clear(r);
	request_load(st, id, r);
}

void request_save_state(struct store *st, const struct request *r, const char *at)
{
	store_run(st,
		  "UPDATE request SET status = ?, tb_gate = ?, consent_gate = ?,"
		  " granted_hours_half = ?, granted_start = ?, granted_end = ?, sent_back_by = ?,"
		  " hours_spent_half = nullif(?, 0), stopped_early = ?, ext_hours_half = nullif(?, 0),"
		  " ext_end = ?, ext_by = ?, ext_reason = ?, updated_at = ? WHERE id = ?",
		  "suuusssuuussssi", status_code(r->status), (unsigned)r->gates.tb,
		  (unsigned)r->gates.consent, r->granted_hours_half, r->granted_start, r->granted_end,
		  r->status == ST_INCOMPLEET && r->sent_back_by ? role_code(r->sent_back_by) : NULL,
		  r->hours_spent_half, (unsigned)r->stopped_early, r->ext_hours_half, r->ext_end,
		  r->ext_by ? role_code(r->ext_by) : NULL, r->ext_reason, at, r->id);
}

size_t participants_load(struct store *st, int64_t request_id, struct participant *out, size_t max)
{
	sqlite3_stmt *q = store_query(st, "SELECT id, role, name, email, token FROM participant"
				      " WHERE request_id = ? AND left_at IS NULL ORDER BY id", "i",
				      request_id);
	size_t n = 0;

	while (n < max && store_row(st, q)) {
		out[n].id = sqlite3_column_int64(q, 0);
		out[n].role = role_from_code(store_col_str(q, 1));
		out[n].name = store_col_text(q, 2);
		out[n].email = store_col_text(q, 3);
		out[n].token = store_col_text(q, 4);
		n++;
	}
	store_end(st, q);
	return n;
}

void request_warn(struct store *st, int64_t request_id, const char *fmt, ...)
{
	va_list ap;
	struct buf b = BUF_INIT;
	char *what, at[21];

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	what = buf_detach(&b);
	iso_time(now(), at);
	store_run(st, "INSERT INTO event (request_id, at, status, event, detail)"
		  " SELECT id, ?, status, 'waarschuwing', ? FROM request WHERE id = ?", "ssi", at, what,
		  request_id);
	warnx("request %lld: %s", (long long)request_id, what);
	free(what);
}

bool request_event_since(struct store *st, int64_t request_id, const char *event, const char *email,
			 const char *at)
{
	return store_int(st, "SELECT count(*) FROM event WHERE request_id = ? AND event = ? AND"
			 " by_email = ? AND at > strftime('%Y-%m-%dT%H:%M:%SZ', ?, '-1 day')", 0, "isss",
			 request_id, event, email, at) > 0;
}

size_t request_document_count(struct store *st, int64_t request_id)
{
	return (size_t)store_int(st, "SELECT count(*) FROM document WHERE request_id = ?", 0, "i",
				 request_id);
}

int64_t participant_add(struct store *st, const unsigned char secret[32], int64_t request_id,
			enum role role, const char *name, const char *email)
{
	char token[TOKEN_LEN + 1];
	char at[21];

	if (store_int(st, "SELECT count(*) FROM participant WHERE request_id = ? AND left_at IS NULL"
		      " AND NOT (role = ? AND email = lower(?))", 0, "iss", request_id, role_code(role),
		      email) >= BOUND_PARTICIPANTS) {
		request_warn(st, request_id, "%s (%s) is niet toegevoegd: een aanvraag heeft hoogstens %d "
			     "betrokkenen tegelijk", name && *name ? name : email, role_name(role),
			     BOUND_PARTICIPANTS);
		return 0;
	}
	token_make(secret, request_id, role, email, token);
	iso_time(now(), at);
	/* Someone involved again (an earlier SO-coördinator chosen anew) is involved again. */
	store_run(st, "INSERT INTO participant (request_id, role, name, email, token, added_at)"
		  " VALUES (?, ?, ?, lower(?), ?, ?) ON CONFLICT DO UPDATE SET left_at = NULL",
		  "isssss", request_id, role_code(role), name && *name ? name : email, email, token, at);
	return store_int(st, "SELECT id FROM participant WHERE request_id = ? AND role = ?"
			 " AND email = lower(?)", -1, "iss", request_id, role_code(role), email);
}

void request_event(struct store *st, const struct request *r, const char *at, const char *event,
		   enum role by_role, const char *by_name, const char *by_email, const char *detail,
		   int64_t message_id)
{
	store_run(st, "INSERT INTO event (request_id, at, status, event, by_role, by_name, by_email,"
		  " detail, message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "isssssssI", r->id, at,
		  status_code(r->status), event, by_role ? role_code(by_role) : NULL, by_name, by_email,
		  detail, message_id);
}

/*
 * Issue 12, peak memory: a document's bytes go into the row inserted with
 * zeroblob (the last column: SQLite writes no zeros in its record) through
 * incremental blob I/O. Bound to the INSERT, they would first be copied
 * whole into SQLite's record of the row.
 */
static void write_blob(struct store *st, int64_t rowid, const void *data, size_t len)
{
	sqlite3_blob *b = NULL;
	int rc = sqlite3_blob_open(st->db, "main", "blob", "data", rowid, 1, &b);

	if (rc == SQLITE_OK && len)
		rc = sqlite3_blob_write(b, data, (int)len, 0);
	sqlite3_blob_close(b);
	if (rc != SQLITE_OK)
		store_fail(st, sqlite3_errmsg(st->db));
}

int64_t request_add_document(struct store *st, int64_t request_id, int64_t message_id,
			     const char *filename, const char *content_type, const void *data,
			     size_t len, const char *at)
{
	char hex[SHA256_HEX_LEN + 1];

	sha256_hex(data, len, hex);
	/* The bytes once per content: the same file sent again, or to several requests, is one blob. */
	if (len > INT_MAX)
		store_fail(st, "a document over 2 GB");
	if (store_run(st, "INSERT INTO blob (sha256, data) VALUES (?, zeroblob(?)) ON CONFLICT DO NOTHING",
		      "si", hex, (int64_t)len) == 1)
		write_blob(st, store_last_id(st), data, len);
	store_run(st, "INSERT INTO document (request_id, message_id, filename, content_type, size,"
		  " sha256, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)", "iIssiss",
		  request_id, message_id, filename, content_type, (int64_t)len, hex, at);
	return store_last_id(st);
}

void request_disclosure(struct store *st, int64_t request_id, int64_t outmail_id, const char *at,
			const char *recipient, enum role role, const char *what)
{
	store_run(st, "INSERT INTO disclosure (request_id, outmail_id, at, recipient, role, what)"
		  " VALUES (?, ?, ?, ?, ?, ?)", "iIssss", request_id, outmail_id, at, recipient,
		  role_code(role), what);
}

static void history_from_row(sqlite3_stmt *q, struct history_line *h)
{
	h->at = store_col_text(q, 0);
	h->status = status_from_code(store_col_str(q, 1));
	h->event = store_col_text(q, 2);
	h->by_role = role_from_code(store_col_str(q, 3));
	h->by = store_col_text(q, 4);
	h->detail = store_col_text(q, 5);
}

static char *dup_or_null(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

void request_form(const struct request *r, const struct participant *pp, size_t np, struct form *f)
{
	char hours[16];

	form_init(f);
	f->niveau = dup_or_null(niveau_name(r->niveau));
	f->school = dup_or_null(r->school);
	f->brin = dup_or_null(r->brin);
	f->bestuur = dup_or_null(r->bestuur);
	f->groep = dup_or_null(r->groep);
	f->roepnaam = dup_or_null(r->roepnaam);
	f->voorvoegsel = dup_or_null(r->voorvoegsel);
	f->achternaam = dup_or_null(r->achternaam);
	f->geboortedatum = dup_or_null(r->geboortedatum);
	hours_nl(r->req_hours_half, hours);
	f->uren = xstrdup(hours);
	f->startdatum = dup_or_null(r->req_start);
	f->einddatum = dup_or_null(r->req_end);
	f->so_organisatie = dup_or_null(r->so_organisatie);
	f->voorkeur_begeleider = dup_or_null(r->voorkeur_begeleider);
	f->ondersteuningsvraag = dup_or_null(r->vraag);
	f->maatregelen = dup_or_null(r->maatregelen);
	f->resultaat = dup_or_null(r->resultaat);
	f->andere_instanties = dup_or_null(r->instanties);
	f->ondersteuningsbehoeften = dup_or_null(r->behoeften);
	f->toelichting_ouders = dup_or_null(r->toelichting_ouders);
	f->eerdere_aanvraag = dup_or_null(r->eerdere_aanvraag);
	for (unsigned i = 0; i < EXPERTISE_COUNT; i++)
		if (r->expertise & (1u << i))
			form_add_expertise(f, expertise_code(1u << i), 0);
	for (size_t i = 0; i < np; i++) {
		struct form_person *who = pp[i].role == ROLE_IB ? &f->ib
					: pp[i].role == ROLE_TB ? &f->tb : NULL;
		if (pp[i].role == ROLE_OUDER)
			form_add_parent(f, pp[i].name, pp[i].email, 0);
		else if (who && !who->email) {
			who->name = dup_or_null(pp[i].name);
			who->email = dup_or_null(pp[i].email);
		}
	}
}

size_t request_documents(struct store *st, int64_t request_id, struct document *out, size_t max)
{
	/* length() of a blob is in its row's header: the bytes are not read here. */
	sqlite3_stmt *q = store_query(st, "SELECT d.id, d.filename, d.content_type, b.rowid,"
				      " length(b.data), d.sha256 FROM document d JOIN blob b"
				      " ON b.sha256 = d.sha256 WHERE d.request_id = ? ORDER BY d.id",
				      "i", request_id);
	size_t n = 0;

	while (n < max && store_row(st, q)) {
		out[n].id = sqlite3_column_int64(q, 0);
		out[n].filename = store_col_text(q, 1);
		out[n].content_type = store_col_text(q, 2);
		out[n].blob = sqlite3_column_int64(q, 3);
		out[n].len = (size_t)sqlite3_column_int64(q, 4);
		out[n].sha256 = store_col_text(q, 5);
		n++;
	}
	store_end(st, q);
	return n;
}

/*
 * Incremental blob I/O, a piece at a time as a mail is written (issue 12,
 * peak memory): read as a column, a document would be in memory twice
 * (SQLite's value and a copy) for as long as its mail is composed.
 */
int request_document_read(struct document_reader *r, const struct document *d, size_t off, char *p,
			  size_t n)
{
	int rc = SQLITE_OK;

	if (!r->b)
		rc = sqlite3_blob_open(r->st->db, "main", "blob", "data", d->blob, 0, &r->b);
	else if (r->blob != d->blob)
		rc = sqlite3_blob_reopen(r->b, d->blob);
	r->blob = rc == SQLITE_OK ? d->blob : 0;
	if (rc == SQLITE_OK && (off > INT_MAX || n > INT_MAX - off))
		rc = SQLITE_TOOBIG;
	if (rc == SQLITE_OK)
		rc = sqlite3_blob_read(r->b, p, (int)n, (int)off);
	if (rc == SQLITE_OK)
		return 0;
	store_fail(r->st, sqlite3_errmsg(r->st->db));
	return -1;
}

void request_document_done(struct document_reader *r)
{
	sqlite3_blob_close(r->b);
	r->b = NULL;
	r->blob = 0;
}

void documents_clear(struct document *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(d[i].filename);
		free(d[i].content_type);
		free(d[i].sha256);
	}
}

static char *parent_of(struct store *st, int64_t request_id, const char *message_id)
{
	return store_text(st, "SELECT m.sender FROM outmail o JOIN message m ON m.id = o.cause"
			  " WHERE o.message_id = ? AND o.request_id = ? AND o.template = 'bericht-ouder'",
			  "si", message_id, request_id);
}

char *request_parent_answered(struct store *st, int64_t request_id, const char *in_reply_to,
			      const struct strlist *references)
{
	char *parent = in_reply_to ? parent_of(st, request_id, in_reply_to) : NULL;

	for (size_t i = references->n; i > 0 && !parent; i--)
		parent = parent_of(st, request_id, references->item[i - 1]);
	return parent;
}

char *request_note(struct store *st, int64_t request_id)
{
	return store_text(st, "SELECT detail FROM event WHERE request_id = ? AND event = 'toelichting'"
			  " ORDER BY id DESC LIMIT 1", "i", request_id);
}

bool request_last_event(struct store *st, int64_t request_id, const char *const *events,
			struct history_line *out)
{
	struct buf in = BUF_INIT;
	bool found = false;

	memset(out, 0, sizeof *out);
	for (size_t i = 0; events[i]; i++)
		buf_addf(&in, "%s?", i ? ", " : "");
	if (!in.len)
		return false;
	char *sql = xasprintf("SELECT at, status, event, by_role, coalesce(nullif(by_name, ''), by_email),"
			      " detail FROM event WHERE request_id = ? AND event IN (%s)"
			      " ORDER BY id DESC LIMIT 1", buf_str(&in));
	sqlite3_stmt *q = store_prepare(st, sql);
	if (q) {
		int k = 1;
		sqlite3_bind_int64(q, k++, request_id);
		for (size_t i = 0; events[i]; i++)
			sqlite3_bind_text(q, k++, events[i], -1, SQLITE_STATIC);
		if (store_row(st, q)) {
			history_from_row(q, out);
			found = true;
		}
	}
	store_end(st, q);
	free(sql);
	buf_free(&in);
	return found;
}

void request_each(struct store *st, enum status s, void (*fn)(int64_t id, void *arg), void *arg)
{
	sqlite3_stmt *q = s != ST_NONE
		? store_query(st, "SELECT id FROM request WHERE status = ? ORDER BY id", "s", status_code(s))
		: store_query(st, "SELECT id FROM request ORDER BY id", "");

	while (store_row(st, q))
		fn(sqlite3_column_int64(q, 0), arg);
	store_end(st, q);
}

void request_each_event(struct store *st, int64_t request_id,
			void (*fn)(const struct history_line *h, void *arg), void *arg)
{
	sqlite3_stmt *q = store_query(st, "SELECT at, status, event, by_role,"
				      " coalesce(nullif(by_name, ''), by_email), detail FROM event"
				      " WHERE request_id = ? ORDER BY id", "i", request_id);

	while (store_row(st, q)) {
		struct history_line h;
		history_from_row(q, &h);
		fn(&h, arg);
		history_clear(&h, 1);
	}
	store_end(st, q);
}

void request_each_document(struct store *st, int64_t request_id,
			   void (*fn)(const struct document_info *d, void *arg), void *arg)
{
	sqlite3_stmt *q = store_query(st, "SELECT filename, content_type, size, sha256, received_at"
				      " FROM document WHERE request_id = ? ORDER BY id", "i", request_id);

	while (store_row(st, q)) {
		struct document_info d = { store_col_str(q, 0), store_col_str(q, 1), store_col_str(q, 3),
					   store_col_str(q, 4), sqlite3_column_int64(q, 2) };
		fn(&d, arg);
	}
	store_end(st, q);
}

void request_each_disclosure(struct store *st, int64_t request_id,
			     void (*fn)(const char *at, const char *recipient, const char *role,
					const char *what, void *arg), void *arg)
{
	sqlite3_stmt *q = store_query(st, "SELECT at, recipient, role, what FROM disclosure"
				      " WHERE request_id = ? ORDER BY id", "i", request_id);

	while (store_row(st, q))
		fn(store_col_str(q, 0), store_col_str(q, 1), store_col_str(q, 2), store_col_str(q, 3), arg);
	store_end(st, q);
}

/* When r entered its status: its first event after the last one in another status. */
#define STATUS_SINCE \
	"(SELECT min(e.at) FROM event e WHERE e.request_id = r.id AND e.id > coalesce(" \
	"(SELECT max(x.id) FROM event x WHERE x.request_id = r.id AND x.status <> r.status), 0))"

void request_each_open(struct store *st, void (*fn)(int64_t id, const char *since, void *arg),
		       void *arg)
{
	sqlite3_stmt *q = store_query(st,
		"SELECT r.id, coalesce(" STATUS_SINCE ", r.updated_at) FROM request r"
		" WHERE r.status NOT IN ('afgerond', 'afgewezen', 'ingetrokken') ORDER BY r.id", "");

	while (store_row(st, q))
		fn(sqlite3_column_int64(q, 0), (const char *)sqlite3_column_text(q, 1), arg);
	store_end(st, q);
}

void request_each_ended_since(struct store *st, const char *since,
			      void (*fn)(int64_t id, const char *at, void *arg), void *arg)
{
	sqlite3_stmt *q = store_query(st,
		"SELECT id, at FROM (SELECT r.id AS id, coalesce(" STATUS_SINCE ", r.updated_at) AS at"
		" FROM request r WHERE r.status IN ('afgerond', 'afgewezen', 'ingetrokken'))"
		" WHERE at >= ? ORDER BY at, id", "s", since);

	while (store_row(st, q))
		fn(sqlite3_column_int64(q, 0), (const char *)sqlite3_column_text(q, 1), arg);
	store_end(st, q);
}

char *request_status_since(struct store *st, int64_t request_id)
{
	return store_text(st, "SELECT coalesce(" STATUS_SINCE ", r.updated_at) FROM request r"
			  " WHERE r.id = ?", "i", request_id);
}

size_t request_waiting(struct store *st, unsigned days, int64_t *ids, size_t max)
{
	/* Not ended, and nothing has happened on it (a reminder included) for the period. */
	sqlite3_stmt *q = store_query(st,
		"SELECT r.id FROM request r WHERE r.status IN ('voorlopig', 'incompleet', 'indienen',"
		" 'doorgezet', 'uitvoering') AND (SELECT max(at) FROM event e WHERE e.request_id = r.id) <"
		" strftime('%Y-%m-%dT%H:%M:%SZ', ?, 'unixepoch', printf('-%d days', ?)) ORDER BY r.id",
		"iu", (int64_t)now(), days);
	size_t n = 0;

	while (n < max && store_row(st, q))
		ids[n++] = sqlite3_column_int64(q, 0);
	store_end(st, q);
	return n;
}

int64_t request_purge_before(struct store *st, const char *iso)
{
	static const char ended[] = "status IN ('afgerond', 'afgewezen', 'ingetrokken')"
				    " AND updated_at < ?";
	char *sql = xasprintf("DELETE FROM outmail WHERE request_id IN (SELECT id FROM request WHERE %s)",
			      ended);
	int64_t n;

	store_run(st, sql, "s", iso);
	free(sql);
	sql = xasprintf("DELETE FROM message WHERE id IN (SELECT message_id FROM event WHERE"
			" request_id IN (SELECT id FROM request WHERE %s))", ended);
	store_run(st, sql, "s", iso);
	free(sql);
	/* A document's bytes go with the last request that held them: the
	 * contents of the documents going now are looked at one by one after. */
	struct strlist shas = STRLIST_INIT;
	sql = xasprintf("SELECT DISTINCT sha256 FROM document WHERE request_id IN"
			" (SELECT id FROM request WHERE %s)", ended);
	sqlite3_stmt *q = store_query(st, sql, "s", iso);
	while (store_row(st, q))
		strlist_add(&shas, store_col_str(q, 0));
	store_end(st, q);
	free(sql);
	sql = xasprintf("DELETE FROM request WHERE %s", ended);
	n = store_run(st, sql, "s", iso);
	free(sql);
	for (size_t i = 0; i < shas.n; i++)
		store_run(st, "DELETE FROM blob WHERE sha256 = ? AND NOT EXISTS"
			  " (SELECT 1 FROM document WHERE sha256 = ?)", "ss", shas.item[i], shas.item[i]);
	strlist_free(&shas);
	return n;
}

size_t request_history(struct store *st, int64_t request_id, size_t max, struct history_line *out,
		       size_t *total)
{
	sqlite3_stmt *q = store_query(st, "SELECT at, status, event, by_role,"
				      " coalesce(nullif(by_name, ''), by_email), detail FROM"
				      " (SELECT * FROM event WHERE request_id = ? ORDER BY id DESC LIMIT ?)"
				      " ORDER BY id", "ii", request_id, (int64_t)max);
	size_t n = 0;

	*total = (size_t)store_int(st, "SELECT count(*) FROM event WHERE request_id = ?", 0, "i",
				   request_id);
	while (n < max && store_row(st, q))
		history_from_row(q, &out[n++]);
	store_end(st, q);
	return n;
}

void history_clear(struct history_line *h, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(h[i].at);
		free(h[i].event);
		free(h[i].by);
		free(h[i].detail);
	}
}

void participant_leave(struct store *st, int64_t participant_id, const char *at)
{
	store_run(st, "UPDATE participant SET left_at = ? WHERE id = ?", "si", at, participant_id);
}

static bool differs(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") != 0;
}

bool request_pupil_changed(const struct request *r, const struct form *f)
{
	char birth[11] = "";

	if (f->lvl != r->niveau)
		return true;
	if (f->lvl != NIVEAU_LEERLING)
		return false;
	date_iso(&f->birth, birth);
	return differs(r->roepnaam, f->roepnaam) || differs(r->achternaam, f->achternaam) ||
	       differs(r->voorvoegsel, f->voorvoegsel) || differs(r->geboortedatum, birth);
}
