#include <sqlite3.h>
/* SQLITE_TRANSIENT is a cast macro Swift cannot import: bound text is copied by SQLite. */
static inline sqlite3_destructor_type sift_sqlite_transient(void) { return SQLITE_TRANSIENT; }
/* Double-quoted names must always be names. By default SQLite reads "x" as the string 'x' when
   no column x exists, so a column dropped behind a remote frame would compute on the text of its
   name instead of failing. sqlite3_db_config is variadic, which Swift cannot call. */
static inline int sift_sqlite_strict_quotes(sqlite3 *db) {
    int rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)0);
    if (rc != SQLITE_OK) return rc;
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)0);
}
