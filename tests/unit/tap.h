/*
 * tap.h - just enough TAP for the unit tests: each check prints one
 * "ok N - what" or "not ok N - what" line, done_testing() prints the plan
 * last (TAP allows that) and gives the exit status, 1 if any check failed.
 * Everything is static inline so that a test using only part of it still
 * builds with -Werror.
 */
#ifndef TAP_H
#define TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#if defined(__GNUC__)
#define TAP_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define TAP_PRINTF(f, a)
#endif

static int tap_run, tap_failed;

static inline int tap_vok(int, const char *, va_list) TAP_PRINTF(2, 0);
static inline int
tap_vok(int cond, const char *fmt, va_list ap)
{
	char desc[512], *p;

	tap_run++;
	if (!cond)
		tap_failed++;
	vsnprintf(desc, sizeof(desc), fmt, ap);
	printf("%sok %d - ", cond ? "" : "not ", tap_run);
	/* a bare '#' would start a TAP directive, a newline a new line */
	for (p = desc; *p != '\0'; p++) {
		if (*p == '#')
			putchar('\\');
		putchar(*p == '\n' || *p == '\r' ? ' ' : *p);
	}
	putchar('\n');
	fflush(stdout);
	return cond;
}

static inline void diag(const char *, ...) TAP_PRINTF(1, 2);
static inline void
diag(const char *fmt, ...)
{
	char msg[1024], *p;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* every line of it must stay a comment */
	fputs("# ", stdout);
	for (p = msg; *p != '\0'; p++) {
		if (*p == '\n')
			fputs("\n# ", stdout);
		else
			putchar(*p);
	}
	putchar('\n');
}

static inline int ok(int, const char *, ...) TAP_PRINTF(2, 3);
static inline int
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vok(cond, fmt, ap);
	va_end(ap);
	return cond;
}

static inline int is_int(long long, long long, const char *, ...)
    TAP_PRINTF(3, 4);
static inline int
is_int(long long got, long long want, const char *fmt, ...)
{
	va_list ap;
	int cond = got == want;

	va_start(ap, fmt);
	tap_vok(cond, fmt, ap);
	va_end(ap);
	if (!cond)
		diag("got %lld, expected %lld", got, want);
	return cond;
}

static inline int is_str(const char *, const char *, const char *, ...)
    TAP_PRINTF(3, 4);
static inline int
is_str(const char *got, const char *want, const char *fmt, ...)
{
	va_list ap;
	int cond;

	cond = got != NULL && want != NULL ? strcmp(got, want) == 0 :
	    got == want;
	va_start(ap, fmt);
	tap_vok(cond, fmt, ap);
	va_end(ap);
	if (!cond)
		diag("got '%s', expected '%s'", got ? got : "(null)",
		    want ? want : "(null)");
	return cond;
}

/* haystack contains needle: for error messages, whose wording may grow */
static inline int like(const char *, const char *, const char *, ...)
    TAP_PRINTF(3, 4);
static inline int
like(const char *got, const char *needle, const char *fmt, ...)
{
	va_list ap;
	int cond = got != NULL && strstr(got, needle) != NULL;

	va_start(ap, fmt);
	tap_vok(cond, fmt, ap);
	va_end(ap);
	if (!cond)
		diag("got '%s', expected it to contain '%s'",
		    got ? got : "(null)", needle);
	return cond;
}

static inline int
done_testing(void)
{
	printf("1..%d\n", tap_run);
	if (tap_failed > 0)
		diag("failed %d of %d", tap_failed, tap_run);
	return tap_failed > 0;
}

#endif
