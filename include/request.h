/* request.h: a BPO request as stored: its fields, participants, history and documents. */
#ifndef BPOMAIL_REQUEST_H
#define BPOMAIL_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <sqlite3.h>
#include <stdint.h>

#include "form.h"
#include "workflow.h"

struct store;
struct strlist;

/* A stored request; strings owned, released by request_clear(). */
struct request {
	int64_t id;
	char *kenmerk;              /* BPO-2027-0001 */
	enum status status;
	struct gates gates;
	enum niveau niveau;
	char *school, *brin, *bestuur, *groep;
	char *roepnaam, *voorvoegsel, *achternaam, *geboortedatum;
	unsigned req_hours_half;
	char *req_start, *req_end;  /* ISO dates */
	unsigned granted_hours_half;  /* 0 until the SO-loket decided */
	char *granted_start, *granted_end;
	char *so_organisatie, *voorkeur_begeleider;
	unsigned expertise;
	char *vraag, *maatregelen, *resultaat, *instanties;
	char *behoeften, *toelichting_ouders;
	char *eerdere_aanvraag;     /* the number of the request this one follows up, or NULL */
	enum role sent_back_by;     /* while incompleet: who sent it back (ROLE_TB, ROLE_LOKET) */
	unsigned hours_spent_half;  /* 0 until the BPO-er closed it */
	bool stopped_early;
	unsigned ext_hours_half;    /* more hours asked (0: none), while ext_by is set */
	char *ext_end;              /* a later end date asked (ISO), or NULL */
	enum role ext_by;           /* who asked for more hours or time; ROLE_NONE: nothing waits */
	char *ext_reason;
	char *thread_id;            /* the Message-ID every mail about it refers to */
	char *created_at, *updated_at;
};

/* The state the rules of workflow.c look at. */
struct state request_state(const struct request *r);

struct participant {
	int64_t id;
	enum role role;
	char *name;
	char *email;
	char *token;
};

void request_clear(struct request *r);
void participant_clear(struct participant *p);
const char *niveau_name(enum niveau n);
enum niveau niveau_from_name(const char *s);

/* Loads by id or by kenmerk; 0, or -1 when there is no such request. */
int request_load(struct store *st, int64_t id, struct request *out);
int request_load_kenmerk(struct store *st, const char *kenmerk, struct request *out);

/* Creates a request from a checked form in the year given; fills *out. */
int request_create(struct store *st, const struct form *f, int year, const char *thread_id,
		   enum status status, struct gates gates, const char *at, struct request *out);

/* Replaces the form fields after a correction (the kenmerk and history stay). */
void request_update_form(struct store *st, struct request *r, const struct form *f, const char *at);

/* Stores status, gates and granted values of r. */
void request_save_state(struct store *st, const struct request *r, const char *at);

/* Participants: all of a request (at most max). */
size_t participants_load(struct store *st, int64_t request_id, struct participant *out, size_t max);
/* Adds (or finds) a participant with its token; returns its id. */
int64_t participant_add(struct store *st, const unsigned char secret[32], int64_t request_id,
			enum role role, const char *name, const char *email);
void participants_clear(struct participant *p, size_t n);
/* The participant is no longer involved (replaced, or handed the request back); kept for the history. */
void participant_leave(struct store *st, int64_t participant_id, const char *at);
/* True when a corrected form names another level or another pupil than r. */
bool request_pupil_changed(const struct request *r, const struct form *f);

/* History. */
/*
 * Something cut off by a limit of bounds.h: recorded as "waarschuwing" in
 * the request's history and written to the operator's log.
 */
void request_warn(struct store *st, int64_t request_id, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Whether request_id recorded event by email in the day before at. */
bool request_event_since(struct store *st, int64_t request_id, const char *event, const char *email,
			 const char *at);

/* How many documents request_id holds. */
size_t request_document_count(struct store *st, int64_t request_id);

void request_event(struct store *st, const struct request *r, const char *at, const char *event,
		   enum role by_role, const char *by_name, const char *by_email, const char *detail,
		   int64_t message_id);

/* Documents: stored with the request in the same transaction as the message. */
int64_t request_add_document(struct store *st, int64_t request_id, int64_t message_id,
			     const char *filename, const char *content_type, const void *data,
			     size_t len, const char *at);

/* Records that what (a document name, "formulier", ...) went to a recipient. */
void request_disclosure(struct store *st, int64_t request_id, int64_t outmail_id, const char *at,
			const char *recipient, enum role role, const char *what);



/* A stored document, owned; released by documents_clear(). Its bytes stay in the database. */
struct document {
	int64_t id;
	char *filename;
	char *content_type;
	int64_t blob;          /* the row of its bytes */
	char *sha256;          /* their hash, the blob's key */
	size_t len;
};

/* The documents of a request, oldest first, at most max. */
size_t request_documents(struct store *st, int64_t request_id, struct document *out, size_t max);
void documents_clear(struct document *d, size_t n);
/*
 * Reads documents' bytes straight from the database, a piece at a time:
 * one open blob handle, moved from document to document, so each piece is
 * found without walking the document's pages from its start again.
 * Initialise with the store; request_document_done() closes it.
 */
struct document_reader {
	struct store *st;
	sqlite3_blob *b;
	int64_t blob;
};
/* n bytes of d from off into p: 0, or -1 (recorded in st). */
int request_document_read(struct document_reader *r, const struct document *d, size_t off, char *p,
			  size_t n);
void request_document_done(struct document_reader *r);

/* One event of a request's history; strings owned, released by history_clear(). */
struct history_line {
	char *at;              /* ISO 8601 UTC */
	enum status status;    /* the status it left the request in */
	char *event;           /* its code: "akkoord", "overleg", ... */
	enum role by_role;
	char *by;              /* the name, else the address, of who did it; NULL for bpomail */
	char *detail;
};

/* The intern begeleider's newest note to the request (caller frees), or NULL. */
char *request_note(struct store *st, int64_t request_id);

/*
 * The parent whose message, passed on to the intern begeleider, a mail with
 * In-Reply-To in_reply_to (may be NULL) and these References answers: their
 * address (caller frees), or NULL.
 */
char *request_parent_answered(struct store *st, int64_t request_id, const char *in_reply_to,
			      const struct strlist *references);
/* The newest event whose code is one of events (NULL-terminated); false when none. */
bool request_last_event(struct store *st, int64_t request_id, const char *const *events,
			struct history_line *out);
/* The newest max events, oldest first; *total is how many there are. */
size_t request_history(struct store *st, int64_t request_id, size_t max, struct history_line *out,
		       size_t *total);
void history_clear(struct history_line *h, size_t n);

/* Row by row, for the operator's views; the strings live until fn returns. ---------- */

/* Every request (in status s; ST_NONE: all), oldest first: fn(id). */
void request_each(struct store *st, enum status s, void (*fn)(int64_t id, void *arg), void *arg);

/* Every event of request_id, oldest first. */
void request_each_event(struct store *st, int64_t request_id,
			void (*fn)(const struct history_line *h, void *arg), void *arg);

struct document_info {
	const char *filename, *content_type, *sha256, *received_at;
	int64_t size;
};

/* Every document of request_id, oldest first, without its bytes. */
void request_each_document(struct store *st, int64_t request_id,
			   void (*fn)(const struct document_info *d, void *arg), void *arg);

/* Every disclosure of request_id (who got what, when), oldest first. */
void request_each_disclosure(struct store *st, int64_t request_id,
			     void (*fn)(const char *at, const char *recipient, const char *role,
					const char *what, void *arg), void *arg);

/*
 * Every request not ended (afgerond, afgewezen, ingetrokken), oldest first:
 * fn(id, since), since the ISO 8601 UTC time it entered its status.
 */
void request_each_open(struct store *st, void (*fn)(int64_t id, const char *since, void *arg),
		       void *arg);

/* Every request that ended at or after since (ISO 8601 UTC), in that order: fn(id, at). */
void request_each_ended_since(struct store *st, const char *since,
			      void (*fn)(int64_t id, const char *at, void *arg), void *arg);

/* When request_id entered its status, ISO 8601 UTC (caller frees), or NULL. */
char *request_status_since(struct store *st, int64_t request_id);

/* Up to max requests not ended on which nothing happened for days; returns how many. */
size_t request_waiting(struct store *st, unsigned days, int64_t *ids, size_t max);

/*
 * Removes for good the requests that ended before the date iso (YYYY-MM-DD),
 * with their messages, mails and documents no other request holds; in the
 * caller's transaction. Returns how many requests.
 */
int64_t request_purge_before(struct store *st, const char *iso);

/* A form holding the stored values of r and its people (for summaries and the form back). */
void request_form(const struct request *r, const struct participant *pp, size_t np, struct form *f);
#endif
