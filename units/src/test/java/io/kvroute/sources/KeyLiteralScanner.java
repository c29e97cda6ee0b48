package io.kvroute.sources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds the string literals of Java sources that spell a path of Traefik's key layout: a literal with a {@code /}
 * beside a section ({@code http/}, {@code tcp/}, {@code udp/}, {@code tls/}) or beside a collection or structural
 * segment ({@code routers}, {@code services}, {@code middlewares}, {@code backends}, {@code frontends},
 * {@code servers}, {@code routes}, {@code loadBalancer}, {@code alias}). Prose (a literal with whitespace: help
 * texts, messages) and bare JSON field names ({@code "loadBalancer"}, no slash) are not key paths. Comments are skipped.
 */
final class KeyLiteralScanner {
    private static final Pattern KEY_PATH = Pattern.compile("(?:^|/)(?:http|tcp|udp|tls)/"
            + "|(?:^|/)(?:routers|services|middlewares|backends|frontends|servers|routes|loadBalancer|loadbalancer"
            + "|alias)(?:/|$)");

    /** A key-path literal at {@code file:line}. */
    record Finding(Path file, int line, String literal) {
        @Override
        public String toString() {
            return file + ":" + line + ": \"" + literal + "\"";
        }
    }

    /** A string literal's text as written between its quotes, and the line it starts on. */
    record Literal(int line, String text) {
    }

    private KeyLiteralScanner() {
    }

    /** True when {@code literal} spells a Traefik key path (see the class comment). */
    static boolean isKeyPath(String literal) {
        return literal.indexOf('/') >= 0 && literal.chars().noneMatch(Character::isWhitespace)
                && KEY_PATH.matcher(literal).find();
    }

    /** The key-path literals of one source file. */
    static List<Finding> scan(Path file) {
        String source;
        try {
            source = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<Finding> findings = new ArrayList<>();
        for (Literal literal : literals(source)) {
            if (isKeyPath(literal.text())) {
                findings.add(new Finding(file, literal.line(), literal.text()));
            }
        }
        return findings;
    }

    /** Every string literal and text block of {@code source}, outside comments and char literals. */
    static List<Literal> literals(String source) {
        List<Literal> literals = new ArrayList<>();
        int line = 1;
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                i = indexOrEnd(source, "\n", i);
            } else if (source.startsWith("/*", i)) {
                int end = indexOrEnd(source, "*/", i + 2) + 2;
                line += count(source, i, Math.min(end, source.length()));
                i = end;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = closing(source, i + 3, "\"\"\"");
                literals.add(new Literal(line, source.substring(i + 3, Math.min(end, source.length()))));
                line += count(source, i, Math.min(end, source.length()));
                i = end + 3;
            } else if (c == '"' || c == '\'') {
                int end = closing(source, i + 1, String.valueOf(c));
                if (c == '"') {
                    literals.add(new Literal(line, source.substring(i + 1, Math.min(end, source.length()))));
                }
                i = end + 1;
            } else {
                if (c == '\n') {
                    line++;
                }
                i++;
            }
        }
        return literals;
    }

    /** Where the unescaped {@code quote} closing a literal starting at {@code from} is (or the end). */
    private static int closing(String source, int from, String quote) {
        int i = from;
        while (i < source.length() && !source.startsWith(quote, i)) {
            i += source.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i, source.length());
    }

    private static int indexOrEnd(String source, String text, int from) {
        int at = source.indexOf(text, from);
        return at < 0 ? source.length() : at;
    }

    private static int count(String source, int from, int to) {
        int lines = 0;
        for (int i = from; i < to; i++) {
            if (source.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
