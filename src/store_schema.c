/* store_schema.c: the database's schema, as the steps that bring it from one version to the next. */
#include "store.h"
#include "store_schema.h"
#include "util.h"

/* Each a list of statements (a C string may not be longer than 4095 bytes). */
static const char *const migration_1[] = {
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL) STRICT;",
	"CREATE TABLE person ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL, email TEXT NOT NULL, role TEXT NOT NULL,"
	"  organisation TEXT NOT NULL DEFAULT '', name_key TEXT NOT NULL,"
	"  UNIQUE (email, role)) STRICT;",
	"CREATE TABLE counter (year INTEGER PRIMARY KEY, last INTEGER NOT NULL) STRICT;",
	"CREATE TABLE request ("
	"  id INTEGER PRIMARY KEY,"
	"  kenmerk TEXT NOT NULL UNIQUE,"
	"  status TEXT NOT NULL, niveau TEXT NOT NULL,"
	"  school TEXT NOT NULL, brin TEXT NOT NULL, bestuur TEXT NOT NULL, groep TEXT,"
	"  roepnaam TEXT, voorvoegsel TEXT, achternaam TEXT, geboortedatum TEXT,"
	"  req_hours_half INTEGER NOT NULL, req_start TEXT NOT NULL, req_end TEXT NOT NULL,"
	"  granted_hours_half INTEGER, granted_start TEXT, granted_end TEXT,"
	"  so_organisatie TEXT, voorkeur_begeleider TEXT, expertise INTEGER NOT NULL,"
	"  ondersteuningsvraag TEXT NOT NULL, maatregelen TEXT NOT NULL,"
	"  resultaat TEXT NOT NULL, andere_instanties TEXT,"
	"  tb_gate INTEGER NOT NULL, consent_gate INTEGER NOT NULL,"
	"  thread_id TEXT NOT NULL,"
	"  created_at TEXT NOT NULL, updated_at TEXT NOT NULL) STRICT;",
	"CREATE TABLE message ("
	"  id INTEGER PRIMARY KEY,"
	"  msgkey TEXT NOT NULL UNIQUE, raw_sha256 TEXT NOT NULL,"
	"  received_at TEXT NOT NULL, sender TEXT, subject TEXT,"
	"  request_id INTEGER REFERENCES request(id) ON DELETE SET NULL,"
	"  outcome TEXT NOT NULL, reason TEXT, raw BLOB) STRICT;",
	"CREATE TABLE participant ("
	"  id INTEGER PRIMARY KEY,"
	"  request_id INTEGER NOT NULL REFERENCES request(id) ON DELETE CASCADE,"
	"  role TEXT NOT NULL, name TEXT NOT NULL, email TEXT NOT NULL COLLATE NOCASE,"
	"  token TEXT NOT NULL UNIQUE, added_at TEXT NOT NULL,"
	"  UNIQUE (request_id, role, email)) STRICT;",
	"CREATE TABLE event ("
	"  id INTEGER PRIMARY KEY,"
	"  request_id INTEGER NOT NULL REFERENCES request(id) ON DELETE CASCADE,"
	"  at TEXT NOT NULL, status TEXT NOT NULL, event TEXT NOT NULL,"
	"  by_role TEXT, by_name TEXT, by_email TEXT, detail TEXT,"
	"  message_id INTEGER REFERENCES message(id) ON DELETE SET NULL) STRICT;",
	"CREATE INDEX event_request ON event(request_id, id);",
	"CREATE TABLE document ("
	"  id INTEGER PRIMARY KEY,"
	"  request_id INTEGER NOT NULL REFERENCES request(id) ON DELETE CASCADE,"
	"  message_id INTEGER REFERENCES message(id) ON DELETE SET NULL,"
	"  filename TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL,"
	"  sha256 TEXT NOT NULL, data BLOB NOT NULL, received_at TEXT NOT NULL) STRICT;",
	"CREATE TABLE outmail ("
	"  id INTEGER PRIMARY KEY,"
	"  request_id INTEGER REFERENCES request(id) ON DELETE SET NULL,"
	"  cause INTEGER REFERENCES message(id) ON DELETE SET NULL,"
	"  created_at TEXT NOT NULL, recipient TEXT NOT NULL, template TEXT NOT NULL,"
	"  message_id TEXT NOT NULL UNIQUE, raw BLOB NOT NULL,"
	"  sent_at TEXT, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT) STRICT;",
	"CREATE INDEX outmail_unsent ON outmail(id) WHERE sent_at IS NULL;",
	"CREATE TABLE disclosure ("
	"  id INTEGER PRIMARY KEY,"
	"  request_id INTEGER NOT NULL REFERENCES request(id) ON DELETE CASCADE,"
	"  outmail_id INTEGER REFERENCES outmail(id) ON DELETE SET NULL,"
	"  at TEXT NOT NULL, recipient TEXT NOT NULL, role TEXT NOT NULL, what TEXT NOT NULL) STRICT;",


	NULL,
};

static const char *const migration_2[] = {
	/* 2: statuses and events as codes with CHECK constraints (workflow.c
	 * has their display names), the fields and state of the process after
	 * it starts, documents stored once per content, outgoing mail without
	 * its bytes once sent, and an index for every lookup done per message.
	 * Tables are rebuilt (SQLite cannot add a CHECK), with foreign keys off.
	 */
	"CREATE TABLE person_2 ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL, email TEXT NOT NULL,"
	"  role TEXT NOT NULL CHECK (role IN ('ib','tb','loket','soco','bpoer','beheer')),"
	"  organisation TEXT NOT NULL DEFAULT '', name_key TEXT NOT NULL,"
	"  UNIQUE (email, role)) STRICT;",
	"INSERT INTO person_2 SELECT id, name, email, role, organisation, name_key FROM person;",
	"DROP TABLE person;",
	"ALTER TABLE person_2 RENAME TO person;",
	"CREATE INDEX person_name ON person(name_key, role);",

	"CREATE TABLE request_2 ("
	"  id INTEGER PRIMARY KEY,"
	"  kenmerk TEXT NOT NULL UNIQUE,"
	"  status TEXT NOT NULL CHECK (status IN ('voorlopig','incompleet','afgewezen','indienen',"
	"    'doorgezet','uitvoering','afgerond','ingetrokken')),"
	"  niveau TEXT NOT NULL CHECK (niveau IN ('leerling','groep','school')),"
	"  school TEXT NOT NULL, brin TEXT NOT NULL, bestuur TEXT NOT NULL, groep TEXT,"
	"  roepnaam TEXT, voorvoegsel TEXT, achternaam TEXT, geboortedatum TEXT,"
	"  req_hours_half INTEGER NOT NULL CHECK (req_hours_half >= 0),"
	"  req_start TEXT NOT NULL, req_end TEXT NOT NULL,"
	"  granted_hours_half INTEGER, granted_start TEXT, granted_end TEXT,"
	"  so_organisatie TEXT, voorkeur_begeleider TEXT, expertise INTEGER NOT NULL,"
	"  ondersteuningsvraag TEXT NOT NULL, maatregelen TEXT NOT NULL,"
	"  resultaat TEXT NOT NULL, andere_instanties TEXT,"
	"  ondersteuningsbehoeften TEXT, toelichting_ouders TEXT, eerdere_aanvraag TEXT,"
	"  tb_gate INTEGER NOT NULL CHECK (tb_gate IN (0, 1, 2)),"
	"  consent_gate INTEGER NOT NULL CHECK (consent_gate IN (0, 1, 2)),"
	"  sent_back_by TEXT CHECK (sent_back_by IN ('tb','loket')),"
	"  hours_spent_half INTEGER, stopped_early INTEGER NOT NULL DEFAULT 0"
	"    CHECK (stopped_early IN (0, 1)),"
	"  ext_hours_half INTEGER, ext_end TEXT, ext_by TEXT, ext_reason TEXT,"
	"  thread_id TEXT NOT NULL,"
	"  created_at TEXT NOT NULL, updated_at TEXT NOT NULL) STRICT;",
	"INSERT INTO request_2 (id, kenmerk, status, niveau, school, brin, bestuur, groep, roepnaam,"
	"  voorvoegsel, achternaam, geboortedatum, req_hours_half, req_start, req_end,"
	"  granted_hours_half, granted_start, granted_end, so_organisatie, voorkeur_begeleider,"
	"  expertise, ondersteuningsvraag, maatregelen, resultaat, andere_instanties, tb_gate,"
	"  consent_gate, sent_back_by, thread_id, created_at, updated_at)"
	" SELECT id, kenmerk,"
	"  CASE status WHEN 'BPO>voorlopige aanvraag' THEN 'voorlopig'"
	"   WHEN 'BPO>aanvraag incompleet' THEN 'incompleet' WHEN 'BPO>afgewezen' THEN 'afgewezen'"
	"   WHEN 'BPO>indienen SO-loket' THEN 'indienen' WHEN 'BPO>doorgezet naar SO' THEN 'doorgezet'"
	"   WHEN 'BPO>in uitvoering' THEN 'uitvoering' WHEN 'BPO>afgerond' THEN 'afgerond'"
	"   WHEN 'BPO>ingetrokken' THEN 'ingetrokken' END,"
	"  niveau, school, brin, bestuur, groep, roepnaam, voorvoegsel, achternaam, geboortedatum,"
	"  req_hours_half, req_start, req_end, granted_hours_half, granted_start, granted_end,"
	"  so_organisatie, voorkeur_begeleider, expertise, ondersteuningsvraag, maatregelen,"
	"  resultaat, andere_instanties, tb_gate, consent_gate,"
	/* a request sent back before: by whom is in its last incompleet event */
	"  CASE status WHEN 'BPO>aanvraag incompleet' THEN (SELECT CASE by_role WHEN 'loket' THEN"
	"   'loket' ELSE 'tb' END FROM event e WHERE e.request_id = request.id AND e.event ="
	"   'incompleet' ORDER BY e.id DESC LIMIT 1) END,"
	"  thread_id, created_at, updated_at FROM request;",
	"DROP TABLE request;",
	"ALTER TABLE request_2 RENAME TO request;",
	"CREATE INDEX request_status ON request(status);",

	"CREATE TABLE participant_2 ("
	"  id INTEGER PRIMARY KEY,"
	"  request_id INTEGER NOT NULL REFERENCES request(id) ON DELETE CASCADE,"
	"  role TEXT NOT NULL CHECK (role IN ('ib','tb','ouder','loket','soco','bpoer')),"
	"  name TEXT NOT NULL, email TEXT NOT NULL COLLATE NOCASE,"
	"  token TEXT NOT NULL UNIQUE, added_at TEXT NOT NULL, left_at TEXT,"
	"  UNIQUE (request_id, role, email)) STRICT;",
	"INSERT INTO participant_2 (id, request_id, role, name, email, token, added_at)"
	" SELECT id, request_id, role, name, email, token, added_at FROM participant;",
	"DROP TABLE participant;",
	"ALTER TABLE participant_2 RENAME TO participant;",

	"CREATE TABLE event_2 ("
	"  id INTEGER PRIMARY KEY,"
	"  request_id INTEGER NOT NULL REFERENCES request(id) ON DELETE CASCADE,"
	"  at TEXT NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN ('voorlopig','incompleet','afgewezen','indienen',"
	"    'doorgezet','uitvoering','afgerond','ingetrokken')),"
	"  event TEXT NOT NULL CHECK (event IN ('aangevraagd','toelichting','ingediend','akkoord',"
	"    'afgewezen','incompleet','toestemming','geen-toestemming','toestemming-ingetrokken',"
	"    'doorgezet','in-uitvoering','afgerond','gestopt','ingetrokken','aangevuld','overleg',"
	"    'onbestelbaar','afwezig','herinnering','tb-vervangen','soco-vervangen',"
	"    'bpoer-vervangen','terug','verlenging-gevraagd','verlenging-akkoord',"
	"    'verlenging-afgewezen','gekoppeld','waarschuwing')),"
	"  by_role TEXT CHECK (by_role IN ('ib','tb','ouder','loket','soco','bpoer','beheer')),"
	"  by_name TEXT, by_email TEXT, detail TEXT,"
	"  message_id INTEGER REFERENCES message(id) ON DELETE SET NULL) STRICT;",
	"INSERT INTO event_2 SELECT e.id, e.request_id, e.at,"
	"  CASE e.status WHEN 'BPO>voorlopige aanvraag' THEN 'voorlopig'"
	"   WHEN 'BPO>aanvraag incompleet' THEN 'incompleet' WHEN 'BPO>afgewezen' THEN 'afgewezen'"
	"   WHEN 'BPO>indienen SO-loket' THEN 'indienen' WHEN 'BPO>doorgezet naar SO' THEN 'doorgezet'"
	"   WHEN 'BPO>in uitvoering' THEN 'uitvoering' WHEN 'BPO>afgerond' THEN 'afgerond'"
	"   WHEN 'BPO>ingetrokken' THEN 'ingetrokken' END,"
	"  e.event, nullif(e.by_role, ''), e.by_name, e.by_email, e.detail, e.message_id FROM event e;",
	"DROP TABLE event;",
	"ALTER TABLE event_2 RENAME TO event;",
	"CREATE INDEX event_request ON event(request_id, event, id);",
	"CREATE INDEX event_message ON event(message_id);",

	"CREATE TABLE blob (sha256 TEXT PRIMARY KEY, data BLOB NOT NULL) STRICT;",
	"INSERT OR IGNORE INTO blob SELECT sha256, data FROM document;",
	"CREATE TABLE document_2 ("
	"  id INTEGER PRIMARY KEY,"
	"  request_id INTEGER NOT NULL REFERENCES request(id) ON DELETE CASCADE,"
	"  message_id INTEGER REFERENCES message(id) ON DELETE SET NULL,"
	"  filename TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL,"
	"  sha256 TEXT NOT NULL REFERENCES blob(sha256), received_at TEXT NOT NULL) STRICT;",
	"INSERT INTO document_2 SELECT id, request_id, message_id, filename, content_type, size,"
	"  sha256, received_at FROM document;",
	"DROP TABLE document;",
	"ALTER TABLE document_2 RENAME TO document;",
	"CREATE INDEX document_request ON document(request_id);",
	"CREATE INDEX document_blob ON document(sha256);",

	"CREATE TABLE outmail_2 ("
	"  id INTEGER PRIMARY KEY,"
	"  request_id INTEGER REFERENCES request(id) ON DELETE SET NULL,"
	"  cause INTEGER REFERENCES message(id) ON DELETE SET NULL,"
	"  created_at TEXT NOT NULL, recipient TEXT NOT NULL, template TEXT NOT NULL,"
	"  message_id TEXT NOT NULL UNIQUE, raw BLOB,"
	"  sent_at TEXT, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT) STRICT;",
	"INSERT INTO outmail_2 SELECT id, request_id, cause, created_at, recipient, template,"
	"  message_id, CASE WHEN sent_at IS NULL THEN raw END, sent_at, attempts, last_error"
	"  FROM outmail;",
	"DROP TABLE outmail;",
	"ALTER TABLE outmail_2 RENAME TO outmail;",
	"CREATE INDEX outmail_unsent ON outmail(id) WHERE sent_at IS NULL;",
	"CREATE INDEX outmail_recipient ON outmail(recipient, created_at);",
	"CREATE INDEX outmail_request ON outmail(request_id);",
	"CREATE INDEX outmail_cause ON outmail(cause);",

	"CREATE INDEX message_request ON message(request_id);",
	"CREATE INDEX disclosure_request ON disclosure(request_id);",
	"CREATE INDEX disclosure_outmail ON disclosure(outmail_id);",

	NULL,
};

static const char *const migration_3[] = {
	/* 3: no statement scans a table that grows (tests/t/0501-query-plan.t):
	 * a reply's kenmerk is looked up without regard to case, and the
	 * quarantine is listed without reading every message. */
	"CREATE INDEX request_kenmerk_nocase ON request(kenmerk COLLATE NOCASE);",
	"CREATE INDEX message_quarantine ON message(id) WHERE outcome = 'quarantaine';",
	/* bpomail log reads a period of incoming and outgoing mail. */
	"CREATE INDEX message_received ON message(received_at);",
	"CREATE INDEX outmail_created ON outmail(created_at);",
	NULL,
};

static const char *const migration_4[] = {
	/* 4: a queued mail is kept without the documents it passes on, whose
	 * bytes are in blob already (src/queued.c): where they go, in order. */
	"ALTER TABLE outmail ADD COLUMN docs TEXT;",
	NULL,
};

static const char *const *const migrations[] = { migration_1, migration_2, migration_3,
						 migration_4 };
_Static_assert(ARRAY_SIZE(migrations) == STORE_SCHEMA_VERSION, "a migration for each schema version");

const char *const *store_migration(unsigned version)
{
	return version >= 1 && version <= STORE_SCHEMA_VERSION ? migrations[version - 1] : NULL;
}
