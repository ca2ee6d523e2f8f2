/*
 * The store: one SQLite file, the only place that includes sqlite3.h.
 *
 * Write-ahead log with synchronous=FULL, so that readers never wait for
 * a writer; foreign keys on, a busy timeout, writers take BEGIN
 * IMMEDIATE, and every statement is prepared with bound parameters.
 * Debian's SQLite 3.40 has the WAL-reset race (fixed in 3.51.3): a
 * checkpoint that starts while another connection's commit resets the
 * log.  hb never lets that happen: no automatic checkpoints, none when a
 * connection closes, and after each commit one TRUNCATE checkpoint, which
 * holds the write lock, so no commit can run beside it; the store file
 * holds everything once a command is done.  Prepared statements are
 * cached by their SQL text so that a loop over 100,000 bank lines
 * prepares each statement once.
 *
 * The trust boundary: the store, its log, journal, read log, lock and key
 * belong to the user running hb, none is a symbolic link, and the
 * directory they live in is the user's (or root's) and writable by no
 * one else; otherwise someone else could swap or edit them under us.
 *
 * The read log (STORE-reads) is a small SQLite file of its own: a command
 * that only reads appends its audit entry there, so that it never waits
 * for the store's write lock; the next command that writes folds those
 * entries into the audit chain (audit.c) and deletes them once committed.
 *
 * Seals: SQLite's update hook tells which rows of the tables of facts
 * (the sealed list below) this connection changed; when the transaction
 * commits, each such row gets a fresh HMAC of its columns with the store's
 * key (table seal).  A row changed with the sqlite3 tool, or any other
 * program, keeps a seal that no longer matches: hb-household verify and
 * every export find it.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "hb.h"

#define CACHE_MAX 96
#define SEAL_VERSION 10	/* the migration that makes the seal table */

/* The tables whose rows are sealed, with the columns that matter.  Only
 * nullable columns may be added to a sealed table without resealing: a
 * NULL column is left out of the seal. */
static const struct sealed {
	const char	*table;
	const char	*cols;
} sealed[] = {
	{ "parameter", "t.name, t.valid_from, t.cents, t.text" },
	{ "household", "t.code, t.buffer_limit, t.start_date, t.end_date" },
	{ "account", "t.iban, t.holder, t.kind, t.household_id" },
	{ "organisation_iban", "t.iban, t.organisation_id" },
	{ "agreement", "t.household_id, t.direction, t.kind, "
	    "t.organisation_id, t.iban, t.amount, t.schedule, t.valid_from, "
	    "t.valid_to, t.reference" },
	{ "import", "t.file_hash, t.new_lines, t.duplicates" },
	{ "statement", "t.import_id, t.account_id, t.opening, t.closing, "
	    "t.opening_date, t.closing_date, t.lines, t.reconciled" },
	{ "bank_line", "t.account_id, t.statement_id, t.booking_date, "
	    "t.cents, t.counter_iban, t.end_to_end, t.dedup_key" },
	{ "line_match", "t.line_id, t.household_id, t.agreement_id, "
	    "t.expected_date" },
	{ "payout", "t.idem_key, t.household_id, t.agreement_id, "
	    "t.exec_date, t.amount, t.creditor, t.creditor_iban, "
	    "t.debtor_iban, t.remittance, t.end_to_end, t.status, t.batch_id, "
	    "t.pending_batch" },
	{ "export_batch", "t.msg_id, t.file, t.count, t.control_sum, "
	    "t.file_hash, t.status" },
	{ "verify_checkpoint", "t.audit_id, t.hash" },
};
#define NSEALED (sizeof(sealed) / sizeof(sealed[0]))

enum { SQL_SEAL, SQL_CHECK, SQL_CHECK_ONE, SQL_REMOVED, SQL_UNSEALED,
    SQL_N };

struct change {
	int		 table;
	int64_t		 id;
};

struct hb_stmt {
	struct hb_store	*st;
	sqlite3_stmt	*s;
	const char	*sql;
	int		 busy;
	int		 cached;
};

struct hb_store {
	sqlite3		*db;
	char		*path;
	int		 created;
	struct hb_stmt	*cache[CACHE_MAX];
	int		 ncache;
	int64_t		 vm_steps;	/* of the statements done with */
	char		*key_path;
	unsigned char	 key[HB_KEY_LEN];
	int		 have_key, key_missing, sealing;
	struct hb_hmac	 seal_base;	/* the key's HMAC state, ready */
	struct change	*changes;
	size_t		 nchanges, capchanges;
	char		*sql[NSEALED][SQL_N];
	struct hb_store	*reads;		/* the read log, once opened */
	int64_t		 reads_folded;	/* its entries this transaction folded */
};

static int
dberr(struct hb_store *st, struct hb_err *e, const char *what)
{
	return hb_error(e, "store '%s': %s: %s", st->path, what,
	    sqlite3_errmsg(st->db));
}

int
hb_store_path(const char *opt, char **path, struct hb_err *e)
{
	const char *env, *home;

	if (opt != NULL && *opt != '\0') {
		*path = xstrdup(opt);
		return 0;
	}
	if ((env = getenv("HB_DB")) != NULL && *env != '\0') {
		*path = xstrdup(env);
		return 0;
	}
	if ((env = getenv("XDG_DATA_HOME")) != NULL && *env == '/') {
		xasprintf(path, "%s/hb/hb.db", env);
		return 0;
	}
	if ((home = getenv("HOME")) == NULL || *home != '/')
		return hb_error(e, "cannot find the store: set HB_DB or use -d");
	xasprintf(path, "%s/.local/share/hb/hb.db", home);
	return 0;
}

/* Create the store's directory (and missing parents) private to us. */
static int
make_dir(const char *file, struct hb_err *e)
{
	char *dir = xstrdup(file), *p;
	struct stat sb;
	int rc = 0;

	if ((p = strrchr(dir, '/')) == NULL || p == dir)
		goto out;
	*p = '\0';
	if (stat(dir, &sb) == 0)
		goto out;
	for (p = dir + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
			rc = hb_error(e, "cannot create directory '%s': %s",
			    dir, strerror(errno));
			goto out;
		}
		*p = '/';
	}
	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		rc = hb_error(e, "cannot create directory '%s': %s", dir,
		    strerror(errno));
out:
	free(dir);
	return rc;
}

/* A file beside the store (journal, lock, key): when it is there it must
 * be a regular file of ours. */
static int
check_beside(const char *store, const char *what, const char *path,
    int *exists, struct hb_err *e)
{
	struct stat sb;

	if (exists != NULL)
		*exists = 0;
	if (lstat(path, &sb) == -1) {
		if (errno == ENOENT)
			return 0;
		return hb_error(e, "refusing store '%s': cannot check its %s "
		    "'%s': %s", store, what, path, strerror(errno));
	}
	if (exists != NULL)
		*exists = 1;
	if (S_ISLNK(sb.st_mode))
		return hb_error(e, "refusing store '%s': its %s '%s' is a "
		    "symbolic link", store, what, path);
	if (!S_ISREG(sb.st_mode))
		return hb_error(e, "refusing store '%s': its %s '%s' is not a "
		    "regular file", store, what, path);
	if (sb.st_uid != geteuid())
		return hb_error(e, "refusing store '%s': its %s '%s' belongs "
		    "to uid %lu, not to you (uid %lu)", store, what, path,
		    (unsigned long)sb.st_uid, (unsigned long)geteuid());
	return 0;
}

/* The directory of the store: no component a symbolic link (SQLite
 * refuses them), ours or root's, writable by no one else. */
static int
check_dir(const char *path, int flags, struct hb_err *e)
{
	char *dir = xstrdup(path), *p, *real;
	struct stat sb;
	int rc = 0;

	if ((p = strrchr(dir, '/')) == NULL)
		strcpy(dir, ".");
	else if (p == dir)
		p[1] = '\0';
	else
		*p = '\0';
	for (p = dir + 1; ; p++) {
		char save = *p;

		if (save != '/' && save != '\0')
			continue;
		*p = '\0';
		if (lstat(dir, &sb) == 0 && S_ISLNK(sb.st_mode)) {
			real = realpath(dir, NULL);
			rc = hb_error(e, "refusing store '%s': '%s' is a "
			    "symbolic link%s%s%s; give the store by its real "
			    "path", path, dir, real ? " to '" : "",
			    real ? real : "", real ? "'" : "");
			free(real);
			goto out;
		}
		*p = save;
		if (save == '\0')
			break;
	}
	if (stat(dir, &sb) == -1) {
		rc = hb_error(e, "cannot use the store's directory '%s': %s",
		    dir, strerror(errno));
		goto out;
	}
	if (sb.st_uid != geteuid() && sb.st_uid != 0) {
		rc = hb_error(e, "refusing store '%s': its directory '%s' "
		    "belongs to uid %lu, not to you (uid %lu)", path, dir,
		    (unsigned long)sb.st_uid, (unsigned long)geteuid());
		goto out;
	}
	if (sb.st_mode & (S_IWGRP | S_IWOTH)) {
		rc = hb_error(e, "refusing store '%s': others can write to its "
		    "directory '%s' (mode %03o%s), so they could replace the "
		    "store or its journal; keep the store in a directory only "
		    "you can write to", path, dir,
		    (unsigned)(sb.st_mode & 0777),
		    (sb.st_mode & S_ISVTX) ? ", sticky" : "");
		goto out;
	}
	/* every command writes an audit entry, and SQLite its journal
	 * beside the store: say so now rather than after the work */
	if (!(flags & HB_STORE_READONLY) && access(dir, W_OK | X_OK) == -1)
		rc = hb_error(e, "store '%s' is read-only: cannot write to its "
		    "directory '%s' (%s); every hb command writes an audit "
		    "entry and SQLite a journal beside the store", path, dir,
		    strerror(errno));
out:
	free(dir);
	return rc;
}

/* A log or journal left where a store is made would be applied to the
 * new store: SQLite cannot tell it belonged to another. */
static int
orphan_log(const char *path, struct hb_err *e)
{
	static const char *const suffix[] = { "-wal", "-journal" };
	struct stat sb;
	char *beside;
	size_t i;
	int there;

	/* an empty one holds nothing: hb leaves the log empty, not gone */
	for (i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		xasprintf(&beside, "%s%s", path, suffix[i]);
		there = lstat(beside, &sb) == 0 && sb.st_size > 0;
		if (there)
			hb_error(e, "no store at '%s', but '%s' is there: a log "
			    "of a store that was removed would be applied to a "
			    "new one; restore the store, or remove '%s'", path,
			    beside, beside);
		free(beside);
		if (there)
			return -1;
	}
	return 0;
}

/* The files SQLite and hb keep beside the store (the key is read apart) */
static const struct {
	const char	*suffix, *what;
} besides[] = {
	{ "-journal", "journal" }, { ".lock", "lock file" },
	{ "-wal", "write-ahead log" }, { "-shm", "write-ahead log index" },
	{ "-reads", "read log" }, { "-reads-journal", "read log's journal" },
};

/* A store holds citizens' finances: refuse one that is a symlink, that
 * others can read, or that is not ours. */
static int
check_file(const char *path, int flags, int *exists, struct hb_err *e)
{
	struct stat sb;
	char *beside;
	size_t i;
	int fd, rc;

	*exists = 0;
	if (lstat(path, &sb) == 0) {
		*exists = 1;
		if (S_ISLNK(sb.st_mode))
			return hb_error(e, "refusing store '%s': it is a "
			    "symbolic link", path);
		if (!S_ISREG(sb.st_mode))
			return hb_error(e, "refusing store '%s': not a "
			    "regular file", path);
		if (sb.st_mode & (S_IROTH | S_IWOTH))
			return hb_error(e, "refusing store '%s': others can "
			    "read it (mode %03o); run chmod 600 '%s'", path,
			    (unsigned)(sb.st_mode & 0777), path);
		if (sb.st_uid != geteuid())
			return hb_error(e, "refusing store '%s': it belongs to "
			    "uid %lu, not to you (uid %lu)", path,
			    (unsigned long)sb.st_uid,
			    (unsigned long)geteuid());
		if (check_dir(path, flags, e) == -1)
			return -1;
		if (!(flags & HB_STORE_READONLY) && access(path, W_OK) == -1)
			return hb_error(e, "store '%s' is read-only (%s): every "
			    "hb command writes an audit entry", path,
			    strerror(errno));
		for (i = 0, rc = 0; rc == 0 && i < sizeof(besides) /
		    sizeof(besides[0]); i++) {
			xasprintf(&beside, "%s%s", path, besides[i].suffix);
			rc = check_beside(path, besides[i].what, beside, NULL,
			    e);
			free(beside);
		}
		return rc;
	}
	if (errno != ENOENT)
		return hb_error(e, "cannot open store '%s': %s", path,
		    strerror(errno));
	if (!(flags & HB_STORE_CREATE))
		return hb_error(e, "no store at '%s': create one with "
		    "'hb-household init'", path);
	if (make_dir(path, e) == -1 || check_dir(path, flags, e) == -1 ||
	    orphan_log(path, e) == -1)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1)
		return hb_error(e, "cannot create store '%s': %s", path,
		    strerror(errno));
	close(fd);
	return 0;
}

/* The key file: 64 hex digits and a newline, 0600, ours. */
static int
read_key_file(struct hb_store *st, const char *path, struct hb_err *e)
{
	char buf[80];
	struct stat sb;
	ssize_t n;
	int fd, i, exists;

	if (check_beside(st->path, "audit key", path, &exists, e) == -1)
		return -1;
	if (!exists)
		return 0;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return hb_error(e, "cannot open audit key '%s': %s", path,
		    strerror(errno));
	if (fstat(fd, &sb) == -1 || (sb.st_mode & 077)) {
		close(fd);
		return hb_error(e, "refusing audit key '%s': others can read "
		    "it; run chmod 600 '%s'", path, path);
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 2 * HB_KEY_LEN)
		return hb_error(e, "audit key '%s' is damaged: expected %d hex "
		    "digits; restore it from its backup", path,
		    2 * HB_KEY_LEN);
	/* sscanf reads to the end of its string */
	buf[n] = '\0';
	for (i = 0; i < HB_KEY_LEN; i++) {
		unsigned v;

		if (sscanf(buf + 2 * i, "%2x", &v) != 1 ||
		    !isxdigit((unsigned char)buf[2 * i]) ||
		    !isxdigit((unsigned char)buf[2 * i + 1]))
			return hb_error(e, "audit key '%s' is damaged: "
			    "restore it from its backup", path);
		st->key[i] = (unsigned char)v;
	}
	st->have_key = 1;
	hb_hmac_init(&st->seal_base, st->key, HB_KEY_LEN);
	hb_hmac_update(&st->seal_base, "seal\x1f", 5);
	return 0;
}

static int
read_key(struct hb_store *st, struct hb_err *e)
{
	return read_key_file(st, st->key_path, e);
}

/*
 * A new key, made at the keying point as STORE.key.new (O_EXCL, so two
 * processes end up with one) and given its name only once the store is
 * sealed with it: a STORE.key is proof that keying happened.
 */
static int
make_key(struct hb_store *st, const char *path, struct hb_err *e)
{
	char hex[2 * HB_KEY_LEN + 2];
	int fd, i;

	hb_random_hex(hex, HB_KEY_LEN);
	strcat(hex, "\n");
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1 && errno == EEXIST) {
		/* another process is keying: wait for its key */
		for (i = 0; i < 100; i++) {
			struct hb_err ignore;

			if ((read_key_file(st, path, &ignore) == 0 &&
			    st->have_key) || (read_key(st, &ignore) == 0 &&
			    st->have_key))
				return 0;
			usleep(10000);
		}
		return hb_error(e, "audit key '%s' is being made by another "
		    "process and did not appear: try again", path);
	}
	if (fd == -1)
		return hb_error(e, "cannot create audit key '%s': %s", path,
		    strerror(errno));
	if (write(fd, hex, strlen(hex)) != (ssize_t)strlen(hex) ||
	    fsync(fd) == -1) {
		hb_error(e, "cannot write audit key '%s': %s", path,
		    strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	return read_key_file(st, path, e);
}

/* STORE.key.new becomes STORE.key, never over an existing one. */
static int
name_key(struct hb_store *st, const char *path, struct hb_err *e)
{
	if (link(path, st->key_path) == -1 && errno != EEXIST)
		return hb_error(e, "cannot name audit key '%s': %s",
		    st->key_path, strerror(errno));
	unlink(path);
	return 0;
}

#define SCHEMA_MAC "SELECT hb_seal('schema', 0, group_concat(x, char(31))) " \
    "FROM (SELECT type || ' ' || name || ' ' || sql AS x FROM sqlite_master " \
    "WHERE sql IS NOT NULL ORDER BY type, name)"

/* The schema's seal, after hb changed the schema (a migration). */
static int
seal_schema(struct hb_store *st, struct hb_err *e)
{
	if (!st->have_key)
		return 0;
	return hb_exec(st, e, "INSERT OR REPLACE INTO seal (tbl, id, mac) "
	    "VALUES ('schema', 0, (" SCHEMA_MAC "))", "");
}

int
hb_store_schema_sealed(struct hb_store *st, struct hb_err *e)
{
	int64_t same = 0;

	if (hb_query_int(st, &same, e, "SELECT mac IS (" SCHEMA_MAC ") FROM "
	    "seal WHERE tbl = 'schema' AND id = 0", "") == -1)
		return -1;
	return same == 1;
}

static int
migrate(struct hb_store *st, struct hb_err *e)
{
	int i, version, latest = hb_migrations[hb_nmigrations - 1].version;
	int had_key = st->have_key;

	if (hb_store_version(st, &version, e) == -1)
		return -1;
	if (version > latest)
		return hb_error(e, "store '%s' has schema version %d, newer "
		    "than this hb knows (%d): upgrade hb", st->path, version,
		    latest);
	for (i = 0; i < hb_nmigrations; i++) {
		char pragma[64];

		if (hb_migrations[i].version <= version)
			continue;
		if (hb_begin(st, e) == -1)
			return -1;
		/* another process may have migrated while we waited */
		if (hb_store_version(st, &version, e) == -1)
			goto fail;
		if (hb_migrations[i].version <= version) {
			hb_rollback(st);
			continue;
		}
		if (sqlite3_exec(st->db, hb_migrations[i].sql, NULL, NULL,
		    NULL) != SQLITE_OK) {
			dberr(st, e, "migration failed");
			goto fail;
		}
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d",
		    hb_migrations[i].version);
		if (sqlite3_exec(st->db, pragma, NULL, NULL, NULL) != SQLITE_OK) {
			dberr(st, e, "migration failed");
			goto fail;
		}
		/* no seals before the migration that makes their table (a
		 * key left beside a store made anew) */
		st->have_key = had_key && hb_migrations[i].version >=
		    SEAL_VERSION;
		if (seal_schema(st, e) == -1 || hb_commit(st, e) == -1)
			goto fail;
		version = hb_migrations[i].version;
	}
	st->have_key = had_key;
	return 0;
fail:
	hb_rollback(st);
	st->have_key = had_key;
	return -1;
}

/* hb_outcome(key, args, outcome): a decision's outcome in the reader's
 * language (outcome.c) */
static void
outcome_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char out[1024];

	(void)argc;
	hb_outcome_render((const char *)sqlite3_value_text(argv[0]),
	    (const char *)sqlite3_value_text(argv[1]),
	    (const char *)sqlite3_value_text(argv[2]), out, sizeof(out));
	sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

/* hb_seal(table, rowid, column...): the row's HMAC, its first 128 bits.
 * Each value is tagged with its type and length, a NULL left out. */
static void
seal_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct hb_store *st = sqlite3_user_data(ctx);
	struct hb_hmac m;
	unsigned char mac[32];
	char num[40];
	const void *p;
	int i, n;

	if (!st->have_key) {
		sqlite3_result_null(ctx);
		return;
	}
	m = st->seal_base;
	for (i = 0; i < argc; i++) {
		switch (sqlite3_value_type(argv[i])) {
		case SQLITE_NULL:
			continue;
		case SQLITE_INTEGER:
			n = snprintf(num, sizeof(num), "%d:I%lld", i,
			    (long long)sqlite3_value_int64(argv[i]));
			hb_hmac_update(&m, num, (size_t)n + 1);
			continue;
		default:
			p = sqlite3_value_text(argv[i]);
			n = sqlite3_value_bytes(argv[i]);
			snprintf(num, sizeof(num), "%d:T%d:", i, n);
			hb_hmac_update(&m, num, strlen(num));
			if (p != NULL)
				hb_hmac_update(&m, p, (size_t)n);
		}
	}
	hb_hmac_final(&m, mac);
	sqlite3_result_blob(ctx, mac, 16, SQLITE_TRANSIENT);
}

static void
change_hook(void *arg, int op, const char *db, const char *table,
    sqlite3_int64 rowid)
{
	struct hb_store *st = arg;
	size_t i;

	if (st->sealing || strcmp(db, "main") != 0)
		return;
	for (i = 0; i < NSEALED; i++)
		if (strcmp(table, sealed[i].table) == 0)
			break;
	if (i == NSEALED)
		return;
	if (st->nchanges > 0 && st->changes[st->nchanges - 1].table ==
	    (int)i && st->changes[st->nchanges - 1].id == rowid)
		return;
	if (st->nchanges == st->capchanges) {
		st->capchanges = st->capchanges ? st->capchanges * 2 : 64;
		st->changes = xreallocarray(st->changes, st->capchanges,
		    sizeof(st->changes[0]));
	}
	st->changes[st->nchanges].table = (int)i;
	st->changes[st->nchanges++].id = rowid;
}

static void
make_sql(struct hb_store *st)
{
	size_t i;

	for (i = 0; i < NSEALED; i++) {
		const char *t = sealed[i].table, *c = sealed[i].cols;

		xasprintf(&st->sql[i][SQL_SEAL], "INSERT OR REPLACE INTO seal "
		    "(tbl, id, mac) SELECT '%s', t.rowid, hb_seal('%s', t.rowid, "
		    "%s) FROM %s t WHERE t.rowid = ?", t, t, c, t);
		xasprintf(&st->sql[i][SQL_CHECK], "SELECT t.rowid, s.mac IS "
		    "NULL FROM %s t LEFT JOIN seal s ON s.tbl = '%s' AND s.id = "
		    "t.rowid WHERE s.mac IS NOT hb_seal('%s', t.rowid, %s) ORDER "
		    "BY t.rowid", t, t, t, c);
		xasprintf(&st->sql[i][SQL_CHECK_ONE], "SELECT t.rowid, s.mac IS "
		    "NULL FROM %s t LEFT JOIN seal s ON s.tbl = '%s' AND s.id = "
		    "t.rowid WHERE t.rowid = ? AND s.mac IS NOT hb_seal('%s', "
		    "t.rowid, %s)", t, t, t, c);
		xasprintf(&st->sql[i][SQL_REMOVED], "SELECT id FROM seal WHERE "
		    "tbl = '%s' AND id NOT IN (SELECT rowid FROM %s) ORDER BY id",
		    t, t);
		xasprintf(&st->sql[i][SQL_UNSEALED], "INSERT INTO seal (tbl, id, "
		    "mac) SELECT '%s', t.rowid, hb_seal('%s', t.rowid, %s) FROM "
		    "%s t WHERE t.rowid NOT IN (SELECT id FROM seal WHERE tbl = "
		    "'%s')", t, t, c, t, t);
	}
}

/* Seal the rows this transaction changed, before it commits. */
static int
seal_changes(struct hb_store *st, struct hb_err *e)
{
	size_t i;
	int rc = 0;

	if (!st->have_key || st->nchanges == 0) {
		st->nchanges = 0;
		return 0;
	}
	st->sealing = 1;
	for (i = 0; i < st->nchanges && rc == 0; i++) {
		const struct change *ch = &st->changes[i];

		rc = hb_exec(st, e, st->sql[ch->table][SQL_SEAL], "I", ch->id);
		if (rc == 0 && hb_changes(st) == 0)
			rc = hb_exec(st, e, "DELETE FROM seal WHERE tbl = ? AND "
			    "id = ?", "sI", sealed[ch->table].table, ch->id);
	}
	st->sealing = 0;
	st->nchanges = 0;
	return rc;
}

/*
 * The keying point.  A store with STORE.key is keyed.  A store without
 * one and without a checkpoint is not yet: it gets its key now and every
 * row sealed as it stands, with a checkpoint that marks the point from
 * which every audit entry is keyed.  A store with a checkpoint but no key
 * has lost its key: nothing is written until it is restored.
 */
static int
key_store(struct hb_store *st, struct hb_err *e)
{
	int64_t one;
	char *newkey;
	size_t i;
	int rc;

	/* a key beside a store created just now is left from an earlier
	 * store of that name: the new store is sealed with it */
	if (st->have_key && !st->created)
		return 0;
	if ((rc = hb_query_int(st, &one, e, "SELECT 1 FROM verify_checkpoint "
	    "WHERE id = 1", "")) == -1)
		return -1;
	xasprintf(&newkey, "%s.new", st->key_path);
	if (rc == 1) {
		/* sealed, but the key lost its name in a crash? */
		if (access(newkey, F_OK) == 0) {
			if ((rc = read_key_file(st, newkey, e)) == 0)
				rc = name_key(st, newkey, e);
		} else
			st->key_missing = 1;
		free(newkey);
		return rc == -1 ? -1 : 0;
	}
	if ((!st->have_key && make_key(st, newkey, e) == -1) ||
	    hb_begin(st, e) == -1) {
		free(newkey);
		return -1;
	}
	rc = hb_exec(st, e, "INSERT OR REPLACE INTO verify_checkpoint (id, "
	    "audit_id, hash, at) SELECT 1, coalesce(max(id), 0), coalesce(("
	    "SELECT hash FROM audit ORDER BY id DESC LIMIT 1), ''), "
	    "strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM audit", "");
	st->sealing = 1;
	for (i = 0; i < NSEALED && rc != -1; i++)
		rc = hb_exec(st, e, st->sql[i][SQL_UNSEALED], "");
	st->sealing = 0;
	if (rc != -1)
		rc = seal_schema(st, e);
	if (rc == -1 || hb_commit(st, e) == -1 ||
	    (access(newkey, F_OK) == 0 && name_key(st, newkey, e) == -1)) {
		hb_rollback(st);
		free(newkey);
		return -1;
	}
	free(newkey);
	return 0;
}

/*
 * Test hooks (hb(5), ENVIRONMENT; never set them on a real store):
 * HB_TEST_SQLITE_MALLOC_FAIL=N makes SQLite's Nth allocation of the
 * process fail, HB_TEST_IO_FAIL=N the Nth write or sync of any file of
 * the store, and HB_TEST_FAULT_MARK=FILE creates FILE when that fault is
 * injected, so that a test looping over N knows when N is past the last.
 * Each fault is injected once: what follows runs normally, as after a
 * transient failure.  HB_TEST_CRASH=write:N kills the process with
 * SIGKILL instead of its Nth write to the store or its journal, and
 * HB_TEST_CRASH=before-commit or after-commit at the first commit;
 * HB_TEST_PAUSE=before-commit:FILE creates FILE there and waits until it
 * is removed (at most a minute), as the export's steps do.
 */
static long fault_malloc_at, fault_io_at, fault_malloc_n, fault_io_n;
static long crash_write_at, crash_write_n;
static sqlite3_mem_methods fault_mem;
static sqlite3_vfs fault_vfs, *fault_base;

struct fault_file {
	sqlite3_file		 base;
	const sqlite3_io_methods *real_methods;
	sqlite3_file		*real;	/* follows this struct */
};

static void
fault_mark(void)
{
	const char *mark = getenv("HB_TEST_FAULT_MARK");
	int fd;

	if (mark != NULL && (fd = open(mark, O_WRONLY | O_CREAT | O_TRUNC |
	    O_CLOEXEC, 0600)) != -1)
		close(fd);
}

static int
fault_now(long *n, long at)
{
	if (at <= 0 || ++*n != at)
		return 0;
	fault_mark();
	return 1;
}

static void *
fault_malloc(int n)
{
	if (fault_now(&fault_malloc_n, fault_malloc_at))
		return NULL;
	return fault_mem.xMalloc(n);
}

static void *
fault_realloc(void *p, int n)
{
	if (fault_now(&fault_malloc_n, fault_malloc_at))
		return NULL;
	return fault_mem.xRealloc(p, n);
}

#define REAL(f) (((struct fault_file *)(f))->real)
#define RM(f) (((struct fault_file *)(f))->real_methods)

static int
ff_close(sqlite3_file *f)
{
	int rc = RM(f)->xClose(REAL(f));

	f->pMethods = NULL;
	return rc;
}

static int
ff_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	return RM(f)->xRead(REAL(f), buf, n, off);
}

static int
ff_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	if (crash_write_at > 0 && ++crash_write_n == crash_write_at)
		raise(SIGKILL);
	if (fault_now(&fault_io_n, fault_io_at))
		return SQLITE_IOERR_WRITE;
	return RM(f)->xWrite(REAL(f), buf, n, off);
}

static int
ff_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return RM(f)->xTruncate(REAL(f), size);
}

static int
ff_sync(sqlite3_file *f, int flags)
{
	if (fault_now(&fault_io_n, fault_io_at))
		return SQLITE_IOERR_FSYNC;
	return RM(f)->xSync(REAL(f), flags);
}

static int
ff_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return RM(f)->xFileSize(REAL(f), size);
}

static int
ff_lock(sqlite3_file *f, int lock)
{
	return RM(f)->xLock(REAL(f), lock);
}

static int
ff_unlock(sqlite3_file *f, int lock)
{
	return RM(f)->xUnlock(REAL(f), lock);
}

static int
ff_check_lock(sqlite3_file *f, int *out)
{
	return RM(f)->xCheckReservedLock(REAL(f), out);
}

static int
ff_control(sqlite3_file *f, int op, void *arg)
{
	return RM(f)->xFileControl(REAL(f), op, arg);
}

static int
ff_sector(sqlite3_file *f)
{
	return RM(f)->xSectorSize(REAL(f));
}

static int
ff_device(sqlite3_file *f)
{
	return RM(f)->xDeviceCharacteristics(REAL(f));
}

/* the write-ahead log's shared memory, passed through */
static int
ff_shm_map(sqlite3_file *f, int region, int size, int extend,
    void volatile **p)
{
	return RM(f)->xShmMap(REAL(f), region, size, extend, p);
}

static int
ff_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	return RM(f)->xShmLock(REAL(f), offset, n, flags);
}

static void
ff_shm_barrier(sqlite3_file *f)
{
	RM(f)->xShmBarrier(REAL(f));
}

static int
ff_shm_unmap(sqlite3_file *f, int del)
{
	return RM(f)->xShmUnmap(REAL(f), del);
}

/* version 2 methods: shared memory for the write-ahead log, no mmap */
static const sqlite3_io_methods fault_io = {
	2, ff_close, ff_read, ff_write, ff_truncate, ff_sync, ff_size,
	ff_lock, ff_unlock, ff_check_lock, ff_control, ff_sector, ff_device,
	ff_shm_map, ff_shm_lock, ff_shm_barrier, ff_shm_unmap, NULL, NULL
};

static int
fault_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags,
    int *oflags)
{
	struct fault_file *ff = (struct fault_file *)f;
	int rc;

	(void)vfs;
	ff->real = (sqlite3_file *)(ff + 1);
	f->pMethods = NULL;
	rc = fault_base->xOpen(fault_base, name, ff->real, flags, oflags);
	if (ff->real->pMethods != NULL) {
		ff->real_methods = ff->real->pMethods;
		f->pMethods = &fault_io;
	}
	return rc;
}

static long
test_number(const char *name)
{
	const char *s = getenv(name);

	return s == NULL ? 0 : strtol(s, NULL, 10);
}

static void
crash_point(const char *step)
{
	const char *want = getenv("HB_TEST_CRASH");
	size_t len = strlen(step);
	int i, fd;

	if (want != NULL && strcmp(want, step) == 0)
		raise(SIGKILL);
	want = getenv("HB_TEST_PAUSE");
	if (want == NULL || strncmp(want, step, len) != 0 || want[len] != ':')
		return;
	want += len + 1;
	if ((fd = open(want, O_WRONLY | O_CREAT | O_CLOEXEC, 0600)) != -1)
		close(fd);
	for (i = 0; i < 6000 && access(want, F_OK) == 0; i++)
		usleep(10000);
}

static void
test_hooks(void)
{
	static int done;
	const char *crash = getenv("HB_TEST_CRASH");

	if (done)
		return;
	done = 1;
	fault_malloc_at = test_number("HB_TEST_SQLITE_MALLOC_FAIL");
	fault_io_at = test_number("HB_TEST_IO_FAIL");
	if (crash != NULL && strncmp(crash, "write:", 6) == 0)
		crash_write_at = strtol(crash + 6, NULL, 10);
	if (fault_malloc_at > 0 &&
	    sqlite3_config(SQLITE_CONFIG_GETMALLOC, &fault_mem) == SQLITE_OK) {
		sqlite3_mem_methods m = fault_mem;

		m.xMalloc = fault_malloc;
		m.xRealloc = fault_realloc;
		sqlite3_config(SQLITE_CONFIG_MALLOC, &m);
	}
	if ((fault_io_at > 0 || crash_write_at > 0) && (fault_base = sqlite3_vfs_find(NULL)) != NULL) {
		fault_vfs = *fault_base;
		fault_vfs.iVersion = 1;
		fault_vfs.szOsFile = (int)sizeof(struct fault_file) +
		    fault_base->szOsFile;
		fault_vfs.zName = "hb-test-fault";
		fault_vfs.xOpen = fault_open;
		sqlite3_vfs_register(&fault_vfs, 1);
	}
}

/* The write-ahead log: the store's mode from its first open on (a store
 * made with the rollback journal changes when no one else has it open). */
static int
wal(struct hb_store *st)
{
	int rc = sqlite3_exec(st->db, "PRAGMA journal_mode = WAL", NULL, NULL,
	    NULL);

	return rc == SQLITE_OK || rc == SQLITE_BUSY ? 0 : -1;
}

/* After a commit: the log into the store file, under the write lock (see
 * the top of this file); a reader still in the log makes it wait, at most
 * the busy timeout, and what is left is done by the next commit. */
static void
checkpoint(struct hb_store *st)
{
	(void)sqlite3_wal_checkpoint_v2(st->db, NULL,
	    SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
}

int
hb_store_open(const char *path, int flags, struct hb_store **out,
    struct hb_err *e)
{
	struct hb_store *st;
	int exists, oflags;

	*out = NULL;
	test_hooks();
	if (check_file(path, flags, &exists, e) == -1)
		return -1;
	st = xcalloc(1, sizeof(*st));
	st->path = xstrdup(path);
	st->created = !exists;
	xasprintf(&st->key_path, "%s.key", path);
	make_sql(st);
	if (read_key(st, e) == -1)
		goto fail;
	/* one connection, used by one thread: no locking inside SQLite */
	oflags = SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX |
	    ((flags & HB_STORE_READONLY) ?
	    SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
	if (sqlite3_open_v2(path, &st->db, oflags, NULL) != SQLITE_OK) {
		dberr(st, e, "cannot open");
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 10000);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	if (sqlite3_create_function(st->db, "hb_seal", -1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, st, seal_fn, NULL,
	    NULL) != SQLITE_OK || sqlite3_create_function(st->db, "hb_outcome",
	    3, SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, outcome_fn, NULL, NULL) !=
	    SQLITE_OK) {
		dberr(st, e, "cannot configure");
		goto fail;
	}
	sqlite3_update_hook(st->db, change_hook, st);
	/* a 16 MiB page cache keeps a municipality's register in memory
	 * while a large statement is matched against it */
	if (sqlite3_exec(st->db, "PRAGMA foreign_keys = ON;"
	    "PRAGMA synchronous = FULL; PRAGMA cache_size = -16384;"
	    "PRAGMA wal_autocheckpoint = 0;", NULL, NULL, NULL) != SQLITE_OK ||
	    (!(flags & HB_STORE_READONLY) && wal(st) == -1)) {
		dberr(st, e, "cannot configure");
		goto fail;
	}
	if (flags & HB_STORE_READONLY) {
		int version;

		if (hb_store_version(st, &version, e) == -1)
			goto fail;
		if (version != hb_migrations[hb_nmigrations - 1].version) {
			hb_error(e, "store '%s' has schema version %d, this hb "
			    "needs %d: run 'hb-household init'", path, version,
			    hb_migrations[hb_nmigrations - 1].version);
			goto fail;
		}
		if (!st->have_key && hb_query_int(st, &(int64_t){ 0 }, e,
		    "SELECT 1 FROM verify_checkpoint", "") == 1)
			st->key_missing = 1;
	} else if (migrate(st, e) == -1 || key_store(st, e) == -1)
		goto fail;
	*out = st;
	return 0;
fail:
	hb_store_close(st);
	return -1;
}

void
hb_store_close(struct hb_store *st)
{
	int i;

	if (st == NULL)
		return;
	hb_store_close(st->reads);
	for (i = 0; i < st->ncache; i++) {
		sqlite3_finalize(st->cache[i]->s);
		free(st->cache[i]);
	}
	sqlite3_close(st->db);
	for (i = 0; i < (int)NSEALED; i++) {
		int j;

		for (j = 0; j < SQL_N; j++)
			free(st->sql[i][j]);
	}
	free(st->changes);
	explicit_bzero(st->key, sizeof(st->key));
	explicit_bzero(&st->seal_base, sizeof(st->seal_base));
	free(st->key_path);
	free(st->path);
	free(st);
}

int
hb_store_created(const struct hb_store *st)
{
	return st->created;
}

int
hb_store_version(struct hb_store *st, int *version, struct hb_err *e)
{
	int64_t v;

	if (hb_query_int(st, &v, e, "PRAGMA user_version", "") != 1)
		return -1;
	*version = (int)v;
	return 0;
}

int
hb_store_check_key(struct hb_store *st, struct hb_err *e)
{
	if (st->key_missing)
		return hb_error(e, "store '%s': its audit key '%s' is missing, "
		    "so nothing can be written: restore the key from its "
		    "backup (see hb(5))", st->path, st->key_path);
	return 0;
}

int
hb_begin(struct hb_store *st, struct hb_err *e)
{
	if (hb_store_check_key(st, e) == -1)
		return -1;
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return dberr(st, e, "cannot start a transaction");
	return 0;
}

/*
 * The read log beside the store, opened once; with create, made (0600,
 * never through a symbolic link) when it is not there, else *out is NULL
 * when there is none.  Its table is the audit code's.
 */
int
hb_store_reads(struct hb_store *st, int create, struct hb_store **out,
    struct hb_err *e)
{
	struct hb_store *r;
	char *path, *journal;
	int exists, fd, rc;

	*out = st->reads;
	if (st->reads != NULL)
		return 0;
	xasprintf(&path, "%s-reads", st->path);
	xasprintf(&journal, "%s-journal", path);
	rc = check_beside(st->path, "read log", path, &exists, e);
	if (rc == 0)
		rc = check_beside(st->path, "read log's journal", journal,
		    NULL, e);
	free(journal);
	if (rc == 0 && !exists && create) {
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0600);
		if (fd != -1)
			close(fd);
		else if (errno != EEXIST)	/* else another reader made it */
			rc = hb_error(e, "cannot create the read log '%s' of "
			    "store '%s': %s", path, st->path, strerror(errno));
		else
			rc = check_beside(st->path, "read log", path, NULL,
			    e);
		exists = rc == 0;
	}
	if (rc == -1 || !exists) {
		free(path);
		return rc;
	}
	r = xcalloc(1, sizeof(*r));
	r->path = path;
	if (sqlite3_open_v2(path, &r->db, SQLITE_OPEN_NOFOLLOW |
	    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		dberr(r, e, "cannot open");
		hb_store_close(r);
		return -1;
	}
	sqlite3_extended_result_codes(r->db, 1);
	sqlite3_busy_timeout(r->db, 10000);
	sqlite3_db_config(r->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	if (sqlite3_exec(r->db, "PRAGMA synchronous = FULL; PRAGMA "
	    "journal_mode = DELETE;", NULL, NULL, NULL) != SQLITE_OK) {
		dberr(r, e, "cannot configure");
		hb_store_close(r);
		return -1;
	}
	*out = st->reads = r;
	return 0;
}

/* The read log's entries up to this id are folded into the chain by the
 * transaction under way: deleted from the log once it commits. */
void
hb_store_reads_folded(struct hb_store *st, int64_t upto)
{
	st->reads_folded = upto;
}

int
hb_begin_read(struct hb_store *st, struct hb_err *e)
{
	if (sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return dberr(st, e, "cannot start a transaction");
	return 0;
}

int
hb_commit(struct hb_store *st, struct hb_err *e)
{
	if (seal_changes(st, e) == -1) {
		hb_rollback(st);
		return -1;
	}
	crash_point("before-commit");
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		dberr(st, e, "cannot commit");
		hb_rollback(st);
		return -1;
	}
	crash_point("after-commit");
	checkpoint(st);
	/* the read log's entries are in the chain now: a failure here
	 * leaves them to the next fold, which finds them there */
	if (st->reads_folded > 0) {
		struct hb_err ignore;

		(void)hb_exec(st->reads, &ignore, "DELETE FROM read_audit "
		    "WHERE id <= ?", "I", st->reads_folded);
	}
	st->reads_folded = 0;
	return 0;
}

void
hb_rollback(struct hb_store *st)
{
	st->nchanges = 0;
	st->reads_folded = 0;
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

static int
bind(struct hb_stmt *h, const char *types, va_list ap, struct hb_err *e)
{
	char date[HB_DATE_LEN];
	const char *s;
	int64_t v;
	int i, rc = SQLITE_OK, d;

	for (i = 1; *types != '\0' && rc == SQLITE_OK; types++, i++) {
		switch (*types) {
		case 'i':
			rc = sqlite3_bind_int(h->s, i, va_arg(ap, int));
			break;
		case 'I':
			rc = sqlite3_bind_int64(h->s, i, va_arg(ap, int64_t));
			break;
		case 'm':
			v = va_arg(ap, int64_t);
			rc = v == INT64_MIN ? sqlite3_bind_null(h->s, i) :
			    sqlite3_bind_int64(h->s, i, v);
			break;
		case 's':
			s = va_arg(ap, const char *);
			rc = s == NULL ? sqlite3_bind_null(h->s, i) :
			    sqlite3_bind_text(h->s, i, s, -1, SQLITE_TRANSIENT);
			break;
		case 'd':
			d = va_arg(ap, int);
			if (d == -1)
				rc = sqlite3_bind_null(h->s, i);
			else {
				hb_date_format(d, date);
				rc = sqlite3_bind_text(h->s, i, date, -1,
				    SQLITE_TRANSIENT);
			}
			break;
		default:
			abort();	/* a programming error, not input */
		}
	}
	if (rc != SQLITE_OK)
		return dberr(h->st, e, "cannot bind");
	return 0;
}

static int
vprepare(struct hb_store *st, struct hb_stmt **out, struct hb_err *e,
    const char *sql, const char *types, va_list ap)
{
	struct hb_stmt *h = NULL;
	int i;

	/* the SQL is nearly always a literal, found by its address; the
	 * same text from elsewhere is found by comparing */
	for (i = 0; i < st->ncache && h == NULL; i++)
		if (!st->cache[i]->busy && st->cache[i]->sql == sql)
			h = st->cache[i];
	for (i = 0; i < st->ncache && h == NULL; i++)
		if (!st->cache[i]->busy && strcmp(st->cache[i]->sql, sql) == 0)
			h = st->cache[i];
	if (h == NULL) {
		h = xcalloc(1, sizeof(*h));
		h->st = st;
		h->sql = sql;
		if (sqlite3_prepare_v3(st->db, sql, -1,
		    SQLITE_PREPARE_PERSISTENT, &h->s, NULL) != SQLITE_OK) {
			free(h);
			return dberr(st, e, "cannot prepare");
		}
		if (st->ncache < CACHE_MAX) {
			h->cached = 1;
			st->cache[st->ncache++] = h;
		}
	}
	h->busy = 1;
	if (bind(h, types, ap, e) == -1) {
		hb_finalize(h);
		return -1;
	}
	*out = h;
	return 0;
}

int
hb_prepare(struct hb_store *st, struct hb_stmt **out, struct hb_err *e,
    const char *sql, const char *types, ...)
{
	va_list ap;
	int rc;

	va_start(ap, types);
	rc = vprepare(st, out, e, sql, types, ap);
	va_end(ap);
	return rc;
}

int
hb_step(struct hb_stmt *h, struct hb_err *e)
{
	switch (sqlite3_step(h->s)) {
	case SQLITE_ROW:
		return 1;
	case SQLITE_DONE:
		return 0;
	default:
		return dberr(h->st, e, "statement failed");
	}
}

int
hb_col_count(struct hb_stmt *h)
{
	return sqlite3_column_count(h->s);
}

const char *
hb_col_name(struct hb_stmt *h, int i)
{
	return sqlite3_column_name(h->s, i);
}

int
hb_col_null(struct hb_stmt *h, int i)
{
	return sqlite3_column_type(h->s, i) == SQLITE_NULL;
}

int64_t
hb_col_int(struct hb_stmt *h, int i)
{
	return sqlite3_column_int64(h->s, i);
}

const char *
hb_col_text(struct hb_stmt *h, int i)
{
	const unsigned char *s = sqlite3_column_text(h->s, i);

	return s == NULL ? "" : (const char *)s;
}

int
hb_col_date(struct hb_stmt *h, int i)
{
	int d;

	if (hb_col_null(h, i) || hb_date_parse(hb_col_text(h, i), &d) == -1)
		return -1;
	return d;
}

void
hb_finalize(struct hb_stmt *h)
{
	if (h == NULL)
		return;
	h->st->vm_steps += sqlite3_stmt_status(h->s, SQLITE_STMTSTATUS_VM_STEP,
	    1);
	if (h->cached) {
		sqlite3_reset(h->s);
		sqlite3_clear_bindings(h->s);
		h->busy = 0;
		return;
	}
	sqlite3_finalize(h->s);
	free(h);
}

int
hb_exec(struct hb_store *st, struct hb_err *e, const char *sql,
    const char *types, ...)
{
	struct hb_stmt *h;
	va_list ap;
	int rc;

	va_start(ap, types);
	rc = vprepare(st, &h, e, sql, types, ap);
	va_end(ap);
	if (rc == -1)
		return -1;
	while ((rc = hb_step(h, e)) == 1)
		;
	hb_finalize(h);
	return rc;
}

int
hb_query_int(struct hb_store *st, int64_t *out, struct hb_err *e,
    const char *sql, const char *types, ...)
{
	struct hb_stmt *h;
	va_list ap;
	int rc;

	va_start(ap, types);
	rc = vprepare(st, &h, e, sql, types, ap);
	va_end(ap);
	if (rc == -1)
		return -1;
	if ((rc = hb_step(h, e)) == 1)
		*out = hb_col_int(h, 0);
	hb_finalize(h);
	return rc;
}

int
hb_query_text(struct hb_store *st, char **out, struct hb_err *e,
    const char *sql, const char *types, ...)
{
	struct hb_stmt *h;
	va_list ap;
	int rc;

	va_start(ap, types);
	rc = vprepare(st, &h, e, sql, types, ap);
	va_end(ap);
	if (rc == -1)
		return -1;
	if ((rc = hb_step(h, e)) == 1)
		*out = xstrdup(hb_col_text(h, 0));
	hb_finalize(h);
	return rc;
}

/* The virtual machine steps of the statements done with: work that a test
 * can count where a time would depend on the machine. */
int64_t
hb_store_vm_steps(const struct hb_store *st)
{
	return st->vm_steps;
}

int64_t
hb_last_id(struct hb_store *st)
{
	return sqlite3_last_insert_rowid(st->db);
}

int
hb_changes(struct hb_store *st)
{
	return sqlite3_changes(st->db);
}

const unsigned char *
hb_store_key(const struct hb_store *st)
{
	return st->have_key ? st->key : NULL;
}

int
hb_store_key_missing(const struct hb_store *st)
{
	return st->key_missing;
}

const char *
hb_store_key_path(const struct hb_store *st)
{
	return st->key_path;
}

const char *
hb_store_file(const struct hb_store *st)
{
	return st->path;
}

int
hb_store_seal_scan(struct hb_store *st, const char *table, int64_t id,
    void (*report)(void *, const char *, int64_t, const char *), void *arg,
    struct hb_err *e)
{
	struct hb_stmt *q;
	size_t i;
	int rc = 0, n = 0;

	if (!st->have_key)
		return hb_error(e, "store '%s': no audit key, so the seals "
		    "cannot be checked", st->path);
	for (i = 0; i < NSEALED && rc != -1; i++) {
		if (table != NULL && strcmp(table, sealed[i].table) != 0)
			continue;
		if (id > 0)
			rc = hb_prepare(st, &q, e, st->sql[i][SQL_CHECK_ONE],
			    "I", id);
		else
			rc = hb_prepare(st, &q, e, st->sql[i][SQL_CHECK], "");
		if (rc == -1)
			break;
		while ((rc = hb_step(q, e)) == 1) {
			n++;
			report(arg, sealed[i].table, hb_col_int(q, 0),
			    hb_col_int(q, 1) ? "added outside hb" :
			    "changed outside hb");
		}
		hb_finalize(q);
		if (rc == -1 || id > 0)
			continue;
		if ((rc = hb_prepare(st, &q, e, st->sql[i][SQL_REMOVED],
		    "")) == -1)
			break;
		while ((rc = hb_step(q, e)) == 1) {
			n++;
			report(arg, sealed[i].table, hb_col_int(q, 0),
			    "removed outside hb");
		}
		hb_finalize(q);
	}
	return rc == -1 ? -1 : n;
}
