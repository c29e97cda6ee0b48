package io.kvroute.kv.testing.consul;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** One {@code KV} operation of a {@code /v1/txn} request body, decoded (the value from base64). */
record TxnOp(String verb, String key, byte[] value, long flags, long index, Optional<String> session) {
    TxnOp {
        requireNonNull(verb, "verb");
        requireNonNull(key, "key");
        value = value.clone();
        requireNonNull(session, "session");
    }

    @Override
    public byte[] value() {
        return value.clone();
    }
}
