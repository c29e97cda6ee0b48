package io.kvroute.agent.discovery;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.rule.RuleExpr;
import io.kvroute.kv.rule.RuleFormatter;
import io.kvroute.kv.rule.RuleParser;
import io.kvroute.kv.rule.RuleSyntax;
import io.kvroute.kv.rule.RuleSyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code --default-rule} template: the rule of a router that declares none, with {@code {{name}}} replaced by
 * the service name (for containers by default the container's name, normalised like Traefik does: letters and
 * digits joined by {@code -}) and {@code {{node}}} by the agent's node name. Traefik's default is
 * {@code Host(`{{name}}`)}; the seed's subdomain style is {@code Host(`{{name}}.apps.example.com`)}.
 */
public record DefaultRule(String template) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");
    private static final Set<String> KNOWN = Set.of("name", "node");

    /** Traefik's default rule: the name as host. */
    public static final DefaultRule TRAEFIK = new DefaultRule("Host(`{{name}}`)");

    public DefaultRule {
        requireNonNull(template, "template");
        if (template.isBlank()) {
            throw new IllegalArgumentException("--default-rule: \"\" (expected: a rule such as Host(`{{name}}.example.com`))");
        }
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            if (!KNOWN.contains(matcher.group(1))) {
                throw new IllegalArgumentException("--default-rule: \"" + template + "\" has placeholder "
                        + matcher.group() + " (expected: {{name}} or {{node}})");
            }
        }
        String rest = matcher.replaceAll("x");
        if (rest.contains("{{") || rest.contains("}}")) {
            throw new IllegalArgumentException("--default-rule: \"" + template
                    + "\" has an unclosed placeholder (expected: {{name}} or {{node}})");
        }
        try {
            RuleParser.parseAnySyntax(expand(template, "name", "node"));
        } catch (RuleSyntaxException e) {
            throw new IllegalArgumentException("--default-rule: \"" + template + "\": " + e.messageWithExpectation(),
                    e);
        }
    }

    /**
     * This rule, checked in {@code layoutSyntax}, the syntax the agent's layout reads rules of routers without
     * {@code ruleSyntax} in: a v1 rule (converted) or a rule of that syntax, so that the default routers are not all
     * left out. The v1 layout reads v3 rules and writes them in v1: {@code V1} asks for a v3 rule that v1 can express.
     *
     * @throws IllegalArgumentException naming {@code --default-rule} when it is neither
     */
    public DefaultRule readIn(RuleSyntax layoutSyntax) {
        String rule = expand(template, "name", "node");
        if (RuleParser.detectSyntax(rule) != RuleSyntax.V1) {
            RuleSyntax read = requireNonNull(layoutSyntax, "layoutSyntax") == RuleSyntax.V1 ? RuleSyntax.V3
                    : layoutSyntax;
            String syntax = read.name().toLowerCase(Locale.ROOT);
            RuleExpr expr;
            try {
                expr = RuleParser.parse(rule, read).expr();
            } catch (RuleSyntaxException e) {
                throw new IllegalArgumentException("--default-rule: \"" + template + "\" (expected: a Traefik "
                        + syntax + " rule, as --layout=" + syntax + " reads it, or a v1 rule; " + e.getMessage() + ")",
                        e);
            }
            if (layoutSyntax == RuleSyntax.V1) {
                try {
                    RuleFormatter.toV1(expr);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--default-rule: \"" + template + "\" (expected: a v1 rule, "
                            + "or a Traefik v3 rule that --layout=v1 can write in v1; " + e.getMessage() + ")", e);
                }
            }
        }
        return this;
    }

    /** The rule for {@code name} on {@code node}. */
    public String render(String name, String node) {
        return expand(template, requireNonNull(name, "name"), requireNonNull(node, "node"));
    }

    private static String expand(String template, String name, String node) {
        return PLACEHOLDER.matcher(template).replaceAll(match ->
                Matcher.quoteReplacement(match.group(1).equals("name") ? name : node));
    }
}
