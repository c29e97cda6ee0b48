package io.kvroute.proxy.routing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go regular expressions as Java patterns: {@link #compile} rewrites Go (RE2) syntax into Java's with the same meaning
 * and refuses what Go refuses or Java would read otherwise ({@code GoSyntax}); {@link #find} is Go's
 * {@code MatchString} (unanchored); {@link #replaceAll} is Go's {@code ReplaceAllString} with
 * {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}} and {@code $$} in the replacement, and like Go an empty
 * match right after another match is not replaced ({@code a*} on {@code baaac} gives {@code xbxcx}, not
 * {@code xbxxcx}). Used by router rules, v1 rewrites and the middlewares that take a regex.
 */
public final class GoRegex {
    private GoRegex() {
    }

    /**
     * Compiles a Go regular expression.
     *
     * @throws java.util.regex.PatternSyntaxException if Go would refuse it, or kvroute cannot give it Go's meaning
     */
    public static Pattern compile(String goRegex) {
        return Pattern.compile(GoSyntax.toJava(goRegex), GoSyntax.FLAGS);
    }

    public static boolean find(Pattern pattern, String text) {
        return pattern.matcher(text).find();
    }

    public static String replaceAll(Pattern pattern, String text, String template) {
        Matcher matcher = pattern.matcher(text);
        StringBuilder result = new StringBuilder();
        int last = 0;
        int lastMatchEnd = -1;
        while (matcher.find()) {
            if (matcher.end() > lastMatchEnd || matcher.start() == 0) {
                result.append(text, last, matcher.start());
                expand(matcher, template, result);
                last = matcher.end();
            }
            lastMatchEnd = matcher.end();
        }
        return result.append(text, last, text.length()).toString();
    }

    /** Appends {@code template}, expanding Go's {@code $} group references; unknown groups expand to nothing. */
    private static void expand(Matcher matcher, String template, StringBuilder out) {
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                out.append(c);
                i++;
                continue;
            }
            if (template.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            boolean braced = template.charAt(i + 1) == '{';
            int start = braced ? i + 2 : i + 1;
            int end = start;
            while (end < template.length() && isNameChar(template.charAt(end))) {
                end++;
            }
            if (end == start || (braced && (end >= template.length() || template.charAt(end) != '}'))) {
                out.append(c);
                i++;
                continue;
            }
            out.append(group(matcher, template.substring(start, end)));
            i = braced ? end + 1 : end;
        }
    }

    private static String group(Matcher matcher, String name) {
        String value;
        if (name.chars().allMatch(Character::isDigit)) {
            int index = name.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(name);
            value = index <= matcher.groupCount() ? matcher.group(index) : null;
        } else {
            try {
                value = matcher.group(name);
            } catch (IllegalArgumentException noSuchGroup) {
                value = null;
            }
        }
        return value == null ? "" : value;
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
}
