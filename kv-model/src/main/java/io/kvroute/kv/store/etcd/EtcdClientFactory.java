package io.kvroute.kv.store.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.grpc.netty.GrpcSslContexts;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.StoreSettings;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Builds the jetcd {@link Client}s from {@link StoreSettings}: endpoints, credentials, TLS and gRPC keep-alive (a
 * member that stops answering pings has its connection closed). {@link EtcdMembers} makes one client per member:
 * such a client does not wait for its member to be ready (a call to a member that refuses connections fails at once
 * and goes to the next member) and never retries a call itself: jetcd retries a grant, a revoke or a compaction on
 * any {@code UNAVAILABLE}, also after the member applied it and then dropped the connection, so the retry's answer
 * ("connection refused") hid that the first attempt had been applied and the store sent the call to the next member
 * as if it had never been sent (a second lease, or a compaction reported as already compacted). {@link EtcdMembers}
 * decides what is tried again and where.
 */
final class EtcdClientFactory {
    private EtcdClientFactory() {
    }

    /** A client of the one member at {@code endpointUrl} (one of {@link StoreSettings#etcdMemberUrls}). */
    static Client create(StoreSettings settings, String endpointUrl) {
        return memberBuilder(settings, endpointUrl).build();
    }

    /** The builder {@link #create} builds; package-private for tests. */
    static ClientBuilder memberBuilder(StoreSettings settings, String endpointUrl) {
        return builder(settings).endpoints(endpointUrl).waitForReady(false).retryMaxAttempts(0);
    }

    /** The builder over every endpoint, after checking the settings; package-private for tests. */
    static ClientBuilder builder(StoreSettings settings) {
        if (settings.type() != StoreSettings.Type.ETCD) {
            throw new IllegalArgumentException("settings.type: " + settings.type() + " (expected: ETCD)");
        }
        if (settings.username().isPresent() != settings.password().isPresent()) {
            throw new IllegalArgumentException("etcd.username/etcd.password: only one given (expected: both or neither)");
        }
        if (settings.tlsCert().isPresent() != settings.tlsKey().isPresent()) {
            throw new IllegalArgumentException("etcd.tls.cert/etcd.tls.key: only one given (expected: both or neither)");
        }
        ClientBuilder builder = Client.builder().endpoints(settings.etcdMemberUrls().toArray(String[]::new))
                .keepaliveTime(settings.keepaliveTime())
                .keepaliveTimeout(settings.keepaliveTimeout());
        settings.username().ifPresent(user -> builder.user(bytes(user)));
        settings.password().ifPresent(password -> builder.password(bytes(password)));
        if (settings.usesTls()) {
            builder.sslContext(sslContext(settings.tlsCa(), settings.tlsCert(), settings.tlsKey()));
        }
        return builder;
    }

    private static io.netty.handler.ssl.SslContext sslContext(Optional<Path> ca, Optional<Path> cert,
            Optional<Path> key) {
        try {
            SslContextBuilder builder = GrpcSslContexts.forClient();
            ca.ifPresent(path -> builder.trustManager(path.toFile()));
            if (cert.isPresent() && key.isPresent()) {
                builder.keyManager(cert.get().toFile(), key.get().toFile());
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new KvStoreException(KvStoreException.Kind.INVALID, "etcd TLS: cannot load ca " + ca.orElse(null)
                    + ", cert " + cert.orElse(null) + ", key " + key.orElse(null) + ": " + e.getMessage(), e);
        }
    }

    private static ByteSequence bytes(String value) {
        return ByteSequence.from(value, StandardCharsets.UTF_8);
    }
}
