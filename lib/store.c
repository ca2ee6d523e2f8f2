/*
 * The store: one SQLite file, the only place that includes sqlite3.h.
 *
 * Rollback journal with synchronous=FULL (Debian's SQLite 3.40 predates a
 * WAL fix for concurrent writers), foreign keys on, a busy timeout, writers
 * take BEGIN IMMEDIATE, and every statement is prepared with bound
 * parameters.  Prepared statements are cached by their SQL text so that a
 * loop over 100,000 bank lines prepares each statement once.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "hb.h"

#define CACHE_MAX 96

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

/* A store holds citizens' finances: refuse one that is a symlink or that
 * others can read. */
static int
check_file(const char *path, int flags, int *exists, struct hb_err *e)
{
	struct stat sb;
	int fd;

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
		return 0;
	}
	if (errno != ENOENT)
		return hb_error(e, "cannot open store '%s': %s", path,
		    strerror(errno));
	if (!(flags & HB_STORE_CREATE))
		return hb_error(e, "no store at '%s': create one with "
		    "'hb-household init'", path);
	if (make_dir(path, e) == -1)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1)
		return hb_error(e, "cannot create store '%s': %s", path,
		    strerror(errno));
	close(fd);
	return 0;
}

static int
migrate(struct hb_store *st, struct hb_err *e)
{
	int i, version, latest = hb_migrations[hb_nmigrations - 1].version;

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
		if (hb_commit(st, e) == -1)
			goto fail;
		version = hb_migrations[i].version;
	}
	return 0;
fail:
	hb_rollback(st);
	return -1;
}

int
hb_store_open(const char *path, int flags, struct hb_store **out,
    struct hb_err *e)
{
	struct hb_store *st;
	int exists, oflags;

	*out = NULL;
	if (check_file(path, flags, &exists, e) == -1)
		return -1;
	st = xcalloc(1, sizeof(*st));
	st->path = xstrdup(path);
	st->created = !exists;
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
	/* a 16 MiB page cache keeps a municipality's register in memory
	 * while a large statement is matched against it */
	if (sqlite3_exec(st->db, "PRAGMA foreign_keys = ON;"
	    "PRAGMA synchronous = FULL; PRAGMA cache_size = -16384;", NULL,
	    NULL, NULL) != SQLITE_OK ||
	    (!(flags & HB_STORE_READONLY) && sqlite3_exec(st->db,
	    "PRAGMA journal_mode = DELETE;", NULL, NULL, NULL) != SQLITE_OK)) {
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
	} else if (migrate(st, e) == -1)
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
	for (i = 0; i < st->ncache; i++) {
		sqlite3_finalize(st->cache[i]->s);
		free(st->cache[i]);
	}
	sqlite3_close(st->db);
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
hb_begin(struct hb_store *st, struct hb_err *e)
{
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return dberr(st, e, "cannot start a transaction");
	return 0;
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
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		dberr(st, e, "cannot commit");
		hb_rollback(st);
		return -1;
	}
	return 0;
}

void
hb_rollback(struct hb_store *st)
{
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
