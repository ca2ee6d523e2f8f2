/*
 * Errors a caseworker can read: what went wrong, and where (file, line,
 * field) when there is a where.
 *
 * Each message is made twice from the same arguments: in English (msg,
 * what the audit log keeps, the same under every locale) and in the
 * user's language (text, what a command shows).  A message that quotes
 * the previous one (an argument pointing at e->msg) quotes it in the same
 * language in each.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "hb.h"

static void
both(struct hb_err *e, const char *fmt, va_list ap)
{
	char en[sizeof(e->msg)], text[sizeof(e->text)];
	va_list aq;

	va_copy(aq, ap);
	/* through copies: the message may quote the previous one */
	vsnprintf(en, sizeof(en), fmt, ap);
	/* e->msg holds the previous text while the text is made */
	memcpy(e->msg, e->text, sizeof(e->msg));
	vsnprintf(text, sizeof(text), _(fmt), aq);
	va_end(aq);
	memcpy(e->msg, en, sizeof(en));
	memcpy(e->text, text, sizeof(text));
}

int
hb_error(struct hb_err *e, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	va_start(ap, fmt);
	both(e, fmt, ap);
	va_end(ap);
	return -1;
}

int
hb_error_at(struct hb_err *e, const char *file, long line, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	va_start(ap, fmt);
	both(e, fmt, ap);
	va_end(ap);
	if (field != NULL)
		hb_error(e, N_("field '%s': %s"), field, e->msg);
	return hb_error_prefix(e, file, line);
}

int
hb_error_prefix(struct hb_err *e, const char *file, long line)
{
	if (e == NULL)
		return -1;
	if (file != NULL && line > 0)
		hb_error(e, "%s:%ld: %s", file, line, e->msg);
	else if (file != NULL)
		hb_error(e, "%s: %s", file, e->msg);
	else if (line > 0)
		hb_error(e, N_("line %ld: %s"), line, e->msg);
	return -1;
}
