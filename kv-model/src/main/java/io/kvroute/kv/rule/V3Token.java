package io.kvroute.kv.rule;

/** One lexical token of a v3 rule: its kind, its source text, its decoded value (strings) and its offset. */
record V3Token(Kind kind, String text, String value, int offset) {
    enum Kind { IDENT, STRING, LPAREN, RPAREN, COMMA, AND, OR, NOT, END }

    boolean is(Kind expected) {
        return kind == expected;
    }
}
