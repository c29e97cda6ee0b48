package io.kvroute.kv.rule;

import static java.util.Objects.requireNonNull;

/** Rule text being parsed, turning string offsets into the columns and errors {@link RuleSyntaxException} reports. */
final class SourceText {
    private final String text;

    SourceText(String text) {
        this.text = requireNonNull(text, "text");
    }

    String text() {
        return text;
    }

    int length() {
        return text.length();
    }

    char charAt(int offset) {
        return text.charAt(offset);
    }

    /** 1-based column, in code points, of the char at {@code offset} ({@code length()} is the end of the text). */
    int column(int offset) {
        return text.codePointCount(0, offset) + 1;
    }

    RuleSyntaxException error(int offset, String token, String reason) {
        return new RuleSyntaxException(text, column(offset), token, reason);
    }

    /** Quotes a token for a message: {@code '&&'}, or {@code end of rule} for an empty token. */
    static String describe(String token) {
        return token.isEmpty() ? "end of rule" : "'" + token + "'";
    }
}
