/*
 * The C expression of a catalog's Plural-Forms header, parsed once into
 * a tree and evaluated per count.  Grammar (C's precedence):
 *   cond := or [ "?" cond ":" cond ]
 *   or := and { "||" and }      and := eq { "&&" eq }
 *   eq := rel { "==" | "!=" rel }   rel := add { "<" "<=" ">" ">=" add }
 *   add := mul { "+" | "-" mul }    mul := un { "*" "/" "%" un }
 *   un := "!" un | "n" | number | "(" cond ")"
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"

#define PLURAL_DEPTH_MAX	32

enum op {
	OP_N, OP_NUM, OP_NOT, OP_COND, OP_OR, OP_AND, OP_EQ, OP_NE,
	OP_LT, OP_LE, OP_GT, OP_GE, OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD
};

struct i18n_plural {
	enum op			 op;
	unsigned long		 num;
	struct i18n_plural	*a, *b, *c;
};

struct parser {
	const char	*s;
	int		 depth;
	int		 bad;
};

static struct i18n_plural *cond(struct parser *);

static struct i18n_plural *
node(struct parser *p, enum op op, struct i18n_plural *a,
    struct i18n_plural *b)
{
	struct i18n_plural	*n;

	if (p->bad || (n = calloc(1, sizeof(*n))) == NULL) {
		p->bad = 1;
		i18n_plural_free(a);
		i18n_plural_free(b);
		return NULL;
	}
	n->op = op;
	n->a = a;
	n->b = b;
	return n;
}

static void
skip(struct parser *p)
{
	while (isspace((unsigned char)*p->s))
		p->s++;
}

/* Consume tok if it comes next (and is not the start of a longer op). */
static int
eat(struct parser *p, const char *tok)
{
	size_t	 len = strlen(tok);

	skip(p);
	if (strncmp(p->s, tok, len) != 0)
		return 0;
	if (len == 1 && strchr("<>!=", tok[0]) != NULL && p->s[1] == '=')
		return 0;
	p->s += len;
	return 1;
}

static struct i18n_plural *
unary(struct parser *p)
{
	struct i18n_plural	*n;
	unsigned long		 num;
	char			*end;

	if (++p->depth > PLURAL_DEPTH_MAX)
		p->bad = 1;
	skip(p);
	if (p->bad)
		return NULL;
	if (eat(p, "!"))
		n = node(p, OP_NOT, unary(p), NULL);
	else if (eat(p, "n"))
		n = node(p, OP_N, NULL, NULL);
	else if (isdigit((unsigned char)*p->s)) {
		num = strtoul(p->s, &end, 10);
		p->s = end;
		if ((n = node(p, OP_NUM, NULL, NULL)) != NULL)
			n->num = num;
	} else if (eat(p, "(")) {
		n = cond(p);
		if (!eat(p, ")"))
			p->bad = 1;
	} else {
		p->bad = 1;
		n = NULL;
	}
	p->depth--;
	return n;
}

/* One level of left-associative binary operators. */
static struct i18n_plural *
binary(struct parser *p, struct i18n_plural *(*sub)(struct parser *),
    const char *const *toks, const enum op *ops)
{
	struct i18n_plural	*n = sub(p);
	size_t			 i;

	for (;;) {
		for (i = 0; toks[i] != NULL; i++)
			if (eat(p, toks[i]))
				break;
		if (toks[i] == NULL || p->bad)
			return n;
		n = node(p, ops[i], n, sub(p));
	}
}

static struct i18n_plural *
mul(struct parser *p)
{
	static const char *const toks[] = { "*", "/", "%", NULL };
	static const enum op	 ops[] = { OP_MUL, OP_DIV, OP_MOD };

	return binary(p, unary, toks, ops);
}

static struct i18n_plural *
add(struct parser *p)
{
	static const char *const toks[] = { "+", "-", NULL };
	static const enum op	 ops[] = { OP_ADD, OP_SUB };

	return binary(p, mul, toks, ops);
}

static struct i18n_plural *
rel(struct parser *p)
{
	static const char *const toks[] = { "<=", ">=", "<", ">", NULL };
	static const enum op	 ops[] = { OP_LE, OP_GE, OP_LT, OP_GT };

	return binary(p, add, toks, ops);
}

static struct i18n_plural *
eq(struct parser *p)
{
	static const char *const toks[] = { "==", "!=", NULL };
	static const enum op	 ops[] = { OP_EQ, OP_NE };

	return binary(p, rel, toks, ops);
}

static struct i18n_plural *
and(struct parser *p)
{
	static const char *const toks[] = { "&&", NULL };
	static const enum op	 ops[] = { OP_AND };

	return binary(p, eq, toks, ops);
}

static struct i18n_plural *
or(struct parser *p)
{
	static const char *const toks[] = { "||", NULL };
	static const enum op	 ops[] = { OP_OR };

	return binary(p, and, toks, ops);
}

static struct i18n_plural *
cond(struct parser *p)
{
	struct i18n_plural	*n = or(p), *c;

	if (p->bad || !eat(p, "?"))
		return n;
	if ((c = node(p, OP_COND, n, cond(p))) == NULL)
		return NULL;
	if (!eat(p, ":"))
		p->bad = 1;
	c->c = cond(p);
	return c;
}

struct i18n_plural *
i18n_plural_parse(const char *expr)
{
	struct parser		 p = { expr, 0, 0 };
	struct i18n_plural	*n;

	n = cond(&p);
	skip(&p);
	if (p.bad || n == NULL || (*p.s != '\0' && *p.s != ';')) {
		i18n_plural_free(n);
		return NULL;
	}
	return n;
}

unsigned long
i18n_plural_eval(const struct i18n_plural *e, uint64_t n)
{
	unsigned long	 a, b;

	if (e->op == OP_N)
		return (unsigned long)n;
	if (e->op == OP_NUM)
		return e->num;
	if (e->op == OP_NOT)
		return !i18n_plural_eval(e->a, n);
	if (e->op == OP_COND)
		return i18n_plural_eval(e->a, n) ? i18n_plural_eval(e->b, n) :
		    i18n_plural_eval(e->c, n);
	a = i18n_plural_eval(e->a, n);
	if (e->op == OP_AND)
		return a && i18n_plural_eval(e->b, n);
	if (e->op == OP_OR)
		return a || i18n_plural_eval(e->b, n);
	b = i18n_plural_eval(e->b, n);
	switch (e->op) {
	case OP_EQ:	return a == b;
	case OP_NE:	return a != b;
	case OP_LT:	return a < b;
	case OP_LE:	return a <= b;
	case OP_GT:	return a > b;
	case OP_GE:	return a >= b;
	case OP_ADD:	return a + b;
	case OP_SUB:	return a - b;
	case OP_MUL:	return a * b;
	case OP_DIV:	return b == 0 ? 0 : a / b;
	case OP_MOD:	return b == 0 ? 0 : a % b;
	default:	return 0;
	}
}

void
i18n_plural_free(struct i18n_plural *e)
{
	if (e == NULL)
		return;
	i18n_plural_free(e->a);
	i18n_plural_free(e->b);
	i18n_plural_free(e->c);
	free(e);
}
