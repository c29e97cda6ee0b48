package io.kvroute.kv.rule;

import java.util.Optional;

/**
 * Checks a gorilla/mux template as Traefik v1 uses for {@code HostRegexp} and path matchers: literal text with
 * {@code {name}} or {@code {name:regex}} variables, braces balanced, each regex compiling.
 */
final class MuxTemplateCheck {
    private MuxTemplateCheck() {
    }

    /** Why {@code template} is not a valid mux template, or empty if it is. */
    static Optional<String> problem(String template) {
        int level = 0;
        int start = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '{') {
                if (level == 0) {
                    start = i;
                }
                level++;
            } else if (c == '}') {
                level--;
                if (level < 0) {
                    return Optional.of("unbalanced braces ('}' at index " + i + " closes nothing)");
                }
                if (level == 0) {
                    Optional<String> variableProblem = variableProblem(template.substring(start, i + 1));
                    if (variableProblem.isPresent()) {
                        return variableProblem;
                    }
                }
            }
        }
        return level == 0 ? Optional.empty()
                : Optional.of("unbalanced braces ('{' at index " + start + " is never closed)");
    }

    private static Optional<String> variableProblem(String variable) {
        String body = variable.substring(1, variable.length() - 1);
        int colon = body.indexOf(':');
        String name = colon < 0 ? body : body.substring(0, colon);
        String pattern = colon < 0 ? "[^/]+" : body.substring(colon + 1);
        if (name.isEmpty() || pattern.isEmpty()) {
            return Optional.of("missing name or pattern in '" + variable + "'");
        }
        return RegexCheck.problem(pattern).map(why -> "pattern of '" + variable + "' does not compile: " + why);
    }
}
