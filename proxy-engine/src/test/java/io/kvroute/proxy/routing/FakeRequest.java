package io.kvroute.proxy.routing;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** An immutable {@link RequestView} for tests: {@code FakeRequest.get("a.com", "/x").header("K", "v")}. */
record FakeRequest(String hostHeader, String path, String method, Map<String, List<String>> headerValues,
        Map<String, List<String>> query, Optional<InetAddress> clientAddress, Map<String, String> cookies)
        implements RequestView {

    static FakeRequest get(String host, String path) {
        return new FakeRequest(host, path, "GET", Map.of(), Map.of(), Optional.empty(), Map.of());
    }

    FakeRequest method(String newMethod) {
        return new FakeRequest(hostHeader, path, newMethod, headerValues, query, clientAddress, cookies);
    }

    FakeRequest header(String name, String... values) {
        Map<String, List<String>> copy = new HashMap<>(headerValues);
        copy.put(name.toLowerCase(Locale.ROOT), List.of(values));
        return new FakeRequest(hostHeader, path, method, copy, query, clientAddress, cookies);
    }

    FakeRequest query(String name, String... values) {
        Map<String, List<String>> copy = new HashMap<>(query);
        copy.put(name, List.of(values));
        return new FakeRequest(hostHeader, path, method, headerValues, copy, clientAddress, cookies);
    }

    FakeRequest from(String ip) {
        return new FakeRequest(hostHeader, path, method, headerValues, query, Optional.of(InetAddresses.forString(ip)),
                cookies);
    }

    @Override
    public List<String> headers(String name) {
        return headerValues.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    @Override
    public List<String> queryValues(String name) {
        return query.getOrDefault(name, List.of());
    }

    @Override
    public Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies.get(name));
    }

    @Override
    public String toString() {
        return method + " " + hostHeader + path + (query.isEmpty() ? "" : " ?" + query)
                + (headerValues.isEmpty() ? "" : " " + headerValues) + clientAddress.map(a -> " from " + a).orElse("");
    }
}
