package io.kvroute.proxy.middleware.expression;

import static java.util.Objects.requireNonNull;

/**
 * One token of an expression in oxy's language, as {@link ExpressionLexer} reads it: {@code text} as written
 * (a string with its quotes), at {@code column} (from 1).
 */
public record ExpressionToken(Kind kind, String text, int column) {
    /** What a token is. */
    public enum Kind {
        /** A name, such as a function's. */
        NAME,
        /** A whole decimal number, such as {@code 502}. */
        WHOLE,
        /** A number with a decimal point or an exponent, such as {@code 0.5}. */
        DECIMAL,
        /** A quoted string, quotes included: {@code "GET"}, {@code `GET`} or {@code 'G'} (Go's rune literal). */
        STRING,
        /** An operator or punctuation: {@code || && == != <= >=} or any other single character. */
        SYMBOL,
        /** The end of the expression. */
        END
    }

    public ExpressionToken {
        requireNonNull(kind, "kind");
        requireNonNull(text, "text");
    }

    /** Whether this is the symbol {@code symbol}. */
    public boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /** The token as a message shows it: quoted, or "the end". */
    public String shown() {
        return kind == Kind.END ? "the end" : "\"" + text + "\"";
    }

    /** A problem at this token. */
    public ExpressionException error(String problem) {
        return new ExpressionException(column, problem);
    }
}
