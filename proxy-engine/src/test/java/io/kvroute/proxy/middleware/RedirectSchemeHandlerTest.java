package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.model.RedirectScheme;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JDK client sends {@code Host: 127.0.0.1:<port>}; other Host values are sent over a plain socket. */
class RedirectSchemeHandlerTest {
    private static RedirectScheme redirect(String scheme, String port, boolean permanent) {
        return new RedirectScheme("redirect", Optional.ofNullable(scheme), Optional.ofNullable(port), permanent);
    }

    private static TestServer serve(RedirectScheme redirect) {
        return TestServer.start(MiddlewareChain.build(List.of(redirect), Echo.HANDLER).handler());
    }

    @ParameterizedTest(name = "{0}:{1} permanent={2} {3} -> {4} {5}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            https | none | false | GET    | 302 | https://127.0.0.1/a/b%20c?x=1&y
            https | 8443 | false | GET    | 302 | https://127.0.0.1:8443/a/b%20c?x=1&y
            https | 443  | false | GET    | 302 | https://127.0.0.1/a/b%20c?x=1&y
            HTTPS | none | false | GET    | 302 | https://127.0.0.1/a/b%20c?x=1&y
            https | none | false | POST   | 307 | https://127.0.0.1/a/b%20c?x=1&y
            https | none | false | HEAD   | 307 | https://127.0.0.1/a/b%20c?x=1&y
            https | none | true  | GET    | 301 | https://127.0.0.1/a/b%20c?x=1&y
            https | none | true  | DELETE | 308 | https://127.0.0.1/a/b%20c?x=1&y
            http  | 8081 | false | GET    | 302 | http://127.0.0.1:8081/a/b%20c?x=1&y
            http  | none | false | GET    | 302 | http://127.0.0.1/a/b%20c?x=1&y
            """)
    void redirectsToTheTargetSchemeAndPort(String scheme, String port, boolean permanent, String method, int status,
            String location) {
        try (TestServer server = serve(redirect(scheme, port, permanent))) {
            HttpResponse<String> response = Http.send(method, server.uri("/a/b%20c?x=1&y"));

            assertThat(response.statusCode()).isEqualTo(status);
            assertThat(response.headers().allValues("Location")).containsExactly(location);
        }
    }

    @Test
    void answersWithTheStatusText() {
        try (TestServer server = serve(redirect("https", null, true))) {
            assertThat(Http.get(server.uri("/")).body()).isEqualTo("Moved Permanently");
        }
    }

    @ParameterizedTest(name = "{0} X-Forwarded-Proto {1}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            https | https
            https | HTTPS
            https | wss
            http  | none
            http  | http
            http  | ws
            """)
    void passesRequestsAlreadyOnTheTarget(String scheme, String forwardedProto) {
        String[] headers = forwardedProto == null ? new String[0] : new String[] {"X-Forwarded-Proto", forwardedProto};
        try (SelfTarget target = SelfTarget.start(scheme)) {
            HttpResponse<String> response = Http.get(target.server.uri("/x"), headers);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Echo.Received.parse(response.body()).path()).isEqualTo("/x");
        }
    }

    @ParameterizedTest(name = "X-Forwarded-Proto {0}")
    @CsvSource({"http", "ws", "gopher"})
    void redirectsWhenTheForwardedSchemeIsNotTheTarget(String forwardedProto) {
        try (SelfTarget target = SelfTarget.start("https")) {
            HttpResponse<String> response = Http.get(target.server.uri("/x"), "X-Forwarded-Proto", forwardedProto);

            assertThat(response.statusCode()).isEqualTo(302);
            assertThat(response.headers().allValues("Location"))
                    .containsExactly("https://127.0.0.1:" + target.server.port() + "/x");
        }
    }

    @ParameterizedTest(name = "Host {0}")
    @CsvSource(delimiter = '|', textBlock = """
            [::1]:8080       | https://[::1]/x
            [::1]            | https://[::1]/x
            example.com      | https://example.com/x
            example.com:80   | https://example.com/x
            """)
    void keepsTheHostTheClientAskedFor(String host, String location) throws IOException {
        try (TestServer server = serve(redirect("https", null, false));
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /x HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);

            assertThat(response).startsWith("HTTP/1.1 302 Found\r\n").contains("\r\nLocation: " + location + "\r\n");
        }
    }

    @Test
    void redirectsARequestOnTheTargetHostButAnotherPort() {
        try (TestServer server = serve(redirect("http", "8081", false))) {
            HttpResponse<String> response = Http.get(server.uri("/x"), "X-Forwarded-Proto", "http");

            assertThat(response.statusCode()).isEqualTo(302);
            assertThat(response.headers().allValues("Location")).containsExactly("http://127.0.0.1:8081/x");
        }
    }

    @ParameterizedTest(name = "scheme={0} port={1}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            none  | none  | scheme "" (expected: a URL scheme such as https)
            ''    | none  | scheme "" (expected: a URL scheme such as https)
            ht tp | none  | scheme "ht tp" (expected: a URL scheme such as https)
            https | 0     | port "0" (expected: 1-65535)
            https | 65536 | port "65536" (expected: 1-65535)
            https | 44a   | port "44a" (expected: 1-65535)
            """)
    void refusesSettingsThatCannotWork(String scheme, String port, String message) {
        assertThatThrownBy(() -> MiddlewareChain.build(List.of(redirect(scheme, port, false)), Echo.HANDLER))
                .isInstanceOfSatisfying(MiddlewareException.class, e ->
                        assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.INVALID_SETTING))
                .hasMessage("middleware \"redirect\" (redirectScheme): " + message);
    }

    /** A server whose redirect targets its own port: the only port a plain request can already be on. */
    private static final class SelfTarget implements AutoCloseable {
        final TestServer server;

        private SelfTarget(TestServer server) {
            this.server = server;
        }

        static SelfTarget start(String scheme) {
            AtomicReference<HttpHandler> chain = new AtomicReference<>();
            TestServer server = TestServer.start(exchange -> chain.get().handleRequest(exchange));
            chain.set(MiddlewareChain.build(List.of(redirect(scheme, Integer.toString(server.port()), false)),
                    Echo.HANDLER).handler());
            return new SelfTarget(server);
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
