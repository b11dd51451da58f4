// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reader of tests/cases.tsv: tab-separated name, flags, max_depth,
 * max_len, input, status, offset, expected, found, depth, scanned; inputs
 * and bytes use the escapes \\ \t \n \xHH, inputs also \*N:c.
 */
#define _GNU_SOURCE
#include "cases.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { F_NAME, F_FLAGS, F_DEPTH, F_LEN, F_INPUT, F_STATUS, F_OFFSET,
       F_EXPECTED, F_FOUND, F_DEEPEST, F_SCANNED, F_COUNT };

static const char *const status_names[] = {
	[EXPRCHECK_VALID] = "valid",
	[EXPRCHECK_UNEXPECTED_CLOSER] = "unexpected_closer",
	[EXPRCHECK_WRONG_CLOSER] = "wrong_closer",
	[EXPRCHECK_LEFT_OPEN] = "left_open",
	[EXPRCHECK_TOO_DEEP] = "too_deep",
	[EXPRCHECK_TOO_LONG] = "too_long",
	[EXPRCHECK_EXPECTED_OPERAND] = "expected_operand",
	[EXPRCHECK_EXPECTED_OPERATOR] = "expected_operator",
	[EXPRCHECK_UNKNOWN_CHAR] = "unknown_char",
	[EXPRCHECK_EMPTY_GROUP] = "empty_group",
	[EXPRCHECK_STRAY_COMMA] = "stray_comma",
};

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The byte at *@s, escape included; advances *@s. -1 when malformed. */
static int one_byte(const char **s)
{
	const char *p = *s;
	int hi, lo;

	if (!*p)
		return -1;
	*s = p + 2;
	if (*p != '\\') {
		*s = p + 1;
		return (unsigned char)*p;
	}
	switch (p[1]) {
	case '\\':
		return '\\';
	case 't':
		return '\t';
	case 'n':
		return '\n';
	case 'x':
		hi = hex_digit(p[2]);
		lo = hi < 0 ? -1 : hex_digit(p[3]);
		*s = p + 4;
		return lo < 0 ? -1 : hi << 4 | lo;
	}
	return -1;
}

static bool input_field(const char *s, uint8_t **out, size_t *len)
{
	size_t n = 0, cap = 64;
	uint8_t *buf = malloc(cap);

	while (buf && *s) {
		unsigned long repeat = 1;
		char *end;
		int c;

		if (s[0] == '\\' && s[1] == '*') {
			repeat = strtoul(s + 2, &end, 10);
			if (end == s + 2 || *end != ':')
				break;
			s = end + 1;
		}
		c = one_byte(&s);
		if (c < 0)
			break;
		while (n + repeat > cap) {
			uint8_t *bigger = realloc(buf, cap *= 2);

			if (!bigger)
				break;
			buf = bigger;
		}
		if (n + repeat > cap)
			break;
		memset(buf + n, c, repeat);
		n += repeat;
	}
	if (!buf || *s) {
		free(buf);
		return false;
	}
	*out = buf;
	*len = n;
	return true;
}

static bool byte_field(const char *s, uint8_t *out)
{
	int c;

	if (!strcmp(s, "-")) {
		*out = 0;
		return true;
	}
	c = one_byte(&s);
	*out = c;
	return c >= 0 && !*s;
}

static bool number_field(const char *s, bool dash_ok, uint64_t *out)
{
	char *end;

	*out = 0;
	if (dash_ok && !strcmp(s, "-"))
		return true;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return !errno && end != s && !*end;
}

static bool flags_field(const char *s, uint32_t *flags)
{
	char copy[64], *tok, *save;

	*flags = 0;
	if (!strcmp(s, "-"))
		return true;
	snprintf(copy, sizeof(copy), "%s", s);
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "angle"))
			*flags |= EXPRCHECK_F_ANGLE;
		else if (!strcmp(tok, "quotes"))
			*flags |= EXPRCHECK_F_QUOTES;
		else if (!strcmp(tok, "infix"))
			*flags |= EXPRCHECK_F_INFIX;
		else
			return false;
	}
	return true;
}

static bool status_field(const char *s, uint32_t *status)
{
	size_t i;

	for (i = 0; i < sizeof(status_names) / sizeof(status_names[0]); i++) {
		if (!strcmp(s, status_names[i])) {
			*status = i;
			return true;
		}
	}
	return false;
}

static bool parse_row(char *line, struct test_case *c)
{
	uint64_t depth, offset, deepest, scanned;
	char *field[F_COUNT];
	int i;

	for (i = 0; i < F_COUNT; i++) {
		field[i] = strsep(&line, "\t");
		if (!field[i])
			return false;
	}
	if (line || strlen(field[F_NAME]) >= sizeof(c->name))
		return false;
	memset(c, 0, sizeof(*c));
	strcpy(c->name, field[F_NAME]);
	if (!number_field(field[F_DEPTH], true, &depth) || depth > UINT32_MAX ||
	    !number_field(field[F_OFFSET], false, &offset) ||
	    !number_field(field[F_DEEPEST], false, &deepest) ||
	    !number_field(field[F_SCANNED], false, &scanned))
		return false;
	c->max_depth = depth;
	c->want.offset = offset;
	c->want.depth = deepest;
	c->want.scanned = scanned;
	return flags_field(field[F_FLAGS], &c->flags) &&
	       number_field(field[F_LEN], true, &c->max_len) &&
	       status_field(field[F_STATUS], &c->want.status) &&
	       byte_field(field[F_EXPECTED], &c->want.expected) &&
	       byte_field(field[F_FOUND], &c->want.found) &&
	       input_field(field[F_INPUT], &c->input, &c->len);
}

long load_test_cases(const char *path, struct test_case **cases, char *err,
		   size_t err_size)
{
	struct test_case *all = NULL, *more;
	unsigned int lineno = 0;
	size_t cap = 0, len = 0;
	char *line = NULL;
	long n = 0;
	FILE *f;

	f = fopen(path, "re");
	if (!f) {
		snprintf(err, err_size, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		line[strcspn(line, "\n")] = 0;
		if (!line[0] || line[0] == '#')
			continue;
		if ((size_t)n == len) {
			len = len ? len * 2 : 64;
			more = realloc(all, len * sizeof(*all));
			if (!more) {
				snprintf(err, err_size, "out of memory");
				n = -1;
				break;
			}
			all = more;
		}
		if (!parse_row(line, &all[n])) {
			snprintf(err, err_size, "%s:%u: malformed row", path,
				 lineno);
			n = -1;
			break;
		}
		n++;
	}
	if (n >= 0 && ferror(f)) {
		snprintf(err, err_size, "%s: %s", path, strerror(errno));
		n = -1;
	}
	free(line);
	fclose(f);
	if (n < 0) {
		free(all);
		return -1;
	}
	*cases = all;
	return n;
}
