/*
 * Errors a caseworker can read: what went wrong, and where (file, line,
 * field) when there is a where.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "hb.h"

int
hb_error(struct hb_err *e, const char *fmt, ...)
{
	char buf[sizeof(e->msg)];
	va_list ap;

	if (e == NULL)
		return -1;
	/* through a copy: the message may quote the previous one */
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	memcpy(e->msg, buf, sizeof(buf));
	return -1;
}

int
hb_error_at(struct hb_err *e, const char *file, long line, const char *field,
    const char *fmt, ...)
{
	char what[sizeof(e->msg)];
	va_list ap;

	if (e == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (field != NULL)
		hb_error(e, "field '%s': %s", field, what);
	else
		hb_error(e, "%s", what);
	return hb_error_prefix(e, file, line);
}

int
hb_error_prefix(struct hb_err *e, const char *file, long line)
{
	char old[sizeof(e->msg)];

	if (e == NULL)
		return -1;
	memcpy(old, e->msg, sizeof(old));
	if (file != NULL && line > 0)
		snprintf(e->msg, sizeof(e->msg), "%s:%ld: %s", file, line, old);
	else if (file != NULL)
		snprintf(e->msg, sizeof(e->msg), "%s: %s", file, old);
	else if (line > 0)
		snprintf(e->msg, sizeof(e->msg), "line %ld: %s", line, old);
	return -1;
}
