package io.kvroute.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyConnection;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class KeepAliveDialerTest {
    private final HttpServerExchange exchange = new HttpServerExchange(null);
    private final List<String> told = new ArrayList<>();

    @Test
    void aDialThatFailsWhileItsAttemptWaitsLeavesItsCauseOnTheExchange() {
        ClientCallback<ClientConnection> dial = dialDuringConnect(() -> false);

        dial.failed(new SocketTimeoutException("connect timed out"));

        assertThat(ConnectFailure.statusOf(exchange)).isEqualTo(StatusCodes.GATEWAY_TIME_OUT);
        assertThat(told).containsExactly("dial failed");
    }

    @Test
    void aDialThatFailsAfterItsAttemptEndedLeavesNothingForTheNextAttempt() {
        AtomicBoolean settled = new AtomicBoolean();
        ClientCallback<ClientConnection> dial = dialDuringConnect(settled::get);
        settled.set(true);

        dial.failed(new SocketTimeoutException("connect timed out"));

        assertThat(ConnectFailure.statusOf(exchange)).isEqualTo(StatusCodes.BAD_GATEWAY);
        assertThat(told).containsExactly("dial failed");
    }

    @Test
    void aDialMadeAfterThePoolAnsweredTheExchangeIsNotTheExchanges() {
        AtomicReference<ClientCallback<ClientConnection>> dial = new AtomicReference<>();
        ClientCallback<ClientConnection> listener = listener();

        KeepAliveDialer.dialingFor(exchange, callback(), () -> false, answering -> {
            answering.failed(exchange);
            dial.set(KeepAliveDialer.told(listener));
        });
        dial.get().failed(new SocketTimeoutException("connect timed out"));

        assertThat(dial.get()).isSameAs(listener);
        assertThat(ConnectFailure.statusOf(exchange)).isEqualTo(StatusCodes.BAD_GATEWAY);
        assertThat(told).containsExactly("failed", "dial failed");
    }

    @Test
    void everyAnswerOfThePoolReachesTheCallback() {
        KeepAliveDialer.dialingFor(exchange, callback(), () -> false, answering -> {
            answering.completed(exchange, null);
            answering.failed(exchange);
            answering.couldNotResolveBackend(exchange);
            answering.queuedRequestFailed(exchange);
        });

        assertThat(told).containsExactly("completed", "failed", "couldNotResolveBackend", "queuedRequestFailed");
    }

    @Test
    void aDialOutsideAPoolsConnectIsToldAsItIs() {
        ClientCallback<ClientConnection> listener = listener();

        assertThat(KeepAliveDialer.told(listener)).isSameAs(listener);
    }

    private ClientCallback<ClientConnection> dialDuringConnect(BooleanSupplier settled) {
        AtomicReference<ClientCallback<ClientConnection>> dial = new AtomicReference<>();
        KeepAliveDialer.dialingFor(exchange, callback(), settled,
                answering -> dial.set(KeepAliveDialer.told(listener())));
        return dial.get();
    }

    private ClientCallback<ClientConnection> listener() {
        return new ClientCallback<>() {
            @Override
            public void completed(ClientConnection connection) {
                told.add("dial completed");
            }

            @Override
            public void failed(IOException e) {
                told.add("dial failed");
            }
        };
    }

    private ProxyCallback<ProxyConnection> callback() {
        return new ProxyCallback<>() {
            @Override
            public void completed(HttpServerExchange answered, ProxyConnection connection) {
                told.add("completed");
            }

            @Override
            public void failed(HttpServerExchange answered) {
                told.add("failed");
            }

            @Override
            public void couldNotResolveBackend(HttpServerExchange answered) {
                told.add("couldNotResolveBackend");
            }

            @Override
            public void queuedRequestFailed(HttpServerExchange answered) {
                told.add("queuedRequestFailed");
            }
        };
    }
}
