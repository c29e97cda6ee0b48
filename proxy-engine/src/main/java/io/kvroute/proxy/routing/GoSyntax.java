package io.kvroute.proxy.routing;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Rewrites a Go (RE2) regular expression into Java syntax with the same meaning, and refuses what Go refuses or what
 * Java would read differently, so that a regex never silently matches otherwise than in Traefik:
 * <ul>
 *   <li>{@code (?P<name>} becomes {@code (?<name>}; {@code $} outside {@code (?m)} becomes {@code \z} (Java's
 *       {@code $} also matches before a final newline); {@code \b} and {@code \B} become ASCII word boundaries, and
 *       {@code \s} Go's {@code [\t\n\f\r ]}; {@code \v} is the vertical tab; octal escapes become {@code \x{..}};</li>
 *   <li>in a class, POSIX classes ({@code [:alpha:]}) become {@code \p{Alpha}}, and {@code [}, {@code &&} and a
 *       leading {@code ]} are literal as in Go; a {@code {} that starts no repetition is literal;</li>
 *   <li>refused: backreferences, look-around, atomic groups, possessive quantifiers, repetition counts above 1000
 *       (all refused by Go), Go's ungreedy flag {@code U} (Java's {@code U} means something else), and escapes Go
 *       does not know.</li>
 * </ul>
 * Patterns are compiled with {@link Pattern#UNIX_LINES} ({@code .} excludes only {@code \n}, as Go's) and
 * {@link Pattern#UNICODE_CASE} (Go's {@code (?i)} folds Unicode).
 */
final class GoSyntax {
    static final int FLAGS = Pattern.UNIX_LINES | Pattern.UNICODE_CASE;

    private static final Map<String, String> POSIX = Map.ofEntries(Map.entry("alnum", "Alnum"),
            Map.entry("alpha", "Alpha"), Map.entry("ascii", "ASCII"), Map.entry("blank", "Blank"),
            Map.entry("cntrl", "Cntrl"), Map.entry("digit", "Digit"), Map.entry("graph", "Graph"),
            Map.entry("lower", "Lower"), Map.entry("print", "Print"), Map.entry("punct", "Punct"),
            Map.entry("space", "Space"), Map.entry("upper", "Upper"), Map.entry("word", "Alnum_"),
            Map.entry("xdigit", "XDigit"));
    private static final Pattern MULTILINE_FLAG = Pattern.compile("\\(\\?[imsU]*m");
    private static final String WORD = "[0-9A-Za-z_]";

    private final String go;
    private final boolean multiline;
    private final StringBuilder java;
    private int at;

    private GoSyntax(String go) {
        this.go = go;
        this.multiline = MULTILINE_FLAG.matcher(go).find();
        this.java = new StringBuilder(go.length() + 16);
    }

    /**
     * {@code go} in Java syntax.
     *
     * @throws PatternSyntaxException naming what Go refuses or kvroute cannot apply, and where
     */
    static String toJava(String go) {
        GoSyntax syntax = new GoSyntax(go);
        syntax.translate();
        return syntax.java.toString();
    }

    private void translate() {
        while (at < go.length()) {
            char c = go.charAt(at);
            switch (c) {
                case '\\' -> escape(false);
                case '[' -> characterClass();
                case '(' -> group();
                case '$' -> {
                    java.append(multiline ? "$" : "\\z");
                    at++;
                }
                case '{' -> repetition();
                case '*', '+', '?' -> {
                    java.append(c);
                    at++;
                    if (at < go.length() && go.charAt(at) == '?') {
                        java.append('?');
                        at++;
                    }
                    refuseNestedRepetition();
                }
                default -> {
                    java.append(c);
                    at++;
                }
            }
        }
    }

    private void characterClass() {
        java.append('[');
        at++;
        if (at < go.length() && go.charAt(at) == '^') {
            java.append('^');
            at++;
        }
        int first = at;
        while (at < go.length()) {
            char c = go.charAt(at);
            if (c == ']' && at > first) {
                java.append(']');
                at++;
                return;
            }
            if (c == '\\') {
                escape(true);
            } else if (c == '[' && go.startsWith("[:", at) && go.indexOf(":]", at + 2) > 0) {
                int end = go.indexOf(":]", at + 2);
                String name = go.substring(at + 2, end);
                boolean negated = name.startsWith("^");
                String property = POSIX.get(negated ? name.substring(1) : name);
                if (property == null) {
                    throw refused("invalid character class range [:" + name + ":]");
                }
                java.append(property.equals("Alnum_") ? (negated ? "[^0-9A-Za-z_]" : WORD)
                        : (negated ? "\\P{" : "\\p{") + property + "}");
                at = end + 2;
            } else if (c == '[' || c == ']' || (c == '&' && go.startsWith("&&", at))) {
                java.append('\\').append(c);
                at++;
            } else {
                java.append(c);
                at++;
            }
        }
        throw refused("missing closing ]");
    }

    private void group() {
        if (go.startsWith("(?P<", at)) {
            java.append("(?<");
            at += 4;
            return;
        }
        if (!go.startsWith("(?", at)) {
            java.append('(');
            at++;
            return;
        }
        if (go.startsWith("(?<", at) && at + 3 < go.length() && go.charAt(at + 3) != '=' && go.charAt(at + 3) != '!') {
            java.append("(?<");
            at += 3;
            return;
        }
        int end = at + 2;
        while (end < go.length() && "imsU-".indexOf(go.charAt(end)) >= 0) {
            end++;
        }
        if (end >= go.length() || (go.charAt(end) != ')' && go.charAt(end) != ':')) {
            throw refused("invalid or unsupported Perl syntax (look-around, atomic groups and backreferences are not "
                    + "Go syntax)");
        }
        String flags = go.substring(at + 2, end);
        if (flags.indexOf('U') >= 0) {
            throw refused("Go's ungreedy flag U is not applied by kvroute");
        }
        java.append("(?").append(flags).append(go.charAt(end));
        at = end + 1;
    }

    /** A {@code {n}}, {@code {n,}} or {@code {n,m}} repetition, or a literal brace as Go reads one. */
    private void repetition() {
        int close = go.indexOf('}', at);
        String body = close < 0 ? "" : go.substring(at + 1, close);
        if (!body.matches("[0-9]+(,[0-9]*)?")) {
            java.append("\\{");
            at++;
            return;
        }
        for (String count : body.split(",")) {
            if (count.length() > 4 || Integer.parseInt(count) > 1000) {
                throw refused("invalid repeat count {" + body + "} (Go allows at most 1000)");
            }
        }
        java.append(go, at, close + 1);
        at = close + 1;
        if (at < go.length() && go.charAt(at) == '?') {
            java.append('?');
            at++;
        }
        refuseNestedRepetition();
    }

    private void refuseNestedRepetition() {
        if (at < go.length() && (go.charAt(at) == '+' || go.charAt(at) == '*')) {
            throw refused("invalid nested repetition operator (possessive quantifiers are not Go syntax)");
        }
    }

    private void escape(boolean inClass) {
        if (at + 1 >= go.length()) {
            throw refused("trailing backslash at end of expression");
        }
        char e = go.charAt(at + 1);
        if (e < 0x80 && !Character.isLetterOrDigit(e)) {
            java.append('\\').append(e);
            at += 2;
            return;
        }
        switch (e) {
            case 'a', 'f', 't', 'n', 'r', 'd', 'D', 'w', 'W' -> simple(e);
            case 's' -> replaced(inClass ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]");
            case 'S' -> replaced("[^\\t\\n\\f\\r ]");
            case 'v' -> replaced("\\x0B");
            case 'A', 'z' -> {
                outsideClassOnly(inClass, e);
                simple(e);
            }
            case 'b' -> {
                outsideClassOnly(inClass, e);
                replaced("(?:(?<=" + WORD + ")(?!" + WORD + ")|(?<!" + WORD + ")(?=" + WORD + "))");
            }
            case 'B' -> {
                outsideClassOnly(inClass, e);
                replaced("(?:(?<=" + WORD + ")(?=" + WORD + ")|(?<!" + WORD + ")(?!" + WORD + "))");
            }
            case 'Q' -> {
                outsideClassOnly(inClass, e);
                int end = go.indexOf("\\E", at + 2);
                java.append(Pattern.quote(go.substring(at + 2, end < 0 ? go.length() : end)));
                at = end < 0 ? go.length() : end + 2;
            }
            case 'p', 'P' -> copyThrough(go.startsWith("{", at + 2) ? go.indexOf('}', at + 2) : at + 2);
            case 'x' -> copyThrough(go.startsWith("{", at + 2) ? go.indexOf('}', at + 2) : at + 3);
            case '0', '1', '2', '3', '4', '5', '6', '7' -> octal();
            default -> throw refused("invalid escape sequence \\" + e);
        }
    }

    private void simple(char escape) {
        java.append('\\').append(escape);
        at += 2;
    }

    private void replaced(String javaText) {
        java.append(javaText);
        at += 2;
    }

    private void outsideClassOnly(boolean inClass, char escape) {
        if (inClass) {
            throw refused("invalid escape sequence \\" + escape + " in a character class");
        }
    }

    /** Copies from the backslash through index {@code last}. */
    private void copyThrough(int last) {
        if (last < 0 || last >= go.length()) {
            throw refused("invalid escape sequence");
        }
        java.append(go, at, last + 1);
        at = last + 1;
    }

    /** Go's octal escapes: {@code \0}, {@code \012}, {@code \12}, {@code \123}; a lone {@code \1} is a backreference. */
    private void octal() {
        int start = at + 1;
        int end = start + 1;
        while (end < go.length() && end < start + 3 && go.charAt(end) >= '0' && go.charAt(end) <= '7') {
            end++;
        }
        if (go.charAt(start) != '0' && end == start + 1) {
            throw refused("backreferences such as \\" + go.charAt(start) + " are not Go syntax");
        }
        java.append("\\x{").append(Integer.toHexString(Integer.parseInt(go.substring(start, end), 8))).append('}');
        at = end;
    }

    private PatternSyntaxException refused(String description) {
        return new PatternSyntaxException(description, go, at);
    }
}
