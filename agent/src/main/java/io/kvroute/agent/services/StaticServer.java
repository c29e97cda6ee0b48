package io.kvroute.agent.services;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/** One server of a services-file service: an absolute http(s) URL and a weight (>= 0; 0 drains). */
public record StaticServer(URI url, long weight) {
    public StaticServer {
        requireNonNull(url, "url");
        if (weight < 0) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: >= 0)");
        }
    }

    /** The port the URL names, or its scheme's default (80, 443). */
    public int port() {
        return url.getPort() > 0 ? url.getPort() : url.getScheme().equals("https") ? 443 : 80;
    }
}
