package io.kvroute.kv.layout.v1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Traefik 1.7 frontend rules a section table cannot express: only one of {@code auth/basic},
 * {@code auth/digest}, {@code auth/forward} is read (in that order); the deprecated {@code basicauth} list turns on
 * basic auth with those users; {@code redirect/entrypoint} wins over {@code regex} + {@code replacement}, and a
 * redirect needs one of the two.
 */
public final class V1FrontendRules {
    private V1FrontendRules() {
    }

    public static void apply(ObjectNode frontend) {
        applyDeprecatedBasicAuth(frontend);
        if (frontend.get("auth") instanceof ObjectNode auth) {
            if (auth.has("basic")) {
                auth.remove("digest");
                auth.remove("forward");
            } else if (auth.has("digest")) {
                auth.remove("forward");
            }
        }
        if (frontend.get("redirect") instanceof ObjectNode redirect) {
            boolean regex = redirect.has("regex") && redirect.has("replacement");
            if (redirect.has("entryPoint")) {
                redirect.remove("regex");
                redirect.remove("replacement");
            } else if (!regex) {
                frontend.remove("redirect");
            }
        }
    }

    private static void applyDeprecatedBasicAuth(ObjectNode frontend) {
        JsonNode users = frontend.get("basicAuth");
        if (users == null || users.isEmpty()) {
            return;
        }
        ObjectNode auth = frontend.get("auth") instanceof ObjectNode existing ? existing : frontend.putObject("auth");
        ObjectNode basic = auth.get("basic") instanceof ObjectNode existing ? existing : auth.putObject("basic");
        basic.set("users", users.deepCopy());
    }
}
