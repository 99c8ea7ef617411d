#include <sqlite3.h>

/// Whether the last connection to close checkpoints the write-ahead log into the database file
/// (`on` 1, SQLite's default) or leaves the log as it is (`on` 0): `sqlite3_db_config` with
/// `SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE`, a C variadic call, which Swift cannot make itself.
/// Returns SQLite's status.
static inline int quarry_sqlite3_checkpoint_on_close(sqlite3 *db, int on) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, on ? 0 : 1, (int *)0);
}
