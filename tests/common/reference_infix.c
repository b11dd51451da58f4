// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The reference for EXPRCHECK_F_INFIX: a recursive-descent parser of the
 * grammar in exprcheck(7), one function a rule and one a precedence
 * level, over a lexer that looks ahead as far as it needs. It shares
 * nothing with the core's automaton (module/exprcheck_infix.c) but the
 * grammar, so that the fuzzer holds each to the other.
 *
 * Where the input is cut at max_len, any look at a byte past the cut
 * makes the verdict too_long: a streaming reader would need that byte to
 * decide. The bytes examined are those looked at, as the core counts.
 *
 * A level of nesting costs the recursion a dozen frames (about 500 bytes,
 * 2 KiB under ASan), so an input that may nest deep is parsed on a thread
 * with a stack sized for it.
 */
#include "reference.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define END (-1)

struct parser {
	const uint8_t *in;
	size_t len;		/* bytes there are to read */
	bool cut;		/* more follow past len: reading one is too long */
	size_t pos;		/* the next byte to lex */
	size_t seen;		/* one past the furthest byte looked at */
	uint64_t max_depth;
	uint64_t depth;
	uint64_t *open_at;	/* offset and closer of each open bracket */
	uint8_t *closer;
	struct exprcheck_verdict *v;
	jmp_buf fail;
};

/* The tokens the parser tells apart. */
enum kind {
	K_END, K_NAME, K_NUMBER, K_OPEN, K_CLOSE, K_COMMA, K_PREFIX_OR_BINARY,
	K_BANG, K_BINARY, K_UNKNOWN,
};

struct token {
	enum kind kind;
	size_t at;
	size_t len;
	uint8_t first;
};

static void stop(struct parser *p, uint32_t status, uint64_t off,
		 uint8_t expected, uint8_t found)
{
	p->v->status = status;
	p->v->offset = off;
	p->v->expected = expected;
	p->v->found = found;
	longjmp(p->fail, 1);
}

/* The byte at @i, END past the input; past a cut, too long. */
static int peek(struct parser *p, size_t i)
{
	if (i >= p->len) {
		if (p->cut)
			stop(p, EXPRCHECK_TOO_LONG, p->len, 0, 0);
		if (p->seen < p->len)
			p->seen = p->len;
		return END;
	}
	if (i + 1 > p->seen)
		p->seen = i + 1;
	return p->in[i];
}

static bool is_letter(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	       c == '\r';
}

/* Length of the number at @i: the longest prefix that is one. */
static size_t number_length(struct parser *p, size_t i)
{
	size_t start = i, e;

	if (peek(p, i) == '0' && (peek(p, i + 1) == 'x' || peek(p, i + 1) == 'X')) {
		if (!is_hex(peek(p, i + 2)))
			return 1;
		for (i += 2; is_hex(peek(p, i)); i++)
			;
		return i - start;
	}
	while (is_digit(peek(p, i)))
		i++;
	if (peek(p, i) == '.' && is_digit(peek(p, i + 1)))
		for (i++; is_digit(peek(p, i)); i++)
			;
	if (peek(p, i) == 'e' || peek(p, i) == 'E') {
		e = i + 1;
		if (peek(p, e) == '+' || peek(p, e) == '-')
			e++;
		if (is_digit(peek(p, e)))
			for (i = e; is_digit(peek(p, i)); i++)
				;
	}
	return i - start;
}

/*
 * The next token, past white space. Names and numbers are only started:
 * their first byte says what they are, and take() reads the rest.
 */
static struct token next(struct parser *p)
{
	struct token t = { K_UNKNOWN, 0, 1, 0 };
	int c, c2;

	while (is_space(peek(p, p->pos)))
		p->pos++;
	t.at = p->pos;
	c = peek(p, p->pos);
	if (c == END) {
		t.kind = K_END;
		return t;
	}
	t.first = (uint8_t)c;
	if (is_letter(c))
		t.kind = K_NAME;
	else if (is_digit(c))
		t.kind = K_NUMBER;
	else if (c == '(' || c == '[' || c == '{')
		t.kind = K_OPEN;
	else if (c == ')' || c == ']' || c == '}')
		t.kind = K_CLOSE;
	else if (c == ',')
		t.kind = K_COMMA;
	else if (c == '+' || c == '-')
		t.kind = K_PREFIX_OR_BINARY;
	else if (c == '*' || c == '/' || c == '%' || c == '^')
		t.kind = K_BINARY;
	else if (c && strchr("!<>=&|", c)) {
		c2 = peek(p, p->pos + 1);
		if (((c == '&' || c == '|') && c2 == c) ||
		    (c != '&' && c != '|' && c2 == '=')) {
			t.kind = K_BINARY;
			t.len = 2;
		} else if (c == '!') {
			t.kind = K_BANG;
		} else if (c == '<' || c == '>') {
			t.kind = K_BINARY;
		}
	}
	return t;
}

static void take(struct parser *p, const struct token *t)
{
	size_t n = t->len;

	if (t->kind == K_NAME)
		for (n = 1; is_letter(peek(p, t->at + n)) || is_digit(peek(p, t->at + n)); n++)
			;
	else if (t->kind == K_NUMBER)
		n = number_length(p, t->at);
	p->pos = t->at + n;
}

/* Is @t the binary operator @op (one or two bytes)? */
static bool is_op(struct parser *p, const struct token *t, const char *op)
{
	size_t n = strlen(op);

	if (t->kind != K_BINARY && t->kind != K_PREFIX_OR_BINARY)
		return false;
	return t->len == n && t->first == (uint8_t)op[0] &&
	       (n == 1 || p->in[t->at + 1] == (uint8_t)op[1]);
}

/* A closer: it must close the innermost bracket open. */
static void check_closer(struct parser *p, const struct token *t)
{
	if (!p->depth)
		stop(p, EXPRCHECK_UNEXPECTED_CLOSER, t->at, 0, t->first);
	if (p->closer[p->depth - 1] != t->first)
		stop(p, EXPRCHECK_WRONG_CLOSER, t->at, p->closer[p->depth - 1],
		     t->first);
}

static void left_open(struct parser *p)
{
	stop(p, EXPRCHECK_LEFT_OPEN, p->open_at[p->depth - 1],
	     p->closer[p->depth - 1], 0);
}

/*
 * What is wrong with @t where it stands: where an operand was due (after
 * an operator or an opener) when @operand, else where an operator, a
 * closer or the end was.
 */
static void misplaced(struct parser *p, const struct token *t, bool operand)
{
	switch (t->kind) {
	case K_END:
		if (operand)
			stop(p, EXPRCHECK_EXPECTED_OPERAND, t->at, 0, 0);
		left_open(p);
		break;
	case K_CLOSE:
		check_closer(p, t);
		break;
	case K_COMMA:
		/* Inside brackets, list() takes a comma after an operand. */
		if (!operand || !p->depth)
			stop(p, EXPRCHECK_STRAY_COMMA, t->at, 0, t->first);
		break;
	case K_UNKNOWN:
		stop(p, EXPRCHECK_UNKNOWN_CHAR, t->at, 0, t->first);
		break;
	default:
		break;
	}
	stop(p, operand ? EXPRCHECK_EXPECTED_OPERAND : EXPRCHECK_EXPECTED_OPERATOR,
	     t->at, 0, t->first);
}

static void list(struct parser *p);
static void unary(struct parser *p);

static void open_bracket(struct parser *p, const struct token *t)
{
	if (p->depth == p->max_depth)
		stop(p, EXPRCHECK_TOO_DEEP, t->at, 0, t->first);
	p->open_at[p->depth] = t->at;
	p->closer[p->depth] = t->first == '(' ? ')' : t->first + 2;
	if (++p->depth > p->v->depth)
		p->v->depth = p->depth;
	take(p, t);
}

/* After list(): the closer of the bracket it is in. */
static void close_bracket(struct parser *p)
{
	struct token t = next(p);

	if (t.kind != K_CLOSE)
		misplaced(p, &t, false);
	check_closer(p, &t);
	p->depth--;
	take(p, &t);
}

/* primary = name | number | "(" list ")" | "[" list "]" | "{" list "}" */
static void primary(struct parser *p)
{
	struct token t = next(p);

	if (t.kind == K_NAME || t.kind == K_NUMBER) {
		take(p, &t);
		return;
	}
	if (t.kind != K_OPEN)
		misplaced(p, &t, true);
	open_bracket(p, &t);
	t = next(p);
	if (t.kind == K_CLOSE) {
		check_closer(p, &t);
		stop(p, EXPRCHECK_EMPTY_GROUP, t.at, 0, t.first);
	}
	if (t.kind == K_END)
		left_open(p);
	list(p);
	close_bracket(p);
}

/* postfix = primary { "(" [ list ] ")" | "[" [ list ] "]" | "{" [ list ] "}" } */
static void postfix(struct parser *p)
{
	struct token t;

	primary(p);
	for (t = next(p); t.kind == K_OPEN; t = next(p)) {
		open_bracket(p, &t);
		t = next(p);
		if (t.kind == K_END)
			left_open(p);
		if (t.kind != K_CLOSE)
			list(p);
		close_bracket(p);
	}
}

/* power = postfix [ "^" unary ] */
static void power(struct parser *p)
{
	struct token t;

	postfix(p);
	t = next(p);
	if (is_op(p, &t, "^")) {
		take(p, &t);
		unary(p);
	}
}

/* unary = ( "+" | "-" | "!" ) unary | power */
static void unary(struct parser *p)
{
	struct token t = next(p);

	if (t.kind == K_PREFIX_OR_BINARY || t.kind == K_BANG) {
		take(p, &t);
		unary(p);
		return;
	}
	power(p);
}

/* One binary level: operand { op operand }, its operators in @ops. */
static void binary(struct parser *p, const char *const *ops,
		   void (*operand)(struct parser *))
{
	struct token t;
	bool more = true;

	operand(p);
	while (more) {
		more = false;
		t = next(p);
		for (const char *const *op = ops; *op && !more; op++)
			more = is_op(p, &t, *op);
		if (more) {
			take(p, &t);
			operand(p);
		}
	}
}

static const char *const mul_ops[] = { "*", "/", "%", NULL };
static const char *const add_ops[] = { "+", "-", NULL };
static const char *const cmp_ops[] = { "==", "!=", "<", "<=", ">", ">=", NULL };
static const char *const and_ops[] = { "&&", NULL };
static const char *const or_ops[] = { "||", NULL };

static void mul(struct parser *p) { binary(p, mul_ops, unary); }
static void add(struct parser *p) { binary(p, add_ops, mul); }
static void cmp(struct parser *p) { binary(p, cmp_ops, add); }
static void and(struct parser *p) { binary(p, and_ops, cmp); }

/* expr = and { "||" and } */
static void expr(struct parser *p) { binary(p, or_ops, and); }

/* list = expr { "," expr }: inside brackets only */
static void list(struct parser *p)
{
	struct token t;

	expr(p);
	for (t = next(p); t.kind == K_COMMA; t = next(p)) {
		take(p, &t);
		expr(p);
	}
}

static void *parse(void *arg)
{
	struct parser *p = arg;
	struct token t;

	if (!setjmp(p->fail)) {
		expr(p);
		t = next(p);
		if (t.kind != K_END)
			misplaced(p, &t, false);
	}
	return NULL;
}

/* Stack a level of nesting may take, and ASan's far larger frames. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(UNDER_ASAN)
#define LEVEL_STACK 8192
#else
#define LEVEL_STACK 1024
#endif

/* Parse on a thread whose stack holds @levels levels of recursion. */
static void parse_deep(struct parser *p, size_t levels)
{
	pthread_attr_t attr;
	pthread_t thread;

	if (pthread_attr_init(&attr) ||
	    pthread_attr_setstacksize(&attr, (1 << 20) + levels * LEVEL_STACK) ||
	    pthread_create(&thread, &attr, parse, p) ||
	    pthread_join(thread, NULL)) {
		fputs("reference_infix_validate: no thread to parse on\n", stderr);
		abort();
	}
	pthread_attr_destroy(&attr);
}

void reference_infix_validate(const void *input, size_t len,
			      uint64_t max_depth, uint64_t max_len,
			      struct exprcheck_verdict *v)
{
	struct parser p = {
		.in = input,
		.len = max_len && max_len < len ? max_len : len,
		.cut = max_len && max_len < len,
		.max_depth = max_depth,
		.v = v,
	};
	size_t cap = p.len < max_depth ? p.len : max_depth;
	size_t openers = 0, prefixes = 0, i;

	p.open_at = malloc((cap + 1) * sizeof(*p.open_at));
	p.closer = malloc(cap + 1);
	if (!p.open_at || !p.closer) {
		fputs("reference_infix_validate: out of memory\n", stderr);
		abort();
	}
	memset(v, 0, sizeof(*v));
	/* Each opener and prefix operator may be a level of recursion. */
	for (i = 0; i < p.len; i++) {
		openers += p.in[i] && strchr("([{", p.in[i]) != NULL;
		prefixes += p.in[i] && strchr("+-!", p.in[i]) != NULL;
	}
	if (openers > max_depth)
		openers = max_depth;
	if (openers + prefixes < 256)
		parse(&p);
	else
		parse_deep(&p, openers + prefixes);
	v->scanned = v->status == EXPRCHECK_VALID ||
		     v->status == EXPRCHECK_LEFT_OPEN ||
		     v->status == EXPRCHECK_TOO_LONG ? p.len : p.seen;
	free(p.open_at);
	free(p.closer);
}
