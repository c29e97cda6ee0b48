package io.kvroute.proxy.middleware.expression;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.middleware.expression.ExpressionToken.Kind;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits an expression in oxy's language (Go expression syntax, as vulcand/predicate reads it) into
 * {@link ExpressionToken}s, skipping white space. A number that is neither whole nor decimal (such as {@code 0x1F}
 * or {@code 1_000}, which predicate cannot read) is an {@link ExpressionException} at its column.
 */
public final class ExpressionLexer {
    private static final Pattern WHOLE = Pattern.compile("[0-9]+");
    private static final Pattern DECIMAL =
            Pattern.compile("(?:[0-9]+\\.[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+");
    private static final List<String> PAIRS = List.of("||", "&&", "==", "!=", "<=", ">=");

    private final String text;
    private int position;

    public ExpressionLexer(String text) {
        this.text = requireNonNull(text, "text");
    }

    /** The next token; {@link Kind#END} at the end, and again after it. */
    public ExpressionToken next() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
        int start = position;
        if (position >= text.length()) {
            return new ExpressionToken(Kind.END, "", start + 1);
        }
        char c = text.charAt(position);
        if (Character.isLetter(c) || c == '_') {
            while (position < text.length() && (Character.isLetterOrDigit(text.charAt(position))
                    || text.charAt(position) == '_')) {
                position++;
            }
            return new ExpressionToken(Kind.NAME, text.substring(start, position), start + 1);
        }
        if (Character.isDigit(c) || c == '.' && position + 1 < text.length()
                && Character.isDigit(text.charAt(position + 1))) {
            return number(start);
        }
        if (c == '"' || c == '`' || c == '\'') {
            int end = text.indexOf(c, position + 1);
            position = end < 0 ? text.length() : end + 1;
            return new ExpressionToken(Kind.STRING, text.substring(start, position), start + 1);
        }
        String two = position + 1 < text.length() ? text.substring(position, position + 2) : "";
        position += PAIRS.contains(two) ? 2 : 1;
        return new ExpressionToken(Kind.SYMBOL, text.substring(start, position), start + 1);
    }

    private ExpressionToken number(int start) {
        while (position < text.length()) {
            char c = text.charAt(position);
            boolean sign = (c == '+' || c == '-') && (text.charAt(position - 1) == 'e'
                    || text.charAt(position - 1) == 'E') && !text.substring(start, position).startsWith("0x");
            if (!Character.isLetterOrDigit(c) && c != '.' && c != '_' && !sign) {
                break;
            }
            position++;
        }
        String number = text.substring(start, position);
        if (WHOLE.matcher(number).matches()) {
            return new ExpressionToken(Kind.WHOLE, number, start + 1);
        }
        if (DECIMAL.matcher(number).matches()) {
            return new ExpressionToken(Kind.DECIMAL, number, start + 1);
        }
        throw new ExpressionException(start + 1, number + " is not a decimal number");
    }
}
