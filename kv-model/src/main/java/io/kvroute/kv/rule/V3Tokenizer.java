package io.kvroute.kv.rule;

import io.kvroute.kv.rule.V3Token.Kind;

/** Splits a v3 rule into tokens on demand, so lexical errors surface in text order with syntax errors. */
final class V3Tokenizer {
    private final SourceText source;
    private int position;

    V3Tokenizer(SourceText source) {
        this.source = source;
    }

    V3Token next() {
        while (position < source.length() && " \t\r\n".indexOf(source.charAt(position)) >= 0) {
            position++;
        }
        int start = position;
        if (start == source.length()) {
            return new V3Token(Kind.END, "", "", start);
        }
        char c = source.charAt(start);
        switch (c) {
            case '(':
                return symbol(Kind.LPAREN, 1);
            case ')':
                return symbol(Kind.RPAREN, 1);
            case ',':
                return symbol(Kind.COMMA, 1);
            case '!':
                return symbol(Kind.NOT, 1);
            case '&':
            case '|':
                return doubled(c);
            case '`':
            case '"':
                GoStringLiteral.Decoded literal = GoStringLiteral.decode(source, start);
                position = literal.end();
                return new V3Token(Kind.STRING, source.text().substring(start, position), literal.value(), start);
            case '\'':
                throw source.error(start, "'", "single-quoted strings are not allowed (quote arguments with ` or \")");
            default:
                if (Character.isLetter(c) || c == '_') {
                    return identifier();
                }
                String character = new String(Character.toChars(source.text().codePointAt(start)));
                throw source.error(start, character, "unexpected character '" + character + "'");
        }
    }

    private V3Token symbol(Kind kind, int length) {
        int start = position;
        position += length;
        String text = source.text().substring(start, position);
        return new V3Token(kind, text, text, start);
    }

    private V3Token doubled(char c) {
        if (position + 1 < source.length() && source.charAt(position + 1) == c) {
            return symbol(c == '&' ? Kind.AND : Kind.OR, 2);
        }
        throw source.error(position, String.valueOf(c), "unexpected '" + c + "' (did you mean '" + c + c + "'?)");
    }

    private V3Token identifier() {
        int start = position;
        while (position < source.length()
                && (Character.isLetterOrDigit(source.charAt(position)) || source.charAt(position) == '_')) {
            position++;
        }
        String text = source.text().substring(start, position);
        return new V3Token(Kind.IDENT, text, text, start);
    }
}
