package io.kvroute.kv.config;

import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.layout.keys.V1Keys;
import io.kvroute.kv.rule.RuleSyntax;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.Router;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.rule.RuleParser;
import io.kvroute.kv.rule.RuleSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses every router's rule; a rule that does not parse is an error on its router, with the column (and, for a v3
 * rule that is a Traefik v2 one, how to have it read as such).
 */
final class RuleCheck {
    private RuleCheck() {
    }

    static List<Problem> check(HttpConfig config, DynamicKeys dynamicKeys, V1Keys v1Keys) {
        List<Problem> problems = new ArrayList<>();
        for (Router router : config.routers().values()) {
            if (router.syntax() == RuleSyntax.V1) {
                for (Map.Entry<String, String> route : router.v1Routes().entrySet()) {
                    String key = v1Keys.routeRule(router.name(), route.getKey());
                    parse(route.getValue(), RuleSyntax.V1, key, router, problems);
                }
            } else if (!router.rule().isEmpty()) {
                String key = dynamicKeys.routerField(router.name(), V1Keys.RULE);
                parse(router.rule(), router.syntax(), key, router, problems);
            }
        }
        return problems;
    }

    private static void parse(String rule, RuleSyntax syntax, String key, Router router,
            List<Problem> problems) {
        try {
            RuleParser.parse(rule, syntax);
        } catch (RuleSyntaxException e) {
            problems.add(Problem.error(key, rule, "rule: " + e.getMessage() + v2Hint(rule, syntax),
                    EntityRef.router(router.name())));
        }
    }

    /** For a v3 rule that is a Traefik v2 rule: how it is read so. */
    private static String v2Hint(String rule, RuleSyntax syntax) {
        if (syntax != RuleSyntax.V3) {
            return "";
        }
        try {
            RuleParser.parse(rule, RuleSyntax.V2);
            return "; it is a Traefik v2 rule: ruleSyntax v2 on the router reads it so, as --layout=v2 reads a store "
                    + "written for Traefik v2";
        } catch (RuleSyntaxException notV2Either) {
            return "";
        }
    }
}
