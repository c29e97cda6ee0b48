package io.kvroute.kv.testing.consul;

import static java.util.Objects.requireNonNull;

import com.github.tomakehurst.wiremock.http.Request;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request to the emulated API, decoded: method, the path after {@code /v1/} with percent-escapes decoded
 * (clients send keys as {@code lb%2Fweb%2Fa}; {@code +} stays a plus, as in Go's path unescaping), query parameters
 * (a bare {@code ?recurse} has the value ""), body and ACL token.
 */
record ApiRequest(String method, String path, Map<String, String> query, byte[] body, Optional<String> token) {
    ApiRequest {
        requireNonNull(method, "method");
        requireNonNull(path, "path");
        query = Map.copyOf(query);
        body = body.clone();
        requireNonNull(token, "token");
    }

    static ApiRequest from(Request request) {
        String url = request.getUrl();
        int question = url.indexOf('?');
        String rawPath = question < 0 ? url : url.substring(0, question);
        Map<String, String> query = new LinkedHashMap<>();
        if (question >= 0) {
            for (String parameter : url.substring(question + 1).split("&")) {
                if (parameter.isEmpty()) {
                    continue;
                }
                int equals = parameter.indexOf('=');
                String name = decode(equals < 0 ? parameter : parameter.substring(0, equals), true);
                query.putIfAbsent(name, equals < 0 ? "" : decode(parameter.substring(equals + 1), true));
            }
        }
        String path = decode(rawPath.startsWith("/v1/") ? rawPath.substring(4) : rawPath, false);
        Optional<String> token = Optional.ofNullable(request.getHeader("X-Consul-Token"))
                .or(() -> Optional.ofNullable(query.get("token")));
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody();
        return new ApiRequest(request.getMethod().getName(), path, query, body, token);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    boolean has(String parameter) {
        return query.containsKey(parameter);
    }

    Optional<String> parameter(String name) {
        return Optional.ofNullable(query.get(name)).filter(value -> !value.isEmpty());
    }

    Optional<Long> longParameter(String name) {
        try {
            return parameter(name).map(Long::parseLong);
        } catch (NumberFormatException e) {
            throw new ConsulApiError(400, "Invalid " + name + ": " + query.get(name));
        }
    }

    private static String decode(String text, boolean plusIsSpace) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
