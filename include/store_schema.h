/* store_schema.h: the database's schema, version by version (src/store_schema.c). */
#ifndef BPOMAIL_STORE_SCHEMA_H
#define BPOMAIL_STORE_SCHEMA_H

/*
 * Append-only: the statements (NULL-terminated) that bring user_version from
 * version - 1 to version, for 1 <= version <= STORE_SCHEMA_VERSION; NULL
 * otherwise. There is one for each version, or store_schema.c does not compile.
 */
const char *const *store_migration(unsigned version);

#endif
