package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.OptionalLong;

/**
 * A TCP middleware ({@code tcp/middlewares/<name>/<type>}): {@code ipAllowList} (or its deprecated name
 * {@code ipWhiteList}) with its {@code sourceRange}, or {@code inFlightConn} with its {@code amount}.
 */
public record TcpMiddleware(String name, String type, List<String> sourceRange, OptionalLong amount) {
    public static final String IP_ALLOW_LIST = "ipAllowList";
    public static final String IP_WHITE_LIST = "ipWhiteList";
    public static final String IN_FLIGHT_CONN = "inFlightConn";

    public TcpMiddleware {
        Names.check("name", name);
        requireNonNull(type, "type");
        sourceRange = List.copyOf(sourceRange);
        requireNonNull(amount, "amount");
    }
}
