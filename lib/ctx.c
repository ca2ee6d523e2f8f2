/*
 * A command's session: the store, who is acting, and one trace id that ties
 * together every audit entry of this invocation (Logboek Dataverwerkingen).
 */
#include <sys/random.h>

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hb.h"

/*
 * $HB_SHAREDIR, else the source tree's share/hb when the program runs from
 * the build tree it was built in (so the README's tour works before
 * installing), else the installed one.
 */
const char *
hb_sharedir(void)
{
	const char *dir = getenv("HB_SHAREDIR");
	char exe[4096], *slash;
	ssize_t n;

	if (dir != NULL && *dir != '\0')
		return dir;
#ifdef HB_BUILD_DIR
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		if (strcmp(exe, HB_BUILD_DIR) == 0)
			return HB_BUILD_SHAREDIR;
	}
#else
	(void)exe, (void)slash, (void)n;
#endif
	return PKGDATADIR;
}

void
hb_random_hex(char *out, size_t nbytes)
{
	unsigned char buf[64];
	size_t got = 0;
	ssize_t n;

	if (nbytes > sizeof(buf))
		nbytes = sizeof(buf);
	while (got < nbytes) {
		n = getrandom(buf + got, nbytes - got, 0);
		if (n <= 0)
			abort();	/* the kernel always has entropy here */
		got += (size_t)n;
	}
	hb_hex(buf, nbytes, out);
}

static void
find_actor(char *out, size_t sz)
{
	struct passwd *pw;
	const char *name;

	if ((pw = getpwuid(getuid())) != NULL)
		name = pw->pw_name;
	else if ((name = getenv("LOGNAME")) == NULL)
		name = "unknown";
	snprintf(out, sz, "%s", name);
}

int
hb_ctx_open(struct hb_ctx *c, const char *dbopt, int flags, struct hb_err *e)
{
	memset(c, 0, sizeof(*c));
	find_actor(c->actor, sizeof(c->actor));
	hb_random_hex(c->trace_id, 16);
	hb_now_utc(c->started);
	if (hb_today(&c->today, e) == -1)
		return -1;
	if (hb_store_path(dbopt, &c->db_path, e) == -1)
		return -1;
	if (hb_store_open(c->db_path, flags, &c->st, e) == -1) {
		free(c->db_path);
		c->db_path = NULL;
		return -1;
	}
	/* a new store starts with the shipped parameters and policy */
	if (hb_store_created(c->st) &&
	    hb_params_load_defaults(c, &c->params_added, e) == -1) {
		/* a store born broken is removed: it holds nothing yet */
		unlink(c->db_path);
		hb_ctx_close(c);
		return -1;
	}
	return 0;
}

void
hb_ctx_close(struct hb_ctx *c)
{
	hb_match_forget(c);
	hb_store_close(c->st);
	free(c->db_path);
	c->st = NULL;
	c->db_path = NULL;
}
