/* directory.c: the people of the SWV, imported from CSV and found by address or name. */
#include <errno.h>

#include "address.h"
#include "bounds.h"
#include "directory.h"
#include "store.h"
#include "utf8.h"
#include "util.h"

void person_clear(struct person *p)
{
	free(p->name);
	free(p->email);
	free(p->organisation);
	memset(p, 0, sizeof *p);
}

char *directory_name_key(const char *name)
{
	char *folded = utf8_fold(name);
	struct buf key = BUF_INIT;
	bool space = false;

	for (const char *p = folded; *p; p++) {
		bool blank = *p == ' ' || *p == '\t' || *p == '\n' || *p == '.' || *p == ',';
		if (blank) {
			space = key.len > 0;
			continue;
		}
		if (space)
			buf_addc(&key, ' ');
		space = false;
		buf_addc(&key, *p);
	}
	free(folded);
	return buf_detach(&key);
}

/* CSV reading ------------------------------------------------------------ */

struct csv {
	const char *p, *end;
	char sep;
	unsigned line;     /* the last line read */
	unsigned start;    /* the line the last record began on: where its errors are */
};

/* Reads one record into fields; returns the number of fields, 0 at the end, -1 on an open quote. */
static int csv_record(struct csv *c, struct strlist *fields)
{
	struct buf field = BUF_INIT;
	bool quoted = false, any = false;

	strlist_free(fields);
	if (c->p >= c->end)
		return 0;
	c->start = ++c->line;
	while (c->p < c->end) {
		char ch = *c->p++;
		any = true;
		if (quoted) {
			if (ch == '"' && c->p < c->end && *c->p == '"') {
				buf_addc(&field, '"');
				c->p++;
			} else if (ch == '"') {
				quoted = false;
			} else {
				if (ch == '\n')
					c->line++;
				buf_addc(&field, ch);
			}
		} else if (ch == '"') {
			quoted = true;
		} else if (ch == c->sep) {
			strlist_add_owned(fields, buf_detach(&field));
		} else if (ch == '\n') {
			break;
		} else if (ch != '\r') {
			buf_addc(&field, ch);
		}
	}
	if (quoted) {
		buf_free(&field);
		return -1;
	}
	if (any)
		strlist_add_owned(fields, buf_detach(&field));
	buf_free(&field);
	return (int)fields->n;
}

static bool header_ok(struct strlist *h)
{
	static const char *const want[] = { "naam", "email", "rol", "organisatie" };

	if (h->n != ARRAY_SIZE(want))
		return false;
	for (size_t i = 0; i < h->n; i++) {
		char *name = str_trim(h->item[i]);
		if (!str_eq_nocase(name, want[i]))
			return false;
	}
	return true;
}

/* Dutch Excel writes ';' between fields: whichever comes first on the header line decides. */
static char header_separator(const char *text)
{
	size_t line = strcspn(text, "\n");
	size_t semicolon = strcspn(text, ";");
	size_t comma = strcspn(text, ",");

	return semicolon < line && semicolon < comma ? ';' : ',';
}

static void import_error(int *errors, const char *path, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void import_error(int *errors, const char *path, unsigned line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "bpomail: %s:%u: ", path, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	(*errors)++;
}

static void import_row(struct store *st, const char *path, unsigned line, struct strlist *f,
		       int *errors)
{
	char *name = str_trim(f->item[0]);
	char *email = addr_normalize(f->item[1]);
	char *rolecode = str_trim(f->item[2]);
	char *org = str_trim(f->item[3]);
	enum role role = role_from_code(rolecode);

	if (!*name || strlen(name) > BOUND_NAME)
		import_error(errors, path, line, "naam is empty or longer than %d bytes", BOUND_NAME);
	else if (!addr_valid(email))
		import_error(errors, path, line, "'%s' is not a mail address", email);
	else if (role == ROLE_NONE || role == ROLE_OUDER)
		import_error(errors, path, line,
			     "rol '%s' is not one of ib, tb, loket, soco, bpoer, beheer", rolecode);
	else if (store_int(st, "SELECT count(*) FROM person WHERE email = ? AND role = ?", 0, "ss",
			   email, role_code(role)) > 0)
		import_error(errors, path, line, "%s is listed twice as %s", email, rolecode);
	else {
		char *key = directory_name_key(name);
		store_run(st, "INSERT INTO person (name, email, role, organisation, name_key) "
			  "VALUES (?, ?, ?, ?, ?)", "sssss", name, email, role_code(role), org, key);
		free(key);
	}
	free(email);
}

static int import_text(struct store *st, const char *path, const char *text, size_t len)
{
	struct csv c = { text, text + len, ',', 0, 0 };
	struct strlist fields = STRLIST_INIT;
	int errors = 0, rows = 0, n;

	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		c.p += 3;
	c.sep = header_separator(c.p);
	if (csv_record(&c, &fields) <= 0 || !header_ok(&fields)) {
		import_error(&errors, path, 1, "the first line must be: naam,email,rol,organisatie");
		strlist_free(&fields);
		return -1;
	}
	store_run(st, "DELETE FROM person", "");
	while ((n = csv_record(&c, &fields)) != 0) {
		if (n < 0) {
			import_error(&errors, path, c.start, "a quote is not closed");
			break;
		}
		if (n == 1 && !*str_trim(fields.item[0]))
			continue;   /* blank line */
		if (n != 4) {
			import_error(&errors, path, c.start, "%d fields, expected 4 (naam,email,rol,organisatie)", n);
			continue;
		}
		if (++rows > BOUND_DIRECTORY_ROWS) {
			import_error(&errors, path, c.start, "more than %d people", BOUND_DIRECTORY_ROWS);
			break;
		}
		import_row(st, path, c.start, &fields, &errors);
	}
	strlist_free(&fields);
	return errors ? -1 : rows;
}

int directory_import(struct store *st, const char *path)
{
	struct buf raw = BUF_INIT;
	char *text;
	int rows, rc = read_file(path, 16u * 1024 * 1024, &raw);

	if (rc < 0) {
		warnx("%s: %s", path, rc == -2 ? "file too large" : strerror(errno));
		buf_free(&raw);
		return -1;
	}
	text = utf8_clean_text(buf_str(&raw), raw.len);
	buf_free(&raw);
	if (store_begin(st) < 0) {
		free(text);
		warnx("%s", st->errmsg);
		return -1;
	}
	rows = import_text(st, path, text, strlen(text));
	free(text);
	if (rows < 0) {
		store_rollback(st);
		warnx("%s: directory not changed", path);
		return -1;
	}
	if (store_commit(st) < 0) {
		warnx("%s", st->errmsg);
		return -1;
	}
	return rows;
}

/* Lookups ---------------------------------------------------------------- */

static void person_from_row(sqlite3_stmt *q, struct person *p)
{
	p->id = sqlite3_column_int64(q, 0);
	p->name = store_col_text(q, 1);
	p->email = store_col_text(q, 2);
	p->role = role_from_code(store_col_str(q, 3));
	p->organisation = store_col_text(q, 4);
}

#define PERSON_COLUMNS "SELECT id, name, email, role, organisation FROM person "

static size_t collect(struct store *st, sqlite3_stmt *q, struct person *out, size_t max)
{
	size_t n = 0;

	while (n < max && store_row(st, q))
		person_from_row(q, &out[n++]);
	store_end(st, q);
	return n;
}

size_t directory_count_role(struct store *st, enum role r)
{
	return (size_t)store_int(st, "SELECT count(*) FROM person WHERE role = ?", 0, "s", role_code(r));
}

size_t directory_with_role(struct store *st, enum role r, struct person *out, size_t max)
{
	sqlite3_stmt *q = r == ROLE_NONE
		? store_query(st, PERSON_COLUMNS "ORDER BY name_key, email", "")
		: store_query(st, PERSON_COLUMNS "WHERE role = ? ORDER BY name_key, email", "s",
			      role_code(r));
	return collect(st, q, out, max);
}

size_t directory_by_address(struct store *st, const char *email, struct person *out, size_t max)
{
	char *norm = addr_normalize(email);
	sqlite3_stmt *q = store_query(st, PERSON_COLUMNS "WHERE email = ? ORDER BY id", "s", norm);
	size_t n = collect(st, q, out, max);

	free(norm);
	return n;
}

static void add_candidate(struct strlist *c, sqlite3_stmt *q)
{
	if (c->n < BOUND_CANDIDATES)
		strlist_add_owned(c, xasprintf("%s <%s>", store_col_str(q, 1), store_col_str(q, 2)));
}

/* People of the role sharing a word of three or more letters with the key; else all of the role. */
static void similar_people(struct store *st, const char *key, enum role r, struct strlist *c)
{
	sqlite3_stmt *q = store_query(st, PERSON_COLUMNS "WHERE role = ? ORDER BY name_key", "s",
				      role_code(r));
	struct strlist all = STRLIST_INIT;

	while (store_row(st, q)) {
		char *their = directory_name_key(store_col_str(q, 1));
		bool similar = false;
		char *copy = xstrdup(key), *save = NULL;
		for (char *w = strtok_r(copy, " ", &save); w && !similar; w = strtok_r(NULL, " ", &save))
			similar = strlen(w) >= 3 && strstr(their, w);
		free(copy);
		free(their);
		if (similar)
			add_candidate(c, q);
		else if (all.n < BOUND_CANDIDATES)
			add_candidate(&all, q);
	}
	store_end(st, q);
	if (c->n == 0)
		for (size_t i = 0; i < all.n; i++)
			strlist_add(c, all.item[i]);
	strlist_free(&all);
}

/* The one person of role r with this folded name (several lines are several addresses of one person). */
static bool find_by_key(struct store *st, const char *key, enum role r, struct person *out)
{
	sqlite3_stmt *q = store_query(st, PERSON_COLUMNS "WHERE name_key = ? AND role = ? ORDER BY id",
				      "ss", key, role_code(r));
	bool found = store_row(st, q);

	if (found)
		person_from_row(q, out);
	store_end(st, q);
	return found;
}

/* A person named by organisation: "SO De Brug" for its one SO-coördinator (bpomail(1), Commands in mail). */
static enum lookup find_by_organisation(struct store *st, const char *org_key, enum role r,
					struct person *out, struct strlist *candidates)
{
	sqlite3_stmt *q = store_query(st, PERSON_COLUMNS "WHERE role = ? ORDER BY name_key, id", "s",
				      role_code(r));
	char *first_key = NULL;
	size_t people = 0;

	while (store_row(st, q)) {
		char *their = directory_name_key(store_col_str(q, 4));
		bool match = *org_key && strcmp(their, org_key) == 0;
		free(their);
		if (!match)
			continue;
		char *key = directory_name_key(store_col_str(q, 1));
		if (!first_key || strcmp(key, first_key) != 0) {
			people++;
			add_candidate(candidates, q);
			if (!first_key) {
				first_key = xstrdup(key);
				person_from_row(q, out);
			}
		}
		free(key);
	}
	store_end(st, q);
	free(first_key);
	if (people == 1) {
		strlist_free(candidates);
		return LOOKUP_FOUND;
	}
	person_clear(out);
	return people ? LOOKUP_AMBIGUOUS : LOOKUP_UNKNOWN;
}

enum lookup directory_find(struct store *st, const char *query, enum role r, struct person *out,
			   struct strlist *candidates)
{
	char *name = NULL, *email = NULL, *key = NULL;
	enum lookup found = LOOKUP_UNKNOWN;

	memset(out, 0, sizeof *out);
	addr_split_person(query, &name, &email);
	if (email) {
		char *norm = addr_normalize(email);
		sqlite3_stmt *q = store_query(st, PERSON_COLUMNS "WHERE email = ? AND role = ?", "ss",
					      norm, role_code(r));
		if (store_row(st, q)) {
			person_from_row(q, out);
			found = LOOKUP_FOUND;
		}
		store_end(st, q);
		free(norm);
	} else {
		const char *n = name ? name : "";
		const char *open = strrchr(n, '(');
		key = directory_name_key(n);
		if (find_by_key(st, key, r, out))
			found = LOOKUP_FOUND;
		/* "Naam (Organisatie)": the name alone, else the organisation */
		if (found != LOOKUP_FOUND && open && open > n && n[strlen(n) - 1] == ')') {
			char *outer = xstrndup(n, (size_t)(open - n));
			char *inner = xstrndup(open + 1, strlen(open + 1) - 1);
			char *outer_key = directory_name_key(outer), *inner_key = directory_name_key(inner);
			if (find_by_key(st, outer_key, r, out))
				found = LOOKUP_FOUND;
			else
				found = find_by_organisation(st, inner_key, r, out, candidates);
			free(outer);
			free(inner);
			free(outer_key);
			free(inner_key);
		}
		if (found == LOOKUP_UNKNOWN)
			found = find_by_organisation(st, key, r, out, candidates);
	}
	if (found == LOOKUP_FOUND)
		strlist_free(candidates);
	else if (found == LOOKUP_UNKNOWN)
		similar_people(st, key ? key : "", r, candidates);
	free(name);
	free(email);
	free(key);
	return found;
}

bool directory_same_person(struct store *st, const char *a, const char *b, enum role r)
{
	char *na = addr_normalize(a), *nb = addr_normalize(b);
	bool same = strcmp(na, nb) == 0 ||
		    store_int(st, "SELECT count(*) FROM person p JOIN person q ON q.name_key = p.name_key"
			      " AND q.role = p.role WHERE p.email = ? AND q.email = ? AND p.role = ?", 0,
			      "sss", na, nb, role_code(r)) > 0;

	free(na);
	free(nb);
	return same;
}
