package io.kvroute.kv.rule;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Go string literals as v3 rules write arguments: raw {@code `...`} (carriage returns dropped, no escapes) or
 * interpreted {@code "..."} with Go escapes ({@code \n \t \\ \" \x41 \101 \u00e9 \U0001F600} ...).
 */
final class GoStringLiteral {
    private static final String SIMPLE_ESCAPES = "abfnrtv\\\"";
    private static final String SIMPLE_VALUES = "\u0007\b\f\n\r\t\u000b\\\"";

    private GoStringLiteral() {
    }

    /** A decoded literal and the offset just past its closing quote. */
    record Decoded(String value, int end) {
    }

    /** Decodes the literal whose opening quote is at {@code start}. */
    static Decoded decode(SourceText source, int start) {
        return source.charAt(start) == '`' ? decodeRaw(source, start) : decodeInterpreted(source, start);
    }

    /** The canonical literal for {@code value}: backticks unless it holds a backtick or carriage return. */
    static String quote(String value) {
        return value.indexOf('`') < 0 && value.indexOf('\r') < 0 ? "`" + value + "`" : doubleQuote(value);
    }

    private static Decoded decodeRaw(SourceText source, int start) {
        StringBuilder value = new StringBuilder();
        for (int i = start + 1; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '`') {
                return new Decoded(value.toString(), i + 1);
            }
            if (c != '\r') {
                value.append(c);
            }
        }
        throw source.error(start, "`", "raw string literal not terminated (missing closing '`')");
    }

    private static Decoded decodeInterpreted(SourceText source, int start) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = start + 1;
        while (i < source.length() && source.charAt(i) != '"' && source.charAt(i) != '\n') {
            if (source.charAt(i) == '\\') {
                i = decodeEscape(source, i, bytes);
            } else {
                int codePoint = source.text().codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        if (i >= source.length() || source.charAt(i) != '"') {
            throw source.error(start, "\"", "string literal not terminated (missing closing '\"')");
        }
        try {
            String value = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
            return new Decoded(value, i + 1);
        } catch (CharacterCodingException e) {
            throw source.error(start, source.text().substring(start, i + 1), "string literal is not valid UTF-8");
        }
    }

    /** Decodes the escape whose backslash is at {@code backslash}; returns the offset after it. */
    private static int decodeEscape(SourceText source, int backslash, ByteArrayOutputStream bytes) {
        int kind = backslash + 1;
        char c = kind < source.length() ? source.charAt(kind) : ' ';
        int simple = SIMPLE_ESCAPES.indexOf(c);
        if (simple >= 0) {
            bytes.write(SIMPLE_VALUES.charAt(simple));
            return kind + 1;
        }
        if (c >= '0' && c <= '7') {
            int value = digits(source, backslash, kind, 3, 8);
            if (value > 0xFF) {
                throw badEscape(source, backslash, kind + 3, "octal escape value > 255");
            }
            bytes.write(value);
            return kind + 3;
        }
        if (c == 'x') {
            bytes.write(digits(source, backslash, kind + 1, 2, 16));
            return kind + 3;
        }
        if (c == 'u' || c == 'U') {
            int count = c == 'u' ? 4 : 8;
            int codePoint = digits(source, backslash, kind + 1, count, 16);
            if (codePoint > Character.MAX_CODE_POINT
                    || (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE)) {
                throw badEscape(source, backslash, kind + 1 + count, "escape is an invalid Unicode code point");
            }
            bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
            return kind + 1 + count;
        }
        throw badEscape(source, backslash, Math.min(kind + 1, source.length()), "unknown escape sequence");
    }

    private static int digits(SourceText source, int backslash, int from, int count, int radix) {
        long value = 0;
        for (int i = from; i < from + count; i++) {
            int digit = i < source.length() && source.charAt(i) < 0x80 ? Character.digit(source.charAt(i), radix) : -1;
            if (digit < 0) {
                throw badEscape(source, backslash, Math.min(i + 1, source.length()),
                        "escape needs " + count + (radix == 8 ? " octal" : " hex") + " digits");
            }
            value = value * radix + digit;
        }
        return value > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) value;
    }

    private static RuleSyntaxException badEscape(SourceText source, int backslash, int end, String reason) {
        String escape = source.text().substring(backslash, end);
        return source.error(backslash, escape, reason + " '" + escape + "'");
    }

    private static String doubleQuote(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        value.codePoints().forEach(c -> {
            int simple = SIMPLE_VALUES.indexOf(c);
            if (c < 0x80 && simple >= 0) {
                quoted.append('\\').append(SIMPLE_ESCAPES.charAt(simple));
            } else if (c < 0x20 || c == 0x7F) {
                quoted.append(String.format("\\x%02x", c));
            } else {
                quoted.appendCodePoint(c);
            }
        });
        return quoted.append('"').toString();
    }
}
