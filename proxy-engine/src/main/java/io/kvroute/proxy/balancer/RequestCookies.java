package io.kvroute.proxy.balancer;

import java.util.Optional;

/** The cookies of the request being balanced, by name; sticky balancers read their pin from it. */
@FunctionalInterface
public interface RequestCookies {
    /** A request without cookies. */
    RequestCookies NONE = name -> Optional.empty();

    /** The value of the request's cookie {@code name}, if it sent one. */
    Optional<String> cookie(String name);
}
