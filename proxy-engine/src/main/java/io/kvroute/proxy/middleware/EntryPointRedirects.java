package io.kvroute.proxy.middleware;

import io.kvroute.kv.model.RedirectScheme;
import io.kvroute.proxy.http.EntryPointRedirect;
import io.undertow.server.HttpHandler;
import java.util.Optional;

/**
 * Traefik's {@code http.redirections.entryPoint} as Traefik builds it: a {@code redirectScheme} middleware with the
 * redirection's scheme and permanence and the target entry point's port, in front of everything the entry point
 * serves (Traefik routes it at the highest priority but one).
 */
public final class EntryPointRedirects {
    private EntryPointRedirects() {
    }

    /**
     * A handler redirecting every request to {@code port} of the target entry point; a request already on the target
     * URL goes to {@code next}.
     *
     * @throws MiddlewareException if the scheme is not a URL scheme
     */
    public static HttpHandler of(EntryPointRedirect redirect, int port, HttpHandler next) {
        RedirectScheme middleware = new RedirectScheme("redirect-to-" + redirect.to(),
                Optional.of(redirect.scheme()), Optional.of(Integer.toString(port)), redirect.permanent());
        return RedirectSchemeHandler.factory(middleware).apply(next);
    }
}
