package io.kvroute.proxy.routing;

/** A compiled routing condition; thread-safe and allocation-light, evaluated once per request and router. */
@FunctionalInterface
public interface RequestMatcher {
    boolean matches(RequestView request);
}
