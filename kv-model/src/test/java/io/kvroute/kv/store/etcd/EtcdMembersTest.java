package io.kvroute.kv.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvStoreException.Kind;
import io.kvroute.kv.store.StoreSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class EtcdMembersTest {
    private static final String STORE = "etcd test";

    @Test
    void callsGoToOneMemberUntilOneIsLeftUnansweredThenToTheNext() {
        List<String> urls = List.of("http://127.0.0.1:2379", "http://127.0.0.1:22379", "http://127.0.0.1:32379");
        try (EtcdMembers members = new EtcdMembers(StoreSettings.etcd("127.0.0.1:2379", "127.0.0.1:22379",
                "127.0.0.1:32379"), STORE)) {
            EtcdMembers.Member first = members.current();
            int start = urls.indexOf(first.url());
            assertThat(start).isNotNegative();

            members.unanswered(first, failure(Kind.TIMEOUT));
            EtcdMembers.Member second = members.current();
            assertThat(second.url()).isEqualTo(urls.get((start + 1) % 3));

            members.unanswered(first, failure(Kind.TIMEOUT));
            assertThat(members.current()).as("a late failure of a member already left moves nothing").isEqualTo(second);
            members.unanswered(second, failure(Kind.NOT_FOUND));
            assertThat(members.current()).as("an answer, even a refusal, keeps the member").isEqualTo(second);

            members.unanswered(second, failure(Kind.UNAVAILABLE));
            EtcdMembers.Member third = members.current();
            assertThat(third.url()).isEqualTo(urls.get((start + 2) % 3));
            members.unanswered(third, failure(Kind.TIMEOUT));
            assertThat(members.current()).isEqualTo(first);
        }
    }

    @Test
    void endpointsNamingTheSameMemberAreOneMemberSoMovingOnNeverLandsOnItself() {
        try (EtcdMembers members = new EtcdMembers(StoreSettings.etcd("127.0.0.1:2379", "http://127.0.0.1:2379/",
                "127.0.0.1:22379"), STORE)) {
            for (int move = 0; move < 4; move++) {
                EtcdMembers.Member from = members.current();
                members.unanswered(from, failure(Kind.TIMEOUT));
                assertThat(URI.create(members.current().url()).getPort()).as("the member after %s", from.url())
                        .isNotEqualTo(URI.create(from.url()).getPort());
            }
        }
    }

    @Test
    void storesStartOnMembersPickedAtRandom() {
        Set<String> starts = new HashSet<>();
        for (int store = 0; store < 30; store++) {
            try (EtcdMembers members = new EtcdMembers(StoreSettings.etcd("127.0.0.1:2379", "127.0.0.1:22379",
                    "127.0.0.1:32379"), STORE)) {
                starts.add(members.current().url());
            }
        }
        assertThat(starts).as("where 30 stores started (all on one: 1 chance in 3^29)").hasSizeGreaterThan(1);
    }

    @Test
    void aSingleMembersFailuresMoveNothingAndLogNoMove() throws IOException {
        Logger logger = (Logger) LoggerFactory.getLogger(EtcdMembers.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try (EtcdMembers members = new EtcdMembers(StoreSettings.etcd("127.0.0.1:" + closedPort()), STORE)) {
            EtcdMembers.Member only = members.current();
            for (int call = 0; call < 2; call++) {
                assertThatThrownBy(() -> members.call("list \"traefik/\"", Duration.ofMillis(300),
                        client -> client.getKVClient().get(io.etcd.jetcd.ByteSequence.from(new byte[] {'t'}))))
                        .isInstanceOfSatisfying(KvStoreException.class,
                                e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
            }
            members.unanswered(only, failure(Kind.TIMEOUT));

            assertThat(members.current()).isEqualTo(only);
            assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(line -> line.contains("calls go to"));
        } finally {
            logger.detachAppender(logged);
        }
    }

    @Test
    void aMoveIsLoggedOnceHoweverManyCallsTheMemberLeftUnanswered() {
        Logger logger = (Logger) LoggerFactory.getLogger(EtcdMembers.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try (EtcdMembers members = new EtcdMembers(StoreSettings.etcd("127.0.0.1:2379", "127.0.0.1:22379"), STORE)) {
            EtcdMembers.Member hung = members.current();
            members.unanswered(hung, failure(Kind.TIMEOUT));
            members.unanswered(hung, failure(Kind.TIMEOUT));
            members.unanswered(hung, failure(Kind.UNAVAILABLE));

            assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                    .filteredOn(line -> line.contains("calls go to")).singleElement().asString()
                    .contains("(member " + hung.url() + "); calls go to " + members.current().url() + " now");
        } finally {
            logger.detachAppender(logged);
        }
    }

    @Test
    void aCallEveryMemberRefusesIsTriedOnEachOnceAndFailsUnavailable() throws IOException {
        String[] endpoints = {"127.0.0.1:" + closedPort(), "127.0.0.1:" + closedPort(), "127.0.0.1:" + closedPort()};
        try (EtcdMembers members = new EtcdMembers(StoreSettings.etcd(endpoints), STORE)) {
            String first = members.current().url();
            assertThatThrownBy(() -> members.call("list \"traefik/\"", Duration.ofSeconds(10),
                    client -> client.getKVClient().get(io.etcd.jetcd.ByteSequence.from(new byte[] {'t'}))))
                    .isInstanceOfSatisfying(KvStoreException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                        assertThat(EtcdErrors.notSent(e)).isTrue();
                    });
            assertThat(members.current().url()).as("moved on from each member once")
                    .isEqualTo(first);
        }
    }

    private static KvStoreException failure(Kind kind) {
        return new KvStoreException(kind, STORE + ": list \"traefik/\": " + kind);
    }

    /** A loopback port nothing listens on (bound, then released). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
