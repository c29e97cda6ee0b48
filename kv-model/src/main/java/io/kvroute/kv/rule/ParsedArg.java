package io.kvroute.kv.rule;

import static java.util.Objects.requireNonNull;

/** One decoded matcher argument with the offset and source text it came from, for error columns. */
record ParsedArg(String value, int offset, String token) {
    ParsedArg {
        requireNonNull(value, "value");
        requireNonNull(token, "token");
    }
}
