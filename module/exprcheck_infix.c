// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The infix grammar's automaton. See exprcheck_infix.h for how the core
 * drives it and exprcheck(7) for the language.
 *
 * Between tokens the state is which kind of token is due (an operand or
 * an operator) and whether an opener came just before (after a call's
 * opener a closer may follow at once, after a group's it may not). Inside
 * a token that the next byte may still continue (a name, a number, the
 * first byte of == != <= >= && ||) the state says how far it got. A token
 * is the longest run of bytes that fits the grammar: "1e+x" is the number
 * 1 and then the name e, so the error is at e, known only at x.
 */
#include "exprcheck_infix.h"

enum infix_want { WANT_OPERAND, WANT_OPERATOR };
enum infix_opened { OPENED_NONE, OPENED_CALL, OPENED_GROUP };

/* The token being read. */
enum infix_token {
	TOK_NONE,
	TOK_NAME,
	TOK_ZERO,	/* "0", which 0x may follow */
	TOK_INT,
	TOK_HEX_X,	/* "0x": a hex digit is due */
	TOK_HEX,
	TOK_DOT,	/* "1.": a digit is due */
	TOK_FRAC,
	TOK_EXP_E,	/* "1e": a sign or a digit is due */
	TOK_EXP_SIGN,	/* "1e+": a digit is due */
	TOK_EXP,
	TOK_PAIR,	/* the first byte of a two-byte operator, in mark */
};

enum infix_class {
	C_OTHER,	/* starts no token */
	C_SPACE,
	C_LETTER,	/* and _ */
	C_DIGIT,
	C_OPEN,
	C_CLOSE,
	C_COMMA,
	C_BINARY,	/* * / % ^ */
	C_SIGN,		/* + -: binary or prefix */
	C_PAIR,		/* ! < > = & |: the first byte of a pair, maybe alone */
};

static const __u8 infix_class[256] = {
	[' '] = C_SPACE, ['\t'] = C_SPACE, ['\n'] = C_SPACE,
	['\v'] = C_SPACE, ['\f'] = C_SPACE, ['\r'] = C_SPACE,
	['a' ... 'z'] = C_LETTER, ['A' ... 'Z'] = C_LETTER, ['_'] = C_LETTER,
	['0' ... '9'] = C_DIGIT,
	['('] = C_OPEN, ['['] = C_OPEN, ['{'] = C_OPEN,
	[')'] = C_CLOSE, [']'] = C_CLOSE, ['}'] = C_CLOSE,
	[','] = C_COMMA,
	['*'] = C_BINARY, ['/'] = C_BINARY, ['%'] = C_BINARY, ['^'] = C_BINARY,
	['+'] = C_SIGN, ['-'] = C_SIGN,
	['!'] = C_PAIR, ['<'] = C_PAIR, ['>'] = C_PAIR, ['='] = C_PAIR,
	['&'] = C_PAIR, ['|'] = C_PAIR,
};

static int error(struct exprcheck_infix_error *e, __u32 status, __u64 off,
		 __u8 found)
{
	e->status = status;
	e->offset = off;
	e->found = found;
	return EXPRCHECK_INFIX_ERROR;
}

static int is_hex(__u8 ch)
{
	return (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f');
}

static void start(struct exprcheck_infix *g, __u8 token, __u8 ch, __u64 off)
{
	g->token = token;
	g->mark = ch;
	g->mark_off = off;
}

/* A decimal number's integer or fraction digits go on, or it ends. */
static void decimal_byte(struct exprcheck_infix *g, __u8 ch, __u64 off)
{
	if (ch >= '0' && ch <= '9')
		g->token = g->token == TOK_ZERO ? TOK_INT : g->token;
	else if (ch == '.' && g->token != TOK_FRAC)
		start(g, TOK_DOT, ch, off);
	else if ((ch | 0x20) == 'e')
		start(g, TOK_EXP_E, ch, off);
	else
		g->token = TOK_NONE;
}

/*
 * The number being read takes @ch, or ends (TOK_NONE, @ch not taken), or
 * cannot end where it is: an error at its mark.
 */
static int number_byte(struct exprcheck_infix *g, __u8 ch, __u64 off,
		       struct exprcheck_infix_error *e)
{
	int digit = ch >= '0' && ch <= '9';

	switch (g->token) {
	case TOK_ZERO:
		if ((ch | 0x20) == 'x')
			start(g, TOK_HEX_X, ch, off);
		else
			decimal_byte(g, ch, off);
		return 0;
	case TOK_INT:
	case TOK_FRAC:
		decimal_byte(g, ch, off);
		return 0;
	case TOK_HEX_X:
		/* "0x" alone is 0 and then the name x. */
		if (!is_hex(ch))
			return error(e, EXPRCHECK_EXPECTED_OPERATOR,
				     g->mark_off, g->mark);
		g->token = TOK_HEX;
		return 0;
	case TOK_HEX:
		if (!is_hex(ch))
			g->token = TOK_NONE;
		return 0;
	case TOK_DOT:
		if (!digit)
			return error(e, EXPRCHECK_UNKNOWN_CHAR, g->mark_off,
				     g->mark);
		g->token = TOK_FRAC;
		return 0;
	case TOK_EXP_E:
	case TOK_EXP_SIGN:
		if (g->token == TOK_EXP_E && (ch == '+' || ch == '-')) {
			g->token = TOK_EXP_SIGN;
			return 0;
		}
		/* Without digits the e starts a name. */
		if (!digit)
			return error(e, EXPRCHECK_EXPECTED_OPERATOR,
				     g->mark_off, g->mark);
		g->token = TOK_EXP;
		return 0;
	default:	/* TOK_EXP */
		if (!digit)
			g->token = TOK_NONE;
		return 0;
	}
}

/* The second byte each pair wants: == != <= >= && ||. */
static __u8 pair_second(__u8 first)
{
	return first == '&' || first == '|' ? first : '=';
}

/*
 * The pending first byte of a pair, alone: ! is a prefix operator, < and
 * > are binary ones, and = & | are no operator at all.
 */
static int pair_alone(struct exprcheck_infix *g,
		      struct exprcheck_infix_error *e)
{
	g->token = TOK_NONE;
	switch (g->mark) {
	case '!':
		if (g->want == WANT_OPERATOR)
			return error(e, EXPRCHECK_EXPECTED_OPERATOR,
				     g->mark_off, g->mark);
		return 0;
	case '<':
	case '>':
		if (g->want == WANT_OPERAND)
			return error(e, EXPRCHECK_EXPECTED_OPERAND,
				     g->mark_off, g->mark);
		g->want = WANT_OPERAND;
		return 0;
	}
	return error(e, EXPRCHECK_UNKNOWN_CHAR, g->mark_off, g->mark);
}

/*
 * Go on with the token being read. Returns 1 when @ch was part of it, 0
 * when the token ended before @ch, EXPRCHECK_INFIX_ERROR when it could
 * not end there.
 */
static int token_byte(struct exprcheck_infix *g, __u8 ch, __u64 off,
		      struct exprcheck_infix_error *e)
{
	unsigned int class = infix_class[ch];

	switch (g->token) {
	case TOK_NONE:
		return 0;
	case TOK_NAME:
		if (class == C_LETTER || class == C_DIGIT)
			return 1;
		g->token = TOK_NONE;
		return 0;
	case TOK_PAIR:
		if (ch != pair_second(g->mark))
			return pair_alone(g, e);
		g->token = TOK_NONE;
		/* == != <= >= && || are binary. */
		if (g->want == WANT_OPERAND)
			return error(e, EXPRCHECK_EXPECTED_OPERAND, g->mark_off,
				     g->mark);
		g->want = WANT_OPERAND;
		return 1;
	}
	if (number_byte(g, ch, off, e))
		return EXPRCHECK_INFIX_ERROR;
	return g->token != TOK_NONE;
}

int exprcheck_infix_byte(struct exprcheck_infix *g, __u8 ch, __u64 off,
			 __u64 depth, struct exprcheck_infix_error *e)
{
	unsigned int class = infix_class[ch];
	int ret = token_byte(g, ch, off, e);

	if (ret)
		return ret < 0 ? ret : EXPRCHECK_INFIX_NONE;
	if (class == C_SPACE)
		return EXPRCHECK_INFIX_NONE;
	if (class == C_OPEN) {
		/* After an operand it opens a call or an index. */
		g->opened = g->want == WANT_OPERATOR ? OPENED_CALL : OPENED_GROUP;
		g->want = WANT_OPERAND;
		return EXPRCHECK_INFIX_OPEN;
	}
	if (class == C_CLOSE)
		return EXPRCHECK_INFIX_CLOSE;
	g->opened = OPENED_NONE;
	switch (class) {
	case C_LETTER:
	case C_DIGIT:
		if (g->want == WANT_OPERATOR)
			return error(e, EXPRCHECK_EXPECTED_OPERATOR, off, ch);
		g->want = WANT_OPERATOR;
		if (class == C_LETTER)
			g->token = TOK_NAME;
		else
			g->token = ch == '0' ? TOK_ZERO : TOK_INT;
		return EXPRCHECK_INFIX_NONE;
	case C_COMMA:
	case C_BINARY:
		if (class == C_COMMA && !depth)
			return error(e, EXPRCHECK_STRAY_COMMA, off, ch);
		if (g->want == WANT_OPERAND)
			return error(e, EXPRCHECK_EXPECTED_OPERAND, off, ch);
		g->want = WANT_OPERAND;
		return EXPRCHECK_INFIX_NONE;
	case C_SIGN:
		/* Binary after an operand, prefix where one is due. */
		g->want = WANT_OPERAND;
		return EXPRCHECK_INFIX_NONE;
	case C_PAIR:
		start(g, TOK_PAIR, ch, off);
		return EXPRCHECK_INFIX_NONE;
	}
	return error(e, EXPRCHECK_UNKNOWN_CHAR, off, ch);
}

int exprcheck_infix_close(struct exprcheck_infix *g, __u8 ch, __u64 off,
			  struct exprcheck_infix_error *e)
{
	if (g->want == WANT_OPERAND && g->opened != OPENED_CALL)
		return error(e, g->opened == OPENED_GROUP ?
				EXPRCHECK_EMPTY_GROUP : EXPRCHECK_EXPECTED_OPERAND,
			     off, ch);
	/* What was opened and closed is an operand. */
	g->want = WANT_OPERATOR;
	g->opened = OPENED_NONE;
	return 0;
}

int exprcheck_infix_end(struct exprcheck_infix *g, __u64 len,
			struct exprcheck_infix_error *e)
{
	/* A space continues no token, as the end does not. */
	if (token_byte(g, ' ', len, e) < 0)
		return EXPRCHECK_INFIX_ERROR;
	/* After an opener the core reports it left open. */
	if (g->want == WANT_OPERAND && g->opened == OPENED_NONE)
		return error(e, EXPRCHECK_EXPECTED_OPERAND, len, 0);
	return 0;
}
