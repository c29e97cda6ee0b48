package io.kvroute.kv.rule;

/**
 * The Go regular expression gorilla/mux makes of a template (without anchors): literal text quoted as Go's
 * {@code regexp.QuoteMeta} quotes it, each {@code {name:pattern}} variable a group {@code (?:pattern)}, a
 * variable without a pattern the kind's default ({@code [^/]+} in paths, {@code [^.]+} in hosts, {@code .*} in query
 * values).
 */
final class MuxTemplateRegex {
    private static final String GO_META = "\\.+*?()|[]{}^$";

    private MuxTemplateRegex() {
    }

    /**
     * @throws IllegalArgumentException if the braces are unbalanced or a variable has no name or pattern (templates
     *                                  the v1 parser accepted never do)
     */
    static String of(String template, String defaultPattern) {
        StringBuilder regex = new StringBuilder();
        int level = 0;
        int variableStart = -1;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '{') {
                if (level == 0) {
                    variableStart = i;
                }
                level++;
            } else if (c == '}' && level > 0) {
                level--;
                if (level == 0) {
                    regex.append(variable(template.substring(variableStart + 1, i), defaultPattern, template));
                }
            } else if (level == 0) {
                if (GO_META.indexOf(c) >= 0) {
                    regex.append('\\');
                }
                regex.append(c);
            }
        }
        if (level != 0) {
            throw new IllegalArgumentException("template: '" + template + "' (expected: balanced braces)");
        }
        return regex.toString();
    }

    private static String variable(String body, String defaultPattern, String template) {
        int colon = body.indexOf(':');
        String name = colon < 0 ? body : body.substring(0, colon);
        String pattern = colon < 0 ? defaultPattern : body.substring(colon + 1);
        if (name.isEmpty() || pattern.isEmpty()) {
            throw new IllegalArgumentException("template: '" + template + "' (expected: {name} or {name:pattern})");
        }
        return "(?:" + pattern + ")";
    }
}
